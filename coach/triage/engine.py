"""The deterministic red-flag triage engine.

Runs before anything else on every member message and every new observation.
It never calls a language model, and nothing in the member's text can switch it
off: instructions and role-play wrappers such as "don't escalate" are blanked
before matching, and the unblanked text is triaged as well, keeping whichever
result is higher. A typo-corrected copy (chset pain, 头通) is triaged too, as are copies that
change length (coach.triage.rewrite): dropped letters restored (sugr) and code-switched English
read as Chinese (左眼 suddenly 全黑了); their findings are mapped back to the original offsets. A
message that points at today's results (结果出来了, just synced my BP) is triaged
together with the member's readings recorded today.
If this code raises, the caller must treat the message as needing a human.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from coach.members.snapshot import ObservationRecord
from coach.triage.codeswitch import read_as_chinese
from coach.triage.dialect import read_as_mandarin
from coach.triage.models import NO_FINDINGS, Finding, TriageContext, TriageResult, combine
from coach.triage.observations import observation_findings
from coach.triage.rewrite import Rewritten
from coach.triage.rules_cardio import acs, arrhythmia_syncope, heart_failure, hypertensive_crisis
from coach.triage.rules_exposures import non_blanching_rash, poisoning
from coach.triage.rules_metabolic import ckd_danger, gi_bleed, hyperglycaemia, hypoglycaemia, suicide_risk
from coach.triage.rules_neuro_resp import (
    anaphylaxis,
    copd_exacerbation,
    fall_injury,
    seizure,
    severe_breathlessness,
    stroke,
    vision_loss,
)
from coach.triage.rules_special import (
    bleeding_on_anticoagulant,
    bowel_obstruction,
    carbon_monoxide,
    child_illness,
    dehydration,
    haemoptysis,
    pregnancy,
    sepsis,
)
from coach.triage.signals import Signals, extract_signals
from coach.triage.text import mask_directives, mask_lookalikes, normalise
from coach.triage.typos import fix_typos, restore_dropped_letters

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
    poisoning,
    non_blanching_rash,
    pregnancy,
    sepsis,
    child_illness,
    dehydration,
    carbon_monoxide,
    bleeding_on_anticoagulant,
    bowel_obstruction,
    haemoptysis,
    seizure,
)


# The member points at a result or reading they have just taken or received.
_REFERS_TO_RESULTS_RE = re.compile(
    r"结果|化验|报告|抽血|验血|查血|数据|读数|指标|同步|上传|刚量|刚测|量完|测完|量了|测了|透析前|透析后"
    r"|(?:体重|血压|血糖|心率)(?:已经)?(?:记|录|称|量|测)(?:好|完|上)|记录好|录好|录入"
    r"|(?<![a-z])(?:results?|labs?|bloods|blood (?:test|work)|readings?|numbers|synced|uploaded|just (?:measured|checked"
    r"|took)|(?:took|checked|measured) my (?:bp|blood pressure|sugar|glucose|weight|pulse|heart rate)"
    r"|(?:logged|recorded|entered) (?:my |today's |the )?(?:weight|bp|blood pressure|sugar|glucose|pulse))(?![a-z])"
)
# "The latest labs": the newest lab result of each kind, even if it was recorded a few days ago.
_LATEST_RE = re.compile(r"最新|最近(?:的|一次)(?:化验|检查|结果|报告)|(?<![a-z])(?:latest|newest|most recent)(?![a-z])")
_LAB_KINDS = frozenset({"potassium", "egfr", "uacr", "ldl", "hba1c"})
_RECENT = timedelta(hours=24)
_RECENT_LAB = timedelta(days=14)  # older lab results count as history (labelling policy)


def triage_message(text: str, ctx: TriageContext) -> TriageResult:
    """Triage one free-text message from (or about) the member."""
    if not text or not text.strip():
        return NO_FINDINGS
    norm = read_as_mandarin(normalise(text))
    plain = mask_lookalikes(norm)
    fixed = [mask_lookalikes(fix_typos(norm, pad_after)) for pad_after in (False, True)]
    variants = dict.fromkeys((plain, mask_directives(plain), *fixed, *map(mask_directives, fixed)))
    findings: list[Finding] = []
    for prepared in variants:
        findings.extend(_run_rules(text, prepared, ctx))
    for rewritten in _rewritten_variants(plain):
        for prepared in dict.fromkeys((rewritten.text, mask_directives(rewritten.text))):
            findings.extend(_map_back(f, rewritten, text) for f in _run_rules(rewritten.text, prepared, ctx))
    if _REFERS_TO_RESULTS_RE.search(norm):
        findings.extend(_todays_observations(ctx, latest_labs=bool(_LATEST_RE.search(norm))))
    return combine(findings)


def _run_rules(source: str, prepared: str, ctx: TriageContext) -> list[Finding]:
    return [f for signals in extract_signals(source, prepared, ctx.member, ctx.now) for rule in RULES for f in rule(signals)]


def _rewritten_variants(plain: str) -> list[Rewritten]:
    """Copies that change length: dropped letters restored, code-switched English read as Chinese, or both."""
    restored = restore_dropped_letters(plain)
    out = [restored] if restored is not None else []
    for base in (Rewritten(plain, tuple((i, i + 1) for i in range(len(plain)))), restored):
        if base is None:
            continue
        chinese = read_as_chinese(base.text)
        if chinese is not None:
            out.append(base.then(chinese))
    return out


def _map_back(finding: Finding, rewritten: Rewritten, text: str) -> Finding:
    """Point a finding made on a rewritten copy back at the member's own words."""
    if finding.span is None:
        return finding
    span = rewritten.source_span(*finding.span)
    return replace(finding, span=span, evidence=f"{text[span[0] : span[1]]} ({finding.evidence})")


def _todays_observations(ctx: TriageContext, latest_labs: bool = False) -> list[Finding]:
    """Findings from the latest reading of each kind recorded in the last 24 hours.

    With `latest_labs` (帮我看一下最新的化验), lab results from the last 14 days count too.
    """
    if ctx.member is None:
        return []
    latest: dict[str, ObservationRecord] = {}
    for obs in ctx.member.observations:
        window = _RECENT_LAB if latest_labs and obs.kind in _LAB_KINDS else _RECENT
        recent = ctx.now - window <= obs.observed_at <= ctx.now
        if recent and (obs.kind not in latest or obs.observed_at >= latest[obs.kind].observed_at):
            latest[obs.kind] = obs
    return [f for obs in latest.values() for f in observation_findings(obs, ctx)]


def triage_observation(obs: ObservationRecord, ctx: TriageContext) -> TriageResult:
    """Triage one structured observation, using the member's history (e.g. weight 3 days ago)."""
    return combine(observation_findings(obs, ctx))
