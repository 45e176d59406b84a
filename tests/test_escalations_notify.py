"""Notifiers, the scheduled SLA check, replies and human takeover."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory
from coach.errors import ConflictError, ValidationFailed
from coach.escalations.jobs import run_sla_check
from coach.escalations.notifier import LogNotifier, OutboxNotifier, build_notifier
from coach.escalations.takeover import auto_answer_allowed, holder
from coach.settings import Settings
from tests.test_console_support import inbound, make_clinician, make_member, reload, service

SECRET_TEXT = "我胸口疼，住在幸福路3号"


def test_outbox_notifier_enqueues_one_wecom_alert_per_notification(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    night = make_clinician(session, clock, "night", on_call=True)
    member = make_member(session, clock, doctor)
    svc = service(session, clock, OutboxNotifier(session, clock, "https://coach.example"))
    ticket = svc.raise_flag(member.id, "emergency", ["acs"], [{"reason": "acs", "evidence": SECRET_TEXT}], "message")
    clock.advance(timedelta(minutes=5))
    svc.check_sla()

    alerts = session.scalars(select(m.OutboxEntry).order_by(m.OutboxEntry.id)).all()
    assert [(a.channel, a.kind, a.status, a.idempotency_key) for a in alerts] == [
        ("wecom", "alert", "pending", f"alert:{ticket.id}:1"),
        ("wecom", "alert", "pending", f"alert:{ticket.id}:2"),
    ]
    assert alerts[0].payload["clinician_ids"] == [doctor.id]
    assert alerts[1].payload["clinician_ids"] == [doctor.id, night.id]
    assert "紧急" in alerts[0].payload["title"] and "SLA" in alerts[1].payload["title"]
    body = alerts[0].payload["body"]
    assert f"#{member.id}" in body and "acs" in body and f"https://coach.example/console/tickets/{ticket.id}" in body
    assert SECRET_TEXT not in body and member.external_id not in body
    assert set(alerts[0].payload) == {"clinician_ids", "title", "body"}


def test_log_notifier_logs_ids_but_no_member_text_or_openid(
    session: Session, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    member = make_member(session, clock, make_clinician(session, clock, "wang"))
    message = inbound(session, clock, member.id, SECRET_TEXT)
    with caplog.at_level(logging.INFO, logger="coach"):
        ticket = service(session, clock, LogNotifier()).raise_flag(
            member.id, "urgent", ["acs"], [{"reason": "acs", "evidence": SECRET_TEXT}], "message", message.id
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"escalation {ticket.id}" in logged and "urgent" in logged
    assert "胸口疼" not in logged and member.external_id not in logged


def test_build_notifier_uses_wecom_only_when_configured(session: Session, clock: FixedClock) -> None:
    class Plain:
        pass

    class WeCom:
        wecom_corp_id = "ww123"
        wecom_agent_id = "1000002"
        wecom_secret = "s3cret"

    assert isinstance(build_notifier(Plain(), session, clock), LogNotifier)
    assert isinstance(build_notifier(WeCom(), session, clock), OutboxNotifier)


def test_scheduled_check_commits_breaches(db: Engine, session: Session, clock: FixedClock, settings: Settings) -> None:
    member = make_member(session, clock, make_clinician(session, clock, "wang"))
    ticket = service(session, clock).raise_flag(member.id, "emergency", ["stroke"], [], "message")
    session.commit()
    factory = make_session_factory(db)
    assert run_sla_check(factory, clock, settings) == []
    clock.advance(timedelta(minutes=6))
    assert run_sla_check(factory, clock, settings) == [ticket.id]
    assert run_sla_check(factory, clock, settings) == []
    reload(session)
    row = session.get(m.Escalation, ticket.id)
    assert row is not None and row.on_call is True and row.notify_count == 2


def test_reply_goes_to_the_members_most_recent_channel(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    inbound(session, clock, member.id, "hi", channel="wechat")
    clock.advance(timedelta(minutes=1))
    inbound(session, clock, member.id, "chest pain", channel="rest")
    svc = service(session, clock)
    ticket = svc.raise_flag(member.id, "urgent", ["acs"], [], "message")
    message = svc.reply(ticket.id, doctor, "  Please call 120 now.  ")

    assert (message.channel, message.direction, message.role, message.text) == ("rest", "out", "clinician",
                                                                                "Please call 120 now.")
    entry = session.scalars(select(m.OutboxEntry).where(m.OutboxEntry.kind == "reply")).one()
    assert (entry.channel, entry.member_id, entry.clinician_id) == ("rest", member.id, doctor.id)
    with pytest.raises(ValidationFailed):
        svc.reply(ticket.id, doctor, " ")


def test_reply_without_any_conversation_is_a_conflict(session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    svc = service(session, clock)
    ticket = svc.raise_flag(member.id, "routine", ["low_mood"], [], "observation")
    with pytest.raises(ConflictError):
        svc.reply(ticket.id, doctor, "hello")
    assert session.scalars(select(m.OutboxEntry).where(m.OutboxEntry.kind == "reply")).all() == []


def test_hold_and_release(session: Session, clock: FixedClock) -> None:
    wang, li = make_clinician(session, clock, "wang"), make_clinician(session, clock, "li")
    admin = make_clinician(session, clock, "boss", role="admin")
    member = make_member(session, clock, wang)
    conversation_id = inbound(session, clock, member.id, "hello").conversation_id
    svc = service(session, clock)

    conversation = svc.hold(conversation_id, wang)
    assert holder(session, member.id, "wechat") == wang.id and not auto_answer_allowed(conversation)
    svc.hold(conversation_id, wang)  # holding again is harmless
    with pytest.raises(ConflictError):
        svc.hold(conversation_id, li)
    with pytest.raises(ConflictError):
        svc.release(conversation_id, li)
    svc.release(conversation_id, admin)  # an admin may hand any conversation back
    assert auto_answer_allowed(conversation)
    with pytest.raises(ConflictError):
        svc.release(conversation_id, wang)
