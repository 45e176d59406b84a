"""A circuit breaker for the language-model endpoint.

After `threshold` consecutive failures the circuit opens and calls fail fast (the
offline composer answers) for `cooldown`; then one trial call is let through
(half-open): success closes the circuit, failure opens it again.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Literal

from coach.clock import Clock

State = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    def __init__(self, clock: Clock, *, threshold: int = 3, cooldown: timedelta = timedelta(seconds=30)) -> None:
        self._clock = clock
        self.threshold = threshold
        self.cooldown = cooldown
        self._failures = 0
        self._opened_at: datetime | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> State:
        with self._lock:
            return self._state()

    def _state(self) -> State:
        if self._opened_at is None:
            return "closed"
        if self._clock.now() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "half_open" and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            self._trial_running = False
            if self._opened_at is not None or self._failures >= self.threshold:
                self._opened_at = self._clock.now()
