"""The dialogue layer's content: answer cards per catalog item, the pharmacist's drug table and the
dietitian's diet table (`knowledge/cards/*.yaml`, `knowledge/drugs.yaml`, `knowledge/diet.yaml`).

Each is data written and sourced by people; this module only loads and checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.errors import CoachError

INTENTS = frozenset({"what_is", "who_needs", "why", "how_often", "target", "result_meaning", "prepare", "how_to_book",
                     "what_to_eat", "lifestyle", "missed_dose", "side_effect", "interaction", "next_steps"})
FACTS = frozenset({"gap", "bp", "glucose", "hba1c", "egfr", "uacr", "potassium", "ldl", "weight", "medications",
                   "adherence"})


class ContentInvalid(CoachError):
    code = "dialogue_content_invalid"


@dataclass(frozen=True)
class Card:
    id: str
    item: int
    intent: str
    questions: dict[str, tuple[str, ...]]
    answer: dict[str, str]
    facts: tuple[str, ...]
    source: str
    for_sex: str | None = None  # "F" or "M": about one sex's organs (cervical smears, PSA)


@dataclass(frozen=True)
class Drug:
    id: str
    names: tuple[str, ...]  # zh and en, lower-cased
    class_code: str
    label: dict[str, str]  # the class in words
    items: tuple[int, ...]
    fields: dict[str, dict[str, str]]  # timing, missed_dose, common_side_effects, ... -> {zh, en}
    source: str

    def text(self, key: str, language: str) -> str:
        return self.fields.get(key, {}).get(language, "")

    def name(self, language: str) -> str:
        """The name to say: the first Chinese name, or the first English one."""
        return self.names[0] if language == "zh" else next((n for n in self.names if n.isascii()), self.names[0])

    def matches(self, stored_name: str) -> bool:
        """A medication stored under this name is this drug."""
        lowered = stored_name.lower()
        return any(n and n in lowered for n in self.names)


@dataclass(frozen=True)
class DietAdvice:
    condition: str  # ckd | diabetes | heart_failure | hypertension
    topic: str  # a CKD stage (G3a) or a topic (salt, fluid, plate ...)
    fields: dict[str, dict[str, str]]  # advice / protein / potassium ... -> {zh, en}
    source: str


@dataclass(frozen=True)
class DialogueContent:
    cards: tuple[Card, ...] = ()
    drugs: tuple[Drug, ...] = ()
    diet: tuple[DietAdvice, ...] = ()
    by_item: dict[int, tuple[Card, ...]] = field(default_factory=dict)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


def _pair(raw: dict[str, Any], key: str) -> dict[str, str]:
    return {"zh": str(raw.get(f"{key}_zh") or ""), "en": str(raw.get(f"{key}_en") or "")}


def parse_cards(data: dict[str, Any], where: str) -> list[Card]:
    item = int(data.get("item", 0))
    if not 1 <= item <= 42:
        raise ContentInvalid(f"{where}: item must be 1-42")
    cards = []
    for raw in data.get("cards", []):
        intent = str(raw.get("intent"))
        if intent not in INTENTS:
            raise ContentInvalid(f"{where}: card {raw.get('id')} has unknown intent {intent!r}")
        facts = tuple(str(f) for f in raw.get("facts") or [])
        if unknown := [f for f in facts if f not in FACTS]:
            raise ContentInvalid(f"{where}: card {raw.get('id')} has unknown facts {unknown}")
        for_sex = raw.get("for_sex")
        if for_sex not in (None, "F", "M"):
            raise ContentInvalid(f"{where}: card {raw.get('id')} has for_sex {for_sex!r}, not F or M")
        cards.append(Card(
            id=str(raw["id"]), item=item, intent=intent,
            questions={"zh": tuple(raw.get("questions_zh") or ()), "en": tuple(raw.get("questions_en") or ())},
            answer=_pair(raw, "answer"), facts=facts, source=str(raw.get("source", "")), for_sex=for_sex))
    return cards


_DRUG_FIELDS = ("purpose", "timing", "missed_dose", "common_side_effects", "serious_side_effects", "interactions", "sick_day")


def parse_drugs(rows: list[dict[str, Any]]) -> list[Drug]:
    drugs = []
    for raw in rows:
        names = tuple(str(n).lower() for n in [*(raw.get("names_zh") or []), *(raw.get("names_en") or [])])
        drugs.append(Drug(
            id=str(raw["id"]), names=names, class_code=str(raw.get("class_code", "other")),
            label=_pair(raw, "class"), items=tuple(int(i) for i in raw.get("items") or []),
            fields={key: _pair(raw, key) for key in _DRUG_FIELDS}, source=str(raw.get("source", ""))))
    return drugs


def parse_diet(data: dict[str, Any]) -> list[DietAdvice]:
    advice = []
    for condition, rows in (data or {}).items():
        for raw in rows or []:
            topic = str(raw.get("stage") or raw.get("topic") or "")
            keys = {k[:-3] for k in raw if k.endswith("_zh")}
            advice.append(DietAdvice(condition, topic, {k: _pair(raw, k) for k in sorted(keys)},
                                     str(raw.get("source", ""))))
    return advice


def load_content(knowledge_dir: Path) -> DialogueContent:
    cards: list[Card] = []
    for path in sorted((knowledge_dir / "cards").glob("*.yaml")):
        cards.extend(parse_cards(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    drugs_path, diet_path = knowledge_dir / "drugs.yaml", knowledge_dir / "diet.yaml"
    drugs = parse_drugs(yaml.safe_load(drugs_path.read_text(encoding="utf-8"))) if drugs_path.exists() else []
    diet = parse_diet(yaml.safe_load(diet_path.read_text(encoding="utf-8"))) if diet_path.exists() else []
    by_item: dict[int, list[Card]] = {}
    for card in cards:
        by_item.setdefault(card.item, []).append(card)
    return DialogueContent(tuple(cards), tuple(drugs), tuple(diet), {k: tuple(v) for k, v in by_item.items()})
