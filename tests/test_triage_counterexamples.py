"""Counter-examples to this session's triage and dialogue mechanisms, found by reviewing the change: each new way
of reading a message as benign must leave the real emergency beside it untouched, and each new red flag must
leave everyday messages alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.dialogue.acts import about_someone_else, classify
from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.pipeline.output_checks import advises_dose_change
from coach.triage import TriageContext, TriageLevel, triage_message
from coach.triage.screen import read_screen_answer

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


def level(text: str, drugs: tuple[str, ...] = ()) -> TriageLevel | None:
    m = MemberSnapshot(member_id=6, sex="M", birth_date=date(1958, 2, 1), conditions=frozenset(),
                       medications=tuple(MedicationRecord(name=d, drug_class=d) for d in drugs), observations=())
    return triage_message(text, TriageContext(member=m, now=NOW)).level


@pytest.mark.parametrize("text", [
    "我妈上个月住院了 今天突然说不出话 嘴歪了",  # a past admission does not quiet a new stroke
    "我爸在医院门口突然倒地 叫不醒",
    "my dad was in hospital last week with pneumonia, now he is confused and can't breathe",
    "I think my dad just had a stroke",  # "had" with no time marker is happening now
    "my wife had a heart attack this afternoon",
    "去年中风过 今天早上起来右手一直没劲",  # a past stroke does not make a new weakness baseline
    "had a stroke last year and this morning my arm is still weak and my face is drooping",
    "I was watching a movie with my husband when he suddenly slurred his words and his face drooped",
    "could he be having a stroke? his face is drooping",
    "胸口压着痛 出冷汗 是不是就是心梗",
    "跟老板吵完架 胸口像压了块石头 左胳膊也麻 😅",  # a huff is not a laugh, and two symptoms are not a joke
    "考试完 头痛欲裂 看东西重影 哈哈",
    "刷牙的时候突然吐了一大口血",  # brushing, then vomiting a lot of blood
    "I was brushing my teeth and vomited a lot of blood",
    "早上起来左半边身子都麻了 可能是睡姿不对",  # half the body numb on waking is not an arm slept on
    "heart rate 150 and I feel faint",
])
def test_real_emergencies_beside_this_sessions_look_alikes_still_escalate(text: str) -> None:
    assert level(text) is E, text


@pytest.mark.parametrize("text", ["can we talk about suicide?", "I want to talk about suicide.",
                                  "Mum's bp is 230/130, what's the cut-off for A&E?"])
def test_first_person_requests_and_a_named_persons_reading_are_not_definitions(text: str) -> None:
    assert level(text) in (E, U), text


@pytest.mark.parametrize("text", [
    "吃了一整包方便面", "吃了一整袋花生 好撑", "我吃了一整瓶蜂蜜", "had a whole bottle of wine last night lol",
    "downed a whole bottle of gin", "ate a whole box of mandarin oranges",
    "今天多吃了一片西瓜", "又吃了一片面包", "医生说这个药要吃两次", "降压药早晚各吃两次", "胰岛素早晚打两次",
    "I had diarrhoea twice this morning",
])
def test_food_drink_and_schedules_are_not_overdoses(text: str) -> None:
    assert level(text) not in (E, U) or "poisoning" not in triage_message(
        text, TriageContext(member=None, now=NOW)).reasons, text


@pytest.mark.parametrize("answer", ["是的", "对的", "有的", "有的时候会", "有些时候会这么想", "有点"])
def test_the_usual_chinese_yes_answers_the_safety_question(answer: str) -> None:
    assert read_screen_answer(answer) == "yes"


def test_a_wish_not_to_wake_up_is_not_a_no_to_the_screen() -> None:
    assert read_screen_answer("not really, just wish i could sleep and never wake up") != "no"
    assert read_screen_answer("no one would miss me") != "no"


@pytest.mark.parametrize("text", ["冇心机做嘢", "乜都唔想做", "攰到唔想郁"])
def test_cantonese_low_mood_is_still_a_disclosure(text: str) -> None:
    assert classify(text, has_topic_words=False).act == "emotional"


@pytest.mark.parametrize("text", ["since my husband passed I just cry all day and see no point",
                                  "老伴走了以后 天天以泪洗面 觉得活着没劲"])
def test_grief_for_a_relative_is_the_writers_own_low_mood(text: str) -> None:
    assert not about_someone_else(text)


@pytest.mark.parametrize("text", ["吃了二甲双胍以后浑身没劲", "can I take my insulin on the flight?"])
def test_tiredness_beside_a_drug_and_a_flight_question_are_health_questions(text: str) -> None:
    assert classify(text, has_topic_words=True).act == "health_question", text


def test_stopping_a_medicine_for_two_days_is_still_dose_advice() -> None:
    assert advises_dose_change("你可以先停下这个药两天。")
    assert not advises_dose_change("关节痛就先停下运动，联系医生。")
