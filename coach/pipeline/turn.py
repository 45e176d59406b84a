"""One conversation turn, transport-free:

1 store the inbound message (committed before anything else) -> 2 triage (emergencies
short-circuit to a fixed reply) -> 3 record readings stated in the text and triage them ->
4 refuse injection / other-member requests -> 5 route to a role -> 6 retrieve, boosted toward
the member's items -> 7 compose (model, or the offline composer on any failure) ->
8 check the output -> 9 store and return the reply with citations and any escalation.

Consent gates every channel here: for a member without `consent_health_data` only steps 1, 2
and 9 run. Triage reads the text alone (no stored health data), a red flag still gets its fixed
reply and a ticket, and anything else gets the fixed consent request; nothing is recorded,
retrieved or composed. Consent is read when the message is processed, so a withdrawal counts at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from coach import intake
from coach.catalog.eligibility import eligible_items
from coach.catalog.models import Catalog
from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import session_scope
from coach.dialogue.acts import asks_about_value, is_low_mood_disclosure
from coach.dialogue.answers import Answerer, DialogueAnswer
from coach.dialogue.step import ANSWERS_SCREEN, Understood, converse, remember, reply_language, understand
from coach.dialogue.topics import Topic, item_for_reading
from coach.members.loading import load_snapshot
from coach.members.snapshot import MemberSnapshot
from coach.members.store import MemberStore, local_today
from coach.nudges.replies import dose_answers, interpret_reply
from coach.pipeline import guard
from coach.pipeline.composing import Composer, FinalReply
from coach.pipeline.memory import model_turns, rolling_summary
from coach.pipeline.models import Citation, EscalationRef, GapLike, TurnBrief, TurnResult
from coach.pipeline.output_checks import split_for_chat
from coach.pipeline.recording import EscalationSinkLike as EscalationSink
from coach.pipeline.recording import bare_weight_text, record_from_text
from coach.pipeline.roles import route_role
from coach.retrieval.retriever import Retriever
from coach.triage.assessment import assess_message, net_evidence, safety_check_reply, with_screen_answer
from coach.triage.catalogue import RedFlagCatalogue
from coach.triage.engine import triage_message
from coach.triage.models import TriageContext, TriageLevel, TriageResult, combine, level_rank
from coach.triage.net import SafetyNet
from coach.triage.templates import emergency_reply, urgent_reply

log = logging.getLogger("coach.pipeline")
ITEM_BOOST, GAP_BOOST = 0.003, 0.006  # measured on evals/coach: larger boosts pull answers off-topic

GapProvider = Callable[[Catalog, MemberSnapshot, date], Sequence[GapLike]]


@dataclass
class CoachTurn:
    session_factory: sessionmaker[Session]
    clock: Clock
    catalog: Catalog
    retriever: Retriever
    composer: Composer
    escalations: EscalationSink
    gaps: GapProvider
    safety_net: SafetyNet | None = None  # the learned raise-only net; None: rules alone
    red_flags: RedFlagCatalogue | None = None
    dialogue: Answerer | None = None  # understands the turn and answers from cards; None: passages only

    def handle(self, member_id: int, text: str, *, channel: str = "rest",
               channel_msg_id: str | None = None) -> TurnResult:
        with session_scope(self.session_factory) as session:
            language = MemberStore(session, self.clock).get(member_id).language
            inbound, created = ConversationStore(session, self.clock).record_inbound(
                member_id, channel, text, channel_msg_id=channel_msg_id)
            inbound_id = inbound.id
            if not created and inbound.processed_at is not None:
                return self._stored_result(session, inbound)
        try:
            with session_scope(self.session_factory) as session:
                return self._process(session, member_id, inbound_id, text, channel)
        except Exception:
            # Whatever broke, an emergency still gets its fixed reply (triage needs nothing but the text).
            log.exception("turn failed for message %s", inbound_id)
            fallback = triage_message(text, TriageContext(None, self.clock.now()))
            if not fallback.is_emergency:
                raise
            return TurnResult(reply=emergency_reply(fallback.reasons, language), role="triage", composer="template",
                              inbound_message_id=inbound_id)

    def _process(self, session: Session, member_id: int, inbound_id: int, text: str, channel: str) -> TurnResult:
        now = self.clock.now()
        members = MemberStore(session, self.clock)
        conversations = ConversationStore(session, self.clock)
        member_row = members.get(member_id)
        if not member_row.consent_health_data:
            return self._without_consent(session, conversations, member_row, inbound_id, text, channel)
        member = load_snapshot(session, member_row, now)
        ctx = TriageContext(member, now)
        assessment = assess_message(text, ctx, self.safety_net)
        nudge_reply = interpret_reply(session, member_row, text, now)
        reading_text = nudge_reply.reading_text if nudge_reply and nudge_reply.kind == "reading" else bare_weight_text(text, member, now)
        # A question about a value ("我的糖化7.6是高吗？") is answered, not stored as a new reading.
        asked_only = reading_text is None and asks_about_value(text)
        recorded = [] if asked_only else record_from_text(members, member, reading_text or text, ctx)
        if nudge_reply is not None and nudge_reply.kind == "dose" and nudge_reply.nudge_key:
            for medication_id, log in dose_answers(member_row, nudge_reply.nudge_key, bool(nudge_reply.taken)):
                members.log_dose(member_id, medication_id, log, source="nudge")
        from_readings = [f for r in recorded for f in r.triage.findings]
        conversation = conversations.conversation(member_id, channel)
        if conversation.last_act in ANSWERS_SCREEN:  # the last reply asked the self-harm safety question
            assessment, screened = with_screen_answer(assessment, text)
            from_readings += [screened] if screened is not None else []
        triage = combine([*assessment.triage.findings, *from_readings])
        net_only = assessment.raised_by_net and level_rank(combine([*assessment.rules.findings, *from_readings]).level) < \
            level_rank(triage.level)
        extra = [net_evidence(assessment, text, self.red_flags)] if net_only else []
        escalation = self._escalate(session, member_id, inbound_id, triage, text, extra)
        language = reply_language(text, member.language)  # fixed replies in the language the member wrote in

        result = TurnResult(reply=None, role="coach", escalation=escalation, inbound_message_id=inbound_id,
                            recorded_observations=[r.observation for r in recorded])
        low_mood = net_only and is_low_mood_disclosure(text)
        if low_mood and conversation.held_by_clinician_id is None and self.dialogue is not None:
            # The net's guess stands (its ticket is open at its level), but a member who says they feel low gets
            # the low-mood screen: it asks the self-harm question itself and names 12356 and 120, where the net's
            # check would ask about another red flag (blue lips) or open with "have you taken anything".
            self._answer(session, result, member, text, conversation, recorded=bool(recorded))
        elif net_only and conversation.held_by_clinician_id is None:
            result.reply, result.role, result.composer = safety_check_reply(assessment, self.red_flags, language), \
                "triage", "safety_check"
        elif _triage_reply(result, triage, conversation, language):
            pass  # emergency, urgent, or a clinician holds the conversation
        elif nudge_reply is not None and nudge_reply.reply is not None:
            result.reply, result.role, result.composer = nudge_reply.reply, "coach", "template"
        else:
            self._answer(session, result, member, text, conversation, recorded=bool(recorded))
        if result.composer != "dialogue":
            conversation.last_act = None  # only the dialogue's own replies set up an answer to them
            if recorded:  # "why does that matter?" after a weight is logged or escalated asks about that reading
                kind = recorded[0].observation.kind
                remember(conversation, Topic(item_for_reading(kind, member), None, kind), now, text)
        self._finish(session, conversations, result, member_id, channel)
        return result

    def _without_consent(self, session: Session, conversations: ConversationStore, member_row: m.Member,
                         inbound_id: int, text: str, channel: str) -> TurnResult:
        """No health processing without consent: the one intake decision, from the text alone."""
        triage = assess_message(text, TriageContext(None, self.clock.now()), self.safety_net).triage
        decision = intake.decide(text, consented=False, language=member_row.language, triage=triage)
        inbound = session.get(m.Message, inbound_id)
        assert inbound is not None
        if conversations.conversation(member_row.id, channel).held_by_clinician_id is not None and not decision.escalates:
            inbound.meta = {**(inbound.meta or {}), "consent": False}
            result = TurnResult(reply=None, role="clinician", composer="template", inbound_message_id=inbound_id)
        else:
            settled = intake.settle_without_consent(session, self.clock, self.escalations, member_row, inbound,
                                                    decision, channel)
            result = TurnResult(reply=settled.reply, role=settled.role, composer="template",
                                escalation=settled.escalation, inbound_message_id=inbound_id)
        self._finish(session, conversations, result, member_row.id, channel)
        return result

    def _answer(self, session: Session, result: TurnResult, member: MemberSnapshot, text: str,
                conversation: m.Conversation, *, recorded: bool) -> None:
        member = replace(member, language=reply_language(text, member.language))
        language = member.language
        # A blocked request (instructions to the system, someone else's data) gets a refusal; any health
        # question in it is still answered, by the offline composer only, so the text never reaches a model.
        verdict = guard.inspect(text)
        today = local_today(self.clock.now(), member.timezone)
        gaps = list(self.gaps(self.catalog, member, today))
        eligible = {e.number for e in eligible_items(self.catalog, member, today)}
        boost = dict.fromkeys(eligible, ITEM_BOOST)
        boost.update({g.item: GAP_BOOST for g in gaps if g.status in ("due", "overdue")})
        understood: Understood | None = None
        if self.dialogue is not None and not verdict.blocked:
            if self.composer.llm is not None:  # what the model is told about the turn (read before converse moves on)
                understood = understand(text, member, conversation, self.dialogue, has_reading=recorded,
                                        eligible=eligible)
            talked = converse(self.dialogue, text, member, conversation, gaps, eligible, self.titles, self.clock.now(),
                              has_reading=recorded)
            if talked is not None and understood is not None and _model_may_answer(understood, talked):
                modeled = self._by_model(session, member, text, talked, understood, conversation, gaps, boost, today)
                if modeled is not None:
                    result.reply, result.role, result.composer = modeled.text, talked.role, modeled.composer
                    result.citations = [Citation(n, self._title(n, language)) for n in modeled.cited_items]
                    result.provenance = [("model", "llm", modeled.text)]
                    if modeled.escalate_dose_question:
                        result.escalation = result.escalation or self._dose_ticket(
                            session, member.member_id, text, result.inbound_message_id)
                    return
            if talked is not None:
                result.reply, result.role, result.composer = talked.text, talked.role, "dialogue"
                result.parts = list(talked.bubbles)
                result.provenance = [(p.source, p.ref, p.text) for p in talked.parts]
                result.citations = [Citation(n, self._title(n, language)) for n in talked.cited_items]
                if talked.dose_question:
                    result.escalation = result.escalation or self._dose_ticket(session, member.member_id, text,
                                                                               result.inbound_message_id)
                return
        role = route_role(text)
        if recorded and not _is_question(text):
            composed = self.composer.acknowledge(member, result.recorded_observations, language)
            result.parts = composed.text.split("\n")
        else:
            passages = self.retriever.search(text, k=5, boost=boost, language=language)
            history = ConversationStore(session, self.clock).messages(member.member_id, limit=40)
            older, recent = history[:-7], history[-7:-1]  # the last stored message is this inbound one
            brief = TurnBrief(understood.act.act, understood.act.intent) if understood is not None else None
            composed = self.composer.compose(
                question=text, language=language, role=role, passages=passages, member=member, gaps=gaps,
                history=model_turns(recent), summary=rolling_summary(older, self.catalog) if older else None,
                today=today, offline_only=verdict.blocked, brief=brief,
            )
            if composed.escalate_dose_question:
                result.escalation = result.escalation or self._dose_ticket(session, member.member_id, text,
                                                                           result.inbound_message_id)
        result.reply, result.role, result.composer = composed.text, role, composed.composer
        if self.dialogue is not None and composed.cited_items:
            remember(conversation, Topic(composed.cited_items[0]), self.clock.now(), text)  # "为什么？" follows it
        result.provenance = [(p.source, p.ref, p.text) for p in composed.parts]
        if verdict.blocked and verdict.reason:
            refusal = guard.refusal(verdict.reason, language)
            result.reply = f"{refusal}\n{composed.text}"
            result.provenance.insert(0, ("template", f"refusal:{verdict.reason}", refusal))
        result.citations = [Citation(n, self._title(n, language)) for n in composed.cited_items]

    def _by_model(self, session: Session, member: MemberSnapshot, text: str, talked: DialogueAnswer,
                  understood: Understood, conversation: m.Conversation, gaps: Sequence[GapLike],
                  boost: dict[int, float], today: date) -> FinalReply | None:
        """The model's answer to a health question the dialogue layer understood (act, intent, card), or None
        when it fails or its reply fails the checks: the dialogue's own answer stands."""
        card_parts = [p for p in talked.parts if p.source == "card"]
        brief = TurnBrief(understood.act.act, understood.act.intent,
                          card_text="".join(p.text for p in card_parts) or None,
                          card_item=talked.cited_items[0] if talked.cited_items else None,
                          card_ids=tuple(p.ref for p in card_parts))
        query = text if understood.act.act != "follow_up" else f"{conversation.topic_text or ''} {text}".strip()
        passages = self.retriever.search(query, k=3, boost=boost, language=member.language)
        history = ConversationStore(session, self.clock).messages(member.member_id, limit=8)
        return self.composer.by_model(question=text, language=member.language, role=talked.role, passages=passages,
                                      member=member, gaps=gaps, history=model_turns(history[:-1]), summary=None,
                                      today=today, brief=brief)

    def _dose_ticket(self, session: Session, member_id: int, text: str, inbound_id: int | None) -> EscalationRef:
        """A routine ticket for the pharmacist: the member asked to start, stop or change a medicine."""
        return self.escalations.raise_flag(
            session, member_id=member_id, level=TriageLevel.ROUTINE.value, reasons=["dose_change_request"],
            evidence=[{"reason": "dose_change_request", "evidence": text[:200], "span": None, "source": "message"}],
            source="pharmacist", message_id=inbound_id)

    def _escalate(self, session: Session, member_id: int, inbound_id: int, triage: TriageResult,
                  text: str, extra: list[dict[str, Any]] | None = None) -> EscalationRef | None:
        if not triage.is_red_flag or triage.level is None:
            return None
        evidence = [*intake.evidence_of(triage), *(extra or [])]
        return self.escalations.raise_flag(session, member_id=member_id, level=triage.level.value,
                                           reasons=list(triage.reasons), evidence=evidence, source="message",
                                           message_id=inbound_id)

    def _finish(self, session: Session, conversations: ConversationStore, result: TurnResult, member_id: int,
                channel: str) -> None:
        inbound = session.get(m.Message, result.inbound_message_id)
        assert inbound is not None
        if result.reply is not None:
            result.parts = result.parts or split_for_chat(result.reply)
            meta = {"citations": [{"item": c.item, "title": c.title} for c in result.citations],
                    "composer": result.composer, "parts": result.parts,
                    "escalation_id": result.escalation.id if result.escalation else None,
                    "recorded": [r.text for r in result.recorded_observations]}
            outbound = conversations.record_outbound(member_id, channel, result.reply, role=result.role, meta=meta)
            result.outbound_message_id = outbound.id
        inbound.processed_at = self.clock.now()
        inbound.meta = {**(inbound.meta or {}), "reply_id": result.outbound_message_id,
                        "escalation_id": result.escalation.id if result.escalation else None}

    def _stored_result(self, session: Session, inbound: m.Message) -> TurnResult:
        """A re-delivered message: answer with what was already sent, never process twice."""
        reply_id = (inbound.meta or {}).get("reply_id")
        reply = session.get(m.Message, reply_id) if reply_id else None
        meta = reply.meta if reply is not None else {}
        return TurnResult(
            reply=reply.text if reply else None, role=reply.role or "coach" if reply else "coach",
            citations=[Citation(int(c["item"]), str(c["title"])) for c in meta.get("citations", [])],
            parts=list(meta.get("parts", [])), composer=str(meta.get("composer", "offline")),
            inbound_message_id=inbound.id, outbound_message_id=reply_id, duplicate=True,
        )

    @cached_property
    def titles(self) -> dict[str, dict[int, str]]:
        """Every item's title per language (the catalog does not change while the service runs)."""
        return {lang: {item.number: self._title(item.number, lang) for item in self.catalog.items}
                for lang in ("zh", "en")}

    def _title(self, number: int, language: str) -> str:
        item = self.catalog.item(number)
        return item.title_zh if language == "zh" else item.title_en


def _triage_reply(result: TurnResult, triage: TriageResult, conversation: m.Conversation, language: str) -> bool:
    """The replies that come before anything else; False when none applies."""
    if triage.is_emergency:
        result.reply, result.role, result.composer = emergency_reply(triage.reasons, language), "triage", "template"
    elif conversation.held_by_clinician_id is not None:
        result.role = "clinician"  # a clinician is answering: the coach stays quiet
    elif triage.is_red_flag:
        result.reply, result.role, result.composer = urgent_reply(triage.reasons, language), "triage", "template"
    else:
        return False
    return True


def _model_may_answer(understood: Understood, talked: DialogueAnswer) -> bool:
    """The model answers health questions and follow-ups; social replies, the low-mood screen, the member's own
    records and dose questions stay with the dialogue layer's reviewed answers."""
    return understood.act.act in ("health_question", "follow_up") and not talked.dose_question and \
        any(p.source == "card" for p in talked.parts)


def _is_question(text: str) -> bool:
    return any(mark in text for mark in ("?", "？", "吗", "怎么", "什么", "为什么", "要不要", "能不能", "how", "what",
                                          "why", "should", "can i"))
