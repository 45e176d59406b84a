"""Conversations and messages. Inbound messages are written before anything else happens to them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m


class ConversationStore:
    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def conversation(self, member_id: int, channel: str) -> m.Conversation:
        """The member's conversation on the channel, created on first use. Race-safe: when two first
        messages arrive together, INSERT ... ON CONFLICT DO NOTHING lets the second wait for the first
        and then read its row, instead of failing on UNIQUE(member_id, channel)."""
        found = self._find_conversation(member_id, channel)
        if found is not None:
            return found
        dialect = sqlite if self.session.get_bind().dialect.name == "sqlite" else postgresql
        self.session.execute(
            dialect.insert(m.Conversation)
            .values(member_id=member_id, channel=channel, created_at=self.clock.now())
            .on_conflict_do_nothing(index_elements=["member_id", "channel"])
        )
        created = self._find_conversation(member_id, channel)
        assert created is not None
        return created

    def _find_conversation(self, member_id: int, channel: str) -> m.Conversation | None:
        return self.session.scalar(
            select(m.Conversation).where(m.Conversation.member_id == member_id, m.Conversation.channel == channel)
        )

    def record_inbound(
        self,
        member_id: int,
        channel: str,
        text: str,
        *,
        channel_msg_id: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> tuple[m.Message, bool]:
        """Store an inbound message; returns (message, created). A redelivered channel id returns the original."""
        if channel_msg_id is not None:
            existing = self._by_channel_id(channel, channel_msg_id)
            if existing is not None:
                return existing, False
        conversation = self.conversation(member_id, channel)
        now = self.clock.now()
        conversation.last_inbound_at = now
        message = m.Message(
            conversation_id=conversation.id,
            member_id=member_id,
            direction="in",
            channel=channel,
            channel_msg_id=channel_msg_id,
            text=text,
            meta=meta or {},
            created_at=now,
        )
        try:
            with self.session.begin_nested():
                self.session.add(message)
                self.session.flush()
        except IntegrityError:
            # A concurrent delivery of the same channel message won the race.
            existing = self._by_channel_id(channel, channel_msg_id or "")
            assert existing is not None
            return existing, False
        return message, True

    def record_outbound(
        self,
        member_id: int,
        channel: str,
        text: str,
        *,
        role: str,
        meta: dict[str, Any] | None = None,
    ) -> m.Message:
        conversation = self.conversation(member_id, channel)
        message = m.Message(
            conversation_id=conversation.id,
            member_id=member_id,
            direction="out",
            channel=channel,
            text=text,
            role=role,
            meta=meta or {},
            created_at=self.clock.now(),
        )
        self.session.add(message)
        self.session.flush()
        return message

    def messages(self, member_id: int, *, limit: int = 200) -> list[m.Message]:
        query = (
            select(m.Message)
            .where(m.Message.member_id == member_id)
            .order_by(m.Message.created_at.desc(), m.Message.id.desc())
            .limit(limit)
        )
        return list(reversed(list(self.session.scalars(query))))

    def _by_channel_id(self, channel: str, channel_msg_id: str) -> m.Message | None:
        return self.session.scalar(
            select(m.Message).where(m.Message.channel == channel, m.Message.channel_msg_id == channel_msg_id)
        )
