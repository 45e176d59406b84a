"""Build a `MemberSnapshot` (the pure domain view) from the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db import models as m
from coach.members.schemas import parse_time
from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot, ObservationRecord

# Far enough back for every catalog rule (colonoscopy every 10 years, yearly checks, 180-day windows).
HISTORY = timedelta(days=3660 + 31)


def to_snapshot(member: m.Member, observations: list[m.Observation], dose_logs: list[m.DoseLog]) -> MemberSnapshot:
    medications = tuple(
        MedicationRecord(name=med.name, drug_class=med.drug_class, dose_text=med.dose_text,
                         times=tuple(parse_time(t) for t in med.times or []), start_date=med.start_date,
                         stop_date=med.stop_date, medication_id=med.id)
        for med in member.medications
    )
    classes = {med.id: med.drug_class for med in member.medications}
    weight_range = (
        (member.weight_low_kg, member.weight_high_kg)
        if member.weight_low_kg is not None and member.weight_high_kg is not None else None
    )
    return MemberSnapshot(
        member_id=member.id, sex=member.sex, birth_date=member.birth_date, language=member.language,
        timezone=member.timezone,
        conditions=frozenset(name for c in member.conditions for name in c.canonical.split(",") if name),
        icd10_codes=tuple(c.icd10_code for c in member.conditions),
        medications=medications,
        observations=tuple(
            ObservationRecord(kind=o.kind, observed_at=o.observed_at, value=o.value, systolic=o.systolic,
                              diastolic=o.diastolic, attributes=dict(o.attributes or {}))
            for o in observations
        ),
        dose_logs=tuple(
            DoseLogRecord(medication_id=d.medication_id, drug_class=classes.get(d.medication_id, "other"),
                          day=d.day, taken=d.taken, logged_at=d.logged_at)
            for d in dose_logs
        ),
        care_tier=member.care_tier,
        weight_range_kg=weight_range,
    )


def load_snapshot(session: Session, member: m.Member, now: datetime) -> MemberSnapshot:
    since = now - HISTORY
    observations = list(session.scalars(
        select(m.Observation).where(m.Observation.member_id == member.id, m.Observation.observed_at >= since)
        .order_by(m.Observation.observed_at, m.Observation.id)
    ))
    dose_logs = list(session.scalars(
        select(m.DoseLog).where(m.DoseLog.member_id == member.id, m.DoseLog.day >= since.date())
        .order_by(m.DoseLog.day, m.DoseLog.slot)
    ))
    return to_snapshot(member, observations, dose_logs)
