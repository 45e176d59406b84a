"""A safety floor from the differential probe of 2026-12-07: 300-odd genuine red flags written beside this
session's look-alike readings (jokes, questions, fiction, past events, dialect, brushing, an arm slept on ...),
each with the level the rules gave before that session. A later change may raise any of them, never lower one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from coach.triage import TriageContext, triage_message
from coach.triage.models import TriageLevel, level_rank

FLOORS = [json.loads(line) for line in (Path(__file__).parent / "data" / "triage_probe_floors.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_no_genuine_red_flag_in_the_probe_falls_below_its_floor() -> None:
    assert len(FLOORS) >= 250
    below = []
    for row in FLOORS:
        got = triage_message(row["text"], TriageContext(member=None, now=NOW)).level
        if level_rank(got) < level_rank(TriageLevel(row["at_least"])):
            below.append((row["probe"], row["text"], got))
    assert not below, below
