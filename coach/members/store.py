"""The member store: members, conditions, medications, dose logs, observations, erasure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m
from coach.errors import ConflictError, NotFoundError, ValidationFailed
from coach.members import icd10
from coach.members.medications import infer_drug_class
from coach.members.observations import CanonicalObservation, bmi
from coach.members.schemas import DoseLogIn, MedicationIn, MemberCreate, MemberUpdate
from coach.members.vocabulary import DrugClass

# Tables holding a member's rows, children first. Later features append theirs here
# so that erasure (a member's right to deletion) stays complete.
MEMBER_OWNED_TABLES: list[type[m.Base]] = [
    m.EscalationEvent,
    m.Escalation,
    m.Nudge,
    m.OutboxEntry,
    m.CareGap,
    m.Message,
    m.Conversation,
    m.DoseLog,
    m.Observation,
    m.Medication,
    m.MemberCondition,
]


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


class MemberStore:
    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    # --- members -----------------------------------------------------------------------
    def create(self, data: MemberCreate) -> m.Member:
        now = self.clock.now()
        birth_date, estimated = self._birth_date(data, now)
        member = m.Member(
            external_id=data.external_id,
            sex=data.sex,
            birth_date=birth_date,
            birth_date_estimated=estimated,
            language=data.language,
            timezone=data.timezone,
            family_doctor_id=self._doctor_id(data.family_doctor_id),
            care_tier=data.care_tier or "digital",
            business_line=data.business_line,
            consent_health_data=data.consent_health_data,
            consent_at=now if data.consent_health_data else None,
            opt_out_nudges=data.opt_out_nudges,
            height_cm=data.height_cm,
            created_at=now,
            updated_at=now,
        )
        self._set_weight_range(member, data.weight_range_kg)
        member.conditions = self._conditions(data.conditions)
        member.medications = [self._medication(i, med, now) for i, med in enumerate(data.medications)]
        self.session.add(member)
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            raise ConflictError(
                f"a member with external_id {data.external_id!r} already exists", field="external_id"
            ) from None
        return member

    def get(self, member_id: int) -> m.Member:
        member = self.session.get(m.Member, member_id)
        if member is None:
            raise NotFoundError(f"member {member_id} not found", field="member_id")
        return member

    def by_external_id(self, external_id: str) -> m.Member | None:
        return self.session.scalar(select(m.Member).where(m.Member.external_id == external_id))

    def find(self, *, external_id: str | None = None, limit: int = 50, offset: int = 0) -> list[m.Member]:
        query = select(m.Member).order_by(m.Member.id).limit(limit).offset(offset)
        if external_id is not None:
            query = query.where(m.Member.external_id == external_id)
        return list(self.session.scalars(query))

    def update(self, member_id: int, data: MemberUpdate) -> m.Member:
        member = self.get(member_id)
        now = self.clock.now()
        changes = data.model_dump(exclude_unset=True)
        if "conditions" in changes:
            member.conditions = self._conditions(data.conditions or [])
        if "weight_range_kg" in changes:
            self._set_weight_range(member, data.weight_range_kg)
        if "family_doctor_id" in changes:
            member.family_doctor_id = self._doctor_id(data.family_doctor_id)
        if data.consent_health_data and not member.consent_health_data:
            member.consent_at = now
        for name in (
            "sex",
            "birth_date",
            "language",
            "timezone",
            "care_tier",
            "business_line",
            "consent_health_data",
            "opt_out_nudges",
            "height_cm",
        ):
            if name in changes and changes[name] is not None:
                setattr(member, name, changes[name])
        if "birth_date" in changes:
            member.birth_date_estimated = False
        member.updated_at = now
        self.session.flush()
        return member

    def erase(self, member_id: int) -> None:
        """Delete every row that belongs to the member (right to deletion)."""
        self.get(member_id)
        for table in MEMBER_OWNED_TABLES:
            self.session.execute(delete(table).where(table.member_id == member_id))  # type: ignore[attr-defined]
        self.session.execute(delete(m.Member).where(m.Member.id == member_id))
        self.session.flush()
        self.session.expunge_all()

    # --- medications and doses ---------------------------------------------------------
    def add_medication(self, member_id: int, data: MedicationIn) -> m.Medication:
        member = self.get(member_id)
        medication = self._medication(0, data, self.clock.now())
        member.medications.append(medication)
        self.session.flush()
        return medication

    def medication(self, member_id: int, medication_id: int) -> m.Medication:
        medication = self.session.get(m.Medication, medication_id)
        if medication is None or medication.member_id != member_id:
            raise NotFoundError(
                f"medication {medication_id} not found for member {member_id}", field="medication_id"
            )
        return medication

    def log_dose(self, member_id: int, medication_id: int, data: DoseLogIn, source: str = "api") -> m.DoseLog:
        member = self.get(member_id)
        medication = self.medication(member_id, medication_id)
        now = self.clock.now()
        today = local_today(now, member.timezone)
        day = data.day or today
        if day > today:
            raise ValidationFailed("a dose cannot be logged for a future day", field="day")
        if data.slot is not None and medication.times and data.slot not in medication.times:
            raise ValidationFailed(
                f"slot {data.slot} is not one of this medication's times ({', '.join(medication.times)})",
                field="slot",
            )
        # One answer per dose: a later report for the same day and slot replaces the earlier one.
        existing = self.session.scalar(
            select(m.DoseLog).where(
                m.DoseLog.medication_id == medication_id,
                m.DoseLog.day == day,
                m.DoseLog.slot.is_(None) if data.slot is None else m.DoseLog.slot == data.slot,
            )
        )
        log = existing or m.DoseLog(member_id=member_id, medication_id=medication_id, day=day, slot=data.slot)
        log.taken, log.source, log.logged_at = data.taken, source, now
        self.session.add(log)
        self.session.flush()
        return log

    def dose_logs(self, member_id: int, medication_id: int | None = None) -> list[m.DoseLog]:
        self.get(member_id)
        query = select(m.DoseLog).where(m.DoseLog.member_id == member_id)
        if medication_id is not None:
            query = query.where(m.DoseLog.medication_id == medication_id)
        return list(self.session.scalars(query.order_by(m.DoseLog.day, m.DoseLog.slot)))

    # --- observations ------------------------------------------------------------------
    def add_observation(
        self, member_id: int, obs: CanonicalObservation, source: str = "api"
    ) -> m.Observation:
        member = self.get(member_id)
        now = self.clock.now()
        row = m.Observation(
            member_id=member_id,
            kind=obs.kind,
            value=obs.value,
            systolic=obs.systolic,
            diastolic=obs.diastolic,
            unit=obs.unit,
            attributes=obs.attributes,
            observed_at=obs.observed_at,
            source=source,
            created_at=now,
        )
        self.session.add(row)
        if obs.kind == "height" and obs.value is not None:
            member.height_cm = obs.value
        if obs.kind == "weight" and obs.value is not None and member.height_cm:
            self.session.add(
                m.Observation(
                    member_id=member_id,
                    kind="bmi",
                    value=bmi(obs.value, member.height_cm),
                    unit="kg/m2",
                    attributes={},
                    observed_at=obs.observed_at,
                    source="derived",
                    created_at=now,
                )
            )
        self.session.flush()
        return row

    def observations(
        self, member_id: int, *, kind: str | None = None, since: datetime | None = None, limit: int = 500
    ) -> list[m.Observation]:
        self.get(member_id)
        query = select(m.Observation).where(m.Observation.member_id == member_id)
        if kind is not None:
            query = query.where(m.Observation.kind == kind)
        if since is not None:
            query = query.where(m.Observation.observed_at >= since)
        query = query.order_by(m.Observation.observed_at.desc(), m.Observation.id.desc()).limit(limit)
        return list(reversed(list(self.session.scalars(query))))

    # --- helpers -------------------------------------------------------------------------
    def _birth_date(self, data: MemberCreate, now: datetime) -> tuple[date, bool]:
        today = local_today(now, data.timezone)
        if data.birth_date is not None:
            if data.birth_date > today:
                raise ValidationFailed("birth_date is in the future", field="birth_date")
            return data.birth_date, False
        assert data.age is not None
        # Only an age is known: place the birthday half a year back so the age stays
        # right for the next six months, and mark the date as an estimate.
        try:
            anchor = today.replace(year=today.year - data.age)
        except ValueError:  # 29 February
            anchor = today.replace(year=today.year - data.age, day=28)
        return anchor - timedelta(days=182), True

    def _doctor_id(self, clinician_id: int | None) -> int | None:
        if clinician_id is not None and self.session.get(m.Clinician, clinician_id) is None:
            raise ValidationFailed(f"clinician {clinician_id} does not exist", field="family_doctor_id")
        return clinician_id

    @staticmethod
    def _set_weight_range(member: m.Member, weight_range: tuple[float, float] | None) -> None:
        if weight_range is not None and not 2 <= weight_range[0] < weight_range[1] <= 350:
            raise ValidationFailed(
                "weight_range_kg must be [low, high] with 2 <= low < high <= 350", field="weight_range_kg"
            )
        member.weight_low_kg, member.weight_high_kg = weight_range or (None, None)

    @staticmethod
    def _conditions(codes: list[str]) -> list[m.MemberCondition]:
        rows: dict[str, m.MemberCondition] = {}
        for index, raw in enumerate(codes):
            code = icd10.normalise_code(raw, field=f"conditions[{index}]")
            rows[code] = m.MemberCondition(
                icd10_code=code, canonical=",".join(sorted(icd10.conditions_for(code)))
            )
        return list(rows.values())

    @staticmethod
    def _medication(index: int, data: MedicationIn, now: datetime) -> m.Medication:
        drug_class = data.drug_class or infer_drug_class(data.name)
        if drug_class not in {d.value for d in DrugClass}:
            valid = ", ".join(d.value for d in DrugClass)
            raise ValidationFailed(
                f"unknown drug_class {drug_class!r}; valid: {valid}", field=f"medications[{index}].drug_class"
            )
        return m.Medication(
            name=data.name,
            drug_class=drug_class,
            dose_text=data.dose,
            times=data.times,
            start_date=data.start_date,
            stop_date=data.stop_date,
            created_at=now,
        )
