"""Triage latency per message: the bare rules (the WeChat acknowledgement path), the learned safety net,
and both as a coach turn runs them, over real labelled and everyday messages. The net's cost is reported
as a ratio to the rules measured in the same run.

    .venv/bin/python -m evals.bench.triage [--messages 1500] [--json out.json]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from coach.triage.assessment import assess_message
from coach.triage.engine import triage_message
from coach.triage.models import TriageContext
from coach.triage.net import default_net
from evals.bench.common import latency_summary, peak_rss_mb, write_json
from evals.triage.corpus import training_examples

TARGET_P95_MS = 30.0


def _time(texts: list[str], call: Callable[[str], object]) -> list[float]:
    samples = []
    for text in texts:
        started = time.perf_counter()
        call(text)
        samples.append(time.perf_counter() - started)
    return samples


def run(messages: int = 1500, say: Any = print) -> dict[str, Any]:
    texts = [e.text for e in training_examples()]
    random.Random(7).shuffle(texts)
    texts = texts[:messages]
    net = default_net()
    assert net is not None, "coach/triage/safety_net.npz is missing: run `coach train triage`"
    ctx = TriageContext(None, datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    _time(texts[:50], lambda t: assess_message(t, ctx, net))  # warm caches
    say(f"timing {len(texts)} messages three ways")
    rules = latency_summary(_time(texts, lambda t: triage_message(t, ctx)))
    alone = latency_summary(_time(texts, net.assess))
    both = latency_summary(_time(texts, lambda t: assess_message(t, ctx, net)))
    return {"messages": len(texts), "rules": rules, "net": alone, "both": both,
            "net_to_rules_mean": round(alone["mean_ms"] / rules["mean_ms"], 3) if rules["mean_ms"] else None,
            "peak_rss_mb": round(peak_rss_mb(), 1), "target_p95_ms": TARGET_P95_MS}


def format_markdown(r: dict[str, Any]) -> str:
    met = "yes" if r["both"]["p95_ms"] <= r["target_p95_ms"] else "**no**"
    row = "| {} | {p50_ms} / {p95_ms} / {p99_ms} ms |"
    return "\n".join([
        f"## Triage per message ({r['messages']} labelled and everyday messages)", "",
        "| path | p50 / p95 / p99 |", "| --- | --- |",
        row.format("rules only (WeChat acknowledgement path)", **r["rules"]),
        row.format("safety net only", **r["net"]),
        row.format("rules + net (coach turn)", **r["both"]),
        "", f"The net costs {r['net_to_rules_mean']}x the rules' mean time in the same run. "
        f"Target p95 <= {r['target_p95_ms']:.0f} ms for rules + net: {met}. Peak RSS {r['peak_rss_mb']} MB.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="triage latency benchmark")
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    result = run(args.messages, say=lambda s: print(s, file=sys.stderr))
    print(format_markdown(result))
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
