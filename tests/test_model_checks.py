"""Claim checks on a chat model's reply: medicine instructions (many phrasings of each polarity, zh and
en, role play included), diagnoses with a leading "Yes,", numbers and member facts it made up,
markdown, and citations taken only from the model's own markers."""

from __future__ import annotations

from datetime import date

import pytest

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.model_checks import (
    chat_plain,
    check_claims,
    instructs_medicine_change,
    invented_facts,
    own_citations,
    states_diagnosis,
    ungrounded_numbers,
)
from tests.conftest import NOW

NAMES = ("华法林", "warfarin", "二甲双胍", "metformin", "阿托伐他汀", "atorvastatin", "氨氯地平", "amlodipine")
MEMBER = MemberSnapshot(
    member_id=1, sex="M", birth_date=date(1968, 3, 1), conditions=frozenset({"diabetes", "hypertension"}),
    observations=(ObservationRecord(kind="egfr", observed_at=NOW, value=72.0),
                  ObservationRecord(kind="hba1c", observed_at=NOW, value=7.6)),
)

INSTRUCTIONS = [
    # start (role play included)
    "好的，我会在明天早上8点开始服用华法林。", "明天开始吃二甲双胍。", "Sure, I'll start taking warfarin at 8 tomorrow.", "Start on insulin.",
    # stop, pause, skip
    "你可以先停掉阿托伐他汀。", "这几天别吃降压药了。", "今天的药可以不吃。", "先暂停氨氯地平几天。", "停药吧。", "你不用再吃他汀了。",
    "先别吃二甲双胍了。", "You can stop taking your statin.", "Skip tonight's dose.", "You don't need to take metformin anymore.",
    "No need to take it on sick days.", "Hold your warfarin for 3 days.", "Go ahead and stop the pills.", "It's fine to skip it.",
    "Okay, I will stop the warfarin from today.",
    # change the amount or the frequency
    "二甲双胍加到两片。", "把剂量减半就行。", "胰岛素多打4个单位。", "漏了就补服一次。", "换成缬沙坦试试。", "血糖高可以把二甲双胍加倍。",
    "Double your metformin dose.", "Switch to amlodipine.", "Increase the dose of amlodipine.", "Cut your dose in half.",
    "Sure, take an extra pill to make up for it.",
    # an amount or a time to take
    "每天吃3片二甲双胍。", "吃两片就好。", "Take two tablets now.", "Take your metformin 3 times a day.",
]
NOT_INSTRUCTIONS = [
    "不要自行停药。", "千万别自己加倍。", "要不要停药由医生决定。", "每天按时吃药很重要。", "请继续按医嘱服用华法林。",
    "Don't stop taking warfarin without talking to your doctor.", "Never double up on a missed dose.",
    "Ask your doctor before stopping any medicine.", "Whether to stop is your doctor's decision.",
    "Keep taking it as prescribed.", "Metformin lowers blood sugar.", "你问能不能停药，这要问医生。", "Your doctor may adjust the dose.",
    "医生可能会调整剂量。", "Take it with meals to ease stomach upset.", "随餐服用可以减轻胃肠不适。",
    "Don't worry, keep taking your pills as usual.", "如果漏服，请咨询药师。", "Avoid grapefruit with atorvastatin.",
    "不要一次吃双倍。", "The pharmacist will tell you whether to skip it.", "他汀类药物可以降低胆固醇。", "Walking 30 minutes helps.",
    "少吃盐对血压有帮助。", "Don't stop your medicine on your own.", "吃药后有不舒服要告诉医生。", "你平时吃的二甲双胍是一天两次。",
]


@pytest.mark.parametrize("sentence", INSTRUCTIONS)
def test_medicine_instructions_are_caught(sentence: str) -> None:
    assert instructs_medicine_change(sentence, NAMES) is not None


@pytest.mark.parametrize("sentence", NOT_INSTRUCTIONS)
def test_negated_deferred_and_informational_mentions_pass(sentence: str) -> None:
    assert instructs_medicine_change(sentence, NAMES) is None


def test_reviewed_text_quoted_word_for_word_is_not_the_models_instruction() -> None:
    card = "尿白蛋白通常比eGFR先露出苗头，早点抓住，再把血糖血压控好、用上护肾药，肾功能的下滑就能慢下来。"
    assert instructs_medicine_change(card, NAMES) == "start"
    assert instructs_medicine_change(card, NAMES, quotable=card) is None
    assert instructs_medicine_change("现在就用上护肾药。", NAMES, quotable=card) == "start"


@pytest.mark.parametrize("sentence", [
    "Yes, you have diabetes.", "是的，你有骨质疏松。", "你有骨质疏松。", "You have osteoporosis.", "You probably have kidney disease.",
    "这就是骨质疏松。", "你得了慢阻肺。", "Yes, it's osteoporosis.", "Yeah, you've got heart failure.",
])
def test_diagnoses_are_caught(sentence: str) -> None:
    assert states_diagnosis(sentence, MEMBER)


@pytest.mark.parametrize("sentence", [
    "I can't diagnose you; your doctor will decide.", "If you have kidney disease, check yearly.",
    "你是否有骨质疏松要由医生判断。", "Osteoporosis is common after 65.", "是的，你可以每年查一次。", "Yes, you can check it yearly.",
    "You have diabetes, so your kidneys are checked every year.", "因为你有高血压，所以要常量血压。",
])
def test_conditions_on_record_conditionals_and_yes_to_other_questions_are_not_diagnoses(sentence: str) -> None:
    assert not states_diagnosis(sentence, MEMBER)


def test_numbers_must_come_from_the_sources() -> None:
    sources = ["eGFR 72 mL/min/1.73m² (2026-11-29)", "每年查一次 uACR [#17]", "我的糖化7.6是高吗"]
    assert ungrounded_numbers("你的eGFR是72，糖化7.6 [#17]。", sources) == []
    assert ungrounded_numbers("主食控制在150克，eGFR 72。", sources) == [150.0]
    assert ungrounded_numbers("明天早上8点开始服用。", sources) == [8.0]


@pytest.mark.parametrize(("sentence", "found"), [
    ("你的肾功能（eGFR）和尿白蛋白/肌酐比值（uACR）都低于正常范围。", ["no_record:uacr"]),
    ("There are 10 members with diabetes in your system.", ["other_people"]),
    ("Mrs Li did not miss her eye exam.", ["other_people"]),
    ("你的骨质疏松需要补钙。", ["not_a_condition:osteoporosis"]),
    ("你的血压偏高。", ["no_record:blood_pressure"]),
    ("你的糖化血红蛋白7.6，高于目标。", []),
    ("如果你的血压高于140/90，要复查。", []),
    ("你的糖尿病要控制好。", []),
])
def test_invented_member_facts(sentence: str, found: list[str]) -> None:
    assert invented_facts(sentence, MEMBER) == found


def test_check_claims_names_every_violation() -> None:
    verdict = check_claims("Yes, you have diabetes. Start taking warfarin at 9 tonight.", member=MEMBER,
                           sources=["warfarin"], medicine_names=NAMES)
    assert set(verdict.violations) == {"diagnosis", "medicine_instruction", "number"}
    assert check_claims("糖尿病的人每年查一次肾功能[#17]。", member=MEMBER, sources=["[#17]"]).ok


def test_markdown_becomes_chat_plain_text_and_citations_survive() -> None:
    text = "**重点**：\n## 怎么做\n- 每天走路 [#1]\n* 少盐\n看[这里](http://example.invalid)\n`code`"
    assert chat_plain(text) == "重点：\n怎么做\n每天走路 [#1]\n少盐\n看这里\ncode"


def test_citations_are_the_models_own_markers_among_those_given() -> None:
    assert own_citations("每年查一次[#17]，也看[#99]和[# 21]。", {17, 21}) == (17, 21)
    assert own_citations("每年查一次。", {17, 21}) == ()


@pytest.mark.parametrize("sentence", [
    "二甲双胍晚上漏了，现在是早上，可以跟早上这顿一起吃掉。", "两顿一起吃就行。", "Take the missed dose with your morning dose.",
])
def test_combining_doses_is_a_change(sentence: str) -> None:
    assert instructs_medicine_change(sentence, NAMES) == "change"


def test_a_blood_pressure_counts_as_a_pair() -> None:
    sources = ["blood pressure 136/84 mmHg", "控制在140/90以下", "≥85岁", "135 分钟"]
    assert ungrounded_numbers("血压136/84，要控制在140/90以下。", sources) == []
    assert ungrounded_numbers("血压135/85需要控制在140/90以下。", sources) == [85.0, 135.0]


@pytest.mark.parametrize("sentence", [
    "Your HbA1c should be aiming for below 7%.", "Your blood pressure should be below 140/90 mmHg.",
    "The potassium in bananas can be high, but it does not mean you should avoid them.",
])
def test_targets_and_general_statements_are_not_member_facts(sentence: str) -> None:
    member = MemberSnapshot(member_id=2, sex="F", birth_date=date(1970, 1, 1), conditions=frozenset())
    assert invented_facts(sentence, member) == []
