"""Reminder sweep on demand and a member's reminder history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.deps import IdPath, MemberStoreDep, SessionDep
from coach.db import models as m
from coach.errors import ValidationFailed
from coach.nudges.sweep import run_sweep

router = APIRouter(tags=["nudges"])


class QueuedNudge(BaseModel):
    member_id: int
    kind: str
    item: int | None
    due_at: datetime
    deliver_at: datetime
    text: str


class SweepOut(BaseModel):
    as_of: datetime
    members: int
    queued: list[QueuedNudge]
    counts: dict[str, int]
    deferred: int = Field(description="Over the daily cap or snoozed: planned again later")
    expired: int = Field(description="Dose or weigh-in reminders whose moment has passed")


class NudgeOut(BaseModel):
    id: int
    kind: str
    item: int | None
    due_at: datetime
    status: str
    text: str
    expects: str | None
    sent_at: datetime | None
    responded_at: datetime | None
    response: str | None
    delivery: str | None = Field(description="Outbox status: pending, sent, failed or undeliverable")


@router.post("/v1/nudges/run", response_model=SweepOut)
def run_nudges(
    request: Request,
    as_of: Annotated[datetime | None, Query(description="Run the sweep as of this time (default: now)")] = None,
) -> SweepOut:
    when = as_of or request.app.state.clock.now()
    if when.tzinfo is None:
        raise ValidationFailed("as_of needs a timezone offset, e.g. 2026-12-01T08:00:00+08:00", field="as_of")
    report = run_sweep(request.app.state.session_factory, request.app.state.catalog, when.astimezone(UTC))
    return SweepOut(
        as_of=report.as_of, members=report.members, deferred=report.deferred, expired=report.expired,
        counts=dict(report.by_kind),
        queued=[QueuedNudge(member_id=n.member_id, kind=n.kind.value, item=n.item, due_at=n.due_at,
                            deliver_at=n.deliver_at, text=n.text) for n in report.queued],
    )


@router.get("/v1/members/{member_id}/nudges", response_model=list[NudgeOut])
def member_nudges(member_id: IdPath, store: MemberStoreDep, session: SessionDep) -> list[NudgeOut]:
    store.get(member_id)
    rows = session.execute(
        select(m.Nudge, m.OutboxEntry.status).outerjoin(m.OutboxEntry, m.OutboxEntry.id == m.Nudge.outbox_id)
        .where(m.Nudge.member_id == member_id).order_by(m.Nudge.due_at.desc(), m.Nudge.id.desc()).limit(500)
    ).all()
    return [NudgeOut(id=n.id, kind=n.kind, item=n.item, due_at=n.due_at, status=n.status, text=n.text,
                     expects=n.expects, sent_at=n.sent_at, responded_at=n.responded_at, response=n.response,
                     delivery=delivery) for n, delivery in rows]
