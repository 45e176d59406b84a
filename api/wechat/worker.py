"""The channel worker process: runs the coach turns of stored WeChat messages the web process left
(it acknowledges only while busy, and may have died mid-turn) and, optionally, sends the outbox.
Run any number beside the API; the turn leases and outbox leases keep them from doing anything twice.

    .venv/bin/python -m api.wechat.worker [--no-outbox] [--interval 1.0]
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from datetime import timedelta

from api.wechat.channel import WeChatChannel
from api.wechat.config import WeChatConfig
from api.wechat.senders import build_senders
from coach.clock import Clock, SystemClock
from coach.outbox import OutboxPolicy, run_once
from coach.runtime import build_runtime
from coach.settings import Settings, get_settings

log = logging.getLogger("coach.wechat")


def run_worker(settings: Settings, clock: Clock, stop: threading.Event, *, outbox: bool = True,
               interval: float = 1.0, min_age: timedelta = timedelta(seconds=2)) -> None:
    runtime = build_runtime(settings, clock)
    channel = WeChatChannel(WeChatConfig.from_settings(settings), runtime.session_factory, clock, runtime.coach_turn)
    senders = build_senders(settings, runtime.session_factory, clock) if outbox else {}
    policy = OutboxPolicy.from_settings(settings)
    try:
        while not stop.is_set():
            busy = False
            try:
                busy = channel.sweep_once(min_age=min_age) > 0
                if senders:
                    busy = run_once(runtime.session_factory, clock, senders, policy=policy).leased > 0 or busy
            except Exception:
                log.exception("wechat worker pass failed")
            stop.wait(0.05 if busy else interval)
    finally:
        channel.close()
        runtime.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="WeChat channel worker: pending turns and the outbox")
    parser.add_argument("--no-outbox", action="store_true", help="leave the outbox to the scheduler")
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_worker(get_settings(), SystemClock(), stop, outbox=not args.no_outbox, interval=args.interval)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
