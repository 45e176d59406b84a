"""Readings stated in a chat message become observations, and each one is triaged."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.measurements.parse import ParsedMeasurement
from coach.members.loading import load_snapshot
from coach.members.observations import CanonicalObservation
from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.members.store import MemberStore
from coach.members.vocabulary import OBSERVATION_KINDS
from coach.pipeline.models import EscalationRef, RecordedObservation
from coach.triage import own_current_readings
from coach.triage.engine import triage_observation
from coach.triage.models import TriageContext, TriageResult


class EscalationSinkLike(Protocol):
    def raise_flag(self, session: Session, *, member_id: int, level: str, reasons: Sequence[str],
                   evidence: list[dict[str, Any]], source: str, message_id: int | None) -> EscalationRef: ...


CARER_WRITES_FROM_AGE = 60  # members this old have their children typing for them; their own parents rarely live


@dataclass(frozen=True)
class Recorded:
    observation: RecordedObservation
    triage: TriageResult


# "63.4 this morning", "早上62.9", "hi, 62.8 again this morning", "早上好，阿拉今朝62.6": a bare number with at most a
# greeting, "I" and time words around it.
_WHEN = r"今天|今早|今朝|早上|早晨|今天早上|this morning|today|again|am|still|又是|还是"
_BARE_NUMBER = re.compile(r"^\s*(?:(?:hi|hello|hey|morning|good morning|早上好|早安|早|你好|您好)[,，!！.。\s]*)?(?:(?:我|阿拉|俺)\s*)?"
                          rf"(?:(?:{_WHEN})\s*){{0,2}}(\d{{2,3}}(?:\.\d{{1,2}})?)\s*(?:(?:{_WHEN})\s*){{0,2}}[。.!！~]*\s*$",
                          re.IGNORECASE)
_BARE_WEIGHT_SPREAD = 0.05  # within 5 % of the last weight
_WEIGHS_IN_DAYS = 14  # a member who weighed in within two weeks weighs in regularly


def bare_weight_text(text: str, member: MemberSnapshot, now: datetime) -> str | None:
    """A bare decimal number close to the weight a member who weighs in regularly sent in the last two weeks, read
    as their weight ("63.4 this morning" → "weight 63.4 kg"); None when it could be a pulse, a sugar or anything else."""
    match = _BARE_NUMBER.match(text)
    latest = member.latest("weight")
    if match is None or "." not in match.group(1) or latest is None or not latest.value:
        return None
    if now - latest.observed_at > timedelta(days=_WEIGHS_IN_DAYS):
        return None
    value = float(match.group(1))
    if abs(value - latest.value) > _BARE_WEIGHT_SPREAD * latest.value:
        return None
    return f"weight {value} kg"


def record_from_text(store: MemberStore, member: MemberSnapshot, text: str, ctx: TriageContext) -> list[Recorded]:
    recorded = []
    history = list(member.observations)
    # Only the member's own, current readings: not a relative's, not last month's, not "e.g. 200/120". On an
    # older member's account a parent named in the message is the member, written about by their child.
    parent_is_member = member.age_on(ctx.now.date()) >= CARER_WRITES_FROM_AGE
    for parsed in own_current_readings(text, parent_is_member=parent_is_member, member_sex=member.sex):
        if parsed.kind not in OBSERVATION_KINDS:  # e.g. "weight_gain" phrases: triage reads those from text
            continue
        canonical = _canonical(parsed, ctx)
        row = store.add_observation(member.member_id, canonical, source="chat")
        record = ObservationRecord(kind=row.kind, observed_at=row.observed_at, value=row.value,
                                   systolic=row.systolic, diastolic=row.diastolic)
        # Triage the reading against the member's history including readings sent earlier in this message.
        snapshot = _with_history(member, history)
        result = triage_observation(record, TriageContext(snapshot, ctx.now))
        history.append(record)
        recorded.append(Recorded(RecordedObservation(row.id, row.kind, row.value, row.systolic, row.diastolic,
                                                     row.unit, row.observed_at, parsed.source_text), result))
    return recorded


def _canonical(parsed: ParsedMeasurement, ctx: TriageContext) -> CanonicalObservation:
    return CanonicalObservation(kind=parsed.kind, observed_at=ctx.now, value=parsed.value, systolic=parsed.systolic,
                                diastolic=parsed.diastolic, unit=parsed.unit)


def _with_history(member: MemberSnapshot, history: list[ObservationRecord]) -> MemberSnapshot:
    return replace(member, observations=tuple(history))


@dataclass(frozen=True)
class ObservationIntake:
    row_id: int
    triage: TriageResult
    escalation: EscalationRef | None


def record_observation(session: Session, clock: Clock, member_id: int, canonical: CanonicalObservation,
                       escalations: EscalationSinkLike, *, source: str = "api") -> ObservationIntake:
    """Store an observation that arrived through the API or a device, triage it against the member's
    history, and raise a ticket when it is a red flag."""
    store = MemberStore(session, clock)
    member = load_snapshot(session, store.get(member_id), clock.now())
    row = store.add_observation(member_id, canonical, source=source)
    record = ObservationRecord(kind=row.kind, observed_at=row.observed_at, value=row.value, systolic=row.systolic,
                               diastolic=row.diastolic, attributes=dict(row.attributes or {}))
    result = triage_observation(record, TriageContext(member, clock.now()))
    escalation = None
    if result.is_red_flag and result.level is not None:
        evidence = [{"reason": f.reason, "level": f.level.value, "evidence": f.evidence, "span": None,
                     "subject": f.subject} for f in result.findings]
        escalation = escalations.raise_flag(session, member_id=member_id, level=result.level.value,
                                            reasons=list(result.reasons), evidence=evidence, source="observation",
                                            message_id=None)
    return ObservationIntake(row.id, result, escalation)
