"""Softmax regression over hashed n-gram indices: the one trainer behind the learned parts.

Both the triage safety net and the dialogue-act reader are linear heads over hashed character and
word n-grams (`coach.textfeatures`). Training is full-batch Adam on the softmax cross-entropy,
deterministic and numpy only. Features stay sparse: a forward pass sums weight rows, a backward
pass adds into them with reduceat over the entries sorted by bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

EPOCHS = 160
L2 = 2e-5
LEARNING_RATE = 0.08


@dataclass(frozen=True)
class SparseRows:
    rows: npt.NDArray[np.int64]  # entry -> sample
    cols: npt.NDArray[np.int64]  # entry -> bucket
    vals: npt.NDArray[np.float32]  # entry weight (1/sqrt(nnz of its sample))
    order: npt.NDArray[np.int64]  # entries sorted by bucket
    starts: npt.NDArray[np.int64]  # first sorted entry of each distinct bucket
    distinct: npt.NDArray[np.int64]  # the distinct buckets
    n: int


def sparse_rows(per_sample: Sequence[npt.NDArray[np.int64]]) -> SparseRows:
    """Stack each sample's sorted, unique bucket indices into one sparse matrix."""
    rows = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(per_sample)])
    cols = np.concatenate(per_sample)
    vals = np.concatenate([np.full(len(p), 1.0 / np.sqrt(max(len(p), 1)), dtype=np.float32) for p in per_sample])
    order = np.argsort(cols, kind="stable")
    distinct, starts = np.unique(cols[order], return_index=True)
    return SparseRows(rows, cols, vals, order, starts.astype(np.int64), distinct, len(per_sample))


def fit(f: SparseRows, targets: npt.NDArray[np.int64], classes: int, buckets: int,
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


def _scatter_rows(logits: npt.NDArray[np.float32], f: SparseRows, w: npt.NDArray[np.float32]) -> None:
    """logits[i] = sum over sample i's entries of w[bucket] * val (entries are grouped by sample)."""
    contrib = w[f.cols] * f.vals[:, None]
    sample_starts = np.flatnonzero(np.r_[True, f.rows[1:] != f.rows[:-1]])
    logits[f.rows[sample_starts]] = np.add.reduceat(contrib, sample_starts, axis=0)


def balanced(targets: npt.NDArray[np.int64], classes: int) -> npt.NDArray[np.float32]:
    """Per-sample weights that give every class the same total weight."""
    counts = np.bincount(targets, minlength=classes).astype(np.float32)
    weights = counts.sum() / (classes * np.maximum(counts, 1))
    out: npt.NDArray[np.float32] = weights[targets].astype(np.float32)
    return out


def scores(weights: npt.NDArray[np.float32], bias: npt.NDArray[np.float32],
           idx: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Class probabilities of one sample from its bucket indices (the same 1/sqrt(nnz) scaling as training)."""
    z = (weights[idx].sum(axis=0) * (1.0 / np.sqrt(max(len(idx), 1))) + bias).astype(np.float64)
    e = np.exp(z - float(np.max(z)))
    out: npt.NDArray[np.float64] = e / e.sum()
    return out
