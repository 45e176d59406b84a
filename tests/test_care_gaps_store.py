"""Stored care gaps: one member on demand, everyone in batches, and the batch loader's snapshots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.care_gaps import compute_gaps
from coach.care_gaps.loader import iter_member_batches
from coach.care_gaps.store import refresh_all, refresh_gaps
from coach.catalog import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.members.loading import load_snapshot

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)
CATALOG = load_catalog()


def add_member(session: Session, name: str, *, codes: tuple[str, ...] = ("E11",), language: str = "zh",
               business_line: str | None = None) -> m.Member:
    member = m.Member(external_id=name, sex="M", birth_date=date(1966, 5, 2), language=language,
                      business_line=business_line, created_at=NOW, updated_at=NOW)
    member.conditions = [m.MemberCondition(icd10_code=code, canonical="diabetes" if code == "E11" else "")
                         for code in codes]
    member.medications = [m.Medication(name="二甲双胍", drug_class="antidiabetic", times=["08:00"],
                                       start_date=date(2026, 11, 21), created_at=NOW)]
    session.add(member)
    session.flush()
    for offset in range(10):
        session.add(m.DoseLog(member_id=member.id, medication_id=member.medications[0].id,
                              day=TODAY - timedelta(days=offset), slot="08:00", taken=True, logged_at=NOW))
    session.add(m.Observation(member_id=member.id, kind="egfr", value=70.0, unit="mL/min/1.73m2", attributes={},
                              observed_at=datetime(2026, 3, 1, 4, tzinfo=UTC), created_at=NOW))
    session.add(m.Observation(member_id=member.id, kind="eye_exam", attributes={"result": "negative"},
                              observed_at=datetime(2025, 6, 1, 4, tzinfo=UTC), created_at=NOW))
    session.flush()
    return member


def stored(session: Session, member_id: int) -> dict[int, m.CareGap]:
    rows = session.scalars(select(m.CareGap).where(m.CareGap.member_id == member_id))
    return {row.item: row for row in rows}


def test_refresh_gaps_replaces_the_members_rows_in_their_language(session: Session) -> None:
    member = add_member(session, "one", language="en")
    session.add(m.CareGap(member_id=member.id, item=40, status="due", reason="stale", computed_at=NOW))
    snapshot = load_snapshot(session, member, NOW)
    results = refresh_gaps(session, CATALOG, member, snapshot, TODAY, NOW)
    rows = stored(session, member.id)
    assert set(rows) == {r.item for r in results}
    assert 40 not in rows
    assert rows[17].status == "due" and rows[17].due_date == date(2026, 12, 31)
    assert rows[17].reason == "Kidney check this year still needs a urine albumin-creatinine ratio (uACR)"
    assert rows[14].status == "met"


def test_refresh_all_in_batches_matches_one_by_one(session: Session) -> None:
    members = [add_member(session, f"m{i}", language="zh" if i % 2 else "en") for i in range(5)]
    other_line = add_member(session, "supp", business_line="supplementary_medical")
    session.commit()
    seen: list[int] = []
    report = refresh_all(session, CATALOG, FixedClock(NOW), batch_size=2, progress=seen.append)
    assert seen == [2, 4, 6]
    assert report.members == 6
    total = 0
    for member in [*members, other_line]:
        expected = compute_gaps(CATALOG, load_snapshot(session, member, NOW), TODAY,
                                business_line=member.business_line)
        rows = stored(session, member.id)
        assert {i: r.status for i, r in rows.items()} == {g.item: g.status.value for g in expected}
        assert {i: r.reason for i, r in rows.items()} == {g.item: g.reason(member.language) for g in expected}
        total += len(rows)
    assert report.gaps == total
    assert sum(report.by_status.values()) == total
    assert 1 not in stored(session, other_line.id)  # exercise is not sold on supplementary medical


def test_batch_loader_builds_the_same_snapshot_as_the_single_loader(session: Session) -> None:
    member = add_member(session, "same", codes=("E11", "Z99.9"))
    member.weight_low_kg, member.weight_high_kg = 60.0, 65.0
    session.commit()
    batches = list(iter_member_batches(session, NOW, batch_size=10))
    assert len(batches) == 1
    loaded = batches[0][0]
    single = load_snapshot(session, member, NOW)
    # The batch loader leaves out logged_at (no rule needs it); everything else is the same.
    assert loaded.snapshot == replace(single, dose_logs=tuple(replace(d, logged_at=None) for d in single.dose_logs))
    assert loaded.snapshot.dose_logs and loaded.snapshot.observations and loaded.snapshot.medications


def test_batch_loader_filters_by_business_line_and_tier(session: Session) -> None:
    add_member(session, "a", business_line="group_medical")
    add_member(session, "b", business_line="huiminbao")
    session.commit()
    found = [lm.business_line for batch in iter_member_batches(session, NOW, business_line="huiminbao")
             for lm in batch]
    assert found == ["huiminbao"]
    assert list(iter_member_batches(session, NOW, care_tier="preventive")) == []
