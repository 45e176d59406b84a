"""Typed model of knowledge/catalog.yaml: the 42-item value-based health-management catalog.

Names used by target rules and coach plans are checked against the shared vocabulary
(coach.members.vocabulary) so a typo in the YAML fails at load time, not at runtime.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coach.members.vocabulary import OBSERVATION_KINDS, Condition, DrugClass, ObservationCategory
from coach.triage.models import REASON_CODES


class Group(StrEnum):
    HEALTH_PROMOTION = "health_promotion"
    DISEASE_PREVENTION = "disease_prevention"
    CHRONIC_DISEASE = "chronic_disease"
    REHABILITATION_CARE = "rehabilitation_care"
    CASE_MANAGEMENT = "case_management"


GROUP_RANGES: dict[Group, range] = {
    Group.HEALTH_PROMOTION: range(1, 6),
    Group.DISEASE_PREVENTION: range(6, 14),
    Group.CHRONIC_DISEASE: range(14, 37),
    Group.REHABILITATION_CARE: range(37, 42),
    Group.CASE_MANAGEMENT: range(42, 43),
}
ITEM_COUNT = 42

BUSINESS_LINES: tuple[str, ...] = (
    "critical_illness",
    "supplementary_medical",
    "group_medical",
    "high_end_medical",
    "million_medical",
    "tax_advantaged",
    "huiminbao",
)

# The catalog's red flags are the triage engine's reason codes: one list, owned by triage.
RED_FLAGS: tuple[str, ...] = REASON_CODES

IndicatorKind = Literal["rate", "pdc", "control", "count", "change"]
ReminderKind = Literal["screening", "test", "medication", "measurement", "education", "follow_up", "none"]
Role = Literal["coach", "dietitian", "pharmacist"]
Sex = Literal["M", "F"]

_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_ICD_PREFIX_RE = re.compile(r"^[A-Z][0-9][0-9A-Z.]*$")


def _member_of(allowed: tuple[str, ...] | frozenset[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}")
        return value

    return AfterValidator(check)


ConditionName = Annotated[str, _member_of(frozenset(c.value for c in Condition), "condition")]
DrugClassName = Annotated[str, _member_of(frozenset(d.value for d in DrugClass), "drug class")]
ObservationKindName = Annotated[str, _member_of(frozenset(OBSERVATION_KINDS), "observation kind")]
BusinessLine = Annotated[str, _member_of(BUSINESS_LINES, "business line")]
RedFlag = Annotated[str, _member_of(RED_FLAGS, "red flag")]
NonEmptyText = Annotated[str, Field(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AgeRange(_Frozen):
    """Whole years on the as-of date, both bounds inclusive."""

    min: int | None = Field(default=None, ge=0, le=130)
    max: int | None = Field(default=None, ge=0, le=130)

    @model_validator(mode="after")
    def _bounds(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("age needs min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"age min {self.min} is above max {self.max}")
        return self


class EventWindow(_Frozen):
    kind: ObservationKindName
    within_days: int = Field(ge=1, le=3660)
    diagnosis_prefixes: tuple[str, ...] = ()

    @field_validator("kind")
    @classmethod
    def _is_event(cls, value: str) -> str:
        if OBSERVATION_KINDS[value].category is not ObservationCategory.EVENT:
            raise ValueError(f"{value!r} is a measurement, not an event")
        return value

    @field_validator("diagnosis_prefixes")
    @classmethod
    def _icd_prefixes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for prefix in value:
            if not _ICD_PREFIX_RE.match(prefix):
                raise ValueError(f"{prefix!r} is not an ICD-10 code prefix")
        return value


class MeasurementThreshold(_Frozen):
    kind: ObservationKindName
    value: float

    @field_validator("kind")
    @classmethod
    def _is_measurement(cls, value: str) -> str:
        if OBSERVATION_KINDS[value].category is not ObservationCategory.MEASUREMENT:
            raise ValueError(f"{value!r} is an event, not a measurement")
        return value


class TargetRule(_Frozen):
    """Who an item is for. Every clause present must hold; `any_of` needs one sub-rule to hold."""

    age: AgeRange | None = None
    sex: Sex | None = None
    conditions_any: tuple[ConditionName, ...] = ()
    conditions_all: tuple[ConditionName, ...] = ()
    conditions_none: tuple[ConditionName, ...] = ()
    medications_any: tuple[DrugClassName, ...] = ()
    events_any: tuple[EventWindow, ...] = ()
    measurement_at_least: MeasurementThreshold | None = None
    everyone: bool = False
    any_of: tuple[TargetRule, ...] = ()
    all_of: tuple[TargetRule, ...] = ()

    @model_validator(mode="after")
    def _shape(self) -> TargetRule:
        clauses = [name for name in type(self).model_fields if name != "everyone" and getattr(self, name)]
        if self.everyone and clauses:
            raise ValueError(f"everyone: true cannot be combined with {', '.join(clauses)}")
        if not self.everyone and not clauses:
            # An empty rule would silently match every member; say so explicitly instead.
            raise ValueError("rule has no clauses (use everyone: true to target all members)")
        if len(self.any_of) == 1:
            raise ValueError("any_of needs at least two alternatives")
        return self


class Indicator(_Frozen):
    code: str
    name_zh: NonEmptyText
    name_en: NonEmptyText
    kind: IndicatorKind

    @field_validator("code")
    @classmethod
    def _snake(cls, value: str) -> str:
        if not _SNAKE_RE.match(value):
            raise ValueError(f"indicator code {value!r} is not lower_snake_case")
        return value


class ReminderPlan(_Frozen):
    kind: ReminderKind
    cadence_days: int | None = Field(default=None, ge=1, le=3660)
    lead_days: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> ReminderPlan:
        if self.kind == "none" and self.cadence_days is not None:
            raise ValueError("reminder kind none cannot have cadence_days")
        if self.cadence_days is not None and self.lead_days >= self.cadence_days:
            raise ValueError("lead_days must be shorter than cadence_days")
        return self


class CoachPlan(_Frozen):
    reminder: ReminderPlan
    tracks: tuple[ObservationKindName, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    roles: tuple[Role, ...] = Field(min_length=1)


class CatalogItem(_Frozen):
    number: int = Field(ge=1, le=ITEM_COUNT)
    code: str
    group: Group
    title_zh: NonEmptyText
    title_en: NonEmptyText
    business_lines: tuple[BusinessLine, ...] = Field(min_length=1)
    priority_lines: tuple[BusinessLine, ...] = ()
    definition_zh: NonEmptyText
    definition_en: NonEmptyText
    target: TargetRule
    target_text_zh: NonEmptyText
    target_text_en: NonEmptyText
    actions_zh: tuple[NonEmptyText, ...] = Field(min_length=2, max_length=5)
    actions_en: tuple[NonEmptyText, ...] = Field(min_length=2, max_length=5)
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    coach: CoachPlan
    keywords_zh: tuple[NonEmptyText, ...] = Field(min_length=5, max_length=12)
    keywords_en: tuple[NonEmptyText, ...] = Field(min_length=5, max_length=12)
    source: NonEmptyText

    @field_validator("code")
    @classmethod
    def _upper_snake(cls, value: str) -> str:
        if not _CODE_RE.match(value):
            raise ValueError(f"code {value!r} is not UPPER_SNAKE_CASE")
        return value

    @field_validator("group")
    @classmethod
    def _group_range(cls, value: Group, info: ValidationInfo) -> Group:
        number = info.data.get("number")
        if isinstance(number, int) and number not in GROUP_RANGES[value]:
            span = GROUP_RANGES[value]
            raise ValueError(f"group {value.value} covers items {span.start}-{span.stop - 1}, not {number}")
        return value

    @field_validator("priority_lines")
    @classmethod
    def _priority_subset(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        lines = info.data.get("business_lines")
        if lines is not None:
            extra = [line for line in value if line not in lines]
            if extra:
                raise ValueError(f"priority lines {extra} are not among the item's business_lines")
        return value

    @field_validator("actions_en")
    @classmethod
    def _actions_paired(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        zh = info.data.get("actions_zh")
        if zh is not None and len(zh) != len(value):
            raise ValueError(f"{len(value)} English actions but {len(zh)} Chinese ones")
        return value

    @field_validator("indicators")
    @classmethod
    def _indicator_codes_unique(cls, value: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        codes = [i.code for i in value]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator codes {dupes}")
        return value


class Catalog(_Frozen):
    version: Literal[1]
    source: NonEmptyText
    business_lines: dict[BusinessLine, NonEmptyText]
    items: tuple[CatalogItem, ...]

    @field_validator("business_lines")
    @classmethod
    def _all_lines(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [line for line in BUSINESS_LINES if line not in value]
        if missing:
            raise ValueError(f"missing business lines {missing}")
        return value

    @field_validator("items")
    @classmethod
    def _numbering(cls, value: tuple[CatalogItem, ...]) -> tuple[CatalogItem, ...]:
        for attr in ("number", "code"):
            seen: dict[object, str] = {}
            for entry in value:
                key = getattr(entry, attr)
                if key in seen:
                    raise ValueError(f"{attr} {key} is used by more than one item ({seen[key]}, {entry.code})")
                seen[key] = entry.code
        missing = sorted(set(range(1, ITEM_COUNT + 1)) - {i.number for i in value})
        if missing:
            raise ValueError(f"number {missing} missing (items must be numbered 1-{ITEM_COUNT})")
        return value

    def item(self, number: int) -> CatalogItem:
        for entry in self.items:
            if entry.number == number:
                return entry
        raise KeyError(f"no catalog item number {number}")

    def by_code(self, code: str) -> CatalogItem:
        for entry in self.items:
            if entry.code == code:
                return entry
        raise KeyError(f"no catalog item code {code!r}")

    def by_group(self) -> dict[Group, tuple[CatalogItem, ...]]:
        ordered = sorted(self.items, key=lambda i: i.number)
        return {g: tuple(i for i in ordered if i.group is g) for g in Group}
