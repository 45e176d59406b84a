"""Consent gates health processing in the core, for every channel: a member without
`consent_health_data` gets the fixed consent request (their message is stored, nothing recorded,
retrieved or composed), red flags are still answered and escalated, and the reminder sweep skips
them. Giving or withdrawing consent (PATCH) counts from the next message or sweep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from api.main import create_app
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.intake import CONSENT_REQUEST
from coach.nudges.sweep import run_sweep
from coach.pipeline.recovery import reprocess_pending
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create, create_consented

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Recorder:
    """The real component, with the name of every method called on it (or "__call__") recorded."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        return self._recorded(name, attr) if callable(attr) else attr

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._recorded("__call__", self.inner)(*args, **kwargs)

    def _recorded(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return method(*args, **kwargs)
        return call


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> Any:
    return create_app(settings, clock=clock, retriever=real_retriever)


@pytest.fixture
def recorders(app: Any, client: TestClient) -> dict[str, Recorder]:
    """What would touch member state: retrieval, the care-gap engine and the composer, recorded."""
    turn = app.state.coach_turn
    turn.retriever, turn.gaps, turn.composer = Recorder(turn.retriever), Recorder(turn.gaps), Recorder(turn.composer)
    return {"retriever": turn.retriever, "gaps": turn.gaps, "composer": turn.composer}


def say(client: TestClient, member: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(f"/v1/members/{member['id']}/messages", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()


def consent(client: TestClient, member: dict[str, Any], given: bool) -> None:
    response = client.patch(f"/v1/members/{member['id']}", json={"consent_health_data": given})
    assert response.status_code == 200, response.text
    assert response.json()["consent_health_data"] is given


def count(db: Engine, table: Any, member_id: int) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table).where(table.member_id == member_id)) or 0)


def conversation(client: TestClient, member: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(x["direction"], x["role"]) for x in client.get(f"/v1/members/{member['id']}/messages").json()]


def test_without_consent_a_reading_is_not_recorded_and_nothing_is_retrieved_or_composed(
    client: TestClient, recorders: dict[str, Recorder], db: Engine
) -> None:
    member = create(client)
    body = say(client, member, "今天早上血压 150/95")
    assert body["reply"] == CONSENT_REQUEST["zh"]
    assert (body["role"], body["composer"]) == ("consent", "template")
    assert body["recorded_observations"] == [] and body["citations"] == [] and body["escalation"] is None
    assert count(db, m.Observation, member["id"]) == 0
    assert {name: r.calls for name, r in recorders.items()} == {"retriever": [], "gaps": [], "composer": []}
    # The message itself is stored (triage and audit), marked as received without consent, and answered.
    assert conversation(client, member) == [("in", None), ("out", "consent")]
    with Session(db) as session:
        inbound = session.scalars(select(m.Message).where(m.Message.direction == "in")).one()
        assert inbound.meta["consent"] is False and inbound.processed_at is not None


def test_an_english_member_gets_the_request_in_english(client: TestClient) -> None:
    body = say(client, create(client, language="en"), "what should I eat with diabetes?")
    assert body["reply"] == CONSENT_REQUEST["en"]
    assert "consent to health data processing" in body["reply"] and "care team" in body["reply"]


def test_without_consent_an_emergency_still_gets_the_fixed_reply_and_a_ticket(
    client: TestClient, recorders: dict[str, Recorder], db: Engine
) -> None:
    member = create(client)
    body = say(client, member, "我胸口压着疼，一直出冷汗")
    assert (body["role"], body["composer"]) == ("triage", "template")
    assert "120" in body["reply"] and CONSENT_REQUEST["zh"] not in body["reply"]
    assert body["escalation"]["level"] == "emergency" and "acs" in body["escalation"]["reasons"]
    assert count(db, m.Escalation, member["id"]) == 1
    assert recorders["composer"].calls == []


def test_without_consent_an_urgent_reading_escalates_but_is_not_recorded(client: TestClient, db: Engine) -> None:
    member = create(client)
    body = say(client, member, "今天早上血压185/105，没什么不舒服")
    assert (body["role"], body["composer"]) == ("triage", "template")
    assert body["escalation"]["level"] == "urgent" and body["escalation"]["reasons"] == ["hypertensive_crisis"]
    assert body["recorded_observations"] == []
    assert count(db, m.Observation, member["id"]) == 0


def test_consent_given_then_withdrawn_counts_from_the_next_message(
    client: TestClient, recorders: dict[str, Recorder], db: Engine
) -> None:
    member = create(client)
    assert say(client, member, "血压 150/95")["role"] == "consent"

    consent(client, member, True)
    recorded = say(client, member, "血压 150/95")
    assert [(o["systolic"], o["diastolic"]) for o in recorded["recorded_observations"]] == [(150, 95)]
    answered = say(client, member, "高血压平时要注意什么？")
    assert answered["role"] != "consent" and answered["composer"] in ("offline", "dialogue") and answered["citations"]
    assert answered["composer"] == "dialogue" or (recorders["retriever"].calls == ["search"]
                                                   and "compose" in recorders["composer"].calls)
    assert count(db, m.Observation, member["id"]) == 1
    before = list(recorders["retriever"].calls)

    consent(client, member, False)
    gated = say(client, member, "血压 160/100")
    assert gated["role"] == "consent" and gated["recorded_observations"] == []
    assert count(db, m.Observation, member["id"]) == 1
    assert recorders["retriever"].calls == before  # no retrieval after the withdrawal


def test_a_reply_to_a_reminder_logs_no_dose_after_consent_is_withdrawn(
    app: Any, client: TestClient, clock: FixedClock, db: Engine
) -> None:
    clock.set(datetime(2026, 11, 30, 8, 5, tzinfo=SHANGHAI))  # metformin is due at 08:00
    member = create_consented(client)
    queued = run_sweep(app.state.session_factory, load_catalog(), clock.now()).queued
    assert "medication_dose" in {n.kind.value for n in queued if n.member_id == member["id"]}

    consent(client, member, False)
    clock.advance(timedelta(minutes=10))
    assert say(client, member, "1")["role"] == "consent"
    assert count(db, m.DoseLog, member["id"]) == 0

    consent(client, member, True)  # the same reply with consent is a dose log: the gate above is what held it back
    assert "已记录" in say(client, member, "1")["reply"]
    assert count(db, m.DoseLog, member["id"]) == 1


def test_the_sweep_reminds_only_members_who_consent(app: Any, client: TestClient, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 30, 8, 5, tzinfo=SHANGHAI))  # metformin 08:00 and 20:00 for both

    def sweep() -> tuple[int, set[int]]:
        report = run_sweep(app.state.session_factory, load_catalog(), clock.now())
        return report.members, {n.member_id for n in report.queued}

    agreed, pending = create_consented(client, external_id="agreed"), create(client, external_id="pending")
    assert sweep() == (1, {agreed["id"]})
    consent(client, pending, True)
    assert sweep() == (2, {pending["id"]})  # the other member's 08:00 reminders are queued already

    consent(client, agreed, False)
    clock.set(datetime(2026, 11, 30, 20, 5, tzinfo=SHANGHAI))
    assert sweep() == (1, {pending["id"]})


def test_recovery_of_a_stored_message_respects_consent(app: Any, client: TestClient, clock: FixedClock,
                                                       db: Engine) -> None:
    member = create(client)
    with Session(db) as session:  # a message stored by a turn that died before processing it
        conversation_row = m.Conversation(member_id=member["id"], channel="rest", created_at=clock.now())
        session.add(conversation_row)
        session.flush()
        session.add(m.Message(conversation_id=conversation_row.id, member_id=member["id"], direction="in",
                              channel="rest", text="血压 150/95", meta={}, created_at=clock.now()))
        session.commit()
    clock.advance(timedelta(minutes=3))
    assert reprocess_pending(app.state.coach_turn, app.state.session_factory, clock) == 1
    assert count(db, m.Observation, member["id"]) == 0
    assert conversation(client, member) == [("in", None), ("out", "consent")]


def test_consent_at_is_set_as_the_store_does(client: TestClient, clock: FixedClock, db: Engine) -> None:
    def consent_at(member: dict[str, Any]) -> datetime | None:
        with Session(db) as session:
            return session.scalars(select(m.Member.consent_at).where(m.Member.id == member["id"])).one()

    assert consent_at(create_consented(client, external_id="at-creation")) == clock.now()
    member = create(client)
    assert consent_at(member) is None
    clock.advance(timedelta(days=1))
    given = clock.now()
    consent(client, member, True)
    assert consent_at(member) == given
    clock.advance(timedelta(days=1))
    consent(client, member, False)  # a withdrawal keeps when consent was last given
    assert consent_at(member) == given
    clock.advance(timedelta(days=1))
    consent(client, member, True)
    assert consent_at(member) == clock.now()
