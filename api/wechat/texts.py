"""Fixed texts of the WeChat channel (zh / en), and the few exact commands members can type."""

from __future__ import annotations

from coach.intake import AGREEMENTS

Text = dict[str, str]

WELCOME: Text = {
    "zh": "您好，欢迎关注！我是您的健康管理助手，可以解答慢病、用药、饮食和运动方面的问题，并提醒您测量和用药。",
    "en": "Welcome! I am your health coach: ask me about your conditions, medicines, diet and exercise, "
          "and I will remind you to measure and take your medicines.",
}
ONBOARDING = (
    "您好！欢迎使用健康管理服务。我们还没有您的登记信息（性别、出生日期），请联系您的家庭医生团队完成登记并"
    "同意健康信息处理，之后即可在这里咨询和接收提醒。如有胸痛、呼吸困难等紧急情况，请立即拨打120。"
)
VOICE_ASK: Text = {
    "zh": "抱歉，我暂时听不清语音，请用文字再发一次，谢谢！",
    "en": "Sorry, I could not make out the voice message. Could you type it, please?",
}
IMAGE_ACK: Text = {
    "zh": "收到您的图片，已保存到您的记录中，您的家庭医生团队可以查看。如有问题请用文字说明。",
    "en": "Got your picture; it is saved to your record for your care team. Please describe any question in text.",
}
OTHER_ACK: Text = {
    "zh": "收到。目前我只能处理文字消息，请用文字告诉我您的问题。",
    "en": "Received. For now I can only read text: please type your question.",
}
LOG_WEIGHT: Text = {
    "zh": "请直接回复您今天的体重，例如「体重 68.5 公斤」。",
    "en": "Reply with today's weight, for example \"weight 68.5 kg\".",
}
DOCTOR_NOTIFIED: Text = {
    "zh": "已通知您的家庭医生团队，医生会尽快在这里联系您。如情况紧急，请立即拨打120。",
    "en": "Your family-doctor team has been told and will contact you here soon. In an emergency call 120 now.",
}
REMINDERS_OFF: Text = {
    "zh": "您已关闭主动提醒。回复「开启提醒」可重新开启。",
    "en": "Reminders are off. Reply \"reminders on\" to turn them back on.",
}
REMINDERS_NONE: Text = {
    "zh": "您目前没有设置用药提醒时间。提醒已开启，回复「关闭提醒」可关闭。",
    "en": "You have no medicine reminder times set. Reminders are on; reply \"reminders off\" to stop them.",
}
REMINDERS_HEAD: Text = {"zh": "您的用药提醒：", "en": "Your medicine reminders:"}
REMINDERS_TAIL: Text = {"zh": "回复「关闭提醒」可关闭主动提醒。", "en": "Reply \"reminders off\" to stop reminders."}
REMINDERS_ON_DONE: Text = {"zh": "好的，已为您开启提醒。", "en": "Reminders are on."}
REMINDERS_OFF_DONE: Text = {"zh": "好的，已为您关闭主动提醒。", "en": "Reminders are off."}
TURN_FAILED: Text = {
    "zh": "抱歉，我暂时无法回答，已转给您的健康管理团队，他们会尽快回复您。如情况紧急，请立即拨打120。",
    "en": "Sorry, I cannot answer right now; your care team has your message and will reply soon. "
          "In an emergency call 120 now.",
}


def rate_limited(language: str, window_s: int) -> str:
    """The one notice per window to a member who writes faster than the coach may answer."""
    minutes = max(1, round(window_s / 60))
    if language.lower().startswith("en"):
        wait = "about a minute" if minutes == 1 else f"about {minutes} minutes"
        return (f"You are sending messages faster than I can answer. I'll answer your next message in {wait}. "
                "If this is an emergency, call 120 now.")
    wait = "大约一分钟" if minutes == 1 else f"大约{minutes}分钟"
    return f"您发消息的速度比我回复得快，我会在{wait}后回复您的下一条消息。如情况紧急，请立即拨打120。"


AGREE = AGREEMENTS
REMINDERS_ON = frozenset({"开启提醒", "打开提醒", "reminders on"})
REMINDERS_OFF_COMMAND = frozenset({"关闭提醒", "reminders off"})
COMMANDS = AGREE | REMINDERS_ON | REMINDERS_OFF_COMMAND

# Menu CLICK keys (configure the account's custom menu with these keys).
MENU_LOG_WEIGHT = "LOG_WEIGHT"
MENU_MY_REMINDERS = "MY_REMINDERS"
MENU_TALK_TO_DOCTOR = "TALK_TO_DOCTOR"


def pick(text: Text, language: str) -> str:
    return text["en"] if language.lower().startswith("en") else text["zh"]


def command(text: str) -> str:
    return " ".join(text.strip().lower().split())
