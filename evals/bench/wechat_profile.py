"""Where the server's CPU per WeChat push goes: the bench's app (`wechat_server.bench_app`) driven
in-process through ASGI, with signed plain-mode text pushes built by the bench's own load generator.

    .venv/bin/python -m evals.bench.wechat_profile [--pushes 400] [--members 200] [--concurrency 64]
        [--turns] [--top 25] [--sort cumulative|tottime] [--dump out.prof]

Two runs of the app's lifespan over fresh pushes, each after a warm-up batch: the first, unprofiled,
gives the process CPU per push (every thread: event loop, database threads, turn threads) and how
it splits over the threads; the second runs under cProfile in every thread (thread CPU time,
merged) and prints the share of each part of the push (`PARTS`) and the functions with the most
time. Profiling inflates call-heavy code, so the shares are scaled to the unprofiled CPU per push.

Without `--turns` the app runs no coach turns (no turn workers, no sweep): the ack path alone. With
`--turns` it is configured as in `wechat_load` (two turn workers, a sweep every second), so turns
that run during the burst show up beside the acks. No network and no HTTP parsing (uvicorn is not
involved), and the in-process client's CPU is counted in the process figures (its share is shown
apart). Figures move with the machine; compare runs made back to back."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import math
import os
import pstats
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI

from coach.settings import Settings
from evals.bench.wechat_load import add_members, fresh_database
from evals.bench.wechat_load_traffic import Push, build_pushes
from evals.bench.wechat_server import bench_app, server_settings


def _thread_cpu() -> dict[str, float]:
    """CPU seconds so far per thread group of this process (thread names without their counters)."""
    groups: dict[str, float] = defaultdict(float)
    tick = os.sysconf("SC_CLK_TCK")
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = thread.name.split("_")[0].rstrip("0123456789- ")
        name = "AnyIO worker thread" if name.startswith("AnyIO worker") else name
        groups[name] += (int(fields[11]) + int(fields[12])) / tick
    return dict(groups)


def _delta(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {k: after[k] - before.get(k, 0.0) for k in after if after[k] - before.get(k, 0.0) > 0}


class ThreadProfiles:
    """cProfile in the calling thread and in every thread started after `start`, merged at the end.
    `clear` forgets what was recorded so far (call it while the other threads are idle)."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def _begin(self, *_: Any) -> None:
        profile = cProfile.Profile(time.thread_time)  # CPU time of the thread, not wall time
        with self._lock:
            self.profiles.append(profile)
        sys.setprofile(None)
        profile.enable()

    def start(self) -> None:
        threading.setprofile(self._begin)
        self._begin()

    def clear(self) -> None:
        with self._lock:
            for profile in self.profiles:
                profile.clear()

    def stop(self) -> None:
        threading.setprofile(None)
        self.profiles[0].disable()  # the calling thread; the others are read in `stats`, their threads idle

    def stats(self) -> pstats.Stats:
        stats = pstats.Stats(self.profiles[0], stream=io.StringIO())
        for profile in self.profiles[1:]:
            profile.create_stats()
            if profile.stats:  # a thread that never ran Python code has none
                stats.add(profile)
        return stats


# Where the CPU goes, by cumulative time of the functions that bound each part (thread CPU time).
# (label, [(path suffix, function)] added, [(path suffix, function)] subtracted); "rest" is the remainder.
PARTS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...] = (
    ("db thread: consent lookup (member_facts)", (("api/wechat/inbox.py", "member_facts"),), ()),
    ("db thread: store message (store_inbound)", (("api/wechat/inbox.py", "store_inbound"),), ()),
    ("db thread: bare-text triage (pretriage)", (("api/wechat/handlers.py", "pretriage"),), ()),
    ("db thread: per-sender limit (over_limit)", (("api/wechat/limits.py", "over_limit"),), ()),
    ("db thread: commit and close (session_scope)", (("coach/db/engine.py", "session_scope"),), ()),
    ("db thread: rest of Handlers.decide", (("api/wechat/handlers.py", "decide"),),
     (("api/wechat/inbox.py", "member_facts"), ("api/wechat/inbox.py", "store_inbound"),
      ("api/wechat/handlers.py", "pretriage"), ("api/wechat/limits.py", "over_limit"),
      ("coach/db/engine.py", "session_scope"))),
    ("event loop: signature, XML (open_request)", (("api/wechat/envelope.py", "open_request"),), ()),
    ("event loop: passive reply (render_reply)", (("api/wechat/envelope.py", "render_reply"),), ()),
    ("event loop: hand-off to the db thread (anyio)", (("anyio/to_thread.py", "run_sync"),), ()),
    ("event loop: rest of the push handler", (("api/wechat/router.py", "push"),),
     (("api/wechat/envelope.py", "open_request"), ("api/wechat/envelope.py", "render_reply"),
      ("anyio/to_thread.py", "run_sync"))),
    ("event loop: FastAPI/Starlette (middleware, routing, request, response)",
     (("fastapi/applications.py", "__call__"),), (("api/wechat/router.py", "push"),)),
    ("coach turns (wechat-turn threads)", (("api/wechat/runner.py", "_run"),), ()),
    ("load generator: httpx client (in-process only, not server work)", (("httpx/_client.py", "post"),),
     (("fastapi/applications.py", "__call__"),)),
)


def _cum(stats: pstats.Stats, where: tuple[tuple[str, str], ...]) -> float:
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    return float(sum(row[3] for (path, _, name), row in table.items()
                     if any(path.endswith(suffix) and name == func for suffix, func in where)))


def breakdown(stats: pstats.Stats, cpu_ms_per_push: float) -> list[tuple[str, float, float]]:
    """(part, share of the profiled CPU, ms per push scaled to the unprofiled CPU per push)."""
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    rows = [(label, max(0.0, _cum(stats, plus) - _cum(stats, minus)) / total) for label, plus, minus in PARTS]
    rows.append(("rest (event loop scheduling, thread queues, pools)", max(0.0, 1 - sum(share for _, share in rows))))
    return [(label, round(100 * share, 1), round(share * cpu_ms_per_push, 2)) for label, share in rows]


async def _send(app: FastAPI, pushes: list[Push], concurrency: int) -> list[int]:
    transport = httpx.ASGITransport(app=app)
    queue = list(reversed(pushes))
    statuses: list[int] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://wechat.test") as client:
        async def sender() -> None:
            while queue:
                push = queue.pop()
                response = await client.post(f"/wechat?{push.query}", content=push.body)
                statuses.append(response.status_code)

        await asyncio.gather(*(sender() for _ in range(concurrency)))
    return statuses


def run(pushes: int = 400, members: int = 200, concurrency: int = 64, turns: bool = False, top: int = 25,
        sort: str = "cumulative", dump: str | None = None, say: Callable[[str], None] = print) -> dict[str, Any]:
    rng = random.Random(20261130)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/wechat-profile.db"
        engine = fresh_database(url)
        add_members(engine, members)
        engine.dispose()
        fields = server_settings(url, "plain", sender_max_messages=max(20, math.ceil(4 * pushes / members)))
        if not turns:
            fields.update(wechat_turn_workers=0, wechat_sweep_interval_s=0.0)
        settings = Settings(_env_file=None, **fields).model_copy(update=fields)  # type: ignore[call-arg]
        profiles = ThreadProfiles()
        app = bench_app(settings)
        batches = [build_pushes(pushes, members, 0.0, "plain", rng) for _ in range(4)]

        async def measure() -> dict[str, Any]:
            async with app.router.lifespan_context(app):
                await _send(app, batches[0], concurrency)  # warm-up: connections, caches, first statements
                threads_before, cpu_before, wall_before = _thread_cpu(), time.process_time(), time.perf_counter()
                statuses = await _send(app, batches[1], concurrency)
                cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
                threads = _delta(_thread_cpu(), threads_before)
            return {"cpu_s": cpu, "wall_s": wall, "threads": threads, "statuses": statuses}

        async def profile() -> None:
            async with app.router.lifespan_context(app):  # its threads start under the profiler
                await _send(app, batches[2], concurrency)
                await asyncio.sleep(0.2)
                profiles.clear()  # the warm-up is not part of the profile
                await _send(app, batches[3], concurrency)
            # leaving the lifespan waits for the turns started during the batch (--turns)

        say(f"measuring {pushes} pushes (after {pushes} to warm up)")
        measured = asyncio.run(measure())
        say(f"profiling {pushes} pushes")
        profiles.start()
        asyncio.run(profile())
        profiles.stop()
    stats = profiles.stats()
    if dump:
        stats.dump_stats(dump)
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats(sort).print_stats(top)
    n = len(measured["statuses"])
    result = {
        "pushes": n, "errors": sum(1 for s in measured["statuses"] if s != 200), "turns": turns,
        "cpu_ms_per_push": round(measured["cpu_s"] * 1000 / n, 2),
        "pushes_per_cpu_s": round(n / measured["cpu_s"], 1) if measured["cpu_s"] else 0.0,
        "wall_s": round(measured["wall_s"], 2),
        "threads_cpu_ms_per_push": {k: round(v * 1000 / n, 2) for k, v in
                                    sorted(measured["threads"].items(), key=lambda kv: -kv[1])},
        "profiled_threads": len(profiles.profiles),
    }
    result["parts"] = breakdown(stats, result["cpu_ms_per_push"])
    say(json.dumps({k: v for k, v in result.items() if k != "parts"}, indent=2, ensure_ascii=False))
    say("| part | share of profiled CPU | ms per push |\n| --- | ---: | ---: |")
    say("\n".join(f"| {label} | {share} % | {ms} |" for label, share, ms in result["parts"]))
    say(out.getvalue())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU profile of WeChat pushes, in-process (no network)")
    parser.add_argument("--pushes", type=int, default=400)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--turns", action="store_true", help="turn workers and sweep on, as in wechat_load")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", choices=["cumulative", "tottime"], default="cumulative")
    parser.add_argument("--dump", help="write the merged profile here (pstats format)")
    args = parser.parse_args(argv)
    run(args.pushes, args.members, args.concurrency, args.turns, args.top, args.sort, args.dump)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
