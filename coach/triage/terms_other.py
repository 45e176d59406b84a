"""Symptom vocabulary, part two: sugar, kidneys, allergy, bleeding, falls, chronic lung and heart
disease, plus mentions of conditions and medicines that change how a symptom is triaged."""

from __future__ import annotations

from coach.triage.terms_mind import MIND_TERMS
from coach.triage.terms_special import MEDICINE, MEDICINE_EN

_POSS = r"(?:my|his|her|the|their)"

OTHER_TERMS: dict[str, tuple[str, ...]] = {
    # ---- blood sugar
    "hypo_named": (
        r"低血糖|血糖(?:太|很|特别|有点|偏)?低(?:了)?",
        r"hypo(?:glyc\w*)?(?![a-z])|low (?:blood )?sugar|(?:blood )?sugars? (?:is |are |was |were |has |have )?"
        r"(?:low|dropping|crashing|dropped|going low)",
    ),
    "tremor": (r"手抖|发抖|哆嗦|手(?:一直|在|直)抖|浑身(?:发)?抖", r"shak(?:y|ing)|trembl\w*|jittery"),
    "hyper_extreme": (
        r"血糖(?:仪)?(?:上)?(?:一直|总是|都)?(?:显示|测出来|测出|是|出现)?(?:个)?hi(?![a-z])",
        r"血糖(?:高得)?测不出(?:来)?|血糖(?:仪)?(?:显示)?(?:爆表|破表)",
        r"meter (?:just |now |only |still )?(?:says|reads|shows|displays) (?:hi|high)(?![a-z])|sugar (?:is |was )?(?:off the charts?|too high to read)",
        r"(?:sugar|glucose|meter|血糖|血糖仪)\s*(?:is |was |reads? |says |shows |showing |显示|是|测出来是?)?\s*hi(?![a-z])",
        r"(?:sugar|glucose|meter|血糖|血糖仪)[^,。!?;不没]{0,6}?(?:测不出(?:来)?|显示不了(?:数|数字)?|too high to (?:read|measure))",
    ),
    "hyper_high": (
        r"血糖(?:特别|非常|很|太|超|巨)高|血糖高(?:得|到)(?:吓人|离谱|不行)",
        r"(?:very|really|super|extremely) high (?:blood )?sugar|sugar (?:is |was )?(?:very|really|super|extremely) high",
    ),
    # ketones found on a strip or blood test (a sign of ketoacidosis beside nausea or belly pain)
    "ketones": (
        r"(?:尿|血)?酮(?:体)?(?:阳性|[+＋]|(?:有|两|三|四|2|3|4)个加号|(?:很|偏|有点|特别)?高)",
        r"ketones? (?:(?:are |is |were |was |came back |show(?:ed|ing)? )?(?:\+|positive|high|moderate|large|raised|present|\d))"
        r"|(?:positive|high|moderate|large|raised) (?:urine |blood )?ketones?",
    ),
    "belly_pain": (
        r"肚子(?:好|很|特别|有点|一直)?(?:痛|疼)|腹(?:部)?(?:痛|疼)|胃(?:好|很)?(?:痛|疼)"
        r"|(?:肚子|肚皮|小肚子|(?:左|右)?(?:上|下)?腹)[^,。!?;]{0,6}?(?:绞痛|剧痛|绞着疼|疼|痛)",
        r"(?:abdominal|stomach|belly|tummy) (?:pain|ache|cramps?)|(?:stomach|belly|tummy) ?ache|(?:stomach|belly|tummy) hurts",
    ),
    "vomiting": (
        r"呕吐|吐了|一直吐|吐得厉害|吐个不停|又吐|干呕",
        r"(?<![a-z])n/v(?![a-z])|(?<![a-z])n\+v(?![a-z])|"  # clinical shorthand: nausea and vomiting
        r"vomit\w*|throw(?:ing)? up|threw up|being sick|(?:can'?t|cannot|could(?:n'?t| not)|unable to) keep (?:any(?:thing)? |water |fluids? |food |drinks? |liquids? )?down",
        r"喝(?:水|了水|点水|什么)?(?:就|都)吐|吃(?:什么|啥|了就|东西就|东西都)(?:都)?吐|水都(?:喝不下|咽不下|存不住)",
    ),
    "deep_breath": (
        r"呼吸(?:又|很|特别)?深(?:又|很)?快|呼吸(?:深大|深长)|大口(?:大口地?)?(?:喘气|呼吸)|烂苹果味",
        r"呼吸[^,。!?;不没]{0,4}?深(?!夜)|喘(?:气|得)(?:又|好|很)?(?:深|粗)|喘粗气",
        r"kussmaul|deep (?:rapid |fast )?breath\w*|breathing (?:fast and deep|deep and fast|very deeply|deeply)|fruity breath",
    ),
    # ---- kidneys
    "low_urine": (
        r"尿(?:很|特别|非常)?少|尿量(?:很|特别|明显)?(?:少|减少)|尿不出(?:来)?|小便(?:很|特别)?少|几乎没尿|(?:就)?尿了一点点",
        # 没得 / 冇得 (south-western, Hunan and Cantonese) is 没有
        r"没(?:有|得)?(?:怎么)?(?:尿|小便|解小便)(?!血|频|急|痛|糖|酸|蛋白|检|常规|路)",
        r"(?:barely|hardly|not) (?:been )?(?:peed|peeing|weeing|urinat\w*|passing (?:any |much )?urine|passed (?:any |much )?urine)",
        r"haven't (?:peed|urinated|passed urine)|no urine|(?:very )?little urine|hardly any urine|not much urine",
    ),
    # a dialysis session missed or skipped: potassium and fluid build up
    "missed_dialysis": (
        r"(?:没|没有|漏|漏了|错过|错过了|耽误|耽误了|跳过|停了)(?:去)?(?:做)?透析|透析(?:没|没有)(?:去|做)",
        r"(?:missed|skipped|didn't go to|did not go to|couldn't get to|no) (?:my |his |her |a )?(?:dialysis|dialysis session)"
        r"|dialysis (?:was )?(?:missed|skipped|cancelled)",
    ),
    "slow_heart": (
        r"心跳(?:很|特别|好|非常|有点)?慢|脉(?:搏)?(?:很|特别|好)?慢",
        r"(?:heart|pulse|heartbeat|heart rate) (?:is |feels |was )?(?:very |really |so )?slow|slow (?:pulse|heart ?beat|heart rate)",
    ),
    "weak_all_over": (
        r"(?:全身|浑身|整个人)(?:都|也)?(?:没劲|没力气|无力|发软|软)|四肢无力",
        r"weak all over|(?:no|zero) strength|(?:legs|arms) (?:feel )?like jelly|can barely move",
    ),
    # ---- poisoning and rashes
    "toxin_taken": (
        r"(?:喝|吃|误服|吞|服|灌|舔)(?:了|下|进)?.{0,6}(?:敌敌畏|百草枯|农药|老鼠药|耗子药|敌百虫|乐果|杀虫剂|除草剂|洁厕灵|84消毒液|消毒液|漂白(?:水|剂)|汽油|煤油|防冻液)"
        r"|(?:敌敌畏|百草枯|农药|老鼠药|耗子药)(?:中毒|喝了|吃了)|(?:吞|吃)(?:了|下)?.{0,4}纽扣电池|纽扣电池.{0,6}(?:吞|吃)(?:下去|进去|了)",
        r"(?:drank|drunk|swallowed|ate|ingested|took|had) .{0,24}(?:pesticide|weedkiller|weed killer|herbicide|paraquat"
        r"|rat poison|bleach|antifreeze|drain cleaner|kerosene|petrol|gasoline)|(?:swallowed|ate) .{0,12}button batter(?:y|ies)",
        # a whole box or bottle of any medicine, by accident or not
        rf"(?:吃|吞|服)(?:了|下|掉)?(?:一)?整(?:盒|瓶|板|包|袋)(?:的)?\s*{MEDICINE}"
        rf"|(?:一)?整(?:盒|瓶|板|包)(?:的)?\s*{MEDICINE}[^,。!?;]{{0,10}}(?:都|全)?(?:吃|吞|服)(?:了|下|掉|光)",
        r"(?:swallowed|took|taken|ate|eaten|had|downed|got into) (?:a |an |the |her |his |my )?(?:whole|entire|full) "
        rf"(?:box|bottle|pack|packet|strip|blister|sheet) of (?:her |his |my |the |their |grandma's |grandpa's )?(?:[a-z'-]+ ){{0,2}}?"
        rf"{MEDICINE_EN}",
    ),
    # A child into someone's medicines, how much unknown: an emergency for a young child (with child_young).
    "medicine_got_into": (
        r"(?:误吃|误服|偷吃|翻出|拿到)(?:了)?(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|大人|家里|妈妈|爸爸)?的?[^，,。]{0,4}(?:药|药片|药丸)"
        r"|不知道(?:吃|吞)了?(?:几|多少)(?:片|粒|颗)",
        r"got into (?:[a-z]+'s |her |his |the |my |our )?(?:pill ?box|pills|tablets|medicines?|meds|medicine cabinet)"
        r"|(?:no idea|not sure|don'?t know) how many (?:[a-z'-]+ ){0,4}?(?:he|she|they) (?:swallowed|took|ate|had)",
    ),
    "rash_not_fading": (
        r"(?:按|压)(?:了|着|一下|住)?[^,。!?;]{0,3}(?:也|都)?不(?:褪色|褪|消失|变白)|按压不褪|压之不褪",
        r"(?:rash|spots?|marks?|dots?|blotch(?:es)?|patch(?:es)?)[^.!?]{0,50}(?:doesn'?t|does not|don'?t|do not|won'?t|didn'?t|not) "
        r"(?:fade|blanch|go away|disappear)|(?:non-?blanching|glass test)",
    ),
    "child_young": (
        r"(?:[一二两三四1-4]|半)岁|(?:\d{1,2}|[一二两三四五六七八九十]+)个月(?:大)?的?(?:宝宝|孩子|婴儿)?|宝宝|婴儿|小婴儿|baby",
        r"(?<![a-z])(?:[1-4] ?(?:yo|y/o|years? old|year-old)|toddler|infant|newborn|(?:\d{1,2}|one|two|three|four)[- ]months?[- ]old)(?![a-z])",
    ),
    # ---- mood and self-harm (terms_mind.py), kept at this place in the order of concepts
    **MIND_TERMS,
    # ---- allergy
    "throat_swell": (
        r"(?:喉咙|嗓子|喉头|咽喉)(?:有点|突然|也|都)?(?:发)?(?:肿(?!痛|疼)|紧|堵|发紧|卡住|水肿)",
        r"(?:喉咙|嗓子)(?:像)?被(?:掐|堵)住|舌头(?:都|也|有点)?(?:发)?肿|吞咽困难|咽不下(?:去)?",
        r"throat (?:is |feels |felt )?(?:swell\w*|swollen|closing|tight|closing up)",
        r"throat(?:\s+(?!(?:not|no|never)(?![a-z]))(?![a-z]*n't(?![a-z]))\S+){0,5}?\s+(?:clos(?:ing|es|ed)|swell\w*|swollen|tight\w*)",
        r"(?:tongue|throat)(?: and (?:lips?|mouth|face|tongue|throat))? (?:is |are |has |have |feels? |keeps? |started |been )*"
        r"(?:swell\w*|swollen|puff\w*|thick)",
        r"tongue (?:is |has |feels )?(?:swell\w*|swollen|puff\w*)|swollen (?:tongue|throat)|can(?:'t|not|n't) swallow",
    ),
    # The tongue "fat", "thick" or "too big" for the mouth (舌头变厚 / 变大): swelling, unless a dentist's numbing explains it.
    "tongue_thick": (
        r"舌头[^,。!?;不没]{0,4}?(?:变厚|变大|发厚|胖了|厚了|大了一圈|肿大)",
        r"tongue (?:feels |is |looks |has gone |went |seems )?(?:really |so |all )?(?:fat|thick|too big|huge|enormous)",
    ),
    "lip_swell": (
        r"嘴唇(?:和舌头)?(?:都|也|有点)?(?:发)?肿|嘴(?:巴)?肿",
        r"(?:lips?|mouth) (?:is |are |has |have |feels? )?(?:swell\w*|swollen|puff\w*)|swollen (?:lips?|mouth)",
        r"(?:lips?|mouth)(?: and (?:tongue|face|throat|eyes?))? (?:is |are |has |have |feels? |keeps? |started |been )*"
        r"(?:swell\w*|swollen|puff\w*)",
        r"lips? (?:has |have |is |are )?(?:ballooned|blown up|puffed up|swelled up|gone (?:huge|fat|puffy|massive))",
        r"嘴唇[^,。!?;不没]{0,4}?(?:变厚|厚了|肿成|翻起来|像香肠)",
    ),
    "face_swell": (
        r"脸(?:都|也)?肿|眼(?:皮|睛)(?:都|也)?肿|面部(?:水)?肿",
        r"face (?:is |has )?(?:swell\w*|swollen|puff\w*)|swollen (?:face|eyes?|eyelids)",
    ),
    "hives": (
        r"荨麻疹|风团|(?:起|出)(?:了)?(?:很多|好多|一身|一片|大片)?(?:的)?(?:红)?(?:疹子|疙瘩|皮疹|红疹|红包|包)|(?:全身|浑身)(?:发)?痒",
        r"hives|welts|rash|itchy bumps",
    ),
    "new_drug": (
        r"新(?:开)?的?(?:药|降压药|降糖药|抗生素)|换了(?:新的?)?.{0,4}药|换药|打完(?:针|青霉素|头孢)|青霉素|头孢",
        r"刚(?:吃|打|用|输|服)(?:了)?.{0,6}(?:药|针|液)|输(?:完)?液(?:后|以后|之后)|打了?针(?:后|以后|之后)",
        r"(?:吃|服|用)(?:了)?.{0,8}药(?:后|以后|之后)",
        r"new (?:medication|medicine|meds|pill|tablets?|drug|antibiotic|prescription)",
        r"first (?:ever )?(?:dose|pill|tablet|injection|shot|jab)|第一次(?:吃|服|用|打)|头一次(?:吃|服|用|打)",
        r"(?:after|since) (?:taking|starting|the|my|an?) (?:new )?(?:medication|medicine|pill|tablet|injection|shot"
        r"|antibiotic|dose|drug|penicillin|amoxicillin)|penicillin|amoxicillin|antibiotic",
    ),
    "sting": (r"被(?:蜜)?蜂(?:子)?(?:蛰|蜇|叮)|蜂蜇|蜂蛰", r"bee sting|stung by|wasp sting"),
    # ---- bleeding from the gut
    "haematemesis": (
        r"吐(?:了|出)?(?:[一二两三几半小大好多很些点满]{0,3}[口碗杯盆滩摊]|好多|很多|一些|点|大量)?(?:的)?(?:鲜|暗红色?的?|红)?血"
        r"(?!糖|压|脂|管|常规)",
        r"吐(?:的|出来的|出来)[^不没无]{0,6}?血(?!糖|压|脂|管|常规|型)",
        r"呕血|吐(?:出来)?的?(?:东西)?(?:像|是|有)?咖啡(?:色|渣)",
        r"(?:吐|呕)[^,。!?;不没无]{0,8}?(?:咖啡(?:色|渣|样)|酱油色|黑褐色|暗红色)",
        r"呕吐物(?:里)?(?:有|带|是)?血",
        r"(?:vomit\w*|throw\w* up|threw up|thrown up|brought up|bringing up|sick up)(?: (?!(?:no|not|any|without|never|zero|nor)(?![a-z]))"
        r"[a-z-]+){0,3}? (?:blood|clots?)(?![a-z])|blood in (?:my |his |her )?vomit",
        r"(?:vomit\w*|throw\w* up|threw up)[^.,;!?]{0,20}?(?:(?:like|looks like|looked like) coffee|coffee[- ]?colou?red"
        r"|dark brown|black stuff)",
        r"coffee[- ]ground\w*|ha?ematemesis",
    ),
    "melena": (
        r"黑便|柏油(?:样|状|一样)?|大便(?:是|发|变|都是)?黑(?:的|色)?|拉(?:的)?(?:是)?黑(?:色)?(?:的)?(?:大便|屎|便)",
        r"(?:屎|大便)黑乎乎|黑乎乎的(?:屎|大便)",
        r"(?:大便|屎|便便|拉的)(?:颜色)?[^,。!?;不没无]{0,6}?(?:黑|柏油|沥青)",
        r"black (?:tarry )?(?:stools?|poo|poop|bowel movements?)|tarry (?:stools?|poo)",
        r"(?:black|dark) (?!(?:green|brown|yellow|orange)(?![a-z]))(?:[a-z]+ ){0,2}?(?:stools?|poo|poop|bowel movements?|motions?)(?![a-z])",
        r"(?:stools?|poo|poop) (?:is |are |has been |have been |was |were |jet |pitch |really |very |totally |all )*"
        r"(?:black|tarry|like tar)|mela?ena",
    ),
    "haematochezia": (
        r"便血|大便(?:带|有|出)血|拉血|血便|肛门出血|(?:屎|大便)(?:里)?(?:有|带)血",
        r"(?:大便|屎|粑粑)(?:里|上)?(?:全是|都是|好多|很多|一些|有些|有点|一点|带着|带了|有)(?:鲜|暗)?(?:红)?(?:色)?(?:的)?血(?!糖|压|脂|管|常规|检)",
        r"拉(?:了|的|出来的|出来|出)(?:全是|都是|好多|很多|一些|有|带|是|点|些)?(?:鲜|暗)?(?:红)?(?:色)?(?:的)?血(?!糖|压|脂|管|常规|检)",
        rf"blood in {_POSS}? ?(?:stool|poo|poop)|rectal bleeding|bleeding from {_POSS} (?:bottom|back passage|rectum)",
        r"bloody (?:stools?|diarrh\w*)|passing (?:[a-z]+ ){0,4}?blood(?![a-z])(?! in (?:my |the |his |her )?(?:urine|pee|wee|spit))",
        r"blood (?:[a-z]+ ){0,3}?(?:in|with|on|from) (?:my |his |her |the )?(?:stools?|poo|poop|motions?|bowel movements?)(?![a-z])",
        r"(?:bright red|dark red|fresh|red) blood[^.;!?]{0,40}?(?:pan|toilet|bowl|motions?|stools?|poo|bottom|back passage|rectum)",
        r"blood (?:[a-z]+ ){0,2}?(?:on|in) (?:the )?(?:toilet paper|tissue|loo roll|toilet bowl)",
    ),
    # ---- falls
    "fall": (
        r"摔倒|摔了(?:一)?跤|摔了|跌倒|跌了(?:一)?跤|摔跤|滑倒|绊倒|滑了一(?:下|跤)|摔(?:了)?(?:个|一个)?跟头|绊了一(?:下|跤)",
        r"从.{1,6}(?:上)?(?:摔|跌|掉)下来|摔下来|跌下来|摔伤|跌伤|(?:摔|跌)(?:在|到)了?(?:地上|地板上|地下|床下|楼梯|台阶|马路)",
        r"(?<![a-z])(?:fell|fallen|falling)(?![a-z])|(?:had|took) a (?:bad |little |nasty |small )?(?:fall|tumble|spill)",
        r"slipped (?:and fell|over|on|in|at the)|tripped (?:and fell|over)|tumbled|lost (?:my|his|her) footing",
    ),
    "cant_get_up": (
        r"起不来|爬不起来|站不起来|起不了身|动不了|走不了路|不能走路|没法走路|走不了",
        r"can(?:'t|not|n't) (?:get up|stand(?: up)?|walk|move|put weight|bear weight)|couldn't (?:get up|stand|walk|move)",
        r"(?:腿|脚|髋)(?:不能|没法|不敢)(?:着地|吃力|用力)",
        r"unable to (?:get up|stand|walk)|(?:still |was |lying )on the floor|long lie",
        # a long lie: on the floor for a long time before being found
        r"(?:lay|lying|laid|stuck|was|been|spent (?:\w+ ){1,3}|sat|sitting) on the (?:floor|ground)"
        r"|on the (?:floor|ground) (?:for|till|until|all)|couldn't get (?:up|off the floor)",
        r"(?:在)?(?:地上|地板上)(?:躺|坐|趴)了|(?:躺|趴)(?:在地上)?了?(?:半个多|一个多|好几个|几个|\d+|[一二两三四五六七八九十半]+)(?:个)?(?:多)?(?:小时|钟头)",
    ),
    "head_strike": (
        # 脑壳 (south-western and Hunan Mandarin), 脑瓜 (northern): the head
        r"(?:磕|撞|碰|摔|砸)(?:到|着|了|伤)?(?:了)?(?:头|脑袋|后脑勺|头部|(?:后)?脑壳|脑瓜(?:子)?)"
        r"|(?:头|脑袋|后脑勺|头部|(?:后)?脑壳|脑瓜(?:子)?)(?:先)?(?:着地|磕|撞|碰)",
        r"(?:hit|bang(?:s|ed)?|bump(?:s|ed)?|struck|knock(?:s|ed)?) (?:my|his|her|the back of (?:my|his|her)) (?:head|forehead|temple)",
        r"(?:磕|撞|碰)(?:到|着|了|伤)?(?:了)?(?:额头|脑门|太阳穴)",
        r"head (?:hit|struck|smashed)|landed on (?:my|his|her) head|head injury",
    ),
    # ---- chronic lung disease
    "copd_flare": (
        r"(?:慢阻肺|老慢支|慢支|肺气肿)(?:又)?(?:犯了|加重|急性加重|发作|复发)",
        r"copd (?:is )?(?:flar\w*|playing up|acting up|getting worse|worse|exacerbation)",
    ),
    "sputum_change": (
        r"痰(?:也)?(?:是|变成|成了|呈)?(?:变|多|黄|绿|浓|脓)|黄痰|绿痰|脓痰|浓痰|痰(?:的)?颜色(?:变|不对)|咳(?:出|的)?(?:黄|绿)(?:色)?痰",
        r"(?:sputum|phlegm|mucus) (?:is |has )?(?:turned |gone |become )?(?:yellow|green|thick|darker|more)",
        r"(?:yellow|green|more|thick) (?:sputum|phlegm|mucus)|coughing up (?:\w+ ){0,2}?(?:more|yellow|green|brown|lots)",
    ),
    "inhaler_fail": (
        r"(?:喷药|喷雾|喷剂|吸入剂|吸入药|气雾剂|万托林|沙丁胺醇)(?:也|都)?(?:不管用|没用|不起作用|不顶用|没效果)",
        r"喷了(?:好几|几|很多|好多|\d+|[两三四五六七八九十]+)(?:次|下|口)(?:药|喷药)?(?:也|还是|都|仍然)(?:很|一样)?(?:喘|憋|上不来气|透不过气)",
        r"喷了(?:好几|几|很多|好多|\d+)?(?:次|下|口)?(?:药)?(?:也|还是|都)?(?:没用|不管用|不缓解|没效果|不顶用)",
        r"(?:inhaler|puffer|nebuli[sz]er|ventolin|salbutamol|albuterol|reliever)s?[^.,;!?]{0,30}?(?:isn't|is not|"
        r"not|doesn't|does not|don't|aren't|has stopped|stopped|no longer)\s+(?:\w+\s+)?(?:working|helping|help|work"
        r"|doing anything)",
        r"(?:inhaler|puffer|reliever) (?:is )?(?:useless|no help|no good)",
        r"(?:inhaler|puffer|nebuli[sz]er|reliever)s?[^.,;!?]{0,20}?(?:isn't|is not|not|doesn't|does not|aren't)\s+"
        r"(?:doing|making) (?:much|anything|a difference|a lot)",
    ),
    "asthma_attack": (
        r"哮喘(?:又)?(?:发作|犯了|加重)",
        r"asthma attack|asthma (?:is )?(?:flaring|playing up|acting up|really bad|getting worse)",
    ),
    # ---- heart failure
    "leg_swelling": (
        r"(?:腿|脚|脚踝|脚背|小腿|下肢|双腿|两条腿|脚脖子)(?:都|也|有点|有些|又|新|开始|突然|明显|越来越|比平时|更)*"
        r"(?:肿|浮肿|水肿)|浮肿|水肿|肿(?:到|过|上)(?:了)?(?:膝盖|大腿|小腿)",
        r"(?:一)?按(?:下去|一下|上去)?(?:就|会)?(?:是|有|出)?(?:一)?(?:个)?(?:坑|凹)|凹陷性",
        r"(?:legs?|ankles?|feet|foot|shins?) (?:are |is |have |has |look |looks |got |gotten |getting |really |very |so "
        r"|quite |a lot |much |even |more )*(?:swollen|swelling|swell\w*|puff\w*)",
        r"pitting|(?:leaves?|leaving) (?:a )?(?:dent|dimple)s?|dents? when (?:i|you) press"
        r"|socks? (?:leave|leaves|leaving|left) (?:deep |red |big )?(?:marks?|dents?|lines?|grooves?)|袜(?:子)?(?:口|边)?勒(?:出)?(?:的)?(?:印|痕|坑)",
        rf"swollen (?:legs?|ankles?|feet|foot)|swelling (?:in|of) {_POSS} (?:legs?|ankles?|feet)|o?edema",
    ),
    "hf_worse": (
        r"心衰(?:又)?(?:加重|犯了|发作|复发)|心力衰竭(?:加重|发作)",
        r"heart failure (?:is )?(?:getting worse|worse|flar\w*|acting up)",
    ),
    # ---- mentions of conditions and medicines (context, not symptoms)
    "cond_hf": (r"心衰|心力衰竭|心功能不全", r"heart failure|(?<![a-z])chf(?![a-z])|hfref|hfpef"),
    "cond_copd": (r"慢阻肺|慢性阻塞性肺|肺气肿|老慢支|慢支|慢性支气管炎", r"copd|emphysema|chronic bronchitis"),
    "cond_asthma": (r"哮喘", r"asthma"),
    "cond_ckd": (r"肾病|肾功能不全|肾衰|尿毒症|透析", r"kidney disease|(?<![a-z])ckd(?![a-z])|renal failure|dialysis"),
    # Things that turn stools black without bleeding: iron, bismuth, black or blood-based foods.
    "stool_cause": (
        r"补铁|铁剂|铁片|补血药|硫酸亚铁|琥珀酸亚铁|富马酸亚铁|多糖铁|蛋白琥珀酸铁|右旋糖酐铁|铋剂|枸橼酸铋|果胶铋|丽珠得乐"
        r"|黑芝麻|芝麻糊|猪血|猪红|鸭血|鸭红|鸡血|血豆腐|血旺|毛血旺|猪肝|动物血|黑米|桑葚|蓝莓|黑豆|墨鱼|乌贼|活性炭|炭片",
        r"(?<![a-z])iron(?: tablets?| pills?| supplements?)?(?![a-z])|ferrous|ferritab|bismuth|pepto|black pudding"
        r"|blood sausage|blueberr\w*|liquorice|licorice|activated charcoal|squid ink",
    ),
    "cond_chd": (r"冠心病|心脏支架|搭桥", r"coronary|angina|stents?(?![a-z])|bypass"),
    "anticoag_text": (
        r"华法林|花法林|华发林|利伐沙班|达比加群|阿哌沙班|艾多沙班|依度沙班|抗凝|薄血药|稀血药|化血药",
        r"warfarin|rivaroxaban|apixaban|dabigatran|edoxaban|blood thinners?|anticoagulant|xarelto|eliquis|coumadin",
    ),
    "glucose_lowering_text": (
        r"胰岛素|降糖药|格列|磺脲|(?<![a-z])(?:yds|yidaosu)(?![a-z])",
        r"insulin|gliclazide|glipizide|glimepiride|sulfonylurea",
    ),
}
