"""Clinicians teach triage: a ticket marked "not a red flag", or a member's message marked "missed red
flag (level)". Labels are stored, audited and exported as corpus lines in the labelling guide's format
(evals/triage/GUIDE.md) for the next `coach train triage`."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach import audit
from coach.clock import Clock
from coach.db import models as m
from coach.errors import ValidationFailed
from coach.triage.models import REASON_CODES

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def label_message(session: Session, clock: Clock, clinician: m.Clinician, message: m.Message, *, kind: str,
                  level: str, reason: str | None = None, escalation_id: int | None = None) -> m.TriageLabel:
    """Store one clinician's label of one inbound message (a second label of the same kind replaces it)."""
    if kind not in m.TRIAGE_LABEL_KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(m.TRIAGE_LABEL_KINDS)}", field="kind")
    if kind == "not_red_flag":
        level, reason = ("routine" if level == "routine" else "none"), None
    elif level not in ("emergency", "urgent"):
        raise ValidationFailed("a missed red flag is emergency or urgent", field="level")
    elif reason not in REASON_CODES:
        raise ValidationFailed("choose the red flag's reason", field="reason")
    if message.direction != "in":
        raise ValidationFailed("only a member's message can be labelled", field="message_id")
    existing = session.scalar(select(m.TriageLabel).where(
        m.TriageLabel.message_id == message.id, m.TriageLabel.clinician_id == clinician.id, m.TriageLabel.kind == kind))
    label = existing or m.TriageLabel(member_id=message.member_id, message_id=message.id, clinician_id=clinician.id,
                                      kind=kind, created_at=clock.now())
    label.level, label.reason, label.escalation_id = level, reason, escalation_id
    if existing is None:
        try:
            with session.begin_nested():
                session.add(label)
                session.flush()
        except IntegrityError as exc:  # the same label posted twice at once
            raise ValidationFailed("this label was just saved", field="message_id") from exc
    audit.record(session, clock, "clinician", clinician.id, f"triage.label.{kind}", message.member_id,
                 f"message:{message.id}", {"level": level, "reason": reason, "escalation_id": escalation_id})
    return label


def labels_for(session: Session, member_id: int) -> dict[int, list[m.TriageLabel]]:
    rows = session.scalars(select(m.TriageLabel).where(m.TriageLabel.member_id == member_id))
    out: dict[int, list[m.TriageLabel]] = {}
    for row in rows:
        out.setdefault(row.message_id, []).append(row)
    return out


def export_lines(session: Session) -> list[dict[str, Any]]:
    """Every label as a corpus line (the member's words only: no ids, names or other data)."""
    rows = session.execute(select(m.TriageLabel, m.Message.text).join(m.Message, m.Message.id == m.TriageLabel.message_id)
                           .order_by(m.TriageLabel.id))
    lines = []
    for label, text in rows:
        lang = "mixed" if _CJK.search(text) and _LATIN.search(text) else "zh" if _CJK.search(text) else "en"
        lines.append({"id": f"cl-{label.id}", "text": text, "lang": lang, "expected_level": label.level,
                      "expected_reasons": [label.reason] if label.reason else [], "context": {},
                      "tags": [label.reason or "clinician_label", f"clinician_{label.kind}"]})
    return lines
