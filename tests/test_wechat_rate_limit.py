"""The per-sender rate limit of POST /wechat: over the limit a message is stored (marked, processed)
but not handed to the coach; one notice per window, plain acknowledgements after it; red flags are
answered as always; the count lives in the database, so a new app instance keeps it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.wechat import texts as t
from api.wechat.channel import WeChatChannel
from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import WeChatServer, count, now_ts, text_xml, wechat_app

LIMIT, WINDOW_S = 3, 60
LIMITS = {"wechat_sender_max_messages": LIMIT, "wechat_sender_window_s": WINDOW_S}
FLOODER, OTHER = "oWx-flood-01", "oWx-calm-02"
QUESTION = "运动有什么建议"
EMERGENCY = "我胸口压着疼，一直出冷汗"
NOTICE = t.rate_limited("zh", WINDOW_S)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, "plain", **LIMITS)


@pytest.fixture
def wx(client: TestClient, clock: FixedClock) -> WeChatServer:
    create(client, external_id=FLOODER, consent_health_data=True)
    create(client, external_id=OTHER, consent_health_data=True)
    return WeChatServer(client, clock, "plain")


@pytest.fixture
def msg_ids() -> Iterator[int]:
    return itertools.count(8800000000000000001)


def send(wx: WeChatServer, openid: str, text: str, msg_id: int) -> str:
    """The passive reply's text, or "" for a plain acknowledgement."""
    response = wx.push(text_xml(openid, text, msg_id, now_ts(wx.clock)))
    assert response.status_code == 200, response.text
    return "" if response.text == "success" else wx.reply(response)["Content"]


def inbound(session: Session, msg_id: int) -> m.Message:
    session.expire_all()
    return session.scalars(select(m.Message).where(m.Message.channel_msg_id == str(msg_id))).one()


def fill_window(wx: WeChatServer, msg_ids: Iterator[int], openid: str = FLOODER) -> None:
    for _ in range(LIMIT):
        reply = send(wx, openid, QUESTION, next(msg_ids))
        assert reply and reply != NOTICE


def test_over_the_limit_one_notice_then_plain_acks_and_no_coach_turn(
        app: FastAPI, wx: WeChatServer, db: Engine, session: Session, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert count(db, m.Message, direction="out") == LIMIT
    first, second = next(msg_ids), next(msg_ids)

    assert send(wx, FLOODER, QUESTION, first) == NOTICE
    assert "120" in NOTICE
    assert send(wx, FLOODER, QUESTION, second) == ""

    for msg_id in (first, second):
        message = inbound(session, msg_id)
        assert message.meta["rate_limited"] is True
        assert message.processed_at is not None
    assert count(db, m.Message, direction="out") == LIMIT + 1  # the notice; no coach reply
    notice = session.get(m.Message, inbound(session, first).meta["reply_id"])
    assert notice is not None and notice.text == NOTICE
    assert "reply_id" not in inbound(session, second).meta
    channel: WeChatChannel = app.state.wechat
    assert channel.sweep_once(min_age=timedelta(0)) == 0  # recovery leaves limited messages alone


def test_a_redelivered_limited_message_is_stored_once(
        wx: WeChatServer, db: Engine, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    limited = next(msg_ids)
    assert send(wx, FLOODER, QUESTION, limited) == NOTICE
    assert send(wx, FLOODER, QUESTION, limited) == NOTICE  # WeChat's retry gets the same answer
    assert count(db, m.Message, direction="in") == LIMIT + 1
    assert count(db, m.Message, direction="out") == LIMIT + 1


def test_an_emergency_from_a_limited_sender_gets_the_emergency_reply_and_a_ticket(
        wx: WeChatServer, db: Engine, session: Session, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == ""

    emergency_id = next(msg_ids)
    reply = send(wx, FLOODER, EMERGENCY, emergency_id)
    assert "120" in reply and reply != NOTICE
    assert count(db, m.Escalation, level="emergency") == 1
    message = inbound(session, emergency_id)
    assert "rate_limited" not in message.meta
    stored = session.get(m.Message, message.meta["reply_id"])
    assert stored is not None and stored.role == "triage"


def test_after_the_window_the_sender_is_served_again(
        wx: WeChatServer, clock: FixedClock, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE
    clock.advance(timedelta(seconds=WINDOW_S - 1))
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == ""  # still within the window of the notice

    clock.advance(timedelta(seconds=2))  # the first LIMIT messages and the notice's are out of the window
    reply = send(wx, FLOODER, QUESTION, next(msg_ids))
    assert reply and reply != NOTICE


def test_a_new_window_brings_a_new_notice(wx: WeChatServer, clock: FixedClock, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE
    clock.advance(timedelta(seconds=WINDOW_S + 1))
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE


def test_one_senders_limit_does_not_touch_another(wx: WeChatServer, msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE
    fill_window(wx, msg_ids, OTHER)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == ""


def test_the_limit_survives_a_new_app_instance(
        settings: Settings, wx: WeChatServer, clock: FixedClock, real_retriever: Retriever, db: Engine,
        msg_ids: Iterator[int]) -> None:
    fill_window(wx, msg_ids)
    assert send(wx, FLOODER, QUESTION, next(msg_ids)) == NOTICE

    restarted: Any = wechat_app(settings, clock, real_retriever, "plain", **LIMITS)
    with TestClient(restarted, raise_server_exceptions=False) as client:
        again = WeChatServer(client, clock, "plain")
        assert send(again, FLOODER, QUESTION, next(msg_ids)) == ""  # over the limit, notice already given
        reply = send(again, OTHER, QUESTION, next(msg_ids))
        assert reply and reply != NOTICE
    assert count(db, m.Message, direction="out") == LIMIT + 2
