"""Retrieval eval: labelled member-style queries -> expected catalog items; hit@1, hit@3, MRR."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coach.retrieval.retriever import Retriever

QUERIES = Path(__file__).resolve().parent / "queries.jsonl"


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    query: str
    lang: str
    items: tuple[int, ...]


@dataclass
class Scores:
    n: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_rank: float = 0.0

    def add(self, ranked: list[int], expected: tuple[int, ...]) -> None:
        self.n += 1
        # A hit is any expected item; the rank is that of the first expected item found.
        ranks = [ranked.index(item) + 1 for item in expected if item in ranked]
        best = min(ranks) if ranks else None
        self.hit1 += best == 1
        self.hit3 += best is not None and best <= 3
        self.reciprocal_rank += 1.0 / best if best else 0.0

    def row(self) -> dict[str, float]:
        n = max(self.n, 1)
        return {"n": self.n, "hit@1": self.hit1 / n, "hit@3": self.hit3 / n, "mrr": self.reciprocal_rank / n}


@dataclass
class RetrievalReport:
    backend: str
    by_language: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    overall: Scores = field(default_factory=Scores)
    misses: list[tuple[str, str, tuple[int, ...], list[int]]] = field(default_factory=list)


def load_queries(path: Path = QUERIES) -> list[LabelledQuery]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [LabelledQuery(r["id"], r["query"], r["lang"], tuple(r["items"])) for r in rows]


def run_retrieval_eval(retriever: Retriever, backend: str, queries: list[LabelledQuery] | None = None,
                       progress: Callable[[int, int], None] | None = None) -> RetrievalReport:
    queries = queries if queries is not None else load_queries()
    report = RetrievalReport(backend)
    for index, labelled in enumerate(queries, 1):
        ranked = retriever.rank_items(labelled.query, k=10)
        report.by_language[labelled.lang].add(ranked, labelled.items)
        report.overall.add(ranked, labelled.items)
        if not ranked or ranked[0] not in labelled.items:
            report.misses.append((labelled.id, labelled.query, labelled.items, ranked[:3]))
        if progress is not None:
            progress(index, len(queries))
    return report


def format_report(report: RetrievalReport) -> str:
    lines = [f"### Retrieval — {report.backend}", "", "| queries | n | hit@1 | hit@3 | MRR |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, scores in [*sorted(report.by_language.items()), ("all", report.overall)]:
        row = scores.row()
        lines.append(f"| {name} | {row['n']:.0f} | {row['hit@1']:.3f} | {row['hit@3']:.3f} | {row['mrr']:.3f} |")
    if report.misses:
        lines += ["", f"Top-1 misses ({len(report.misses)}), first 15:", "", "| id | query | expected | got |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {i} | {q} | {list(e)} | {g} |" for i, q, e, g in report.misses[:15]]
    return "\n".join(lines)
