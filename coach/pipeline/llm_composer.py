"""Replies from a chat model (any OpenAI-compatible endpoint through LangChain).

The model only writes text. Its output is parsed (citations) and checked afterwards;
it never changes triage, escalation or member data. Any failure (timeout, rate limit,
server error, malformed or empty answer, open circuit) raises `ComposeFailed` so the
turn falls back to the offline composer and no member message goes unanswered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.llm.breaker import CircuitBreaker
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.member_facts import medications_summary, member_summary, readings_summary
from coach.pipeline.models import ComposedReply, GapLike, Role
from coach.pipeline.output_checks import cited_items
from coach.prompts import render_prompt
from coach.retrieval.retriever import Passage

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROMPT_VERSION = 1
MAX_CHARS = 500


class ComposeFailed(CoachError):
    code = "compose_failed"


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(block.get("text", "") if isinstance(block, dict) else str(block) for block in content)
    return ""


class LLMComposer:
    name = "llm"

    def __init__(self, model: BaseChatModel, breaker: CircuitBreaker) -> None:
        self.model = model
        self.breaker = breaker

    def system_prompt(self, *, language: str, role: Role, passages: Sequence[Passage], member: MemberSnapshot,
                      age: int, gaps: Sequence[GapLike], summary: str | None) -> str:
        gap_lines = "\n".join(
            f"- item {g.item}: {g.status}{' by ' + g.due_date.isoformat() if g.due_date else ''} — {g.reason_en}"
            for g in gaps if g.status in ("due", "overdue")
        ) or "none"
        return render_prompt(
            role, PROMPT_VERSION, language_name="Chinese (简体中文)" if language == "zh" else "English",
            max_chars=MAX_CHARS, member_summary=member_summary(member, age), care_gaps=gap_lines,
            readings=readings_summary(member), medications=medications_summary(member),
            conversation_summary=summary or "", passages=passages,
        )

    def compose(self, *, question: str, system_prompt: str, history: Sequence[tuple[str, str]]) -> ComposedReply:
        from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

        if not self.breaker.allow():
            raise ComposeFailed("language model circuit is open")
        messages: list[BaseMessage] = [SystemMessage(system_prompt)]
        for direction, text in history:
            messages.append(HumanMessage(text) if direction == "in" else AIMessage(text))
        messages.append(HumanMessage(question))
        try:
            answer = self.model.invoke(messages)
        except Exception as exc:  # any client error means: answer offline this time
            self.breaker.record_failure()
            raise ComposeFailed(f"language model call failed: {exc.__class__.__name__}") from exc
        text = _text_of(answer.content).strip()
        if not text:
            self.breaker.record_failure()
            raise ComposeFailed("language model returned an empty answer")
        self.breaker.record_success()
        return ComposedReply(text, tuple(cited_items(text)), composer=self.name)
