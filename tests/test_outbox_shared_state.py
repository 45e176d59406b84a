"""Shared values in service_state: named leases and the access token shared by all processes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory
from coach.outbox.shared_state import SharedToken, end_lease, try_lease


@pytest.fixture
def factory(db: Engine) -> sessionmaker[Session]:
    return make_session_factory(db)


class Fetcher:
    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self) -> tuple[str, int]:
        with self.lock:
            self.calls += 1
            return f"token-{self.calls}", 7200


def test_a_lease_is_held_by_one_owner_until_released_or_expired(factory: sessionmaker[Session],
                                                                clock: FixedClock) -> None:
    assert try_lease(factory, clock, "turn:1", "a", timedelta(minutes=2)) == 0
    assert try_lease(factory, clock, "turn:1", "b", timedelta(minutes=2)) is None
    end_lease(factory, clock, "turn:1", "b")  # not the owner: nothing happens
    assert try_lease(factory, clock, "turn:1", "b", timedelta(minutes=2)) is None
    end_lease(factory, clock, "turn:1", "a", hold_for=timedelta(seconds=10))  # failed: back off
    assert try_lease(factory, clock, "turn:1", "b", timedelta(minutes=2)) is None
    clock.advance(timedelta(seconds=11))
    assert try_lease(factory, clock, "turn:1", "b", timedelta(minutes=2)) == 1  # taken once before
    end_lease(factory, clock, "turn:1", "b")
    assert try_lease(factory, clock, "turn:1", "c", timedelta(minutes=2)) == 0  # released: fresh


def test_the_token_is_fetched_once_and_shared(factory: sessionmaker[Session], clock: FixedClock) -> None:
    fetch = Fetcher()
    one = SharedToken(factory, clock, "wechat:access_token", fetch)
    two = SharedToken(factory, clock, "wechat:access_token", fetch)  # another process
    assert one.get() == two.get() == "token-1"
    assert fetch.calls == 1
    with factory() as session:
        row = session.get(m.ServiceState, "wechat:access_token")
        assert row is not None and row.expires_at == clock.now() + timedelta(seconds=7200)


def test_the_token_is_refreshed_before_it_expires(factory: sessionmaker[Session], clock: FixedClock) -> None:
    fetch = Fetcher()
    token = SharedToken(factory, clock, "k", fetch, margin=timedelta(minutes=5))
    assert token.get() == "token-1"
    clock.advance(timedelta(seconds=7200 - 301))
    assert token.get() == "token-1"
    clock.advance(timedelta(seconds=2))
    assert token.get() == "token-2"


def test_a_rejected_token_is_refreshed_once_across_processes(factory: sessionmaker[Session],
                                                             clock: FixedClock) -> None:
    fetch = Fetcher()
    tokens = [SharedToken(factory, clock, "k", fetch) for _ in range(4)]
    assert tokens[0].get() == "token-1"
    results: list[str] = []
    threads = [threading.Thread(target=lambda t=t: results.append(t.rejected("token-1"))) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-2"] * 4 and fetch.calls == 2


def test_expired_rows_are_purged_by_prefix(factory: sessionmaker[Session], clock: FixedClock) -> None:
    from coach.outbox.shared_state import purge_expired

    try_lease(factory, clock, "wechat:turn:1", "a", timedelta(minutes=2))
    try_lease(factory, clock, "other:1", "a", timedelta(minutes=2))
    clock.advance(timedelta(hours=2))
    assert purge_expired(factory, clock, "wechat:") == 1
    with factory() as session:
        assert session.get(m.ServiceState, "wechat:turn:1") is None
        assert session.get(m.ServiceState, "other:1") is not None
