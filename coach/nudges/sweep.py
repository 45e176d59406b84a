"""The reminder sweep: plan every member's due nudges as of a moment and queue them durably.
Only members who consent to health-data processing and have not opted out are planned; both flags
are read by each sweep, so withdrawing consent stops new reminders at once.

Per batch of members, the state is loaded with a few set-based queries (not one query per member),
planned with the pure planner, then the nudge rows and their outbox entries are inserted in one
transaction with ON CONFLICT DO NOTHING on the idempotency keys. A crash mid-sweep rolls back the
batch; the next sweep plans the same keys again, so nothing is lost and nothing is sent twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload, sessionmaker

from coach.catalog.models import Catalog
from coach.db import models as m
from coach.db.engine import session_scope
from coach.members.loading import to_snapshot
from coach.members.snapshot import DoseLogRecord
from coach.nudges.models import MemberNudgeContext, NudgePolicy, PlannedNudge
from coach.nudges.planner import plan_member


@dataclass(frozen=True)
class StoredGap:
    item: int
    status: str
    due_date: date | None
    reason_zh: str
    reason_en: str


@dataclass
class SweepReport:
    as_of: datetime
    members: int = 0
    queued: list[PlannedNudge] = field(default_factory=list)
    deferred: int = 0
    expired: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)


def _insert(session: Session, table: Any, rows: list[dict[str, Any]], returning: Sequence[Any]) -> list[Any]:
    if not rows:
        return []
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    # Executemany with RETURNING ("insertmanyvalues"): one compiled statement for the whole batch.
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(*returning)
    return list(session.execute(statement, rows))


def _grouped(rows: Iterable[Any], key: Callable[[Any], int]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def _contexts(session: Session, members: list[m.Member], now: datetime) -> dict[int, MemberNudgeContext]:
    ids = [row.id for row in members]
    since = now - timedelta(days=31)
    discharges = _grouped(session.execute(
        select(m.Observation.member_id, m.Observation.observed_at).where(
            m.Observation.member_id.in_(ids), m.Observation.kind == "hospital_discharge",
            m.Observation.observed_at >= since)), lambda r: r.member_id)
    resolved = _grouped(session.execute(
        select(m.Escalation.member_id, m.Escalation.id, m.Escalation.resolved_at).where(
            m.Escalation.member_id.in_(ids), m.Escalation.status == "resolved",
            m.Escalation.resolved_at >= now - timedelta(days=3))), lambda r: r.member_id)
    recent = _grouped(session.execute(
        select(m.Nudge.member_id, m.Nudge.idempotency_key, m.Nudge.created_at, m.Nudge.status).where(
            m.Nudge.member_id.in_(ids), m.Nudge.created_at >= now - timedelta(days=3))), lambda r: r.member_id)
    contexts = {}
    for row in members:
        tz = ZoneInfo(row.timezone)
        today = now.astimezone(tz).date()
        mine = recent.get(row.id, [])
        contexts[row.id] = MemberNudgeContext(
            opted_out=row.opt_out_nudges, snooze_until=row.snooze_until,
            discharges=tuple(sorted({r.observed_at.astimezone(tz).date() for r in discharges.get(row.id, [])})),
            resolved_escalations=tuple((r.id, r.resolved_at) for r in resolved.get(row.id, [])),
            already_today=sum(1 for r in mine if r.created_at.astimezone(tz).date() == today
                              and r.status != "skipped"),
            recent_keys=frozenset(r.idempotency_key for r in mine),
        )
    return contexts


def _plan_batch(session: Session, catalog: Catalog, members: list[m.Member], now: datetime,
                policy: NudgePolicy, report: SweepReport) -> list[PlannedNudge]:
    ids = [row.id for row in members]
    members_of = {med.id: row.id for row in members for med in row.medications}
    classes = {med.id: med.drug_class for row in members for med in row.medications}
    dose_rows = session.execute(select(m.DoseLog.member_id, m.DoseLog.medication_id, m.DoseLog.day, m.DoseLog.taken)
                                .where(m.DoseLog.member_id.in_(ids), m.DoseLog.day >= (now - timedelta(days=31)).date()))
    doses = _grouped((DoseLogRecord(r.medication_id, classes.get(r.medication_id, "other"), r.day, r.taken, None)
                      for r in dose_rows), lambda r: members_of[r.medication_id])
    gaps = _grouped(session.execute(select(m.CareGap.member_id, m.CareGap.item, m.CareGap.status, m.CareGap.due_date,
                                           m.CareGap.reason).where(m.CareGap.member_id.in_(ids),
                                                                   m.CareGap.status != "met")),
                    lambda r: r.member_id)
    contexts = _contexts(session, members, now)
    planned: list[PlannedNudge] = []
    for row in members:
        snapshot = replace(to_snapshot(row, [], []), dose_logs=tuple(doses.get(row.id, [])))
        today = now.astimezone(ZoneInfo(row.timezone)).date()
        logged_today = frozenset(d.medication_id for d in doses.get(row.id, []) if d.day == today)
        ctx = replace(contexts[row.id], doses_logged_today=logged_today)
        stored = [StoredGap(g.item, g.status, g.due_date, g.reason, g.reason) for g in gaps.get(row.id, [])]
        plan = plan_member(snapshot, stored, catalog, now, ctx, policy)
        planned += plan.queue
        report.deferred += len(plan.deferred)
        report.expired += len(plan.expired)
    return planned


def _queue(session: Session, planned: list[PlannedNudge], channels: dict[int, str], now: datetime) -> list[PlannedNudge]:
    outbox_rows = [{
        "member_id": n.member_id, "channel": channels.get(n.member_id, "log"), "kind": "nudge",
        "payload": {"text": n.text, "nudge_key": n.key, "nudge_kind": n.kind.value},
        "idempotency_key": f"nudge:{n.key}", "status": "pending", "attempts": 0,
        "next_attempt_at": max(n.deliver_at, now),
        "created_at": now,
    } for n in planned]
    created = {key: id_ for id_, key in _insert(session, m.OutboxEntry.__table__, outbox_rows,
                                                 [m.OutboxEntry.id, m.OutboxEntry.idempotency_key])}
    fresh = [n for n in planned if f"nudge:{n.key}" in created]
    nudge_rows = [{
        "member_id": n.member_id, "kind": n.kind.value, "item": n.item, "medication_id": n.medication_id,
        "due_at": n.due_at, "idempotency_key": n.key, "priority": n.priority, "status": "queued", "text": n.text,
        "expects": n.expects, "outbox_id": created[f"nudge:{n.key}"], "created_at": now,
    } for n in fresh]
    _insert(session, m.Nudge.__table__, nudge_rows, [m.Nudge.id])
    return fresh


def run_sweep(session_factory: sessionmaker[Session], catalog: Catalog, now: datetime, *,
              policy: NudgePolicy | None = None, batch_size: int = 1000,
              member_ids: Sequence[int] | None = None,
              progress: Callable[[int], None] | None = None) -> SweepReport:
    policy = policy or NudgePolicy()
    report = SweepReport(as_of=now)
    last_id = 0
    while True:
        with session_scope(session_factory) as session:
            query = (
                select(m.Member)
                .options(selectinload(m.Member.conditions), selectinload(m.Member.medications))
                .where(m.Member.id > last_id, m.Member.opt_out_nudges.is_(False),
                       m.Member.consent_health_data.is_(True))
            )
            if member_ids is not None:
                query = query.where(m.Member.id.in_(member_ids))
            members = list(session.scalars(query.order_by(m.Member.id).limit(batch_size)))
            if not members:
                break
            last_id = members[-1].id
            wechat = session.scalars(select(m.Conversation.member_id).where(
                m.Conversation.member_id.in_([r.id for r in members]), m.Conversation.channel == "wechat"))
            channels = dict.fromkeys(wechat, "wechat")
            planned = _plan_batch(session, catalog, members, now, policy, report)
            queued = _queue(session, planned, channels, now)
            report.queued += queued
            report.by_kind.update(n.kind.value for n in queued)
            report.members += len(members)
        if progress is not None:
            progress(report.members)
    return report
