"""Control targets from the latest value in the measurement period (HEDIS GSD / CBP style).

* HbA1c (item 15): the most recent HbA1c in the period must be below 8.0 % (8.0 itself is
  not controlled). No result in the period is `due` by the end of the period and counts as
  not controlled (and as "poor control" for the inverse > 9.0 % indicator), as in HEDIS.
* Blood pressure (items 18, 20): the most recent day with a reading in the period; when
  several readings share that day the lowest systolic and the lowest diastolic are taken
  (HEDIS "representative BP"). Controlled means systolic < 140 and diastolic < 90.
* Above target: `due` by the recheck date (HbA1c 90 days, BP 28 days after the reading),
  `overdue` once that recheck date has passed without a newer reading.
* On target: `met`; the due date is the next reading the coach plan asks for (the catalog
  item's reminder cadence after the reading).
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.care_gaps.context import RuleContext, iso, outcome
from coach.care_gaps.models import GapStatus, Outcome

HBA1C_TARGET = 8.0
HBA1C_POOR = 9.0
HBA1C_RECHECK_DAYS = 90
BP_TARGET = (140, 90)
BP_RECHECK_DAYS = 28


def _next_reading(ctx: RuleContext, day: date, default_days: int) -> date:
    return day + timedelta(days=ctx.cadence_days or default_days)


def _recheck_status(ctx: RuleContext, recheck: date) -> GapStatus:
    return GapStatus.OVERDUE if recheck < ctx.as_of else GapStatus.DUE


def hba1c_control(ctx: RuleContext) -> Outcome:
    readings = [e for e in ctx.history.between(ctx.period.start, ctx.as_of, "hba1c") if e[1].value is not None]
    if not readings:
        return outcome(GapStatus.DUE, ctx.period.end, "今年还没有糖化血红蛋白（HbA1c）结果",
                       "No HbA1c result yet this year",
                       indicators={"hba1c_controlled": False, "hba1c_poor": True})
    day, record = readings[-1]
    value = record.value
    assert value is not None
    evidence = f"hba1c {value:g}% {iso(day)}"
    indicators = {"hba1c_controlled": value < HBA1C_TARGET, "hba1c_poor": value > HBA1C_POOR}
    if value < HBA1C_TARGET:
        return outcome(GapStatus.MET, _next_reading(ctx, day, HBA1C_RECHECK_DAYS),
                       f"最近一次糖化血红蛋白{value:.1f}%（{iso(day)}），已达标（低于8.0%）",
                       f"Latest HbA1c {value:.1f}% ({iso(day)}) is on target (below 8.0%)",
                       evidence, indicators=indicators)
    recheck = day + timedelta(days=HBA1C_RECHECK_DAYS)
    status = _recheck_status(ctx, recheck)
    when_zh = "复查已过期" if status is GapStatus.OVERDUE else f"请在{iso(recheck)}前复查"
    when_en = "the recheck is overdue" if status is GapStatus.OVERDUE else f"recheck by {iso(recheck)}"
    return outcome(status, recheck, f"最近一次糖化血红蛋白{value:.1f}%，高于目标8.0%，{when_zh}",
                   f"Latest HbA1c {value:.1f}% is above the 8.0% target; {when_en}", evidence, indicators=indicators)


def latest_bp(ctx: RuleContext) -> tuple[date, int, int] | None:
    """The representative reading of the most recent day with a BP reading in the period."""
    readings = [
        (day, r.systolic, r.diastolic)
        for day, r in ctx.history.between(ctx.period.start, ctx.as_of, "blood_pressure")
        if r.systolic is not None and r.diastolic is not None
    ]
    if not readings:
        return None
    last_day = readings[-1][0]
    same_day = [(s, d) for day, s, d in readings if day == last_day]
    return last_day, min(s for s, _ in same_day), min(d for _, d in same_day)


def bp_control(ctx: RuleContext) -> Outcome:
    latest = latest_bp(ctx)
    if latest is None:
        return outcome(GapStatus.DUE, ctx.period.end, "今年还没有血压记录", "No blood pressure reading yet this year",
                       indicators={"bp_check_rate": False, "bp_controlled_rate": False})
    day, systolic, diastolic = latest
    controlled = systolic < BP_TARGET[0] and diastolic < BP_TARGET[1]
    evidence = f"blood_pressure {systolic}/{diastolic} {iso(day)}"
    indicators = {"bp_check_rate": True, "bp_controlled_rate": controlled}
    if controlled:
        return outcome(GapStatus.MET, _next_reading(ctx, day, 7),
                       f"最近一次血压{systolic}/{diastolic} mmHg（{iso(day)}），已达标（低于140/90）",
                       f"Latest blood pressure {systolic}/{diastolic} mmHg ({iso(day)}) is on target (below 140/90)",
                       evidence, indicators=indicators)
    recheck = day + timedelta(days=BP_RECHECK_DAYS)
    status = _recheck_status(ctx, recheck)
    when_zh = "复测已过期" if status is GapStatus.OVERDUE else f"请在{iso(recheck)}前复测"
    when_en = "the recheck is overdue" if status is GapStatus.OVERDUE else f"recheck by {iso(recheck)}"
    return outcome(status, recheck, f"最近一次血压{systolic}/{diastolic} mmHg，高于目标140/90，{when_zh}",
                   f"Latest blood pressure {systolic}/{diastolic} mmHg is above the 140/90 target; {when_en}",
                   evidence, indicators=indicators)
