"""WeChat waits 5 s and retries: each message is stored and processed once, the reply is answered
passively within the budget or sent through the outbox after it, emergencies are always answered
passively, and the sweep finds whatever was accepted but not yet processed or delivered."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.wechat import build_senders
from api.wechat import router as wechat_router
from api.wechat.channel import LOAD_HYSTERESIS_S, WeChatChannel
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory
from coach.outbox import run_once
from coach.pipeline.models import TurnResult
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import WeChatServer, count, now_ts, text_xml, wechat_app, wechat_settings

OPENID = "oWx-retry-01"
QUESTION = "运动有什么建议"


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, "safe", wechat_reply_budget_s=1.0, wechat_turn_workers=1,
                      wechat_turn_backlog=0)


@pytest.fixture
def wx(client: TestClient, clock: FixedClock) -> WeChatServer:
    create(client, external_id=OPENID, consent_health_data=True)
    return WeChatServer(client, clock, "safe")


class Gate:
    """Wraps CoachTurn.handle: counts calls, and holds them until opened (a slow model)."""

    def __init__(self, handle: Callable[..., TurnResult], *, open_: bool = False, fail: bool = False) -> None:
        self.handle = handle
        self.calls = 0
        self.opened = threading.Event()
        self.fail = fail
        if open_:
            self.opened.set()

    def __call__(self, *args: Any, **kwargs: Any) -> TurnResult:
        self.calls += 1
        assert self.opened.wait(10)
        if self.fail:
            raise RuntimeError("model down")
        return self.handle(*args, **kwargs)


@pytest.fixture
def gate(app: FastAPI, wx: WeChatServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Gate]]:
    """Puts a Gate around the running app's CoachTurn.handle; every gate opens at teardown, so a
    failed test never leaves a turn blocked while the app shuts down."""
    made: list[Gate] = []

    def install(**kwargs: Any) -> Gate:
        turn = app.state.coach_turn
        wrapper = Gate(turn.handle, **kwargs)
        monkeypatch.setattr(turn, "handle", wrapper)
        made.append(wrapper)
        return wrapper

    yield install
    for made_gate in made:
        made_gate.opened.set()


def channel(app: FastAPI) -> WeChatChannel:
    found: WeChatChannel = app.state.wechat
    return found


def drain(app: FastAPI) -> None:
    deadline = time.monotonic() + 20
    while channel(app).runner.inflight():
        assert time.monotonic() < deadline, "turns did not finish"
        time.sleep(0.02)


def outbox(session: Session) -> list[m.OutboxEntry]:
    session.expire_all()
    return list(session.scalars(select(m.OutboxEntry).order_by(m.OutboxEntry.id)))


def test_a_redelivered_message_is_processed_once_and_answered_again(
        app: FastAPI, wx: WeChatServer, db: Engine, gate: Callable[..., Gate]) -> None:
    counter = gate(open_=True)
    xml = text_xml(OPENID, QUESTION, 900001, now_ts(wx.clock))
    first, second = wx.reply(wx.push(xml)), wx.reply(wx.push(xml))
    assert first["Content"] == second["Content"]
    assert counter.calls == 1
    assert (count(db, m.Message, direction="in"), count(db, m.Message, direction="out")) == (1, 1)
    assert count(db, m.OutboxEntry) == 1


def test_concurrent_deliveries_of_one_message_run_one_turn(
        app: FastAPI, wx: WeChatServer, db: Engine, gate: Callable[..., Gate]) -> None:
    counter = gate(open_=True)
    xml = text_xml(OPENID, QUESTION, 900002, now_ts(wx.clock))
    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(wx.push(xml).text)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    drain(app)
    assert len(answers) == 6 and counter.calls == 1
    assert (count(db, m.Message, direction="in"), count(db, m.Message, direction="out")) == (1, 1)
    assert count(db, m.OutboxEntry) == 1


def test_a_late_reply_goes_through_the_outbox_and_a_retry_meanwhile_starts_no_second_turn(
        app: FastAPI, wx: WeChatServer, db: Engine, session: Session, gate: Callable[..., Gate],
        settings: Settings, clock: FixedClock) -> None:
    slow = gate()
    xml = text_xml(OPENID, QUESTION, 900003, now_ts(wx.clock))
    started = time.monotonic()
    assert wx.push(xml).text == "success"
    assert time.monotonic() - started < 3
    assert wx.push(xml).text == "success"  # WeChat's retry while the turn still runs
    slow.opened.set()
    drain(app)
    assert slow.calls == 1
    [entry] = outbox(session)
    reply = session.scalars(select(m.Message).where(m.Message.direction == "out")).one()
    assert (entry.status, entry.kind, entry.idempotency_key) == ("pending", "reply", f"reply:{reply.id}")
    assert entry.payload["via"] == "outbox" and entry.payload["sent_parts"] == 0
    assert wx.push(xml).text == "success"  # a later retry: the worker owns the delivery

    with respx.mock(base_url="https://api.weixin.qq.com") as api:
        api.get("/cgi-bin/token").mock(return_value=httpx.Response(200, json={"access_token": "T", "expires_in": 7200}))
        send = api.post("/cgi-bin/message/custom/send").mock(return_value=httpx.Response(200, json={"errcode": 0}))
        factory = make_session_factory(db)
        run_once(factory, clock, build_senders(wechat_settings(settings), factory, clock))
    sent = "".join(httpx.Response(200, content=c.request.content).json()["text"]["content"] for c in send.calls)
    assert sent.replace("\n", "") == reply.text.replace("\n", "")
    assert outbox(session)[0].status == "sent"


def test_an_emergency_is_answered_passively_even_when_the_turn_is_late(
        app: FastAPI, wx: WeChatServer, db: Engine, session: Session, gate: Callable[..., Gate]) -> None:
    slow = gate()
    reply = wx.reply(wx.push(text_xml(OPENID, "我胸口压着疼，一直出冷汗", 900004, now_ts(wx.clock))))
    # The passive reply arrived while the turn was still held at the gate: the ack did not wait for it
    # (no wall-clock bound, which a loaded machine breaks).
    assert not outbox(session)
    assert "120" in reply["Content"]
    slow.opened.set()
    deadline = time.monotonic() + 10
    while not outbox(session) and time.monotonic() < deadline:
        time.sleep(0.02)
    [entry] = outbox(session)
    assert (entry.kind, entry.status) == ("emergency", "pending")  # the turn's own reply follows
    assert count(db, m.Escalation, level="emergency") == 1


def test_an_emergency_turn_in_time_is_answered_with_its_own_reply(
        wx: WeChatServer, db: Engine, session: Session) -> None:
    reply = wx.reply(wx.push(text_xml(OPENID, "我胸口压着疼，一直出冷汗", 900005, now_ts(wx.clock))))
    stored = session.scalars(select(m.Message).where(m.Message.direction == "out")).one()
    assert reply["Content"] == stored.meta["parts"][0] and "120" in reply["Content"]
    [entry] = outbox(session)
    assert entry.kind == "emergency" and entry.payload["via"] == "passive"


def test_under_load_messages_are_acknowledged_at_once_and_none_is_lost(
        app: FastAPI, wx: WeChatServer, db: Engine, session: Session, gate: Callable[..., Gate],
        clock: FixedClock) -> None:
    busy = gate()
    assert wx.push(text_xml(OPENID, QUESTION, 900006, now_ts(clock))).text == "success"  # holds the one worker
    started = time.monotonic()
    for msg_id in range(900007, 900012):
        assert wx.push(text_xml(OPENID, f"{QUESTION}{msg_id}", msg_id, now_ts(clock))).text == "success"
    assert time.monotonic() - started < 1.5  # nobody waited for a turn
    busy.opened.set()
    drain(app)
    assert count(db, m.Message, direction="in") == 6
    clock.advance(timedelta(seconds=3))
    for _ in range(10):  # the backlog is 0: the sweep feeds one message at a time
        channel(app).sweep_once()
        drain(app)
    session.expire_all()
    assert session.scalars(select(m.Message).where(m.Message.direction == "in", m.Message.processed_at.is_(None))).all() == []
    assert count(db, m.Message, direction="out") == 6 and len(outbox(session)) == 6
    assert busy.calls == 6


def test_a_crash_between_the_reply_and_its_delivery_is_repaired(
        app: FastAPI, wx: WeChatServer, session: Session, clock: FixedClock) -> None:
    member = session.scalars(select(m.Member)).one()
    app.state.coach_turn.handle(member.id, QUESTION, channel="wechat", channel_msg_id="900020")  # no delivery row
    assert outbox(session) == []
    clock.advance(timedelta(seconds=31))
    assert channel(app).sweep_once() == 1
    drain(app)
    [entry] = outbox(session)
    assert (entry.status, entry.payload["via"]) == ("pending", "outbox")
    assert channel(app).sweep_once() == 0


def test_a_turn_that_keeps_failing_gets_an_apology_and_an_ops_alert(
        app: FastAPI, wx: WeChatServer, session: Session, gate: Callable[..., Gate], clock: FixedClock,
        caplog: pytest.LogCaptureFixture) -> None:
    broken = gate(open_=True, fail=True)
    assert wx.push(text_xml(OPENID, QUESTION, 900030, now_ts(clock))).text == "success"
    drain(app)
    with caplog.at_level(logging.ERROR, logger="coach.wechat"):
        for wait in (11, 21, 31):
            clock.advance(timedelta(seconds=wait))
            channel(app).sweep_once()
            drain(app)
    assert broken.calls == 3
    [entry] = outbox(session)
    assert entry.status == "pending" and "健康管理团队" in entry.payload["text"]
    assert any("ALERT wechat message" in r.message for r in caplog.records)
    session.expire_all()
    assert session.scalars(select(m.Message).where(m.Message.direction == "in", m.Message.processed_at.is_(None))).all() == []


def test_when_busy_acknowledging_turns_wait_for_the_sweep(
        app: FastAPI, wx: WeChatServer, session: Session, gate: Callable[..., Gate], clock: FixedClock) -> None:
    counter = gate(open_=True)
    busy = channel(app)
    busy.active = busy.cfg.passive_max_inflight + 5  # as if many pushes were in flight
    assert wx.push(text_xml(OPENID, QUESTION, 900040, now_ts(clock))).text == "success"
    drain(app)
    assert counter.calls == 0  # stored only
    clock.advance(timedelta(seconds=3))
    assert busy.sweep_once() == 1
    drain(app)
    assert counter.calls == 0  # a queued turn that starts while still busy is left for a later sweep
    busy.active = 0
    time.sleep(LOAD_HYSTERESIS_S + 0.1)  # load stays "busy" a moment after the burst
    assert busy.sweep_once() == 1
    drain(app)
    assert counter.calls == 1 and len(outbox(session)) == 1


def test_the_runner_defers_queued_turns_but_not_awaited_ones() -> None:
    from api.wechat.runner import Handoff, TurnRunner

    ran: list[int] = []
    runner = TurnRunner(lambda inbound_id, handoff: ran.append(inbound_id), workers=1, backlog=2, defer=lambda: True)
    for future in (runner.submit(1), runner.submit(2, Handoff())):
        assert future is not None
        future.result(5)
    runner.close()
    assert ran == [2]


def test_an_app_that_includes_the_router_again_runs_one_channel(
        settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """create_app includes the WeChat router, and FastAPI runs the lifespan of every inclusion. A
    second channel would sweep and run turns on its own, never seeing the requests (they go to
    app.state.wechat), so it would not defer to a burst of acknowledgements: one channel only."""
    made: list[WeChatChannel] = []

    class Counted(WeChatChannel):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(sys.modules["api.wechat.router"], "WeChatChannel", Counted)
    app = wechat_app(settings, clock, real_retriever, "plain", wechat_sweep_interval_s=60.0)
    app.include_router(wechat_router)  # as the bench and this suite's helper once did
    for started in (1, 2):  # and the app can start again after a shutdown
        with TestClient(app) as client:
            assert len(made) == started and app.state.wechat is made[-1]
            answer = WeChatServer(client, clock, "plain").push(text_xml("oWx-nobody-01", QUESTION, 900050 + started,
                                                                        now_ts(clock)))
            assert answer.status_code == 200 and "登记" in answer.text  # the onboarding text, from the one channel
        assert app.state.wechat is None
