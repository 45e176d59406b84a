"""The WeChat channel of one running app: decides, runs turns, answers within the budget, sweeps."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import TypeVar

import anyio
from sqlalchemy.orm import Session, sessionmaker

from api.wechat import recovery
from api.wechat.config import WeChatConfig
from api.wechat.delivery import ReplyPlan, claim_passive, first_part
from api.wechat.envelope import Opened, render_reply
from api.wechat.handlers import Handlers
from api.wechat.limits import SenderLimit
from api.wechat.runner import Handoff, TurnRunner, TurnWork
from coach.clock import Clock
from coach.db.engine import session_scope
from coach.outbox.shared_state import purge_expired
from coach.outbox.worker import worker_id
from coach.pipeline.turn import CoachTurn

log = logging.getLogger("coach.wechat")
SUCCESS = "success"  # WeChat's "received, no passive reply"
SWEEP_MIN_AGE = timedelta(seconds=2)  # give the request path the first go at a new message
UNDELIVERED_MIN_AGE = timedelta(seconds=30)
REPAIR_EVERY_S = 10.0
LOAD_HYSTERESIS_S = 1.0
T = TypeVar("T")
R = TypeVar("R")


class WeChatChannel:
    def __init__(self, cfg: WeChatConfig, session_factory: sessionmaker[Session], clock: Clock,
                 coach_turn: CoachTurn, *, db_slots: int = 4) -> None:
        self.cfg = cfg
        self.session_factory = session_factory
        self.clock = clock
        self.handlers = Handlers(session_factory, clock, coach_turn.escalations,
                                 SenderLimit(cfg.sender_max_messages, timedelta(seconds=cfg.sender_window_s)))
        self.work = TurnWork(session_factory, clock, coach_turn, worker_id())
        self.runner = TurnRunner(self.work, workers=cfg.turn_workers, backlog=cfg.turn_backlog,
                                 defer=lambda: self.under_load)
        self._urgent = ThreadPoolExecutor(2, thread_name_prefix="wechat-emergency")
        self._db_slots = db_slots  # SQLite: 1, so writers queue here instead of sleeping in SQLite's busy handler
        self._limiter: anyio.CapacityLimiter | None = None
        self.active = 0  # requests in flight (touched on the event loop only)
        self._repaired_at = float("-inf")
        self._busy_at = float("-inf")

    @property
    def under_load(self) -> bool:
        """Many requests in flight now or within the last second: acknowledge only; turns wait for the
        sweep (or a worker process). The second of hysteresis keeps turns from starting in the short
        lulls of a burst."""
        now = time.monotonic()
        if self.active > self.cfg.passive_max_inflight:
            self._busy_at = now
        return now - self._busy_at < LOAD_HYSTERESIS_S

    async def _db(self, func: Callable[[T], R], arg: T) -> R:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self._db_slots)
        return await anyio.to_thread.run_sync(func, arg, limiter=self._limiter)

    async def answer(self, opened: Opened) -> str:
        """The HTTP body for one accepted push: a passive reply, or "success"."""
        self.active += 1
        try:
            return await self._answer(opened)
        finally:
            self.active -= 1

    async def _answer(self, opened: Opened) -> str:
        decision = await self._db(self.handlers.decide, opened.inbound)
        if decision.reply:
            return render_reply(opened, decision.reply, self.cfg, self.clock.now())
        if decision.turn is None:
            return SUCCESS
        if decision.emergency is not None:
            # Emergencies skip every queue and are always answered passively: with the turn's reply
            # if it is ready in time, else with the fixed emergency text.
            urgent = Handoff()
            plan = await self._wait(self._urgent.submit(self.work, decision.turn, urgent), urgent)
            delivered = plan is not None and await self._db(self._claim, plan)
            text = plan.first if plan is not None and delivered else first_part(decision.emergency)
            return render_reply(opened, text, self.cfg, self.clock.now())
        if self.under_load:
            return SUCCESS  # stored; the sweep runs the turn and the outbox delivers the reply
        if not self.runner.idle():
            self.runner.submit(decision.turn)  # queued: the reply goes through the outbox
            return SUCCESS
        handoff = Handoff()
        future = self.runner.submit(decision.turn, handoff)
        if future is None:
            return SUCCESS
        plan = await self._wait(future, handoff)
        if plan is not None and await self._db(self._claim, plan):
            return render_reply(opened, plan.first, self.cfg, self.clock.now())
        return SUCCESS

    async def _wait(self, future: Future[None], handoff: Handoff) -> ReplyPlan | None:
        try:
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout=self.cfg.reply_budget_s)
        except TimeoutError:
            pass
        except Exception:
            log.exception("wechat turn raised")
        return handoff.abandon()

    def _claim(self, plan: ReplyPlan) -> bool:
        with session_scope(self.session_factory) as session:
            return claim_passive(session, self.clock, plan)

    # --- recovery -------------------------------------------------------------------------------
    def sweep_once(self, *, min_age: timedelta = SWEEP_MIN_AGE, limit: int | None = None) -> int:
        """Queue stored messages that still need a turn or a delivery; returns how many were queued.
        `limit` defaults to the room left in the pool (workers + backlog)."""
        room = self.runner.spare() if limit is None else min(limit, self.runner.spare())
        ids = recovery.unprocessed(self.session_factory, self.clock, min_age=min_age, limit=room,
                                   exclude=self.runner.inflight())
        if time.monotonic() - self._repaired_at >= REPAIR_EVERY_S:  # rare: a death between reply and delivery
            self._repaired_at = time.monotonic()
            ids += recovery.undelivered(self.session_factory, self.clock, min_age=max(min_age, UNDELIVERED_MIN_AGE))
            purge_expired(self.session_factory, self.clock, "wechat:")  # turn leases, unknown-sender contacts
        return sum(1 for inbound_id in ids if self.runner.submit(inbound_id) is not None)

    async def sweep_forever(self) -> None:
        """Feed the turn workers from the database while the endpoint is not busy acknowledging,
        keeping at most one extra turn per worker queued, so a burst that starts meanwhile finds
        no long queue of turns competing with it."""
        while True:
            room = self.runner.idle_slots() + self.cfg.turn_workers - self.runner.queued()
            if self.under_load or room <= 0:
                await asyncio.sleep(0.05)
                continue
            queued = 0
            try:
                queued = await anyio.to_thread.run_sync(functools.partial(self.sweep_once, limit=room))
            except Exception:
                log.exception("wechat sweep failed")
            await asyncio.sleep(0.05 if queued else self.cfg.sweep_interval_s)

    def close(self) -> None:
        self._urgent.shutdown(wait=True, cancel_futures=True)
        self.runner.close()
