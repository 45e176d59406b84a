"""What blind_f showed (2026-12-07): statements that carry health content, plain low mood, own-status questions
and bare readings. Every message is a paraphrase written for the test, not a line of the set."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from coach.db import models as m
from coach.dialogue.acts import classify
from coach.dialogue.answers import Answerer
from coach.dialogue.content import load_content
from coach.dialogue.step import converse
from coach.dialogue.topics import detect_topic
from coach.measurements import parse_measurements
from coach.members.snapshot import ObservationRecord
from coach.pipeline.output_checks import advises_dose_change
from coach.settings import REPO_ROOT
from evals.triage.runner import build_member

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
ANSWERER = Answerer(load_content(REPO_ROOT / "knowledge"))
TITLES = {"zh": {i: f"项目{i}" for i in range(1, 43)}, "en": {i: f"item {i}" for i in range(1, 43)}}


@dataclass(frozen=True)
class Gap:
    item: int
    status: str
    due_date: date | None = None
    reason_zh: str = ""
    reason_en: str = ""


def talk(member: object, *texts: str, gaps: tuple[Gap, ...] = (), eligible: frozenset[int] = frozenset(range(1, 43)),
         reading: bool = False) -> list[object]:
    conversation = m.Conversation(member_id=1, channel="rest")
    return [converse(ANSWERER, text, member, conversation, gaps, eligible, TITLES, NOW,  # type: ignore[arg-type]
                     has_reading=reading and i == 0) for i, text in enumerate(texts)]


def act_of(text: str) -> str:
    return classify(text, has_topic_words=not detect_topic(text, None, ANSWERER.content.drugs).empty).act


@pytest.mark.parametrize("text", ["这阵子什么也不想做，只想在床上躺着", "kinda feeling meh about everything these days",
                                  "人老了干啥都不行，活着挺累的"])
def test_plain_low_mood_is_a_disclosure_not_a_remark(text: str) -> None:
    assert act_of(text) == "emotional"


@pytest.mark.parametrize("text", ["my feet have been a bit swollen the last few days", "这两天早上起来腿有点肿",
                                  "been getting headaches in the afternoons"])
def test_a_symptom_told_without_a_question_is_answered_not_thanked(text: str) -> None:
    assert act_of(text) == "health_question"


@pytest.mark.parametrize("text", ["药都按时吃上了，这周一顿没漏", "天天都按时吃，放心吧"])
def test_telling_how_the_medicines_are_going_is_a_reminder_reply(text: str) -> None:
    assert act_of(text) == "reminder_reply"


def test_a_weight_after_a_comma_in_chinese_numerals_is_read() -> None:
    (weight,) = parse_measurements("早上称了，七十一点五")
    assert weight.kind == "weight" and weight.value == 71.5
    assert parse_measurements("体重，我也记不清了") == []


@pytest.mark.parametrize(("text", "act"), [("我最近血糖是不是有点高", "own_data"), ("is my pressure ok these days?", "own_data"),
                                          ("我今年还有啥检查没做", "own_data"), ("which checks am I overdue for?", "own_data")])
def test_questions_about_ones_own_figures_are_own_data(text: str, act: str) -> None:
    assert act_of(text) == act


def test_an_own_weight_question_says_where_it_sits_in_the_members_range() -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"]}, "zh")
    weights = tuple(ObservationRecord(kind="weight", observed_at=NOW - timedelta(days=d), value=v)
                    for d, v in ((6, 62.0), (3, 62.4), (1, 63.4)))
    member = replace(member, observations=weights, weight_range_kg=(60.5, 63.0))
    (reply,) = talk(member, "我这几天体重是不是往上走了")
    assert reply is not None
    assert "63.4" in reply.text and "上限" in reply.text and "1.4" in reply.text


def test_the_due_list_puts_overdue_checks_before_lifestyle_programmes() -> None:
    member = build_member({"age": 58, "sex": "M", "conditions": ["diabetes"]}, "zh")
    gaps = (Gap(1, "due"), Gap(6, "due"), Gap(17, "overdue"))
    (reply,) = talk(member, "我今年还有啥检查没做", gaps=gaps)
    assert reply is not None and reply.cited_items[0] == 17
    (kidney,) = talk(member, "我那个肾的检查是不是该做了", gaps=gaps)
    assert kidney is not None and kidney.cited_items == (17,)


def test_a_bare_reading_sets_the_topic_for_a_comparison() -> None:
    member = build_member({"age": 64, "sex": "M", "conditions": ["hypertension"],
                           "observations": [{"kind": "blood_pressure", "value": 152, "diastolic": 96, "days_ago": 3}]}, "zh")
    _, compared = talk(member, "今天 145/92", "比前两天好点了吧", reading=True)
    assert compared is not None and "152/96" in compared.text


def test_a_doctor_changing_the_medicine_is_not_advice_to_the_member() -> None:
    assert not advises_dose_change("有这个反应告诉医生，医生可以给你换成别的降压药。")
    assert advises_dose_change("换成别的降压药吧。")
    assert not advises_dose_change("Your doctor may switch you to another tablet.")


def test_forgetting_when_away_gets_habit_tips() -> None:
    member = build_member({"age": 64, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]}, "zh")
    (reply,) = talk(member, "出门旅游那几天老是忘带药")
    assert reply is not None and any(w in reply.text for w in ("闹钟", "药盒", "提醒", "绑在一起"))


@pytest.mark.parametrize("text", ["腰疼的话能吃止痛片吗", "can I take some pain pills for my knee?"])
def test_a_painkiller_question_on_a_blood_thinner_names_the_safer_choice(text: str) -> None:
    member = build_member({"age": 79, "sex": "F", "conditions": ["atrial_fibrillation"], "medications": ["rivaroxaban"]},
                          "en" if text.isascii() else "zh")
    (reply,) = talk(member, text)
    assert reply is not None and any(w in reply.text for w in ("对乙酰氨基酚", "paracetamol"))
    assert any(w in reply.text for w in ("NSAID", "布洛芬"))


def test_a_symptom_that_is_a_known_side_effect_of_the_members_medicine_says_so() -> None:
    member = build_member({"age": 63, "sex": "M", "conditions": ["hypertension"], "medications": ["amlodipine"]}, "en")
    (reply,) = talk(member, "my ankles have been a bit puffy lately")
    assert reply is not None and "Common side effects" in reply.text and "ankle" in reply.text.lower()
    heart = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": ["furosemide"]}, "en")
    (other,) = talk(heart, "my ankles have been a bit puffy lately")
    assert other is None or "Common side effects" not in other.text  # not a furosemide effect: no such claim
    # Asked outright, the answer is the same: no medicine of theirs is known for it, so none is blamed.
    (asked,) = talk(heart, "could the swelling in my ankles be a side effect?")
    assert asked is None or "Furosemide" not in asked.text
    (known,) = talk(heart, "is peeing so much at night a side effect?")
    assert known is not None and "Furosemide" in known.text and "Common side effects" in known.text


def test_more_exercise_is_not_a_dose_change() -> None:
    assert not advises_dose_change("先请家庭医生确认合适的运动强度，再慢慢加量。")
    assert advises_dose_change("这个降压药可以自己加量。")


@pytest.mark.parametrize("text", ["我老头子今天去钓鱼了", "我家老伴眼镜又找不到了", "my legs carried me all the way up the hill today"])
def test_a_body_part_in_a_remark_is_not_a_health_question(text: str) -> None:
    assert act_of(text) == "small_talk"
