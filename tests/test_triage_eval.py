from __future__ import annotations

from collections import Counter

import pytest

from coach.triage.models import REASON_CODES
from evals.triage.corpus import training_files
from evals.triage.runner import DEFAULT_CASES, LEVELS, format_report, load_cases, run_triage_eval

DEV2_CASES = DEFAULT_CASES.with_name("dev2.jsonl")


def test_case_file_is_well_formed() -> None:
    cases = load_cases()
    assert len(cases) >= 220
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for case in cases:
        assert case["text"].strip()
        assert case["lang"] in ("zh", "en", "mixed")
        assert case["expected_level"] in LEVELS
        assert set(case["expected_reasons"]) <= set(REASON_CODES)
        assert isinstance(case["tags"], list)
    levels = Counter(c["expected_level"] for c in cases)
    assert all(levels[level] > 0 for level in LEVELS)
    assert levels["none"] + levels["routine"] >= 70


def test_every_reason_is_covered_in_both_languages() -> None:
    """Across the training corpus (the rules' tuning cases and the net's training files)."""
    seen = {(r, c["lang"]) for path in training_files() for c in load_cases(path) for r in c["expected_reasons"]}
    for reason in REASON_CODES:
        assert (reason, "zh") in seen, reason
        assert (reason, "en") in seen, reason


def test_required_tags_are_present() -> None:
    tags = Counter(t for c in load_cases() for t in c["tags"])
    for tag in ("negation", "history", "third_person", "general_question", "numbers", "injection", "benign", "口语"):
        assert tags[tag] >= 3, tag


def test_triage_eval_thresholds() -> None:
    report = run_triage_eval()
    assert report.emergency_recall == 1.0, format_report(report)
    assert report.urgent_or_higher_recall >= 0.97, format_report(report)
    assert report.false_escalation_rate <= 0.05, format_report(report)
    assert report.benign_total >= 70


def test_format_report_is_markdown() -> None:
    text = format_report(run_triage_eval())
    assert "| emergency recall |" in text
    assert "| expected \\ predicted |" in text


def test_dev2_floors() -> None:
    """The second, blind-written tuning set (evals/triage/DEV2.md): keep what the general mechanisms reached."""
    report = run_triage_eval(DEV2_CASES)
    assert report.total == 240
    assert report.emergency_recall >= 0.97, format_report(report)
    assert report.urgent_or_higher_recall >= 0.98, format_report(report)
    assert report.false_escalation_rate <= 0.02, format_report(report)
    assert report.reason_recall >= 0.97, format_report(report)


@pytest.mark.parametrize("name", ["holdout.jsonl", "holdout2.jsonl"])
def test_earlier_holdouts_stay_clean(name: str) -> None:
    """Holdouts already used for tuning: no new red-flag rule may cost them recall or add false escalations."""
    report = run_triage_eval(DEFAULT_CASES.with_name(name))
    assert report.emergency_recall == 1.0, format_report(report)
    assert report.urgent_or_higher_recall == 1.0, format_report(report)
    assert report.false_escalation_rate == 0.0, format_report(report)
