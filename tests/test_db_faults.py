"""Database faults: a dead pooled connection (PostgreSQL) or a held write lock (SQLite), concurrent
writer processes, a turn that died between "message stored" and "reply produced", and two first
messages of a member racing to create the conversation. (A connection that dies in the middle of a
request: tests/test_db_retry.py.)

The connection-fault test is parametrised by the backend the suite runs on, so each run asserts
what can really go wrong on that backend (nothing is skipped)."""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.main import create_app
from coach.clock import FixedClock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import make_engine, make_session_factory, session_scope
from coach.members.observations import canonicalise
from coach.members.schemas import MemberCreate, ObservationIn
from coach.members.store import MemberStore
from coach.pipeline.recovery import reprocess_pending
from coach.settings import Settings
from tests.conftest import API_TOKEN, NOW
from tests.test_members_api import create, create_consented

# The backend this run is on, read through the one Settings class like everything else.
BACKEND = "sqlite" if Settings(_env_file=None, api_token="-", session_secret="-").is_sqlite else "postgresql"  # type: ignore[call-arg]


# --- (a) a connection fault between requests -------------------------------------------------------
def _kill_app_connections(app: Any, db: Engine, application_name: str) -> int:
    """Terminate, from a second connection, the server backends of this app's pool (and nobody else's:
    the database may be shared with other test runs)."""
    with app.state.engine.connect() as conn:  # make sure the pool holds a live connection, and learn its pid
        app_pid = conn.scalar(text("SELECT pg_backend_pid()"))
    with db.connect() as admin:
        # Select first, then terminate: in one statement PostgreSQL may call pg_terminate_backend before
        # it applies the filter.
        pids = admin.scalars(text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                             {"name": application_name}).all()
        killed = [pid for pid in pids if admin.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})]
        admin.commit()
    assert app_pid in killed
    return len(killed)


def _hold_sqlite_write_lock(db: Engine, seconds: float, locked: threading.Event) -> None:
    raw = db.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE members SET updated_at = updated_at")
        locked.set()
        time.sleep(seconds)
        raw.commit()
    finally:
        raw.close()


@pytest.mark.parametrize("backend", [BACKEND])
def test_the_next_request_survives_a_connection_fault(
    backend: str, settings: Settings, db: Engine, clock: FixedClock
) -> None:
    assert db.dialect.name == backend
    name = f"coach-fault-{uuid.uuid4().hex[:12]}"
    url = make_url(settings.database_url)
    if backend == "postgresql":  # tag the app's connections so only they are killed
        url = url.update_query_dict({"application_name": name})
    app = create_app(settings.model_copy(update={"database_url": url.render_as_string(hide_password=False)}),
                     clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {API_TOKEN}"
        member = create(client)
        if backend == "postgresql":
            # The pool's connections die under it (a restart, a failover, an idle-timeout proxy).
            assert _kill_app_connections(app, db, name) >= 1
            got = client.get(f"/v1/members/{member['id']}")  # pool_pre_ping replaces the dead connection
            assert got.status_code == 200, got.text
            written = client.patch(f"/v1/members/{member['id']}", json={"business_line": "after-fault"})
            assert written.status_code == 200, written.text
        else:
            # Another process holds the write lock for a moment: the request waits (busy_timeout), never 500s.
            locked = threading.Event()
            holder = threading.Thread(target=_hold_sqlite_write_lock, args=(db, 0.5, locked))
            holder.start()
            assert locked.wait(5)
            started = time.monotonic()
            written = client.patch(f"/v1/members/{member['id']}", json={"business_line": "after-fault"})
            waited = time.monotonic() - started
            holder.join(10)
            assert written.status_code == 200, written.text
            assert waited >= 0.3  # it really waited for the lock
        assert client.get(f"/v1/members/{member['id']}").json()["business_line"] == "after-fault"


# --- (b) concurrent writer processes -----------------------------------------------------------------
ROWS_PER_WRITER = 40


def _writer(url: str, member_id: int, writer: int, start: Any, errors: Any) -> None:
    engine = make_engine(url, pool_size=1)
    factory = make_session_factory(engine)
    clock = FixedClock(NOW)
    start.wait(10)
    try:
        for i in range(ROWS_PER_WRITER):
            with session_scope(factory) as session:
                store = MemberStore(session, clock)
                obs = ObservationIn(kind="glucose", value=writer * 10 + i / 100, observed_at=NOW - timedelta(minutes=i))
                store.add_observation(member_id, canonicalise(obs, now=NOW, member_timezone="Asia/Shanghai"))
    except Exception as exc:
        errors.put(f"{writer}: {exc.__class__.__name__}: {exc}")
    finally:
        engine.dispose()


def test_two_writer_processes_lose_no_rows(settings: Settings, client: TestClient, db: Engine) -> None:
    member = create(client)
    ctx = multiprocessing.get_context("fork")
    start, errors = ctx.Event(), ctx.Queue()
    writers = [ctx.Process(target=_writer, args=(settings.database_url, member["id"], n, start, errors))
               for n in (1, 2)]
    for process in writers:
        process.start()
    start.set()
    for process in writers:
        process.join(60)
        assert not process.is_alive(), "writer hung"
    problems = []
    while not errors.empty():
        problems.append(errors.get_nowait())
    assert problems == []  # in particular no "database is locked"
    assert all(process.exitcode == 0 for process in writers)
    with db.connect() as conn:
        stored = conn.execute(
            select(m.Observation.value).where(m.Observation.member_id == member["id"],
                                                   m.Observation.kind == "glucose")
        ).scalars().all()
    expected = [round(writer * 10 + i / 100, 2) for writer in (1, 2) for i in range(ROWS_PER_WRITER)]
    assert sorted(round(v, 2) for v in stored if v is not None) == expected


# --- (c) a turn killed between "message stored" and "reply produced" ---------------------------------
def _messages(db: Engine, member_id: int) -> list[tuple[str, str, bool | None]]:
    """(direction, channel, processed?) per message; "processed" only means something for inbound ones."""
    with Session(db) as session:
        rows = session.scalars(select(m.Message).where(m.Message.member_id == member_id).order_by(m.Message.id))
        return [(r.direction, r.channel, r.processed_at is not None if r.direction == "in" else None) for r in rows]


def test_a_turn_that_died_is_answered_exactly_once_by_recovery(
    app: Any, client: TestClient, db: Engine, clock: FixedClock
) -> None:
    member = create_consented(client)
    turn = app.state.coach_turn
    real_gaps, calls = turn.gaps, []

    def dies_once(*args: Any) -> Any:  # every answered turn reads the member's care gaps
        calls.append(args[1].member_id)
        if len(calls) == 1:
            raise RuntimeError("worker killed mid-turn")
        return real_gaps(*args)

    turn.gaps = dies_once
    died = client.post(f"/v1/members/{member['id']}/messages", json={"text": "高血压平时要注意什么？"})
    assert died.status_code == 500 and died.json()["error"]["code"] == "internal_error"
    assert _messages(db, member["id"]) == [("in", "rest", False)]  # stored, never answered

    # A WeChat message has its own recovery; a message younger than the threshold may still be in flight.
    with session_scope(app.state.session_factory) as session:
        conversation = session.scalar(select(m.Conversation).where(m.Conversation.member_id == member["id"]))
        assert conversation is not None
        session.add(m.Message(conversation_id=conversation.id, member_id=member["id"], direction="in",
                              channel="wechat", text="你好", meta={}, created_at=clock.now()))
    turn, factory = app.state.coach_turn, app.state.session_factory
    assert reprocess_pending(turn, factory, clock, older_than=timedelta(minutes=2)) == 0  # too young

    clock.advance(timedelta(minutes=3))
    assert reprocess_pending(turn, factory, clock, older_than=timedelta(minutes=2)) == 1
    assert reprocess_pending(turn, factory, clock, older_than=timedelta(minutes=2)) == 0  # nothing twice
    assert calls == [member["id"]] * 2
    assert _messages(db, member["id"]) == [("in", "rest", True), ("in", "wechat", False), ("out", "rest", None)]
    with Session(db) as session:
        reply = session.scalar(select(m.Message).where(m.Message.direction == "out"))
        inbound = session.scalar(select(m.Message).where(m.Message.direction == "in", m.Message.channel == "rest"))
        assert reply is not None and inbound is not None and reply.text
        assert inbound.meta["reply_id"] == reply.id
        assert session.scalar(select(func.count()).select_from(m.Message).where(m.Message.direction == "out")) == 1
    # The member sees the answer in the conversation.
    listed = client.get(f"/v1/members/{member['id']}/messages").json()
    assert [x["direction"] for x in listed if x["channel"] == "rest"] == ["in", "out"]


def test_recovery_gives_up_on_a_message_that_keeps_failing(
    app: Any, client: TestClient, db: Engine, clock: FixedClock
) -> None:
    member = create_consented(client)
    def always_dies(*_: Any) -> Any:
        raise RuntimeError("poison message")

    app.state.coach_turn.gaps = always_dies
    assert client.post(f"/v1/members/{member['id']}/messages", json={"text": "高血压要注意什么？"}).status_code == 500
    clock.advance(timedelta(minutes=3))
    runs = [reprocess_pending(app.state.coach_turn, app.state.session_factory, clock, older_than=timedelta(minutes=2))
            for _ in range(5)]
    assert runs == [0, 0, 0, 0, 0]
    with Session(db) as session:
        inbound = session.scalars(select(m.Message)).one()
        assert inbound.processed_at is None and inbound.meta["recovery_attempts"] == 3


# --- (d) a member's first two messages at the same moment --------------------------------------------
def test_two_first_messages_at_once_share_one_conversation(settings: Settings, db: Engine, clock: FixedClock) -> None:
    with Session(db) as session:
        member_id = MemberStore(session, clock).create(
            MemberCreate(external_id="oWx-race-01", sex="F", age=60, conditions=["I10"])).id
        session.commit()
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    # Hold each transaction at its INSERT into conversations until both have looked and found none:
    # the moment two first messages race for the UNIQUE(member_id, channel) row.
    both_looked = threading.Barrier(2, timeout=10)

    def hold_the_insert(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CONVERSATIONS"):
            both_looked.wait()

    event.listen(engine, "before_cursor_execute", hold_the_insert)
    stored: list[int] = []
    errors: list[str] = []

    def first_message(n: int) -> None:
        try:
            with session_scope(factory) as session:
                message, created = ConversationStore(session, clock).record_inbound(member_id, "rest", f"你好 {n}")
                assert created
                stored.append(message.conversation_id)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=first_message, args=(n,)) for n in (1, 2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
            assert not thread.is_alive(), "a first message hung"
    finally:
        engine.dispose()
    assert errors == []  # in particular no IntegrityError on the conversation
    assert len(stored) == 2 and len(set(stored)) == 1
    with Session(db) as session:
        assert session.scalars(select(m.Conversation.id).where(m.Conversation.member_id == member_id)).all() == [stored[0]]
        assert session.scalar(select(func.count()).select_from(m.Message).where(m.Message.member_id == member_id)) == 2
