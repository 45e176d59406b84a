"""Events: subscribe (welcome, consent, onboarding), unsubscribe (stop nudges), menu clicks, others."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import WeChatServer, count, event_xml, now_ts, text_xml, wechat_app


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, "safe")


@pytest.fixture
def wx(client: TestClient, clock: FixedClock) -> WeChatServer:
    return WeChatServer(client, clock, "safe")


@pytest.fixture
def member(client: TestClient) -> dict[str, Any]:
    return create(client, external_id="oWx-evt-01", consent_health_data=True)


def test_subscribe_welcomes_and_asks_for_consent(client: TestClient, wx: WeChatServer) -> None:
    create(client, external_id="oWx-evt-02")
    reply = wx.reply(wx.push(event_xml("oWx-evt-02", "subscribe", now_ts(wx.clock))))
    assert "欢迎" in reply["Content"] and "同意" in reply["Content"]


def test_subscribe_by_an_unknown_user_gets_welcome_and_onboarding(wx: WeChatServer, db: Engine) -> None:
    reply = wx.reply(wx.push(event_xml("oWx-unknown", "subscribe", now_ts(wx.clock), key="qrscene_clinic7")))
    assert "欢迎" in reply["Content"] and "登记" in reply["Content"]
    assert count(db, m.Message) == 0


def test_unsubscribe_stops_all_nudges(wx: WeChatServer, member: dict[str, Any], session: Session) -> None:
    response = wx.push(event_xml("oWx-evt-01", "unsubscribe", now_ts(wx.clock)))
    assert response.status_code == 200 and response.text == "success"
    row = session.get(m.Member, member["id"])
    assert row is not None and row.opt_out_nudges is True


def test_events_are_deduplicated_by_sender_and_create_time(wx: WeChatServer, member: dict[str, Any],
                                                           db: Engine) -> None:
    ts = now_ts(wx.clock)
    first = wx.reply(wx.push(event_xml("oWx-evt-01", "CLICK", ts, key="TALK_TO_DOCTOR")))
    again = wx.reply(wx.push(event_xml("oWx-evt-01", "CLICK", ts, key="TALK_TO_DOCTOR")))
    assert first["Content"] == again["Content"] and "医生" in first["Content"]
    assert count(db, m.Escalation, level="routine") == 1
    assert count(db, m.Message, direction="in") == 1


def test_menu_log_weight_and_my_reminders(client: TestClient, wx: WeChatServer) -> None:
    create(client, external_id="oWx-evt-03", consent_health_data=True,
           medications=[{"name": "二甲双胍", "dose": "500mg", "times": ["08:00", "20:00"]}])
    weight = wx.reply(wx.push(event_xml("oWx-evt-03", "CLICK", now_ts(wx.clock), key="LOG_WEIGHT")))
    assert "体重" in weight["Content"]
    reminders = wx.reply(wx.push(event_xml("oWx-evt-03", "CLICK", now_ts(wx.clock) + 1, key="MY_REMINDERS")))
    assert "二甲双胍 08:00、20:00" in reminders["Content"]


def test_reminders_can_be_switched_off_and_on_by_text(wx: WeChatServer, member: dict[str, Any],
                                                     session: Session) -> None:
    off = wx.reply(wx.push(text_xml("oWx-evt-01", "关闭提醒", 51, now_ts(wx.clock))))
    assert "关闭" in off["Content"]
    row = session.get(m.Member, member["id"])
    assert row is not None and row.opt_out_nudges is True
    wx.reply(wx.push(text_xml("oWx-evt-01", "开启提醒", 52, now_ts(wx.clock))))
    session.refresh(row)
    assert row.opt_out_nudges is False


def test_other_events_are_acknowledged_with_success(wx: WeChatServer, member: dict[str, Any], db: Engine) -> None:
    for event in ("VIEW", "LOCATION", "TEMPLATESENDJOBFINISH"):
        response = wx.push(event_xml("oWx-evt-01", event, now_ts(wx.clock), key="https://example.org"))
        assert (response.status_code, response.text) == (200, "success")
    assert count(db, m.Message) == 0 and count(db, m.OutboxEntry) == 0 and count(db, m.Escalation) == 0
