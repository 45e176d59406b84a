"""Vector stores: Chroma (embedded persistent directory, or a Chroma server) and in-memory numpy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from coach.errors import ConfigurationError
from coach.retrieval.embeddings import Vectors

Metadata = dict[str, str | int | float | bool]
VectorStoreKind = Literal["chroma", "memory"]
STORES: tuple[str, ...] = ("chroma", "memory")


@dataclass(frozen=True)
class StoredHit:
    id: str
    score: float  # cosine similarity, higher is closer
    document: str
    metadata: Metadata


class VectorStore(Protocol):
    def upsert(self, ids: Sequence[str], vectors: Vectors, documents: Sequence[str],
               metadatas: Sequence[Metadata]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def hashes(self) -> dict[str, str]:
        """id -> content_hash of everything stored (for idempotent ingest)."""
        ...

    def query(self, vector: Vectors, k: int) -> list[StoredHit]: ...

    def count(self) -> int: ...


class MemoryVectorStore:
    def __init__(self) -> None:
        self._ids: list[str] = []
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._documents: dict[str, str] = {}
        self._metadata: dict[str, Metadata] = {}

    def upsert(self, ids: Sequence[str], vectors: Vectors, documents: Sequence[str],
               metadatas: Sequence[Metadata]) -> None:
        self.delete(ids)
        rows = np.asarray(vectors, dtype=np.float32)
        self._vectors = rows if self._vectors.size == 0 else np.vstack([self._vectors, rows])
        self._ids.extend(ids)
        for id_, doc, meta in zip(ids, documents, metadatas, strict=True):
            self._documents[id_], self._metadata[id_] = doc, meta

    def delete(self, ids: Sequence[str]) -> None:
        gone = set(ids) & set(self._ids)
        if not gone:
            return
        keep = [i for i, id_ in enumerate(self._ids) if id_ not in gone]
        self._vectors = self._vectors[keep]
        self._ids = [self._ids[i] for i in keep]
        for id_ in gone:
            self._documents.pop(id_), self._metadata.pop(id_)

    def hashes(self) -> dict[str, str]:
        return {id_: str(self._metadata[id_].get("content_hash", "")) for id_ in self._ids}

    def query(self, vector: Vectors, k: int) -> list[StoredHit]:
        if not self._ids:
            return []
        scores = self._vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
        top = np.argsort(-scores)[:k]
        return [StoredHit(self._ids[i], float(scores[i]), self._documents[self._ids[i]],
                          self._metadata[self._ids[i]]) for i in top]

    def count(self) -> int:
        return len(self._ids)


class ChromaVectorStore:
    def __init__(self, collection: str, *, path: Path | None = None, host: str | None = None,
                 port: int = 8000) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        # Telemetry off: the service runs on closed networks and must not phone home.
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if host:
            self._client: Any = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        else:
            assert path is not None
            path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        self._collection = self._client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def upsert(self, ids: Sequence[str], vectors: Vectors, documents: Sequence[str],
               metadatas: Sequence[Metadata]) -> None:
        self._collection.upsert(ids=list(ids), embeddings=np.asarray(vectors), documents=list(documents),
                                metadatas=list(metadatas))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._collection.delete(ids=list(ids))

    def hashes(self) -> dict[str, str]:
        stored = self._collection.get(include=["metadatas"])
        return {id_: str((meta or {}).get("content_hash", ""))
                for id_, meta in zip(stored["ids"], stored["metadatas"] or [], strict=False)}

    def query(self, vector: Vectors, k: int) -> list[StoredHit]:
        if k <= 0:
            return []
        found = self._collection.query(query_embeddings=np.asarray(vector).reshape(1, -1), n_results=k,
                                       include=["documents", "metadatas", "distances"])
        ids, docs = found["ids"][0], (found["documents"] or [[]])[0]
        metas, distances = (found["metadatas"] or [[]])[0], (found["distances"] or [[]])[0]
        return [StoredHit(id_, 1.0 - float(dist), doc or "", dict(meta or {}))
                for id_, doc, meta, dist in zip(ids, docs, metas, distances, strict=False)]

    def count(self) -> int:
        return int(self._collection.count())


def collection_name(base: str, embedder_name: str) -> str:
    """One collection per embedding model: vectors of different models must never mix."""
    name = re.sub(r"[^a-zA-Z0-9._-]+", "-", f"{base}-{embedder_name}").strip("-._")
    return name[:200]


def make_vector_store(kind: str, *, collection: str, path: Path | None = None, host: str | None = None,
                      port: int = 8000) -> VectorStore:
    if kind == "chroma":
        return ChromaVectorStore(collection, path=path, host=host, port=port)
    if kind == "memory":
        return MemoryVectorStore()
    raise ConfigurationError(f"unknown vector store {kind!r}; valid options: {', '.join(STORES)}",
                             field="vector_store")
