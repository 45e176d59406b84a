"""Rules: stroke, sudden vision loss, breathing, COPD, anaphylaxis and falls."""

from __future__ import annotations

import re
from dataclasses import replace

from coach.members.vocabulary import Condition
from coach.triage.mentions import Mention
from coach.triage.models import Finding, TriageLevel
from coach.triage.rules_special import VERY_OLD
from coach.triage.signals import Signals

E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


_FAST_SIGNS = ("face_droop", "limb_weak", "speech")


def stroke(sig: Signals) -> list[Finding]:
    sign = sig.get(*_FAST_SIGNS, "double_vision", "thunderclap", "stroke_named")
    if sign is not None:
        # Two or more separate FAST signs in one episode, or a sign that cleared within the last hour:
        # still a stroke emergency once it has settled.
        signs = {(m.start, m.end): m for m in sig.all_of(*_FAST_SIGNS)}
        several = len(signs) >= 2 or any(m.within_hour for m in signs.values())
        return [sig.finding("stroke", E, sign, transient=several and not sig.assessed)]
    confusion = sig.get("confusion")
    if confusion is None:
        return []
    # Sudden confusion is a stroke sign; confusion of unknown onset still needs a clinician today.
    return [sig.finding("stroke", E if confusion.sudden else U, confusion)]


def vision_loss(sig: Signals) -> list[Finding]:
    loss = sig.get("vision_loss")
    if loss is not None:
        return [sig.finding("vision_loss", E, loss, transient=loss.within_hour and not sig.assessed)]
    blurred = sig.get("blurred_vision")
    if blurred is not None and blurred.sudden:
        return [sig.finding("vision_loss", U, blurred)]
    # An injured or painful eye that now sees less, or new floaters, flashes or a creeping shadow:
    # a same-day eye review (knowledge item 16).
    injury = sig.get("eye_injury")
    pain = sig.get("eye_pain")
    if blurred is not None and (injury or pain) is not None:
        return [sig.finding("vision_loss", U, blurred, injury or pain)]
    if injury is not None and pain is not None:
        return [sig.finding("vision_loss", U, injury, pain)]
    floaters = sig.get("floaters")
    return [sig.finding("vision_loss", U, floaters)] if floaters is not None else []


SPO2_EMERGENCY = 90.0
SPO2_URGENT = 92.0
SPO2_COPD_EMERGENCY = 88.0  # knowledge item 33: clearly below the usual COPD target of 88-92 %


def low_oxygen(sig: Signals) -> Finding | None:
    """The lowest stated oxygen saturation, as a finding for the breathing rules."""
    usable = [r for r in sig.of_kind("spo2") if r.value is not None]
    if not usable:
        return None
    low = min(usable, key=lambda r: r.value or 0.0)
    value = low.value or 0.0
    copd = Condition.COPD in sig.conditions
    if value < (SPO2_COPD_EMERGENCY if copd else SPO2_EMERGENCY):
        level = E
    elif value < SPO2_URGENT:
        level = U
    else:
        return None
    return sig.finding("copd_exacerbation" if copd else "severe_breathlessness", level, low)


def severe_breathlessness(sig: Signals) -> list[Finding]:
    out: list[Finding] = []
    severe = sig.get("severe_sob", "cyanosis", "orthopnoea")
    if severe is None and sig.has("sob_mild", "sob_worse"):
        severe = sig.get("talk_effort")  # breathless, and talking is an effort
    if severe is not None:
        out.append(sig.finding("severe_breathlessness", E, severe))
    oxygen = low_oxygen(sig)
    if oxygen is not None:
        out.append(oxygen if oxygen.reason == "severe_breathlessness" else replace(oxygen, reason="severe_breathlessness"))
    worse = sig.get("sob_worse")
    lung_or_heart = {Condition.HEART_FAILURE, Condition.COPD, Condition.ASTHMA} & sig.conditions
    if worse is not None and severe is None and not lung_or_heart:
        # New breathlessness getting worse over days, or needing pillows to breathe: same-day review.
        out.append(sig.finding("severe_breathlessness", U, worse))
    attack = sig.get("asthma_attack")
    failing = sig.get("inhaler_fail")
    asthma = Condition.ASTHMA in sig.conditions
    if attack is not None or (asthma and failing is not None):
        level = E if failing is not None or severe is not None else U
        out.append(sig.finding("severe_breathlessness", level, attack or failing))
    overuse = sig.get("reliever_overuse")
    if asthma and overuse is not None:
        out.append(sig.finding("severe_breathlessness", E if severe is not None else U, overuse, severe))
    return out


def copd_exacerbation(sig: Signals) -> list[Finding]:
    copd = Condition.COPD in sig.conditions
    trigger = sig.get("copd_flare", "sob_worse", "sputum_change", "inhaler_fail", "reliever_overuse")
    if copd and trigger is None:
        # Severe breathlessness, or a chest infection with any breathlessness, is an exacerbation in COPD.
        infection = sig.get("resp_infection")
        trigger = sig.get("severe_sob", "cyanosis") or (infection if sig.has("sob_mild", "severe_sob") else None)
        oxygen = low_oxygen(sig)
        if trigger is None and oxygen is not None:
            return [oxygen]
    if trigger is None:
        return []
    if not copd:
        failing = sig.get("inhaler_fail")
        if failing is None or Condition.ASTHMA in sig.conditions:
            return []
        trigger = failing  # someone using an inhaler that no longer helps
    severe = sig.get("severe_sob", "cyanosis", "confusion", "drowsy")
    oxygen = low_oxygen(sig) if copd else None
    if severe is None and oxygen is not None and oxygen.level is E:
        return [oxygen]
    return [sig.finding("copd_exacerbation", E if severe is not None else U, trigger, severe)]


def anaphylaxis(sig: Signals) -> list[Finding]:
    airway = sig.get("throat_swell", "lip_swell", "tongue_thick")
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


_SWOLLEN_OR_UNUSABLE = re.compile(r"肿|不敢|不了|不下|不住|不成|瘸|swoll|too much|can'?t|cannot|limp")


_TODAY = re.compile(r"今天|今早|今晨|刚才|刚刚|刚摔|早上|上午|中午|下午|晚上"
                    r"|(?<![a-z])(?:today|this (?:morning|afternoon|evening)|just now|an hour ago|tonight)(?![a-z])")


def _fell_days_ago(sig: Signals, fall: Mention) -> bool:
    """前几天摔了一跤 / fell five days back: the days-ago is said of the fall itself, and nothing dates it to today."""
    if _TODAY.search(sig.text):
        return False
    return any((m.end <= fall.start and fall.start - m.end <= 8) or (fall.end <= m.start and m.start - fall.end <= 30)
               for m in sig.all_of("days_ago"))


def fall_injury(sig: Signals) -> list[Finding]:
    """A fall, or a knock to the head without one (GUIDE, fall_injury)."""
    fall = sig.get("fall")
    head = sig.get("head_strike")
    if fall is None:
        # The head alone: on a blood thinner an emergency even without symptoms; at 80 or over seen today.
        if head is None or not (sig.anticoagulated or (sig.age is not None and sig.age >= VERY_OLD)):
            return []
        return [sig.finding("fall_injury", E if sig.anticoagulated else U, head)]
    out_cold = sig.get("unconscious")
    stuck = sig.get("cant_get_up")
    still_down = sig.get("long_lie_now")
    broken = sig.get("deformity")
    hurt = sig.get("fracture_sign")
    if out_cold is not None:
        return [sig.finding("fall_injury", E, fall, out_cold)]
    if head is not None and sig.anticoagulated:
        return [sig.finding("fall_injury", E, fall, head)]
    # On a blood thinner a bleed inside the head can show days after the fall: headache, vomiting, drowsiness,
    # said of the one who fell.
    late = next((m for m in sig.all_of("headache", "vomiting", "drowsy", "confusion") if m.subject == fall.subject),
                None) if sig.anticoagulated else None
    if late is not None:
        return [sig.finding("fall_injury", E, fall, late)]
    # Knowledge items 38 and 41: a fall after which the person cannot stand, or may have broken a bone,
    # needs 120 when they are still on the floor, the limb is deformed with faintness, or a hip is hurt
    # too much to stand.
    if still_down is not None or (broken is not None and sig.has("presyncope", "syncope", "dizziness")):
        return [sig.finding("fall_injury", E, fall, still_down or broken)]
    if stuck is not None and (hurt or broken) is not None:
        return [sig.finding("fall_injury", E, fall, stuck, hurt or broken)]
    # Unknown age (no member record) is treated as older: the safer assumption. Osteoporosis makes
    # bones break like an older person's.
    older = sig.elder or (sig.subject == "self" and sig.age is None and sig.member is None)
    fragile = older or Condition.OSTEOPOROSIS in sig.conditions
    # On a blood thinner a recent fall is seen the same day; one from days ago that is healing is not urgent.
    thinned = sig.anticoagulated and not _fell_days_ago(sig, fall)
    # A possible fracture (a swollen wrist, a leg that cannot take weight) is seen today at any age (GUIDE,
    # fall_injury); an ache alone only in someone whose bones break easily.
    fractured = hurt if hurt is not None and _SWOLLEN_OR_UNUSABLE.search(hurt.evidence.lower()) else None
    if broken is not None or fractured is not None or (fragile and (head or stuck or hurt or thinned)):
        return [sig.finding("fall_injury", U, fall, broken or fractured or head or stuck or hurt)]
    if older or head is not None or stuck is not None:
        return [sig.finding("fall_injury", R, fall, head or stuck)]
    return []


def seizure(sig: Signals) -> list[Finding]:
    """A fit still going on or a second one (fit_now), lasting 5 minutes or more, a first fit, or one that leaves them
    unrousable: emergency. A known epileptic's fit that is over, with them back to normal: urgent. A fit told with
    nothing more: emergency."""
    fit = sig.get("seizure", "fit_long")
    if fit is None:
        return []
    worse = sig.get("fit_long", "fit_now", "fit_first", "unconscious")
    if worse is not None:
        return [sig.finding("seizure", E, fit, worse)]
    known = sig.get("epilepsy_known")
    # Back to normal after the fit, said after it: "back to normal. My husband just had a seizure" is not.
    over = next((m for m in sig.all_of("fit_over") if m.start > fit.start), None)
    if known is not None and over is not None:
        return [sig.finding("seizure", U, fit, over)]
    return [sig.finding("seizure", E, fit)]

