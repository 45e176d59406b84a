"""The words of feelings: low mood, strain and worry, grief, and whose feeling a message reports.

Read on text already normalised by `acts.normalise` (Simplified, lower case, Cantonese as Mandarin).
"""

from __future__ import annotations

import re

from coach.dialogue.wording import dialect_pattern

# Low mood said plainly: a disclosure even when the member names a condition ("血糖控制不好就很沮丧").
LOW_MOOD = dialect_pattern(r"心情.{0,3}(?:不好|差|低落|糟|烂|郁闷|沉重)|情绪.{0,3}(?:低落|不好|差|崩溃)|不开心|难过|想哭|哭了好几|沮丧|灰心|绝望|无助|(?<!抗)抑郁(?!药)|郁闷|压抑"
                r"|孤单|孤独|寂寞|空虚|没人(?:管|理|说话)|活得好累|心累|提不起(?:劲|精神|兴趣)|打不起精神|(?:什么|啥|哪)(?:都|也)不想(?:做|干|动|去)|就想(?:躺着|一个人待着|睡觉)|这也不行那也不行"
                r"|干(?:啥|什么)都没(?:劲|意思|兴趣)|做(?:啥|什么)都没(?:劲|意思|兴趣)|对什么都没兴趣|没(?:有)?兴趣了|高兴不起来|开心不起来"
                r"|心里(?:头)?(?:闷|堵|憋|苦|难受|不是滋味|空落落)|想想就(?:难受|难过|心酸|害怕|后怕)|一闭眼就(?:想起|想到|看到)|(?:老|总)是?(?:想起|梦到)那(?:天|次)|(?:觉得|说|嫌)自己(?:没用|是个?累赘|是个?负担|多余)|成了(?:我们|大家|家里|孩子)?的?(?:负担|累赘)|活着(?:没劲|好累|真累|挺累|太累|很累|好难)|心灰意冷|闷闷不乐|伤心|(?:孩子|儿女|子女|儿子|女儿)(?:们)?(?:都)?不在身边|发发?牢骚|没人陪|唔开心|唔開心|冇心机|冇心機|乜都唔想|好攰|攰到|唔想做嘢",
                r"feel(?:s|ing)? (?:\w+ ){0,2}?(?:down|low|sad|blue|miserable|lonely|hopeless|helpless|worthless|empty|depressed|numb)"
                r"|\bdown (?:for|lately|recently|all)|(?:feel|feeling|felt) (?:a bit |so |kind of |kinda )?pointless|(?:can'?t|cannot|don'?t|doesn'?t|do not|does not|didn'?t) enjoy|no joy"
                r"|since (?:my |her |his )?(?:dad|mum|mom|father|mother|husband|wife|he|she) (?:passed|died)|lost interest|no interest in|no motivation"
                r"|don'?t want to do anything|can'?t be bothered|fed up|depressed|(?:feel(?:ing)?|just|so|bit) meh\b|blah about|nothing matters"
                r"|(?:don'?t|do not) care about anything|no energy for anything|unmotivated|feel(?:ing)? flat|tearful|keep crying|lonely|struggling to cope"
                r"|(?:i'?ve been|i have been|i'?m|i am) (?:feeling )?(?:pretty |so |really |quite |a bit |kinda |kind of )?(?:low|down|sad|miserable)(?![a-z])(?! (?:to|on|from|at))|what'?s the point|nothing (?:feels|seems) (?:good|right|worth)"
                r"|(?:feel|i'?m) (?:so |really |pretty )?useless|a burden|miss (?:him|her) so much|grieving|heartbroken"
                r"|(?:feel|feels|feeling) like i'?m drowning|burn(?:ed|t) out|can'?t cope|at the end of my rope"
                r"|keep (?:thinking about|reliving|seeing) (?:the|that) (?:fall|day|night|accident)|flashbacks?"
                r"|tired of (?:all this|it all|everything|all of (?:this|it))|sick (?:and tired )?of (?:it all|everything|all this)"
                r"|nothing is (?:much )?fun|(?:^|[.!?,;] ?)been low(?![a-z])"  # "been very low since the fall", no subject
                r"|in (?:a |such a )?(?:bit of a |real )?(?:hole|rut|dark place|funk|slump)(?![a-z])|(?:don'?t|can'?t) see the point"
                r"|(?:it'?s|this is|that'?s) getting to me|running on empty|at (?:my|the) wits'? end|can'?t (?:sleep|stop thinking) over it"
                r"|(?:tired|worn out|exhausted|drained|knackered) and (?:flat|low|down|empty|teary|hopeless)(?![a-z])"
                r"|(?:bringing|getting|gets|got) me down(?! (?:to|from)\b)(?![^.!?]{0,20}\d)|(?:^|[.!?,;] ?)(?:just |and )*(?:(?:bored|tired|fed up|lonely) and )?(?:a bit|bit|so|really|pretty"
                r"|quite) (?:low|flat)(?![a-z])(?! (?:sugar|blood|bp|pressure|reading))(?![^.!?]{0,30}\d)",  # not a reading
                r"心里(?:头)?没劲|闷闷的|(?:么事|啥事|什么事|啥|什么)都没(?:意思|劲|兴趣)"
                # Cantonese, read as Mandarin: 好冇瘾 (no fun in anything), 唔想出街, 成日喊 (cries all day)
                r"|(?:好|真|太|几)没瘾|(?:整天|成日|天天|一直|什么都|啥都|哪都)(?:都)?不想出(?:街|门)"
                r"|(?<!宝宝)(?<!宝)(?<!孩子)(?<!婴儿)(?<!娃)(?:成日|整天|天天)(?:都)?(?:哭|喊(?=$|[\s,，。!！]))")
# Fillers that split a low-mood phrase: "没得意思" (没意思), "都觉得没意思", "feeling kind of flat", "been very low".
_MOOD_FILLER_ZH = re.compile(r"(?<=没)得|(?<=[都也])(?:觉得|感觉|感到)")
_MOOD_FILLER_EN = re.compile(r"(?<![a-z])(?:kind of|kinda|sort of|a bit|a little|pretty|really|so|very|quite|super|just) ",
                             re.IGNORECASE)


def low_mood(t: str) -> bool:
    """Low mood said, also when a filler splits the phrase."""
    return bool(LOW_MOOD.search(t) or LOW_MOOD.search(_MOOD_FILLER_EN.sub("", _MOOD_FILLER_ZH.sub("", t))))


# Worry, stress and poor sleep: a disclosure only when the message is about nothing else.
STRAIN = dialect_pattern(r"很烦|好烦|烦死|心烦|烦躁|焦虑|紧张得|压力(?:好|很|太|特别)?大|没意思|没劲|不踏实|好累|很累|睡不着|睡不好|失眠|担心得|害怕得|怕再|不敢出门",
              r"anxious|stressed|overwhelmed|worried sick|can'?t sleep|cannot sleep|trouble sleeping|not sleeping|exhausted|scared all the time")
# Stress and worry are a disclosure even beside a topic; tiredness beside a drug or a walk is a symptom or a remark.
WORRY = dialect_pattern(r"烦|焦虑|紧张|压力|担心|害怕|怕再|不敢出门|不踏实", r"anxious|stress|overwhelm|worr|scared|afraid")
SLEEP_ONLY = dialect_pattern(r"睡不着|睡不好|失眠", r"can'?t sleep|cannot sleep|trouble sleeping|not sleeping")
# Grief for someone who died is the writer's own low mood ("since my husband passed I just cry").
BEREAVED = dialect_pattern(r"走了|去世|过世|离世|不在了|走咗|没了以后", r"passed|died|lost (?:my|him|her)|gone now|funeral")
RELATIVE = dialect_pattern(r"(?:我|俺)?(?:妈|爸|老伴|老公|老婆|爱人|婆婆|公公|奶奶|爷爷|外婆|外公|姥姥|姥爷|父亲|母亲)|(?<![其吉])他|她",
                r"\b(?:she|he|her|him|his|mum|mom|mother|dad|father|husband|wife|gran|grandma|grandpa|nan)\b")
SELF_FEELING = dialect_pattern(r"我(?:最近|也|自己|这段时间)?(?:心情|情绪|觉得|感觉|很|好|挺|特别)?(?:不好|差|低落|沮丧|难过|没劲|没意思|提不起|抑郁|焦虑|压力|烦|累)",
                    r"\bi(?:'m| am|'ve been| have been| feel| felt)\b|\bmy (?:mood|head)\b")


THIRD_PERSON_FEELING = dialect_pattern(r"(?:^|[,，。.;!?！？]\s*)(?:他|她)(?:最近|这阵子|这段时间|一直|总是|老是|整天|每天|心情|也)",
                            r"(?:^|[,.;!?]\s*)(?:she|he)(?:'s| has| is)? been (?:(?:a bit|really|so|very|quite) )?(?:down|low|sad|quiet"
                            r"|withdrawn|flat|miserable|depressed|lonely|tearful|crying)|(?:she|he) (?:says|seems|feels|cries"
                            r"|doesn'?t enjoy|can'?t stop crying|won'?t eat)")

