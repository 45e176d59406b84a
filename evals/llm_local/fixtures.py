"""Real model outputs from a local-model run (`runner.py`), kept as a test fixture so CI checks them
without the model: question, member, passages and card shown, raw output, and the checks' verdict.

    python -m evals.llm_local.fixtures var/llm-local/model-attempts.jsonl tests/fixtures/llm_local_outputs.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from evals.coach.runner import load_questions
from evals.conversation.runner import DEV_SET, load_conversations

MAX_ACCEPTED = 16  # every stopped answer is kept, and this many accepted ones


def select(attempts: list[dict[str, Any]], model: str) -> list[dict[str, Any]]:
    by_text = {q["question"]: q for q in load_questions()}
    kept: list[dict[str, Any]] = []
    accepted = 0
    for attempt in attempts:
        question = by_text.get(attempt["question"])
        if attempt["set"] != "coach-eval" or question is None or "unavailable" in attempt["reasons"]:
            continue  # single questions only (a conversation turn needs its history), and only real outputs
        if attempt["answered"]:
            if accepted >= MAX_ACCEPTED:
                continue
            accepted += 1
        kept.append({"id": question["id"], "lang": question["lang"], "question": question["question"],
                     "member": question["member"], "passage_items": attempt["passage_items"],
                     "card_ids": attempt["card_ids"], "raw": attempt["raw"],
                     "verdict": {"answered": attempt["answered"], "reasons": attempt["reasons"]}})
    return kept


def conversations(attempts: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The conversations the run went through, each with its model attempts in turn order (a missed deadline
    as raw None), so a replay gives the model the same history."""
    pending = [a for a in attempts if a["set"] == "conversation-dev"]
    out = []
    for conv in load_conversations(DEV_SET)[:count]:
        turns = [t["text"] for t in conv["turns"]]
        mine = []
        for text in turns:
            if pending and pending[0]["question"] == text:
                a = pending.pop(0)
                mine.append({"question": text, "raw": None if "unavailable" in a["reasons"] else a["raw"],
                             "passage_items": a["passage_items"], "card_ids": a["card_ids"],
                             "verdict": {"answered": a["answered"], "reasons": a["reasons"]}})
        out.append({"id": conv["id"], "member": conv["member"], "turns": turns, "attempts": mine})
    return out


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    model = sys.argv[3] if len(sys.argv) > 3 else "qwen2.5-coder-1.5b-instruct (Q4 GGUF, llama.cpp server)"
    attempts = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    fixture = {"model": model, "questions": select(attempts, model),
               "conversations": conversations(attempts, int(sys.argv[4]) if len(sys.argv) > 4 else 6)}
    target.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
