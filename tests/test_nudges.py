"""Proactive reminders: a simulated month for a small cohort with a controllable clock, quiet hours,
caps, idempotency across a crash, opt-out, and replies understood in context."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.main import create_app
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.nudges import sweep as sweep_module
from coach.nudges.models import NudgePolicy
from coach.nudges.sweep import run_sweep
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from coach.tiers import cadence_factor
from tests.test_members_api import create_consented

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI).astimezone(UTC)  # a Tuesday, midnight local


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> Any:
    return create_app(settings, clock=clock, retriever=real_retriever)


@pytest.fixture
def cohort(client: TestClient, db: Engine) -> dict[str, int]:
    ids = {
        "hf": create_consented(client, external_id="hf", conditions=["I50.9"], age=74, birth_date=None,
                               medications=[])["id"],
        "htn": create_consented(client, external_id="htn", conditions=["I10"], age=60, birth_date=None,
                                medications=[{"name": "氨氯地平", "times": ["08:00"]}])["id"],
        "dm": create_consented(client, external_id="dm", conditions=["E11.9"], age=55, birth_date=None,
                               medications=[])["id"],
        "quiet": create_consented(client, external_id="quiet", conditions=["I50.9", "I10"], age=70, birth_date=None,
                                  opt_out_nudges=True)["id"],
    }
    with Session(db) as session:  # the nightly job found the diabetic's kidney check overdue since 20 Nov
        session.add(m.CareGap(member_id=ids["dm"], item=17, status="overdue", due_date=date(2026, 11, 20),
                              reason="今年还没有做 uACR 检查。", computed_at=START))
        session.commit()
    return ids


def simulate(app: Any, clock: FixedClock, days: int, step: timedelta = timedelta(hours=1)) -> None:
    catalog = load_catalog()
    end = START + timedelta(days=days)
    while clock.now() < end:
        run_sweep(app.state.session_factory, catalog, clock.now(), policy=NudgePolicy())
        clock.advance(step)


def nudges(db: Engine) -> list[m.Nudge]:
    with Session(db) as session:
        return list(session.scalars(select(m.Nudge).order_by(m.Nudge.id)))


def test_a_simulated_month(app: Any, client: TestClient, clock: FixedClock, cohort: dict[str, int], db: Engine) -> None:
    simulate(app, clock, days=30)
    rows = nudges(db)
    by_member = Counter((r.member_id, r.kind) for r in rows)
    days = [START.astimezone(SHANGHAI).date() + timedelta(days=n) for n in range(30)]
    mondays_thursdays = sum(d.weekday() in (0, 3) for d in days)
    assert by_member[(cohort["hf"], "weight_check")] == 30
    assert by_member[(cohort["htn"], "medication_dose")] == 30
    assert by_member[(cohort["htn"], "bp_check")] == mondays_thursdays
    # Overdue since 20 Nov. Follow-ups come after growing gaps (7, 21, 49 days), stretched by the care
    # tier's cadence factor (the digital tier: x2), so 4 Dec and 1 Jan: one of them falls in this month.
    factor = cadence_factor("digital")
    followups = [date(2026, 11, 20) + timedelta(days=round(d * factor)) for d in NudgePolicy().overdue_followups_days]
    month = [d for d in followups if START.astimezone(SHANGHAI).date() <= d < days[-1] + timedelta(days=1)]
    assert factor == 2.0 and len(month) == 1
    assert by_member[(cohort["dm"], "care_gap")] == len(month)
    assert not any(r.member_id == cohort["quiet"] for r in rows)
    assert len(rows) == 30 + 30 + mondays_thursdays + len(month)
    # Nothing is delivered in quiet hours (22:00-08:00 local) and the daily cap holds.
    with Session(db) as session:
        entries = list(session.scalars(select(m.OutboxEntry)))
    assert len(entries) == len(rows)
    for entry in entries:
        local = entry.next_attempt_at.astimezone(SHANGHAI).time()
        assert local.hour >= 8 and local.hour < 22, entry.payload
    per_day = Counter((r.member_id, r.created_at.astimezone(SHANGHAI).date()) for r in rows)
    assert max(per_day.values()) <= NudgePolicy().daily_cap
    # The morning weigh-in (07:30) waited for the end of quiet hours instead of being dropped.
    weigh = next(e for e in entries if e.payload["nudge_kind"] == "weight_check")
    assert weigh.next_attempt_at.astimezone(SHANGHAI).strftime("%H:%M") == "08:00"


def test_daily_cap_keeps_the_most_important(app: Any, client: TestClient, clock: FixedClock, db: Engine) -> None:
    meds = [{"name": f"药{n}", "times": [f"{12 + n // 4:02d}:{15 * (n % 4):02d}"]} for n in range(6)]
    busy = create_consented(client, external_id="busy", conditions=["I50.9", "I10"], age=70, birth_date=None,
                            medications=meds)
    clock.set(datetime(2026, 12, 3, 13, 30, tzinfo=SHANGHAI))  # a Thursday: six dose slots and a BP check are due
    report = run_sweep(app.state.session_factory, load_catalog(), clock.now())
    kinds = [n.kind.value for n in report.queued if n.member_id == busy["id"]]
    assert len(kinds) == 4 and report.deferred == 3  # the cap holds back two doses and the BP check
    assert all(k == "medication_dose" for k in kinds)  # doses outrank weigh-ins and BP checks


def test_sweeps_are_idempotent_even_after_a_crash(app: Any, client: TestClient, clock: FixedClock,
                                                  cohort: dict[str, int], db: Engine,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI))
    real_queue = sweep_module._queue

    def crash(*args: Any, **kwargs: Any) -> Any:
        real_queue(*args, **kwargs)
        raise RuntimeError("process killed mid-sweep")

    monkeypatch.setattr(sweep_module, "_queue", crash)
    with pytest.raises(RuntimeError):
        run_sweep(app.state.session_factory, load_catalog(), clock.now())
    assert nudges(db) == []  # the batch rolled back: nothing half-queued
    monkeypatch.setattr(sweep_module, "_queue", real_queue)
    first = run_sweep(app.state.session_factory, load_catalog(), clock.now())
    again = run_sweep(app.state.session_factory, load_catalog(), clock.now())
    assert first.queued and again.queued == []
    keys = [n.idempotency_key for n in nudges(db)]
    assert len(keys) == len(set(keys)) == len(first.queued)


def test_replies_in_context_and_opt_out(app: Any, client: TestClient, clock: FixedClock, cohort: dict[str, int],
                                        db: Engine) -> None:
    clock.set(datetime(2026, 12, 3, 8, 5, tzinfo=SHANGHAI))
    response = client.post("/v1/nudges/run", params={"as_of": clock.now().isoformat()})
    assert response.status_code == 200
    assert {q["kind"] for q in response.json()["queued"]} >= {"weight_check", "medication_dose"}

    dose = client.post(f"/v1/members/{cohort['htn']}/messages", json={"text": "1"}).json()
    assert "已记录" in dose["reply"]
    logs = client.get(f"/v1/members/{cohort['htn']}/medications").json()
    med_id = logs[0]["id"]
    assert [(d["slot"], d["taken"], d["source"]) for d in
            client.get(f"/v1/members/{cohort['htn']}/medications/{med_id}/doses").json()] == [("08:00", True, "nudge")]

    with Session(db) as session:  # three days ago she weighed 70.0 kg
        session.add(m.Observation(member_id=cohort["hf"], kind="weight", value=70.0, attributes={}, source="api",
                                  observed_at=clock.now() - timedelta(days=3), created_at=clock.now()))
        session.commit()
    weight = client.post(f"/v1/members/{cohort['hf']}/messages", json={"text": "72.5"}).json()
    assert [o["kind"] for o in weight["recorded_observations"]] == ["weight"]
    assert weight["escalation"]["reasons"] == ["heart_failure_decompensation"]

    history = client.get(f"/v1/members/{cohort['hf']}/nudges").json()
    assert history[0]["kind"] == "weight_check" and history[0]["response"] == "72.5"

    stop = client.post(f"/v1/members/{cohort['htn']}/messages", json={"text": "退订"}).json()
    assert "关闭所有提醒" in stop["reply"]
    clock.advance(timedelta(days=1))
    later = run_sweep(app.state.session_factory, load_catalog(), clock.now())
    assert all(n.member_id != cohort["htn"] for n in later.queued)


def test_as_of_needs_a_timezone(client: TestClient) -> None:
    response = client.post("/v1/nudges/run", params={"as_of": "2026-12-01T08:00:00"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "as_of"
