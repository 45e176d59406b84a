"""How a reply leaves: passively in the HTTP answer, or through the outbox (customer-service API).

Either way the delivery is one outbox row keyed `reply:{outbound message id}`. The path that
inserts it first owns the delivery; the UNIQUE key makes the other path a no-op, so a reply is
never both answered passively and sent again by the worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m
from coach.outbox import enqueue, find_entry
from coach.pipeline.models import TurnResult
from coach.pipeline.output_checks import split_for_chat

CHANNEL = "wechat"


def reply_key(reply_id: int) -> str:
    return f"reply:{reply_id}"


@dataclass(frozen=True)
class ReplyPlan:
    member_id: int
    inbound_id: int
    reply_id: int | None  # None: a reply that could not be stored (the turn's emergency fallback)
    text: str
    parts: tuple[str, ...]
    emergency: bool = False

    @property
    def key(self) -> str:
        return reply_key(self.reply_id) if self.reply_id is not None else f"reply:inbound:{self.inbound_id}"

    @property
    def first(self) -> str:
        return self.parts[0] if self.parts else self.text

    def payload(self, *, passive: bool) -> dict[str, Any]:
        return {"text": self.text, "parts": list(self.parts), "message_id": self.reply_id,
                "inbound_id": self.inbound_id, "sent_parts": 1 if passive else 0,
                "via": "passive" if passive else "outbox"}


def first_part(text: str) -> str:
    """What fits in one passive reply (WeChat takes at most 2048 bytes)."""
    parts = split_for_chat(text)
    return parts[0] if parts else text


def plan_from(result: TurnResult, member_id: int, inbound_id: int) -> ReplyPlan | None:
    if not result.reply:
        return None
    emergency = result.role == "triage" and (result.escalation is None or result.escalation.level == "emergency")
    parts = tuple(result.parts or split_for_chat(result.reply))
    return ReplyPlan(member_id, inbound_id, result.outbound_message_id, result.reply, parts, emergency)


def stored_plan(session: Session, inbound: m.Message) -> ReplyPlan | None:
    """The plan of an inbound message already answered (its reply is stored)."""
    reply_id = (inbound.meta or {}).get("reply_id")
    reply = session.get(m.Message, reply_id) if reply_id else None
    if reply is None:
        return None
    parts = tuple(str(p) for p in (reply.meta or {}).get("parts") or split_for_chat(reply.text))
    return ReplyPlan(inbound.member_id, inbound.id, reply.id, reply.text, parts, reply.role == "triage")


def claim_passive(session: Session, clock: Clock, plan: ReplyPlan) -> bool:
    """Record that the HTTP answer carries the first part; the rest (if any) stays pending for the
    worker. False when another path already owns this delivery."""
    rest = len(plan.parts) > 1
    entry = enqueue(session, clock, channel=CHANNEL, kind="emergency" if plan.emergency else "reply",
                    payload=plan.payload(passive=True), idempotency_key=plan.key, member_id=plan.member_id,
                    status="pending" if rest else "sent")
    return entry is not None


def enqueue_reply(session: Session, clock: Clock, plan: ReplyPlan) -> bool:
    """Hand the whole reply to the outbox worker (customer-service messages)."""
    entry = enqueue(session, clock, channel=CHANNEL, kind="emergency" if plan.emergency else "reply",
                    payload=plan.payload(passive=False), idempotency_key=plan.key, member_id=plan.member_id)
    return entry is not None


def redelivery(session: Session, clock: Clock, inbound: m.Message) -> str | None:
    """What to answer when WeChat re-sends a message already answered: the stored reply if nobody
    has delivered it yet, or again if it went out passively (WeChat only retries when our answer
    did not reach it); nothing when the worker owns it."""
    plan = stored_plan(session, inbound)
    if plan is None:
        return None
    entry = find_entry(session, plan.key)
    if entry is None:
        return plan.first if claim_passive(session, clock, plan) else None
    return plan.first if (entry.payload or {}).get("via") == "passive" else None
