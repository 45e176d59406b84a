"""Choosing the answer card for a question: meaning (n-gram overlap with the card's member-style
questions, both languages), the intent, the topic, and the member's eligibility.

Weights were set on the development conversation set (evals/conversation/dev.jsonl), never on the
blind one.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coach.dialogue.content import Card, DialogueContent
from coach.dialogue.topics import Topic
from coach.retrieval.embeddings import Embedder
from coach.textfeatures import ngrams

INTENT_BONUS = 0.12
TOPIC_BONUS = 0.22  # the message names the item's subject itself
CARRIED_BONUS = 0.04  # a new question without a subject of its own: the last topic only breaks ties
ELIGIBLE_BONUS = 0.04
GAP_BONUS = 0.03
REPEAT_PENALTY = 0.1  # the card just given answers again only if it is clearly the closest
CONTEXT_WEIGHT = 0.3  # a bare follow-up: resemblance to the words that set the topic breaks ties within the item
NOT_ELIGIBLE_PENALTY = 0.10  # an item that does not apply to the member (item 18 for someone without diabetes)
# Words that bring the other sex into a question ("my wife's mammogram", 我老公的PSA): then a card about that sex's
# organs may answer.
_NAMES_THE_SEX = {
    "F": re.compile(r"乳腺|乳房|宫颈|hpv|tct|钼靶|妇科|(?<!其)她|老婆|妻子|媳妇|妈|女儿|(?<![a-z])(?:breast|mammo\w*|cervi\w*|smears?"
                    r"|pap|women|woman|wife|mum|mom|mother|daughter|sister)(?![a-z])", re.IGNORECASE),
    "M": re.compile(r"前列腺|psa|(?<!其)他|老公|丈夫|爸|儿子|(?<![a-z])(?:prostate|men|man|husband|dad|father|sons?|brother)(?![a-z])",
                    re.IGNORECASE)}
MIN_SIMILARITY = 0.16  # below this (and without topic + intent agreeing) no card answers
MIN_WITHIN = 0.12  # within the named item, a card this close answers even for another intent
ELSEWHERE_MARGIN = 0.15  # a card of another item this much closer to the question wins over the named item
OTHER_INTENT_MARGIN = 0.25  # the same item's card for another intent must be even closer (intents are guesses)
_SIZES = (2, 3)
ANSWER_WEIGHT = 0.5
# e5 cosine between a member's question and a card question: ~0.80 unrelated, ~0.95 a paraphrase.
EMBEDDING_FLOOR, EMBEDDING_SPAN = 0.82, 0.13
EMBEDDING_WEIGHT = 0.6  # blend with the n-gram similarity (measured on the dev conversations)


@dataclass(frozen=True)
class CardMatch:
    card: Card
    score: float
    similarity: float


class CardIndex:
    """`embedder`: the service's retrieval embedder. Card questions are embedded once per process, on
    first use (the embedding cache makes that a read after `coach ingest`); without it, n-grams alone."""

    def __init__(self, content: DialogueContent, embedder: Embedder | None = None) -> None:
        self.content = content
        self.embedder = embedder
        self._lock = threading.Lock()
        self._vectors: npt.NDArray[np.float32] | None = None
        self._owners: list[str] = []
        self._grams = [(card, [frozenset(ngrams(q, _SIZES)) for lang in ("zh", "en") for q in card.questions[lang]],
                        [frozenset(ngrams(card.answer[lang], _SIZES)) for lang in ("zh", "en")])
                       for card in content.cards]

    def _card_vectors(self) -> npt.NDArray[np.float32] | None:
        if self.embedder is None:
            return None
        with self._lock:
            if self._vectors is None:
                texts = [(card.id, q) for card in self.content.cards for lang in ("zh", "en") for q in card.questions[lang]]
                self._owners = [card_id for card_id, _ in texts]
                vectors = np.asarray(self.embedder.embed_passages([q for _, q in texts]), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                self._vectors = vectors / np.maximum(norms, 1e-9)
            return self._vectors

    def warm(self) -> int:
        """Embed the card questions now (ingest calls this so the first turn does not wait)."""
        vectors = self._card_vectors()
        return 0 if vectors is None else len(vectors)

    def meaning(self, text: str) -> dict[str, float]:
        """Per card, the best rescaled cosine between the text and one of its questions (0..1)."""
        vectors = self._card_vectors()
        if vectors is None or self.embedder is None or not text.strip():
            return {}
        query = np.asarray(self.embedder.embed_queries([text])[0], dtype=np.float32)
        cosines = vectors @ (query / max(float(np.linalg.norm(query)), 1e-9))
        out: dict[str, float] = {}
        for owner, cosine in zip(self._owners, cosines.tolist(), strict=True):
            scaled = min(max((cosine - EMBEDDING_FLOOR) / EMBEDDING_SPAN, 0.0), 1.0)
            if scaled > out.get(owner, 0.0):
                out[owner] = scaled
        return out

    def similarity(self, text: str) -> dict[str, float]:
        grams = self._ngram_similarity(text)
        meaning = self.meaning(text)
        if not meaning:
            return grams
        return {card_id: (1 - EMBEDDING_WEIGHT) * grams.get(card_id, 0.0) + EMBEDDING_WEIGHT * meaning.get(card_id, 0.0)
                for card_id in {*grams, *meaning}}

    def _ngram_similarity(self, text: str) -> dict[str, float]:
        query = ngrams(text, _SIZES)
        if not query:
            return {}
        out: dict[str, float] = {}
        for card, question_grams, answer_grams in self._grams:
            best = 0.0
            for grams in question_grams:
                if grams:
                    best = max(best, len(query & grams) / math.sqrt(len(query) * len(grams)))
            # The answer's own words count at half weight: "水果呢？" finds the card that talks about fruit.
            for grams in answer_grams:
                if grams:
                    best = max(best, ANSWER_WEIGHT * len(query & grams) / math.sqrt(len(query) * len(grams)))
            out[card.id] = best
        return out

    def best(self, text: str, *, intent: str, topic: Topic, follow_up: bool, eligible: Collection[int],
             open_gaps: Collection[int], carried: bool = False, context: str | None = None,
             sex: str | None = None, avoid: str | None = None, bare: bool = True) -> CardMatch | None:
        """`sex`: the member's; a card about the other sex's organs answers only when the message names them
        (a man asking about his wife's mammogram). `avoid`: the card the last reply gave; a member who asks on
        ("why is it so hard tho", "so when do I do it again") has read it and usually wants the next thing. `bare`: a
        follow-up with no words of its own ("为什么？"); one with its own ("浴室要怎么弄才不滑") may leave the item in
        view for a card that is clearly closer."""
        sims = self.similarity(text)
        context_sims = self.similarity(context) if context and follow_up else {}
        ranked: list[CardMatch] = []
        for card in self.content.cards:
            if follow_up and bare and topic.item is not None and card.item != topic.item:
                continue
            if card.for_sex and sex and card.for_sex != sex and not _NAMES_THE_SEX[card.for_sex].search(f"{text} {context or ''}"):
                continue
            sim = sims.get(card.id, 0.0)
            score = sim + CONTEXT_WEIGHT * context_sims.get(card.id, 0.0)
            score += INTENT_BONUS if card.intent == intent else 0.0
            bonus = CARRIED_BONUS if carried and not follow_up else TOPIC_BONUS
            score += bonus if topic.item is not None and card.item == topic.item else 0.0
            score += ELIGIBLE_BONUS if card.item in eligible else -NOT_ELIGIBLE_PENALTY
            score += GAP_BONUS if card.item in open_gaps else 0.0
            score -= REPEAT_PENALTY if follow_up and card.id == avoid else 0.0  # asked again: the same answer
            ranked.append(CardMatch(card, round(score, 4), round(sim, 4)))
        if not ranked:
            return None
        top = max(ranked, key=lambda m: m.score)
        if topic.item is not None and (follow_up or not carried):
            # The member named the subject (or follows up on it): answer within the named items when they have
            # a card for the intent or one that resembles the question; a near-copy elsewhere must not pull
            # the answer away, unless it is clearly closer to what was asked.
            named = {topic.item, *topic.also}
            within = [m for m in ranked if m.card.item in named]
            if within:
                # "general" is no intent at all; a real intent is still a guess, so a card of the item that
                # is clearly closer to the words asked ("子宫颈呢" within cancer screening) wins over it.
                # A bare "为什么？" right after a card is never answered with that card again, word for word.
                same_intent = [m for m in within if m.card.intent == intent and not (follow_up and bare and m.card.id == avoid)
                               ] if intent != "general" else []
                best_within = max(same_intent or within, key=lambda m: m.score)
                closest = max(within, key=lambda m: m.similarity)
                if same_intent and closest.similarity >= best_within.similarity + OTHER_INTENT_MARGIN:
                    best_within = closest
                margin = ELSEWHERE_MARGIN if top.card.item not in named else OTHER_INTENT_MARGIN
                clearly_elsewhere = not (follow_up and bare) and top.similarity >= best_within.similarity + margin
                if not clearly_elsewhere and (follow_up or same_intent or best_within.similarity >= MIN_WITHIN):
                    return best_within
        agrees = topic.item == top.card.item and top.card.intent == intent
        return top if top.similarity >= MIN_SIMILARITY or agrees else None
