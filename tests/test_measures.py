"""Measures report: pure aggregation, population and period filters, nudges/escalations, JSON and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.main import create_app
from coach.care_gaps import ExcludedItem, GapReport, GapResult, GapStatus, Period
from coach.catalog import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.errors import ValidationFailed
from coach.measures import MeasureAccumulator, Population, build_measures_report, to_csv
from coach.measures.report import report_period
from coach.settings import Settings
from tests.test_care_gaps_api import post_obs, with_care_routes
from tests.test_members_api import create, error_of

CATALOG = load_catalog()
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock) -> FastAPI:
    return with_care_routes(create_app(settings, clock=clock))


def result(item: int, status: GapStatus, **indicators: bool) -> GapResult:
    return GapResult(item, "X", "标题", "Title", status, None, "原因", "reason", (), indicators)


def report(member_id: int, *results: GapResult, excluded: tuple[int, ...] = ()) -> GapReport:
    return GapReport(member_id, date(2026, 11, 30), YEAR, results,
                     tuple(ExcludedItem(i, "X", "no medication") for i in excluded))


# ---------------------------------------------------------------- pure aggregation


def test_accumulator_counts_statuses_rates_and_indicators() -> None:
    acc = MeasureAccumulator(CATALOG)
    acc.add(report(1, result(15, GapStatus.MET, hba1c_controlled=True, hba1c_poor=False)), escalations=2)
    acc.add(report(2, result(15, GapStatus.DUE, hba1c_controlled=False, hba1c_poor=True)))
    acc.add(report(3, result(15, GapStatus.OVERDUE, hba1c_controlled=False, hba1c_poor=True), excluded=(14,)))
    out = acc.finish(YEAR, date(2026, 11, 30), Population(), NOW, {15: (4, 1)})
    hba1c = out.items[14]
    assert (hba1c.item, hba1c.eligible, hba1c.met, hba1c.due, hba1c.overdue) == (15, 3, 1, 1, 1)
    assert hba1c.rate == pytest.approx(1 / 3)
    controlled = {i.code: (i.numerator, i.denominator) for i in hba1c.indicators}
    assert controlled == {"hba1c_controlled": (1, 3), "hba1c_poor": (2, 3)}
    assert hba1c.unavailable_indicators == ("diabetes_claims_change",)
    assert (hba1c.nudges_sent, hba1c.nudges_responded, hba1c.escalations) == (4, 1, 2)
    adherence = out.items[13]
    assert (adherence.eligible, adherence.excluded, adherence.rate) == (0, 1, None)
    assert out.members == 3 and len(out.items) == 42


def test_indicators_outside_the_items_catalog_list_are_ignored() -> None:
    acc = MeasureAccumulator(CATALOG)
    acc.add(report(1, result(15, GapStatus.MET, made_up_code=True)))
    assert acc.finish(YEAR, date(2026, 11, 30), Population(), NOW).items[14].indicators == ()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, Period(date(2026, 1, 1), date(2026, 12, 31))),
        (date(2025, 3, 1), None, Period(date(2025, 3, 1), date(2025, 12, 31))),
        (None, date(2024, 6, 30), Period(date(2024, 1, 1), date(2024, 6, 30))),
        (date(2025, 7, 1), date(2026, 6, 30), Period(date(2025, 7, 1), date(2026, 6, 30))),
    ],
)
def test_report_period_defaults_to_a_calendar_year(start: date | None, end: date | None, expected: Period) -> None:
    assert report_period(start, end, today=date(2026, 11, 30)) == expected


def test_report_period_end_before_start_names_the_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        report_period(date(2026, 6, 1), date(2026, 5, 1), today=date(2026, 11, 30))
    assert caught.value.field == "end"


def test_population_validates_business_line_and_tier() -> None:
    with pytest.raises(ValidationFailed) as caught:
        Population(business_line="lottery")
    assert caught.value.field == "business_line"
    with pytest.raises(ValidationFailed) as caught:
        Population(care_tier="gold")
    assert caught.value.field == "care_tier"


def test_csv_is_long_format_with_one_rate_row_per_item() -> None:
    acc = MeasureAccumulator(CATALOG)
    acc.add(report(1, result(15, GapStatus.MET, hba1c_controlled=True)))
    rows = list(csv.DictReader(io.StringIO(to_csv(acc.finish(YEAR, date(2026, 11, 30), Population(), NOW)))))
    rate_rows = [r for r in rows if r["measure"] == "rate"]
    assert len(rate_rows) == 42
    hba1c = {r["measure"]: r for r in rows if r["item"] == "15"}
    assert (hba1c["rate"]["numerator"], hba1c["rate"]["denominator"], hba1c["rate"]["rate"]) == ("1", "1", "1.0000")
    assert hba1c["hba1c_controlled"]["rate"] == "1.0000"
    assert hba1c["hba1c_poor"]["kind"] == "unavailable"
    assert hba1c["rate"]["business_line"] == "all"


# ---------------------------------------------------------------- from the database


def diabetic(client: TestClient, name: str, hba1c: float, **overrides: Any) -> dict[str, Any]:
    member = create(client, external_id=name, **overrides)
    post_obs(client, member["id"], kind="hba1c", value=hba1c, observed_at="2026-09-01T09:00:00")
    return member


def measures(client: TestClient, **params: str) -> dict[int, dict[str, Any]]:
    response = client.get("/v1/reports/measures", params=params)
    assert response.status_code == 200, response.text
    return {i["item"]: i for i in response.json()["items"]}


def test_measures_report_over_members_in_the_database(client: TestClient) -> None:
    diabetic(client, "a", 7.0)
    diabetic(client, "b", 9.5)
    body = client.get("/v1/reports/measures").json()
    assert (body["period_start"], body["period_end"], body["as_of"], body["members"]) == (
        "2026-01-01", "2026-12-31", "2026-11-30", 2)
    hba1c = {i["item"]: i for i in body["items"]}[15]
    assert (hba1c["eligible"], hba1c["met"], hba1c["due"], hba1c["overdue"], hba1c["rate"]) == (2, 1, 1, 0, 0.5)
    indicators = {i["code"]: (i["numerator"], i["denominator"]) for i in hba1c["indicators"]}
    assert indicators == {"hba1c_controlled": (1, 2), "hba1c_poor": (1, 2)}
    assert measures(client)[14]["excluded"] == 0  # both have metformin


def test_population_filters_by_business_line_and_tier(client: TestClient) -> None:
    diabetic(client, "g", 7.0, business_line="group_medical", care_tier="case_management")
    diabetic(client, "h", 9.5, business_line="huiminbao")
    group = client.get("/v1/reports/measures", params={"business_line": "group_medical"}).json()
    assert group["members"] == 1 and group["business_line"] == "group_medical"
    assert {i["item"]: i for i in group["items"]}[15]["met"] == 1
    tier = client.get("/v1/reports/measures", params={"care_tier": "case_management"}).json()
    assert tier["members"] == 1
    assert client.get("/v1/reports/measures", params={"care_tier": "digital"}).json()["members"] == 1
    assert client.get("/v1/reports/measures", params={"care_tier": "preventive"}).json()["members"] == 0


def test_a_past_period_is_evaluated_at_its_end(client: TestClient) -> None:
    diabetic(client, "p", 7.0)
    body = client.get("/v1/reports/measures", params={"start": "2025-01-01", "end": "2025-12-31"}).json()
    assert body["as_of"] == "2025-12-31"
    assert {i["item"]: i for i in body["items"]}[15]["met"] == 0  # the 2026 result does not count for 2025


def test_nudges_and_escalations_are_counted_per_item(client: TestClient, session: Session) -> None:
    member = diabetic(client, "n", 7.0)
    at = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    for index, responded in enumerate((True, False, False)):
        session.add(m.Nudge(member_id=member["id"], kind="test_reminder", item=15, due_at=at,
                            idempotency_key=f"n-{index}", priority=1, status="responded" if responded else "sent",
                            text="复查糖化血红蛋白", created_at=at, sent_at=at, responded_at=at if responded else None))
    session.add(m.Nudge(member_id=member["id"], kind="test_reminder", item=15, due_at=at, idempotency_key="old",
                        priority=1, status="sent", text="old", created_at=at, sent_at=datetime(2025, 5, 1, tzinfo=UTC)))
    session.add(m.Escalation(member_id=member["id"], level="urgent", reasons=["hyperglycaemia"], evidence=[],
                             status="resolved", source="message", opened_at=at, last_seen_at=at, sla_due_at=at))
    session.commit()
    hba1c = measures(client)[15]
    assert (hba1c["nudges_sent"], hba1c["nudges_responded"], hba1c["escalations"]) == (3, 1, 1)
    assert measures(client)[1]["escalations"] == 1  # every item the member is eligible for
    assert measures(client)[16]["nudges_sent"] == 0


def test_csv_export_by_suffix_and_by_format(client: TestClient) -> None:
    diabetic(client, "c", 7.0)
    for path, params in (("/v1/reports/measures.csv", {}), ("/v1/reports/measures", {"format": "csv"})):
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert "measures-2026-01-01-2026-12-31.csv" in response.headers["content-disposition"]
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        rate = next(r for r in rows if r["item"] == "15" and r["measure"] == "rate")
        assert (rate["numerator"], rate["denominator"], rate["title_zh"]) == ("1", "1", "糖化血红蛋白的控制")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"business_line": "lottery"}, "business_line"),
        ({"care_tier": "gold"}, "care_tier"),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "end"),
        ({"start": "2027-01-01"}, "start"),
        ({"format": "xml"}, "query.format"),
    ],
)
def test_bad_report_parameters_are_422(client: TestClient, params: dict[str, str], field: str) -> None:
    response = client.get("/v1/reports/measures", params=params)
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_build_measures_report_directly(session: Session, clock: FixedClock, client: TestClient) -> None:
    diabetic(client, "d", 8.5)
    out = build_measures_report(session, CATALOG, clock, YEAR, Population(), batch_size=1)
    assert out.members == 1
    assert out.items[14].overdue == 0 and out.items[14].due == 1  # recheck due 90 days after 2026-09-01
