"""Property tests (Hypothesis) of the WeChat push endpoint, through the real route and app.

Whatever arrives — arbitrary bytes, forged or stale signatures, DTDs and entities, oversized
bodies, broken AES envelopes, reused MsgIds — the answer is one of the router's statuses
(200/400/403/413) with the refusal's code and never a stack trace; a refused push leaves no row
behind; a MsgId is processed once. Example counts are bounded so the file runs in well under a minute.
The properties run inside each test (one app and database per test, shared by its examples)."""

from __future__ import annotations

import base64
import itertools
import time
from collections.abc import Iterator
from urllib.parse import urlencode
from xml.sax.saxutils import escape

import hypothesis
import hypothesis.strategies as st
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.test_members_api import create
from tests.test_wechat_support import (
    ACCOUNT,
    APP_ID,
    WeChatServer,
    aes_encrypt,
    cdata,
    count,
    now_ts,
    text_xml,
    wechat_app,
)

MAX_BODY = 4096
REFUSALS = {400: "wechat_bad_request", 403: "wechat_forbidden", 413: "wechat_too_large"}
TABLES = (m.Member, m.Conversation, m.Message, m.OutboxEntry, m.ServiceState, m.Escalation, m.Observation)
MEMBER, OTHER, STRANGER = "oWx-fuzz-01", "oWx-fuzz-02", "oWx-stranger-99"
FIELDS = ("ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event", "EventKey",
          "Recognition", "MediaId", "Encrypt")


def bounded(examples: int) -> hypothesis.settings:
    return hypothesis.settings(max_examples=examples, deadline=None)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, real_retriever: Retriever) -> FastAPI:
    return wechat_app(settings, clock, real_retriever, "compat", wechat_max_body_bytes=MAX_BODY,
                      wechat_sender_max_messages=10_000)  # the rate limit has its own tests


@pytest.fixture
def wx(client: TestClient, clock: FixedClock) -> WeChatServer:
    create(client, external_id=MEMBER, consent_health_data=True)
    create(client, external_id=OTHER, consent_health_data=True)
    return WeChatServer(client, clock, "compat")


@pytest.fixture
def msg_ids() -> Iterator[int]:
    return itertools.count(7700000000000000001)


def rows(db: Engine) -> dict[str, int]:
    return {table.__tablename__: count(db, table) for table in TABLES}


def checked(response: Response) -> int:
    """The status, after checking it is a documented one with a clean body."""
    assert response.status_code in (200, *REFUSALS), (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and 'File "' not in response.text
    if response.status_code != 200:
        assert response.text == REFUSALS[response.status_code]
    return response.status_code


def post(wx: WeChatServer, query: dict[str, str], body: bytes | Iterator[bytes]) -> Response:
    return wx.client.post(f"/wechat?{urlencode(query)}", content=body)


def processed(session: Session, msg_id: int) -> list[m.Message]:
    """The messages stored under `msg_id`, once their turn is done (it may outlast the reply budget)."""
    deadline = time.monotonic() + 20
    while True:
        session.expire_all()
        found = list(session.scalars(select(m.Message).where(m.Message.channel_msg_id == str(msg_id))))
        if all(message.processed_at is not None for message in found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def envelope(encrypt: str) -> bytes:
    return f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(encrypt)}</Encrypt></xml>".encode()


# --- strategies --------------------------------------------------------------------------------
field_values = st.one_of(
    st.text(max_size=40),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["text", "event", "voice", "image", "location", "subscribe", "CLICK", "TALK_TO_DOCTOR",
                     MEMBER, STRANGER, ACCOUNT, "血压 185/120"]),
)


@st.composite
def xml_like(draw: st.DrawFn) -> bytes:
    """Documents shaped like pushes: known and unknown fields, in CDATA or escaped, repeated, nested."""
    parts = []
    for name, value, in_cdata, nested in draw(st.lists(st.tuples(st.sampled_from(FIELDS), field_values,
                                                                 st.booleans(), st.booleans()), max_size=9)):
        inner = cdata(value) if in_cdata else escape(value)
        parts.append(f"<{name}>{f'<x>{inner}</x>' if nested else inner}</{name}>")
    root = draw(st.sampled_from(["xml", "xml", "XML", "root"]))
    return f"<{root}>{''.join(parts)}</{root}>".encode()


@st.composite
def declarations(draw: st.DrawFn) -> str:
    """A push carrying a DTD: nested entities (billion laughs), external or parameter entities."""
    keyword = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in "doctype")
    kind = draw(st.sampled_from(["laughs", "external", "parameter", "entity-only"]))
    target = draw(st.sampled_from(["file:///etc/passwd", "http://127.0.0.1:9/x.dtd", "/dev/random"]))
    if kind == "laughs":
        depth, fanout = draw(st.integers(1, 12)), draw(st.integers(2, 12))
        entities = '<!ENTITY e0 "lol">' + "".join(
            f'<!ENTITY e{i} "{f"&e{i - 1};" * fanout}">' for i in range(1, depth + 1))
        reference = f"&e{depth};"
    elif kind == "external":
        entities, reference = f'<!ENTITY ext SYSTEM "{target}">', "&ext;"
    else:
        entities, reference = f'<!ENTITY % p SYSTEM "{target}"> %p;', "x"
    body = (f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{MEMBER}</FromUserName><CreateTime>1</CreateTime>"
            f"<MsgType>text</MsgType><Content>{reference}</Content><MsgId>1</MsgId></xml>")
    prolog = '<?xml version="1.0"?>' if draw(st.booleans()) else ""
    if kind == "entity-only":
        return f"{prolog}<!ENTITY x SYSTEM \"{target}\">{body}"
    return f"{prolog}<!{keyword} xml [{entities}]>{body}"


member_texts = st.one_of(
    st.sampled_from(["运动有什么建议", "今天早上血压 128/82", "我胸口压着疼，一直出冷汗", "同意", "关闭提醒", "hi"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=60)
    .filter(lambda s: "]]>" not in s and s.strip()),
)


# --- properties --------------------------------------------------------------------------------
def test_any_body_gets_a_documented_answer_and_a_refusal_stores_nothing(wx: WeChatServer, db: Engine) -> None:
    @bounded(120)
    @hypothesis.given(body=st.one_of(st.binary(max_size=600), st.text(max_size=300).map(str.encode), xml_like()),
                      encrypted=st.booleans())
    def prop(body: bytes, encrypted: bool) -> None:
        before = rows(db)
        if encrypted:  # the same bytes (as far as they are text) inside a valid AES envelope
            secret = aes_encrypt(body.decode("utf-8", "replace"))
            response = post(wx, wx.query(encrypt=secret), envelope(secret))
        else:
            response = post(wx, wx.query(), body)
        if checked(response) != 200:
            assert rows(db) == before

    prop()


def test_forged_signatures_and_stale_or_future_timestamps_are_forbidden(wx: WeChatServer, db: Engine) -> None:
    now = now_ts(wx.clock)
    good = text_xml(MEMBER, "你好", 7, now).encode()

    @bounded(80)
    @hypothesis.given(signature=st.one_of(st.text(max_size=50), st.binary(min_size=20, max_size=20).map(bytes.hex)),
                      nonce=st.text(max_size=70), timestamp=st.one_of(st.integers(-(2**40), 2**70).map(str),
                                                                    st.text(max_size=24)),
                      skew=st.one_of(st.integers(301, 10**9), st.integers(-(10**9), -301)))
    def prop(signature: str, nonce: str, timestamp: str, skew: int) -> None:
        before = rows(db)
        forged = {"signature": signature, "timestamp": timestamp, "nonce": nonce}
        assert checked(post(wx, forged, good)) == 403
        assert checked(wx.client.get("/wechat", params={**forged, "echostr": "e"})) == 403
        stale = wx.query(timestamp=now + skew, nonce=nonce or "n")
        assert checked(post(wx, stale, good)) == 403
        assert checked(wx.client.get("/wechat", params={**stale, "echostr": "e"})) == 403
        assert rows(db) == before

    prop()


def test_arbitrary_query_strings_never_break_the_endpoint(wx: WeChatServer, db: Engine) -> None:
    good = text_xml(STRANGER, "你好", 8, now_ts(wx.clock)).encode()
    keys = st.sampled_from(["signature", "timestamp", "nonce", "encrypt_type", "msg_signature", "echostr", "openid"])

    @bounded(60)
    @hypothesis.given(query=st.dictionaries(st.one_of(keys, st.text(max_size=10)), st.text(max_size=30), max_size=7))
    def prop(query: dict[str, str]) -> None:
        before = rows(db)
        if checked(post(wx, query, good)) != 200:
            assert rows(db) == before
        assert wx.client.get("/wechat", params=query).status_code in (200, 403)

    prop()


def test_declarations_and_entities_are_refused_plain_or_encrypted(wx: WeChatServer, db: Engine) -> None:
    @bounded(60)
    @hypothesis.given(document=declarations(), encrypted=st.booleans())
    def prop(document: str, encrypted: bool) -> None:
        before = rows(db)
        if encrypted:  # only the decrypted text carries the DTD
            secret = aes_encrypt(document)
            response = post(wx, wx.query(encrypt=secret), envelope(secret))
        else:
            response = post(wx, wx.query(), document.encode())
        assert checked(response) == (413 if len(response.request.content) > MAX_BODY else 400)
        assert rows(db) == before

    prop()


def test_bodies_over_the_limit_are_refused_and_up_to_it_accepted(wx: WeChatServer, db: Engine,
                                                                 msg_ids: Iterator[int]) -> None:
    @bounded(40)
    @hypothesis.given(size=st.integers(MAX_BODY - 64, 3 * MAX_BODY), chunked=st.booleans(),
                      chunk=st.integers(1, 2048))
    def prop(size: int, chunked: bool, chunk: int) -> None:
        xml = text_xml(STRANGER, "你好", next(msg_ids), now_ts(wx.clock)).encode()
        body = xml + b" " * (size - len(xml))  # trailing whitespace keeps the document well-formed
        before = rows(db)
        content = (body[i:i + chunk] for i in range(0, len(body), chunk)) if chunked else body
        status = checked(post(wx, wx.query(), content))
        if size > MAX_BODY:
            assert status == 413
            assert rows(db) == before
        else:
            assert status == 200

    prop()


def test_broken_aes_envelopes_are_refused(wx: WeChatServer, db: Engine, msg_ids: Iterator[int]) -> None:
    @bounded(80)
    @hypothesis.given(damage=st.sampled_from(["random", "not-base64", "truncated", "wrong-app-id"]),
                      data=st.data())
    def prop(damage: str, data: st.DataObject) -> None:
        good = aes_encrypt(text_xml(STRANGER, "你好", next(msg_ids), now_ts(wx.clock)))
        if damage == "random":
            secret = base64.b64encode(data.draw(st.binary(max_size=400))).decode()
        elif damage == "not-base64":
            secret = data.draw(st.text(min_size=1, max_size=200).filter(lambda s: "]]>" not in s))
        elif damage == "truncated":
            secret = good[: data.draw(st.integers(1, len(good) - 1))]
        else:
            app_id = data.draw(st.from_regex(r"wx[0-9a-f]{16}", fullmatch=True).filter(lambda a: a != APP_ID))
            secret = aes_encrypt(text_xml(STRANGER, "你好", next(msg_ids), now_ts(wx.clock)), app_id)
        before = rows(db)
        assert checked(post(wx, wx.query(encrypt=secret), envelope(secret))) in (400, 413)
        assert rows(db) == before

    prop()


def test_padding_changes_either_decrypt_to_the_original_or_are_refused(wx: WeChatServer, db: Engine,
                                                                     msg_ids: Iterator[int]) -> None:
    @bounded(30)
    @hypothesis.given(strip=st.integers(0, 3), extra=st.text("=", max_size=4), spaces=st.booleans())
    def prop(strip: int, extra: str, spaces: bool) -> None:
        msg_id = next(msg_ids)
        good = aes_encrypt(text_xml(STRANGER, "你好", msg_id, now_ts(wx.clock)))
        secret = good.rstrip("=")[: len(good.rstrip("=")) - strip] + extra
        before = rows(db)  # whitespace around <Encrypt> is not part of what is signed
        response = post(wx, wx.query(encrypt=secret), envelope(f" {secret}\n" if spaces else secret))
        assert checked(response) in (200, 400)
        if response.status_code == 200:  # the stranger's message came through whole: the onboarding text
            assert "登记" in wx.reply(response)["Content"]
        else:
            assert rows(db) == before

    prop()


def test_a_reused_msg_id_is_processed_once_whatever_it_carries(wx: WeChatServer, db: Engine, session: Session,
                                                               msg_ids: Iterator[int]) -> None:
    @bounded(12)
    @hypothesis.given(texts=st.lists(member_texts, min_size=2, max_size=4))
    def prop(texts: list[str]) -> None:
        msg_id = next(msg_ids)
        replies_before = count(db, m.Message, direction="out")
        answers = [checked(wx.push(text_xml(MEMBER, text, msg_id, now_ts(wx.clock)))) for text in texts]
        assert answers == [200] * len(texts)
        [stored] = processed(session, msg_id)
        assert stored.text == texts[0].strip() and stored.processed_at is not None
        assert count(db, m.Message, direction="out") == replies_before + 1  # one answer, to the first text

        before = rows(db)
        foreign = wx.push(text_xml(OTHER, texts[-1], msg_id, now_ts(wx.clock)))
        assert (checked(foreign), foreign.text) == (200, "success")
        assert rows(db) == before

    prop()


def test_a_msg_id_reused_by_another_sender_never_gets_the_first_senders_reply(
        wx: WeChatServer, db: Engine, session: Session) -> None:
    """Regression: the redelivery path answered member B's push with member A's stored reply."""
    first = wx.reply(wx.push(text_xml(MEMBER, "我应该多久查一次糖化血红蛋白？", 555, now_ts(wx.clock))))
    assert first["Content"]
    before = rows(db)
    foreign = wx.push(text_xml(OTHER, "你好", 555, now_ts(wx.clock)))
    assert (foreign.status_code, foreign.text) == (200, "success")
    assert rows(db) == before
    again = wx.reply(wx.push(text_xml(MEMBER, "我应该多久查一次糖化血红蛋白？", 555, now_ts(wx.clock))))
    assert again["Content"] == first["Content"]  # the owner's own retry is still answered
