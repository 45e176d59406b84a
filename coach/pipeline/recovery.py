"""Recovery of turns that died between "message stored" and "reply produced".

`CoachTurn.handle` commits the inbound message before processing it, so a crash, a killed worker
or a failing dependency leaves a row with `processed_at IS NULL`. `reprocess_pending` re-runs the
turn for such messages once they are older than `older_than` (so a turn still in flight is left
alone). WeChat messages are excluded: api/wechat has its own recovery, which also delivers the reply.

Exactly once: each message is processed in its own transaction that re-reads it under a row lock
(PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite serialises writers) and sets `processed_at` in the
same commit as the reply, so a second run, or two runs at once, never answer twice. A message that
keeps failing is given up after `max_attempts` runs (the count is kept in its meta).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope
from coach.pipeline.turn import CoachTurn

log = logging.getLogger("coach.pipeline")
EXCLUDED_CHANNELS = ("wechat",)
MAX_ATTEMPTS = 3


def pending_ids(session: Session, clock: Clock, older_than: timedelta, *, limit: int = 100) -> list[int]:
    cutoff = clock.now() - older_than
    return list(session.scalars(
        select(m.Message.id)
        .where(m.Message.direction == "in", m.Message.processed_at.is_(None),
               m.Message.channel.not_in(EXCLUDED_CHANNELS), m.Message.created_at <= cutoff)
        .order_by(m.Message.created_at, m.Message.id).limit(limit)
    ))


def _claim(session: Session, message_id: int) -> m.Message | None:
    """The message, locked, if it is still unprocessed and has attempts left; else None."""
    message = session.scalar(
        select(m.Message).where(m.Message.id == message_id, m.Message.processed_at.is_(None))
        .with_for_update(skip_locked=True)
    )
    if message is None or int((message.meta or {}).get("recovery_attempts", 0)) >= MAX_ATTEMPTS:
        return None
    return message


def _count_attempt(session_factory: sessionmaker[Session], message_id: int) -> None:
    with session_scope(session_factory) as session:
        message = session.get(m.Message, message_id)
        if message is not None:
            attempts = int((message.meta or {}).get("recovery_attempts", 0)) + 1
            message.meta = {**(message.meta or {}), "recovery_attempts": attempts}


def reprocess_pending(coach_turn: CoachTurn, session_factory: sessionmaker[Session], clock: Clock, *,
                      older_than: timedelta = timedelta(minutes=2), limit: int = 100) -> int:
    """Re-run unprocessed inbound non-WeChat messages older than `older_than`; the number answered now."""
    with session_scope(session_factory) as session:
        candidates = pending_ids(session, clock, older_than, limit=limit)
    done = 0
    for message_id in candidates:
        try:
            with session_scope(session_factory) as session:
                message = _claim(session, message_id)
                if message is None:
                    continue
                coach_turn._process(session, message.member_id, message.id, message.text, message.channel)
            done += 1
        except Exception:
            log.exception("recovery of message %s failed", message_id)
            _count_attempt(session_factory, message_id)
    return done
