"""REST contract of the member store: create/read/update/erase, validation errors, auth."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coach.clock import SystemClock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.members.store import MEMBER_OWNED_TABLES

DIABETIC = {
    "external_id": "oWx-diabetic-01",
    "sex": "M",
    "birth_date": "1968-05-02",
    "conditions": ["E11.9", "I10", "N18.3"],
    "medications": [{"name": "二甲双胍", "dose": "500mg bid", "times": ["08:00", "20:00"]}],
    "language": "zh",
    "timezone": "Asia/Shanghai",
}


def create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/v1/members", json={**DIABETIC, **overrides})
    assert response.status_code == 201, response.text
    return response.json()


def create_consented(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """A member who consents to health-data processing: the coach answers them and reminds them."""
    return create(client, **{"consent_health_data": True, **overrides})


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert "Traceback" not in response.text
    return body["error"]


def test_create_member_maps_icd10_to_canonical_conditions(client: TestClient) -> None:
    member = create(client)
    assert member["age"] == 58
    assert member["canonical_conditions"] == ["ckd", "diabetes", "hypertension"]
    assert {c["code"] for c in member["conditions"]} == {"E11.9", "I10", "N18.3"}
    assert member["medications"][0]["drug_class"] == "antidiabetic"
    assert member["medications"][0]["times"] == ["08:00", "20:00"]


def test_unknown_icd10_codes_are_kept(client: TestClient) -> None:
    member = create(client, conditions=["Z99.9", "e11"])
    assert {c["code"]: c["conditions"] for c in member["conditions"]} == {"Z99.9": [], "E11": ["diabetes"]}


def test_age_instead_of_birth_date_is_marked_estimated(client: TestClient) -> None:
    member = create(client, birth_date=None, age=50)
    assert member["age"] == 50
    assert member["birth_date_estimated"] is True


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"conditions": ["E11", "diabetes"]}, "conditions[1]", "not an ICD-10 code"),
        ({"conditions": ["11E"]}, "conditions[0]", "not an ICD-10 code"),
        ({"sex": "X"}, "sex", "'M' or 'F'"),
        ({"birth_date": "yesterday"}, "birth_date", "date"),
        ({"birth_date": None}, "body", "birth_date or age"),
        ({"age": 40}, "body", "not both"),
        ({"age": 40, "birth_date": None, "language": "fr"}, "language", "'zh' or 'en'"),
        ({"timezone": "Mars/Olympus"}, "timezone", "unknown timezone"),
        ({"medications": [{"name": "x", "times": ["8am"]}]}, "medications[0].times", "HH:MM"),
        ({"medications": [{"name": "x", "drug_class": "magic"}]}, "medications[0].drug_class", "unknown drug_class"),
        ({"conditions": "E11"}, "conditions", "list"),
        ({"unexpected": 1}, "unexpected", "Extra inputs"),
        ({"birth_date": "2099-01-01"}, "birth_date", "future"),
    ],
)
def test_bad_member_input_is_422_naming_the_field(
    client: TestClient, overrides: dict[str, Any], field: str, fragment: str
) -> None:
    response = client.post("/v1/members", json={**DIABETIC, **overrides})
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert field in error["message"]
    assert fragment in response.text


def test_bad_input_loses_nothing_already_accepted(client: TestClient, db: Engine) -> None:
    member = create(client)
    bad = client.post(f"/v1/members/{member['id']}/observations", json={"kind": "glucose", "value": 900})
    assert bad.status_code == 422
    assert client.get(f"/v1/members/{member['id']}").json()["canonical_conditions"] == [
        "ckd", "diabetes", "hypertension",
    ]
    with db.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.Member)) == 1
        assert conn.scalar(select(func.count()).select_from(m.Observation)) == 0


def test_duplicate_external_id_is_409(client: TestClient) -> None:
    create(client)
    response = client.post("/v1/members", json=DIABETIC)
    assert response.status_code == 409
    assert error_of(response)["field"] == "external_id"


def test_list_filters_by_external_id_and_get_404(client: TestClient) -> None:
    first = create(client)
    create(client, external_id="other")
    found = client.get("/v1/members", params={"external_id": "oWx-diabetic-01"}).json()
    assert [row["id"] for row in found] == [first["id"]]
    assert len(client.get("/v1/members").json()) == 2
    missing = client.get("/v1/members/999999")
    assert missing.status_code == 404
    assert error_of(missing)["code"] == "not_found"


def test_patch_replaces_conditions_and_records_consent(client: TestClient) -> None:
    member = create(client)
    response = client.patch(
        f"/v1/members/{member['id']}",
        json={"conditions": ["I50.9"], "consent_health_data": True, "language": "en", "weight_range_kg": [60, 64]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["canonical_conditions"] == ["heart_failure"]
    assert body["consent_health_data"] is True
    assert body["language"] == "en"
    assert body["weight_range_kg"] == [60.0, 64.0]
    bad = client.patch(f"/v1/members/{member['id']}", json={"weight_range_kg": [70, 60]})
    assert bad.status_code == 422
    assert "weight_range_kg" in error_of(bad)["message"]


def test_delete_erases_every_row_of_the_member(client: TestClient, db: Engine) -> None:
    keep = create(client, external_id="keep-me")
    gone = create(client)
    gid = gone["id"]
    client.post(f"/v1/members/{gid}/observations", json={"kind": "weight", "value": 70})
    med_id = gone["medications"][0]["id"]
    client.post(f"/v1/members/{gid}/medications/{med_id}/doses", json={"taken": True, "slot": "08:00"})
    client.post(f"/v1/members/{keep['id']}/observations", json={"kind": "weight", "value": 80})
    with Session(db) as session:
        ConversationStore(session, SystemClock()).record_inbound(gid, "rest", "你好", channel_msg_id="m-1")
        session.commit()

    assert client.delete(f"/v1/members/{gid}").status_code == 204
    assert client.get(f"/v1/members/{gid}").status_code == 404
    with db.connect() as conn:
        for table in (m.Member, *MEMBER_OWNED_TABLES):
            column = table.id if table is m.Member else table.member_id  # type: ignore[attr-defined]
            assert conn.scalar(select(func.count()).select_from(table).where(column == gid)) == 0, table
        assert conn.scalar(select(func.count()).select_from(m.Observation)) == 1  # the other member's
    assert client.delete(f"/v1/members/{gid}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/members"),
        ("post", "/v1/members"),
        ("get", "/v1/members/1"),
        ("patch", "/v1/members/1"),
        ("delete", "/v1/members/1"),
        ("get", "/v1/members/1/observations"),
        ("post", "/v1/members/1/observations"),
        ("get", "/v1/members/1/medications"),
        ("post", "/v1/members/1/medications"),
        ("get", "/v1/members/1/medications/1/doses"),
        ("post", "/v1/members/1/medications/1/doses"),
        ("get", "/v1/members/1/messages"),
    ],
)
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic dGVzdA=="])
def test_every_v1_route_refuses_missing_or_wrong_token(
    anon_client: TestClient, method: str, path: str, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = getattr(anon_client, method)(path, headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_openapi_docs_are_served(anon_client: TestClient) -> None:
    assert anon_client.get("/docs").status_code == 200
    schema = anon_client.get("/openapi.json").json()
    assert "/v1/members/{member_id}/observations" in schema["paths"]


def test_unexpected_errors_are_500_without_internals(app: Any, client: TestClient) -> None:
    from api import deps

    def broken() -> None:
        raise RuntimeError("secret internal detail")

    app.dependency_overrides[deps.get_member_store] = broken
    response = client.get("/v1/members")
    assert response.status_code == 500
    assert error_of(response) == {"code": "internal_error", "message": "internal server error"}
    assert "secret internal detail" not in response.text
