"""Symptom vocabulary, part four: pregnancy, fever and infection, small children, sick days.

These serve the rules in coach.triage.rules_special, which cover the labelling guide's reason codes
that earlier had no rule at all (pregnancy, sepsis, child_illness, dehydration). The patterns follow
the conventions of coach.triage.terms_body: one Chinese and one English pattern per concept, run on
normalised, simplified, lower-case text.
"""

from __future__ import annotations

# What a medicine is called, for overdoses and extra doses: a drug word or a known stem, never food or drink.
MEDICINE_EN = (r"(?:pills?|tablets?|meds|medicines?|medication|capsules?|paracetamol|acetaminophen|tylenol|panadol|aspirin"
               r"|ibuprofen|insulin|lantus|levemir|novorapid|humalog|toujeo|tresiba|warfarin|sleeping (?:pills?|tablets?)"
               r"|[a-z]*(?:formin|pril|sartan|dipine|statin|olol|azepam"
               r"|zolam|gliflozin|gliptin|clazide|mepiride|pizide|codone|oxetine|pram|xaban|gatran))(?![a-z])")
MEDICINE = (rf"(?:[\u4e00-\u9fff]{{0,5}}?(?:药|药片|药丸|胶囊|止痛片|止疼片|安眠片|胍|地平|他汀|沙坦|普利|洛尔|列净|格列[\u4e00-\u9fff]|华法林|阿司匹林"
            rf"|胰岛素|布洛芬|扑热息痛)|{MEDICINE_EN})")

SPECIAL_TERMS: dict[str, tuple[str, ...]] = {
    # A pregnancy now (context): 怀孕34周, 孕晚期, 34 weeks pregnant, my daughter's 34 weeks.
    "pregnant": (
        r"怀孕|怀着|有了身孕|孕(?:早|中|晚)期|孕\s*\d{1,2}\s*(?:周|w)|(?<!备)孕妇|准妈妈|待产|(?:预产期|产检)",
        r"pregnan\w*|(?<![a-z])(?:\d{1,2}|twenty[- ]\w+|thirty[- ]\w+) weeks? (?:along|gone|pregnant)"
        r"|(?:she's|she is|i'm|i am|im|(?:daughter|wife|partner)(?:'s| is)) (?:\d{1,2}|twenty[- ]\w+|thirty[- ]\w+) weeks(?! ago| old)(?![a-z])"
        r"|expecting a baby|mum-to-be|midwife",
    ),
    "vaginal_bleed": (
        r"(?:阴道|下面|下身)(?:出血|流血|见红)|见红|(?:出血|流血)(?:了)?[^,。!?;]{0,6}(?:卫生巾|护垫)",
        r"(?:vaginal )?bleeding (?:from (?:down there|below)|down below)|vaginal bleed\w*|(?:soaking|soaked) (?:a |through )?pads?",
    ),
    "fetal_less": (
        r"胎动[^,。!?;]{0,6}?(?:少|减少|变少|没了|不动|不明显)|(?:宝宝|孩子|胎儿)(?:在肚子里)?(?:不怎么|不太|没怎么|不)动",
        r"(?:baby|fetal|foetal)(?:'s)? (?:movements? )?(?:(?:is |are |has |have )?(?:moving|kicking) less|not moving|reduced|stopped)"
        r"|(?:fewer|less|no|reduced) (?:fetal |foetal |baby )?(?:movements?|kicks)",
    ),
    "visual_spots": (
        r"眼(?:前|睛)?(?:冒|发)?(?:金星|星星|闪光|亮点|黑点)|看东西(?:有)?(?:闪|花)",
        r"(?:seeing|see|saw) (?:sparkles|stars|spots|flashing lights|zigzags)|flashing lights|spots before (?:my|her) eyes",
    ),
    "fever": (
        r"发烧|发热|高烧|高热|低烧|烧到\s*(?:\d|[三四]十)|体温(?:高|升高|偏高)|打摆子|寒战|冷得发抖",
        r"(?<![a-z])(?:fever\w*|feverish|high temp(?:erature)?|running a temp\w*|a temperature|shivering|rigou?rs|burning up)(?![a-z])",
    ),
    "breath_fast": (
        r"(?:呼吸|喘气|喘)(?:很|特别|好)?(?:快|急促|急)|气促",
        r"breath\w* (?:very |really )?(?:fast|quick\w*|rapid\w*)|rapid breathing|fast breathing",
    ),
    "mottled": (
        r"(?:皮肤|身上|腿上)?(?:发花|花斑|大理石样|发紫发花)|嘴唇发白",
        r"mottled|blotchy (?:purple|blue) skin|skin (?:looks )?(?:grey|gray) and clammy",
    ),
    "floppy": (
        r"软绵绵|软塌塌|蔫蔫的|蔫了|叫(?:都)?叫不醒|哭声(?:很)?(?:弱|小)",
        r"floppy|(?<![a-z])limp(?![a-z])|listless|(?:won't|will not) wake|weak cry",
    ),
    # A baby under 3 months: fever alone is an emergency (labelling guide, child_illness).
    "infant_young": (
        r"(?:[1-9]|十|十一|十二|[一两二三四五六七八九])\s*(?:个)?(?:周|星期|礼拜)(?:大|的)|(?:[12]|[一两二])\s*个(?:多)?月(?:大|的)|新生儿|刚满月|没满月|未满月|出生(?:才)?(?:\d+|[一两二三四五六七八九十]+)(?:天|周)",
        r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]weeks?[- ]old|(?:[12]|one|two)[- ]months?[- ]old"
        r"|newborn|(?:\d{1,2}|few) days old",
    ),
    "missed_period": (
        r"(?:月经|例假|大姨妈)(?:推迟|晚了|没来|迟了|过了)|停经",
        r"(?:missed|late) (?:my |her )?period|period (?:is|was) (?:late|overdue)",
    ),
    "fever_days": (
        r"(?:烧|发烧|发热|高烧)(?:了)?(?:已经|都|整整)?(?:[四五六七4-7]|好几|三四|四五)天|(?:[四五六七4-7]|好几)天(?:了)?(?:一直|还|反复|都)?(?:在)?(?:发烧|烧|发热)",
        r"fever (?:for|since|of) (?:the (?:last|past) )?(?:[4-7]|four|five|six|seven|several|a few) days|(?:[4-7]|four|five|six) days? of fever"
        r"|(?:feverish|running a fever|temperature) (?:for|since) (?:[4-7]|four|five|six) days",
    ),
    "refusing_drinks": (
        r"不肯喝(?:水|奶)?|(?:水|奶)(?:都|也)?不(?:肯)?喝|喂(?:水|奶)(?:都)?不(?:喝|吃)",
        r"refus\w* (?:to )?(?:drink|feed|(?:any )?fluids|milk|water)|won'?t (?:drink|feed|take (?:any )?(?:fluids|milk|water))",
    ),
    # One or two extra doses of a routine medicine taken by mistake (GUIDE: urgent, call for advice today); the
    # object is a medicine ("多吃了一片西瓜" is not), and a schedule ("早晚各吃两次", "要吃两次") is not a mistake.
    "extra_dose": (
        rf"(?:多|重复|又)(?:吃|服|打|注射|用)(?:了|过)(?:一|两|1|2)?(?:片|粒|颗|次|遍|针|顿|份)?[^,。!?;]{{0,8}}?{MEDICINE}"
        rf"|{MEDICINE}(?:[^,。!?;]{{0,6}}?)(?:多|重复|又)(?:吃|服|打|注射|用)(?:了|过)"
        rf"|{MEDICINE}(?:(?!每|一天|一日|天天|要|早晚|各|需|得|医生)[^,。!?;]){{0,8}}(?:吃|服|打|用)(?:了)?(?:两|2|双)(?:次|遍|份|回)"
        r"|(?:吃|服)(?:了)?双份(?:的)?药|药吃重(?:复)?了|药[^,。!?;]{0,4}(?:又|重复)(?:吃|服|打)了?(?:一)?(?:遍|次|回)"
        # "早上吃了降压药 忘记了 中午又吃了一次": forgot it was taken and took it again
        rf"|{MEDICINE}[^。!?;]{{0,6}}?(?:忘(?:记)?了|以为没吃|记不清)[^。!?;]{{0,8}}?(?:又|再)(?:吃|服)(?:了)?(?:一)?(?:次|遍|片|粒|回)",
        rf"(?:took|taken|had|given|gave|injected) (?:my |his |her |the |their )?(?:[a-z]+ ){{0,2}}?{MEDICINE_EN} "
        r"(?:twice(?! (?:a|per|each|every|daily))|two doses|again)"
        r"|(?:took|taken|had|given|gave|injected) (?:a |an )?(?:double dose|extra (?:dose|tablet|pill|one|shot|jab))|double[- ]dosed"
        r"|took (?:it|them|my (?:pills?|tablets?|meds?|dose)) again",
    ),
    "at_rest": (
        r"静息|休息(?:时|的时候|了)|坐着|躺着|安静(?:时|的时候|下来)|什么都没做|没(?:有)?(?:动|运动|干活)",
        r"(?<![a-z])(?:resting|at rest|sitting (?:still|down|quietly|on the sofa)|lying (?:down|in bed)|not doing anything"
        r"|haven'?t (?:moved|done anything)|just sitting)(?![a-z])",
    ),
    "sglt2_text": (
        r"列净|安达唐|欧唐静",  # 达格列净, 恩格列净, 卡格列净 ...
        r"[a-z]*gliflozin|forxiga|farxiga|jardiance|invokana|sglt-?2",
    ),
    "diarrhoea": (
        r"拉肚子|腹泻|拉稀|窜稀|跑肚|泻(?:了|得)|屙(?:肚|稀)|肚屙|(?:跑|上)(?:了)?(?:好几|几|很多|十几)?(?:趟|次)(?:茅厕|厕所|茅房)",
        r"diarrh\w*|the runs|loose (?:stools?|bowels?|motions?)|runny (?:poo|stools?)",
    ),
    # Medicines whose sick-day rules matter with vomiting or diarrhoea (named in the message).
    "sick_day_drug_text": (
        r"利尿|呋塞米|速尿|托拉塞米|氢氯噻嗪|螺内酯|二甲双胍|格华止|达格列净|恩格列净|卡格列净|列净|普利|沙坦",
        r"diuretic|water (?:tablet|pill)s?|fr?u[sz]emide|lasix|bumetanide|hydrochlorothiazide|spironolactone|metformin|glucophage"
        r"|dapagliflozin|empagliflozin|canagliflozin|forxiga|jardiance|sglt2|\w+pril(?![a-z])|\w+sartan(?![a-z])",
    ),
    "standing_faint": (
        r"(?:一|刚)?(?:站|起)(?:起来|身)(?:就)?[^,。!?;]{0,4}(?:晕倒|晕过去|昏倒|倒了|眼前一黑|眼前发黑|两眼发黑)",
        r"(?:stand|get|stood|got|standing|getting) up[^.!?]{0,24}(?:everything|it all|my vision|the world|eyes?) (?:goes|went|going|turns?|turned)"
        r" (?:black|dark|grey|gray)"
        r"|(?:stands?|standing|stood|gets?|getting|got) up[^.!?]{0,20}(?:nearly|almost) (?:faints?|passe?s? out|collapses?|goes down)"
        r"|(?:一|刚)?站起来(?:就)?(?:要|差点|快)(?:晕|倒|晕倒|昏过去)",
        r"(?:fainted|passed out|blacked out|collapsed) (?:when|as|after) (?:(?:he|she|i) )?(?:stood|standing|got up|getting up)",
    ),
    # Minor bleeding that matters on a blood thinner.
    "minor_bleed": (
        r"牙龈出血|流牙血|牙(?:齿)?(?:出|流)血|刷牙[^,。!?;]{0,4}(?:出|流)血|(?:流|出)鼻血|鼻(?:子)?出血|(?:瘀|淤)(?:青|斑|血)|青一块紫一块|尿(?:里)?(?:有)?血|血尿",
        r"bleeding gums|gums? (?:keep |keeps )?bleed\w*|nose ?bleeds?|bruis\w+|blood in (?:my |his |her )?(?:urine|pee|wee)",
    ),
    # A bruise that is healing, said of the bruise itself: turning yellow or green, fading.
    "bruise_healing": (
        r"(?:淤青|瘀青|瘀斑|淤斑|青紫|乌青)[^，,。]{0,6}(?:变|转)(?:成)?(?:黄|绿|青黄)|(?:淤青|瘀青|乌青)[^，,。]{0,4}(?:颜色)?(?:变)?淡了",
        r"bruis\w*[^,.;!?]{0,30}(?:gone|going|turned|turning)[^,.;!?]{0,12}(?:yellow|green)|bruis\w*[^,.;!?]{0,20}fading",
    ),
    # New bruises appearing: easy bruising, whatever an old one is doing.
    "bruise_new": (
        r"(?:又|新)(?:出现|有|起|长)?了?(?:一块|几块|好几块)?(?:新的)?(?:淤青|瘀青|瘀斑|乌青)|(?:好几|好多|很多|多处|到处)(?:块)?(?:淤青|瘀青|瘀斑|乌青)",
        r"new (?:\w+ ){0,2}bruis\w*|bruis\w* (?:keep|keeps) (?:appearing|coming)|more bruis\w*|bruis\w* all over"
        r"|bruis\w* (?:so |very |really )?easily",
    ),
    # Bowel obstruction: nothing passed, with belly pain and vomiting.
    "no_passing": (
        r"(?:没|不|也没)(?:有)?(?:拉|大便|排便)(?:也|又)?(?:没|不)(?:有)?放屁|(?:不|没)(?:有)?放屁|不排气|没排气",
        r"(?:not|haven't|hasn't|can't|cannot) (?:passed|pass|passing) (?:wind|gas)|no (?:wind|gas|flatus)",
    ),
    # Coughing up blood, and the amount.
    "haemoptysis": (
        r"咯血|咳[^,。!?;]{0,8}?血(?!压|糖|脂|管|常规|检查|项|液检|氧)|痰[^,。!?;]{0,6}?(?:血丝|带血|有血)",
        r"cough(?:ed|ing|s)? (?:up )?blood|blood in (?:my |his |her |the )?(?:sputum|phlegm|spit)|bloody (?:sputum|phlegm)",
    ),
    "blood_large": (
        r"一大口|大口|满口|一口一口|一杯|好多血|很多血|一勺|一汤匙",
        r"(?:a )?(?:mouthful|spoonful|cupful|lot of blood|lots of blood)|more than a (?:teaspoon|spoon)",
    ),
    "blood_streaks": (r"血丝|一点点血|少量血", r"streaks?|flecks?|specks?|a tiny bit of blood|pink-tinged"),
    # The event was days ago (context): a fall last week on a blood thinner, healing, is not urgent by itself.
    "days_ago": (
        r"上周|上礼拜|上个礼拜|上星期|上个星期|(?:[三四五六七八九十几]|\d{1,2})\s*(?:天|日)(?:前|以前|之前)|前(?:几|些|两|三)(?:天|日)",
        r"last week|(?:\d{1,2}|three|four|five|six|seven|several|a few) days (?:ago|back)|a week (?:ago|back)",
    ),
    # Burning charcoal or a coal stove indoors: carbon monoxide.
    "co_source": (
        r"(?:烧|生|烤)(?:了)?[^,。!?;]{0,6}(?:炭火|炭盆|炭火盆|煤炉|蜂窝煤|煤球|木炭)|(?:炭火|炭盆|火盆|煤炉|蜂窝煤)[^,。!?;]{0,8}(?:一晚|一夜|整晚|门窗|关着)|煤气(?:泄漏|漏)",
        r"(?:charcoal|coal (?:stove|burner|fire)|brazier)[^.;!?]{0,30}(?:indoors|inside|all night|closed|room)|carbon monoxide|gas leak",
    ),
}
