"""Training the safety net (`coach train triage`): deterministic, numpy only, a few minutes on 2 cores.

Both heads are softmax regressions over hashed n-gram indices (`coach.sparse_softmax`). The
thresholds are set from out-of-fold predictions on the training data itself (k folds, fixed split),
never from a blind set: the lowest thresholds whose benign out-of-fold false-escalation rate stays
within the budget.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.measurements.parse import parse_measurements
from coach.sparse_softmax import SparseRows, balanced, fit, sparse_rows
from coach.textfeatures import feature_indices
from coach.triage.net import LEVEL_CLASSES, SafetyNet, words_only

BUCKETS = 1 << 15
FOLDS = 4
URGENT_FALSE_ESCALATION = 0.04  # out-of-fold share of benign messages the net alone may raise to urgent or above
EMERGENCY_FALSE_ESCALATION = 0.02

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    text: str
    level: str  # benign | urgent | emergency
    reason: str | None
    hard: bool = True  # a labelled case or look-alike; everyday chatter (False) does not set thresholds


def examples_from_cases(rows: Iterable[dict[str, Any]]) -> list[Example]:
    """Labelled cases in the guide's format. Cases whose label depends on readings, stored or stated, are
    left out: the net reads the words alone."""
    out = []
    for row in rows:
        if (row.get("context") or {}).get("observations") or row.get("observation"):
            continue
        if parse_measurements(row["text"]):
            continue  # a stated reading's level comes from the threshold table, not from words
        level = row["expected_level"] if row["expected_level"] in ("urgent", "emergency") else "benign"
        reasons = row.get("expected_reasons") or []
        # Everyday chatter (train_gen8) teaches the net what ordinary messages look like; like the conversation
        # turns it does not set the thresholds, which are a budget for look-alikes of red flags.
        everyday = level == "benign" and (row.get("tags") or [None])[0] == "everyday"
        out.append(Example(row["text"], level, reasons[0] if level != "benign" and reasons else None, hard=not everyday))
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def data_hash(examples: Sequence[Example]) -> str:
    lines = sorted(f"{e.text}\t{e.level}\t{e.reason or ''}\t{int(e.hard)}" for e in examples)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _features(texts: Sequence[str], buckets: int) -> SparseRows:
    return sparse_rows([feature_indices(words_only(t), buckets, mask_digits=True) for t in texts])


def _threshold(benign_scores: npt.NDArray[np.float64], budget: float) -> float:
    """The lowest threshold that raises at most `budget` of the benign scores."""
    if len(benign_scores) == 0:
        return 0.5
    ranked = np.sort(benign_scores)[::-1]
    allowed = int(np.floor(budget * len(ranked)))
    return float(min(max(ranked[allowed] + 1e-6, 0.3), 0.95)) if allowed < len(ranked) else 0.3


def train(examples: Sequence[Example], progress: Progress = lambda _: None, *,
          buckets: int = BUCKETS) -> SafetyNet:
    levels = np.array([LEVEL_CLASSES.index(e.level) for e in examples], dtype=np.int64)
    reasons = tuple(sorted({e.reason for e in examples if e.reason}))
    progress(f"{len(examples)} examples ({np.bincount(levels, minlength=3).tolist()} benign/urgent/emergency), "
             f"{len(reasons)} reasons")
    folds = np.arange(len(examples)) % FOLDS
    oof = np.zeros((len(examples), 3))
    for k in range(FOLDS):
        train_idx, test_idx = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        f = _features([examples[int(i)].text for i in train_idx], buckets)
        w, b = fit(f, levels[train_idx], 3, buckets, balanced(levels[train_idx], 3))
        net = SafetyNet(buckets, w, b, np.zeros((buckets, 1), np.float32), np.zeros(1, np.float32), ("none",),
                        1.0, 1.0, "")
        for i in test_idx:
            oof[i] = net.probabilities(examples[int(i)].text)[0]
        progress(f"fold {k + 1}/{FOLDS} done")
    benign = (levels == 0) & np.array([e.hard for e in examples])
    urgent_t = _threshold(oof[benign, 1] + oof[benign, 2], URGENT_FALSE_ESCALATION)
    emergency_t = _threshold(oof[benign, 2], EMERGENCY_FALSE_ESCALATION)
    red = levels > 0
    progress(f"thresholds urgent {urgent_t:.3f} emergency {emergency_t:.3f}; out-of-fold urgent-or-higher recall "
             f"{float(np.mean(oof[red, 1] + oof[red, 2] >= urgent_t)):.3f}")
    f = _features([e.text for e in examples], buckets)
    w, b = fit(f, levels, 3, buckets, balanced(levels, 3))
    red_idx = [i for i, e in enumerate(examples) if e.reason]
    fr = _features([examples[i].text for i in red_idx], buckets)
    reason_targets = np.array([reasons.index(examples[i].reason or "") for i in red_idx], dtype=np.int64)
    rw, rb = fit(fr, reason_targets, len(reasons), buckets, np.ones(len(red_idx), dtype=np.float32))
    progress("final heads trained")
    return SafetyNet(buckets, w, b, rw, rb, reasons, urgent_t, emergency_t, data_hash(examples))
