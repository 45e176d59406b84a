"""Run the labelled triage cases (cases.jsonl) through the engine and score them.

.venv/bin/python -m evals.triage.runner          # prints a Markdown report
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from coach.members.snapshot import MedicationRecord, MemberSnapshot, ObservationRecord
from coach.triage import TriageContext, TriageResult, triage_message, triage_observation
from coach.triage.assessment import assess_message
from coach.triage.models import NO_FINDINGS, Finding, TriageLevel, combine
from coach.triage.net import SafetyNet
from evals.triage.corpus import BLIND_SETS, TRAINING_SETS, training_files

DEFAULT_CASES = Path(__file__).with_name("cases.jsonl")
# Sets the rules were tuned on or the net trained on, then sets nobody has read: only the blind ones
# measure generalisation (evals/triage/corpus.py owns both lists).
TUNED_SETS = TRAINING_SETS
MODES = ("rules", "net", "both")
FIXED_NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LEVELS = ("emergency", "urgent", "routine", "none")
RED_FLAG_LEVELS = frozenset({"emergency", "urgent"})
BENIGN_LEVELS = frozenset({"none", "routine"})
DEFAULT_AGE = 50


@dataclass(frozen=True)
class CaseOutcome:
    id: str
    text: str
    expected_level: str
    predicted_level: str
    expected_reasons: tuple[str, ...]
    predicted_reasons: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def level_ok(self) -> bool:
        return self.expected_level == self.predicted_level

    @property
    def reasons_ok(self) -> bool:
        return set(self.expected_reasons) <= set(self.predicted_reasons)


@dataclass
class TriageEvalReport:
    total: int
    per_level_recall: dict[str, float]  # expected level L predicted exactly L
    per_level_count: dict[str, int]
    urgent_or_higher_recall: float  # expected urgent/emergency predicted urgent/emergency
    emergency_recall: float  # expected emergency predicted emergency
    false_escalation_rate: float  # expected none/routine predicted urgent/emergency
    benign_total: int
    reason_recall: float  # red-flag cases whose expected reasons were all found
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (expected, predicted) -> count
    misses: list[CaseOutcome] = field(default_factory=list)


def load_cases(path: Path | None = None) -> list[dict[str, Any]]:
    lines = (path or DEFAULT_CASES).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _record(obs: dict[str, Any], when: datetime) -> ObservationRecord:
    """Blood pressure may come as flat systolic/diastolic keys, as value {systolic, diastolic}, or as the
    systolic in value beside a diastolic key."""
    value = obs.get("value")
    pressure = value if isinstance(value, dict) else obs
    systolic = pressure.get("systolic")
    if systolic is None and obs["kind"] == "blood_pressure" and isinstance(value, (int, float)):
        systolic, value = value, None
    return ObservationRecord(
        kind=obs["kind"],
        observed_at=when,
        value=None if isinstance(value, dict) else value,
        systolic=systolic,
        diastolic=pressure.get("diastolic"),
        attributes=obs.get("attributes", {}),
    )


def build_member(context: dict[str, Any] | None, language: str, now: datetime = FIXED_NOW) -> MemberSnapshot:
    ctx = context or {}
    age = int(ctx.get("age", DEFAULT_AGE))
    observations = [
        _record(obs, now - timedelta(days=float(obs.get("days_ago", 0)))) for obs in ctx.get("observations", [])
    ]
    observations.sort(key=lambda o: o.observed_at)
    return MemberSnapshot(
        member_id=1,
        sex=ctx.get("sex", "F"),
        birth_date=date(now.year - age, 1, 1),
        language="en" if language == "en" else "zh",
        conditions=frozenset(ctx.get("conditions", [])),
        medications=tuple(MedicationRecord(name=c, drug_class=c) for c in ctx.get("medications", [])),
        observations=tuple(observations),
    )


def triage_case(case: dict[str, Any], now: datetime = FIXED_NOW, *, mode: str = "rules",
                net: SafetyNet | None = None) -> TriageResult:
    """`mode`: the rules alone, the net alone (text only), or both (the net may only raise)."""
    ctx = TriageContext(member=build_member(case.get("context"), case.get("lang", "zh"), now), now=now)
    obs = case.get("observation")
    if obs is not None:
        return triage_observation(_record(obs, now), ctx)
    if mode == "rules" or net is None:
        return triage_message(case["text"], ctx)
    if mode == "both":
        return assess_message(case["text"], ctx, net).triage
    verdict = net.assess(case["text"])
    if verdict.level is None:
        return NO_FINDINGS
    return combine([Finding(verdict.reason, TriageLevel(verdict.level), "safety net", None)])


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def run_triage_eval(path: Path | None = None, *, mode: str = "rules", net: SafetyNet | None = None,
                    lang: str | None = None) -> TriageEvalReport:
    outcomes: list[CaseOutcome] = []
    for case in load_cases(path):
        if lang is not None and case.get("lang", "zh") != lang:
            continue
        result = triage_case(case, mode=mode, net=net)
        outcomes.append(
            CaseOutcome(
                id=case["id"],
                text=case["text"],
                expected_level=case["expected_level"],
                predicted_level=result.level.value if result.level is not None else "none",
                expected_reasons=tuple(case.get("expected_reasons", [])),
                predicted_reasons=result.reasons,
                tags=tuple(case.get("tags", [])),
            )
        )
    per_level_count = Counter(o.expected_level for o in outcomes)
    per_level_recall = {
        level: _share(sum(o.level_ok for o in outcomes if o.expected_level == level), per_level_count[level])
        for level in LEVELS
    }
    red = [o for o in outcomes if o.expected_level in RED_FLAG_LEVELS]
    emergencies = [o for o in outcomes if o.expected_level == "emergency"]
    benign = [o for o in outcomes if o.expected_level in BENIGN_LEVELS]
    return TriageEvalReport(
        total=len(outcomes),
        per_level_recall=per_level_recall,
        per_level_count={level: per_level_count[level] for level in LEVELS},
        urgent_or_higher_recall=_share(sum(o.predicted_level in RED_FLAG_LEVELS for o in red), len(red)),
        emergency_recall=_share(sum(o.predicted_level == "emergency" for o in emergencies), len(emergencies)),
        false_escalation_rate=1.0 - _share(sum(o.predicted_level not in RED_FLAG_LEVELS for o in benign), len(benign))
        if benign
        else 0.0,
        benign_total=len(benign),
        reason_recall=_share(sum(o.reasons_ok for o in red), len(red)),
        confusion=dict(Counter((o.expected_level, o.predicted_level) for o in outcomes)),
        misses=[o for o in outcomes if not (o.level_ok and o.reasons_ok)],
    )


def format_report(report: TriageEvalReport) -> str:
    lines = [
        f"## Triage eval ({report.total} cases)",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| emergency recall | {report.emergency_recall:.3f} |",
        f"| urgent-or-higher recall | {report.urgent_or_higher_recall:.3f} |",
        f"| false escalation (benign, n={report.benign_total}) | {report.false_escalation_rate:.3f} |",
        f"| reason recall (red-flag cases) | {report.reason_recall:.3f} |",
        "",
        "| expected level | cases | exact-level recall |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {lv} | {report.per_level_count[lv]} | {report.per_level_recall[lv]:.3f} |" for lv in LEVELS]
    lines += ["", "| expected \\ predicted | " + " | ".join(LEVELS) + " |", "| --- |" + " --- |" * len(LEVELS)]
    for exp in LEVELS:
        row = " | ".join(str(report.confusion.get((exp, pred), 0)) for pred in LEVELS)
        lines.append(f"| {exp} | {row} |")
    if report.misses:
        lines += [
            "",
            "| id | expected | predicted | expected reasons | predicted reasons | text |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for o in report.misses:
            text = o.text.replace("|", "\\|")
            lines.append(
                f"| {o.id} | {o.expected_level} | {o.predicted_level} | {', '.join(o.expected_reasons)} "
                f"| {', '.join(o.predicted_reasons)} | {text} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(run_triage_eval()))


def all_case_files() -> list[Path]:
    folder = DEFAULT_CASES.parent
    return [*training_files(), *(folder / name for name in BLIND_SETS if (folder / name).exists())]


def format_summary(reports: list[tuple[str, TriageEvalReport]]) -> str:
    """One line per case file (and mode / language), training sets first, so the blind figures cannot be
    mistaken for the tuned ones."""
    lines = ["| set | used for | cases | emergency recall | urgent-or-higher recall | false escalation |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, r in reports:
        use = "blind measurement" if name.split(" ")[0] in BLIND_SETS else "tuning / training"
        lines.append(f"| {name} | {use} | {r.total} | {r.emergency_recall:.3f} | {r.urgent_or_higher_recall:.3f} "
                     f"| {r.false_escalation_rate:.3f} |")
    return "\n".join(lines)
