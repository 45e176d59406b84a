"""The one intake decision every channel makes about an inbound message.

REST and WeChat both call `decide` (what to do with the text) and, for a member who has not consented
to health-data processing, `settle_without_consent` (the ticket, the consent record, the fixed reply).
Only the transport differs: REST returns the reply in the response, WeChat answers passively or
through the outbox.

The order is the safety order and never depends on a model:
1. bare-text triage (rules only, no member data): an emergency gets its fixed reply and a ticket for
   everyone, consented or not;
2. without consent: an urgent red flag still opens a ticket and gets the urgent reply (vital interest),
   "同意 / agree" records consent, anything else gets the consent request; nothing is recorded,
   retrieved or composed;
3. with consent: the coach turn, which triages again with the member's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from coach import audit
from coach.clock import Clock
from coach.db import models as m
from coach.triage.engine import triage_message
from coach.triage.models import TriageContext, TriageResult
from coach.triage.templates import emergency_reply, urgent_reply


class IntakeAction(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    CONSENT_GIVEN = "consent_given"
    CONSENT_REQUEST = "consent_request"
    COACH = "coach"


@dataclass(frozen=True)
class IntakeDecision:
    action: IntakeAction
    triage: TriageResult
    reply: str | None  # the fixed reply, for every action but COACH

    @property
    def escalates(self) -> bool:
        return self.action in (IntakeAction.EMERGENCY, IntakeAction.URGENT)


CONSENT_REQUEST = {
    "zh": "为了给您提供个性化的健康指导，我们需要处理您的健康信息（病情、用药、测量数据），仅用于为您服务，"
          "您的家庭医生团队可以查看。回复「同意」表示您同意；不同意时我们不会查看或记录您的健康信息。"
          "如有胸痛、呼吸困难等紧急情况，请立即拨打120。",
    "en": "To give you personal health advice I need your consent to health data processing (your conditions, "
          "medicines and readings). It is used only for your care, and your care team can see it. Reply \"agree\" "
          "to consent; until then I will not look at or record your health information. In an emergency "
          "(chest pain, trouble breathing) call 120 now.",
}
CONSENT_THANKS = {
    "zh": "谢谢，已记录您的同意。现在可以直接问我健康问题，或发送您的血压、血糖、体重读数。",
    "en": "Thank you, your consent is recorded. Ask me anything about your health, or send your readings.",
}
AGREEMENTS = frozenset({"同意", "我同意", "同意。", "agree", "i agree", "yes, i agree", "agreed"})


def pick(texts: dict[str, str], language: str) -> str:
    return texts["en" if language.lower().startswith("en") else "zh"]


def is_agreement(text: str) -> bool:
    return " ".join(text.strip().lower().split()) in AGREEMENTS


class EscalationSink(Protocol):
    def raise_flag(self, session: Session, *, member_id: int, level: str, reasons: Sequence[str],
                   evidence: list[dict[str, Any]], source: str, message_id: int | None) -> Any: ...


def bare_triage(text: str, clock: Clock) -> TriageResult:
    """Triage of the text alone (no member data): what every channel may run before anything else."""
    return triage_message(text, TriageContext(None, clock.now()))


def decide(text: str, *, consented: bool, language: str, triage: TriageResult) -> IntakeDecision:
    """What to do with one inbound text, given its bare-text triage."""
    if triage.is_emergency:
        return IntakeDecision(IntakeAction.EMERGENCY, triage, emergency_reply(triage.reasons, language))
    if consented:
        return IntakeDecision(IntakeAction.COACH, triage, None)
    if triage.is_red_flag:
        return IntakeDecision(IntakeAction.URGENT, triage, urgent_reply(triage.reasons, language))
    if is_agreement(text):
        return IntakeDecision(IntakeAction.CONSENT_GIVEN, triage, pick(CONSENT_THANKS, language))
    return IntakeDecision(IntakeAction.CONSENT_REQUEST, triage, pick(CONSENT_REQUEST, language))


def evidence_of(triage: TriageResult) -> list[dict[str, Any]]:
    return [{"reason": f.reason, "level": f.level.value, "evidence": f.evidence,
             "span": list(f.span) if f.span else None, "subject": f.subject} for f in triage.findings]


@dataclass(frozen=True)
class Settled:
    reply: str
    role: str  # "triage" or "consent"
    escalation: Any  # what the sink returned, or None


def settle_without_consent(session: Session, clock: Clock, escalations: EscalationSink, member: m.Member,
                           message: m.Message, decision: IntakeDecision, channel: str) -> Settled:
    """Apply a decision for a member without consent: ticket, consent record and audit; the caller
    stores and delivers the reply. Nothing of the message's health content is processed further."""
    assert decision.reply is not None, "COACH decisions go to the turn"
    message.meta = {**(message.meta or {}), "consent": False}
    escalation = None
    if decision.escalates and decision.triage.level is not None:
        escalation = escalations.raise_flag(
            session, member_id=member.id, level=decision.triage.level.value, reasons=list(decision.triage.reasons),
            evidence=evidence_of(decision.triage), source="message", message_id=message.id)
    if decision.action is IntakeAction.CONSENT_GIVEN:
        now = clock.now()
        member.consent_health_data, member.consent_at, member.updated_at = True, now, now
        audit.record(session, clock, "system", channel, f"{channel}.consent_given", member.id, f"member:{member.id}")
    return Settled(decision.reply, "triage" if decision.escalates else "consent", escalation)
