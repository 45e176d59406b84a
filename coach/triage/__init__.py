"""Deterministic red-flag triage: runs before anything else, never calls an LLM."""

from coach.triage.engine import triage_message, triage_observation
from coach.triage.models import Finding, TriageContext, TriageLevel, TriageResult
from coach.triage.readings import own_current_readings
from coach.triage.templates import emergency_reply, urgent_reply

__all__ = [
    "Finding",
    "TriageContext",
    "TriageLevel",
    "TriageResult",
    "emergency_reply",
    "own_current_readings",
    "triage_message",
    "triage_observation",
    "urgent_reply",
]
