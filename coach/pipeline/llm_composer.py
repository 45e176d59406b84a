"""Replies from a chat model (any OpenAI-compatible endpoint through LangChain).

The model only writes text. It receives what the dialogue layer understood (the act, the intent, the
chosen answer card) with the top passages and the member's facts, in one compact prompt (v2, at most
`prompt_tokens` by a rough estimate). Its output is checked afterwards (`composing`); it never changes
triage, escalation or member data. Any failure (the turn's deadline passing, rate limit, server error,
malformed or empty answer, open circuit) raises `ComposeFailed` so the turn is answered offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.llm.breaker import CircuitBreaker
from coach.llm.deadline import RUNNER, DeadlineExceeded
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.member_facts import medications_summary, member_summary, readings_summary
from coach.pipeline.models import ComposedReply, GapLike, Role, TurnBrief
from coach.prompts import render_prompt
from coach.retrieval.retriever import Passage

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROMPT_NAME, PROMPT_VERSION = "coach", 2
MAX_CHARS = {"zh": 250, "en": 450}  # chat size, as the dialogue layer's replies
MAX_PASSAGES, PASSAGE_CHARS = 3, 260
ROLE_NAMES = {"coach": "health coach", "dietitian": "dietitian", "pharmacist": "pharmacist"}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?:\s|$)")


class ComposeFailed(CoachError):
    code = "compose_failed"


def estimate_tokens(text: str) -> int:
    """A rough token count for budgeting: one per CJK character, one per four other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


def clip(text: str, limit: int = PASSAGE_CHARS) -> str:
    """At most `limit` characters, cut at the last sentence end inside the limit when there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    return head[:ends[-1]].strip() if ends and ends[-1] > limit // 3 else head.rstrip() + "…"


@dataclass(frozen=True)
class ModelPrompt:
    text: str
    passages: tuple[Passage, ...]  # as shown to the model (clipped): what it may quote and cite
    tokens: int


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(block.get("text", "") if isinstance(block, dict) else str(block) for block in content)
    return ""


class LLMComposer:
    name = "llm"

    def __init__(self, model: BaseChatModel, breaker: CircuitBreaker, *, deadline_s: float = 8.0,
                 prompt_tokens: int = 1200) -> None:
        self.model = model
        self.breaker = breaker
        self.deadline_s = deadline_s
        self.prompt_tokens = prompt_tokens

    def prompt(self, *, language: str, role: Role, passages: Sequence[Passage], member: MemberSnapshot, age: int,
               gaps: Sequence[GapLike], summary: str | None, brief: TurnBrief | None = None) -> ModelPrompt:
        """The v2 system prompt; passages are clipped and dropped from the end until it fits the budget."""
        lang = "en" if language == "en" else "zh"
        gap_lines = "\n".join(
            f"- item {g.item}: {g.status}{' by ' + g.due_date.isoformat() if g.due_date else ''} — {g.reason_en}"
            for g in gaps if g.status in ("due", "overdue")
        ) or "none"
        shown = [Passage(p.chunk_id, p.item, p.title, p.section, p.language, clip(p.text), p.score)
                 for p in passages[:MAX_PASSAGES]]
        card = clip(brief.card_text, 400) if brief is not None and brief.card_text else ""
        while True:
            text = render_prompt(
                PROMPT_NAME, PROMPT_VERSION, role_name=ROLE_NAMES[role],
                language_name="Chinese (简体中文)" if lang == "zh" else "English", max_chars=MAX_CHARS[lang],
                act=(brief.act if brief else "health_question").replace("_", " "),
                intent=(brief.intent or "").replace("_", " ") if brief else "",
                member_summary=member_summary(member, age), medications=medications_summary(member),
                readings=readings_summary(member), care_gaps=gap_lines, conversation_summary=summary or "",
                card=card, card_item=brief.card_item if brief is not None and brief.card_item is not None else 0,
                passages=shown,
            )
            tokens = estimate_tokens(text)
            if tokens <= self.prompt_tokens or not shown:
                return ModelPrompt(text, tuple(shown), tokens)
            shown.pop()

    def system_prompt(self, *, language: str, role: Role, passages: Sequence[Passage], member: MemberSnapshot,
                      age: int, gaps: Sequence[GapLike], summary: str | None, brief: TurnBrief | None = None) -> str:
        return self.prompt(language=language, role=role, passages=passages, member=member, age=age, gaps=gaps,
                           summary=summary, brief=brief).text

    def compose(self, *, question: str, system_prompt: str, history: Sequence[tuple[str, str]]) -> ComposedReply:
        """The model's raw answer (checked by the caller), within the turn's one deadline."""
        from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

        if not self.breaker.allow():
            raise ComposeFailed("language model circuit is open")
        messages: list[BaseMessage] = [SystemMessage(system_prompt)]
        for direction, text in history:
            messages.append(HumanMessage(text) if direction == "in" else AIMessage(text))
        messages.append(HumanMessage(question))
        async def streamed() -> str:
            # Streamed, so that closing the connection at the deadline stops the server's generation
            # (llama.cpp-style servers check for a gone client between tokens, not inside one request).
            return "".join([_text_of(chunk.content) async for chunk in self.model.astream(messages)])

        try:
            text = RUNNER.run(streamed, self.deadline_s).strip()
        except DeadlineExceeded as exc:
            self.breaker.record_failure()
            raise ComposeFailed(f"language model missed the {self.deadline_s:g} s deadline") from exc
        except Exception as exc:  # any client error means: answer offline this time
            self.breaker.record_failure()
            raise ComposeFailed(f"language model call failed: {exc.__class__.__name__}") from exc
        if not text:
            self.breaker.record_failure()
            raise ComposeFailed("language model returned an empty answer")
        self.breaker.record_success()
        return ComposedReply(text, (), composer=self.name)
