"""Checks on every reply after composing and before sending (for the model's output above all).

- No dose changes: advice to start/stop/double/halve/skip a medicine is replaced by a referral
  to the family doctor or pharmacist. Negated advice ("不要自行停药", "don't double up") is fine.
- No diagnosis claims: sentences telling the member they have a disease are dropped.
- No identifiers: sentences carrying an openid-like token (anyone's external id) are dropped.
- No prompt text: a reply quoting the system prompt's instructions is rejected (`leaks_prompt`).
- Citations only to items that were actually retrieved for this turn.
- The reply's language is the member's language.
- Long replies are split into chat-sized messages at sentence boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]+|[^。！？!?\n]+|\n", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NEGATION = re.compile(
    # "能不能 / 要不要 / 可不可以" are questions, not negations: hence the look-behinds.
    r"((?<!要)不要|(?<![要能可])不$|不(?:自行|擅自|随意|自己)[^，。,;；]{0,6}$|别|切勿|勿|(?<!能)不能|(?<!可)不可|不得|不宜|避免|不建议|不应|无需|不必|没有|没|不用|不需要|照常|"
    r"do\s+not|don'?t|doesn'?t|does\s+not|isn'?t|never|avoid|should\s*n[o']t|"
    r"must\s*n[o']t|no\s+need\s+to)",
    re.IGNORECASE,
)
_DOSE_CHANGE = re.compile(
    r"(加倍|双倍|翻倍|加量(?!后|时|期间|以后)|减量(?!后|时|期间|以后)|减半|增加剂量|减少剂量|增加用量|减少用量|多吃一片|多吃一粒|少吃一片|吃两片|两顿一起|一起补上|"
    r"停药(?!后|期间|反应)|停掉(?!槟榔|烟|酒)|停用|自行停|先停(?!下来?(?:运动|锻炼|活动)|止?(?:运动|锻炼|活动))|停了|停一个|停(?:几|两|三|一)(?:天|顿|次)|停一停|停一下|"
    r"不用再吃|可以不吃|想不吃|不想再吃|改吃|换成|补两片|吃两片|减半|"
    r"double\s+(up|the|your|my)|take\s+(two|2|an\s+extra|extra)\s+(pills?|tablets?|doses?)|increase\s+(the|your|my)\s+dose|"
    r"(reduce|lower|halve|cut)\s+(the|your|my)\s+dose|stop\s+taking|you\s+can\s+stop|skip\s+(the|your|my)\s+(dose|pill)|"
    r"stop\s+(it|my|the|them|her|his)\b|quit\s+(the|my)\b|skip\s+(it|them)\s+(for|a\s+few|some|this|today|tonight)|take\s+half|take\s+an?\s+extra|"
    r"switch\s+to|"
    # An amount to take is a dose instruction too (e.g. obeyed from text injected into stored data).
    r"dose\s+(is|of)\s+\d+|take\s+\d+\s*(pills?|tablets?|capsules?)|(吃|服用?)\s*\d+\s*(片|粒|颗)|"
    r"剂量(是|为|改为|调整为)\s*\d+)",
    re.IGNORECASE,
)
# The shape of a WeChat openid / external id (starts with "o", mixes capitals and digits); never in a reply.
_IDENTIFIER = re.compile(r"\bo(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{4,}\b")
_DIAGNOSIS = re.compile(
    r"(你(已经)?(得了|患了|患有|确诊(为|了)?|被诊断为)|你这(就)?是\S{0,6}(病|症)|(^|(it\s+)?(looks|sounds|seems)\s+like\s+|i\s+think\s+|probably\s+|clearly\s+)you\s+(have|'ve\s+got|are\s+suffering\s+from)\s+"
    r"(diabetes|hypertension|kidney|heart|cancer|copd|asthma|depression|a\s+disease|an?\s+\w+\s+disease)|"
    r"you\s+are\s+diabetic|this\s+is\s+(definitely|clearly)\s)",
    re.IGNORECASE,
)
_CITATION = re.compile(r"\[#(\d{1,2})\]")
# A model's own citation marker, spaces allowed ("[# 17 ]"); the offline composers write `[#n]` exactly.
MODEL_CITATION = re.compile(r"\[#\s*(\d{1,3})\s*\]")

SAFE_DOSE_REPLY = {
    "zh": "关于加量、减量、停药或补服这类调整，需要由你的家庭医生或药师结合你的情况来决定，请不要自行改变用法。"
    "我已经把你的问题转给药师，他们会尽快回复你。在此之前，请按原来的医嘱服药。",
    "en": "Changing a dose, stopping a medicine or making up a missed dose is a decision for your family doctor "
    "or pharmacist, based on your situation, so please don't change how you take it on your own. I've passed your "
    "question to the pharmacist, who will get back to you soon. Until then, keep taking it as prescribed.",
}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# "…要不要减量由医生决定", "whether to stop is your doctor's decision": the change is deferred, not advised.
_DEFERRED = re.compile(r"^.{0,14}((由|听|问|找)(你的)?(家庭)?(医生|药师)|医生(来)?(决定|评估|判断|确认))|"
                       r"^.{0,30}(your\s+(doctor|pharmacist)\s+(decides?|will\s+decide)|ask\s+your\s+(doctor|pharmacist))",
                       re.IGNORECASE)


# "换成白水", "switch to brown rice" or "风险会翻倍" are not about a medicine: these verbs count only beside one.
# The doctor is the one who changes it ("医生可以换成沙坦类", "your doctor may switch you"): not advice to the member.
_DOCTOR_DOES = re.compile(r"(医生|大夫|药师)(可以|会|可能|也许|或许|能)(帮你|给你|为你)?$|(doctor|pharmacist|gp)\s+(can|may|might|will|could)"
                          r"(\s+(then|also))?\s*$", re.IGNORECASE)
_SWITCH = re.compile(r"^(?:换成|改吃|翻倍|加量|减量|switch\s+to)$", re.IGNORECASE)  # need a medicine word nearby
_MEDICINE_WORDS = re.compile(r"药|片|粒|胶囊|针|胰岛素|他汀|沙坦|普利|地平|洛尔|双胍|medicine|medication|pill|tablet|capsule|dose|drug|"
                             r"insulin|statin|inhaler", re.IGNORECASE)


def advises_dose_change(sentence: str) -> bool:
    for match in _DOSE_CHANGE.finditer(sentence):
        if _SWITCH.match(match.group(0)) and not _MEDICINE_WORDS.search(sentence):
            continue
        before = sentence[max(0, match.start() - 16):match.start()]
        if _DOCTOR_DOES.search(before.rstrip()):
            continue
        if not _NEGATION.search(before) and not _DEFERRED.search(sentence[match.end():]):
            return True
    return False


_REQUEST_BEFORE = re.compile(
    r"(能不能|能否|可不可以|可以|要不要|需不需要|该不该|想|打算|准备|是否|行不行|自己|can\s+i|could\s+i|should\s+i|may\s+i|"
    r"is\s+it\s+(ok|okay|safe|fine)\s+to|do\s+i\s+need\s+to|i\s+want\s+to|just)",
    re.IGNORECASE,
)
_REQUEST_AFTER = re.compile(r"^.{0,6}(吗|行不行|可以吗|好不好|行吗|呢|\?|？)")


def asks_dose_change(question: str) -> bool:
    """The member asks whether to start/stop/double/halve/skip a medicine (a request, not a mention)."""
    for match in _DOSE_CHANGE.finditer(question):
        before = question[max(0, match.start() - 14):match.start()]
        after = question[match.end():match.end() + 8]
        if _NEGATION.search(before[-8:]) and not _REQUEST_BEFORE.search(before):
            continue
        if _REQUEST_BEFORE.search(before) or _REQUEST_AFTER.search(after):
            return True
    return False


def claims_diagnosis(sentence: str) -> bool:
    return bool(_DIAGNOSIS.search(sentence))


def language_matches(text: str, language: str) -> bool:
    cjk = len(_CJK.findall(text))
    letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    if language == "zh":
        return cjk >= max(4, letters // 4)
    return letters >= 10 and cjk <= letters // 10


def cited_items(text: str) -> list[int]:
    return [int(n) for n in dict.fromkeys(_CITATION.findall(text))]


@dataclass(frozen=True)
class CheckedReply:
    text: str
    cited_items: tuple[int, ...]
    violations: tuple[str, ...]  # dose_change | diagnosis | identifier | uncited_item | wrong_language

    @property
    def dose_change(self) -> bool:
        return "dose_change" in self.violations


def check_reply(text: str, *, language: str, retrieved_items: Iterable[int]) -> CheckedReply:
    allowed = set(retrieved_items)
    violations: list[str] = []
    if any(advises_dose_change(s) for s in sentences(text)):
        lang = "en" if language == "en" else "zh"
        return CheckedReply(SAFE_DOSE_REPLY[lang], (), ("dose_change",))
    kept = []
    for sentence in sentences(text):
        if claims_diagnosis(sentence):
            violations.append("diagnosis")
            continue
        if _IDENTIFIER.search(sentence):
            violations.append("identifier")
            continue
        kept.append(sentence)
    joined = ("" if language == "zh" else " ").join(kept).strip()
    citations = cited_items(joined)
    unknown = [n for n in citations if n not in allowed]
    if unknown:
        violations.append("uncited_item")
        joined = _CITATION.sub(lambda m: m.group(0) if int(m.group(1)) in allowed else "", joined)
    if not language_matches(joined, language):
        violations.append("wrong_language")
    return CheckedReply(joined, tuple(n for n in citations if n in allowed), tuple(violations))


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def leaks_prompt(reply: str, system_prompt: str, *, span: int = 40, quotable: Iterable[str] = ()) -> bool:
    """The reply quotes the system prompt: any of its lines (guideline passages excepted, a reply may
    quote those) of at least `span` characters appears in the reply by its first `span` characters.
    `quotable`: texts the prompt carries that a reply may quote (passages, the answer card), any line of them."""
    text = _normalised(reply)
    shown = " ".join(_normalised(q) for q in quotable)
    for line in system_prompt.splitlines():
        line = _normalised(line).lstrip("- ")
        if len(line) >= span and not line.startswith("[#") and line[:span] in text:
            if shown and _quoted_content(line, shown, span):
                continue
            return True
    return False


def _quoted_content(line: str, shown: str, span: int) -> bool:
    """The prompt line is (a labelled copy of) passage or card text: its text after any "label:" is in them."""
    body = line.split(": ", 1)[1] if ": " in line[:60] else line
    return body[:span] in shown or line[:span] in shown


def split_for_chat(text: str, limit: int = 600) -> list[str]:
    """Split at sentence ends so no message exceeds `limit` characters (WeChat caps text messages)."""
    parts: list[str] = []
    current = ""
    for sentence in _SENTENCE.findall(text):
        if len(current) + len(sentence) > limit and current:
            parts.append(current.strip())
            current = ""
        while len(sentence) > limit:
            parts.append(sentence[:limit].strip())
            sentence = sentence[limit:]
        current += sentence
    if current.strip():
        parts.append(current.strip())
    return parts
