"""Assemble the fixed, reviewed red-flag replies. Pure string assembly; no LLM."""

from __future__ import annotations

from collections.abc import Sequence

from coach.triage.models import REASON_CODES
from coach.triage.template_text import (
    EMERGENCY_FOOTER,
    EMERGENCY_HEADER,
    EMERGENCY_STEPS,
    HEARD,
    URGENT_FOOTER,
    URGENT_HEADER,
    URGENT_NOTES,
)


def _lang(language: str) -> str:
    return "en" if language.lower().startswith("en") else "zh"


def _ordered(reasons: Sequence[str]) -> list[str]:
    known = [r for r in dict.fromkeys(reasons) if r in REASON_CODES]
    # Suicide first: its reply must not be buried under physical first aid.
    return sorted(known, key=lambda r: (r != "suicide_risk", REASON_CODES.index(r)))


def emergency_reply(reasons: Sequence[str], language: str) -> str:
    """Call-120-now reply with what to do while waiting, for each reason."""
    lang = _lang(language)
    heard = (HEARD[lang] + ("" if lang == "zh" else " ")) if "suicide_risk" in reasons else ""
    parts = [heard + EMERGENCY_HEADER[lang]]
    parts.extend(EMERGENCY_STEPS[r][lang] for r in _ordered(reasons))
    parts.append(EMERGENCY_FOOTER[lang])
    return "\n\n".join(parts)


def urgent_reply(reasons: Sequence[str], language: str) -> str:
    """See-a-doctor-today reply: family doctor today, care team notified, 120 if worse."""
    lang = _lang(language)
    heard = (HEARD[lang] + ("" if lang == "zh" else " ")) if "suicide_risk" in reasons else ""
    parts = [heard + URGENT_HEADER[lang]]
    parts.extend(URGENT_NOTES[r][lang] for r in _ordered(reasons))
    parts.append(URGENT_FOOTER[lang])
    return "\n\n".join(parts)
