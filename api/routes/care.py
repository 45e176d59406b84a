"""Care gaps of one member, and the measures report (JSON or CSV)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from api.deps import ClockDep, IdPath, MemberStoreDep, SessionDep, SettingsDep
from coach.care_gaps import Period, compute_gaps
from coach.catalog import load_catalog
from coach.errors import ValidationFailed
from coach.measures import MeasuresReport, Population, build_measures_report, to_csv
from coach.members.loading import load_snapshot
from coach.members.store import local_today

router = APIRouter(tags=["care"])
AS_OF_RANGE = timedelta(days=366)


class CareGapOut(BaseModel):
    item: int
    code: str
    title: str
    status: Literal["due", "overdue", "met"]
    due_date: date | None
    reason: str


class IndicatorOut(BaseModel):
    code: str
    name_zh: str
    name_en: str
    kind: str
    numerator: int
    denominator: int
    rate: float | None


class ItemMeasureOut(BaseModel):
    item: int
    code: str
    title_zh: str
    title_en: str
    eligible: int
    met: int
    due: int
    overdue: int
    excluded: int
    rate: float | None
    indicators: list[IndicatorOut]
    unavailable_indicators: list[str]
    nudges_sent: int
    nudges_responded: int
    escalations: int


class MeasuresOut(BaseModel):
    period_start: date
    period_end: date
    as_of: date
    business_line: str | None
    care_tier: str | None
    members: int
    generated_at: datetime
    items: list[ItemMeasureOut]


@router.get("/v1/members/{member_id}/care-gaps", response_model=list[CareGapOut])
def care_gaps(
    member_id: IdPath,
    store: MemberStoreDep,
    session: SessionDep,
    clock: ClockDep,
    as_of: Annotated[date | None, Query(description="Member-local day; default today")] = None,
) -> list[CareGapOut]:
    member = store.get(member_id)
    now = clock.now()
    today = local_today(now, member.timezone)
    as_of = as_of or today
    if abs((as_of - today).days) > AS_OF_RANGE.days:
        raise ValidationFailed(f"as_of must be within {AS_OF_RANGE.days} days of today ({today})", field="as_of")
    if as_of < member.birth_date:
        raise ValidationFailed("as_of is before the member's birth date", field="as_of")
    snapshot = load_snapshot(session, member, now)
    results = compute_gaps(load_catalog(), snapshot, as_of, business_line=member.business_line)
    return [
        CareGapOut(item=r.item, code=r.code, title=r.title(member.language), status=r.status.value,
                   due_date=r.due_date, reason=r.reason(member.language))
        for r in results
    ]


def _period(start: date | None, end: date | None, today: date) -> Period:
    end = end or (date(start.year, 12, 31) if start else date(today.year, 12, 31))
    start = start or date(end.year, 1, 1)
    if end < start:
        raise ValidationFailed(f"end {end} is before start {start}", field="end")
    return Period(start, end)


def _report(
    session: SessionDep, clock: ClockDep, settings: SettingsDep, start: date | None, end: date | None,
    business_line: str | None, care_tier: str | None,
) -> MeasuresReport:
    timezone = settings.default_timezone
    period = _period(start, end, clock.now().astimezone(ZoneInfo(timezone)).date())
    population = Population(business_line=business_line, care_tier=care_tier)
    return build_measures_report(session, load_catalog(), clock, period, population, timezone=timezone)


def _csv(report: MeasuresReport) -> Response:
    name = f"measures-{report.period.start}-{report.period.end}.csv"
    # A byte-order mark so spreadsheet programs read the Chinese titles as UTF-8.
    return Response(content="\ufeff" + to_csv(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _json(report: MeasuresReport) -> MeasuresOut:
    return MeasuresOut(
        period_start=report.period.start, period_end=report.period.end, as_of=report.as_of,
        business_line=report.population.business_line, care_tier=report.population.care_tier,
        members=report.members, generated_at=report.generated_at,
        items=[
            ItemMeasureOut(
                item=i.item, code=i.code, title_zh=i.title_zh, title_en=i.title_en, eligible=i.eligible, met=i.met,
                due=i.due, overdue=i.overdue, excluded=i.excluded, rate=i.rate,
                indicators=[IndicatorOut(code=x.code, name_zh=x.name_zh, name_en=x.name_en, kind=x.kind,
                                         numerator=x.numerator, denominator=x.denominator, rate=x.rate)
                            for x in i.indicators],
                unavailable_indicators=list(i.unavailable_indicators), nudges_sent=i.nudges_sent,
                nudges_responded=i.nudges_responded, escalations=i.escalations,
            )
            for i in report.items
        ],
    )


@router.get("/v1/reports/measures", response_model=MeasuresOut,
            responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}})
def measures(
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    start: date | None = None,
    end: date | None = None,
    business_line: str | None = None,
    care_tier: str | None = None,
    fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> MeasuresOut | Response:
    report = _report(session, clock, settings, start, end, business_line, care_tier)
    return _csv(report) if fmt == "csv" else _json(report)


@router.get("/v1/reports/measures.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The measures report as CSV"}})
def measures_csv(
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    start: date | None = None,
    end: date | None = None,
    business_line: str | None = None,
    care_tier: str | None = None,
) -> Response:
    return _csv(_report(session, clock, settings, start, end, business_line, care_tier))
