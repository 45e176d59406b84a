"""Compose a checked reply: the model when configured and healthy, otherwise (or on any failure,
or when its output fails the checks) the offline grounded composer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.llm_composer import ComposeFailed, LLMComposer
from coach.pipeline.member_facts import against_target, format_reading
from coach.pipeline.models import ComposedReply, GapLike, RecordedObservation, ReplyPart, Role
from coach.pipeline.offline_composer import NEXT_STEPS, OfflineComposer
from coach.pipeline.output_checks import SAFE_DOSE_REPLY, asks_dose_change, check_reply, leaks_prompt
from coach.retrieval.retriever import Passage

log = logging.getLogger("coach.pipeline")


@dataclass(frozen=True)
class FinalReply(ComposedReply):
    escalate_dose_question: bool = False
    violations: tuple[str, ...] = ()


@dataclass
class Composer:
    offline: OfflineComposer
    llm: LLMComposer | None = None

    def compose(self, *, question: str, language: str, role: Role, passages: Sequence[Passage],
                member: MemberSnapshot, gaps: Sequence[GapLike], history: Sequence[tuple[str, str]],
                summary: str | None, today: date, offline_only: bool = False) -> FinalReply:
        lang = "en" if language == "en" else "zh"
        dose_question = asks_dose_change(question)
        offline_only = offline_only or dose_question
        retrieved = [p.item for p in passages]
        if self.llm is not None and passages and not offline_only:
            try:
                prompt = self.llm.system_prompt(language=language, role=role, passages=passages, member=member,
                                                age=member.age_on(today), gaps=gaps, summary=summary)
                draft = self.llm.compose(question=question, system_prompt=prompt, history=history)
                checked = check_reply(draft.text, language=language, retrieved_items=retrieved)
                if leaks_prompt(draft.text, prompt):
                    raise ComposeFailed("model reply quotes its system prompt")
                if checked.dose_change:
                    return FinalReply(checked.text, (), (), "llm", escalate_dose_question=True,
                                      violations=checked.violations)
                if "wrong_language" not in checked.violations and checked.text:
                    cited = checked.cited_items or (retrieved[0],)
                    return FinalReply(checked.text, cited, (), "llm", violations=checked.violations)
                log.warning("model reply failed checks %s; answering offline", checked.violations)
            except ComposeFailed as exc:
                log.warning("model unavailable (%s); answering offline", exc.message)
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

    def acknowledge(self, member: MemberSnapshot, recorded: Sequence[RecordedObservation],
                    language: str) -> FinalReply:
        """A message that only reports readings: confirm what was recorded, against its target."""
        zh = language == "zh"
        parts = []
        for obs in recorded:
            record = ObservationRecord(kind=obs.kind, observed_at=obs.observed_at, value=obs.value,
                                       systolic=obs.systolic, diastolic=obs.diastolic)
            reading = format_reading(record, language, member.timezone)
            text = (f"已记录：{reading}{against_target(record, language)}。" if zh
                    else f"Recorded: {reading}{against_target(record, language)}.")
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
