"""Hashed character and word n-grams: the shared, model-free text representation.

Used by the triage safety net (as classifier features) and by the dialogue layer (to match a message
against answer-card questions). CRC32 keeps the buckets stable across runs and machines.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from coach.chinese_script import to_simplified

_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_WORD = re.compile(r"[a-z]+")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")

Indices = npt.NDArray[np.int64]


def normalise(text: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", text)).lower())
    return _SPACE.sub(" ", text).strip()


def ngrams(text: str, sizes: tuple[int, ...] = (1, 2, 3), *, mask_digits: bool = False) -> set[str]:
    """`mask_digits`: every number becomes "#", so a classifier learns words, not particular readings
    (thresholds are the rules' job, judged against the member's history)."""
    t = normalise(text)
    if mask_digits:
        t = _DIGITS.sub("#", t)
    grams: set[str] = set()
    padded = f" {t} "
    for n in sizes:
        for i in range(len(padded) - n + 1):
            gram = padded[i:i + n]
            if gram.strip():
                grams.add(gram)
    words = _WORD.findall(t)
    grams.update(f"w:{w}" for w in words)
    grams.update(f"w:{a}_{b}" for a, b in pairwise(words))
    return grams


def feature_indices(text: str, buckets: int, *, mask_digits: bool = False) -> Indices:
    """Sorted, unique hashed n-gram buckets of one text (`buckets` a power of two)."""
    grams = ngrams(text, mask_digits=mask_digits)
    mask = buckets - 1
    return np.unique(np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64, count=len(grams)))
