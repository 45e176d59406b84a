"""The conversation eval scores what a good reply must do, through the real turn (offline)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.catalog.loader import load_catalog
from coach.pipeline.factory import build_coach_turn
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from evals.conversation.runner import (
    BLIND_SETS,
    DEV_SET,
    UNTOUCHED_SETS,
    format_report,
    load_conversations,
    run_conversations,
)

ACTS = {"greeting", "thanks", "small_talk", "off_topic", "emotional", "own_data", "health_question", "follow_up",
        "reminder_reply", "reading_report"}


def test_the_sets_are_well_formed_and_large_enough() -> None:
    turns = 0
    for path in (DEV_SET, *BLIND_SETS, *UNTOUCHED_SETS):  # structure only: nothing here runs the coach
        conversations = load_conversations(path)
        assert len({c["id"] for c in conversations}) == len(conversations)
        for conversation in conversations:
            assert conversation["member"].startswith("demo-") and conversation["turns"]
            assert all(t["act"] in ACTS for t in conversation["turns"])
            turns += len(conversation["turns"])
    assert turns >= 400 and len(load_conversations(DEV_SET)) + len(load_conversations(BLIND_SETS[0])) >= 80


def test_a_scripted_conversation_is_scored_turn_by_turn(tmp_path: Path, settings: Settings,
                                                        real_retriever: Retriever) -> None:
    script: dict[str, Any] = {"id": "t-1", "member": "demo-diabetic", "lang": "zh", "turns": [
        {"text": "你好", "act": "greeting", "expect": {"no_guideline": True}},
        {"text": "我肾功能多久查一次", "act": "health_question", "intent": "how_often",
         "expect": {"item": 17, "any_of": [["每年", "一年"]], "member_fact_any": [["72"]]}},
        {"text": "为什么？", "act": "follow_up", "intent": "why", "expect": {"item": 17, "any_of": [["肾"]]}},
        {"text": "明天天气怎么样", "act": "off_topic", "expect": {"no_guideline": True}},
    ]}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(script, ensure_ascii=False) + "\n", encoding="utf-8")
    catalog = load_catalog()
    offline = settings.model_copy(update={"llm_provider": "offline"})
    report = run_conversations(lambda factory, clock: build_coach_turn(offline, factory, clock, catalog, real_retriever),
                               path, now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    assert [t.act for t in report.turns] == ["greeting", "health_question", "follow_up", "off_topic"]
    assert all(t.checks["act"] for t in report.turns)
    assert report.turns[1].checks == {**report.turns[1].checks, "answered": True, "member_fact": True}
    assert report.turns[2].checks["follow_up"] and report.turns[3].checks["no_guideline"]
    assert "| answered |" in format_report(report)
