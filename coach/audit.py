"""Append-only audit log of every view of and action on member data.

The only write is `record`; there is deliberately no update or delete function, and the ORM
refuses to flush a change to or a deletion of an existing entry. Entries hold ids and codes only:
never message text, names or channel ids (openid), so the log can outlive an erased member.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Mapper, Session

from coach.clock import Clock
from coach.db import models as m
from coach.errors import ConflictError, ValidationFailed

ACTOR_TYPES = frozenset({"clinician", "api", "system"})


class AuditLogImmutable(ConflictError):
    code = "audit_immutable"


def record(
    session: Session,
    clock: Clock,
    actor_type: str,
    actor_id: str | int | None,
    action: str,
    member_id: int | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> m.AuditEntry:
    """Append one entry (flushed with the caller's unit of work, so it commits or rolls back with it)."""
    if actor_type not in ACTOR_TYPES:
        raise ValidationFailed(f"unknown audit actor type {actor_type!r}", field="actor_type")
    if not action or len(action) > 48:
        raise ValidationFailed("audit action must be 1-48 characters", field="action")
    entry = m.AuditEntry(
        at=clock.now(),
        actor_type=actor_type,
        actor_id=None if actor_id is None else str(actor_id),
        action=action,
        member_id=member_id,
        target=target,
        detail=dict(detail or {}),
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    *,
    member_id: int | None = None,
    action: str | None = None,
    limit: int = 500,
) -> list[m.AuditEntry]:
    """Read entries, oldest first (for review screens and tests)."""
    query = select(m.AuditEntry)
    if member_id is not None:
        query = query.where(m.AuditEntry.member_id == member_id)
    if action is not None:
        query = query.where(m.AuditEntry.action == action)
    return list(session.scalars(query.order_by(m.AuditEntry.id).limit(limit)))


def _refuse(_mapper: Mapper[Any], _connection: Any, target: m.AuditEntry) -> None:
    raise AuditLogImmutable(f"audit entry {target.id} is append-only")


event.listen(m.AuditEntry, "before_update", _refuse)
event.listen(m.AuditEntry, "before_delete", _refuse)
