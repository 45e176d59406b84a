"""Doctor alerts on WeCom: the escalation's outbox row becomes a WeCom app message (respx fakes
qyapi.weixin.qq.com); without WeCom settings the rows are marked undeliverable, never dropped."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from api.wechat import build_senders
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory
from coach.escalations.notifier import OutboxNotifier
from coach.outbox import run_once
from coach.settings import Settings
from tests.test_console_support import make_clinician, make_member, service

FIXTURES = Path(__file__).parent / "fixtures" / "wechat"
WECOM = {"wecom_corp_id": "ww0123456789", "wecom_agent_id": "1000002", "wecom_secret": "corp-secret"}


def answer(name: str) -> httpx.Response:
    return httpx.Response(200, json=json.loads((FIXTURES / name).read_text()))


@pytest.fixture
def factory(db: Engine) -> sessionmaker[Session]:
    return make_session_factory(db)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url="https://qyapi.weixin.qq.com", assert_all_called=False) as mock:
        mock.get("/cgi-bin/gettoken").mock(return_value=answer("wecom_token.json"))
        yield mock


def alert(session: Session, clock: FixedClock) -> tuple[m.Escalation, m.Clinician]:
    doctor = make_clinician(session, clock, "wangyi")
    member = make_member(session, clock, doctor)
    ticket = service(session, clock, OutboxNotifier(session, clock)).raise_flag(
        member.id, "emergency", ["acs"], [{"reason": "acs", "evidence": "胸口疼"}], "message")
    session.commit()
    return ticket, doctor


def statuses(session: Session) -> list[tuple[str, str]]:
    session.expire_all()
    return [(e.channel, e.status) for e in session.scalars(select(m.OutboxEntry).order_by(m.OutboxEntry.id))]


def test_an_escalation_alert_is_sent_as_a_wecom_app_message(
        api: respx.MockRouter, settings: Settings, session: Session, factory: sessionmaker[Session],
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/send").mock(return_value=answer("wecom_send_ok.json"))
    ticket, _ = alert(session, clock)
    stats = run_once(factory, clock, build_senders(settings.model_copy(update=WECOM), factory, clock))
    assert stats.sent == 1 and statuses(session) == [("wecom", "sent")]
    request = send.calls[0].request
    body: dict[str, Any] = json.loads(request.content.decode("utf-8"))
    assert request.url.params["access_token"] == "WECOM_TOKEN_1"
    assert (body["touser"], body["agentid"], body["msgtype"]) == ("wangyi", 1000002, "text")
    assert f"工单 #{ticket.id}" in body["text"]["content"] and "acs" in body["text"]["content"]


def test_an_expired_wecom_token_is_refreshed(api: respx.MockRouter, settings: Settings, session: Session,
                                             factory: sessionmaker[Session], clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/send").mock(side_effect=[answer("err_42001.json"), answer("wecom_send_ok.json")])
    alert(session, clock)
    assert run_once(factory, clock, build_senders(settings.model_copy(update=WECOM), factory, clock)).sent == 1
    assert send.call_count == 2 and api.routes[0].call_count == 2


@pytest.mark.parametrize("answered", [
    httpx.Response(200, json={"errcode": 0, "errmsg": "ok", "invaliduser": "wangyi"}),
    answer("wecom_send_all_invalid.json"),  # errcode 81013
])
def test_an_alert_nobody_in_wecom_can_receive_is_undeliverable(
        api: respx.MockRouter, settings: Settings, session: Session, factory: sessionmaker[Session],
        clock: FixedClock, answered: httpx.Response) -> None:
    api.post("/cgi-bin/message/send").mock(return_value=answered)
    alert(session, clock)
    run_once(factory, clock, build_senders(settings.model_copy(update=WECOM), factory, clock))
    assert statuses(session) == [("wecom", "undeliverable")]


def test_without_wecom_settings_alerts_are_undeliverable_with_an_ops_alert(
        settings: Settings, session: Session, factory: sessionmaker[Session], clock: FixedClock,
        caplog: pytest.LogCaptureFixture) -> None:
    alert(session, clock)
    with caplog.at_level(logging.ERROR, logger="coach.wechat"):
        run_once(factory, clock, build_senders(settings, factory, clock))
    assert statuses(session) == [("wecom", "undeliverable")]
    assert any("wecom is not configured" in r.message for r in caplog.records)
