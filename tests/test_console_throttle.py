"""Console login throttling: 5 failures per username or per client address within 10 minutes,
then 429 with a "please wait" page until the window passes; a successful login clears the username."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.console.security import SESSION_COOKIE
from coach import audit
from coach.clock import FixedClock
from coach.db import models as m
from tests.test_console_support import _LOGIN, PASSWORD, app, console, make_clinician, reload

__all__ = ["app", "console"]


def attempt(client: TestClient, username: str, password: str) -> Any:
    client.cookies.clear()
    token = _LOGIN.search(client.get("/console/login").text)
    assert token
    return client.post("/console/login",
                       data={"username": username, "password": password, "login_token": token.group(1)})


def fail(client: TestClient, username: str, times: int) -> None:
    for _ in range(times):
        assert attempt(client, username, "wrong-password!").status_code == 401


@pytest.fixture
def other_address(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False, client=("10.9.8.7", 4000)) as c:
        yield c


def test_sixth_attempt_is_refused_even_with_the_right_password(
    console: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    fail(console, "wang", 5)
    refused = attempt(console, "wang", PASSWORD)
    assert refused.status_code == 429
    assert "10 分钟后再试" in refused.text and "wait 10 minutes" in refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 601
    assert SESSION_COOKIE not in console.cookies
    reload(session)
    actions = [e.action for e in audit.entries(session)]
    assert actions.count("console.login_failed") == 5 and actions.count("console.login_throttled") == 1
    assert session.scalars(select(m.ClinicianSession)).all() == []


def test_the_lockout_ends_when_the_window_passes(console: TestClient, session: Session, clock: FixedClock) -> None:
    make_clinician(session, clock, "wang")
    fail(console, "wang", 3)
    clock.advance(timedelta(minutes=4))
    fail(console, "wang", 2)
    clock.advance(timedelta(minutes=5, seconds=59))  # the first three failures are 9m59s old
    assert attempt(console, "wang", PASSWORD).status_code == 429
    clock.advance(timedelta(seconds=2))  # now they are out of the window: 2 remain
    assert attempt(console, "wang", PASSWORD).status_code == 303


def test_per_username_across_addresses_and_per_address_across_usernames(
    console: TestClient, other_address: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    make_clinician(session, clock, "li")
    fail(console, "wang", 5)
    # The same username from another address: still refused (the username is locked)...
    assert attempt(other_address, "wang", PASSWORD).status_code == 429
    # ...and the address that guessed is locked for every username.
    assert attempt(console, "li", PASSWORD).status_code == 429
    # Another clinician from another address is unaffected.
    assert attempt(other_address, "li", PASSWORD).status_code == 303


def test_a_successful_login_clears_the_username_counter(
    console: TestClient, other_address: TestClient, session: Session, clock: FixedClock
) -> None:
    make_clinician(session, clock, "wang")
    fail(other_address, "wang", 4)
    assert attempt(console, "wang", PASSWORD).status_code == 303
    fail(console, "wang", 4)  # 4 new failures are allowed again (the old 4 were cleared)...
    assert attempt(console, "wang", PASSWORD).status_code == 303
    fail(other_address, "wang", 1)  # ...but the guessing address keeps its own count: this is its 5th
    assert attempt(other_address, "li", PASSWORD).status_code == 429


def test_unknown_usernames_count_too(console: TestClient, session: Session, clock: FixedClock) -> None:
    fail(console, "nobody", 5)
    assert attempt(console, "nobody", "whatever-password").status_code == 429
    assert attempt(console, "NoBody ", "whatever-password").status_code == 429  # same normalised username
