"""Numbers stated right after "I measured" without saying what was measured: 测了一下3.1, checked it: 2.9.

These are never readings on their own. The triage engine decides from the rest of the message
(hypo symptoms, a diabetic member) whether such a number is a blood-sugar reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.measurements.numerals import normalise
from coach.measurements.tokens import NUMBER_RE, number_at
from coach.measurements.units import UNIT_RE, unit_class

__all__ = ["UnlabelledValue", "unlabelled_values"]

_MEASURED_RE = re.compile(
    r"(?:测|量|查|验|扎)(?:了)?(?:一下|一次|下)?(?:手指|指尖)?(?:血)?(?:出来|出|得|的)?(?:结果)?(?:是|为|有|:)?[,:]?\s*"
    r"|(?<![a-z])(?:tested|checked|measured|pricked)(?: it| myself| my finger)?(?: again)?(?: and (?:got|it was|it's))?"
    r"\s*(?:at|as|is|was|:)?[,:]?\s*|(?<![a-z])(?:reading (?:of|was|is)|it (?:read|says|said))\s*:?\s*"
    # a diabetic's diary: 睡前17.2，早上16.9 / before bed 17.2
    r"|(?:睡前|早上|早晨|晨起|餐前|饭前|饭后|餐后|午饭后|晚饭后|午饭前|晚饭前|半夜|凌晨)(?:两小时|2小时)?(?:是|:)?[,:]?\s*"
    r"|(?<![a-z])(?:before bed|bedtime|after (?:breakfast|lunch|dinner|meals?)|pre-?(?:breakfast|dinner))\s*(?:was|is|:)?\s*"
)
# With a meter named anywhere in the message, a whole number (reading of 26 on my meter) counts too.
_METER_RE = re.compile(r"血糖仪|(?<![a-z])(?:meter|glucometer|monitor|sensor|cgm|libre|dexcom)(?![a-z])")
# Units UNIT_RE does not know that still say "not a blood sugar": distances, degrees, money.
_OTHER_UNIT_RE = re.compile(r"\s*(?:公里|千米|里|度|℃|°|万|倍|km|miles?|mi(?![a-z])|k(?![a-z]))")
# Plausible as mmol/L blood sugar, and too low to be a body temperature.
_LOW, _HIGH = 1.0, 33.3


@dataclass(frozen=True)
class UnlabelledValue:
    value: float  # mmol/L if the number were a blood sugar
    start: int
    end: int
    unit_assumed: str


def unlabelled_values(text: str) -> list[UnlabelledValue]:
    norm = normalise(text)
    meter = bool(_METER_RE.search(norm))
    out: list[UnlabelledValue] = []
    for verb in _MEASURED_RE.finditer(norm):
        m = NUMBER_RE.match(norm, verb.end())
        token = number_at(m, norm) if m is not None else None
        if m is None or token is None:
            continue
        decimal = "." in token.raw or "点" in token.raw
        if _OTHER_UNIT_RE.match(norm, token.end):
            continue
        unit = UNIT_RE.match(norm, token.end)
        cls = unit_class(unit.group(1)) if unit is not None else None
        if cls == "mg/dL" and 20 <= token.value <= 600:
            value, assumed, end = round(token.value / 18.0, 1), "mg/dL", unit.end() if unit else token.end
        elif cls == "mmol/L" or (cls is None and (decimal or meter)):
            value, assumed, end = token.value, "mmol/L", unit.end() if unit else token.end
        else:
            continue
        if _LOW <= value <= _HIGH:
            out.append(UnlabelledValue(value, m.start(), end, assumed))
    return out
