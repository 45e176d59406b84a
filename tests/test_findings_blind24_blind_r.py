"""Found by blind24 and blind_r (measured once, then opened): wording the coach misread, and follow-ups it
answered with the card it had just given.

- Hunan and south-western Mandarin: 冇得 / 没得 = 没有, 讲胡话 = 说胡话, 么子 / 啥子 = 什么.
- Clinical shorthand: substernal pressure, diaphoretic.
- A part played on stage is not the member's symptom now; a disease that put someone in hospital is in hospital care.
- Blood pressure said as "the top one" and "the bottom one".
- A follow-up gets the next card, not the one just given, and one with words of its own may leave the item.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.db import models as m
from coach.dialogue.answers import Answerer
from coach.dialogue.content import load_content
from coach.dialogue.step import converse
from coach.measurements.parse import parse_measurements
from coach.members.snapshot import MemberSnapshot
from coach.settings import REPO_ROOT
from coach.triage import TriageContext, TriageLevel, triage_message
from evals.triage.runner import build_member

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADULT = MemberSnapshot(member_id=1, sex="F", birth_date=date(1952, 3, 1), conditions=frozenset(), medications=(),
                       observations=())
E, U = TriageLevel.EMERGENCY, TriageLevel.URGENT


def level(text: str) -> TriageLevel | None:
    return triage_message(text, TriageContext(member=ADULT, now=NOW)).level


@pytest.mark.parametrize(("text", "expected"), [
    ("老倌子洗澡的时候倒在地上，喊他冇得反应", E),  # 冇得反应: no response
    ("我爸在床上喊他没得反应，呼吸好重", E),
    ("娭毑尿路感染好几天了，今天发冷打摆子，讲胡话", E),  # rigors and confusion: sepsis
    ("Husband 64, substernal pressure radiating to L jaw since 0930, diaphoretic, nauseous", E),
    ("retrosternal pain for 20 min, diaphoretic", E),
    ("我爸捂着胸口倒下去了", E),  # clutching the chest and collapsing
    ("我演一个老头的时候突然胸口好痛", E),  # the member's own pain, while acting
    ("she keeps saying her chest hurts", E),
    ("my dad is having a stroke right now, is it genetic?", E),  # a question beside a stroke happening now
    ("我爸刚才中风了，正在送医院", E),  # on the way is not in hospital yet
    # found by a review helper: frames must not hide what is happening now
    ("我爸中风了还没送医院", E), ("我爸脑梗了不愿意住院", E), ("我爸刚才中风了正在送医院", E),
    ("He's having a heart attack in the hospital car park!", E),
    ("He had depression years ago and keeps telling me he wants to die", E),
    ("Mum had a heart attack in 2019 and keeps telling me her chest hurts", E),
    ("我爸心口痛出冷汗的姿势要怎么摆", E), ("我妈突然倒地抽搐的姿势该怎么摆", E),
    ("宝宝发烧浑身紫斑按压不褪色能传染吗", E), ("Husband coughing up blood and short of breath - is it contagious?", E),
    ("婆婆拉黑便头晕会不会遗传", E), ("my grandson has crushing chest pain", E),
    ("Mom post-chemo day 9: T 38.9, HR 124, mottled knees", E),  # T for temperature
    ("fever 38.9, BP 84/50", E),  # fever with a systolic of 90 or less: sepsis
    ("发烧39度，心率140", E),  # fever with a pulse over 130
])
def test_dialect_and_shorthand_of_an_emergency_are_read(text: str, expected: TriageLevel) -> None:
    assert level(text) == expected


def test_ketoacidosis_on_an_sglt2_inhibitor_in_shorthand() -> None:
    on_sglt2 = build_member({"age": 66, "sex": "F", "conditions": ["diabetes"], "medications": ["sglt2"]}, "en")
    said = "Mom on Jardiance: N/V x1 day, Kussmaul-ish breathing, BG 11.2, urine ketones 3+"
    assert triage_message(said, TriageContext(member=on_sglt2, now=NOW)).level == E


def test_a_fever_with_an_ordinary_pulse_or_a_type_2_label_is_not_sepsis() -> None:
    assert level("fever 38.5, pulse 110") is None
    assert level("T 2 diabetes, sugar 8") is None


ON_BLOOD_THINNER = build_member({"age": 78, "sex": "F", "conditions": ["atrial_fibrillation"],
                                 "medications": ["anticoagulant"]}, "zh")


@pytest.mark.parametrize(("text", "expected"), [
    ("我刚才摔了一跤，屁股青了", U),  # a fall today on a blood thinner: seen today
    ("前几天摔了一跤 髋巴儿青了一坨 现在好多了", TriageLevel.ROUTINE),  # days ago and healing
    ("I slipped in the bathroom five days back, hip still a bit bruised, walking ok", TriageLevel.ROUTINE),
    ("前几天摔了一跤，今天头痛得厉害，吐了两次", E),  # a late bleed inside the head
    ("前几天摔了一跤，现在一直想睡觉", E),
    ("我前几天刚开始吃华法林，今天早上摔了一跤", U),  # the days-ago is about the medicine, the fall is today
    ("I started apixaban a few days back and fell in the bathroom this morning", U),
    ("my grandson fell off his bike, I have a headache", None),  # the fall is the grandson's
])
def test_a_fall_on_a_blood_thinner_by_when_and_what_followed(text: str, expected: TriageLevel | None) -> None:
    assert triage_message(text, TriageContext(member=ON_BLOOD_THINNER, now=NOW)).level == expected


@pytest.mark.parametrize("text", [
    "中风有么子先兆啊？我娭毑八十几岁了，想先学下怎么看",  # 么子 = 什么: a general question
    "心梗有啥子症状？想提前了解一下",
    "我们在排话剧，我演一个心脏病发作的老头，捂着胸口倒下去那个动作要怎么演才像？",
    "冇得胸痛，冇得气急，就是想问下血脂",
    "隔壁王奶奶昨天中风住院了，我这几天吓得不行，中风会遗传吗？",  # in hospital already; a question about heredity
    "my dad was admitted with a heart attack on Monday, does it run in families?",
    "had a bad hypo 2 yrs ago, ended up in hospital, now always carry glucose tabs",
    "Ended up in hospital with an asthma attack as a teenager. I'm 45 now",
    "他捂着胸口笑得不行", "柜子倒下来了，还好没砸到人", "手机冇得反应了", "打了针冇得反应", "你莫讲胡话，我好得很",
    "小孩发烧38.5，心率140，精神挺好",  # a child's pulse is not judged by the adult limit
])
def test_questions_plays_and_old_stories_are_not_red_flags(text: str) -> None:
    assert level(text) not in (E, U)


@pytest.mark.parametrize(("text", "pair"), [
    ("早上量血压了，上头一百四十八，下头九十二", (148, 92)),
    ("上面150下面94，刚量的", (150, 94)),
])
def test_blood_pressure_said_as_the_top_and_bottom_numbers(text: str, pair: tuple[int, int]) -> None:
    (bp,) = parse_measurements(text)
    assert (bp.kind, bp.systolic, bp.diastolic) == ("blood_pressure", *pair)


def test_above_and_below_without_two_numbers_are_not_a_reading() -> None:
    assert parse_measurements("上面说的那个药，下面还有一个") == []
    assert all(p.kind != "blood_pressure" for p in parse_measurements("心率上面120下面60"))


ANSWERER = Answerer(load_content(REPO_ROOT / "knowledge"))
TITLES = {"zh": {i: f"项目{i}" for i in range(1, 43)}, "en": {i: f"item {i}" for i in range(1, 43)}}


def talk(member: MemberSnapshot, eligible: set[int], *texts: str) -> list[str]:
    conversation = m.Conversation(member_id=1, channel="rest")
    replies = [converse(ANSWERER, text, member, conversation, [], eligible, TITLES, NOW, has_reading=False)
               for text in texts]
    return [r.text if r is not None else "" for r in replies]


def test_the_card_just_given_answers_a_follow_up_again_only_if_it_is_clearly_closest() -> None:
    from coach.dialogue.topics import Topic
    index = ANSWERER.index

    def chosen(text: str, intent: str, avoid: str | None = None) -> str | None:
        match = index.best(text, intent=intent, topic=Topic(6), follow_up=True, eligible={6}, open_gaps=(), avoid=avoid)
        return match.card.id if match else None

    first = chosen("and how often?", "how_often")
    assert first is not None and chosen("and how often?", "how_often", avoid=first) not in (None, first)
    # a question its card answers well still gets it, even straight after
    asked = "my FIT came back positive, what now"
    assert chosen(asked, "next_steps", avoid="06-fit-positive") == chosen(asked, "next_steps") == "06-fit-positive"


def test_a_follow_up_with_words_of_its_own_may_leave_the_item_in_view() -> None:
    faller = build_member({"age": 76, "sex": "F", "conditions": ["osteoporosis"]}, "zh")
    _, bathroom = talk(faller, {12, 13}, "骨质疏松要吃什么药？", "那浴室要怎么弄才不会滑倒")
    assert any(word in bathroom for word in ("防滑", "扶手"))


@pytest.mark.parametrize(("question", "words"), [
    ("what's a good bp cuff to buy, omron?", ("upper-arm",)),
    ("喝茶会不会让血压升高啊，我一天要泡好几泡", ("浓茶",)),
    ("my FIT came back negative, when do I do it again?", ("every year",)),
])
def test_common_questions_have_their_own_card(question: str, words: tuple[str, ...]) -> None:
    member = build_member({"age": 60, "sex": "M", "conditions": ["hypertension"]}, "en" if question.isascii() else "zh")
    (reply,) = talk(member, {6, 20}, question)
    assert all(w in reply for w in words), reply


def _hypertensive_missing_doses(language: str) -> MemberSnapshot:
    from dataclasses import replace
    from datetime import time, timedelta

    from coach.members.snapshot import DoseLogRecord, MedicationRecord
    member = build_member({"age": 63, "sex": "M", "conditions": ["hypertension"],
                           "observations": [{"kind": "blood_pressure", "systolic": 152, "diastolic": 96,
                                             "days_ago": 1}]}, language)
    amlodipine = MedicationRecord(name="Amlodipine", drug_class="ccb", times=(time(8, 0),), medication_id=7)
    logs = tuple(DoseLogRecord(medication_id=7, drug_class="ccb", day=NOW.date() - timedelta(days=d), taken=d % 2 == 0)
                 for d in range(8))
    return replace(member, medications=(amlodipine,), dose_logs=logs)


@pytest.mark.parametrize(("language", "question", "words"), [
    ("zh", "为什么会这么高，我都有在吃药啦", ("漏服", "氨氯地平")),
    ("en", "Why is my blood pressure still high? I take my tablets.", ("missed", "amlodipine")),
])
def test_why_it_is_still_high_names_the_missed_medicine(language: str, question: str, words: tuple[str, ...]) -> None:
    (reply,) = talk(_hypertensive_missing_doses(language), {19, 20}, question)
    assert all(w in reply for w in words), reply


def test_a_card_that_asks_for_the_members_medicines_names_them() -> None:
    (reply,) = talk(_hypertensive_missing_doses("zh"), {19, 20}, "降压药为什么要天天吃，不能血压高了再吃吗")
    assert "氨氯地平" in reply and "08:00" in reply


def test_a_bare_why_right_after_a_card_gets_another_card() -> None:
    first, why = talk(_hypertensive_missing_doses("zh"), {19, 20}, "我这血压老降不下来，我都有在吃药啦", "为什么？")
    assert first and why and first.split("\n")[0] != why.split("\n")[0]
