"""Calendar arithmetic and a per-member view of observations by member-local day.

Intervals are calendar months: "12 months after 2025-03-31" is 2026-03-31, and a date that
does not exist in the target month falls back to that month's last day (2024-02-29 + 12
months = 2025-02-28). A requirement due on day D is still met on D itself.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.members.snapshot import MemberSnapshot, ObservationRecord

NEGATIVE_RESULTS = frozenset({"negative", "normal", "no_retinopathy", "阴性", "正常", "未见异常"})
ABNORMAL_RESULTS = frozenset({"abnormal", "positive", "阳性", "异常"})


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def birthday(birth: date, age: int) -> date:
    """The first day on which someone born on `birth` is `age` years old (29 Feb -> 1 Mar)."""
    try:
        day = birth.replace(year=birth.year + age)
    except ValueError:  # 29 February in a common year
        day = date(birth.year + age, 3, 1)
    return day


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_day(moment: datetime, timezone: str) -> date:
    zone = _zone(timezone)
    if moment.tzinfo is None or zone is None:
        return moment.date()
    return moment.astimezone(zone).date()


def result_flag(record: ObservationRecord) -> bool | None:
    """True when an event's recorded result is abnormal, False when normal, None when unknown."""
    result = record.attributes.get("result", "").strip().lower()
    if result in ABNORMAL_RESULTS:
        return True
    if result in NEGATIVE_RESULTS:
        return False
    return None


Dated = tuple[date, ObservationRecord]


class History:
    """A member's observations up to and including the as-of day, grouped by kind, oldest first."""

    def __init__(self, member: MemberSnapshot, as_of: date) -> None:
        self.member = member
        self.as_of = as_of
        by_kind: dict[str, list[Dated]] = {}
        for record in member.observations:
            day = local_day(record.observed_at, member.timezone)
            if day <= as_of:
                by_kind.setdefault(record.kind, []).append((day, record))
        for entries in by_kind.values():
            entries.sort(key=lambda entry: (entry[0], entry[1].observed_at))
        self._by_kind = by_kind

    def of(self, *kinds: str) -> list[Dated]:
        if len(kinds) == 1:
            return self._by_kind.get(kinds[0], [])
        merged = [entry for kind in kinds for entry in self._by_kind.get(kind, [])]
        merged.sort(key=lambda entry: (entry[0], entry[1].observed_at))
        return merged

    def last(self, *kinds: str) -> Dated | None:
        found = [self._by_kind[k][-1] for k in kinds if self._by_kind.get(k)]
        return max(found, key=lambda entry: (entry[0], entry[1].observed_at)) if found else None

    def between(self, start: date, end: date, *kinds: str) -> list[Dated]:
        return [entry for entry in self.of(*kinds) if start <= entry[0] <= end]

    def has(self, *kinds: str) -> bool:
        return any(self._by_kind.get(k) for k in kinds)

