"""Which conversation sets have been measured and which are still blind.

A set written from the brief is untouched until it is measured once (`coach eval conversation
--blind` or the runner), its figures recorded in evals/reports/conversation-latest.md; only then does
it move to MEASURED_SETS, where it may be tuned on and its member texts may join the triage net's
everyday (benign) examples.
"""

from __future__ import annotations

import json
from pathlib import Path

from coach.dialogue.act_training import ActExample, examples_from_conversations
from coach.dialogue.content import load_content

FOLDER = Path(__file__).resolve().parent
DEV_SET = FOLDER / "dev.jsonl"
MEASURED_SETS = tuple(FOLDER / f"blind_{name}.jsonl" for name in "abcdefghijklmnopqrs")
UNTOUCHED_SETS = tuple(FOLDER / f"blind_{name}.jsonl" for name in "tu")


def act_training_examples(knowledge_dir: Path) -> list[ActExample]:
    """The labelled turns the act reader learns from: the dev set and the measured sets, never the untouched ones,
    nor a turn of theirs that an earlier writer happened to type too."""
    drugs = load_content(knowledge_dir).drugs
    examples = examples_from_conversations(_conversations((DEV_SET, *MEASURED_SETS)), drugs)
    held_out = {e.text for e in examples_from_conversations(_conversations(UNTOUCHED_SETS), drugs)}
    return [e for e in examples if e.text not in held_out]


def _conversations(paths: tuple[Path, ...]) -> list[dict[str, object]]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
