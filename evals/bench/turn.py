"""Offline turn latency: the whole `CoachTurn.handle` (store, triage, readings, retrieval, offline
composer, checks, store reply) on SQLite with Chroma embedded, warm, plus the process's RSS.

    .venv/bin/python -m evals.bench.turn [--turns 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from coach.clock import SystemClock
from coach.db.engine import session_scope
from coach.db.migrate import upgrade
from coach.demo import load_demo
from coach.retrieval.factory import build_retriever
from coach.retrieval.ingest import ingest
from coach.runtime import build_runtime
from coach.settings import REPO_ROOT, Settings
from evals.bench.common import latency_summary, peak_rss_mb, write_json
from evals.coach.runner import load_questions

TARGET_P95_MS = 150.0


def run(turns: int = 300, say: Any = print) -> dict[str, Any]:
    questions = [q["question"] for q in load_questions()] + ["血压 132/84", "体重 64.5公斤", "今天早上空腹血糖6.8"]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, api_token=SecretStr("bench"), session_secret=SecretStr("bench"), database_url=f"sqlite:///{tmp}/bench.db",
            chroma_path=Path(tmp) / "chroma", llm_provider="offline", scheduler_enabled=False,
            embedding_cache_dir=REPO_ROOT / "var" / "embedding-cache",
        )
        upgrade(settings.database_url)
        clock = SystemClock()
        retriever = build_retriever(settings)
        say("ingesting into a fresh Chroma directory")
        from coach.catalog.loader import load_catalog

        ingest(settings.knowledge_dir, retriever.embedder, retriever.store, catalog=load_catalog())
        runtime = build_runtime(settings, clock, retriever=retriever)
        with session_scope(runtime.session_factory) as session:
            members = [member_id for member_id, _ in load_demo(session, clock)]
        for n in range(10):  # warm-up
            runtime.coach_turn.handle(members[n % len(members)], questions[n % len(questions)])
        say(f"running {turns} turns")
        samples: list[float] = []
        composers: dict[str, int] = {}
        for n in range(turns):
            started = time.perf_counter()
            result = runtime.coach_turn.handle(members[n % len(members)], questions[(n * 7) % len(questions)])
            samples.append(time.perf_counter() - started)
            composers[result.composer] = composers.get(result.composer, 0) + 1
        runtime.close()
    return {"turns": turns, "latency": latency_summary(samples), "composers": composers,
            "peak_rss_mb": round(peak_rss_mb(), 1), "target_p95_ms": TARGET_P95_MS}


def format_markdown(r: dict[str, Any]) -> str:
    met = "yes" if r["latency"]["p95_ms"] <= r["target_p95_ms"] else "**no**"
    return "\n".join([
        "## Offline coach turn (SQLite + Chroma embedded, warm)", "",
        "| measure | value | target | met |", "| --- | ---: | ---: | --- |",
        f"| turn latency p50 / p95 / p99 ({r['turns']} turns) | {r['latency']['p50_ms']} / {r['latency']['p95_ms']} / "
        f"{r['latency']['p99_ms']} ms | p95 <= {r['target_p95_ms']:.0f} ms | {met} |",
        f"| answered by | {', '.join(f'{k} {v}' for k, v in sorted(r['composers'].items()))} | | |",
        f"| peak RSS of the process | {r['peak_rss_mb']} MB | | |", "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="offline turn latency benchmark")
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    result = run(args.turns, say=lambda s: print(s, file=sys.stderr))
    write_json(args.json, result)
    print(format_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
