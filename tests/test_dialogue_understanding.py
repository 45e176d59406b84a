"""Understanding what members write (found by blind_l): Hubei and Wu question words, low mood said with fillers or
beside a health word, "and the sugar?" after an own-data question, off-topic dates and homework, and a symptom asked as
"normal?" beside the medicine it names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coach.dialogue.acts import classify, detect_intent
from coach.dialogue.topics import detect_topic
from coach.triage.dialect import read_as_mandarin
from evals.triage.runner import build_member
from tests.test_dialogue import ANSWERER, talk


@pytest.mark.parametrize(("text", "mandarin"), [
    ("那过早吃么事好些", "那过早吃什么好些"), ("好久查一次", "多久查一次"), ("么样才不会忘", "怎样才不会忘"),
    ("社区医院查得了伐", "社区医院查得了吗"), ("为啥血压不高的辰光也要天天吃", "为啥血压不高的时候也要天天吃"),
    # the Mandarin strings around them are left alone
    ("什么事", "什么事"), ("怎么样", "怎么样"), ("好久没查了", "好久没查了"), ("砍伐树木", "砍伐树木"),
])
def test_hubei_and_wu_question_words_read_as_mandarin(text: str, mandarin: str) -> None:
    assert read_as_mandarin(text) == mandarin


@pytest.mark.parametrize("text", ["好久查一次", "么样才不会忘", "社区医院查得了伐"])
def test_dialect_questions_are_follow_ups_not_small_talk(text: str) -> None:
    assert classify(text, has_topic_words=False).act == "follow_up"


@pytest.mark.parametrize("text", [
    "I'm so tired of all this. pills, scale, every day the same", "最近心里烦得很，血糖搞不好，么事都觉得冇得意思",
    "been very low since the fall. scared to go out now", "人老了冇得用，么事都记不住，心里冇得劲，一天到晚闷闷的",
    "feeling kind of flat lately. wife says I'm grumpy all the time",
])
def test_low_mood_with_fillers_or_beside_a_health_word_is_a_disclosure(text: str) -> None:
    has_topic = not detect_topic(text, None, ANSWERER.content.drugs).empty
    assert classify(text, has_topic_words=has_topic).act == "emotional"


@pytest.mark.parametrize("text", ["my sugar has been low this week, is that the insulin?", "I'm tired of waiting for the bus",
                                  "it's been low since I started the new pill, is 5.2 ok?"])
def test_low_readings_and_everyday_tiredness_are_not_low_mood(text: str) -> None:
    has_topic = not detect_topic(text, None, ANSWERER.content.drugs).empty
    assert classify(text, has_topic_words=has_topic).act != "emotional"


@pytest.mark.parametrize("text", ["阿拉孙子叫我帮他看道题，鸡兔同笼，侬会伐", "侬晓得今年中秋是几号伐",
                                  "can you recommend a good restaurant?", "what time is it in london"])
def test_dates_homework_and_restaurants_are_off_topic(text: str) -> None:
    assert classify(text, has_topic_words=False).act == "off_topic"


def test_where_to_book_in_northern_chinese_is_a_booking_question() -> None:
    assert detect_intent("那上哪儿约去？社区医院能做不？") == "how_to_book"


def test_and_the_sugar_after_an_own_data_question_asks_for_their_own_sugar() -> None:
    member = build_member({"age": 58, "sex": "M", "conditions": ["diabetes", "hypertension"], "medications": ["metformin"],
                           "observations": [{"kind": "blood_pressure", "systolic": 136, "diastolic": 84, "days_ago": 3},
                                            {"kind": "hba1c", "value": 7.6, "days_ago": 95}]}, "en")
    _, sugar = talk(member, "how's my bp looking lately", "and the sugar?")
    assert sugar is not None and 15 in sugar.cited_items and "7.6" in sugar.text


@pytest.mark.parametrize(("text", "member_drug", "said"), [
    ("比索洛尔吃了以后手脚冰冰冷，正常伐", "bisoprolol", "手脚发凉"),
    ("bisoprolol makes my hands cold, is that normal?", "bisoprolol", "cold hands"),
])
def test_a_symptom_asked_as_normal_beside_the_medicine_named_is_its_side_effect(text: str, member_drug: str, said: str) -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": [member_drug]},
                          "en" if text.isascii() else "zh")
    (reply,) = talk(member, text)
    assert reply is not None and said in reply.text.lower()


@pytest.mark.parametrize("text", ["他那个氨氯地平按时吃了吗？系统里头有记录没有？", "he admits he's been skipping the amlodipine lol",
                                  "has he been taking his amlodipine?", "李伯最近有冇按时食药"])
def test_asking_whether_the_medicine_was_taken_gets_the_dose_record(text: str) -> None:
    from datetime import timedelta

    from coach.members.snapshot import DoseLogRecord
    from tests.test_dialogue import NOW

    member = build_member({"age": 63, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]},
                          "en" if text.isascii() else "zh")
    logs = tuple(DoseLogRecord(medication_id=None, drug_class="ccb", day=(NOW - timedelta(days=d)).date(), taken=d % 2 == 0)
                 for d in range(1, 11))
    (reply,) = talk(replace(member, dose_logs=logs), text)
    assert reply is not None and ("5" in reply.text) and ("漏服" in reply.text or "missed" in reply.text)


@pytest.mark.parametrize("text", ["she's been a bit down since grandad passed, doesn't enjoy her garden anymore",
                                  "爷爷走了以后，她一直闷闷不乐"])
def test_a_relative_grieving_is_someone_else_s_low_mood(text: str) -> None:
    from coach.dialogue.acts import about_someone_else

    assert about_someone_else(text)
    assert not about_someone_else("since my husband passed I just cry all day and see no point")  # the writer's own


def test_how_not_to_forget_in_hubei_words_gets_the_habit_tips() -> None:
    member = build_member({"age": 63, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]}, "zh")
    _, reply = talk(member, "氨氯地平早上吃还是晚上吃", "么样才不会忘")
    assert reply is not None and ("闹钟" in reply.text or "药盒" in reply.text)
