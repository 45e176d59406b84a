"""Helpers for the WeChat tests (no tests here). Requests are built the way the WeChat servers
build them, with hashlib and `cryptography` only, independently of wechatpy and of the server code:
SHA1 over the sorted (token, timestamp, nonce[, Encrypt]), and AES-256-CBC (key = base64 of the
EncodingAESKey, IV = its first 16 bytes, PKCS#7 to 32 bytes) over random(16) + length + XML + AppID."""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from api.main import create_app
from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings

TOKEN = "wx-test-token-7f3a"
APP_ID = "wx5f1c9a0b2d3e4f60"
APP_SECRET = "test-app-secret"
AES_KEY = base64.b64encode(hashlib.sha256(b"test aes key").digest()).decode().rstrip("=")  # 43 characters
ACCOUNT = "gh_0123456789ab"


def wechat_settings(settings: Settings, mode: str = "plain", **extra: Any) -> Settings:
    update: dict[str, Any] = {
        "wechat_token": SecretStr(TOKEN), "wechat_app_id": APP_ID, "wechat_app_secret": SecretStr(APP_SECRET),
        "wechat_aes_key": SecretStr(AES_KEY), "wechat_mode": mode, "wechat_sweep_interval_s": 0.0,
        "llm_provider": "offline",
    }
    return settings.model_copy(update={**update, **extra})


def wechat_app(settings: Settings, clock: FixedClock, retriever: Retriever, mode: str = "plain",
               **extra: Any) -> FastAPI:
    retriever.search("血压", k=1)  # load the embedding model now, not inside the first reply budget
    return create_app(wechat_settings(settings, mode, **extra), clock=clock, retriever=retriever)  # with /wechat


# --- the WeChat server side ------------------------------------------------------------------------
def sha1_signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _key() -> bytes:
    return base64.b64decode(AES_KEY + "=")


def aes_encrypt(xml: str, app_id: str = APP_ID) -> str:
    body = xml.encode()
    raw = os.urandom(16) + struct.pack(">I", len(body)) + body + app_id.encode()
    pad = 32 - len(raw) % 32
    raw += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(_key()), modes.CBC(_key()[:16])).encryptor()
    return base64.b64encode(encryptor.update(raw) + encryptor.finalize()).decode()


def aes_decrypt(encrypted: str) -> tuple[str, str]:
    decryptor = Cipher(algorithms.AES(_key()), modes.CBC(_key()[:16])).decryptor()
    raw = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    raw = raw[: -raw[-1]]
    (length,) = struct.unpack(">I", raw[16:20])
    return raw[20 : 20 + length].decode(), raw[20 + length :].decode()


def cdata(value: str) -> str:
    return f"<![CDATA[{value}]]>"


def text_xml(openid: str, content: str, msg_id: int, create_time: int) -> str:
    return (f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType>{cdata('text')}</MsgType>"
            f"<Content>{cdata(content)}</Content><MsgId>{msg_id}</MsgId></xml>")


def message_xml(openid: str, msg_type: str, create_time: int, msg_id: int | None = None, **fields: str) -> str:
    body = "".join(f"<{k}>{cdata(v)}</{k}>" for k, v in fields.items())
    msg = f"<MsgId>{msg_id}</MsgId>" if msg_id is not None else ""
    return (f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType>{cdata(msg_type)}</MsgType>{body}{msg}</xml>")


def event_xml(openid: str, event: str, create_time: int, key: str | None = None) -> str:
    fields = {"Event": event, **({"EventKey": key} if key is not None else {})}
    return message_xml(openid, "event", create_time, **fields)


@dataclass
class WeChatServer:
    """Signs (and in safe/compat mode encrypts) pushes like the WeChat servers do."""

    client: TestClient
    clock: FixedClock
    mode: str = "plain"
    token: str = TOKEN

    def query(self, *, timestamp: int | None = None, nonce: str = "n0nce42", encrypt: str | None = None,
              **extra: str) -> dict[str, str]:
        ts = str(timestamp if timestamp is not None else int(self.clock.now().timestamp()))
        query = {"signature": sha1_signature(self.token, ts, nonce), "timestamp": ts, "nonce": nonce,
                 "openid": "ignored", **extra}
        if encrypt is not None:
            query.update(encrypt_type="aes", msg_signature=sha1_signature(self.token, ts, nonce, encrypt))
        return query

    def push(self, xml: str, *, encrypted: bool | None = None, app_id: str = APP_ID, timestamp: int | None = None,
             **query: str) -> Response:
        encrypted = self.mode != "plain" if encrypted is None else encrypted
        if not encrypted:
            params = self.query(timestamp=timestamp, **query)
            return self.client.post(f"/wechat?{urlencode(params)}", content=xml.encode())
        secret = aes_encrypt(xml, app_id)
        params = self.query(timestamp=timestamp, encrypt=secret, **query)
        inner = "" if self.mode == "safe" else xml[len("<xml>") : -len("</xml>")]  # compat: both forms
        envelope = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(secret)}</Encrypt>{inner}</xml>"
        return self.client.post(f"/wechat?{urlencode(params)}", content=envelope.encode())

    def reply(self, response: Response) -> dict[str, str]:
        """The passive reply's fields; an encrypted reply is checked (signature, AppID) and decrypted."""
        assert response.status_code == 200, response.text
        root = ET.fromstring(response.text)
        fields = {child.tag: child.text or "" for child in root}
        if "Encrypt" in fields:
            expected = sha1_signature(self.token, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"])
            assert fields["MsgSignature"] == expected
            xml, app_id = aes_decrypt(fields["Encrypt"])
            assert app_id == APP_ID
            fields = {child.tag: child.text or "" for child in ET.fromstring(xml)}
            fields["_encrypted"] = "yes"
        return fields


def now_ts(clock: FixedClock) -> int:
    return int(clock.now().timestamp())


def count(db: Engine, table: type[m.Base], **where: Any) -> int:
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(getattr(table, name) == value)
    with db.connect() as conn:
        return int(conn.scalar(query) or 0)


def stamp(when: datetime) -> int:
    return int(when.timestamp())
