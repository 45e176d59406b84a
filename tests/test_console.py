"""The clinician console over HTTP: login, sessions, CSRF, who sees what, actions and their audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.console.security import SESSION_COOKIE
from coach import audit
from coach.clock import FixedClock
from coach.db import models as m
from coach.escalations.takeover import auto_answer_allowed
from tests.test_console_support import (
    _LOGIN,
    PASSWORD,
    app,
    chest_pain_ticket,
    console,
    csrf_of,
    inbound,
    login,
    make_clinician,
    make_member,
    reload,
    service,
)

__all__ = ["app", "console"]


def _actions(session: Session, member_id: int | None = None) -> list[str]:
    reload(session)
    return [e.action for e in audit.entries(session, member_id=member_id)]


def _post_login(console: TestClient, username: str, password: str, **extra: str) -> object:
    token = _LOGIN.search(console.get("/console/login").text)
    assert token
    return console.post(
        "/console/login", data={"username": username, "password": password, "login_token": token.group(1), **extra}
    )


# --- login and sessions -------------------------------------------------------------------------
def test_wrong_password_and_unknown_user_get_the_same_generic_refusal(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    for username, password in (("wang", "not-the-password"), ("nobody", PASSWORD)):
        response = _post_login(console, username, password)
        assert response.status_code == 401  # type: ignore[attr-defined]
        assert "wrong username or password" in response.text  # type: ignore[attr-defined]
        assert SESSION_COOKIE not in console.cookies
    assert console.get("/console/queue").status_code == 303
    assert _actions(session).count("console.login_failed") == 2


def test_login_without_the_form_token_is_refused(console: TestClient, session: Session, clock: FixedClock) -> None:
    make_clinician(session, clock, "wang")
    response = console.post("/console/login", data={"username": "wang", "password": PASSWORD, "login_token": "forged"})
    assert response.status_code == 403
    assert SESSION_COOKIE not in console.cookies


def test_login_sets_a_hardened_session_cookie(console: TestClient, session: Session, clock: FixedClock) -> None:
    make_clinician(session, clock, "wang")
    response = _post_login(console, "wang", PASSWORD, next="//evil.example/steal")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/console/queue"  # type: ignore[attr-defined]
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    reload(session)
    stored = session.scalars(select(m.ClinicianSession)).one()
    raw = console.cookies[SESSION_COOKIE]
    assert stored.id not in raw and stored.expires_at == clock.now() + timedelta(hours=12)
    page = console.get("/console/queue")
    assert page.status_code == 200 and "Dr wang" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_pages_need_a_login(console: TestClient, session: Session, clock: FixedClock) -> None:
    ticket, _ = chest_pain_ticket(session, clock, make_member(session, clock))
    response = console.get(f"/console/tickets/{ticket.id}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/console/login?next=/console/tickets/{ticket.id}"
    assert console.get("/console/queue.json").status_code == 401
    post = console.post(f"/console/tickets/{ticket.id}/acknowledge", data={"csrf_token": "x"})
    assert post.status_code == 303
    reload(session)
    assert session.get(m.Escalation, ticket.id).status == "open"  # type: ignore[union-attr]


def test_tampered_or_expired_cookie_is_not_a_session(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    login(console, "wang")
    good = console.cookies[SESSION_COOKIE]
    console.cookies.clear()
    console.cookies.set(SESSION_COOKIE, good[:-2] + ("AA" if not good.endswith("AA") else "BB"), path="/console")
    assert console.get("/console/queue").status_code == 303
    console.cookies.clear()
    console.cookies.set(SESSION_COOKIE, good, path="/console")
    assert console.get("/console/queue").status_code == 200
    clock.advance(timedelta(hours=12))
    assert console.get("/console/queue").status_code == 303


def test_logout_needs_csrf_and_invalidates_the_session(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    csrf = login(console, "wang")
    cookie = console.cookies[SESSION_COOKIE]
    assert console.post("/console/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert console.get("/console/queue").status_code == 200  # still logged in

    out = console.post("/console/logout", data={"csrf_token": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    reload(session)
    assert session.scalars(select(m.ClinicianSession.revoked)).one() is True
    console.cookies.clear()
    console.cookies.set(SESSION_COOKIE, cookie, path="/console")  # replaying the old cookie
    assert console.get("/console/queue").status_code == 303
    assert _actions(session)[-1] == "console.logout"


# --- who sees what ----------------------------------------------------------------------------------
def test_a_clinician_cannot_open_another_clinicians_member(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang, li = make_clinician(session, clock, "wang"), make_clinician(session, clock, "li")
    wangs_ticket, _ = chest_pain_ticket(session, clock, make_member(session, clock, wang))
    lis_member = make_member(session, clock, li)
    lis_ticket = service(session, clock).raise_flag(lis_member.id, "urgent", ["hypertensive_crisis"], [], "message")
    session.commit()

    csrf = login(console, "li")
    queue = console.get("/console/queue.json").json()["tickets"]
    assert [t["id"] for t in queue] == [lis_ticket.id]
    denied = console.get(f"/console/tickets/{wangs_ticket.id}")
    assert denied.status_code == 403 and "胸口疼" not in denied.text
    blocked = console.post(f"/console/tickets/{wangs_ticket.id}/acknowledge", data={"csrf_token": csrf})
    assert blocked.status_code == 403
    assert console.get(f"/console/tickets/{lis_ticket.id}").status_code == 200
    reload(session)
    assert session.get(m.Escalation, wangs_ticket.id).status == "open"  # type: ignore[union-attr]
    denials = audit.entries(session, action="console.denied")
    assert [(d.actor_id, d.member_id) for d in denials] == [(str(li.id), wangs_ticket.member_id)] * 2


def test_admin_sees_everyone_and_the_pool_sees_pool_tickets(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    make_clinician(session, clock, "boss", role="admin")
    make_clinician(session, clock, "night", on_call=True)
    wangs, _ = chest_pain_ticket(session, clock, make_member(session, clock, wang))
    orphan = service(session, clock).raise_flag(make_member(session, clock).id, "routine", ["x"], [], "message")
    session.commit()

    login(console, "boss")
    assert [t["id"] for t in console.get("/console/queue.json").json()["tickets"]] == [wangs.id, orphan.id]
    assert console.get(f"/console/tickets/{wangs.id}").status_code == 200

    night = TestClient(console.app, follow_redirects=False)
    login(night, "night")
    assert [t["id"] for t in night.get("/console/queue.json").json()["tickets"]] == [orphan.id]
    assert night.get(f"/console/tickets/{orphan.id}").status_code == 200
    assert night.get(f"/console/tickets/{wangs.id}").status_code == 403
    assert console.get("/console/tickets/98765").status_code == 404


# --- CSRF and actions --------------------------------------------------------------------------------
def test_actions_without_or_with_a_wrong_csrf_token_are_refused(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    ticket, _ = chest_pain_ticket(session, clock, make_member(session, clock, wang))
    csrf = login(console, "wang")
    url = f"/console/tickets/{ticket.id}"
    for data in ({}, {"csrf_token": "wrong"}, {"csrf_token": csrf[:-1]}):
        for action in ("acknowledge", "reply", "resolve"):
            response = console.post(f"{url}/{action}", data={**data, "text": "hello"})
            assert response.status_code == 403, (data, action)
    reload(session)
    assert session.get(m.Escalation, ticket.id).status == "open"  # type: ignore[union-attr]
    assert session.scalars(select(m.Message).where(m.Message.direction == "out")).all() == []
    assert console.post(f"{url}/acknowledge", data={"csrf_token": csrf}).status_code == 303
    reload(session)
    assert session.get(m.Escalation, ticket.id).status == "acknowledged"  # type: ignore[union-attr]


def test_ticket_actions_update_the_ticket_and_are_audited(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    member = make_member(session, clock, wang)
    ticket, _ = chest_pain_ticket(session, clock, member)
    csrf = login(console, "wang")
    url = f"/console/tickets/{ticket.id}"

    ack = console.post(f"{url}/acknowledge", data={"csrf_token": csrf})
    assert ack.status_code == 303 and ack.headers["location"] == f"{url}?done=acknowledge"
    twice = console.post(f"{url}/acknowledge", data={"csrf_token": csrf})
    assert twice.status_code == 409 and "acknowledged" in twice.text
    reply_text = "请立即拨打120，我马上给您回电"
    assert console.post(f"{url}/reply", data={"csrf_token": csrf, "text": reply_text}).status_code == 303
    assert console.post(f"{url}/note", data={"csrf_token": csrf, "text": "called, no answer"}).status_code == 303
    assert console.post(f"{url}/hold", data={"csrf_token": csrf}).status_code == 303
    reload(session)
    conversation = session.scalars(select(m.Conversation)).one()
    assert conversation.held_by_clinician_id == wang.id and not auto_answer_allowed(conversation)
    assert console.post(f"{url}/release", data={"csrf_token": csrf}).status_code == 303
    empty = console.post(f"{url}/resolve", data={"csrf_token": csrf, "text": "  "})
    assert empty.status_code == 422 and "outcome" in empty.text
    assert console.post(f"{url}/resolve", data={"csrf_token": csrf, "text": "admitted, PCI done"}).status_code == 303

    reload(session)
    row = session.get(m.Escalation, ticket.id)
    assert row is not None
    assert (row.status, row.acknowledged_by, row.resolved_by, row.outcome) == ("resolved", wang.id, wang.id,
                                                                               "admitted, PCI done")
    assert session.get(m.Conversation, conversation.id).held_by_clinician_id is None  # type: ignore[union-attr]
    reply = session.scalars(select(m.Message).where(m.Message.direction == "out")).one()
    assert (reply.role, reply.channel, reply.text) == ("clinician", "wechat", reply_text)
    outbox = session.scalars(select(m.OutboxEntry).where(m.OutboxEntry.kind == "reply")).one()
    assert (outbox.channel, outbox.status, outbox.idempotency_key) == ("wechat", "pending", f"reply:{reply.id}")
    assert outbox.payload == {"text": reply_text, "message_id": reply.id}
    assert outbox.next_attempt_at == clock.now()
    events = [e.kind for e in session.scalars(select(m.EscalationEvent).order_by(m.EscalationEvent.id))]
    assert events[2:] == ["acknowledged", "reply", "note", "hold", "release", "resolved"]
    assert _actions(session, member.id) == [
        "escalation.open", "escalation.acknowledge", "console.ticket.view",  # the 409 page
        "escalation.reply", "escalation.note", "conversation.hold",
        "conversation.release", "console.ticket.view", "escalation.resolve",  # the 422 page, then resolve
    ]
    for entry in audit.entries(session, member_id=member.id):
        assert entry.actor_type in {"clinician", "system"}
        assert "120" not in str(entry.detail)  # no message text in the audit log


def test_ticket_page_shows_member_vitals_transcript_evidence_and_gaps(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    member = make_member(session, clock, wang)
    for day, (weight, sys, dia) in enumerate([(80.0, 150, 95), (80.6, 162, 99), (81.4, 171, 104)]):
        when = clock.now() - timedelta(days=3 - day)
        session.add_all([
            m.Observation(member_id=member.id, kind="weight", value=weight, unit="kg", attributes={},
                          observed_at=when, source="api", created_at=when),
            m.Observation(member_id=member.id, kind="blood_pressure", systolic=sys, diastolic=dia, unit="mmHg",
                          attributes={}, observed_at=when, source="api", created_at=when),
        ])
    session.add(m.CareGap(member_id=member.id, item=14, status="overdue", due_date=date(2026, 10, 1),
                          reason="no HbA1c for 7 months", computed_at=datetime(2026, 11, 29, tzinfo=UTC)))
    session.commit()
    ticket, message = chest_pain_ticket(session, clock, member)
    inbound(session, clock, member.id, "<script>alert(1)</script>")
    login(console, "wang")

    page = console.get(f"/console/tickets/{ticket.id}")
    assert page.status_code == 200
    html = page.text
    assert '我<mark class="evidence" title="acs">胸口疼</mark>得厉害' in html
    assert f'data-message="{message.id}"' in html
    assert "E11.9" in html and "二甲双胍" in html
    assert "171/104" in html and "81.4" in html
    assert html.count("<svg class=\"trend\"") == 2  # weight and blood pressure; no glucose or eGFR yet
    assert "no HbA1c for 7 months" in html
    assert member.external_id not in html  # the openid is never shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert f'name="csrf_token" value="{csrf_of(html)}"' in html
    reload(session)
    views = audit.entries(session, member_id=member.id, action="console.ticket.view")
    assert [(v.actor_id, v.target) for v in views] == [(str(wang.id), f"escalation:{ticket.id}")]


def test_queue_page_and_json_are_ordered_and_audited(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    member = make_member(session, clock, wang)
    svc = service(session, clock)
    routine = svc.raise_flag(member.id, "routine", ["low_mood"], [], "message")
    emergency = svc.raise_flag(member.id, "emergency", ["stroke"], [], "message")
    session.commit()
    login(console, "wang")

    page = console.get("/console/queue")
    assert page.text.index(f"#{emergency.id}</a>") < page.text.index(f"#{routine.id}</a>")
    assert 'src="/console/static/queue.js"' in page.text and 'data-refresh="15"' in page.text
    assert console.get("/console/static/queue.js").status_code == 200
    data = console.get("/console/queue.json").json()
    assert [(t["id"], t["level"], t["sla_left_min"]) for t in data["tickets"]] == [
        (emergency.id, "emergency", 5), (routine.id, "routine", 24 * 60)
    ]
    clock.advance(timedelta(minutes=6))
    assert console.get("/console/queue.json").json()["tickets"][0]["overdue"] is True
    reload(session)
    kinds = [e.action for e in audit.entries(session) if e.action.startswith("console.queue")]
    assert kinds == ["console.queue.view", "console.queue.view", "console.queue.refresh", "console.queue.refresh"]
    assert audit.entries(session, action="console.queue.refresh")[0].detail["member_ids"] == [member.id]
