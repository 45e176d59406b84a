"""Dense retrieval over guideline chunks, with an optional boost toward the member's items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coach.retrieval.embeddings import Embedder
from coach.retrieval.vector_store import VectorStore

# Added to the cosine score of a chunk whose item is eligible for the member / an open gap.
# Small on purpose: it breaks near-ties toward the member's own items but never
# outranks a clearly better match for what was actually asked.
DEFAULT_BOOST = 0.02


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    item: int
    title: str
    section: str
    language: str
    text: str
    score: float


class Retriever:
    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self.embedder = embedder
        self.store = store

    def search(self, query: str, k: int = 5, *, boost: Mapping[int, float] | None = None,
               language: str | None = None) -> list[Passage]:
        if not query.strip() or k <= 0:
            return []
        vector = self.embedder.embed_queries([query])[0]
        # Over-fetch so boosting and language preference can reorder beyond the first k.
        hits = self.store.query(vector, max(k * 4, 20))
        passages = []
        for hit in hits:
            item = int(hit.metadata["item"])
            lang = str(hit.metadata["language"])
            score = hit.score + (boost or {}).get(item, 0.0) + (0.01 if language and lang == language else 0.0)
            passages.append(Passage(hit.id, item, str(hit.metadata["title"]), str(hit.metadata["section"]),
                                    lang, hit.document, round(score, 4)))
        passages.sort(key=lambda p: p.score, reverse=True)
        return passages[:k]

    def rank_items(self, query: str, k: int = 5, *, boost: Mapping[int, float] | None = None) -> list[int]:
        """Distinct catalog items in order of their best passage."""
        ranked: list[int] = []
        for passage in self.search(query, k=max(k * 6, 30), boost=boost):
            if passage.item not in ranked:
                ranked.append(passage.item)
        return ranked[:k]
