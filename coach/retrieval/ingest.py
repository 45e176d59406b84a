"""`coach ingest`: chunk the guideline documents and embed what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.catalog.models import Catalog
from coach.retrieval.documents import Chunk, load_documents, overview_chunks
from coach.retrieval.embeddings import Embedder
from coach.retrieval.vector_store import Metadata, VectorStore

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class IngestReport:
    documents: int
    chunks: int
    embedded: int  # new or changed chunks
    unchanged: int
    removed: int


def chunk_metadata(chunk: Chunk) -> Metadata:
    return {"item": chunk.item, "code": chunk.code, "title": chunk.title, "section": chunk.section,
            "language": chunk.language, "content_hash": chunk.content_hash}


def ingest(knowledge_dir: Path, embedder: Embedder, store: VectorStore, *, catalog: Catalog | None = None,
           batch_size: int = 32, progress: Progress | None = None) -> IngestReport:
    """Bring the store in line with the documents (and the catalog's item overviews, when given)."""
    documents = load_documents(knowledge_dir)
    chunks = [chunk for document in documents for chunk in document.chunks]
    if catalog is not None:
        chunks += overview_chunks(catalog)
    stored = store.hashes()
    # Unchanged chunks keep their vectors: re-ingest costs only what was edited.
    todo = [c for c in chunks if stored.get(c.id) != c.content_hash]
    stale = sorted(set(stored) - {c.id for c in chunks})
    store.delete(stale)
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        vectors = embedder.embed_passages([c.embed_text for c in batch])
        store.upsert([c.id for c in batch], vectors, [c.text for c in batch], [chunk_metadata(c) for c in batch])
        if progress is not None:
            progress(min(start + batch_size, len(todo)), len(todo))
    return IngestReport(len(documents), len(chunks), len(todo), len(chunks) - len(todo), len(stale))
