"""Claim checks on a chat model's reply (the model path only; the offline composers' checks stay in
`output_checks`, which these add to and never loosen).

What a real small model was seen to do, and what catches it:
- numbers it made up ("eGFR 72 … 主食控制在72 mL/min"): every number it states must appear in the
  member's data, a passage or card it was given, or the member's own words (`ungrounded_numbers`);
- member facts it made up: a reading the member has no record of judged high or low, a condition the
  member does not have, other members or named people (`invented_facts`);
- diagnoses, including a leading "Yes," and conditions the offline filter does not list
  (`states_diagnosis`);
- instructions to take, start, stop, skip, pause, double, halve or change a medicine or its amount or
  frequency, in either language and whoever says them ("好的，我会在明天早上8点开始服用华法林")
  (`coach.pipeline.medicine_instructions`): patterns over a verb and a medicine or dose, not phrases;
- markdown (`chat_plain`) and citations the model did not write itself (`own_citations`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from coach.members.snapshot import MemberSnapshot
from coach.pipeline.medicine_instructions import instructs_medicine_change
from coach.pipeline.output_checks import MODEL_CITATION, sentences

# --- chat-plain text -----------------------------------------------------------------------------
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"```[a-z]*\n?|```"), ""),
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL), r"\1\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),
    (re.compile(r"^\s*[-*+•]\s+", re.MULTILINE), ""),
    (re.compile(r"!?\[([^\]#][^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url); never a [#n] citation
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.MULTILINE), ""),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def chat_plain(text: str) -> str:
    """Markdown to the plain text a chat bubble shows (bold, headings, bullets, code, links, rules)."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return "\n".join(line.strip() for line in text.splitlines()).strip()


# --- citations -----------------------------------------------------------------------------------


def own_citations(text: str, allowed: Collection[int]) -> tuple[int, ...]:
    """The items the model cited itself with [#n] markers, in order, among those it was given; none
    when it wrote none (never filled in from retrieval)."""
    return tuple(n for n in dict.fromkeys(int(x) for x in MODEL_CITATION.findall(text)) if n in allowed)


# --- numbers -------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number written with digits (citation markers left out); 05 and 5.0 are the same number."""
    return {float(n) for n in _NUMBER.findall(MODEL_CITATION.sub(" ", text.replace(",", "")))}


_PAIR = re.compile(r"(?<![\d.])(\d{2,3})\s*/\s*(\d{2,3})(?![\d.])")


def ungrounded_numbers(reply: str, sources: Iterable[str]) -> list[float]:
    """Numbers in the reply that none of the sources (member facts, passages, card, question) states.
    A pair like a blood pressure (135/85) counts only as the pair: two numbers found apart are not it."""
    known: set[float] = set()
    pairs: set[tuple[str, str]] = set()
    for source in sources:
        known |= numbers_in(source)
        pairs |= set(_PAIR.findall(source))
    stray = {float(n) for pair in _PAIR.findall(reply) if pair not in pairs for n in pair}
    return sorted(stray | {n for n in numbers_in(reply) if n not in known})


# --- member facts ----------------------------------------------------------------------------------
# reading kind -> the words that name it (zh and en)
_READING_WORDS: dict[str, str] = {
    "egfr": r"egfr|肾小球滤过率|肾功能",
    "uacr": r"uacr|acr|尿白蛋白|尿微量白蛋白|尿蛋白|albumin",
    "hba1c": r"hba1c|a1c|糖化",
    "ldl": r"\bldl\b|低密度|坏胆固醇",
    "potassium": r"血钾|potassium",
    "blood_pressure": r"血压|blood pressure|\bbp\b",
    "glucose": r"(?<!糖化)血糖|blood (?:sugar|glucose)|glucose",
    "weight": r"体重|\bweight\b",
}
_JUDGED = re.compile(r"低于|高于|偏高|偏低|超标|达标|正常|异常|不高|不低|太高|太低|过高|过低|下降|升高|"
                     r"\b(?:below|above|normal|abnormal|high|low|elevated|raised|fine|on target|off target)\b", re.I)
_YOURS = re.compile(r"你的|您的|你(?:现在|目前|最近)?的?(?=\S{0,6}(?:都|也|还|已经)?(?:低于|高于|偏高|偏低|超标|正常|异常))|"
                    r"\byour\b|\byou\s+(?:have|are|'re)\b", re.I)
# Conditions and targets are advice, not a statement of the member's record ("your HbA1c should be below 7%").
_GENERAL = re.compile(r"如果|若|假如|一般|通常|当|一旦|目标|控制在|应该|应当|最好|建议|\bif\b|\bwhen\b|\bonce\b|\busually\b|"
                      r"\bgenerally\b|\bpeople\b|\bmost\b|\bshould\b|\baim|\btarget|\bgoal|患者|人群", re.I)
_OTHER_PEOPLE = re.compile(r"\b\d+\s+(?:other\s+)?(?:members|patients|users|people)\b|other\s+(?:members|patients|users)|"
                           r"in\s+(?:your|our|the)\s+system|\b(?:[Mm](?:r|rs|s|iss|x))\.?\s+[A-Z]|"
                           r"其他(?:会员|用户|患者|病人)|(?:会员|用户)\s*\d|"
                           r"[王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]"
                           r"(?:先生|女士|阿姨|大爷|大妈|奶奶|爷爷|老师)")


def _mentions(sentence: str, words: str) -> bool:
    return re.search(words, sentence, re.I) is not None


def invented_facts(sentence: str, member: MemberSnapshot) -> list[str]:
    """What the sentence says about the member (or anyone else) that the member's data does not hold."""
    found: list[str] = []
    if _OTHER_PEOPLE.search(sentence):
        found.append("other_people")
    if _YOURS.search(sentence) and _JUDGED.search(sentence) and not _GENERAL.search(sentence):
        for kind, words in _READING_WORDS.items():
            if _mentions(sentence, words) and member.latest(kind) is None:
                found.append(f"no_record:{kind}")
    for condition in _conditions_claimed(sentence):
        if condition not in member.conditions:
            found.append(f"not_a_condition:{condition}")
    return found


# --- diagnoses -----------------------------------------------------------------------------------
# condition code -> the words for it (zh, en)
_CONDITION_WORDS: dict[str, str] = {
    "diabetes": r"糖尿病|diabet(?:es|ic)", "hypertension": r"高血压|hypertension|hypertensive|high blood pressure",
    "ckd": r"慢性?肾(?:脏)?病|肾衰|kidney disease|\bckd\b|renal failure", "osteoporosis": r"骨质疏松|骨松|osteopor\w*",
    "heart_failure": r"心衰|心力衰竭|heart failure", "coronary_heart_disease": r"冠心病|coronary",
    "copd": r"慢阻肺|copd", "asthma": r"哮喘|asthma", "atrial_fibrillation": r"房颤|atrial fibrillation|\bafib\b",
    "depression": r"抑郁症|depression|depressed", "hyperlipidaemia": r"高血脂|高脂血症|high cholesterol|hyperlipid\w*",
    "obesity": r"肥胖症?|obes(?:e|ity)", "stroke": r"中风|脑卒中|stroke",
}
_DISEASE = r"(?:" + "|".join(_CONDITION_WORDS.values()) + r"|[\u4e00-\u9fff]{1,6}(?:病|症|炎|癌|瘤)|\w+(?:itis|osis|emia|aemia|pathy|oma)\b|cancer|a\s+disease)"
_YES = r"(?:^|[。！？.!?\n]\s*)(?:yes|yeah|yep|correct|that'?s\s+right|是的|对的|没错|确实)[,，!！.。\s]+"
_CLAIM_BODIES = (
    r"\byou\s+(?:(?:most\s+)?(?:probably|likely|definitely|clearly|certainly|do)\s+)?"
    r"(?:have|'ve\s+got|have\s+got|have\s+developed|are\s+suffering\s+from|suffer\s+from)\s+(?:an?\s+)?"
    r"(?:mild\s+|early\s+|severe\s+|type\s*[12]\s+|stage\s*\w+\s+)?" + _DISEASE,
    r"\byou(?:'ve|'re|\s+are)\s+(?:got\s+)?(?:(?:probably|likely|definitely|clearly|now)\s+)?"
    r"(?:diabetic|hypertensive|prediabetic|pre-diabetic|anaemic|anemic|osteoporotic|depressed|" + _DISEASE + r")",
    r"\b(?:it|this|that)(?:'s|\s+is|\s+looks\s+like|\s+sounds\s+like)\s+(?:probably\s+|definitely\s+)?(?:an?\s+)?" + _DISEASE,
    r"(?:你|您)(?:已经|确实|肯定|应该|可能|就|也)?(?:是|有|得了|得的是|患了|患有|属于|确诊(?:为|了)?|被诊断为)"
    r"(?:早期|轻度|中度|重度|\d型)?" + _DISEASE,
    r"(?:你|您)(?:这|这个|的情况|的症状)(?:就|应该|可能|肯定)?是" + _DISEASE,
    r"(?:这|这个)(?:就|应该|可能|肯定)?是" + _DISEASE,
)
# "Yes, you have diabetes." / "是的，你有骨质疏松": confirming a diagnosis the member asked about, always a claim.
_CONFIRMED = re.compile(_YES + r"(?:" + "|".join(_CLAIM_BODIES) + r")", re.I)
_CLAIMS = tuple(re.compile(body, re.I) for body in _CLAIM_BODIES)
_NOT_A_CLAIM = re.compile(r"不能(?:替|给|帮)?(?:你|您)?(?:下)?诊断|不能确定|无法判断|是否|有没有|是不是|由医生|医生(?:来)?(?:判断|确诊|诊断)|"
                          r"如果|假如|若|要是|万一|can'?t\s+(?:diagnose|tell|say)|whether\s+you|\bif\s+you|\bwhen\s+you|"
                          r"only\s+(?:a|your)\s+doctor|your\s+doctor\s+(?:can|will|would)|\bdo\s+you\s+have", re.I)


def _conditions_claimed(sentence: str) -> list[str]:
    """Conditions the sentence says the member has ("你的糖尿病", "your kidney disease", "因为你有高血压")."""
    found = []
    for code, words in _CONDITION_WORDS.items():
        if re.search(r"(?:你|您)的(?:" + words + r")|\byour\s+(?:" + words + r")|(?:因为|由于|既然)(?:你|您)(?:有|患有)(?:" + words +
                     r")|\b(?:since|as|because)\s+you\s+have\s+(?:" + words + r")", sentence, re.I):
            found.append(code)
    return found


def states_diagnosis(sentence: str, member: MemberSnapshot | None = None) -> bool:
    """The sentence tells the member they have a disease. A condition already on the member's record,
    stated plainly ("you have diabetes, so…"), is a fact; a leading "Yes," answering "do I have…?" never is."""
    if _CONFIRMED.search(sentence):
        return True
    if _NOT_A_CLAIM.search(sentence):
        return False
    for rule in _CLAIMS:
        match = rule.search(sentence)
        if match is None:
            continue
        said = match.group(0)
        recorded = member is not None and any(
            re.search(words, said, re.I) and code in member.conditions for code, words in _CONDITION_WORDS.items())
        if not recorded:
            return True
    return False


# --- all together --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimVerdict:
    violations: tuple[str, ...]  # number | invented_fact | diagnosis | medicine_instruction
    details: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.violations


def check_claims(reply: str, *, member: MemberSnapshot, sources: Iterable[str],
                 medicine_names: Iterable[str] = ()) -> ClaimVerdict:
    """Every claim check over a (chat-plain) model reply. Any violation means: answer offline."""
    sources = list(sources)
    names = [*medicine_names, *(m.name for m in member.medications)]
    quotable = "\n".join(sources)
    violations: dict[str, None] = {}
    details: list[str] = []
    stray = ungrounded_numbers(reply, sources)
    if stray:
        violations["number"] = None
        details.append("numbers not in the sources: " + ", ".join(f"{n:g}" for n in stray))
    for sentence in sentences(reply):
        invented = invented_facts(sentence, member)
        if invented:
            violations["invented_fact"] = None
            details.append(f"{','.join(invented)}: {sentence[:60]}")
        if states_diagnosis(sentence, member):
            violations["diagnosis"] = None
            details.append(f"diagnosis: {sentence[:60]}")
        kind = instructs_medicine_change(sentence, names, quotable=quotable)
        if kind is not None:
            violations["medicine_instruction"] = None
            details.append(f"medicine {kind}: {sentence[:60]}")
    return ClaimVerdict(tuple(violations), tuple(details))
