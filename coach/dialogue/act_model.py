"""The learned act reader: which kind of turn a message is, and what a question wants to know, read from
its words and four signals.

Two softmax regressions (the act; for questions, the intent) over the message's hashed character and
word n-grams plus four signals the rules already compute (it names a topic of its own, it states a reading, it is put as a question,
the coach's last reply was the low-mood screen). Trained by `coach train acts` from the labelled
turns of the conversation sets that have been measured (never the untouched ones); the weights
file records the hash of the data it was trained on. Inference sums weight rows: no model load per
request, well under a millisecond.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.sparse_softmax import scores
from coach.textfeatures import ngrams

WEIGHTS_PATH = Path(__file__).with_name("act_model.npz")
BUCKETS = 1 << 15


@dataclass(frozen=True)
class TurnSignals:
    has_topic_words: bool
    has_reading: bool
    question: bool
    after_screen: bool


def act_features(text: str, signals: TurnSignals, buckets: int = BUCKETS) -> npt.NDArray[np.int64]:
    """Sorted, unique hashed buckets of the text's n-grams (numbers masked), the signals and a length band."""
    grams = ngrams(text, mask_digits=True)
    grams.update({f"s:topic={int(signals.has_topic_words)}", f"s:reading={int(signals.has_reading)}",
                  f"s:question={int(signals.question)}", f"s:screen={int(signals.after_screen)}",
                  f"s:length={min(len(text) // 10, 8)}"})
    mask = buckets - 1
    return np.unique(np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64, count=len(grams)))


@dataclass(frozen=True)
class Head:
    weights: npt.NDArray[np.float32]  # buckets x classes
    bias: npt.NDArray[np.float32]
    classes: tuple[str, ...]

    def probabilities(self, idx: npt.NDArray[np.int64]) -> dict[str, float]:
        return dict(zip(self.classes, map(float, scores(self.weights, self.bias, idx)), strict=True))


@dataclass(frozen=True)
class ActModel:
    buckets: int
    act: Head
    intent: Head  # trained on questions only (own data, health questions, follow-ups)
    data_hash: str

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> ActModel:
        with np.load(path, allow_pickle=False) as data:
            heads = [Head(data[f"{name}_weights"].astype(np.float32), data[f"{name}_bias"].astype(np.float32),
                          tuple(str(c) for c in data[f"{name}_classes"])) for name in ("act", "intent")]
            return cls(int(data["buckets"]), heads[0], heads[1], str(data["data_hash"]))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, buckets=np.int64(self.buckets), data_hash=np.array(self.data_hash),
                            act_weights=self.act.weights.astype(np.float16), act_bias=self.act.bias,
                            act_classes=np.array(self.act.classes),
                            intent_weights=self.intent.weights.astype(np.float16), intent_bias=self.intent.bias,
                            intent_classes=np.array(self.intent.classes))

    def read(self, text: str, signals: TurnSignals) -> tuple[dict[str, float], dict[str, float]]:
        """The probabilities of each act and of each intent."""
        idx = act_features(text, signals, self.buckets)
        return self.act.probabilities(idx), self.intent.probabilities(idx)

    def predict(self, text: str, signals: TurnSignals) -> str:
        acts, _ = self.read(text, signals)
        return max(acts, key=acts.__getitem__)


@lru_cache(maxsize=1)
def default_act_model() -> ActModel | None:
    """The committed act reader, loaded once per process; None if the weights file is missing."""
    return ActModel.load() if WEIGHTS_PATH.exists() else None
