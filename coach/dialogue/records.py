"""Questions about the member's own records: their medicines, what is due, their readings and doses.

Answered only from the member's data (never from model memory); None when the records hold nothing
to say, and the caller falls back to the passage composer's own-data answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.dialogue.answers import ADHERENCE_ITEMS, DialogueAnswer, chat_sized
from coach.dialogue.content import Drug
from coach.dialogue.dose_words import MEDICINE_AFTER_EN, TAKEN_ON_TIME_ZH
from coach.dialogue.pharmacist import dose_summary
from coach.dialogue.topics import Topic, drug_named
from coach.members.snapshot import MemberSnapshot
from coach.pipeline import guard
from coach.pipeline.member_facts import gap_fact
from coach.pipeline.models import GapLike, ReplyPart
from coach.pipeline.own_data import answer_own_data, reading_history

_MEDICINES = re.compile(r"药有哪些|吃的药|吃什么药|用的药|哪些药|几种药|哪几种|哪两(?:种|个)|啥药|什么药|药名|名字|剂量|什么时候吃|几点吃"
                        r"|medicines|medications|meds\b|pills|blood thinner|what dose|which .{0,20} am i on|when do i take",
                        re.IGNORECASE)
_DUE = re.compile(r"到期|该做|要做什么检查|什么时候(?:再|该)?(?:查|做)|(?:还)?有(?:什么|哪些|啥)[^,，。?？]{0,4}(?:没做|没查|要做|要查)"
                  r"|due|next .{0,20} (?:due|test)"
                  r"|have i had|still (?:open|outstanding)|care list|still need", re.IGNORECASE)
# "比上次高吗？", "is that better than before?": the readings of the kind under discussion, side by side.
_COMPARE = re.compile(r"比(?:上次|上回|之前|以前|昨天|上周|前几天|前两天|前些天|原来)|跟(?:上次|之前|以前)比|(?:好|高|低|多|少)(?:一)?点(?:了)?(?:吧|吗|没)"
                      r"|than (?:last time|before|yesterday|last week|usual)|compared (?:to|with)|(?:better|worse|higher|lower) than"
                      r"|improv\w*|going (?:up|down)", re.IGNORECASE)
_DOSES = re.compile(rf"吃药情况|漏(?:吃|服)?了几次|忘(?:吃)?了几次|按时吃药|{TAKEN_ON_TIME_ZH}"
                    rf"|missed|doses|adherence|how many times|(?:skipping|been (?:taking|missing)) {MEDICINE_AFTER_EN}",
                    re.IGNORECASE)


_LIFESTYLE_ITEMS = frozenset({1, 2, 3, 4, 5})  # activity, weight, smoking, alcohol, education: ongoing, not booked
MAX_NAME = 24
_NO_DOSES = {"zh": "您还没有记录过服药情况。收到吃药提醒时回复“已吃”，我就帮您记下来。",
             "en": "You haven't logged any doses yet. Reply \"taken\" to a medicine reminder and I'll log it."}
_UNREADABLE = {"zh": "（一种名称需要核对的药）", "en": "(a medicine whose name needs checking)"}


def shown_name(stored: str, lang: str, drugs: Sequence[Drug]) -> str:
    """A medicine's name as the coach may say it. Stored names come from integrating systems and are data,
    never instructions: a recognised drug is named from the drug table; anything long or instruction-like
    is not repeated."""
    drug = drug_named(stored, drugs)
    if drug is not None:
        return drug.name(lang)
    if len(stored) > MAX_NAME or guard.inspect(stored).blocked or not stored.strip():
        return _UNREADABLE[lang]
    return stored


def own_records(said: str, member: MemberSnapshot, gaps: Sequence[GapLike], titles: dict[int, str],
                topic: Topic, drugs: Sequence[Drug] = ()) -> DialogueAnswer | None:
    """`said`: the message as `acts.normalise` reads it (有冇按时食药 asks what 有没按时吃药 asks)."""
    zh = member.language == "zh"
    lang = "zh" if zh else "en"
    if _DOSES.search(said) and member.medications:
        item = _adherence_item(member, topic, drugs)
        cited = (item,) if item in titles else ()
        if member.dose_logs:
            return _doses(member, lang, topic, cited, drugs)
        # Nothing logged yet: say so, and how a dose gets logged, rather than answer about something else.
        text = (_NO_DOSES["zh"] if zh else _NO_DOSES["en"])
        return DialogueAnswer(chat_sized([text], lang), (ReplyPart(text, "template", "dialogue:no_doses"),), cited,
                              "coach", topic)
    if _MEDICINES.search(said) and member.medications:
        lines = [f"{shown_name(m.name, lang, drugs)}{' ' + m.dose_text[:MAX_NAME] if m.dose_text else ''}"
                 f"{('，每天 ' if zh else ', at ') + '、'.join(t.strftime('%H:%M') for t in m.times) if m.times else ''}"
                 for m in member.medications]
        head = "您记录在案的用药：" if zh else "The medicines on your record: "
        text_out = head + ("；".join(lines) + "。" if zh else "; ".join(lines) + ".")
        tail = "用药有变化请告诉家庭医生或药师。" if zh else "Tell your family doctor or pharmacist about any change."
        return DialogueAnswer(chat_sized([text_out, tail], lang), (ReplyPart(text_out, "member", "medications"),
                                                             ReplyPart(tail, "template", "dialogue:medications")),
                              (), "pharmacist", topic)
    if _DUE.search(said):
        wanted = [g for g in gaps if g.status in ("due", "overdue") and g.item in titles]
        if topic.item is not None:
            # About one check ("我那个肾的检查"): its own gap, never a list of unrelated ones.
            wanted = [g for g in gaps if g.item in (topic.item, *topic.also) and g.item in titles]
        # Overdue before due, and clinical checks before the lifestyle programmes.
        wanted.sort(key=lambda g: (g.status != "overdue", g.item in _LIFESTYLE_ITEMS))
        if wanted:
            facts = [gap_fact(g, titles[g.item], member.language) for g in wanted[:2]]
            return DialogueAnswer(chat_sized([f.text for f in facts], lang),
                                  tuple(ReplyPart(f.text, "member", f.key) for f in facts),
                                  tuple(g.item for g in wanted[:2]), "coach", Topic(wanted[0].item))
    found = answer_own_data(said if zh else f"my {said}", member)
    if found is None:
        return None
    return DialogueAnswer(chat_sized([f.text for f in found.facts], lang),
                          tuple(ReplyPart(f.text, "member", f.key) for f in found.facts), (found.item,), "coach",
                          Topic(found.item, None, found.kind))


def compared_readings(text: str, member: MemberSnapshot, topic: Topic) -> DialogueAnswer | None:
    """A comparison with earlier readings of the kind under discussion; None when the message asks none."""
    if topic.reading is None or not _COMPARE.search(text):
        return None
    found = reading_history(member, topic.reading)
    if found is None:
        return None
    lang = "zh" if member.language == "zh" else "en"
    return DialogueAnswer(chat_sized([f.text for f in found.facts], lang),
                          tuple(ReplyPart(f.text, "member", f.key) for f in found.facts), (found.item,), "coach",
                          Topic(found.item, None, found.kind))


def _adherence_item(member: MemberSnapshot, topic: Topic, drugs: Sequence[Drug]) -> int | None:
    """The medication-adherence item a dose record belongs to: of the member's medicines for the item in view
    (blood pressure → 19), else the only one they have; the item in view when none fits."""
    taken = [d for med in member.medications if (d := next((d for d in drugs if d.matches(med.name)), None))]
    mine = {i for d in taken for i in d.items if i in ADHERENCE_ITEMS}
    if topic.item in ADHERENCE_ITEMS:
        return topic.item
    for_topic = {i for d in taken if topic.item in d.items for i in d.items if i in ADHERENCE_ITEMS}
    if len(for_topic) == 1:
        return for_topic.pop()
    return mine.pop() if len(mine) == 1 else topic.item


def _doses(member: MemberSnapshot, lang: str, topic: Topic, cited: tuple[int, ...],
           drugs: Sequence[Drug]) -> DialogueAnswer:
    summary = dose_summary(member, lang, drugs)
    assert summary is not None
    line, missed = summary
    if lang == "zh":
        tip = "把吃药和每天固定的事（刷牙、早饭）绑在一起，或定个闹钟，会更容易记住。" if missed else "保持得很好，继续加油！"
    else:
        tip = ("Tying your tablets to something you do every day (brushing teeth, breakfast) or setting an alarm "
               "makes it easier to remember." if missed else "That's great: keep it up!")
    return DialogueAnswer(chat_sized([line, tip], lang), (ReplyPart(line, "member", "doses"),
                                                    ReplyPart(tip, "template", "dialogue:doses")), cited, "coach", topic)
