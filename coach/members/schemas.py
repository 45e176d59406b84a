"""Typed inputs and outputs of the member store (validated at the edge, used by the core)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Sex = Literal["M", "F"]
Language = Literal["zh", "en"]
CareTier = Literal["case_management", "preventive", "digital"]
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Primary keys are 32-bit integers (PostgreSQL INTEGER); a larger id can name no row and, unchecked,
# makes the database driver raise (SQLite: OverflowError) instead of a 404/422.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {value!r}; use an IANA name like 'Asia/Shanghai'") from None
    return value


def _check_times(values: list[str]) -> list[str]:
    for value in values:
        if not _TIME.match(value):
            raise ValueError(f"{value!r} is not a time of day; use 24-hour 'HH:MM', e.g. '08:00'")
    return sorted(set(values))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MedicationIn(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=128)]
    dose: Annotated[str | None, Field(max_length=128, description="Dose as prescribed, free text")] = None
    drug_class: str | None = Field(default=None, description="Inferred from the name when omitted")
    times: list[str] = Field(default_factory=list, description="Daily dose times, 'HH:MM'")
    start_date: date | None = None
    stop_date: date | None = None

    _times = field_validator("times")(_check_times)

    @model_validator(mode="after")
    def _dates_in_order(self) -> MedicationIn:
        if self.start_date and self.stop_date and self.stop_date < self.start_date:
            raise ValueError("stop_date is before start_date")
        return self


class MemberCreate(_Strict):
    external_id: Annotated[str, Field(min_length=1, max_length=128, description="WeChat openid")]
    sex: Sex
    birth_date: date | None = None
    age: Annotated[int | None, Field(ge=0, le=120)] = None
    language: Language = "zh"
    timezone: str = "Asia/Shanghai"
    conditions: list[str] = Field(default_factory=list, description="ICD-10 codes, e.g. 'E11', 'N18.3'")
    medications: list[MedicationIn] = Field(default_factory=list)
    family_doctor_id: RowId | None = None
    care_tier: CareTier | None = None
    business_line: str | None = None
    consent_health_data: bool = False
    opt_out_nudges: bool = False
    height_cm: Annotated[float | None, Field(ge=40, le=250)] = None
    weight_range_kg: tuple[float, float] | None = None

    _tz = field_validator("timezone")(_check_timezone)

    @model_validator(mode="after")
    def _birth_date_or_age(self) -> MemberCreate:
        if self.birth_date is None and self.age is None:
            raise ValueError("give birth_date or age")
        if self.birth_date is not None and self.age is not None:
            raise ValueError("give birth_date or age, not both")
        return self


class MemberUpdate(_Strict):
    sex: Sex | None = None
    birth_date: date | None = None
    language: Language | None = None
    timezone: str | None = None
    conditions: list[str] | None = Field(default=None, description="Replaces the member's ICD-10 codes")
    family_doctor_id: RowId | None = None
    care_tier: CareTier | None = None
    business_line: str | None = None
    consent_health_data: bool | None = None
    opt_out_nudges: bool | None = None
    height_cm: Annotated[float | None, Field(ge=40, le=250)] = None
    weight_range_kg: tuple[float, float] | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else _check_timezone(value)


class ConditionOut(BaseModel):
    code: str
    conditions: list[str]


class MedicationOut(BaseModel):
    id: int
    name: str
    drug_class: str
    dose: str | None
    times: list[str]
    start_date: date | None
    stop_date: date | None


class MemberOut(BaseModel):
    id: int
    external_id: str
    sex: Sex
    birth_date: date
    birth_date_estimated: bool
    age: int
    language: Language
    timezone: str
    conditions: list[ConditionOut]
    canonical_conditions: list[str]
    medications: list[MedicationOut]
    family_doctor_id: int | None
    care_tier: str
    business_line: str | None
    consent_health_data: bool
    opt_out_nudges: bool
    height_cm: float | None
    weight_range_kg: tuple[float, float] | None
    created_at: datetime
    updated_at: datetime


class BloodPressureValue(_Strict):
    systolic: float
    diastolic: float


class ObservationIn(_Strict):
    kind: Annotated[str, Field(min_length=1, max_length=32)]
    value: float | dict[str, Any] | None = Field(
        default=None,
        description="A number; {systolic, diastolic} for blood_pressure; attributes for events",
    )
    unit: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    observed_at: datetime | None = Field(
        default=None, description="When measured; naive times are the member's local time. Default: now"
    )


    @field_validator("value", mode="before")
    @classmethod
    def _value_shape(cls, value: Any) -> Any:
        if value is None or isinstance(value, dict):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        raise ValueError(
            "value must be numeric, or an object ({systolic, diastolic} for blood_pressure, attributes for events)"
        )


class ObservationOut(BaseModel):
    id: int
    kind: str
    value: float | None
    systolic: int | None
    diastolic: int | None
    unit: str | None
    attributes: dict[str, Any]
    observed_at: datetime
    source: str
    escalation: dict[str, Any] | None = Field(default=None, description="Set when the reading is a red flag")


class DoseLogIn(_Strict):
    day: date | None = Field(default=None, description="Member-local day of the dose; default today")
    slot: str | None = Field(default=None, description="Scheduled time 'HH:MM' of the dose, if any")
    taken: bool

    @field_validator("slot")
    @classmethod
    def _slot(cls, value: str | None) -> str | None:
        return None if value is None else _check_times([value])[0]


class DoseLogOut(BaseModel):
    id: int
    medication_id: int
    day: date
    slot: str | None
    taken: bool
    source: str
    logged_at: datetime


class MessageOut(BaseModel):
    id: int
    direction: Literal["in", "out"]
    text: str
    channel: str
    role: str | None
    created_at: datetime
    meta: dict[str, Any]


def parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))
