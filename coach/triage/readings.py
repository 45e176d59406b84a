"""Which readings in a message are the member's own current readings?

`parse_measurements` finds every number that looks like a reading. Before one is
stored as an observation, this filter drops readings that are hypothetical or
targets (如果血糖低于3.9 / 控制在130/80以下 / 比如200/120), quoted in a lesson or
hearsay (护考刷题：血压190/125 ...), in the past (上个月血压180/110), about someone else
(我爸血压190/100), negated (血压没有180/110 / my BP isn't 180), thresholds (血糖低于3.0), or guessed from a bare unit (提了20斤米). Triage itself still sees all of them through triage_message.
"""

from __future__ import annotations

import re

from coach.measurements import ParsedMeasurement, parse_measurements
from coach.triage.dialect import read_as_mandarin
from coach.triage.questions import is_hypothetical, message_frame, reading_is_general
from coach.triage.scope import clause_is_past
from coach.triage.text import OTHER_RE, mask_directives, mask_lookalikes, normalise, split_clauses, subject_at

_DIGIT = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百]")


def _value_start(text: str, reading: ParsedMeasurement) -> int:
    """A reading's span starts at its keyword (血压没有180/110); the value starts at its first digit."""
    start, end = reading.span
    digit = _DIGIT.search(text, start, end)
    return digit.start() if digit else start


# A negation right before the number denies that value (血压没有180 / 不是180 / isn't 180 / 没超过140).
_NEGATED_VALUE = re.compile(r"(?:没有|没|不是|并非|未|not|isn't|isnt|wasn't|never)\s*(?:超过|达到|到|有|上|above|over)?\s*$",
                            re.IGNORECASE)


# A son, daughter or grandchild typing on an older member's account: "mum weighed 64.3 this morning" and "nan's weight
# today is 62.5kg" are the member's readings, when the parent named is of the member's sex.
_PARENT_RE = {
    "F": re.compile(r"(?:我|俺)?(?:妈|母亲|阿妈|老妈|奶奶|外婆|姥姥|阿婆)|(?<![a-z])(?:my )?(?:mum|mom|mother|mummy|mommy|nan|nana"
                    r"|nanna|gran|granny|grandma|grandmother)(?![a-z])"),
    "M": re.compile(r"(?:我|俺)?(?:爸|父亲|老爸|爷爷|外公|姥爷|阿公)|(?<![a-z])(?:my )?(?:dad|father|daddy|grandad|granddad|grandpa"
                    r"|grandfather)(?![a-z])"),
}
# With no one named, a message that opens with a pronoun of the member's own sex is about the member, written by
# whoever types for them ("his reading today: 148/92" on a 63-year-old man's account).
_OPENING_PRONOUN_RE = {"M": re.compile(r"^\s*(?:他|(?:he|his|him)(?![a-z]))"), "F": re.compile(r"^\s*(?:她|(?:she|her)(?![a-z]))")}
_PRONOUNS_RE = re.compile(r"他|她|(?<![a-z])(?:he|she|his|him|her)(?![a-z])")


def own_current_readings(text: str, *, parent_is_member: bool = False, member_sex: str | None = None
                         ) -> list[ParsedMeasurement]:
    """The member's own current readings in `text`. `parent_is_member`: the member is old enough that a
    parent or grandparent named in the message is the member, written about by a carer; then a bare pronoun of
    `member_sex` is the member too."""
    prepared = mask_directives(mask_lookalikes(read_as_mandarin(normalise(text))))
    clauses = split_clauses(prepared)
    frame = message_frame(prepared)
    out: list[ParsedMeasurement] = []
    for reading in parse_measurements(text):
        if not prepared[reading.span[0]:reading.span[1]].strip():
            continue  # a figure of speech, not a reading
        clause = next((c for c in clauses if c.start <= reading.span[0] < c.end), None)
        if clause is None:
            continue
        who = subject_at(clause, reading.span[0] - clause.start)
        if who != "self" and not (who == "other" and parent_is_member and _written_for_member(prepared[:clause.end], member_sex)):
            continue
        if clause_is_past(clause.text) or is_hypothetical(clause.text) or reading_is_general(clause.text, frame):
            continue
        if _NEGATED_VALUE.search(text[clause.start:_value_start(text, reading)]):
            continue
        if "comparator" in reading.attributes or reading.attributes.get("context") == "unit_only":
            continue
        out.append(reading)
    return out


def _written_for_member(upto: str, member_sex: str | None) -> bool:
    """The message up to the reading's clause names only the member: a parent or grandparent of the member's sex, or a
    pronoun of that sex opening the message. Anyone else named (my son, 我老伴, Bill, a neighbour) may own the reading."""
    parent = _PARENT_RE.get(member_sex or "")
    if parent is None:
        return False
    named = [m.group() for m in OTHER_RE.finditer(upto) if not _PRONOUNS_RE.fullmatch(m.group().removesuffix("'s"))]
    if named:
        return all(parent.fullmatch(word) for word in named)
    return bool(_OPENING_PRONOUN_RE[member_sex or "M"].match(upto))
