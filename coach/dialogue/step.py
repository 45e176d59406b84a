"""The dialogue step of a coach turn: understand the turn, then answer it in the member's terms.

It runs after triage, recording and the injection guard, and before the passage composer. It returns
None when the passage composer should answer instead (questions about the member's own records,
reading reports, questions no card covers). The conversation's topic is updated here, so a bare
follow-up ("为什么？", "盐呢？", "what about salt?") resolves against the previous turn.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from coach.db import models as m
from coach.dialogue.acts import (
    SOCIAL_ACTS,
    TurnAct,
    about_someone_else,
    classify,
    normalise,
    says_goodbye,
    small_talk_kind,
)
from coach.dialogue.answers import Answerer, DialogueAnswer, chat_sized, is_bare
from coach.dialogue.pharmacist import names_an_interaction, regimen_line
from coach.dialogue.records import compared_readings, own_records
from coach.dialogue.social import social_reply
from coach.dialogue.topics import Topic, detect_topic, item_for_reading
from coach.measurements.parse import ParsedMeasurement
from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.member_facts import against_target, format_reading
from coach.pipeline.models import GapLike, ReplyPart
from coach.pipeline.output_checks import SAFE_DOSE_REPLY, advises_dose_change, asks_dose_change, sentences
from coach.triage.readings import own_current_readings
from coach.triage.screen import read_screen_answer

SCREEN_ASKED = "emotional"  # conversations.last_act after the coach's low-mood screen: the next message answers it
SCREEN_REASKED = "screen_reasked"  # the member only said thanks, so the safety question was asked once more
ANSWERS_SCREEN = frozenset({SCREEN_ASKED, SCREEN_REASKED})
_NOT_AN_ANSWER = frozenset({"thanks", "greeting", "small_talk"})


@dataclass(frozen=True)
class Understood:
    act: TurnAct
    topic: Topic  # the topic this turn is about (its own, or carried from the previous turn)
    own_topic: bool  # named in the message itself
    said: str  # the text normalised once (`acts.normalise`): Simplified, Cantonese read as Mandarin, lower case


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def reply_language(text: str, profile_language: str) -> str:
    """Answer in the language the member wrote in; the profile's when the text does not tell. An English
    sentence with a Chinese name in it ("do I need the 眼底 check?") is English: words are weighed, a Chinese word
    being about two characters."""
    cjk = len(_CJK.findall(text))
    english_words = len(_LATIN.findall(text))
    if cjk and not (english_words >= 3 and english_words * 2 > cjk):
        return "zh"
    # "hi" or "ok" from a Chinese-speaking member says nothing about the language they want.
    if re.search(r"[A-Za-z]{3,}", text) or (_LATIN.search(text) and profile_language == "en"):
        return "en"
    return "en" if profile_language == "en" else "zh"


# "and the sugar?", "那血糖呢？": nothing but a reading's name after a question about their own readings.
_ONLY_A_READING = re.compile(r"^\s*(?:and|what about|how about|also|那|那么)?\s*(?:the |my |his |her )?"
                            r"(?:blood )?(?:sugars?|glucose|bp|blood pressure|weight|a1c|hba1c|cholesterol|ldl|egfr|kidneys?"
                            r"|血糖|血压|体重|糖化|血脂|胆固醇|肾功能)\s*(?:呢|levels?|numbers?|readings?)?\s*[?？。.!！]*\s*$", re.IGNORECASE)
# "对了…", "by the way …": a new subject; nothing is carried over from the last one.
_NEW_SUBJECT = re.compile(r"^\s*(?:对了|顺便(?:问一下|问问|说一下|问下)?|换个话题|另外问(?:一下|下)?|还有个事|by the way|btw|on another note"
                          r"|unrelated|different question|off topic|changing the subject)(?![a-z])", re.IGNORECASE)
_POINTS_BACK = re.compile(r"它|这个药|那个药|这药|那药|这个检查|那个检查|(?<![a-z])(?:it|this one|that one|these|those)(?![a-z])",
                          re.IGNORECASE)
# "那…", "and …", "also …": the message carries on from the last one.
_CONTINUES = re.compile(r"^\s*(?:那|那么|所以|还有|另外|and|so|then|also|but)(?![a-z])", re.IGNORECASE)


def understand(text: str, member: MemberSnapshot, conversation: m.Conversation, answerer: Answerer, *,
               has_reading: bool, eligible: Collection[int] = ()) -> Understood:
    own = detect_topic(text, member, answerer.content.drugs)
    drug = next((d for d in answerer.content.drugs if d.id == own.drug), None)
    if drug is not None and own.item in drug.items and eligible:
        # A drug belongs to several items (amlodipine: 18, 19, 20): the one that applies to this member.
        own = replace(own, item=next((i for i in drug.items if i in eligible), own.item))
    act = classify(text, has_reading=has_reading, has_topic_words=not own.empty,
                   after_screen=conversation.last_act in ANSWERS_SCREEN)
    # "对了，它饭前吃还是饭后吃": a pronoun still points back at the medicine in view.
    new_subject = bool(_NEW_SUBJECT.match(text)) and not _POINTS_BACK.search(text)
    previous = Topic() if new_subject else Topic(conversation.topic_item, conversation.topic_drug, conversation.topic_reading)
    if (conversation.last_act == "own_data" and own.reading is not None and act.act in ("health_question", "follow_up")
            and act.intent == "general" and _ONLY_A_READING.match(text)):
        # "how's my bp looking?" then "and the sugar?": the same question about another of their readings.
        act = TurnAct("own_data", "result_meaning")
    if own.empty and act.act == "health_question" and previous.item is not None and (
            act.intent != "general" or _CONTINUES.match(text)):
        # A question that names nothing of its own ("查之前用不用空腹？", "how do I book it?") asks about the
        # subject already in view; words it shares with another item's answer (空腹, book) do not move it there.
        act = TurnAct("follow_up", act.intent)
    if own.empty:
        topic = previous
    elif act.act == "health_question" and own.item is None and own.drug is None and previous.item is not None:
        topic = Topic(previous.item, previous.drug, own.reading)  # "血压呢？" keeps the item in view
    else:
        topic = own
    carried = next((d for d in answerer.content.drugs if d.id == previous.drug), None) if own.drug is None else None
    if carried is not None and names_an_interaction(carried, text, member.language):
        topic = replace(topic, drug=carried.id, drug_by_kind=False)  # "and a glass of wine?" after the blood thinner
    return Understood(act, topic, not own.empty, normalise(text))


def converse(answerer: Answerer, text: str, member: MemberSnapshot, conversation: m.Conversation,
             gaps: Sequence[GapLike], eligible: Collection[int], titles_by_language: dict[str, dict[int, str]],
             now: datetime, *, has_reading: bool) -> DialogueAnswer | None:
    member = replace(member, language=reply_language(text, member.language))
    titles = titles_by_language[member.language]
    understood = understand(text, member, conversation, answerer, has_reading=has_reading, eligible=eligible)
    act, topic = understood.act, understood.topic
    avoid, conversation.last_card = conversation.last_card, None  # set again below only when a card answers
    after_screen = conversation.last_act in ANSWERS_SCREEN
    # "嗯，谢谢" or "两个礼拜了" after the screen leaves the safety question open: ask it once more, then let it go.
    reask = conversation.last_act == SCREEN_ASKED and (act.act in _NOT_AN_ANSWER or (
        act.act == "emotional" and read_screen_answer(text) == "open"))
    # Once the screen is answered the next message is a new turn, not another answer to it.
    conversation.last_act = SCREEN_REASKED if reask else (
        "screen_answered" if after_screen and act.act == "emotional" else act.act)
    if act.act in SOCIAL_ACTS or act.act == "reminder_reply":
        kind: str = small_talk_kind(text) if act.act == "small_talk" else act.act
        if act.act == "thanks" and says_goodbye(text):
            kind = "farewell"  # "thanks, bye" gets the goodbye
        if kind == "emotional" and not after_screen and about_someone_else(text):
            kind = "emotional_other"
        bubbles = social_reply("small_talk" if kind == "about_coach" else kind, member.language, gaps, titles,
                               after_screen=after_screen, reask=reask)
        return DialogueAnswer(bubbles, tuple(ReplyPart(b, "template", f"dialogue:{act.act}") for b in bubbles), (),
                              "coach", topic)
    if act.act == "follow_up" and topic.empty:
        # Nothing to follow up on: a short question of its own ("胰岛素开封了还要放冰箱吗"), else ask what they mean.
        act = TurnAct("health_question", act.intent)
        if is_bare(text):
            bubbles = social_reply("no_topic", member.language, gaps, titles)
            return DialogueAnswer(bubbles, (ReplyPart(bubbles[0], "template", "dialogue:no_topic"),), (), "coach", topic)
    if act.act == "reading_report":
        # Readings are acknowledged against their targets by the composer; a follow-up is about them,
        # even a bare one ("今天 145/92" has no word for blood pressure).
        if not understood.own_topic:
            topic = _reading_topic(text, member) or topic
        if not topic.empty:
            remember(conversation, topic, now)
        return None
    if asks_dose_change(text):
        dosed = dose_question(answerer, text, member, topic, gaps, eligible, titles)
        if not dosed.topic.empty:
            remember(conversation, dosed.topic, now, text)  # "为什么不能多吃？" follows the medicine
        return dosed
    compared = compared_readings(text, member, topic) if act.act in ("follow_up", "own_data") else None
    if compared is not None:
        remember(conversation, compared.topic, now)
        return compared
    if act.act == "own_data":
        answer = own_records(understood.said, member, gaps, titles, topic, answerer.content.drugs)
        if answer is not None:
            remember(conversation, answer.topic, now)
            return answer
        if topic.empty:
            return None
        # Nothing on record to say ("when was my last cholesterol test?" with none recorded): answer about the check.
    bare = act.act == "follow_up"
    answer = answerer.answer(text, act, topic, member, gaps, eligible, titles, said=understood.said,
                             own_topic=understood.own_topic,
                             context=conversation.topic_text if bare else None, avoid=avoid)
    conversation.last_card = _card_of(answer)
    if answer is None:
        return None
    stated = stated_values(text, member, now)
    if stated:
        lang = "en" if member.language == "en" else "zh"
        answer = DialogueAnswer(chat_sized([*stated, *answer.bubbles], lang),
                                (*(ReplyPart(s, "member", "stated") for s in stated), *answer.parts),
                                answer.cited_items, answer.role, answer.topic)
    remember(conversation, answer.topic, now, None if bare else text)
    return answer


def _card_of(answer: DialogueAnswer | None) -> str | None:
    """The answer card a reply gave (diet-table and drug-table lines are not cards)."""
    return next((p.ref for p in answer.parts if p.source == "card" and ":" not in p.ref), None) if answer else None


_MISSED = re.compile(r"漏|忘|补|两片|双倍|加倍|一起吃|missed|forgot|double|two (?:pills|tablets|doses)|extra|catch up|skip",
                     re.IGNORECASE)


def dose_question(answerer: Answerer, text: str, member: MemberSnapshot, topic: Topic, gaps: Sequence[GapLike],
                  eligible: Collection[int], titles: dict[int, str]) -> DialogueAnswer:
    """Starting, stopping, doubling or skipping a medicine is the doctor's or pharmacist's call: the safe
    reply first, then what is generally advised (the drug's missed-dose rule, or why it is kept up), and a
    ticket for the pharmacist."""
    lang = "en" if member.language == "en" else "zh"
    safe = SAFE_DOSE_REPLY[lang]
    general = TurnAct("health_question", "missed_dose" if _MISSED.search(text) else "why")
    extra = (answerer.answer(text, general, topic, member, gaps, eligible, titles, said=normalise(text))
             if not topic.empty else None)
    # Whatever general advice follows must not itself read as an instruction to change the medicine.
    kept = [ReplyPart(sentence, part.source, part.ref) for part in (extra.parts if extra else ())
            for sentence in sentences(part.text) if not advises_dose_change(sentence)]
    drug = next((d for d in answerer.content.drugs if d.id == (extra.topic.drug if extra else topic.drug)), None)
    regimen = regimen_line(member, drug, lang) if drug is not None else None
    mine = [ReplyPart(regimen, "member", "regimen")] if regimen else []
    bubbles = chat_sized([safe, "".join(p.text for p in [*mine, *kept])], lang)
    parts = (ReplyPart(safe, "template", "dose_change"), *mine, *kept)
    cited = extra.cited_items if extra else ((topic.item,) if topic.item in titles else ())
    return DialogueAnswer(bubbles, parts, cited, "pharmacist", extra.topic if extra else topic, dose_question=True)


def _reading_topic(text: str, member: MemberSnapshot) -> Topic | None:
    kinds = [r.kind for r in own_current_readings(text)]
    if not kinds:
        return None
    return Topic(item_for_reading(kinds[0], member), None, kinds[0])


def remember(conversation: m.Conversation, topic: Topic, now: datetime, text: str | None = None) -> None:
    """`text`: the member's words that set this topic; None keeps the earlier words (a bare follow-up)."""
    if (topic.item, topic.drug) != (conversation.topic_item, conversation.topic_drug) or text is not None:
        conversation.topic_text = text[:200] if text is not None else None
    conversation.topic_item, conversation.topic_drug, conversation.topic_reading = topic.item, topic.drug, topic.reading
    conversation.topic_at = now


def stated_values(text: str, member: MemberSnapshot, now: datetime) -> list[str]:
    """A value the member asks about ("我的糖化7.6是高吗？"), put against its control target without
    storing it as a new reading."""
    out = []
    for parsed in own_current_readings(text):
        record = _as_record(parsed, now)
        if record is None:
            continue
        verdict = against_target(record, member.language).lstrip("，, ")
        if verdict:
            value = format_reading(record, member.language, member.timezone).split("（")[0].split(" (")[0]
            out.append(f"您说的{value}，{verdict}。" if member.language == "zh" else f"The {value} you mention is {verdict}.")
    return out


def _as_record(parsed: ParsedMeasurement, now: datetime) -> ObservationRecord | None:
    if parsed.kind not in ("hba1c", "blood_pressure"):
        return None
    return ObservationRecord(kind=parsed.kind, observed_at=now, value=parsed.value,
                             systolic=parsed.systolic, diastolic=parsed.diastolic)
