"""Members, their observations, medications and dose logs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ClockDep, CoachTurnDep, ConversationStoreDep, IdPath, MemberStoreDep
from api.presenters import dose_log_out, medication_out, member_out, message_out, observation_out
from coach.db.models import Observation
from coach.members.observations import canonicalise
from coach.members.schemas import (
    DoseLogIn,
    DoseLogOut,
    MedicationIn,
    MedicationOut,
    MemberCreate,
    MemberOut,
    MemberUpdate,
    MessageOut,
    ObservationIn,
    ObservationOut,
)
from coach.pipeline.recording import record_observation

router = APIRouter(prefix="/v1/members", tags=["members"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MemberOut)
def create_member(body: MemberCreate, store: MemberStoreDep, clock: ClockDep) -> MemberOut:
    return member_out(store.create(body), clock.now())


@router.get("", response_model=list[MemberOut])
def list_members(
    store: MemberStoreDep,
    clock: ClockDep,
    external_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[MemberOut]:
    now = clock.now()
    return [member_out(row, now) for row in store.find(external_id=external_id, limit=limit, offset=offset)]


@router.get("/{member_id}", response_model=MemberOut)
def get_member(member_id: IdPath, store: MemberStoreDep, clock: ClockDep) -> MemberOut:
    return member_out(store.get(member_id), clock.now())


@router.patch("/{member_id}", response_model=MemberOut)
def update_member(member_id: IdPath, body: MemberUpdate, store: MemberStoreDep, clock: ClockDep) -> MemberOut:
    return member_out(store.update(member_id, body), clock.now())


@router.delete("/{member_id}", status_code=status.HTTP_204_NO_CONTENT)
def erase_member(member_id: IdPath, store: MemberStoreDep) -> Response:
    store.erase(member_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{member_id}/observations", status_code=status.HTTP_201_CREATED, response_model=ObservationOut)
def add_observation(
    member_id: IdPath, body: ObservationIn, store: MemberStoreDep, clock: ClockDep, coach: CoachTurnDep
) -> ObservationOut:
    """Store a reading or event; it is triaged at once, and a red flag opens an escalation."""
    member = store.get(member_id)
    canonical = canonicalise(body, now=clock.now(), member_timezone=member.timezone)
    intake = record_observation(store.session, clock, member_id, canonical, coach.escalations)
    row = store.session.get(Observation, intake.row_id)
    assert row is not None
    out = observation_out(row)
    if intake.escalation is not None:
        out.escalation = {"id": intake.escalation.id, "level": intake.escalation.level,
                          "reasons": list(intake.escalation.reasons)}
    return out


@router.get("/{member_id}/observations", response_model=list[ObservationOut])
def list_observations(
    member_id: IdPath,
    store: MemberStoreDep,
    kind: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[ObservationOut]:
    return [observation_out(row) for row in store.observations(member_id, kind=kind, limit=limit)]


@router.post("/{member_id}/medications", status_code=status.HTTP_201_CREATED, response_model=MedicationOut)
def add_medication(member_id: IdPath, body: MedicationIn, store: MemberStoreDep) -> MedicationOut:
    return medication_out(store.add_medication(member_id, body))


@router.get("/{member_id}/medications", response_model=list[MedicationOut])
def list_medications(member_id: IdPath, store: MemberStoreDep) -> list[MedicationOut]:
    return [medication_out(row) for row in store.get(member_id).medications]


@router.post(
    "/{member_id}/medications/{medication_id}/doses",
    status_code=status.HTTP_201_CREATED,
    response_model=DoseLogOut,
)
def log_dose(member_id: IdPath, medication_id: IdPath, body: DoseLogIn, store: MemberStoreDep) -> DoseLogOut:
    return dose_log_out(store.log_dose(member_id, medication_id, body))


@router.get("/{member_id}/medications/{medication_id}/doses", response_model=list[DoseLogOut])
def list_doses(member_id: IdPath, medication_id: IdPath, store: MemberStoreDep) -> list[DoseLogOut]:
    store.medication(member_id, medication_id)
    return [dose_log_out(row) for row in store.dose_logs(member_id, medication_id)]


@router.get("/{member_id}/messages", response_model=list[MessageOut])
def list_messages(
    member_id: IdPath, store: MemberStoreDep, conversations: ConversationStoreDep
) -> list[MessageOut]:
    store.get(member_id)
    return [message_out(row) for row in conversations.messages(member_id)]
