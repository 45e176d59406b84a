"""Small values every process shares, kept in `service_state` (key, JSON value, expiry):
named leases (one process at a time works on something) and access tokens (fetched by one
process, used by all, refreshed before expiry or when the platform rejects them)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope

log = logging.getLogger("coach.outbox")
S = m.ServiceState
TokenFetch = Callable[[], tuple[str, int]]  # -> (token, seconds it stays valid)


def _insert(session: Session, row: m.ServiceState) -> bool:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def try_lease(session_factory: sessionmaker[Session], clock: Clock, key: str, owner: str,
              ttl: timedelta) -> int | None:
    """Take the named lease if it is free or has expired. Returns how many times it had been
    taken before (0 for a fresh one), or None while another owner holds it."""
    now = clock.now()
    with session_scope(session_factory) as session:
        fresh = S(key=key, value={"owner": owner, "taken": 1}, expires_at=now + ttl, updated_at=now)
        if _insert(session, fresh):
            return 0
        row = session.get(S, key)
        taken = int((row.value or {}).get("taken", 0)) if row is not None else 0
        done = session.execute(
            update(S).where(S.key == key, or_(S.expires_at.is_(None), S.expires_at <= now))
            .values(value={"owner": owner, "taken": taken + 1}, expires_at=now + ttl, updated_at=now),
            execution_options={"synchronize_session": False},
        )
        return taken if getattr(done, "rowcount", 0) == 1 else None


def end_lease(session_factory: sessionmaker[Session], clock: Clock, key: str, owner: str, *,
              hold_for: timedelta | None = None) -> None:
    """Give the lease up (delete it), or keep it blocked for `hold_for` (a backoff after a failure)."""
    now = clock.now()
    with session_scope(session_factory) as session:
        row = session.get(S, key)
        if row is None or (row.value or {}).get("owner") != owner:
            return
        if hold_for is None:
            session.execute(delete(S).where(S.key == key), execution_options={"synchronize_session": False})
        else:
            row.expires_at, row.updated_at = now + hold_for, now


def purge_expired(session_factory: sessionmaker[Session], clock: Clock, prefix: str,
                  grace: timedelta = timedelta(hours=1)) -> int:
    """Delete rows under `prefix` that expired more than `grace` ago (leases, contact records)."""
    with session_scope(session_factory) as session:
        done = session.execute(
            delete(S).where(S.key.startswith(prefix, autoescape=True), S.expires_at < clock.now() - grace),
            execution_options={"synchronize_session": False},
        )
        return int(getattr(done, "rowcount", 0) or 0)


class SharedToken:
    """An access token in `service_state`, shared by every process.

    `get` returns the stored token while it has more than `margin` left, otherwise refreshes.
    `rejected(token)` is called when the platform refuses a token (40001/42001/40014): it
    refreshes only if that token is still the stored one, so N processes seeing the same bad
    token cause one fetch, not N. Refreshing holds a write lock on the row (an UPDATE takes the
    row lock on PostgreSQL and the database write lock on SQLite) while it fetches."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock, key: str, fetch: TokenFetch, *,
                 margin: timedelta = timedelta(minutes=5)) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.key = key
        self.fetch = fetch
        self.margin = margin

    def get(self) -> str:
        with session_scope(self.session_factory) as session:
            token = self._valid(session.get(S, self.key))
        return token if token is not None else self._refresh(stale=None)

    def rejected(self, token: str) -> str:
        return self._refresh(stale=token)

    def _valid(self, row: m.ServiceState | None) -> str | None:
        if row is None or row.expires_at is None:
            return None
        token = (row.value or {}).get("token")
        if not isinstance(token, str) or row.expires_at - self.margin <= self.clock.now():
            return None
        return token

    def _refresh(self, stale: str | None) -> str:
        now = self.clock.now()
        with session_scope(self.session_factory) as session:
            _insert(session, S(key=self.key, value={}, expires_at=None, updated_at=now))
        with session_scope(self.session_factory) as session:
            session.execute(update(S).where(S.key == self.key).values(updated_at=now),
                            execution_options={"synchronize_session": False})  # the lock
            row = session.get(S, self.key, populate_existing=True)
            assert row is not None
            current = self._valid(row)
            if current is not None and current != stale:
                return current  # another process refreshed while we waited for the lock
            token, expires_in = self.fetch()
            row.value = _token_value(token)
            row.expires_at = now + timedelta(seconds=max(int(expires_in), 60))
            log.info("shared token %s refreshed (valid %ss)", self.key, expires_in)
            return token


def _token_value(token: str) -> dict[str, Any]:
    return {"token": token}
