"""Benchmark: care-gap refresh and the measures report over a synthetic population.

    .venv/bin/python -m evals.bench.care_gaps --members 100000            # fresh var/bench/care_gaps.db
    .venv/bin/python -m evals.bench.care_gaps --members 2000 --database-url sqlite:////tmp/b.db

A fresh SQLite file is created (any existing file at that path is deleted), migrated, and filled
with deterministic synthetic members (evals/bench/care_gaps_data.py): conditions by age-scaled
prevalence, matching medications, 30 days of dose logs for about half of the treated members,
and a realistic spread of readings, tests, screenings, discharges and fractures. Then it times
`refresh_all` (gaps for every member, written to care_gaps), the measures report over the
whole population, and `recompute_tiers`; wall and CPU time are both reported because the
machine may be shared. Peak RSS is the process high-water mark
(resource.getrusage), so it includes data generation; generation works in chunks to keep it low.
Targets: refresh <= 60 s for 100k members on SQLite, peak RSS <= 1 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from coach.care_gaps.models import Period
from coach.care_gaps.store import refresh_all
from coach.catalog import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_engine, make_session_factory
from coach.db.migrate import upgrade
from coach.measures import Population, build_measures_report
from coach.tiers import recompute_tiers
from evals.bench.care_gaps_data import NOW, TODAY, Progress, populate
from evals.bench.common import write_json

TARGET_SECONDS = 60.0
TARGET_RSS_MB = 1024.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def _fresh_database(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(str(url.database))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        if conn.scalar(select(func.count()).select_from(m.Member)):
            raise ValueError(f"{url.render_as_string(hide_password=True)} already has members; use an empty database")
    return engine


def run_care_gap_bench(
    database_url: str, members: int = 100_000, progress: Progress | None = None, *, seed: int = 7,
    batch_size: int = 1000, dose_log_days: int = 30,
) -> dict[str, Any]:
    """Build the synthetic population, then time refresh_all, the measures report and recompute_tiers."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    engine = _fresh_database(database_url)
    rows = populate(engine, members, seed=seed, dose_log_days=dose_log_days, progress=say)
    setup_s = time.perf_counter() - started
    rss_setup = _rss_mb()
    catalog, clock = load_catalog(), FixedClock(NOW)
    factory = make_session_factory(engine)
    say("refreshing care gaps")
    with factory() as session:
        started, cpu = time.perf_counter(), time.process_time()
        refreshed = refresh_all(session, catalog, clock, batch_size=batch_size,
                                progress=lambda done: say(f"refreshed {done} / {members}") if done % 20000 == 0
                                else None)
        refresh_s, refresh_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    rss_refresh = _rss_mb()
    say("building the measures report")
    with factory() as session:
        started, cpu = time.perf_counter(), time.process_time()
        report = build_measures_report(session, catalog, clock, Period.year_of(TODAY), Population(),
                                       batch_size=batch_size)
        measures_s, measures_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    say("recomputing tiers")
    with factory() as session:
        started = time.perf_counter()
        tiers = recompute_tiers(session, clock)
        tiers_s = time.perf_counter() - started
    engine.dispose()
    peak = _rss_mb()
    return {
        "database": make_url(database_url).get_backend_name(), "members": members, "rows": rows,
        "cores": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2),
        "setup_s": round(setup_s, 2), "refresh_s": round(refresh_s, 2), "refresh_cpu_s": round(refresh_cpu_s, 2),
        "members_per_s": round(members / refresh_s, 1) if refresh_s else None,
        "gaps_written": refreshed.gaps, "excluded": refreshed.excluded, "by_status": refreshed.by_status,
        "measures_s": round(measures_s, 2), "measures_cpu_s": round(measures_cpu_s, 2),
        "measures_members": report.members,
        "measured_items": sum(1 for i in report.items if i.eligible), "tiers_s": round(tiers_s, 2),
        "tier_counts": tiers.counts, "peak_rss_mb_after_setup": round(rss_setup, 1),
        "peak_rss_mb_after_refresh": round(rss_refresh, 1), "peak_rss_mb": round(peak, 1),
        "target_refresh_s": TARGET_SECONDS, "target_rss_mb": TARGET_RSS_MB,
        "refresh_within_target": refresh_s <= TARGET_SECONDS, "rss_within_target": peak <= TARGET_RSS_MB,
    }


def format_markdown(result: dict[str, Any]) -> str:
    rows = result["rows"]
    ok = {True: "yes", False: "**no**"}
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(result["by_status"].items()))
    tiers = ", ".join(f"{k} {v:,}" for k, v in result["tier_counts"].items())
    lines = [
        f"## Care-gap benchmark ({result['members']:,} synthetic members, {result['database']})",
        "",
        "| measure | value |",
        "|---|---|",
        f"| machine | {result['cores']} cores, 1-minute load average {result['load_average_1m']} at the end |",
        f"| rows: observations / dose logs / medications | {rows['observations']:,} / {rows['doses']:,} / "
        f"{rows['medications']:,} |",
        f"| setup (generate + insert) | {result['setup_s']:.1f} s |",
        f"| refresh_all (compute + store gaps), wall / CPU | {result['refresh_s']:.1f} s / "
        f"{result['refresh_cpu_s']:.1f} s "
        f"(target <= {result['target_refresh_s']:.0f} s: {ok[result['refresh_within_target']]}) |",
        f"| throughput | {result['members_per_s']:,.0f} members/s |",
        f"| gaps written / exclusions | {result['gaps_written']:,} / {result['excluded']:,} |",
        f"| by status | {statuses} |",
        f"| measures report (all members, calendar year), wall / CPU | {result['measures_s']:.1f} s / "
        f"{result['measures_cpu_s']:.1f} s |",
        f"| recompute_tiers | {result['tiers_s']:.1f} s ({tiers}) |",
        f"| peak RSS after setup / refresh / end | {result['peak_rss_mb_after_setup']:.0f} / "
        f"{result['peak_rss_mb_after_refresh']:.0f} / {result['peak_rss_mb']:.0f} MB "
        f"(target <= {result['target_rss_mb']:.0f} MB: {ok[result['rss_within_target']]}) |",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default=f"sqlite:///{Path('var/bench/care_gaps.db').resolve()}")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the result as JSON here")
    args = parser.parse_args(argv)
    result = run_care_gap_bench(args.database_url, args.members, progress=lambda s: print(s, file=sys.stderr),
                                seed=args.seed, batch_size=args.batch_size)
    write_json(args.json, result)
    print(format_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
