"""Instructions to take, start, stop, skip, pause, double, halve or change a medicine, its amount or its
frequency, in a chat model's reply (zh and en, whoever is said to do it): patterns over a verb and a medicine
or a dose, not a list of phrases. Negated, questioned and "ask your doctor" mentions pass, and so does a
sentence quoted from the reviewed passages the model was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.pipeline.output_checks import MODEL_CITATION

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
    if plain and len(sentence) >= 8 and _squeeze(MODEL_CITATION.sub("", sentence)).rstrip("。.!！") in plain:
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


