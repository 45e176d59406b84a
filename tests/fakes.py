"""Small real implementations used in place of heavy dependencies."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from coach.retrieval.embeddings import Vectors


class HashingEmbedder:
    """Deterministic bag-of-characters embedder: similar texts share characters, so
    retrieval over it is meaningful enough for plumbing tests, and it counts its calls."""

    name = "hashing-64"
    dim = 64

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for char in text.lower():
            if not char.isspace():
                vector[int(hashlib.md5(char.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return np.stack([self._vector(t) for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts])
