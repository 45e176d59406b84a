"""Symptom vocabulary of mood and self-harm: death wishes, plans and means, distress, suicidal wording."""

from __future__ import annotations

MIND_TERMS: dict[str, tuple[str, ...]] = {
    # Passive death wishes and feeling a burden, with no plan, means or attempt: urgent, a same-day call.
    "death_wish": (
        r"活着(?:也|都|真|太|还|实在)*没(?:有)?(?:什么|啥)?(?:意思|意义|盼头|奔头)|活够了|不想(?:再)?(?:拖累|连累)"
        r"|(?:是|成了)(?:家里|大家|孩子们?|儿女|子女|家人)?的?(?:拖累|累赘|负担)"
        # the family would manage without me (我死了伢也有人带; 哒 is Hunan for 了)
        r"|(?:要是|如果|假如)?我(?:要是|如果)?死(?:了|哒|掉)(?:以后|之后)?[^,，。？?]{0,6}(?:也有人|有人会)(?:带|管|照顾|养|看)"
        r"(?![^，,。]{0,4}[吗？?])"
        r"|(?:要是|如果|假如)?我(?:要是|如果)?死(?:了|哒|掉)(?:以后|之后)?(?:大家|你们|家里|他们)?(?:就|都|也)*(?:轻松|解脱|省心)",
        r"wish (?:i|he|she) (?:just )?(?:wouldn't|would not|didn't|did not|won't|could not|couldn't) wake up"
        r"|(?:go to sleep|fall asleep) and (?:never|not) wake up|(?:don't|do not|doesn't|does not) want to wake up"
        r"|(?:i'm|i am|he's|she's) (?:just )?a burden|burden (?:to|on) (?:everyone|my family|them)"
        r"|better off (?:dead|without me)|no reason to live|no point (?:in )?(?:living|going on)"
        r"|(?:if|when) i(?:'m| am)? (?:died|was gone|were gone|wasn't here|gone)[^.!?]{0,30}(?:would|'d) (?:all |just |probably )?"
        r"(?:be fine|manage|cope|be better off|be easier)"
        r"|(?:would|'d) (?:all |just |probably )?be (?:better off|fine|happier|easier) (?:if|when) i(?:'m| am)? (?:was |were )?"
        r"(?:gone|dead|died|not here|wasn't here)",
    ),
    # Means or a time beside a death wish turn it into a plan (攒的药都翻出来了, the rope, tonight).
    # Pills saved up, and a time already chosen: a plan even when no wish is put into words.
    "means_saved": (
        r"(?:攒|囤|存)(?:了|下|够)(?:好多|很多|一瓶|一堆|几十)?(?:片)?(?:的)?(?:安眠药|药)",
        r"(?:saved|saving|stockpil\w*|hoard\w*) (?:up )?(?:all )?(?:my |his |her )?(?:sleeping )?(?:pills|tablets)",
    ),
    "time_chosen": (
        r"(?:已经)?想好(?:了)?(?:哪天|什么时候|怎么做)|(?:这个|这)?周末(?:就)?(?:动手|了结|结束一切)",
        r"know (?:exactly )?what i'?m (?:doing|going to do) (?:this|on|at the) (?:weekend|week|friday|saturday|sunday|night)",
    ),
    "self_harm_plan": (
        r"(?:攒|囤|存)(?:的|了|下来的|好的)?.{0,4}(?:药|安眠药)|(?:药|安眠药)(?:都|全)?(?:翻|拿|倒|摆|摊)(?:出来|在)|绳子|农药|烧炭"
        r"|天台|楼顶|跳下去|今晚(?:就)?(?:想|要|打算)?(?:吃|结束|走|了结)|(?:把自己)?了结|找个没人的地方",
        r"(?<![a-z])(?:rope|bridge|tonight|this weekend)(?![a-z])|pills (?:are )?(?:counted|lined up|ready|out)"
        r"|know (?:where|how|when) i'?m going to|written (?:the |my )?(?:letters?|notes?)",
    ),
    # A blade in the hand: a plan only beside distress (烦死了, 别管我), never while cooking.
    "blade_in_hand": (
        r"(?:刀|刀子|刀片)(?:就|已经)?(?:在|握在|拿在)(?:我)?手(?:上|里)",
        r"(?<![a-z])(?:knife|blade|razor)s? (?:is |are )?(?:right )?(?:in|here in) my hands?",
    ),
    "distress": (
        r"烦死|别管我|别劝我?|别给我转|受够了|不想活|活够了|痛苦|没意思|结束",
        r"leave me alone|don'?t (?:try to )?stop me|done with (?:it|everything|life)|had enough|can'?t take (?:it|this)",
    ),
    "cooking": (r"切菜|切肉|削|剁|做饭|炒菜|厨房|水果", r"cook\w*|chop\w*|kitchen|slic\w*|peel\w*|vegetables?|onions?"),
    # Active thoughts of suicide, a plan, means at hand or an attempt: emergency.
    "suicidal": (
        r"不想活|活不下去|(?<!得)想死|寻死|自杀|轻生|了结(?:自己|生命)|结束(?:自己的?)?生命",
        r"割腕|跳楼|上吊|自残|伤害自己|不如死了|死了算了|一了百了",
        r"一整瓶(?:的)?(?:安眠)?药|(?:吞|吃)了(?:一整瓶|整瓶|一把|好多|很多)(?:的)?(?:安眠药|药片|药)",
        r"(?:吞|吃|服)(?:了|下)?(?:\d{2,}|几十|十几|[二三四五六七八九]十[一二三四五六七八九]?)(?:多)?(?:片|粒|颗)",
        r"吞(?:了|下)?.{0,6}安眠药|(?:攒|囤)了.{0,6}(?:安眠药|药)|遗书|不想再活|(?:想|要)(?:从楼上)?跳(?:下去|楼|河|江)",
        r"想结束(?:这一切|一切)|准备好了(?:药|绳子|刀)|(?:安排|交代)好了?后事|告别信"
        r"|(?:想好了|打算好了|决定了|准备)(?:从|去)?[^,。!?;]{0,8}(?:跳下去|跳楼|跳河|跳江|上吊)",
        r"药[^,。!?;]{0,4}?(?:都|已经|早就)?(?:攒|囤|存)(?:好|够|齐)|(?:攒|囤|存)(?:好|够)了?[^,。!?;]{0,6}?药",
        r"把(?:所有|全部|剩下)?(?:的)?(?:胰岛素|药|药片|安眠药)(?:都|全)?(?:一次|一口气|一下子?)(?:性)?(?:打|吃|吞|注射)",
        r"(?:going to|gonna|will|'ll|plan(?:ning)? to|want to|about to|decided to|ready to) "
        r"(?:inject|take|swallow|down|overdose on) (?:all|the whole (?:pen|box|bottle|pack)|every one) (?:of )?"
        r"(?:my |the |his |her )?(?:insulin|pills|tablets|meds|medication)",
        r"(?:tablets|pills|meds|packets) (?:were |are )?(?:all over|scattered (?:on|over|across)) the floor"
        r"|empty (?:pill|tablet|medicine) (?:bottles?|packets?|boxes)"
        r"|(?:found|and) (?:a|his|her) (?:suicide )?note(?![a-z])",
        r"kill(?:ing)? (?:my|him|her)self|end(?:ing)? (?:my|his|her) (?:own )?life|take (?:my|his|her) (?:own )?life",
        r"suicid\w*|want(?:s|ed)? to die|wanna die|can't go on",
        # "she's going to jump" (said of a roof, a bridge or nothing at all); "jump into the pool" is not this
        r"(?:going to|gonna|about to|threaten\w* to|wants? to) jump(?:\s+(?:off|from|down)(?![a-z])|(?=\s*(?:[,.!?，。]|$)))"
        r"|jump(?:ing)? (?:off|from) (?:the |a )?(?:roof|rooftop|building|bridge|balcony|ledge)",
        r"(?:话|说|讲)(?:要|想)跳(?:楼|下去)?(?![绳舞水高远])|天台[^,。!?;]{0,10}(?:要|想)跳",
        r"want (?:it all|everything|my life) to (?:end|be over)|end it all|wish (?:i|he|she) (?:was|were) dead",
        r"want (?:it all|everything|all of (?:it|this)) to (?:stop|go away)|disappear (?:forever|for good|permanently)",
        r"(?:have|got|gathered|collected|saved) (?:the |my |all the |enough |all my )?(?:pills|tablets|rope|razors?|blades?)"
        r"(?: \w+)? ready|enough (?:pills|tablets) to (?:die|end|kill|not wake)",
        r"wish (?:i|he|she) could (?:die|disappear)|(?:saving|stockpiling) (?:up )?(?:pills|tablets)",
        r"goodbye (?:letters?|notes?)|giving away (?:my|his|her) (?:things|stuff|belongings)|said (?:my|his|her) goodbyes",
        r"put (?:my|his|her) affairs in order",
        r"(?:took|swallowed|taken|downed|had) (?:like |about |around |maybe |over |almost |nearly )?"
        r"(?:\d{2,}|a handful of|handfuls of|lots of|loads of|a bunch of) (?:of )?(?:my |his |her |the )?"
        r"(?!(?:mins?|minutes?|hours?|hrs?|days?|weeks?|years?|mg|mcg|units?|ml|steps?|times?|percent|kg|lbs?)(?![a-z]))[a-z]+",
        r"(?:took|swallowed|taken|cut|hurt|burn(?:ed|t)|overdosed)[^.;!?]{0,40}?(?:on purpose|deliberately|intentionally)",
        r"(?:手腕|手臂|胳膊|大腿|腕)(?:上)?(?:用刀|拿刀|用刀片)?(?:划|割|切)(?:了|开)?(?:好几|几|一|两|很多|好多)?(?:道|刀|下|口子)",
        r"(?:故意|存心)(?:吃|吞|服)(?:了)?|(?:拿|用)(?:刀|刀片|玻璃)(?:划|割)(?:了)?(?:自己|手)",
        r"(?:don't|do not|doesn't|does not) want to (?:live|be alive|be here)",
        r"(?:(?<![a-z])i|i'll|i will|i'm going to|i am going to|i'm gonna|gonna|decided to|going to|ready to|want to|plan to)"
        r" end (?:it|things|everything)(?: all)?(?![a-z])(?! (?:with|between|for|off|up|early|there|here|by))",
        r"(?:won't|will not) be (?:around|alive) (?:tomorrow|much longer|by morning)|won't be here much longer",
        r"了断自己|自我了断|(?:今晚|今天|明天)(?:就)?(?:结束|了结)(?:一切|这一切|自己|生命)",
        r"self[- ]harm\w*|(?:want|going|thinking (?:of|about)|thoughts of|urge) (?:to )?hurt(?:ing)? (?:my|him|her)self",
        r"cutting (?:my|him|her)self|cut (?:my|his|her) wrists?|overdos\w*",
        r"(?:took|swallowed|taken) (?:all|the whole bottle of|a whole bottle of|a bottle of|the rest of) "
        r"(?:my |his |her )?(?:pills|tablets|meds|medication|sleeping pills)",
    ),
}
