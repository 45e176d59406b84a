"""One scheduler per deployment: the leader lock, and the periodic sweeper jobs in the persistent store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from coach.clock import FixedClock
from coach.runtime import build_runtime
from coach.scheduler import CoachScheduler, LeaderLock
from coach.settings import Settings
from tests.fakes import HashingEmbedder


def test_only_one_process_holds_the_leader_lock(settings: Settings, db: Engine, tmp_path: Path) -> None:
    first, second = LeaderLock(settings.database_url, tmp_path), LeaderLock(settings.database_url, tmp_path)
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_scheduler_registers_sweeper_jobs_in_the_database(settings: Settings, db: Engine, clock: FixedClock,
                                                         tmp_path: Path, real_retriever: object) -> None:
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore

    runtime = build_runtime(settings, clock, retriever=Retriever(HashingEmbedder(), MemoryVectorStore()))
    leader = CoachScheduler(runtime, dict, lock_dir=tmp_path)
    follower = CoachScheduler(runtime, dict, lock_dir=tmp_path)
    try:
        assert leader.start()
        assert not follower.start()  # a second API worker does not start a second scheduler
        assert sorted(leader.job_ids()) == ["nightly_care", "nudge_sweep", "outbox_delivery", "sla_check", "turn_recovery"]
        assert "apscheduler_jobs" in inspect(runtime.engine).get_table_names()
        with runtime.engine.connect() as conn:
            stored = sorted(conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars())
        assert stored == ["nightly_care", "nudge_sweep", "outbox_delivery", "sla_check", "turn_recovery"]
    finally:
        leader.shutdown()
        runtime.close()
