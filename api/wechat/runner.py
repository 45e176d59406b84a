"""Coach turns off the request path: a bounded thread pool, a hand-off for the passive reply,
and a lease per inbound message so that no two processes (or a WeChat retry) run one turn twice.

A request waits for its turn only while the budget lasts and a worker was free when it came.
If the turn finishes first, the request answers passively; otherwise the request gives up its
claim (`Handoff.abandon`) and the turn, when done, queues the reply in the outbox. The lock in
`Handoff` decides that race: exactly one of the two delivers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from api.wechat import texts as t
from api.wechat.delivery import ReplyPlan, enqueue_reply, plan_from
from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.db.engine import session_scope
from coach.outbox.shared_state import end_lease, try_lease
from coach.pipeline.turn import CoachTurn

log = logging.getLogger("coach.wechat")
TURN_LEASE = timedelta(minutes=2)
MAX_TRIES = 3  # a message whose turn fails this often gets an apology and goes to the care team


class Handoff:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._abandoned = False
        self._plan: ReplyPlan | None = None

    def offer(self, plan: ReplyPlan) -> bool:
        """From the turn: True if the waiting request takes the reply (it answers passively)."""
        with self._lock:
            if self._abandoned:
                return False
            self._plan = plan
            return True

    def abandon(self) -> ReplyPlan | None:
        """From the request when it stops waiting: the plan if it arrived in time, else None
        (the turn will deliver through the outbox)."""
        with self._lock:
            self._abandoned = True
            return self._plan


Work = Callable[[int, Handoff | None], None]


class TurnRunner:
    def __init__(self, work: Work, *, workers: int, backlog: int, defer: Callable[[], bool] = lambda: False) -> None:
        self._work = work
        self._defer = defer  # checked when a queued turn reaches a thread: busy now, leave it to the sweep
        self._workers = workers
        self._capacity = workers + backlog if workers > 0 else 0  # 0 workers: turns run in a worker process
        self._pool = ThreadPoolExecutor(max(workers, 1), thread_name_prefix="wechat-turn")
        self._lock = threading.Lock()
        self._inflight: set[int] = set()

    def idle(self) -> bool:
        with self._lock:
            return len(self._inflight) < self._workers

    def idle_slots(self) -> int:
        with self._lock:
            return max(0, min(self._workers, self._capacity) - len(self._inflight))

    def queued(self) -> int:
        """Submitted turns beyond the workers (waiting for a thread)."""
        with self._lock:
            return max(0, len(self._inflight) - self._workers)

    def spare(self) -> int:
        with self._lock:
            return self._capacity - len(self._inflight)

    def inflight(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._inflight)

    def submit(self, inbound_id: int, handoff: Handoff | None = None) -> Future[None] | None:
        """None when the message is already queued here or the backlog is full (the sweep takes it later)."""
        with self._lock:
            if inbound_id in self._inflight or len(self._inflight) >= self._capacity:
                return None
            self._inflight.add(inbound_id)
        try:
            return self._pool.submit(self._run, inbound_id, handoff)
        except RuntimeError:  # shutting down
            with self._lock:
                self._inflight.discard(inbound_id)
            return None

    def _run(self, inbound_id: int, handoff: Handoff | None) -> None:
        try:
            if handoff is None and self._defer():
                return  # the message stays stored and unprocessed; the sweep queues it again
            self._work(inbound_id, handoff)
        finally:
            with self._lock:
                self._inflight.discard(inbound_id)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Inbound:
    member_id: int
    text: str
    channel_msg_id: str | None


class TurnWork:
    """Runs one inbound message through the coach, once, and gets its reply delivered."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock, coach_turn: CoachTurn, owner: str) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.coach_turn = coach_turn
        self.owner = owner

    def __call__(self, inbound_id: int, handoff: Handoff | None) -> None:
        key = f"wechat:turn:{inbound_id}"
        taken = try_lease(self.session_factory, self.clock, key, self.owner, TURN_LEASE)
        if taken is None:
            return  # another process (or an earlier attempt still within its backoff) has it
        try:
            if taken >= MAX_TRIES:
                self._give_up(inbound_id)
            else:
                self._turn(inbound_id, handoff)
        except Exception:
            log.exception("wechat turn for message %s failed (try %d)", inbound_id, taken + 1)
            end_lease(self.session_factory, self.clock, key, self.owner, hold_for=timedelta(seconds=10 * (taken + 1)))
            return
        end_lease(self.session_factory, self.clock, key, self.owner)

    def _turn(self, inbound_id: int, handoff: Handoff | None) -> None:
        found = self._load(inbound_id)
        if found is None:
            return
        result = self.coach_turn.handle(found.member_id, found.text, channel="wechat",
                                        channel_msg_id=found.channel_msg_id)
        plan = plan_from(result, found.member_id, inbound_id)
        if plan is not None and (handoff is None or not handoff.offer(plan)):
            with session_scope(self.session_factory) as session:
                enqueue_reply(session, self.clock, plan)

    def _load(self, inbound_id: int) -> _Inbound | None:
        with session_scope(self.session_factory) as session:
            message = session.get(m.Message, inbound_id)
            if message is None or message.direction != "in":
                return None
            member = session.get(m.Member, message.member_id)
            if member is None:
                return None
            if not member.consent_health_data and message.processed_at is None:
                message.processed_at = self.clock.now()  # consent withdrawn meanwhile: no health processing
                message.meta = {**(message.meta or {}), "consent": False}
                return None
            return _Inbound(member.id, message.text, message.channel_msg_id)

    def _give_up(self, inbound_id: int) -> None:
        """The turn keeps failing: apologise through the outbox and stop retrying."""
        with session_scope(self.session_factory) as session:
            message = session.get(m.Message, inbound_id)
            if message is None or message.processed_at is not None:
                return
            member = session.get(m.Member, message.member_id)
            language = member.language if member is not None else "zh"
            text = t.pick(t.TURN_FAILED, language)
            reply = ConversationStore(session, self.clock).record_outbound(message.member_id, "wechat", text,
                                                                           role="coach", meta={"template": True})
            message.processed_at = self.clock.now()
            message.meta = {**(message.meta or {}), "reply_id": reply.id, "turn_error": True}
            enqueue_reply(session, self.clock, ReplyPlan(message.member_id, inbound_id, reply.id, text, (text,)))
        log.error("ALERT wechat message %s: coach turn failed %d times; apology queued", inbound_id, MAX_TRIES)
