"""The console in real headless Chromium (Debian `chromium` + `chromium-driver`, driven by Selenium).

The app runs under uvicorn in a background thread on 127.0.0.1 and a free port. Set
COACH_SCREENSHOT_DIR to keep screenshots of the queue and the ticket page.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.console import pages
from coach.clock import FixedClock
from coach.db import models as m
from tests.test_console_support import PASSWORD, app, chest_pain_ticket, make_clinician, make_member, reload, service

__all__ = ["app"]
pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
STARTUP_TIMEOUT_S = 15.0
WAIT_S = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(pages, "QUEUE_REFRESH_S", 1)  # so the auto-refresh is seen within the test
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="console-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            uv.should_exit = True
            pytest.fail(f"uvicorn did not start on port {port} within {STARTUP_TIMEOUT_S} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
        "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=zh-CN",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


SCREENSHOT_DIR: list[str | None] = [None]  # set by the `screenshots` fixture from --screenshots


@pytest.fixture(autouse=True)
def screenshots(request: pytest.FixtureRequest) -> None:
    SCREENSHOT_DIR[0] = request.config.getoption("--screenshots")


def _wait(driver: WebDriver, condition: Callable[[WebDriver], object]) -> None:
    # While a page is being replaced Chromium may briefly answer "node does not belong to the
    # document"; that is the navigation we are waiting for, not a failure, so keep polling.
    WebDriverWait(driver, WAIT_S, ignored_exceptions=(WebDriverException,)).until(condition)


def _login(driver: WebDriver, base: str, username: str, password: str) -> None:
    driver.get(f"{base}/console/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    _wait(driver, lambda d: d.find_elements(By.ID, "login-error") or "/console/queue" in d.current_url)


def _status(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "ticket-status").get_attribute("data-status") or ""


def _submit(driver: WebDriver, button_id: str, expected_status: str | None = None) -> None:
    """Click an action button and wait for the page the post redirects to (the old page must go first)."""
    before = driver.current_url
    driver.find_element(By.ID, button_id).click()
    _wait(driver, lambda d: d.current_url != before and d.current_url.endswith(f"done={button_id}")
          and d.find_elements(By.ID, "notice"))
    if expected_status:
        assert _status(driver) == expected_status


def _screenshot(driver: WebDriver, name: str) -> None:
    folder = SCREENSHOT_DIR[0]
    if not folder:
        return
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1366, max(900, int(height) + 40))
    driver.save_screenshot(str(Path(folder) / name))
    driver.set_window_size(1366, 900)


def _seed_vitals(session: Session, member: m.Member, now: datetime) -> None:
    readings = [
        (80.2, 148, 92, 7.9, 52), (80.9, 156, 96, 8.6, 50), (81.1, 163, 99, 9.4, 49), (82.0, 178, 106, 11.2, 47)
    ]
    for index, (weight, sys, dia, glucose, egfr) in enumerate(readings):
        when = now - timedelta(days=(len(readings) - index) * 7)
        for kind, fields in (
            ("weight", {"value": weight, "unit": "kg"}),
            ("blood_pressure", {"systolic": sys, "diastolic": dia, "unit": "mmHg"}),
            ("glucose", {"value": glucose, "unit": "mmol/L"}),
            ("egfr", {"value": float(egfr), "unit": "mL/min/1.73m2"}),
        ):
            session.add(m.Observation(member_id=member.id, kind=kind, attributes={}, observed_at=when,
                                      source="api", created_at=when, **fields))
    session.add(m.CareGap(member_id=member.id, item=14, status="overdue", due_date=date(2026, 10, 1),
                          reason="HbA1c not measured for 7 months", computed_at=datetime(2026, 11, 29, tzinfo=UTC)))
    session.commit()


def test_wrong_password_is_refused(server: str, browser: WebDriver, session: Session, clock: FixedClock) -> None:
    make_clinician(session, clock, "wang")
    _login(browser, server, "wang", "not-my-password")
    assert "wrong username or password" in browser.find_element(By.ID, "login-error").text
    assert "/console/login" in browser.current_url
    assert browser.get_cookie("coach_console") is None
    browser.get(f"{server}/console/queue")
    assert "/console/login" in browser.current_url  # still not logged in


def test_login_queue_ticket_acknowledge_reply_resolve(
    server: str, browser: WebDriver, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    member = make_member(session, clock, wang)
    _seed_vitals(session, member, clock.now())
    ticket, message = chest_pain_ticket(session, clock, member)
    routine = service(session, clock).raise_flag(member.id, "routine", ["low_mood"], [], "message")
    session.commit()

    _login(browser, server, "wang", PASSWORD)
    cookie = browser.get_cookie("coach_console")
    assert cookie is not None and cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    rows = browser.find_elements(By.CSS_SELECTOR, "#queue-rows tr[data-ticket]")
    assert [r.get_attribute("data-ticket") for r in rows] == [str(ticket.id), str(routine.id)]
    assert "紧急" in rows[0].text and "acs" in rows[0].text

    # The queue refreshes itself: a ticket raised now appears without reloading the page.
    urgent = service(session, clock).raise_flag(member.id, "urgent", ["hypertensive_crisis"], [], "observation")
    session.commit()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, f'#queue-rows tr[data-ticket="{urgent.id}"]'))
    order = [r.get_attribute("data-ticket") for r in browser.find_elements(By.CSS_SELECTOR, "#queue-rows tr")]
    assert order == [str(ticket.id), str(urgent.id), str(routine.id)]
    _screenshot(browser, "console-queue.png")

    browser.find_element(By.CSS_SELECTOR, f'#queue-rows tr[data-ticket="{ticket.id}"] a.open-ticket').click()
    _wait(browser, lambda d: d.find_elements(By.ID, "ticket-status"))
    assert _status(browser) == "open"
    mark = browser.find_element(By.CSS_SELECTOR, f'li[data-message="{message.id}"] mark.evidence')
    assert mark.text == "胸口疼" and mark.get_attribute("title") == "acs"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#vitals svg.trend")) == 4
    assert "178/106" in browser.find_element(By.ID, "vitals").text
    assert "HbA1c not measured" in browser.find_element(By.ID, "gaps").text
    assert "E11.9" in browser.find_element(By.ID, "conditions").text

    _submit(browser, "acknowledge", "acknowledged")
    browser.find_element(By.ID, "reply-text").send_keys("请立即拨打120，保持平卧，我会马上给您回电。")
    _submit(browser, "reply", "acknowledged")
    assert "请立即拨打120" in browser.find_element(By.ID, "transcript").text
    _screenshot(browser, "console-ticket.png")
    browser.find_element(By.ID, "resolve-text").send_keys("已电话联系，120送医，PCI 术后稳定")
    _submit(browser, "resolve", "resolved")
    assert browser.find_element(By.ID, "outcome").text == "已电话联系，120送医，PCI 术后稳定"

    reload(session)
    row = session.get(m.Escalation, ticket.id)
    assert row is not None
    assert (row.status, row.acknowledged_by, row.resolved_by) == ("resolved", wang.id, wang.id)
    reply = session.scalars(select(m.Message).where(m.Message.role == "clinician")).one()
    assert (reply.direction, reply.channel, reply.member_id) == ("out", "wechat", member.id)
    outbox = session.scalars(select(m.OutboxEntry).where(m.OutboxEntry.kind == "reply")).one()
    assert outbox.payload == {"text": reply.text, "message_id": reply.id}
    assert (outbox.channel, outbox.status, outbox.idempotency_key) == ("wechat", "pending", f"reply:{reply.id}")

    browser.find_element(By.ID, "logout").click()
    _wait(browser, lambda d: "/console/login" in d.current_url)
    browser.get(f"{server}/console/tickets/{ticket.id}")
    assert "/console/login" in browser.current_url


def test_clinician_cannot_open_another_clinicians_member(
    server: str, browser: WebDriver, session: Session, clock: FixedClock
) -> None:
    wang = make_clinician(session, clock, "wang")
    make_clinician(session, clock, "li")
    ticket, _ = chest_pain_ticket(session, clock, make_member(session, clock, wang))

    _login(browser, server, "li", PASSWORD)
    assert browser.find_elements(By.CSS_SELECTOR, "#queue-rows tr[data-ticket]") == []
    browser.get(f"{server}/console/tickets/{ticket.id}")
    assert "403" in browser.find_element(By.ID, "forbidden").text
    assert "胸口疼" not in browser.page_source
    reload(session)
    denied = session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "console.denied")).one()
    assert denied.member_id == ticket.member_id
