"""The scheduled SLA check: one unit of work per run, safe to run from several processes."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from coach.clock import Clock
from coach.db.engine import session_scope
from coach.escalations.notifier import build_notifier
from coach.escalations.policy import EscalationPolicy
from coach.escalations.service import EscalationService

log = logging.getLogger("coach.escalations")


def run_sla_check(factory: sessionmaker[Session], clock: Clock, settings: Any) -> list[int]:
    """Re-notify and widen every breached ticket; returns their ids. Schedule every minute."""
    try:
        with session_scope(factory) as session:
            service = EscalationService(
                session, clock, EscalationPolicy.from_settings(settings), build_notifier(settings, session, clock)
            )
            breached = [e.id for e in service.check_sla(clock.now())]
    except IntegrityError:
        # Another process queued the same alert (same idempotency key) first; nothing was lost.
        log.info("SLA check: another process handled these breaches")
        return []
    if breached:
        log.warning("SLA breached on %d escalation(s): %s", len(breached), breached)
    return breached
