"""GET /v1/knowledge/search over the real corpus (hashing embedder: plumbing, not quality)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import deps
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import MemoryVectorStore
from coach.settings import REPO_ROOT
from tests.fakes import HashingEmbedder


@pytest.fixture(scope="module")
def hashing_retriever() -> Retriever:
    embedder, store = HashingEmbedder(), MemoryVectorStore()
    ingest(REPO_ROOT / "knowledge", embedder, store)
    return Retriever(embedder, store)


@pytest.fixture
def search_client(app: Any, client: TestClient, hashing_retriever: Retriever) -> TestClient:
    app.dependency_overrides[deps.get_retriever] = lambda: hashing_retriever
    return client


def test_search_returns_contract_shape(search_client: TestClient) -> None:
    response = search_client.get("/v1/knowledge/search", params={"q": "心衰 每天 称体重", "k": 3})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == 3
    for result in results:
        assert set(result) >= {"item", "title", "text", "score"}
        assert 1 <= result["item"] <= 42
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.parametrize(
    ("params", "field"), [({}, "q"), ({"q": ""}, "q"), ({"q": "x", "k": 0}, "k"), ({"q": "x", "k": "many"}, "k")]
)
def test_bad_search_parameters_are_422(search_client: TestClient, params: dict[str, Any], field: str) -> None:
    response = search_client.get("/v1/knowledge/search", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == f"query.{field}"


def test_search_needs_the_token(anon_client: TestClient) -> None:
    assert anon_client.get("/v1/knowledge/search", params={"q": "x"}).status_code == 401
