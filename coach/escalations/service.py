"""Escalation tickets: open or attach a repeat, route, notify, move through states, watch the SLA.

open → acknowledged → resolved, open|acknowledged → cancelled, resolved|cancelled → open (reopen).
Every action writes an EscalationEvent (the ticket's timeline) and an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, or_, select

from coach.db import models as m
from coach.errors import ConflictError, NotFoundError, ValidationFailed
from coach.escalations.base import API, SYSTEM, Actor, checked_text
from coach.escalations.conversation import ConversationActions
from coach.escalations.policy import LEVELS, LIVE_STATUSES, STATUSES, severity
from coach.escalations.routing import route

__all__ = ["API", "SYSTEM", "Actor", "EscalationService"]

_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    # action: (allowed from, to, event kind)
    "acknowledge": (frozenset({"open"}), "acknowledged", "acknowledged"),
    "resolve": (frozenset({"open", "acknowledged"}), "resolved", "resolved"),
    "cancel": (frozenset({"open", "acknowledged"}), "cancelled", "cancelled"),
    "reopen": (frozenset({"resolved", "cancelled"}), "open", "reopened"),
}


class EscalationService(ConversationActions):
    # --- the queue ---------------------------------------------------------------------------
    def queue(
        self, clinician: m.Clinician | None = None, statuses: Iterable[str] = LIVE_STATUSES, *, limit: int = 200
    ) -> list[m.Escalation]:
        """Tickets in `statuses`, most severe level first, then the earliest SLA deadline.
        None or an admin sees every ticket; a clinician sees theirs, and the pool's while on call."""
        wanted = [s for s in statuses if s in STATUSES] or list(LIVE_STATUSES)
        order = case({level: index for index, level in enumerate(LEVELS)}, value=m.Escalation.level, else_=99)
        query = select(m.Escalation).where(m.Escalation.status.in_(wanted))
        if clinician is not None and clinician.role != "admin":
            mine = or_(m.Escalation.assigned_clinician_id == clinician.id, m.Member.family_doctor_id == clinician.id)
            if clinician.on_call:
                mine = or_(mine, and_(m.Escalation.on_call.is_(True), m.Escalation.status.in_(LIVE_STATUSES)))
            query = query.join(m.Member, m.Member.id == m.Escalation.member_id).where(mine)
        query = query.order_by(order, m.Escalation.sla_due_at, m.Escalation.id).limit(limit)
        return list(self.session.scalars(query))

    # --- raising -------------------------------------------------------------------------------
    def raise_flag(
        self,
        member_id: int,
        level: str,
        reasons: Sequence[str],
        evidence: Sequence[dict[str, Any]],
        source: str,
        message_id: int | None = None,
    ) -> m.Escalation:
        """Open a ticket, or attach to the member's live ticket that shares a reason within the window."""
        if level not in LEVELS:
            raise ValidationFailed(f"level must be one of {', '.join(LEVELS)}", field="level")
        wanted = list(dict.fromkeys(r.strip() for r in reasons if r and r.strip()))
        if not wanted:
            raise ValidationFailed("an escalation needs at least one reason", field="reasons")
        if not source or len(source) > 16:
            raise ValidationFailed("source must be 1-16 characters", field="source")
        member = self.session.get(m.Member, member_id)
        if member is None:
            raise NotFoundError(f"member {member_id} not found", field="member_id")
        now = self.clock.now()
        items = [self._evidence_item(e, source, message_id) for e in evidence]
        existing = self._attachable(member_id, wanted, now)
        if existing is not None:
            return self._attach(existing, member, level, wanted, items, now)
        assigned, on_call = route(self.session, member)
        escalation = m.Escalation(
            member_id=member_id,
            level=level,
            reasons=wanted,
            evidence=items,
            status="open",
            source=source,
            message_id=message_id,
            assigned_clinician_id=assigned,
            on_call=on_call,
            repeat_count=0,
            opened_at=now,
            last_seen_at=now,
            sla_due_at=now + self.policy.sla_for(level),
            notify_count=0,
        )
        self.session.add(escalation)
        self.session.flush()
        self._event(escalation, "opened", SYSTEM, f"{level}: {', '.join(wanted)}")
        self._ticket_audit(SYSTEM, "escalation.open", escalation, {"level": level, "reasons": wanted})
        self._notify(escalation, member, "opened")
        return escalation

    def _attachable(self, member_id: int, reasons: list[str], now: datetime) -> m.Escalation | None:
        live = self.session.scalars(
            select(m.Escalation)
            .where(
                m.Escalation.member_id == member_id,
                m.Escalation.status.in_(LIVE_STATUSES),
                m.Escalation.last_seen_at >= now - self.policy.repeat_window,
            )
            .order_by(m.Escalation.opened_at.desc(), m.Escalation.id.desc())
        )
        return next((e for e in live if set(e.reasons) & set(reasons)), None)

    def _attach(
        self,
        escalation: m.Escalation,
        member: m.Member,
        level: str,
        reasons: list[str],
        items: list[dict[str, Any]],
        now: datetime,
    ) -> m.Escalation:
        escalation.repeat_count += 1
        escalation.last_seen_at = now
        escalation.reasons = list(dict.fromkeys([*escalation.reasons, *reasons]))
        seen = {self._evidence_key(e) for e in escalation.evidence}
        escalation.evidence = [*escalation.evidence, *(e for e in items if self._evidence_key(e) not in seen)]
        self._event(escalation, "repeat", SYSTEM, f"{level}: {', '.join(reasons)}")
        self._ticket_audit(SYSTEM, "escalation.repeat", escalation, {"level": level, "reasons": reasons})
        if severity(level) < severity(escalation.level):
            previous, escalation.level = escalation.level, level
            escalation.sla_due_at = min(escalation.sla_due_at, now + self.policy.sla_for(level))
            self._event(escalation, "upgraded", SYSTEM, f"{previous} → {level}")
            self._notify(escalation, member, "upgraded")
        self.session.flush()
        return escalation

    @staticmethod
    def _evidence_item(raw: dict[str, Any], source: str, message_id: int | None) -> dict[str, Any]:
        item = dict(raw)
        if isinstance(item.get("span"), tuple):
            item["span"] = list(item["span"])  # as JSON stores it, so repeats compare equal
        item.setdefault("source", source)
        if message_id is not None:
            item.setdefault("message_id", message_id)
        return item

    @staticmethod
    def _evidence_key(item: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(item.get(k)) for k in ("reason", "evidence", "span", "message_id"))

    # --- state changes -------------------------------------------------------------------------
    def acknowledge(self, escalation_id: int, actor: Actor | m.Clinician) -> m.Escalation:
        who = Actor.of(actor)
        escalation = self._transition(escalation_id, "acknowledge")
        escalation.acknowledged_at = self.clock.now()
        escalation.acknowledged_by = who.clinician_id
        if escalation.assigned_clinician_id is None and who.clinician_id is not None:
            escalation.assigned_clinician_id = who.clinician_id  # a pool ticket goes to whoever takes it
        return self._changed(escalation, who, "acknowledge", None)

    def resolve(self, escalation_id: int, actor: Actor | m.Clinician, outcome: str) -> m.Escalation:
        who = Actor.of(actor)
        outcome = checked_text(outcome, "outcome")
        escalation = self._transition(escalation_id, "resolve")
        escalation.resolved_at = self.clock.now()
        escalation.resolved_by = who.clinician_id
        escalation.outcome = outcome
        return self._changed(escalation, who, "resolve", outcome)

    def cancel(self, escalation_id: int, actor: Actor | m.Clinician, reason: str | None = None) -> m.Escalation:
        who = Actor.of(actor)
        text = checked_text(reason, "reason") if reason else None
        escalation = self._transition(escalation_id, "cancel")
        escalation.resolved_at = self.clock.now()
        escalation.resolved_by = who.clinician_id
        return self._changed(escalation, who, "cancel", text)

    def reopen(self, escalation_id: int, actor: Actor | m.Clinician, reason: str | None = None) -> m.Escalation:
        who = Actor.of(actor)
        text = checked_text(reason, "reason") if reason else None
        escalation = self._transition(escalation_id, "reopen")
        now = self.clock.now()
        escalation.acknowledged_at = escalation.acknowledged_by = None
        escalation.resolved_at = escalation.resolved_by = escalation.outcome = None
        escalation.last_seen_at = now
        escalation.sla_due_at = now + self.policy.sla_for(escalation.level)
        return self._changed(escalation, who, "reopen", text)

    def add_note(self, escalation_id: int, actor: Actor | m.Clinician, text: str) -> m.EscalationEvent:
        who = Actor.of(actor)
        text = checked_text(text, "text")
        escalation = self.get(escalation_id)
        event = self._event(escalation, "note", who, text)
        self._ticket_audit(who, "escalation.note", escalation, {"event_id": event.id})
        return event

    def _transition(self, escalation_id: int, action: str) -> m.Escalation:
        escalation = self.get(escalation_id)
        allowed, target, _ = _TRANSITIONS[action]
        if escalation.status not in allowed:
            raise ConflictError(
                f"cannot {action} escalation {escalation_id}: it is {escalation.status}",
                field="status",
            )
        escalation.status = target
        return escalation

    def _changed(self, escalation: m.Escalation, who: Actor, action: str, text: str | None) -> m.Escalation:
        self._event(escalation, _TRANSITIONS[action][2], who, text)
        self._ticket_audit(who, f"escalation.{action}", escalation, {"status": escalation.status})
        self.session.flush()
        return escalation

    # --- SLA -------------------------------------------------------------------------------------
    def check_sla(self, now: datetime | None = None) -> list[m.Escalation]:
        """Unacknowledged tickets past their deadline: re-notify, widen to the on-call pool, and move
        the deadline one SLA period on, so each breach is handled once per period."""
        now = now or self.clock.now()
        breached = list(
            self.session.scalars(
                select(m.Escalation)
                .where(m.Escalation.status == "open", m.Escalation.sla_due_at <= now)
                .order_by(m.Escalation.sla_due_at, m.Escalation.id)
                .with_for_update(skip_locked=True)  # PostgreSQL: two schedulers never handle the same breach
            )
        )
        for escalation in breached:
            due = escalation.sla_due_at
            escalation.on_call = True
            escalation.sla_due_at = now + self.policy.sla_for(escalation.level)
            self._event(escalation, "breach", SYSTEM, f"not acknowledged by {due.isoformat()}")
            self._ticket_audit(SYSTEM, "escalation.breach", escalation, {"due": due.isoformat()})
            member = self.session.get(m.Member, escalation.member_id)
            if member is not None:
                self._notify(escalation, member, "breach")
        self.session.flush()
        return breached

    def _ticket_audit(self, who: Actor, action: str, escalation: m.Escalation, detail: dict[str, Any]) -> None:
        self._audit(who, action, escalation.member_id, f"escalation:{escalation.id}", detail)
