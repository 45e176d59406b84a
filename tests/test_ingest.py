"""Ingestion: section chunks with metadata, idempotent re-ingest, Chroma and in-memory stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.errors import ConfigurationError
from coach.retrieval.documents import parse_document
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import ChromaVectorStore, MemoryVectorStore, VectorStore, make_vector_store
from coach.settings import REPO_ROOT
from tests.fakes import HashingEmbedder

DOC = """---
item: 31
code: HF_WEIGHT
title_zh: 慢性心衰的体重管理
title_en: Weight monitoring in heart failure
sources:
  - "test source"
---

# 慢性心衰的体重管理

## 是什么
每天早上称体重。

## 警示信号
三天体重增加超过2公斤要联系医生。

# Weight monitoring in heart failure

## What it is
Weigh yourself every morning.

## Warning signs
A gain of more than 2 kg in three days means calling your doctor.
"""


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    (tmp_path / "items").mkdir()
    (tmp_path / "items" / "31-hf.md").write_text(DOC, encoding="utf-8")
    shutil.copy(REPO_ROOT / "knowledge" / "items" / "01-exercise.md", tmp_path / "items" / "01-exercise.md")
    return tmp_path


def test_sections_become_chunks_with_metadata(knowledge: Path) -> None:
    document = parse_document(knowledge / "items" / "31-hf.md")
    assert [(c.id, c.section, c.language) for c in document.chunks] == [
        ("31-zh-what", "what", "zh"), ("31-zh-warning", "warning", "zh"),
        ("31-en-what", "what", "en"), ("31-en-warning", "warning", "en"),
    ]
    assert document.chunks[1].text.startswith("警示信号\n三天体重")
    assert document.chunks[1].embed_text.startswith("慢性心衰的体重管理\n")
    assert len({c.content_hash for c in document.chunks}) == 4


def test_unknown_heading_and_missing_front_matter_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.md"
    bad.write_text(DOC.replace("## 警示信号", "## 随便写写"), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="unknown section heading"):
        parse_document(bad)
    bad.write_text("# no front matter\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="front matter"):
        parse_document(bad)


@pytest.mark.parametrize("kind", ["memory", "chroma"])
def test_reingest_embeds_only_what_changed(knowledge: Path, tmp_path: Path, kind: str) -> None:
    embedder = HashingEmbedder()

    def store() -> VectorStore:  # a new client each time, as a second `coach ingest` would open
        return make_vector_store(kind, collection="guidelines-test", path=tmp_path / "chroma")

    first_store = store()
    first = ingest(knowledge, embedder, first_store)
    assert first.embedded == first.chunks > 4 and first.unchanged == 0
    again_store = first_store if kind == "memory" else store()
    embedder.embedded.clear()
    second = ingest(knowledge, embedder, again_store)
    assert (second.embedded, second.unchanged, second.removed) == (0, first.chunks, 0)
    assert embedder.embedded == []

    doc = knowledge / "items" / "31-hf.md"
    doc.write_text(DOC.replace("每天早上称体重。", "每天早上排尿后、早饭前称体重。"), encoding="utf-8")
    (knowledge / "items" / "01-exercise.md").unlink()
    third = ingest(knowledge, embedder, again_store)
    assert (third.embedded, third.chunks, third.removed) == (1, 4, first.chunks - 4)
    assert embedder.embedded == ["慢性心衰的体重管理\n是什么\n每天早上排尿后、早饭前称体重。"]
    assert again_store.count() == 4
    if kind == "chroma":
        assert isinstance(again_store, ChromaVectorStore)


def test_retriever_boost_reorders_near_ties_only() -> None:
    embedder, store = HashingEmbedder(), MemoryVectorStore()
    texts = {"a": "每天称体重", "b": "每天量血压"}
    for i, (id_, text) in enumerate(texts.items(), start=1):
        store.upsert([id_], embedder.embed_passages([text]), [text],
                     [{"item": i, "title": text, "section": "how", "language": "zh", "content_hash": id_}])
    retriever = Retriever(embedder, store)
    assert retriever.rank_items("每天称体重") == [1, 2]
    assert retriever.rank_items("每天称体重", boost={2: 5.0}) == [2, 1]
    assert retriever.search("   ") == []
