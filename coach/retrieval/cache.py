"""A disk cache of passage embeddings, keyed by model and text.

Embedding the corpus is the slow part of ingest (about a minute on 2 cores with the
bundled model). With this cache a new vector collection (a Chroma server replacing
the embedded directory, a test run, an eval) costs only the texts never embedded before.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coach.retrieval.embeddings import Embedder, Vectors

RECENT_QUERIES = 64


class CachedEmbedder:
    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(cache_dir / "embeddings.sqlite3", timeout=30, check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS passage (model TEXT, key TEXT, vector BLOB, PRIMARY KEY (model, key))"
        )
        self.hits = 0
        self.misses = 0
        self._recent: dict[str, Vectors] = {}
        self._recent_lock = threading.Lock()

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Queries are not stored on disk (they are members' words), but the last few are kept in memory:
        a turn that matches answer cards and then retrieves passages embeds its message once."""
        if len(texts) != 1:
            return self.inner.embed_queries(texts)
        with self._recent_lock:
            found = self._recent.get(texts[0])
        if found is not None:
            return found
        vectors = self.inner.embed_queries(texts)
        with self._recent_lock:
            self._recent[texts[0]] = vectors
            while len(self._recent) > RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))
        return vectors

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM passage WHERE model = ? AND key IN ({marks})", [self.name, *chunk]
            )
            found.update({key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
        todo = [i for i, key in enumerate(keys) if key not in found]
        if todo:
            fresh = self.inner.embed_passages([texts[i] for i in todo])
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO passage VALUES (?, ?, ?)",
                    [(self.name, keys[i], fresh[n].astype(np.float32).tobytes()) for n, i in enumerate(todo)],
                )
            found.update({keys[i]: fresh[n] for n, i in enumerate(todo)})
        self.hits += len(keys) - len(todo)
        self.misses += len(todo)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def close(self) -> None:
        self._db.close()
