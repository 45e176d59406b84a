"""Patterns written once for Mandarin and read through the dialect map, so Cantonese words match too."""

from __future__ import annotations

import re

from coach.triage.dialect import read_as_mandarin


def dialect_pattern(*parts: str) -> re.Pattern[str]:
    # The text is read through the dialect map (`normalise`), so the lexicon's Cantonese words are too (冇心机 is
    # matched as 没心机). ASCII: a word boundary next to a Chinese character ("我的bp高吗") must still be one.
    return re.compile(read_as_mandarin("|".join(parts)), re.IGNORECASE | re.ASCII)
