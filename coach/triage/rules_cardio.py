"""Rules: acute coronary syndrome, blood pressure, heart failure, rhythm and fainting."""

from __future__ import annotations

from datetime import datetime, timedelta

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.members.vocabulary import Condition
from coach.triage.models import Finding, TriageLevel
from coach.triage.signals import Signals

E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE

BP_CRISIS_SYSTOLIC = 180
BP_CRISIS_DIASTOLIC = 120
BP_URGENT_DIASTOLIC = 110
BP_ROUTINE = (160, 100)
HF_GAIN_KG = 2.0
HF_WATCH_GAIN_KG = 1.0
HF_GAIN_DAYS = 3
HF_OVERNIGHT_GAIN_KG = 1.0  # ESC heart-failure self-care: > 1 kg overnight or > 2 kg in 3 days
HR_URGENT_HIGH, HR_URGENT_LOW = 150, 40
HR_SYMPTOMATIC_HIGH, HR_SYMPTOMATIC_LOW = 120, 50

_CARDIAC_CONDITIONS = {Condition.CORONARY_HEART_DISEASE, Condition.POST_MI}


def acs(sig: Signals) -> list[Finding]:
    pain = sig.get("chest_pain", "acs_named")
    if pain is not None:
        return [sig.finding("acs", E, pain)]
    tight = sig.get("chest_tight")
    if tight is None:
        # Jaw or left-arm pain with sweating or breathlessness, without the word "chest".
        equivalent = sig.get("acs_equivalent")
        autonomic = sig.get("cold_sweat", "severe_sob", "sob_mild")
        if equivalent is not None and autonomic is not None:
            return [sig.finding("acs", E, equivalent, autonomic)]
        return []
    assoc = sig.get("cold_sweat", "radiating", "nausea", "severe_sob", "sob_mild", "syncope", "dizziness")
    if assoc is not None or _CARDIAC_CONDITIONS & sig.conditions:
        return [sig.finding("acs", E, tight, assoc)]
    return [sig.finding("acs", U, tight)]


def hypertensive_crisis(sig: Signals) -> list[Finding]:
    symptom = sig.get(
        "headache", "thunderclap", "chest_pain", "chest_tight", "blurred_vision", "vision_loss", "confusion",
        "severe_sob", "sob_mild", "face_droop", "limb_weak", "speech", "vomiting", "nausea",
    )
    out: list[Finding] = []
    for reading in sig.of_kind("blood_pressure"):
        systolic = reading.systolic or 0
        diastolic = reading.diastolic or 0
        if systolic >= BP_CRISIS_SYSTOLIC or diastolic >= BP_CRISIS_DIASTOLIC:
            level = E if symptom is not None else U
            out.append(sig.finding("hypertensive_crisis", level, reading, symptom))
        elif diastolic >= BP_URGENT_DIASTOLIC:
            out.append(sig.finding("hypertensive_crisis", U, reading))
        elif systolic >= BP_ROUTINE[0] or diastolic >= BP_ROUTINE[1]:
            out.append(sig.finding("hypertensive_crisis", R, reading))
    return out


def _weights(member: MemberSnapshot | None, since: datetime, until: datetime,
             exclude: ObservationRecord | None) -> list[ObservationRecord]:
    """The member's weights observed in [since, until), the new one excluded."""
    if member is None:
        return []
    return [o for o in member.observations_of("weight")
            if o.value is not None and o is not exclude and since <= o.observed_at < until]


def weight_gain_from_history(
    member: MemberSnapshot | None, new_kg: float, at: datetime, exclude: ObservationRecord | None = None
) -> float | None:
    """kg gained versus the lowest weight in the preceding 3 days (None without history)."""
    window = [o.value for o in _weights(member, at - timedelta(days=HF_GAIN_DAYS), at, exclude) if o.value is not None]
    return new_kg - min(window) if window else None


def weight_gain_overnight(
    member: MemberSnapshot | None, new_kg: float, at: datetime, exclude: ObservationRecord | None = None
) -> float | None:
    """kg gained since the latest weight 12–36 hours earlier (None without one): the overnight rule."""
    earlier = _weights(member, at - timedelta(hours=36), at - timedelta(hours=12) + timedelta(microseconds=1), exclude)
    if not earlier:
        return None
    latest = max(earlier, key=lambda o: o.observed_at)
    return new_kg - latest.value if latest.value is not None else None


OWN_WEIGHT_TOLERANCE_KG = 8.0
_OWN_WEIGHT_DAYS = 30


def _like_own_weight(member: MemberSnapshot | None, kg: float, at: datetime) -> bool:
    """A bare 125斤 with no keyword is the member's weight if it is close to their recent recorded weights."""
    if member is None:
        return False
    recent = [
        o.value for o in member.observations_of("weight")
        if o.value is not None and at - timedelta(days=_OWN_WEIGHT_DAYS) <= o.observed_at <= at
    ]
    return any(abs(kg - value) <= OWN_WEIGHT_TOLERANCE_KG for value in recent)


def heart_failure(sig: Signals) -> list[Finding]:
    known_hf = Condition.HEART_FAILURE in sig.conditions
    gain = None
    small_gain = None
    for reading in sig.of_kind("weight_gain"):
        days = int(reading.attributes.get("days", "99"))
        if reading.value is not None and days <= HF_GAIN_DAYS and reading.value > HF_GAIN_KG:
            gain = reading
        elif reading.value is not None and days <= HF_GAIN_DAYS and reading.value >= HF_WATCH_GAIN_KG:
            small_gain = reading
    for reading in sig.of_kind("weight"):
        if reading.value is None:
            continue
        if reading.attributes.get("context") == "unit_only" and not _like_own_weight(sig.member, reading.value, sig.now):
            continue  # 提了20斤米: a weight, but not the member's body weight
        gained = weight_gain_from_history(sig.member, reading.value, sig.now)
        overnight = weight_gain_overnight(sig.member, reading.value, sig.now) if known_hf else None
        # The same two rules as a weight posted to /observations: > 2 kg in 3 days, or > 1 kg since the day before.
        if (gained is not None and gained > HF_GAIN_KG) or (overnight is not None and overnight > HF_OVERNIGHT_GAIN_KG):
            gain = reading
    swelling = sig.get("leg_swelling")
    worse = sig.get("hf_worse", "sob_worse", "orthopnoea", "no_urine", "low_urine")
    severe = sig.get("severe_sob", "cyanosis", "pink_froth")
    froth = sig.get("pink_froth")
    if froth is not None and not known_hf:
        return [sig.finding("heart_failure_decompensation", E, froth)]  # fluid on the lungs, known HF or not
    if known_hf:
        trigger = gain or swelling or worse or severe
        if trigger is None:
            # Gaining, but under the threshold: worth a look at the next routine contact.
            return [sig.finding("heart_failure_decompensation", R, small_gain)] if small_gain else []
        # Knowledge item 31: fainting or confusion on top of worsening heart failure means call 120.
        severe = severe or sig.get("confusion", "syncope", "presyncope")
        return [sig.finding("heart_failure_decompensation", E if severe is not None else U, trigger, severe)]
    if gain is None:
        return []
    # Rapid gain without known heart failure: urgent when we know nothing about the member.
    unknown_member = sig.subject == "self" and sig.member is None
    return [sig.finding("heart_failure_decompensation", U if unknown_member or swelling else R, gain, swelling)]


def arrhythmia_syncope(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    faint = sig.get("syncope")
    collapse = sig.get("unconscious")  # a fit is the seizure rule's: a known epileptic's usual one is urgent
    chest = sig.get("chest_pain", "acs_named", "chest_tight")
    palp = sig.get("palpitations")
    dizzy = sig.get("dizziness")
    near_faint = sig.get("presyncope")
    if collapse is not None:
        out.append(sig.finding("arrhythmia_syncope", E, collapse))
    if faint is not None:
        # A faint with chest pain, a racing or irregular heart, or breathlessness may be an arrhythmia.
        cardiac = chest or palp or sig.get("slow_heart", "severe_sob")
        out.append(sig.finding("arrhythmia_syncope", E if cardiac is not None else U, faint, cardiac))
    if palp is not None:
        # Palpitations with near-fainting: a rhythm that is dropping the blood pressure.
        level = E if near_faint is not None else U if dizzy is not None else R
        out.append(sig.finding("arrhythmia_syncope", level, palp, near_faint or dizzy))
    slow = sig.get("slow_heart")
    if slow is not None:
        out.append(sig.finding("arrhythmia_syncope", U if (dizzy or faint) is not None else R, slow, dizzy or faint))
    symptomatic = palp or dizzy or faint or chest
    # Knowledge items 29 and 35: below 40 with dizziness or blacking out, above 150 with dizziness: call 120.
    compromised = faint or near_faint or dizzy or chest or sig.get("severe_sob", "confusion")
    for reading in sig.of_kind("heart_rate"):
        rate = reading.value or 0
        if rate >= HR_URGENT_HIGH or rate <= HR_URGENT_LOW:
            # "Below 40 with dizziness": exactly 40 with dizziness is urgent; with a faint it is 120 whatever the number.
            beyond = rate >= HR_URGENT_HIGH or rate < HR_URGENT_LOW or (faint or near_faint) is not None
            out.append(sig.finding("arrhythmia_syncope", E if compromised and beyond else U, reading, compromised))
        elif rate >= HR_SYMPTOMATIC_HIGH or rate <= HR_SYMPTOMATIC_LOW:
            # Over 120 at rest is urgent (GUIDE); after a climb or a run the same number is not.
            resting = sig.get("at_rest") if rate >= HR_SYMPTOMATIC_HIGH else None
            out.append(sig.finding("arrhythmia_syncope", U if symptomatic or resting else R, reading))
    return out
