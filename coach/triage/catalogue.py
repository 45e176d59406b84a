"""The red-flag catalogue (knowledge/red_flags.yaml) as typed data.

Organised by presenting problem, like nurse telephone-triage protocols. Each flag has a reason code,
a level, discriminators, the one safety question a nurse would ask, what to do now, example
phrasings and look-alikes, and a source. Clinicians extend it by editing the YAML; the safety net
trains on its examples and the console shows the nearest ones on a ticket the net raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from coach.errors import CoachError
from coach.textfeatures import feature_indices
from coach.triage.models import REASON_CODES, TriageLevel

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "red_flags.yaml"
_NEAREST_BUCKETS = 1 << 18


class CatalogueInvalid(CoachError):
    code = "red_flag_catalogue_invalid"


@dataclass(frozen=True)
class RedFlag:
    id: str
    problem: str
    reason: str
    level: TriageLevel
    description: dict[str, str]
    safety_question: dict[str, str]
    action: dict[str, str]
    examples: tuple[str, ...]
    negatives: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Nearest:
    flag_id: str
    reason: str
    level: str
    example: str
    similarity: float


@dataclass(frozen=True)
class RedFlagCatalogue:
    flags: tuple[RedFlag, ...]

    def for_reason(self, reason: str, level: TriageLevel | None = None) -> RedFlag | None:
        """The flag of this reason at this level (or the most severe one of the reason)."""
        matches = [f for f in self.flags if f.reason == reason]
        exact = [f for f in matches if level is None or f.level is level]
        ranked = sorted(exact or matches, key=lambda f: -f.level.rank)
        return ranked[0] if ranked else None

    def nearest(self, text: str, k: int = 3) -> list[Nearest]:
        """The k example phrasings most like the text (cosine of n-gram sets)."""
        query = set(feature_indices(text, _NEAREST_BUCKETS).tolist())
        if not query:
            return []
        scored = []
        for flag in self.flags:
            for example in flag.examples:
                grams = _example_grams(example)
                overlap = len(query & grams)
                if overlap:
                    scored.append((overlap / np.sqrt(len(query) * len(grams)), flag, example))
        scored.sort(key=lambda x: -x[0])
        return [Nearest(f.id, f.reason, f.level.value, ex, round(float(s), 3)) for s, f, ex in scored[:k]]


@lru_cache(maxsize=4096)
def _example_grams(text: str) -> frozenset[int]:
    return frozenset(feature_indices(text, _NEAREST_BUCKETS).tolist())


def _pair(raw: dict[str, object], key: str) -> dict[str, str]:
    return {"zh": str(raw.get(f"{key}_zh", "")), "en": str(raw.get(f"{key}_en", ""))}


def parse_catalogue(data: dict[str, object]) -> RedFlagCatalogue:
    flags = []
    seen: set[str] = set()
    problems = data.get("problems")
    if not isinstance(problems, list):
        raise CatalogueInvalid("the catalogue needs a list of problems")
    for problem in problems:
        for raw in problem.get("flags", []):
            flag_id = str(raw.get("id", ""))
            if not flag_id or flag_id in seen:
                raise CatalogueInvalid(f"flag id {flag_id!r} is missing or repeated")
            seen.add(flag_id)
            if raw.get("reason") not in REASON_CODES:
                raise CatalogueInvalid(f"flag {flag_id}: unknown reason {raw.get('reason')!r}")
            if raw.get("level") not in ("emergency", "urgent"):
                raise CatalogueInvalid(f"flag {flag_id}: level must be emergency or urgent")
            flags.append(RedFlag(
                id=flag_id, problem=str(problem.get("id", "")), reason=str(raw["reason"]),
                level=TriageLevel(raw["level"]), description=_pair(raw, "description"),
                safety_question=_pair(raw, "safety_question"), action=_pair(raw, "action"),
                examples=tuple(str(x) for x in raw.get("examples", [])),
                negatives=tuple(str(x) for x in raw.get("negatives", [])), source=str(raw.get("source", ""))))
    return RedFlagCatalogue(tuple(flags))


@lru_cache(maxsize=1)
def load_catalogue(path: Path = CATALOGUE_PATH) -> RedFlagCatalogue:
    return parse_catalogue(yaml.safe_load(path.read_text(encoding="utf-8")))
