"""Measurements stated in free text: 血压200/120, 145斤, sugar 126 mg/dL, 三天涨了2.5公斤 ...

The parser is deliberately conservative: a number only becomes a reading when a
keyword (血糖, BP, 体重 ...) or an unambiguous unit (kg, 斤, mmHg, bpm) says what it
is, its unit fits that kind, and the converted value lies inside the kind's
plausible range (vocabulary.OBSERVATION_KINDS). Drug doses (500mg), dates (2024年),
clock times (8点) and phone numbers are therefore never readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.measurements.dose import parse_dose_report
from coach.measurements.numerals import cn_int, cn_number, normalise, spoken_pairs
from coach.measurements.tokens import (
    COMPARATOR_AFTER,
    COMPARATOR_BEFORE,
    KEYWORD_RES,
    LESS_WORDS,
    NUMBER_RE,
    RANGE_RE,
    TRANSITION_RE,
    WEIGHT_CHANGE_RE,
    WINDOW_CHARS,
    WINDOW_STOP_RE,
    NumberToken,
    RawReading,
    number_at,
    strong_chinese_numeral,
)
from coach.measurements.trend import bare_readings, weight_gains
from coach.measurements.units import UNIT_RE, convert, plausible, plausible_bp, rate_label_at, unit_class

__all__ = ["ParsedMeasurement", "parse_dose_report", "parse_measurements"]

_CANONICAL_UNIT = {
    "blood_pressure": "mmHg",
    "weight": "kg",
    "weight_gain": "kg",
    "glucose": "mmol/L",
    "hba1c": "%",
    "potassium": "mmol/L",
    "egfr": "mL/min/1.73m2",
    "uacr": "mg/g",
    "ldl": "mmol/L",
    "heart_rate": "bpm",
}
_CN_NUM = "[零〇一二两三四五六七八九十百]{2,}"
_BP_PAIR_RE = re.compile(
    rf"(?<![\d/])(\d{{2,3}}|{_CN_NUM})(?:多|几)?\s*(?:/|\\|over|比)\s*(\d{{2,3}}|{_CN_NUM})(?:多|几)?(?:/\d{{2,3}})?(?![\d/])"
)
# Two numbers after a blood-pressure word with only a space between ("血压148 94", "bp 145 92"); a comma ends the clause.
_BP_SPACED_RE = re.compile(r"(\d{2,3})\s+(\d{2,3})(?!\d|/|\.\d|\s*(?:岁|多|分钟|分|次|个|小时|mins?\b|minutes?|hours?|years?|yo\b|\d))")
_DIA_FOLLOW_RE = re.compile(
    rf"\s*[,、]?\s*(?:低压|舒张压|下压|diastolic)\s*(?:是|为|有|:|of)?\s*(\d{{2,3}}|{_CN_NUM})(?![\d零〇一二两三四五六七八九十百])"
)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# The two halves said as "the top one" and "the bottom one" (上头一百四十八，下头九十二; 上面150下面94): only as a
# pair, since 上面 alone is just "above".
_NUM_OR_CN = rf"(?:\d{{2,3}}|{_CN_NUM})"
_UPPER_LOWER_RE = re.compile(
    rf"(?<!心率)(?<!脉搏)(?<!心跳)(上头|上面|上边)(?:的)?(?:是|有)?\s*{_NUM_OR_CN}\s*[,，、]?\s*(下头|下面|下边)(?:的)?(?:是|有)?\s*{_NUM_OR_CN}"
)


def _upper_lower_as_bp(norm: str) -> str:
    """上头/下头 read as 高压/低压 (same length, so spans stay valid)."""
    def repl(m: re.Match[str]) -> str:
        text = m.group(0)
        upper, lower = m.start(1) - m.start(), m.start(2) - m.start()
        return f"{text[:upper]}高压{text[upper + 2:lower]}低压{text[lower + 2:]}"

    return _UPPER_LOWER_RE.sub(repl, norm)


@dataclass(frozen=True)
class ParsedMeasurement:
    kind: str
    value: float | None
    systolic: int | None
    diastolic: int | None
    unit: str  # canonical unit of the kind
    span: tuple[int, int]  # offsets into the original text
    source_text: str
    attributes: dict[str, str] = field(default_factory=dict)


def parse_measurements(text: str) -> list[ParsedMeasurement]:
    """All plausible readings stated in `text`, in order of appearance."""
    norm = _upper_lower_as_bp(normalise(text))
    found: list[RawReading] = []
    # Earlier sources win where readings overlap: a weight gain over a keyword reading over a bare one.
    for item in (*weight_gains(norm), *_keyword_readings(norm), *bare_readings(norm)):
        _add(found, item)
    found.sort(key=lambda f: f.start)
    return [
        ParsedMeasurement(
            kind=f.kind,
            value=f.value,
            systolic=f.systolic,
            diastolic=f.diastolic,
            unit=_CANONICAL_UNIT[f.kind],
            span=(f.start, f.end),
            source_text=text[f.start : f.end],
            attributes=f.attributes,
        )
        for f in found
    ]


def _add(found: list[RawReading], item: RawReading) -> None:
    if any(item.start < f.end and f.start < item.end for f in found):
        return
    found.append(item)


def _keywords(norm: str) -> list[tuple[str, int, int]]:
    hits: list[tuple[str, int, int]] = []
    for kind, pattern in KEYWORD_RES:
        hits.extend((kind, m.start(), m.end()) for m in pattern.finditer(norm))
    # Drop keywords inside a longer keyword (血糖 inside 空腹血糖, 血压 inside 高血压 stays).
    hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
    kept: list[tuple[str, int, int]] = []
    for hit in hits:
        if any(k[1] <= hit[1] and hit[2] <= k[2] for k in kept):
            continue
        kept.append(hit)
    return kept


_NUMBER_NEXT_RE = re.compile(r"\s*(?:\d|[一二两三四五六七八九十][十百点一二三四五六七八九])")


def _keyword_readings(norm: str) -> list[RawReading]:
    keywords = _keywords(norm)
    out: list[RawReading] = []
    consumed_until = -1
    for i, (kind, _kw_start, kw_end) in enumerate(keywords):
        if kw_end <= consumed_until:
            continue
        limit = min(len(norm), kw_end + WINDOW_CHARS)
        for later in keywords[i + 1 :]:
            if later[1] >= kw_end:
                limit = min(limit, later[1])
                break
        stop = WINDOW_STOP_RE.search(norm, kw_end, limit)
        if stop is not None and stop.start() - kw_end <= 1 and _NUMBER_NEXT_RE.match(norm, stop.end()):
            stop = WINDOW_STOP_RE.search(norm, stop.end(), limit)  # 今早称了，六十二点八: the comma only pauses
        if stop is not None:
            limit = stop.start()
        chinese = bool(_CJK_RE.search(norm, _kw_start, kw_end))
        if kind == "blood_pressure":
            items = _bp_reading(norm, _kw_start, kw_end, limit)
        elif kind in ("bp_sys", "bp_dia"):
            items = _bp_half(norm, kind, _kw_start, kw_end, limit)
        else:
            items = _value_readings(norm, kind, _kw_start, kw_end, limit, chinese)
        for item in items:
            consumed_until = max(consumed_until, item.end)
            out.append(item)
    return out


def _bp_reading(norm: str, kw_start: int, kw_end: int, limit: int) -> list[RawReading]:
    pair = _BP_PAIR_RE.search(norm, kw_end, limit)
    if pair is not None:
        sys_v, dia_v = _int(pair.group(1)), _int(pair.group(2))
        end = _unit_end(norm, pair.end(), "mmHg")
        if end is not None and plausible_bp(sys_v, dia_v):
            return [RawReading("blood_pressure", kw_start, end, systolic=sys_v, diastolic=dia_v)]
        return []
    said = NUMBER_RE.search(norm, kw_end, limit)
    if said is not None and said.group("cn") and cn_int(said.group("cn")) is None:
        # 血压一百二十五八十: two numbers said without a pause; of the ways to split them, the plausible one
        both = next((pair for pair in spoken_pairs(said.group("cn")) if plausible_bp(*pair)), None)
        end = _unit_end(norm, said.end(), "mmHg")
        return [RawReading("blood_pressure", kw_start, end, systolic=both[0], diastolic=both[1])] if both and end else []
    for token in _tokens(norm, kw_end, limit):
        unit = _read_unit(norm, token.end)
        if unit is not None and unit[0] not in ("mmHg",):
            continue
        if not plausible_bp(int(token.value), None):
            continue
        spaced = _BP_SPACED_RE.match(norm, token.start)
        if spaced is not None and spaced.end() <= limit:
            sys_v, dia_v = int(spaced.group(1)), int(spaced.group(2))
            if plausible_bp(sys_v, dia_v):
                end = _unit_end(norm, spaced.end(), "mmHg") or spaced.end()
                return [RawReading("blood_pressure", kw_start, end, systolic=sys_v, diastolic=dia_v)]
        end = unit[1] if unit else token.end
        attrs = {"approx": "true"} if token.approx else {}
        return [RawReading("blood_pressure", kw_start, end, systolic=int(token.value), attributes=attrs)]
    return []


def _bp_half(norm: str, kind: str, kw_start: int, kw_end: int, limit: int) -> list[RawReading]:
    for token in _tokens(norm, kw_end, limit):
        unit = _read_unit(norm, token.end)
        if unit is not None and unit[0] != "mmHg":
            continue
        value = int(token.value)
        end = unit[1] if unit else token.end
        if kind == "bp_dia":
            return [RawReading("blood_pressure", kw_start, end, diastolic=value)] if plausible_bp(None, value) else []
        follow = _DIA_FOLLOW_RE.match(norm, end)
        if follow is not None and plausible_bp(value, _int(follow.group(1))):
            dia_end = _unit_end(norm, follow.end(), "mmHg") or follow.end()
            return [RawReading("blood_pressure", kw_start, dia_end, systolic=value, diastolic=_int(follow.group(1)))]
        return [RawReading("blood_pressure", kw_start, end, systolic=value)] if plausible_bp(value, None) else []
    return []


def _value_readings(norm: str, kind: str, kw_start: int, kw_end: int, limit: int, chinese: bool) -> list[RawReading]:
    for token in _tokens(norm, kw_end, limit):
        gap = norm[kw_end : token.start]
        if kind == "weight" and WEIGHT_CHANGE_RE.search(gap) and not re.search(r"(到|至|to)\s*$", gap):
            return []
        unit = _read_unit(norm, token.end)
        if unit is not None and unit[0] == "reject":
            continue
        nxt = norm[token.end : token.end + 2]
        if unit is None and (nxt.startswith(":") and nxt[1:].isdigit()):
            continue  # a clock time such as 8:30
        reading = _make_reading(kind, token, unit, chinese)
        if reading is None:
            continue
        value, attrs, end = reading
        attrs = dict(attrs)
        comparator = COMPARATOR_BEFORE.search(gap)
        after = COMPARATOR_AFTER.match(norm, end)
        cmp_word = comparator.group(1) if comparator else (after.group(1) if after else None)
        if cmp_word is not None:
            attrs["comparator"] = "<" if cmp_word in LESS_WORDS else ">"
        items = [RawReading(kind, kw_start, end, value, attributes=attrs)]
        follow = _second_value(norm, kind, end, unit, chinese, "从" in gap or "from" in gap)
        if follow is not None:
            role, second_value, second_end = follow
            if role == "transition":
                return [RawReading(kind, kw_start, second_end, second_value, attributes={"from": str(value)})]
            items[0].attributes["range"] = "low"
            items.append(RawReading(kind, end, second_end, second_value, attributes={"range": "high"}))
        return items
    return []


def _second_value(
    norm: str, kind: str, end: int, unit: tuple[str, int] | None, chinese: bool, transition_hint: bool
) -> tuple[str, float, int] | None:
    trans = TRANSITION_RE.match(norm, end)
    rng = RANGE_RE.match(norm, end)
    sep = trans if (trans is not None and (transition_hint or rng is None)) else rng
    if sep is None:
        return None
    m = NUMBER_RE.match(norm, sep.end())
    token = number_at(m, norm) if m is not None else None
    if token is None:
        return None
    second_unit = _read_unit(norm, token.end) or unit
    if second_unit is not None and second_unit[0] == "reject":
        return None
    reading = _make_reading(kind, token, second_unit, chinese)
    if reading is None:
        return None
    role = "transition" if sep is trans else "range"
    return role, reading[0], max(reading[2], token.end)


def _make_reading(
    kind: str, token: NumberToken, unit: tuple[str, int] | None, chinese: bool
) -> tuple[float, dict[str, str], int] | None:
    if token.chinese and unit is None and not strong_chinese_numeral(token.raw):
        return None
    converted = convert(kind, unit[0] if unit else None, token.value, chinese)
    if converted is None:
        return None
    value, attrs = converted
    if not plausible(kind, value):
        return None
    if token.approx:
        attrs = {**attrs, "approx": "true"}
    return value, attrs, unit[1] if unit else token.end


def _tokens(norm: str, start: int, limit: int) -> list[NumberToken]:
    out: list[NumberToken] = []
    for m in NUMBER_RE.finditer(norm, start, limit):
        if m.start() > 0 and norm[m.start() - 1] in "第¥$#":
            continue
        token = number_at(m, norm)
        if token is not None:
            out.append(token)
    return out


def _int(raw: str) -> int:
    """An integer written in digits or Chinese numerals (一百二十五); 0 if unreadable."""
    return int(raw) if raw.isdigit() else int(cn_number(raw) or 0)


def _read_unit(norm: str, pos: int) -> tuple[str, int] | None:
    m = UNIT_RE.match(norm, pos)
    if m is None:
        return None
    return unit_class(m.group(1)), m.end()


def _unit_end(norm: str, pos: int, wanted: str) -> int | None:
    if wanted == "mmHg" and rate_label_at(norm, pos):
        return pos
    unit = _read_unit(norm, pos)
    if unit is None:
        return pos
    return unit[1] if unit[0] == wanted else None
