"""REST contract of /v1/escalations: bearer auth, listing by status, acknowledge, resolve, errors."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import FixedClock
from tests.test_console_support import app, chest_pain_ticket, make_clinician, make_member, reload, service
from tests.test_members_api import error_of

__all__ = ["app"]  # the fixture: conftest's app plus the escalation routes


def _seed(session: Session, clock: FixedClock) -> tuple[int, int, int]:
    doctor = make_clinician(session, clock, "wang")
    member = make_member(session, clock, doctor)
    ticket, _ = chest_pain_ticket(session, clock, member)
    routine = service(session, clock).raise_flag(member.id, "routine", ["low_mood"], [], "message")
    session.commit()
    return member.id, ticket.id, routine.id


def test_every_escalation_endpoint_needs_the_bearer_token(anon_client: TestClient) -> None:
    for method, path, body in (
        ("GET", "/v1/escalations", None),
        ("GET", "/v1/escalations/1", None),
        ("POST", "/v1/escalations/1/acknowledge", None),
        ("POST", "/v1/escalations/1/resolve", {"outcome": "x"}),
    ):
        response = anon_client.request(method, path, json=body)
        assert response.status_code == 401, (method, path)
        assert error_of(response)["code"] == "unauthorized"


def test_list_is_ordered_by_level_and_filtered_by_status(
    client: TestClient, session: Session, clock: FixedClock
) -> None:
    member_id, emergency_id, routine_id = _seed(session, clock)
    listed = client.get("/v1/escalations")
    assert listed.status_code == 200
    body: list[dict[str, Any]] = listed.json()
    assert [t["id"] for t in body] == [emergency_id, routine_id]
    first = body[0]
    assert set(first) == {
        "id", "member_id", "level", "reasons", "evidence", "status", "sla_due_at", "assigned_clinician_id",
        "on_call", "repeat_count", "opened_at", "acknowledged_at", "resolved_at", "outcome",
    }
    assert (first["member_id"], first["level"], first["reasons"], first["status"]) == (
        member_id, "emergency", ["acs"], "open"
    )
    assert first["evidence"][0]["evidence"] == "胸口疼"
    assert first["sla_due_at"].startswith("2026-11-30T02:05:00")

    assert client.post(f"/v1/escalations/{routine_id}/acknowledge").status_code == 200
    assert [t["id"] for t in client.get("/v1/escalations", params={"status": "open"}).json()] == [emergency_id]
    assert [t["id"] for t in client.get("/v1/escalations?status=acknowledged").json()] == [routine_id]
    assert client.get("/v1/escalations?status=resolved").json() == []
    bad = client.get("/v1/escalations?status=closed")
    assert bad.status_code == 422 and error_of(bad)["field"] == "query.status[0]"

    reload(session)
    views = audit.entries(session, member_id=member_id, action="escalation.list")
    assert views and all(v.actor_type == "api" for v in views)


def test_acknowledge_then_resolve(client: TestClient, session: Session, clock: FixedClock) -> None:
    _, ticket_id, _ = _seed(session, clock)
    acked = client.post(f"/v1/escalations/{ticket_id}/acknowledge")
    assert acked.status_code == 200
    assert acked.json()["status"] == "acknowledged" and acked.json()["acknowledged_at"].startswith("2026-11-30T02:00")

    again = client.post(f"/v1/escalations/{ticket_id}/acknowledge")
    assert again.status_code == 409 and error_of(again)["code"] == "conflict"

    resolved = client.post(f"/v1/escalations/{ticket_id}/resolve", json={"outcome": "120 called, admitted to PCI"})
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved" and resolved.json()["outcome"] == "120 called, admitted to PCI"
    assert client.get(f"/v1/escalations/{ticket_id}").json()["status"] == "resolved"

    reload(session)
    actions = [e.action for e in audit.entries(session, action=None) if e.actor_type == "api"]
    assert actions == ["escalation.acknowledge", "escalation.resolve", "escalation.view"]


def test_resolve_needs_an_outcome(client: TestClient, session: Session, clock: FixedClock) -> None:
    _, ticket_id, _ = _seed(session, clock)
    for body in ({}, {"outcome": ""}, {"outcome": "x" * 2001}):
        response = client.post(f"/v1/escalations/{ticket_id}/resolve", json=body)
        assert response.status_code == 422, body
        assert error_of(response)["field"] == "outcome"
    blank = client.post(f"/v1/escalations/{ticket_id}/resolve", json={"outcome": "   "})
    assert blank.status_code == 422 and error_of(blank)["field"] == "outcome"
    assert client.get(f"/v1/escalations/{ticket_id}").json()["status"] == "open"


def test_resolving_a_cancelled_ticket_is_a_conflict(client: TestClient, session: Session, clock: FixedClock) -> None:
    _, ticket_id, _ = _seed(session, clock)
    doctor = make_clinician(session, clock, "li")
    service(session, clock).cancel(ticket_id, doctor, "wrong member")
    session.commit()
    response = client.post(f"/v1/escalations/{ticket_id}/resolve", json={"outcome": "done"})
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict" and "cancelled" in error["message"]


def test_unknown_ticket_is_404(client: TestClient) -> None:
    for method, path, body in (
        ("GET", "/v1/escalations/9999", None),
        ("POST", "/v1/escalations/9999/acknowledge", None),
        ("POST", "/v1/escalations/9999/resolve", {"outcome": "x"}),
    ):
        response = client.request(method, path, json=body)
        assert response.status_code == 404, path
        assert error_of(response) == {"code": "not_found", "message": "escalation 9999 not found",
                                      "field": "escalation_id"}
