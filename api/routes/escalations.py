"""Escalation tickets over the bearer-token API (acting as "api"). Include with Depends(require_token)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.deps import ClockDep, IdPath, SettingsDep, get_session
from coach import audit
from coach.db import models as m
from coach.escalations.base import API
from coach.escalations.notifier import build_notifier
from coach.escalations.policy import LIVE_STATUSES, EscalationPolicy
from coach.escalations.service import EscalationService

router = APIRouter(prefix="/v1/escalations", tags=["escalations"])

Status = Literal["open", "acknowledged", "resolved", "cancelled"]


class EscalationOut(BaseModel):
    id: int
    member_id: int
    level: str
    reasons: list[str]
    evidence: list[dict[str, Any]]
    status: str
    sla_due_at: datetime
    assigned_clinician_id: int | None
    on_call: bool
    repeat_count: int
    opened_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    outcome: str | None


class ResolveIn(BaseModel):
    outcome: str = Field(min_length=1, max_length=2000)


def escalation_out(row: m.Escalation) -> EscalationOut:
    return EscalationOut(
        id=row.id,
        member_id=row.member_id,
        level=row.level,
        reasons=list(row.reasons),
        evidence=list(row.evidence),
        status=row.status,
        sla_due_at=row.sla_due_at,
        assigned_clinician_id=row.assigned_clinician_id,
        on_call=row.on_call,
        repeat_count=row.repeat_count,
        opened_at=row.opened_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        outcome=row.outcome,
    )


# Commit before the response is sent: a client that saw 200 can rely on the change being stored.
TxSession = Annotated[Session, Depends(get_session, scope="function")]


def get_service(session: TxSession, clock: ClockDep, settings: SettingsDep) -> EscalationService:
    return EscalationService(
        session, clock, EscalationPolicy.from_settings(settings), build_notifier(settings, session, clock)
    )


ServiceDep = Annotated[EscalationService, Depends(get_service)]


@router.get("", response_model=list[EscalationOut])
def list_escalations(
    service: ServiceDep,
    status: Annotated[list[Status] | None, Query(description="Repeat for several; default open + acknowledged")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[EscalationOut]:
    rows = service.queue(None, status or LIVE_STATUSES, limit=limit)
    for member_id in sorted({row.member_id for row in rows}):
        ids = [row.id for row in rows if row.member_id == member_id]
        audit.record(service.session, service.clock, API.type, API.id, "escalation.list", member_id,
                     "escalations", {"escalation_ids": ids})
    return [escalation_out(row) for row in rows]


@router.get("/{escalation_id}", response_model=EscalationOut)
def get_escalation(escalation_id: IdPath, service: ServiceDep) -> EscalationOut:
    row = service.get(escalation_id)
    audit.record(service.session, service.clock, API.type, API.id, "escalation.view", row.member_id,
                 f"escalation:{row.id}")
    return escalation_out(row)


@router.post("/{escalation_id}/acknowledge", response_model=EscalationOut)
def acknowledge(escalation_id: IdPath, service: ServiceDep) -> EscalationOut:
    return escalation_out(service.acknowledge(escalation_id, API))


@router.post("/{escalation_id}/resolve", response_model=EscalationOut)
def resolve(escalation_id: IdPath, body: ResolveIn, service: ServiceDep) -> EscalationOut:
    return escalation_out(service.resolve(escalation_id, API, body.outcome))
