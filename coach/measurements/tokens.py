"""Number tokens and keyword tables used by the free-text measurement parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.measurements.numerals import cn_number, spoken_pairs, spoken_range

_CN = "零〇一二两三四五六七八九十百"
_CN_DEC = "零〇一二三四五六七八九"

# An arabic number (72.5, 2点6 = 2.6) or a Chinese numeral (七十二点五, 一百八). 点 only follows a
# whole number: in 2.5点3 the number is 2.5.
NUMBER_RE = re.compile(
    r"(?<![\d.])(?:(?P<a>\d{1,4}\.\d{1,3})|(?P<whole>\d{1,4})(?:点(?P<b>\d)(?![\d分秒]))?)(?!\d)"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN_DEC}]+)?)"
)
# Between two numbers of a range (2.8-3.5, 2.8到3.5) or a change (从15降到6).
RANGE_RE = re.compile(r"\s*(?:-|~|到|至|to)\s*")
TRANSITION_RE = re.compile(
    r"\s*(?:(?:降|掉|跌|落|减|下降|降低|减少|升|涨|升高|增加|上升)(?:到|至)了?|变成了?|->|→|down to|up to"
    r"|(?:dropped|fell|fallen|gone|went|come|came|slipped|rose|risen|jumped|climbed)(?: down| up)? to|to)\s*"
)
APPROX_RE = re.compile(r"多|几|余|左右|出头|ish")
COMPARATOR_BEFORE = re.compile(
    r"(低于|不到|小于|不足|低过|少于|below|under|less than|lower than|<|≤"
    r"|高于|超过|大于|高过|多于|above|over|more than|greater than|higher than|>|≥)\s*$"
)
COMPARATOR_AFTER = re.compile(r"\s*(以下|以内|below|or less|or lower|以上|or more|or higher)")
LESS_WORDS = ("低于", "不到", "小于", "不足", "低过", "少于", "below", "under", "less", "lower", "<", "≤", "以下",
              "以内", "or less", "or lower")

# Clause punctuation and contrast words end a keyword's search window.
WINDOW_STOP_RE = re.compile(r"[,。!?;\n]|但是|不过|可是|(?<![a-z])but(?![a-z])")
WINDOW_CHARS = 32


@dataclass(frozen=True)
class NumberToken:
    value: float
    start: int
    end: int  # after the number and any approximation suffix
    chinese: bool
    approx: bool
    raw: str  # the numeral as written, without the approximation suffix


@dataclass(frozen=True)
class RawReading:
    """A reading found in the normalised text; offsets are valid in the original text too."""

    kind: str
    start: int
    end: int
    value: float | None = None
    systolic: int | None = None
    diastolic: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)


def number_at(match: re.Match[str], text: str) -> NumberToken | None:
    """Turn a NUMBER_RE match into a token, or None if it is not a usable number."""
    approx = False
    if match.group("cn"):
        raw = match.group("cn")
        value = cn_number(raw)  # 血糖十四十五 reads as 15, the higher of the two, and is marked approximate
        chinese = True
        approx = "点" not in raw and spoken_range(raw) is not None
        pairs = spoken_pairs(raw) if value is None and "点" not in raw else []
        if pairs:  # 高压一百八十九十五: two numbers run together; the first is the one asked for (189 or 180)
            value, approx = float(pairs[0][0]), True
    else:
        whole, tenths = match.group("whole"), match.group("b")
        value = float(match.group("a") or (f"{whole}.{tenths}" if tenths else whole))
        chinese = False
    if value is None:
        return None
    end = match.end()
    if text.startswith("点多", end) or text.startswith("点几", end):  # 2点多 = two point something
        return NumberToken(value=value, start=match.start(), end=end + 2, chinese=chinese, approx=True,
                           raw=match.group(0))
    m = APPROX_RE.match(text, end)
    if m is not None:
        approx = True
        end = m.end()
    return NumberToken(
        value=value, start=match.start(), end=end, chinese=chinese, approx=approx, raw=match.group(0)
    )


def strong_chinese_numeral(token_text: str) -> bool:
    """A bare Chinese numeral is only a reading when it has a tens/hundreds or decimal part.

    This keeps 一 in 一直 / 一下 and 两 in 两次 from becoming readings.
    """
    return any(ch in token_text for ch in "十百点")


# (kind, keyword pattern). bp_sys / bp_dia are the two halves of 高压150低压95.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("blood_pressure", r"血压|blood pressure|(?<![a-z])bp(?![a-z])|b/p(?![a-z])"),
    ("bp_sys", r"高压|收缩压|上压|systolic"),
    ("bp_dia", r"低压|舒张压|下压|diastolic"),
    (
        "glucose",
        r"空腹血糖|餐后(?:两小时|2小时|2h)?血糖|饭后(?:两小时|2小时)?血糖|随机血糖|指尖血糖|低血糖|高血糖|血糖|空腹|餐后|饭后"
        r"|blood sugars?|blood glucose|fasting (?:blood )?(?:sugar|glucose)|sugars?(?: levels?| readings?)?"
        r"|glucose|(?<![a-z])bg(?![a-z])|(?<![a-z])bsl(?![a-z])|血糖仪|指尖血|(?<![a-z])(?:fasting|cgm|libre|dexcom)(?![a-z])"
        r"|glucometer|(?:glucose |sugar )?meter (?:says|said|reads|read|reading|shows|showed|showing|displays|gave|gives)",
    ),
    ("hba1c", r"糖化血红蛋白|糖化|hba1c|(?<![a-z])a1c(?![a-z])|glycated|glycosylated"),
    ("potassium", r"血钾|血清钾|钾离子|钾|potassium|(?<![a-z0-9])k\+?(?![a-z])"),
    ("egfr", r"估算肾小球滤过率|肾小球滤过率|肾小球滤过|滤过率|(?<![a-z])e?gfr(?![a-z])"),
    (
        "uacr",
        r"尿白蛋白(?:/|与|和)?肌酐比(?:值)?|尿微量白蛋白(?:/|与|和)?肌酐比(?:值)?|(?<![a-z])u?acr(?![a-z])"
        r"|albumin[- ]?(?:to[- ])?creatinine ratio",
    ),
    ("ldl", r"低密度脂蛋白(?:胆固醇)?|低密度|(?<![a-z])ldl(?:-?c)?(?![a-z])|bad cholesterol"),
    ("heart_rate", r"心率|脉搏|心跳|脉率|(?:每|一|1)分钟(?:跳)?|heart rate|pulse(?: rate)?|(?<![a-z])hr(?![a-z])"),
    # 磅咗 is Cantonese for "weighed"; 上秤 is stepping on the scale
    ("weight", r"体重|称了一下|称了|称重|磅(?:咗|了|过)(?:一下|下)?|(?:上|踩)了?(?:一下|下)?秤|weigh(?:ed|s|t|ing)?(?: in at)?"),
)
KEYWORD_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in KEYWORDS)

# Words between 体重 and a number that make it a change, not an absolute weight.
WEIGHT_CHANGE_RE = re.compile(
    r"涨|长了|增|胖|重了|多了|减|瘦|掉|降|少了|上升|下降|gain|lost|lose|put on|dropped|up by|down by|increas|decreas"
)
