"""What kind of turn a member's message is, and for health questions what they want to know.

Deterministic and offline: small bilingual lexicons over the normalised text, ordered so that the
more specific reading wins (a greeting that carries a question is a question). Measured on the
conversation sets' labelled acts and intents (`coach eval conversation`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Act = Literal["greeting", "thanks", "small_talk", "off_topic", "emotional", "own_data", "health_question",
              "follow_up", "reminder_reply", "reading_report"]
Intent = Literal["diagnosis", "what_is", "who_needs", "why", "how_often", "target", "result_meaning", "prepare", "how_to_book",
                 "what_to_eat", "lifestyle", "missed_dose", "side_effect", "interaction", "next_steps", "general"]
SOCIAL_ACTS: frozenset[str] = frozenset({"greeting", "thanks", "small_talk", "off_topic", "emotional"})


@dataclass(frozen=True)
class TurnAct:
    act: Act
    intent: Intent


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


_GREETING = _rx(r"^(?:你好|您好|哈喽|嗨|早上好|早安|早|中午好|下午好|晚上好|在吗|在不在|在么|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning)"
                r"(?:呀|啊|哦|!|！|~|，|,|\s|coach|医生|小助手|助手|there|doc|dear|everyone|again)*$")
_THANKS = _rx(r"谢谢|多谢|感谢|谢啦|谢了|\bthx\b|thanks|thank you|thank u|\bcheers\b|\bty\b|\bbye\b|再见|拜拜|fair enough")
_ACK = _rx(r"^(?:好的|好吧|好|行|嗯|哦|ok|okay|got it|great|cool|明白|明白了|懂了|知道了|收到|了解)[!！。.~\s]*$")
_SMALL_TALK = _rx(r"你是谁|你是机器人|你是真人|你叫什么|吃了吗|你好吗|最近怎么样|你(?:说话)?真(?:好|暖|耐心|棒)|暖心|你平时|你喜欢|你累不累|你会累",
                  r"how are you|who are you|are you (?:a )?(?:bot|robot|human|real)|what(?:'s| is) your name|你几岁"
                  r"|you'?re (?:very |so )?(?:patient|kind|nice|sweet|helpful)|do you (?:ever|have|like|get)|your feelings")
_OFF_TOPIC = _rx(r"天气|下雨|气温|股票|股市|a股|港股|抄底|基金|黄金|彩票|足球|篮球|比赛|欧冠|英超|电影|电视剧|新闻|八卦|打车|快递|外卖|翻译|写(?:一首)?诗|讲个笑话",
                 r"weather|rain(?:ing)?\b|stocks?\b|shares|bitcoin|\bgold\b|lottery|football|soccer|basketball|league|"
                 r"man united|\bmatch\b|\bgame last night|movie|news\b|joke\b|translate|poem")
_EMOTIONAL = _rx(r"心情不好|心情很差|心情差|心情低落|情绪低落|情绪不好|不开心|难过|想哭|很烦|好烦|烦死|焦虑|紧张得|压力(?:好|很|太)?大|没意思|没劲|提不起"
                 r"|睡不着|睡不好|失眠|孤独|寂寞|没人(?:管|理)|郁闷|抑郁|不踏实|好累|心累",
                 r"feel(?:ing)? (?:a bit |so |really |very |kind of )?(?:down|low|sad|blue|anxious|lonely|hopeless|stressed|empty|depressed|tired and fed up)"
                 r"|\bdown for weeks|can'?t sleep|cannot sleep|trouble sleeping|not sleeping|no motivation|stressed out|worried sick"
                 r"|overwhelmed|fed up|lost interest")
_OWN_DATA = _rx(r"我(?:的|上次|最近|最近一次|这阵子|这段时间)(?:量的|测的|查的)?.{0,4}(?:血压|血糖|体重|糖化|血脂|血钾|肾功能|egfr|化验|检查|吃药|服药|记录)"
                r".{0,6}(?:多少|怎么样|如何|来着|情况|记录)|我(?:现在)?(?:吃|用)的(?:药|是什么药)(?:有哪些|是什么|都有啥|有啥)?[?？]?$"
                r"|我现在吃的药有哪些|(?:查|看)(?:一下|下)?我的(?:记录|数据|读数)",
                r"what (?:was|is|were) my|how(?:'s| is| are| have) my|my (?:last|latest) |show me my|what (?:medicines|meds|pills|dose)"
                r" (?:am i|do i|of)|which .{0,20} am i on|am i (?:due|on)\b|have i (?:had|missed|done)|how many doses have i|when is my next"
                r"|what'?s my (?:bmi|bp|weight|hba1c|egfr)")
_SLEEP_ONLY = _rx(r"睡不着|睡不好|失眠", r"can'?t sleep|cannot sleep|trouble sleeping|not sleeping")
_REMINDER_REPLY = _rx(r"已吃|吃过了|刚吃了|吃了$|已服|已经服|补上了|已测|已称|已约|约好了|已经约了|预约了|已预约|做完了|已做",
                      r"^(?:taken|took (?:it|my)|done|booked|not yet|skipped)|done,? booked|\bbooked it\b|took it at|took my")
_QUESTION = _rx(r"[?？]|吗|呢|么|怎么|怎样|什么|为什么|为啥|多少|多久|几次|是否|要不要|能不能|可不可以|可以吗|该不该|行不行|咋",
                r"^(?:how|what|why|when|where|which|who|should|can|could|is|are|do|does|will|would)\b")
_FOLLOW_UP = _rx(r"^(?:那|那么|所以|还有|另外|and|so|then|but)?[，,\s]*(?:为什么|为啥|怎么办|该怎么办|怎么做|多久(?:查|做|测)?(?:一次)?|多长时间|要注意什么|有什么要注意"
                 r"|[\u4e00-\u9fff]{1,3}呢|这个呢|那个呢|why|how often|what about [a-z ]{1,20}|and [a-z ]{1,20}|what should i do|what now|how come"
                 r"|is that bad|is that ok|really)[?？。.!！\s]*$")

_INTENTS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("diagnosis", _rx(r"我是不是(?:得了|有|患了|就是)|是不是得了|算不算.{0,6}(?:病|症)|我(?:这|这样)?(?:是|算)不是.{0,8}(?:病|症)",
                      r"do i have (?!to\b)|have i got|so i have|am i (?:diabetic|sick)|is (?:that|this|it) (?:an? |the )?[a-z]+\?$")),
    ("missed_dose", _rx(r"忘(?:了|记)?(?:吃|服|打)|老是忘|总是忘|总忘|记不住|(?<!别)忘了(?!吃饭)|漏(?:吃|服|打|了|掉)|晚吃了|吃晚了|没(?:有)?吃药|少吃了一次|补(?:吃|服)|要补", r"forg[eo]t|keep forgetting|missed (?:a |my |the )?(?:dose|pill|tablet|evening|morning)|skipped (?:a |my |the )?(?:dose|evening|morning|pill)|late (?:dose|pill)|hours late")),
    ("side_effect", _rx(r"副作用|不良反应|(?:吃|服|用)了?.{0,12}(?:肿|咳|痛|疼|晕|拉肚子|腹泻|恶心|难受|痒|乏力|没劲|跑厕所|尿多|起夜)"
                        r"|会不会(?:引起|导致)|是(?:不是)?药的(?:问题|原因)|药(?:引起|导致|闹)的",
                        r"side[- ]effects?|cause[sd]? (?:my )?|mak(?:e|es|ing) me|because of (?:the|my) (?:pill|medicine|tablet)|from (?:the|my) (?:pills?|tablets?|medicine)")),
    ("interaction", _rx(r"一起吃|同时吃|一块吃|和.{1,8}一起|能不能和|可以和|搭配|冲突|相互作用|柚子|西柚|喝酒|布洛芬|止痛药|感冒药|保健品|中药",
                        r"together|interact|with (?:grapefruit|alcohol|ibuprofen|painkillers?)|grapefruit|ibuprofen|supplements?|herbal")),
    ("how_to_book", _rx(r"预约|挂号|在哪(?:里|儿)?(?:做|查|约)|去哪(?:里|儿)?(?:做|查)|怎么约|报销|医保|多少钱|费用",
                        r"\bbook\b|appointment|where (?:can|do|should) i|schedule|cost|insurance|covered")),
    ("result_meaning", _rx(r"(?:是|算|偏)?高(?:吗|不高|了吗)|(?:是|算|偏)?低(?:吗|不低)|正常吗|算不算|什么意思|说明什么|意味着|有问题吗|要紧吗|严重吗|好不好",
                           r"\bhigh\b|\blow\b|normal\?|\bmean\b|means|is (?:that|this|it) (?:ok|bad|good|normal|serious)|too high|worried")),
    ("what_to_eat", _rx(r"吃什么|怎么吃|吃啥|能(?:不能)?吃|可以吃|不能吃|要不要少吃|少吃|多吃|饮食|食物|水果|蔬菜|盐|钾|(?<![红白])蛋白|早餐|主食|米饭|喝(?:水|酒|汤|牛奶|粥)",
                        r"\beat\b|food|diet|salt|sodium|potassium|fruit|banana|orange|breakfast|protein|drink|snack|rice")),
    ("how_often", _rx(r"多久|多长时间|多少天|几个月|几年|一年几次|每年|频率|隔多久|什么时候(?:再|复)?(?:查|做|测)", r"how often|how frequently|how many times|every (?:year|month)|when (?:should|do) i (?:next|get|check|test)|how long until")),
    ("target", _rx(r"目标|控制在|控制到|多少(?:算|才算|比较)(?:正常|好|合适)|正常值|正常范围|应该(?:是|在)多少|标准", r"target|goal|normal range|what should (?:my|it) be|aim for|ideal")),
    ("why", _rx(r"为什么|为啥|有什么用|有必要|意义|干嘛要|何必", r"\bwhy\b|what for|point of|is it necessary|do i really need")),
    ("prepare", _rx(r"空腹|准备|注意什么|注意事项|前一天|要停|需要带", r"prepare|fast(?:ing)? before|before the test|what to bring")),
    ("who_needs", _rx(r"我(?:需要|要|该|用不用)(?:做|查)|要不要(?:做|查)|需不需要|适合(?:谁|我)|哪些人", r"do i need|should i (?:get|have|do)|who (?:needs|should)|am i eligible")),
    ("next_steps", _rx(r"怎么办|该怎么做|下一步|接下来|然后呢|怎么处理", r"what should i do|what now|next step|what do i do")),
    ("what_is", _rx(r"是什么|什么是|啥是|是啥|指什么", r"what(?:'s| is| are) (?:a |an |the )?[a-z]|explain")),
    ("lifestyle", _rx(r"运动|锻炼|走路|散步|减肥|减重|戒烟|抽烟|喝酒|睡眠|作息", r"exercise|walk|workout|lose weight|smok|alcohol|sleep")),
)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).strip().lower().split())


def detect_intent(text: str) -> Intent:
    t = normalise(text)
    for intent, pattern in _INTENTS:
        if pattern.search(t):
            return intent
    return "general"


def classify(text: str, *, has_reading: bool = False, has_topic_words: bool = True) -> TurnAct:
    """`has_reading`: the message states a reading of the member's own; `has_topic_words`: it names a
    topic of its own (an item, a drug, a reading kind), so it is not a bare follow-up."""
    t = normalise(text)
    question = bool(_QUESTION.search(t))
    short = len(t) <= 40
    mood = _EMOTIONAL.search(t)
    if mood and not has_reading and not has_topic_words and not (question and _SLEEP_ONLY.search(mood.group(0))):
        return TurnAct("emotional", "general")
    if _GREETING.match(t):
        return TurnAct("greeting", "general")
    if (_THANKS.search(t) and short and not question) or _ACK.match(t):
        return TurnAct("thanks", "general")
    if _REMINDER_REPLY.search(t) and short and not question:
        return TurnAct("reminder_reply", "general")
    if has_reading and not question:
        return TurnAct("reading_report", "general")
    if _SMALL_TALK.search(t) and not has_topic_words:
        return TurnAct("small_talk", "general")
    if _OFF_TOPIC.search(t) and not has_topic_words:
        return TurnAct("off_topic", "general")
    if _OWN_DATA.search(t) and detect_intent(t) != "target":
        intent = detect_intent(t)
        return TurnAct("own_data", intent if intent != "general" else "result_meaning")
    bare = len(t) <= 12 if re.search(r"[\u4e00-\u9fff]", t) else len(t.split()) <= 7
    if not has_topic_words and (_FOLLOW_UP.match(t) or bare):
        return TurnAct("follow_up", detect_intent(t))
    return TurnAct("health_question", detect_intent(t))


_VALUE_QUESTION = _rx(r"(?:是|算|偏|有点|太)?(?:高|低)(?:吗|不|了吗|啊)|正常吗|正不正常|算不算|要紧吗|严重吗|好不好|可以吗|行吗|达标",
                      r"\bis (?:that|this|it|\d[\d./]*) (?:high|low|ok|okay|normal|good|bad|too)|too (?:high|low)|normal\?|good\?|bad\?|ok\?")
_NOW = _rx(r"今天|今早|早上|早晨|晚上|中午|刚才|刚刚|刚测|刚量|现在|这会|量了|测了",
           r"this morning|today|tonight|just now|just (?:measured|checked|took)|right now")


def asks_about_value(text: str) -> bool:
    """A question about a value with no sign that it was just measured: answer it, do not record it."""
    t = normalise(text)
    return bool(_VALUE_QUESTION.search(t)) and not _NOW.search(t)

