"""One overall deadline for a model call, and the request closed when it passes.

The call runs as a task on one event loop kept in a daemon thread (one per process, so the HTTP
client's connection pool always belongs to the same loop). When the deadline passes the task is
cancelled: the HTTP client closes the connection, so the server sees the request abandoned (a
llama.cpp-style server stops generating for it) instead of computing an answer nobody reads, and
no retry inside the client can outlive the deadline.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class DeadlineExceeded(TimeoutError):
    """The call did not finish within its deadline and was cancelled."""


class DeadlineRunner:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="llm-deadline-loop", daemon=True)
                thread.start()
                self._loop = loop
            return self._loop

    def run(self, make_call: Callable[[], Coroutine[Any, Any, T]], deadline_s: float) -> T:
        """The call's result, or `DeadlineExceeded` once `deadline_s` seconds have passed (the call cancelled)."""

        async def bounded() -> T:
            return await asyncio.wait_for(make_call(), timeout=deadline_s)

        future: Future[T] = asyncio.run_coroutine_threadsafe(bounded(), self._running_loop())
        try:
            return future.result(timeout=deadline_s + 1.0)  # the loop cancels at the deadline; this is a backstop
        except TimeoutError as exc:
            future.cancel()
            raise DeadlineExceeded(f"model call exceeded its {deadline_s:g} s deadline") from exc


RUNNER = DeadlineRunner()
