"""The channel worker process: a message the web process only acknowledged (or left behind when it
died) gets its turn and its reply delivered through the outbox."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import httpx
import respx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.wechat.envelope import Inbound
from api.wechat.handlers import Handlers
from api.wechat.worker import run_worker
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory
from coach.settings import Settings
from tests.test_console_support import make_member
from tests.test_wechat_support import wechat_settings


class NoEscalations:
    def raise_flag(self, *args: object, **kwargs: object) -> object:
        raise AssertionError("no escalation expected")


def test_the_worker_runs_left_over_turns_and_sends_their_replies(settings: Settings, db: Engine, session: Session,
                                                                clock: FixedClock) -> None:
    member = make_member(session, clock, external_id="oWx-worker-1", consent_health_data=True)
    decision = Handlers(make_session_factory(db), clock, NoEscalations()).decide(
        Inbound("text", "oWx-worker-1", "gh_test", int(clock.now().timestamp()), "777001", "运动有什么建议"))
    assert decision.turn is not None  # stored, acknowledged, no turn yet
    clock.advance(timedelta(seconds=3))
    stop = threading.Event()
    with respx.mock(base_url="https://api.weixin.qq.com") as api:
        api.get("/cgi-bin/token").mock(return_value=httpx.Response(200, json={"access_token": "T", "expires_in": 7200}))
        send = api.post("/cgi-bin/message/custom/send").mock(return_value=httpx.Response(200, json={"errcode": 0}))
        worker = threading.Thread(target=run_worker, args=(wechat_settings(settings), clock, stop),
                                  kwargs={"interval": 0.05})
        worker.start()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                session.expire_all()
                if session.scalars(select(m.OutboxEntry.status)).all() == ["sent"]:
                    break
                time.sleep(0.05)
        finally:
            stop.set()
            worker.join(30)
    inbound = session.get(m.Message, decision.turn)
    assert inbound is not None and inbound.processed_at is not None
    reply = session.scalars(select(m.Message).where(m.Message.direction == "out",
                                                    m.Message.member_id == member.id)).one()
    sent = "".join(json.loads(c.request.content)["text"]["content"] for c in send.calls)
    assert sent.replace("\n", "") == reply.text.replace("\n", "")
