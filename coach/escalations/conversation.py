"""A clinician talking to the member: replies through the member's channel, and taking over the chat."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.errors import ConflictError, NotFoundError, ValidationFailed
from coach.escalations.base import Actor, TicketBase, checked_text
from coach.escalations.takeover import latest_conversation


def member_conversation(session: Session, member_id: int) -> m.Conversation:
    conversation = latest_conversation(session, member_id)
    if conversation is None:
        raise ConflictError(f"member {member_id} has no conversation to reply on", field="member_id")
    return conversation


class ConversationActions(TicketBase):
    def reply(self, escalation_id: int, clinician: m.Clinician, text: str) -> m.Message:
        """Store the reply as an outbound "clinician" message on the member's most recent channel
        and enqueue its delivery in the outbox (idempotent per message)."""
        text = checked_text(text, "text")
        escalation = self.get(escalation_id)
        conversation = member_conversation(self.session, escalation.member_id)
        message = ConversationStore(self.session, self.clock).record_outbound(
            escalation.member_id,
            conversation.channel,
            text,
            role="clinician",
            meta={"escalation_id": escalation.id, "clinician_id": clinician.id},
        )
        now = self.clock.now()
        self.session.add(
            m.OutboxEntry(
                member_id=escalation.member_id,
                clinician_id=clinician.id,
                channel=conversation.channel,
                kind="reply",
                payload={"text": text, "message_id": message.id},
                idempotency_key=f"reply:{message.id}",
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        who = Actor.of(clinician)
        self._event(escalation, "reply", who, f"message #{message.id} via {conversation.channel}")
        self._audit(
            who, "escalation.reply", escalation.member_id, f"escalation:{escalation.id}",
            {"message_id": message.id, "channel": conversation.channel},
        )
        self.session.flush()
        return message

    def hold(
        self, conversation_id: int, clinician: m.Clinician, escalation_id: int | None = None
    ) -> m.Conversation:
        """Take the conversation over: the coach stops auto-answering until it is released."""
        conversation = self._conversation(conversation_id)
        if conversation.held_by_clinician_id not in (None, clinician.id):
            raise ConflictError(
                f"conversation {conversation_id} is held by clinician {conversation.held_by_clinician_id}",
                field="conversation_id",
            )
        conversation.held_by_clinician_id = clinician.id
        self._takeover_record(conversation, clinician, "hold", escalation_id)
        return conversation

    def release(
        self, conversation_id: int, clinician: m.Clinician, escalation_id: int | None = None
    ) -> m.Conversation:
        """Hand the conversation back to the coach (the holder, or an admin, may do this)."""
        conversation = self._conversation(conversation_id)
        if conversation.held_by_clinician_id is None:
            raise ConflictError(f"conversation {conversation_id} is not held", field="conversation_id")
        if conversation.held_by_clinician_id != clinician.id and clinician.role != "admin":
            raise ConflictError(
                f"conversation {conversation_id} is held by another clinician", field="conversation_id"
            )
        conversation.held_by_clinician_id = None
        self._takeover_record(conversation, clinician, "release", escalation_id)
        return conversation

    def _conversation(self, conversation_id: int) -> m.Conversation:
        conversation = self.session.get(m.Conversation, conversation_id)
        if conversation is None:
            raise NotFoundError(f"conversation {conversation_id} not found", field="conversation_id")
        return conversation

    def _takeover_record(
        self, conversation: m.Conversation, clinician: m.Clinician, kind: str, escalation_id: int | None
    ) -> None:
        who = Actor.of(clinician)
        if escalation_id is not None:
            escalation = self.get(escalation_id)
            if escalation.member_id != conversation.member_id:
                raise ValidationFailed("the ticket belongs to another member", field="escalation_id")
            self._event(escalation, kind, who, f"conversation #{conversation.id} ({conversation.channel})")
        self._audit(
            who, f"conversation.{kind}", conversation.member_id, f"conversation:{conversation.id}",
            {"channel": conversation.channel},
        )
        self.session.flush()
