"""Found by blind_n (measured once, then opened): a sentence-final 不 asks a question in northern and south-western
Mandarin ("能去撸串不"), the dose record asked as "药吃得咋样" or "missed a few, yeah?", a reading's history asked as
"what's it been doing?", and supplements or a drink beside a blood thinner are an interaction question the pharmacist
answers from the drug table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from coach.dialogue.acts import classify, detect_intent
from coach.dialogue.topics import Topic, detect_topic
from coach.members.snapshot import DoseLogRecord, ObservationRecord
from coach.pipeline.member_facts import format_reading
from evals.triage.runner import build_member
from tests.test_dialogue import ANSWERER, talk


def act_of(text: str) -> str:
    has_topic = not detect_topic(text, None, ANSWERER.content.drugs).empty
    return classify(text, has_topic_words=has_topic).act


@pytest.mark.parametrize("text", ["周末想去吃火锅，能吃不", "我这岁数还用打疫苗不", "血糖仪晚上测准不", "下楼跳广场舞算运动不"])
def test_a_sentence_final_bu_asks_a_question(text: str) -> None:
    assert act_of(text) in ("health_question", "follow_up")


@pytest.mark.parametrize("text", ["我才不", "今天走了九千多步", "老伴叫我去医院，我偏不", "这种药我当然不"])
def test_a_statement_is_still_not_a_question(text: str) -> None:
    assert act_of(text) not in ("health_question", "follow_up")


@pytest.mark.parametrize("text", ["帮我看看最近降压药吃得怎么样", "我妈的药吃得咋样", "Missed a few, right?",
                                  "How has she been doing with her tablets?", "what has my weight been doing?"])
def test_asking_for_the_members_own_record_is_own_data(text: str) -> None:
    assert act_of(text) == "own_data"


@pytest.mark.parametrize("text", ["is omega-3 ok alongside it?", "能吃点银杏叶片吗"])
def test_supplements_and_a_drink_are_an_interaction_question(text: str) -> None:
    assert detect_intent(text) == "interaction"


@pytest.mark.parametrize(("text", "lang", "wanted"), [
    ("my daughter bought me omega-3 capsules, ok with my blood thinner?", "en", "supplements"),
    ("吃着利伐沙班，还能吃银杏叶片吗", "zh", "银杏"),
    ("do I have to stop eating spinach and greens now I'm on rivaroxaban?", "en", "spinach"),
    ("I'm on rivaroxaban. What about a glass of wine with dinner?", "en", "alcohol")])
def test_the_pharmacist_answers_supplements_and_greens_on_a_doac(text: str, lang: str, wanted: str) -> None:
    member = build_member({"age": 72, "sex": "F", "conditions": ["atrial_fibrillation"], "medications": ["rivaroxaban"]},
                          lang)
    (reply,) = talk(member, text)
    assert reply is not None and reply.role == "pharmacist" and wanted in reply.text


def test_a_beer_without_a_medicine_in_view_is_not_an_interaction_question() -> None:
    assert detect_intent("Can I still have a beer on the weekend?") != "interaction"


def test_the_dose_record_cites_the_adherence_item_of_the_medicine_in_view() -> None:
    member = replace(build_member({"age": 58, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]},
                                  "en"),
                     dose_logs=tuple(DoseLogRecord(1, "amlodipine", date(2026, 11, 20) + timedelta(days=i), i % 2 == 0)
                                     for i in range(10)))
    replies = talk(member, "my blood pressure target?", "Missed a few, yeah?")
    assert replies[-1] is not None and "missed 5 of them" in replies[-1].text and replies[-1].cited_items == (19,)


def test_a_dose_just_missed_gets_the_missed_dose_rule_even_when_forgetting_is_a_habit() -> None:
    member = build_member({"age": 64, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]}, "zh")
    (reply,) = talk(member, "氨氯地平今早又忘了，现在中午了还吃不吃")
    assert reply is not None and "双倍" in reply.text  # the missed-dose rule, not only habit tips


def test_by_the_way_starts_a_new_subject_unless_a_pronoun_points_back() -> None:
    member = build_member({"age": 72, "sex": "F", "conditions": ["atrial_fibrillation", "osteoporosis"],
                           "medications": ["rivaroxaban"]}, "zh")
    first, new = talk(member, "利伐沙班什么时候吃", "对了，怎么预防跌倒？")
    assert first is not None and first.topic.drug == "rivaroxaban"
    assert new is not None and new.topic.drug is None and new.role != "pharmacist"
    _, same = talk(member, "利伐沙班什么时候吃", "对了，它饭前吃还是饭后吃")
    assert same is not None and same.topic.drug == "rivaroxaban"


@pytest.mark.parametrize("text", ["Since the move I've been in a bit of a rut, can't see the point of getting dressed",
                                  "all these appointments are getting me down", "No, nothing like that. Just tired and a bit flat."])
def test_low_mood_in_everyday_english_idiom_is_a_disclosure(text: str) -> None:
    assert act_of(text) == "emotional"


@pytest.mark.parametrize("text", ["A bit low, 3.8 before lunch", "is 4.1 a bit low for me?", "my tyres are a bit flat",
                                  "the new tablets got me down from 160 to 135", "今天太热了不想出门", "戒烟以后抽烟没瘾了",
                                  "宝宝整天哭，是不是肠绞痛"])
def test_a_low_reading_or_a_flat_tyre_is_not_low_mood(text: str) -> None:
    assert act_of(text) != "emotional"


def test_a_man_is_not_answered_with_cervical_screening_but_may_ask_about_his_wifes() -> None:
    man = build_member({"age": 63, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]}, "zh")
    for sex in ("M", "F"):
        match = ANSWERER.index.best("癌症筛查多久做一次", intent="how_often", topic=Topic(6), follow_up=False,
                                    eligible={6}, open_gaps=(), sex=sex)
        assert match is not None and (sex == "F" or match.card.for_sex is None)
    (wife,) = talk(man, "我老婆45岁，乳腺检查多久做一次？")
    assert wife is not None and "乳腺" in wife.text


def test_a_drink_asked_about_after_the_blood_thinner_is_answered_for_that_medicine() -> None:
    member = build_member({"age": 78, "sex": "F", "conditions": ["atrial_fibrillation"], "medications": ["rivaroxaban"]},
                          "en")
    _, wine = talk(member, "when should I take my rivaroxaban?", "What about a glass of wine with dinner?")
    assert wine is not None and wine.role == "pharmacist" and "alcohol" in wine.text


@pytest.mark.parametrize("text", ["looking after mum from abroad, honestly it's getting to me", "I'm running on empty these days",
                                  "退休之后好冇瘾，成日唔想出街", "佢最近成日喊 话自己冇用"])
def test_a_carers_strain_and_cantonese_low_mood_are_disclosures(text: str) -> None:
    assert act_of(text) == "emotional"


def test_complaining_of_pain_all_day_is_not_low_mood() -> None:
    assert act_of("他整天喊腰疼，贴了膏药也不管用") != "emotional"


def test_one_half_of_a_blood_pressure_is_never_shown_as_none() -> None:
    systolic_only = ObservationRecord("blood_pressure", datetime(2026, 12, 1, 1, tzinfo=UTC), systolic=148)
    assert format_reading(systolic_only, "zh", "Asia/Shanghai") == "血压 收缩压148 mmHg（2026-12-01）"
    assert "None" not in format_reading(systolic_only, "en", "Asia/Shanghai")


def test_a_dose_record_question_with_nothing_logged_says_so() -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": ["furosemide"]}, "zh")
    (reply,) = talk(member, "我这礼拜药吃得咋样")
    assert reply is not None and "还没有记录过服药情况" in reply.text
