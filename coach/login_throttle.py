"""Console login throttling: at most `limit` failed logins per username and per client address
within a sliding `window`; past that, logins from that username or address are refused (HTTP 429)
until the oldest failure leaves the window.

The counters live in the database (`service_state`), so every worker process and every instance
behind a load balancer share them. Two workers recording a failure for the same key at the same
instant may lose one count (read-modify-write); the limit can then be exceeded by one attempt,
which is accepted. A successful login clears the username's counter; the address counter is not
cleared (one valid account must not reset an address that is guessing other passwords) and
simply expires with the window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m

LIMIT = 5
WINDOW = timedelta(minutes=10)
_PREFIX = "login-fail:"


@dataclass(frozen=True)
class Lockout:
    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, -(-int(self.retry_after.total_seconds()) // 60))


def _keys(username: str, address: str | None) -> list[str]:
    # Hashed: usernames are member-chosen text (up to 64 chars) and the key column holds 64.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:40]
    keys = [f"{_PREFIX}u:{digest}"]
    if address:
        keys.append(f"{_PREFIX}ip:{hashlib.sha256(address.encode()).hexdigest()[:40]}")
    return keys


@dataclass(frozen=True)
class LoginThrottle:
    session: Session
    clock: Clock
    limit: int = LIMIT
    window: timedelta = WINDOW

    def _failures(self, key: str, now: datetime) -> list[datetime]:
        row = self.session.get(m.ServiceState, key)
        if row is None:
            return []
        times = [datetime.fromisoformat(t) for t in row.value.get("failures", [])]
        return sorted(t for t in times if t > now - self.window)

    def check(self, username: str, address: str | None) -> Lockout | None:
        """A lockout when the username or the address has used up its failures, else None."""
        now = self.clock.now()
        waits = []
        for key in _keys(username, address):
            failures = self._failures(key, now)
            if len(failures) >= self.limit:
                waits.append(failures[-self.limit] + self.window - now)
        return Lockout(max(waits)) if waits else None

    def record_failure(self, username: str, address: str | None) -> None:
        now = self.clock.now()
        for key in _keys(username, address):
            failures = [*self._failures(key, now), now][-self.limit:]
            value = {"failures": [t.isoformat() for t in failures]}
            row = self.session.get(m.ServiceState, key)
            if row is not None:
                row.value, row.expires_at, row.updated_at = value, now + self.window, now
                continue
            try:
                with self.session.begin_nested():
                    self.session.add(m.ServiceState(key=key, value=value, expires_at=now + self.window,
                                                    updated_at=now))
            except IntegrityError:  # another worker created it first: theirs counts, ours is lost (documented)
                pass
        self.session.flush()

    def reset(self, username: str) -> None:
        row = self.session.get(m.ServiceState, _keys(username, None)[0])
        if row is not None:
            self.session.delete(row)
            self.session.flush()
