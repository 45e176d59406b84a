"""The learned safety net: a raise-only classifier over the message's character n-grams.

Rules miss wording they have never seen; the net reads every message too and may only raise the
level, never lower it. It is a multinomial logistic regression on hashed character 1–3-grams and
word 1–2-grams (zh and en alike, dialect and typos included), trained reproducibly by
`coach train triage` from the labelled corpus; the weights file records the hash of the data it was
trained on. Inference is a sum of weight rows (numpy only, well under a millisecond), so it runs in
every turn without a model load per request.

Two heads share the features: the level (benign / urgent / emergency) and the reason code, used for
the safety question and the clinician's ticket. The nearest red-flag catalogue examples (cosine over
the same features) show the clinician why.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.measurements.parse import parse_measurements
from coach.sparse_softmax import scores
from coach.textfeatures import feature_indices
from coach.triage.models import TriageLevel

WEIGHTS_PATH = Path(__file__).with_name("safety_net.npz")
LEVEL_CLASSES = ("benign", "urgent", "emergency")
MIN_WORDS_CHARS = 3  # a message that is only a reading, "1", "72.5" or "ok" is the rules' alone

__all__ = ["LEVEL_CLASSES", "WEIGHTS_PATH", "NetVerdict", "SafetyNet", "default_net", "feature_indices"]
@dataclass(frozen=True)
class NetVerdict:
    level: TriageLevel | None  # what the net would raise to (None: benign)
    probabilities: dict[str, float]  # per level class
    reason: str  # the most likely reason code among red flags
    reason_probability: float


@dataclass(frozen=True)
class SafetyNet:
    buckets: int
    level_weights: npt.NDArray[np.float32]  # buckets x levels
    level_bias: npt.NDArray[np.float32]
    reason_weights: npt.NDArray[np.float32]  # buckets x reasons
    reason_bias: npt.NDArray[np.float32]
    reasons: tuple[str, ...]
    urgent_threshold: float  # P(urgent) + P(emergency) at or above: urgent
    emergency_threshold: float  # P(emergency) at or above: emergency
    data_hash: str

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> SafetyNet:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                buckets=int(data["buckets"]),
                level_weights=data["level_weights"].astype(np.float32),
                level_bias=data["level_bias"].astype(np.float32),
                reason_weights=data["reason_weights"].astype(np.float32),
                reason_bias=data["reason_bias"].astype(np.float32),
                reasons=tuple(str(r) for r in data["reasons"]),
                urgent_threshold=float(data["thresholds"][0]),
                emergency_threshold=float(data["thresholds"][1]),
                data_hash=str(data["data_hash"]),
            )

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, buckets=np.int64(self.buckets), level_weights=self.level_weights.astype(np.float16),
            level_bias=self.level_bias, reason_weights=self.reason_weights.astype(np.float16),
            reason_bias=self.reason_bias, reasons=np.array(self.reasons),
            thresholds=np.array([self.urgent_threshold, self.emergency_threshold]), data_hash=np.array(self.data_hash))

    def probabilities(self, text: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return self._scores(words_only(text))

    def _scores(self, words: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        idx = feature_indices(words, self.buckets, mask_digits=True)
        return scores(self.level_weights, self.level_bias, idx), scores(self.reason_weights, self.reason_bias, idx)

    def assess(self, text: str) -> NetVerdict:
        words = words_only(text)
        if content_length(words) < MIN_WORDS_CHARS:
            return NetVerdict(None, {"benign": 1.0, "urgent": 0.0, "emergency": 0.0}, "", 0.0)
        level_p, reason_p = self._scores(words)
        p_urgent, p_emergency = float(level_p[1]), float(level_p[2])
        level: TriageLevel | None = None
        if p_emergency >= self.emergency_threshold:
            level = TriageLevel.EMERGENCY
        elif p_urgent + p_emergency >= self.urgent_threshold:
            level = TriageLevel.URGENT
        best = int(np.argmax(reason_p))
        return NetVerdict(level, dict(zip(LEVEL_CLASSES, map(float, level_p), strict=True)),
                          self.reasons[best], float(reason_p[best]))


def words_only(text: str) -> str:
    """The message without its stated readings ("血压 150/95", "sugar 7.8"): numbers are judged by the rules'
    threshold table against the member's history; the net reads what the member says around them."""
    spans = sorted(p.span for p in parse_measurements(text))
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        if start >= last:
            out.append(text[last:start])
            last = end
    out.append(text[last:])
    return " ".join(part.strip() for part in out if part.strip())


def content_length(text: str) -> int:
    """Letters and Chinese characters: what is left to read once numbers and punctuation are gone."""
    return sum(1 for ch in text if ch.isalpha())


@lru_cache(maxsize=1)
def default_net() -> SafetyNet | None:
    """The committed net, loaded once per process; None if the weights file is missing."""
    return SafetyNet.load() if WEIGHTS_PATH.exists() else None
