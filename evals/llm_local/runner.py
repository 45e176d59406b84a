"""The model path measured against a real local model, beside the offline composer.

A sample of the coach-eval questions and of the conversation dev set runs through the real turn twice:
offline (no model) and with the model behind an OpenAI-compatible server on 127.0.0.1. Every model
attempt is recorded (answered or fell back, and which check stopped it, latency, prompt size, raw
output), so the report can say why the checks stopped answers and the fixtures keep real outputs.

    COACH_OPENAI_BASE_URL=http://127.0.0.1:8765/v1 COACH_OPENAI_API_KEY=sk-local \\
    COACH_LLM_MODEL=qwen2.5-coder-1.5b-instruct COACH_LLM_DEADLINE_S=90 COACH_LLM_TIMEOUT_S=90 COACH_LLM_MAX_RETRIES=0 \\
    python -m evals.llm_local.runner --questions 45 --conversations 7 --out var/llm-local
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.catalog.loader import load_catalog
from coach.llm.factory import make_chat_model
from coach.pipeline.composing import ModelAttempt
from coach.pipeline.factory import build_coach_turn
from coach.pipeline.turn import CoachTurn
from coach.retrieval.documents import load_documents
from coach.retrieval.factory import build_embedder
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import MemoryVectorStore
from coach.settings import Settings, get_settings
from evals.coach.runner import format_report as format_coach
from evals.coach.runner import load_questions, run_coach_eval
from evals.conversation.runner import DEV_SET, format_report, load_conversations, run_conversations

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def sample_questions(n: int) -> list[dict[str, Any]]:
    """Every k-th question, so each kind and both languages are in the sample."""
    questions = load_questions()
    step = max(1, len(questions) // n)
    return questions[::step][:n]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Timed:
    """Builds turns whose composer reports model attempts, and times every turn."""

    def __init__(self, settings: Settings, catalog: Any, retriever: Retriever, model: Any | None) -> None:
        self.settings, self.catalog, self.retriever, self.model = settings, catalog, retriever, model
        self.attempts: list[dict[str, Any]] = []
        self.latencies: list[float] = []
        self.label = ""

    def build(self, factory: Any, clock: Any) -> CoachTurn:
        turn = build_coach_turn(self.settings, factory, clock, self.catalog, self.retriever, chat_model=self.model)

        def observe(attempt: ModelAttempt) -> None:
            self.attempts.append({"set": self.label, **asdict(attempt)})

        turn.composer.observer = observe
        handle = turn.handle

        def timed(member_id: int, text: str, **kwargs: Any) -> Any:
            started = time.monotonic()
            result = handle(member_id, text, **kwargs)
            self.latencies.append(time.monotonic() - started)
            return result

        setattr(turn, "handle", timed)  # noqa: B010  # a wrapper for timing only
        return turn


def _progress(label: str) -> Callable[[int, int], None]:
    def say(done: int, total: int) -> None:
        print(f"[{label}] {done}/{total}", flush=True)

    return say


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=45)
    parser.add_argument("--conversations", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("var/llm-local"))
    parser.add_argument("--skip-offline", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    settings = get_settings()
    catalog = load_catalog(settings.knowledge_dir / "catalog.yaml")
    embedder, store = build_embedder(settings), MemoryVectorStore()
    ingest(settings.knowledge_dir, embedder, store, catalog=catalog)
    retriever = Retriever(embedder, store)
    chunks = {c.id: c for d in load_documents(settings.knowledge_dir) for c in d.chunks}
    questions = sample_questions(args.questions)
    conversations = load_conversations(DEV_SET)[:args.conversations]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        handle.writelines(json.dumps(c, ensure_ascii=False) + "\n" for c in conversations)
        conv_path = Path(handle.name)

    online = settings.model_copy(update={"llm_provider": "openai"})
    runs = [("model", online, make_chat_model(online))]
    if not args.skip_offline:
        runs.insert(0, ("offline", settings.model_copy(update={"llm_provider": "offline"}), None))
    summary: dict[str, Any] = {"questions": len(questions), "conversation_turns": sum(len(c["turns"]) for c in conversations),
                               "model": settings.llm_model, "base_url": settings.openai_base_url,
                               "deadline_s": settings.llm_deadline_s}
    for label, run_settings, model in runs:
        timed = Timed(run_settings, catalog, retriever, model)
        timed.label = "coach-eval"
        coach = run_coach_eval(timed.build, catalog, chunks, now=NOW, questions=questions,
                               progress=_progress(f"{label} question"))
        timed.label = "conversation-dev"
        conv = run_conversations(timed.build, conv_path, now=NOW,
                                 progress=_progress(f"{label} conversation"))
        (args.out / f"{label}-coach.md").write_text(format_coach(coach, label), encoding="utf-8")
        (args.out / f"{label}-conversation.md").write_text(format_report(conv), encoding="utf-8")
        with (args.out / f"{label}-attempts.jsonl").open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in timed.attempts)
        reasons = Counter(r for a in timed.attempts for r in a["reasons"])
        model_lat = [a["latency_s"] for a in timed.attempts]
        summary[label] = {
            "coach_pass": sum(o.passed for o in coach.outcomes) / len(coach.outcomes),
            "coach_content": coach.rate("content"), "coach_safety": coach.rate("safety"),
            "coach_citation": coach.rate("citation"),
            "conversation": {check: conv.rate(check)[0] for check in ("answered", "member_fact", "follow_up",
                                                                       "no_guideline", "length", "safe", "must_not")},
            "turns": len(timed.latencies),
            "turn_p50_s": statistics.median(timed.latencies) if timed.latencies else 0.0,
            "turn_p95_s": percentile(timed.latencies, 0.95),
            "model_attempts": len(timed.attempts),
            "model_answered": sum(a["answered"] for a in timed.attempts),
            "model_reasons": dict(reasons),
            "model_p50_s": statistics.median(model_lat) if model_lat else 0.0,
            "model_p95_s": percentile(model_lat, 0.95),
            "prompt_tokens_max": max((a["prompt_tokens"] for a in timed.attempts), default=0),
        }
        (args.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(summary[label], ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
