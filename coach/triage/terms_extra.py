"""Symptom vocabulary, part three: signs that modify another red flag rather than stand alone.

Near-fainting, drowsiness, pink frothy sputum, thirst and passing a lot of urine, heavy bleeding,
signs of a broken bone after a fall, eye injuries, new floaters, a reliever used more often, a chest
infection, a hypo that does not respond to sugar, and a diabetes diagnosis named in the message.
The rules decide what each one adds (coach.triage.rules_*); the patterns follow the conventions of
coach.triage.terms_body.
"""

from __future__ import annotations

_POSS = r"(?:my|his|her|the|their|one)"

EXTRA_TERMS: dict[str, tuple[str, ...]] = {
    # About to faint (presyncope): with a very slow or fast pulse, palpitations or bleeding, a warning sign.
    "presyncope": (
        r"(?:要|快|快要|差点|几乎)(?:就)?(?:晕|昏)(?:过去|倒)?(?:了)?|晕过去的感觉|眼前(?:发黑|一黑)|黑矇|发黑矇",
        r"feel(?:ing|s)? (?:very |really )?faint|(?:going to|gonna|about to) (?:pass out|faint|black out)"
        r"|(?:nearly|almost) (?:fainted|passed out|blacked out)|faint when (?:i|he|she) stand",
    ),
    "drowsy": (
        r"嗜睡|昏昏沉沉|昏睡|睡不醒|(?:一直|老是|总是|老)想睡(?:觉)?|(?:叫|喊)(?:都)?不(?:太|怎么)醒|迷迷瞪瞪",
        r"drows\w*|very sleepy|hard to (?:wake|rouse)|can barely stay awake|not with it",
    ),
    "pink_froth": (
        r"粉红色?(?:的)?泡沫(?:样|状)?(?:的)?痰|痰[^,。!?;]{0,6}?粉红[^,。!?;]{0,4}?泡沫|泡沫[^,。!?;]{0,4}?粉红",
        r"pink(?:ish)?,? (?:and )?froth\w*|froth\w* (?:and )?pink|pink (?:foamy|bubbly) (?:sputum|phlegm|spit)",
    ),
    # Talking is an effort: with breathlessness, severe (alone it may be a hoarse voice).
    "talk_effort": (
        r"说话(?:都|也)?(?:很|特别|非常|有点)?(?:费劲|费力|吃力|上气不接下气)|话(?:都|也)?说不(?:完整|全|完一句)",
        r"(?:talking|speaking) (?:is )?(?:an effort|hard work|exhausting)|out of breath (?:when|from) (?:talking|speaking)",
    ),
    "thirst": (r"口渴|口干|渴得|特别渴|老想喝水|一直喝水", r"thirst\w*|dry mouth|drinking (?:loads|lots|all the time)"),
    "polyuria": (
        r"尿(?:特别|很|非常)?多|尿频|(?:老|总|一直)(?:是)?(?:上厕所|跑厕所|想尿)|一晚上?起(?:好几|\d+|[三四五六七八])次夜",
        r"(?:peeing|weeing|urinating|passing urine) (?:a lot|loads|all the time|constantly|so much)"
        r"|(?:peeing|weeing) (?:like crazy|non-?stop)|been peeing loads|up all night (?:peeing|weeing)",
    ),
    # Almost no urine at all (knowledge item: call 120), stronger than "less than usual".
    "no_urine": (
        r"几乎(?:没|没有)(?:尿|小便)|(?:尿|小便)(?:量)?几乎(?:没|没有|为零)|(?:一点|一滴)(?:尿|小便)(?:都|也)没(?:有)?|(?:一天|一整天|一上午|一下午|十几个小时|\d+个?小时)"
        r"(?:都|也)?没(?:有)?(?:尿|解小便|小便)",
        r"(?:peeing|peed|passing|passed|making|produced?) (?:almost |next to |virtually |hardly )?(?:nothing|no urine)"
        r"|(?:almost|virtually|next to) no (?:urine|pee|wee)|haven't (?:peed|weed|passed urine) (?:all day|since|for)"
        r"|(?:hardly|barely) (?:peed|weed|passed (?:any )?urine)(?: at all)? (?:all day|since yesterday|for (?:a|one|\d+) days?)",
    ),
    "heavy_bleed": (
        r"(?:拉|便|吐|呕|出)(?:了|出|出来)?(?:好多|很多|大量|一大摊|一大滩|一大碗|半碗|一碗|满)(?:的)?(?:鲜|暗红色?的?)?血"
        r"|马桶(?:里|上)?(?:都|全)?(?:是血|红了|染红|一片红)|(?:血块|血凝块)",
        r"(?:loads|lots|a lot|masses|tons|cupfuls?) of (?:\w+ )?blood|heavy (?:rectal )?bleeding|pouring (?:out )?blood"
        r"|blood clots|(?:toilet|pan|bowl) (?:is |was |went )?(?:full of blood|all red|bright red)",
    ),
    # ---- after a fall: signs of a broken bone
    "deformity": (
        r"(?:手腕|腕|胳膊|手臂|腿|脚踝|脚腕|手指)(?:都|也)?[^,。!?;]{0,4}?(?:变形|弯了|歪了|错位|凸出来|不正)"
        r"|(?:腿|脚)(?:好像|有点)?(?:往外|向外)(?:撇|翻|转|歪)|(?:腿|脚)(?:变)?短了一截|骨头(?:都)?(?:露|戳|支)出来",
        r"(?:bent|twisted|sticking out) (?:at |in )?(?:a |an |the )?(?:weird|funny|strange|odd|wrong|awkward|unnatural) "
        r"(?:angle|shape|way)|deformed|(?:bone|it) (?:is |was )?(?:sticking|poking) out|(?:leg|foot) (?:is |looks )?"
        r"(?:turned|rolled|twisted) out(?:wards)?|(?:leg|foot) (?:looks )?shorter",
    ),
    "fracture_sign": (
        r"(?:髋|胯|尾巴骨|尾骨|尾椎|屁股|手腕|腕|腰|大腿根|骨盆|肋骨)(?:部|关节|那里|这里|那儿)?(?:很|特别|一直|都|也|有点)?"
        r"(?:疼|痛|肿)",
        r"疼得(?:站|坐|走|动|下地)(?:都)?不(?:了|下|起来|成)|(?:坐|站|走)都(?:坐|站|走)不(?:下|住|了)|(?:腿|脚)不敢(?:着地|用力|吃力)|一瘸一拐|瘸了",
        r"(?:hip|wrist|tailbone|pelvis|ribs?|groin)(?:'s| is| has| have| keeps?)?(?: been)? (?:\w+ )?(?:aching|ache|hurting|hurts?"
        r"|painful|swollen|sore|killing)|(?:pain|hurts?) (?:in|at) (?:my |his |her )?(?:hip|wrist|groin|pelvis)",
        r"limp\w*|(?:hurts|painful) too much to (?:move|stand|walk|sit)|can(?:'t|not|n't) (?:put|bear) (?:any )?weight",
    ),
    # Still on the floor now, or for an hour or more: a long lie that is still going on.
    "long_lie_now": (
        r"(?:还|仍然?|一直)(?:躺|趴|坐)?在地(?:上|板上|下)|(?:躺|趴|倒|坐)在地(?:上|板上|下)[^,。!?;]{0,4}(?:起不来|爬不起来|站不起来)|起不来(?:已经|都)?(?:有)?(?:半个多|一个多|两个多|好几个|几个|\d+个?多?)(?:个)?"
        r"(?:多)?(?:小时|钟头)",
        r"(?:已经|都)(?:在地上)?(?:躺|趴|坐)(?:在地上)?了?(?:半个多|一个多|两个多|好几个|几个|\d+个?多?)(?:个)?(?:多)?(?:小时|钟头)",
        r"still (?:lying |stuck |sitting )?on the (?:floor|ground)|(?:been|lying|stuck) on the (?:floor|ground) for "
        r"(?:an hour|hours|over an hour|\d+ hours|two hours|a couple of hours)",
    ),
    # ---- eyes
    "eye_injury": (
        r"(?:戳|扎|撞|碰|划|刮|砸|溅|崩|蹭)(?:到|伤|了|进)+(?:了)?(?:我|他|她)?(?:的)?(?:左|右|一只)?眼(?:睛)?|眼(?:睛)?(?:被|让)[^,。!?;]{0,6}?"
        r"(?:戳|扎|撞|打|划|砸|溅|崩)",
        rf"(?:poked|scratched|hit|jabbed|whacked|splashed|caught|struck|got [a-z]+ in) (?:[a-z]+ ){{0,2}}?{_POSS} "
        r"(?:left |right )?eye",
    ),
    "eye_pain": (
        r"眼(?:睛|球)?(?:很|特别|非常|剧烈|一直)?(?:疼|痛|胀痛)|眼眶(?:很)?(?:疼|痛)",
        r"eye (?:pain|is (?:really |very )?(?:painful|sore)|hurts)|painful (?:red )?eye",
    ),
    # New floaters, flashes, distorted vision or a creeping shadow: same-day eye review.
    "floaters": (
        r"(?:突然|新|最近|这两天|这几天|今天)(?:眼前|眼睛里|视野里)?(?:出现|多了|冒出)?(?:了)?(?:好多|很多|一堆|一些)?"
        r"(?:黑点|黑影|飞蚊|漂浮物|蚊子)"
        r"|(?:眼前|眼睛里)(?:有|冒)?(?:闪光|闪电|火花)|(?:看东西|视物|直线)(?:都|也)?(?:变形|变弯|弯了|扭曲)"
        r"|看(?:着)?(?:直线|门框|窗框|瓷砖|线条|电线杆)(?:都|也)?(?:是|变得)?(?:弯|歪|扭)(?:的|了)"
        r"|(?:黑影|阴影|帘子)(?:在)?(?:慢慢|越来越|一点点)",
        r"(?:new|sudden|lots of|shower of) (?:floaters|black spots|specks)|flash(?:es|ing lights?) (?:in|of) (?:light|my|his|her)"
        r"|(?:seeing|see) flash\w*|(?:straight )?lines (?:look|looking|are|appear|seem) (?:wavy|bent|distorted|curved|crooked)"
        r"|distorted vision|things look (?:distorted|warped|wavy)"
        r"|(?:shadow|curtain) (?:is )?(?:creeping|spreading|coming) (?:across|over|in)",
    ),
    # ---- breathing
    "reliever_overuse": (
        r"(?:喷药|喷雾|喷剂|吸入剂|吸入药|气雾剂|万托林|沙丁胺醇|缓解药)[^,。!?;]{0,8}?(?:一天|每天|一晚上?|一上午|一下午)"
        r"(?:要|得|都)?(?:用|喷|吸)(?:了)?(?:好几|十几|[二两三四五六七八九十]+|\d+)(?:次|下|口)",
        r"(?:喷药|喷雾|吸入剂|气雾剂|缓解药)(?:用得|喷得)(?:越来越|比以前|比平时)?(?:多|勤|频繁)",
        r"(?:using|used|needing|needed|taking) (?:my |the )?(?:rescue |blue )?(?:inhaler|puffer|reliever|ventolin|salbutamol)"
        r"(?: \w+){0,3}? (?:more|every (?:hour|couple of hours|two hours)|\d+ times|(?:four|five|six|several) times)",
    ),
    "resp_infection": (
        r"肺部感染|肺炎|气管炎|支气管炎(?:又)?(?:犯|发)|胸部感染|(?:感冒|发烧|发热)(?:了)?(?:好几天|几天|\d+天|三天|两天)?",
        r"chest infection|pneumonia|chest cold|(?:a |high )?(?:fever|temperature)(?![a-z])",
    ),
    # ---- blood sugar
    "not_recovering": (
        r"(?:吃|喝|含)了?(?:糖|果汁|饮料|东西|饼干|馒头)(?:也|还|都)?(?:没|不)(?:缓过来|好|管用|见好|缓解|起来)"
        r"|(?:吃|喝)不(?:进|下)(?:东西|去)?|不肯(?:吃|喝)|喂不进",
        r"(?:juice|sugar|sweets|glucose|food|eating)(?: tablets?)? (?:didn't|did not|hasn't|has not|isn't|is not) "
        r"(?:help\w*|work\w*|bring (?:it|him|her) (?:up|round))|(?:won't|will not|can't|cannot|refus\w*(?: to)?) "
        r"(?:eat|drink|swallow)",
    ),
    "cond_diabetes": (r"糖尿病|糖友|血糖高的老毛病", r"diabet\w*|type (?:1|2|one|two)(?![a-z0-9])|t[12]dm"),
    # ---- fits (GUIDE: one going on, over 5 minutes, or a first fit in an adult is an emergency; a known
    # epileptic's usual short fit with full recovery is urgent). 抽 alone is also smoking, a blood draw or a cramp.
    "fit_long": (
        r"(?<![烟血])(?:抽|抽搐|癫痫发作)(?:了|着)?(?:快|将近|差不多|有|大概|都|足足)?(?:[5-9]|[1-5]\d|五|六|七|八|九|十|十几|二十|几十|五六|六七|七八|八九)"
        r"(?:来)?分钟|(?<![烟血])(?:抽|抽搐|癫痫发作)(?:了|着)?(?:快|将近|差不多|有|大概|都|足足)?(?:半个|一个|个把|半)(?:多)?(?:小时|钟头)",
        r"(?:抽搐|抽风|癫痫|全身抽|一抽一抽)[^,。!?;]{0,10}?(?:停不下来|停不了|还没停|没停下来|还不停|一直不停|不停)",
        r"(?:seizure|(?<![a-z])(?:a|the|his|her|this|my|[a-z]+'s) fit(?![a-z])|fitting|convuls\w*|jerking)[^.!?]{0,40}?"
        r"(?:(?:[5-9]|[1-5]\d|five|six|seven|eight|nine|ten|fifteen|twenty) (?:mins?|minutes)|won'?t stop|not stopp(?:ing|ed)"
        r"|hasn'?t stopped)",
    ),
    # Still fitting, or a second fit: an emergency whatever the history.
    "fit_now": (
        r"(?:还在|正在|一直在|又在|现在还在)抽(?![烟血奖签屉水空查样筋泣痛])|又抽了一次|又发作了一次",
        r"(?:is|'s|are|'re) (?:having a (?:fit|seizure)|fitting|seizing|convulsing)|(?:fitting|seizing) (?:right )?now"
        r"|still (?:fitting|seizing|jerking)|(?:another|a second) (?:fit|seizure)",
    ),
    "fit_first": (
        r"第一次(?:抽|发作|癫痫)|(?:从来|以前|之前|从)(?:都)?没(?:有)?(?:抽|发作|癫痫|犯)过|以前(?:从)?没(?:这样|抽过)|没有癫痫",
        r"first (?:ever )?(?:fit|seizure)|(?:fit|seizure)s? for the first time|never had (?:a |any )?(?:fits?|seizures?|epilepsy)"
        r"|no history of (?:fits|seizures|epilepsy)|isn'?t epileptic|not epileptic",
    ),
    # Known epilepsy said as a history, not the fit itself ("癫痫发作" alone is the event, not the diagnosis).
    "epilepsy_known": (
        r"(?:有|患|得了?|是)(?:癫痫|羊角风|羊癫疯)|癫痫(?:病人|患者|病史|病)|羊角风(?:又)?犯",
        r"epilep\w*(?! (?:fit|seizure|attack))",
    ),
    # The fit is over and they are themselves again; "as usual" alone is not (it may describe the fit).
    "fit_over": (
        r"(?:现在|已经|然后|之后|后来|马上)?(?:醒了|醒过来了|清醒了|恢复了|恢复正常|正常了|缓过来了)|(?:现在|这会儿|已经)(?:挺|都|也)?好(?:了)?",
        r"back to (?:normal|himself|herself|themselves)|came (?:round|to)|(?:woke up|awake) (?:now|again)|(?:has |fully )recovered",
    ),
    # GUIDE (sepsis, urgent): a fever of 39 °C or more after chemotherapy.
    "chemo": (r"化疗|放化疗", r"chemo\w*"),
}
