"""Training size vs blind recall: the net trained on growing shares of the training corpus (a fixed,
seeded subset each time), scored on the blind sets alone and together with the rules.

.venv/bin/python -m evals.triage.learning_curve [blind files ...]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from coach.triage.net_training import train
from evals.triage.corpus import BLIND_SETS, FOLDER, training_examples
from evals.triage.runner import run_triage_eval

SHARES = (0.125, 0.25, 0.5, 1.0)


def learning_curve(blind: list[Path]) -> str:
    examples = training_examples()
    order = list(range(len(examples)))
    random.Random(20261206).shuffle(order)
    lines = ["| training examples | mode | emergency recall | urgent-or-higher recall | false escalation |",
             "| ---: | --- | ---: | ---: | ---: |"]
    for share in SHARES:
        subset = [examples[i] for i in order[: int(len(order) * share)]]
        net = train(subset)
        for mode in ("net", "both"):
            reports = [run_triage_eval(path, mode=mode, net=net) for path in blind]
            cases = sum(r.total for r in reports)
            emergencies = sum(r.per_level_count["emergency"] for r in reports)
            red = sum(r.per_level_count["emergency"] + r.per_level_count["urgent"] for r in reports)
            benign = sum(r.benign_total for r in reports)
            e = sum(r.emergency_recall * r.per_level_count["emergency"] for r in reports) / emergencies
            u = sum(r.urgent_or_higher_recall * (r.per_level_count["emergency"] + r.per_level_count["urgent"])
                    for r in reports) / red
            f = sum(r.false_escalation_rate * r.benign_total for r in reports) / benign
            lines.append(f"| {len(subset)} | {mode} | {e:.3f} | {u:.3f} | {f:.3f} |")
        print(f"{len(subset)} examples done (of {cases} blind cases)", file=sys.stderr)
    return "\n".join(lines)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or [FOLDER / name for name in BLIND_SETS]
    print(learning_curve(paths))
