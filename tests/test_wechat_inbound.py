"""POST /wechat end to end in plaintext, compatible and safe mode: signed (and encrypted) pushes
built by the test, the real coach turn (offline composer, real retrieval), passive replies decrypted."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import (
    ACCOUNT,
    WeChatServer,
    count,
    message_xml,
    now_ts,
    text_xml,
    wechat_app,
)

OPENID = "oWx-diabetic-01"
MODES = ["plain", "compat", "safe"]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever, mode: str) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, mode)


@pytest.fixture
def wx(client: TestClient, clock: FixedClock, mode: str) -> WeChatServer:
    return WeChatServer(client, clock, mode)


@pytest.fixture
def member(client: TestClient) -> dict[str, Any]:
    return create(client, external_id=OPENID, consent_health_data=True, conditions=["E11.9", "I10"])


def test_text_is_answered_passively_by_the_coach(wx: WeChatServer, member: dict[str, Any], db: Engine,
                                                 session: Session, mode: str) -> None:
    response = wx.push(text_xml(OPENID, "我应该多久查一次糖化血红蛋白？", 6100000000000000001, now_ts(wx.clock)))
    reply = wx.reply(response)
    assert (reply["MsgType"], reply["ToUserName"], reply["FromUserName"]) == ("text", OPENID, ACCOUNT)
    assert ("_encrypted" in reply) is (mode != "plain")
    assert "3个月" in reply["Content"] or "半年" in reply["Content"]  # how often HbA1c is checked
    inbound = session.scalars(select(m.Message).where(m.Message.direction == "in")).one()
    assert (inbound.channel, inbound.channel_msg_id) == ("wechat", "6100000000000000001")
    assert inbound.processed_at is not None
    [delivery] = session.scalars(select(m.OutboxEntry)).all()
    assert delivery.idempotency_key == f"reply:{inbound.meta['reply_id']}"
    assert delivery.status in ("sent", "pending") and delivery.payload["via"] == "passive"
    assert count(db, m.Message, direction="out") == 1


@pytest.mark.parametrize("mode", ["compat"])
def test_compat_mode_answers_a_plaintext_push_in_plaintext(wx: WeChatServer, member: dict[str, Any]) -> None:
    reply = wx.reply(wx.push(text_xml(OPENID, "运动有什么建议", 7, now_ts(wx.clock)), encrypted=False))
    assert "_encrypted" not in reply and reply["Content"]


def test_voice_uses_its_recognition_text(wx: WeChatServer, member: dict[str, Any], session: Session) -> None:
    xml = message_xml(OPENID, "voice", now_ts(wx.clock), 11, MediaId="m1", Format="amr", Recognition="今天早上血压 150/95")
    reply = wx.reply(wx.push(xml))
    assert "150/95" in reply["Content"]
    assert session.scalars(select(m.Observation.systolic)).all() == [150]


def test_image_is_stored_and_acknowledged(wx: WeChatServer, member: dict[str, Any], session: Session) -> None:
    xml = message_xml(OPENID, "image", now_ts(wx.clock), 12, PicUrl="https://mmbiz.example/p.jpg", MediaId="media-9")
    reply = wx.reply(wx.push(xml))
    assert "图片" in reply["Content"]
    stored = session.scalars(select(m.Message).where(m.Message.direction == "in")).one()
    assert stored.meta["media_id"] == "media-9" and stored.meta["pic_url"].endswith("p.jpg")
    assert stored.processed_at is not None


@pytest.mark.parametrize("mode", ["safe"])
def test_voice_without_recognition_asks_to_type(wx: WeChatServer, member: dict[str, Any], db: Engine) -> None:
    reply = wx.reply(wx.push(message_xml(OPENID, "voice", now_ts(wx.clock), 13, MediaId="m2", Format="amr")))
    assert "文字" in reply["Content"]
    assert count(db, m.Message, direction="in") == 1


@pytest.mark.parametrize("mode", ["safe"])
def test_without_consent_the_member_gets_the_consent_request_then_can_agree(
        client: TestClient, wx: WeChatServer, session: Session, db: Engine) -> None:
    pending = create(client, external_id="oWx-new-02")
    reply = wx.reply(wx.push(text_xml("oWx-new-02", "我的血糖高吗？", 21, now_ts(wx.clock))))
    assert "同意" in reply["Content"] and "120" in reply["Content"]
    assert count(db, m.Observation) == 0 and count(db, m.Escalation) == 0

    thanks = wx.reply(wx.push(text_xml("oWx-new-02", "同意", 22, now_ts(wx.clock))))
    assert "已记录您的同意" in thanks["Content"]
    row = session.get(m.Member, pending["id"])
    assert row is not None and row.consent_health_data and row.consent_at == wx.clock.now()
    assert session.scalars(select(m.AuditEntry.action).where(m.AuditEntry.member_id == pending["id"])).all().count(
        "wechat.consent_given") == 1

    answer = wx.reply(wx.push(text_xml("oWx-new-02", "今天早上血压 150/95", 23, now_ts(wx.clock))))
    assert "150/95" in answer["Content"]


@pytest.mark.parametrize("mode", ["plain"])
def test_an_emergency_without_consent_still_gets_the_emergency_reply_and_a_ticket(
        client: TestClient, wx: WeChatServer, db: Engine) -> None:
    create(client, external_id="oWx-new-03")
    reply = wx.reply(wx.push(text_xml("oWx-new-03", "我胸口压着疼，一直出冷汗", 31, now_ts(wx.clock))))
    assert "120" in reply["Content"]
    assert count(db, m.Escalation, level="emergency") == 1
    assert count(db, m.Observation) == 0


@pytest.mark.parametrize("mode", ["safe"])
def test_unknown_sender_gets_onboarding_and_only_a_contact_record(wx: WeChatServer, db: Engine,
                                                                   session: Session) -> None:
    reply = wx.reply(wx.push(text_xml("oWx-stranger", "我血压 150/95 怎么办", 41, now_ts(wx.clock))))
    assert "登记" in reply["Content"]
    assert count(db, m.Message) == 0 and count(db, m.Observation) == 0 and count(db, m.OutboxEntry) == 0
    contact = session.get(m.ServiceState, "wechat:contact:oWx-stranger")
    assert contact is not None and "150" not in str(contact.value)
    emergency = wx.reply(wx.push(text_xml("oWx-stranger", "我胸口压着疼，一直出冷汗", 42, now_ts(wx.clock))))
    assert "120" in emergency["Content"]


@pytest.mark.parametrize("mode", ["plain"])
def test_a_long_reply_answers_the_first_part_passively_and_queues_the_rest(session: Session, clock: FixedClock,
                                                                          member: dict[str, Any]) -> None:
    from api.wechat.delivery import ReplyPlan, claim_passive, first_part
    from coach.pipeline.output_checks import split_for_chat

    text = "。".join(["请按时服药并记录血压"] * 150) + "。"
    parts = tuple(split_for_chat(text))
    assert len(parts) == 3 and first_part(text) == parts[0] and len(parts[0].encode()) <= 2048
    plan = ReplyPlan(member["id"], 1, None, text, parts)
    assert claim_passive(session, clock, plan) and not claim_passive(session, clock, plan)
    [entry] = session.scalars(select(m.OutboxEntry)).all()
    assert (entry.status, entry.payload["sent_parts"], entry.payload["via"]) == ("pending", 1, "passive")


@pytest.mark.parametrize("mode", ["plain"])
def test_an_urgent_reading_without_consent_opens_a_ticket_as_rest_does(
        client: TestClient, wx: WeChatServer, db: Engine) -> None:
    """One intake decision for every channel: REST and WeChat both escalate an urgent red flag
    from a member without consent, and neither records the reading."""
    create(client, external_id="oWx-new-04")
    reply = wx.reply(wx.push(text_xml("oWx-new-04", "今天早上血压185/105，没什么不舒服", 51, now_ts(wx.clock))))
    assert count(db, m.Escalation, level="urgent") == 1
    assert "同意" not in reply["Content"]
    assert count(db, m.Observation) == 0
