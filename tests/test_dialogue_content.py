"""The dialogue layer's content is complete, sourced, chat-sized and safe to say."""

from __future__ import annotations

from collections import Counter

import pytest

from coach.catalog.loader import load_catalog
from coach.dialogue.content import FACTS, INTENTS, ContentInvalid, load_content, parse_cards
from coach.members.vocabulary import DrugClass
from coach.settings import REPO_ROOT

CONTENT = load_content(REPO_ROOT / "knowledge")


def test_every_catalog_item_has_at_least_twelve_cards_in_both_languages() -> None:
    per_item = Counter(card.item for card in CONTENT.cards)
    assert sorted(per_item) == [item.number for item in load_catalog().items]
    assert min(per_item.values()) >= 12
    for card in CONTENT.cards:
        assert card.answer["zh"].strip() and card.answer["en"].strip(), card.id
        assert len(card.questions["zh"]) >= 2 and len(card.questions["en"]) >= 2, card.id
        assert card.source.strip(), card.id
        assert card.intent in INTENTS and set(card.facts) <= FACTS


def test_card_answers_fit_a_chat_bubble() -> None:
    for card in CONTENT.cards:
        assert len(card.answer["zh"]) <= 150, card.id
        assert len(card.answer["en"]) <= 320, card.id
        assert not card.answer["zh"].startswith("根据「") and "**" not in card.answer["zh"] + card.answer["en"], card.id


def test_card_ids_are_unique_and_items_use_several_intents() -> None:
    ids = [card.id for card in CONTENT.cards]
    assert len(ids) == len(set(ids))
    for item, cards in CONTENT.by_item.items():
        assert len({c.intent for c in cards}) >= 7, item


def test_the_pharmacists_table_covers_forty_drugs_with_every_field() -> None:
    assert len(CONTENT.drugs) >= 40
    classes = {d.class_code for d in CONTENT.drugs}
    assert classes <= {c.value for c in DrugClass}
    for wanted in ("antidiabetic", "insulin", "ras_antagonist", "beta_blocker", "diuretic", "statin",
                   "antiplatelet", "anticoagulant", "bronchodilator", "osteoporosis_treatment"):
        assert wanted in classes
    for drug in CONTENT.drugs:
        for key in ("timing", "missed_dose", "common_side_effects", "serious_side_effects", "interactions"):
            assert drug.text(key, "zh") and drug.text(key, "en"), (drug.id, key)
        assert drug.names and drug.source, drug.id


def test_the_dietitians_table_has_every_ckd_stage() -> None:
    stages = {d.topic for d in CONTENT.diet if d.condition == "ckd"}
    assert {"G1-G2", "G3a", "G3b", "G4", "G5"} <= stages
    for advice in (d for d in CONTENT.diet if d.condition == "ckd"):
        for field in ("protein", "potassium", "salt", "phosphate", "salt_substitute"):
            assert advice.fields[field]["zh"] and advice.fields[field]["en"], (advice.topic, field)
    assert {"diabetes", "heart_failure", "hypertension"} <= {d.condition for d in CONTENT.diet}


@pytest.mark.parametrize(("change", "message"), [
    ({"intent": "gossip"}, "unknown intent"),
    ({"facts": ["shoe_size"]}, "unknown facts"),
])
def test_a_bad_card_is_refused_with_a_message(change: dict[str, object], message: str) -> None:
    card = {"id": "01-x", "intent": "why", "questions_zh": ["为什么"], "questions_en": ["why"], "answer_zh": "因为",
            "answer_en": "because", "facts": [], "source": "test", **change}
    with pytest.raises(ContentInvalid, match=message):
        parse_cards({"item": 1, "cards": [card]}, "01.yaml")
