"""Clinicians teach triage from the console: labels are stored, audited, checked and exported as corpus lines."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import FixedClock
from coach.db import models as m
from coach.triage.labels import export_lines
from evals.triage.runner import LEVELS
from tests.test_console_support import (
    app,
    chest_pain_ticket,
    console,
    inbound,
    login,
    make_clinician,
    make_member,
    reload,
)

__all__ = ["app", "console"]


def test_a_ticket_marked_not_a_red_flag_and_a_missed_message_become_corpus_lines(
        console: TestClient, session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    ticket, message = chest_pain_ticket(session, clock, member, text="我胸口疼，不过是昨天搬家拉伤的，按着才疼")
    missed = inbound(session, clock, member.id, "我爸吃了半瓶安眠药叫不醒")
    csrf = login(console, "wang")
    page = console.get(f"/console/tickets/{ticket.id}")
    assert "不是红旗" in page.text and "漏判红旗" in page.text

    done = console.post(f"/console/tickets/{ticket.id}/label",
                        data={"csrf_token": csrf, "message_id": message.id, "kind": "not_red_flag"})
    assert done.status_code == 303 and done.headers["location"].endswith("done=label")
    done = console.post(f"/console/tickets/{ticket.id}/label",
                        data={"csrf_token": csrf, "message_id": missed.id, "kind": "missed_red_flag",
                              "level": "emergency", "reason": "poisoning"})
    assert done.status_code == 303

    reload(session)
    labels = session.scalars(select(m.TriageLabel).order_by(m.TriageLabel.id)).all()
    assert [(x.kind, x.level, x.reason) for x in labels] == [("not_red_flag", "none", None),
                                                             ("missed_red_flag", "emergency", "poisoning")]
    actions = [e.action for e in audit.entries(session, member_id=member.id)]
    assert "triage.label.not_red_flag" in actions and "triage.label.missed_red_flag" in actions
    lines = export_lines(session)
    assert [(x["text"], x["expected_level"], x["expected_reasons"]) for x in lines] == [
        (message.text, "none", []), (missed.text, "emergency", ["poisoning"])]
    assert all(x["expected_level"] in LEVELS and x["lang"] == "zh" for x in lines)
    # Only the member's words and the label leave the database: no member id, name or other data.
    assert all(set(x) == {"id", "text", "lang", "expected_level", "expected_reasons", "context", "tags"} for x in lines)


def test_a_label_is_refused_without_csrf_for_another_members_message_or_with_a_bad_level(
        console: TestClient, session: Session, clock: FixedClock) -> None:
    doctor = make_clinician(session, clock, "wang")
    member, other = make_member(session, clock, doctor), make_member(session, clock, doctor)
    ticket, message = chest_pain_ticket(session, clock, member)
    foreign = inbound(session, clock, other.id, "我心口疼")
    csrf = login(console, "wang")
    url = f"/console/tickets/{ticket.id}/label"
    assert console.post(url, data={"csrf_token": "wrong", "message_id": message.id,
                                   "kind": "not_red_flag"}).status_code == 403
    assert console.post(url, data={"csrf_token": csrf, "message_id": foreign.id,
                                   "kind": "not_red_flag"}).status_code == 404
    bad = console.post(url, data={"csrf_token": csrf, "message_id": message.id, "kind": "missed_red_flag",
                                  "level": "routine", "reason": "acs"})
    assert bad.status_code == 422 and "emergency or urgent" in bad.text
    reload(session)
    assert session.scalars(select(m.TriageLabel)).all() == []
