"""From a message to signals: present symptoms and readings, grouped by who they are about."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from coach.measurements import ParsedMeasurement, parse_measurements, unlabelled_values
from coach.members.snapshot import MemberSnapshot
from coach.members.vocabulary import Condition, DrugClass
from coach.triage.models import Finding, Subject, TriageLevel, step_down
from coach.triage.questions import Frame, is_general_question, is_hypothetical, message_frame, reading_is_general
from coach.triage.scope import (
    ASSESSED_RE,
    RECUR_RE,
    SUDDEN_RE,
    clause_is_past,
    is_history,
    is_negated,
    is_resolved_after,
)
from coach.triage.terms_body import BODY_TERMS
from coach.triage.terms_other import OTHER_TERMS
from coach.triage.text import Clause, split_clauses, subject_at



def _apostrophe_optional(pattern: str) -> str:
    """Phone typing drops apostrophes: "cant breathe", "dont", "im" read like "can't", "don't", "i'm"."""
    return pattern.replace("'", "'?")


CONCEPTS: dict[str, tuple[re.Pattern[str], ...]] = {
    name: tuple(re.compile(_apostrophe_optional(p)) for p in patterns)
    for name, patterns in {**BODY_TERMS, **OTHER_TERMS}.items()
}
# Context mentions: only negation applies (我有心衰病史 still tells us the member has heart failure).
CONTEXT_CONCEPTS = frozenset(
    {"cond_hf", "cond_copd", "cond_asthma", "cond_ckd", "cond_chd", "anticoag_text", "glucose_lowering_text",
     "new_drug", "sting", "stool_cause"}
)
# Symptoms that can settle on their own; a settled episode is triaged one level lower.
RESOLVABLE = frozenset(
    {"chest_pain", "chest_tight", "face_droop", "limb_weak", "speech", "confusion", "vision_loss", "blurred_vision",
     "severe_sob", "palpitations", "dizziness", "double_vision", "headache", "thunderclap", "hypo_named"}
)
ELDER_AGE = 65
_SAME_DAY_EVEN_IF_SETTLED = frozenset({"acs", "stroke", "vision_loss", "severe_breathlessness"})
# 差点摔倒 / nearly fainted: the event did not happen; a near-faint is still dizziness.
_NEAR_MISS_RE = re.compile(r"(?:差点|险些|差一点|几乎|(?<![a-z])(?:almost|nearly))(?:就|要)?\s*$")
_NEAR_MISS_AS = {"syncope": "dizziness", "fall": None, "unconscious": None}
# Symptoms that make an unlabelled number after "测了一下" a blood-sugar reading.
_SUGAR_CONTEXT = ("hypo_named", "tremor", "cold_sweat", "hyper_high", "hyper_extreme", "glucose_lowering_text")


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int
    evidence: str
    subject: Subject
    resolved: bool = False
    sudden: bool = False


@dataclass
class Signals:
    """What one message says about one person (the member, or someone else)."""

    subject: Subject
    now: datetime
    member: MemberSnapshot | None  # only for subject "self"
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    readings: list[ParsedMeasurement] = field(default_factory=list)
    conditions: frozenset[str] = frozenset()
    age: int | None = None
    elder: bool = False
    anticoagulated: bool = False
    glucose_lowering: bool = False
    assessed: bool = False  # the message says a clinician has already seen the episode

    def get(self, *concepts: str) -> Mention | None:
        """The first mention of the first concept found, preferring one that has not settled."""
        found = [m for concept in concepts for m in self.mentions.get(concept, [])]
        ongoing = [m for m in found if not m.resolved]
        return (ongoing or found or [None])[0]

    def all_of(self, *concepts: str) -> list[Mention]:
        return [m for concept in concepts for m in self.mentions.get(concept, [])]

    def has(self, *concepts: str) -> bool:
        return self.get(*concepts) is not None

    @property
    def sudden(self) -> bool:
        return any(m.sudden for ms in self.mentions.values() for m in ms)

    def of_kind(self, kind: str) -> list[ParsedMeasurement]:
        return [r for r in self.readings if r.kind == kind]

    def finding(
        self, reason: str, level: TriageLevel, *evidence: Mention | ParsedMeasurement | None, transient: bool = False
    ) -> Finding:
        """A finding; if every triggering symptom has already settled, one level lower.

        `transient`: the rule has judged a settled episode to be as serious as an ongoing one
        (a TIA with several signs is a stroke warning even once it has passed).
        """
        items = [e for e in evidence if e is not None]
        mentions = [e for e in items if isinstance(e, Mention)]
        if not transient and mentions and len(mentions) == len(items) and all(m.resolved for m in mentions):
            # A settled chest, brain, eye or breathing episode still needs a doctor today,
            # unless a clinician has already seen it.
            if self.assessed:
                level = TriageLevel.ROUTINE
            elif reason not in _SAME_DAY_EVEN_IF_SETTLED:
                level = step_down(level)
            elif level is TriageLevel.EMERGENCY:
                level = TriageLevel.URGENT
        text = "; ".join(e.evidence if isinstance(e, Mention) else e.source_text for e in items)
        span: tuple[int, int] | None = None
        if items:
            first = items[0]
            span = (first.start, first.end) if isinstance(first, Mention) else first.span
        return Finding(reason=reason, level=level, evidence=text, span=span, subject=self.subject)


def extract_signals(original: str, prepared: str, member: MemberSnapshot | None, now: datetime) -> list[Signals]:
    clauses = split_clauses(prepared)
    frame = message_frame(prepared)
    mentions = _mentions(original, prepared, clauses, frame)
    readings = _readings(original, clauses, frame)
    unlabelled = _unlabelled(original, clauses, frame, [r for r, _ in readings])
    out: list[Signals] = []
    for subject in ("self", "other"):
        subj_mentions = [m for m in mentions if m.subject == subject]
        subj_readings = [r for r, s in readings if s == subject]
        if subject == "other" and not subj_mentions and not subj_readings:
            continue
        sig = Signals(subject=subject, now=now, member=member if subject == "self" else None)
        for m in subj_mentions:
            sig.mentions.setdefault(m.concept, []).append(m)
        sig.readings = subj_readings
        sig.assessed = bool(ASSESSED_RE.search(prepared))
        _add_context(sig, clauses)
        if sig.glucose_lowering or sig.has(*_SUGAR_CONTEXT):
            sig.readings += [r for r, s in unlabelled if s == subject]
        out.append(sig)
    return out


def _mentions(original: str, prepared: str, clauses: list[Clause], frame: Frame) -> list[Mention]:
    kept: list[Mention] = []
    previous_history: list[Mention] = []
    previous_kept: list[Mention] = []
    for clause in clauses:
        raw = [
            (concept, m.start(), m.end())
            for concept, patterns in CONCEPTS.items()
            for pattern in patterns
            for m in pattern.finditer(prepared, clause.start, clause.end)
            if m.end() > m.start()
        ]
        spans = [(s - clause.start, e - clause.start) for _, s, e in raw]
        sudden = bool(SUDDEN_RE.search(clause.text))
        here: list[Mention] = []
        history: list[Mention] = []
        for concept, start, end in raw:
            rel_s, rel_e = start - clause.start, end - clause.start
            if is_negated(clause.text, rel_s, rel_e, spans):
                continue
            if concept in _NEAR_MISS_AS and _NEAR_MISS_RE.search(clause.text[:rel_s]):
                replacement = _NEAR_MISS_AS[concept]
                if replacement is None:
                    continue
                concept = replacement
            mention = Mention(
                concept, start, end, original[start:end], subject_at(clause, rel_s),
                resolved=concept in RESOLVABLE and is_resolved_after(clause.text[rel_e:]), sudden=sudden,
            )
            if concept not in CONTEXT_CONCEPTS:
                if is_history(clause.text, concept, rel_e):
                    history.append(mention)
                    continue
                if is_general_question(clause.text, rel_s, rel_e, frame):
                    continue
            here.append(mention)
        symptoms_here = [m for m in here if m.concept not in CONTEXT_CONCEPTS]
        if not symptoms_here and previous_history and RECUR_RE.search(clause.text):
            here.extend(previous_history)  # 去年胸痛过，今天又犯了
        if not symptoms_here and previous_kept and is_resolved_after(clause.text):
            for m in previous_kept:  # 刚才右手麻了几分钟，现在好了
                if m.concept in RESOLVABLE:
                    kept[kept.index(m)] = Mention(m.concept, m.start, m.end, m.evidence, m.subject, True, m.sudden)
        kept.extend(here)
        previous_history = history
        previous_kept = symptoms_here
    return kept


def _clause_of(clauses: list[Clause], pos: int) -> Clause | None:
    for clause in clauses:
        if clause.start <= pos < clause.end:
            return clause
    return None


def _current(clause: Clause | None, frame: Frame) -> bool:
    """A reading in this clause is a current one: not past, hypothetical, hearsay or a lesson."""
    if clause is None:
        return False
    return not (clause_is_past(clause.text) or is_hypothetical(clause.text) or reading_is_general(clause.text, frame))


def _readings(original: str, clauses: list[Clause], frame: Frame) -> list[tuple[ParsedMeasurement, Subject]]:
    out: list[tuple[ParsedMeasurement, Subject]] = []
    for reading in parse_measurements(original):
        clause = _clause_of(clauses, reading.span[0])
        if clause is not None and _current(clause, frame):
            out.append((reading, subject_at(clause, reading.span[0] - clause.start)))
    return out


def _unlabelled(
    original: str, clauses: list[Clause], frame: Frame, known: list[ParsedMeasurement]
) -> list[tuple[ParsedMeasurement, Subject]]:
    """Bare numbers after 测了一下 / checked it, as possible blood sugars (the caller decides)."""
    out: list[tuple[ParsedMeasurement, Subject]] = []
    for value in unlabelled_values(original):
        clause = _clause_of(clauses, value.start)
        if clause is None or not _current(clause, frame):
            continue
        if any(value.start < r.span[1] and r.span[0] < value.end for r in known):
            continue
        reading = ParsedMeasurement(
            kind="glucose", value=value.value, systolic=None, diastolic=None, unit="mmol/L",
            span=(value.start, value.end), source_text=original[value.start : value.end],
            attributes={"context": "inferred", "unit_assumed": value.unit_assumed},
        )
        out.append((reading, subject_at(clause, value.start - clause.start)))
    return out


def _mentioned(sig: Signals, *concepts: str) -> bool:
    return sig.has(*concepts)


def _add_context(sig: Signals, clauses: Iterable[Clause]) -> None:
    text_conditions = {
        Condition.HEART_FAILURE: _mentioned(sig, "cond_hf", "hf_worse"),
        Condition.COPD: _mentioned(sig, "cond_copd", "copd_flare"),
        Condition.ASTHMA: _mentioned(sig, "cond_asthma", "asthma_attack"),
        Condition.CKD: _mentioned(sig, "cond_ckd"),
        Condition.CORONARY_HEART_DISEASE: _mentioned(sig, "cond_chd", "acs_named"),
    }
    conditions = {str(c) for c, present in text_conditions.items() if present}
    anticoag = sig.has("anticoag_text")
    lowering = sig.has("glucose_lowering_text")
    if sig.subject == "self" and sig.member is not None:
        member = sig.member
        conditions |= set(member.conditions)
        classes = member.drug_classes(sig.now.date())
        anticoag = anticoag or DrugClass.ANTICOAGULANT in classes
        lowering = lowering or bool({DrugClass.INSULIN, DrugClass.ANTIDIABETIC} & classes)
        sig.age = member.age_on(sig.now.date())
        sig.elder = sig.age >= ELDER_AGE
    elif sig.subject == "other":
        sig.elder = any(c.elder_other for c in clauses)
    lowering = lowering or Condition.DIABETES in conditions
    sig.conditions = frozenset(conditions)
    sig.anticoagulated = anticoag
    sig.glucose_lowering = lowering
