"""The background schedule: a few periodic sweeper jobs, not one job per reminder.

- every minute: plan due reminders into the outbox (nudge sweep)
- every 15 s: deliver what is due in the outbox
- every 2 min: escalation SLA checks (re-notify, widen to the on-call pool)
- every minute: answer messages whose turn died mid-way (crash recovery)
- nightly: care gaps and care tiers for every member

APScheduler 3 keeps its jobs in the app database (SQLAlchemyJobStore), with coalescing,
one instance per job and a misfire grace long enough that a restart still runs what was due.
APScheduler must not share a job store between two schedulers, so only the process that
holds the leader lock (a PostgreSQL advisory lock, or a file lock beside the SQLite file)
starts it; other API workers simply don't.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from coach.db.engine import session_scope
from coach.runtime import Runtime

log = logging.getLogger("coach.scheduler")
ADVISORY_LOCK_KEY = 727_001  # any constant shared by every process of this service
_runtime: Runtime | None = None
_senders: Callable[[], Mapping[str, Any]] | None = None


def _rt() -> Runtime:
    if _runtime is None:
        raise RuntimeError("scheduler jobs ran before the scheduler was started")
    return _runtime


def sweep_nudges() -> None:
    from coach.nudges.sweep import run_sweep

    runtime = _rt()
    report = run_sweep(runtime.session_factory, runtime.catalog, runtime.clock.now())
    if report.queued:
        log.info("nudge sweep queued %d (%s)", len(report.queued), dict(report.by_kind))


def deliver_outbox() -> None:
    from coach.outbox.worker import run_once

    runtime = _rt()
    senders = _senders() if _senders is not None else {}
    run_once(runtime.session_factory, runtime.clock, senders)


def check_slas() -> None:
    from coach.escalations.notifier import build_notifier
    from coach.escalations.policy import EscalationPolicy
    from coach.escalations.service import EscalationService

    runtime = _rt()
    with session_scope(runtime.session_factory) as session:
        notifier = build_notifier(runtime.settings, session, runtime.clock)
        breached = EscalationService(session, runtime.clock, EscalationPolicy.from_settings(runtime.settings),
                                     notifier).check_sla()
    if breached:
        log.warning("%d escalation(s) breached their SLA and were re-notified", len(breached))


def recover_turns() -> None:
    """Answer REST/console messages whose turn died (WeChat has its own recovery)."""
    from datetime import timedelta

    from coach.pipeline.recovery import reprocess_pending

    runtime = _rt()
    done = reprocess_pending(runtime.coach_turn, runtime.session_factory, runtime.clock,
                             older_than=timedelta(minutes=2))
    if done:
        log.warning("recovered %d unanswered message(s)", done)


def nightly_care() -> None:
    from coach.care_gaps.store import refresh_all
    from coach.tiers import recompute_tiers

    runtime = _rt()
    with session_scope(runtime.session_factory) as session:
        gaps = refresh_all(session, runtime.catalog, runtime.clock)
    with session_scope(runtime.session_factory) as session:
        tiers = recompute_tiers(session, runtime.clock)
    log.info("nightly care: %d members, %d gaps; tiers %s", gaps.members, gaps.gaps, tiers)


class LeaderLock:
    """Held for the life of the process that runs the scheduler."""

    def __init__(self, database_url: str, lock_dir: Path) -> None:
        self._url = database_url
        self._lock_dir = lock_dir
        self._held: Any = None

    def acquire(self) -> bool:
        url = make_url(self._url)
        if url.get_backend_name() == "postgresql":
            from coach.db.engine import make_engine

            engine = make_engine(self._url, pool_size=1)
            connection = engine.connect()
            if connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}).scalar():
                connection.commit()
                self._held = (engine, connection)
                return True
            connection.close()
            engine.dispose()
            return False
        from filelock import FileLock, Timeout

        self._lock_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self._lock_dir / "scheduler.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return False
        self._held = lock
        return True

    def release(self) -> None:
        if self._held is None:
            return
        if isinstance(self._held, tuple):
            engine, connection = self._held
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.close()
            engine.dispose()
        else:
            self._held.release()
        self._held = None


class CoachScheduler:
    def __init__(self, runtime: Runtime, senders: Callable[[], Mapping[str, Any]], *,
                 lock_dir: Path, nightly_hour: int = 2) -> None:
        self.runtime = runtime
        self.senders = senders
        self.lock = LeaderLock(runtime.settings.database_url, lock_dir)
        self.nightly_hour = nightly_hour
        self._scheduler: Any = None

    def start(self) -> bool:
        """Start if this process wins the leader lock; False when another process runs the schedule."""
        global _runtime, _senders
        if not self.lock.acquire():
            log.info("another process holds the scheduler lock; not starting a scheduler here")
            return False
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
        from apscheduler.schedulers.background import BackgroundScheduler

        _runtime, _senders = self.runtime, self.senders
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.runtime.engine)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
            timezone="UTC",
        )
        scheduler.add_job(sweep_nudges, "interval", minutes=1, id="nudge_sweep", replace_existing=True)
        scheduler.add_job(deliver_outbox, "interval", seconds=15, id="outbox_delivery", replace_existing=True)
        scheduler.add_job(check_slas, "interval", minutes=2, id="sla_check", replace_existing=True)
        scheduler.add_job(recover_turns, "interval", minutes=1, id="turn_recovery", replace_existing=True)
        scheduler.add_job(nightly_care, "cron", hour=self.nightly_hour, minute=0, timezone="Asia/Shanghai",
                          id="nightly_care", replace_existing=True)
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started with jobs %s", [job.id for job in scheduler.get_jobs()])
        return True

    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()] if self._scheduler else []

    def shutdown(self) -> None:
        global _runtime, _senders
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        _runtime, _senders = None, None
        self.lock.release()
