"""Target-rule matching and catalog eligibility on hand-built members."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from coach.catalog import TargetRule, eligible_items, load_catalog, rule_matches
from coach.catalog.eligibility import explain_rule
from coach.members.snapshot import MedicationRecord, MemberSnapshot, ObservationRecord

AS_OF = date(2026, 11, 1)


def rule(**clauses: Any) -> TargetRule:
    return TargetRule.model_validate(clauses)


def member(
    birth: date = date(1974, 6, 15),
    sex: str = "F",
    conditions: tuple[str, ...] = (),
    observations: tuple[ObservationRecord, ...] = (),
    medications: tuple[MedicationRecord, ...] = (),
    timezone: str = "Asia/Shanghai",
) -> MemberSnapshot:
    return MemberSnapshot(
        member_id=1,
        sex=sex,
        birth_date=birth,
        timezone=timezone,
        conditions=frozenset(conditions),
        observations=observations,
        medications=medications,
    )


def obs(kind: str, day: date, value: float | None = None, at: time = time(4, 0), **attrs: str) -> ObservationRecord:
    """An observation at `at` UTC on `day` (04:00 UTC is midday in Shanghai)."""
    return ObservationRecord(kind, datetime.combine(day, at, tzinfo=UTC), value=value, attributes=attrs)


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def numbers(snapshot: MemberSnapshot, as_of: date = AS_OF) -> set[int]:
    return {e.number for e in eligible_items(load_catalog(), snapshot, as_of)}


# ---------------------------------------------------------------- age


ADULT_18_75 = rule(age={"min": 18, "max": 75})


def test_turning_18_on_as_of_counts() -> None:
    assert rule_matches(ADULT_18_75, member(birth=date(2008, 11, 1)), AS_OF)


def test_day_before_18th_birthday_does_not() -> None:
    assert not rule_matches(ADULT_18_75, member(birth=date(2008, 11, 2)), AS_OF)


def test_upper_bound_is_inclusive_until_next_birthday() -> None:
    assert rule_matches(ADULT_18_75, member(birth=date(1950, 11, 2)), AS_OF)  # 75, turns 76 tomorrow
    assert not rule_matches(ADULT_18_75, member(birth=date(1950, 11, 1)), AS_OF)  # 76 today


def test_29_february_birthday_turns_over_on_1_march() -> None:
    leapling = member(birth=date(2008, 2, 29))
    assert not rule_matches(ADULT_18_75, leapling, date(2026, 2, 28))
    assert rule_matches(ADULT_18_75, leapling, date(2026, 3, 1))
    assert rule_matches(rule(age={"min": 18}), member(birth=date(2012, 2, 29)), date(2030, 3, 1))
    assert rule_matches(rule(age={"min": 20}), member(birth=date(2008, 2, 29)), date(2028, 2, 29))


def test_max_only_and_unborn() -> None:
    toddler = rule(age={"max": 1})
    assert rule_matches(toddler, member(birth=date(2024, 11, 2)), AS_OF)  # 1 year, 364 days
    assert not rule_matches(toddler, member(birth=date(2024, 11, 1)), AS_OF)  # second birthday
    assert not rule_matches(toddler, member(birth=date(2026, 12, 1)), AS_OF)  # not born yet


def test_age_reason_text() -> None:
    reasons = explain_rule(rule(age={"min": 45, "max": 75}), member(birth=date(1974, 6, 15)), AS_OF)
    assert reasons == ["age 52 in 45-75"]
    assert explain_rule(rule(age={"min": 66}), member(birth=date(1956, 1, 1)), AS_OF) == ["age 70 >= 66"]


# ---------------------------------------------------------------- sex, conditions, medications


def test_sex_rule() -> None:
    women = rule(sex="F")
    assert rule_matches(women, member(sex="F"), AS_OF)
    assert not rule_matches(women, member(sex="M"), AS_OF)


def test_conditions_any_all_none() -> None:
    both = member(conditions=("diabetes", "hypertension"))
    assert rule_matches(rule(conditions_any=["ckd", "diabetes"]), both, AS_OF)
    assert not rule_matches(rule(conditions_any=["ckd"]), both, AS_OF)
    assert rule_matches(rule(conditions_all=["diabetes", "hypertension"]), both, AS_OF)
    assert not rule_matches(rule(conditions_all=["diabetes", "ckd"]), both, AS_OF)
    assert not rule_matches(rule(conditions_any=["diabetes"], conditions_none=["hypertension"]), both, AS_OF)
    assert rule_matches(rule(conditions_any=["diabetes"], conditions_none=["ckd"]), both, AS_OF)
    assert explain_rule(rule(conditions_any=["diabetes"]), both, AS_OF) == ["has diabetes"]


def test_medications_must_be_active_on_as_of() -> None:
    on_it = MedicationRecord("metoprolol", "beta_blocker", start_date=date(2026, 1, 1))
    stopped = MedicationRecord("metoprolol", "beta_blocker", stop_date=date(2026, 10, 31))
    future = MedicationRecord("metoprolol", "beta_blocker", start_date=date(2026, 11, 2))
    wants = rule(medications_any=["beta_blocker", "statin"])
    assert explain_rule(wants, member(medications=(on_it,)), AS_OF) == ["takes beta blocker"]
    assert not rule_matches(wants, member(medications=(stopped,)), AS_OF)
    assert not rule_matches(wants, member(medications=(future,)), AS_OF)


# ---------------------------------------------------------------- events


DISCHARGE_30 = rule(events_any=[{"kind": "hospital_discharge", "within_days": 30}])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (days_ago(30), False),  # exactly within_days before: outside (as_of - 30, as_of]
        (days_ago(29), True),
        (AS_OF, True),
        (AS_OF + timedelta(days=1), False),  # after as_of
    ],
)
def test_event_window_boundaries(day: date, expected: bool) -> None:
    assert rule_matches(DISCHARGE_30, member(observations=(obs("hospital_discharge", day),)), AS_OF) is expected


def test_event_day_is_the_member_local_day() -> None:
    # 17:00 UTC on day 30-before is already the next day (day 29-before) in Shanghai.
    late = obs("hospital_discharge", days_ago(30), at=time(17, 0))
    assert rule_matches(DISCHARGE_30, member(observations=(late,)), AS_OF)
    assert not rule_matches(DISCHARGE_30, member(observations=(late,), timezone="UTC"), AS_OF)


def test_event_reason_names_the_latest_date() -> None:
    snapshot = member(
        observations=(obs("hospital_discharge", date(2026, 10, 5)), obs("hospital_discharge", days_ago(28)))
    )
    assert explain_rule(DISCHARGE_30, snapshot, AS_OF) == ["hospital discharge on 2026-10-05 (within 30 days)"]


MI_DISCHARGE = rule(
    events_any=[{"kind": "hospital_discharge", "within_days": 180, "diagnosis_prefixes": ["I21", "I22"]}]
)


@pytest.mark.parametrize(
    ("diagnosis", "expected"),
    [("I21.4", True), ("i214", True), ("I10, I22.0", True), ("I10", False), ("", False), ("J18.9", False)],
)
def test_diagnosis_prefixes(diagnosis: str, expected: bool) -> None:
    record = obs("hospital_discharge", days_ago(100), diagnosis=diagnosis)
    assert rule_matches(MI_DISCHARGE, member(observations=(record,)), AS_OF) is expected


def test_diagnosis_needed_when_prefixes_given() -> None:
    assert not rule_matches(MI_DISCHARGE, member(observations=(obs("hospital_discharge", days_ago(5)),)), AS_OF)
    hit = member(observations=(obs("hospital_discharge", date(2026, 7, 1), diagnosis="I21.4"),))
    assert explain_rule(MI_DISCHARGE, hit, AS_OF) == ["hospital discharge on 2026-07-01 (I21.4, within 180 days)"]


# ---------------------------------------------------------------- any_of, all_of, everyone


def test_any_of_needs_one_branch() -> None:
    either = rule(age={"min": 18}, any_of=[{"conditions_any": ["obesity"]}, {"sex": "M"}])
    assert rule_matches(either, member(sex="M"), AS_OF)
    assert rule_matches(either, member(sex="F", conditions=("obesity",)), AS_OF)
    assert not rule_matches(either, member(sex="F"), AS_OF)
    assert not rule_matches(either, member(sex="M", birth=date(2015, 1, 1)), AS_OF)


def test_nested_all_of_and_any_of() -> None:
    not_all_three = rule(
        all_of=[
            {"age": {"min": 45}},
            {"any_of": [{"conditions_none": ["diabetes"]}, {"conditions_none": ["hypertension"]}]},
        ]
    )
    assert rule_matches(not_all_three, member(conditions=("diabetes",)), AS_OF)
    assert not rule_matches(not_all_three, member(conditions=("diabetes", "hypertension")), AS_OF)


def test_everyone() -> None:
    assert explain_rule(rule(everyone=True), member(birth=date(2026, 1, 1)), AS_OF) == ["all insured members"]


# ---------------------------------------------------------------- measurements


BMI_36 = rule(measurement_at_least={"kind": "bmi", "value": 36})


def test_measurement_uses_latest_value_on_or_before_as_of() -> None:
    went_down = member(observations=(obs("bmi", days_ago(200), 38.0), obs("bmi", days_ago(10), 35.0)))
    assert not rule_matches(BMI_36, went_down, AS_OF)
    went_up = member(observations=(obs("bmi", days_ago(200), 30.0), obs("bmi", days_ago(10), 36.0)))
    assert explain_rule(BMI_36, went_up, AS_OF) == ["bmi 36.0 >= 36 (on 2026-10-22)"]
    future = member(observations=(obs("bmi", days_ago(10), 30.0), obs("bmi", AS_OF + timedelta(days=3), 40.0)))
    assert not rule_matches(BMI_36, future, AS_OF)


def test_bmi_derived_from_weight_and_height() -> None:
    heavy = member(observations=(obs("height", days_ago(300), 170.0), obs("weight", days_ago(3), 110.0)))
    reasons = explain_rule(BMI_36, heavy, AS_OF)  # 110 / 1.7^2 = 38.1
    assert reasons == ["bmi 38.1 >= 36 (from weight and height)"]
    lighter = member(observations=(obs("height", days_ago(300), 170.0), obs("weight", days_ago(3), 100.0)))
    assert not rule_matches(BMI_36, lighter, AS_OF)  # 34.6
    assert not rule_matches(BMI_36, member(observations=(obs("weight", days_ago(3), 110.0),)), AS_OF)


# ---------------------------------------------------------------- the real catalog


def test_diabetic_52_year_old() -> None:
    found = eligible_items(load_catalog(), member(birth=date(1974, 6, 15), conditions=("diabetes",)), AS_OF)
    by_number = {e.number: e for e in found}
    assert {1, 5, 14, 15, 16, 17, 18} <= set(by_number)
    assert not {11, 13, 19, 24} & set(by_number)
    assert by_number[17].code == "DKD_SCREEN"
    assert by_number[17].reasons == ("age 52 in 18-75", "has diabetes")
    assert [e.number for e in found] == sorted(by_number)


def test_diabetes_kidney_check_stops_after_75() -> None:
    assert 17 not in numbers(member(birth=date(1950, 1, 1), conditions=("diabetes",)))
    assert 14 in numbers(member(birth=date(1950, 1, 1), conditions=("diabetes",)))


def test_woman_70_with_recent_fracture_gets_osteoporosis_item() -> None:
    fracture = obs("fracture", days_ago(100), site="wrist")
    assert {12, 13} <= numbers(member(birth=date(1956, 3, 3), sex="F", observations=(fracture,)))
    assert 13 not in numbers(member(birth=date(1956, 3, 3), sex="M", observations=(fracture,)))
    old_fracture = obs("fracture", days_ago(181), site="wrist")
    assert 13 not in numbers(member(birth=date(1956, 3, 3), sex="F", observations=(old_fracture,)))


def test_one_year_old_gets_blood_lead_screening() -> None:
    assert 11 in numbers(member(birth=date(2025, 8, 1)))
    assert 11 not in numbers(member(birth=date(2024, 8, 1)))


def test_overweight_threshold() -> None:
    assert 2 in numbers(member(observations=(obs("bmi", days_ago(5), 37.0),)))
    assert 2 not in numbers(member(observations=(obs("bmi", days_ago(5), 30.0),)))
    assert 2 in numbers(member(conditions=("obesity",)))


def test_readmission_item_needs_a_listed_diagnosis() -> None:
    pneumonia = obs("hospital_discharge", days_ago(10), diagnosis="J18.9")
    hip_fracture = obs("hospital_discharge", days_ago(10), diagnosis="S72.0")
    assert {41, 42} <= numbers(member(observations=(pneumonia,)))
    found = numbers(member(observations=(hip_fracture,)))
    assert 41 in found and 42 not in found


def test_beta_blocker_after_mi() -> None:
    recent_mi = obs("hospital_discharge", days_ago(100), diagnosis="I21.0")
    old_mi = obs("hospital_discharge", days_ago(400), diagnosis="I21.0")
    assert 29 in numbers(member(observations=(recent_mi,)))
    assert 29 not in numbers(member(observations=(old_mi,), conditions=("post_mi",)))
    on_bb = MedicationRecord("bisoprolol", "beta_blocker")
    assert 29 in numbers(member(observations=(old_mi,), conditions=("post_mi",), medications=(on_bb,)))


def test_stroke_home_care() -> None:
    discharge = obs("hospital_discharge", days_ago(10), diagnosis="R55")
    assert 40 in numbers(member(conditions=("stroke",), observations=(discharge,)))
    assert 40 not in numbers(member(observations=(discharge,)))
    stroke_stay = obs("hospital_discharge", days_ago(10), diagnosis="I63.9")
    assert 40 in numbers(member(observations=(stroke_stay,)))
    assert 40 not in numbers(member(conditions=("stroke",)))


def test_advance_care_planning() -> None:
    assert 37 in numbers(member(birth=date(1944, 1, 1)))
    assert 37 not in numbers(member(birth=date(1955, 1, 1)))
    assert 37 in numbers(member(birth=date(1955, 1, 1), conditions=("heart_failure",)))
    assert {38, 39} <= numbers(member(birth=date(1960, 1, 1)))


def test_cardiometabolic_screening_skips_members_with_all_three() -> None:
    assert 10 in numbers(member(birth=date(1974, 6, 15), conditions=("diabetes", "hypertension")))
    all_three = ("diabetes", "hypertension", "hyperlipidaemia")
    assert 10 not in numbers(member(birth=date(1974, 6, 15), conditions=all_three))
    assert 10 not in numbers(member(birth=date(1996, 1, 1)))
    assert 10 in numbers(member(birth=date(1996, 1, 1), conditions=("smoking",)))


def test_everyone_items_always_apply() -> None:
    assert {1, 5} <= numbers(member(birth=date(2026, 10, 1)))
