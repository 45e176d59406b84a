"""A member names their own medicine by what it does or misspells it; the coach still knows which one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coach.dialogue.content import load_content
from coach.dialogue.topics import detect_topic, drug_named
from coach.members.snapshot import MedicationRecord
from coach.settings import REPO_ROOT
from evals.triage.runner import build_member

DRUGS = load_content(REPO_ROOT / "knowledge").drugs


def member_on(*names: str) -> object:
    base = build_member({"age": 70, "sex": "F", "conditions": ["heart_failure", "hypertension"]}, "zh")
    return replace(base, medications=tuple(MedicationRecord(name=n, drug_class="") for n in names))


@pytest.mark.parametrize(("text", "names", "drug"), [
    ("I forgot my water pill this morning", ("呋塞米 20mg",), "furosemide"),
    ("妈妈的利尿药能晚上吃吗", ("呋塞米 20mg", "比索洛尔 2.5mg"), "furosemide"),
    ("can I take ibuprofen with my blood thinner", ("利伐沙班 15mg",), "rivaroxaban"),
    ("降压药早上吃还是晚上吃", ("氨氯地平 5mg", "阿托伐他汀 20mg"), "amlodipine"),
    ("那个护肾的药要一直吃吗", ("二甲双胍 500mg", "缬沙坦 80mg"), "valsartan"),
    ("does valsartin mess with my kidneys", ("缬沙坦 80mg",), "valsartan"),
    ("he keeps skipping his amlodapine", ("氨氯地平 5mg",), "amlodipine"),
    ("我妈的夫塞米能不能改晚上吃", ("呋塞米 20mg",), "furosemide"),
    ("我那血沙坦早上吃还是晚上吃好", ("缬沙坦 80mg",), "valsartan"),
])
def test_own_medicine_by_kind_or_misspelt(text: str, names: tuple[str, ...], drug: str) -> None:
    assert detect_topic(text, member_on(*names), DRUGS).drug == drug  # type: ignore[arg-type]


def test_a_medicine_found_by_its_kind_is_marked_so() -> None:
    by_kind = detect_topic("降压药早上吃还是晚上吃", member_on("氨氯地平 5mg"), DRUGS)  # type: ignore[arg-type]
    by_name = detect_topic("氨氯地平早上吃还是晚上吃", member_on("氨氯地平 5mg"), DRUGS)  # type: ignore[arg-type]
    assert by_kind.drug == by_name.drug == "amlodipine" and by_kind.drug_by_kind and not by_name.drug_by_kind


@pytest.mark.parametrize(("text", "names"), [
    ("降压药早上吃还是晚上吃", ("呋塞米 20mg", "比索洛尔 2.5mg")),  # two of hers lower BP: ask, do not guess
    ("I forgot my water pill", ("氨氯地平 5mg",)),  # she takes no diuretic
    ("my cat's medicine tastes bad", ("metformin 500mg",)),
    ("I went to the pharmacy and the parking was terrible", ("metformin 500mg",)),
])
def test_no_guess_when_the_kind_is_ambiguous_or_not_theirs(text: str, names: tuple[str, ...]) -> None:
    assert detect_topic(text, member_on(*names), DRUGS).drug is None  # type: ignore[arg-type]


def test_a_drug_they_do_not_take_is_only_found_by_its_real_name() -> None:
    assert drug_named("is warfarin safe with grapefruit", DRUGS, member_on("metformin 500mg")).id == "warfarin"  # type: ignore[arg-type, union-attr]
    assert drug_named("is warfrin safe", DRUGS, member_on("metformin 500mg")) is None  # type: ignore[arg-type]
