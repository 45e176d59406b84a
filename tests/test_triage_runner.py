"""The triage eval's case-context reader: every observation format the case files use."""

from __future__ import annotations

from evals.triage.runner import FIXED_NOW, build_member


def _pressure(observation: dict[str, object]) -> tuple[int | None, int | None, float | None]:
    member = build_member({"observations": [observation]}, "zh")
    record = member.observations[0]
    return record.systolic, record.diastolic, record.value


def test_blood_pressure_in_every_case_format() -> None:
    flat = {"kind": "blood_pressure", "systolic": 186, "diastolic": 112, "days_ago": 1}
    nested = {"kind": "blood_pressure", "value": {"systolic": 186, "diastolic": 112}, "days_ago": 1}
    systolic_in_value = {"kind": "blood_pressure", "value": 186, "diastolic": 112, "unit": "mmHg", "days_ago": 1}
    assert _pressure(flat) == _pressure(nested) == _pressure(systolic_in_value) == (186, 112, None)


def test_scalar_observations_keep_their_value_and_age() -> None:
    member = build_member({"observations": [{"kind": "potassium", "value": 6.1, "days_ago": 3}]}, "en")
    record = member.observations[0]
    assert (record.kind, record.value, record.systolic) == ("potassium", 6.1, None)
    assert (FIXED_NOW - record.observed_at).days == 3


def test_summary_marks_blind_sets_and_lists_every_case_file() -> None:
    from evals.triage.corpus import training_files
    from evals.triage.runner import BLIND_SETS, all_case_files, format_summary, run_triage_eval

    names = [p.name for p in all_case_files()]
    training = [p.name for p in training_files()]
    assert names[:len(training)] == training and "dev2.jsonl" in names
    assert set(names[len(training):]) <= set(BLIND_SETS) and not set(training) & set(BLIND_SETS)
    path = all_case_files()[0]
    table = format_summary([(path.name, run_triage_eval(path)), (f"{BLIND_SETS[0]} (both)", run_triage_eval(path))])
    rows = table.splitlines()[2:]
    assert "| tuning / training |" in rows[0] and "| blind measurement |" in rows[1]
