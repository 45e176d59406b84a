"""Replies to a reminder, understood in the context of the reminder they answer.

"1" / "已吃" after a dose reminder is a dose log; "72.5" after a weigh-in prompt is a weight
(which is then triaged like any reading: a 2 kg jump in 3 days escalates); "退订" / "TD" stops
all reminders at once; "恢复提醒" turns them back on; "暂停提醒" snoozes them for a week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db import models as m
from coach.measurements.dose import parse_dose_report
from coach.members.schemas import DoseLogIn

REPLY_WINDOW = timedelta(hours=24)
SNOOZE = timedelta(days=7)
_OPT_OUT = re.compile(r"^\s*(退订|取消提醒|不要提醒|td|unsubscribe|stop reminders?|stop)\s*[。.!！]?\s*$", re.IGNORECASE)
_RESUME = re.compile(r"^\s*(恢复提醒|重新订阅|订阅|resume reminders?|subscribe)\s*[。.!！]?\s*$", re.IGNORECASE)
_SNOOZE = re.compile(r"^\s*(暂停提醒|先别提醒|snooze( reminders?)?)\s*[。.!！]?\s*$", re.IGNORECASE)
_BARE_WEIGHT = re.compile(r"^\s*(\d{2,3}(?:\.\d{1,2})?)\s*(kg|公斤|千克|斤|lb|lbs)?\s*[。.!！]?\s*$", re.IGNORECASE)
_BARE_BP = re.compile(r"^\s*(\d{2,3})\s*[/／]\s*(\d{2,3})\s*[。.!！]?\s*$")

CONFIRM = {
    "opt_out": ("好的，已为你关闭所有提醒。想重新开启，随时回复“恢复提醒”。",
                "Done: all reminders are off. Reply \"resume reminders\" any time to turn them back on."),
    "resume": ("好的，提醒已重新开启。", "Reminders are back on."),
    "snooze": ("好的，接下来 7 天不再发提醒。", "OK, no reminders for the next 7 days."),
    "taken": ("好的，已记录：药已按时服用。继续保持！", "Got it: dose recorded as taken. Keep it up!"),
    "missed": ("已记录：这次还没吃。如果离下次服药还早，可以按说明书或医嘱补服；不要一次吃双倍。有疑问可以问我或药师。",
               "Noted: not taken yet. Follow your prescription leaflet or doctor's advice on a late dose; never take "
               "a double dose. Ask me or the pharmacist if unsure."),
}


@dataclass(frozen=True)
class ReplyAction:
    kind: str  # opt_out | resume | snooze | dose | reading
    reply: str | None  # confirmation; None when the reading goes through the normal recording path
    reading_text: str | None = None  # the reply rewritten so the measurement parser knows what it is
    nudge_key: str | None = None
    taken: bool | None = None


def _confirm(key: str, language: str) -> str:
    zh, en = CONFIRM[key]
    return en if language == "en" else zh


def interpret_reply(session: Session, member: m.Member, text: str, now: datetime) -> ReplyAction | None:
    language = member.language
    if _OPT_OUT.match(text):
        member.opt_out_nudges = True
        return ReplyAction("opt_out", _confirm("opt_out", language))
    if _RESUME.match(text):
        member.opt_out_nudges, member.snooze_until = False, None
        return ReplyAction("resume", _confirm("resume", language))
    if _SNOOZE.match(text):
        member.snooze_until = now + SNOOZE
        return ReplyAction("snooze", _confirm("snooze", language))
    nudge = session.scalar(
        select(m.Nudge).where(m.Nudge.member_id == member.id, m.Nudge.expects.is_not(None),
                              m.Nudge.responded_at.is_(None), m.Nudge.status.in_(("queued", "sent")),
                              m.Nudge.due_at >= now - REPLY_WINDOW, m.Nudge.due_at <= now)
        .order_by(m.Nudge.due_at.desc(), m.Nudge.id.desc()).limit(1)
    )
    if nudge is None:
        return None
    action = _answer(nudge, text, language)
    if action is not None:
        nudge.responded_at, nudge.response, nudge.status = now, text[:200], "responded"
    return action


def _answer(nudge: m.Nudge, text: str, language: str) -> ReplyAction | None:
    if nudge.expects == "dose":
        taken = parse_dose_report(text)
        if taken is None:
            return None
        return ReplyAction("dose", _confirm("taken" if taken else "missed", language),
                           nudge_key=nudge.idempotency_key, taken=taken)
    if nudge.expects == "weight" and (match := _BARE_WEIGHT.match(text)):
        unit = match.group(2) or "公斤"
        return ReplyAction("reading", None, reading_text=f"体重 {match.group(1)}{unit}", nudge_key=nudge.idempotency_key)
    if nudge.expects == "blood_pressure" and (match := _BARE_BP.match(text)):
        return ReplyAction("reading", None, reading_text=f"血压 {match.group(1)}/{match.group(2)}",
                           nudge_key=nudge.idempotency_key)
    return None


def dose_logs_for(nudge_key: str) -> tuple[str, str | None] | None:
    """(day, slot) the reminder was about: dose:{member}:{day}:{HH:MM} or checkin:{member}:{day}."""
    parts = nudge_key.split(":")
    if parts[0] == "dose" and len(parts) == 5:
        return parts[2], f"{parts[3]}:{parts[4]}"
    if parts[0] == "checkin" and len(parts) == 3:
        return parts[2], None
    return None


def dose_answers(member: m.Member, nudge_key: str, taken: bool) -> list[tuple[int, DoseLogIn]]:
    """The dose logs a yes/no to this reminder stands for: (medication id, log)."""
    found = dose_logs_for(nudge_key)
    if found is None:
        return []
    day_text, slot = found
    day = datetime.strptime(day_text, "%Y-%m-%d").date()
    answers = []
    for med in member.medications:
        times = list(med.times or [])
        if (slot is None and not times) or (slot is not None and slot in times):
            answers.append((med.id, DoseLogIn(day=day, slot=slot, taken=taken)))
    return answers

