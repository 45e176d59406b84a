"""Small helpers shared by the benchmarks: timed calls, percentiles, peak RSS, machine facts, result files."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def timed_calls(
    action: Callable[[_In], _Out], inputs: Iterable[_In], *, warm_up: Iterable[_In] = ()
) -> tuple[list[float], list[_Out]]:
    """Call `action` once per warm-up input (untimed), then once per input: each timed call's wall time
    in seconds, and its results in order."""
    for given in warm_up:
        action(given)
    samples: list[float] = []
    results: list[_Out] = []
    for given in inputs:
        started = time.perf_counter()
        results.append(action(given))
        samples.append(time.perf_counter() - started)
    return samples, results


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "mean_ms": round(statistics.fmean(ms), 2) if ms else 0.0}


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_gb, 1),
            "python": sys.version.split()[0], "platform": platform.platform()}


def write_json(path: str | None, result: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def progress(message: str) -> None:
    """Progress lines go to stderr: stdout carries only the markdown section."""
    print(message, file=sys.stderr)


def markdown_section(title: str, rows: Iterable[str]) -> str:
    """A benchmark's section of the report: its heading and a measure / value / target / met table."""
    return "\n".join([f"## {title}", "", "| measure | value | target | met |", "| --- | ---: | ---: | --- |", *rows, ""])


def publish(result: dict[str, Any], json_path: str | None, render: Callable[[dict[str, Any]], str]) -> int:
    """Write the result file (if asked) and print the markdown section; the exit status of a bench's main."""
    write_json(json_path, result)
    print(render(result))
    return 0


def met(value: float, target: float, *, at_least: bool = False) -> str:
    ok = value >= target if at_least else value <= target
    return "yes" if ok else "**no**"


def own_pg_schema(database_url: str, prefix: str) -> tuple[str, str]:
    """A fresh PostgreSQL schema for one run, so runs never collide with each other or with other data.
    Every engine made from the returned URL (the app's, Alembic's) works inside that schema."""
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from coach.db.engine import make_engine

    schema = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(database_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_pg_schema(database_url: str, schema: str) -> None:
    from sqlalchemy import text

    from coach.db.engine import make_engine

    admin = make_engine(database_url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
