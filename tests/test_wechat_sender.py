"""The WeChat outbox sender against a faked WeChat API (respx, recorded responses):
customer-service messages in the window, template fallback, 45015, token refresh, retries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from api.wechat import build_senders
from coach.clock import FixedClock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import make_session_factory, session_scope
from coach.outbox import OutboxPolicy, enqueue, run_once
from coach.settings import Settings
from tests.test_console_support import make_member
from tests.test_wechat_support import wechat_settings

FIXTURES = Path(__file__).parent / "fixtures" / "wechat"
POLICY = OutboxPolicy(max_attempts=4)
OPENID = "oWx-send-01"


def answer(name: str) -> httpx.Response:
    return httpx.Response(200, json=json.loads((FIXTURES / name).read_text()))


def sent_body(call: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(call.request.content.decode("utf-8"))
    return body


@pytest.fixture
def factory(db: Engine) -> sessionmaker[Session]:
    return make_session_factory(db)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url="https://api.weixin.qq.com", assert_all_called=False) as mock:
        mock.get("/cgi-bin/token").mock(side_effect=[answer("token.json"), answer("token_refreshed.json")])
        yield mock


def member(session: Session, clock: FixedClock, *, last_message_ago: timedelta | None = timedelta(hours=1),
           **overrides: Any) -> int:
    row = make_member(session, clock, external_id=OPENID, **{"consent_health_data": True, **overrides})
    if last_message_ago is not None:
        ConversationStore(session, clock).record_inbound(row.id, "wechat", "hi")
        conversation = session.query(m.Conversation).filter_by(member_id=row.id).one()
        conversation.last_inbound_at = clock.now() - last_message_ago
        session.commit()
    return row.id


def queue(factory: sessionmaker[Session], clock: FixedClock, member_id: int, kind: str = "reply",
          **payload: Any) -> int:
    with session_scope(factory) as session:
        entry = enqueue(session, clock, channel="wechat", kind=kind, payload=payload, member_id=member_id,
                        idempotency_key=f"{kind}:{len(payload)}:{payload.get('text', '')[:20]}")
        assert entry is not None
        return entry.id


def deliver(settings: Settings, factory: sessionmaker[Session], clock: FixedClock, **extra: Any) -> str:
    senders = build_senders(wechat_settings(settings, **extra), factory, clock)
    run_once(factory, clock, senders, policy=POLICY)
    with factory() as session:
        return str(session.scalars(select(m.OutboxEntry.status)
                                   .order_by(m.OutboxEntry.id.desc())).first())


def entry(factory: sessionmaker[Session], entry_id: int) -> m.OutboxEntry:
    with factory() as session:
        row = session.get(m.OutboxEntry, entry_id)
        assert row is not None
        return row


def test_a_reply_in_the_window_goes_as_a_customer_service_message(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(return_value=answer("custom_send_ok.json"))
    mid = member(session, clock)
    queue(factory, clock, mid, text="记得按时服用二甲双胍。")
    queue(factory, clock, mid, text="晚饭后散步三十分钟。")
    assert deliver(settings, factory, clock) == "sent"
    assert send.call_count == 2 and api.routes[0].call_count == 1  # one token for both
    first = sent_body(send.calls[0])
    assert first == {"touser": OPENID, "msgtype": "text", "text": {"content": "记得按时服用二甲双胍。"}}
    assert "二甲双胍" in send.calls[0].request.content.decode("utf-8")  # not \\u-escaped
    assert send.calls[0].request.url.params["access_token"] == "ACCESS_TOKEN_1"
    with factory() as s:
        token = s.get(m.ServiceState, "wechat:access_token")
        assert token is not None and token.value == {"token": "ACCESS_TOKEN_1"}


def test_long_text_is_split_and_a_failed_part_is_not_repeated(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(side_effect=[
        answer("custom_send_ok.json"), answer("err_busy.json"), answer("custom_send_ok.json"),
        answer("custom_send_ok.json")])
    mid = member(session, clock)
    text = "。".join(["控制血压需要长期坚持低盐饮食和规律服药"] * 80) + "。"
    entry_id = queue(factory, clock, mid, text=text)
    assert deliver(settings, factory, clock) == "pending"
    assert entry(factory, entry_id).payload["sent_parts"] == 1
    clock.advance(timedelta(seconds=31))  # -1 (system busy) backs off 30 s
    assert deliver(settings, factory, clock) == "sent"
    contents = [sent_body(c)["text"]["content"] for c in send.calls]
    assert contents[1] == contents[2]  # the failed part again, the first one not
    assert len(contents) == 4 and all(len(c) <= 600 for c in contents)
    assert "".join(contents[:1] + contents[2:]) == text


@pytest.mark.parametrize("error", ["err_40001.json", "err_42001.json"])
def test_a_rejected_token_is_refreshed_and_the_call_retried(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock, error: str) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(side_effect=[answer(error), answer("custom_send_ok.json")])
    queue(factory, clock, member(session, clock), text="你好")
    assert deliver(settings, factory, clock) == "sent"
    assert [c.request.url.params["access_token"] for c in send.calls] == ["ACCESS_TOKEN_1", "ACCESS_TOKEN_2"]
    with factory() as s:
        token = s.get(m.ServiceState, "wechat:access_token")
        assert token is not None and token.value == {"token": "ACCESS_TOKEN_2"}


@pytest.mark.parametrize("error", ["err_45015.json", "err_45047.json"])
def test_a_reply_refused_as_out_of_window_is_undeliverable(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock, error: str) -> None:
    api.post("/cgi-bin/message/custom/send").mock(return_value=answer(error))
    entry_id = queue(factory, clock, member(session, clock), text="你好")
    assert deliver(settings, factory, clock, wechat_template_id_nudge="TPL-1") == "undeliverable"
    assert "out of the customer-service window" in str(entry(factory, entry_id).last_error)


def test_a_nudge_refused_with_45015_falls_back_to_the_template(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    api.post("/cgi-bin/message/custom/send").mock(return_value=answer("err_45015.json"))
    template = api.post("/cgi-bin/message/template/send").mock(return_value=answer("template_send_ok.json"))
    queue(factory, clock, member(session, clock), kind="nudge", text="该测量今天的血压了，测完直接回复读数即可，谢谢")
    assert deliver(settings, factory, clock, wechat_template_id_nudge="TPL-1") == "sent"
    body = sent_body(template.calls[0])
    assert (body["touser"], body["template_id"]) == (OPENID, "TPL-1")
    assert body["data"]["thing1"]["value"] == "该测量今天的血压了，测完直接回复读数即…"


def test_a_nudge_outside_the_window_goes_straight_to_the_template(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(return_value=answer("custom_send_ok.json"))
    template = api.post("/cgi-bin/message/template/send").mock(return_value=answer("template_send_ok.json"))
    queue(factory, clock, member(session, clock, last_message_ago=timedelta(hours=49)), kind="nudge", text="量血压")
    assert deliver(settings, factory, clock, wechat_template_id_nudge="TPL-1") == "sent"
    assert (send.call_count, template.call_count) == (0, 1)


def test_a_nudge_outside_the_window_without_a_template_is_undeliverable_not_dropped(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    entry_id = queue(factory, clock, member(session, clock, last_message_ago=None), kind="nudge", text="量血压")
    assert deliver(settings, factory, clock) == "undeliverable"
    assert "no nudge template" in str(entry(factory, entry_id).last_error)


def test_nudges_to_a_member_who_opted_out_are_undeliverable(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(return_value=answer("custom_send_ok.json"))
    queue(factory, clock, member(session, clock, opt_out_nudges=True), kind="nudge", text="量血压")
    assert deliver(settings, factory, clock) == "undeliverable"
    assert send.call_count == 0


def test_nudges_queued_before_consent_was_withdrawn_are_not_sent_but_replies_are(
        api: respx.MockRouter, settings: Settings, factory: sessionmaker[Session], session: Session,
        clock: FixedClock) -> None:
    send = api.post("/cgi-bin/message/custom/send").mock(return_value=answer("custom_send_ok.json"))
    member_id = member(session, clock, consent_health_data=False)
    nudge_id = queue(factory, clock, member_id, kind="nudge", text="量血压")
    assert deliver(settings, factory, clock) == "undeliverable"
    assert "withdrew consent" in str(entry(factory, nudge_id).last_error) and send.call_count == 0
    queue(factory, clock, member_id, text="好的，已为您记录。")
    assert deliver(settings, factory, clock) == "sent" and send.call_count == 1


def test_an_unsubscribed_member_is_unreachable(api: respx.MockRouter, settings: Settings,
                                               factory: sessionmaker[Session], session: Session,
                                               clock: FixedClock) -> None:
    api.post("/cgi-bin/message/custom/send").mock(return_value=answer("err_43004.json"))
    queue(factory, clock, member(session, clock), text="你好")
    assert deliver(settings, factory, clock) == "undeliverable"


def test_network_errors_are_retried_with_backoff(api: respx.MockRouter, settings: Settings,
                                                 factory: sessionmaker[Session], session: Session,
                                                 clock: FixedClock) -> None:
    api.post("/cgi-bin/message/custom/send").mock(side_effect=[httpx.ConnectError("down"),
                                                               answer("custom_send_ok.json")])
    entry_id = queue(factory, clock, member(session, clock), text="你好")
    assert deliver(settings, factory, clock) == "pending"
    row = entry(factory, entry_id)
    assert row.last_error == "network: ConnectError" and row.next_attempt_at > clock.now()
    clock.set(row.next_attempt_at)
    assert deliver(settings, factory, clock) == "sent"


def test_without_credentials_wechat_rows_are_undeliverable(settings: Settings, factory: sessionmaker[Session],
                                                          session: Session, clock: FixedClock) -> None:
    queue(factory, clock, member(session, clock), text="你好")
    assert deliver(settings, factory, clock, wechat_app_secret=None) == "undeliverable"
