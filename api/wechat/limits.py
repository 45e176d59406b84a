"""The per-sender rate limit of the webhook, kept in the database so that it holds across worker
processes and restarts.

A member is over the limit while more than `max_messages` of their inbound messages on the channel
were stored within the last `window`, the message just stored included; the count reads at most
max_messages + 1 entries of the index ix_messages_member_channel_direction_created. Whoever is
over the limit gets one notice per window: a claim in service_state (`wechat:rate_notice:<member
id>`, expiring with the window), taken atomically, so two processes never both send it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m

MSG, S = m.Message, m.ServiceState


@dataclass(frozen=True)
class SenderLimit:
    max_messages: int
    window: timedelta  # zero: no limit

    @property
    def enabled(self) -> bool:
        return self.window > timedelta(0)


NO_LIMIT = SenderLimit(max_messages=1, window=timedelta(0))


# Built once: building the statement per push cost four times as much as running it.
_RECENT_INBOUND = select(func.count()).select_from(
    select(MSG.id)
    .where(MSG.member_id == bindparam("member_id"), MSG.channel == bindparam("channel"), MSG.direction == "in",
           MSG.created_at > bindparam("since"))
    .limit(bindparam("cap"))
    .subquery())


def over_limit(session: Session, clock: Clock, limit: SenderLimit, member_id: int, channel: str) -> bool:
    """True when the member has more than `limit.max_messages` inbound messages within the window."""
    if not limit.enabled:
        return False
    recent = session.scalar(_RECENT_INBOUND, {"member_id": member_id, "channel": channel,
                                              "since": clock.now() - limit.window, "cap": limit.max_messages + 1})
    return int(recent or 0) > limit.max_messages


def notice_key(member_id: int) -> str:
    return f"wechat:rate_notice:{member_id}"


def claim_notice(session: Session, clock: Clock, limit: SenderLimit, member_id: int) -> bool:
    """True for the first caller per member and window: that caller sends the notice."""
    now = clock.now()
    key = notice_key(member_id)
    try:
        with session.begin_nested():
            session.add(S(key=key, value={"noticed_at": now.isoformat()}, expires_at=now + limit.window,
                          updated_at=now))
            session.flush()
        return True
    except IntegrityError:
        pass
    renewed = session.execute(
        update(S).where(S.key == key, S.expires_at <= now)
        .values(value={"noticed_at": now.isoformat()}, expires_at=now + limit.window, updated_at=now),
        execution_options={"synchronize_session": False},
    )
    return getattr(renewed, "rowcount", 0) == 1
