"""Rules: blood sugar, kidneys and potassium, suicide risk, bleeding from the gut."""

from __future__ import annotations

import re
from datetime import datetime

from coach.measurements import ParsedMeasurement
from coach.members.snapshot import MemberSnapshot
from coach.triage.models import Finding, TriageLevel
from coach.triage.signals import Signals

E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE
_TARRY_RE = re.compile(r"柏油|沥青|tar")

GLUCOSE_SEVERE_LOW = 3.0
GLUCOSE_LOW = 3.9
GLUCOSE_HIGH = 16.7
GLUCOSE_ROUTINE_HIGH = 13.9
HBA1C_ROUTINE_HIGH = 10.0
POTASSIUM_EMERGENCY = 6.0  # knowledge item 28: 6.0 mmol/L or higher, call 120
POTASSIUM_URGENT = 5.5  # knowledge item 28: 5.5–5.9 mmol/L, contact the doctor the same day
POTASSIUM_ROUTINE = 5.1  # above the usual 3.5–5.0 range: raise it at the next contact
EGFR_URGENT = 15.0
EGFR_DROP_URGENT = 0.25


def _lowest(readings: list[ParsedMeasurement]) -> ParsedMeasurement | None:
    usable = [r for r in readings if r.value is not None and r.attributes.get("comparator") != ">"]
    return min(usable, key=lambda r: r.value or 0.0) if usable else None


def _highest(readings: list[ParsedMeasurement]) -> ParsedMeasurement | None:
    usable = [r for r in readings if r.value is not None and r.attributes.get("comparator") != "<"]
    return max(usable, key=lambda r: r.value or 0.0) if usable else None


def hypoglycaemia(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    severe = sig.get("confusion", "unconscious", "syncope", "seizure")
    low = _lowest(sig.of_kind("glucose"))
    if low is not None and low.value is not None and low.value < GLUCOSE_LOW:
        level = E if low.value < GLUCOSE_SEVERE_LOW or severe is not None else U
        out.append(sig.finding("hypoglycaemia", level, low, severe))
    named = sig.get("hypo_named")
    if named is not None:
        out.append(sig.finding("hypoglycaemia", E if severe is not None else U, named, severe))
    if sig.glucose_lowering:
        out += _hypo_without_a_reading(sig)
    return out


def _hypo_without_a_reading(sig: Signals) -> list[Finding]:
    """On insulin, a sulfonylurea or with diabetes: the body's alarm signs of a low, with no number given.

    Sweating or shaking with dizziness, palpitations or blurred sight is a likely hypo (urgent);
    with confusion, drowsiness or a hypo that sugar has not fixed it is an emergency (knowledge item 39).
    """
    out: list[Finding] = []
    brain = sig.get("confusion", "unconscious", "seizure", "syncope", "drowsy")
    adrenergic = sig.get("cold_sweat", "tremor")
    companion = sig.get("tremor", "palpitations", "dizziness", "presyncope", "blurred_vision")
    if companion is adrenergic:
        companion = sig.get("palpitations", "dizziness", "presyncope", "blurred_vision")
    failing = sig.get("not_recovering")
    if adrenergic is not None and (brain is not None or companion is not None):
        level = E if brain is not None or failing is not None else U
        out.append(sig.finding("hypoglycaemia", level, adrenergic, brain or failing or companion))
    collapse = sig.get("unconscious", "seizure") or (sig.get("drowsy") if sig.hypo_drug else None)
    if collapse is not None:
        out.append(sig.finding("hypoglycaemia", E, collapse))  # hard to wake on insulin: a hypo until proved otherwise
    return out


def hyperglycaemia(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    dka = sig.get("vomiting", "confusion", "deep_breath", "unconscious", "drowsy")
    if dka is None and sig.get("ketones") is not None:
        dka = sig.get("nausea", "belly_pain")  # ketones with nausea or belly pain: ketoacidosis until shown otherwise
    high = _highest(sig.of_kind("glucose"))
    if dka is None and high is not None and (high.value or 0.0) >= GLUCOSE_HIGH:
        dka = sig.get("ketones")  # GUIDE: 16.7 or more with ketones is an emergency on its own
    if high is not None and high.value is not None:
        if high.value >= GLUCOSE_HIGH:
            out.append(sig.finding("hyperglycaemia", E if dka is not None else U, high, dka))
        elif high.value >= GLUCOSE_ROUTINE_HIGH:
            # 14-16 day after day (or on a sick day) needs a same-day review, a single value does not.
            persistent = any("persistent" in r.attributes for r in sig.of_kind("glucose"))
            out.append(sig.finding("hyperglycaemia", U if persistent else R, high))
    extreme = sig.get("hyper_extreme")
    if extreme is not None:
        # A meter reading "HI" with any symptom of high sugar is an emergency.
        unwell = dka or sig.get("nausea", "thirst", "polyuria", "weak_all_over", "dizziness")
        out.append(sig.finding("hyperglycaemia", E if unwell is not None else U, extreme, unwell))
    thirst, polyuria = sig.get("thirst"), sig.get("polyuria")
    if sig.glucose_lowering and thirst is not None and polyuria is not None and not out:
        # Thirst and passing a lot of urine in someone with diabetes: symptomatic high sugar.
        out.append(sig.finding("hyperglycaemia", E if dka is not None else U, thirst, polyuria))
    very_high = sig.get("hyper_high")
    if very_high is not None:
        out.append(sig.finding("hyperglycaemia", E if dka is not None else R, very_high, dka))
    if sig.sglt2 and not any(f.level is E for f in out):
        # On an SGLT2 inhibitor ketoacidosis comes with a near-normal sugar: two of being sick, belly pain and
        # deep or laboured breathing are enough (euglycaemic DKA).
        signs = [m for m in (sig.get("vomiting", "nausea"), sig.get("belly_pain"), sig.get("deep_breath", "drowsy", "confusion"))
                 if m is not None]
        if len(signs) >= 2:
            out.append(sig.finding("hyperglycaemia", E, *signs))
    a1c = _highest(sig.of_kind("hba1c"))
    if a1c is not None and (a1c.value or 0.0) >= HBA1C_ROUTINE_HIGH:
        out.append(sig.finding("hyperglycaemia", R, a1c))
    return out


def previous_egfr(member: MemberSnapshot | None, before: datetime) -> float | None:
    """The latest eGFR recorded before `before`, if any."""
    if member is None:
        return None
    earlier = [o for o in member.observations_of("egfr") if o.value is not None and o.observed_at < before]
    if not earlier:
        return None
    return max(earlier, key=lambda o: o.observed_at).value


def egfr_level(value: float, previous: float | None) -> TriageLevel | None:
    if value < EGFR_URGENT:
        return U
    if previous is not None and previous > 0 and (previous - value) / previous >= EGFR_DROP_URGENT:
        return U
    return None


def potassium_level(value: float) -> TriageLevel | None:
    if value >= POTASSIUM_EMERGENCY:
        return E
    if value >= POTASSIUM_URGENT:
        return U
    if value >= POTASSIUM_ROUTINE:
        return R
    return None


def ckd_danger(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    k = _highest(sig.of_kind("potassium"))
    if k is not None and k.value is not None:
        level = potassium_level(k.value)
        if level is not None:
            out.append(sig.finding("ckd_danger", level, k))
    for reading in sig.of_kind("egfr"):
        if reading.value is None or reading.attributes.get("comparator") == ">":
            continue
        stated = reading.attributes.get("from")  # 从48掉到32: the earlier value is in the message
        previous = float(stated) if stated is not None else previous_egfr(sig.member, sig.now)
        level = egfr_level(reading.value, previous)
        if level is not None:
            out.append(sig.finding("ckd_danger", level, reading))
    anuria = sig.get("no_urine")
    oliguria = sig.get("low_urine")
    if anuria is not None:
        out.append(sig.finding("ckd_danger", E, anuria))  # knowledge item 28: almost no urine, call 120
    elif oliguria is not None:
        out.append(sig.finding("ckd_danger", U, oliguria))
    missed = sig.get("missed_dialysis")
    if missed is not None:
        # A missed session with weakness, a slow or odd heartbeat or breathlessness: think of high potassium.
        danger = sig.get("weak_all_over", "slow_heart", "palpitations", "severe_sob", "sob_mild", "confusion",
                         "chest_pain", "chest_tight", "syncope")
        out.append(sig.finding("ckd_danger", E if danger is not None else U, missed, danger))
    return out


def suicide_risk(sig: Signals) -> list[Finding]:
    ideation = sig.get("suicidal")
    if ideation is not None:
        return [sig.finding("suicide_risk", E, ideation)]
    blade, distress = sig.get("blade_in_hand"), sig.get("distress")
    if blade is not None and distress is not None and not sig.has("cooking"):
        return [sig.finding("suicide_risk", E, blade, distress)]
    means, when = sig.get("means_saved"), sig.get("time_chosen")
    if means is not None and when is not None:
        return [sig.finding("suicide_risk", E, means, when)]  # pills saved and a weekend chosen, wish unspoken
    wish = sig.get("death_wish")  # the labelling guide: passive wishes without a plan are urgent
    if wish is None:
        return []
    plan = sig.get("self_harm_plan")
    return [sig.finding("suicide_risk", E if plan is not None else U, wish, plan)]


def gi_bleed(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    vomited = sig.get("haematemesis")
    if vomited is not None:
        out.append(sig.finding("gi_bleed", E, vomited))
    shock = sig.get("syncope", "dizziness", "presyncope", "unconscious", "palpitations")
    black = sig.get("melena")
    if black is not None:
        # Iron, bismuth or black food explain black (not tarry) stools; with faintness they do not.
        explained = sig.has("stool_cause") and not _TARRY_RE.search(black.evidence.lower())
        if shock is not None or not explained:
            out.append(sig.finding("gi_bleed", E if shock is not None else U, black, shock))
    red = sig.get("haematochezia")
    if red is not None:
        # Heavy bleeding, or bleeding with faintness or a racing heart: call 120 (knowledge items 35, 39).
        danger = shock or sig.get("heavy_bleed")
        out.append(sig.finding("gi_bleed", E if danger is not None else U, red, danger))
    return out
