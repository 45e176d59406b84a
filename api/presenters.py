"""ORM rows to response models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

from coach.db import models as m
from coach.members.schemas import (
    ConditionOut,
    DoseLogOut,
    Language,
    MedicationOut,
    MemberOut,
    MessageOut,
    ObservationOut,
    Sex,
)
from coach.members.snapshot import age_on
from coach.members.store import local_today


def medication_out(row: m.Medication) -> MedicationOut:
    return MedicationOut(
        id=row.id,
        name=row.name,
        drug_class=row.drug_class,
        dose=row.dose_text,
        times=list(row.times or []),
        start_date=row.start_date,
        stop_date=row.stop_date,
    )


def member_out(row: m.Member, now: datetime) -> MemberOut:
    conditions = [
        ConditionOut(code=c.icd10_code, conditions=[x for x in c.canonical.split(",") if x])
        for c in row.conditions
    ]
    canonical = sorted({name for c in conditions for name in c.conditions})
    weight_range = (
        (row.weight_low_kg, row.weight_high_kg)
        if row.weight_low_kg is not None and row.weight_high_kg is not None
        else None
    )
    return MemberOut(
        id=row.id,
        external_id=row.external_id,
        sex=cast(Sex, row.sex),
        birth_date=row.birth_date,
        birth_date_estimated=row.birth_date_estimated,
        age=age_on(row.birth_date, local_today(now, row.timezone)),
        language=cast(Language, row.language),
        timezone=row.timezone,
        conditions=conditions,
        canonical_conditions=canonical,
        medications=[medication_out(med) for med in row.medications],
        family_doctor_id=row.family_doctor_id,
        care_tier=row.care_tier,
        business_line=row.business_line,
        consent_health_data=row.consent_health_data,
        opt_out_nudges=row.opt_out_nudges,
        height_cm=row.height_cm,
        weight_range_kg=weight_range,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def observation_out(row: m.Observation) -> ObservationOut:
    return ObservationOut(
        id=row.id,
        kind=row.kind,
        value=row.value,
        systolic=row.systolic,
        diastolic=row.diastolic,
        unit=row.unit,
        attributes=dict(row.attributes or {}),
        observed_at=row.observed_at,
        source=row.source,
    )


def dose_log_out(row: m.DoseLog) -> DoseLogOut:
    return DoseLogOut(
        id=row.id,
        medication_id=row.medication_id,
        day=row.day,
        slot=row.slot,
        taken=row.taken,
        source=row.source,
        logged_at=row.logged_at,
    )


def message_out(row: m.Message) -> MessageOut:
    return MessageOut(
        id=row.id,
        direction=cast(Literal["in", "out"], row.direction),
        text=row.text,
        channel=row.channel,
        role=row.role,
        created_at=row.created_at,
        meta=dict(row.meta or {}),
    )
