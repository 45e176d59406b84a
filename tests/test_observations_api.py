"""Observations, medications and dose logs through the API: units, ranges, events, derived BMI."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_members_api import create, error_of


@pytest.fixture
def member(client: TestClient) -> dict[str, Any]:
    return create(client, height_cm=170)


def post_obs(client: TestClient, member: dict[str, Any], **body: Any) -> Any:
    return client.post(f"/v1/members/{member['id']}/observations", json=body)


@pytest.mark.parametrize(
    ("body", "kind", "expected"),
    [
        ({"kind": "glucose", "value": 126, "unit": "mg/dL"}, "glucose", 7.0),
        ({"kind": "glucose", "value": 6.8}, "glucose", 6.8),
        ({"kind": "weight", "value": 145, "unit": "斤"}, "weight", 72.5),
        ({"kind": "weight", "value": 160, "unit": "lb"}, "weight", 72.575),
        ({"kind": "hba1c", "value": 53, "unit": "mmol/mol"}, "hba1c", 7.0),
        ({"kind": "ldl", "value": 100, "unit": "mg/dL"}, "ldl", 2.586),
        ({"kind": "uacr", "value": 3.4, "unit": "mg/mmol"}, "uacr", 30.056),
        ({"kind": "egfr", "value": 52}, "egfr", 52.0),
        ({"kind": "potassium", "value": 4.1, "unit": "mmol/L"}, "potassium", 4.1),
    ],
)
def test_values_are_stored_in_canonical_units(
    client: TestClient, member: dict[str, Any], body: dict[str, Any], kind: str, expected: float
) -> None:
    response = post_obs(client, member, **body)
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == kind
    assert response.json()["value"] == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"kind": "glucose", "value": 90}, "value", "plausible range 0.5–50 mmol/L"),
        ({"kind": "weight", "value": -3}, "value", "plausible range"),
        ({"kind": "potassium", "value": 25}, "value", "plausible range 1.5–10"),
        ({"kind": "hba1c", "value": "high"}, "value", "numeric"),
        ({"kind": "glucose", "value": 7, "unit": "g/L"}, "unit", "mmol/l"),
        ({"kind": "blood_pressure", "value": 140}, "value", "systolic"),
        ({"kind": "blood_pressure", "value": {"systolic": 400, "diastolic": 90}}, "value.systolic", "plausible"),
        ({"kind": "blood_pressure", "value": {"systolic": 120, "diastolic": 130}}, "value.diastolic", "lower"),
        ({"kind": "cholesterol_magic", "value": 3}, "kind", "unknown observation kind"),
        ({"kind": "colorectal_screening"}, "attributes.modality", "colonoscopy"),
        ({"kind": "colorectal_screening", "attributes": {"modality": "fit", "colour": "red"}}, "attributes", "colour"),
        ({"kind": "eye_exam", "value": 3}, "value", "event"),
        ({"kind": "weight", "value": 70, "observed_at": "2030-01-01T08:00:00"}, "observed_at", "future"),
        ({"kind": "weight"}, "value", "numeric"),
    ],
)
def test_implausible_or_malformed_observations_are_422(
    client: TestClient, member: dict[str, Any], body: dict[str, Any], field: str, fragment: str
) -> None:
    response = post_obs(client, member, **body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["field"] == field
    assert field in error["message"] and fragment in error["message"]


def test_blood_pressure_and_events(client: TestClient, member: dict[str, Any]) -> None:
    bp = post_obs(client, member, kind="blood_pressure", value={"systolic": 128, "diastolic": 82})
    assert bp.status_code == 201
    assert (bp.json()["systolic"], bp.json()["diastolic"], bp.json()["unit"]) == (128, 82, "mmHg")
    fit = post_obs(client, member, kind="colorectal_screening", value={"modality": "FIT", "result": "negative"},
                   observed_at="2026-03-01T09:00:00+08:00")
    assert fit.status_code == 201, fit.text
    assert fit.json()["attributes"] == {"modality": "fit", "result": "negative"}
    assert fit.json()["observed_at"].startswith("2026-03-01T01:00:00")
    discharge = post_obs(client, member, kind="hospital_discharge", attributes={"diagnosis": "I21.0"})
    assert discharge.status_code == 201
    kinds = [o["kind"] for o in client.get(f"/v1/members/{member['id']}/observations").json()]
    assert kinds == ["colorectal_screening", "blood_pressure", "hospital_discharge"]


def test_naive_observed_at_is_member_local_time(client: TestClient, member: dict[str, Any]) -> None:
    response = post_obs(client, member, kind="weight", value=70, observed_at="2026-11-29T07:30:00")
    assert response.json()["observed_at"].startswith("2026-11-28T23:30:00")


def test_weight_with_known_height_derives_bmi(client: TestClient, member: dict[str, Any]) -> None:
    assert post_obs(client, member, kind="weight", value=86.7).status_code == 201
    rows = client.get(f"/v1/members/{member['id']}/observations", params={"kind": "bmi"}).json()
    assert [(r["value"], r["source"]) for r in rows] == [(30.0, "derived")]


def test_medications_and_dose_logs(client: TestClient, member: dict[str, Any]) -> None:
    base = f"/v1/members/{member['id']}/medications"
    created = client.post(base, json={"name": "阿托伐他汀", "times": ["20:00"]})
    assert created.status_code == 201
    assert created.json()["drug_class"] == "statin"
    med_id = created.json()["id"]
    assert {m["name"] for m in client.get(base).json()} == {"二甲双胍", "阿托伐他汀"}

    assert client.post(f"{base}/{med_id}/doses", json={"taken": False, "day": "2026-11-29"}).status_code == 201
    # A later answer for the same dose replaces the earlier one instead of double counting.
    assert client.post(f"{base}/{med_id}/doses", json={"taken": True, "day": "2026-11-29"}).status_code == 201
    logs = client.get(f"{base}/{med_id}/doses").json()
    assert [(log["day"], log["taken"]) for log in logs] == [("2026-11-29", True)]

    future = client.post(f"{base}/{med_id}/doses", json={"taken": True, "day": "2026-12-25"})
    assert future.status_code == 422 and error_of(future)["field"] == "day"
    wrong_slot = client.post(f"{base}/{med_id}/doses", json={"taken": True, "slot": "09:00"})
    assert wrong_slot.status_code == 422 and "20:00" in error_of(wrong_slot)["message"]
    other = create(client, external_id="someone-else")
    stolen = client.post(f"/v1/members/{other['id']}/medications/{med_id}/doses", json={"taken": True})
    assert stolen.status_code == 404
