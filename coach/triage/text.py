"""Text preparation for triage: normalisation, masking, clause splitting and who is affected.

Every transformation keeps the text's length, so offsets found in the prepared
text are offsets into the member's original message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from coach.measurements.numerals import normalise
from coach.triage.models import Subject

__all__ = ["Clause", "mask_directives", "mask_lookalikes", "normalise", "split_clauses"]

# Text that tries to switch triage off. It is blanked (and a clause boundary put
# in its place) so words like "don't" in "don't escalate" cannot negate a symptom.
# The engine also triages the unmasked text and keeps the higher result, so
# masking can never lower a level.
_DIRECTIVE_RES = tuple(
    re.compile(p)
    for p in (
        r"(?:please\s+)?(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+)?"
        r"(?:previous|prior|above|earlier|system|safety|these|those|my)?\s*"
        r"(?:instructions?|rules?|prompts?|guidelines?|settings?|protocols?|triage|escalation)",
        r"(?:do not|don't|dont|never|no need to|stop)\s+(?:escalat\w*|flag\w*|alert\w*|triag\w*|report\w*|notif\w*"
        r"|call(?:ing)? (?:120|911|an ambulance|anyone|the doctor|my doctor)|send\w* (?:an )?alerts?|contact\w* anyone)"
        r"(?:\s+(?:this(?: message)?|me|it|anyone|that))?",
        r"(?:escalation|triage|safety|alerts?|red[- ]?flags?|emergency (?:mode|detection))\s+(?:is\s+|are\s+)?"
        r"(?:disabled|off|turned off|switched off|not needed|suspended|deactivated)",
        r"(?:disable|turn off|switch off|deactivate)\s+(?:the\s+)?(?:escalation|triage|safety|alerts?|red[- ]?flags?)",
        r"admin(?:istrator)? (?:override|mode)|developer mode|system\s*(?:prompt|message)?\s*:",
        r"this is (?:only |just )?a test",
        r"忽略(?:掉)?(?:之前|以上|前面|上面|先前|所有|你的)?(?:的)?(?:所有)?(?:指令|指示|规则|设定|提示|要求|命令)",
        r"(?:不要|别|不用|无需|不需要|禁止)(?:再)?(?:升级|上报|报警|预警|触发|转人工|转诊|通知|联系医生|打120|叫120"
        r"|拨打120|叫救护车|分诊|告警)",
        r"(?:关闭|停用|取消|禁用|解除)(?:了)?(?:安全|预警|分诊|升级|报警|告警)(?:模式|功能|机制)?",
        r"(?:预警|分诊|升级|安全模式|报警)(?:已|已经)?(?:关闭|停用|禁用|取消)",
        r"系统(?:提示|指令|消息)?\s*:",
        r"你现在是[^,。!?;]*",
        r"管理员(?:模式|指令|覆盖)",
        r"(?:这是|这只是|只是)(?:一个)?测试",
    )
)

# Everyday phrases that look like red flags: 想死你了 (I miss you), 笑死了, heat stroke ...
_LOOKALIKE_RES = tuple(
    re.compile(p)
    for p in (
        r"想死(?:你|您|他|她)",
        r"(?:气|郁闷|急|烦|恨)得(?:我)?(?:要)?(?:吐血|想死|要死)",
        r"(?<=[累热冷饿困烦忙笑气吓痒])死(?:我|人)?了?",
        r"(?<=[疼痛])死(?:我|人)?了",
        r"笑死|吓死|(?:把|被)(?:他|她|我|你|人)?拉黑|拉黑(?:了)?(?:他|她|你|我|好友|微信)|死了这条心|死心",
        r"heat ?stroke|sunstroke|stroke of (?:luck|genius)|(?:back|breast|swimming) ?strokes?",
        r"(?:fell|fall|falling) (?:asleep|in love|apart|behind|for)",
        r"dying (?:to|of laughter)|kill(?:ing)? time|to die for|bored to death",
    )
)

_SPLIT_RE = re.compile(
    r"[,。!?;:\n]|(?<!\d)\.|\.(?!\d)"
    r"|(?=但是|可是|然而|现在|(?<![a-z])(?:but|however|although|though|now)(?![a-z]))"
    r"|(?=但(?!愿|是))|(?<![喘透憋忍受说吃睡比跑走想打看缓])(?=不过)"
)

_KIN_ZH = (
    r"爸|妈|父亲|母亲|老爸|老妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆|爱人|丈夫|妻子|媳妇|老伴|儿子|女儿|孩子|宝宝"
    r"|孙子|孙女|哥|姐|弟|妹|朋友|同事|邻居|婆婆|公公|岳父|岳母|丈母娘|老丈人|老爷子|老太太|老人家|家里老人|病人"
)
_KIN_EN = (
    r"dad|father|mum|mom|mother|husband|wife|son|daughter|partner|grandma|grandmother|grandpa|grandfather"
    r"|brother|sister|friend|neighbou?r|uncle|aunt|child|kid|baby|boy|girl|parents?"
)
OTHER_RE = re.compile(
    rf"(?:我|俺)?(?:{_KIN_ZH})|(?<![其吉])他|她"
    rf"|(?<![a-z])(?:my|our) (?:{_KIN_EN})(?![a-z])|(?<![a-z])(?:he|she|he's|she's|his|him|her)(?![a-z'])"
)
SELF_RE = re.compile(
    rf"(?:我|俺)(?!们|{_KIN_ZH})|(?<![a-z])(?:i|i'm|im|i've|i'd|me|myself)(?![a-z'])"
    rf"|(?<![a-z])my (?!{_KIN_EN})"
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
    subject: Subject
    elder_other: bool  # the clause names an older relative


def _blank(text: str, pattern: re.Pattern[str], boundary: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        size = m.end() - m.start()
        if boundary and size:
            return "。" + " " * (size - 1)
        return " " * size

    return pattern.sub(repl, text)


def mask_directives(norm: str) -> str:
    for pattern in _DIRECTIVE_RES:
        norm = _blank(norm, pattern, boundary=True)
    return norm


def mask_lookalikes(norm: str) -> str:
    for pattern in _LOOKALIKE_RES:
        norm = _blank(norm, pattern, boundary=False)
    return norm


def split_clauses(prepared: str) -> list[Clause]:
    """Split on clause punctuation and contrast words; work out each clause's subject.

    A clause naming a relative (我爸, my wife, 他) is about someone else; a clause
    with 我 / I is about the member; otherwise the subject carries over.
    """
    cuts = [0]
    for m in _SPLIT_RE.finditer(prepared):
        cuts.append(m.start())
        if m.end() > m.start():
            cuts.append(m.end())
    cuts.append(len(prepared))
    clauses: list[Clause] = []
    subject: Subject = "self"
    elder = False
    bounds = sorted(set(cuts))
    for start, end in pairwise(bounds):
        text = prepared[start:end]
        if not text.strip(" 。,.!?;:\n"):
            continue
        other = OTHER_RE.search(text)
        if other is not None:
            subject = "other"
            elder = bool(ELDER_RE.search(text))
        elif SELF_RE.search(text):
            subject = "self"
            elder = False
        clauses.append(Clause(len(clauses), start, end, text, subject, elder and subject == "other"))
    return clauses
