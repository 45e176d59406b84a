"""Which conversation sets have been measured and which are still blind.

A set written from the brief is untouched until it is measured once (`coach eval conversation
--blind` or the runner), its figures recorded in evals/reports/conversation-latest.md; only then does
it move to MEASURED_SETS, where it may be tuned on and its member texts may join the triage net's
everyday (benign) examples.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
DEV_SET = FOLDER / "dev.jsonl"
MEASURED_SETS = tuple(FOLDER / f"blind_{name}.jsonl" for name in "abcdefghijklmnop")
UNTOUCHED_SETS = tuple(FOLDER / f"blind_{name}.jsonl" for name in "qr")
