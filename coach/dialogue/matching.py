"""Choosing the answer card for a question: meaning (n-gram overlap with the card's member-style
questions, both languages), the intent, the topic, and the member's eligibility.

Weights were set on the development conversation set (evals/conversation/dev.jsonl), never on the
blind one.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from coach.dialogue.content import Card, DialogueContent
from coach.dialogue.topics import Topic
from coach.textfeatures import ngrams

INTENT_BONUS = 0.12
TOPIC_BONUS = 0.22  # the message names the item's subject itself
CARRIED_BONUS = 0.04  # a new question without a subject of its own: the last topic only breaks ties
ELIGIBLE_BONUS = 0.04
GAP_BONUS = 0.03
MIN_SIMILARITY = 0.16  # below this (and without topic + intent agreeing) no card answers
MIN_WITHIN = 0.12  # within the named item, a card this close answers even for another intent
_SIZES = (2, 3)


@dataclass(frozen=True)
class CardMatch:
    card: Card
    score: float
    similarity: float


class CardIndex:
    def __init__(self, content: DialogueContent) -> None:
        self.content = content
        self._grams = [(card, [frozenset(ngrams(q, _SIZES)) for lang in ("zh", "en") for q in card.questions[lang]])
                       for card in content.cards]

    def similarity(self, text: str) -> dict[str, float]:
        query = ngrams(text, _SIZES)
        if not query:
            return {}
        out: dict[str, float] = {}
        for card, question_grams in self._grams:
            best = 0.0
            for grams in question_grams:
                if grams:
                    best = max(best, len(query & grams) / math.sqrt(len(query) * len(grams)))
            out[card.id] = best
        return out

    def best(self, text: str, *, intent: str, topic: Topic, follow_up: bool, eligible: Collection[int],
             open_gaps: Collection[int], carried: bool = False) -> CardMatch | None:
        sims = self.similarity(text)
        ranked: list[CardMatch] = []
        for card in self.content.cards:
            if follow_up and topic.item is not None and card.item != topic.item:
                continue
            sim = sims.get(card.id, 0.0)
            score = sim
            score += INTENT_BONUS if card.intent == intent else 0.0
            bonus = CARRIED_BONUS if carried and not follow_up else TOPIC_BONUS
            score += bonus if topic.item is not None and card.item == topic.item else 0.0
            score += ELIGIBLE_BONUS if card.item in eligible else 0.0
            score += GAP_BONUS if card.item in open_gaps else 0.0
            ranked.append(CardMatch(card, round(score, 4), round(sim, 4)))
        if not ranked:
            return None
        if topic.item is not None and (follow_up or not carried):
            # The member named the subject (or follows up on it): answer within that item when it has a card
            # for the intent or one that resembles the question; a near-copy elsewhere must not pull it away.
            within = [m for m in ranked if m.card.item == topic.item]
            if within:
                best_within = max(within, key=lambda m: m.score)
                if follow_up or best_within.card.intent == intent or best_within.similarity >= MIN_WITHIN:
                    return best_within
        top = max(ranked, key=lambda m: m.score)
        agrees = topic.item == top.card.item and top.card.intent == intent
        return top if top.similarity >= MIN_SIMILARITY or agrees else None
