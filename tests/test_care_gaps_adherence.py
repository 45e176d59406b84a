"""PDC from dose logs, the adherence items, beta-blocker persistence, asthma ratio and HF weight."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.adherence import needed_days, proportion_of_days_covered
from coach.care_gaps import GapStatus, evaluate
from coach.members.snapshot import DoseLogRecord, MedicationRecord, MemberSnapshot
from tests.test_care_gaps_rules import AS_OF, CATALOG, gap, items, member, obs

MET, DUE, OVERDUE = GapStatus.MET, GapStatus.DUE, GapStatus.OVERDUE
JAN1 = date(2026, 1, 1)


def med(drug_class: str, med_id: int = 1, start: date | None = None, stop: date | None = None) -> MedicationRecord:
    return MedicationRecord(f"drug-{med_id}", drug_class, start_date=start, stop_date=stop, medication_id=med_id)


def logs(drug_class: str, first: date, count: int, med_id: int = 1, taken: bool = True) -> tuple[DoseLogRecord, ...]:
    return tuple(DoseLogRecord(med_id, drug_class, first + timedelta(days=i), taken) for i in range(count))


def on_statin(*dose_logs: DoseLogRecord, start: date | None = None) -> MemberSnapshot:
    return member(conditions=("hyperlipidaemia",), medications=(med("statin", start=start),), dose_logs=dose_logs)


# ---------------------------------------------------------------- PDC arithmetic


def test_pdc_of_exactly_80_percent_is_adherent() -> None:
    start = date(2026, 11, 21)
    snapshot = on_statin(*logs("statin", start, 8), start=start)
    coverage = proportion_of_days_covered(snapshot, ("statin",), JAN1, AS_OF)
    assert coverage is not None
    assert (coverage.days, coverage.covered, coverage.percent, coverage.adherent) == (10, 8, 80, True)


def test_pdc_just_below_80_percent_is_not_adherent_and_not_rounded_up() -> None:
    start = date(2026, 11, 1)
    snapshot = on_statin(*logs("statin", start, 23), start=start)  # 23 of 30 days = 76.7 %
    coverage = proportion_of_days_covered(snapshot, ("statin",), JAN1, AS_OF)
    assert coverage is not None and not coverage.adherent and coverage.percent == 76


def test_a_day_counts_only_if_every_logged_dose_was_taken() -> None:
    day = date(2026, 11, 29)
    snapshot = on_statin(DoseLogRecord(1, "statin", day, True), DoseLogRecord(1, "statin", day, False),
                         DoseLogRecord(1, "statin", AS_OF, True), start=day)
    coverage = proportion_of_days_covered(snapshot, ("statin",), JAN1, AS_OF)
    assert coverage is not None and (coverage.days, coverage.covered, coverage.logged_days) == (2, 1, 2)


def test_days_without_a_log_are_not_covered_and_other_classes_do_not_count() -> None:
    start = date(2026, 11, 21)
    snapshot = member(medications=(med("statin", 1, start), med("antidiabetic", 2, start)),
                      dose_logs=logs("statin", start, 3) + logs("antidiabetic", start, 10, med_id=2))
    coverage = proportion_of_days_covered(snapshot, ("statin",), JAN1, AS_OF)
    assert coverage is not None and (coverage.days, coverage.covered) == (10, 3)


def test_denominator_follows_start_and_stop_dates_and_merges_overlaps() -> None:
    snapshot = member(medications=(med("antidiabetic", 1, date(2026, 3, 1), date(2026, 3, 10)),
                                   med("insulin", 2, date(2026, 3, 5), date(2026, 3, 20))))
    coverage = proportion_of_days_covered(snapshot, ("antidiabetic", "insulin"), JAN1, AS_OF)
    assert coverage is not None and (coverage.first_day, coverage.days) == (date(2026, 3, 1), 20)
    assert proportion_of_days_covered(snapshot, ("statin",), JAN1, AS_OF) is None


def test_unknown_start_date_counts_from_the_period_start() -> None:
    coverage = proportion_of_days_covered(on_statin(), ("statin",), JAN1, AS_OF)
    assert coverage is not None and coverage.days == 334


@pytest.mark.parametrize(("covered", "total", "needed"), [(8, 10, 0), (7, 10, 1), (0, 5, 4), (0, 6, 5)])
def test_needed_days_uses_integer_maths(covered: int, total: int, needed: int) -> None:
    assert needed_days(covered, total) == needed


# ---------------------------------------------------------------- adherence items


def test_statin_adherence_met_due_and_overdue() -> None:
    start = date(2026, 11, 21)
    good = gap(on_statin(*logs("statin", start, 10), start=start), 24)
    assert (good.status, good.due_date, good.indicators) == (MET, date(2026, 12, 31), {"statin_pdc80": True})
    # 5 of 10 days so far; 31 days left in the year: 80 % of 41 needs 33 covered, 28 more.
    behind = gap(on_statin(*logs("statin", start, 5), start=start), 24)
    assert (behind.status, behind.due_date) == (DUE, date(2026, 12, 4))
    assert behind.reason_zh == "今年他汀按时服药的天数占50%，低于目标80%"
    hopeless = gap(on_statin(*logs("statin", date(2026, 11, 1), 30, taken=False), start=date(2026, 1, 1)), 24)
    assert hopeless.status is OVERDUE
    assert "can no longer be reached" in hopeless.reason_en


def test_no_dose_logged_yet_is_due() -> None:
    result = gap(on_statin(), 24)
    assert (result.status, result.due_date) == (DUE, date(2026, 12, 31))
    assert result.reason_en == "No statin doses logged yet"


def test_no_medication_is_an_explicit_exclusion() -> None:
    report = evaluate(CATALOG, member(conditions=("diabetes",)), AS_OF)
    assert 14 not in {r.item for r in report.results}
    assert any(e.item == 14 and "antidiabetic" in e.reason for e in report.excluded)


def test_hypertension_adherence_reports_ras_pdc_separately() -> None:
    start = date(2026, 11, 21)
    snapshot = member(conditions=("hypertension",),
                      medications=(med("ras_antagonist", 1, start), med("diuretic", 2, start)),
                      dose_logs=logs("ras_antagonist", start, 10) + logs("diuretic", start, 10, 2, taken=False))
    result = gap(snapshot, 19)
    # Every day had a missed diuretic dose: 0 of 10 days, and 33 of 41 can no longer be reached.
    assert result.status is OVERDUE
    assert result.indicators == {"ras_pdc80": True}
    assert gap(snapshot, 20).indicators.get("antihypertensive_pdc80") is False


def test_antidepressant_continuation_after_180_days() -> None:
    start = AS_OF - timedelta(days=179)
    snapshot = member(conditions=("depression",), medications=(med("antidepressant", start=start),),
                      dose_logs=logs("antidepressant", start, 180))
    result = gap(snapshot, 26)
    assert result.status is MET
    assert result.indicators == {"antidepressant_continuation_rate": True}
    recent = member(conditions=("depression",), medications=(med("antidepressant", start=start + timedelta(1)),))
    assert gap(recent, 26).indicators == {"antidepressant_continuation_rate": False}


# ---------------------------------------------------------------- beta-blocker after MI (135 of 180 days)


def post_mi(days_ago: int, covered: int) -> MemberSnapshot:
    discharge = AS_OF - timedelta(days=days_ago)
    return member(observations=(obs("hospital_discharge", discharge, diagnosis="I21.4"),),
                  medications=(med("beta_blocker", start=discharge),),
                  dose_logs=logs("beta_blocker", discharge, covered))


def test_beta_blocker_persistence_met_at_135_days() -> None:
    result = gap(post_mi(150, 135), 29)
    assert result.status is MET
    assert result.indicators == {"beta_blocker_persistence": True}


def test_beta_blocker_persistence_due_while_reachable_overdue_when_not() -> None:
    reachable = gap(post_mi(100, 100), 29)  # 35 more needed, 79 days left in the window
    discharge = AS_OF - timedelta(days=100)
    assert (reachable.status, reachable.due_date) == (DUE, discharge + timedelta(days=179 - 34))
    late = gap(post_mi(170, 30), 29)  # 105 more needed, 9 days left
    assert late.status is OVERDUE


def test_beta_blocker_window_is_180_days_from_discharge() -> None:
    assert 29 in items(post_mi(179, 100))
    assert 29 not in items(post_mi(180, 100))  # no post-MI condition recorded: out of the target


# ---------------------------------------------------------------- asthma medication ratio


def test_asthma_ratio_of_controller_to_all_asthma_doses() -> None:
    meds = (med("inhaled_corticosteroid", 1), med("bronchodilator", 2))
    good = member(birth=date(1990, 1, 1), conditions=("asthma",), medications=meds,
                  dose_logs=logs("inhaled_corticosteroid", date(2026, 6, 1), 5) + logs("bronchodilator",
                                                                                        date(2026, 6, 1), 5, 2))
    assert gap(good, 32).status is MET
    poor = member(birth=date(1990, 1, 1), conditions=("asthma",), medications=meds,
                  dose_logs=logs("inhaled_corticosteroid", date(2026, 6, 1), 2) + logs("bronchodilator",
                                                                                        date(2026, 6, 1), 5, 2))
    assert gap(poor, 32).status is DUE
    assert gap(poor, 32).indicators == {"asthma_medication_ratio": False}
    no_controller = gap(member(birth=date(1990, 1, 1), conditions=("asthma",)), 32)
    assert no_controller.status is DUE and "controller" in no_controller.reason_en


# ---------------------------------------------------------------- heart-failure weight days in range


def hf(days_in_range: int, days_out: int = 0, weight_range: tuple[float, float] | None = (60.0, 64.0),
       last_gap: int = 0) -> MemberSnapshot:
    last = AS_OF - timedelta(days=last_gap)
    weights = [obs("weight", last - timedelta(days=i), 62.0) for i in range(days_in_range)]
    weights += [obs("weight", last - timedelta(days=days_in_range + i), 66.5) for i in range(days_out)]
    return member(conditions=("heart_failure",), observations=tuple(sorted(weights, key=lambda o: o.observed_at)),
                  weight_range=weight_range)


def test_hf_weight_in_range_on_24_of_30_days_is_met() -> None:
    assert gap(hf(24, 6), 31).status is MET
    result = gap(hf(23, 7), 31)
    assert (result.status, result.due_date) == (DUE, AS_OF)
    assert result.indicators == {"weight_in_range_80": False}


def test_hf_range_bounds_are_inclusive() -> None:
    weights = tuple(obs("weight", AS_OF - timedelta(days=i), 60.0 if i % 2 else 64.0) for i in range(24))
    snapshot = member(conditions=("heart_failure",), observations=weights, weight_range=(60.0, 64.0))
    assert gap(snapshot, 31).status is MET


def test_hf_three_days_without_weighing_is_overdue() -> None:
    result = gap(hf(10, last_gap=3), 31)
    assert (result.status, result.due_date) == (OVERDUE, AS_OF)
    assert gap(hf(10, last_gap=2), 31).status is DUE


def test_hf_without_a_target_range_asks_for_one() -> None:
    result = gap(hf(30, weight_range=None), 31)
    assert result.status is DUE
    assert "target weight range" in result.reason_en
