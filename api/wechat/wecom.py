"""Outbox sender for channel "wecom": doctor alerts as WeCom (企业微信) app messages.

Payload {clinician_ids, title, body} (coach.escalations.notifier.OutboxNotifier); each
clinician's WeCom userid is their `Clinician.username`."""

from __future__ import annotations

import logging

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.wechat.client import TokenApi, WeChatApiError
from api.wechat.config import WeComConfig
from api.wechat.sender import classify
from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope
from coach.outbox import OutboxJob, SendResult

log = logging.getLogger("coach.wechat")
MAX_BYTES = 2048  # WeCom text message limit
ALL_RECIPIENTS_INVALID = 81013


def _clip(text: str) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= MAX_BYTES else data[: MAX_BYTES - 3].decode("utf-8", "ignore") + "…"


class WeComSender:
    def __init__(self, cfg: WeComConfig, session_factory: sessionmaker[Session], clock: Clock, api: TokenApi) -> None:
        self.cfg = cfg
        self.session_factory = session_factory
        self.clock = clock
        self.api = api

    def send(self, job: OutboxJob) -> SendResult:
        ids = [int(i) for i in job.payload.get("clinician_ids") or [] if str(i).isdigit()]
        if not ids and job.clinician_id is not None:
            ids = [job.clinician_id]
        with session_scope(self.session_factory) as session:
            users = list(session.scalars(select(m.Clinician.username).where(m.Clinician.id.in_(ids),
                                                                            m.Clinician.active.is_(True))))
        if not users:
            return SendResult.undeliverable("no active clinician to alert")
        content = _clip(f"{job.payload.get('title', '')}\n{job.payload.get('body', '')}".strip())
        body = {"touser": "|".join(sorted(users)), "msgtype": "text", "agentid": int(self.cfg.agent_id or 0),
                "text": {"content": content}, "safe": 0}
        try:
            answer = self.api.post("/cgi-bin/message/send", body)
        except WeChatApiError as exc:
            if exc.errcode == ALL_RECIPIENTS_INVALID:
                return SendResult.undeliverable(f"no valid WeCom user among {len(users)} recipient(s)")
            return classify(exc)
        except httpx.HTTPError as exc:
            return SendResult.retry(f"network: {type(exc).__name__}")
        invalid = {u for u in str(answer.get("invaliduser") or "").split("|") if u}
        if invalid and invalid >= set(users):
            return SendResult.undeliverable(f"no valid WeCom user among {len(users)} recipient(s)")
        if invalid:
            log.warning("outbox %s: %d of %d WeCom recipient(s) unknown to WeCom", job.id, len(invalid), len(users))
        return SendResult.sent({"delivered_to": len(set(users) - invalid)})


class Unconfigured:
    """A channel whose credentials are not set: its rows become undeliverable, visibly, not silently dropped."""

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, job: OutboxJob) -> SendResult:
        log.error("ALERT outbox %s kind=%s: channel %s is not configured", job.id, job.kind, self.channel)
        return SendResult.undeliverable(f"{self.channel} not configured")
