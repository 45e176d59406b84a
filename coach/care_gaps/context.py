"""What every rule gets: the member, the as-of day, the measurement period and the catalog item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.care_gaps.dates import History
from coach.care_gaps.models import Exclusion, GapStatus, Outcome, Period, Text
from coach.catalog.models import CatalogItem
from coach.members.snapshot import MedicationRecord, MemberSnapshot


@dataclass(frozen=True)
class RuleContext:
    member: MemberSnapshot
    as_of: date
    period: Period
    item: CatalogItem
    history: History

    @property
    def cadence_days(self) -> int | None:
        return self.item.coach.reminder.cadence_days

    def medications(self, classes: tuple[str, ...]) -> list[MedicationRecord]:
        return [m for m in self.member.medications if m.drug_class in classes]


RuleResult = Outcome | Exclusion


def outcome(
    status: GapStatus,
    due_date: date | None,
    zh: str,
    en: str,
    *evidence: str,
    indicators: dict[str, bool] | None = None,
) -> Outcome:
    return Outcome(status, due_date, Text(zh, en), tuple(evidence), indicators or {})


def active_between(medication: MedicationRecord, first: date, last: date) -> bool:
    """Whether the medication was prescribed on at least one day of [first, last]."""
    if medication.start_date is not None and medication.start_date > last:
        return False
    return not (medication.stop_date is not None and medication.stop_date < first)


def iso(day: date) -> str:
    return day.isoformat()


def with_indicators(result: RuleResult, extra: dict[str, bool]) -> RuleResult:
    """The same result with more catalog indicators (an exclusion stays as it is)."""
    if isinstance(result, Exclusion):
        return result
    return Outcome(result.status, result.due_date, result.reason, result.evidence, {**result.indicators, **extra})
