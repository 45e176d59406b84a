"""Conversation memory: the last few turns verbatim plus a rolling summary of what came before.

The summary is deterministic (catalog items discussed, readings recorded), kept on the
conversation row, and rebuilt from stored messages, so it never depends on a model."""

from __future__ import annotations

from collections.abc import Sequence

from coach.catalog.models import Catalog
from coach.db import models as m

RECENT_MESSAGES = 6


def recent_turns(messages: Sequence[m.Message], limit: int = RECENT_MESSAGES) -> list[tuple[str, str]]:
    return [(msg.direction, msg.text) for msg in list(messages)[-limit:]]


def model_turns(messages: Sequence[m.Message], limit: int = RECENT_MESSAGES) -> list[tuple[str, str]]:
    """The history the model sees as its own: the member's messages and only the replies the model wrote.
    Offline, card and template replies are left out, so the model never takes a fallback for its own
    words (it copied them, and the copy failed the checks again)."""
    return [(msg.direction, msg.text) for msg in list(messages)[-limit:]
            if msg.direction == "in" or (msg.meta or {}).get("composer") == "llm"]


def rolling_summary(older: Sequence[m.Message], catalog: Catalog) -> str | None:
    items: dict[int, None] = {}
    readings: list[str] = []
    for msg in older:
        for citation in (msg.meta or {}).get("citations", []):
            items.setdefault(int(citation["item"]), None)
        readings += [str(r) for r in (msg.meta or {}).get("recorded", [])]
    if not items and not readings:
        return None
    parts = []
    if items:
        parts.append("topics discussed: " + "; ".join(f"item {n} {catalog.item(n).title_en}" for n in items))
    if readings:
        parts.append("readings the member sent: " + "; ".join(readings[-5:]))
    return " | ".join(parts)
