"""Self-tracking rules: activity and weight logging (1, 2) and heart-failure weight management (31).

* Logging items (1, 2) are not clinical gaps; they are reported from a simple logged
  activity so the coach knows whom to nudge: `met` when one of the item's tracked kinds was
  logged within the catalog reminder cadence (7 days), otherwise `due` today. They are never
  `overdue` (nothing clinical has been missed).
* Heart-failure weight (31): rolling 30-day window ending on the as-of day. A day counts when
  the member logged a weight inside their own target range (member.weight_range_kg, both ends
  inclusive). `met` when >= 80 % of the 30 days count (24 days). Otherwise `overdue` if no
  weight was logged in the last 3 days (a 2 kg gain in 3 days is the usual warning sign, so a
  3-day gap can hide it), else `due` today. No target range set: `due`, asking the care team
  to set one.
"""

from __future__ import annotations

from datetime import timedelta

from coach.care_gaps.context import RuleContext, RuleResult, iso, outcome
from coach.care_gaps.models import GapStatus, Outcome, Text

MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE
HF_WINDOW_DAYS = 30
HF_REQUIRED_DAYS = 24  # 80 % of 30
HF_GAP_DAYS = 3
STEPS_GOAL = 6000  # daily steps, Chinese physical activity guideline
BMI_RANGE = (18.5, 24.0)  # Chinese adult healthy BMI, upper bound exclusive


def logging_rule(ctx: RuleContext, kinds: tuple[str, ...], what: Text) -> Outcome:
    cadence = ctx.cadence_days or 7
    last = ctx.history.last(*kinds)
    if last is not None and (ctx.as_of - last[0]).days < cadence:
        next_log = last[0] + timedelta(days=cadence)
        return outcome(MET, next_log, f"最近{cadence}天已记录{what.zh}", f"You logged your {what.en} in the last "
                       f"{cadence} days", f"{last[1].kind} {iso(last[0])}")
    evidence = [f"{last[1].kind} {iso(last[0])}"] if last else []
    return outcome(DUE, ctx.as_of, f"最近{cadence}天还没有记录{what.zh}，今天记一下吧",
                   f"No {what.en} logged in the last {cadence} days; log it today", *evidence)


def _bmi_values(ctx: RuleContext) -> list[float]:
    entries = ctx.history.between(ctx.period.start, ctx.as_of, "bmi")
    return [r.value for _, r in entries if r.value is not None]


def exercise(ctx: RuleContext) -> RuleResult:
    result = logging_rule(ctx, ("steps",), Text("步数", "steps"))
    steps = [r.value for _, r in ctx.history.between(ctx.period.start, ctx.as_of, "steps") if r.value is not None]
    indicators = {"activity_logging_rate": bool(steps)}
    if steps:
        indicators["activity_goal_rate"] = sum(steps) / len(steps) >= STEPS_GOAL
    bmis = _bmi_values(ctx)
    if bmis:
        indicators["bmi_in_range_rate"] = BMI_RANGE[0] <= bmis[-1] < BMI_RANGE[1]
    return outcome(result.status, result.due_date, result.reason.zh, result.reason.en, *result.evidence,
                   indicators=indicators)


def overweight(ctx: RuleContext) -> RuleResult:
    result = logging_rule(ctx, ("weight", "bmi"), Text("体重", "weight"))
    logged = bool(ctx.history.between(ctx.period.start, ctx.as_of, "weight", "bmi"))
    indicators = {"bmi_logging_rate": logged}
    bmis = _bmi_values(ctx)
    if len(bmis) >= 2:
        indicators["bmi_reduction_rate"] = bmis[-1] < bmis[0]
    return outcome(result.status, result.due_date, result.reason.zh, result.reason.en, *result.evidence,
                   indicators=indicators)


def heart_failure_weight(ctx: RuleContext) -> RuleResult:
    first = ctx.as_of - timedelta(days=HF_WINDOW_DAYS - 1)
    weights = [(d, r.value) for d, r in ctx.history.between(first, ctx.as_of, "weight") if r.value is not None]
    limits = ctx.member.weight_range_kg
    logged_days = {d for d, _ in weights}
    if limits is None:
        return outcome(DUE, ctx.as_of, "还没有设定目标体重范围，请联系您的医生或健康管家设定",
                       "No target weight range set yet; please ask your care team to set one",
                       f"weight logged on {len(logged_days)} of {HF_WINDOW_DAYS} days")
    low, high = limits
    in_range = {d for d, value in weights if low <= value <= high}
    evidence = f"weight in {low:g}-{high:g} kg on {len(in_range)} of {HF_WINDOW_DAYS} days"
    ok = len(in_range) >= HF_REQUIRED_DAYS
    indicators = {"weight_in_range_80": ok}
    if ok:
        return outcome(MET, ctx.as_of + timedelta(days=1), f"最近30天有{len(in_range)}天体重在目标范围内",
                       f"Your weight was in your target range on {len(in_range)} of the last 30 days", evidence,
                       indicators=indicators)
    last = ctx.history.last("weight")
    last_day = last[0] if last is not None else None
    if last_day is not None and (ctx.as_of - last_day).days >= HF_GAP_DAYS:
        return outcome(OVERDUE, last_day + timedelta(days=HF_GAP_DAYS),
                       f"已经{(ctx.as_of - last_day).days}天没有称体重了，请每天早上称一次",
                       f"No weight logged for {(ctx.as_of - last_day).days} days; please weigh yourself every "
                       "morning", evidence, indicators=indicators)
    return outcome(DUE, ctx.as_of, f"最近30天只有{len(in_range)}天体重在目标范围内（目标至少24天），请每天称体重",
                   f"Your weight was in your target range on only {len(in_range)} of the last 30 days "
                   "(goal: 24); please weigh yourself daily", evidence, indicators=indicators)
