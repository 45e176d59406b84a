"""The audit log: append-only, ids and codes only, written with the caller's unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import FixedClock
from coach.db import models as m
from coach.errors import ValidationFailed
from coach.members.store import MemberStore
from tests.test_console_support import make_member


def test_record_appends_an_entry_with_time_actor_and_target(session: Session, clock: FixedClock) -> None:
    first = audit.record(session, clock, "clinician", 7, "console.ticket.view", 42, "escalation:3", {"x": 1})
    clock.advance(timedelta(seconds=5))
    second = audit.record(session, clock, "api", "api", "escalation.list")
    session.commit()

    rows = audit.entries(session)
    assert rows == [first, second]
    assert (first.at, first.actor_type, first.actor_id, first.action, first.member_id, first.target, first.detail) == (
        clock.now() - timedelta(seconds=5), "clinician", "7", "console.ticket.view", 42, "escalation:3", {"x": 1}
    )
    assert (second.member_id, second.target, second.detail) == (None, None, {})
    assert audit.entries(session, member_id=42) == [first]
    assert audit.entries(session, action="escalation.list") == [second]


def test_entries_cannot_be_changed_or_deleted(session: Session, clock: FixedClock) -> None:
    entry = audit.record(session, clock, "system", None, "escalation.breach", 1)
    session.commit()

    entry.action = "something.else"
    with pytest.raises(audit.AuditLogImmutable):
        session.flush()
    session.rollback()

    session.delete(session.get(m.AuditEntry, entry.id))
    with pytest.raises(audit.AuditLogImmutable):
        session.flush()
    session.rollback()
    assert session.get(m.AuditEntry, entry.id).action == "escalation.breach"  # type: ignore[union-attr]
    assert not any(name.startswith(("update", "delete", "remove", "edit")) for name in dir(audit))


def test_bad_actor_type_or_action_is_refused(session: Session, clock: FixedClock) -> None:
    with pytest.raises(ValidationFailed):
        audit.record(session, clock, "robot", None, "x")
    with pytest.raises(ValidationFailed):
        audit.record(session, clock, "system", None, "")
    assert session.scalar(select(func.count()).select_from(m.AuditEntry)) == 0


def test_entries_roll_back_with_the_unit_of_work(session: Session, clock: FixedClock) -> None:
    audit.record(session, clock, "system", None, "escalation.open", 5)
    session.rollback()
    assert audit.entries(session) == []


def test_the_log_outlives_an_erased_member(session: Session, clock: FixedClock) -> None:
    member = make_member(session, clock)
    audit.record(session, clock, "clinician", 1, "console.ticket.view", member.id, "escalation:1")
    session.commit()
    MemberStore(session, clock).erase(member.id)
    session.commit()
    assert [e.member_id for e in audit.entries(session)] == [member.id]
