"""Telling clinicians about a ticket. Logs carry ids and codes only: never member text or openid."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m

log = logging.getLogger("coach.escalations")

LEVEL_LABELS = {"emergency": "紧急", "urgent": "加急", "routine": "常规"}
# Settings fields that, when all set, mean the WeCom app is configured (the sender reads them).
WECOM_SETTINGS = ("wecom_corp_id", "wecom_agent_id", "wecom_secret")


class Notifier(Protocol):
    def notify(
        self, escalation: m.Escalation, member_summary: str, recipients: list[m.Clinician], reason: str
    ) -> None:
        """Tell `recipients` about `escalation`; `reason` is why now: opened | repeat | upgraded | breach."""
        ...


class LogNotifier:
    """The default: a log line per notification (ticket id, level, reason, recipient ids)."""

    def notify(
        self, escalation: m.Escalation, member_summary: str, recipients: list[m.Clinician], reason: str
    ) -> None:
        log.log(
            logging.WARNING if recipients else logging.ERROR,
            "escalation %s level=%s notify=%s recipients=%s",
            escalation.id,
            escalation.level,
            reason,
            [c.id for c in recipients] or "none (no family doctor and nobody on call)",
        )


class OutboxNotifier:
    """Enqueues a WeCom app message (channel "wecom", kind "alert"); the outbox worker sends it."""

    def __init__(self, session: Session, clock: Clock, console_url: str | None = None) -> None:
        self.session = session
        self.clock = clock
        self.console_url = console_url.rstrip("/") if console_url else None

    def notify(
        self, escalation: m.Escalation, member_summary: str, recipients: list[m.Clinician], reason: str
    ) -> None:
        if not recipients:
            log.warning("escalation %s notify=%s: no clinician to notify", escalation.id, reason)
            return
        now = self.clock.now()
        label = LEVEL_LABELS.get(escalation.level, escalation.level)
        prefix = "超时未确认 SLA breached · " if reason == "breach" else ""
        lines = [
            member_summary,
            f"原因 reasons: {', '.join(escalation.reasons)}",
            f"确认时限 ack by: {escalation.sla_due_at.strftime('%Y-%m-%d %H:%M UTC')}",
        ]
        if self.console_url:
            lines.append(f"{self.console_url}/console/tickets/{escalation.id}")
        self.session.add(
            m.OutboxEntry(
                member_id=escalation.member_id,
                clinician_id=recipients[0].id if len(recipients) == 1 else None,
                channel="wecom",
                kind="alert",
                payload={
                    "clinician_ids": [c.id for c in recipients],
                    "title": f"{prefix}【{label}】工单 #{escalation.id}",
                    "body": "\n".join(lines),
                },
                idempotency_key=f"alert:{escalation.id}:{escalation.notify_count}",
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        self.session.flush()
        log.info("escalation %s notify=%s queued for %d clinician(s)", escalation.id, reason, len(recipients))


def wecom_configured(settings: Any) -> bool:
    return all(getattr(settings, name, None) for name in WECOM_SETTINGS)


def build_notifier(settings: Any, session: Session, clock: Clock) -> Notifier:
    """WeCom (through the outbox) when configured, otherwise the log notifier."""
    if wecom_configured(settings):
        return OutboxNotifier(session, clock, getattr(settings, "console_base_url", None))
    return LogNotifier()
