"""Reminder sweep benchmark: one sweep over a synthetic population (default 100k members) after the
nightly care-gap refresh, on SQLite or PostgreSQL; wall time, queued reminders and peak RSS.

    .venv/bin/python -m evals.bench.nudges [--members 100000] [--database-url URL] [--json out.json]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from coach.care_gaps.store import refresh_all
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db.engine import make_session_factory
from coach.nudges.sweep import run_sweep
from evals.bench.care_gaps import _fresh_database
from evals.bench.care_gaps_data import NOW, populate
from evals.bench.common import drop_pg_schema, met, own_pg_schema, peak_rss_mb, write_json

TARGET_SECONDS = 60.0
TARGET_RSS_MB = 1024.0
# 08:05 in Shanghai on the benchmark day: morning dose, weigh-in and BP reminders are all due.
SWEEP_AT = NOW.astimezone(UTC).replace(hour=0, minute=5)


def run(database_url: str, members: int, say: Any = print) -> dict[str, Any]:
    engine = _fresh_database(database_url)
    say(f"populating {members:,} members")
    populate(engine, members, progress=lambda s: None)
    factory = make_session_factory(engine)
    catalog = load_catalog()
    say("nightly care-gap refresh (setup, not timed)")
    with factory() as session:
        refresh_all(session, catalog, FixedClock(SWEEP_AT))
    say("sweeping")
    started = time.perf_counter()
    report = run_sweep(factory, catalog, SWEEP_AT, batch_size=2000)
    sweep_s = time.perf_counter() - started
    started = time.perf_counter()
    again = run_sweep(factory, catalog, SWEEP_AT, batch_size=2000)
    repeat_s = time.perf_counter() - started
    engine.dispose()
    return {
        "database": make_url(database_url).get_backend_name(), "members": members, "sweep_at": SWEEP_AT.isoformat(),
        "sweep_s": round(sweep_s, 2), "members_per_s": round(members / sweep_s, 1), "queued": len(report.queued),
        "by_kind": dict(report.by_kind), "deferred": report.deferred, "expired": report.expired,
        "repeat_sweep_s": round(repeat_s, 2), "repeat_queued": len(again.queued),
        "peak_rss_mb": round(peak_rss_mb(), 1), "target_s": TARGET_SECONDS, "target_rss_mb": TARGET_RSS_MB,
    }


def format_markdown(r: dict[str, Any]) -> str:
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_kind"].items()))
    return "\n".join([
        f"## Reminder sweep ({r['members']:,} synthetic members, {r['database']})", "",
        "| measure | value | target | met |", "| --- | ---: | ---: | --- |",
        f"| one sweep at {r['sweep_at']} | {r['sweep_s']} s ({r['members_per_s']:,.0f} members/s) | "
        f"<= {r['target_s']:.0f} s | {met(r['sweep_s'], r['target_s'])} |",
        f"| queued | {r['queued']:,} ({kinds}) | | |",
        f"| held back by cap or quiet hours / expired | {r['deferred']:,} / {r['expired']:,} | | |",
        f"| same sweep again (idempotent) | {r['repeat_sweep_s']} s, {r['repeat_queued']} queued | 0 queued | "
        f"{'yes' if r['repeat_queued'] == 0 else '**no**'} |",
        f"| peak RSS | {r['peak_rss_mb']} MB | <= {r['target_rss_mb']:.0f} MB | "
        f"{met(r['peak_rss_mb'], r['target_rss_mb'])} |", "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="reminder sweep benchmark")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default=f"sqlite:///{Path('var/bench/nudges.db').resolve()}")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    url, schema = args.database_url, None
    if make_url(url).get_backend_name() == "postgresql":
        url, schema = own_pg_schema(url, "bench_nudges")
    try:
        result = run(url, args.members, say=lambda s: print(s, file=sys.stderr))
    finally:
        if schema is not None:
            drop_pg_schema(url, schema)
    write_json(args.json, result)
    print(format_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
