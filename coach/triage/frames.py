"""Red-flag words that are not a report: figures of speech, dreams, services, answered questions, known causes.

Every check here removes a single mention, never a whole message, and is written so that a
current symptom of the member or a relative still gets through:
- figures of speech (开会开到我 heart attack 哈哈, 看到账单我直接心梗, my heart skipped a beat when I
  saw the price) only cover words people use figuratively (named diseases, vomiting blood, a
  racing or skipping heart), only for the member themselves, never with a sudden onset, and are
  dropped only when nothing else in the message is a symptom (see `only_figures_of_speech`);
- a dream covers the rest of its own clause, up to any waking (梦见自己心梗 / dreamt I had a stroke);
- a named disease that names a service (stroke 康复班, 心梗患者群, stroke unit) is not an event;
- a symptom asked about and answered "no" (医生问我有没有黑便，我说没有 / Blue lips? Nope) is negated;
- a cosmetic or food cause explains swollen or blue lips (filler, 玻尿酸, blueberry popsicle);
- breathlessness on heavy exertion that settles with rest is ordinary breathlessness.
Fiction characters and pets are handled as subjects (coach.triage.text).
"""

from __future__ import annotations

import re

__all__ = [
    "FIGURATIVE",
    "answered_no",
    "asleep_as_usual",
    "exertional_and_settled",
    "explained_away",
    "in_dream",
    "is_figure_of_speech",
    "names_a_service",
    "quoted",
    "stuffy_weather",
]

FIGURATIVE = frozenset({"acs_named", "stroke_named", "haematemesis", "palpitations"})

_HUMOUR_RE = re.compile(
    r"哈哈|呵呵|嘻嘻|嘿嘿|233|开玩笑|逗你|夸张|[😂🤣😆😅😜🙃😝😹🤪]"
    r"|(?<![a-z])(?:lol|lmao|rofl|haha\w*|hehe\w*|jk|just kidding|kidding|joking|figuratively)(?![a-z])"
)
# The member reacting to something they saw or heard: a bill, a price, a score.
_REACTION_RE = re.compile(
    r"看到|看见|听到|一看|看了一眼|收到|想到|刷到"
    r"|(?<![a-z])(?:when|as soon as|the moment) (?:i|we) (?:saw|heard|got|read|opened|looked at|checked|found out)"
    r"|(?<![a-z])(?:at|over) the (?:price|bill|cost|news|score|sight)(?![a-z])"
)
# Exaggeration right before the word: 我直接心梗, 我要吐血了, 差点心梗.
_HYPERBOLE_BEFORE_RE = re.compile(r"(?:直接|当场|瞬间|简直|差点|真的要|要|快要|快)(?:就|要)?\s*$")
_SUDDEN_RE = re.compile(r"突然|忽然|(?<![a-z])sudden(?:ly)?(?![a-z])")


def is_figure_of_speech(concept: str, clause_text: str, rel_start: int, message: str) -> bool:
    """A word used figuratively by the member; the caller keeps it if anything else is a symptom."""
    if concept not in FIGURATIVE or _SUDDEN_RE.search(clause_text):
        return False
    if _HUMOUR_RE.search(message) or _REACTION_RE.search(clause_text):
        return True
    return bool(_HYPERBOLE_BEFORE_RE.search(clause_text[:rel_start])) and bool(_REACTION_RE.search(message))


_OPEN_QUOTE_RE = re.compile(r"[“\"「『‘']\s*$")
_CLOSE_QUOTE_RE = re.compile(r"^[\u4e00-\u9fff]{0,2}[”\"」』’']")


# Sticky weather that "makes one unable to breathe" (天气闷得人透不过气): 人 is anyone, not a patient.
_STUFFY_RE = re.compile(r"(?:天气|天儿?|气温|屋里|房间|车里|桑拿天|梅雨)[^，,。.!！]{0,6}闷(?:热)?得人(?:都|真)?(?:喘|透)不过(?:来)?气")


def stuffy_weather(concept: str, clause_text: str, rel_start: int) -> bool:
    """The breathlessness words are part of a remark about stuffy weather, and only that remark."""
    return concept == "severe_sob" and any(m.start() <= rel_start < m.end() for m in _STUFFY_RE.finditer(clause_text))


def quoted(clause_text: str, rel_start: int, rel_end: int) -> bool:
    """The word stands in quotation marks (他讲他"吐血哒"): someone's phrase repeated, whoever said it."""
    return bool(_OPEN_QUOTE_RE.search(clause_text[:rel_start])) and bool(_CLOSE_QUOTE_RE.match(clause_text[rel_end:]))


# A heavy sleeper, not an unrousable person: "sleeps like a log", "won't wake up before noon at weekends",
# "can't wake him for his alarm", 睡得跟死猪一样. Never with a sign of illness, something sudden or "now" in the message.
_SLEEP_HABIT_RE = re.compile(
    r"睡得(?:跟|像)(?:死猪|猪|木头|石头)|睡得(?:很|太|特别|可)?(?:死|沉)|(?:每天|天天|平时|周末)(?:早上)?(?:都)?(?:叫不醒|起不来)"
    r"|(?<![a-z])(?:(?:before|till|until) (?:noon|midday|lunch(?:time)?)|at (?:the )?weekends?|on weekends|every morning"
    r"|for (?:his |her |their |my )?(?:alarm|school|work|class|shift)|sleeps? like (?:a log|a rock|a baby|the dead)"
    r"|dead to the world|heavy sleeper)(?![a-z])"
)
# Anything that makes a deep sleep worrying: a sign, a cause (pills, drink, insulin, fever), "now", or a "but".
_ILL_RE = re.compile(
    r"呼吸|喘|抽|突然|发紫|发青|吐|冷汗|血糖|糖尿病|胰岛素|药|酒|呼噜|鼾|烧|摔|倒|嘴唇|软|现在|今天|今晚|今早|刚才|这会|下午|但|可是|却"
    r"|(?<![a-z])(?:now|tonight|today|this morning|afternoon|but|breath\w*|blue|grey|gray|fit|seiz\w*|sudden\w*"
    r"|vomit\w*|sugar|diabet\w*|insulin|fell|fall|collaps\w*|pale|cold|sweat\w*|pills?|tablets?|drunk|drink\w*"
    r"|beers?|wine|alcohol|overdos\w*|snor\w*|fever|hot|floppy|limp|unresponsive)(?![a-z])"
)
# Told lightly or asked about as ordinary: a laugh, a teenager, "is that normal?".
_LIGHT_RE = re.compile(r"哈哈|呵呵|[😂🤣😆😅]|正常吗|是不是|(?<![a-z])(?:lol|haha\w*|teen\w*|normal|growth|lazy)(?![a-z])")


def asleep_as_usual(concept: str, message: str) -> bool:
    """"Won't wake" told lightly of someone's ordinary heavy sleep, with nothing at all wrong in the message."""
    return (concept == "unconscious" and bool(_SLEEP_HABIT_RE.search(message)) and bool(_LIGHT_RE.search(message))
            and not _ILL_RE.search(message))


_DREAM_RE = re.compile(
    r"梦见|梦到|梦里|做梦|做了个梦|噩梦|恶梦"
    r"|(?<![a-z])(?:dream(?:t|ed|ing)?|nightmare|in my dream)(?![a-z])"
)
_WAKE_RE = re.compile(r"醒|(?<![a-z])(?:woke|wake|waking|awake)(?![a-z])")
# A dream told over several clauses ends on waking or on a word that brings the story back to now.
_DREAM_END_RE = re.compile(r"醒|现在|今天|今早|刚才|(?<![a-z])(?:woke|wake|waking|awake|now|today|this morning)(?![a-z])")


def in_dream(clause_text: str, rel_start: int, dreaming: bool = False) -> bool:
    """The word comes after "I dreamt" with no waking in between: in this clause, or in an earlier
    clause of the same dream (`dreaming`: 梦见自己中风了，说不出话，醒过来一身汗)."""
    dreams = list(_DREAM_RE.finditer(clause_text, 0, rel_start))
    if dreams:
        return not _WAKE_RE.search(clause_text, dreams[-1].end(), rel_start)
    return dreaming and not _DREAM_END_RE.search(clause_text, 0, rel_start)


def still_dreaming(clause_text: str, dreaming: bool) -> bool:
    """Whether the dream told in this clause (or carried into it) goes on into the next clause."""
    dreams = list(_DREAM_RE.finditer(clause_text))
    start = dreams[-1].end() if dreams else 0
    return (bool(dreams) or dreaming) and not _DREAM_END_RE.search(clause_text, start)


_SERVICE_AFTER_RE = re.compile(
    r"^\s*(?:的)?(?:康复|病房|俱乐部|协会|互助|小组|群|讲座|课|班|门诊|中心|科|患者|病人|病友|宣传|指南|筛查|专科|绿色通道)"
    r"|^\s*(?:rehab\w*|class(?:es)?|unit|ward|clinic|club|support|group|nurse|team|awareness|association|survivors?"
    r"|patients?|education|program(?:me)?|course|guidelines?|screening|service|specialist|centre|center)(?![a-z])"
)
_NAMED = frozenset({"stroke_named", "acs_named"})


# A disease named as a risk asked about ("漏了一次会不会中风", "does missing it cause a stroke?"), not a report.
_RISK_BEFORE_RE = re.compile(
    r"(?:会不会|会|容易|怕|担心|是否会|增加)(?:导致|引起|造成|得|诱发|发生)?\s*$"
    r"|(?<![a-z])(?:risk of|chance of|cause|causes|lead to|leads to|give (?:me|him|her)|get|have) (?:an? )?$"
)


def asked_as_a_risk(concept: str, clause_text: str, rel_start: int) -> bool:
    """A named disease (stroke, heart attack) that the clause asks about as a risk; symptoms are never skipped."""
    return concept in _NAMED and bool(_RISK_BEFORE_RE.search(clause_text[:rel_start]))


def names_a_service(concept: str, clause_text: str, rel_end: int) -> bool:
    """stroke 康复班, 心梗病友群, the stroke unit: a disease name used to name a service or group."""
    return concept in _NAMED and bool(_SERVICE_AFTER_RE.search(clause_text[rel_end:]))


_QUESTION_CUE_RE = re.compile(
    r"有没有|有无|是否|是不是|会不会|问我|问他|问她"
    r"|(?<![a-z])(?:any|did you|do you|have you|has he|has she|asked (?:me|him|her|if|whether))(?![a-z])"
)
# A whole clause that is only a "no" (我说没有 / Nope): "不太确定" is not an answer.
_NO_ANSWER_RE = re.compile(
    r"^\s*(?:(?:我|他|她|我们)?(?:说|回答|答|回)?(?:了)?(?:都|也|根本|完全|当然|一直)?(?:没有|没|不是|无|并没有)(?:的|啊|呀|哦|呢|了)?"
    r"|(?:no|nope|nah|not really|not at all|negative|none|never)(?: (?:at all|thankfully|thank god))?)\s*$"
)


def answered_no(prepared: str, clause_end: int, clause_text: str, rel_start: int, next_clause: str | None) -> bool:
    """The symptom is asked about (有没有黑便 / Blue lips?) and the next clause answers no."""
    if next_clause is None or not _NO_ANSWER_RE.search(next_clause):
        return False
    asked = prepared[clause_end : clause_end + 1] == "?" or "吗" in clause_text[rel_start:]
    return asked or bool(_QUESTION_CUE_RE.search(clause_text[:rel_start]))


_CAUSES: dict[str, re.Pattern[str]] = {
    # Lips or face swollen from a cosmetic or dental procedure.
    "lip_swell": re.compile(
        r"玻尿酸|填充|微整|医美|整形|肉毒|打了?(?:美容|瘦脸)?针|拔牙|补牙|种牙|牙科|根管|纹唇|漂唇"
        r"|(?<![a-z])(?:fillers?|botox|lip (?:job|flip|injections?|tattoo)|dermal|dentist|dental|tooth (?:pulled|out"
        r"|extraction)|wisdom tooth|root canal)(?![a-z])"
    ),
    # Blue or purple lips from food, drink or dye.
    "cyanosis": re.compile(
        r"蓝莓|桑葚|紫薯|墨水|染料|颜料|冰棍|冰棒|雪糕|口红|唇膏|葡萄|红酒"
        r"|(?<![a-z])(?:blueberr\w*|popsicles?|ice lolly|lolly|lollipop|slushie|candy|sweets|dye|ink|paint|marker"
        r"|lipstick|lip (?:gloss|stain)|grape|red wine|beetroot)(?![a-z])"
    ),
}
# Chest-wall pain: a strained muscle, pain on pressing or twisting, with breathing fine.
_CAUSES["chest_pain"] = re.compile(
    r"拉伤|扭到|岔气|一按就(?:疼|痛)|按(?:着|一下|压)(?:就|才|会)?(?:疼|痛)|(?:转身|扭身|弯腰)(?:时|的时候)?(?:才)?(?:疼|痛)"
    r"|(?<![a-z])(?:pulled (?:a muscle|something)|strained (?:a|my) (?:muscle|pec)|sore when (?:i )?(?:press|push|twist)"
    r"|hurts? when (?:i )?(?:press|push|twist|touch)|tender to (?:the )?touch)(?![a-z])"
)
# Blood brought up after a nosebleed ran down the throat is not vomited blood.
_CAUSES["haematemesis"] = re.compile(r"鼻血|流鼻血|鼻出血|(?<![a-z])(?:nosebleed|nose bleed|bleeding nose)(?![a-z])")
_CAUSES["face_swell"] = _CAUSES["lip_swell"]
# A numb face or thick speech while a dentist's local anaesthetic wears off.
_LOCAL_ANAESTHETIC_RE = re.compile(
    r"(?:打|上|用)了?(?:局部)?麻药|局麻|麻醉针|麻药(?:还)?没(?:过|退|消)"
    r"|(?<![a-z])(?:local )?(?:anaesthetic|anesthetic|novocaine|lidocaine|numbing (?:shot|injection|jab)|injection|jab)(?![a-z])"
)
# A teething baby drools; that is not a drooping mouth.
_TEETHING_RE = re.compile(r"长牙|出牙|萌牙|(?<![a-z])teething(?![a-z])")
_DENTAL_RE = re.compile(
    r"牙医|看牙|口腔科|(?:补|拔|种|洗|修|磨)(?:完|了|个|颗)?牙|根管"
    r"|(?<![a-z])(?:dentist|dental|tooth|teeth|filling|root canal|wisdom)(?![a-z])"
)
_LIMB_RE = re.compile(r"手|脚|胳膊|腿|(?<![a-z])(?:arm|leg|hand|foot)s?(?![a-z])")
# A limb gone numb from lying or sitting on it, that has already come back.
_POSTURE_RE = re.compile(
    r"压麻|压着(?:睡|了)|睡觉压|睡姿|坐久了|蹲久了|盘腿|跷二郎腿"
    r"|(?<![a-z])(?:slept on|sleeping on|lain on|lying on|sat on|sitting on) (?:it|my|the|his|her)|pins and needles"
    r"|crossed my legs|sitting cross-legged(?![a-z])"
)
_SETTLED_RE = re.compile(
    r"好了|没事了|缓过来|恢复了|不麻了|(?<![a-z])(?:fine|ok|okay|normal|better|went away|wore off|came back)(?![a-z])"
)


def explained_away(concept: str, message: str) -> bool:
    """A harmless cause for this sign is named in the message (filler for swollen lips, sleeping on an arm)."""
    if concept in ("face_droop", "speech", "limb_weak", "tongue_thick") and _dental_numbing(message):
        return True
    if concept == "face_droop" and _TEETHING_RE.search(message):
        return True
    if concept == "limb_weak":
        return bool(_POSTURE_RE.search(message)) and bool(_SETTLED_RE.search(message)) and not _SUDDEN_RE.search(message)
    cause = _CAUSES.get(concept)
    return cause is not None and bool(cause.search(message))


def _dental_numbing(message: str) -> bool:
    return (bool(_LOCAL_ANAESTHETIC_RE.search(message)) and bool(_DENTAL_RE.search(message))
            and not _LIMB_RE.search(message))


_EXERTION_RE = re.compile(
    r"爬(?:了)?.{0,4}楼|爬山|爬坡|跑步|跑了|快跑|运动|锻炼|健身|打球|踢球|游泳|搬(?:了)?|扛|快走|赶(?:公交|地铁|车)"
    r"|(?<![a-z])(?:climb\w*|running|ran|run|jog\w*|sprint\w*|workout|work out|exercis\w*|gym|stairs|uphill"
    r"|hike|hiking|carrying|lifting)(?![a-z])"
)
_REST_SETTLES_RE = re.compile(
    r"(?:歇|休息|停下|坐下|缓)(?:了)?(?:一会儿?|一下|几分钟|片刻)?(?:就|便)?(?:好了|好|没事|缓过来|恢复)"
    r"|(?<![a-z])(?:after|with) (?:a )?(?:rest|resting|a break|sitting down|a minute|a few minutes)(?![a-z])"
    r"|(?<![a-z])(?:rested|sat down|stopped)(?:[a-z ]{0,20})(?:fine|ok|okay|better|normal|went away|settled)(?![a-z])"
)
_AT_REST_RE = re.compile(
    r"(?:坐着|躺着|不动|休息|歇着)(?:的时候|时)?(?:都|也)"
    r"|(?<![a-z])(?<!after )(?<!with )(?:at rest|resting|lying down|sitting still)(?![a-z])"
)


def exertional_and_settled(clause_text: str, message: str) -> bool:
    """Breathless after climbing six floors, fine after a rest: not severe breathlessness."""
    return (
        bool(_EXERTION_RE.search(clause_text))
        and bool(_REST_SETTLES_RE.search(message))
        and not _AT_REST_RE.search(message)
    )
