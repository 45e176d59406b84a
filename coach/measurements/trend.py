"""Weight-change phrases (三天涨了2.5公斤, gained 3 kg in 2 days) and keyword-less readings.

Keyword-less readings are only taken when the unit itself says what was
measured: a blood-pressure pair (150/95), a body weight (72.5kg, 145斤) or a
pulse (120 bpm).
"""

from __future__ import annotations

import re

from coach.measurements.numerals import cn_number, count_value
from coach.measurements.tokens import NUMBER_RE, WEIGHT_CHANGE_RE, RawReading, number_at
from coach.measurements.units import UNIT_RE, convert, plausible, plausible_bp, rate_label_at, unit_class

_CN = "零〇一二两三四五六七八九十百"
_VAL = rf"(?P<val>\d{{1,3}}(?:\.\d{{1,2}})?|[{_CN}]+(?:点[{_CN}]+)?)"
_WU = r"(?P<unit>公斤|千克|kgs?(?![a-z])|kilograms?|kilos?|斤|lbs?(?![a-z])|pounds?)"
_WU0 = r"(?:公斤|千克|kgs?(?![a-z])|kilos?|斤|lbs?(?![a-z])|pounds?)"
_DAYS_ZH = r"(?:(?P<days>\d{1,2}|[一二两三四五六七八九十]{1,2}|几)\s*(?:天|日)|(?P<week>一周|一个星期|一个礼拜|一星期|一礼拜|1周))"
_DAYS_EN = (
    r"(?:(?P<days>\d{1,2}|one|two|three|four|five|six|seven|a couple of|couple of|a few|few)\s*days?"
    r"|(?P<week>a week|one week|1 week))"
)
_UP_ZH = r"(?:涨|长|增加|增长|增|上涨|上升|重|胖|多)了?"
_FILL_ZH = r"(?:足足|整整|差不多|将近|大概|约|快|了)?"
_GAIN_RES = (
    re.compile(
        rf"{_DAYS_ZH}(?:之内|以内|内|里|以来|时间)?(?:里)?,?\s*(?:体重)?(?:就|一共|已经|竟然|居然|一下子|突然|又)?"
        rf"{_UP_ZH}{_FILL_ZH}\s*{_VAL}\s*{_WU}"
    ),
    re.compile(rf"比{_DAYS_ZH}前(?:的)?(?:体重)?(?:重|多|涨|增加|胖|长)了?{_FILL_ZH}\s*{_VAL}\s*{_WU}"),
    # two weights a few days apart: 三天前68公斤，今天71公斤
    re.compile(
        rf"{_DAYS_ZH}前(?:的)?(?:体重)?(?:是|还是|才|只有)?\s*(?P<from>\d{{2,3}}(?:\.\d)?)\s*{_WU0}[,，;\s]*(?:今天|现在|今早|早上|这会儿)"
        rf"(?:的)?(?:体重)?(?:是|就|已经|变成|到了)?\s*{_VAL}\s*{_WU}"
    ),
    re.compile(
        rf"(?P<from>\d{{2,3}}(?:\.\d)?)\s*{_WU0}\s*{_DAYS_EN}\s*ago[,;\s]*(?:and\s*)?(?:now|today|this morning)\s*(?:i'm|i am|it's|it is|"
        rf"i weigh|weighing|at)?\s*{_VAL}\s*{_WU}"
    ),
    re.compile(
        rf"{_DAYS_ZH}(?:之内|以内|内|里|以来)?(?:里)?,?\s*(?:体重)?(?:从|由)\s*(?P<from>\d{{2,3}}(?:\.\d)?)\s*{_WU0}?"
        rf"\s*(?:涨|长|增|升|增加|上升)到了?\s*{_VAL}\s*{_WU}"
    ),
    re.compile(
        r"(?:went|gone|jumped|increased) (?:up )?from\s*(?P<from>\d{2,3}(?:\.\d)?)\s*" + _WU0 + r"?\s*to\s*"
        rf"{_VAL}\s*{_WU}\s*(?:in|over|within)\s*(?:the\s*)?(?:last|past)?\s*{_DAYS_EN}"
    ),
    re.compile(
        r"(?:gained|put on|gone up|went up|increased|is up|was up|jumped(?: up)?|shot up|rose|climbed|up)\s*(?:by\s*)?"
        rf"(?:about|around|almost|nearly|over|roughly)?\s*{_VAL}\s*{_WU}\s*(?:in|over|within)\s*"
        rf"(?:the\s*)?(?:last|past)?\s*{_DAYS_EN}"
    ),
    # the day count a little later: "up 5 lbs since Monday (3 days)", 胖了5斤，才三天
    re.compile(
        r"(?:gained|put on|gone up|went up|increased|is up|was up|jumped(?: up)?|shot up|rose|climbed"
        r"|(?:^|[,.;:!?(]\s*|weight\s+|i'm\s+|i am\s+|scales?\s+(?:says?|shows?)\s+)up)\s*(?:by\s*)?"
        rf"(?:about|around|almost|nearly|over|roughly)?\s*{_VAL}\s*{_WU}[^.;!?\d]{{0,25}}?"
        rf"(?:{_DAYS_EN}|(?:since|from) (?P<yday>yesterday|last night))"
    ),
    re.compile(rf"{_UP_ZH}{_FILL_ZH}\s*{_VAL}\s*{_WU}[^。!?;\d]{{0,8}}?(?:就|才|只|用了|不到)?{_DAYS_ZH}"),
    re.compile(
        rf"(?:in|over|within)\s*(?:the\s*)?(?:last|past)?\s*{_DAYS_EN}\s*,?\s*"
        r"(?:i|i've|i have|he|he's|she|she's|my weight|his weight|her weight)?\s*(?:has|have)?\s*"
        rf"(?:gained|put on|gone up|went up|increased|is up|was up|jumped(?: up)?|shot up|rose|climbed)\s*(?:by\s*)?{_VAL}\s*{_WU}"
    ),
)
# A full stop may end the sentence (150/95.), but a decimal (150/95.5) is no blood pressure.
_BARE_PAIR_RE = re.compile(r"(?<![\d/.:-])(\d{2,3})\s*(?:/|over)\s*(\d{2,3})(?:/\d{2,3})?(?![\d/:-]|\.\d)")
_BARE_UNIT_KINDS = {"kg": "weight", "jin": "weight", "lb": "weight", "bpm": "heart_rate"}


def weight_gains(norm: str) -> list[RawReading]:
    """Gains in kg over a number of days (attribute "days"), as readings of kind weight_gain."""
    out: list[RawReading] = []
    for pattern in _GAIN_RES:
        for m in pattern.finditer(norm):
            groups = m.groupdict()
            days = 7 if groups.get("week") else 1 if groups.get("yday") else count_value(groups.get("days") or "")
            raw = m.group("val")
            amount = float(raw) if raw[0].isdigit() else cn_number(raw)
            start_weight = m.groupdict().get("from")
            if start_weight is not None and amount is not None:
                amount -= float(start_weight)
            if days is None or amount is None or days <= 0:
                continue
            converted = convert("weight", unit_class(m.group("unit")), amount, chinese=False)
            if converted is None or not 0 < converted[0] <= 50:
                continue
            attrs = {"days": str(days)}
            if groups.get("days") in ("几", "a few", "few"):
                attrs["approx"] = "true"
            out.append(RawReading("weight_gain", m.start(), m.end(), converted[0], attributes=attrs))
    return out


def bare_readings(norm: str) -> list[RawReading]:
    out: list[RawReading] = []
    for m in _BARE_PAIR_RE.finditer(norm):
        systolic, diastolic = int(m.group(1)), int(m.group(2))
        unit = None if rate_label_at(norm, m.end()) else UNIT_RE.match(norm, m.end())
        if unit is not None and unit_class(unit.group(1)) != "mmHg":
            continue
        if systolic < 70 or diastolic < 40 or not plausible_bp(systolic, diastolic):
            continue
        end = unit.end() if unit is not None else m.end()
        out.append(RawReading("blood_pressure", m.start(), end, None, systolic, diastolic, {"context": "bare"}))
    for m in NUMBER_RE.finditer(norm):
        if m.start() > 0 and (norm[m.start() - 1].isalpha() and norm[m.start() - 1].isascii()):
            continue
        token = number_at(m, norm)
        unit_match = UNIT_RE.match(norm, token.end) if token is not None else None
        if token is None or unit_match is None:
            continue
        cls = unit_class(unit_match.group(1))
        kind = _BARE_UNIT_KINDS.get(cls)
        if kind is None or (cls == "bpm" and not unit_match.group(1).strip().startswith(("bpm", "beats", "次/"))):
            continue
        if kind == "weight" and (WEIGHT_CHANGE_RE.search(norm[max(0, m.start() - 8) : m.start()])
                                 or norm[unit_match.end() : unit_match.end() + 1] == "的"):
            continue
        converted = convert(kind, cls, token.value, chinese=False)
        if converted is None or not plausible(kind, converted[0]):
            continue
        attrs = {**converted[1], "context": "unit_only"}
        out.append(RawReading(kind, m.start(), unit_match.end(), converted[0], attributes=attrs))
    return out
