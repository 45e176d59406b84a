"""Escalation tickets in the domain core: routing, repeats, transitions, SLA breaches, queue order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import FixedClock
from coach.db import models as m
from coach.errors import ConflictError, NotFoundError, ValidationFailed
from coach.escalations.policy import EscalationPolicy
from coach.escalations.service import API
from tests.test_console_support import (
    RecordingNotifier,
    inbound,
    make_clinician,
    make_member,
    service,
)

EVIDENCE = [{"reason": "acs", "evidence": "胸口疼", "span": [1, 4]}]


def kinds(session: Session, escalation_id: int) -> list[str]:
    rows = session.scalars(
        select(m.EscalationEvent.kind).where(m.EscalationEvent.escalation_id == escalation_id)
        .order_by(m.EscalationEvent.id)
    )
    return list(rows)


def test_new_ticket_goes_to_the_family_doctor_with_the_level_sla(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    make_clinician(session, clock, "night", on_call=True)
    member = make_member(session, clock, doctor)
    notifier = RecordingNotifier()
    ticket = service(session, clock, notifier).raise_flag(member.id, "urgent", ["hypertensive_crisis"], [], "message")

    assert ticket.status == "open"
    assert ticket.assigned_clinician_id == doctor.id and ticket.on_call is False
    assert ticket.sla_due_at == clock.now() + timedelta(hours=2)
    assert notifier.calls == [
        {"id": ticket.id, "level": "urgent", "summary": notifier.calls[0]["summary"],
         "recipients": [doctor.id], "reason": "opened"}
    ]
    assert f"#{member.id}" in notifier.calls[0]["summary"] and member.external_id not in notifier.calls[0]["summary"]
    assert kinds(session, ticket.id) == ["opened", "notified"]
    assert [e.action for e in audit.entries(session, member_id=member.id)] == ["escalation.open"]


def test_member_without_a_doctor_goes_to_the_on_call_pool(session: Session, clock: FixedClock) -> None:
    pool = [make_clinician(session, clock, f"night{i}", on_call=True) for i in (1, 2)]
    make_clinician(session, clock, "day")  # not on call: not notified
    member = make_member(session, clock)
    notifier = RecordingNotifier()
    ticket = service(session, clock, notifier).raise_flag(member.id, "emergency", ["stroke"], [], "message")

    assert ticket.assigned_clinician_id is None and ticket.on_call is True
    assert ticket.sla_due_at == clock.now() + timedelta(minutes=5)
    assert notifier.calls[0]["recipients"] == sorted(c.id for c in pool)


def test_inactive_family_doctor_falls_back_to_the_pool(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "gone")
    night = make_clinician(session, clock, "night", on_call=True)
    member = make_member(session, clock, doctor)
    doctor.active = False
    ticket = service(session, clock).raise_flag(member.id, "routine", ["low_mood"], [], "message")
    assert (ticket.assigned_clinician_id, ticket.on_call) == (None, True)
    assert service(session, clock).queue(night) == [ticket]


def test_repeat_of_the_same_reason_attaches_and_upgrades(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    first_msg = inbound(session, clock, member.id, "有点胸口疼")
    notifier = RecordingNotifier()
    svc = service(session, clock, notifier)
    ticket = svc.raise_flag(member.id, "urgent", ["acs"], EVIDENCE, "message", first_msg.id)
    first_due = ticket.sla_due_at

    clock.advance(timedelta(hours=1))
    second_msg = inbound(session, clock, member.id, "胸口疼得更厉害了，出冷汗")
    again = svc.raise_flag(
        member.id, "emergency", ["acs", "diaphoresis"],
        [{"reason": "acs", "evidence": "胸口疼", "span": [0, 3]}], "message", second_msg.id,
    )

    assert again.id == ticket.id
    assert session.scalars(select(m.Escalation)).all() == [ticket]
    assert ticket.repeat_count == 1 and ticket.last_seen_at == clock.now()
    assert ticket.level == "emergency"
    assert ticket.reasons == ["acs", "diaphoresis"]
    assert [e["message_id"] for e in ticket.evidence] == [first_msg.id, second_msg.id]
    assert ticket.sla_due_at == clock.now() + timedelta(minutes=5) < first_due
    assert [c["reason"] for c in notifier.calls] == ["opened", "upgraded"]
    assert kinds(session, ticket.id)[-3:] == ["repeat", "upgraded", "notified"]


def test_repeat_at_a_lower_level_keeps_level_and_does_not_renotify(session: Session, clock: FixedClock) -> None:
    member = make_member(session, clock, make_clinician(session, clock, "wang"))
    notifier = RecordingNotifier()
    svc = service(session, clock, notifier)
    ticket = svc.raise_flag(member.id, "urgent", ["acs"], EVIDENCE, "message")
    session.commit()
    session.expire_all()  # the stored evidence comes back from JSON: the span is a list again
    svc.raise_flag(member.id, "routine", ["acs"], [{"reason": "acs", "evidence": "胸口疼", "span": (1, 4)}], "message")
    assert (ticket.level, ticket.repeat_count, len(ticket.evidence)) == ("urgent", 1, 1)  # same evidence not doubled
    assert [c["reason"] for c in notifier.calls] == ["opened"]


def test_other_reason_or_outside_the_window_opens_a_new_ticket(session: Session, clock: FixedClock) -> None:
    member = make_member(session, clock, make_clinician(session, clock, "wang"))
    svc = service(session, clock, repeat_window=timedelta(hours=6))
    first = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")
    other = svc.raise_flag(member.id, "urgent", ["hypoglycaemia"], [], "message")
    clock.advance(timedelta(hours=6, seconds=1))
    late = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")
    assert len({first.id, other.id, late.id}) == 3
    assert first.repeat_count == other.repeat_count == late.repeat_count == 0


def test_a_closed_ticket_is_not_reused(session: Session, clock: FixedClock) -> None:
    member = make_member(session, clock, make_clinician(session, clock, "wang"))
    svc = service(session, clock)
    first = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")
    svc.resolve(first.id, API, "called the member, seen in clinic")
    second = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")
    assert second.id != first.id and second.status == "open"


def test_lifecycle_and_invalid_transitions(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    svc = service(session, clock)
    ticket = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")

    clock.advance(timedelta(minutes=3))
    svc.acknowledge(ticket.id, doctor)
    assert (ticket.status, ticket.acknowledged_by, ticket.acknowledged_at) == ("acknowledged", doctor.id, clock.now())
    with pytest.raises(ConflictError):
        svc.acknowledge(ticket.id, doctor)
    with pytest.raises(ValidationFailed):
        svc.resolve(ticket.id, doctor, "   ")
    svc.resolve(ticket.id, doctor, "BP rechecked 150/95, GP visit booked")
    assert (ticket.status, ticket.resolved_by) == ("resolved", doctor.id)
    assert ticket.outcome == "BP rechecked 150/95, GP visit booked"

    svc.reopen(ticket.id, doctor, "member called again")
    assert ticket.status == "open" and ticket.outcome is None and ticket.acknowledged_at is None
    svc.cancel(ticket.id, API, "duplicate")
    assert ticket.status == "cancelled"
    with pytest.raises(ConflictError, match="cancelled"):
        svc.resolve(ticket.id, doctor, "too late")
    with pytest.raises(ConflictError):
        svc.acknowledge(ticket.id, doctor)
    with pytest.raises(NotFoundError):
        svc.acknowledge(999_999, doctor)
    assert kinds(session, ticket.id) == [
        "opened", "notified", "acknowledged", "resolved", "reopened", "cancelled"
    ]
    actions = [e.action for e in audit.entries(session, member_id=member.id)]
    assert actions == ["escalation.open", "escalation.acknowledge", "escalation.resolve", "escalation.reopen",
                       "escalation.cancel"]


def test_pool_ticket_is_assigned_to_whoever_acknowledges(session: Session, clock: FixedClock) -> None:
    night = make_clinician(session, clock, "night", on_call=True)
    member = make_member(session, clock)
    svc = service(session, clock)
    ticket = svc.raise_flag(member.id, "emergency", ["stroke"], [], "message")
    svc.acknowledge(ticket.id, night)
    assert ticket.assigned_clinician_id == night.id


def test_raise_flag_validates_its_input(session: Session, clock: FixedClock) -> None:
    member = make_member(session, clock)
    svc = service(session, clock)
    with pytest.raises(ValidationFailed) as level:
        svc.raise_flag(member.id, "critical", ["acs"], [], "message")
    assert level.value.field == "level"
    with pytest.raises(ValidationFailed) as reasons:
        svc.raise_flag(member.id, "urgent", [" "], [], "message")
    assert reasons.value.field == "reasons"
    with pytest.raises(NotFoundError):
        svc.raise_flag(424242, "urgent", ["acs"], [], "message")


def test_sla_breach_renotifies_and_widens_to_the_pool_once_per_period(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    night = make_clinician(session, clock, "night", on_call=True)
    member = make_member(session, clock, doctor)
    notifier = RecordingNotifier()
    svc = service(session, clock, notifier)
    emergency = svc.raise_flag(member.id, "emergency", ["stroke"], [], "message")
    urgent = svc.raise_flag(member.id, "urgent", ["hypertensive_crisis"], [], "message")
    acked = svc.raise_flag(member.id, "emergency", ["hypoglycaemia"], [], "message")
    svc.acknowledge(acked.id, doctor)

    clock.advance(timedelta(minutes=4, seconds=59))
    assert svc.check_sla(clock.now()) == []

    clock.advance(timedelta(seconds=1))
    assert svc.check_sla(clock.now()) == [emergency]
    assert emergency.on_call is True and emergency.assigned_clinician_id == doctor.id
    assert emergency.sla_due_at == clock.now() + timedelta(minutes=5)
    assert notifier.calls[-1] == {
        "id": emergency.id, "level": "emergency", "summary": notifier.calls[-1]["summary"],
        "recipients": sorted([doctor.id, night.id]), "reason": "breach",
    }
    assert emergency.notify_count == 2
    assert svc.check_sla(clock.now() + timedelta(minutes=4)) == []  # handled once per period

    clock.advance(timedelta(minutes=5))
    assert svc.check_sla(clock.now()) == [emergency]  # still nobody: breaches again
    assert kinds(session, emergency.id).count("breach") == 2
    assert urgent.on_call is False  # its 2 h have not passed
    assert svc.queue(night) == [emergency]  # the pool sees the breached ticket, not the others
    assert "escalation.breach" in [e.action for e in audit.entries(session, member_id=member.id)]


def test_queue_orders_by_level_then_deadline_and_filters_by_clinician(session: Session, clock: FixedClock) -> None:
    wang = make_clinician(session, clock, "wang")
    li = make_clinician(session, clock, "li")
    admin = make_clinician(session, clock, "boss", role="admin")
    mine, theirs = make_member(session, clock, wang), make_member(session, clock, li)
    svc = service(session, clock)
    routine = svc.raise_flag(mine.id, "routine", ["low_mood"], [], "message")
    clock.advance(timedelta(minutes=1))
    urgent_late = svc.raise_flag(mine.id, "urgent", ["a"], [], "message")
    clock.advance(timedelta(minutes=1))
    emergency = svc.raise_flag(mine.id, "emergency", ["b"], [], "message")
    urgent_other = svc.raise_flag(theirs.id, "urgent", ["c"], [], "message")
    urgent_early = svc.raise_flag(mine.id, "urgent", ["d"], [], "message")
    urgent_early.sla_due_at = clock.now() - timedelta(hours=1)
    svc.acknowledge(routine.id, wang)
    done = svc.raise_flag(mine.id, "emergency", ["e"], [], "message")
    svc.resolve(done.id, wang, "ok")

    assert svc.queue(wang) == [emergency, urgent_early, urgent_late, routine]
    assert svc.queue(li) == [urgent_other]
    assert svc.queue(admin) == svc.queue(None) == [emergency, urgent_early, urgent_late, urgent_other, routine]
    assert svc.queue(wang, ["resolved"]) == [done]
    assert svc.queue(wang, ["open"]) == [emergency, urgent_early, urgent_late]


def test_policy_defaults_and_settings() -> None:
    policy = EscalationPolicy()
    assert policy.sla_for("emergency") == timedelta(minutes=5)
    assert policy.sla_for("urgent") == timedelta(hours=2)
    assert policy.sla_for("routine") == timedelta(hours=24)
    assert policy.repeat_window == timedelta(hours=24)

    class Configured:
        escalation_sla_emergency_s = 120
        escalation_repeat_window_s = 3600

    built = EscalationPolicy.from_settings(Configured())
    assert built.sla_for("emergency") == timedelta(minutes=2)
    assert built.sla_for("urgent") == timedelta(hours=2)
    assert built.repeat_window == timedelta(hours=1)
    with pytest.raises(ValueError):
        EscalationPolicy(sla={"emergency": timedelta(minutes=5)})
