"""Does a matched symptom describe the present? Negation, history and resolution.

All checks work inside one clause (see text.split_clauses), so 去年胸痛过，现在挺好
scopes 去年 to the first clause only, and 我没有胸痛，但是头晕 negates only 胸痛.
When unsure, these checks answer "present": a missed red flag costs more than
an unneeded referral. General questions and hypotheticals are in coach.triage.questions.
"""

from __future__ import annotations

import re

# ---- negation -------------------------------------------------------------
# A negation cue must be followed (up to the symptom) only by light filler words.
# Broad cues (没有, don't ...) allow verbs such as 感觉 / feel; narrow cues (no, 无,
# 不) allow only determiners, so "No I have chest pain" stays a report.
_BROAD_FILL_ZH = (
    r"有|感到|感觉|觉得|觉|出现|发生|发现|再|什么|啥|任何|明显|过|太|怎么|很|那么|特别|是|想|想过|打算|要|犯|发作"
    r"|一点|还|也|都|的|了|真的|再次|又|曾|自己|我|他|她|说|看到|起|过什么|吃|服|用|喝|补"
)
_NEG_ZH = re.compile(
    rf"(?:(?:从来|也|都|并|还|根本|完全)?(?:没有|没|未)|否认|并无|不再)(?:{_BROAD_FILL_ZH})*\s*$"
    r"|(?:无|毫无)(?:明显|任何|什么)*\s*$"
    r"|不(?:是|太|怎么|再|很|觉得|感觉|那么|算)*\s*$"
)
_BROAD_FILL_EN = (
    r"i|i'm|im|am|is|are|was|were|been|be|have|has|had|having|any|anymore|feel|feeling|felt|experience|experiencing"
    r"|experienced|get|getting|got|really|a|an|the|some|much|more|other|signs?|symptoms?|of|further|new|real"
    r"|actually|currently|at|all|like|that|he|she|they|my|his|her|their|suffer|suffering|from|notice|noticed"
    r"|think|longer|see|seen|report|reported|complain|complaining|going|gonna|to|want|wanna|today|now|in|this"
    r"|anything|it|even|yet|so|too|very|and|or|nor|with|just|ever|taking|taken|take|took|eaten|eating|ate|using|used"
    r"|on"
)
_NARROW_FILL_EN = r"any|real|more|further|new|significant|obvious|signs?|symptoms?|of|the|a|other|longer|major"
_NEG_EN = re.compile(
    r"(?<![a-z])(?:not|never|denies|denied|deny|denying|don'?t|do not|doesn'?t|does not|didn'?t|did not|haven'?t"
    r"|have not|hasn'?t|has not|hadn'?t|isn'?t|is not|wasn'?t|was not|aren'?t|weren'?t|won't|nor|neither)"
    rf"(?:\s+(?:{_BROAD_FILL_EN}))*\s*$"
    r"|(?<![a-z])(?:no|without|none|free of|negative for|absence of|ruled out)"
    rf"(?:\s+(?:{_NARROW_FILL_EN}))*\s*$"
)
_A_NOT_A = re.compile(r"([是有会要能可])[不没]\1|是否|会不会|不会是|不会吧")
_CONJUNCTIONS = re.compile(r"、|和|或者|或是|或|及|以及|跟|与|(?<![a-z])(?:and|or|nor)(?![a-z])|/")
# Right after the symptom: 胸痛不明显, chest pain: none.
_NEG_AFTER = re.compile(r"^\s*(?:不明显|并不明显|没有了?$|-?\s*no(?![a-z])|:\s*(?:no|none)(?![a-z]))")
# A denial that ends the clause after a short noun phrase or a topic marker (胸痛倒是没有, 想不开那倒没有); "never"
# (从来没有过) only of a thought (寻死的想法从来没有过): of a symptom it says the symptom is new (这种胸痛从来没有过).
# Not after a sign that is itself an absence (没有放屁 … 也没有).
_DENIED_AFTER = re.compile(r"^(?:的|那种|这种|那样|这样)?(?:感觉|情况|症状|事儿?)?(?:那|这)?(?:倒是|倒|也|可|是|都)?"
                           r"(?:没有|没|冇)(?:了)?(?:的|啦|哈|哦|呢|啊)?\s*$"
                           r"|^(?:的|那种|这种|那样|这样)?(?:想法|念头|打算)(?:那|这)?(?:倒是|倒|也|可|是|都)?(?:从来|从)?(?:没有|没|冇)"
                           r"(?:过|了)?(?:的|啦|哈|哦|呢|啊)?\s*$")
# "Never thought of it" (轻生倒是没想过, 不想活的念头没想过) denies a thought of self-harm only, so even one worded as
# an absence (不想活) is denied by it; "no plan" (没打算) or "didn't expect" (没想到) does not deny the thought. A space
# ends the clause in chat (寻死倒没想过 就是闷).
_THOUGHT_DENIED_AFTER = re.compile(r"^(?:的|那种|这种|那样|这样)?(?:想法|念头)?(?:那|这)?(?:倒是|倒|也|可|是|都)?(?:从来|从)?"
                                   r"(?:没有|没|冇)想过(?:的|啦|哈|哦|呢|啊)?(?:\s|$)")
_NEW_BEFORE = re.compile(r"(?:这种|这么|这样|那么|那种)[^，,。]{0,4}$")
_ABSENCE = re.compile(r"[没不冇无]|(?<![a-z])(?:no|not|can'?t|cannot|haven'?t|hasn'?t)(?![a-z])")


def is_negated(clause_text: str, rel_start: int, rel_end: int, other_spans: list[tuple[int, int]], *,
               thought: bool = False) -> bool:
    """True if the symptom at [rel_start, rel_end) of the clause is negated; `thought`: it is a thought of
    self-harm, which "never thought of it" after it also denies."""
    prefix = list(clause_text[:rel_start])
    for start, end in other_spans:  # other symptoms in a negated list: 没有胸痛、头晕或出汗
        if end <= rel_start:
            for i in range(start, end):
                prefix[i] = " "
    text = _A_NOT_A.sub(lambda m: " " * len(m.group(0)), "".join(prefix))
    text = _CONJUNCTIONS.sub(lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"\s+", " ", text)
    # Chinese fillers sit without spaces; drop spaces so 没 有 胸痛 still reads 没有.
    zh = text.replace(" ", "")
    if _NEG_ZH.search(zh):
        return True
    if _NEG_EN.search(text.rstrip() + " ") or _NEG_EN.search(text.rstrip()):
        return True
    after = clause_text[rel_end:]
    if _NEG_AFTER.search(after) or (thought and _THOUGHT_DENIED_AFTER.search(after)):
        return True
    return (bool(_DENIED_AFTER.search(after)) and not _ABSENCE.search(clause_text[rel_start:rel_end])
            and not _NEW_BEFORE.search(clause_text[:rel_start]))


# ---- history ----------------------------------------------------------------
_HISTORY_RE = re.compile(
    r"去年|前年|大前年|(?:[\d一二两三四五六七八九十几多]+|好几|很多|许多)年(?:前|以前|之前)|多年前|早年|(?:前|早)(?:些|几)年|年轻(?:的)?时(?:候)?|小时候"
    r"|(?:19|20)\d{2}\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2})|那时候|那会儿|当年|(?<![没沒])有过|(?<![比从跟和较与])(?:上次|上回)"
    r"|(?<![饭药觉床班门睡吃前点天比])(?:以前|之前|从前)|曾经|以往|既往|病史|得过|患过|做过(?:心脏)?(?:支架|搭桥|手术)"
    r"|上个月|上上个月|(?:[\d一二两三四五六七八九十几]+)个月(?:前|以前|之前)|几个月前"
    r"|(?<![a-z])(?:last (?:year|month|winter|summer|spring|autumn|christmas)|(?:\d+|a few|few|several|many|two|three"
    r"|five|ten) (?:years?|yrs?|months?|mos|decades?) ago|(?:years?|yrs?) ago|months? ago|long time ago|ages ago|in the past|used to"
    r"|history of|previously|when (?:i|he|she) was (?:young|younger|a child|a kid|little|a teen(?:ager)?|in (?:school|college|uni))|back in (?:\d{4}|the day)"
    r"|(?:back )?in (?:january|february|march|april|june|july|august|september|october|november|december"
    r"|the spring|the summer|the autumn|the winter)"
    r"|in (?:19|20)\d{2}|as a (?:child|kid|teen(?:ager)?|student|baby)|after (?:a|my|his|her|the) (?:stroke|heart attack|mi))(?![a-z])"
)
# Cues that the episode is still going on or happened recently override history.
_CURRENT_RE = re.compile(
    r"至今|到现在|还在|还是|还有|仍然|依然|又|开始|越来越|刚才|刚刚|今天|今早|今晨|今晚|早上|上午|中午|下午|晚上|昨天|昨晚"
    r"|前天|这两天|这几天|最近|上周|这周|本周|前几天|(?:[\d一二两三四五六七八九十几半]+)(?:天|日|小时|分钟)(?:前|以前|之前)"
    r"|(?<![a-z])(?:still|again|ongoing|(?<!none )(?<!nothing )(?<!no more )(?<!not once )since|started|keeps?|came back|come back|won't go away|today|this morning"
    r"|tonight|this afternoon|this evening|yesterday|last night|just now|an hour ago|hours ago|minutes ago"
    r"|days ago|last week|this week|right now|currently)(?![a-z])"
)
_EXPERIENTIAL_AFTER = re.compile(r"^\s*(?:了)?过(?!去|来|气|敏)")
# After a named disease: its aftermath, or a death from it (脑出血走了, a stroke took him): not happening now.
_DISEASE_AFTER = re.compile(r"^\s*(?:后|以后|之后|后遗症|史|病史|康复|恢复期|rehab|recovery|survivor"
                            r"|(?:就|后)?(?:走了|去世了?|过世了?|离世了?|死了)(?:的|啊|呢|呀)?\s*$|(?:killed|took) (?:him|her))")
# Before it: "died of a stroke", "lost my dad to a heart attack".
_DIED_OF_BEFORE = re.compile(r"(?<![a-z])(?<!nearly )(?<!almost )(?:died|passed away|passed|lost (?:him|her|my \w+))"
                             r" (?:of|from|after|to) (?:a |an |his |her )?(?:massive |big |bad |sudden )?$")
_NAMED_DISEASES = frozenset({"stroke_named", "acs_named"})
# A named disease that put the person in hospital (隔壁王奶奶昨天中风住院了, admitted with a heart attack on Monday):
# hospital care already has it. Only a real admission counts; not one refused, asked about or on its way, and not
# while the onset is now (刚才, just, right now).
_IN_HOSPITAL_AFTER = re.compile(r"^[^,，。.;；!?！？]{0,8}?(?:住(?:了|进)了?(?:医)?院|住院(?:了|治疗)|(?:was|been|got) admitted"
                                r"|hospitali[sz]ed)")
_ADMITTED_BEFORE = re.compile(r"(?<![a-z])(?:was |been |got )?(?:admitted|hospitali[sz]ed) (?:with|for|after) "
                              r"(?:a |an |his |her |my )?$")
_NOT_ADMITTED = re.compile(r"没|不|未|要不要|吗|[?？]|来不及|(?<![a-z])(?:not|n't|never|should|whether)(?![a-z])")
_ONSET_NOW = re.compile(r"刚才|刚刚|正在|突然|现在|(?<![a-z])(?:just|now|right now|currently|suddenly)(?![a-z])")


def is_history(clause_text: str, concept: str, rel_start: int, rel_end: int) -> bool:
    """The clause talks about a past episode (去年胸痛过, had a stroke 5 years ago, died of a stroke)."""
    if concept in _NAMED_DISEASES and (_IN_HOSPITAL_AFTER.search(clause_text[rel_end:])
                                       or _ADMITTED_BEFORE.search(clause_text[:rel_start])) \
            and not _NOT_ADMITTED.search(clause_text) and not _ONSET_NOW.search(clause_text):
        return True
    if _CURRENT_RE.search(clause_text):
        return False
    if _HISTORY_RE.search(clause_text):
        return True
    after = clause_text[rel_end:]
    if _EXPERIENTIAL_AFTER.search(after):
        return True
    if concept not in _NAMED_DISEASES:
        return False
    died_of = bool(_DIED_OF_BEFORE.search(clause_text[:rel_start]))
    return died_of or bool(_DISEASE_AFTER.search(after))


# A clause that goes on telling the same past episode: 十年前晕倒过一次，查了说是低血糖.
_CONTINUES_PAST_RE = re.compile(
    r"查了|查出|检查(?:说|发现)|说是|诊断|确诊|当时|那次|那时|那会儿|住了院|住院"
    r"|(?<![a-z])(?:at the time|turned out|they said it was|diagnosed|back then|that time)(?![a-z])"
)


def continues_history(clause_text: str) -> bool:
    """The clause follows a past episode and only explains it (查了说是低血糖), with nothing current."""
    return bool(_CONTINUES_PAST_RE.search(clause_text)) and not _CURRENT_RE.search(clause_text)


def clause_is_past(clause_text: str) -> bool:
    """Whole-clause version for readings: 上个月血压180/110."""
    return bool(_HISTORY_RE.search(clause_text)) and not _CURRENT_RE.search(clause_text)


# ---- a long-standing baseline ------------------------------------------------
# "一直都这样", "no worse than usual": the member describes how they always are, not something new.
_BASELINE_RE = re.compile(
    r"一直(?:都)?(?:是)?(?:这样|这个样子|如此)|(?:好|很)?多年(?:了|都这样)|老样子|老毛病了?|跟(?:平时|以前|往常)(?:一样|差不多)"
    r"|(?<![a-z])(?:always (?:been )?(?:like )?(?:this|that)|(?:no|not) (?:any )?worse than (?:usual|normal|before|ever)"
    r"|same as (?:always|usual|ever|before)|(?:my|his|her) (?:usual|normal) (?:self|baseline)|(?:as|like) (?:always|usual)"
    r"|(?:ever )?since (?:the|my|his|her) (?:stroke|operation|surgery))(?![a-z])"
)
_WORSE_RE = re.compile(r"越来越|加重|更(?:重|厉害|严重)|突然|又(?:来|犯|发作|开始)|比(?:上周|上个星期|之前|以前|昨天|前几天)(?:更|还|肿|厉害|重)"
                       r"|往上(?:肿|走|蔓延)|肿到|蔓延"
                       r"|(?<![a-z])(?:worse|worsening|sudden\w*|new|again|came back|more \w+ than (?:last|yesterday|before)"
                       r"|creep\w* (?:up|higher)|spread\w*|further up|up to (?:the |my |his |her )?(?:knees?|thighs?))(?![a-z])")


def is_baseline(clause_text: str, next_text: str, message: str) -> bool:
    """The clause, or the one right after it, says this is how things have long been, and nothing in the message got worse."""
    said = _BASELINE_RE.search(clause_text) or _BASELINE_RE.search(next_text)
    return bool(said) and not _WORSE_RE.search(message)


# ---- resolution and recurrence ---------------------------------------------
_RESOLVED_RE = re.compile(
    r"(?:已经|后来|自己|现在|目前|就)?(?:好了|没事了|缓解了|消失了|不疼了|不痛了|停了|过去了|恢复了|正常了|退了)"
    r"|(?<![a-z])(?:went away|gone now|is gone|it's gone|it is gone|has gone|resolved|settled|subsided|cleared up|eased off"
    r"|disappeared|(?:fine|ok|okay|normal) (?:now|since|ever since)|been fine|back to normal"
    r"|(?:vision|sight|eyesight) (?:came|has come|is|was) back|(?:it|that|which|then it|and it) (?:has |had )?passed(?! out)"
    r"|stopped)(?![a-z])"
)
RECUR_RE = re.compile(
    r"又(?:疼|痛|犯|来|开始|发作|出现)|又.{0,3}了|再次(?:出现|发作)|(?<![a-z])(?:again|came back|is back|has returned"
    r"|returned)(?![a-z])"
)
SUDDEN_RE = re.compile(r"突然|一下子|忽然|猛然|(?<![a-z])(?:sudden(?:ly)?|all of a sudden)(?![a-z])")


def is_resolved_after(text_after: str) -> bool:
    return bool(_RESOLVED_RE.search(text_after))


# A clinician has already seen the (settled) episode: 医生看过了说没事, my GP checked me over.
ASSESSED_RE = re.compile(
    r"(?:医生|大夫|医院|门诊|急诊|社区|诊所)(?:已经|也|都)?(?:看过|查过|检查过|看了|查了|检查了|说没事|说没问题|说正常|说不要紧)"
    r"|(?:医生|大夫)(?:已经)?(?:让|叫|嘱咐|交代|说)(?:我)?(?:少吃|多吃|控制|注意|忌口|下次|定期|下个月|下周|观察"
    r"|过(?:几|两|一|三)(?:天|周|个月))"
    r"|(?:看过|去过|查过|去看了|去查了)(?:了)?(?:医生|医院|门诊|急诊)|检查(?:过|了)?(?:都|也)?(?:没事|正常|没问题)"
    r"|(?<![a-z])(?:(?:gp|doctor|dr|nurse|cardiologist|a&e|er|hospital|clinic|paramedics?)(?![a-z])[^.;!?]{0,20}?"
    r"(?:checked|examined|saw me|seen me|looked at|said (?:it was|it's|i was|i'm|i am) (?:fine|ok|okay|nothing|normal))"
    r"|checked me over|(?:got|been|was) (?:checked|seen|examined)(?: out| over| by)?|all (?:tests|checks) (?:were |came back )?"
    r"(?:normal|clear|fine))(?![a-z])"
)


# The episode was within the last hour: a stroke sign that cleared this recently is still an emergency.
WITHIN_HOUR_RE = re.compile(
    r"刚才|刚刚|半小时前|(?:[\d一二两三四五六七八九十几]+|十几|二三十|几十)分钟(?:前|以前|之前)"
    r"|(?<![a-z])(?:just now|a (?:few|couple of) minutes ago|(?:\d+|few|ten|fifteen|twenty|thirty|forty|forty-five) "
    r"(?:mins?|minutes) ago|half an hour ago|an hour ago|within the (?:last|past) hour)(?![a-z])"
)
# A reading that has stayed high for days, not a single value.
PERSISTENT_RE = re.compile(
    r"一直|总是|老是|天天|每天|连续|持续|这(?:几|两|[二三四五六七])天|(?:好几|几|[二两三四五六七]|\d+)天(?:了|都|来|以来)"
    r"|(?<![a-z])(?:most days|every day|all week|for (?:days|\d+ days|two days|three days|several days|a few days|a week)"
    r"|consistently|persistently|constantly|keeps? (?:being|running|reading)|been (?:running|sitting|stuck|in the))(?![a-z])"
)
# A clinician or the lab has asked the member to get in touch today: a moderately raised result is then same-day.
SAME_DAY_ADVISED_RE = re.compile(
    r"(?:医生|大夫|护士|医院|化验室|检验科|诊所|社区|门诊)(?:打电话|来电话|打来电话)?(?:说|让|叫|要|通知)(?:我)?(?:今天|当天|尽快|马上|赶紧|立刻|立即)"
    r"|危急值|(?<![a-z])(?:(?:told|asked|said|wants?|advised)(?: me)? to (?:call|ring|phone|speak to|see|contact|come in)"
    r"(?: (?:my|the|a|your) (?:doctor|gp|surgery|clinic|nurse))?(?: (?:today|urgently|asap|straight away|right away|same day))"
    r"|surgery (?:said|asked|wants) (?:me )?to call|said to call|flagged (?:as )?(?:urgent|critical)|critical (?:value|result))(?![a-z])"
)
