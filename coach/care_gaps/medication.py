"""Medication rules: PDC adherence (14, 19, 24, 26, 27, 30), beta-blocker persistence after a
heart attack (29) and the asthma medication ratio (32).

Period: the measurement period (default: calendar year of the as-of day), measured up to the
as-of day. Status for PDC rules (see coach.adherence for how days are counted):

* `met` - PDC >= 80 % so far; due date = end of the period (it has to stay there).
* `due` - no dose logged yet ("no data"), or PDC < 80 % but still reachable by the end of
  the period if every remaining prescribed day is covered; the due date is the last day on
  which the member can resume daily doses and still reach 80 %.
* `overdue` - 80 % can no longer be reached in this period (that last day has passed).
* No medication of the item's classes prescribed in the period: explicitly excluded
  (PQA/HEDIS adherence measures only count members who have the medication).

Persistence after MI (29, HEDIS PBH): a beta-blocker covered on >= 135 of the 180 days that
start on the discharge day; overdue once 135 days can no longer be reached in that window.
When the member qualifies only through a recorded post-MI condition plus a beta-blocker,
the ordinary PDC rule over the period applies.
"""

from __future__ import annotations

from datetime import timedelta

from coach.adherence import (
    covered_days,
    needed_days,
    proportion_of_days_covered,
    remaining_prescribed_days,
    taken_doses,
)
from coach.care_gaps.context import RuleContext, RuleResult, iso, outcome, with_indicators
from coach.care_gaps.followup import latest_discharge
from coach.care_gaps.models import Exclusion, GapStatus, Text

MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE
PBH_WINDOW_DAYS = 180
PBH_REQUIRED_DAYS = 135
CONTINUATION_DAYS = 180  # HEDIS AMM effective continuation phase
MI_PREFIXES = ("I21", "I22")


def pdc_rule(ctx: RuleContext, classes: tuple[str, ...], drug: Text, indicator: str | None) -> RuleResult:
    """PDC >= 80 % over the period; `indicator` names the catalog indicator the result counts for."""
    period, member = ctx.period, ctx.member

    def flag(value: bool) -> dict[str, bool]:
        return {indicator: value} if indicator else {}

    coverage = proportion_of_days_covered(member, classes, period.start, ctx.as_of)
    if coverage is None:
        return Exclusion(f"no {'/'.join(classes)} medication prescribed between {period.start} and {ctx.as_of}")
    evidence = f"pdc {coverage.covered}/{coverage.days} days from {iso(coverage.first_day)}"
    if coverage.logged_days == 0:
        return outcome(DUE, period.end, f"还没有{drug.zh}的服药记录", f"No {drug.en} doses logged yet", evidence,
                       indicators=flag(False))
    pct = coverage.percent
    if coverage.adherent:
        return outcome(MET, period.end, f"今年{drug.zh}按时服药的天数占{pct}%（目标至少80%）",
                       f"You took your {drug.en} on {pct}% of days this year (goal: at least 80%)", evidence,
                       indicators=flag(True))
    remaining = remaining_prescribed_days(member, classes, ctx.as_of, period.end)
    needed = needed_days(coverage.covered, coverage.days + remaining)
    resume_by = period.end - timedelta(days=needed - 1)
    if needed <= remaining:
        return outcome(DUE, resume_by, f"今年{drug.zh}按时服药的天数占{pct}%，低于目标80%",
                       f"You took your {drug.en} on {pct}% of days this year; the goal is 80%", evidence,
                       indicators=flag(False))
    return outcome(OVERDUE, resume_by, f"今年{drug.zh}按时服药的天数只有{pct}%，今年已无法达到80%",
                   f"You took your {drug.en} on {pct}% of days this year; 80% can no longer be reached this year",
                   evidence, indicators=flag(False))


def antidepressant(ctx: RuleContext) -> RuleResult:
    """PDC on antidepressants, plus HEDIS AMM-style continuation (on treatment for 180+ days)."""
    result = pdc_rule(ctx, ("antidepressant",), Text("抗抑郁药", "antidepressant"), None)
    starts = [m.start_date for m in ctx.medications(("antidepressant",)) if m.active_on(ctx.as_of)]
    if not starts or any(s is None for s in starts):
        return result
    continued = min(s for s in starts if s is not None) <= ctx.as_of - timedelta(days=CONTINUATION_DAYS - 1)
    return with_indicators(result, {"antidepressant_continuation_rate": continued})


def beta_blocker_after_mi(ctx: RuleContext) -> RuleResult:
    discharge = latest_discharge(ctx, MI_PREFIXES, within_days=PBH_WINDOW_DAYS)
    if discharge is None:
        return pdc_rule(ctx, ("beta_blocker",), Text("β受体阻滞剂", "beta-blocker"), "beta_blocker_persistence")
    window_end = discharge + timedelta(days=PBH_WINDOW_DAYS - 1)
    covered = covered_days(ctx.member, ("beta_blocker",), discharge, min(ctx.as_of, window_end))
    evidence = f"beta_blocker covered {covered} days since discharge {iso(discharge)}"
    indicators = {"beta_blocker_persistence": covered >= PBH_REQUIRED_DAYS}
    if covered >= PBH_REQUIRED_DAYS:
        return outcome(MET, window_end, f"心梗出院后已按时服用β受体阻滞剂{covered}天（目标180天内至少135天）",
                       f"Beta-blocker taken on {covered} days since the heart-attack discharge "
                       "(goal: 135 of the first 180 days)", evidence, indicators=indicators)
    needed = PBH_REQUIRED_DAYS - covered
    remaining = max(0, (window_end - ctx.as_of).days)
    resume_by = window_end - timedelta(days=needed - 1)
    status = DUE if needed <= remaining else OVERDUE
    return outcome(status, resume_by, f"心梗出院后按时服用β受体阻滞剂{covered}天，目标是180天内至少135天",
                   f"Beta-blocker taken on {covered} days since the heart-attack discharge; "
                   "the goal is 135 of the first 180 days", evidence, indicators=indicators)


def asthma_ratio(ctx: RuleContext) -> RuleResult:
    """HEDIS AMR from dose logs: controller doses / all asthma doses taken in the period >= 0.5."""
    controller = taken_doses(ctx.member, ("inhaled_corticosteroid",), ctx.period.start, ctx.as_of)
    reliever = taken_doses(ctx.member, ("bronchodilator",), ctx.period.start, ctx.as_of)
    if controller + reliever == 0:
        if any(m.active_on(ctx.as_of) for m in ctx.medications(("inhaled_corticosteroid",))):
            return outcome(DUE, ctx.period.end, "还没有哮喘用药记录，请记录每天的控制性吸入药",
                           "No asthma doses logged yet; please log your daily controller inhaler")
        return outcome(DUE, ctx.period.end, "还没有记录控制性吸入药（吸入激素），请和医生确认",
                       "No controller inhaler (inhaled steroid) on record; please check with your doctor")
    ratio_ok = 2 * controller >= controller + reliever
    evidence = f"controller {controller} / reliever {reliever} doses"
    indicators = {"asthma_medication_ratio": ratio_ok}
    if ratio_ok:
        return outcome(MET, ctx.period.end, "控制性吸入药用量占哮喘用药一半以上，保持得很好",
                       "Controller inhaler makes up at least half of your asthma doses", evidence,
                       indicators=indicators)
    return outcome(DUE, ctx.period.end, "缓解药用得比控制药多，哮喘可能没有控制好，请和医生沟通",
                   "You use more reliever than controller doses; your asthma may not be well controlled",
                   evidence, indicators=indicators)
