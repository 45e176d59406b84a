"""A database connection that dies in the middle of a request (api/db_retry.py): idempotent requests
are run again once on a new connection; a POST is not, it answers 503 `database_unavailable` with
its transaction rolled back.

The connection is really killed on the backend this run is on: PostgreSQL terminates the serving
backend (pg_terminate_backend from a second connection), SQLite closes the driver's connection
under SQLAlchemy. Either way SQLAlchemy sees a disconnect and invalidates the connection."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, text

from api.db_retry import RetryOnLostConnection
from api.errors import install_error_handlers
from api.main import create_app
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_engine
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import DIABETIC, create, create_consented, error_of

RETRY_LOGGED = "retrying once"


class ConnectionKiller:
    """Kills the connection a statement ran on, right after the first statement containing `arm(sql)`."""

    def __init__(self, engine: Engine, admin: Engine) -> None:
        self.admin = admin
        self.armed: str | None = None
        self.kills = 0
        event.listen(engine, "after_cursor_execute", self._after)

    def arm(self, sql: str) -> None:
        self.armed = sql

    def _after(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.armed is None or self.armed not in statement:
            return
        self.armed = None
        driver_connection = conn.connection.dbapi_connection
        if conn.dialect.name == "postgresql":
            pid = driver_connection.info.backend_pid
            with self.admin.connect() as admin:  # waits (up to 5 s) until the backend has exited
                assert admin.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        else:
            driver_connection.close()
        self.kills += 1


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> Any:
    return create_app(settings, clock=clock, retriever=real_retriever)


@pytest.fixture
def killer(app: Any, client: TestClient, db: Engine) -> ConnectionKiller:
    return ConnectionKiller(app.state.engine, db)


@pytest.fixture
def retries(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.WARNING, logger="coach.api")
    return lambda: [r for r in caplog.records if RETRY_LOGGED in r.getMessage()]


def rows(db: Engine, table: Any) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_a_get_whose_connection_dies_is_run_again_and_answers_correctly(
    client: TestClient, killer: ConnectionKiller, retries: Any
) -> None:
    member = create(client)
    killer.arm("FROM members")
    got = client.get(f"/v1/members/{member['id']}")
    assert killer.kills == 1
    assert got.status_code == 200, got.text
    assert got.json() == member
    assert len(retries()) == 1
    assert "GET" in retries()[0].getMessage()


def test_a_delete_whose_connection_dies_is_run_again_and_erases_once(
    client: TestClient, killer: ConnectionKiller, retries: Any, db: Engine
) -> None:
    keep, gone = create(client, external_id="keep"), create(client, external_id="gone")
    killer.arm("DELETE FROM")
    assert client.delete(f"/v1/members/{gone['id']}").status_code == 204
    assert killer.kills == 1 and len(retries()) == 1
    assert client.get(f"/v1/members/{gone['id']}").status_code == 404
    assert client.get(f"/v1/members/{keep['id']}").json() == keep


def test_a_post_whose_connection_dies_is_not_retried_and_writes_nothing(
    client: TestClient, killer: ConnectionKiller, retries: Any, db: Engine
) -> None:
    killer.arm("INSERT INTO members")  # then the conditions and the medication would follow
    failed = client.post("/v1/members", json=DIABETIC)
    assert killer.kills == 1
    assert failed.status_code == 503 and failed.headers["retry-after"] == "1"
    error = error_of(failed)
    assert error["code"] == "database_unavailable" and "database connection was lost" in error["message"]
    assert retries() == []
    assert [rows(db, t) for t in (m.Member, m.MemberCondition, m.Medication)] == [0, 0, 0]
    # The pool has replaced the connection: the client's own retry succeeds, once.
    created = create(client)
    assert [rows(db, t) for t in (m.Member, m.MemberCondition, m.Medication)] == [1, 3, 1]
    assert created["canonical_conditions"] == ["ckd", "diabetes", "hypertension"]


def test_a_message_whose_turn_lost_its_connection_is_answered_once_on_the_clients_retry(
    client: TestClient, killer: ConnectionKiller, retries: Any, db: Engine
) -> None:
    member = create_consented(client)
    url, body = f"/v1/members/{member['id']}/messages", {"text": "高血压平时要注意什么？", "client_msg_id": "c-1"}
    killer.arm("FROM observations")  # the turn's processing, after the message itself was stored
    failed = client.post(url, json=body)
    assert killer.kills == 1
    assert failed.status_code == 503 and error_of(failed)["code"] == "database_unavailable"
    assert retries() == []
    answered = client.post(url, json=body)
    assert answered.status_code == 200, answered.text
    again = client.post(url, json=body)  # a third delivery of the same message: the same answer, not a new turn
    assert again.status_code == 200 and again.json()["reply"] == answered.json()["reply"]
    directions = [x["direction"] for x in client.get(url).json()]
    assert directions == ["in", "out"]


# --- the middleware on its own: a PUT body is replayed, other errors are not retried ---------------
def _small_app(engine: Engine) -> tuple[FastAPI, list[Any]]:
    """A route that runs two statements on a real connection and echoes the JSON body it was sent."""
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RetryOnLostConnection)
    seen: list[Any] = []

    @app.put("/echo")
    async def echo(request: Request) -> Any:
        body = await request.json()
        seen.append(body)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.execute(text("SELECT 2"))
        return body

    @app.get("/broken")
    def broken() -> None:
        seen.append("broken")
        raise RuntimeError("a bug, not a lost connection")

    return app, seen


def test_a_put_body_is_replayed_on_the_retry_and_other_errors_are_not_retried(
    settings: Settings, db: Engine, retries: Any
) -> None:
    engine = make_engine(settings.database_url)
    killer = ConnectionKiller(engine, db)
    app, seen = _small_app(engine)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            killer.arm("SELECT 1")
            echoed = client.put("/echo", json={"weight_kg": 70.5, "note": "体重"})
            assert echoed.status_code == 200, echoed.text
            assert echoed.json() == {"weight_kg": 70.5, "note": "体重"}
            assert seen == [{"weight_kg": 70.5, "note": "体重"}] * 2 and killer.kills == 1
            assert len(retries()) == 1

            broken = client.get("/broken")
            assert broken.status_code == 500 and error_of(broken)["code"] == "internal_error"
            assert seen.count("broken") == 1 and len(retries()) == 1
    finally:
        engine.dispose()
