"""Nothing accepted is lost: find stored WeChat messages that still need a turn or a delivery.

- unprocessed: accepted while the turn pool was full, or the process died mid-turn;
- processed but undelivered: the process died between storing the reply and recording its
  delivery (a narrow window, but an outbox exists to close exactly such windows).
The turn lease and the outbox key make re-running either one harmless."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.wechat.delivery import reply_key
from coach.clock import Clock
from coach.db import models as m
from coach.db.engine import session_scope

CHANNEL = "wechat"
HORIZON = timedelta(hours=48)  # past the customer-service window a reply can no longer be sent
UNDELIVERED_WINDOW = timedelta(minutes=30)


def unprocessed(session_factory: sessionmaker[Session], clock: Clock, *, min_age: timedelta, limit: int,
                exclude: Collection[int] = ()) -> list[int]:
    """Inbound WeChat messages without a finished turn, oldest first."""
    if limit < 1:
        return []
    now = clock.now()
    with session_scope(session_factory) as session:
        query = (
            select(m.Message.id)
            .where(m.Message.channel == CHANNEL, m.Message.direction == "in", m.Message.processed_at.is_(None),
                   m.Message.created_at <= now - min_age, m.Message.created_at >= now - HORIZON)
            .order_by(m.Message.id)
            .limit(limit + len(exclude))
        )
        ids = [i for i in session.scalars(query) if i not in exclude]
    return ids[:limit]


def undelivered(session_factory: sessionmaker[Session], clock: Clock, *, min_age: timedelta,
                limit: int = 200) -> list[int]:
    """Inbound WeChat messages answered more than `min_age` ago whose reply has no outbox row."""
    now = clock.now()
    with session_scope(session_factory) as session:
        rows = session.execute(
            select(m.Message.id, m.Message.meta)
            .where(m.Message.channel == CHANNEL, m.Message.direction == "in", m.Message.processed_at.is_not(None),
                   m.Message.processed_at <= now - min_age, m.Message.created_at >= now - UNDELIVERED_WINDOW)
            .order_by(m.Message.id.desc())
            .limit(limit)
        ).all()
        wanted = {reply_key(int(meta["reply_id"])): msg_id for msg_id, meta in rows if (meta or {}).get("reply_id")}
        if not wanted:
            return []
        have = set(session.scalars(select(m.OutboxEntry.idempotency_key)
                                   .where(m.OutboxEntry.idempotency_key.in_(list(wanted)))))
    return sorted(msg_id for key, msg_id in wanted.items() if key not in have)
