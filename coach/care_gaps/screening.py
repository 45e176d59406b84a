"""Screening and test rules.

Two kinds of period, chosen per rule kind:

* Yearly tests (`yearly_tests`): HEDIS-style measurement period (by default the calendar year
  of the as-of day). `met` when every required test has a result inside the period.
  A missing test is `overdue` when its previous result is more than 12 months old, otherwise
  `due` by the earlier of "previous result + 12 months" and the end of the period; never
  tested at all is `due` by the end of the period.
* Rolling intervals (`rolling_interval`): screening intervals counted from the last test,
  which may depend on the test's modality or result (colonoscopy 10 years, FIT 1 year ...).
  `met` while the as-of day is on or before "last test + interval"; `overdue` after it; no
  test on record is `due` now (due date = as-of day). An interval of None means once is enough.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.care_gaps.context import RuleContext, RuleResult, iso, outcome
from coach.care_gaps.dates import Dated, add_months, birthday, result_flag
from coach.care_gaps.models import SEVERITY, Exclusion, GapStatus, Outcome, Text
from coach.members.snapshot import ObservationRecord

MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE


@dataclass(frozen=True)
class Test:
    """One required result; any of `kinds` satisfies it. `en` reads after "still needs"."""

    kinds: tuple[str, ...]
    zh: str
    en: str


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: Sequence[str], language: str) -> str:
    return "和".join(parts) if language == "zh" else " and ".join(parts)


def yearly_tests(ctx: RuleContext, check: Text, tests: Sequence[Test], months: int = 12) -> Outcome:
    done: list[tuple[Test, date]] = []
    missing: list[tuple[Test, GapStatus, date]] = []
    evidence: list[str] = []
    for test in tests:
        last = ctx.history.last(*test.kinds)
        if last is not None:
            evidence.append(f"{last[1].kind} {iso(last[0])}")
        if last is not None and last[0] >= ctx.period.start:
            done.append((test, last[0]))
        elif last is None:
            missing.append((test, DUE, ctx.period.end))
        else:
            repeat_by = add_months(last[0], months)
            if repeat_by < ctx.as_of:
                missing.append((test, OVERDUE, repeat_by))
            else:
                missing.append((test, DUE, min(repeat_by, ctx.period.end)))
    if not missing:
        next_due = min(add_months(day, months) for _, day in done)
        return outcome(MET, next_due, f"{check.zh}今年已完成", f"{cap(check.en)} done this year", *evidence)
    status = max((s for _, s, _ in missing), key=SEVERITY.__getitem__)
    due_date = min(d for _, s, d in missing if s is status)
    if status is OVERDUE:
        late = [t for t, s, _ in missing if s is OVERDUE]
        if len(tests) == 1:
            zh, en = f"{check.zh}已超过{months}个月没做了", f"{cap(check.en)} is overdue: last done over {months} months ago"
        else:
            zh = f"{check.zh}已逾期：{_join([t.zh for t in late], 'zh')}上次检查已超过{months}个月"
            en = f"{cap(check.en)} is overdue: {_join([t.en for t in late], 'en')} last done over {months} months ago"
    elif done:
        zh = f"{check.zh}今年还差{_join([t.zh for t, _, _ in missing], 'zh')}"
        en = f"{cap(check.en)} this year still needs {_join([t.en for t, _, _ in missing], 'en')}"
    elif len(tests) == 1:
        zh, en = f"今年还没有做{check.zh}", f"No {check.en} yet this year"
    else:
        zh = f"今年还没有做{check.zh}，需要{_join([t.zh for t in tests], 'zh')}"
        en = f"No {check.en} yet this year: it needs {_join([t.en for t in tests], 'en')}"
    return outcome(status, due_date, zh, en, *evidence)


IntervalOf = Callable[[ObservationRecord], int | None]


def coverage(entries: Sequence[Dated], interval_of: IntervalOf) -> tuple[Dated, date | None] | None:
    """The record that covers the member longest and the day its cover ends (None = for good)."""
    best: tuple[Dated, date | None] | None = None
    for entry in entries:
        months = interval_of(entry[1])
        until = None if months is None else add_months(entry[0], months)
        if best is None or (best[1] is not None and (until is None or until >= best[1])):
            best = (entry, until)
    return best


def rolling_interval(
    ctx: RuleContext, check: Text, kinds: tuple[str, ...], months: int | None, interval_of: IntervalOf | None = None
) -> Outcome:
    covered = coverage(ctx.history.of(*kinds), interval_of or (lambda _record: months))
    if covered is None:
        return outcome(DUE, ctx.as_of, f"还没有{check.zh}的记录", f"No {check.en} on record yet")
    (day, record), until = covered
    evidence = f"{record.kind} {iso(day)}" + (f" {record.attributes['modality']}" if "modality" in record.attributes else "")
    if until is None:
        return outcome(MET, None, f"已有{check.zh}记录（{iso(day)}）", f"{cap(check.en)} on record ({iso(day)})", evidence)
    if ctx.as_of <= until:
        return outcome(
            MET, until, f"{check.zh}已于{iso(day)}完成，下次请在{iso(until)}前",
            f"{cap(check.en)} done on {iso(day)}; next one due by {iso(until)}", evidence,
        )
    return outcome(
        OVERDUE, until, f"{check.zh}已到期（上次是{iso(day)}），请尽快安排",
        f"{cap(check.en)} is overdue: the last one was on {iso(day)}", evidence,
    )


def months_of(cadence_days: int | None, default: int = 12) -> int:
    return default if cadence_days is None else max(1, round(cadence_days / 30.44))


# ---------------------------------------------------------------- item 6: core-organ cancer screening

COLORECTAL_MONTHS = {"fit": 12, "gfobt": 12, "fit_dna": 36, "sigmoidoscopy": 60, "ct_colonography": 60,
                     "colonoscopy": 120}
CERVICAL_MONTHS = {"cytology": 36, "pap": 36, "hpv": 60, "cotest": 60}
BREAST_MONTHS = 24


def _modality_months(table: dict[str, int], default: int) -> IntervalOf:
    return lambda record: table.get(record.attributes.get("modality", "").strip().lower(), default)


def cancer_screening(ctx: RuleContext) -> RuleResult:
    """Colorectal 45-75 (interval by modality), cervical for women 21-64, breast for women 50-74."""
    age, female = ctx.member.age_on(ctx.as_of), ctx.member.sex == "F"
    parts: list[Outcome] = []
    if 45 <= age <= 75:
        parts.append(rolling_interval(ctx, Text("肠癌筛查", "bowel cancer screening"), ("colorectal_screening",),
                                      None, _modality_months(COLORECTAL_MONTHS, 12)))
    if female and 21 <= age <= 64:
        parts.append(rolling_interval(ctx, Text("宫颈癌筛查", "cervical screening"), ("cervical_screening",),
                                      None, _modality_months(CERVICAL_MONTHS, 36)))
    if female and 50 <= age <= 74:
        parts.append(rolling_interval(ctx, Text("乳腺癌筛查", "breast screening"), ("breast_screening",),
                                      BREAST_MONTHS))
    if not parts:
        return Exclusion(f"no core-organ screening applies at age {age} ({ctx.member.sex})")
    status = max((p.status for p in parts), key=SEVERITY.__getitem__)
    open_parts = [p for p in parts if p.status is status]
    due_dates = [p.due_date for p in open_parts if p.due_date is not None]
    logged = ctx.history.has(*ctx.item.coach.tracks)
    return Outcome(
        status, min(due_dates) if due_dates else None,
        Text("；".join(p.reason.zh for p in open_parts), "; ".join(p.reason.en for p in open_parts)),
        tuple(e for p in parts for e in p.evidence),
        {"screening_completion_rate": status is MET, "screening_log_rate": logged},
    )


# ---------------------------------------------------------------- single-rule items


def eye_exam(ctx: RuleContext) -> RuleResult:
    """Yearly retinal exam; a negative (no retinopathy) exam covers two years (HEDIS EED)."""

    def months(record: ObservationRecord) -> int:
        return 24 if result_flag(record) is False else 12

    result = rolling_interval(ctx, Text("糖尿病眼底检查", "diabetic eye exam"), ("eye_exam",), None, months)
    last = ctx.history.last("eye_exam")
    prior_negative = (
        result.status is MET and last is not None and add_months(last[0], 12) < ctx.as_of
    )
    return Outcome(result.status, result.due_date, result.reason, result.evidence,
                   {"eye_exam_rate": result.status is MET, "prior_negative_exam_rate": prior_negative})


def blood_lead(ctx: RuleContext) -> RuleResult:
    """A blood lead test on or before the day before the 2nd birthday (HEDIS LSC)."""
    deadline = birthday(ctx.member.birth_date, 2) - timedelta(days=1)
    tests = [e for e in ctx.history.of("blood_lead") if ctx.member.birth_date <= e[0] <= deadline]
    indicators: dict[str, bool] = {"lead_test_rate": bool(tests)}
    if tests:
        day, record = tests[-1]
        if record.value is not None:
            indicators["lead_abnormal_rate"] = record.value >= 3.5  # CDC blood lead reference value, ug/dL
        return outcome(MET, deadline, f"已于{iso(day)}做过血铅检测", f"Blood lead test done on {iso(day)}",
                       f"blood_lead {iso(day)}", indicators=indicators)
    status = DUE if ctx.as_of <= deadline else OVERDUE
    return outcome(status, deadline, f"请在{iso(deadline)}前（2岁前）做一次血铅检测",
                   f"A blood lead test is needed by {iso(deadline)} (before age 2)", indicators=indicators)
