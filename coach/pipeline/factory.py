"""Assemble the conversation turn from settings and long-lived resources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from coach.care_gaps.engine import compute_gaps
from coach.catalog.models import Catalog
from coach.clock import Clock
from coach.dialogue.answers import Answerer
from coach.dialogue.content import load_content
from coach.escalations.notifier import build_notifier
from coach.escalations.policy import EscalationPolicy
from coach.escalations.service import EscalationService
from coach.llm.breaker import CircuitBreaker
from coach.llm.factory import make_chat_model
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.composing import Composer
from coach.pipeline.llm_composer import LLMComposer
from coach.pipeline.models import EscalationRef, GapLike
from coach.pipeline.offline_composer import OfflineComposer
from coach.pipeline.turn import CoachTurn, GapProvider
from coach.retrieval.documents import load_documents
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from coach.triage.catalogue import load_catalogue
from coach.triage.net import default_net


@dataclass
class ServiceEscalationSink:
    """Raises flags through the escalation service (routing, repeat attachment, notification)."""

    clock: Clock
    policy: EscalationPolicy
    settings: Settings

    def raise_flag(self, session: Session, *, member_id: int, level: str, reasons: Sequence[str],
                   evidence: list[dict[str, Any]], source: str, message_id: int | None) -> EscalationRef:
        notifier = build_notifier(self.settings, session, self.clock)
        ticket = EscalationService(session, self.clock, self.policy, notifier).raise_flag(
            member_id, level, reasons, evidence, source, message_id)
        return EscalationRef(ticket.id, ticket.level, tuple(ticket.reasons))


def live_gaps(catalog: Catalog, member: MemberSnapshot, as_of: date) -> Sequence[GapLike]:
    """The member's care gaps computed now from their data (not last night's stored copy)."""
    return compute_gaps(catalog, member, as_of)


def build_composer(settings: Settings, catalog: Catalog, clock: Clock, *, chat_model: Any | None = None) -> Composer:
    chunks = {c.id: c for d in load_documents(settings.knowledge_dir) for c in d.chunks}
    offline = OfflineComposer(catalog, chunks)
    model = chat_model if chat_model is not None else make_chat_model(settings)
    if model is None:
        return Composer(offline)
    llm = LLMComposer(model, CircuitBreaker(clock), deadline_s=settings.llm_deadline_s,
                      prompt_tokens=settings.llm_prompt_tokens)
    names = {name for drug in load_content(settings.knowledge_dir).drugs for name in drug.names}
    return Composer(offline, llm, medicine_names=frozenset(names))


def build_coach_turn(settings: Settings, session_factory: sessionmaker[Session], clock: Clock, catalog: Catalog,
                     retriever: Retriever, *, gaps: GapProvider = live_gaps, chat_model: Any | None = None) -> CoachTurn:
    return CoachTurn(
        session_factory=session_factory, clock=clock, catalog=catalog, retriever=retriever,
        composer=build_composer(settings, catalog, clock, chat_model=chat_model),
        escalations=ServiceEscalationSink(clock, EscalationPolicy.from_settings(settings), settings),
        gaps=gaps,
        safety_net=default_net() if settings.triage_safety_net else None,
        red_flags=load_catalogue(settings.knowledge_dir / "red_flags.yaml")
        if (settings.knowledge_dir / "red_flags.yaml").exists() else None,
        dialogue=Answerer(load_content(settings.knowledge_dir), retriever.embedder) if settings.dialogue_enabled else None,
    )
