"""Values passed between the steps of one conversation turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

Role = Literal["coach", "dietitian", "pharmacist"]
PartSource = Literal["passage", "member", "template", "card"]


class GapLike(Protocol):
    """What the pipeline needs of a care-gap result (the care-gap engine provides it)."""

    @property
    def item(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def reason_zh(self) -> str: ...
    @property
    def reason_en(self) -> str: ...


@dataclass(frozen=True)
class ReplyPart:
    """One sentence of a reply and where it came from, so grounding can be checked exactly."""

    text: str
    source: PartSource
    ref: str  # chunk id for passages, fact key for member facts, template name otherwise


@dataclass(frozen=True)
class ComposedReply:
    text: str
    cited_items: tuple[int, ...]
    parts: tuple[ReplyPart, ...] = ()
    composer: str = "offline"


@dataclass(frozen=True)
class TurnBrief:
    """What the dialogue layer understood of the turn, for the model: the act, the intent and the answer
    card it chose (none: the passages alone)."""

    act: str
    intent: str | None = None
    card_text: str | None = None
    card_item: int | None = None
    card_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    item: int
    title: str


@dataclass(frozen=True)
class RecordedObservation:
    id: int
    kind: str
    value: float | None
    systolic: int | None
    diastolic: int | None
    unit: str | None
    observed_at: datetime
    text: str  # the words in the message it was read from


@dataclass(frozen=True)
class EscalationRef:
    id: int
    level: str
    reasons: tuple[str, ...]


@dataclass
class TurnResult:
    reply: str | None  # None while a clinician holds the conversation
    role: str
    escalation: EscalationRef | None = None
    citations: list[Citation] = field(default_factory=list)
    recorded_observations: list[RecordedObservation] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the reply split into chat-sized messages
    composer: str = "offline"
    inbound_message_id: int | None = None
    outbound_message_id: int | None = None
    duplicate: bool = False  # the channel re-delivered a message already answered
    provenance: list[tuple[str, str, str]] = field(default_factory=list)  # (source, ref, text) per sentence
