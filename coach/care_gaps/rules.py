"""Which rule decides each of the 42 catalog items, or why an item is explicitly excluded.

Rule kinds (see each module's docstring for the exact period and status semantics):

==================  =================================  ============================================
kind                module                             items
==================  =================================  ============================================
yearly_tests        screening.yearly_tests             10, 17, 21, 25, 28, 37, 38, 39
rolling_interval    screening.rolling_interval         6 (by modality), 12, 16, 22, 23, 34, 35
age_deadline        screening.blood_lead               11
control             control                            15, 18, 20
adherence (PDC)     medication                         14, 19, 24, 26, 27, 30; 29 (persistence)
ratio               medication.asthma_ratio            32
event_follow_up     followup                           13, 33, 40, 41, 42
logging             tracking                           1, 2; 31 (HF weight days in range)
excluded            EXCLUDED (reason in code)          3, 4, 5, 7, 8, 9, 36
==================  =================================  ============================================
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from coach.adherence import proportion_of_days_covered
from coach.care_gaps import control, followup, medication, screening, tracking
from coach.care_gaps.context import RuleContext, RuleResult, with_indicators
from coach.care_gaps.dates import result_flag
from coach.care_gaps.models import Exclusion, GapStatus, Outcome, Text
from coach.care_gaps.screening import Test, rolling_interval, yearly_tests

MET = GapStatus.MET
Evaluate = Callable[[RuleContext], RuleResult]


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    evaluate: Evaluate
    # Items whose follow-up window outlasts the catalog's target window (see followup.py).
    extends_eligibility: Callable[[RuleContext], bool] | None = None


# Items in the target population that get no status, and why.
EXCLUDED: dict[int, str] = {
    3: "smoking is not recorded as structured data (no observation kind); the quit plan is followed in conversation",
    4: "drinking is not recorded as structured data (no observation kind); the plan is followed in conversation",
    5: "health education is delivered through nudges and content, it is not a care gap",
    7: "other-organ screening is a personal plan without a guideline interval, so there is no gap to compute",
    8: "the recheck interval of a precancerous lesion depends on the lesion and the specialist's plan",
    9: "the recheck interval of a precancerous lesion depends on the lesion and the specialist's plan",
    36: "TIA work-up timing needs the event date, which is not recorded as structured data",
}

DIABETES_CLASSES = ("antidiabetic", "insulin")
BP_CLASSES = ("ras_antagonist", "antihypertensive", "diuretic")
CHD_CLASSES = ("antiplatelet", "statin", "beta_blocker")
EGFR = Test(("egfr",), "估算肾小球滤过率（eGFR）", "an estimated glomerular filtration rate (eGFR)")
UACR = Test(("uacr",), "尿白蛋白肌酐比（uACR）", "a urine albumin-creatinine ratio (uACR)")
KIDNEY = Text("肾脏检查", "kidney check")
LDL_HIGH = 3.4  # mmol/L, Chinese lipid guideline "borderline high"


def _adherent(ctx: RuleContext, classes: tuple[str, ...], code: str) -> dict[str, bool]:
    """{code: PDC >= 80 %} for an indicator, or nothing without a prescription or any dose log."""
    coverage = proportion_of_days_covered(ctx.member, classes, ctx.period.start, ctx.as_of)
    return {} if coverage is None or coverage.logged_days == 0 else {code: coverage.adherent}


def _met_flag(result: RuleResult, code: str, extra: dict[str, bool] | None = None) -> RuleResult:
    if isinstance(result, Exclusion):
        return result
    return with_indicators(result, {code: result.status is MET, **(extra or {})})


def _last_flag(ctx: RuleContext, code: str, *kinds: str) -> dict[str, bool]:
    last = ctx.history.last(*kinds)
    flag = result_flag(last[1]) if last else None
    return {} if flag is None else {code: flag}


def _yearly(check: Text, tests: tuple[Test, ...], code: str) -> Evaluate:
    return lambda ctx: _met_flag(yearly_tests(ctx, check, tests), code)


def _rolling(check: Text, kinds: tuple[str, ...], months: int | None, code: str, positive: str | None) -> Evaluate:
    def evaluate(ctx: RuleContext) -> RuleResult:
        extra = _last_flag(ctx, positive, *kinds) if positive else {}
        return _met_flag(rolling_interval(ctx, check, kinds, months), code, extra)

    return evaluate


_SCREENS = (
    ("hypertension", Test(("blood_pressure",), "血压", "a blood pressure reading"), Text("血压测量", "blood pressure check")),
    ("diabetes", Test(("glucose", "hba1c"), "血糖", "a blood sugar test"), Text("血糖检查", "blood sugar test")),
    ("hyperlipidaemia", Test(("ldl", "lipid_panel"), "血脂", "a cholesterol test"), Text("血脂检查", "cholesterol test")),
)


def cardiometabolic(ctx: RuleContext) -> RuleResult:
    """Yearly screening for each of high blood pressure, diabetes and high cholesterol not yet diagnosed."""
    needed = [(test, check) for condition, test, check in _SCREENS if not ctx.member.has(condition)]
    if not needed:
        return Exclusion("already diagnosed with all three conditions; nothing left to screen for")
    check = needed[0][1] if len(needed) == 1 else Text("三高筛查", "blood pressure, sugar and cholesterol check")
    result = yearly_tests(ctx, check, tuple(test for test, _ in needed))
    logged = bool(ctx.history.between(ctx.period.start, ctx.as_of, *ctx.item.coach.tracks))
    return with_indicators(result, {"readings_log_rate": logged})


def lipid_testing(ctx: RuleContext) -> RuleResult:
    test = Test(("ldl", "lipid_panel"), "低密度脂蛋白胆固醇（LDL-C）", "an LDL cholesterol result")
    result = _met_flag(yearly_tests(ctx, Text("血脂检查", "cholesterol (LDL) test"), (test,)), "lipid_test_rate")
    ldl = [r.value for _, r in ctx.history.between(ctx.period.start, ctx.as_of, "ldl") if r.value is not None]
    return with_indicators(result, {"lipid_abnormal_rate": ldl[-1] >= LDL_HIGH} if ldl else {})


def diabetes_bp(ctx: RuleContext) -> RuleResult:
    result = control.bp_control(ctx)
    latest = control.latest_bp(ctx)
    if latest is None or ctx.member.has("hypertension"):
        return result
    return with_indicators(result, {"hypertension_found_rate": not result.indicators["bp_controlled_rate"]})


def hypertension_bp(ctx: RuleContext) -> RuleResult:
    result = control.bp_control(ctx)
    indicators = {"bp_controlled_rate": result.indicators["bp_controlled_rate"],
                  **_adherent(ctx, BP_CLASSES, "antihypertensive_pdc80")}
    return Outcome(result.status, result.due_date, result.reason, result.evidence, indicators)


def hypertension_medication(ctx: RuleContext) -> RuleResult:
    result = medication.pdc_rule(ctx, BP_CLASSES, Text("降压药", "blood pressure medicines"), None)
    return with_indicators(result, _adherent(ctx, ("ras_antagonist",), "ras_pdc80"))


def _pdc(classes: tuple[str, ...], zh: str, en: str, code: str) -> Evaluate:
    return lambda ctx: medication.pdc_rule(ctx, classes, Text(zh, en), code)


def af_management(ctx: RuleContext) -> RuleResult:
    result = rolling_interval(ctx, Text("心电图检查", "ECG"), ("ecg",), 12)
    treated = any(m.active_on(ctx.as_of) for m in ctx.medications(("anticoagulant",)))
    extra = {"af_timely_treatment_rate": treated, **_last_flag(ctx, "af_ecg_abnormal_rate", "ecg")}
    return _met_flag(result, "af_ecg_rate", extra)


def spirometry(ctx: RuleContext) -> RuleResult:
    result = rolling_interval(ctx, Text("肺功能检查", "spirometry test"), ("spirometry",), None)
    extra = _last_flag(ctx, "spirometry_abnormal_rate", "spirometry")
    last = ctx.history.last("spirometry")
    ratio = last[1].attributes.get("fev1_fvc") if last else None
    if ratio:
        with contextlib.suppress(ValueError):
            extra["spirometry_abnormal_rate"] = float(ratio) < 0.7
    return _met_flag(result, "spirometry_rate", extra)


def _plan(kinds: tuple[str, ...], zh: str, en: str, code: str) -> Evaluate:
    return lambda ctx: followup.post_discharge_plan(ctx, kinds, Text(zh, en), code)


_YEARLY = screening.months_of(365)
RULES: dict[int, RuleSpec] = {
    1: RuleSpec("logging", tracking.exercise),
    2: RuleSpec("logging", tracking.overweight),
    6: RuleSpec("rolling_interval", screening.cancer_screening),
    10: RuleSpec("yearly_tests", cardiometabolic),
    11: RuleSpec("age_deadline", screening.blood_lead),
    12: RuleSpec("rolling_interval", _rolling(Text("跌倒风险评估", "fall risk assessment"), ("fall_risk_assessment",),
                                              _YEARLY, "fall_advice_rate", None)),
    13: RuleSpec("event_follow_up", followup.osteoporosis, followup.extends_eligibility),
    14: RuleSpec("adherence", _pdc(DIABETES_CLASSES, "降糖药", "diabetes medicines", "antidiabetic_pdc80")),
    15: RuleSpec("control", control.hba1c_control),
    16: RuleSpec("rolling_interval", screening.eye_exam),
    17: RuleSpec("yearly_tests", _yearly(KIDNEY, (EGFR, UACR), "kidney_check_rate")),
    18: RuleSpec("control", diabetes_bp),
    19: RuleSpec("adherence", hypertension_medication),
    20: RuleSpec("control", hypertension_bp),
    21: RuleSpec("yearly_tests", _yearly(KIDNEY, (EGFR, UACR), "kidney_check_rate")),
    22: RuleSpec("rolling_interval", _rolling(Text("主动脉超声检查", "aortic ultrasound"), ("aortic_ultrasound",),
                                              _YEARLY, "aorta_imaging_rate", "aorta_positive_rate")),
    23: RuleSpec("rolling_interval", _rolling(Text("心脏检查（心电图或心脏超声）", "heart check (ECG or echocardiogram)"),
                                              ("ecg", "echocardiogram"), _YEARLY, "heart_check_rate",
                                              "heart_positive_rate")),
    24: RuleSpec("adherence", _pdc(("statin",), "他汀", "statin", "statin_pdc80")),
    25: RuleSpec("yearly_tests", lipid_testing),
    26: RuleSpec("adherence", medication.antidepressant),
    27: RuleSpec("adherence", _pdc(("antipsychotic",), "抗精神病药", "antipsychotic medicine", "antipsychotic_pdc80")),
    28: RuleSpec("yearly_tests", _yearly(Text("肾功能检查", "kidney function test"), (EGFR,), "egfr_test_rate")),
    29: RuleSpec("adherence", medication.beta_blocker_after_mi),
    30: RuleSpec("adherence", _pdc(CHD_CLASSES, "冠心病药物", "heart medicines", "chd_pdc80")),
    31: RuleSpec("logging", tracking.heart_failure_weight),
    32: RuleSpec("ratio", medication.asthma_ratio),
    33: RuleSpec("event_follow_up", followup.copd_flare_up),
    34: RuleSpec("rolling_interval", spirometry),
    35: RuleSpec("rolling_interval", af_management),
    37: RuleSpec("yearly_tests", _yearly(Text("护理预计划", "advance care plan"),
                                         (Test(("advance_care_plan",), "护理预计划", "an advance care plan"),),
                                         "acp_rate")),
    38: RuleSpec("yearly_tests", _yearly(Text("功能状态评估", "functional status assessment"),
                                         (Test(("functional_assessment",), "功能状态评估",
                                               "a functional status assessment"),), "functional_assessment_rate")),
    39: RuleSpec("yearly_tests", _yearly(Text("用药检视", "medication review"),
                                         (Test(("medication_review",), "用药检视", "a medication review"),),
                                         "medication_review_rate")),
    40: RuleSpec("event_follow_up", _plan(("care_plan",), "居家护理计划", "home care plan", "home_care_plan_30d_rate"),
                 followup.extends_eligibility),
    41: RuleSpec("event_follow_up", _plan(("care_plan",), "短期居家护理计划", "short-term home care plan",
                                          "home_care_plan_30d_rate"), followup.extends_eligibility),
    42: RuleSpec("event_follow_up", _plan(("care_plan", "medication_review"), "出院随访（护理计划或用药核对）",
                                          "post-discharge follow-up (care plan or medication review)",
                                          "readmission_program_rate"), followup.extends_eligibility),
}
