"""Length-preserving masks run before matching: control text, role-play wrappers and figures of speech.

Directive masks produce an extra variant of the message (the engine triages both and keeps the
higher level), so a mask can never lower a level. Look-alike masks blank everyday idioms that
contain red-flag words (笑死了, 笑得喘不上气, dying to know) so they are not read as symptoms.
"""

from __future__ import annotations

import re

__all__ = ["mask_directives", "mask_lookalikes"]

# Text that tries to switch triage off or to put the service into a role. It is blanked (and a
# clause boundary put in its place) so words like "don't" in "don't escalate" cannot negate a
# symptom, and a wrapper such as "pretend you're just my friend" cannot make the member's own
# symptoms look like a friend's.
_DIRECTIVE_RES = tuple(
    re.compile(p)
    for p in (
        r"(?:please\s+)?(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+)?"
        r"(?:previous|prior|above|earlier|system|safety|these|those|my)?\s*"
        r"(?:instructions?|rules?|prompts?|guidelines?|settings?|protocols?|triage|escalation)",
        r"(?:do not|don't|dont|never|no need to|stop)\s+(?:escalat\w*|flag\w*|alert\w*|triag\w*|report\w*|notif\w*"
        r"|call(?:ing)? (?:120|911|an ambulance|anyone|the doctor|my doctor)|send\w* (?:an )?alerts?|contact\w* anyone)"
        r"(?:\s+(?:this(?: message)?|me|it|anyone|that))?",
        r"(?:escalation|triage|safety|alerts?|red[- ]?flags?|emergency (?:mode|detection))\s+(?:is\s+|are\s+)?"
        r"(?:disabled|off|turned off|switched off|not needed|suspended|deactivated)",
        r"(?:disable|turn off|switch off|deactivate)\s+(?:the\s+)?(?:escalation|triage|safety|alerts?|red[- ]?flags?)",
        r"admin(?:istrator)? (?:override|mode)|developer mode(?: (?:on|enabled|activated))?|system\s*(?:prompt|message)?\s*:",
        r"this is (?:only |just )?a test",
        # role-play and persona wrappers
        r"(?:pretend|imagine|act|behave|role-?play|role play)\s+(?:that\s+|as if\s+)?(?:you(?:'re| are)|to be|as|like)"
        r"\s+[^.,;:!?]{0,40}",
        r"(?:you are|you're) (?:now|just|only) (?:a|an|my) [^.,;:!?]{0,30}|(?:not|no longer) a (?:health )?(?:bot|coach|"
        r"assistant|ai|nurse|doctor)(?![a-z])|(?<![a-z])(?:stay )?in character(?![a-z])|(?:let's|lets) play a game",
        r"(?:do not|don't|dont|no|never|without)\s+(?:give|giving|send|sending|show|tell|telling|lecture|lecturing)?\s*"
        r"(?:me\s+)?(?:any\s+)?(?:hotlines?|helplines?|crisis (?:lines?|numbers?)|phone numbers|resources|lectures?)",
        r"just (?:answer|reply|respond|talk|chat)(?: (?:to me )?(?:normally|like (?:a )?(?:normal|friend|human)))?",
        r"忽略(?:掉)?(?:之前|以上|前面|上面|先前|所有|你的)?(?:的)?(?:所有)?(?:指令|指示|规则|设定|提示|要求|命令)",
        r"(?:不要|别|不用|无需|不需要|禁止)(?:再)?(?:升级|上报|报警|预警|触发|转人工|转诊|通知|联系医生|打120|叫120"
        r"|拨打120|叫救护车|分诊|告警)",
        r"(?:关闭|停用|取消|禁用|解除)(?:了)?(?:安全|预警|分诊|升级|报警|告警)(?:模式|功能|机制)?",
        r"(?:预警|分诊|升级|安全模式|报警)(?:已|已经)?(?:关闭|停用|禁用|取消)",
        r"系统(?:提示|指令|消息)?\s*:",
        r"你现在是[^,。!?;]*",
        r"管理员(?:模式|指令|覆盖)|开发者模式(?:已)?(?:开启|打开)?",
        r"(?:这是|这只是|只是)(?:一个)?测试",
        r"(?:假装|假设|就当|当)你(?:是|只是)[^,。!?;]{0,20}|(?:角色扮演|扮演)[^,。!?;]{0,20}",
        r"(?:不要|别|不用)(?:给我)?(?:发|说|讲|推)?(?:什么)?(?:热线|电话号码|求助电话|大道理)",
        r"(?:正常|直接|只管)(?:回答|回复|聊天?)(?:就行|就好)?",
    )
)

# Everyday phrases that look like red flags: 想死你了 (I miss you), 笑死了, heat stroke ...
_LOOKALIKE_RES = tuple(
    re.compile(p)
    for p in (
        r"想死(?:你|您|他|她)",
        r"(?:气|郁闷|急|烦|恨|输|亏|赔|穷|闹|吵|愁)(?:得|到)(?:我)?(?:都|快|要|真是|简直)*(?:吐血|想死|要死)",
        # money, noise and gadgets "killing" someone: 账单多得我喘不过气, 闹得我头都要炸了, 手机卡死了我真是不想活了
        r"(?:账单|债|房贷|车贷|贷款|开销|花销|费用|物业费|学费)[^,。!?;]{0,4}(?:多|压)(?:得|到)(?:我|人)?(?:都|快|要|直)*"
        r"(?:喘不(?:上|过|动)(?:来)?气(?:来)?|透不过(?:来)?气)",
        r"(?:闹|吵|烦|气|愁|念叨)(?:得|到)(?:我)?(?:的)?(?:头|脑袋|脑壳|脑子)(?:都)?(?:要|快)?(?:炸|裂)(?:了|开)?",
        r"(?:手机|电脑|网速?|wifi|系统|软件|游戏|app|电视|打印机)[^。!?]{0,12}(?:卡|死机|崩|坏|慢)[^。!?]{0,10}?"
        r"(?:真是|真的|简直)?(?:不想活了?|想死)",
        r"不想活了?(?=\s*(?:🙄|😂|🤣|😅|😤|哈哈|lol|haha))|想死的心都有了?(?=[^。!?]{0,4}(?:😂|🤣|哈哈|lol|haha))",
        r"(?<=[累热冷饿困烦忙笑气吓痒憋闷])死(?:我|人)?了?",
        r"(?<=[疼痛])死(?:我|人)?了",
        r"笑死|吓死|(?:把|被)(?:他|她|我|你|人)?拉黑|拉黑(?:了)?(?:他|她|你|我|好友|微信)|死了这条心|死心",
        # laughing, work or pressure "taking one's breath away": 笑得喘不上气, 忙得喘不过气
        r"(?:笑|乐|忙|催|(?<![胸口心背])压|逼|卷|(?<=[事活作业班])多|压力(?:大|太大)?)(?:得|到)(?:我|人|他|她)?(?:都|快|要|差点|直)*(?:喘不(?:上|过|动)(?:来)?气?(?:来)?|上不来气"
        r"|透不过(?:来)?气|背过气去?|岔(?:了)?气|肚子(?:都)?(?:疼|痛)|直不起腰|眼泪都出来|抽(?:搐|筋))",
        # work and study hyperbole: 加班加到想死, 考试考得想死 (said of a workload, with nothing about the self)
        r"(?:加班|上班|工作|开会|考试|复习|学习|带娃|堵车|通勤)(?:加|考|开|上|学|带|堵)?(?:到|得)(?:我)?(?:都|快)?想死",
        # a device that is "unresponsive", "dead" or "had a seizure"
        r"(?:phone|laptop|computer|pc|app|screen|tv|tablet|ipad|device|website|site|page|browser|program|software|system"
        r"|game|printer|mouse|keyboard|wifi|router)"
        r"(?:[^.!?]{0,40}?)(?:unresponsive|(?:had|having|has) a (?:full-on |total )?(?:seizure|fit)|froze|frozen|crashed|is dead|died)",
        # "mum will have a fit when she sees my tattoo", "nearly had a fit": outrage, not a seizure
        r"(?:will|'ll|gonna|going to|nearly|almost) (?:have|had) (?:a|kittens and a) fit",
        # a person who does not answer messages: "unresponsive to my texts"
        r"unresponsive(?:\W{0,4})(?:to|on) (?:my |his |her |the )?(?:texts?|messages?|emails?|calls?|wechat|whatsapp)",
        r"(?:吓|气)得(?:我)?(?:心脏病|心梗)(?:都)?(?:快|要)?(?:犯了|发作|出来)",
        # a part someone plays on stage: 我演一个心脏病发作的老头, and the gesture rehearsed for it (捂着胸口倒下去那个动作)
        r"(?:演|扮演|扮)(?:一个|个|一位|一名)[^,。!?;]{0,12}?的(?:老头|老人|老太太?|病人|患者|男人|女人|角色|大爷|大妈)",
        r"[^,。!?;]{0,10}(?:那个|这个|的)(?:动作|姿势|表情)(?:要|该|得)?(?:怎么|咋|怎样)演",
        r"(?:手机|电脑|电视|遥控器|机器|屏幕|血压计|血糖仪|app|软件)[^,。!?;]{0,6}(?:没有|没|冇)(?:有)?(?:反应|动静)",
        r"(?:打|吃|用|涂|擦)了?[^,。!?;]{0,4}(?:针|药|疫苗)[^,。!?;]{0,4}(?:没有|没|冇)(?:什么|啥)?(?:不良)?反应",
        r"(?:别|莫|不要|少)(?:在这|在那)?(?:说|讲)胡话",
        r"heat ?stroke|sunstroke|stroke of (?:luck|genius)|(?:back|breast|swimming) ?strokes?",
        r"(?:fit|seizure|fits|seizures)[- ]free|hay fever|non-?drowsy|blind (?:with|from) (?:rage|anger|fury|jealousy)",
        r"(?:fell|fall|falling) (?:asleep|in love|apart|behind|for)",
        r"dying (?:to|of laughter)|kill(?:ing)? time|to die for|bored to death",
        # weather that is "suffocating"; hunger joked about as a hypo (饿到低血糖了哈哈)
        r"(?:humidity|heat|weather|air|smog|room|subway|office|crowd)[^.!?]{0,24}suffocating[^.!?]{0,40}",
        r"饿(?:到|得)(?:我)?(?:快|要)?低血糖了?(?=[^,。!?;]{0,6}(?:哈|😂|🤣|lol))",
        r"laugh\w* so (?:hard|much)(?: at (?:the |a |his |her |my |this |that )?[a-z' ]{1,20}?)?(?: that)? (?:i|we)"
        r" (?:could(?:n't| not)|can't|cannot|couldn't) breathe(?! (?:now|still|properly))(?=\s*(?:$|[🤣😂😆😅]|lol|haha|lmao|[.!]))"
        r"|(?:nearly |almost )?(?:gave|give|giving|gives) (?:me|him|her|us) a heart attack|(?:scared|bored|worried) to death"
        r"|(?:nearly|almost) (?:had|have|having) a heart attack",
        # a food's sugar content, not the member's: "which fruits low sugar?", "low-sugar snacks"
        r"(?:which|what|any|some|recommend\w*|suggest\w*|good) (?:\w+ ){0,2}?(?:fruits?|foods?|snacks?|drinks?|biscuits?|cereals?"
        r"|desserts?|options?)(?: (?:are|is|that are|which are|with|got))? low(?:er)?(?:[- ]in)?[- ]sugar"
        r"|(?:which|what|any|some|recommend\w*|suggest\w*|good) low(?:er)?[- ]sugar (?:fruits?|foods?|snacks?|drinks?|versions?"
        r"|options?|biscuits?)",
    )
)


def _blank(text: str, pattern: re.Pattern[str], boundary: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        size = m.end() - m.start()
        if boundary and size:
            return "。" + " " * (size - 1)
        return " " * size

    return pattern.sub(repl, text)


def mask_directives(norm: str) -> str:
    for pattern in _DIRECTIVE_RES:
        norm = _blank(norm, pattern, boundary=True)
    return norm


def mask_lookalikes(norm: str) -> str:
    for pattern in _LOOKALIKE_RES:
        norm = _blank(norm, pattern, boundary=False)
    return norm
