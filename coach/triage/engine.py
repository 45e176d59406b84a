"""The deterministic red-flag triage engine.

Runs before anything else on every member message and every new observation.
It never calls a language model, and nothing in the member's text can switch it
off: instructions such as "don't escalate" are blanked before matching, and the
unblanked text is triaged as well, keeping whichever result is higher.
If this code raises, the caller must treat the message as needing a human.
"""

from __future__ import annotations

from collections.abc import Callable

from coach.members.snapshot import ObservationRecord
from coach.triage.models import NO_FINDINGS, Finding, TriageContext, TriageResult, combine
from coach.triage.observations import observation_findings
from coach.triage.rules_cardio import acs, arrhythmia_syncope, heart_failure, hypertensive_crisis
from coach.triage.rules_metabolic import ckd_danger, gi_bleed, hyperglycaemia, hypoglycaemia, suicide_risk
from coach.triage.rules_neuro_resp import (
    anaphylaxis,
    copd_exacerbation,
    fall_injury,
    severe_breathlessness,
    stroke,
    vision_loss,
)
from coach.triage.signals import Signals, extract_signals
from coach.triage.text import mask_directives, mask_lookalikes, normalise

Rule = Callable[[Signals], list[Finding]]

RULES: tuple[Rule, ...] = (
    acs,
    stroke,
    severe_breathlessness,
    hypertensive_crisis,
    hypoglycaemia,
    hyperglycaemia,
    heart_failure,
    ckd_danger,
    suicide_risk,
    anaphylaxis,
    gi_bleed,
    arrhythmia_syncope,
    fall_injury,
    copd_exacerbation,
    vision_loss,
)


def triage_message(text: str, ctx: TriageContext) -> TriageResult:
    """Triage one free-text message from (or about) the member."""
    if not text or not text.strip():
        return NO_FINDINGS
    plain = mask_lookalikes(normalise(text))
    variants = dict.fromkeys((plain, mask_directives(plain)))
    findings: list[Finding] = []
    for prepared in variants:
        for signals in extract_signals(text, prepared, ctx.member, ctx.now):
            for rule in RULES:
                findings.extend(rule(signals))
    return combine(findings)


def triage_observation(obs: ObservationRecord, ctx: TriageContext) -> TriageResult:
    """Triage one structured observation, using the member's history (e.g. weight 3 days ago)."""
    return combine(observation_findings(obs, ctx))
