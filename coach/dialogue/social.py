"""Short, warm replies for the turns that are not health questions: greetings, thanks, small talk,
off-topic requests and emotional disclosure. Fixed texts (zh / en); never guideline text."""

from __future__ import annotations

from collections.abc import Sequence

from coach.pipeline.models import GapLike

GREETING = {
    "zh": "您好！我是您的健康助手，可以回答用药、饮食、检查和慢病管理的问题，也会按时提醒您测量和吃药。",
    "en": "Hello! I'm your health coach. Ask me about your medicines, food, check-ups or long-term conditions, "
          "and I'll remind you to measure and take your medicines.",
}
GAP_HOOK = {
    "zh": "顺便说一句：您的「{title}」{status}，想了解的话可以直接问我。",
    "en": "By the way, your {title} is {status}; ask me if you'd like to know more.",
}
STATUS = {"due": ("快到期了", "due soon"), "overdue": ("已经逾期", "overdue")}
THANKS = {"zh": "不客气！还有问题随时问我。", "en": "You're welcome! Ask me any time."}
SMALL_TALK = {
    "zh": "我是您的AI健康助手，不是真人医生；需要时我会请您的家庭医生团队跟进。有什么健康问题想问我吗？",
    "en": "I'm your AI health coach, not a human doctor; when needed I bring in your family doctor team. "
          "Anything about your health I can help with?",
}
FAREWELL = {"zh": "好的，您先忙！有需要随时找我。", "en": "Sure, talk later! I'm here whenever you need me."}
REMARK = {"zh": "谢谢您跟我分享！有健康方面的事，随时找我。",
          "en": "Thanks for sharing that with me! I'm here whenever you have a health question."}
OFF_TOPIC = {
    "zh": "这个我帮不上忙，我只负责健康方面的事：用药、饮食、检查提醒、血压血糖这些。有这方面的问题随时问我。",
    "en": "I can't help with that one: I only cover your health, such as medicines, food, check-ups, blood "
          "pressure and sugar. Ask me anything about those.",
}
EMOTIONAL = {
    "zh": ("听起来您最近不太好受，谢谢您愿意告诉我。想多了解一点：过去两周，您是否常常对做事提不起兴趣？"
           "是否常常感到心情低落或没有希望？",
           "我也想确认您的安全：您有没有想过伤害自己，或者觉得活着没意思？如果有，请马上拨打心理援助热线12356或"
           "400-161-9995，紧急时拨打120。我可以请家庭医生团队联系您。"),
    "en": ("That sounds hard, and thank you for telling me. Over the last two weeks, have you often had little "
           "interest or pleasure in doing things? Have you often felt down or hopeless?",
           "I also want to check you are safe: have you had thoughts of harming yourself, or that life isn't worth "
           "living? If so, please call 12356 or 400-161-9995 now, or 120 in an emergency. I can ask your family "
           "doctor team to contact you."),
}
# A carer writing about a parent's or partner's low mood: the same screen, asked about them.
EMOTIONAL_OTHER = {
    "zh": ("听起来家里人最近很不好受，您照顾着也辛苦了。想了解一下：过去两周，TA是否常常对做事提不起兴趣？"
           "是否常常心情低落、觉得没有希望？",
           "也想确认TA的安全：TA有没有说过想伤害自己，或者觉得活着没意思？如果有，请马上拨打心理援助热线12356或"
           "400-161-9995，紧急时拨打120。我可以请家庭医生团队联系你们。"),
    "en": ("That sounds hard for them, and for you looking after them. Over the last two weeks, have they often had "
           "little interest or pleasure in doing things? Have they often seemed down or hopeless?",
           "I also want to check they are safe: have they talked about harming themselves, or said life isn't worth "
           "living? If so, please call 12356 or 400-161-9995 now, or 120 in an emergency. I can ask the family "
           "doctor team to contact you."),
}
# The member answered the screen without a yes to the safety question (a yes is triaged before this).
EMOTIONAL_AFTER_SCREEN = {
    "zh": ("谢谢您如实告诉我，这段时间确实不容易。心情低落持续两周以上，值得和家庭医生聊一聊，我可以请他们联系您。",
           "每天出门走走、和家人朋友说说话、作息规律，都会有帮助。如果哪天出现伤害自己的念头，请马上拨打12356或"
           "400-161-9995，紧急时拨打120。"),
    "en": ("Thank you for telling me honestly; that sounds like a hard stretch. When low mood lasts two weeks or more "
           "it is worth talking to your family doctor, and I can ask them to contact you.",
           "A daily walk outside, talking with family or friends and regular sleep all help. If thoughts of harming "
           "yourself ever come, call 12356 or 400-161-9995 straight away, or 120 in an emergency."),
}
# The member thanked the coach instead of answering the safety question: ask it once more, plainly.
SAFETY_REASK = {
    "zh": "还有一个问题想跟您确认：最近有没有想过伤害自己，或者觉得活着没意思？回我“有”或“没有”就行。",
    "en": "One thing I'd still like to check: have you had any thoughts of harming yourself, or that life isn't "
          "worth living? A simple yes or no is fine.",
}
REMINDER_ACK = {
    "zh": "收到，谢谢告诉我！坚持按时吃药、按时检查，您做得很好。",
    "en": "Got it, thanks for letting me know! Keeping up with your medicines and check-ups is the right thing.",
}
NO_TOPIC = {
    "zh": "您是想问哪方面的呢？比如某项检查、某种药，或者饮食和运动？说具体一点我就能帮您。",
    "en": "Which part would you like to know about: a check-up, one of your medicines, or food and exercise? "
          "Tell me a little more and I can help.",
}


def lang_of(language: str) -> str:
    return "en" if language.lower().startswith("en") else "zh"


def greeting(language: str, gaps: Sequence[GapLike], titles: dict[int, str]) -> tuple[str, ...]:
    lang = lang_of(language)
    open_gaps = sorted((g for g in gaps if g.status in STATUS), key=lambda g: (g.status != "overdue", g.item))
    bubbles = [GREETING[lang]]
    if open_gaps and open_gaps[0].item in titles:
        gap = open_gaps[0]
        status = STATUS[gap.status][0 if lang == "zh" else 1]
        bubbles.append(GAP_HOOK[lang].format(title=titles[gap.item], status=status))
    return tuple(bubbles)


def social_reply(act: str, language: str, gaps: Sequence[GapLike], titles: dict[int, str], *,
                 after_screen: bool = False, reask: bool = False) -> tuple[str, ...]:
    lang = lang_of(language)
    if reask:
        return (*social_reply(act, language, gaps, titles, after_screen=after_screen)[:1], SAFETY_REASK[lang])
    if act == "greeting":
        return greeting(language, gaps, titles)
    if act == "thanks":
        return (THANKS[lang],)
    if act == "small_talk":
        return (SMALL_TALK[lang],)
    if act == "farewell":
        return (FAREWELL[lang],)
    if act == "remark":
        return (REMARK[lang],)
    if act == "off_topic":
        return (OFF_TOPIC[lang],)
    if act == "emotional":
        return EMOTIONAL_AFTER_SCREEN[lang] if after_screen else EMOTIONAL[lang]
    if act == "emotional_other":
        return EMOTIONAL_OTHER[lang]
    if act == "reminder_reply":
        return (REMINDER_ACK[lang],)
    return (NO_TOPIC[lang],)
