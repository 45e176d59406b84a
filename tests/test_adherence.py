"""One adherence figure (PDC) for the reminder planner and the insurer's measures: a member who
logged 10 of 30 days is 33 % and non-adherent in both, so the adherence coaching reminder goes out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.main import create_app
from coach.care_gaps import GapStatus, Period, evaluate
from coach.catalog import load_catalog
from coach.clock import FixedClock
from coach.measures import MeasureAccumulator, Population
from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot
from coach.nudges.models import MemberNudgeContext, NudgeKind
from coach.nudges.planner import plan_member
from coach.nudges.sweep import run_sweep
from coach.settings import Settings
from tests.conftest import NOW
from tests.test_care_gaps_api import with_care_routes
from tests.test_members_api import create_consented

CATALOG = load_catalog()
TODAY = date(2026, 11, 30)  # NOW is 10:00 in Shanghai, the coaching slot
# The planner's window: the 30 days before today (today's dose may still be ahead).
WINDOW = Period(TODAY - timedelta(days=30), TODAY - timedelta(days=1))
STATIN_ITEM = 24


def statin_member(logged_days: int, taken: bool = True, every: int = 3) -> MemberSnapshot:
    """On a statin all year; `logged_days` of the window's 30 days logged, one every `every` days."""
    logs = tuple(DoseLogRecord(1, "statin", WINDOW.start + timedelta(days=every * n), taken)
                 for n in range(logged_days))
    statin = MedicationRecord("atorvastatin", "statin", start_date=date(2026, 1, 1), medication_id=1)
    return MemberSnapshot(member_id=1, sex="M", birth_date=date(1966, 6, 15), language="en",
                          conditions=frozenset({"hyperlipidaemia"}), medications=(statin,), dose_logs=logs)


def coaching(member: MemberSnapshot) -> list[str]:
    plan = plan_member(member, [], CATALOG, NOW, MemberNudgeContext())
    return [n.text for n in plan.queue if n.kind is NudgeKind.ADHERENCE_COACHING]


def test_ten_of_thirty_days_is_33_percent_and_non_adherent_for_planner_and_measures() -> None:
    member = statin_member(10)
    texts = coaching(member)
    assert len(texts) == 1 and "about 33% of days" in texts[0]

    report = evaluate(CATALOG, member, WINDOW.end, period=WINDOW)
    statin = next(r for r in report.results if r.item == STATIN_ITEM)
    assert statin.status is not GapStatus.MET
    assert statin.indicators == {"statin_pdc80": False}
    assert "on 33% of days" in statin.reason_en
    accumulator = MeasureAccumulator(CATALOG)
    accumulator.add(report)
    measure = accumulator.finish(WINDOW, WINDOW.end, Population(), NOW).items[STATIN_ITEM - 1]
    assert (measure.eligible, measure.met, measure.rate) == (1, 0, 0.0)
    assert [(i.code, i.numerator, i.denominator) for i in measure.indicators] == [("statin_pdc80", 0, 1)]


def test_80_percent_of_days_gets_no_coaching_and_76_does() -> None:
    assert not coaching(statin_member(24, every=1))  # 24 of 30 days
    texts = coaching(statin_member(23, every=1))  # 76.7 %, shown rounded down as in the measures
    assert len(texts) == 1 and "about 76% of days" in texts[0]


def test_too_few_logged_days_to_coach_on() -> None:
    assert not coaching(statin_member(6))
    assert coaching(statin_member(7, taken=False))


# ---------------------------------------------------------------- through the database


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock) -> FastAPI:
    return with_care_routes(create_app(settings, clock=clock))


def test_logged_through_the_api_the_sweep_and_the_measures_report_agree(app: Any, client: TestClient) -> None:
    member = create_consented(client, external_id="pdc-10-of-30", language="en", conditions=["E78.5"],
                              medications=[{"name": "阿托伐他汀", "start_date": WINDOW.start.isoformat()}])
    medication = member["medications"][0]
    assert medication["drug_class"] == "statin"
    for n in range(10):
        day = WINDOW.start + timedelta(days=3 * n)
        response = client.post(f"/v1/members/{member['id']}/medications/{medication['id']}/doses",
                               json={"day": day.isoformat(), "taken": True})
        assert response.status_code == 201, response.text

    swept = run_sweep(app.state.session_factory, CATALOG, NOW)
    texts = [n.text for n in swept.queued if n.kind is NudgeKind.ADHERENCE_COACHING]
    assert len(texts) == 1 and "about 33% of days" in texts[0]

    # The measures report and the member's care gaps, evaluated on the window's last day.
    response = client.get("/v1/reports/measures", params={"end": WINDOW.end.isoformat()})
    assert response.status_code == 200, response.text
    statin = next(i for i in response.json()["items"] if i["item"] == STATIN_ITEM)
    assert (statin["eligible"], statin["met"], statin["rate"]) == (1, 0, 0.0)
    response = client.get(f"/v1/members/{member['id']}/care-gaps", params={"as_of": WINDOW.end.isoformat()})
    assert response.status_code == 200, response.text
    gap = next(g for g in response.json() if g["item"] == STATIN_ITEM)
    assert gap["status"] != "met" and "on 33% of days" in gap["reason"]
