"""A question that names nothing of its own is about the subject already in view: words it shares with another item's
answer (空腹, book, 社区医院) do not move the conversation there (found by blind_k)."""

from __future__ import annotations

from coach.db import models as m
from coach.dialogue.step import converse
from evals.triage.runner import build_member
from tests.test_dialogue import ANSWERER, DIABETIC, NOW, TITLES, talk


def test_questions_without_a_subject_stay_on_the_kidney_check() -> None:
    replies = talk(DIABETIC, "我这肾功能是不是该查了？", "查之前用不用空腹？头天晚上还能喝两口不？", "那上哪儿约去？社区医院能做不？")
    assert all(r is not None for r in replies)
    assert [r.cited_items for r in replies] == [(17,), (17,), (17,)]  # type: ignore[union-attr]


def test_questions_without_a_subject_stay_on_the_screening() -> None:
    member = build_member({"age": 50, "sex": "F", "conditions": []}, "en")
    conversation = m.Conversation(member_id=1, channel="rest")
    texts = ("got a letter saying I'm due a bowel cancer screening, what actually is it?",
             "do I really need it tho? I feel totally fine", "how do I book it?")
    replies = [converse(ANSWERER, text, member, conversation, [], {6, 10}, TITLES, NOW, has_reading=False)
               for text in texts]
    assert [r.cited_items for r in replies if r is not None] == [(6,), (6,), (6,)]


def test_a_named_subject_still_moves_the_conversation() -> None:
    first, second = talk(DIABETIC, "我这肾功能是不是该查了？", "眼底检查多久做一次？")
    assert first is not None and second is not None and second.cited_items == (16,)


def test_a_symptom_asked_as_normal_is_read_as_a_side_effect_of_the_members_medicine() -> None:
    member = build_member({"age": 58, "sex": "M", "conditions": ["diabetes"], "medications": ["metformin"]}, "en")
    _, second = talk(member, "what's my HbA1c target?", "also it's been upsetting my stomach lately, bit of loose stool. normal?")
    assert second is not None and "metformin" in second.text.lower()


def test_taking_it_at_another_time_follows_the_medicine_in_view() -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": ["furosemide"]}, "en")
    _, second = talk(member, "what's the furosemide for?", "can she take it at night instead so it's less annoying in the day?")
    assert second is not None and "furosemide" in second.text.lower()
