"""Cantonese, Hokkien, Wu and Hubei function words read as Mandarin, length kept.

The triage lexicons are written in Mandarin. Members in Guangdong, Hong Kong and Fujian type 冇 (没),
唔 (不), 佢 (他), 咗 (了), 而家 (现在), 半边面 (半边脸): without this step a negation (冇胸口痛) is not seen
and a symptom (半边面冇晒感觉) is not matched. Every entry maps a string to one of the same length, so
spans found on the converted copy point at the member's own characters. Applied after Traditional →
Simplified, to triage's copy of the text and to the dialogue's (whose lexicons are passed through the same
map when they are compiled, so a Cantonese entry such as 冇心机 still matches).
"""

from __future__ import annotations

import re

__all__ = ["read_as_mandarin"]

# Longer phrases first, so 冇晒 becomes 没了 before 冇 alone is read.
_PHRASES: dict[str, str] = {
    "冇晒": "没了", "冇咗": "没了", "而家": "现在", "头先": "刚才", "琴日": "昨天", "寻日": "昨天", "今朝": "今早",
    "听日": "明天", "讲嘢": "说话", "黐脷根": "大舌头", "半边面": "半边脸", "晕低": "晕倒", "跌低": "摔倒",
    "跌亲": "摔伤", "瞓低": "躺下", "食咗": "吃了", "食药": "吃药", "食两摆": "吃两次", "两摆": "两次",
    "阿拉": "我们", "唔该": "谢谢", "去水丸": "利尿药", "去水药": "利尿药", "辰光": "时候",
    # Wu (Shanghai, Suzhou, Ningbo): 哪能 how, 晓得 know, 欢喜 like, 困觉 sleep, 早浪 morning, 明朝 tomorrow, 小囡 child
    "哪能": "怎么", "晓得": "知道", "欢喜": "喜欢", "困觉": "睡觉", "早浪": "早上", "明朝": "明早", "小囡": "孩子",
    "交关": "非常",
    # Hunan, Hubei and south-western Mandarin: 冇得 / 没得 = 没有 (喊他冇得反应), 讲胡话 = 说胡话
    "冇得": "没有", "没得": "没有", "讲胡话": "说胡话",
}
_CHARS: dict[str, str] = {
    "冇": "没", "佢": "他", "咗": "了", "嘅": "的", "喺": "在", "啲": "些", "攰": "累", "瞓": "睡",
    "揾": "找", "俾": "给", "畀": "给", "嗰": "那", "袂": "不", "阮": "我", "侬": "你",
}
_RE = re.compile("|".join(sorted(map(re.escape, [*_PHRASES, *_CHARS]), key=len, reverse=True)))
assert all(len(k) == len(v) for k, v in {**_PHRASES, **_CHARS}.items())
# 唔 is Cantonese "not" inside a phrase (佢唔舒服, 唔想做); alone at the start ("唔 胸口好痛") it is "hmm" and must not
# negate what follows.
_NOT = re.compile(r"(?<=[\u4e00-\u9fff])唔(?=[\u4e00-\u9fff])|^唔(?=[\u4e00-\u9fff])")
# 食 is Cantonese for 吃 (食药, 食完, 食比索洛尔) except inside the Mandarin nouns it also builds (饮食, 食物, 零食 ...).
_EAT_VERB = re.compile(r"(?<![饮进零主甜肉素美节忌消暴偏挑粮伙绝膳副杂])食(?![物堂品谱欲量道盐油用疗补材管指])")


# Question words of Hubei (么事 = 什么, 么样 = 怎样, 好久查一次 = 多久查一次) and Wu (查得了伐 = 查得了吗), each only
# where the Mandarin string around it is not already there (什么事, 怎么样, 好久没查, 砍伐).
_QUESTION_WORDS = (
    (re.compile(r"(?<![什怎这那要多])么事"), "什么"),
    (re.compile(r"(?<![什怎这那要多])么样"), "怎样"),
    (re.compile(r"(?<![什怎这那要多])么子|啥子"), "什么"),  # Hunan and south-western Mandarin
    (re.compile(r"好久(?=[查做测量称检复看打去吃换][一]?次)"), "多久"),
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![砍讨征步采杀])伐(?=$|[,，。.?？!！~\s])"), "吗"),
    # Wu grammar words, each only where it cannot be the Mandarin word: 伊 he/she (not 伊利, 木乃伊), 额 a possessive or
    # final particle (not 额头), 脱 a finished action after a verb (吃脱, 忘记脱; not 脱水), 一道 together before a verb.
    (re.compile(r"(?<![木乃])伊(?=[讲说要也今昨明吃有是不没个还血老额的])"), "他"),
    (re.compile(r"(?<=[我你他她侬伊们])额(?!头)|(?<=[\u4e00-\u9fff])额(?=$|[,，。.?？!！~\s])"), "的"),
    (re.compile(r"(?<=[吃忘记停落丢掉用])脱(?![水发皮离衣])"), "了"),
    (re.compile(r"一道(?=[吃服用去来做])"), "一起"),
)


def read_as_mandarin(text: str) -> str:
    """`text` with Cantonese, Hokkien, Wu and Hubei words replaced by their Mandarin equivalents; same length."""
    if text.isascii():
        return text
    text = _RE.sub(lambda m: _PHRASES.get(m.group(0)) or _CHARS[m.group(0)], text)
    text = _NOT.sub("不", text)
    for pattern, mandarin in _QUESTION_WORDS:
        text = pattern.sub(mandarin, text)
    return _EAT_VERB.sub("吃", text)
