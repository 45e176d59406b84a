"""Typo-tolerant matching: a corrected, same-length copy of the message.

Members type fast on phones: "chset pain", "brething", 头通 (痛), 呼吸苦难 (困难). The engine
triages the corrected copy as an extra variant and keeps the higher result, so a correction
can only ever raise a level. Corrections keep the text's length (one substituted letter or
two swapped letters in English; one replaced character in Chinese), so offsets stay valid.
"""

from __future__ import annotations

import re

from coach.triage.rewrite import Rewritten, rewrite

__all__ = ["fix_typos", "restore_dropped_letters"]

# Red-flag words whose misspellings matter. Words of four letters are only corrected for swapped
# letters (pian -> pain); substituting a letter in a short word too often makes another real word.
_ANCHORS = (
    "chest", "breath", "breathe", "breathing", "breathless", "stroke", "dizzy", "faint", "fainted", "vomit",
    "vomiting", "vomited", "blood", "bleeding", "sugar", "pressure", "swelling", "swollen", "tongue", "throat",
    "slurred", "slurring", "speech", "vision", "unconscious", "seizure", "suicide", "suicidal", "collapsed",
    "crushing", "squeezing", "sweating", "palpitations", "attack", "numbness", "weakness", "confused",
    "drooping", "glucose", "insulin", "potassium", "radiating", "tightness", "pain", "numb", "weak", "kill",
    "myself", "unresponsive", "choking", "wheezing",
)
# Real words one letter away from an anchor: never "corrected".
_REAL_WORDS = frozenset(
    {
        "chess", "crest", "cheat", "chert", "breathy", "wreathe", "wreathing", "strike", "strobe", "strode",
        "strove", "ditzy", "fizzy", "tizzy", "paint", "saint", "feint", "taint", "painted", "tainted", "feinted",
        "bloom", "brood", "flood", "breeding", "bleeping", "dwelling", "spelling", "smelling", "swilling",
        "threat", "blurred", "blurring", "fission", "collapses", "heard", "hears", "attach", "confuses",
        "crashing", "brushing", "sweeting", "swearing", "cooking", "wheeling", "drooling", "dropping", "trooping",
        "slurping", "slurped", "fainter", "breach", "bleating",
    }
)
_WORD_RE = re.compile(r"(?<![a-z])[a-z]{4,}(?![a-z])")


def _variants(word: str) -> set[str]:
    """Same-length words one typo away: one letter substituted or two neighbours swapped."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    if len(word) >= 5:
        for i in range(len(word)):
            out |= {word[:i] + "?" + word[i + 1 :]}
    return out


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for anchor in _ANCHORS:
        for variant in _variants(anchor):
            if variant != anchor:
                index.setdefault(variant, anchor)
    return index


_INDEX = _build_index()
_ANCHOR_SET = frozenset(_ANCHORS)


def _correct_word(word: str, pad_after: bool) -> str | None:
    """The anchor this word is a typo of, padded to the word's length; None if none."""
    if word in _ANCHOR_SET or word in _REAL_WORDS:
        return None
    if len(word) >= 6:  # one letter too many (vomitting, dizzzy): pad the correction with a space
        for i in range(len(word)):
            if i == len(word) - 1 and word[-1] != word[-2]:
                continue  # strokes, bloody, sugary: a real word with an ending, not a typo
            shorter = word[:i] + word[i + 1 :]
            if shorter in _ANCHOR_SET and len(shorter) >= 5:
                return shorter + " " if pad_after else " " + shorter
    swapped = _INDEX.get(word)
    if swapped is not None and "?" not in swapped:
        return swapped
    if len(word) >= 5:
        for i in range(len(word)):
            anchor = _INDEX.get(word[:i] + "?" + word[i + 1 :])
            if anchor is not None:
                return anchor
    return None


# Chinese input-method slips: a homophone or look-alike character inside a symptom word.
_ZH_FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"((?:[头胸腹背腰]|胸口|心口|肚子)(?:好|很|有点|特别|非常|真|太|也|还|又)?)[通桶捅](?![知过道常讯信风畅用报])", r"\1痛"),
        (r"[凶匈](?=口(?:好|很|有点|特别|非常|也|还|又)?(?:[闷痛疼堵压紧憋]|发紧|难受))", "胸"),
        (r"(?<=[心胸])[交较](?=痛)", "绞"),
        (r"(?<=呼吸)苦(?=难)", "困"),
        (r"(?<=抽)[蓄畜触](?![水电])", "搐"),
        (r"(?<=[心脑])[埂耿](?![直])", "梗"),
        (r"(?<=中)[疯峰](?![狂子])", "风"),
        (r"(?<=[晕昏])到(?!现在|今天|晚上|早上|中午|下午|天亮|半夜|凌晨|家|医院|这|那|了?\d)", "倒"),
        (r"(?<=[吐呕咳便尿])[学雪穴](?![校生习])", "血"),
        (r"(?<=血)[唐塘搪](?![果人朝])", "糖"),
        (r"(?<=血)[鸭亚押](?![洲军马])", "压"),
        (r"(?<=头)[孕运云](?![动气])", "晕"),
        (r"(?<=心)[荒谎](?![地野])", "慌"),
        (r"(?<=胸)[门们](?![口诊])", "闷"),
        (r"(?<=喘不[上过])[起器汽](?![来床])", "气"),
        (r"(?<=麻)[目沐](?![的])", "木"),
    )
)


def fix_typos(norm: str, pad_after: bool = False) -> str:
    """A same-length copy of normalised text with likely typos of red-flag words corrected.

    A word with one letter too many (cheast) is padded with a space before it, or after it with
    `pad_after`; the engine triages both copies, so "in my cheast" and "cheast pain" both read.
    """
    chars = list(norm)
    for m in _WORD_RE.finditer(norm):
        fixed = _correct_word(m.group(0), pad_after)
        if fixed is not None and len(fixed) == len(m.group(0)):
            chars[m.start() : m.end()] = list(fixed)
    text = "".join(chars)
    for pattern, repl in _ZH_FIXES:
        text = pattern.sub(repl, text)
    return text


# A letter left out (sugr, brething, presure): not the first letter, and never a real word.
_DROPPED_REAL_WORDS = frozenset(
    {"confuse", "collapse", "fain", "fait", "fint", "fant", "chet", "cest", "stoke", "seating", "selling", "coking",
     "cushing"}
)


def _build_dropped() -> dict[str, str]:
    index: dict[str, str] = {}
    for anchor in _ANCHORS:
        if len(anchor) < 5:
            continue
        for i in range(1, len(anchor)):
            variant = anchor[:i] + anchor[i + 1 :]
            if variant not in _ANCHOR_SET and variant not in _DROPPED_REAL_WORDS and variant not in _REAL_WORDS:
                index.setdefault(variant, anchor)
    return index


_DROPPED = _build_dropped()


def restore_dropped_letters(norm: str) -> Rewritten | None:
    """A copy with red-flag words missing one letter restored (my sugr was 3.2); None if there are none."""
    if not any(m.group(0) in _DROPPED for m in _WORD_RE.finditer(norm)):
        return None
    return rewrite(norm, _WORD_RE, lambda m: _DROPPED.get(m.group(0)))
