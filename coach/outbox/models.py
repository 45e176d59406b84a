"""Values passed between the outbox worker and the channel senders."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from coach.settings import Settings

Outcome = Literal["sent", "retry", "undeliverable", "failed"]
MAX_EXPONENT = 20  # keeps 2**n finite; the delay is capped long before


@dataclass(frozen=True)
class OutboxJob:
    """A leased row, detached from the session: senders never touch the outbox table."""

    id: int
    channel: str
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    attempts: int  # including this one
    member_id: int | None
    clinician_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    error: str | None = None  # codes and ids only: it is stored and logged
    retry_after: timedelta | None = None
    payload_update: dict[str, Any] | None = None  # merged into the row's payload (e.g. parts already sent)

    @classmethod
    def sent(cls, update: dict[str, Any] | None = None) -> SendResult:
        return cls("sent", payload_update=update)

    @classmethod
    def retry(cls, error: str, *, after: timedelta | None = None, update: dict[str, Any] | None = None) -> SendResult:
        return cls("retry", error, after, update)

    @classmethod
    def undeliverable(cls, reason: str, update: dict[str, Any] | None = None) -> SendResult:
        return cls("undeliverable", reason, payload_update=update)

    @classmethod
    def failed(cls, reason: str, update: dict[str, Any] | None = None) -> SendResult:
        return cls("failed", reason, payload_update=update)


class Sender(Protocol):
    """Delivers one job on one channel. Raising is treated as a retryable error."""

    def send(self, job: OutboxJob) -> SendResult: ...


@dataclass(frozen=True)
class OutboxPolicy:
    max_attempts: int = 6
    base_delay: timedelta = timedelta(seconds=10)
    max_delay: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(seconds=60)  # longer than one send with its HTTP retries

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.lease <= timedelta(0) or self.base_delay <= timedelta(0):
            raise ValueError("outbox policy needs max_attempts >= 1 and positive delays")

    def backoff(self, attempts: int, rng: random.Random) -> timedelta:
        """Exponential backoff with equal jitter: half of the capped delay fixed, half random."""
        exponent = min(max(attempts - 1, 0), MAX_EXPONENT)
        cap = min(self.max_delay, self.base_delay * (1 << exponent))
        return cap / 2 + (cap / 2) * rng.random()

    @classmethod
    def from_settings(cls, settings: Settings) -> OutboxPolicy:
        return cls(max_attempts=settings.outbox_max_attempts)


@dataclass
class OutboxStats:
    leased: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    undeliverable: int = 0
    expired: int = 0  # leases that ran out on the final attempt (crashed sender): marked failed
    lost_lease: int = 0  # outcome not recorded because another worker took the row over

    def count(self, status: str) -> None:
        if status == "sent":
            self.sent += 1
        elif status == "pending":
            self.retried += 1
        elif status == "failed":
            self.failed += 1
        elif status == "undeliverable":
            self.undeliverable += 1
        else:
            self.lost_lease += 1
