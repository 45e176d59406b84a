"""Value types of the care-gap engine: a status per eligible catalog item, or an explicit exclusion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class GapStatus(StrEnum):
    MET = "met"  # the requirement is satisfied for the current period
    DUE = "due"  # not yet satisfied, but the due date has not passed (or there is no data yet)
    OVERDUE = "overdue"  # the due date has passed


SEVERITY: dict[GapStatus, int] = {GapStatus.MET: 0, GapStatus.DUE: 1, GapStatus.OVERDUE: 2}


@dataclass(frozen=True)
class Text:
    """One short sentence a member can read, in both service languages."""

    zh: str
    en: str

    def pick(self, language: str) -> str:
        return self.en if language == "en" else self.zh


@dataclass(frozen=True)
class Period:
    """The measurement period, both ends inclusive. By default the calendar year of the as-of date."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")

    @classmethod
    def year_of(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year, 12, 31))


@dataclass(frozen=True)
class Outcome:
    """What a rule decides for one member and item; the engine attaches the item."""

    status: GapStatus
    due_date: date | None
    reason: Text
    evidence: tuple[str, ...] = ()
    # Catalog indicator code -> whether this member counts towards it (absent = no data).
    indicators: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Exclusion:
    """The member is in the item's target population but the rule cannot apply (said why, for staff)."""

    reason: str


@dataclass(frozen=True)
class GapResult:
    item: int
    code: str
    title_zh: str
    title_en: str
    status: GapStatus
    due_date: date | None
    reason_zh: str
    reason_en: str
    evidence: tuple[str, ...] = ()
    indicators: Mapping[str, bool] = field(default_factory=dict)

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_zh

    def reason(self, language: str) -> str:
        return self.reason_en if language == "en" else self.reason_zh


@dataclass(frozen=True)
class ExcludedItem:
    item: int
    code: str
    reason: str


@dataclass(frozen=True)
class GapReport:
    member_id: int
    as_of: date
    period: Period
    results: tuple[GapResult, ...]
    excluded: tuple[ExcludedItem, ...]
