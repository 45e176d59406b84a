"""Training the act reader (`coach train acts`) from labelled conversation turns: deterministic, numpy only.

Each turn of a measured conversation set carries the act its writer meant. The signals are computed
the way the running coach computes them: the topic words from the drug table and catalogue lexicons
(no member, as the evaluator does), a reading from the measurement parser, a question from the act
rules' question words, and "after the screen" from the act of the turn before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coach.dialogue.act_model import BUCKETS, ActModel, Head, TurnSignals, act_features
from coach.dialogue.acts import ACTS, ASKING_ACTS, INTENTS, is_question, normalise
from coach.dialogue.content import Drug
from coach.dialogue.topics import detect_topic
from coach.measurements.parse import parse_measurements
from coach.sparse_softmax import fit, sparse_rows


@dataclass(frozen=True)
class ActExample:
    text: str  # normalised as the act rules read it
    signals: TurnSignals
    act: str
    intent: str | None  # what a question wants to know; None for other acts or when the writer gave none


def signals_of(text: str, drugs: Sequence[Drug], *, after_screen: bool) -> TurnSignals:
    return TurnSignals(has_topic_words=not detect_topic(text, None, drugs).empty,
                       has_reading=bool(parse_measurements(text)), question=is_question(text),
                       after_screen=after_screen)


def examples_from_conversations(conversations: Iterable[dict[str, Any]], drugs: Sequence[Drug]) -> list[ActExample]:
    out = []
    for conversation in conversations:
        previous = None
        for turn in conversation["turns"]:
            text = turn["text"]
            intent = turn.get("intent") if turn["act"] in ASKING_ACTS and turn.get("intent") in INTENTS else None
            out.append(ActExample(normalise(text), signals_of(text, drugs, after_screen=previous == "emotional"),
                                  turn["act"], intent))
            previous = turn["act"]
    return out


def data_hash(examples: Sequence[ActExample]) -> str:
    lines = sorted(f"{e.text}\t{e.act}\t{e.intent or ''}\t{int(e.signals.has_topic_words)}{int(e.signals.has_reading)}"
                   f"{int(e.signals.question)}{int(e.signals.after_screen)}" for e in examples)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def train(examples: Sequence[ActExample], progress: Callable[[str], None] = lambda _: None, *,
          buckets: int = BUCKETS) -> ActModel:
    targets = np.array([ACTS.index(e.act) for e in examples], dtype=np.int64)
    progress(f"{len(examples)} turns; per act: " + ", ".join(
        f"{act} {int(n)}" for act, n in zip(ACTS, np.bincount(targets, minlength=len(ACTS)), strict=True)))
    features = [act_features(e.text, e.signals, buckets) for e in examples]
    act = Head(*fit(sparse_rows(features), targets, len(ACTS), buckets, np.ones(len(examples), dtype=np.float32)), ACTS)
    progress("act head trained")
    asked = [i for i, e in enumerate(examples) if e.intent is not None]
    intent_targets = np.array([INTENTS.index(examples[i].intent or "") for i in asked], dtype=np.int64)
    intent = Head(*fit(sparse_rows([features[i] for i in asked]), intent_targets, len(INTENTS), buckets,
                       np.ones(len(asked), dtype=np.float32)), INTENTS)
    progress(f"intent head trained on {len(asked)} questions")
    return ActModel(buckets, act, intent, data_hash(examples))
