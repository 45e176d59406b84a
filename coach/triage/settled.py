"""Readings the message itself puts into context: a repeated lab test, an episode already dealt with.

- A lab value the member says was repeated (血钾6.7是溶血了，重抽一次是4.5 / the repeat came back 4.9)
  is triaged on the repeat value. The repeat can raise as well as lower it, and blood sugars are
  never replaced (a low that was treated is still a low).
- A reading from an earlier day that the member says has been dealt with (上周血糖低到2.9那次已经处理
  好了) is marked settled: routine if it was last week or earlier, one level lower if yesterday.
"""

from __future__ import annotations

import re
from dataclasses import replace

from coach.measurements import ParsedMeasurement
from coach.measurements.tokens import NUMBER_RE, number_at

__all__ = ["apply_repeat", "settled_age"]

_REPEATABLE = frozenset({"potassium", "egfr", "uacr", "ldl", "hba1c"})
_REPEAT_RE = re.compile(
    r"(?:重抽|重新抽|再抽|重查|复查|复测|重测|再测|重新测|重新查|再查)(?:了)?(?:一次|一下|一遍)?(?:的)?(?:结果)?(?:是|为|:)?\s*"
    r"|(?<![a-z])(?:repeat(?:ed)?(?: test| sample| one| result)?|re-?test(?:ed)?|re-?check(?:ed)?|re-?drawn?|redone"
    r"|the latest(?: one| result)?|the new(?:est)? (?:one|result))(?:\s+(?:came back|was|is|showed|at|of|:))*\s*"
)
_WINDOW = 12


def apply_repeat(reading: ParsedMeasurement, text: str) -> ParsedMeasurement:
    """The reading with the value of a repeat test stated after it in the message, if any."""
    if reading.kind not in _REPEATABLE or reading.value is None:
        return reading
    for cue in _REPEAT_RE.finditer(text, reading.span[1]):
        m = NUMBER_RE.match(text, cue.end())
        if m is None:
            m = NUMBER_RE.search(text, cue.end(), cue.end() + _WINDOW)
        token = number_at(m, text) if m is not None else None
        if token is None or token.chinese:
            continue
        low, high = sorted((reading.value, token.value))
        if high > low * 3:  # not the same kind of number
            continue
        attributes = {**reading.attributes, "repeat_of": f"{reading.value:g}"}
        return replace(reading, value=token.value, attributes=attributes)
    return reading


_DEALT_WITH_RE = re.compile(
    r"(?:已经|早就|都)?(?:处理好|处理过|好了|没事了|恢复(?:正常)?了|纠正了|缓过来了)"
    r"|(?<![a-z])(?:sorted|dealt with|treated|handled|resolved|fine since|been fine|back to normal)(?![a-z])"
)
_LAST_WEEK_RE = re.compile(
    r"上周|上个?星期|上个?礼拜|上个月|前几天|几天前|那次|那一次|[二两三四五六七八九十几\d]+天前"
    r"|(?<![a-z])(?:last week|that time|that once|a few days ago|\d+ days ago|the other day|last month)(?![a-z])"
)
_YESTERDAY_RE = re.compile(r"昨天|昨晚|前天|(?<![a-z])(?:yesterday|last night)(?![a-z])")
_TODAY_RE = re.compile(r"今天|现在|刚才|刚刚|(?<![a-z])(?:today|now|just now|this morning)(?![a-z])")


def settled_age(clause_text: str, following: str) -> str | None:
    """Return "week" or "yesterday" for a reading from an earlier episode that has been dealt with; else None."""
    if not (_DEALT_WITH_RE.search(clause_text) or _DEALT_WITH_RE.search(following)):
        return None
    if _TODAY_RE.search(clause_text):
        return None
    if _LAST_WEEK_RE.search(clause_text):
        return "week"
    if _YESTERDAY_RE.search(clause_text):
        return "yesterday"
    return None
