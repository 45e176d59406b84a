"""Open and seal WeChat push requests with wechatpy: the SHA1 signature, the replay window,
XML parsing and the AES envelope of safe mode (WeChatCrypto). Nothing here touches the database,
so a request refused here has no side effect."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.parser import parse_message
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from api.wechat.config import REPLAY_WINDOW_S, WeChatConfig
from coach.errors import CoachError

_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
_DIGITS = re.compile(r"^\d{1,20}$")
_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")


class WeChatRequestError(CoachError):
    """A push request refused before anything was stored; `status` is the HTTP answer."""

    code = "wechat_bad_request"
    status = 400


class WeChatForbidden(WeChatRequestError):
    code = "wechat_forbidden"
    status = 403


class WeChatTooLarge(WeChatRequestError):
    code = "wechat_too_large"
    status = 413


@dataclass(frozen=True)
class Inbound:
    """One pushed message or event, validated."""

    msg_type: str  # text | voice | image | event | video | location | ...
    openid: str  # FromUserName: the member's openid
    account: str  # ToUserName: the official account
    create_time: int
    msg_id: str | None = None
    content: str | None = None
    recognition: str | None = None  # voice: the platform's speech recognition, when enabled
    media_id: str | None = None
    pic_url: str | None = None
    event: str | None = None  # lower case: subscribe | unsubscribe | click | ...
    event_key: str | None = None

    @property
    def dedupe_key(self) -> str:
        """MsgId for messages; FromUserName + CreateTime for events (they have no MsgId)."""
        if self.msg_id is not None:
            return self.msg_id
        key = f"ev:{self.openid}:{self.create_time}"
        return key if len(key) <= 64 else f"ev:{self.openid[:40]}:{self.create_time}"


@dataclass(frozen=True)
class Opened:
    inbound: Inbound
    encrypted: bool  # the reply must be sealed the same way
    nonce: str


def signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def verify_query(token: str, query: Mapping[str, str], now: datetime) -> None:
    """The `signature` over (token, timestamp, nonce), compared in constant time, and the replay window."""
    timestamp, nonce, given = query.get("timestamp", ""), query.get("nonce", ""), query.get("signature", "")
    if not given or not _DIGITS.match(timestamp) or not nonce or len(nonce) > 64:
        raise WeChatForbidden("missing or malformed signature parameters")
    if not hmac.compare_digest(signature(token, timestamp, nonce).encode(), given.lower().encode()):
        raise WeChatForbidden("signature mismatch")
    if abs(now.timestamp() - int(timestamp)) > REPLAY_WINDOW_S:
        raise WeChatForbidden("timestamp outside the replay window")


def _guarded(raw: bytes | str) -> str:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise WeChatRequestError("body is not UTF-8") from None
    head = text.upper()
    if any(d in head for d in _DECLARATIONS):
        raise WeChatRequestError("XML declarations (DOCTYPE/ENTITY) are refused")
    if not text.strip():
        raise WeChatRequestError("empty body")
    return text


def _envelope_fields(text: str) -> dict[str, Any]:
    try:
        doc = xmltodict.parse(text, disable_entities=True)
    except Exception:
        raise WeChatRequestError("malformed XML") from None
    fields = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(fields, dict):
        raise WeChatRequestError("the XML root must be <xml>")
    return fields


def open_request(cfg: WeChatConfig, query: Mapping[str, str], body: bytes, now: datetime) -> Opened:
    """Verify, decrypt (safe / compat with encrypt_type=aes) and parse one push."""
    assert cfg.token is not None
    verify_query(cfg.token, query, now)
    text = _guarded(body)
    encrypted = query.get("encrypt_type", "raw").lower() == "aes"
    if cfg.mode == "safe" and not encrypted:
        raise WeChatRequestError("safe mode expects encrypt_type=aes")
    if encrypted and cfg.mode != "plain":
        text = _guarded(_decrypt(cfg, query, _envelope_fields(text)))
    return Opened(_inbound(text), encrypted and cfg.mode != "plain", query.get("nonce", ""))


_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _decrypt(cfg: WeChatConfig, query: Mapping[str, str], envelope: dict[str, Any]) -> str:
    if not cfg.aes_key or not cfg.app_id:
        raise WeChatRequestError("encrypted push but no EncodingAESKey / AppID configured")
    assert cfg.token is not None
    encrypt, given = envelope.get("Encrypt"), query.get("msg_signature", "")
    if not isinstance(encrypt, str) or not encrypt:
        raise WeChatRequestError("encrypted push without <Encrypt>")
    if not _BASE64.fullmatch(encrypt):
        # Checked before the signature: XML parsing turns a "\r" into "\n", so a payload that was never
        # base64 would otherwise surface as a signature mismatch instead of a malformed request.
        raise WeChatRequestError("<Encrypt> is not base64")
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    if not given or not hmac.compare_digest(signature(cfg.token, timestamp, nonce, encrypt).encode(),
                                            given.lower().encode()):
        raise WeChatForbidden("msg_signature mismatch")
    try:
        crypto = WeChatCrypto(cfg.token, cfg.aes_key, cfg.app_id)
        return str(crypto.decrypt_message({"Encrypt": encrypt}, given.lower(), timestamp, nonce))
    except InvalidAppIdException:
        raise WeChatRequestError("wrong AppID in the decrypted message") from None
    except InvalidSignatureException:
        raise WeChatForbidden("msg_signature mismatch") from None
    except Exception:
        raise WeChatRequestError("undecryptable message") from None


def _inbound(text: str) -> Inbound:
    try:
        message = parse_message(text)  # wechatpy (xmltodict, entities disabled)
    except Exception:
        raise WeChatRequestError("malformed XML or not a WeChat message") from None
    raw: dict[str, Any] = getattr(message, "_data", None) or {}

    def field(name: str, pattern: re.Pattern[str] | None = None, *, required: bool = False) -> str | None:
        value = raw.get(name)
        if value is None or value == "":
            if required:
                raise WeChatRequestError(f"missing <{name}>")
            return None
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise WeChatRequestError(f"malformed <{name}>")
        return value

    msg_type = (field("MsgType", required=True) or "").lower()
    is_event = msg_type == "event"
    return Inbound(
        msg_type=msg_type,
        openid=field("FromUserName", _ID, required=True) or "",
        account=field("ToUserName", _ID, required=True) or "",
        create_time=int(field("CreateTime", _DIGITS, required=True) or 0),
        msg_id=None if is_event else field("MsgId", _DIGITS, required=True),
        content=field("Content"),
        recognition=field("Recognition"),
        media_id=field("MediaId"),
        pic_url=field("PicUrl"),
        event=(field("Event", required=True) or "").lower() if is_event else None,
        event_key=field("EventKey"),
    )


def render_reply(opened: Opened, text: str, cfg: WeChatConfig, now: datetime) -> str:
    """A passive text reply (wechatpy TextReply), sealed with WeChatCrypto when the push was encrypted."""
    inbound = opened.inbound
    timestamp = int(now.timestamp())
    xml = TextReply(source=inbound.account, target=inbound.openid, content=text.replace("]]>", "]] >"),
                    time=timestamp).render()
    if not opened.encrypted:
        return str(xml)
    assert cfg.token is not None and cfg.aes_key is not None and cfg.app_id is not None
    crypto = WeChatCrypto(cfg.token, cfg.aes_key, cfg.app_id)
    return str(crypto.encrypt_message(xml, opened.nonce or secrets.token_hex(8), str(timestamp)))
