"""Event follow-up windows: something must happen within N days after an index event.

* Post-discharge plans (40, 41, 42): a care plan (42: a care plan or a medication review) on or
  after the discharge day and no later than 30 days after it. `due` until day 30, `overdue`
  afterwards. The catalog target only holds for 30 days after a discharge, so these items
  (and 13) look back further (`LOOKBACK_DAYS`): a member stays in the item while the index
  event is inside the look-back window and the item's target rule held on the event day,
  which is what lets an unfinished plan show as `overdue`.
* Fracture (13, HEDIS OMW): bone density test (from 24 months before to 180 days after the
  fracture) or osteoporosis treatment within 180 days after it. Without a qualifying recent
  fracture (members with osteoporosis 65-85): treatment now, or a bone density test within
  the catalog cadence (24 months, rolling).
* COPD flare-up (33, HEDIS PCE): after a hospital discharge for COPD (J43/J44), a systemic
  corticosteroid within 14 days and a bronchodilator within 30 days. No such discharge in
  the last 90 days: explicitly excluded (nothing to follow up).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from coach.care_gaps.context import RuleContext, RuleResult, active_between, iso, outcome
from coach.care_gaps.models import SEVERITY, Exclusion, GapStatus, Text
from coach.care_gaps.screening import months_of, rolling_interval
from coach.catalog.eligibility import rule_matches
from coach.members.snapshot import ObservationRecord

MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE
PLAN_WINDOW_DAYS = 30
FRACTURE_WINDOW_DAYS = 180
LOOKBACK_DAYS = {40: 90, 41: 90, 42: 90, 13: FRACTURE_WINDOW_DAYS + 90}
INDEX_KIND = {40: "hospital_discharge", 41: "hospital_discharge", 42: "hospital_discharge", 13: "fracture"}
_SPLIT = re.compile(r"[\s,;/|]+")


def diagnosis_matches(record: ObservationRecord, prefixes: tuple[str, ...]) -> bool:
    wanted = [p.upper().replace(".", "") for p in prefixes]
    codes = (c.strip().upper().replace(".", "") for c in _SPLIT.split(record.attributes.get("diagnosis", "")))
    return any(code and code.startswith(p) for code in codes for p in wanted)


def latest_discharge(ctx: RuleContext, prefixes: tuple[str, ...], within_days: int) -> date | None:
    """The latest hospital discharge for one of the diagnoses, fewer than `within_days` days ago."""
    for day, record in reversed(ctx.history.of("hospital_discharge")):
        if (ctx.as_of - day).days >= within_days:
            return None
        if diagnosis_matches(record, prefixes):
            return day
    return None


def index_event(ctx: RuleContext, eligible_now: bool) -> date | None:
    """The latest index event in the look-back window that on its own day satisfies the item's target.

    Each candidate is judged with the other events of its kind hidden, so a later discharge for
    an unrelated diagnosis does not borrow an earlier qualifying one (it may be a readmission).
    """
    kind, lookback = INDEX_KIND[ctx.item.number], LOOKBACK_DAYS[ctx.item.number]
    recent = [(day, record) for day, record in reversed(ctx.history.of(kind)) if (ctx.as_of - day).days < lookback]
    others = tuple(o for o in ctx.member.observations if o.kind != kind)
    for day, record in recent:
        alone = replace(ctx.member, observations=(*others, record))
        if rule_matches(ctx.item.target, alone, day):
            return day
    return recent[0][0] if recent and eligible_now else None


def extends_eligibility(ctx: RuleContext) -> bool:
    return index_event(ctx, eligible_now=False) is not None


def post_discharge_plan(ctx: RuleContext, kinds: tuple[str, ...], plan: Text, indicator: str) -> RuleResult:
    discharge = index_event(ctx, eligible_now=True)
    if discharge is None:
        return Exclusion("no hospital discharge in the look-back window")
    deadline = discharge + timedelta(days=PLAN_WINDOW_DAYS)
    done = ctx.history.between(discharge, deadline, *kinds)
    evidence = [f"hospital_discharge {iso(discharge)}"]
    indicators = {indicator: bool(done)}
    if ctx.item.number == 42:
        readmitted = [d for d, _ in ctx.history.of("hospital_discharge") if discharge < d <= deadline]
        if readmitted or ctx.as_of > deadline:
            indicators["readmission_30d_rate"] = bool(readmitted)
    if done:
        day = done[0][0]
        return outcome(MET, deadline, f"出院后已于{iso(day)}完成{plan.zh}", f"{plan.en[:1].upper()}{plan.en[1:]} done "
                       f"on {iso(day)} after the discharge", *evidence, f"{done[0][1].kind} {iso(day)}",
                       indicators=indicators)
    if ctx.as_of <= deadline:
        return outcome(DUE, deadline, f"出院后30天内需要完成{plan.zh}（截止{iso(deadline)}）",
                       f"A {plan.en} is needed within 30 days of the discharge (by {iso(deadline)})", *evidence,
                       indicators=indicators)
    return outcome(OVERDUE, deadline, f"出院已超过30天，{plan.zh}还没有完成",
                   f"More than 30 days since the discharge and the {plan.en} is not done yet", *evidence,
                   indicators=indicators)


def osteoporosis(ctx: RuleContext) -> RuleResult:
    treated_now = [m for m in ctx.medications(("osteoporosis_treatment",)) if m.active_on(ctx.as_of)]
    fracture = index_event(ctx, eligible_now=False)
    if fracture is None:
        last_bmd = ctx.history.last("bone_density")
        indicators = {"bone_density_test_rate": last_bmd is not None}
        if treated_now:
            return outcome(MET, None, "正在接受骨质疏松治疗", "You are on osteoporosis treatment",
                           f"osteoporosis_treatment {treated_now[0].name}",
                           indicators={**indicators, "osteoporosis_advice_rate": True})
        result = rolling_interval(ctx, Text("骨密度检查", "bone density test"), ("bone_density",),
                                  months_of(ctx.cadence_days, 24))
        indicators["osteoporosis_advice_rate"] = result.status is MET
        return outcome(result.status, result.due_date, result.reason.zh, result.reason.en, *result.evidence,
                       indicators=indicators)
    deadline = fracture + timedelta(days=FRACTURE_WINDOW_DAYS)
    window_end = min(deadline, ctx.as_of)
    bmd = ctx.history.between(fracture - timedelta(days=730), window_end, "bone_density")
    treated = [m for m in ctx.medications(("osteoporosis_treatment",)) if active_between(m, fracture, window_end)]
    evidence = [f"fracture {iso(fracture)}"]
    indicators = {"bone_density_test_rate": bool(bmd), "osteoporosis_advice_rate": bool(bmd or treated)}
    if bmd or treated:
        how_zh = f"骨密度检查（{iso(bmd[-1][0])}）" if bmd else "骨质疏松治疗"
        how_en = f"a bone density test ({iso(bmd[-1][0])})" if bmd else "osteoporosis treatment"
        return outcome(MET, deadline, f"骨折后已有{how_zh}", f"After the fracture you have {how_en}", *evidence,
                       indicators=indicators)
    status = DUE if ctx.as_of <= deadline else OVERDUE
    return outcome(status, deadline, f"骨折后6个月内需要做骨密度检查或开始骨质疏松治疗（截止{iso(deadline)}）",
                   f"A bone density test or osteoporosis treatment is needed within 6 months of the fracture "
                   f"(by {iso(deadline)})", *evidence, indicators=indicators)


COPD_PREFIXES = ("J44", "J43")


def copd_flare_up(ctx: RuleContext) -> RuleResult:
    discharge = latest_discharge(ctx, COPD_PREFIXES, within_days=90)
    if discharge is None:
        return Exclusion("no hospital discharge for a COPD flare-up (J43/J44) in the last 90 days")
    parts = []
    indicators: dict[str, bool] = {}
    for classes, days, code, zh, en in (
        (("systemic_corticosteroid",), 14, "steroid_within_14d_rate", "口服或静脉激素", "a steroid course"),
        (("bronchodilator",), 30, "bronchodilator_within_30d_rate", "支气管扩张剂", "a bronchodilator"),
    ):
        deadline = discharge + timedelta(days=days)
        ok = any(active_between(m, discharge, min(deadline, ctx.as_of)) for m in ctx.medications(classes))
        indicators[code] = ok
        if not ok:
            parts.append((OVERDUE if ctx.as_of > deadline else DUE, deadline, zh, en))
    evidence = f"hospital_discharge {iso(discharge)} (COPD)"
    if not parts:
        return outcome(MET, discharge + timedelta(days=30), "慢阻肺加重出院后的用药已到位",
                       "Your medicines after the COPD flare-up are in place", evidence, indicators=indicators)
    status = max((p[0] for p in parts), key=SEVERITY.__getitem__)
    due_date = min(p[1] for p in parts if p[0] is status)
    zh = "和".join(p[2] for p in parts)
    en = " and ".join(p[3] for p in parts)
    return outcome(status, due_date, f"慢阻肺加重出院后还没有{zh}的记录，请和医生确认",
                   f"No record of {en} after the COPD flare-up; please check with your doctor", evidence,
                   indicators=indicators)
