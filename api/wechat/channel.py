"""The WeChat channel of one running app: decides, runs turns, answers within the budget, sweeps."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

import anyio
from sqlalchemy.orm import Session, sessionmaker

from api.wechat import recovery
from api.wechat.config import WeChatConfig
from api.wechat.delivery import ReplyPlan, claim_passive
from api.wechat.envelope import Opened, render_reply
from api.wechat.handlers import Handlers
from api.wechat.runner import Handoff, TurnRunner, TurnWork
from coach.clock import Clock
from coach.db.engine import session_scope
from coach.outbox.worker import worker_id
from coach.pipeline.turn import CoachTurn

log = logging.getLogger("coach.wechat")
SUCCESS = "success"  # WeChat's "received, no passive reply"
SWEEP_MIN_AGE = timedelta(seconds=2)  # give the request path the first go at a new message
UNDELIVERED_MIN_AGE = timedelta(seconds=30)


class WeChatChannel:
    def __init__(self, cfg: WeChatConfig, session_factory: sessionmaker[Session], clock: Clock,
                 coach_turn: CoachTurn) -> None:
        self.cfg = cfg
        self.session_factory = session_factory
        self.clock = clock
        self.handlers = Handlers(session_factory, clock, coach_turn.escalations)
        self.work = TurnWork(session_factory, clock, coach_turn, worker_id())
        self.runner = TurnRunner(self.work, workers=cfg.turn_workers, backlog=cfg.turn_backlog)
        self._urgent = ThreadPoolExecutor(2, thread_name_prefix="wechat-emergency")

    async def answer(self, opened: Opened) -> str:
        """The HTTP body for one accepted push: a passive reply, or "success"."""
        decision = await anyio.to_thread.run_sync(self.handlers.decide, opened.inbound)
        if decision.reply:
            return render_reply(opened, decision.reply, self.cfg, self.clock.now())
        if decision.turn is None:
            return SUCCESS
        if decision.emergency is not None:
            # Emergencies skip the queue and are always answered passively, with the turn's reply
            # if it is ready in time, else with the fixed emergency text.
            urgent = Handoff()
            plan = await self._wait(self._urgent.submit(self.work, decision.turn, urgent), urgent)
            delivered = plan is not None and await anyio.to_thread.run_sync(self._claim, plan)
            text = plan.first if plan is not None and delivered else decision.emergency
            return render_reply(opened, text, self.cfg, self.clock.now())
        waiting = self.runner.idle()  # under load, acknowledge at once and reply through the outbox
        handoff = Handoff() if waiting else None
        future = self.runner.submit(decision.turn, handoff)
        if future is None or handoff is None:
            return SUCCESS
        plan = await self._wait(future, handoff)
        if plan is not None and await anyio.to_thread.run_sync(self._claim, plan):
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
    def sweep_once(self, *, min_age: timedelta = SWEEP_MIN_AGE) -> int:
        """Queue stored messages that still need a turn or a delivery; returns how many were queued."""
        spare = self.runner.spare()
        ids = recovery.unprocessed(self.session_factory, self.clock, min_age=min_age, limit=spare,
                                   exclude=self.runner.inflight())
        ids += recovery.undelivered(self.session_factory, self.clock, min_age=max(min_age, UNDELIVERED_MIN_AGE))
        return sum(1 for inbound_id in ids if self.runner.submit(inbound_id) is not None)

    async def sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.cfg.sweep_interval_s)
            try:
                await anyio.to_thread.run_sync(self.sweep_once)
            except Exception:
                log.exception("wechat sweep failed")

    def close(self) -> None:
        self._urgent.shutdown(wait=True, cancel_futures=True)
        self.runner.close()
