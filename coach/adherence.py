"""Proportion of days covered (PDC) and related counts from dose logs: the one adherence definition.

Rule (documented here because every adherence item, the measures report and the reminder
planner's adherence coaching rely on it):

* Denominator: the days of [start, end] on which at least one medication of the drug classes
  measured (an item's; all the member's for the planner) is prescribed (on or after its
  start_date, on or before its stop_date; an unknown start date means "since the start of the
  period"). Days before the first prescription do not count, so a medication started in June
  is measured from June.
* Numerator: denominator days that are *covered*: at least one dose of those classes was
  logged for the day and every dose logged for that day was taken (`taken=True`). A day
  with no log is not covered (there is no evidence the member took it); a day with one
  missed dose is not covered even if another dose was taken.
* PDC = covered / denominator; adherent means PDC >= 80 %, compared in integers
  (5 * covered >= 4 * days) so 80 % exactly counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot

Interval = tuple[date, date]


@dataclass(frozen=True)
class Coverage:
    first_day: date
    last_day: date
    days: int  # prescribed days in the window (denominator)
    covered: int  # covered days (numerator)
    logged_days: int  # prescribed days with at least one dose log

    @property
    def ratio(self) -> float:
        return self.covered / self.days if self.days else 0.0

    @property
    def adherent(self) -> bool:
        return self.days > 0 and 5 * self.covered >= 4 * self.days

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so 79.9 % never shows as 80 %."""
        return (100 * self.covered) // self.days if self.days else 0


def prescribed_intervals(medications: Iterable[MedicationRecord], start: date, end: date) -> list[Interval]:
    """Merged, sorted day intervals within [start, end] on which any of the medications is prescribed."""
    spans = []
    for med in medications:
        first = max(start, med.start_date) if med.start_date is not None else start
        last = min(end, med.stop_date) if med.stop_date is not None else end
        if first <= last:
            spans.append((first, last))
    spans.sort()
    merged: list[Interval] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def count_days(intervals: Iterable[Interval]) -> int:
    return sum((last - first).days + 1 for first, last in intervals)


def _inside(intervals: list[Interval], day: date) -> bool:
    return any(first <= day <= last for first, last in intervals)


def day_flags(logs: Iterable[DoseLogRecord], classes: tuple[str, ...], first: date, last: date) -> dict[date, bool]:
    """Per logged day in [first, last]: True when every logged dose of those classes was taken."""
    flags: dict[date, bool] = {}
    for log in logs:
        if log.drug_class in classes and first <= log.day <= last:
            flags[log.day] = flags.get(log.day, True) and log.taken
    return flags


def proportion_of_days_covered(
    member: MemberSnapshot, classes: tuple[str, ...], start: date, end: date
) -> Coverage | None:
    """PDC over [start, end]; None when no medication of the classes is prescribed in that window."""
    intervals = prescribed_intervals((m for m in member.medications if m.drug_class in classes), start, end)
    if not intervals:
        return None
    flags = day_flags(member.dose_logs, classes, intervals[0][0], end)
    logged = [ok for day, ok in flags.items() if _inside(intervals, day)]
    return Coverage(intervals[0][0], end, count_days(intervals), sum(logged), len(logged))


def remaining_prescribed_days(member: MemberSnapshot, classes: tuple[str, ...], after: date, until: date) -> int:
    """Prescribed days in (after, until]: what is still left of the period to be covered."""
    if until <= after:
        return 0
    meds = (m for m in member.medications if m.drug_class in classes)
    return count_days(prescribed_intervals(meds, after + timedelta(days=1), until))


def covered_days(member: MemberSnapshot, classes: tuple[str, ...], first: date, last: date) -> int:
    """Days in [first, last] whose logged doses of the classes were all taken (no prescription needed)."""
    return sum(day_flags(member.dose_logs, classes, first, last).values())


def taken_doses(member: MemberSnapshot, classes: tuple[str, ...], first: date, last: date) -> int:
    return sum(1 for log in member.dose_logs if log.drug_class in classes and log.taken and first <= log.day <= last)


def needed_days(covered: int, total: int, share_num: int = 4, share_den: int = 5) -> int:
    """More covered days needed so that covered / total reaches share_num / share_den (integer maths)."""
    return max(0, -(-share_num * total // share_den) - covered)
