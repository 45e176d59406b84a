"""Care gaps of one member, and the measures report (JSON or CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from api.deps import ClockDep, IdPath, MemberStoreDep, SessionDep, SettingsDep
from coach.care_gaps import compute_gaps
from coach.catalog import load_catalog
from coach.errors import ValidationFailed
from coach.measures import ItemMeasure, MeasuresReport, Population, to_csv
from coach.measures.report import measures_report_between
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


class MeasuresOut(BaseModel):
    period_start: date
    period_end: date
    as_of: date
    business_line: str | None
    care_tier: str | None
    members: int
    generated_at: datetime
    items: list[ItemMeasure]


@dataclass(frozen=True)
class MeasuresQuery:
    """The query parameters both measures routes take (FastAPI reads them from these fields)."""

    start: date | None = None
    end: date | None = None
    business_line: str | None = None
    care_tier: str | None = None


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


def _report(session: SessionDep, clock: ClockDep, settings: SettingsDep, query: MeasuresQuery) -> MeasuresReport:
    population = Population(business_line=query.business_line, care_tier=query.care_tier)
    return measures_report_between(session, load_catalog(), clock, query.start, query.end, population,
                                   timezone=settings.default_timezone)


def _csv(report: MeasuresReport) -> Response:
    name = f"measures-{report.period.start}-{report.period.end}.csv"
    # A byte-order mark so spreadsheet programs read the Chinese titles as UTF-8.
    return Response(content="\ufeff" + to_csv(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _json(report: MeasuresReport) -> MeasuresOut:
    return MeasuresOut(
        period_start=report.period.start, period_end=report.period.end, as_of=report.as_of,
        business_line=report.population.business_line, care_tier=report.population.care_tier,
        members=report.members, generated_at=report.generated_at, items=list(report.items),
    )


@router.get("/v1/reports/measures", response_model=MeasuresOut,
            responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}})
def measures(
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    query: Annotated[MeasuresQuery, Depends()],
    fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> MeasuresOut | Response:
    report = _report(session, clock, settings, query)
    return _csv(report) if fmt == "csv" else _json(report)


@router.get("/v1/reports/measures.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The measures report as CSV"}})
def measures_csv(
    session: SessionDep, clock: ClockDep, settings: SettingsDep, query: Annotated[MeasuresQuery, Depends()]
) -> Response:
    return _csv(_report(session, clock, settings, query))
