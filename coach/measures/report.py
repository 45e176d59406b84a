"""The measures report the insurer buys the service for: per catalog item, over a period and a
population, eligible members, met, rate, and the item's key indicators where data exists.

How it is computed:

* The period defaults to a calendar year: this year, or the year of the one bound given (`report_period`).
* Every member of the population (all, or one business line and/or care tier) is evaluated
  by the care-gap engine as of the period's last day (or today, if the period has not ended),
  with the report's period as the measurement period. Items a member's business line does not
  offer are skipped for that member.
* eligible = members with a status for the item; rate = met / eligible. Explicitly excluded
  members (e.g. no medication for an adherence item) are counted separately, not in the rate.
* Indicators: each rule marks the catalog indicators it can judge for the member (True or
  False); an indicator's rate is True / (True + False). Indicators no rule could judge (claims
  changes, incidence counts ...) are listed as unavailable.
* nudges_sent / nudges_responded: nudges for the item sent / answered in the period to members
  of the population; escalations: escalations opened in the period by members eligible for the
  item. Period bounds for these timestamps are whole days in `timezone`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coach.care_gaps.engine import evaluate
from coach.care_gaps.loader import iter_member_batches
from coach.care_gaps.models import GapReport, GapStatus, Period
from coach.catalog.models import BUSINESS_LINES, Catalog
from coach.clock import Clock
from coach.db import models as m
from coach.errors import ValidationFailed
from coach.tiers import CareTier

DOSE_LOG_LOOKBACK = timedelta(days=200)
_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class Population:
    business_line: str | None = None
    care_tier: str | None = None

    def __post_init__(self) -> None:
        if self.business_line is not None and self.business_line not in BUSINESS_LINES:
            raise ValidationFailed(f"unknown business line {self.business_line!r}; valid: {', '.join(BUSINESS_LINES)}",
                                   field="business_line")
        tiers = [t.value for t in CareTier]
        if self.care_tier is not None and self.care_tier not in tiers:
            raise ValidationFailed(f"unknown care tier {self.care_tier!r}; valid: {', '.join(tiers)}",
                                   field="care_tier")


# IndicatorMeasure and ItemMeasure are also the API's JSON shape (FastAPI serialises dataclasses), so
# their fields and field order are the response's.
@dataclass(frozen=True)
class IndicatorMeasure:
    code: str
    name_zh: str
    name_en: str
    kind: str
    numerator: int
    denominator: int
    rate: float | None  # numerator / denominator; None with a zero denominator


@dataclass(frozen=True)
class ItemMeasure:
    item: int
    code: str
    title_zh: str
    title_en: str
    eligible: int
    met: int
    due: int
    overdue: int
    excluded: int
    rate: float | None  # met / eligible; None with no one eligible
    indicators: tuple[IndicatorMeasure, ...]
    unavailable_indicators: tuple[str, ...]
    nudges_sent: int
    nudges_responded: int
    escalations: int


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class MeasuresReport:
    period: Period
    as_of: date
    population: Population
    members: int
    items: tuple[ItemMeasure, ...]
    generated_at: datetime


class MeasureAccumulator:
    """Adds up members' gap reports; pure, so it can be fed from any source."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.members = 0
        self.statuses: dict[int, Counter[str]] = {i.number: Counter() for i in catalog.items}
        self.indicators: dict[tuple[int, str], list[int]] = {}  # (item, code) -> [numerator, denominator]
        self.escalations: Counter[int] = Counter()
        self._codes = {i.number: {ind.code for ind in i.indicators} for i in catalog.items}

    def add(self, report: GapReport, escalations: int = 0) -> None:
        self.members += 1
        for result in report.results:
            self.statuses[result.item][result.status.value] += 1
            self.escalations[result.item] += escalations
            for code, value in result.indicators.items():
                if code in self._codes[result.item]:
                    counts = self.indicators.setdefault((result.item, code), [0, 0])
                    counts[0] += int(value)
                    counts[1] += 1
        for excluded in report.excluded:
            self.statuses[excluded.item]["excluded"] += 1

    def finish(
        self, period: Period, as_of: date, population: Population, generated_at: datetime,
        nudges: Mapping[int, tuple[int, int]] | None = None,
    ) -> MeasuresReport:
        nudges = nudges or {}
        items = []
        for item in sorted(self.catalog.items, key=lambda i: i.number):
            counts = self.statuses[item.number]
            measured, unavailable = [], []
            for ind in item.indicators:
                numbers = self.indicators.get((item.number, ind.code))
                if numbers is None:
                    unavailable.append(ind.code)
                else:
                    numerator, denominator = numbers
                    measured.append(IndicatorMeasure(ind.code, ind.name_zh, ind.name_en, ind.kind, numerator,
                                                     denominator, _ratio(numerator, denominator)))
            sent, responded = nudges.get(item.number, (0, 0))
            eligible = sum(counts[s.value] for s in GapStatus)
            items.append(ItemMeasure(
                item.number, item.code, item.title_zh, item.title_en, eligible, counts["met"], counts["due"],
                counts["overdue"], counts["excluded"], _ratio(counts["met"], eligible), tuple(measured),
                tuple(unavailable), sent, responded, self.escalations[item.number],
            ))
        return MeasuresReport(period, as_of, population, self.members, tuple(items), generated_at)


def _bounds(period: Period, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    return (datetime.combine(period.start, time(), zone),
            datetime.combine(period.end + timedelta(days=1), time(), zone))


def _in_population(query: _Query, member_id: object, population: Population) -> _Query:
    if population.business_line is None and population.care_tier is None:
        return query
    query = query.join(m.Member, m.Member.id == member_id)
    if population.business_line is not None:
        query = query.where(m.Member.business_line == population.business_line)
    if population.care_tier is not None:
        query = query.where(m.Member.care_tier == population.care_tier)
    return query


def escalations_by_member(session: Session, period: Period, population: Population, timezone: str) -> dict[int, int]:
    start, end = _bounds(period, timezone)
    query = select(m.Escalation.member_id, func.count()).where(
        m.Escalation.opened_at >= start, m.Escalation.opened_at < end)
    query = _in_population(query, m.Escalation.member_id, population).group_by(m.Escalation.member_id)
    return {member_id: count for member_id, count in session.execute(query)}


def nudges_by_item(
    session: Session, period: Period, population: Population, timezone: str
) -> dict[int, tuple[int, int]]:
    start, end = _bounds(period, timezone)
    result: dict[int, tuple[int, int]] = {}
    for column in (m.Nudge.sent_at, m.Nudge.responded_at):
        query = select(m.Nudge.item, func.count()).where(m.Nudge.item.is_not(None), column >= start, column < end)
        query = _in_population(query, m.Nudge.member_id, population).group_by(m.Nudge.item)
        for item, count in session.execute(query):
            if item is None:
                continue
            sent, responded = result.get(item, (0, 0))
            result[item] = (count, responded) if column is m.Nudge.sent_at else (sent, count)
    return result


def report_period(start: date | None, end: date | None, today: date) -> Period:
    """The period from optional bounds: a calendar year (today's, or the year of the bound given) by default."""
    end = end or (date(start.year, 12, 31) if start else date(today.year, 12, 31))
    start = start or date(end.year, 1, 1)
    if end < start:
        raise ValidationFailed(f"end {end} is before start {start}", field="end")
    return Period(start, end)


def measures_report_between(
    session: Session, catalog: Catalog, clock: Clock, start: date | None, end: date | None,
    population: Population, *, timezone: str,
) -> MeasuresReport:
    """The report for optional period bounds (see `report_period`), "today" being the day in `timezone`."""
    period = report_period(start, end, clock.now().astimezone(ZoneInfo(timezone)).date())
    return build_measures_report(session, catalog, clock, period, population, timezone=timezone)


def build_measures_report(
    session: Session,
    catalog: Catalog,
    clock: Clock,
    period: Period,
    population: Population | None = None,
    *,
    timezone: str = "Asia/Shanghai",
    batch_size: int = 1000,
) -> MeasuresReport:
    population = population or Population()
    now = clock.now()
    today = now.astimezone(ZoneInfo(timezone)).date()
    if period.start > today:
        raise ValidationFailed(f"the period starts in the future ({period.start})", field="start")
    as_of = min(period.end, today)
    escalations = escalations_by_member(session, period, population, timezone)
    accumulator = MeasureAccumulator(catalog)
    for batch in iter_member_batches(session, now, batch_size=batch_size, business_line=population.business_line,
                                     care_tier=population.care_tier,
                                     dose_logs_since=min(period.start, as_of - DOSE_LOG_LOOKBACK)):
        for loaded in batch:
            report = evaluate(catalog, loaded.snapshot, as_of, period=period, business_line=loaded.business_line)
            accumulator.add(report, escalations.get(loaded.snapshot.member_id, 0))
    nudges = nudges_by_item(session, period, population, timezone)
    return accumulator.finish(period, as_of, population, now, nudges)
