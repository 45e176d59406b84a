"""Real outputs of a small local model (tests/fixtures/llm_local_outputs.json, recorded by
`evals/llm_local`), replayed through the real turn with a scripted chat model: the checks must reach
the verdict kept for each (answered, or stopped and why), so CI keeps real-model behaviour without
the model. Single questions are replayed alone; conversations turn by turn, so the model's history
(the member's words and only its own accepted replies) is the one it had."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from sqlalchemy import Engine

from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db.engine import make_session_factory, session_scope
from coach.demo import DEMO_MEMBERS, create_demo_member
from coach.members.store import MemberStore
from coach.pipeline.composing import ModelAttempt
from coach.pipeline.factory import build_coach_turn
from coach.pipeline.turn import CoachTurn
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from evals.coach.runner import _seed_member

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "llm_local_outputs.json").read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, Any]] = FIXTURE["questions"]
CONVERSATIONS: list[dict[str, Any]] = FIXTURE["conversations"]
EVAL_NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # the evals' clock: readings are dated from it
MISSED = "<missed the deadline>"


class Recorded(GenericFakeChatModel):
    """Answers with the recorded outputs in order; a recorded missed deadline raises, as the client did."""

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        chunks = list(super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs))
        if "".join(str(c.message.content) for c in chunks) == MISSED:
            raise TimeoutError("recorded: the model missed the deadline")
        yield from chunks


def build(settings: Settings, db: Engine, real_retriever: Retriever, clock: FixedClock, outputs: list[str],
          attempts: list[ModelAttempt]) -> tuple[CoachTurn, Any]:
    factory = make_session_factory(db)
    model = Recorded(messages=iter([AIMessage(o) for o in outputs]))
    turn = build_coach_turn(settings, factory, clock, load_catalog(), real_retriever, chat_model=model)
    turn.composer.observer = attempts.append
    return turn, factory


def test_the_fixture_holds_enough_real_outputs_of_both_verdicts() -> None:
    verdicts = [q["verdict"] for q in QUESTIONS] + [a["verdict"] for c in CONVERSATIONS for a in c["attempts"]
                                                     if a["raw"] is not None]
    assert len(verdicts) >= 20
    assert any(v["answered"] for v in verdicts) and any(not v["answered"] for v in verdicts)
    assert {q["lang"] for q in QUESTIONS} == {"zh", "en"}


@pytest.mark.parametrize("record", QUESTIONS, ids=[f"{r['id']}-{'ok' if r['verdict']['answered'] else 'stopped'}"
                                                   for r in QUESTIONS])
def test_recorded_answer_gets_its_verdict(record: dict[str, Any], settings: Settings, db: Engine,
                                          real_retriever: Retriever) -> None:
    clock, attempts = FixedClock(EVAL_NOW), []
    turn, factory = build(settings, db, real_retriever, clock, [record["raw"]], attempts)
    with session_scope(factory) as session:
        member_id = _seed_member(MemberStore(session, clock), clock, 1, record["member"], record["lang"])
    result = turn.handle(member_id, record["question"])
    [attempt] = attempts
    assert (list(attempt.passage_items), list(attempt.card_ids)) == (record["passage_items"], record["card_ids"])
    assert list(attempt.reasons) == record["verdict"]["reasons"], attempt.details
    assert (result.composer == "llm") is record["verdict"]["answered"]


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_recorded_conversation_gets_its_verdicts_turn_by_turn(conversation: dict[str, Any], settings: Settings,
                                                              db: Engine, real_retriever: Retriever) -> None:
    clock, attempts = FixedClock(EVAL_NOW), []
    outputs = [a["raw"] if a["raw"] is not None else MISSED for a in conversation["attempts"]]
    turn, factory = build(settings, db, real_retriever, clock, outputs, attempts)
    demo = next(d for d in DEMO_MEMBERS if d.external_id == conversation["member"])
    with session_scope(factory) as session:
        member_id = create_demo_member(MemberStore(session, clock), demo, clock.now(), f"replay-{conversation['id']}")
    for text in conversation["turns"]:
        turn.handle(member_id, text)
        clock.advance(timedelta(seconds=90))
    assert [a.question for a in attempts] == [a["question"] for a in conversation["attempts"]]
    for attempt, recorded in zip(attempts, conversation["attempts"], strict=True):
        reasons = ["unavailable"] if recorded["raw"] is None else recorded["verdict"]["reasons"]
        assert list(attempt.reasons) == reasons, (attempt.question, attempt.details)
