"""Requests the coach refuses before any retrieval or model call: attempts to change its
instructions, to see its prompt, or to read someone else's data. Member text never changes behaviour."""

from __future__ import annotations

import re
from dataclasses import dataclass

_INJECTION_PATTERNS = (
    r"(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier|your)\s+"
    r"(instructions|rules|prompts?)",
    r"system\s*prompt", r"developer\s*mode", r"jailbreak", r"you\s+are\s+now\s+(a|an|in)\b", r"act\s+as\s+(a|an)\s+",
    r"escalation\s*(is\s*)?(disabled|off)", r"disable\s+(the\s+)?(safety|escalation|triage)", r"new\s+instructions",
    r"忽略(之前|以上|上面|前面|所有)", r"无视(之前|以上|所有)", r"系统提示", r"提示词", r"开发者模式", r"越狱",
    r"你现在是", r"扮演", r"关闭(安全|升级|分诊)", r"新的指令", r"(全部|所有)(的)?指令", r"原样(输出|发|打印)",
    r"(我是|作为)(你们的)?(开发|程序员|管理员|工程师)", r"调试(模式|需要)",
    r"repeat\s+(everything|all|the\s+text)\s+(above|before)", r"verbatim", r"(print|show|reveal)\s+(your|the)\s+"
    r"(instructions|prompt|rules)",
)
_OTHER_PEOPLE_PATTERNS = (
    r"other\s+(members?|patients?|users?)", r"someone\s+else'?s", r"another\s+(member|patient|user)'?s?",
    r"all\s+(members|patients|users)", r"\bmember\s*(id\s*)?#?[A-Za-z0-9_-]*\d",
    # openid-like tokens (WeChat openids start with "o" and mix letters and digits)
    r"(?-i:\bo(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{4,}\b)",
    r"(what|which)\s+(medications?|medicines?|readings?|results?)\s+(is|are|does)\s+(he|she|my\s+\w+)\b",
    r"(查|看|告诉我|发给我|调出)(一下|一查|看)?[^，。？?]{0,12}(他|她|同事|朋友|邻居|别人)[^，。？?]{0,4}的"
    r"(血压|血糖|糖化|记录|数据|资料|病历|用药|报告)",
    r"(同事|朋友|邻居).{0,30}(他|她)的?(血压|血糖|糖化|用药)[^，。？?]{0,3}(多少|是多少|怎么样)",
    r"其他(会员|用户|病人|患者|人)的", r"别人的(数据|资料|记录|病历|信息)", r"所有(会员|用户|患者)", r"会员\s*\d+",
    r"用户\s*\d+",
)
_INJECTION = re.compile("|".join(_INJECTION_PATTERNS), re.IGNORECASE)
_OTHER_PEOPLE = re.compile("|".join(_OTHER_PEOPLE_PATTERNS), re.IGNORECASE)


@dataclass(frozen=True)
class GuardVerdict:
    blocked: bool
    reason: str | None = None  # "injection" | "other_member"


def inspect(text: str) -> GuardVerdict:
    if _INJECTION.search(text):
        return GuardVerdict(True, "injection")
    if _OTHER_PEOPLE.search(text):
        return GuardVerdict(True, "other_member")
    return GuardVerdict(False)


REFUSALS = {
    ("injection", "zh"): "抱歉，我不能更改自己的工作方式，也不能透露内部设置。"
    "我可以继续帮你解答自己的健康问题，比如检查、用药或饮食。",
    ("injection", "en"): "Sorry, I can't change how I work or share my internal settings. "
    "I'm happy to help with your own "
    "health questions, such as check-ups, medicines or diet.",
    ("other_member", "zh"): "抱歉，我只能查看和讨论你本人的健康信息，不能提供其他人的资料。"
    "如果想了解家人的情况，请让家人本人来咨询。",
    ("other_member", "en"): "Sorry, I can only look at and discuss your own health information, never anyone else's. "
    "If you're asking for a family member, they can message me themselves.",
}


def refusal(reason: str, language: str) -> str:
    return REFUSALS[(reason, "en" if language == "en" else "zh")]
