"""Symptom vocabulary (Chinese, colloquial Chinese and English): heart, breathing, brain, eyes.

Patterns run on normalised text (lower case, half-width punctuation). A pattern
describes the symptom as present; negation, history and questions are handled
later by coach.triage.scope, so patterns must not swallow a negation word
(胸口不疼 must not match chest pain).
"""

from __future__ import annotations

_POSS = r"(?:my|his|her|the|their)"
_CHEST_ZH = r"胸(?:口|部|前区|前|骨后|膛|腔)?"
# Up to five words that are not a negation: "chest feels like it's being squeezed".
_GAP_EN = r"(?:\s+(?!(?:not|no|never)(?![a-z]))(?![a-z]*n't(?![a-z]))\S+){0,5}?"
_ADV_ZH = r"(?:有点|有些|很|特别|非常|一阵阵|一阵一阵|阵阵|一直|老是|总是|突然|发|还|又|也|都)?"
_SIDE_ZH = r"(?:一侧|半边|半身|一边|单侧|左侧|右侧|左边|右边|左|右)(?:的)?"
_LIMB_ZH = r"(?:手脚|身子|身体|肢体|胳膊|手臂|手|腿|脚)"
_LIMBS_ZH = rf"{_LIMB_ZH}(?:(?:和|跟|与|、|还有|连)(?:{_SIDE_ZH})?{_LIMB_ZH})*"
_WEAK_ADV_ZH = r"(?:突然|一下子|都|也|有点|有些|完全|全|好像|一点|一下|整个|真的|真|还|又|开始|越来越|到现在|现在|一直|仍然|依然|还是|是)*"

BODY_TERMS: dict[str, tuple[str, ...]] = {
    # ---- acute coronary syndrome
    "chest_pain": (
        rf"{_CHEST_ZH}{_ADV_ZH}(?:绞痛|刺痛|压痛|剧痛|痛|疼)",
        rf"心口{_ADV_ZH}(?:痛|疼)",
        r"(?:胸|心脏|心窝|心口|前胸|胸骨)(?:[^,。!?;不没无未别病药]|是不是|是否){0,8}?(?:疼|痛|压着|揪着|绞着|刺着)",
        r"心绞痛",
        r"(?:捂|抓|揪)着(?:胸口|心口|胸)(?=[^,。!?;]{0,6}(?:倒|晕|疼|痛|难受|喘|出汗|说不出话))",  # clutching the chest
        r"胸口(?:像|好像|跟|就像)?(?:被)?(?:什么)?(?:东西)?(?:压|堵|揪|勒|捆|绑|挤)(?:着|住|了)",
        r"压(?:了)?(?:一)?(?:块|个)(?:大)?石头",
        rf"{_CHEST_ZH}[^,。!?;不没无未别]{{0,4}}?(?:压迫感?|压榨感?|重压|压得慌|压得难受)",
        r"(?:像|好像|跟|就像)(?:有)?(?:一?(?:头|只|块|个))?(?:大象|石头|大石头|重物|东西)(?:坐|压|踩)(?:在)?(?:上面|上头|胸口|身上)",
        r"chest (?:pains?|pressure|ache|aching|hurts?|is hurting|heaviness)",
        rf"pain (?:in|across|on) {_POSS} chest",
        rf"(?:crushing|squeezing|heavy|sharp|stabbing) (?:pain|pressure|feeling|sensation|weight) (?:in|on) {_POSS} chest",
        rf"(?:pressure|heaviness|weight) (?:in|on) {_POSS} chest",
        r"(?:pain|pressure|ache|heaviness)\s+(?:in|across|on|around)\s+(?:the\s+)?(?:middle|centre|center|left side)"
        rf"\s+of\s+{_POSS}\s+chest",
        rf"(?:elephant|something heavy|ton of bricks|a weight|weight|a brick|bricks|a truck)(?: [a-z']+){{0,3}}? on {_POSS} chest",
        rf"chest{_GAP_EN}\s+(?:being\s+)?(?:squeez\w*|crush\w*|press\w*|hurt\w*|pain\w*|ach\w*|stab\w*)",
        rf"(?:clutch\w*|grabb\w*|holding|rubbing)\s+(?:at\s+)?{_POSS}\s+chest",
        r"angina",
        r"(?:sub|retro)-?sternal (?:chest )?(?:pain|pressure|ache|heaviness|tightness|discomfort)",  # clinical shorthand
    ),
    "chest_tight": (
        rf"{_CHEST_ZH}{_ADV_ZH}闷",
        rf"{_CHEST_ZH}(?:发紧|紧绷|憋闷|憋得慌|不适|不舒服|难受)",
        r"(?:胸|心窝|心口|心脏|前胸)(?:[^,。!?;不没无未别病药]|是不是|是否){0,6}?(?:闷|紧|憋|堵|沉|(?:很|好|特别|非常|有点|发|沉)重(?!要|新|复|视|点))",
        rf"chest{_GAP_EN}\s+(?:tight\w*|heav\w*|funny|strange|weird)",
        r"心里堵得慌|胸口(?:有点)?堵",
        # "not pain exactly, but really uncomfortable": an atypical description, still chest discomfort
        rf"{_CHEST_ZH}(?:说不上|谈不上|不算|也不算|不是|倒不是|也不是)(?:很|特别)?(?:疼|痛)[^,。!?;]{{0,3}}?(?:就是|但是|可是|只是|但|却)?"
        r"(?:很|特别|有点|非常|说不出的)?(?:不舒服|难受|别扭|闷|压|憋)",
        # 心里头揪着疼: 心里 is only physical with a pain descriptor (心里难受 alone is mood)
        r"心里(?:头|边|面)?[^,。!?;不没无未别]{0,6}?(?:揪|绞|刺|压|针扎|刀割)(?:着|一样|似的|得)?(?:疼|痛)",
        r"chest (?:feels|is|felt|feeling) (?:tight|heavy|funny|strange|weird)",
        rf"tight(?:ness)? (?:in|across) {_POSS} chest|chest tightness|tight chest|chest discomfort",
        rf"discomfort in {_POSS} chest",
        rf"(?:band|belt|vi[cs]e|strap|rope)(?: [a-z']+){{0,2}}? (?:around|round|across|on) {_POSS} chest|chest (?:\w+ )?in a vi[cs]e",
    ),
    # Jaw or left-arm pain: an angina equivalent when it comes with sweating or breathlessness.
    "acs_equivalent": (
        r"左(?:边)?(?:胳膊|手臂|臂|肩膀)(?:也)?(?:很|有点|一阵阵)?(?:疼|痛)|下巴(?:也)?(?:很|有点)?(?:疼|痛)|牙床(?:疼|痛)",
        r"(?:pain|ache|aching|hurts?|hurting) (?:in|down) (?:my |his |her )?(?:left arm|jaw)|(?:left arm|jaw) (?:pain|ache|aching"
        r"|hurts|hurting|is hurting)|pain in (?:my |his |her )?left arm and jaw",
    ),
    "acs_named": (
        r"心梗|心肌梗死|心肌梗塞|心脏病(?:又)?(?:犯了|发作)|急性冠脉综合征",
        r"heart attack|myocardial infarction|cardiac arrest",
    ),
    "radiating": (
        r"(?:放射|牵扯|牵拉|蔓延|窜|传|延伸|连)(?:到|至|着)(?:左)?(?:胳膊|手臂|臂|肩膀|肩|后背|背|下巴|下颌|牙|脖子)",
        r"往(?:左)?(?:后背|背|胳膊|手臂|肩膀|下巴|左臂)(?:上)?(?:窜|放射|跑|走)",
        r"(?:左)?(?:胳膊|手臂|左臂|肩膀)(?:也)?(?:跟着)?(?:有点)?(?:发)?(?:麻|疼|痛|酸)",
        r"(?:左边?)?(?:下巴|下颌|下牙)(?:也)?(?:跟着)?(?:有点|有些)?(?:发)?(?:酸|疼|痛|麻|紧)",
        r"(?:radiat|spread|shoot|mov)\w* (?:down |up |in)?(?:to |into )?(?:my |his |her |the )?(?:left )?"
        r"(?:arm|shoulder|jaw|neck|back)",
        r"down (?:my|his|her) (?:left )?arm",
    ),
    "cold_sweat": (
        r"冷汗|大汗|一身汗|满头大汗|虚汗|一直出汗|直冒汗|出了好多汗|全身是汗|出汗",
        r"cold sweat|clammy|sweat(?:ing|y)|drenched|diaphore(?:tic|sis)",
    ),
    "nausea": (r"恶心|想吐|反胃", r"nause\w*|feel(?:ing)? sick|sick to (?:my|his|her) stomach|and sick"),
    # ---- breathing
    "severe_sob": (
        r"喘不(?:上|过|动)(?:来)?气?|透不过(?:来)?气|上不来气|呼吸困难|憋得(?:慌|难受|喘不|说不出)|(?:快)?憋死",
        r"喘得说不出话|说不(?:了|出)(?:一句)?完整的(?:话|句子)|话都说不(?:完整|全)"
        r"|(?:坐着|躺着|不动|休息|歇着)(?:的时候|时)?(?:都|也)(?:喘|憋|气短|气急|上不来气|喘不上气)",
        r"气都喘不(?:匀|上)|喘气(?:很|特别|非常)(?:费劲|困难)|呼吸(?:很|特别|非常)?费劲|一口气都喘不",
        r"(?:喘气|呼吸|喘口气|吸气)(?:都|也)(?:很|特别|有点|非常)?(?:费劲|困难|吃力|难受|费力)",
        r"喘[^不没]{0,4}?(?:说不出话|说不了话|话都说不)",
        r"(?:坐着|躺着|不动|休息|歇着)(?:不动)?(?:的时候|时)?(?:都|也)[^,。!?;]{0,3}?(?:喘|憋|气短|气急|上不来气)",
        rf"(?:wheez\w*|breath\w*|puff\w*|gasp\w*){_GAP_EN}\s+(?:can hardly|can't|cannot|unable to) "
        r"(?:talk|speak|finish)",
        r"呼吸(?:很|特别|非常)(?:急|费力|困难|吃力)",
        r"can(?:'t|not|n't) (?:breathe(?![a-z])|breath(?![a-z])|catch (?:my|his|her) breath|get (?:my|his|her|enough )?(?:breath|air))",
        r"struggling (?:to breathe|for (?:air|breath))|gasping|fighting for breath|choking",
        r"(?:very|severely|extremely|really|so|too) (?:short of breath|breathless)",
        r"(?:breathless|short of breath) (?:even )?(?:at rest|sitting still|lying down|resting|when resting|doing nothing)",
        r"can(?:'t|not|n't) breathe?(?: properly| right| well)?(?:,)? even (?:at rest|resting|sitting|lying|when)",
        r"difficulty breathing|trouble breathing|hard to breathe|can hardly breathe",
        r"can(?:'t|not|n't) (?:finish|complete|get through|get out) (?:a |my |his |her |full )?(?:sentences?|words)"
        r"|can only (?:say|speak|get out|manage) (?:a few|one or two|two or three) words",
    ),
    "orthopnoea": (
        r"躺不平|不能平躺|没法平躺|躺下(?:就|更)?(?:喘|憋|咳)|平躺(?:就|会)?(?:喘|憋|不行)",
        r"(?:要|得|只能)?坐着才能(?:喘气|呼吸|睡)|(?:半夜|夜里|晚上)(?:被)?憋醒|夜间阵发性呼吸困难",
        r"(?:喘|憋)得?(?:都)?(?:躺不下|不能躺|没法躺|躺不了)",
        r"can(?:'t|not|n't) lie (?:down )?flat|(?:have|had|need) to sleep (?:sitting up|upright|in a chair)",
        r"wak\w* up (?:gasping|breathless|short of breath|choking)",
    ),
    "cyanosis": (
        r"(?:嘴唇|口唇|嘴巴|手指|指甲)(?:都|也|有点)?(?:发)?(?:紫|青紫|乌|发绀|发青)|发绀",
        r"(?:lips?|face|fingers?|fingertips) (?:are |is |have |has |look |looks |turned |turning |gone |going )*"
        r"(?:blue|purple|grey|gray)",
        r"blue lips|turning blue|cyano\w*",
    ),
    "sob_mild": (
        r"气短|气喘|气急|呼吸急促|喘气费劲|喘",
        r"short(?:ness)? of breath|breathless\w*|out of breath|winded|wheez\w*|puff(?:ed|ing)|panting",
    ),
    "sob_worse": (
        r"(?:喘气|呼吸|气短|喘)(?:也)?(?:越来越|比平时|比平常|比以前|更)(?:费劲|吃力|困难|厉害|急|重)",
        r"(?:越来越|比平时|比平常|比以前|比往常|比之前)(?:更)?(?:喘|气短|憋)|喘得(?:比平时|比以前|更)?(?:厉害|更厉害|更凶|更重)",
        r"更喘了|喘(?:得)?加重|气短加重|(?:走|动|活动)(?:一下|几步)?就喘",
        r"more (?:breathless|short of breath|winded) than (?:my |the )?(?:usual|normal|before)",
        r"(?:breathing|breathlessness|shortness of breath) (?:is |has )?(?:got(?:ten)? |getting )?worse",
        r"(?:getting|increasingly) more (?:breathless|short of breath)|worse breathless\w*",
        r"harder to breathe than usual",
        # needing more pillows to breathe at night (for heart failure: worse, not yet an emergency)
        r"(?:垫|加|用|枕)(?:高)?(?:两|三|四|几|好几|\d)个枕头|枕头(?:要)?(?:垫|加)(?:得)?(?:很|更|老)?高(?:才|才能)",
        r"(?:two|three|four|\d|several|extra|more) pillows (?:to (?:breathe|sleep)|or i)|propped up (?:on [a-z ]{0,20})?to breathe",
        r"(?:puffing|wheezing|breathless|short of breath|winded|coughing|panting) (?:a lot )?more than (?:usual|normal|before)",
    ),
    # ---- stroke and the brain
    "face_droop": (
        r"口角(?:歪斜|歪|下垂|流涎)|嘴角(?:也|有点|一边|往下|往一边|都)*(?:歪|下垂|耷拉|垂下来|往一边)|嘴(?:巴)?(?:歪|斜)|脸(?:也)?歪|口眼歪斜|面瘫",
        r"(?:一侧|半边|一边|左边|右边)(?:的)?脸(?:麻|木|耷拉|下垂|不能动|动不了|歪)",
        r"face (?:is |was |looks |started )?(?:droop\w*|drop\w*|sagging|lopsided|uneven)",
        r"droop\w* (?:face|mouth|on one side)|mouth (?:is )?(?:droop\w*|twisted|lopsided)|facial droop",
        r"one side of (?:my|his|her|the) face",
        r"嘴(?:巴)?合不拢|嘴(?:巴)?闭不上|(?:口水|嘴角)(?:往外|一直)?(?:流|淌)|流口水|眼睛闭不上|笑起来(?:嘴)?歪",
        r"(?:crooked|lopsided|uneven) (?:smile|mouth)|can(?:'t|not|n't) smile|drooling",
        r"(?:smile|mouth|face) (?:is |looks |went |has gone |seems )?(?:\w+ )?(?:crooked|lopsided|uneven|droopy|twisted)",
    ),
    "limb_weak": (
        rf"{_SIDE_ZH}{_LIMBS_ZH}{_WEAK_ADV_ZH}"
        r"(?:没劲|没有力气|没力气|没有劲|无力|发软|不听使唤|动不了|不能动|抬不起来|拿不住|使不上劲|不灵活|不灵)",
        rf"{_SIDE_ZH}(?:{_LIMBS_ZH}|脸){_WEAK_ADV_ZH}(?:麻木|发麻|麻|没(?:了|有)?(?:感觉|知觉))",
        r"半身不遂|偏瘫|手脚(?:突然)?不听使唤|(?:胳膊|手)抬不起来|拿不住(?:筷子|东西|杯子|碗)",
        r"(?:筷子|碗|杯子|勺子|手机|东西)(?:突然)?(?:从手里)?(?:掉了|掉在地上|掉地上|拿不稳)|走路往一边(?:倒|歪)",
        r"(?:筷子|碗|杯子|勺子|手机|东西|笔)(?:都|也)?(?:突然)?(?:拿不住|拿不稳|握不住|抓不住)",
        r"(?:arm|leg|hand) (?:went |has gone |is )?floppy|dragging (?:my|his|her) (?:leg|foot)|dropping things",
        r"(?:arm|leg|hand|side) (?:is |feels |went |has gone |suddenly |feeling |got |gone |seems |all )*"
        r"(?:weak|numb|dead|heavy|limp|clumsy|useless)",
        r"(?:weak|numb)(?:ness)? (?:in|on|of|down) (?:my |his |her |the )?(?:left |right |one )"
        r"(?:arm|leg|side|hand|face)",
        r"can(?:'t|not|n't) (?:lift|raise|move) (?:my|his|her) (?:left |right )?(?:arm|leg|hand)",
        r"lost (?:all )?(?:the )?(?:feeling|sensation|strength|power|movement|use) (?:in|down|on|of) (?:my |his |her |the )?"
        r"(?:whole |entire )?(?:left |right |one )(?:side|arm|leg|hand|face)",
    ),
    "speech": (
        r"说话(?:突然|有点|有些|也|都)?(?:不清楚|不清|含糊|含混|不利索|不利落|大舌头|不连贯)",
        r"口齿不清|吐字不清|讲话不清|说不出话|说不了话|不会说话|不能说话|舌头(?:发)?(?:硬|不灵|不听使唤)|大舌头|言语不清|失语",
        r"(?:说话|讲话|说的话|口齿)[^,。!?;不没]{0,4}?(?:含含糊糊|含糊不清|含糊|嘟嘟囔囔|舌头打结|颠三倒四|听不懂|乱七八糟)",
        r"话(?:也|都)?(?:说|讲)不(?:清楚|清|利索|利落|出来|明白)|说话(?:也|都)?(?:乱|颠三倒四)",
        r"(?:talking|speaking|speech)\s+(?:\w+\s+){0,3}?(?:gibberish|nonsense|funny|garbled)|gibberish",
        r"words (?:won't|will not|wouldn't) come out",
        r"words (?:are |keep |kept )?(?:coming|come|came) out (?:all )?(?:wrong|jumbled|garbled|mixed up|muddled|funny)"
        r"|mix(?:ing|ed|es)? up (?:my|his|her) words|talking (?:all )?(?:funny|weird|strange)",
        r"slurr\w*|(?:can|could)(?:'t|not|n't) (?:get (?:my|his|her|the) words out|find (?:my|his|her|the) words"
        r"|(?:talk|speak) (?:properly|clearly|right|normally))",
        r"(?:trouble|difficulty) (?:speaking|talking|getting words out)",
        r"speech (?:\w+ ){0,3}?(?:slurred|garbled|jumbled|strange|weird|muddled)",
        r"words (?:are |came out )?(?:jumbled|garbled|muddled)|garbled speech",
    ),
    "confusion": (
        r"(?<!一塌)(?<!难得)糊涂(?!账)|神志不清|意识模糊|意识不清|胡言乱语|说胡话|颠三倒四|前言不搭后语|认不出人|不认人|迷迷糊糊|迷糊|反应(?:很)?迟钝|答非所问",
        r"不认识(?:我|人|家里人|家人)|不认得(?:我|人)|认不出(?:我|家人|来)",
        r"confus\w*|disorient\w*|not making sense|talking nonsense|(?:doesn't|does not) recogni[sz]e|muddled",
    ),
    "stroke_named": (
        r"中风|脑卒中|卒中|脑梗|脑出血|脑溢血|短暂性脑缺血",
        r"stroke|(?<![a-z])tia(?![a-z])|mini[- ]stroke",
    ),
    "thunderclap": (
        r"头痛欲裂|头(?:突然)?(?:像)?要(?:炸|裂)开|(?:突然|一下子)(?:剧烈)?头(?:痛|疼)得?(?:厉害|剧烈)|剧烈头(?:痛|疼)",
        r"这辈子(?:最|没这么)(?:疼|痛)",
        r"(?:头|脑袋|脑壳|后脑勺|后脑)[^,。!?;不没无]{0,5}?(?:要|快|像)(?:要)?(?:炸|裂)(?:开|了)",
        r"worst headache|thunderclap|sudden (?:severe|terrible|excruciating) headache|head(?:ache)? (?:is )?exploding",
    ),
    "headache": (
        r"(?:头|脑袋|脑壳|脑子|后脑勺|后脑|脑门|太阳穴|额头|偏头)(?:很|有点|特别|一直|剧烈)?(?:痛|疼|胀)",
        r"headache|head (?:hurts|is pounding|pounding)",
    ),
    "double_vision": (r"复视|重影", r"double vision|seeing double"),
    "vision_loss": (
        r"(?:突然|一下子|忽然)(?:就|都|也|全)*(?:什么都|啥都|啥也)?(?:看不见|看不清|看不到|失明)",
        r"(?:一只|一侧|一边|左|右|单)(?:边|侧)?(?:的)?(?:这|那)?(?:只|个)?眼(?:睛)?[^,。!?;没]{0,10}?"
        r"(?:看不见|看不清|看不到|看不着|失明|黑了|瞎了|black(?:ed)? ?out|went (?:black|dark))",
        r"半边(?:视野)?看不(?:见|到)|视野(?:缺|少)了?一块|眼前(?:像)?(?:拉了|挂了)?(?:窗帘|黑幕)",
        r"(?:左眼|右眼|一只眼|一侧眼|单眼|一边眼|眼前|视野)[^不没无未别]{0,8}?(?:一片黑|帘子|黑幕|窗帘|失明|瞎了)",
        rf"(?:left|right|one) eye{_GAP_EN}\s+(?:went |gone |is |turned )?(?:black|dark|blind|dim)",
        rf"(?:went|gone|turned) (?:black|dark|blind){_GAP_EN}\s+(?:in|out of|from) (?:{_POSS}|one) (?:left |right )?eye",
        r"眼前一黑(?:就|什么都|啥都)?(?:看不清|看不见)|眼睛(?:突然)?瞎了|视力(?:突然|一下子)(?:下降|丧失|没了)",
        r"(?:sudden(?:ly)?|abrupt) (?:loss of (?:vision|sight)|vision loss|blindness)",
        r"(?:lost|losing) (?:the )?(?:vision|sight) in|suddenly (?:can(?:'t|not|n't) see|went blind|lost (?:my|his|her))",
        r"went blind|can(?:'t|not|n't) see (?:anything |a thing |properly |much )?(?:out of|from|with|in) (?:my|his|her|one)"
        r"|curtain (?:came )?(?:down|over)",
    ),
    "blurred_vision": (
        r"(?:看东西|视物|视力|眼睛)(?:有点|突然)?(?:模糊|发花|看不清)|眼花",
        r"blurr\w* vision|vision (?:is |went )?blurr\w*|blurry",
    ),
    # ---- heart rhythm and fainting
    "palpitations": (
        r"心慌|心悸|心跳(?:得)?(?:很|特别|好|非常|有点)?(?:快|乱|厉害|不齐|不规律|漏跳|咚咚)",
        r"心(?:脏)?(?:怦怦|砰砰|扑通扑通|咚咚)|心脏(?:乱跳|狂跳|跳得厉害)|心跳加速|心动过速|早搏|房颤(?:又)?(?:犯了|发作)",
        r"palpitation\w*|heart ?(?:beat )?(?:\w+ ){0,2}?(?:racing|pounding|flutter\w*|skipping|jumping|thumping)",
        r"racing heart|irregular heart\s?beat|skip(?:s|ped)? a beat",
        r"pulse (?:is |feels |was )?(?:all over the place|irregular|erratic|racing|jumping around)|irregular pulse",
        r"心跳(?:得)?(?:乱七八糟|忽快忽慢|一会儿快一会儿慢)|脉(?:搏)?(?:很|特别)?(?:乱|不齐)",
        r"心(?:脏)?(?:里)?(?:扑腾|突突|怦怦|砰砰|咚咚|扑通)|心跳得?(?:像打鼓|要跳出来)",
    ),
    "dizziness": (
        r"头晕|头昏|眩晕|晕乎乎|晕晕|眼前发黑|天旋地转|眼花|头重脚轻|(?:好|很|有点|特别)晕(?!车|船)",
        r"dizz\w*|light[- ]?headed|vertigo|woozy|room (?:is )?spinning|feel(?:ing)? faint|(?:feel|feels|feeling|felt|very|so|bit|abit|quite) giddy|giddiness",
        r"(?:going to|gonna|about to) (?:pass out|faint|black out)|差点晕(?:倒|过去)",
    ),
    "syncope": (
        r"晕倒|昏倒|晕过去|昏过去|晕了过去|晕厥|昏厥|失去知觉|倒地|突然倒下|一下子倒下|栽倒|眼前一黑(?:就)?(?:倒|摔)",
        r"(?:晕|昏)了(?:一下|几秒|过去|一会儿)",
        r"fainted|fainting|passed out|blacked out|collapsed|syncop\w*|lost consciousness|keeled over",
    ),
    "unconscious": (
        r"昏迷|叫不醒|喊不醒|叫不应|喊不应|叫(?:攏|拢|都)?叫(?:不|袂|唔)醒|(?:叫|喊)(?:唔|袂)醒|不省人事|人事不省|没(?:有)?反应|失去意识|意识丧失|醒不过来",
        r"(?:叫|喊|拍|摇)了(?:好)?(?:一会儿?|半天|好久|很久|几分钟)(?:才)(?:醒|有反应)",
        r"took (?:a while|ages|a long time|several minutes|a few minutes|minutes) to (?:come round|come to|wake|respond)",
        r"unconscious|unresponsive|won't wake|can(?:'t|not|n't) (?:wake|rouse) (?:him|her|them)"
        r"|won'?t (?:answer|respond)(?: to)? (?:us|me|anyone|anybody)|(?:doesn'?t|does not|isn'?t) (?:answer|respond)ing to (?:us|me)",
        r"(?:not|isn't|is not) (?:responding|breathing)",
    ),
    "seizure": (
        r"抽搐|抽风|癫痫发作|口吐白沫|羊角风|羊癫疯|一抽一抽|(?:全身|手脚|四肢|浑身)(?:都|一直|不停地?)?(?:在)?抽(?![烟血奖签屉水空查样筋泣痛])"
        r"|(?:还在|一直在|正在)抽(?![烟血奖签屉水空查样筋泣痛])|(?:癫痫|羊角风)(?:又)?(?:犯|发)了",
        r"seizure|fitting|convuls\w*|(?:had|having|has|have) (?:a |another |his |her )?(?:fit|seizure)(?! of)(?![a-z])"
        r"(?! (?:when|about|over|because|if|at) )",
    ),
}
