"""Training the safety net (`coach train triage`): deterministic, numpy only, a few minutes on 2 cores.

Full-batch Adam on the softmax cross-entropy of both heads, features as hashed n-gram indices (no
dense matrix: a forward pass sums weight rows, a backward pass adds into them with reduceat over
the entries sorted by bucket). The thresholds are set from out-of-fold predictions on the training
data itself (k folds, fixed split), never from a blind set: the lowest thresholds whose benign
out-of-fold false-escalation rate stays within the budget.
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
from coach.textfeatures import feature_indices
from coach.triage.net import LEVEL_CLASSES, SafetyNet, words_only

BUCKETS = 1 << 15
EPOCHS = 160
L2 = 2e-5
LEARNING_RATE = 0.08
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


@dataclass(frozen=True)
class _Features:
    rows: npt.NDArray[np.int64]  # entry -> sample
    cols: npt.NDArray[np.int64]  # entry -> bucket
    vals: npt.NDArray[np.float32]  # entry weight (1/sqrt(nnz of its sample))
    order: npt.NDArray[np.int64]  # entries sorted by bucket
    starts: npt.NDArray[np.int64]  # first sorted entry of each distinct bucket
    distinct: npt.NDArray[np.int64]  # the distinct buckets
    n: int


def _features(texts: Sequence[str], buckets: int) -> _Features:
    per = [feature_indices(words_only(t), buckets, mask_digits=True) for t in texts]
    rows = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(per)])
    cols = np.concatenate(per)
    vals = np.concatenate([np.full(len(p), 1.0 / np.sqrt(max(len(p), 1)), dtype=np.float32) for p in per])
    order = np.argsort(cols, kind="stable")
    distinct, starts = np.unique(cols[order], return_index=True)
    return _Features(rows, cols, vals, order, starts.astype(np.int64), distinct, len(texts))


def _fit(f: _Features, targets: npt.NDArray[np.int64], classes: int, buckets: int,
         sample_weight: npt.NDArray[np.float32], epochs: int = EPOCHS) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    w = np.zeros((buckets, classes), dtype=np.float32)
    b = np.zeros(classes, dtype=np.float32)
    onehot = np.eye(classes, dtype=np.float32)[targets]
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    total = float(sample_weight.sum())
    for step in range(1, epochs + 1):
        logits = np.zeros((f.n, classes), dtype=np.float32)
        _scatter_rows(logits, f, w)
        logits += b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * (sample_weight[:, None] / total)
        contrib = g[f.rows[f.order]] * f.vals[f.order][:, None]
        grad_w = np.zeros_like(w)
        grad_w[f.distinct] = np.add.reduceat(contrib, f.starts, axis=0)
        grad_w += L2 * w
        grad_b = g.sum(axis=0)
        for param, grad, m1, m2 in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m1 *= beta1
            m1 += (1 - beta1) * grad
            m2 *= beta2
            m2 += (1 - beta2) * grad * grad
            param -= LEARNING_RATE * (m1 / (1 - beta1 ** step)) / (np.sqrt(m2 / (1 - beta2 ** step)) + eps)
    return w, b


def _scatter_rows(logits: npt.NDArray[np.float32], f: _Features, w: npt.NDArray[np.float32]) -> None:
    """logits[i] = sum over sample i's entries of w[bucket] * val (entries are grouped by sample)."""
    contrib = w[f.cols] * f.vals[:, None]
    sample_starts = np.flatnonzero(np.r_[True, f.rows[1:] != f.rows[:-1]])
    logits[f.rows[sample_starts]] = np.add.reduceat(contrib, sample_starts, axis=0)


def _balanced(targets: npt.NDArray[np.int64], classes: int) -> npt.NDArray[np.float32]:
    counts = np.bincount(targets, minlength=classes).astype(np.float32)
    weights = counts.sum() / (classes * np.maximum(counts, 1))
    out: npt.NDArray[np.float32] = weights[targets].astype(np.float32)
    return out


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
        w, b = _fit(f, levels[train_idx], 3, buckets, _balanced(levels[train_idx], 3))
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
    w, b = _fit(f, levels, 3, buckets, _balanced(levels, 3))
    red_idx = [i for i, e in enumerate(examples) if e.reason]
    fr = _features([examples[i].text for i in red_idx], buckets)
    reason_targets = np.array([reasons.index(examples[i].reason or "") for i in red_idx], dtype=np.int64)
    rw, rb = _fit(fr, reason_targets, len(reasons), buckets, np.ones(len(red_idx), dtype=np.float32))
    progress("final heads trained")
    return SafetyNet(buckets, w, b, rw, rb, reasons, urgent_t, emergency_t, data_hash(examples))
