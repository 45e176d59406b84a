"""`make bench` / `coach bench`: run every benchmark, each in its own process (so peak RSS is its own),
and write one Markdown report with machine facts and every figure against its target.

Figures are measured by the run that writes the report; nothing in it is typed in.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.bench.common import machine

REPORT = Path(__file__).resolve().parents[1] / "reports" / "bench-latest.md"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Bench:
    name: str
    module: str
    args: tuple[str, ...]
    summary: Callable[[dict[str, Any]], list[tuple[str, str, str, bool]]]  # (figure, value, target, met)


def _retrieval(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [
        ("retrieval p95, real corpus", f"{r['real']['p95_ms']} ms", "<= 50 ms", r["real"]["p95_ms"] <= 50),
        ("retrieval p95, 100k chunks", f"{r['synthetic']['p95_ms']} ms", "<= 150 ms", r["synthetic"]["p95_ms"] <= 150),
        ("ingest throughput", f"{r['ingest_chunks_per_s']} chunks/s", "", True),
    ]


def _turn(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [("offline turn p95", f"{r['latency']['p95_ms']} ms", "<= 150 ms", r["latency"]["p95_ms"] <= 150),
            ("turn process peak RSS", f"{r['peak_rss_mb']} MB", "", True)]


def _triage(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [("triage p95, rules + safety net", f"{r['both']['p95_ms']} ms", "<= 30 ms", r["both"]["p95_ms"] <= 30),
            ("triage p95, rules only (ack path)", f"{r['rules']['p95_ms']} ms", "", True),
            ("safety net cost vs rules (mean)", f"{r['net_to_rules_mean']}x", "", True)]


def _care_gaps(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [(f"care gaps, {r['members']:,} members ({r['database']})", f"{r['refresh_s']} s", "<= 60 s",
             r["refresh_s"] <= 60),
            ("care gaps peak RSS", f"{r['peak_rss_mb']} MB", "<= 1024 MB", r["peak_rss_mb"] <= 1024),
            ("measures report", f"{r['measures_s']} s", "", True)]


def _nudges(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [(f"reminder sweep, {r['members']:,} members ({r['database']})", f"{r['sweep_s']} s", "<= 60 s",
             r["sweep_s"] <= 60),
            (f"reminder sweep peak RSS ({r['database']})", f"{r['peak_rss_mb']} MB", "<= 1024 MB",
             r["peak_rss_mb"] <= 1024)]


def _wechat(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [("webhook ack p99 (64 senders)", f"{r['p99_ms']} ms", "<= 200 ms", r["p99_ms"] <= 200),
            ("webhook accepted", f"{r['messages_per_s']} msg/s", ">= 500 msg/s", r["messages_per_s"] >= 500),
            ("duplicates processed once / lost", f"{r['duplicates_processed_once']} / {r['lost']}", "yes / 0",
             bool(r["duplicates_processed_once"]) and r["lost"] == 0)]


def benches(members: int, with_pg: bool) -> list[Bench]:
    found = [
        Bench("retrieval", "evals.bench.retrieval", (), _retrieval),
        Bench("triage", "evals.bench.triage", (), _triage),
        Bench("turn", "evals.bench.turn", (), _turn),
        Bench("care gaps (SQLite)", "evals.bench.care_gaps", ("--members", str(members)), _care_gaps),
        Bench("reminder sweep (SQLite)", "evals.bench.nudges", ("--members", str(members)), _nudges),
    ]
    if with_pg:
        found.append(Bench("reminder sweep (PostgreSQL)", "evals.bench.nudges",
                           ("--members", str(members), "--database-url", PG_URL), _nudges))
    if (Path(__file__).parent / "wechat_load.py").exists():
        found.append(Bench("webhook load", "evals.bench.wechat_load", (), _wechat))
    return found


def run(members: int, with_pg: bool, only: set[str] | None = None) -> str:
    sections, summary = [], []
    for bench in benches(members, with_pg):
        if only and not any(word in bench.name for word in only):
            continue
        print(f"== {bench.name}", file=sys.stderr, flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", bench.module, *bench.args, "--json", out.name],
                                  capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                sections.append(f"## {bench.name}\n\nFAILED (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```\n")
                summary.append((bench.name, "failed", "", False))
                continue
            result = json.loads(Path(out.name).read_text(encoding="utf-8"))
        sections.append(done.stdout.strip() + f"\n\n_(ran in {elapsed:.0f} s)_\n")
        summary += bench.summary(result)
    facts = machine()
    lines = [
        "# Benchmark report", "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` on {facts['cores']} cores "
        f"({facts['cpu']}), {facts['memory_gb']} GB, Python {facts['python']}, {facts['platform']}.", "",
        "| figure | measured | target | met |", "| --- | ---: | --- | --- |",
        *[f"| {name} | {value} | {target} | {'yes' if ok else '**no**'} |" for name, value, target, ok in summary],
        "", *sections,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run every benchmark and write one report")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL runs")
    parser.add_argument("--only", nargs="*", help="run only benchmarks whose name contains one of these words")
    parser.add_argument("--out", default=str(REPORT))
    args = parser.parse_args(argv)
    report = run(args.members, not args.no_pg, set(args.only) if args.only else None)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
