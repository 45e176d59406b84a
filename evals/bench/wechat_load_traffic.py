"""The sending side of the WeChat webhook load run: signed, optionally AES-encrypted pushes built the
way the WeChat servers build them, sent by concurrent senders (the served app: `wechat_server`)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import random
import struct
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN, APP_ID, ACCOUNT = "bench-token", "wxbench000000000", "gh_bench"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TEXTS = ("运动有什么建议", "我应该多久查一次糖化血红蛋白？", "今天早上血压 128/82", "晚饭后散步多久合适",
         "体重 68.5 公斤", "糖尿病饮食要注意什么", "降压药漏服了一次怎么办", "空腹血糖 6.1")


@dataclass(frozen=True)
class Push:
    msg_id: str
    query: str
    body: bytes
    duplicate: bool


# --- the senders ---------------------------------------------------------------------------------
def _sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _encrypt(xml: str) -> str:
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
