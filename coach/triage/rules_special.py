"""Rules: pregnancy, fever and sepsis, a small child's illness, sick days (dehydration), carbon monoxide.

These reason codes of the labelling guide (evals/triage/GUIDE.md) and the red-flag catalogue
(knowledge/red_flags.yaml) were covered by the safety net alone; a blind set showed the net raising
them to urgent when the guide says emergency (a feverish 7-week-old, pre-eclampsia signs at 34
weeks). Each rule follows the catalogue's discriminators for its flag.
"""

from __future__ import annotations

import re

from coach.measurements import ParsedMeasurement
from coach.members.vocabulary import Condition, DrugClass
from coach.triage.mentions import Mention
from coach.triage.models import Finding, TriageLevel
from coach.triage.signals import Signals

E, U = TriageLevel.EMERGENCY, TriageLevel.URGENT

FEVER_C = 38.0
HIGH_FEVER_C = 39.0  # urgent in the high-risk groups (CKD, heart failure, insulin, aged 80+)
LOW_TEMP_C = 35.0
SEPSIS_SYSTOLIC, SEPSIS_PULSE = 90, 130  # NICE NG51 high-risk criteria
VERY_OLD = 80
PRE_ECLAMPSIA_SYS, PRE_ECLAMPSIA_DIA = 160.0, 110.0
PREGNANCY_HIGH_SYS, PREGNANCY_HIGH_DIA = 140.0, 90.0
_BRUISE_RE = re.compile(r"青|瘀|淤|bruis")
_SICK_DAY_CLASSES = frozenset({DrugClass.DIURETIC, DrugClass.RAS_ANTAGONIST, DrugClass.ANTIDIABETIC})


def _temperatures(sig: Signals) -> tuple[ParsedMeasurement | None, ParsedMeasurement | None]:
    temps = [r for r in sig.of_kind("temperature") if r.value is not None]
    if not temps:
        return None, None
    return max(temps, key=lambda r: r.value or 0.0), min(temps, key=lambda r: r.value or 0.0)


def _fever(sig: Signals, high: ParsedMeasurement | None) -> Mention | ParsedMeasurement | None:
    """`high`: the highest temperature in the message, if any."""
    if high is not None and (high.value or 0.0) >= FEVER_C:
        return high
    return sig.get("fever")


def _bp_at_least(bp: ParsedMeasurement | None, systolic: float, diastolic: float) -> ParsedMeasurement | None:
    if bp is None or ((bp.systolic or 0) < systolic and (bp.diastolic or 0) < diastolic):
        return None
    return bp


def _highest_bp(sig: Signals) -> ParsedMeasurement | None:
    pressures = [r for r in sig.of_kind("blood_pressure") if r.systolic is not None and r.diastolic is not None]
    return max(pressures, key=lambda r: r.systolic or 0.0) if pressures else None


def pregnancy(sig: Signals) -> list[Finding]:
    pregnant = sig.get("pregnant")
    missed = sig.get("missed_period")
    if pregnant is None and missed is None:
        return []
    bp = _highest_bp(sig)
    severe_bp = _bp_at_least(bp, PRE_ECLAMPSIA_SYS, PRE_ECLAMPSIA_DIA)
    head = sig.get("headache", "thunderclap")
    eyes = sig.get("visual_spots", "blurred_vision", "vision_loss", "double_vision")
    swollen = sig.get("face_swell")
    if pregnant is not None:
        danger = (sig.get("vaginal_bleed", "heavy_bleed", "seizure", "unconscious") or severe_bp
                  or (eyes if head is not None and eyes is not None else None)
                  or (head if head is not None and swollen is not None else None))
        if danger is not None:
            return [sig.finding("pregnancy", E, pregnant, danger)]
        worry = sig.get("fetal_less") or _bp_at_least(bp, PREGNANCY_HIGH_SYS, PREGNANCY_HIGH_DIA) or head or eyes
        return [sig.finding("pregnancy", U, pregnant, worry)] if worry is not None else []
    belly = sig.get("belly_pain")
    return [sig.finding("pregnancy", E, missed, belly)] if belly is not None else []  # possible ectopic


def sepsis(sig: Signals) -> list[Finding]:
    if sig.has("child_young", "infant_young"):
        return []  # judged by child_illness
    high, low = _temperatures(sig)
    cold = low if low is not None and (low.value or 99.0) < LOW_TEMP_C else None
    fever = _fever(sig, high)
    trigger = fever or cold
    if trigger is None:
        return []
    serious = sig.get("confusion", "breath_fast", "mottled", "drowsy", "unconscious") or _shocked(sig)
    if serious is not None:
        return [sig.finding("sepsis", E, trigger, serious)]
    if high is None or (high.value or 0.0) < HIGH_FEVER_C:
        return []
    on_insulin = sig.member is not None and DrugClass.INSULIN in sig.member.drug_classes(sig.now.date())
    high_risk = (bool({Condition.CKD, Condition.HEART_FAILURE} & sig.conditions) or on_insulin
                 or (sig.age is not None and sig.age >= VERY_OLD) or sig.has("chemo"))
    return [sig.finding("sepsis", U, high)] if high_risk else []


def _shocked(sig: Signals) -> ParsedMeasurement | None:
    """A systolic pressure of 90 or less, or a pulse over 130, with the fever: NICE's high-risk sepsis signs."""
    low_bp = next((r for r in sig.of_kind("blood_pressure") if r.systolic is not None and r.systolic <= SEPSIS_SYSTOLIC), None)
    # The pulse limit is an adult's: only for the member, whose age is known (children's limits are higher).
    adult = sig.subject == "self" and (sig.age is None or sig.age >= 18)
    return low_bp or next((r for r in sig.of_kind("heart_rate") if adult and (r.value or 0.0) > SEPSIS_PULSE), None)


def child_illness(sig: Signals) -> list[Finding]:
    child = sig.get("infant_young", "child_young")
    if child is None:
        return []
    fever = _fever(sig, _temperatures(sig)[0])
    infant = sig.get("infant_young")
    if infant is not None and fever is not None:
        return [sig.finding("child_illness", E, infant, fever)]
    danger = sig.get("floppy", "unconscious", "seizure", "breath_fast", "severe_sob", "cyanosis")
    if danger is not None and (fever is not None or sig.has("floppy", "unconscious", "breath_fast", "severe_sob", "cyanosis")):
        return [sig.finding("child_illness", E, child, danger)]
    # Fever for more than three days, or a feverish child who will not drink: seen today (GUIDE).
    long_fever = sig.get("fever_days")
    refusing = sig.get("refusing_drinks") if fever is not None else None
    if long_fever is not None or refusing is not None:
        return [sig.finding("child_illness", U, child, long_fever or refusing)]
    return []


def dehydration(sig: Signals) -> list[Finding]:
    losing = sig.get("diarrhoea", "vomiting")
    if losing is None:
        return []
    on_drug = sig.has("sick_day_drug_text") or (
        sig.member is not None and bool(_SICK_DAY_CLASSES & sig.member.drug_classes(sig.now.date())))
    fainted = sig.get("standing_faint")
    if fainted is None and (on_drug or sig.elder):
        fainted = sig.get("syncope")
    if fainted is not None:
        return [sig.finding("dehydration", E, losing, fainted)]
    dry = sig.get("no_urine")
    dizzy = sig.get("dizziness", "presyncope")
    if dry is not None and dizzy is not None:
        return [sig.finding("dehydration", E, dry, dizzy)]
    if dizzy is not None and on_drug:
        return [sig.finding("dehydration", U, losing, dizzy)]
    return []


def bleeding_on_anticoagulant(sig: Signals) -> list[Finding]:
    if not sig.anticoagulated:
        return []
    minor = sig.get("minor_bleed")
    if minor is None:
        return []
    bruises_only = all(_BRUISE_RE.search(m.evidence.lower()) for m in sig.all_of("minor_bleed"))
    if bruises_only and (sig.has("fall") or (sig.has("bruise_healing") and not sig.has("bruise_new"))):
        # A bruise from a fall is explained, and one turning yellow is healing; new bruises without a cause are "easy
        # bruising", and gum or nose bleeding is not a bruise.
        return []
    return [sig.finding("bleeding", U, minor)]


def bowel_obstruction(sig: Signals) -> list[Finding]:
    belly, sick, stopped = sig.get("belly_pain"), sig.get("vomiting"), sig.get("no_passing")
    if belly is None or stopped is None or sick is None:
        return []
    return [sig.finding("acute_abdomen", E, belly, sick, stopped)]


def haemoptysis(sig: Signals) -> list[Finding]:
    coughed = sig.get("haemoptysis")
    if coughed is None:
        return []
    serious = sig.get("blood_large", "severe_sob", "sob_mild")
    if serious is not None or sig.anticoagulated:
        return [sig.finding("haemoptysis", E, coughed, serious)]
    streaks = sig.get("blood_streaks")
    return [sig.finding("haemoptysis", TriageLevel.ROUTINE if streaks is not None else U, coughed)]


def carbon_monoxide(sig: Signals) -> list[Finding]:
    source = sig.get("co_source")
    if source is None:
        return []
    effect = sig.get("headache", "dizziness", "nausea", "vomiting", "drowsy", "confusion", "unconscious", "syncope")
    return [sig.finding("poisoning", E, source, effect)] if effect is not None else []
