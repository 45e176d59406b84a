"""What blind14 (2026-12-07, fourth session) found: Cantonese and Hokkien wording, overdoses of any medicine,
ketoacidosis with a near-normal sugar, fast hearts, long fevers in small children, and guide rows the rules did not
read. (The benign readings tried the same day were withdrawn: see tests/test_triage_counterexamples.py.)

Every message here is a paraphrase written for the test, not a line of the blind set.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message
from coach.triage.dialect import read_as_mandarin

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


def level(text: str, drugs: tuple[str, ...] = (), conditions: tuple[str, ...] = ()) -> TriageLevel | None:
    m = MemberSnapshot(member_id=4, sex="F", birth_date=date(1960, 5, 1), conditions=frozenset(conditions),
                       medications=tuple(MedicationRecord(name=d, drug_class=d) for d in drugs), observations=())
    return triage_message(text, TriageContext(member=m, now=NOW)).level


def test_dialect_reading_keeps_the_length() -> None:
    text = "阿爷而家冇晒力 讲嘢黐脷根"
    assert len(read_as_mandarin(text)) == len(text)
    assert read_as_mandarin(text) == "阿爷现在没了力 说话大舌头"


@pytest.mark.parametrize(("text", "expected"), [
    ("我老豆头先半边面冇晒感觉 讲嘢黐脷根 十分钟前开始", E),  # Cantonese face numbness and slurred speech, now
    ("今朝冇心口痛 冇气促 报个平安", None),  # Cantonese negation
    ("佢冇头晕 冇呕 就系有啲攰", None),
])
def test_cantonese_symptoms_and_negations(text: str, expected: TriageLevel | None) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("孙女趁大人不在 把一整瓶降压药都吞了", E),
    ("grandad swallowed a whole pack of his amlodipine by mistake", E),
    ("早上的降糖药吃重复了 又吃了一遍", U),
    ("I had my gliclazide twice this morning, feel ok", U),
    ("阿公今仔日血压药食两摆", U),  # Hokkien: took it twice today
    ("我吃了一整盒饼干 有点撑", None),
    ("she ate a whole box of chocolates, lol", None),
    ("降压药一天吃两次对吗", None),
    ("I take my metformin twice a day with meals", None),
])
def test_overdoses_of_any_medicine(text: str, expected: TriageLevel | None) -> None:
    assert level(text) is expected


def test_ketoacidosis_on_an_sglt2_inhibitor_with_a_near_normal_sugar() -> None:
    assert level("吐了一晚上 肚子疼 呼吸又深又快 血糖才8", drugs=("dapagliflozin",), conditions=("diabetes",)) is E
    assert level("taking empagliflozin, throwing up since yesterday and my stomach hurts") is E
    # the same belly ache without the drug is not ketoacidosis
    assert level("吐了一晚上 肚子疼 血糖才8", conditions=("diabetes",)) is not E


@pytest.mark.parametrize(("text", "expected"), [
    ("手环显示心率165 头有点晕", E),  # over 150 with dizziness
    ("躺着休息 心率也有126 一直下不来", U),  # over 120 at rest
    ("跑完步心率126 歇一会就好了", R),
])
def test_fast_hearts(text: str, expected: TriageLevel | None) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("外孙三岁 发烧五天了 吃了退烧药还反复", U),
    ("my 2 year old has a temperature and refuses to drink anything", U),
    ("toddler has a fever and little red spots that don't fade when pressed", E),
    ("女儿两岁 昨天烧了一下 今天玩得挺好", None),
])
def test_small_children(text: str, expected: TriageLevel | None) -> None:
    assert level(text) is expected


@pytest.mark.parametrize("text", [
    "基金亏了 突然胸口剧痛 出冷汗😭",  # the laugh is missing and there is sweating: a report
    "刀就在我手里 别劝我",
])
def test_the_real_ones_beside_them_still_escalate(text: str) -> None:
    assert level(text) is E


def test_a_knife_in_the_kitchen_is_not_a_plan() -> None:
    assert level("刀在我手上 正在切菜呢") is None


@pytest.mark.parametrize("text", [
    "had a stroke in spring, and just now my right arm went weak again",
    "前年脑梗过 今天早上右腿突然没劲了",
    "I think my husband is having a heart attack",
])
def test_a_new_episode_after_a_past_one_still_escalates(text: str) -> None:
    assert level(text) is E


def test_a_typed_weight_is_judged_by_the_overnight_rule_as_a_posted_one_is() -> None:
    from datetime import timedelta

    from coach.members.snapshot import ObservationRecord
    history = tuple(ObservationRecord(kind="weight", observed_at=NOW - timedelta(days=d), value=v)
                    for d, v in ((1, 70.1), (2, 70.0)))
    m = MemberSnapshot(member_id=5, sex="F", birth_date=date(1950, 1, 1), conditions=frozenset({"heart_failure"}),
                       medications=(), observations=history)
    assert triage_message("[体重秤] 71.4kg", TriageContext(member=m, now=NOW)).level is U  # +1.3 kg overnight
    assert triage_message("[体重秤] 70.6kg", TriageContext(member=m, now=NOW)).level in (None, R)


@pytest.mark.parametrize(("text", "expected"), [
    ("血糖22 尿酮两个加号 口干", E),  # 16.7 or more with ketones
    ("吐了一天 一站起来眼前发黑 差点倒了", E),  # vomiting and blacking out on standing
    ("摔了一跤 躺在地上起不来了", E),
    ("已经想好了从楼顶跳下去", E),
])
def test_guide_rows_the_rules_did_not_read(text: str, expected: TriageLevel) -> None:
    assert level(text) is expected


def test_worse_swelling_in_heart_failure_is_urgent_even_if_breathing_is_as_usual() -> None:
    text = "my feet are a lot more swollen than last week, breathing same as usual"
    assert level(text, conditions=("heart_failure",)) is U


@pytest.mark.parametrize("text", [
    "公园里有个老人突然倒地 叫不醒",  # a stranger in front of the member, now: still 120
    "压着睡了一晚 左胳膊到现在还是没劲 抬不起来",  # weakness that stays is not pins and needles
    "my bp is 188/124 right now, what's the cut-off for going to A&E?",
])
def test_the_same_words_when_it_is_happening_now_still_escalate(text: str) -> None:
    assert level(text) in (E, U)
