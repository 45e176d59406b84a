"""Build the retriever the settings ask for."""

from __future__ import annotations

from coach.retrieval.cache import CachedEmbedder
from coach.retrieval.embeddings import Embedder, make_embedder
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import collection_name, make_vector_store
from coach.settings import Settings


def build_embedder(settings: Settings) -> Embedder:
    embedder = make_embedder(settings.embedding_backend, settings.embedding_model)
    if settings.embedding_cache_dir is not None:
        return CachedEmbedder(embedder, settings.embedding_cache_dir)
    return embedder


def build_retriever(settings: Settings) -> Retriever:
    embedder = build_embedder(settings)
    store = make_vector_store(
        settings.vector_store,
        collection=collection_name(settings.chroma_collection, embedder.name),
        path=settings.chroma_path,
        host=settings.chroma_host,
        port=settings.chroma_port,
    )
    return Retriever(embedder, store)
