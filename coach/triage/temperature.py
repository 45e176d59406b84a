"""Body temperature stated in free text: 体温39.2, 烧到三十九度, temp 34.8, a temperature of 38.3.

Like oxygen saturation (coach.triage.oxygen), temperature is read here and not by the measurement
parser: it is never recorded, only judged. A number counts as a body temperature when a fever or
thermometer word comes just before it, or when it carries a degree unit and a fever word is in the
same stretch of text (so "今天39度好热", the weather, is not a fever).
"""

from __future__ import annotations

import re

from coach.measurements import ParsedMeasurement
from coach.measurements.numerals import cn_number

__all__ = ["temperature_readings"]

_VALUE = r"(?P<value>\d{2}(?:\.\d{1,2})?|[三四]十[一二三四五六七八九]?(?:点[一二三四五六七八九零〇])?)"
_KEYWORD_BEFORE_RE = re.compile(
    r"(?:体温|发烧|发热|高烧|高热|烧到|烧了|烧得|量了体温|温度计|耳温|腋温|肛温|口温"
    r"|(?<![a-z])t(?:max)?(?=\s?[:=]?\s?\d{2}\.\d)"  # clinical shorthand: T 38.9, Tmax 39.1
    r"|(?<![a-z])(?:temp(?:erature)?s?|fever(?: of)?|thermometer(?: (?:says|said|reads|read|shows|showed))?"
    r"|(?:had|has|have|running|ran|spiked(?: to)?|hit|reached)(?: a)?))"
    r"[^\d,。!?;\n]{0,8}?" + _VALUE + r"(?![\d/])\s*(?:℃|°c|°|度|degrees?|c(?![a-z]))?"
)
_UNIT_RE = re.compile(r"(?<![\d.])" + _VALUE + r"\s*(?:℃|°c|°|度|degrees?(?: c(?:elsius)?)?)")
_FEVER_WORD_RE = re.compile(r"发烧|高烧|低烧|发热|高热|体温|寒战|发抖|fever|temp|shiver|rigou?r|thermometer")
_LOW, _HIGH = 33.0, 43.5


def _value(raw: str) -> float | None:
    if raw[0].isdigit():
        return float(raw)
    return cn_number(raw)


def temperature_readings(prepared: str, original: str) -> list[ParsedMeasurement]:
    """Body temperatures in the prepared (normalised, same-length) text, as readings of kind "temperature"."""
    found: dict[int, ParsedMeasurement] = {}
    candidates = list(_KEYWORD_BEFORE_RE.finditer(prepared))
    candidates += [m for m in _UNIT_RE.finditer(prepared)
                   if _FEVER_WORD_RE.search(prepared, max(0, m.start() - 20), min(len(prepared), m.end() + 20))]
    for m in candidates:
        value = _value(m.group("value"))
        if value is None or not _LOW <= value <= _HIGH or m.start("value") in found:
            continue
        span = (m.start("value"), m.end())
        found[m.start("value")] = ParsedMeasurement(
            kind="temperature", value=value, systolic=None, diastolic=None, unit="°C", span=span,
            source_text=original[span[0]:span[1]],
        )
    return sorted(found.values(), key=lambda r: r.span[0])
