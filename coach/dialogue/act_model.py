"""The learned act reader: which kind of turn a message is, read from its words and four signals.

A softmax regression over the message's hashed character and word n-grams plus four signals the
rules already compute (it names a topic of its own, it states a reading, it is put as a question,
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
class ActModel:
    buckets: int
    weights: npt.NDArray[np.float32]  # buckets x acts
    bias: npt.NDArray[np.float32]
    acts: tuple[str, ...]
    data_hash: str

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> ActModel:
        with np.load(path, allow_pickle=False) as data:
            return cls(int(data["buckets"]), data["weights"].astype(np.float32), data["bias"].astype(np.float32),
                       tuple(str(a) for a in data["acts"]), str(data["data_hash"]))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, buckets=np.int64(self.buckets), weights=self.weights.astype(np.float16),
                            bias=self.bias, acts=np.array(self.acts), data_hash=np.array(self.data_hash))

    def probabilities(self, text: str, signals: TurnSignals) -> dict[str, float]:
        p = scores(self.weights, self.bias, act_features(text, signals, self.buckets))
        return dict(zip(self.acts, map(float, p), strict=True))

    def predict(self, text: str, signals: TurnSignals) -> str:
        p = self.probabilities(text, signals)
        return max(p, key=p.__getitem__)


@lru_cache(maxsize=1)
def default_act_model() -> ActModel | None:
    """The committed act reader, loaded once per process; None if the weights file is missing."""
    return ActModel.load() if WEIGHTS_PATH.exists() else None
