"""Triage of one structured observation (a device upload, a lab result, a recorded fall)."""

from __future__ import annotations

from coach.members.snapshot import ObservationRecord
from coach.members.vocabulary import Condition, DrugClass
from coach.triage.models import Finding, TriageContext, TriageLevel
from coach.triage.rules_cardio import (
    BP_CRISIS_DIASTOLIC,
    BP_CRISIS_SYSTOLIC,
    BP_ROUTINE,
    BP_URGENT_DIASTOLIC,
    HF_GAIN_KG,
    HF_OVERNIGHT_GAIN_KG,
    HR_SYMPTOMATIC_HIGH,
    HR_SYMPTOMATIC_LOW,
    HR_URGENT_HIGH,
    HR_URGENT_LOW,
    weight_gain_from_history,
    weight_gain_overnight,
)
from coach.triage.rules_metabolic import (
    GLUCOSE_HIGH,
    GLUCOSE_LOW,
    GLUCOSE_ROUTINE_HIGH,
    GLUCOSE_SEVERE_LOW,
    HBA1C_ROUTINE_HIGH,
    egfr_level,
    potassium_level,
    previous_egfr,
)
from coach.triage.signals import ELDER_AGE

E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


def observation_findings(obs: ObservationRecord, ctx: TriageContext) -> list[Finding]:
    value = obs.value
    kind = obs.kind
    if kind == "blood_pressure":
        return _blood_pressure(obs)
    if kind == "fall":
        return _fall(obs, ctx)
    if value is None:
        return []
    evidence = f"{kind} {value:g}"
    if kind == "glucose":
        if value < GLUCOSE_LOW:
            return [_f("hypoglycaemia", E if value < GLUCOSE_SEVERE_LOW else U, evidence)]
        if value >= GLUCOSE_HIGH:
            return [_f("hyperglycaemia", U, evidence)]
        return [_f("hyperglycaemia", R, evidence)] if value >= GLUCOSE_ROUTINE_HIGH else []
    if kind == "hba1c":
        return [_f("hyperglycaemia", R, evidence)] if value >= HBA1C_ROUTINE_HIGH else []
    if kind == "potassium":
        level = potassium_level(value)
        return [_f("ckd_danger", level, evidence)] if level is not None else []
    if kind == "egfr":
        previous = previous_egfr(ctx.member, obs.observed_at)
        level = egfr_level(value, previous)
        if previous is not None:
            evidence += f" (previous {previous:g})"
        return [_f("ckd_danger", level, evidence)] if level is not None else []
    if kind == "heart_rate":
        if value >= HR_URGENT_HIGH or value <= HR_URGENT_LOW:
            return [_f("arrhythmia_syncope", U, evidence)]
        if value >= HR_SYMPTOMATIC_HIGH or value <= HR_SYMPTOMATIC_LOW:
            return [_f("arrhythmia_syncope", R, evidence)]
        return []
    if kind == "weight":
        has_hf = ctx.member is not None and ctx.member.has(Condition.HEART_FAILURE)
        gained = weight_gain_from_history(ctx.member, value, obs.observed_at, exclude=obs)
        if gained is not None and gained > HF_GAIN_KG:
            return [_f("heart_failure_decompensation", U if has_hf else R, f"{evidence} (+{gained:.1f} kg in 3 days)")]
        overnight = weight_gain_overnight(ctx.member, value, obs.observed_at, exclude=obs)
        if has_hf and overnight is not None and overnight > HF_OVERNIGHT_GAIN_KG:
            return [_f("heart_failure_decompensation", U, f"{evidence} (+{overnight:.1f} kg since the day before)")]
        return []
    return []


def _f(reason: str, level: TriageLevel, evidence: str) -> Finding:
    return Finding(reason=reason, level=level, evidence=evidence, span=None)


def _blood_pressure(obs: ObservationRecord) -> list[Finding]:
    systolic, diastolic = obs.systolic or 0, obs.diastolic or 0
    evidence = f"blood_pressure {obs.systolic}/{obs.diastolic}"
    if systolic >= BP_CRISIS_SYSTOLIC or diastolic >= BP_CRISIS_DIASTOLIC or diastolic >= BP_URGENT_DIASTOLIC:
        return [_f("hypertensive_crisis", U, evidence)]
    if systolic >= BP_ROUTINE[0] or diastolic >= BP_ROUTINE[1]:
        return [_f("hypertensive_crisis", R, evidence)]
    return []


def _fall(obs: ObservationRecord, ctx: TriageContext) -> list[Finding]:
    injury = " ".join(obs.attributes.values()).lower()
    member = ctx.member
    older = member is None or member.age_on(ctx.now.date()) >= ELDER_AGE
    anticoagulated = member is not None and DrugClass.ANTICOAGULANT in member.drug_classes(ctx.now.date())
    head = "head" in injury
    evidence = f"fall ({injury or 'no injury recorded'})"
    if "unconscious" in injury or (head and anticoagulated):
        return [_f("fall_injury", E, evidence)]
    serious = head or any(w in injury for w in ("unable_to_get_up", "long_lie", "fracture", "hip"))
    if older and (serious or anticoagulated):
        return [_f("fall_injury", U, evidence)]
    return [_f("fall_injury", R, evidence)] if older or serious else []
