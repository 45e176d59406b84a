"""Persist care-gap statuses in the care_gaps table: one member on demand, or everyone nightly.

A member's rows are replaced as a whole, so an item that no longer applies disappears.
The stored reason is in the member's language. `refresh_all` commits after every batch so a
long run on SQLite never holds the write lock for more than one batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from coach.care_gaps.dates import local_day
from coach.care_gaps.engine import compute_gaps, evaluate
from coach.care_gaps.loader import iter_member_batches
from coach.care_gaps.models import GapResult
from coach.catalog.models import Catalog
from coach.clock import Clock
from coach.db import models as m
from coach.members.snapshot import MemberSnapshot


@dataclass(frozen=True)
class RefreshReport:
    computed_at: datetime
    members: int
    gaps: int
    excluded: int
    by_status: dict[str, int] = field(default_factory=dict)


def gap_rows(member_id: int, language: str, results: Iterable[GapResult], now: datetime) -> list[dict[str, Any]]:
    return [
        {"member_id": member_id, "item": r.item, "status": r.status.value, "due_date": r.due_date,
         "reason": r.reason(language), "computed_at": now}
        for r in results
    ]


def _replace(session: Session, member_ids: Sequence[int], rows: list[dict[str, Any]]) -> None:
    session.execute(delete(m.CareGap).where(m.CareGap.member_id.in_(member_ids)))
    if rows:
        session.execute(insert(m.CareGap), rows)


def refresh_gaps(
    session: Session, catalog: Catalog, member_row: m.Member, snapshot: MemberSnapshot, as_of: date, now: datetime
) -> list[GapResult]:
    """Recompute one member's gaps as of `as_of` and store them (the caller commits)."""
    results = compute_gaps(catalog, snapshot, as_of, business_line=member_row.business_line)
    _replace(session, [member_row.id], gap_rows(member_row.id, member_row.language, results, now))
    session.flush()
    return results


def refresh_all(
    session: Session,
    catalog: Catalog,
    clock: Clock,
    batch_size: int = 1000,
    *,
    progress: Callable[[int], None] | None = None,
) -> RefreshReport:
    """Recompute and store every member's gaps, as of each member's local today. Commits per batch."""
    now = clock.now()
    members = gaps = excluded = 0
    statuses: Counter[str] = Counter()
    for batch in iter_member_batches(session, now, batch_size=batch_size):
        rows: list[dict[str, Any]] = []
        for loaded in batch:
            snapshot = loaded.snapshot
            report = evaluate(catalog, snapshot, local_day(now, snapshot.timezone), business_line=loaded.business_line)
            rows.extend(gap_rows(snapshot.member_id, snapshot.language, report.results, now))
            statuses.update(r.status.value for r in report.results)
            excluded += len(report.excluded)
        _replace(session, [lm.snapshot.member_id for lm in batch], rows)
        session.commit()
        members += len(batch)
        gaps += len(rows)
        if progress is not None:
            progress(members)
    return RefreshReport(now, members, gaps, excluded, dict(statuses))
