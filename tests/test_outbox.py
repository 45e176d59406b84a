"""The durable outbox: idempotent enqueue, leasing, outcomes, backoff, crash recovery, concurrency."""

from __future__ import annotations

import logging
import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_session_factory, session_scope
from coach.outbox import LogSender, OutboxJob, OutboxPolicy, SendResult, enqueue, lease_batch, run_once

POLICY = OutboxPolicy(max_attempts=3, base_delay=timedelta(seconds=10), max_delay=timedelta(minutes=5),
                      lease=timedelta(seconds=60))


class Recorder:
    """A sender that answers from a script and remembers what it was given."""

    def __init__(self, *results: SendResult) -> None:
        self.results = list(results)
        self.jobs: list[OutboxJob] = []
        self.lock = threading.Lock()

    def send(self, job: OutboxJob) -> SendResult:
        with self.lock:
            self.jobs.append(job)
            return self.results.pop(0) if self.results else SendResult.sent()


@pytest.fixture
def factory(db: Engine) -> sessionmaker[Session]:
    return make_session_factory(db)


def add(factory: sessionmaker[Session], clock: FixedClock, key: str, *, kind: str = "reply",
        channel: str = "wechat", payload: dict[str, object] | None = None) -> int:
    with session_scope(factory) as session:
        entry = enqueue(session, clock, channel=channel, kind=kind, payload=payload or {"text": key},
                        idempotency_key=key)
        assert entry is not None
        return entry.id


def row(factory: sessionmaker[Session], entry_id: int) -> m.OutboxEntry:
    with factory() as session:
        found = session.get(m.OutboxEntry, entry_id)
        assert found is not None
        return found


def test_enqueue_is_idempotent_per_key(factory: sessionmaker[Session], clock: FixedClock) -> None:
    add(factory, clock, "reply:1")
    with session_scope(factory) as session:
        assert enqueue(session, clock, channel="wechat", kind="reply", payload={}, idempotency_key="reply:1") is None
        assert len(session.scalars(select(m.OutboxEntry)).all()) == 1


def test_a_sent_entry_is_marked_and_not_sent_again(factory: sessionmaker[Session], clock: FixedClock) -> None:
    entry = add(factory, clock, "reply:2")
    sender = Recorder()
    stats = run_once(factory, clock, {"wechat": sender}, policy=POLICY)
    assert (stats.leased, stats.sent) == (1, 1)
    assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).leased == 0
    done = row(factory, entry)
    assert (done.status, done.attempts, done.sent_at, done.lease_owner) == ("sent", 1, clock.now(), None)


def test_retries_back_off_with_jitter_then_fail_with_an_alert(factory: sessionmaker[Session], clock: FixedClock,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    entry = add(factory, clock, "reply:3")
    sender = Recorder(*[SendResult.retry("wechat error -1")] * 3)
    rng = random.Random(7)
    delays = []
    for attempt in (1, 2):
        assert run_once(factory, clock, {"wechat": sender}, policy=POLICY, rng=rng).retried == 1
        pending = row(factory, entry)
        delay = pending.next_attempt_at - clock.now()
        cap = POLICY.base_delay * 2 ** (attempt - 1)
        assert cap / 2 <= delay <= cap and pending.status == "pending" and pending.attempts == attempt
        assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).leased == 0  # not due yet
        delays.append(delay)
        clock.advance(delay)
    with caplog.at_level(logging.ERROR, logger="coach.outbox"):
        assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).failed == 1
    failed = row(factory, entry)
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", 3, "wechat error -1")
    assert any("ALERT outbox" in r.message for r in caplog.records)
    assert len(sender.jobs) == 3


def test_undeliverable_and_failed_are_final(factory: sessionmaker[Session], clock: FixedClock) -> None:
    a, b = add(factory, clock, "nudge:a", kind="nudge"), add(factory, clock, "reply:b")
    # replies go before nudges
    sender = Recorder(SendResult.failed("configuration (40037)"), SendResult.undeliverable("out of window"))
    stats = run_once(factory, clock, {"wechat": sender}, policy=POLICY)
    assert (stats.undeliverable, stats.failed) == (1, 1)
    assert (row(factory, a).status, row(factory, b).status) == ("undeliverable", "failed")
    clock.advance(timedelta(days=1))
    assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).leased == 0


def test_a_sender_that_raises_is_retried(factory: sessionmaker[Session], clock: FixedClock) -> None:
    entry = add(factory, clock, "reply:4")

    class Broken:
        def send(self, job: OutboxJob) -> SendResult:
            raise RuntimeError("boom")

    assert run_once(factory, clock, {"wechat": Broken()}, policy=POLICY).retried == 1
    assert row(factory, entry).last_error == "sender error: RuntimeError"


def test_payload_updates_are_kept_for_the_next_attempt(factory: sessionmaker[Session], clock: FixedClock) -> None:
    entry = add(factory, clock, "reply:5", payload={"text": "a b", "parts": ["a", "b"]})
    sender = Recorder(SendResult.retry("network", after=timedelta(seconds=1), update={"sent_parts": 1}))
    run_once(factory, clock, {"wechat": sender}, policy=POLICY)
    clock.advance(timedelta(seconds=1))
    run_once(factory, clock, {"wechat": sender}, policy=POLICY)
    assert sender.jobs[1].payload == {"text": "a b", "parts": ["a", "b"], "sent_parts": 1}
    assert row(factory, entry).status == "sent"


def test_a_crashed_worker_leaves_a_lease_that_expires_once(factory: sessionmaker[Session],
                                                           clock: FixedClock) -> None:
    entry = add(factory, clock, "reply:6")
    [job] = lease_batch(factory, clock, owner="dead-worker", channels=["wechat"], policy=POLICY)
    assert job.attempts == 1
    sender = Recorder()
    assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).leased == 0  # still leased
    clock.advance(POLICY.lease + timedelta(seconds=1))
    assert run_once(factory, clock, {"wechat": sender}, policy=POLICY).sent == 1  # the one retry
    assert (row(factory, entry).attempts, len(sender.jobs)) == (2, 1)


def test_a_lease_expiring_on_the_final_attempt_fails_instead_of_sending_again(
        factory: sessionmaker[Session], clock: FixedClock) -> None:
    entry = add(factory, clock, "reply:7")
    policy = OutboxPolicy(max_attempts=1, lease=timedelta(seconds=30))
    lease_batch(factory, clock, owner="dead-worker", channels=["wechat"], policy=policy)
    clock.advance(timedelta(minutes=1))
    sender = Recorder()
    stats = run_once(factory, clock, {"wechat": sender}, policy=policy)
    assert (stats.expired, stats.leased, sender.jobs) == (1, 0, [])
    assert row(factory, entry).status == "failed"


def test_a_late_outcome_from_a_worker_that_lost_its_lease_is_not_recorded(
        factory: sessionmaker[Session], clock: FixedClock) -> None:
    from coach.outbox.worker import complete

    entry = add(factory, clock, "reply:8")
    [job] = lease_batch(factory, clock, owner="slow", channels=["wechat"], policy=POLICY)
    clock.advance(POLICY.lease + timedelta(seconds=1))
    run_once(factory, clock, {"wechat": Recorder()}, policy=POLICY, owner="fast")
    status = complete(factory, clock, job, SendResult.retry("late"), owner="slow", policy=POLICY,
                      rng=random.Random(1))
    assert status == "lost" and row(factory, entry).status == "sent"


def test_channels_without_a_sender_are_left_alone(factory: sessionmaker[Session], clock: FixedClock) -> None:
    wecom = add(factory, clock, "alert:1", kind="alert", channel="wecom")
    log_row = add(factory, clock, "log:1", channel="log")
    stats = run_once(factory, clock, {"log": LogSender()}, policy=POLICY)
    assert stats.sent == 1 and row(factory, log_row).status == "sent"
    assert row(factory, wecom).status == "pending"


def test_emergencies_go_first(factory: sessionmaker[Session], clock: FixedClock) -> None:
    add(factory, clock, "nudge:1", kind="nudge")
    add(factory, clock, "reply:9")
    add(factory, clock, "emergency:1", kind="emergency")
    sender = Recorder()
    run_once(factory, clock, {"wechat": sender}, policy=POLICY, batch=2)
    assert [j.kind for j in sender.jobs] == ["emergency", "reply"]


def test_concurrent_workers_never_send_one_entry_twice(factory: sessionmaker[Session], clock: FixedClock) -> None:
    ids = {add(factory, clock, f"reply:c{i}") for i in range(60)}
    sender = Recorder()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while run_once(factory, clock, {"wechat": sender}, policy=POLICY, batch=5).leased:
                pass
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sent = [job.id for job in sender.jobs]
    assert sorted(sent) == sorted(ids)  # each exactly once
    with factory() as session:
        assert set(session.scalars(select(m.OutboxEntry.status))) == {"sent"}
