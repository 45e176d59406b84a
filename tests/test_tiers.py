"""Three-tier care: scoring, ranking into ~15 / 25 / 60 %, the stored tier and what a tier changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.clock import FixedClock
from coach.db import models as m
from coach.tiers import (
    CareTier,
    TierInputs,
    assign_tiers,
    cadence_factor,
    notify,
    recompute_tiers,
    reminder_cadence_days,
    risk_score,
)

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
CM, PREV, DIGITAL = CareTier.CASE_MANAGEMENT, CareTier.PREVENTIVE, CareTier.DIGITAL


# ---------------------------------------------------------------- pure ranking and scoring


def test_top_15_percent_case_management_next_25_preventive_rest_digital() -> None:
    tiers = assign_tiers({member_id: float(member_id) for member_id in range(1, 101)})
    assert [tiers[i] for i in (100, 86, 85, 61, 60, 1)] == [CM, CM, PREV, PREV, DIGITAL, DIGITAL]
    assert sum(t is CM for t in tiers.values()) == 15
    assert sum(t is PREV for t in tiers.values()) == 25


def test_equal_scores_share_a_tier_and_zero_is_always_digital() -> None:
    scores = {1: 9.0, 2: 8.0, 3: 5.0, 4: 5.0, 5: 5.0, 6: 1.0, 7: 0.0, 8: 0.0, 9: 0.0, 10: 0.0}
    tiers = assign_tiers(scores)
    # 10 members: 2 case-management places, 4 places up to preventive; the three tied at 5.0 start at rank 2.
    assert (tiers[1], tiers[2]) == (CM, CM)
    assert {tiers[3], tiers[4], tiers[5]} == {PREV}
    assert all(tiers[i] is DIGITAL for i in (6, 7, 8, 9, 10))
    assert assign_tiers({1: 0.0, 2: 0.0}) == {1: DIGITAL, 2: DIGITAL}
    assert assign_tiers({1: 0.5}) == {1: CM}  # a share of one member rounds up


def test_a_tie_straddling_the_cut_goes_to_the_higher_tier() -> None:
    scores = {i: 3.0 for i in range(1, 5)} | {i: 1.0 for i in range(5, 21)}
    tiers = assign_tiers(scores)
    assert sum(t is CM for t in tiers.values()) == 4  # all four tied at the top, above the 3 places


def test_risk_score_adds_conditions_admissions_red_flags_and_gaps() -> None:
    assert risk_score(TierInputs(), NOW) == 0
    assert risk_score(TierInputs(conditions={"diabetes", "hypertension"}), NOW) == 3
    assert risk_score(TierInputs(conditions={"diabetes", "hypertension", "ckd"}), NOW) == 8  # 2+1+3 +2 multimorbid
    assert risk_score(TierInputs(conditions={"smoking"}), NOW) == 0
    admitted = TierInputs(discharges=[NOW - timedelta(days=10), NOW - timedelta(days=200)])
    assert risk_score(admitted, NOW) == 4 + 2 + 2
    assert risk_score(TierInputs(discharges=[NOW - timedelta(days=400)]), NOW) == 0
    flags = TierInputs(open_escalations=["emergency", "routine"], recent_closed_escalations=5)
    assert risk_score(flags, NOW) == 6 + 1 + 6
    assert risk_score(TierInputs(overdue_gaps=4, due_gaps=6), NOW) == 5  # capped


def test_tier_changes_reminder_cadence_and_who_is_notified() -> None:
    assert (cadence_factor("case_management"), cadence_factor("preventive"), cadence_factor("digital")) == (
        0.5, 1.0, 2.0)
    assert cadence_factor("unknown") == 2.0
    assert reminder_cadence_days(30, "case_management") == 15
    assert reminder_cadence_days(7, "digital") == 14
    assert reminder_cadence_days(1, "case_management") == 1
    assert reminder_cadence_days(1, "digital", kind="medication") == 1
    assert notify("case_management") == ("case_manager", "family_doctor")
    assert notify("digital") == ()


# ---------------------------------------------------------------- stored tiers


def add_member(session: Session, name: str, codes: dict[str, str] | None = None, tier: str = "digital") -> m.Member:
    member = m.Member(external_id=name, sex="F", birth_date=date(1960, 1, 1), care_tier=tier, created_at=NOW,
                      updated_at=NOW)
    member.conditions = [m.MemberCondition(icd10_code=code, canonical=canonical)
                         for code, canonical in (codes or {}).items()]
    session.add(member)
    session.flush()
    return member


def test_recompute_tiers_stores_tiers_and_reports_changes(session: Session) -> None:
    healthy = [add_member(session, f"h{i}") for i in range(15)]
    add_member(session, "chronic", {"E11": "diabetes", "I10": "hypertension"})
    add_member(session, "frail", {"I50": "heart_failure", "N18": "ckd", "J44": "copd"})
    flagged = add_member(session, "flagged", {"I10": "hypertension"})
    admitted = add_member(session, "admitted", tier="case_management")
    gappy = add_member(session, "gappy")
    session.add(m.Escalation(member_id=flagged.id, level="emergency", reasons=["acs"], evidence=[], status="open",
                             source="message", opened_at=NOW, last_seen_at=NOW, sla_due_at=NOW))
    session.add(m.Observation(member_id=admitted.id, kind="hospital_discharge", attributes={"diagnosis": "J18"},
                              observed_at=NOW - timedelta(days=5), created_at=NOW))
    for item, status in ((16, "overdue"), (17, "due"), (1, "overdue")):
        session.add(m.CareGap(member_id=gappy.id, item=item, status=status, reason="x", computed_at=NOW))
    session.commit()

    report = recompute_tiers(session, FixedClock(NOW))

    stored = dict(session.execute(select(m.Member.external_id, m.Member.care_tier)).all())
    # 20 members: 3 case-management places (frail 12, flagged 7, admitted 6), 8 up to preventive.
    assert [stored[n] for n in ("frail", "flagged", "admitted")] == ["case_management"] * 3
    assert [stored[n] for n in ("chronic", "gappy")] == ["preventive", "preventive"]
    assert all(stored[h.external_id] == "digital" for h in healthy)
    assert report.members == 20
    assert report.counts == {"case_management": 3, "preventive": 2, "digital": 15}  # score 0 stays digital
    assert report.changed == 4  # admitted already was case management
    assert report.min_score["case_management"] == 6.0
    assert report.min_score["preventive"] == 1.5  # gappy: overdue 1 + due 0.5; the self-tracking item 1 not counted
    assert recompute_tiers(session, FixedClock(NOW)).changed == 0


@pytest.mark.parametrize("status", ["resolved", "cancelled"])
def test_closed_escalations_count_only_when_recent_and_not_cancelled(session: Session, status: str) -> None:
    member = add_member(session, "m")
    for days in (10, 120):
        at = NOW - timedelta(days=days)
        session.add(m.Escalation(member_id=member.id, level="urgent", reasons=["x"], evidence=[], status=status,
                                 source="message", opened_at=at, last_seen_at=at, sla_due_at=at))
    session.commit()
    recompute_tiers(session, FixedClock(NOW))
    session.expire_all()
    tier = session.scalar(select(m.Member.care_tier).where(m.Member.id == member.id))
    assert tier == ("case_management" if status == "resolved" else "digital")
