"""What kind of turn a member's message is, and for health questions what they want to know.

Deterministic and offline: small bilingual lexicons over the normalised text, ordered so that the
more specific reading wins (a greeting that carries a question is a question). Measured on the
conversation sets' labelled acts and intents (`coach eval conversation`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, cast, get_args

from coach.chinese_script import to_simplified
from coach.dialogue.act_model import TurnSignals, default_act_model
from coach.dialogue.dose_words import MEDICINE_AFTER_EN, TAKEN_ON_TIME_ZH
from coach.dialogue.mood_words import (
    BEREAVED,
    LOW_MOOD,
    RELATIVE,
    SELF_FEELING,
    SLEEP_ONLY,
    STRAIN,
    THIRD_PERSON_FEELING,
    WORRY,
    low_mood,
)
from coach.dialogue.wording import dialect_pattern as _rx
from coach.triage.dialect import read_as_mandarin
from coach.triage.screen import denies_self_harm

Act = Literal["greeting", "thanks", "small_talk", "off_topic", "emotional", "own_data", "health_question",
              "follow_up", "reminder_reply", "reading_report"]
Intent = Literal["diagnosis", "what_is", "who_needs", "why", "how_often", "target", "result_meaning", "prepare", "how_to_book",
                 "what_to_eat", "lifestyle", "missed_dose", "side_effect", "interaction", "next_steps", "general"]
ACTS: tuple[str, ...] = get_args(Act)
INTENTS: tuple[str, ...] = get_args(Intent)
SOCIAL_ACTS: frozenset[str] = frozenset({"greeting", "thanks", "small_talk", "off_topic", "emotional"})
ASKING_ACTS: frozenset[str] = frozenset({"own_data", "health_question", "follow_up"})
# Below these the act reader is guessing among several acts and the rules' default stands; low mood needs less,
# because a screen nobody needed costs little and a missed disclosure costs much.
_SURE_ENOUGH = 0.45
_SURE_ENOUGH_LOW_MOOD = 0.3
_SURE_TO_ANSWER = 0.55


@dataclass(frozen=True)
class TurnAct:
    act: Act
    intent: Intent


_GREETING = _rx(r"^(?:你好|您好|哈喽|嗨|早上好|早安|早晨|早|中午好|下午好|晚上好|在吗|在不在|在么|在不|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning)"
                r"(?:呀|啊|哦|!|！|~|，|,|\s|coach|医生|小助手|助手|there|doc|dear|everyone|again|hi|hello)*$")
# A greeting word at the start of a short message with nothing else to answer ("哈喽 你好噻", "hi coach 你好").
_GREETING_START = _rx(r"^(?:你好|您好|哈喽|嗨|早上好|早安|中午好|下午好|晚上好|在吗|在不在|在么|在不|老师好|医生好|大家好|喂|哎呀妈呀|小助手你好)",
                      r"^(?:hi|hello|hey|hiya|yo|howdy|good (?:morning|afternoon|evening)|morning)(?![a-z])")
_THANKS = _rx(r"谢谢|多谢|感谢|谢啦|谢了|\bthx\b|thanks|thank you|thank u|\bcheers\b|\bty\b|\bbye\b|再见|拜拜|fair enough")
_ACK = _rx(r"^(?:(?:好的|好吧|好|行|嗯|哦|ok|okay|got it|great|cool|明白|明白了|懂了|知道了|收到|了解|哈哈|haha|lol)[!！。.~，,\s]*)+$")
_LAUGH = _rx(r"哈哈|呵呵|嘿嘿|嘻嘻|😂|🤣|(?<![a-z])(?:haha|lol|lmao|hehe)")
_ABOUT_COACH = _rx(r"你(?:那边|那里|那儿)|你是谁|这是(?:什么|啥)(?:东西|服务|程序|号)|你们是干(?:嘛|什么|啥)的|你是机器人|你是真人|你叫什么|吃了吗|你好吗|最近怎么样|你(?:说话)?真(?:好|暖|耐心|棒)|暖心|你平时|你喜欢|你累不累|你会累"
                   r"|你(?:今天|今日|也)?(?:吃|喝|过|去|睡|食)[^，,。?？]{0,6}(?:了没|了吗|没有|未)|你(?:哋|们)?几点(?:收工|下班|关门)|(?:新年|春节|中秋|端午|元宵|冬至|腊八|圣诞|节日|周末)快乐|你几岁",
                   r"how are you|who are you|is this the [a-z ]{0,20}(?:thing|service|bot|coach|app|one)\b"
                   r"|what(?:'s| is) this (?:thing|service|app|bot)(?: for)?|are you (?:a )?(?:bot|robot|human|real)|what(?:'s| is) your name"
                   r"|you'?re (?:very |so )?(?:patient|kind|nice|sweet|helpful)|do you (?:ever|have|like|get)|your feelings")
_FAREWELL = _rx(r"不说了|不聊了|先下了|下线了|(?:那|那就|先)(?:这样|不聊|忙)吧?$|就这样吧|回(?:头)?聊|改天(?:再)?聊|下次(?:再)?聊|去忙了|要出门了|我(?:先)?走了",
                r"talk (?:to you )?later|gotta go|got to go|\bttyl\b|catch you later|speak soon"
                r"|(?:i'?m |i am )?(?:off|going|heading) (?:to|out|fishing|shopping|for a walk)(?! to (?:the )?(?:doctor|hospital|clinic))")
# A goodbye inside thanks ("谢谢 拜拜", "thanks, bye"): the reply says goodbye rather than "you're welcome".
_GOODBYE = _rx(r"再见|拜拜|晚安", r"\b(?:good)?bye\b|good ?night")
_SMALL_TALK = re.compile(f"{_ABOUT_COACH.pattern}|{_FAREWELL.pattern}", re.IGNORECASE | re.ASCII)
_OFF_TOPIC = _rx(r"(?:今天|天|天气)(?:好|真|太|特别)(?:热|冷)|天气|下雨|下雪|晴天|气温|推荐(?:几本|本|一本|几部|点|些)?(?:好看的|好听的|好的|好)?(?:书|小说|电影|电视剧|歌)|股票|股市|上证|大盘|指数|a股|港股|抄底|基金|黄金|彩票|足球|篮球|比赛|欧冠|英超|电影|电视剧|新闻|八卦|打车|快递|外卖|翻译|写(?:一首)?诗|讲个笑话|(?:那|这)首歌|歌(?:叫|名)"
                 r"|台风|打风|落雨|落雪|饮茶|打麻将|麻将|火锅|食谱|菜谱|怎么做(?:菜|饭)|火车票|机票|高铁票|首都|话费|电费|物业"
                 r"|(?:中秋|春节|端午|国庆|元旦|过年|冬至|元宵)(?:节)?(?:是)?(?:几号|哪天|什么时候)|今天(?:是)?(?:几号|星期几|礼拜几)"
                 r"|数学题|作业题|鸡兔同笼|应用题|做作业",
                 r"weather|rain(?:ing)?\b|typhoon|stocks?\b|\bmarket\b|shares|bitcoin|capital of|settl\w* a bet|recipe|mahjong"
                 r"|train tickets?|\bgold\b|lottery|football|soccer|basketball|league|"
                 r"man united|\bmatch\b|\bgame last night|movie|news\b|joke\b|translate|poem|sunny|cloudy|snow(?:ing)?\b"
                 r"|\bbooks? (?:recommendation|to read)|good (?:books?|novels?|films?|shows?)|tv (?:shows?|series)|\bmusic\b|\bsongs?\b|podcasts?"
                 r"|what(?:'s| is) the date|what day is it|what time is it|homework|math problem|restaurants?\b")
_OWN_DATA = _rx(r"(?:我|我(?:妈|爸|老伴|老公|老婆))(?:的|那个|这个|上次|最近|最近一次|这阵子|这段时间|这周|这个月|这几天|今年)?(?:量的|测的|查的)?.{0,4}(?:血压|血糖|体重|糖化|血脂|血钾|肾功能|egfr|化验|检查|吃药|服药|记录)"
                r".{0,10}(?:多少|几多|好多|怎么样|如何|来着|情况|记录)|我(?:现在)?(?:吃|用)的(?:药|是什么药)(?:有哪些|是什么|都有啥|有啥)?[?？]?$"
                r"|我现在吃的药有哪些|(?:查|看)(?:一下|下)?我的(?:记录|数据|读数)|我上次(?:是)?(?:啥|什么|哪天)时候(?:查|做|测|量)"
                r"|我(?:还有|还)(?:什么|哪些|啥)(?:没做|没查|要做|要查|到期)"
                r"|(?<![要该得能])(?:吃|用)的?(?:是)?(?:几种|哪些|哪几|哪两|啥|什么)(?:个)?药|一共(?:吃|用)(?:了)?几种|漏了几次|忘了几次"
                r"|(?:你|你们|系统|这边|app)(?:那|那边|这边|这里|里头|里面|里)?(?:有|都)?(?:记录|记着|记下|记了)(?:吗|没|不)"
                rf"|{TAKEN_ON_TIME_ZH}",
                r"what (?:was|is|were) my|how(?:'s| is| are| have) my|how(?:'s|s| is| are| has| have) (?:his|her|(?:mum|mom|dad)'?s) "
                r"(?:\w+ ){0,2}?(?:bp|blood pressure|sugar|glucose|weight|hba1c|a1c|kidneys?|cholesterol)"
                r"|what (?:meds|medicines|medications|pills|tablets|drugs) (?:am i|is (?:she|he|mum|mom|dad)|are (?:we|they)) (?:on|taking)"
                r"|what was (?:his|her) (?:latest|last)|(?:latest|last) reading\??$|do you have (?:a |any )?record"
                r"|how many (?:doses|times|pills) (?:have i|did i|has (?:she|he)|did (?:she|he))|my (?:last|latest) |show me my|what (?:medicines|meds|pills|dose)"
                r" (?:am i|do i|of)|which .{0,20} am i on|(?<!why )am i (?:\w+ )?(?:(?:over)?due|on)\b|\bi'?m (?:over)?due for|\bi am (?:over)?due for|what(?:'s| is) (?:over)?due\b|when was (?:my|the|his|her) last|my care list|what'?s (?:still )?(?:open|due|outstanding)|what do i still need|when do i take my|how many (?:doses|pills|times) (?:did|have) i (?:miss|skip|forget)|did i miss any|what did you (?:record|log|save)|have i (?:had|missed|done)|how many doses have i|when is my next"
                r"|what'?s my (?:bmi|bp|weight|hba1c|egfr)"
                r"|what(?:'s| has| is) (?:it|my \w+|his \w+|her \w+) been doing|missed (?:a few|some|many|any|a lot)(?:,? (?:yeah|right|eh|huh))?\?"
                r"|how (?:have|has) (?:i|he|she) been (?:doing )?(?:with|on) (?:my|his|her|the) (?:pills|meds|tablets|medicines?|medication)"
                rf"|(?:has|is) (?:he|she|mum|mom|dad) been (?:taking|skipping|missing) {MEDICINE_AFTER_EN}"
                rf"|(?:have|am) i been (?:taking|skipping|missing) {MEDICINE_AFTER_EN}|(?:he|she|i)(?:'s| has| have|'ve)? been skipping {MEDICINE_AFTER_EN}")
# Whether the member's own figure is where it should be: their data against the target, not the target alone.
_OWN_STATUS = _rx(r"(?:我|我(?:妈|爸|老伴|老公|老婆))(?:的)?(?:血压|血糖|体重|糖化|血脂|肾功能).{0,6}(?:达标|在范围|控制得(?:怎么样|好吗|好不好)|正常吗)"
                  r"|我(?:最近|这几天|这阵子|这周|这个月|今年|的)?[^,。?？]{0,4}(?:血压|血糖|体重|糖化|血脂|血钾|肾功能|心率|胆固醇)[^,。?？]{0,6}"
                  r"(?:是不是|好不好|怎么样|如何|稳不稳|还行吗|可以吗|达标|往上走|往下走|上去了|降下来)"
                  r"|我(?:今年|现在|还)?[^,。?？]{0,4}(?:有啥|有什么|哪些|还有)(?:检查|项目|筛查)[^,。?？]{0,4}(?:没做|没查|要做|该做|到期)"
                  r"|我那个[^,。?？]{1,8}(?:检查|药)[^,。?？]{0,10}(?:是不是|该做|来着|是哪个|叫什么)",
                r"(?<!why )(?<!how come )(?:is|are|was) (?:my|his|her|(?:mum|mom|dad|mother|father)'?s) (?:\w+ ){0,2}?(?:bp|blood pressure|sugar|glucose|weight"
                r"|hba1c|a1c|kidneys?|kidney function|egfr|cholesterol|pressure)\b.{0,30}(?:ok|okay|alright|all right|good|fine|normal|controlled"
                r"|under control|in (?:the |her |his |my )?(?:target )?range|on target|too high|high|low)"
                r"|(?:how )?(?:am i|is (?:he|she|mum|mom|dad)) doing (?:ok |okay |well |alright |good |fine )?(?:with|on) (?:my|his|her)")
_REMINDER_REPLY = _rx(r"已吃|吃过了|刚吃了|吃了$|已服|已经服|补上了|已测|已称|已约|约好了|已经约了|预约了|已预约|做完了|已做"
                      r"|药(?:都)?吃上了|天天(?:都)?(?:按时)?吃|每天都(?:按时)?吃|一(?:天|顿|次)(?:都)?没(?:落|漏|忘)|没(?:落|漏)(?:过)?(?:一)?(?:天|顿|次)",
                      r"^(?:taken|took (?:it|my|the|them)|just took|done|booked|not yet|skipped)|done,? booked|\bbooked it\b|took it at|took my")
# Questions in Mandarin and Cantonese (after Traditional → Simplified): A-not-A (要不要, 要唔要), 有冇, 点解, 边度 ...
_QUESTION = _rx(r"[?？]|吗|呢|么$|还是|系咪|系唔系|有没(?!有)|(?P<a>(?![不唔])[\u4e00-\u9fff])[不唔](?P=a)|有冇|(?<![我才可也就偏绝决并还])(?<!当然)不(?:啊|嘛|呀|[?？。~\s])*$|点解|点样|点算|点整|点做|点办|点呀$|点啊$|边度|边个|边间|几时|几多|咩|㗎$|未呀$|(?<![好行算心])吧$|对吧|是吧|对不对|了没$|(?<![没干做])啥(?![都也])|哪(?:儿|里)?(?![都也])|谁(?![都也])|有没有|是不是|会不会|能否|怎么|怎样|什么(?![都也])|为什么|为啥|多少|多久|几次|是否|要不要|能不能|可不可以|可以吗|该不该|行不行|咋",
                r"^(?:(?:so|and|but|then|also|btw),? )?(?:how|what|why|when|where|which|who|should|can|could|is|are|do|does|will"
                r"|would)(?:'?s)?\b|(?<![a-z])(?:should|can|could|do|does|is|are|will) (?:i|he|she|we|it|they|you|that|this)(?![a-z])"
                r"|,? right$|isn'?t it$|or not$|(?<![a-z])any(?:thing)? (?:good )?(?:for|about|else for|recs?|tips)\b")
# A symptom or a part of the body named in a statement: a health concern to answer, never a remark to thank.
# Symptoms only: a body part alone ("老头子", "眼镜", "my legs took me to the beach") is no health content.
_SYMPTOM = _rx(r"肿|疼|痛|晕|乏力|没力气|咳|喘|麻木|发麻|痒|拉肚子|腹泻|便秘|失眠|出血|尿(?:多|少|频|急|痛|血)|起夜|心慌|心跳"
               r"|皮疹|抽筋|发烧|发热",
               r"puffy|swell|swollen|pain|ache|sore|dizz|tired|fatigue|cough|breathless|short of breath|numb|itch|bleed|rash"
               r"|cramp|constipat|diarrh|nause|headache|wheez|palpitat|fever")
_HEALTH_CONTENT = _rx(f"{_SYMPTOM.pattern}|血压|血糖|体重|咸|盐|油腻|肥肉|甜食|腊肉|腊肠|喝酒|抽烟|blood pressure|blood sugar")
_FOLLOW_UP = _rx(r"^(?:那|那么|所以|还有|另外|and|so|then|but)?[，,\s]*(?:为什么|为啥|怎么办|该怎么办|怎么做|多久(?:查|做|测)?(?:一次)?|多长时间|要注意什么|有什么要注意"
                 r"|[\u4e00-\u9fff]{1,3}呢|这个呢|那个呢|why|how often|what about [a-z ]{1,20}|and [a-z ]{1,20}|what should i do|what now|how come"
                 r"|is that bad|is that ok|really)[?？。.!！\s]*$")

_INTENTS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("diagnosis", _rx(r"我是不是(?:得了|有|患了|就是)|是不是得了|算不算.{0,6}(?:病|症)|我(?:这|这样)?(?:是|算)不是.{0,8}(?:病|症)",
                      r"do i have (?!to\b)|have i got|so i have|am i (?:diabetic|sick)"
                      r"|is (?:that|this|it) (?:an? |the )?(?!(?:bad|ok|okay|good|normal|high|low|serious|fine|dangerous|worrying|alright"
                      r"|meds?|medicine|medication|drugs?|pills?|tablets?)\?)[a-z]+\?$")),
    ("missed_dose", _rx(r"忘(?:了|记)?(?:吃|服|打|带)|不记得(?:吃|服|打)|补不补|老是忘|总是忘|总忘|老忘|常忘|经常忘|又忘|搞忘|记不住|(?<!别)忘了(?!吃饭)|漏(?:吃|服|打|了|掉)|药[^,，。?？]{0,6}落(?:了|下)|晚吃了|吃晚了|没(?:有)?吃药|少吃了一次|补(?:吃|服)|要补", r"forg[eo]t|keep forgetting|\bmiss(?:es|ing)? (?:(?:the |a |my |her |his )?(?:dose|pills?|tablets?|evening|morning|night|injection|jab|meds?)|one\b|it\b|doses?)|missed (?:a |my |the )?(?:dose|pill|tablet|evening|morning)|missed (?:her|his|my|their|today'?s|this morning'?s|last night'?s) (?!appointment|bus|train|call|flight|class|check)[a-z]+|skipped (?:a |my |the )?(?:dose|evening|morning|pill)|late (?:dose|pill)|hours late")),
    ("side_effect", _rx(r"副作用|不良反应|(?:吃|服|用)了?.{0,12}(?:肿|咳|(?<!止)痛|(?<!止)疼|晕|拉肚子|腹泻|恶心|难受|痒|乏力|没劲|跑厕所|尿多|起夜|累|冰凉|发冷|心跳慢|便秘|失眠|犯困|嗜睡|皮疹|出血|淤青)"
                        r"|会不会(?:引起|导致)|是(?:不是)?药的(?:问题|原因)|药(?:引起|导致|闹)的"
                        r"|(?:系|是)(?:咪|唔系|不是)?(?:只|个|这|呢只)?药(?:嘅|的)?(?:问题|原因)|药(?:搞|弄|闹)(?:嘅|的|出来)",
                        r"(?:is|could|can) (?:it|that|this) (?:be )?(?:from|because of|caused by|due to)|side[- ]effects?|is (?:that|it|this) the (?:meds?|medicine|pills?|tablets?|drug)"
                        r"|since (?:she|he|they|mum|mom|dad) (?:started|began|went on)|[a-z]+ makes me (?:a bit )?[a-z]+|since (?:starting|i started|taking)|cause[sd]? (?:my )?|mak(?:e|es|ing) me|because of (?:the|my) (?:pill|medicine|tablet)|from (?:the|my) (?:pills?|tablets?|medicine)")),
    ("interaction", _rx(r"一起吃|同时吃|一块吃|和.{1,8}一起|能不能和|可以和|搭配|冲突|相互作用|柚子|西柚|喝酒|鱼油|银杏|丹参|人参|布洛芬|止痛药|止痛片|止疼药|止疼片|感冒药|保健品|中药"
                        r"|吃着.{1,10}(?:能|可以|能不能)(?:喝|吃|用)",
                        r"together|interact|(?:ok|okay|safe|fine|alright) (?:to (?:have|take|drink|eat) [a-z ]{1,20} )?(?:with|while on|on) (?!my own)|(?:take|have|use) .{1,30} (?:with|while on|alongside) (?:that|it|this|my|her|his)|with (?:grapefruit|alcohol|ibuprofen|painkillers?)|grapefruit|ibuprofen|supplements?|herbal"
                        r"|pain ?killers?|pain (?:pills?|tablets?|meds|relief)|panadol|paracetamol|tylenol"
                        r"|fish oil|omega[- ]?3|ginkgo|ginseng|turmeric")),
    ("how_to_book", _rx(r"预约|挂号|边度|边间|喺边|在哪(?:里|儿)?(?:做|查|约)|(?:去|上)哪(?:里|儿)?(?:做|查|约)|哪(?:里|儿)(?:能)?约|怎么约|报销|医保|多少钱|费用",
                        r"\bbook\b|appointment|where (?:can|do|should) i|schedule|cost|insurance|covered")),
    ("result_meaning", _rx(r"(?:是|算|偏)?高(?:吗|不高|了吗)|(?:是|算|偏)?低(?:吗|不低)|正常吗|算不算|什么意思|说明什么|意味着|有问题吗|要紧吗|严重吗|好不好",
                           r"\bhigh\b|\blow\b|normal\?|\bmean\b|means|is (?:that|this|it) (?:ok|bad|good|normal|serious)|too high|worried")),
    ("what_to_eat", _rx(r"吃什么(?!药)|怎么吃|吃啥(?!药)|能(?:不能)?吃|可以吃|不能吃|要不要少吃|少吃|多吃|饮食|食物|水果|蔬菜|盐|钾|(?<![红白])蛋白|早餐|主食|米饭|喝(?:水|酒|汤|牛奶|粥)",
                        r"\beat\b|food|diet|salt|sodium|potassium|fruit|banana|orange|breakfast|protein|drink|snack|rice")),
    ("how_often", _rx(r"多久|多长时间|几耐|几时(?:再|要)?(?:验|查|做|测)|多少天|几个月|几年|一年几次|每年|频率|隔多久|什么时候(?:再|复)?(?:查|做|测)", r"how often|how frequently|how many times|every (?:year|month)|when (?:should|do) i (?:next|get|check|test)|how long until")),
    ("target", _rx(r"目标|控制在|控制到|多少(?:算|才算|比较)(?:正常|好|合适)|正常值|正常范围|应该(?:是|在)多少|标准", r"target|goal|normal range|what should (?:my|it) be|aim for|ideal")),
    ("why", _rx(r"为什么|为啥|点解|做咩要|有什么用|有必要|意义|干嘛要|何必", r"\bwhy\b|what for|point of|is it necessary|do i really need")),
    ("prepare", _rx(r"空腹|空肚|准备|注意什么|注意事项|前一天|要停|需要带|忌口|要不要饿|能不能吃早饭",
                    r"prepare|\bprep\b|(?:need|have) to fast|\bfast(?:ing)? (?:before|for)|before the (?:test|scan|check)|what to bring"
                    r"|empty stomach|eat before|skip breakfast")),
    ("who_needs", _rx(r"我(?:需要|要|该|用不用)(?:做|查)|要不要(?:做|查)|需不需要|适合(?:谁|我)|哪些人", r"do i need|should i (?:get|have|do)|who (?:needs|should)|am i eligible")),
    ("next_steps", _rx(r"怎么办|该怎么做|下一步|接下来|然后呢|怎么处理", r"what should i do|what now|next step|what do i do")),
    ("what_is", _rx(r"是什么|什么是|啥是|是啥|指什么|是干(?:嘛|什么|啥)的|干(?:嘛|什么)用的|治什么的|管什么的",
                    r"(?:what(?:'s| is| are)|whats|wats|wat is) (?:a |an |the )?[a-z]|explain|what does .{1,30} do\b|what is .{1,30} for\b")),
    ("lifestyle", _rx(r"运动|锻炼|走路|散步|减肥|减重|戒烟|抽烟|喝酒|睡眠|作息", r"exercise|walk|workout|lose weight|smok|alcohol|sleep")),
)


# The screen asks about the last two weeks: an answer often says how long it has been.
_HOW_LONG = _rx(r"[一二两三四五六七八九十几半\d]+\s*(?:个)?(?:多)?(?:天|日|星期|礼拜|周|月|年)|(?<![a-z])(?:\d+|a few|two|three|four|several|a couple of|couple of)\s*(?:days?|weeks?|months?|years?)|(?<![a-z])since(?![a-z])")


def is_emotional(t: str, *, question: bool, has_topic_words: bool, after_screen: bool) -> bool:
    if low_mood(t) and not (question and has_topic_words):
        return True
    strain = STRAIN.search(t)
    if strain and not has_topic_words and not (question and SLEEP_ONLY.search(strain.group(0))):
        return True
    if strain and not question and WORRY.search(strain.group(0)):
        return True  # "just stressed, I worry all day about her falling": said, not asked, even beside a topic
    if after_screen and not has_topic_words and _HOW_LONG.search(t):
        return True  # "大概三个星期了吧": how long the low mood has lasted, what the screen asked
    if after_screen and not question and denies_self_harm(t):
        return True  # "thank you. no, nothing like that": the answer to the screen, thanks or not
    if after_screen and not question and not (_THANKS.search(t) or _ACK.match(t)):
        return len(t) <= 24  # the same reading of a "no" as triage's
    return False


def about_someone_else(text: str) -> bool:
    """Low mood told about a relative ("she says she feels useless"), not the writer's own."""
    t = normalise(text)
    # Grief is the writer's own ("since my husband passed I just cry") unless someone else is the one grieving
    # ("she's been down since grandad passed").
    grieving_other = bool(THIRD_PERSON_FEELING.search(t))
    return bool(RELATIVE.search(t)) and not SELF_FEELING.search(t) and (grieving_other or not BEREAVED.search(t))


def small_talk_kind(text: str) -> Literal["about_coach", "farewell", "remark"]:
    """Which short reply small talk gets: who the coach is, a goodbye, or a remark to acknowledge."""
    t = normalise(text)
    if _FAREWELL.search(t):
        return "farewell"
    return "about_coach" if _ABOUT_COACH.search(t) else "remark"


def says_goodbye(text: str) -> bool:
    return bool(_GOODBYE.search(normalise(text)))


def is_low_mood_disclosure(text: str) -> bool:
    """Low mood said plainly, not asked about: the coach's own screen asks the safety question."""
    t = normalise(text)
    return bool(LOW_MOOD.search(t)) and not _QUESTION.search(t)


def _short_remark(t: str) -> bool:
    rest = re.sub(r"(?:在吗|在不在|在么|在不)[?？]?", "", t)
    size = len(rest) <= 16 if re.search(r"[\u4e00-\u9fff]", rest) else len(rest.split()) <= 8
    return size and not _QUESTION.search(rest) and detect_intent(rest) == "general"


def normalise(text: str) -> str:
    """NFKC, Simplified, Cantonese function words as Mandarin (冇 没, 佢 他, 食 吃), lower case, single spaces."""
    return " ".join(read_as_mandarin(to_simplified(unicodedata.normalize("NFKC", text))).strip().lower().split())


def detect_intent(text: str) -> Intent:
    t = normalise(text)
    for intent, pattern in _INTENTS:
        if pattern.search(t):
            return intent
    return "general"


# Intents that only a health question has: "what's the weather like" (what_is) stays off-topic, "火锅可以吃不" does not.
_HEALTH_INTENTS = frozenset({"missed_dose", "what_to_eat", "side_effect", "interaction", "lifestyle"})


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(normalise(text)))


def classify(text: str, *, has_reading: bool = False, has_topic_words: bool = True,
             after_screen: bool = False) -> TurnAct:
    """`has_reading`: the message states a reading of the member's own; `has_topic_words`: it names a
    topic of its own (an item, a drug, a reading kind), so it is not a bare follow-up; `after_screen`: the
    coach's last reply was the low-mood screen, so a short answer or a denial answers it.

    Where a pattern of the rules decides the act, it stands (each was written for wording a member used);
    where a message falls through to the rules' defaults (a health question, a remark, a bare follow-up) the
    learned act reader decides it when sure enough. For questions the rules' intent stands; where they found
    none, the reader's does when sure enough."""
    t = normalise(text)
    question = bool(_QUESTION.search(t))
    rules, decided = _by_rules(t, question, has_reading=has_reading, has_topic_words=has_topic_words,
                               after_screen=after_screen)
    model = default_act_model()
    if model is None:
        return rules
    acts, intents = model.read(t, TurnSignals(has_topic_words, has_reading, question, after_screen))
    act = cast(Act, max(acts, key=acts.__getitem__))
    if decided or act == rules.act or acts[act] < _needed(act, rules.act) or not _may_be(act, t, has_reading=has_reading):
        act = rules.act
    if act not in ASKING_ACTS:
        return TurnAct(act, "general")
    intent = rules.intent if rules.act in ASKING_ACTS else detect_intent(t)
    learned = cast(Intent, max(intents, key=intents.__getitem__))
    if intent == "general" and intents[learned] >= _SURE_ENOUGH:
        intent = learned
    return TurnAct(act, "result_meaning" if act == "own_data" and intent == "general" else intent)


def _needed(act: str, default: str) -> float:
    """How sure the reader must be to replace the rules' default act."""
    if act == "emotional":
        return _SURE_ENOUGH_LOW_MOOD
    # Guideline text in reply to a remark is the worse mistake ("我家老伴眼镜又找不到了" is no question).
    return _SURE_TO_ANSWER if default == "small_talk" and act in ASKING_ACTS else _SURE_ENOUGH


def _may_be(act: str, t: str, *, has_reading: bool) -> bool:
    """The reader may only choose a greeting where there is a greeting word and a reading report where there is
    a stated reading."""
    if act == "greeting":
        return bool(_GREETING_START.search(t))
    return has_reading or act != "reading_report"


def _by_rules(t: str, question: bool, *, has_reading: bool, has_topic_words: bool, after_screen: bool) -> tuple[TurnAct, bool]:
    """The rules' act and whether a pattern decided it (True) or the message fell through to a default (False)."""
    short = len(t) <= 40
    if not has_reading and is_emotional(t, question=question, has_topic_words=has_topic_words,
                                        after_screen=after_screen):
        return TurnAct("emotional", "general"), True
    if _GREETING.match(t) or (_GREETING_START.search(t) and not has_topic_words and not has_reading and _short_remark(t)):
        return TurnAct("greeting", "general"), True
    if (_THANKS.search(t) and short and not question) or _ACK.match(t):
        return TurnAct("thanks", "general"), True
    if _REMINDER_REPLY.search(t) and short and not question:
        return TurnAct("reminder_reply", "general"), True
    if has_reading and not question:
        return TurnAct("reading_report", "general"), True
    if _SMALL_TALK.search(t) and not has_topic_words:
        return TurnAct("small_talk", "general"), True
    if _LAUGH.search(t) and _OFF_TOPIC.search(t) and not question:
        return TurnAct("small_talk", "general"), True  # "股票又跌了 我血压都高了哈哈": a joke, even with a health word in it
    if _OFF_TOPIC.search(t) and not has_topic_words and detect_intent(t) not in _HEALTH_INTENTS \
            and not _HEALTH_CONTENT.search(t):
        return TurnAct("off_topic", "general"), True  # "火锅可以吃不" asks what to eat; "打麻将…忘了吃药" is a missed dose
    if _OWN_STATUS.search(t) or (_OWN_DATA.search(t) and detect_intent(t) != "target"):
        intent = detect_intent(t)
        return TurnAct("own_data", intent if intent != "general" else "result_meaning"), True
    bare = len(t) <= 12 if re.search(r"[\u4e00-\u9fff]", t) else len(t.split()) <= 7
    if not has_topic_words and not question and _LAUGH.search(t):
        return TurnAct("small_talk", "general"), True  # a remark with nothing to answer ("我孙子今天考试去了哈哈")
    if not has_topic_words and _FOLLOW_UP.match(t):
        return TurnAct("follow_up", detect_intent(t)), True
    if not has_topic_words and bare and (question or detect_intent(t) != "general"):
        return TurnAct("follow_up", detect_intent(t)), False
    # A number alone may be a reading or a height ("165cm"); beside four words or more it is part of a remark ("my first 5k!").
    numberish = bool(re.search(r"\d", t)) and len(re.findall(r"[a-z]{2,}|[\u4e00-\u9fff]{2,}", t)) < 4
    if (not has_topic_words and not question and detect_intent(t) == "general" and not numberish
            and not _HEALTH_CONTENT.search(t)):
        return TurnAct("small_talk", "general"), False  # a remark with nothing to answer ("my granddaughter visited today")
    # A symptom told is a health concern by rule; a reading word alone leaves the reader to tell own data from a question.
    return TurnAct("health_question", detect_intent(t)), bool(_SYMPTOM.search(t))


_VALUE_QUESTION = _rx(r"(?:是|算|偏|有点|太)?(?:高|低)(?:吗|不|了吗|啊)|正常吗|正不正常|算不算|要紧吗|严重吗|好不好|可以吗|行吗|达标",
                      r"\bis (?:that|this|it|\d[\d./]*) (?:high|low|ok|okay|normal|good|bad|too)|too (?:high|low)|normal\?|good\?|bad\?|ok\?")
_NOW = _rx(r"今天|今早|早上|早晨|晚上|中午|刚才|刚刚|刚测|刚量|现在|这会|量了|测了",
           r"this morning|today|tonight|just now|just (?:measured|checked|took)|right now")


def asks_about_value(text: str) -> bool:
    """A question about a value with no sign that it was just measured: answer it, do not record it."""
    t = normalise(text)
    return bool(_VALUE_QUESTION.search(t)) and not _NOW.search(t)

