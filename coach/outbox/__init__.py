"""The durable outbox: every message leaving the service is a row first, then a send.

`enqueue` adds a row (idempotent per key); `run_once` leases due rows, hands each to the
`Sender` for its channel and records the outcome. Channel adapters live outside the core.
"""

from coach.outbox.enqueue import enqueue, find_entry
from coach.outbox.models import OutboxJob, OutboxPolicy, OutboxStats, Sender, SendResult
from coach.outbox.worker import LogSender, lease_batch, run_once

__all__ = [
    "LogSender",
    "OutboxJob",
    "OutboxPolicy",
    "OutboxStats",
    "SendResult",
    "Sender",
    "enqueue",
    "find_entry",
    "lease_batch",
    "run_once",
]
