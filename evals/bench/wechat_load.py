"""WeChat webhook load: signed text pushes from N concurrent senders against the real app (offline
coach, real retrieval) served by uvicorn on 127.0.0.1, with duplicates sent on purpose.

Measures the ack (HTTP answer) latency p50/p99 and accepted messages/s during the load, then waits
for the backlog to drain and checks the database: every accepted message stored once (lost = 0),
every message processed once (one reply and one delivery row each, duplicates included).

    .venv/bin/python -m evals.bench.wechat_load [--messages 4000] [--concurrency 64] [--rate 550]
        [--mode plain|safe] [--database-url URL (its public schema is dropped!)] [--json out.json]

The server is one uvicorn process pinned to two cores (the load generator shares them), started as
`python -m evals.bench.wechat_server --settings-file PATH` with its settings written to a JSON file;
CPU per push of each is reported, as is the load average, since other work on the machine moves the
figures. The server's per-sender rate limit (`wechat_sender_max_messages`) is raised to the number
of messages one sender sends in the run (never below the default), so every push takes the normal
path while the limit's count still runs on each one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from coach.clock import SystemClock
from coach.db import models as m
from coach.db.engine import make_engine, make_session_factory, session_scope
from coach.db.migrate import upgrade
from coach.members.schemas import MemberCreate
from coach.members.store import MemberStore
from coach.settings import Settings
from evals.bench.common import latency_summary, met, write_json
from evals.bench.wechat_load_traffic import build_pushes, load
from evals.bench.wechat_server import server_settings

TARGET_P99_MS, TARGET_RATE = 200.0, 500.0


# --- setup and checks ----------------------------------------------------------------------------
def fresh_database(url: str) -> Engine:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(url)
    return engine


def add_members(engine: Engine, members: int) -> None:
    clock = SystemClock()
    with session_scope(make_session_factory(engine)) as session:
        store = MemberStore(session, clock)
        for i in range(members):
            store.create(MemberCreate(external_id=f"oBench{i:05d}", sex="MF"[i % 2], age=40 + i % 40,  # type: ignore[arg-type]
                                      conditions=["E11.9", "I10"][: 1 + i % 2], consent_health_data=True))


def tally(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        def one(query: Any) -> int:
            return int(conn.scalar(query) or 0)

        inbound = select(func.count()).select_from(m.Message).where(m.Message.direction == "in")
        return {
            "stored": one(inbound),
            "distinct_ids": one(select(func.count(func.distinct(m.Message.channel_msg_id))).where(
                m.Message.direction == "in")),
            "processed": one(inbound.where(m.Message.processed_at.is_not(None))),
            "replies": one(select(func.count()).select_from(m.Message).where(m.Message.direction == "out")),
            "deliveries": one(select(func.count()).select_from(m.OutboxEntry).where(m.OutboxEntry.kind == "reply")),
            "passive": one(select(func.count()).select_from(m.OutboxEntry).where(m.OutboxEntry.status == "sent")),
        }


def stored_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {str(i) for i in conn.scalars(select(m.Message.channel_msg_id).where(m.Message.direction == "in"))}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(base_url: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError("the server did not come up")


def sender_limit(messages: int, members: int) -> int:
    """A per-sender limit no sender of the run exceeds (messages go round-robin over the members)."""
    default = int(Settings.model_fields["wechat_sender_max_messages"].default)
    return max(default, math.ceil(messages / members))


def run(messages: int = 4000, concurrency: int = 64, mode: str = "plain", database_url: str | None = None,
        duplicate_share: float = 0.1, members: int = 200, drain_seconds: float = 600, rate: float = 550,
        say: Any = print) -> dict[str, Any]:
    rng = random.Random(20261130)
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{tmp}/wechat-bench.db"
        engine = fresh_database(url)
        add_members(engine, members)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        settings_file = os.path.join(tmp, "server-settings.json")
        with open(settings_file, "w", encoding="utf-8") as out:
            json.dump(server_settings(url, mode, sender_max_messages=sender_limit(messages, members)), out)
        server = subprocess.Popen([sys.executable, "-m", "evals.bench.wechat_server", "--settings-file", settings_file,
                                   "--port", str(port)])
        try:
            say("starting the server")
            _wait_ready(base_url, server)
            pushes = build_pushes(messages, members, duplicate_share, mode, rng)
            say(f"sending {len(pushes)} pushes ({len(pushes) - messages} duplicates) from {concurrency} senders")
            before = (cpu_seconds(server.pid), cpu_seconds(os.getpid()))
            results, wall = asyncio.run(load(base_url, pushes, concurrency, rate, max_seconds=120))
            cpu = (cpu_seconds(server.pid) - before[0], cpu_seconds(os.getpid()) - before[1])
            load_average = os.getloadavg()[0]
            say("waiting for the backlog to drain")
            started = time.perf_counter()
            counts = tally(engine)
            processed_during_load = counts["processed"]
            while counts["processed"] < counts["stored"] and time.perf_counter() - started < drain_seconds:
                time.sleep(1)
                counts = tally(engine)
            drain_s = time.perf_counter() - started
            accepted = {p.msg_id for _, status, _, p in results if status == 200}
            lost = len(accepted - stored_ids(engine))
        finally:
            server.terminate()
            server.wait(30)
        engine.dispose()
    acked = [latency for latency, status, _, _ in results if status == 200]
    unique = {p.msg_id for p in pushes}
    once = counts["distinct_ids"] == counts["stored"] == counts["processed"] == counts["replies"] == counts["deliveries"]
    return {
        "database": make_url(url).get_backend_name(), "mode": mode, "concurrency": concurrency,
        "server_cores": 2, "offered_rate": rate, "pushes": len(pushes), "unique_messages": len(unique),
        "duplicates_sent": len(pushes) - len(unique), "sent": len(results),
        "ack": latency_summary(acked), "p50_ms": latency_summary(acked)["p50_ms"],
        "p99_ms": latency_summary(acked)["p99_ms"], "load_s": round(wall, 2),
        "messages_per_s": round(len(acked) / wall, 1) if wall else 0.0,
        "errors": sum(1 for _, status, _, _ in results if status != 200),
        "answered_passively": sum(1 for _, status, passive, _ in results if status == 200 and passive),
        "server_cpu_ms_per_push": round(cpu[0] * 1000 / max(len(results), 1), 2),
        "client_cpu_ms_per_push": round(cpu[1] * 1000 / max(len(results), 1), 2),
        "load_average_after": round(load_average, 2),
        "processed_during_load": processed_during_load, "drain_s": round(drain_s, 1), **counts, "lost": lost,
        "duplicates_processed_once": once,
        "sender_limit": sender_limit(messages, members),
        "target_p99_ms": TARGET_P99_MS, "target_messages_per_s": TARGET_RATE,
    }


def format_markdown(r: dict[str, Any]) -> str:
    return "\n".join([
        f"## WeChat webhook load ({r['database']}, {r['mode']} mode, {r['concurrency']} senders "
        + (f"offering {r['offered_rate']:.0f} msg/s" if r["offered_rate"] else "in a closed loop")
        + f", server on {r['server_cores']} cores)", "",
        "| measure | value | target | met |", "| --- | ---: | ---: | --- |",
        f"| ack latency p50 / p99 ({r['ack']['n']} acks) | {r['p50_ms']} / {r['p99_ms']} ms | p99 <= "
        f"{r['target_p99_ms']:.0f} ms | {met(r['p99_ms'], r['target_p99_ms'])} |",
        f"| accepted | {r['messages_per_s']} msg/s over {r['load_s']} s | >= {r['target_messages_per_s']:.0f} msg/s | "
        f"{met(r['messages_per_s'], r['target_messages_per_s'], at_least=True)} |",
        f"| pushes sent / errors | {r['sent']} / {r['errors']} ({r['duplicates_sent']} duplicates on purpose) | | |",
        f"| answered passively in the ack | {r['answered_passively']} | | |",
        f"| CPU per push: server / load generator | {r['server_cpu_ms_per_push']} / {r['client_cpu_ms_per_push']} ms "
        f"(1-min load average after the run {r['load_average_after']}) | | |",
        f"| stored / processed / replies / deliveries | {r['stored']} / {r['processed']} / {r['replies']} / "
        f"{r['deliveries']} (unique {r['unique_messages']}) | all equal | "
        f"{'yes' if r['duplicates_processed_once'] else '**no**'} |",
        f"| lost (accepted, not stored) | {r['lost']} | 0 | {'yes' if r['lost'] == 0 else '**no**'} |",
        f"| turns run during the load / backlog drained after it in | {r['processed_during_load']} / {r['drain_s']} s "
        "(offline coach, 2 turn threads) | | |", "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="WeChat webhook load benchmark (127.0.0.1 only)")
    parser.add_argument("--messages", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--mode", choices=["plain", "safe"], default="plain")
    parser.add_argument("--database-url")
    parser.add_argument("--drain-seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=550, help="offered pushes per second (0: closed loop)")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    result = run(args.messages, args.concurrency, args.mode, args.database_url, drain_seconds=args.drain_seconds,
                 rate=args.rate, say=lambda s: print(s, file=sys.stderr, flush=True))
    write_json(args.json, result)
    print(format_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
