"""Storing an inbound WeChat message in a few Core statements: the hot path of every push.

Same contract and same rows as `ConversationStore.record_inbound` (tests/test_wechat_inbox.py
compares the two): the member's conversation is found or created, its last_inbound_at moves for a
new message only, and UNIQUE(channel, channel_msg_id) turns a redelivery into (existing id,
False). INSERT ... ON CONFLICT DO NOTHING makes racing deliveries and a racing first conversation
harmless without savepoints; the ORM path costs about twice as much per push, which is what
decides how many pushes one process accepts per second. Other databases use the store itself.
A MsgId already stored for another member raises `ForeignMsgId` (see there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db import models as m

C, MSG = m.Conversation, m.Message
DIALECTS = ("postgresql", "sqlite")


def _insert_ignore(dialect: str, entity: type[m.Base], values: dict[str, Any], unique: list[str],
                   returning: InstrumentedAttribute[int]) -> Any:
    """INSERT ... ON CONFLICT (unique) DO NOTHING RETURNING <id>."""
    if dialect == "postgresql":
        return postgresql.insert(entity).values(**values).on_conflict_do_nothing(index_elements=unique).returning(
            returning)
    return sqlite.insert(entity).values(**values).on_conflict_do_nothing(index_elements=unique).returning(returning)


class ForeignMsgId(Exception):
    """The MsgId is stored already, for another member: the push is neither stored nor answered
    (answering it as a redelivery would hand that member's reply to this sender)."""


def _same_sender(stored_member_id: int, member_id: int, channel_msg_id: str) -> None:
    if stored_member_id != member_id:
        raise ForeignMsgId(f"message id {channel_msg_id} belongs to another member")


@dataclass(frozen=True)
class MemberFacts:
    member_id: int
    consent: bool
    language: str


def member_facts(session: Session, openid: str) -> MemberFacts | None:
    row = session.execute(select(m.Member.id, m.Member.consent_health_data, m.Member.language)
                          .where(m.Member.external_id == openid)).first()
    return MemberFacts(row.id, bool(row.consent_health_data), row.language) if row is not None else None


def store_inbound(session: Session, clock: Clock, member_id: int, channel: str, text: str, channel_msg_id: str,
                  meta: dict[str, Any]) -> tuple[int, bool]:
    """(message id, created) for an inbound message, stored once per (channel, channel_msg_id)."""
    dialect = session.get_bind().dialect.name
    if dialect not in DIALECTS:
        message, created = ConversationStore(session, clock).record_inbound(
            member_id, channel, text, channel_msg_id=channel_msg_id, meta=meta)
        _same_sender(message.member_id, member_id, channel_msg_id)
        return message.id, created
    now = clock.now()
    find = select(C.id).where(C.member_id == member_id, C.channel == channel)
    conversation_id = session.scalar(find)
    if conversation_id is None:
        conversation_id = session.scalar(_insert_ignore(
            dialect, C, {"member_id": member_id, "channel": channel, "created_at": now}, ["member_id", "channel"], C.id))
        if conversation_id is None:  # created meanwhile by a concurrent first message
            conversation_id = session.scalar(find)
    message_id = session.scalar(_insert_ignore(
        dialect, MSG, {"conversation_id": conversation_id, "member_id": member_id, "direction": "in",
                       "channel": channel, "channel_msg_id": channel_msg_id, "text": text, "meta": meta,
                       "created_at": now}, ["channel", "channel_msg_id"], MSG.id))
    if message_id is None:
        existing = session.execute(select(MSG.id, MSG.member_id)
                                   .where(MSG.channel == channel, MSG.channel_msg_id == channel_msg_id)).one()
        _same_sender(existing.member_id, member_id, channel_msg_id)
        return int(existing.id), False
    session.execute(update(C).where(C.id == conversation_id).values(last_inbound_at=now),
                    execution_options={"synchronize_session": False})
    return int(message_id), True
