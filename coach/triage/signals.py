"""From a message to signals: present symptoms and readings, grouped by who they are about."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from coach.measurements import ParsedMeasurement, parse_measurements, unlabelled_values
from coach.members.snapshot import MemberSnapshot
from coach.members.vocabulary import Condition, DrugClass
from coach.triage.mentions import Mention, find_mentions
from coach.triage.models import Finding, Subject, TriageLevel, step_down
from coach.triage.oxygen import spo2_readings
from coach.triage.questions import Frame, is_hypothetical, message_frame, reading_is_general
from coach.triage.scope import ASSESSED_RE, PERSISTENT_RE, SAME_DAY_ADVISED_RE, clause_is_past
from coach.triage.settled import apply_repeat, settled_age
from coach.triage.temperature import temperature_readings
from coach.triage.terms_special import SPECIAL_TERMS
from coach.triage.text import Clause, Who, split_clauses, subject_at

ELDER_AGE = 65
# What the whole household shares: a charcoal burner left on overnight affects whoever was in the room.
_SHARED_CONCEPTS = frozenset({"co_source"})
_SAME_DAY_EVEN_IF_SETTLED = frozenset({"acs", "stroke", "vision_loss", "severe_breathlessness"})
# Symptoms that make an unlabelled number after "测了一下" a blood-sugar reading.
_SUGAR_CONTEXT = ("hypo_named", "tremor", "cold_sweat", "hyper_high", "hyper_extreme", "glucose_lowering_text")


SGLT2_NAME_RE = re.compile("|".join(SPECIAL_TERMS["sglt2_text"]))  # a medicine on the member's list

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
    glucose_lowering: bool = False  # diabetes, or a medicine that lowers blood sugar
    hypo_drug: bool = False  # insulin or another medicine that can cause a hypo
    sglt2: bool = False  # an SGLT2 inhibitor: ketoacidosis with a near-normal sugar
    assessed: bool = False  # the message says a clinician has already seen the episode
    same_day_advised: bool = False  # a clinician or the lab asked the member to get in touch today
    text: str = ""  # the prepared message, for the few rules that read when something happened

    def get(self, *concepts: str) -> Mention | None:
        """The first mention of the first concept found, preferring one that has not settled."""
        found = [m for concept in concepts for m in self.mentions.get(concept, [])]
        ongoing = [m for m in found if not m.resolved]
        best = ongoing or found
        return best[0] if best else None

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
        readings = [e for e in items if isinstance(e, ParsedMeasurement)]
        if readings and len(readings) == len(items) and level is TriageLevel.URGENT and self.assessed:
            level = TriageLevel.ROUTINE  # a moderately raised result the doctor has already seen and advised on
        if readings and level is TriageLevel.ROUTINE and self.same_day_advised:
            level = TriageLevel.URGENT  # "the surgery said to call today" about a moderately raised result
        if readings and len(readings) == len(items) and all("settled" in r.attributes for r in readings):
            # An earlier episode the member has dealt with: routine from last week, one level lower from yesterday.
            weeks = all(r.attributes["settled"] == "week" for r in readings)
            level = TriageLevel.ROUTINE if weeks else step_down(level)
        text = "; ".join(e.evidence if isinstance(e, Mention) else e.source_text for e in items)
        span: tuple[int, int] | None = None
        if items:
            first = items[0]
            span = (first.start, first.end) if isinstance(first, Mention) else first.span
        return Finding(reason=reason, level=level, evidence=text, span=span, subject=self.subject)


def extract_signals(original: str, prepared: str, member: MemberSnapshot | None, now: datetime) -> list[Signals]:
    clauses = split_clauses(prepared)
    frame = message_frame(prepared)
    mentions = find_mentions(original, prepared, clauses, frame)
    readings = _readings(original, prepared, clauses, frame)
    unlabelled = _unlabelled(original, clauses, frame, [r for r, _ in readings])
    out: list[Signals] = []
    for subject in ("self", "other"):
        subj_mentions = [m for m in mentions if m.subject == subject or m.concept in _SHARED_CONCEPTS]
        subj_readings = [r for r, s in readings if s == subject]
        if subject == "other" and not subj_mentions and not subj_readings:
            continue
        sig = Signals(subject=subject, now=now, member=member if subject == "self" else None, text=prepared)
        for m in subj_mentions:
            sig.mentions.setdefault(m.concept, []).append(m)
        sig.readings = subj_readings
        sig.assessed = bool(ASSESSED_RE.search(prepared))
        sig.same_day_advised = bool(SAME_DAY_ADVISED_RE.search(prepared))
        _add_context(sig, clauses)
        if sig.glucose_lowering or sig.has(*_SUGAR_CONTEXT):
            sig.readings += [r for r, s in unlabelled if s == subject]
        out.append(sig)
    return out


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


def _readings(
    original: str, prepared: str, clauses: list[Clause], frame: Frame
) -> list[tuple[ParsedMeasurement, Who]]:
    out: list[tuple[ParsedMeasurement, Who]] = []
    for reading in [*parse_measurements(original), *spo2_readings(prepared, original),
                    *temperature_readings(prepared, original)]:
        if not prepared[reading.span[0]:reading.span[1]].strip():
            continue  # inside a figure of speech the masks blanked ("看到电费单 血压直接180😤")
        clause = _clause_of(clauses, reading.span[0])
        # "昨天低了一次血糖，3.4，吃了块糖就好了": a keyword and its value either side of a comma; both clauses
        # must be current, and what follows the value says whether it has settled.
        last = _clause_of(clauses, max(reading.span[0], reading.span[1] - 1))
        if clause is None or not _current(clause, frame) or (last is not None and not _current(last, frame)):
            continue
        said = clause.text if last is None or last is clause else clause.text + last.text
        clause = last or clause
        reading = apply_repeat(reading, prepared)
        following = next((c.text for c in clauses if c.index == clause.index + 1), "")
        age = settled_age(said, following)
        if age is not None:
            reading = replace(reading, attributes={**reading.attributes, "settled": age})
        if PERSISTENT_RE.search(clause.text):
            reading = replace(reading, attributes={**reading.attributes, "persistent": "yes"})
        out.append((reading, subject_at(clause, reading.span[0] - clause.start)))
    return out


def _unlabelled(
    original: str, clauses: list[Clause], frame: Frame, known: list[ParsedMeasurement]
) -> list[tuple[ParsedMeasurement, Who]]:
    """Bare numbers after 测了一下 / checked it, as possible blood sugars (the caller decides)."""
    out: list[tuple[ParsedMeasurement, Who]] = []
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
        Condition.DIABETES: _mentioned(sig, "cond_diabetes"),
    }
    conditions = {str(c) for c, present in text_conditions.items() if present}
    anticoag = sig.has("anticoag_text")
    lowering = sig.has("glucose_lowering_text")
    sglt2 = sig.has("sglt2_text")
    if sig.subject == "self" and sig.member is not None:
        member = sig.member
        conditions |= set(member.conditions)
        classes = member.drug_classes(sig.now.date())
        anticoag = anticoag or DrugClass.ANTICOAGULANT in classes
        lowering = lowering or bool({DrugClass.INSULIN, DrugClass.ANTIDIABETIC} & classes)
        sglt2 = sglt2 or any(SGLT2_NAME_RE.search(med.name.lower()) for med in member.medications
                             if med.active_on(sig.now.date()))
        sig.age = member.age_on(sig.now.date())
        sig.elder = sig.age >= ELDER_AGE
    elif sig.subject == "other":
        sig.elder = any(c.elder_other for c in clauses)
    sig.hypo_drug = lowering
    sig.sglt2 = sglt2
    lowering = lowering or Condition.DIABETES in conditions
    sig.conditions = frozenset(conditions)
    sig.anticoagulated = anticoag
    sig.glucose_lowering = lowering
