"""What each pushed message or event does, decided in one short database transaction.

Known members are looked up by openid (Member.external_id). Their inbound message is stored
first (UNIQUE(channel, channel_msg_id) dedupes WeChat's retries: MsgId, or FromUserName +
CreateTime for events). Unknown senders get the onboarding text; only a contact record without
message text is kept (service_state "wechat:contact:<openid>", 30 days), because no health data
may be processed before registration and consent. Emergency triage runs for everyone.

A member over the per-sender rate limit (`limits`) has their new message stored and marked
`rate_limited` but not handed to the coach: one notice per window, plain acknowledgements after
it. Red flags are never limited: they take the turn (escalation, fixed reply) as always."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.wechat import texts as t
from api.wechat.delivery import ReplyPlan, claim_passive, first_part, redelivery
from api.wechat.envelope import Inbound
from api.wechat.inbox import ForeignMsgId, MemberFacts, member_facts, store_inbound
from api.wechat.limits import NO_LIMIT, SenderLimit, claim_notice, over_limit
from coach import audit, intake
from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import session_scope
from coach.pipeline.output_checks import split_for_chat
from coach.triage.engine import triage_message
from coach.triage.models import TriageContext, TriageResult
from coach.triage.templates import emergency_reply

log = logging.getLogger("coach.wechat")
CHANNEL = "wechat"
CONTACT_TTL = timedelta(days=30)
ATTEMPTS = 3


class EscalationSink(Protocol):
    """What CoachTurn.escalations offers (raise or attach a ticket, notify the care team)."""

    def raise_flag(self, session: Session, *, member_id: int, level: str, reasons: Sequence[str],
                   evidence: list[dict[str, Any]], source: str, message_id: int | None) -> object: ...


@dataclass(frozen=True)
class Decision:
    reply: str | None = None  # answer passively now
    turn: int | None = None  # inbound message id for the coach
    emergency: str | None = None  # the fixed emergency reply, should the turn be late
    language: str = "zh"


class Handlers:
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock, escalations: EscalationSink,
                 limit: SenderLimit = NO_LIMIT) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.escalations = escalations
        self.limit = limit

    def decide(self, inbound: Inbound, triage: TriageResult | None = None) -> Decision:
        """One transaction; retried when a concurrent first message of the same member created the
        conversation first (UNIQUE member + channel) or SQLite was busy. `triage`: the text's
        `pretriage`, when the caller has run it already."""
        for attempt in range(ATTEMPTS):
            try:
                return self._decide(inbound, triage)
            except ForeignMsgId as exc:
                log.warning("wechat push from %s refused: %s", inbound.openid, exc)
                return Decision()
            except (IntegrityError, OperationalError) as exc:
                if attempt == ATTEMPTS - 1 or (isinstance(exc, OperationalError) and "locked" not in str(exc)):
                    raise
                log.info("wechat decide retried after %s", type(exc).__name__)
        raise AssertionError("unreachable")

    def _decide(self, inbound: Inbound, triage: TriageResult | None) -> Decision:
        with session_scope(self.session_factory) as session:
            facts = member_facts(session, inbound.openid)
            if facts is None:
                return self._unknown(session, inbound, triage)
            text = inbound_text(inbound)
            if text and facts.consent and inbound.msg_type != "event" and t.command(text) not in t.COMMANDS:
                return self._coach(session, facts, inbound, text, triage)  # the common case, kept lean
            member = session.get(m.Member, facts.member_id)
            assert member is not None
            if inbound.msg_type == "event":
                return self._event(session, member, inbound)
            if text:
                return self._text(session, member, inbound, text, triage)
            return self._media(session, member, inbound)

    def _coach(self, session: Session, facts: MemberFacts, inbound: Inbound, text: str,
               triage: TriageResult | None) -> Decision:
        """A consented member's message for the coach: stored, triaged, handed to a turn."""
        message_id, created = store_inbound(session, self.clock, facts.member_id, CHANNEL, text, inbound.dedupe_key,
                                            {"msg_type": inbound.msg_type})
        triage = triage or pretriage(text, self.clock.now())
        emergency = emergency_reply(triage.reasons, facts.language) if triage.is_emergency else None
        if created:
            return self._turn(session, facts.member_id, facts.language, message_id, triage, emergency)
        message = session.get(m.Message, message_id)
        assert message is not None
        return self._redelivered(session, message, emergency)

    def _redelivered(self, session: Session, message: m.Message, emergency: str | None) -> Decision:
        emergency = first_part(emergency) if emergency else None
        if message.processed_at is None:
            return Decision(reply=emergency)  # the turn is running (or queued); it delivers the reply
        return Decision(reply=redelivery(session, self.clock, message) or emergency)

    # --- messages ---------------------------------------------------------------------------
    def _text(self, session: Session, member: m.Member, inbound: Inbound, text: str,
              triage: TriageResult | None) -> Decision:
        message, created = self._store(session, member, inbound, text)
        triage = triage or pretriage(text, self.clock.now())
        emergency = emergency_reply(triage.reasons, member.language) if triage.is_emergency else None
        if not created:
            return self._redelivered(session, message, emergency)
        if not member.consent_health_data:
            return self._without_consent(session, member, message, text, triage)
        command = t.command(text)
        if command in t.REMINDERS_ON or command in t.REMINDERS_OFF_COMMAND:
            member.opt_out_nudges = command in t.REMINDERS_OFF_COMMAND
            member.updated_at = self.clock.now()
            self._audit(session, member, "wechat.nudges_off" if member.opt_out_nudges else "wechat.nudges_on")
            done = t.REMINDERS_OFF_DONE if member.opt_out_nudges else t.REMINDERS_ON_DONE
            return self._fixed(session, member, message, t.pick(done, member.language))
        return self._turn(session, member.id, member.language, message.id, triage, emergency)

    def _turn(self, session: Session, member_id: int, language: str, message_id: int, triage: TriageResult,
              emergency: str | None) -> Decision:
        """A new message for the coach, unless its sender is over the rate limit (red flags never are)."""
        if triage.is_red_flag or not over_limit(session, self.clock, self.limit, member_id, CHANNEL):
            return Decision(turn=message_id, emergency=emergency, language=language)
        message = session.get(m.Message, message_id)
        assert message is not None
        message.meta = {**(message.meta or {}), "rate_limited": True}
        if not claim_notice(session, self.clock, self.limit, member_id):
            message.processed_at = self.clock.now()  # stored, never answered: the sweep leaves it alone
            return Decision(language=language)
        member = session.get(m.Member, member_id)
        assert member is not None
        notice = t.rate_limited(language, int(self.limit.window.total_seconds()))
        return self._fixed(session, member, message, notice)

    def _without_consent(self, session: Session, member: m.Member, message: m.Message, text: str,
                         triage: TriageResult) -> Decision:
        """The core's intake decision for a member without consent; WeChat only delivers it."""
        decision = intake.decide(text, consented=False, language=member.language, triage=triage)
        settled = intake.settle_without_consent(session, self.clock, self.escalations, member, message, decision,
                                                CHANNEL)
        return self._fixed(session, member, message, settled.reply, role=settled.role)

    def _media(self, session: Session, member: m.Member, inbound: Inbound) -> Decision:
        kind = inbound.msg_type
        meta = {"media_id": inbound.media_id, "pic_url": inbound.pic_url} if kind == "image" else {}
        message, created = self._store(session, member, inbound, f"[{kind}]", meta)
        if not created:
            return Decision(reply=redelivery(session, self.clock, message))
        text = t.IMAGE_ACK if kind == "image" else t.VOICE_ASK if kind == "voice" else t.OTHER_ACK
        return self._fixed(session, member, message, t.pick(text, member.language))

    # --- events -----------------------------------------------------------------------------
    def _event(self, session: Session, member: m.Member, inbound: Inbound) -> Decision:
        event, key = inbound.event or "", inbound.event_key or ""
        if not (event.startswith("subscribe") or event == "unsubscribe" or event == "click"):
            return Decision()  # VIEW, LOCATION, SCAN, TEMPLATESENDJOBFINISH ...: acknowledged only
        label = f"[{event}{' ' + key if event == 'click' else ''}]"[:64]
        message, created = self._store(session, member, inbound, label, {"event": event, "event_key": key or None})
        if not created:
            return Decision(reply=redelivery(session, self.clock, message))
        lang = member.language
        if event == "unsubscribe":
            member.opt_out_nudges, member.updated_at = True, self.clock.now()
            message.processed_at = self.clock.now()
            self._audit(session, member, "wechat.unsubscribe")
            return Decision()
        if event.startswith("subscribe"):
            consent = "" if member.consent_health_data else "\n\n" + intake.pick(intake.CONSENT_REQUEST, lang)
            return self._fixed(session, member, message, t.pick(t.WELCOME, lang) + consent)
        if key == t.MENU_TALK_TO_DOCTOR:
            self.escalations.raise_flag(
                session, member_id=member.id, level="routine", reasons=["member_request"],
                evidence=[{"reason": "member_request", "evidence": "WeChat menu: talk to my doctor", "span": None}],
                source="message", message_id=message.id)
            return self._fixed(session, member, message, t.pick(t.DOCTOR_NOTIFIED, lang))
        if key not in (t.MENU_LOG_WEIGHT, t.MENU_MY_REMINDERS):
            message.processed_at = self.clock.now()
            return Decision()
        if not member.consent_health_data:
            return self._fixed(session, member, message, intake.pick(intake.CONSENT_REQUEST, lang))
        text = t.pick(t.LOG_WEIGHT, lang) if key == t.MENU_LOG_WEIGHT else reminders_text(member)
        return self._fixed(session, member, message, text)

    # --- unknown senders ----------------------------------------------------------------------
    def _unknown(self, session: Session, inbound: Inbound, triage: TriageResult | None) -> Decision:
        now = self.clock.now()
        key = f"wechat:contact:{inbound.openid}"
        row = session.get(m.ServiceState, key)
        if row is None:
            row = m.ServiceState(key=key, value={"first_seen": now.isoformat()}, updated_at=now)
            session.add(row)
        row.value = {**(row.value or {}), "last_seen": now.isoformat(), "last_type": inbound.event or inbound.msg_type}
        row.expires_at, row.updated_at = now + CONTACT_TTL, now
        if inbound.event == "unsubscribe":
            return Decision()
        if inbound.msg_type == "event" and not (inbound.event or "").startswith(("subscribe", "click")):
            return Decision()
        triage = triage or pretriage(inbound_text(inbound) or "", now)
        if triage.is_emergency:
            log.warning("emergency from an unregistered WeChat user: reasons=%s", ",".join(triage.reasons))
            return Decision(reply=first_part(emergency_reply(triage.reasons, "zh")))
        welcome = t.WELCOME["zh"] + "\n\n" if (inbound.event or "").startswith("subscribe") else ""
        return Decision(reply=welcome + t.ONBOARDING)

    # --- helpers ----------------------------------------------------------------------------
    def _store(self, session: Session, member: m.Member, inbound: Inbound, text: str,
               meta: Mapping[str, object] | None = None) -> tuple[m.Message, bool]:
        details = {"msg_type": inbound.msg_type, **{k: v for k, v in (meta or {}).items() if v is not None}}
        message_id, created = store_inbound(session, self.clock, member.id, CHANNEL, text, inbound.dedupe_key, details)
        message = session.get(m.Message, message_id)
        assert message is not None
        return message, created

    def _fixed(self, session: Session, member: m.Member, inbound: m.Message, text: str, *,
               role: str = "coach") -> Decision:
        """A fixed reply: stored as the outbound message, recorded as delivered passively."""
        reply = ConversationStore(session, self.clock).record_outbound(member.id, CHANNEL, text, role=role,
                                                                       meta={"template": True})
        inbound.processed_at = self.clock.now()
        inbound.meta = {**(inbound.meta or {}), "reply_id": reply.id}
        plan = ReplyPlan(member.id, inbound.id, reply.id, text, tuple(split_for_chat(text)), role == "triage")
        claim_passive(session, self.clock, plan)  # a long text: the rest goes through the outbox
        return Decision(reply=plan.first, language=member.language)

    def _audit(self, session: Session, member: m.Member, action: str) -> None:
        audit.record(session, self.clock, "system", "wechat", action, member.id, f"member:{member.id}")


def inbound_text(inbound: Inbound) -> str | None:
    """What the member wrote: a text message's content, or a voice message's recognition."""
    text = inbound.content if inbound.msg_type == "text" else inbound.recognition if inbound.msg_type == "voice" else None
    return text.strip() if text and text.strip() else None


def pretriage(text: str, now: datetime) -> TriageResult:
    """Triage of the bare text (no member context): enough to recognise an emergency at once."""
    return triage_message(text, TriageContext(None, now))


def reminders_text(member: m.Member) -> str:
    lang = member.language
    if member.opt_out_nudges:
        return t.pick(t.REMINDERS_OFF, lang)
    lines = [f"· {med.name} {'、'.join(med.times)}" for med in member.medications if med.times and med.stop_date is None]
    if not lines:
        return t.pick(t.REMINDERS_NONE, lang)
    return "\n".join([t.pick(t.REMINDERS_HEAD, lang), *lines, t.pick(t.REMINDERS_TAIL, lang)])
