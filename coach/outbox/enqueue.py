"""Adding rows to the outbox. The idempotency key is UNIQUE: a second enqueue of the same
message is a no-op, which is what makes retried deliveries and racing paths safe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m

STATUSES = ("pending", "sending", "sent", "failed", "undeliverable")


def enqueue(
    session: Session,
    clock: Clock,
    *,
    channel: str,
    kind: str,
    payload: dict[str, Any],
    idempotency_key: str,
    member_id: int | None = None,
    clinician_id: int | None = None,
    status: str = "pending",
    not_before: datetime | None = None,
) -> m.OutboxEntry | None:
    """Add an entry unless one with this key exists (then None). The insert runs in a savepoint,
    so the caller's unit of work goes on either way. `status="sent"` records a delivery made
    outside the worker (a passive WeChat reply) so nothing else sends it again."""
    if status not in STATUSES or status == "sending":
        raise ValueError(f"cannot enqueue with status {status!r}")
    if not idempotency_key or len(idempotency_key) > 160:
        raise ValueError("idempotency key must be 1-160 characters")
    now = clock.now()
    done = status != "pending"
    entry = m.OutboxEntry(
        member_id=member_id,
        clinician_id=clinician_id,
        channel=channel,
        kind=kind,
        payload=dict(payload),
        idempotency_key=idempotency_key,
        status=status,
        attempts=1 if done else 0,
        next_attempt_at=not_before or now,
        created_at=now,
        sent_at=now if status == "sent" else None,
    )
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError:
        return None
    return entry


def find_entry(session: Session, idempotency_key: str) -> m.OutboxEntry | None:
    return session.scalar(select(m.OutboxEntry).where(m.OutboxEntry.idempotency_key == idempotency_key))
