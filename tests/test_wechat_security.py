"""Refused pushes: bad signature or replay → 403, malformed XML / entities / wrong AppID → 400,
oversized body → 413; none of them stores anything, and the endpoint keeps working afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import (
    ACCOUNT,
    TOKEN,
    WeChatServer,
    aes_encrypt,
    cdata,
    count,
    now_ts,
    sha1_signature,
    text_xml,
    wechat_app,
)

OPENID = "oWx-sec-01"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]><xml><ToUserName>gh_x</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"
)
XXE = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       "<xml><ToUserName>gh_x</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
       "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>")


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, "compat", wechat_max_body_bytes=4096)


@pytest.fixture
def wx(client: TestClient, clock: FixedClock) -> WeChatServer:
    create(client, external_id=OPENID, consent_health_data=True)
    return WeChatServer(client, clock, "compat")


def nothing_stored(db: Engine) -> bool:
    return all(count(db, table) == 0 for table in (m.Message, m.OutboxEntry, m.ServiceState, m.Observation))


def test_url_verification_echoes_only_for_a_valid_fresh_signature(wx: WeChatServer) -> None:
    ok = wx.client.get("/wechat", params=wx.query(echostr="echo-123"))
    assert (ok.status_code, ok.text) == (200, "echo-123")
    forged = wx.client.get("/wechat", params={**wx.query(echostr="x"), "signature": "0" * 40})
    assert forged.status_code == 403
    stale = wx.client.get("/wechat", params=wx.query(timestamp=now_ts(wx.clock) - 301, echostr="x"))
    assert stale.status_code == 403


def test_forged_and_replayed_pushes_are_forbidden(wx: WeChatServer, db: Engine) -> None:
    xml = text_xml(OPENID, "你好", 101, now_ts(wx.clock))
    forged = WeChatServer(wx.client, wx.clock, "plain", token="not-the-token").push(xml)
    assert forged.status_code == 403
    assert wx.push(xml, encrypted=False, timestamp=now_ts(wx.clock) - 6 * 60).status_code == 403
    assert wx.push(xml, encrypted=False, timestamp=now_ts(wx.clock) + 6 * 60).status_code == 403
    assert wx.push(xml, timestamp=now_ts(wx.clock) - 6 * 60).status_code == 403  # encrypted, same rule
    unsigned = wx.client.post("/wechat", content=xml.encode())
    assert unsigned.status_code == 403
    assert nothing_stored(db)


@pytest.mark.parametrize("body", [
    "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName>",  # truncated
    "not xml at all",
    "<other><MsgType>text</MsgType></other>",  # wrong root
    "<xml>just text</xml>",
    "<xml><ToUserName>gh_x</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>hi</Content></xml>",  # no MsgId
    "<xml><ToUserName>gh_x</ToUserName><FromUserName>o 1;drop</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>hi</Content><MsgId>3</MsgId></xml>",  # not an openid
    BILLION_LAUGHS,
    XXE,
])
def test_malformed_or_hostile_xml_is_a_400_without_side_effects(wx: WeChatServer, db: Engine, body: str) -> None:
    response = wx.push(body, encrypted=False)
    assert response.status_code == 400, response.text
    assert "Traceback" not in response.text
    assert nothing_stored(db)


def test_hostile_xml_inside_the_encrypted_envelope_is_refused_too(wx: WeChatServer, db: Engine) -> None:
    assert wx.push(BILLION_LAUGHS, encrypted=True).status_code == 400
    assert nothing_stored(db)


def test_a_message_for_another_app_is_refused_after_decryption(wx: WeChatServer, db: Engine) -> None:
    response = wx.push(text_xml(OPENID, "你好", 102, now_ts(wx.clock)), app_id="wx0000000000000000")
    assert response.status_code == 400
    assert nothing_stored(db)


def test_a_tampered_or_undecryptable_envelope_is_refused(wx: WeChatServer, db: Engine) -> None:
    good = aes_encrypt(text_xml(OPENID, "你好", 103, now_ts(wx.clock)))
    tampered = good[:-8] + ("A" * 6 if not good[:-8].endswith("A") else "B" * 6) + "=="
    query = wx.query(encrypt=good)
    envelope = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(tampered)}</Encrypt></xml>"
    assert wx.client.post(f"/wechat?{urlencode(query)}", content=envelope.encode()).status_code == 403

    garbage = "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0"  # base64, not AES-CBC output
    query = wx.query(encrypt=garbage)
    envelope = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(garbage)}</Encrypt></xml>"
    assert wx.client.post(f"/wechat?{urlencode(query)}", content=envelope.encode()).status_code == 400
    assert nothing_stored(db)


def test_oversized_bodies_are_refused(wx: WeChatServer, db: Engine) -> None:
    big = text_xml(OPENID, "长" * 5000, 104, now_ts(wx.clock))
    assert wx.push(big, encrypted=False).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the stream is cut at the limit
        for _ in range(10):
            yield b"<xml>" + b" " * 1000

    response = wx.client.post(f"/wechat?{urlencode(wx.query())}", content=chunks())
    assert response.status_code == 413
    assert nothing_stored(db)


def test_the_endpoint_still_answers_after_refusals(wx: WeChatServer, db: Engine) -> None:
    for body in (BILLION_LAUGHS, "garbage", XXE):
        wx.push(body, encrypted=False)
    reply = wx.reply(wx.push(text_xml(OPENID, "运动有什么建议", 105, now_ts(wx.clock))))
    assert reply["Content"] and count(db, m.Message, direction="in") == 1


@pytest.mark.parametrize("mode", ["safe"])
def test_safe_mode_refuses_plaintext_pushes(settings: Settings, db: Engine, clock: FixedClock,
                                            real_retriever: Retriever, mode: str) -> None:
    app = wechat_app(settings, clock, real_retriever, mode)
    with TestClient(app) as client:
        response = WeChatServer(client, clock, "plain").push(text_xml(OPENID, "你好", 106, now_ts(clock)))
    assert response.status_code == 400
    assert nothing_stored(db)


def test_without_a_token_the_endpoint_is_unavailable(settings: Settings, db: Engine, clock: FixedClock,
                                                     real_retriever: Retriever) -> None:
    app = wechat_app(settings, clock, real_retriever, "plain", wechat_token=None)
    params: dict[str, Any] = {"signature": sha1_signature(TOKEN, "1", "n"), "timestamp": "1", "nonce": "n"}
    with TestClient(app) as client:
        assert client.get("/wechat", params=params).status_code == 503
        assert client.post("/wechat", params=params, content=b"<xml/>").status_code == 503
