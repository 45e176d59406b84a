"""Care-gap rules on hand-built members: every rule kind, boundary dates, missing data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.care_gaps import EXCLUDED, RULES, GapResult, GapStatus, Period, compute_gaps, evaluate
from coach.care_gaps.dates import add_months, birthday
from coach.care_gaps.engine import compile_rule
from coach.catalog import load_catalog, rule_matches
from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot, ObservationRecord
from coach.members.vocabulary import Condition

AS_OF = date(2026, 11, 30)
MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE
CATALOG = load_catalog()


def member(
    birth: date = date(1966, 6, 15),
    sex: str = "M",
    conditions: tuple[str, ...] = (),
    observations: tuple[ObservationRecord, ...] = (),
    medications: tuple[MedicationRecord, ...] = (),
    dose_logs: tuple[DoseLogRecord, ...] = (),
    weight_range: tuple[float, float] | None = None,
) -> MemberSnapshot:
    return MemberSnapshot(member_id=1, sex=sex, birth_date=birth, conditions=frozenset(conditions),
                          observations=observations, medications=medications, dose_logs=dose_logs,
                          weight_range_kg=weight_range)


def obs(kind: str, day: date, value: float | None = None, **attrs: str) -> ObservationRecord:
    """An observation at 04:00 UTC (noon in Shanghai) on `day`."""
    return ObservationRecord(kind, datetime.combine(day, time(4, 0), tzinfo=UTC), value=value, attributes=attrs)


def bp(day: date, systolic: int, diastolic: int, at: time = time(1, 0)) -> ObservationRecord:
    return ObservationRecord("blood_pressure", datetime.combine(day, at, tzinfo=UTC), systolic=systolic,
                             diastolic=diastolic)


def gap(snapshot: MemberSnapshot, item: int, as_of: date = AS_OF) -> GapResult:
    found = [g for g in compute_gaps(CATALOG, snapshot, as_of) if g.item == item]
    assert found, f"item {item} has no status"
    return found[0]


def items(snapshot: MemberSnapshot, as_of: date = AS_OF) -> set[int]:
    return {g.item for g in compute_gaps(CATALOG, snapshot, as_of)}


DIABETIC = member(conditions=("diabetes",))

# ---------------------------------------------------------------- registry and engine


def test_every_catalog_item_has_a_rule_or_a_documented_exclusion() -> None:
    numbers = {i.number for i in CATALOG.items}
    assert set(RULES) | set(EXCLUDED) == numbers
    assert not set(RULES) & set(EXCLUDED)
    assert all(len(reason) > 20 for reason in EXCLUDED.values())


def test_member_with_nothing_on_record_gets_only_what_applies_and_no_error() -> None:
    report = evaluate(CATALOG, member(birth=date(1996, 1, 1)), AS_OF)
    assert [(r.item, r.status) for r in report.results] == [(1, DUE)]
    assert [e.item for e in report.excluded] == [5]


def test_items_not_offered_on_the_members_business_line_are_skipped() -> None:
    young = member(birth=date(1996, 1, 1))
    assert {g.item for g in compute_gaps(CATALOG, young, AS_OF, business_line="group_medical")} == {1}
    assert compute_gaps(CATALOG, young, AS_OF, business_line="supplementary_medical") == []


def test_emitted_indicators_are_catalog_indicators_of_the_item() -> None:
    rich = member(
        birth=date(1955, 3, 1), sex="F",
        conditions=("diabetes", "hypertension", "hyperlipidaemia", "ckd", "atrial_fibrillation", "copd",
                    "heart_failure", "osteoporosis"),
        observations=(obs("egfr", date(2026, 3, 1), 50), obs("uacr", date(2026, 3, 1), 40),
                      obs("hba1c", date(2026, 9, 1), 9.4), bp(date(2026, 11, 20), 150, 95),
                      obs("ldl", date(2026, 5, 1), 3.6), obs("ecg", date(2026, 2, 1), result="abnormal"),
                      obs("spirometry", date(2024, 2, 1), fev1_fvc="0.62"), obs("bmi", date(2026, 1, 5), 27.0),
                      obs("bmi", date(2026, 10, 5), 26.0), obs("steps", date(2026, 11, 28), 8000),
                      obs("hospital_discharge", date(2026, 11, 10), diagnosis="I50.9")),
    )
    for result in compute_gaps(CATALOG, rich, AS_OF):
        codes = {i.code for i in CATALOG.item(result.item).indicators}
        assert set(result.indicators) <= codes, result.item


def test_period_must_contain_as_of() -> None:
    with pytest.raises(ValueError, match="before the period start"):
        evaluate(CATALOG, DIABETIC, AS_OF, period=Period(date(2026, 12, 1), date(2026, 12, 31)))


# ---------------------------------------------------------------- calendar helpers


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 12, date(2026, 11, 30)),
        (date(2016, 12, 31), 120, date(2026, 12, 31)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_leap_day_birthday_turns_over_on_first_of_march() -> None:
    assert birthday(date(2024, 2, 29), 2) == date(2026, 3, 1)
    assert birthday(date(2024, 2, 29), 4) == date(2028, 2, 29)


# ---------------------------------------------------------------- yearly tests (measurement year)


def test_kidney_check_needs_both_egfr_and_uacr_this_year() -> None:
    result = gap(member(conditions=("diabetes",), observations=(obs("egfr", date(2026, 4, 2), 70),)), 17)
    assert result.status is DUE
    assert result.due_date == date(2026, 12, 31)
    assert result.reason_zh == "肾脏检查今年还差尿白蛋白肌酐比（uACR）"
    assert result.reason_en == "Kidney check this year still needs a urine albumin-creatinine ratio (uACR)"
    assert result.indicators == {"kidney_check_rate": False}


def test_kidney_check_met_when_both_done_in_the_measurement_year() -> None:
    snapshot = member(conditions=("hypertension",),
                      observations=(obs("egfr", date(2026, 1, 1), 70), obs("uacr", date(2026, 6, 10), 12)))
    result = gap(snapshot, 21)
    assert result.status is MET
    assert result.due_date == date(2027, 1, 1)  # the earlier test repeats first
    assert result.indicators == {"kidney_check_rate": True}


def test_last_years_test_does_not_count_for_this_year() -> None:
    snapshot = member(conditions=("diabetes",),
                      observations=(obs("egfr", date(2025, 12, 31), 70), obs("uacr", date(2025, 12, 31), 12)))
    result = gap(snapshot, 17, as_of=date(2026, 1, 5))
    assert result.status is DUE
    assert result.due_date == date(2026, 12, 31)
    assert gap(snapshot, 17, as_of=date(2025, 12, 31)).status is MET


def test_no_kidney_data_is_due_not_an_error() -> None:
    result = gap(DIABETIC, 17)
    assert (result.status, result.due_date) == (DUE, date(2026, 12, 31))
    assert "eGFR" in result.reason_zh and "uACR" in result.reason_zh


def test_previous_test_exactly_12_months_ago_is_due_today_and_overdue_tomorrow() -> None:
    snapshot = member(conditions=("diabetes",),
                      observations=(obs("uacr", date(2025, 11, 30), 12), obs("egfr", date(2026, 2, 1), 70)))
    today = gap(snapshot, 17)
    assert (today.status, today.due_date) == (DUE, date(2026, 11, 30))
    tomorrow = gap(snapshot, 17, as_of=date(2026, 12, 1))
    assert (tomorrow.status, tomorrow.due_date) == (OVERDUE, date(2026, 11, 30))
    assert "uACR" in tomorrow.reason_en and "overdue" in tomorrow.reason_en


def test_leap_day_test_is_due_on_28_february_and_overdue_on_1_march() -> None:
    snapshot = member(conditions=("ckd",), observations=(obs("egfr", date(2024, 2, 29), 40),))
    assert (gap(snapshot, 28, date(2025, 2, 28)).status, gap(snapshot, 28, date(2025, 2, 28)).due_date) == (
        DUE, date(2025, 2, 28))
    late = gap(snapshot, 28, date(2025, 3, 1))
    assert (late.status, late.due_date) == (OVERDUE, date(2025, 2, 28))


def test_yearly_ldl_is_met_by_a_lipid_panel_and_flags_a_high_ldl() -> None:
    panel = gap(member(conditions=("hyperlipidaemia",), observations=(obs("lipid_panel", date(2026, 3, 3)),)), 25)
    assert panel.status is MET
    high = gap(member(conditions=("hyperlipidaemia",), observations=(obs("ldl", date(2026, 3, 3), 4.2),)), 25)
    assert high.indicators == {"lipid_test_rate": True, "lipid_abnormal_rate": True}


@pytest.mark.parametrize(("birth", "eligible"), [(date(1960, 11, 30), True), (date(1960, 12, 1), False)])
def test_functional_status_and_medication_review_start_on_the_66th_birthday(birth: date, eligible: bool) -> None:
    found = items(member(birth=birth))
    assert ({38, 39} <= found) is eligible
    assert not ({38, 39} & found) or eligible


def test_medication_review_done_this_year_is_met() -> None:
    result = gap(member(birth=date(1950, 1, 1), observations=(obs("medication_review", date(2026, 2, 2)),)), 39)
    assert result.status is MET
    assert result.reason_en == "Medication review done this year"


def test_cardiometabolic_screening_asks_only_for_what_is_not_yet_diagnosed() -> None:
    result = gap(member(conditions=("diabetes", "hypertension")), 10)
    assert result.reason_zh == "今年还没有做血脂检查"
    done = gap(member(conditions=("diabetes", "hypertension"), observations=(obs("ldl", date(2026, 5, 1), 2.0),)), 10)
    assert done.status is MET


# ---------------------------------------------------------------- rolling intervals


def test_eye_exam_exactly_12_months_ago_is_met_today_and_overdue_tomorrow() -> None:
    snapshot = member(conditions=("diabetes",), observations=(obs("eye_exam", date(2025, 11, 30)),))
    assert (gap(snapshot, 16).status, gap(snapshot, 16).due_date) == (MET, date(2026, 11, 30))
    late = gap(snapshot, 16, as_of=date(2026, 12, 1))
    assert (late.status, late.due_date) == (OVERDUE, date(2026, 11, 30))
    assert late.reason_zh == "糖尿病眼底检查已到期（上次是2025-11-30），请尽快安排"


def test_negative_eye_exam_covers_two_years() -> None:
    snapshot = member(conditions=("diabetes",), observations=(obs("eye_exam", date(2025, 3, 1), result="negative"),))
    result = gap(snapshot, 16)
    assert (result.status, result.due_date) == (MET, date(2027, 3, 1))
    assert result.indicators == {"eye_exam_rate": True, "prior_negative_exam_rate": True}
    abnormal = member(conditions=("diabetes",), observations=(obs("eye_exam", date(2025, 3, 1), result="abnormal"),))
    assert gap(abnormal, 16).status is OVERDUE


def test_no_eye_exam_is_due_now() -> None:
    result = gap(DIABETIC, 16)
    assert (result.status, result.due_date) == (DUE, AS_OF)


@pytest.mark.parametrize(
    ("modality", "done", "status"),
    [
        ("fit", date(2025, 11, 30), MET),
        ("fit", date(2025, 11, 29), OVERDUE),
        ("fit_dna", date(2024, 1, 10), MET),
        ("ct_colonography", date(2021, 12, 1), MET),
        ("colonoscopy", date(2016, 11, 30), MET),
        ("colonoscopy", date(2016, 11, 29), OVERDUE),
    ],
)
def test_colorectal_interval_depends_on_modality(modality: str, done: date, status: GapStatus) -> None:
    snapshot = member(birth=date(1970, 1, 1), observations=(obs("colorectal_screening", done, modality=modality),))
    assert gap(snapshot, 6).status is status


def test_an_older_colonoscopy_still_covers_after_a_lapsed_fit() -> None:
    snapshot = member(birth=date(1970, 1, 1), observations=(
        obs("colorectal_screening", date(2021, 5, 1), modality="colonoscopy"),
        obs("colorectal_screening", date(2024, 5, 1), modality="fit"),
    ))
    assert (gap(snapshot, 6).status, gap(snapshot, 6).due_date) == (MET, date(2031, 5, 1))


@pytest.mark.parametrize(("birth", "present"), [(date(1950, 12, 1), True), (date(1950, 11, 30), False),
                                                (date(1981, 11, 30), True), (date(1981, 12, 1), False)])
def test_colorectal_screening_age_band_45_to_75_by_birthday(birth: date, present: bool) -> None:
    assert (6 in items(member(birth=birth))) is present


def test_women_get_cervical_and_breast_screening_and_the_worst_status_wins() -> None:
    woman = member(birth=date(1970, 1, 1), sex="F", observations=(
        obs("colorectal_screening", date(2026, 1, 1), modality="fit"),
        obs("cervical_screening", date(2023, 12, 1), modality="cytology"),
    ))
    result = gap(woman, 6)
    assert result.status is DUE  # breast screening never done; cervical still covered to 2026-12-01
    assert result.reason_en == "No breast screening on record yet"
    young = gap(member(birth=date(1996, 1, 1), sex="F"), 6)
    assert young.reason_zh == "还没有宫颈癌筛查的记录"


def test_spirometry_once_confirms_copd() -> None:
    old = gap(member(conditions=("copd",), observations=(obs("spirometry", date(2019, 1, 1), fev1_fvc="0.61"),)), 34)
    assert (old.status, old.due_date) == (MET, None)
    assert old.indicators == {"spirometry_rate": True, "spirometry_abnormal_rate": True}
    assert gap(member(conditions=("copd",)), 34).status is DUE


def test_af_needs_a_yearly_ecg_and_reports_anticoagulation() -> None:
    snapshot = member(conditions=("atrial_fibrillation",), observations=(obs("ecg", date(2025, 6, 1)),),
                      medications=(MedicationRecord("warfarin", "anticoagulant"),))
    result = gap(snapshot, 35)
    assert result.status is OVERDUE
    assert result.indicators == {"af_ecg_rate": False, "af_timely_treatment_rate": True}


def elder_who_fell(*extra: ObservationRecord) -> MemberSnapshot:
    return member(birth=date(1950, 1, 1), observations=(obs("fall", date(2026, 5, 1)), *extra))


def hypertensive(*extra: ObservationRecord) -> MemberSnapshot:
    return member(conditions=("hypertension",), observations=extra)


@pytest.mark.parametrize(
    ("item", "build", "kind"),
    [(12, elder_who_fell, "fall_risk_assessment"), (22, hypertensive, "aortic_ultrasound"),
     (23, hypertensive, "echocardiogram")],
)
def test_yearly_rolling_screenings(item: int, build: Callable[..., MemberSnapshot], kind: str) -> None:
    assert gap(build(obs(kind, date(2025, 12, 1))), item).status is MET
    late = gap(build(obs(kind, date(2025, 11, 29))), item)
    assert (late.status, late.due_date) == (OVERDUE, date(2026, 11, 29))
    assert gap(build(), item).status is DUE


def test_positive_aorta_and_heart_results_are_reported() -> None:
    snapshot = member(conditions=("hypertension",), observations=(obs("aortic_ultrasound", date(2026, 2, 1),
                                                                      result="阳性"),))
    assert gap(snapshot, 22).indicators == {"aorta_imaging_rate": True, "aorta_positive_rate": True}


def test_advance_care_plan_this_year_for_80_plus() -> None:
    old = member(birth=date(1940, 1, 1))
    assert gap(old, 37).status is DUE
    assert gap(member(birth=date(1940, 1, 1), observations=(obs("advance_care_plan", date(2026, 1, 2)),)),
               37).status is MET


def test_a_custom_measurement_period_moves_period_start_and_due_dates() -> None:
    snapshot = member(conditions=("diabetes",), observations=(obs("hba1c", date(2026, 6, 20), 7.0),))
    quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
    result = next(g for g in compute_gaps(CATALOG, snapshot, date(2026, 9, 30), period=quarter) if g.item == 15)
    assert (result.status, result.due_date) == (DUE, date(2026, 9, 30))


# ---------------------------------------------------------------- age deadline


def test_blood_lead_is_due_by_the_day_before_the_second_birthday() -> None:
    toddler = member(birth=date(2025, 6, 15))
    assert (gap(toddler, 11).status, gap(toddler, 11).due_date) == (DUE, date(2027, 6, 14))
    tested = member(birth=date(2025, 6, 15), observations=(obs("blood_lead", date(2026, 6, 1), 4.0),))
    assert gap(tested, 11).status is MET
    assert gap(tested, 11).indicators == {"lead_test_rate": True, "lead_abnormal_rate": True}


def test_blood_lead_for_a_leap_day_baby() -> None:
    baby = member(birth=date(2024, 2, 29))
    assert gap(baby, 11, as_of=date(2026, 2, 28)).due_date == date(2026, 2, 28)
    assert 11 not in items(baby, as_of=date(2026, 3, 1))


# ---------------------------------------------------------------- control targets


@pytest.mark.parametrize(("value", "status"), [(7.9, MET), (8.0, DUE)])
def test_hba1c_below_8_is_controlled_and_8_is_not(value: float, status: GapStatus) -> None:
    result = gap(member(conditions=("diabetes",), observations=(obs("hba1c", date(2026, 10, 1), value),)), 15)
    assert result.status is status
    assert result.indicators["hba1c_controlled"] is (status is MET)


def test_uncontrolled_hba1c_recheck_is_overdue_after_90_days() -> None:
    snapshot = member(conditions=("diabetes",), observations=(obs("hba1c", date(2026, 8, 1), 9.5),))
    result = gap(snapshot, 15)
    assert (result.status, result.due_date) == (OVERDUE, date(2026, 10, 30))
    assert result.indicators == {"hba1c_controlled": False, "hba1c_poor": True}
    assert "9.5%" in result.reason_zh


def test_only_this_years_hba1c_counts() -> None:
    result = gap(member(conditions=("diabetes",), observations=(obs("hba1c", date(2025, 12, 20), 6.5),)), 15)
    assert (result.status, result.due_date) == (DUE, date(2026, 12, 31))
    assert result.reason_en == "No HbA1c result yet this year"


def test_bp_takes_the_lowest_systolic_and_diastolic_of_the_latest_day() -> None:
    day = date(2026, 11, 25)
    snapshot = member(conditions=("hypertension",),
                      observations=(bp(date(2026, 11, 1), 120, 70), bp(day, 150, 80), bp(day, 132, 88, time(12, 0))))
    result = gap(snapshot, 20)
    assert result.status is MET
    assert "132/80" in result.reason_en


@pytest.mark.parametrize(("systolic", "diastolic", "status"), [(139, 89, MET), (140, 85, DUE), (130, 90, DUE)])
def test_bp_target_is_below_140_over_90(systolic: int, diastolic: int, status: GapStatus) -> None:
    snapshot = member(conditions=("hypertension",), observations=(bp(date(2026, 11, 20), systolic, diastolic),))
    assert gap(snapshot, 20).status is status


def test_diabetic_without_hypertension_with_high_bp_counts_as_hypertension_found() -> None:
    snapshot = member(conditions=("diabetes",), observations=(bp(date(2026, 10, 1), 150, 95),))
    result = gap(snapshot, 18)
    assert result.status is OVERDUE  # recheck was due 28 days after the reading
    assert result.due_date == date(2026, 10, 29)
    assert result.indicators["hypertension_found_rate"] is True


def test_no_bp_this_year_is_due_by_year_end() -> None:
    result = gap(member(conditions=("hypertension",)), 20)
    assert (result.status, result.due_date) == (DUE, date(2026, 12, 31))


# ---------------------------------------------------------------- follow-up windows


def discharge(day: date, diagnosis: str = "S72.0") -> ObservationRecord:
    return obs("hospital_discharge", day, diagnosis=diagnosis)


def test_post_discharge_plan_is_due_within_30_days_and_overdue_after() -> None:
    recent = member(observations=(discharge(AS_OF - timedelta(days=10)),))
    result = gap(recent, 41)
    assert (result.status, result.due_date) == (DUE, AS_OF + timedelta(days=20))
    late = member(observations=(discharge(AS_OF - timedelta(days=31)),))
    assert (gap(late, 41).status, gap(late, 41).due_date) == (OVERDUE, AS_OF - timedelta(days=1))
    gone = member(observations=(discharge(AS_OF - timedelta(days=120)),))
    assert 41 not in items(gone)


def test_post_discharge_plan_on_day_30_is_met() -> None:
    day = AS_OF - timedelta(days=45)
    snapshot = member(observations=(discharge(day), obs("care_plan", day + timedelta(days=30))))
    assert gap(snapshot, 41).status is MET
    too_late = member(observations=(discharge(day), obs("care_plan", day + timedelta(days=31))))
    assert gap(too_late, 41).status is OVERDUE


def test_readmission_program_counts_a_medication_review_and_flags_readmission() -> None:
    day = AS_OF - timedelta(days=50)
    snapshot = member(observations=(discharge(day, "I50.1"), obs("medication_review", day + timedelta(days=3)),
                                    discharge(day + timedelta(days=20), "K35")))
    result = gap(snapshot, 42)
    assert result.status is MET
    assert result.indicators == {"readmission_program_rate": True, "readmission_30d_rate": True}


def test_stroke_home_care_plan_needs_a_stroke_discharge() -> None:
    assert 40 in items(member(observations=(discharge(AS_OF - timedelta(days=5), "I63.9"),)))
    assert 40 not in items(member(observations=(discharge(AS_OF - timedelta(days=5), "K35"),)))


def test_fracture_needs_bone_density_or_treatment_within_6_months() -> None:
    fracture = obs("fracture", AS_OF - timedelta(days=100), site="hip")
    woman = member(birth=date(1955, 1, 1), sex="F", observations=(fracture,))
    result = gap(woman, 13)
    assert (result.status, result.due_date) == (DUE, AS_OF + timedelta(days=80))
    scanned = member(birth=date(1955, 1, 1), sex="F",
                     observations=(fracture, obs("bone_density", AS_OF - timedelta(days=20), t_score="-2.7")))
    assert gap(scanned, 13).status is MET
    treated = member(birth=date(1955, 1, 1), sex="F", observations=(fracture,),
                     medications=(MedicationRecord("alendronate", "osteoporosis_treatment",
                                                   start_date=AS_OF - timedelta(days=60)),))
    assert gap(treated, 13).status is MET


def test_untreated_fracture_is_overdue_after_6_months_and_men_are_not_in_the_measure() -> None:
    old = obs("fracture", AS_OF - timedelta(days=200), site="wrist")
    result = gap(member(birth=date(1955, 1, 1), sex="F", observations=(old,)), 13)
    assert (result.status, result.due_date) == (OVERDUE, AS_OF - timedelta(days=20))
    assert 13 not in items(member(birth=date(1955, 1, 1), sex="M", observations=(old,)))


def test_osteoporosis_without_fracture_uses_a_two_year_bone_density_interval() -> None:
    snapshot = member(birth=date(1955, 1, 1), conditions=("osteoporosis",),
                      observations=(obs("bone_density", date(2024, 12, 1)),))
    assert gap(snapshot, 13).status is MET
    assert gap(snapshot, 13, as_of=date(2026, 12, 2)).status is OVERDUE


def test_copd_flare_up_needs_steroid_in_14_days_and_bronchodilator_in_30() -> None:
    day = AS_OF - timedelta(days=20)
    snapshot = member(conditions=("copd",), observations=(discharge(day, "J44.1"),),
                      medications=(MedicationRecord("prednisone", "systemic_corticosteroid", start_date=day,
                                                    stop_date=day + timedelta(days=5)),))
    result = gap(snapshot, 33)
    assert (result.status, result.due_date) == (DUE, day + timedelta(days=30))
    assert result.indicators == {"steroid_within_14d_rate": True, "bronchodilator_within_30d_rate": False}
    report = evaluate(CATALOG, member(conditions=("copd",)), AS_OF)
    assert 33 in {e.item for e in report.excluded}


# ---------------------------------------------------------------- logging items


def test_steps_logged_within_7_days_meet_the_exercise_item() -> None:
    assert gap(member(observations=(obs("steps", AS_OF - timedelta(days=6), 7000),)), 1).status is MET
    stale = gap(member(observations=(obs("steps", AS_OF - timedelta(days=7), 7000),)), 1)
    assert (stale.status, stale.due_date) == (DUE, AS_OF)


def test_overweight_logging_and_bmi_reduction() -> None:
    snapshot = member(conditions=("obesity",), observations=(obs("bmi", date(2026, 2, 1), 33.0),
                                                             obs("bmi", AS_OF - timedelta(days=2), 31.5)))
    result = gap(snapshot, 2)
    assert result.status is MET
    assert result.indicators == {"bmi_logging_rate": True, "bmi_reduction_rate": True}
    assert gap(member(conditions=("obesity",)), 2).reason_zh == "最近7天还没有记录体重，今天记一下吧"


def test_observation_day_is_the_members_local_day() -> None:
    # 2025-11-30 17:00 UTC is already 1 December in Shanghai: the exam was 12 months ago tomorrow.
    late_evening = ObservationRecord("eye_exam", datetime(2025, 11, 30, 17, 0, tzinfo=UTC))
    result = gap(member(conditions=("diabetes",), observations=(late_evening,)), 16)
    assert result.due_date == date(2026, 12, 1)


def test_observations_after_as_of_are_ignored() -> None:
    snapshot = member(conditions=("diabetes",), observations=(obs("eye_exam", date(2026, 11, 29)),))
    assert gap(snapshot, 16, as_of=date(2026, 11, 28)).status is DUE


# ---------------------------------------------------------------- compiled eligibility agrees with the catalog rules

_CONDITIONS = sorted(c.value for c in Condition)


@settings(max_examples=300, deadline=None)
@given(
    age_days=st.integers(min_value=-30, max_value=95 * 366),
    sex=st.sampled_from("MF"),
    conditions=st.sets(st.sampled_from(_CONDITIONS), max_size=6),
    drug_classes=st.sets(st.sampled_from(["beta_blocker", "antidepressant", "statin"]), max_size=2),
    events=st.lists(st.tuples(st.sampled_from(["hospital_discharge", "fracture", "fall"]),
                              st.integers(min_value=0, max_value=400),
                              st.sampled_from(["I21.0", "I63.9", "J44.1", "K35", "I50.9"])), max_size=3),
    bmi=st.one_of(st.none(), st.floats(min_value=15, max_value=45)),
)
def test_compiled_target_predicates_agree_with_rule_matches(
    age_days: int, sex: str, conditions: set[str], drug_classes: set[str],
    events: list[tuple[str, int, str]], bmi: float | None,
) -> None:
    observations = [obs(kind, AS_OF - timedelta(days=ago), diagnosis=dx) for kind, ago, dx in events]
    if bmi is not None:
        observations.append(obs("bmi", AS_OF - timedelta(days=3), bmi))
    snapshot = member(birth=AS_OF - timedelta(days=age_days), sex=sex, conditions=tuple(conditions),
                      medications=tuple(MedicationRecord(d, d) for d in drug_classes),
                      observations=tuple(sorted(observations, key=lambda o: o.observed_at)))
    age = snapshot.age_on(AS_OF) if snapshot.birth_date <= AS_OF else None
    for item in CATALOG.items:
        predicate, exact = compile_rule(item.target)
        full = rule_matches(item.target, snapshot, AS_OF)
        if exact:
            assert predicate(snapshot, age) == full, item.number
        elif full:
            assert predicate(snapshot, age), item.number
