"""Unit recognition and conversion to each observation kind's canonical unit."""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.members.vocabulary import BP_DIASTOLIC_RANGE, OBSERVATION_KINDS

# Anything that can follow a number. Units that belong to no reading (doses,
# money, dates, counts) are recognised too, so such numbers can be rejected.
UNIT_RE = re.compile(
    r"\s*(mmol/mol|mmol/l|mmol|毫摩尔(?:每升|/升)?|mg/dl|mg/g|mg/mmol|mmhg|毫米汞柱"
    r"|ml/min(?:/1\.73\s*m2|/1\.73m²|/1\.73)?|ml/分钟?"
    r"|kgs?(?![a-z])|kilograms?|kilos?|公斤|千克|斤|lbs?(?![a-z])|pounds?|%|bpm|beats(?: per minute| a minute)?"
    r"|次/分钟?|次每分钟?|次/min|次|下"
    r"|mg|毫克|mcg|μg|ug|g(?![a-z])|克|ml|毫升|iu|单位|u(?![a-z])|片|粒|颗|支|瓶|盒|袋|包|元|块|毛|岁|年|月|日|号"
    r"|天|周|个?小时|分钟|分|秒|个|步|层|楼|遍|cm|厘米|米|m(?![a-z])|h(?![a-z])|hrs?(?![a-z])|hours?|mins?(?![a-z])|minutes?"
    r"|days?|weeks?|years?|months?|am(?![a-z])|pm(?![a-z])|点|杯|碗|口|岁|tablets?|pills?|units?|steps?|times?)"
)

_UNIT_CLASS: dict[str, str] = {
    "mmol/mol": "mmol/mol",
    "mmol/l": "mmol/L",
    "mmol": "mmol/L",
    "mg/dl": "mg/dL",
    "mg/g": "mg/g",
    "mg/mmol": "mg/mmol",
    "mmhg": "mmHg",
    "毫米汞柱": "mmHg",
    "公斤": "kg",
    "千克": "kg",
    "斤": "jin",
    "%": "%",
    "bpm": "bpm",
    "次": "bpm",
    "下": "bpm",
}


def unit_class(raw: str) -> str:
    """Map a raw unit token to a canonical class; 'reject' for units no reading uses."""
    token = raw.strip()
    if token in _UNIT_CLASS:
        return _UNIT_CLASS[token]
    if token.startswith("毫摩尔"):
        return "mmol/L"
    if token.startswith(("ml/min", "ml/分")):
        return "mL/min"
    if token.startswith(("kg", "kilo")):
        return "kg"
    if token.startswith(("lb", "pound")):
        return "lb"
    if token.startswith(("beats", "次/", "次每")):
        return "bpm"
    return "reject"


Converter = Callable[[float], float]


def _ID(v: float) -> float:
    return v


def _r1(v: float) -> float:
    return round(v, 1)


# kind -> unit class -> converter to the canonical unit. The None key is "no unit given".
CONVERSIONS: dict[str, dict[str | None, Converter]] = {
    "glucose": {"mmol/L": _ID, "mg/dL": lambda v: _r1(v / 18.0)},
    "weight": {"kg": _ID, "jin": lambda v: _r1(v / 2.0), "lb": lambda v: _r1(v * 0.45359237)},
    "hba1c": {"%": _ID, "mmol/mol": lambda v: _r1(v * 0.0915 + 2.15), None: _ID},
    "potassium": {"mmol/L": _ID, None: _ID},
    "egfr": {"mL/min": _ID, None: _ID},
    "uacr": {"mg/g": _ID, "mg/mmol": lambda v: _r1(v * 8.84), None: _ID},
    "ldl": {"mmol/L": _ID, "mg/dL": lambda v: round(v / 38.67, 2)},
    "heart_rate": {"bpm": _ID, None: _ID},
    "blood_pressure": {"mmHg": _ID, None: _ID},
}


def convert(kind: str, unit: str | None, value: float, chinese: bool) -> tuple[float, dict[str, str]] | None:
    """Convert `value` stated in `unit` to the canonical unit of `kind`.

    Returns None when the unit does not fit the kind. Unit-less glucose above 35
    is read as mg/dL; unit-less LDL above 20 as mg/dL; a unit-less Chinese weight
    of 100 or more as 斤 (jin).
    """
    table = CONVERSIONS[kind]
    if unit is None and None not in table:
        if kind == "glucose":
            if value > 35:
                return _r1(value / 18.0), {"unit_assumed": "mg/dL"}
            return value, {"unit_assumed": "mmol/L"}
        if kind == "ldl":
            if value > 20:
                return round(value / 38.67, 2), {"unit_assumed": "mg/dL"}
            return value, {"unit_assumed": "mmol/L"}
        if kind == "weight":
            if chinese and value >= 100:
                return _r1(value / 2.0), {"unit_assumed": "jin"}
            return value, {"unit_assumed": "kg"}
    converter = table.get(unit)
    if converter is None:
        return None
    return converter(value), {}


def plausible(kind: str, value: float) -> bool:
    spec = OBSERVATION_KINDS.get(kind)
    if spec is None or spec.low is None or spec.high is None:
        return False
    return spec.low <= value <= spec.high


def plausible_bp(systolic: int | None, diastolic: int | None) -> bool:
    if systolic is None and diastolic is None:
        return False
    if systolic is not None and not plausible("blood_pressure", float(systolic)):
        return False
    if diastolic is not None and not BP_DIASTOLIC_RANGE[0] <= diastolic <= BP_DIASTOLIC_RANGE[1]:
        return False
    return not (systolic is not None and diastolic is not None and systolic <= diastolic)


# After a blood-pressure pair, "HR 76" is the heart-rate label of a device read-out ("182/112 HR 76"), not hours;
# after any other number "12 hrs" stays hours ("fasting 12 hrs 2.9").
_RATE_LABEL_RE = re.compile(r"\s*(?:hr|h)\s*[:=]?\s*\d")


def rate_label_at(norm: str, pos: int) -> bool:
    return bool(_RATE_LABEL_RE.match(norm, pos))
