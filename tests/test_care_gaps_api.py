"""GET /v1/members/{id}/care-gaps: statuses in the member's language, as_of, errors, auth."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.deps import require_token
from api.main import create_app
from api.routes import care
from coach.clock import FixedClock
from coach.settings import Settings
from tests.test_members_api import create, error_of


def with_care_routes(application: FastAPI) -> FastAPI:
    """Adds the care router unless api.main already registers it."""
    if not any(getattr(route, "path", None) == "/v1/reports/measures" for route in application.routes):
        application.include_router(care.router, dependencies=[Depends(require_token)])
    return application


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock) -> FastAPI:
    return with_care_routes(create_app(settings, clock=clock))


def post_obs(client: TestClient, member_id: int, **body: Any) -> None:
    response = client.post(f"/v1/members/{member_id}/observations", json=body)
    assert response.status_code == 201, response.text


def gaps(client: TestClient, member_id: int, **params: str) -> dict[int, dict[str, Any]]:
    response = client.get(f"/v1/members/{member_id}/care-gaps", params=params)
    assert response.status_code == 200, response.text
    return {g["item"]: g for g in response.json()}


def test_care_gaps_in_chinese_with_due_dates_and_reasons(client: TestClient) -> None:
    member = create(client)  # diabetes, hypertension, CKD; metformin; born 1968
    post_obs(client, member["id"], kind="egfr", value=62, observed_at="2026-03-01T09:00:00")
    found = gaps(client, member["id"])
    kidney = found[17]
    assert kidney == {
        "item": 17, "code": "DKD_SCREEN", "title": "糖尿病的肾病筛查", "status": "due", "due_date": "2026-12-31",
        "reason": "肾脏检查今年还差尿白蛋白肌酐比（uACR）",
    }
    assert found[28]["status"] == "met"  # eGFR for CKD this year
    assert found[15]["status"] == "due" and found[15]["due_date"] == "2026-12-31"
    assert 14 in found  # metformin prescribed, no dose logged yet
    assert found[14]["status"] == "due"
    assert all(g["status"] in {"due", "overdue", "met"} for g in found.values())


def test_english_member_gets_english_titles_and_reasons(client: TestClient) -> None:
    member = create(client, external_id="en-1", language="en")
    post_obs(client, member["id"], kind="egfr", value=62, observed_at="2026-03-01T09:00:00")
    kidney = gaps(client, member["id"])[17]
    assert kidney["title"] == "Kidney health evaluation for patients with diabetes"
    assert kidney["reason"] == "Kidney check this year still needs a urine albumin-creatinine ratio (uACR)"


def test_as_of_moves_the_evaluation_day(client: TestClient) -> None:
    member = create(client)
    post_obs(client, member["id"], kind="hba1c", value=7.2, observed_at="2026-11-01T09:00:00")
    assert gaps(client, member["id"])[15]["status"] == "met"
    before = gaps(client, member["id"], as_of="2026-10-31")[15]
    assert before["status"] == "due"
    assert before["reason"] == "今年还没有糖化血红蛋白（HbA1c）结果"


def test_dose_logs_feed_adherence(client: TestClient) -> None:
    member = create(client, medications=[{"name": "二甲双胍", "start_date": "2026-11-21"}])
    medication_id = member["medications"][0]["id"]
    for day in range(21, 31):
        response = client.post(f"/v1/members/{member['id']}/medications/{medication_id}/doses",
                               json={"day": f"2026-11-{day}", "taken": True})
        assert response.status_code == 201, response.text
    assert gaps(client, member["id"])[14]["status"] == "met"


def test_items_not_sold_on_the_business_line_are_left_out(client: TestClient) -> None:
    member = create(client, business_line="supplementary_medical")
    found = gaps(client, member["id"])
    assert 1 not in found and 6 not in found
    assert 17 in found


def test_unknown_member_is_404(client: TestClient) -> None:
    response = client.get("/v1/members/999999/care-gaps")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("as_of", ["2020-01-01", "2028-06-01", "not-a-date"])
def test_bad_as_of_is_422_naming_the_field(client: TestClient, as_of: str) -> None:
    member = create(client)
    response = client.get(f"/v1/members/{member['id']}/care-gaps", params={"as_of": as_of})
    assert response.status_code == 422
    # Domain checks name the field "as_of"; FastAPI's own parsing reports it as "query.as_of".
    assert error_of(response)["field"] in {"as_of", "query.as_of"}


def test_care_gaps_need_the_token(anon_client: TestClient) -> None:
    assert anon_client.get("/v1/members/1/care-gaps").status_code == 401
    assert anon_client.get("/v1/reports/measures").status_code == 401
