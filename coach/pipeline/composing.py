"""Compose a checked reply: the model when configured and healthy, otherwise (or on any failure,
or when its output fails the checks) the offline grounded composer."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.llm_composer import ComposeFailed, LLMComposer, ModelPrompt
from coach.pipeline.member_facts import against_target, format_reading, medications_summary, readings_summary
from coach.pipeline.model_checks import chat_plain, check_claims, own_citations
from coach.pipeline.models import ComposedReply, GapLike, RecordedObservation, ReplyPart, Role, TurnBrief
from coach.pipeline.offline_composer import NEXT_STEPS, OfflineComposer
from coach.pipeline.output_checks import SAFE_DOSE_REPLY, asks_dose_change, check_reply, leaks_prompt
from coach.retrieval.retriever import Passage

log = logging.getLogger("coach.pipeline")


@dataclass(frozen=True)
class FinalReply(ComposedReply):
    escalate_dose_question: bool = False
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelAttempt:
    """One try of the model in a turn, answered or not, and why not (for logs and the local-model report)."""

    question: str
    answered: bool
    reasons: tuple[str, ...]  # unavailable | leaks_prompt | wrong_language | empty | dose_change | number | ...
    raw: str
    latency_s: float
    prompt_tokens: int
    passage_items: tuple[int, ...]
    card_ids: tuple[str, ...]
    details: tuple[str, ...] = ()


@dataclass
class Composer:
    offline: OfflineComposer
    llm: LLMComposer | None = None
    medicine_names: Collection[str] = ()  # every name in the drug table, for the medicine-instruction check
    observer: Callable[[ModelAttempt], None] | None = field(default=None, repr=False)

    def compose(self, *, question: str, language: str, role: Role, passages: Sequence[Passage],
                member: MemberSnapshot, gaps: Sequence[GapLike], history: Sequence[tuple[str, str]],
                summary: str | None, today: date, offline_only: bool = False,
                brief: TurnBrief | None = None) -> FinalReply:
        lang = "en" if language == "en" else "zh"
        dose_question = asks_dose_change(question)
        offline_only = offline_only or dose_question
        retrieved = [p.item for p in passages]
        if self.llm is not None and passages and not offline_only:
            modeled = self.by_model(question=question, language=language, role=role, passages=passages, member=member,
                                    gaps=gaps, history=history, summary=summary, today=today, brief=brief)
            if modeled is not None:
                return modeled
        draft = self.offline.compose(question=question, language=language, role=role, passages=passages,
                                     member=member, gaps=gaps)
        checked = check_reply(draft.text, language=language, retrieved_items=retrieved or draft.cited_items)
        if dose_question or checked.dose_change:
            # Starting, stopping, doubling or skipping a medicine is the doctor's or pharmacist's call:
            # say so first, then what the guideline says, and ask the pharmacist to follow up.
            safe = SAFE_DOSE_REPLY[lang]
            parts = (ReplyPart(safe, "template", "dose_change"),)
            if checked.dose_change:
                return FinalReply(safe, (), parts, "template", escalate_dose_question=True,
                                  violations=checked.violations)
            return FinalReply(f"{safe}\n{draft.text}", draft.cited_items, parts + draft.parts, "offline",
                              escalate_dose_question=True, violations=checked.violations)
        return FinalReply(draft.text, draft.cited_items, draft.parts, "offline", violations=checked.violations)

    def by_model(self, *, question: str, language: str, role: Role, passages: Sequence[Passage],
                 member: MemberSnapshot, gaps: Sequence[GapLike], history: Sequence[tuple[str, str]],
                 summary: str | None, today: date, brief: TurnBrief | None = None) -> FinalReply | None:
        """The model's reply if it passes every check; None: answer offline. A reply advising a dose change
        is replaced by the safe reply (and the pharmacist asked), as before."""
        if self.llm is None or asks_dose_change(question):
            return None
        prompt = self.llm.prompt(language=language, role=role, passages=passages, member=member,
                                 age=member.age_on(today), gaps=gaps, summary=summary, brief=brief)
        started = time.monotonic()
        try:
            draft = self.llm.compose(question=question, system_prompt=prompt.text, history=history)
        except ComposeFailed as exc:
            log.warning("model unavailable (%s); answering offline", exc.message)
            self._observe(question, prompt, brief, started, "", ("unavailable",), (exc.message,))
            return None
        raw = draft.text
        reply, reasons, details = self._checked(raw, question=question, language=language, member=member,
                                                gaps=gaps, history=history, prompt=prompt, brief=brief)
        self._observe(question, prompt, brief, started, raw, reasons, details)
        if reasons == ("dose_change",):
            lang = "en" if language == "en" else "zh"
            return FinalReply(SAFE_DOSE_REPLY[lang], (), (), "llm", escalate_dose_question=True,
                              violations=("dose_change",))
        if reasons or reply is None:
            log.warning("model reply failed checks %s; answering offline", reasons)
            return None
        return reply

    def _checked(self, raw: str, *, question: str, language: str, member: MemberSnapshot, gaps: Sequence[GapLike],
                 history: Sequence[tuple[str, str]], prompt: ModelPrompt,
                 brief: TurnBrief | None) -> tuple[FinalReply | None, tuple[str, ...], tuple[str, ...]]:
        text = chat_plain(raw)
        card = brief.card_text if brief is not None and brief.card_text else ""
        quotable = [p.text for p in prompt.passages] + ([card] if card else [])
        if leaks_prompt(text, prompt.text, quotable=quotable):
            return None, ("leaks_prompt",), ()
        allowed = {p.item for p in prompt.passages} | (
            {brief.card_item} if brief is not None and brief.card_item is not None else set())
        checked = check_reply(text, language=language, retrieved_items=allowed)
        if checked.dose_change:
            return None, ("dose_change",), ()
        reasons = [v for v in checked.violations if v in ("diagnosis", "identifier", "wrong_language")]
        if not checked.text.strip():
            reasons.append("empty")
        sources = [prompt.text, question, *(t for d, t in history if d == "in"),
                   medications_summary(member), readings_summary(member)]
        claims = check_claims(checked.text, member=member, sources=sources, medicine_names=self.medicine_names)
        reasons += [v for v in claims.violations if v not in reasons]
        if reasons:
            return None, tuple(reasons), claims.details
        cited = own_citations(checked.text, allowed)
        return FinalReply(checked.text, cited, (), "llm", violations=checked.violations), (), claims.details

    def _observe(self, question: str, prompt: ModelPrompt, brief: TurnBrief | None, started: float, raw: str,
                 reasons: tuple[str, ...], details: tuple[str, ...]) -> None:
        if self.observer is None:
            return
        self.observer(ModelAttempt(question, not reasons, reasons, raw, time.monotonic() - started, prompt.tokens,
                                   tuple(p.item for p in prompt.passages), brief.card_ids if brief else (), details))

    def acknowledge(self, member: MemberSnapshot, recorded: Sequence[RecordedObservation],
                    language: str) -> FinalReply:
        """A message that only reports readings: confirm what was recorded, against its target."""
        zh = language == "zh"
        parts = []
        for obs in recorded:
            record = ObservationRecord(kind=obs.kind, observed_at=obs.observed_at, value=obs.value,
                                       systolic=obs.systolic, diastolic=obs.diastolic)
            reading = format_reading(record, language, member.timezone)
            verdict = against_target(record, language, member.weight_range_kg)
            text = f"已记录：{reading}{verdict}。" if zh else f"Recorded: {reading}{verdict}."
            parts.append(ReplyPart(text, "member", f"recorded:{obs.id}"))
            # The snapshot was read before this reading was stored: its latest of the kind is the one before.
            previous = member.latest(obs.kind)
            if previous is not None:
                before = format_reading(previous, language, member.timezone)
                parts.append(ReplyPart(f"上次：{before}。" if zh else f"Last time: {before}.", "member",
                                       f"previous:{obs.kind}"))
        step = NEXT_STEPS["measurement"][0 if zh else 1]
        said = ("" if zh else " ").join(p.text for p in parts)
        parts.append(ReplyPart(step, "template", "next_step"))
        return FinalReply(f"{said}\n{step}", (), tuple(parts), "template")  # two chat bubbles
