"""Code-switched messages (左眼 suddenly 全黑了, 我妈 throat 肿了 after 新药) read in one language.

Members mix English words into Chinese sentences, and neither vocabulary then sees a whole
symptom phrase. For a message that contains Chinese, the English health words are put into
Chinese and the spaces around them dropped, giving an extra variant that the Chinese
vocabulary can read (the engine triages it as well as the original, keeping the higher level).
"""

from __future__ import annotations

import re

from coach.triage.rewrite import Rewritten, has_chinese, rewrite

__all__ = ["read_as_chinese"]

# English word or phrase (regex, lower case) -> Chinese. Longer phrases are tried first.
_LEXICON: tuple[tuple[str, str], ...] = (
    # breathing
    (r"short(?:ness)? of breath|breathless|out of breath|winded", "气短"),
    (r"can'?t (?:breathe?|catch (?:my|his|her) breath)|can not breathe|struggling to breathe", "喘不上气"),
    (r"breathing|breath", "呼吸"),
    (r"wheez\w*", "喘"),
    (r"can'?t lie (?:down )?flat", "不能平躺"),
    (r"inhalers?|puffers?|nebuli[sz]ers?", "喷药"),
    (r"not working|doesn'?t (?:work|help)|isn'?t (?:working|helping)|no use|useless", "不管用"),
    (r"sputum|phlegm|mucus", "痰"),
    # heart and chest
    (r"chest pains?", "胸痛"),
    (r"chest tightness|tight chest", "胸闷"),
    (r"heart attack", "心梗"),
    (r"palpitations?", "心慌"),
    (r"heart ?rate|pulse", "心率"),
    (r"blood pressure|(?<![a-z])bp(?![a-z])", "血压"),
    (r"chest", "胸口"),
    (r"pressure|heaviness", "压迫感"),
    (r"tight(?:ness)?", "发紧"),
    (r"cold sweats?|sweating|sweaty|clammy", "出冷汗"),
    (r"nause\w*|feel(?:ing)? sick", "恶心"),
    # brain, eyes
    (r"stroke", "中风"),
    (r"slurred speech|slurring", "说话不清"),
    (r"can'?t (?:speak|talk)", "说不出话"),
    (r"can'?t see", "看不见"),
    (r"blind", "失明"),
    (r"blurr(?:y|ed)", "模糊"),
    (r"confused", "糊涂"),
    (r"dizzy|lightheaded|light-headed", "头晕"),
    (r"headache", "头痛"),
    (r"passed out|fainted|blacked out|collapsed", "晕倒"),
    (r"unconscious|unresponsive", "昏迷"),
    (r"seizures?|fits?(?![a-z])", "抽搐"),
    (r"numb(?:ness)?", "麻"),
    (r"weak(?:ness)?", "没劲"),
    # body parts with a side
    (r"left eye", "左眼"),
    (r"right eye", "右眼"),
    (r"left (?:arm)", "左胳膊"),
    (r"right (?:arm)", "右胳膊"),
    (r"left (?:hand)", "左手"),
    (r"right (?:hand)", "右手"),
    (r"left (?:leg)", "左腿"),
    (r"right (?:leg)", "右腿"),
    (r"left side", "左边"),
    (r"right side", "右边"),
    (r"throat", "喉咙"),
    (r"tongue", "舌头"),
    (r"lips?", "嘴唇"),
    (r"face", "脸"),
    (r"eyes?", "眼睛"),
    (r"head", "头"),
    (r"arms?", "胳膊"),
    (r"legs?", "腿"),
    (r"hands?", "手"),
    (r"feet|foot|ankles?", "脚"),
    (r"stomach|belly|tummy", "肚子"),
    # symptoms
    (r"swollen|swelling|swell(?:s|ed)?", "肿"),
    (r"pains?|painful|hurts?|hurting|aches?|aching|sore", "痛"),
    (r"throwing up|threw up|vomit\w*|puking|puked", "呕吐"),
    (r"blood(?:y)?", "血"),
    (r"poop|poo|stools?|bowel movements?", "大便"),
    (r"black", "黑色"),
    (r"tarry|tar(?![a-z])", "柏油"),
    (r"green", "绿色"),
    (r"yellow", "黄色"),
    (r"hives|welts", "荨麻疹"),
    (r"rash", "疹子"),
    (r"itchy", "痒"),
    (r"fell|fall(?:en)?|slipped|tripped", "摔倒"),
    (r"hit (?:my|his|her) head|banged (?:my|his|her) head", "磕到头"),
    (r"blood sugar|sugar|glucose", "血糖"),
    (r"weight", "体重"),
    (r"suicid\w*", "自杀"),
    # medicines
    (r"new (?:medicine|medication|meds|drug|pills?|tablets?)", "新药"),
    (r"medicine|medication|meds|drugs?|pills?|tablets?", "药"),
    (r"antibiotics?", "抗生素"),
    # time, degree, negation, people
    (r"just now", "刚才"),
    (r"suddenly|sudden|all of a sudden", "突然"),
    (r"already", "已经"),
    (r"right now|now", "现在"),
    (r"today", "今天"),
    (r"again", "又"),
    (r"still", "还"),
    (r"resting|at rest|rest", "休息"),
    (r"mins?|minutes?", "分钟"),
    (r"hours?|hrs?", "小时"),
    (r"after", "之后"),
    (r"worse", "加重"),
    (r"a (?:bit|little)|slightly|kind of|kinda", "有点"),
    (r"very|really|super", "很"),
    (r"new", "新"),
    (r"not", "不"),
    (r"no", "没有"),
    (r"don'?t|didn'?t|haven'?t|hasn'?t", "没"),
    (r"never", "从没"),
    (r"my", "我的"),
    (r"i|me", "我"),
    (r"he|him|his", "他"),
    (r"she|her", "她"),
    (r"mom|mum|mother", "妈"),
    (r"dad|father", "爸"),
    (r"wife", "老婆"),
    (r"husband", "老公"),
)
_ORDERED = sorted(_LEXICON, key=lambda item: -len(item[0]))
_PATTERN = re.compile("|".join(f"(?<![a-z'])(?:{en})(?![a-z'])" for en, _ in _ORDERED))
_COMPILED = tuple((re.compile(f"(?:{en})"), zh) for en, zh in _ORDERED)


def _chinese_for(m: re.Match[str]) -> str | None:
    word = m.group(0)
    for pattern, zh in _COMPILED:
        if pattern.fullmatch(word):
            return zh
    return None


def read_as_chinese(prepared: str) -> Rewritten | None:
    """The message with its English health words in Chinese; None if it has no Chinese to join."""
    if not has_chinese(prepared) or not re.search(r"[a-z]", prepared):
        return None
    rewritten = rewrite(prepared, _PATTERN, _chinese_for)
    return rewritten if rewritten.text != prepared else None
