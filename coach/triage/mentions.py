"""Symptom mentions in a message: matched, then checked for negation, history, questions and frames."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coach.triage.frames import (
    FIGURATIVE,
    answered_no,
    asked_as_a_risk,
    asleep_as_usual,
    exertional_and_settled,
    explained_away,
    in_dream,
    is_figure_of_speech,
    names_a_service,
    quoted,
    still_dreaming,
    stuffy_weather,
)
from coach.triage.questions import Frame, is_general_question
from coach.triage.scope import (
    RECUR_RE,
    SUDDEN_RE,
    WITHIN_HOUR_RE,
    continues_history,
    is_baseline,
    is_history,
    is_negated,
    is_resolved_after,
)
from coach.triage.terms_body import BODY_TERMS
from coach.triage.terms_extra import EXTRA_TERMS
from coach.triage.terms_other import OTHER_TERMS
from coach.triage.terms_special import SPECIAL_TERMS
from coach.triage.text import Clause, Who, subject_at

__all__ = ["CONCEPTS", "CONTEXT_CONCEPTS", "RESOLVABLE", "Mention", "find_mentions"]

_THOUGHTS = frozenset({"suicidal", "death_wish"})  # thoughts of self-harm, which "没想过" after them denies


def _apostrophe_optional(pattern: str) -> str:
    """Phone typing drops apostrophes: "cant breathe", "dont", "im" read like "can't", "don't", "i'm"."""
    return pattern.replace("'", "'?")


CONCEPTS: dict[str, tuple[re.Pattern[str], ...]] = {
    name: tuple(re.compile(_apostrophe_optional(p)) for p in patterns)
    for name, patterns in {**BODY_TERMS, **OTHER_TERMS, **EXTRA_TERMS, **SPECIAL_TERMS}.items()
}
# Context mentions: only negation applies (我有心衰病史 still tells us the member has heart failure).
CONTEXT_CONCEPTS = frozenset(
    {
        "cond_hf",
        "cond_copd",
        "cond_asthma",
        "cond_ckd",
        "cond_chd",
        "anticoag_text",
        "glucose_lowering_text",
        "cond_diabetes",
        "new_drug",
        "sting",
        "stool_cause",
        "pregnant",
        "missed_period",
        "sick_day_drug_text",
        "days_ago",
        "blood_large",
        "blood_streaks",
        "epilepsy_known",
        "fit_over",
        "fit_first",
        "chemo",
    }
)
# Symptoms that can settle on their own; a settled episode is triaged one level lower.
RESOLVABLE = frozenset(
    {
        "chest_pain",
        "chest_tight",
        "face_droop",
        "limb_weak",
        "speech",
        "confusion",
        "vision_loss",
        "blurred_vision",
        "severe_sob",
        "palpitations",
        "dizziness",
        "double_vision",
        "headache",
        "thunderclap",
        "hypo_named",
        "low_urine",
        "presyncope",
    }
)
# 差点摔倒 / nearly fainted: the event did not happen; a near-faint is still dizziness.
_NEAR_MISS_RE = re.compile(r"(?:差点|险些|差一点|几乎|(?<![a-z])(?:almost|nearly))(?:就|要)?\s*$")
_NEAR_MISS_AS = {"syncope": "dizziness", "fall": None, "unconscious": None}
# 怕再摔 / scared of falling again, 防跌倒 / stop her falling: a fear of the event, or preventing it, is not the
# event (a fall that happened is said without the fear or prevention word in front of it).
_FEARED_RE = re.compile(r"(?:怕|害怕|担心|不敢|恐惧|防|预防|防止|避免|(?<![a-z])(?:afraid of|scared of|worried about|fear of|"
                        r"frightened of|prevent(?:ing)?|avoid(?:ing)?|stop (?:her|him|them|me|you|mum|mom|dad|nan|gran|"
                        r"grandad|grandma|grandpa)))(?:再|又|会|再次|\s*(?:another|a|again|from))?\s*$")


# "couldn't stop me falling", "没能防住": the prevention failed and the fall happened.
_FAILED_RE = re.compile(r"couldn'?t|could not|didn'?t|did not|failed to|tried to|nothing (?:could|would)|没能|没防住|没拦住|还是")


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int
    evidence: str
    subject: Who
    resolved: bool = False
    sudden: bool = False
    within_hour: bool = False  # its clause dates it to the last hour (刚才, 20 minutes ago)


# "Later it went away" after a past episode: the whole story is in the past (年轻时面瘫过，嘴歪了一阵子，后来好了).
_LATER_RE = re.compile(r"后来|最后|慢慢|(?<![a-z])(?:eventually|after a while|in the end|over time)(?![a-z])")


def _match(prepared: str, clause: Clause) -> list[tuple[str, int, int]]:
    return [
        (concept, m.start(), m.end())
        for concept, patterns in CONCEPTS.items()
        for pattern in patterns
        for m in pattern.finditer(prepared, clause.start, clause.end)
        if m.end() > m.start()
    ]


def _not_a_report(concept: str, clause: Clause, rel_s: int, rel_e: int, prepared: str, nxt: Clause | None,
                  dreaming: bool) -> bool:
    """Asked and answered no, a dream, a service name, a harmless known cause (see coach.triage.frames)."""
    if answered_no(prepared, clause.end, clause.text, rel_s, nxt.text if nxt is not None else None):
        return True
    if concept in CONTEXT_CONCEPTS:
        return False
    return (
        in_dream(clause.text, rel_s, dreaming)
        or names_a_service(concept, clause.text, rel_e)
        or asked_as_a_risk(concept, clause.text, rel_s)
        or explained_away(concept, prepared)
    )


# Wording whose condition is itself the red flag ("我要是死了大家都轻松"): an if-word inside it is not a hypothetical.
_CONDITIONAL_WORDING = frozenset({"death_wish"})


def find_mentions(original: str, prepared: str, clauses: list[Clause], frame: Frame) -> list[Mention]:
    kept: list[Mention] = []
    figurative: list[Mention] = []
    previous_history: list[Mention] = []
    previous_kept: list[Mention] = []
    history_seen = False
    dreaming = False
    for index, clause in enumerate(clauses):
        raw = _match(prepared, clause)
        nxt = clauses[index + 1] if index + 1 < len(clauses) else None
        spans = [(s - clause.start, e - clause.start) for _, s, e in raw]
        sudden = bool(SUDDEN_RE.search(clause.text))
        within_hour = bool(WITHIN_HOUR_RE.search(clause.text))
        here: list[Mention] = []
        history: list[Mention] = []
        for concept, start, end in raw:
            rel_s, rel_e = start - clause.start, end - clause.start
            if is_negated(clause.text, rel_s, rel_e, spans, thought=concept in _THOUGHTS) or _not_a_report(
                concept, clause, rel_s, rel_e, prepared, nxt, dreaming
            ):
                continue
            if concept == "fall" and _FEARED_RE.search(clause.text[:rel_s]) and not _FAILED_RE.search(clause.text[:rel_s]):
                continue
            if concept in _NEAR_MISS_AS and _NEAR_MISS_RE.search(clause.text[:rel_s]):
                replacement = _NEAR_MISS_AS[concept]
                if replacement is None:
                    continue
                concept = replacement
            if concept == "severe_sob" and exertional_and_settled(clause.text, prepared):
                concept = "sob_mild"  # breathless after six flights of stairs, fine after a rest
            mention = Mention(
                concept,
                start,
                end,
                original[start:end],
                subject_at(clause, rel_s),
                resolved=concept in RESOLVABLE and is_resolved_after(clause.text[rel_e:]),
                sudden=sudden,
                within_hour=within_hour,
            )
            if concept not in CONTEXT_CONCEPTS:
                past = previous_history and continues_history(clause.text)
                if past or is_history(clause.text, concept, rel_s, rel_e):
                    history.append(mention)
                    continue
                # "我要是死了大家都轻松", "if I was gone they'd manage": the condition is the death wish itself.
                without_match = (clause.text[:rel_s] + " " * (rel_e - rel_s) + clause.text[rel_e:]
                                 if concept in _CONDITIONAL_WORDING else clause.text)
                if is_general_question(without_match, rel_s, rel_e, frame):
                    continue
                if is_baseline(clause.text, nxt.text if nxt is not None else "", prepared):
                    continue
                if asleep_as_usual(concept, prepared) or stuffy_weather(concept, clause.text, rel_s):
                    continue
                # Someone else's figure of speech counts only when quoted as their phrase.
                attributable = mention.subject == "self" or quoted(clause.text, rel_s, rel_e)
                if attributable and is_figure_of_speech(concept, clause.text, rel_s, prepared):
                    figurative.append(mention)
                    continue
            here.append(mention)
        symptoms_here = [m for m in here if m.concept not in CONTEXT_CONCEPTS]
        if not symptoms_here and previous_history and RECUR_RE.search(clause.text):
            here.extend(previous_history)  # 去年胸痛过，今天又犯了
        if not symptoms_here and previous_kept and is_resolved_after(clause.text):
            past_story = history_seen and bool(_LATER_RE.search(clause.text))
            for m in previous_kept:  # 刚才右手麻了几分钟，现在好了
                if past_story:
                    kept.remove(m)
                elif m.concept in RESOLVABLE:
                    kept[kept.index(m)] = replace(m, resolved=True)
        kept.extend(here)
        history_seen = history_seen or bool(history)
        dreaming = still_dreaming(clause.text, dreaming)
        previous_history = history
        previous_kept = symptoms_here
    # A figure of speech stands only when nothing else in the message is a symptom.
    if any(m.concept not in CONTEXT_CONCEPTS and m.concept not in FIGURATIVE for m in kept):
        kept.extend(figurative)
    return kept
