"""Text preparation for triage: normalisation, masking, clause splitting and who is affected.

Every transformation keeps the text's length, so offsets found in the prepared
text are offsets into the member's original message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from coach.measurements.numerals import normalise
from coach.triage.masks import mask_directives, mask_lookalikes

__all__ = ["Clause", "Who", "mask_directives", "mask_lookalikes", "normalise", "split_clauses", "subject_at"]

# Who a clause is about. Pets and characters in a show, film or book are nobody to triage.
Who = Literal["self", "other", "pet", "fiction"]

_SPLIT_RE = re.compile(
    r"[,。!?;:\n]|(?<!\d)\.|\.(?!\d)"
    # a dash before "today"/"now" sets a past event apart ("my stroke back in 2017 — today it's 128/80"); elsewhere
    # a dash only pauses inside one description ("my chest — it's so tight — and I'm sweating")
    r"|(?:—+|–)(?=\s*(?:today|now|these days|this (?:morning|week)|but|现在|今天|如今|但))"
    r"|(?=但是|可是|然而|(?<![a-z])(?:but|however|although|though|now)(?![a-z]))|(?<![到至])(?=现在)"
    r"|(?=但(?!愿|是))|(?<![喘透憋忍受说吃睡比跑走想打看缓])(?=不过)"
)

_KIN_ZH = (
    r"爸|妈|父亲|母亲|老爸|老妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆|爱人|丈夫|妻子|媳妇|老伴|儿子|女儿|孩子|宝宝"
    r"|孙子|孙女|小孩|小朋友|哥|姐|弟|妹|朋友|同事|邻居|婆婆|公公|岳父|岳母|丈母娘|老丈人|老爷子|老太太|老人家|家里老人|(?<!我是)(?<!我是个)(?<![我是一]个)(?<!心衰)(?<!糖尿)(?<!肾)(?<!高血压)(?<!慢阻肺)病人"
)
_KIN_EN = (
    r"dad|father|mum|mom|mother|husband|wife|son|daughter|partner|grandma|grandmother|grandpa|grandfather"
    r"|grandsons?|granddaughters?|grandchild(?:ren)?|grandkids?|nephew|niece|cousin"
    r"|brother|sister|friend|neighbou?r|uncle|aunt|child|kid|baby|boy|girl|parents?"
)
OTHER_RE = re.compile(
    rf"(?:我|俺)?(?:{_KIN_ZH})|(?<![其吉])他|她"
    r"|有(?:个|一个|位)(?:老头|老太|老太太|老人|老大爷|大爷|大妈|阿姨|叔叔|人|小孩|孩子|男的|女的|路人|同事|邻居)"
    r"|(?<![a-z])(?:a|an|some|this) (?:man|woman|guy|lady|person|old man|old lady|old guy|stranger|passer-?by)(?![a-z])"
    rf"|(?<![a-z])(?:my|our) (?:{_KIN_EN})(?![a-z])|(?<![a-z])(?:he|she|he's|she's|his|him|her)(?![a-z'])"
    # Mum, Dad, Grandpa used as a name, without "my"
    r"|(?<![a-z])(?:mum|mom|mummy|mommy|dad|daddy|grandma|grandpa|granny|gran|grandad|nana|nan)(?![a-z])"
)
_PET_EN = (r"(?:dog|cat|puppy|pup|kitten|kitty|pet|bird|parrot|hamster|rabbit|bunny|horse|pony|guinea pig|doggy|doggo"
           r"|labrador|retriever|poodle|terrier|beagle|spaniel|corgi|sheepdog|dachshund|chihuahua|collie)s?")
PET_RE = re.compile(
    r"(?<!热)(?:狗狗|小狗|狗子|狗|猫咪|小猫|猫|宠物|鹦鹉|兔子|仓鼠|金毛|泰迪|柯基|哈士奇)"
    rf"|(?<![a-z])(?:my|our|the|his|her) (?:little |old |new |poor )?{_PET_EN}(?![a-z])"
)
FICTION_RE = re.compile(
    r"《[^》]{1,20}》(?:里|中|里面|里边|这部|那部)?|追(?:完|了)?(?:一部|这部|那部|个)?(?:剧|韩剧|美剧|日剧)|主角|女主|男主|主人公|配角|角色|演员|剧里|剧中|戏里|片里|电影里|小说里|书里|动画里|游戏里|故事里|剧本里"
    r"|(?:看|读)(?:完|了)?(?:一本|一部|一集|这本|那本|这部|那部|本|部|集)?(?:小说|电影|电视剧|韩剧|美剧|日剧|连续剧)"
    r"|(?<![a-z])(?:main|lead|a|one|another) (?:character|protagonist)s?(?![a-z])"
    r"|写的?(?:一个|一篇|个|篇)?(?:故事|小说|剧本)(?:里|中|里面|的主角)"
    r"|角色扮演|扮演(?:一个|个)?[^，,。]{0,8}的?角色"
    r"|(?<![a-z])(?:the (?:main )?(?:character|actor|actress|protagonist|hero|heroine)|(?:in|on) (?:the|this|that|a|my) "
    r"(?:(?:\w+ )?(?:movie|film|show|series|episode|novel|drama|soap)|book|game|story|script|play)"
    # acting a part oneself (role-play, "I have to pretend to be an asthmatic"); another "pretending" may be real
    r"|role[- ]?play\w*|(?:i|we) (?:have|need|had|got) to pretend|(?:i|we)(?:'ll| will| am going to|'m going to)? pretend"
    r"|(?:writing|write|wrote|drafting) (?:a |an |my |the )?(?:short )?(?:story|novel|script|screenplay|play|scene)"
    r" (?:where|in which|about|whose))(?![a-z])"
)
SELF_RE = re.compile(
    rf"(?:我|俺)(?!们|{_KIN_ZH})|(?<![a-z])(?:i|i'm|im|i've|i'd|me|myself)(?![a-z'])"
    rf"|(?<![a-z])my (?!{_KIN_EN}|(?:little |old |new |poor )?{_PET_EN}(?![a-z]))"
)
# Words that open a subordinate clause: a person named after one is not the one with the symptom.
_SUBORDINATE_RE = re.compile(
    r"直到|等到|后来|才被|被|(?<![a-z])(?:until|till|when|before|after|because|since|while|so|and then)(?![a-z])"
)
ELDER_RE = re.compile(
    r"爸|妈|父亲|母亲|爷爷|奶奶|外公|外婆|姥姥|姥爷|老人|老爷子|老太太|老伴|婆婆|公公|岳父|岳母|丈母娘|老丈人"
    r"|grandma|grandpa|grandmother|grandfather|elderly|(?<![a-z])(?:dad|mum|mom|father|mother)(?![a-z])"
)


@dataclass(frozen=True)
class Clause:
    index: int
    start: int
    end: int
    text: str  # prepared (normalised, masked) text of the clause
    subject: Who  # who the clause is about, as carried on to the next clause
    elder_other: bool  # the clause names an older relative
    entry_subject: Who = "self"  # who the previous clauses were about


_OWN_PERSON_RE = re.compile(r"^(?:我|俺|my |our )")


def _markers(text: str, in_story: bool = False) -> list[tuple[int, Who]]:
    """Who is named where in the clause. Inside a story (a film, a book, a TV series named earlier),
    someone named without 我/my (那个老爷子, the old man) is a character, not a relative."""
    found: list[tuple[int, Who]] = [(m.start(), "other") for m in OTHER_RE.finditer(text)]
    found += [(m.start(), "self") for m in SELF_RE.finditer(text)]
    found += [(m.start(), "pet") for m in PET_RE.finditer(text)]
    found += [(m.start(), "fiction") for m in FICTION_RE.finditer(text)]
    # At one position the more specific marker wins (my dog, 剧里的他).
    rank = {"pet": 0, "fiction": 0, "other": 1, "self": 2}
    found.sort(key=lambda item: (item[0], rank[item[1]]))
    kept = [item for i, item in enumerate(found) if i == 0 or found[i - 1][0] != item[0]]
    out: list[tuple[int, Who]] = []
    for pos, who in kept:
        if who == "fiction":
            in_story = True
        elif who == "self":
            in_story = False
        elif who == "other" and in_story and not _OWN_PERSON_RE.match(text[pos:]):
            who = "fiction"
        out.append((pos, who))
    return out


def subject_at(clause: Clause, rel_pos: int) -> Who:
    """Who a symptom or reading at `rel_pos` of the clause is about.

    The nearest person named before it in the clause decides (我妈说我血压高 is the member's
    reading; "fell and couldn't get up until my neighbour found me" is the member's fall); with no
    one named before it, the subject carried in from the previous clauses applies, unless the
    clause only names someone else (胸口疼的是我爸).
    """
    markers = _markers(clause.text, clause.entry_subject == "fiction")
    before = [who for pos, who in markers if pos < rel_pos]
    if before:
        return before[-1]
    after = [(pos, who) for pos, who in markers if pos >= rel_pos]
    only_others = bool(after) and {who for _, who in after} == {"other"}
    if only_others and not _SUBORDINATE_RE.search(clause.text, rel_pos, after[0][0]):
        return "other"
    return clause.entry_subject


def split_clauses(prepared: str) -> list[Clause]:
    """Split on clause punctuation and contrast words; work out each clause's subject.

    A clause naming a relative (我爸, my wife, 他) is about someone else; a clause
    with 我 / I is about the member; otherwise the subject carries over. Within a
    clause, `subject_at` tells who a particular word is about.
    """
    cuts = [0]
    for m in _SPLIT_RE.finditer(prepared):
        cuts.append(m.start())
        if m.end() > m.start():
            cuts.append(m.end())
    cuts.append(len(prepared))
    clauses: list[Clause] = []
    subject: Who = "self"
    elder = False
    bounds = sorted(set(cuts))
    for start, end in pairwise(bounds):
        text = prepared[start:end]
        if not text.strip(" 。,.!?;:\n"):
            continue
        entry = subject
        markers = _markers(text, entry == "fiction")
        if markers:
            subject = markers[-1][1]
            elder = any(who == "other" for _, who in markers) and bool(ELDER_RE.search(text))
        clauses.append(Clause(len(clauses), start, end, text, subject, elder, entry))
    return clauses
