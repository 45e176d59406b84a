"""Triage result types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from coach.members.snapshot import MemberSnapshot

Subject = Literal["self", "other"]

REASON_CODES: tuple[str, ...] = (
    "acs",
    "stroke",
    "severe_breathlessness",
    "hypertensive_crisis",
    "hypoglycaemia",
    "hyperglycaemia",
    "heart_failure_decompensation",
    "ckd_danger",
    "suicide_risk",
    "anaphylaxis",
    "gi_bleed",
    "arrhythmia_syncope",
    "fall_injury",
    "copd_exacerbation",
    "vision_loss",
    # Presenting problems the catalogue (knowledge/red_flags.yaml) added; caught by the safety net first.
    "poisoning",
    "pregnancy",
    "child_illness",
    "haemoptysis",
    "sepsis",
    "seizure",
    "unresponsive",
    "dehydration",
    "acute_abdomen",
    "urinary_retention",
    "bleeding",
)


class TriageLevel(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {TriageLevel.ROUTINE: 1, TriageLevel.URGENT: 2, TriageLevel.EMERGENCY: 3}


def level_rank(level: TriageLevel | None) -> int:
    """0 for no finding, then routine < urgent < emergency."""
    return 0 if level is None else level.rank


def step_down(level: TriageLevel) -> TriageLevel:
    """One level lower (used for episodes that have already resolved); routine stays routine."""
    if level is TriageLevel.EMERGENCY:
        return TriageLevel.URGENT
    return TriageLevel.ROUTINE


@dataclass(frozen=True)
class Finding:
    reason: str  # one of REASON_CODES
    level: TriageLevel
    evidence: str  # the words or reading that triggered the finding
    span: tuple[int, int] | None  # offsets into the message, None for structured data
    subject: Subject = "self"


@dataclass(frozen=True)
class TriageResult:
    level: TriageLevel | None  # None: nothing found
    findings: tuple[Finding, ...]
    subject: Subject = "self"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Distinct reason codes, most severe first."""
        ordered = sorted(self.findings, key=lambda f: -f.level.rank)
        seen: dict[str, None] = {}
        for finding in ordered:
            seen.setdefault(finding.reason, None)
        return tuple(seen)

    @property
    def is_red_flag(self) -> bool:
        """Urgent or emergency: the member needs a clinician, not the coach."""
        return level_rank(self.level) >= TriageLevel.URGENT.rank

    @property
    def is_emergency(self) -> bool:
        return self.level is TriageLevel.EMERGENCY

    def reasons_at(self, level: TriageLevel) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.reason for f in self.findings if f.level is level))


@dataclass(frozen=True)
class TriageContext:
    member: MemberSnapshot | None
    now: datetime  # timezone-aware


NO_FINDINGS = TriageResult(level=None, findings=())


def combine(findings: list[Finding]) -> TriageResult:
    """Highest level wins; every finding is kept (one per reason, level and subject)."""
    unique: dict[tuple[str, TriageLevel, str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.reason, finding.level, finding.subject), finding)
    kept = sorted(unique.values(), key=lambda f: (-f.level.rank, REASON_CODES.index(f.reason)))
    if not kept:
        return NO_FINDINGS
    top = kept[0].level
    subject: Subject = "self" if any(f.subject == "self" for f in kept if f.level is top) else "other"
    return TriageResult(level=top, findings=tuple(kept), subject=subject)
