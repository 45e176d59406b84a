"""Oxygen saturation stated in free text: SpO2 只有 85%, 血氧掉到八十三, sats of 88.

The measurement parser (coach.measurements) has no oxygen-saturation kind, so triage reads it
here with a small keyword-then-number pattern. The reading is returned as a ParsedMeasurement of
kind "spo2" so the rules treat it like any other reading (current, about whom, settled).
"""

from __future__ import annotations

import re

from coach.measurements import ParsedMeasurement
from coach.measurements.numerals import cn_number

__all__ = ["spo2_readings"]

_SPO2_RE = re.compile(
    r"(?:血氧(?:饱和度)?|(?:指脉)?氧饱和度?|指脉氧|(?<![a-z])(?:spo2|sp02|sao2|o2 sat(?:uration)?s?|sats|oxygen"
    r"(?: saturation| sats?| level)?|pulse ?ox(?:imeter)?|oximeter|oxymeter)(?![a-z])|血氧仪|指夹)"
    r"[^\d,。!?;\n]{0,10}?"
    r"(?P<value>\d{2,3}(?:\.\d)?|[一二三四五六七八九]十[一二三四五六七八九]?|一百)(?!\d)\s*(?:%|percent|％)?"
)
# Plausible saturations; anything lower is more likely a misread number than a reading.
_LOW, _HIGH = 50.0, 100.0


def spo2_readings(prepared: str, original: str) -> list[ParsedMeasurement]:
    """Oxygen-saturation readings in the prepared (normalised, same-length) text."""
    out: list[ParsedMeasurement] = []
    for m in _SPO2_RE.finditer(prepared):
        raw = m.group("value")
        value = float(raw) if raw[0].isdigit() else cn_number(raw)
        if value is None or not _LOW <= value <= _HIGH:
            continue
        span = (m.start(), m.end())
        out.append(
            ParsedMeasurement(
                kind="spo2", value=value, systolic=None, diastolic=None, unit="%", span=span,
                source_text=original[span[0] : span[1]],
            )
        )
    return out
