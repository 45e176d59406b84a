"""Shared fixtures and helpers for the escalation and console tests (this module has no tests).

The `app` fixture here replaces conftest's for the modules that import it: it adds the
escalation REST routes and the console until api/main.py includes them itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.console import install_console
from api.deps import require_token
from api.main import create_app
from api.routes import escalations as escalation_routes
from coach.clinicians import create_clinician
from coach.clock import FixedClock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.escalations.policy import EscalationPolicy
from coach.escalations.service import EscalationService
from coach.members.schemas import MemberCreate
from coach.members.store import MemberStore
from coach.settings import Settings

PASSWORD = "correct-horse-battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LOGIN = re.compile(r'name="login_token" value="([^"]+)"')


def build_app(settings: Settings, clock: FixedClock) -> FastAPI:
    app = create_app(settings, clock=clock)
    paths = {getattr(route, "path", None) for route in app.routes}
    if "/v1/escalations" not in paths:
        app.include_router(escalation_routes.router, dependencies=[Depends(require_token)])
    if "/console/login" not in paths:
        install_console(app)
    return app


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock) -> FastAPI:
    return build_app(settings, clock)


@pytest.fixture
def console(app: FastAPI) -> Iterator[TestClient]:
    """A browser-like client: no bearer token, cookies kept, redirects not followed."""
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


class RecordingNotifier:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def notify(
        self, escalation: m.Escalation, member_summary: str, recipients: list[m.Clinician], reason: str
    ) -> None:
        self.calls.append(
            {"id": escalation.id, "level": escalation.level, "summary": member_summary,
             "recipients": sorted(c.id for c in recipients), "reason": reason}
        )


def make_clinician(
    session: Session, clock: FixedClock, username: str, *, role: str = "clinician", on_call: bool = False
) -> m.Clinician:
    row = create_clinician(session, clock, username, f"Dr {username}", PASSWORD, role=role, on_call=on_call)
    session.commit()
    return row


def make_member(session: Session, clock: FixedClock, doctor: m.Clinician | None = None, **overrides: Any) -> m.Member:
    data = {
        "external_id": f"oWx-{len(session.scalars(select(m.Member.id)).all()) + 1:03d}",
        "sex": "M",
        "birth_date": "1968-05-02",
        "conditions": ["E11.9", "I10", "N18.3"],
        "medications": [{"name": "二甲双胍", "dose": "500mg bid", "times": ["08:00", "20:00"]}],
        "family_doctor_id": doctor.id if doctor else None,
        **overrides,
    }
    row = MemberStore(session, clock).create(MemberCreate(**data))
    session.commit()
    return row


def inbound(session: Session, clock: FixedClock, member_id: int, text: str, channel: str = "wechat") -> m.Message:
    message, _ = ConversationStore(session, clock).record_inbound(member_id, channel, text)
    session.commit()
    return message


def service(session: Session, clock: FixedClock, notifier: Any = None, **policy: Any) -> EscalationService:
    return EscalationService(session, clock, EscalationPolicy(**policy), notifier or RecordingNotifier())


def chest_pain_ticket(
    session: Session,
    clock: FixedClock,
    member_row: m.Member,
    level: str = "emergency",
    text: str = "我胸口疼得厉害，出冷汗",
) -> tuple[m.Escalation, m.Message]:
    message = inbound(session, clock, member_row.id, text)
    start = text.index("胸口疼")
    ticket = service(session, clock).raise_flag(
        member_row.id, level, ["acs"],
        [{"reason": "acs", "evidence": "胸口疼", "span": [start, start + 3]}], "message", message.id,
    )
    session.commit()
    return ticket, message


def reload(session: Session) -> None:
    """End the test session's transaction so it sees what the app committed."""
    session.rollback()
    session.expire_all()


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token (read from the queue page)."""
    form = client.get("/console/login")
    assert form.status_code == 200
    token = _LOGIN.search(form.text)
    assert token
    response = client.post(
        "/console/login", data={"username": username, "password": password, "login_token": token.group(1)}
    )
    assert response.status_code == 303, response.text
    queue = client.get("/console/queue")
    assert queue.status_code == 200
    return csrf_of(queue.text)


def at(clock: FixedClock, **delta: float) -> datetime:
    return clock.now() + timedelta(**delta)
