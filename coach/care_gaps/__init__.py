"""Care gaps: per catalog item, whether a member's care is met, due or overdue, and why."""

from coach.care_gaps.engine import compute_gaps, evaluate, offered
from coach.care_gaps.models import (
    ExcludedItem,
    Exclusion,
    GapReport,
    GapResult,
    GapStatus,
    Outcome,
    Period,
    Text,
)
from coach.care_gaps.rules import EXCLUDED, RULES

__all__ = [
    "EXCLUDED",
    "RULES",
    "ExcludedItem",
    "Exclusion",
    "GapReport",
    "GapResult",
    "GapStatus",
    "Outcome",
    "Period",
    "Text",
    "compute_gaps",
    "evaluate",
    "offered",
]
