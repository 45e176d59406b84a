"""Re-run an idempotent request once when its database connection died under it.

`pool_pre_ping` replaces a dead pooled connection when the next request checks one out, but the
request that was using the connection when the server killed it (a restart, a failover, an idle
timeout in a proxy) fails mid-flight. This pure-ASGI middleware runs such a request again, once,
on a fresh connection, when:

- the method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE): running it twice leaves the same
  state as running it once;
- it raised a SQLAlchemy `DBAPIError` with `connection_invalidated` (SQLAlchemy's disconnect
  detection for the driver: a terminated PostgreSQL backend, a closed SQLite handle) or an
  `OperationalError` whose message says the connection is gone;
- no byte of the response has been sent.

The request body is buffered so it can be replayed (API bodies are small; one larger than
`MAX_REPLAY_BYTES` is passed through and not retried).

POST is never retried here: it is not idempotent, and a second run could create a second row. It
answers a lost connection with 503 `database_unavailable` (api/errors.py), its transaction rolled
back, so nothing is half-written, and the client decides whether to send it again. A message keeps
its own dedupe for that: `POST /v1/members/{id}/messages` with the same `client_msg_id` (WeChat: the
MsgId) is answered once, and a message stored before the failure is answered by recovery.

Where the exception surfaces: FastAPI's handler for `Exception` runs in Starlette's
`ServerErrorMiddleware`, outside the user middleware, so an unhandled database error passes
through this middleware on its way there (tests/test_db_retry.py checks this).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("coach.api")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_REPLAY_BYTES = 1_000_000
_LOST_CONNECTION_WORDS = ("server closed the connection", "connection is closed", "terminating connection",
                          "connection already closed", "lost connection", "closed database")


def connection_lost(exc: BaseException) -> bool:
    """True when `exc` means the database connection died (not a constraint, not a lock wait)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError) and any(w in str(exc.orig).lower() for w in _LOST_CONNECTION_WORDS)


class RetryOnLostConnection:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in IDEMPOTENT_METHODS:
            await self.app(scope, receive, send)
            return
        body, complete = await _buffer_body(receive)
        if not complete:  # too large to keep: no retry
            await self.app(scope, _replay(body, receive, more_body=True), send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), tracking_send)
        except Exception as exc:
            if started or not connection_lost(exc):
                raise
            log.warning("database connection lost during %s %s; retrying once on a new connection (%s)",
                        scope["method"], scope["path"], type(exc.__cause__ or exc).__name__)
            await self.app(scope, _replay(body, receive), send)


async def _buffer_body(receive: Receive) -> tuple[bytes, bool]:
    """The request body, and whether all of it was read (False: over MAX_REPLAY_BYTES, stopped early)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: let the app see an empty body
            return b"".join(chunks), True
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_REPLAY_BYTES:
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive, *, more_body: bool = False) -> Receive:
    """A `receive` that first gives the buffered body, then defers to the real one (disconnects, the rest)."""
    pending = True

    async def replayed() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": more_body}
        return await receive()

    return replayed
