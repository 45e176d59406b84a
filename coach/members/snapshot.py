"""A read-only picture of one member's state, as the pure domain code sees it.

Triage, eligibility, care gaps and nudge planning take a `MemberSnapshot`
instead of ORM rows, so they stay free of the database and are easy to test
with hand-built members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day` (a 29 February birthday turns over on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class ObservationRecord:
    kind: str  # a key of vocabulary.OBSERVATION_KINDS
    observed_at: datetime  # timezone-aware (UTC)
    value: float | None = None  # numeric measurements, in the kind's canonical unit
    systolic: int | None = None  # blood_pressure only
    diastolic: int | None = None  # blood_pressure only
    attributes: Mapping[str, str] = field(default_factory=dict)  # events: modality, diagnosis ...


@dataclass(frozen=True)
class MedicationRecord:
    name: str
    drug_class: str  # a vocabulary.DrugClass value
    dose_text: str | None = None
    times: tuple[time, ...] = ()
    start_date: date | None = None
    stop_date: date | None = None
    medication_id: int | None = None

    def active_on(self, day: date) -> bool:
        if self.start_date is not None and day < self.start_date:
            return False
        return not (self.stop_date is not None and day > self.stop_date)


@dataclass(frozen=True)
class DoseLogRecord:
    medication_id: int | None
    drug_class: str
    day: date  # the member-local day the dose belonged to
    taken: bool  # False = reported missed
    logged_at: datetime | None = None


@dataclass(frozen=True)
class MemberSnapshot:
    member_id: int
    sex: str  # "M" | "F"
    birth_date: date
    language: str = "zh"  # "zh" | "en"
    timezone: str = "Asia/Shanghai"
    conditions: frozenset[str] = frozenset()  # vocabulary.Condition values
    icd10_codes: tuple[str, ...] = ()
    medications: tuple[MedicationRecord, ...] = ()
    observations: tuple[ObservationRecord, ...] = ()  # oldest first
    dose_logs: tuple[DoseLogRecord, ...] = ()
    care_tier: str = "digital"
    # A member's own target weight range, used by heart-failure weight management.
    weight_range_kg: tuple[float, float] | None = None

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def has(self, condition: str) -> bool:
        return condition in self.conditions

    def observations_of(self, kind: str) -> list[ObservationRecord]:
        return [o for o in self.observations if o.kind == kind]

    def latest(self, kind: str) -> ObservationRecord | None:
        found = self.observations_of(kind)
        return max(found, key=lambda o: o.observed_at) if found else None

    def drug_classes(self, day: date) -> frozenset[str]:
        return frozenset(m.drug_class for m in self.medications if m.active_on(day))
