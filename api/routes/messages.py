"""A member's message through the coach (the REST channel; WeChat uses the same turn)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CoachTurnDep, IdPath

router = APIRouter(prefix="/v1/members", tags=["conversation"])


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2000, description="What the member wrote")
    client_msg_id: str | None = Field(
        default=None, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._:-]+$",
        description="The client's id for this message: a retry with the same id is answered once, "
                    "with the reply already given")


class EscalationOut(BaseModel):
    id: int
    level: str
    reasons: list[str]


class CitationOut(BaseModel):
    item: int
    title: str


class RecordedOut(BaseModel):
    id: int
    kind: str
    value: float | None
    systolic: int | None
    diastolic: int | None
    unit: str | None
    observed_at: datetime
    text: str


class TurnOut(BaseModel):
    reply: str | None = Field(description="None while a clinician holds the conversation")
    role: str
    escalation: EscalationOut | None
    citations: list[CitationOut]
    recorded_observations: list[RecordedOut]
    parts: list[str] = Field(description="The reply split into chat-sized messages")
    composer: str


@router.post("/{member_id}/messages", response_model=TurnOut)
def post_message(member_id: IdPath, body: MessageIn, coach: CoachTurnDep) -> TurnOut:
    # Scoped to the member: the channel id is unique per channel, and one client's ids must never find another's.
    dedupe_key = f"{member_id}:{body.client_msg_id}" if body.client_msg_id else None
    result = coach.handle(member_id, body.text, channel="rest", channel_msg_id=dedupe_key)
    return TurnOut(
        reply=result.reply, role=result.role,
        escalation=EscalationOut(id=result.escalation.id, level=result.escalation.level,
                                 reasons=list(result.escalation.reasons)) if result.escalation else None,
        citations=[CitationOut(item=c.item, title=c.title) for c in result.citations],
        recorded_observations=[RecordedOut(id=r.id, kind=r.kind, value=r.value, systolic=r.systolic,
                                           diastolic=r.diastolic, unit=r.unit, observed_at=r.observed_at, text=r.text)
                               for r in result.recorded_observations],
        parts=result.parts, composer=result.composer,
    )
