"""Escalations: red flags handed to a clinician, with SLA, notifications, repeats and human takeover."""

from coach.escalations.notifier import LogNotifier, Notifier, OutboxNotifier, build_notifier
from coach.escalations.policy import LEVELS, EscalationPolicy
from coach.escalations.service import Actor, EscalationService

__all__ = [
    "LEVELS",
    "Actor",
    "EscalationPolicy",
    "EscalationService",
    "LogNotifier",
    "Notifier",
    "OutboxNotifier",
    "build_notifier",
]
