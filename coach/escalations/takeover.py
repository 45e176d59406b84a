"""Human takeover: while a clinician holds a conversation the coach does not auto-answer.

The chat pipeline asks `auto_answer_allowed` before generating a coach reply; emergency triage
runs regardless (it is not an answer, it is a safety net).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db import models as m


def auto_answer_allowed(conversation: m.Conversation) -> bool:
    return conversation.held_by_clinician_id is None


def holder(session: Session, member_id: int, channel: str) -> int | None:
    """The id of the clinician holding the member's conversation on `channel`, if any."""
    return session.scalar(
        select(m.Conversation.held_by_clinician_id).where(
            m.Conversation.member_id == member_id, m.Conversation.channel == channel
        )
    )


def latest_conversation(session: Session, member_id: int) -> m.Conversation | None:
    """The member's most recently used conversation (latest message, else latest created)."""
    by_message = session.scalar(
        select(m.Conversation)
        .join(m.Message, m.Message.conversation_id == m.Conversation.id)
        .where(m.Conversation.member_id == member_id)
        .order_by(m.Message.created_at.desc(), m.Message.id.desc())
        .limit(1)
    )
    if by_message is not None:
        return by_message
    return session.scalar(
        select(m.Conversation)
        .where(m.Conversation.member_id == member_id)
        .order_by(m.Conversation.created_at.desc(), m.Conversation.id.desc())
        .limit(1)
    )
