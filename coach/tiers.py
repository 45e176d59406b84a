"""Three-tier care: rank members by need, store the tier, and say what each tier changes.

From the seed (000_...txt, 三级关懷體系): the top ~15 % of members get case management, the
middle ~25 % preventive intervention, the remaining ~60 % convenient digital service.

Score (higher = more need), from what the service knows about the member:

* conditions: a weight per chronic condition (heart failure 4, CKD/COPD/post-MI/stroke 3,
  diabetes/CHD/AF/TIA/schizophrenia 2, others 1), +2 with three or more chronic conditions;
* recent admissions: hospital discharges in the last 365 days, 4 for the first and 2 for
  each further one (up to 3), +2 more when the latest was within 30 days;
* red flags: open (open/acknowledged) escalations, 6 emergency / 4 urgent / 1 routine,
  plus 2 for each escalation opened in the last 90 days that is already closed (up to 3);
* open gaps from the care_gaps table (run refresh_all first): 1 per overdue and 0.5 per due
  clinical item, capped at 5. Self-tracking items (1, 2) do not count.

Ranking: members are sorted by score; a member's tier is decided by the position of the
first member with the same score (competition ranking), so equal scores always share a tier
and the shares are approximate. A score of 0 is always "digital".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m


class CareTier(StrEnum):
    CASE_MANAGEMENT = "case_management"
    PREVENTIVE = "preventive"
    DIGITAL = "digital"


TIER_SHARES = {CareTier.CASE_MANAGEMENT: 0.15, CareTier.PREVENTIVE: 0.25}
CONDITION_WEIGHTS: dict[str, float] = {
    "heart_failure": 4, "ckd": 3, "copd": 3, "post_mi": 3, "stroke": 3, "diabetes": 2, "coronary_heart_disease": 2,
    "atrial_fibrillation": 2, "tia": 2, "schizophrenia": 2, "hypertension": 1, "hyperlipidaemia": 1, "asthma": 1,
    "depression": 1, "osteoporosis": 1, "obesity": 1, "hypertensive_heart_disease": 1, "aortic_aneurysm": 1,
}
ESCALATION_WEIGHTS = {"emergency": 6.0, "urgent": 4.0, "routine": 1.0}
OPEN_ESCALATION = ("open", "acknowledged")
TRACKING_ITEMS = (1, 2)


@dataclass(frozen=True)
class TierPolicy:
    cadence_factor: float  # multiplies a catalog reminder cadence (smaller = more often)
    notify: tuple[str, ...]  # who hears about overdue gaps and red flags besides the member
    review_days: int  # how often a human reviews the member's plan


POLICIES: dict[CareTier, TierPolicy] = {
    CareTier.CASE_MANAGEMENT: TierPolicy(0.5, ("case_manager", "family_doctor"), 7),
    CareTier.PREVENTIVE: TierPolicy(1.0, ("family_doctor",), 30),
    CareTier.DIGITAL: TierPolicy(2.0, (), 365),
}


def policy(tier: str) -> TierPolicy:
    try:
        return POLICIES[CareTier(tier)]
    except ValueError:
        return POLICIES[CareTier.DIGITAL]


def cadence_factor(tier: str) -> float:
    """Reminder cadence multiplier for the nudge planner (unknown tiers behave as digital)."""
    return policy(tier).cadence_factor


def reminder_cadence_days(cadence_days: int, tier: str, kind: str = "") -> int:
    """A catalog reminder cadence adjusted for the tier; dose reminders follow the prescription, unchanged."""
    if kind == "medication":
        return cadence_days
    return max(1, round(cadence_days * cadence_factor(tier)))


def notify(tier: str) -> tuple[str, ...]:
    return policy(tier).notify


@dataclass
class TierInputs:
    conditions: set[str] = field(default_factory=set)
    discharges: list[datetime] = field(default_factory=list)
    open_escalations: list[str] = field(default_factory=list)  # levels
    recent_closed_escalations: int = 0
    overdue_gaps: int = 0
    due_gaps: int = 0


def risk_score(inputs: TierInputs, now: datetime) -> float:
    chronic = [c for c in inputs.conditions if c in CONDITION_WEIGHTS]
    score = sum(CONDITION_WEIGHTS[c] for c in chronic) + (2.0 if len(chronic) >= 3 else 0.0)
    recent = sorted((d for d in inputs.discharges if now - d <= timedelta(days=365)), reverse=True)
    if recent:
        score += 4.0 + 2.0 * min(len(recent) - 1, 2) + (2.0 if now - recent[0] <= timedelta(days=30) else 0.0)
    score += sum(ESCALATION_WEIGHTS.get(level, 1.0) for level in inputs.open_escalations)
    score += 2.0 * min(inputs.recent_closed_escalations, 3)
    score += min(5.0, inputs.overdue_gaps + 0.5 * inputs.due_gaps)
    return score


def assign_tiers(scores: Mapping[int, float]) -> dict[int, CareTier]:
    """Tier per member id from scores (see module docstring for the tie and zero rules)."""
    total = len(scores)
    # Cumulative cuts, rounded up so a small population still gets a case-management place.
    cut_cm = math.ceil(total * TIER_SHARES[CareTier.CASE_MANAGEMENT])
    cut_prev = math.ceil(total * (TIER_SHARES[CareTier.CASE_MANAGEMENT] + TIER_SHARES[CareTier.PREVENTIVE]))
    ranked = sorted(scores.items(), key=lambda entry: (-entry[1], entry[0]))
    tiers: dict[int, CareTier] = {}
    first_rank: dict[float, int] = {}
    for position, (member_id, score) in enumerate(ranked):
        rank = first_rank.setdefault(score, position)
        if score <= 0:
            tiers[member_id] = CareTier.DIGITAL
        elif rank < cut_cm:
            tiers[member_id] = CareTier.CASE_MANAGEMENT
        elif rank < cut_prev:
            tiers[member_id] = CareTier.PREVENTIVE
        else:
            tiers[member_id] = CareTier.DIGITAL
    return tiers


@dataclass(frozen=True)
class TierReport:
    computed_at: datetime
    members: int
    counts: dict[str, int]
    changed: int
    min_score: dict[str, float]  # lowest score in each tier (absent when the tier is empty)


def load_inputs(session: Session, now: datetime) -> dict[int, TierInputs]:
    inputs: dict[int, TierInputs] = defaultdict(TierInputs)
    for member_id, canonical in session.execute(select(m.MemberCondition.member_id, m.MemberCondition.canonical)):
        inputs[member_id].conditions.update(name for name in canonical.split(",") if name)
    for member_id, at in session.execute(
        select(m.Observation.member_id, m.Observation.observed_at)
        .where(m.Observation.kind == "hospital_discharge", m.Observation.observed_at >= now - timedelta(days=365))
    ):
        inputs[member_id].discharges.append(at)
    for member_id, level, status in session.execute(
        select(m.Escalation.member_id, m.Escalation.level, m.Escalation.status).where(or_(
            m.Escalation.status.in_(OPEN_ESCALATION), m.Escalation.opened_at >= now - timedelta(days=90)))
    ):
        if status in OPEN_ESCALATION:
            inputs[member_id].open_escalations.append(level)
        elif status != "cancelled":
            inputs[member_id].recent_closed_escalations += 1
    for member_id, status, count in session.execute(
        select(m.CareGap.member_id, m.CareGap.status, func.count())
        .where(m.CareGap.status != "met", m.CareGap.item.not_in(TRACKING_ITEMS))
        .group_by(m.CareGap.member_id, m.CareGap.status)
    ):
        if status == "overdue":
            inputs[member_id].overdue_gaps += count
        else:
            inputs[member_id].due_gaps += count
    return inputs


def _apply(session: Session, changes: Iterable[tuple[int, CareTier]], now: datetime) -> int:
    by_tier: dict[CareTier, list[int]] = defaultdict(list)
    for member_id, tier in changes:
        by_tier[tier].append(member_id)
    for tier, ids in by_tier.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            session.execute(update(m.Member).where(m.Member.id.in_(chunk)).values(care_tier=tier.value, updated_at=now))
    return sum(len(ids) for ids in by_tier.values())


def recompute_tiers(session: Session, clock: Clock) -> TierReport:
    """Rank every member, store changed tiers in members.care_tier and commit (a scheduled job)."""
    now = clock.now()
    current = dict(session.execute(select(m.Member.id, m.Member.care_tier)).all())
    inputs = load_inputs(session, now)
    scores = {member_id: risk_score(inputs[member_id], now) if member_id in inputs else 0.0 for member_id in current}
    tiers = assign_tiers(scores)
    changed = _apply(session, ((i, t) for i, t in tiers.items() if current[i] != t.value), now)
    session.commit()
    counts = Counter(t.value for t in tiers.values())
    min_score: dict[str, float] = {}
    for member_id, tier in tiers.items():
        min_score[tier.value] = min(min_score.get(tier.value, scores[member_id]), scores[member_id])
    return TierReport(now, len(tiers), {t.value: counts.get(t.value, 0) for t in CareTier}, changed, min_score)
