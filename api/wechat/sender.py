"""Outbox sender for channel "wechat": customer-service messages inside the 48-hour window,
template (or subscribe) messages for nudges outside it, "undeliverable" when neither is possible.

The per-window message quota is the platform's (about 5): it is not counted here; its errors
(45015 out of window, 45047 out of quota) switch a nudge to its template and make a reply
undeliverable. Long texts go as several messages; the parts already sent are remembered in the
payload, so a retry never repeats them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from wechatpy.constants import WeChatErrorCode as Code

from api.wechat.client import TokenApi, WeChatApiError
from api.wechat.config import WeChatConfig
from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope
from coach.outbox import OutboxJob, SendResult
from coach.pipeline.output_checks import split_for_chat

log = logging.getLogger("coach.wechat")
WINDOW = timedelta(hours=48)
OUT_OF_WINDOW = frozenset({Code.OUT_OF_RESPONSE_TIME_LIMIT.value, Code.OUT_OF_RESPONSE_COUNT_LIMIT.value})
UNREACHABLE = frozenset({Code.INVALID_OPENID.value, Code.REQUIRE_SUBSCRIBE.value, 43019})  # 43019: blocked us
MISCONFIGURED = frozenset({Code.INVALID_APP_ID.value, Code.INVALID_TEMPLATE.value, 48001, 40164, 40125})
THROTTLED = frozenset({Code.SYSTEM_BUSY.value, Code.OUT_OF_API_FREQ_LIMIT.value})


@dataclass(frozen=True)
class Recipient:
    openid: str
    last_inbound_at: datetime | None
    opt_out_nudges: bool
    consent_health_data: bool


def classify(error: WeChatApiError, update: dict[str, Any] | None = None) -> SendResult:
    code = error.errcode
    if code in UNREACHABLE:
        return SendResult.undeliverable(f"unreachable ({code})", update)
    if code in OUT_OF_WINDOW:
        return SendResult.undeliverable(f"out of the customer-service window ({code})", update)
    if code in MISCONFIGURED:
        return SendResult.failed(f"configuration ({code})", update)
    after = timedelta(seconds=30) if code in THROTTLED else None
    return SendResult.retry(f"wechat error {code}" if code is not None else error.message[:120], after=after,
                            update=update)


class WeChatSender:
    def __init__(self, cfg: WeChatConfig, session_factory: sessionmaker[Session], clock: Clock, api: TokenApi) -> None:
        self.cfg = cfg
        self.session_factory = session_factory
        self.clock = clock
        self.api = api

    def send(self, job: OutboxJob) -> SendResult:
        recipient = self._recipient(job.member_id)
        if recipient is None:
            return SendResult.undeliverable("no member with a WeChat openid")
        nudge = job.kind == "nudge"
        if nudge and recipient.opt_out_nudges:
            return SendResult.undeliverable("member opted out of nudges")
        if nudge and not recipient.consent_health_data:  # queued before consent was withdrawn
            return SendResult.undeliverable("member withdrew consent to health data processing")
        last = recipient.last_inbound_at
        if last is not None and self.clock.now() - last < WINDOW:
            result = self._customer_service(job, recipient.openid)
            if result is not None:
                return result
        if nudge:
            return self._template(job, recipient.openid)
        return SendResult.undeliverable("outside the 48-hour customer-service window")

    def _recipient(self, member_id: int | None) -> Recipient | None:
        if member_id is None:
            return None
        with session_scope(self.session_factory) as session:
            member = session.get(m.Member, member_id)
            if member is None:
                return None
            last = session.scalar(select(m.Conversation.last_inbound_at).where(
                m.Conversation.member_id == member_id, m.Conversation.channel == "wechat"))
            return Recipient(member.external_id, last, member.opt_out_nudges, member.consent_health_data)

    def _customer_service(self, job: OutboxJob, openid: str) -> SendResult | None:
        """Send the parts not yet sent; None when the platform says the window is closed before any went."""
        text = str(job.payload.get("text") or "")
        parts = [str(p) for p in job.payload.get("parts") or split_for_chat(text)]
        start = int(job.payload.get("sent_parts", 0) or 0)
        for index in range(start, len(parts)):
            done = {"sent_parts": index}
            try:
                self.api.post("/cgi-bin/message/custom/send",
                              {"touser": openid, "msgtype": "text", "text": {"content": parts[index]}})
            except WeChatApiError as exc:
                if exc.errcode in OUT_OF_WINDOW and index == start and job.kind == "nudge":
                    return None
                return classify(exc, done)
            except httpx.HTTPError as exc:
                return SendResult.retry(f"network: {type(exc).__name__}", update=done)
        return SendResult.sent({"sent_parts": len(parts), "sent_via": "customer_service"})

    def _template(self, job: OutboxJob, openid: str) -> SendResult:
        template_id = job.payload.get("template_id") or self.cfg.template_id_nudge
        if not template_id:
            return SendResult.undeliverable("outside the window and no nudge template configured")
        data = job.payload.get("template_data") or {self.cfg.template_field: {"value": self._field_text(job)}}
        body: dict[str, Any] = {"touser": openid, "template_id": template_id, "data": data}
        if job.payload.get("url"):
            body["url" if self.cfg.template_api == "template" else "page"] = job.payload["url"]
        path = "/cgi-bin/message/template/send" if self.cfg.template_api == "template" \
            else "/cgi-bin/message/subscribe/bizsend"
        try:
            self.api.post(path, body)
        except WeChatApiError as exc:
            return classify(exc)
        except httpx.HTTPError as exc:
            return SendResult.retry(f"network: {type(exc).__name__}")
        return SendResult.sent({"sent_via": self.cfg.template_api})

    def _field_text(self, job: OutboxJob) -> str:
        text = " ".join(str(job.payload.get("text") or "").split())
        limit = 20 if self.cfg.template_field.startswith("thing") else 200  # "thing" keywords hold 20 characters
        return text if len(text) <= limit else text[: limit - 1] + "…"
