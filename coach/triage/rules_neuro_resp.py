"""Rules: stroke, sudden vision loss, breathing, COPD, anaphylaxis and falls."""

from __future__ import annotations

from coach.members.vocabulary import Condition
from coach.triage.models import Finding, TriageLevel
from coach.triage.signals import Signals

E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


_FAST_SIGNS = ("face_droop", "limb_weak", "speech")


def stroke(sig: Signals) -> list[Finding]:
    sign = sig.get(*_FAST_SIGNS, "double_vision", "thunderclap", "stroke_named")
    if sign is not None:
        # Two or more separate FAST signs in one episode: a TIA is a stroke warning even after it settles.
        signs = {(m.start, m.end): m for m in sig.all_of(*_FAST_SIGNS)}
        several = len(signs) >= 2 and not sig.assessed
        return [sig.finding("stroke", E, sign, transient=several)]
    confusion = sig.get("confusion")
    if confusion is None:
        return []
    # Sudden confusion is a stroke sign; confusion of unknown onset still needs a clinician today.
    return [sig.finding("stroke", E if confusion.sudden else U, confusion)]


def vision_loss(sig: Signals) -> list[Finding]:
    loss = sig.get("vision_loss")
    if loss is not None:
        return [sig.finding("vision_loss", E, loss)]
    blurred = sig.get("blurred_vision")
    if blurred is not None and blurred.sudden:
        return [sig.finding("vision_loss", U, blurred)]
    return []


def severe_breathlessness(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    severe = sig.get("severe_sob", "cyanosis", "orthopnoea")
    if severe is not None:
        out.append(sig.finding("severe_breathlessness", E, severe))
    attack = sig.get("asthma_attack")
    failing = sig.get("inhaler_fail")
    asthma = Condition.ASTHMA in sig.conditions
    if attack is not None or (asthma and failing is not None):
        level = E if failing is not None or severe is not None else U
        out.append(sig.finding("severe_breathlessness", level, attack or failing))
    return out


def copd_exacerbation(sig: Signals) -> list[Finding]:
    copd = Condition.COPD in sig.conditions
    trigger = sig.get("copd_flare", "sob_worse", "sputum_change", "inhaler_fail")
    if trigger is None:
        return []
    if not copd:
        failing = sig.get("inhaler_fail")
        if failing is None or Condition.ASTHMA in sig.conditions:
            return []
        trigger = failing  # someone using an inhaler that no longer helps
    severe = sig.get("severe_sob", "cyanosis", "confusion")
    return [sig.finding("copd_exacerbation", E if severe is not None else U, trigger, severe)]


def anaphylaxis(sig: Signals) -> list[Finding]:
    airway = sig.get("throat_swell", "lip_swell")
    if airway is not None:
        return [sig.finding("anaphylaxis", E, airway)]
    trigger = sig.get("new_drug", "sting")
    hives = sig.get("hives")
    breathing = sig.get("severe_sob", "sob_mild", "cyanosis")
    face = sig.get("face_swell")
    faint = sig.get("dizziness", "syncope")
    if face is not None and (trigger or hives or breathing):
        return [sig.finding("anaphylaxis", E, face, trigger or hives or breathing)]
    if hives is not None and (breathing is not None or faint is not None):
        return [sig.finding("anaphylaxis", E, hives, breathing or faint)]
    if trigger is not None and breathing is not None:
        return [sig.finding("anaphylaxis", E, trigger, breathing)]
    if trigger is not None and hives is not None:
        return [sig.finding("anaphylaxis", U, hives, trigger)]
    return []


def fall_injury(sig: Signals) -> list[Finding]:
    fall = sig.get("fall")
    if fall is None:
        return []
    out_cold = sig.get("unconscious")
    head = sig.get("head_strike")
    stuck = sig.get("cant_get_up")
    if out_cold is not None:
        return [sig.finding("fall_injury", E, fall, out_cold)]
    if head is not None and sig.anticoagulated:
        return [sig.finding("fall_injury", E, fall, head)]
    # Unknown age (no member record) is treated as older: the safer assumption.
    older = sig.elder or (sig.subject == "self" and sig.age is None and sig.member is None)
    if older and (head or stuck or sig.anticoagulated):
        return [sig.finding("fall_injury", U, fall, head or stuck)]
    if older or head is not None or stuck is not None:
        return [sig.finding("fall_injury", R, fall, head or stuck)]
    return []
