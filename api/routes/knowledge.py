"""Guideline search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import RetrieverDep

router = APIRouter(prefix="/v1/knowledge", tags=["knowledge"])


class SearchResult(BaseModel):
    item: int
    title: str
    section: str
    language: str
    text: str
    score: float


class SearchResponse(BaseModel):
    results: list[SearchResult]


@router.get("/search", response_model=SearchResponse)
def search(
    retriever: RetrieverDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="The question, any language")],
    k: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResponse:
    passages = retriever.search(q, k=k)
    return SearchResponse(results=[
        SearchResult(item=p.item, title=p.title, section=p.section, language=p.language, text=p.text, score=p.score)
        for p in passages
    ])
