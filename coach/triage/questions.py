"""Is a red-flag word part of a question, a lesson or a hypothetical rather than a report?

Three layers, from weak to strong:
- ordinary general-question cues (胸痛一般是什么原因, what causes chest pain) give way to any sign
  that the member is talking about themselves now (我, my chest, today, 突然 ...);
- reported or educational cues (听说 ..., I read that ..., what does FAST stand for, 是不是都会, how
  common) only give way to an explicit first-person or time marker: "突然一只眼看不见" inside
  听说 ... is hearsay, not a report;
- message frames: an exam or revision frame (护考刷题 ... 属于什么情况, revising ... what does it
  mean clinically) and a "just asking ahead" frame (先问问备着, just in case) widen the above to
  the whole message, but never to a clause that states a personal, current symptom (我现在胸痛
  stays a report) or, for the exam frame, a sudden onset (复习的时候突然胸口疼).
A member who applies the question to themselves anywhere in the message ("that's what I have",
我现在就是这样) switches all of this off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Frame", "is_general_question", "is_hypothetical", "message_frame", "reading_is_general"]

_KIN = (
    r"爸|妈|父亲|母亲|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆|爱人|丈夫|妻子|媳妇|老伴|儿子|女儿|孩子|老爷子|老太太"
)
_GENERAL_RE = re.compile(
    r"一般|通常|什么原因|啥原因|原因是什么|为什么会|为啥会"
    r"|(?:什么|哪些|啥)(?:样的)?(?:症状|表现|征兆|信号|先兆|前兆|预兆|迹象|征象|危害|后果|原因|区别|情况下)"
    r"|症状(?:有哪些|是什么)|早期(?:信号|症状|表现)|预防|怎样避免|如何避免|是什么病|什么是|(?<![没有])什么意思|怎么判断|如何判断"
    r"|怎么区分|如何区分|怎么识别|如何识别|常见|危险因素|风险因素|科普|文章|知识|(?:会|能|可能)(?:引起|导致|造成)"
    r"|引起的|多少算|算不算|(?:中风|卒中|脑梗|脑出血|心梗|心脏病|冠心病|高血压|糖尿病|癫痫)(?:会|能)(?:不会)?遗传"
    r"|(?<![a-z])(?:(?:is|are) (?:a )?(?:stroke|heart attacks?|heart disease|diabetes|epilepsy) (?:hereditary|genetic)"
    r"|(?:strokes?|heart attacks?|heart disease|diabetes) runs? in (?:the )?famil\w*)(?![a-z])|(?:需要|应该|要)注意(?:些|点)?(?:什么|哪些)|怎么急救|急救(?:方法|措施|知识)"
    r"|应该(?:吃|做|怎么|注意)|要(?:每天)?称体重吗|多久(?:查|做|测)"
    r"|(?:symptoms?|signs?|causes?|risk factors?|treatments?)\s*(?:有哪些|是什么|有什么|都有啥|是啥|有啥)"
    r"|(?:有什么|有哪些|什么|啥)\s*(?:symptoms?|signs?|warning signs?|causes?|risk factors?)"
    r"|哪个(?:更)?(?:危险|严重|好)|(?:有|的)区别|有什么不同|(?:有|有没有|有什么)(?:关系|关联|联系)|(?:相关|有关)(?:吗|么)"
    r"|(?:的人|的病人|的患者|的老人)(?:平时|一般|如果|要|应该|能不能|可以|容易|会)|风险评估|发病率|概率|几率"
    r"|(?<![a-z])(?:what (?:causes|can cause|could cause|is|are|does|happens)|what's (?:a|the)|causes? of"
    r"|(?:signs?|symptoms?|warning signs?) (?:of|for)|how (?:do|can|would|should) (?:i|you|we|one|people) "
    r"(?:know|tell|recogni[sz]e|spot|prevent|avoid|treat|manage)|how to|is it normal|risk factors?|prevent\w*"
    r"|tell me about|explain|learn about|information (?:on|about)|info (?:on|about)|why do|why does|in general"
    r"|generally|typical(?:ly)?|difference between|which is (?:worse|more)|is it (?:safe|ok|okay|dangerous)|awareness"
    r"|campaign|article|news|video|lecture|webinar|leaflet|(?:is|are) [a-z ]{1,30} (?:related|linked|connected) to"
    r"|(?:connection|link|relationship) between|just curious|out of curiosity|(?:people|patients|someone|anyone) (?:who|with|on|taking)"
    r"|risk (?:calculator|score|assessment|test)|how accurate|statistics|(?:chances?|odds|likelihood) of)"
    r"(?![a-z])|宣传|新闻|视频|讲座"
    r"|(?<![a-z])(?:can|does|do|could|will) [a-z' ]{1,40} cause(?![a-z])"
)
# Hearsay, definitions, other people's questions and textbook phrasing.
_STRONG_GENERAL_RE = re.compile(
    r"听说|据说|听人说|听别人说|网上说|书上说|新闻(?:上|里)?说|文章(?:上|里)?说|看到.{0,8}说|有人问|别人问"
    r"|(?:邻居|朋友|同事|同学|亲戚|家人|老师)(?:问|考)(?:我|了我)|是真的吗|是不是真的|是不是都|是否都"
    r"|下列|以下哪|哪一项|考点|考题|选择题"
    r"|(?<![a-z])(?:i (?:heard|read)|read (?:that|somewhere|online|an article|about)|heard (?:that|somewhere|about)"
    r"|someone asked|asked me (?:what|about|how|why|whether|if)|what (?:does|do|did) [a-z0-9' ]{1,30} stand for"
    r"|stands for|is (?:it|that|this) true|how common|how often do|how likely"
    r"|can be (?:from|due to|caused by|a sign of|a symptom of|linked to)"
    r"|(?:does|do) (?:all|every|everyone|most)|which of the following|most likely"
    r"|what (?:does|do|would) (?:a|an) [a-z0-9. ]{1,30} (?:mean|indicate|suggest))(?![a-z])"
)
_HYPOTHETICAL_RE = re.compile(
    r"如果|假如|假设|万一|要是|的话|比如|例如|譬如|目标|控制在|正常值|正常范围|参考值|参考范围|标准是|多少算|现实中|现实生活中"
    r"|注意观察|留意有没有|留意是否|警惕"
    r"|(?<![a-z])(?:if|in case|suppose|supposing|what would happen|for example|e\.g|such as|target|goal|cut-?offs?|in real life"
    r"|(?<!my )(?<!his )(?<!her )(?<!the )(?<!smart)(?<!apple )(?<!fitness )watch (?:out )?for(?! the (?:past|last))|look out for|keep an eye out for"
    r"|normal (?:range|level|value)s?|should be (?:under|below|above|less|over)|when (?:should|do) (?:i|you))(?![a-z])"
)
_WORSENING_RE = re.compile(
    r"加重|更厉害|还(?:是|在|没)|继续|持续|又|(?<![a-z])(?:gets? worse|getting worse|worsens|doesn't (?:go away|stop"
    r"|improve)|still|persists?)(?![a-z])"
)
_PERSONAL_ZH_PREFIX = re.compile(
    rf"(?:我|俺|他|她|{_KIN})(?:现在|正在|突然|刚才|刚刚|今天|有点|有些|感觉|觉得|老是|总是|一直|又|也|的|最近|这几天|这两天)*\s*$"
)
_NOW_RE = (
    r"现在|正在|刚才|刚刚|今天|昨天|昨晚|今早|今晚|最近|这几天|这两天|老是|总是"
    r"|(?<![a-z])(?:i|i'm|i am|i've|ive|he|she|he's|she's|we)\s+(?:have|has|had|am|is|are|was|been|got|get|feel|felt"
    r"|feeling|having|think|keep|can't|cannot|suddenly)(?![a-z])"
    r"|(?<![a-z])(?:my|his|her) (?:chest|head|heart|arm|leg|face|lips|throat|sugar|blood|bp|stool|vision|eye|potassium"
    r"|egfr|glucose|reading|result|level|pressure)"
    r"|(?<![a-z])(?:right now|currently|at the moment|today|this morning|tonight|just now)(?![a-z])"
)
_PERSONAL_RE = re.compile(_NOW_RE + r"|突然|(?<![a-z])suddenly(?![a-z])")
# For hearsay and lessons only an explicit "me, now" counts: 突然 / suddenly describes the symptom.
_STRONG_PERSONAL_RE = re.compile(_NOW_RE + r"|(?:我|俺)(?:的|有|感觉|觉得|也|又|一直)|(?:得|到)(?:很|厉害|要命|受不了)")
_ASKING_RE = re.compile(r"我想(?:问问?|了解|知道|咨询)|请问|我问一下|想了解一下")

# Message frames.
_EDU_RE = re.compile(
    r"护考|执医|考研|刷题|复习|考试|考题|题库|选择题|课本|教材|考点|护理学|医学生|病例分析|案例分析"
    r"|(?<![a-z])(?:(?:nursing|medical|med|board|final|licensing|practice|mock) exams?|exam (?:question|prep|revision)"
    r"|revising|revision|studying for|study(?:ing)? (?:for|notes)|quiz|textbook|homework|flashcards?"
    r"|exams? (?:tomorrow|today|next week|question|prep|revision)|(?:for|studying for|revising for) (?:my |the |an )?exams?"
    r"|a patient (?:with|who|has|presents)|case (?:study|vignette)"
    r"|(?:nursing|med|medical) school|nclex|usmle|osce|coursework|assignment)(?![a-z])"
)
# A textbook question: 属于什么情况, 最可能的诊断, what does ... mean clinically, which of the following.
_QUIZ_RE = re.compile(
    r"属于什么|最可能|首选|下列|以下哪|哪一项|考虑(?:什么|哪)|诊断(?:是什么|为)|提示什么"
    r"|首先(?:应|要|该)|处理原则|立即(?:给予|采取)"
    r"|(?<![a-z])(?:what (?:does|do|would) [a-z0-9. ]{1,40} (?:mean|indicate|suggest)|which of the following"
    r"|most likely|what(?: is|'s) the (?:diagnosis|first step|next step|management|first[- ]line|best)|clinically"
    r"|(?:first|next|best) (?:step|line|management|initial))(?![a-z])"
)
# "That is what I have": the member applies a general question to themselves.
_APPLIES_TO_ME_RE = re.compile(
    r"我(?:现在)?就是这样|我现在就(?:这样|是)|我(?:现在)?(?:就)?有这(?:个|些|种)(?:症状|情况)?|跟我(?:现在)?(?:的)?(?:一样|一模一样|差不多)"
    r"|(?<![a-z])(?:that's what i(?:'m| am) (?:having|feeling|experiencing|getting)|(?:that's|this is) what i have"
    r"|i(?:'ve| have) got (?:that|this|those|these|exactly that)|i have (?:that|this|those|these|exactly that)"
    r"|(?:i'm|i am) having (?:that|this|those|these)|same (?:as|thing) (?:i have|i'm having|happening to me))(?![a-z])"
)
# An onset word keeps an exam or revision context from hiding a symptom (复习的时候突然胸口疼).
_ONSET_RE = re.compile(r"突然|忽然|一下子|(?<![a-z])(?:suddenly|all of a sudden)(?![a-z])")
_AHEAD_RE = re.compile(
    r"备着|以防万一|防患于未然|未雨绸缪|提前(?:问|了解|准备|学)|先问问|先了解"
    r"|(?<![a-z])(?:just in case|for future reference|in advance|ahead of time|to be prepared|for next time"
    r"|before it happens)(?![a-z])"
)


# How-to questions: only general when the member says they are asking ahead (胸口疼怎么处理 alone is a report).
_HOW_TO_RE = re.compile(
    r"怎么办|怎么处理|如何处理|该怎么|怎么应对|如何应对|怎么急救|如何急救|吃什么药"
    r"|(?<![a-z])(?:what (?:should|do|would) (?:i|we|you|one) do|how (?:do|should|would) (?:i|we|you) (?:treat|handle"
    r"|deal with|manage))(?![a-z])"
)


@dataclass(frozen=True)
class Frame:
    """What the whole message is doing, beyond any one clause."""

    educational: bool = False  # an exam or revision question
    ahead: bool = False  # asking ahead of time, "just in case"
    applies_to_me: bool = False  # "... is that true? because that's what I have": nothing is general


def message_frame(prepared: str) -> Frame:
    educational = bool(_EDU_RE.search(prepared)) and bool(_QUIZ_RE.search(prepared))
    return Frame(educational, bool(_AHEAD_RE.search(prepared)), bool(_APPLIES_TO_ME_RE.search(prepared)))


def is_hypothetical(clause_text: str) -> bool:
    """如果出现胸痛 / if my sugar drops - unless it is already getting worse (如果胸痛加重)."""
    return bool(_HYPOTHETICAL_RE.search(clause_text)) and not _WORSENING_RE.search(clause_text)


def _strongly_general(text: str, frame: Frame) -> bool:
    """Hearsay, a lesson or a definition, with no explicit "me, now" in the clause."""
    if frame.applies_to_me or _STRONG_PERSONAL_RE.search(text):
        return False
    if _STRONG_GENERAL_RE.search(text):
        return True
    return frame.educational and not _ONSET_RE.search(text)


def is_general_question(clause_text: str, rel_start: int, rel_end: int, frame: Frame | None = None) -> bool:
    """A question about a condition in general, not a report of one (胸痛一般是什么原因)."""
    frame = frame or Frame()
    if is_hypothetical(clause_text):
        return True
    if frame.applies_to_me:
        return False
    text = _ASKING_RE.sub(lambda m: " " * len(m.group(0)), clause_text)
    if _strongly_general(text, frame):
        return True
    if not (_GENERAL_RE.search(clause_text) or (frame.ahead and _HOW_TO_RE.search(clause_text))):
        return False
    if _PERSONAL_ZH_PREFIX.search(text[:rel_start]) or _PERSONAL_RE.search(text):
        return False
    # 低血糖了怎么办 reads as happening now, unless the member says they are asking ahead.
    return frame.ahead or not text[rel_end:].startswith("了")


def reading_is_general(clause_text: str, frame: Frame) -> bool:
    """A number quoted in a lesson or hearsay (护考刷题：血压190/125 ..., what does a potassium of 6.5 mean)."""
    return _strongly_general(clause_text, frame)
