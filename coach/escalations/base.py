"""What every ticket operation shares: the actor, the ticket lookup, its timeline, audit and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import Clock
from coach.db import models as m
from coach.errors import NotFoundError, ValidationFailed
from coach.escalations.notifier import LogNotifier, Notifier
from coach.escalations.policy import EscalationPolicy
from coach.escalations.routing import member_summary, recipients

MAX_TEXT = 2000


@dataclass(frozen=True)
class Actor:
    """Who acts: a clinician (console), the bearer-token API, or the system (triage, scheduler)."""

    type: str  # clinician | api | system
    id: str
    clinician_id: int | None = None

    @classmethod
    def of(cls, who: Actor | m.Clinician) -> Actor:
        if isinstance(who, Actor):
            return who
        return cls("clinician", str(who.id), who.id)


API = Actor("api", "api")
SYSTEM = Actor("system", "escalations")


def checked_text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not 1 <= len(value) <= MAX_TEXT:
        raise ValidationFailed(f"{field} must be 1-{MAX_TEXT} characters", field=field)
    return value


class TicketBase:
    def __init__(
        self, session: Session, clock: Clock, policy: EscalationPolicy, notifier: Notifier | None = None
    ) -> None:
        self.session = session
        self.clock = clock
        self.policy = policy
        self.notifier: Notifier = notifier or LogNotifier()

    def get(self, escalation_id: int) -> m.Escalation:
        found = self.session.get(m.Escalation, escalation_id)
        if found is None:
            raise NotFoundError(f"escalation {escalation_id} not found", field="escalation_id")
        return found

    def events(self, escalation_id: int) -> list[m.EscalationEvent]:
        query = select(m.EscalationEvent).where(m.EscalationEvent.escalation_id == escalation_id)
        return list(self.session.scalars(query.order_by(m.EscalationEvent.created_at, m.EscalationEvent.id)))

    def _notify(self, escalation: m.Escalation, member: m.Member, reason: str) -> None:
        now = self.clock.now()
        escalation.notify_count += 1
        escalation.last_notified_at = now
        targets = recipients(self.session, escalation)
        self.session.flush()
        self.notifier.notify(escalation, member_summary(member, now), targets, reason)
        self._event(escalation, "notified", SYSTEM, f"{reason} → {', '.join(str(c.id) for c in targets) or '-'}")

    def _event(self, escalation: m.Escalation, kind: str, who: Actor, text: str | None) -> m.EscalationEvent:
        event = m.EscalationEvent(
            escalation_id=escalation.id,
            member_id=escalation.member_id,
            clinician_id=who.clinician_id,
            kind=kind,
            text=text,
            created_at=self.clock.now(),
        )
        self.session.add(event)
        self.session.flush()
        return event

    def _audit(self, who: Actor, action: str, member_id: int, target: str, detail: dict[str, Any]) -> None:
        audit.record(self.session, self.clock, who.type, who.id, action, member_id, target, detail)
