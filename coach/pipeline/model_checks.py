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
  (`instructs_medicine_change`): patterns over a verb and a medicine or dose, not a list of phrases;
- markdown (`chat_plain`) and citations the model did not write itself (`own_citations`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from coach.members.snapshot import MemberSnapshot
from coach.pipeline.output_checks import sentences

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
_CITATION = re.compile(r"\[#\s*(\d{1,3})\s*\]")


def own_citations(text: str, allowed: Collection[int]) -> tuple[int, ...]:
    """The items the model cited itself with [#n] markers, in order, among those it was given; none
    when it wrote none (never filled in from retrieval)."""
    return tuple(n for n in dict.fromkeys(int(x) for x in _CITATION.findall(text)) if n in allowed)


# --- numbers -------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number written with digits (citation markers left out); 05 and 5.0 are the same number."""
    return {float(n) for n in _NUMBER.findall(_CITATION.sub(" ", text.replace(",", "")))}


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


# --- medicine instructions -----------------------------------------------------------------------
_MED_GENERIC = (r"药物?|剂量|用量|药片|药丸|片剂|胶囊|针剂?|胰岛素|吸入剂|喷雾|降压药|降糖药|他汀|沙坦|普利|地平|洛尔|双胍|格列\w|列汀|列净|"
                r"华法林|阿司匹林|氯吡格雷|利伐沙班|达比加群|呋塞米|螺内酯|氢氯噻嗪|左甲状腺素|优甲乐|阿仑膦酸|"
                r"\b(?:medicines?|medications?|meds|pills?|tablets?|capsules?|doses?|dosage|drugs?|insulin|inhalers?|"
                r"\w+statin|\w+sartan|\w+pril|\w+olol|\w+dipine|\w+gliptin|\w+gliflozin|metformin|warfarin|aspirin|"
                r"clopidogrel|rivaroxaban|apixaban|dabigatran|furosemide|spironolactone|levothyroxine|alendronate|"
                r"gliclazide|glimepiride|it|them)\b")
_QTY_ZH = r"(?:\d+(?:\.\d+)?|[一二两三四五六半双])\s*(?:片|粒|颗|支|袋|单位|毫克|mg|次|顿|倍|喷|吸)"
_QTY_EN = (r"(?:\d+(?:\.\d+)?|one|two|three|four|half|double|an?\s+extra|extra|another)\s*"
           r"(?:mg|units?|tablets?|pills?|capsules?|doses?|puffs?|times?)\b|\b(?:twice|once|three\s+times)\b")
_GAP = r"[^，,。！？!?；;\n]{0,8}?"
_TIME = (r"(?:明天|今天|今晚|今早|马上|现在|立即|立刻|从明天|从今天|早上|晚上|睡前|\d+\s*[点時时]|"
         r"\btomorrow\b|\btonight\b|\bnow\b|\bright away\b|\bimmediately\b|\bat\s+\d|\bevery\s+\d+\s+hours\b)")


def _med_pattern(names: Iterable[str]) -> str:
    extra = [re.escape(n) for n in sorted({n.strip().lower() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)]
    return "(?:" + "|".join([*extra, _MED_GENERIC]) + ")"


def _instruction_rules(med: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    zh_take = r"(?:吃|服|服用|用|打|注射|喷|吸|口服)"
    rules = (
        # zh: start / resume a medicine ("开始服用华法林", "先用上胰岛素")
        ("start", r"(?:开始|开始每天|重新|恢复|改为|加上|加用|先用上|用上)" + zh_take + r"?" + _GAP + med),
        # zh: stop, pause, skip ("先停掉阿托伐他汀", "这几天别吃降压药了", "今天的药可以不吃")
        ("stop", r"(?:停|停掉|停用|停止|暂停|停一停|停几天|先停|跳过|省掉|不吃|不服|不用吃|不用再|可以不|先不|别吃|别再吃|不再)"
                 + zh_take + r"?" + _GAP + med),
        ("stop", med + _GAP + r"(?:停掉|停了|停用|停止|暂停|停一停|先停|停几天|不用吃了|可以不吃|不吃了|别吃了|先别吃|可以停|就停|跳过|省掉)"),
        # zh: change the amount or the frequency ("二甲双胍加到两片", "把剂量减半", "胰岛素多打4个单位")
        ("change", med + _GAP + r"(?:加倍|翻倍|加量|减量|减半|加到|减到|改成|改为|换成|调整为|调到|加大|减少|增加|多吃|少吃|多打|少打)"),
        ("change", r"(?:加倍|翻倍|双倍|加量|减量|减半|多吃|少吃|多打|少打|多服|少服|补服|补吃|补上|补一|一起吃|两顿一起)" + _GAP + r"(?:" + med + r"|" + _QTY_ZH + r")"),
        ("change", r"(?:换成|改吃|改用|换用)" + _GAP + med),
        # zh: two doses together ("跟早上这顿一起吃掉", "两顿一起吃")
        ("change", r"(?:跟|和|与|连同|加上|同)" + _GAP + r"(?:这顿|那顿|下顿|下一顿|早上|晚上|中午|这次|下次|早餐|晚餐)"
                   r"[^，,。！？!?]{0,4}(?:一起|一块|同时)(?:吃|服|用)"),
        ("change", r"(?:两顿|两次|两片|两粒|双份|两份)[^，,。！？!?]{0,4}(?:一起|一块|同时)(?:吃|服|用)"),
        ("change", r"\btake\s+(?:it|them|both|the\s+missed\s+(?:dose|one))\s+(?:together\s+)?with\s+(?:your\s+|the\s+)?"
                   r"(?:next|morning|evening|this\s+morning'?s|today'?s)\b"),
        # zh: an amount or time to take ("吃两片", "每天服用3次", "明天早上8点开始服用")
        ("dose", zh_take + r"\s*" + _QTY_ZH),
        ("dose", r"(?:每天|一天|每日|每晚|每早|每次)\s*" + _QTY_ZH + _GAP + med),
        ("dose", _TIME + _GAP + zh_take + _GAP + med),
        # en: start, restart
        ("start", r"\b(?:start|begin|restart|resume|go\s+on|get\s+on)\s+(?:taking\s+|using\s+|on\s+)?(?:your\s+|the\s+|my\s+|a\s+|this\s+|some\s+)?" + med),
        # en: stop, pause, skip, hold, drop
        ("stop", r"\b(?:stop|stopping|quit|discontinue|skip|pause|hold|halt|cease|drop|come\s+off|go\s+off|get\s+off|cut\s+out|leave\s+out)\s+"
                 r"(?:taking\s+|using\s+)?(?:your\s+|the\s+|my\s+|this\s+|that\s+|today'?s\s+|tonight'?s\s+|a\s+|one\s+)?" + med),
        ("stop", r"\b(?:you\s+can|you\s+could|it'?s\s+(?:ok|okay|fine|safe)\s+to|feel\s+free\s+to|go\s+ahead\s+and)\s+(?:stop|skip|pause|quit|drop)\b"),
        ("stop", r"\b(?:no\s+need\s+to|don'?t\s+need\s+to|do\s+not\s+need\s+to|needn'?t|no\s+longer\s+need\s+to)\s+(?:take|use|keep\s+taking|continue)\b"),
        ("stop", r"\byou\s+(?:don'?t|no\s+longer)\s+need\s+(?:your\s+|the\s+)?" + med),
        # en: change the amount or frequency
        ("change", r"\b(?:double|halve|increase|decrease|reduce|lower|raise|cut|change|adjust|up|bump\s+up|split)\s+(?:up\s+)?(?:on\s+)?(?:your\s+|the\s+|my\s+|its\s+)?"
                   r"(?:dose|dosage|" + med + r")"),
        ("change", r"\bswitch\s+(?:from\s+\S+\s+)?to\s+(?:a\s+|the\s+)?" + med),
        ("change", r"\b(?:make\s+up\s+for|catch\s+up\s+on|double\s+up)\b"),
        ("dose", r"\btake\s+(?:" + _QTY_EN + r")"),
        ("dose", r"\btake\s+(?:your\s+|the\s+|my\s+)?" + med + r".{0,30}?(?:" + _QTY_EN + r"|" + _TIME + r")"),
        ("dose", r"\b(?:take|use|inject)\s+\d+(?:\.\d+)?\s*(?:mg|units?|ml)\b"),
    )
    return tuple((kind, re.compile(pattern, re.I)) for kind, pattern in rules)


_NEGATED_BEFORE = re.compile(
    r"(?:(?<!要)不要|别(?!人)|切勿|勿|(?<!能)不能|(?<!可)不可|不得|不宜|避免|不建议|不应|千万别|绝不|不可以|"
    r"\bdo\s+not|\bdon'?t|\bnever|\bavoid|\bshould\s*n[o']t|\bmust\s*n[o']t|\bnot\s+to|\bwithout|\brather\s+than)"
    r"[^。！？!?;；,，]{0,14}$", re.I)
_QUESTIONED_BEFORE = re.compile(r"(?:能不能|能否|可不可以|要不要|需不需要|该不该|是否|问|问到|想知道|\bwhether|\bif\s+you\s+(?:should|can|could)|"
                                r"\bask(?:ed|ing)?\s+(?:about|if|whether))[^。！？!?]{0,16}$", re.I)
_DEFERRED_AFTER = re.compile(r"^[^。！？!?]{0,24}(?:由|听|问|找|咨询|遵|按)(?:你的|您的)?(?:家庭)?(?:医生|药师|医嘱)|"
                             r"^[^。！？!?]{0,30}(?:前|之前)?(?:先)?(?:问|咨询|联系)(?:一下)?(?:你的|您的)?(?:家庭)?(?:医生|药师)|"
                             r"^[^.!?]{0,50}\b(?:unless|until|only\s+if|before|without)\b[^.!?]{0,30}\b(?:doctor|pharmacist|gp)\b|"
                             r"^[^.!?]{0,40}\b(?:your|the)\s+(?:doctor|pharmacist|gp)\s+(?:says|decides|tells|advises|agrees)", re.I)
_DEFERRED_BEFORE = re.compile(r"(?:按|遵)(?:照)?医嘱[^。！？]{0,4}$|(?:医生|药师)(?:会|可能会|可以|才能|决定|判断|评估)[^。！？]{0,10}$|"
                              r"\b(?:doctor|pharmacist|gp)\s+(?:may|might|will|can|could|would)\s+(?:\w+\s+){0,3}$|"
                              r"\b(?:whether|when)\s+to\s+$", re.I)
_ALWAYS = frozenset({"start", "change", "dose"})


def instructs_medicine_change(sentence: str, medicine_names: Iterable[str] = (), *, quotable: str = "") -> str | None:
    """The kind of medicine instruction the sentence gives ("start", "stop", "change", "dose"), or None.
    Negated ("不要自行停药", "never double up"), questioned ("你问能不能停药") and deferred ("whether to
    stop is your doctor's call", "ask your doctor before stopping") mentions are not instructions. A sentence
    quoted word for word from reviewed text the model was given (`quotable`: the card, the passages), or an
    amount or time quoted from it, is not the model's own instruction."""
    plain = _squeeze(quotable)
    if plain and len(sentence) >= 8 and _squeeze(_CITATION.sub("", sentence)).rstrip("。.!！") in plain:
        return None  # the reviewed card or passage, word for word
    for kind, rule in _instruction_rules(_med_pattern(medicine_names)):
        for match in rule.finditer(sentence):
            before, after = sentence[:match.start()], sentence[match.end():]
            if _NEGATED_BEFORE.search(before) and kind in _ALWAYS | {"stop"} and not _stop_negated_positively(match.group(0)):
                continue
            if _QUESTIONED_BEFORE.search(before) or _DEFERRED_AFTER.search(after) or _DEFERRED_BEFORE.search(before):
                continue
            if kind == "dose" and plain and _squeeze(match.group(0)) in plain:
                continue
            return kind
    return None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _stop_negated_positively(said: str) -> bool:
    """"no need to take", "don't need your statin" carry their own negation: it is the instruction."""
    return bool(re.match(r"(?:no\s+need|don'?t\s+need|do\s+not\s+need|needn'?t|no\s+longer|you\s+don'?t)", said, re.I))


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
