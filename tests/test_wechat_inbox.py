"""The lean inbound store keeps the contract of ConversationStore.record_inbound: same rows,
same dedupe, and racing first messages of one member neither fail nor create two conversations."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.wechat.inbox import member_facts, store_inbound
from coach.clock import FixedClock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import make_session_factory, session_scope
from tests.test_console_support import make_member

SKIP = {"id", "member_id", "conversation_id"}


def columns(row: m.Base) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in SKIP}


def test_rows_match_the_conversation_store(session: Session, clock: FixedClock, db: Engine) -> None:
    one = make_member(session, clock, external_id="oWx-inbox-1", consent_health_data=True)
    two = make_member(session, clock, external_id="oWx-inbox-2")
    meta = {"msg_type": "text"}
    reference, created = ConversationStore(session, clock).record_inbound(one.id, "wechat", "你好", channel_msg_id="1",
                                                                          meta=meta)
    session.commit()
    factory = make_session_factory(db)
    with session_scope(factory) as s:
        assert member_facts(s, "oWx-inbox-2") is not None and member_facts(s, "nobody") is None
        lean_id, lean_created = store_inbound(s, clock, two.id, "wechat", "你好", "2", meta)
    assert created and lean_created
    session.expire_all()
    lean = session.get(m.Message, lean_id)
    assert lean is not None
    assert {**columns(lean), "channel_msg_id": "1"} == columns(reference)
    conversations = {c.member_id: c for c in session.scalars(select(m.Conversation))}
    assert columns(conversations[one.id]) == columns(conversations[two.id])


def test_a_redelivery_returns_the_original_and_leaves_the_conversation_alone(
        session: Session, clock: FixedClock, db: Engine) -> None:
    member = make_member(session, clock, external_id="oWx-inbox-3")
    factory = make_session_factory(db)
    with session_scope(factory) as s:
        first = store_inbound(s, clock, member.id, "wechat", "a", "77", {})
    clock.advance(timedelta(minutes=1))
    with session_scope(factory) as s:
        again = store_inbound(s, clock, member.id, "wechat", "a", "77", {})
    assert first == (first[0], True) and again == (first[0], False)
    session.expire_all()
    conversation = session.scalars(select(m.Conversation)).one()
    assert conversation.last_inbound_at == clock.now() - timedelta(minutes=1)


def test_racing_first_messages_share_one_conversation(session: Session, clock: FixedClock, db: Engine) -> None:
    member = make_member(session, clock, external_id="oWx-inbox-4")
    factory = make_session_factory(db)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def deliver(msg_id: str) -> None:
        try:
            with session_scope(factory) as s:
                results.append(store_inbound(s, clock, member.id, "wechat", "hi", msg_id, {}))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=deliver, args=(str(i % 4),)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results).count(True) == 4
    session.expire_all()
    assert len(session.scalars(select(m.Conversation)).all()) == 1
    assert len(session.scalars(select(m.Message)).all()) == 4
