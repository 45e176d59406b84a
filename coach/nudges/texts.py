"""What each nudge says, in the member's language. Short, specific, one action."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "gap_first": ("温馨提醒：你的「{title}」将在 {due} 前到期。{reason}做完后把结果发给我，我帮你记下来。",
                  "Reminder: your {title} is due by {due}. {reason} Send me the result when it's done and I'll log it."),
    "gap_overdue": ("你的「{title}」已经逾期（应在 {due} 前完成）。{reason}需要帮忙预约的话，回复“预约”。",
                    "Your {title} is overdue (it was due by {due}). {reason} Reply \"book\" if you'd like help arranging it."),
    "dose": ("到时间吃药了：{medicines}。吃完回复 1，还没吃回复 2。",
             "Time for your medicine: {medicines}. Reply 1 when taken, 2 if not yet."),
    "checkin": ("今天的{medicines}都按时吃了吗？回复 1 已吃，2 还没。",
                "Did you take your {medicines} today? Reply 1 for yes, 2 for not yet."),
    "adherence": ("最近 30 天你按时服药的天数约占 {pdc}%，低于 80% 的目标。按时吃药才能稳定控制病情；"
                  "如果是忘记、副作用或买药不方便，告诉我，我们一起想办法。",
                  "Over the last 30 days you took your medicine on about {pdc}% of days, below the 80% goal. "
                  "Taking it regularly keeps your condition steady; if forgetting, side effects or refills get in "
                  "the way, tell me and we'll work it out."),
    "weight_hf": ("早上好！请在排尿后、早饭前称体重，把数字发给我（例如 62.5）。",
                  "Good morning! Please weigh yourself after using the toilet and before breakfast, and send me the "
                  "number (e.g. 62.5)."),
    "weight_weekly": ("本周称重时间到：早饭前称一次体重，把数字发给我（例如 72.5）。",
                      "Weekly weigh-in: weigh yourself before breakfast and send me the number (e.g. 72.5)."),
    "bp": ("该量血压了：静坐 5 分钟后测两次，把读数发给我（例如 128/82）。",
           "Time to check your blood pressure: sit quietly for 5 minutes, measure twice and send me the reading "
           "(e.g. 128/82)."),
    "discharge": ("出院第 {day} 天，身体怎么样？按时吃药、按时复诊很重要。如有气短、胸痛、发热或伤口异常，请马上告诉我或拨打 120。",
                  "Day {day} after leaving hospital: how are you feeling? Keep taking your medicines and attend your "
                  "follow-up. If you get breathless, chest pain, fever or wound problems, tell me at once or call 120."),
    "escalation_followup": ("前几天你反映的情况，医生已经处理。现在感觉怎么样？有任何不适随时告诉我。",
                            "Your doctor dealt with the problem you reported a few days ago. How are you feeling now? "
                            "Tell me any time something isn't right."),
}


def render(key: str, language: str, **values: str) -> str:
    zh, en = TEXTS[key]
    return (en if language == "en" else zh).format(**values)
