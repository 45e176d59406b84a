"""Lease due outbox rows, send them, record the outcome.

A row is leased (status "sending", lease owner and expiry, attempts + 1) in one atomic UPDATE:
`FOR UPDATE SKIP LOCKED` picks the rows on PostgreSQL, so concurrent workers never share one;
SQLite serialises writers, so the same UPDATE ... WHERE status/lease is atomic there. Sends run
outside any transaction. A worker that dies mid-send leaves a lease that expires; the row is
then sent once more (at most one duplicate), and a lease that expires on the final attempt
marks the row failed instead.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope
from coach.outbox.models import OutboxJob, OutboxPolicy, OutboxStats, Sender, SendResult

log = logging.getLogger("coach.outbox")
E = m.OutboxEntry
PRIORITY = {"emergency": 0, "reply": 1, "alert": 1}  # everything else (nudges) after


def worker_id() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _due(now: Any) -> ColumnElement[bool]:
    pending = and_(E.status == "pending", E.next_attempt_at <= now)
    expired = and_(E.status == "sending", E.lease_until < now)
    return or_(pending, expired)


def _fail_exhausted(session: Session, now: Any, policy: OutboxPolicy, channels: list[str]) -> int:
    """A lease that ran out on the final attempt: the sender died; do not send a further time."""
    rows = session.execute(
        update(E)
        .where(E.status == "sending", E.lease_until < now, E.attempts >= policy.max_attempts, E.channel.in_(channels))
        .values(status="failed", lease_owner=None, lease_until=None, last_error="lease expired on the final attempt")
        .returning(E.id, E.channel, E.kind),
        execution_options={"synchronize_session": False},
    ).all()
    for row_id, channel, kind in rows:
        log.error("ALERT outbox %s channel=%s kind=%s failed: lease expired on the final attempt", row_id, channel, kind)
    return len(rows)


def lease_batch(
    session_factory: sessionmaker[Session],
    clock: Clock,
    *,
    owner: str,
    channels: Iterable[str],
    batch: int = 20,
    policy: OutboxPolicy | None = None,
    stats: OutboxStats | None = None,
) -> list[OutboxJob]:
    """Atomically take up to `batch` due rows on `channels` (emergencies first, then oldest)."""
    policy = policy or OutboxPolicy()
    wanted = sorted(set(channels))
    if not wanted or batch < 1:
        return []
    now = clock.now()
    with session_scope(session_factory) as session:
        expired = _fail_exhausted(session, now, policy, wanted)
        if stats is not None:
            stats.expired += expired
        order = case(PRIORITY, value=E.kind, else_=9)
        pick = select(E.id).where(_due(now), E.channel.in_(wanted)).order_by(order, E.next_attempt_at, E.id).limit(batch)
        if session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        rows = session.execute(
            update(E)
            .where(E.id.in_(pick.scalar_subquery()), _due(now))
            .values(status="sending", lease_owner=owner, lease_until=now + policy.lease, attempts=E.attempts + 1)
            .returning(E.id, E.channel, E.kind, E.payload, E.idempotency_key, E.attempts, E.member_id,
                       E.clinician_id, E.created_at),
            execution_options={"synchronize_session": False},
        ).all()
    jobs = [OutboxJob(r.id, r.channel, r.kind, dict(r.payload or {}), r.idempotency_key, r.attempts, r.member_id,
                      r.clinician_id, r.created_at) for r in rows]
    return sorted(jobs, key=lambda j: (PRIORITY.get(j.kind, 9), j.id))


def _send(sender: Sender, job: OutboxJob) -> SendResult:
    try:
        return sender.send(job)
    except Exception as exc:  # a sender bug or an unexpected transport error: retry later
        log.exception("outbox %s channel=%s: sender raised", job.id, job.channel)
        return SendResult.retry(f"sender error: {type(exc).__name__}")


def complete(
    session_factory: sessionmaker[Session],
    clock: Clock,
    job: OutboxJob,
    result: SendResult,
    *,
    owner: str,
    policy: OutboxPolicy,
    rng: random.Random,
) -> str:
    """Record the outcome of one send; returns the new status ("lost" if the lease was taken over)."""
    now = clock.now()
    values: dict[str, Any] = {"lease_owner": None, "lease_until": None, "last_error": result.error}
    if result.payload_update:
        values["payload"] = {**job.payload, **result.payload_update}
    if result.outcome == "sent":
        values.update(status="sent", sent_at=now)
    elif result.outcome == "retry" and job.attempts < policy.max_attempts:
        values.update(status="pending", next_attempt_at=now + (result.retry_after or policy.backoff(job.attempts, rng)))
    elif result.outcome == "undeliverable":
        values.update(status="undeliverable")
    else:
        values.update(status="failed")
    with session_scope(session_factory) as session:
        done = session.execute(
            update(E).where(E.id == job.id, E.status == "sending", E.lease_owner == owner).values(**values),
            execution_options={"synchronize_session": False},
        )
    if getattr(done, "rowcount", 1) == 0:
        log.warning("outbox %s: lease lost before the outcome (%s) was recorded", job.id, result.outcome)
        return "lost"
    status = str(values["status"])
    if status == "failed":
        log.error("ALERT outbox %s channel=%s kind=%s failed after %d attempt(s): %s", job.id, job.channel, job.kind,
                  job.attempts, result.error)
    elif status == "undeliverable":
        log.warning("outbox %s channel=%s kind=%s undeliverable: %s", job.id, job.channel, job.kind, result.error)
    return status


def run_once(
    session_factory: sessionmaker[Session],
    clock: Clock,
    senders: Mapping[str, Sender],
    *,
    batch: int = 20,
    owner: str | None = None,
    policy: OutboxPolicy | None = None,
    rng: random.Random | None = None,
) -> OutboxStats:
    """One pass: lease up to `batch` due rows on the channels that have a sender, send, record.
    Rows on channels without a sender stay pending for a process that has one."""
    policy = policy or OutboxPolicy()
    rng = rng or random.Random()
    owner = owner or worker_id()
    stats = OutboxStats()
    jobs = lease_batch(session_factory, clock, owner=owner, channels=senders.keys(), batch=batch, policy=policy,
                       stats=stats)
    stats.leased = len(jobs)
    for job in jobs:
        result = _send(senders[job.channel], job)
        stats.count(complete(session_factory, clock, job, result, owner=owner, policy=policy, rng=rng))
    return stats


class LogSender:
    """Channel "log": a line per entry (ids and kind only), for development and as a fallback."""

    def send(self, job: OutboxJob) -> SendResult:
        log.info("outbox %s kind=%s member=%s delivered to the log", job.id, job.kind, job.member_id)
        return SendResult.sent()
