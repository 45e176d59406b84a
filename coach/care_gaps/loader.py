"""Stream members from the database as snapshots, a batch at a time (nightly refresh, reports).

Five core queries per batch (members, conditions, medications, observations, dose logs), each
a range scan on member_id, so 100k members never sit in memory at once and no ORM objects
are built. The snapshots match coach.members.loading.to_snapshot, except that dose logs are
only loaded from `dose_logs_since` (adherence looks at the measurement period and at most
180 days after a discharge, not ten years back) and without their logged_at time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from coach.db import models as m
from coach.members.loading import HISTORY
from coach.members.schemas import parse_time
from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot, ObservationRecord

DOSE_LOG_LOOKBACK = timedelta(days=200)


@dataclass(frozen=True)
class LoadedMember:
    snapshot: MemberSnapshot
    business_line: str | None


def default_dose_logs_since(now: datetime) -> date:
    return min(date(now.year, 1, 1), (now - DOSE_LOG_LOOKBACK).date())


def member_query(business_line: str | None = None, care_tier: str | None = None) -> Select[int]:
    query = select(m.Member.id)
    if business_line is not None:
        query = query.where(m.Member.business_line == business_line)
    if care_tier is not None:
        query = query.where(m.Member.care_tier == care_tier)
    return query


def iter_member_batches(
    session: Session,
    now: datetime,
    *,
    batch_size: int = 1000,
    business_line: str | None = None,
    care_tier: str | None = None,
    dose_logs_since: date | None = None,
) -> Iterator[list[LoadedMember]]:
    """Members in id order, `batch_size` at a time, optionally only one business line / care tier."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    since = dose_logs_since or default_dose_logs_since(now)
    last_id = 0
    while True:
        query = member_query(business_line, care_tier).where(m.Member.id > last_id)
        ids = list(session.scalars(query.order_by(m.Member.id).limit(batch_size)))
        if not ids:
            return
        last_id = ids[-1]
        yield load_batch(session, ids, now, since)


def load_batch(session: Session, ids: list[int], now: datetime, dose_logs_since: date) -> list[LoadedMember]:
    wanted = set(ids)
    low, high = min(ids), max(ids)
    members = session.execute(
        select(m.Member.id, m.Member.sex, m.Member.birth_date, m.Member.language, m.Member.timezone,
               m.Member.care_tier, m.Member.business_line, m.Member.weight_low_kg, m.Member.weight_high_kg)
        .where(m.Member.id.between(low, high))
    ).all()
    conditions: dict[int, set[str]] = defaultdict(set)
    icd_codes: dict[int, list[str]] = defaultdict(list)
    for member_id, code, canonical in session.execute(
        select(m.MemberCondition.member_id, m.MemberCondition.icd10_code, m.MemberCondition.canonical)
        .where(m.MemberCondition.member_id.between(low, high)).order_by(m.MemberCondition.id)
    ):
        icd_codes[member_id].append(code)
        conditions[member_id].update(name for name in canonical.split(",") if name)
    medications: dict[int, list[MedicationRecord]] = defaultdict(list)
    classes: dict[int, str] = {}
    for med in session.execute(
        select(m.Medication.id, m.Medication.member_id, m.Medication.name, m.Medication.drug_class,
               m.Medication.dose_text, m.Medication.times, m.Medication.start_date, m.Medication.stop_date)
        .where(m.Medication.member_id.between(low, high)).order_by(m.Medication.id)
    ):
        classes[med.id] = med.drug_class
        medications[med.member_id].append(MedicationRecord(
            name=med.name, drug_class=med.drug_class, dose_text=med.dose_text,
            times=tuple(parse_time(t) for t in med.times or []), start_date=med.start_date,
            stop_date=med.stop_date, medication_id=med.id,
        ))
    observations: dict[int, list[ObservationRecord]] = defaultdict(list)
    for obs in session.execute(
        select(m.Observation.member_id, m.Observation.kind, m.Observation.value, m.Observation.systolic,
               m.Observation.diastolic, m.Observation.attributes, m.Observation.observed_at)
        .where(m.Observation.member_id.between(low, high), m.Observation.observed_at >= now - HISTORY)
        .order_by(m.Observation.member_id, m.Observation.observed_at, m.Observation.id)
    ):
        observations[obs.member_id].append(ObservationRecord(
            kind=obs.kind, observed_at=obs.observed_at, value=obs.value, systolic=obs.systolic,
            diastolic=obs.diastolic, attributes=dict(obs.attributes or {}),
        ))
    doses: dict[int, list[DoseLogRecord]] = defaultdict(list)
    # logged_at is left out: no rule needs it, and it is the most expensive column to convert.
    for member_id, medication_id, day, taken in session.execute(
        select(m.DoseLog.member_id, m.DoseLog.medication_id, m.DoseLog.day, m.DoseLog.taken)
        .where(m.DoseLog.member_id.between(low, high), m.DoseLog.day >= dose_logs_since)
        .order_by(m.DoseLog.member_id, m.DoseLog.day, m.DoseLog.slot)
    ):
        doses[member_id].append(DoseLogRecord(medication_id, classes.get(medication_id, "other"), day, taken))
    loaded = []
    for row in members:
        if row.id not in wanted:
            continue
        weight_range = (row.weight_low_kg, row.weight_high_kg) if (
            row.weight_low_kg is not None and row.weight_high_kg is not None) else None
        snapshot = MemberSnapshot(
            member_id=row.id, sex=row.sex, birth_date=row.birth_date, language=row.language, timezone=row.timezone,
            conditions=frozenset(conditions.get(row.id, ())), icd10_codes=tuple(icd_codes.get(row.id, ())),
            medications=tuple(medications.get(row.id, ())), observations=tuple(observations.get(row.id, ())),
            dose_logs=tuple(doses.get(row.id, ())), care_tier=row.care_tier, weight_range_kg=weight_range,
        )
        loaded.append(LoadedMember(snapshot, row.business_line))
    loaded.sort(key=lambda lm: lm.snapshot.member_id)
    return loaded
