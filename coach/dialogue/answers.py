"""Answering a health question in the member's terms, in chat size.

Order: the AI pharmacist's drug table when the question is about one of the member's medicines (or
one they name), the AI dietitian's table for food questions in CKD, then the best answer card for
the intent and topic, each followed by at most two of the member's own facts. Nothing fits: None,
and the caller falls back to guideline passages. Every sentence comes from a card, a table or the
member's data, and each `ReplyPart` says which.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from coach.dialogue.acts import TurnAct
from coach.dialogue.content import Card, DialogueContent, DietAdvice, Drug
from coach.dialogue.matching import CardIndex
from coach.dialogue.pharmacist import (
    ADHERENCE_TIPS,
    HABITUAL_FORGETTING,
    HOW_NOT_TO_FORGET,
    asks_when_to_take,
    dose_summary,
    drug_reply,
    names_a_symptom,
    names_an_interaction,
    side_effect_drug,
)
from coach.dialogue.topics import Topic
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.member_facts import Fact, gap_fact, reading_fact
from coach.pipeline.models import GapLike, ReplyPart, Role
from coach.retrieval.embeddings import Embedder

ZH_FIRST_BUBBLE, ZH_TOTAL, EN_TOTAL = 120, 250, 450
NOT_A_DIAGNOSIS = {"zh": "我不能替医生下诊断，是否确诊要由医生结合检查来判断。",
                   "en": "I can't diagnose you; whether you have it is for your doctor to decide with the right tests."}
_FACT_KINDS = {"bp": "blood_pressure", "glucose": "glucose", "hba1c": "hba1c", "egfr": "egfr", "uacr": "uacr",
               "potassium": "potassium", "ldl": "ldl", "weight": "weight"}
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?|[^.!?]+[.!?]?(?:\s+|$)")
# Asking about the dose just missed ("又忘了，现在还吃不吃"): the missed-dose rule, even when forgetting is a habit.
_ONE_DOSE = re.compile(r"补|两片|双倍|加倍|还要吃|还能吃|(?:还|现在)?吃不吃|要不要吃|现在(?:还)?(?:能|可以)?吃|还吃吗|double"
                       r"|take (?:it|two|both)|should i (?:still )?take", re.I)
_DRUG_ONLY = frozenset({"missed_dose", "side_effect", "interaction"})  # other intents: the drug's item's cards
ADHERENCE_ITEMS = frozenset({14, 19, 24})  # diabetes, blood-pressure and statin medication adherence
_CKD_DIET_FIELD = (
    ("potassium", re.compile(r"钾|香蕉|橙|橘|土豆|水果|potassium|banana|orange|fruit|potato", re.I)),
    ("salt_substitute", re.compile(r"低钠盐|代盐|salt substitute|low[- ]sodium salt", re.I)),
    ("salt", re.compile(r"盐|咸|酱油|咸菜|salt|sodium|soy sauce", re.I)),
    ("protein", re.compile(r"蛋白|肉|蛋|鱼|豆|奶|protein|meat|egg|fish|milk|beans?", re.I)),
    ("phosphate", re.compile(r"磷|可乐|加工|phosph|cola|processed", re.I)),
    ("fluid", re.compile(r"喝水|水|饮水|fluid|water|drink", re.I)),
)


@dataclass(frozen=True)
class DialogueAnswer:
    bubbles: tuple[str, ...]
    parts: tuple[ReplyPart, ...]
    cited_items: tuple[int, ...]
    role: Role
    topic: Topic
    dose_question: bool = False  # the pharmacist gets a ticket (starting, stopping or changing a medicine)

    @property
    def text(self) -> str:
        return "\n".join(self.bubbles)

    def __post_init__(self) -> None:
        # Parts that chat-size trimming left out are not part of the reply (grounding reads the parts).
        said = "".join(self.bubbles)
        object.__setattr__(self, "parts", tuple(p for p in self.parts if p.text.strip() in said))


def ckd_stage(egfr: float) -> str:
    for bound, stage in ((90, "G1-G2"), (60, "G1-G2"), (45, "G3a"), (30, "G3b"), (15, "G4")):
        if egfr >= bound:
            return stage
    return "G5"


class Answerer:
    def __init__(self, content: DialogueContent, embedder: Embedder | None = None) -> None:
        self.content = content
        self.index = CardIndex(content, embedder)

    def answer(self, text: str, act: TurnAct, topic: Topic, member: MemberSnapshot, gaps: Sequence[GapLike],
               eligible: Collection[int], titles: dict[int, str], *, said: str, own_topic: bool = True,
               context: str | None = None, avoid: str | None = None) -> DialogueAnswer | None:
        """`said`: the text as `acts.normalise` reads it ("么样才不会忘" asks for the habit like "怎样才不会忘").
        `context`: the words that set the topic, matched with a bare follow-up ("how often?"). `avoid`: the card
        the last reply gave (see `CardIndex.best`)."""
        lang = "en" if member.language == "en" else "zh"
        follow_up = act.act == "follow_up"  # no subject words of its own: it can only be about the last topic
        habit = HOW_NOT_TO_FORGET.search(said) or (act.intent == "missed_dose" and HABITUAL_FORGETTING.search(said))
        if habit and not _ONE_DOSE.search(said):
            return self._adherence_tips(topic, member, lang)
        named_drug = next((d for d in self.content.drugs if d.id == topic.drug), None) if own_topic and not topic.drug_by_kind else None
        if named_drug is not None and act.intent == "result_meaning" and side_effect_drug(text, [named_drug], lang):
            act = TurnAct(act.act, "side_effect")  # "比索洛尔吃了以后手脚冰冷，正常吗？": a side effect of the drug named
        drug = self._drug(topic, member, act, text, lang)
        if drug is not None:
            return self._from_drug(drug, text, act, topic, member, lang)
        if act.act in ("health_question", "follow_up") and act.intent in ("general", "result_meaning"):
            # "my ankles have been puffy" on amlodipine, "loose stool, normal?" on metformin: a known side effect of
            # one of their medicines.
            suspect = side_effect_drug(text, self._taken(member), lang)
            if suspect is not None:
                return self._from_drug(suspect, text, TurnAct(act.act, "side_effect"), topic, member, lang)
        # "降压药早上吃还是晚上吃": timing of a medicine the message itself names (not one carried from before).
        timing = own_topic and topic.drug is not None and asks_when_to_take(text) and act.intent in ("general", "prepare")
        named = timing or (topic.drug is not None and not topic.drug_by_kind and (
            (act.act == "health_question" and act.intent in ("what_is", "why", "prepare", "general"))
            or (act.act == "follow_up" and asks_when_to_take(text))))  # "can she take it at night instead?"
        in_view = next((d for d in self.content.drugs if d.id == topic.drug), None)
        if in_view is not None and act.intent in ("general", "lifestyle", "what_to_eat") and \
                names_an_interaction(in_view, text, lang):
            return self._from_drug(in_view, text, act, topic, member, lang)  # "a glass of wine with dinner?" on it
        if named and (drug := in_view) is not None:
            return self._from_drug(drug, text, act, topic, member, lang)
        if act.intent == "what_to_eat" and (member.has("ckd") or (_egfr(member) is not None and (_egfr(member) or 99) < 60)):
            diet = self._ckd_diet(text, member)
            if diet is not None:
                return self._from_diet(diet, text, member, topic, gaps, lang, titles)
        open_gaps = {g.item for g in gaps if g.status in ("due", "overdue")}
        # "我是不是得了…" / "do I have…": not a diagnosis from the coach; what decides it, from the item's card.
        intent = "result_meaning" if act.intent == "diagnosis" else act.intent
        match = self.index.best(text, intent=intent, topic=topic, follow_up=follow_up, eligible=eligible, context=context,
                                open_gaps=open_gaps, carried=not own_topic, sex=member.sex, avoid=avoid,
                                bare=is_bare(text))
        if match is None:
            return None
        answer = self._from_card(match.card, member, gaps, lang, titles,
                                 Topic(match.card.item, topic.drug, topic.reading))
        if act.intent != "diagnosis":
            return answer
        caveat = NOT_A_DIAGNOSIS[lang]
        return DialogueAnswer(chat_sized([caveat, *answer.bubbles], lang),
                              (ReplyPart(caveat, "template", "dialogue:not_a_diagnosis"), *answer.parts),
                              answer.cited_items, answer.role, answer.topic)

    # --- the pharmacist ------------------------------------------------------------------------
    def _drug(self, topic: Topic, member: MemberSnapshot, act: TurnAct, text: str, lang: str) -> Drug | None:
        if topic.drug is not None and act.intent in _DRUG_ONLY:
            return next((d for d in self.content.drugs if d.id == topic.drug), None)
        if act.intent not in _DRUG_ONLY:
            return None
        taken = self._taken(member)
        if act.intent == "side_effect" and names_a_symptom(text):
            # "is the ankle swelling a side effect?" names no medicine: only one whose known effects include it.
            return side_effect_drug(text, taken, lang)
        if len(taken) == 1:
            return taken[0]
        # Several medicines: the one that belongs to the item under discussion ("还有什么副作用？" after the diuretic).
        in_topic = [d for d in taken if topic.item is not None and topic.item in d.items]
        return in_topic[0] if len(in_topic) == 1 else None

    def _taken(self, member: MemberSnapshot) -> list[Drug]:
        return [d for med in member.medications if (d := next((d for d in self.content.drugs if d.matches(med.name)), None))]

    def _from_drug(self, drug: Drug, text: str, act: TurnAct, topic: Topic, member: MemberSnapshot,
                   lang: str) -> DialogueAnswer:
        taken = [med for med in member.medications if drug.matches(med.name)]
        times = tuple(t.strftime("%H:%M") for med in taken[:1] for t in med.times)
        lines, parts = drug_reply(drug, text, act.intent, lang, on_record=bool(taken), times=times)
        item = topic.item or (drug.items[0] if drug.items else None)
        if act.intent in _DRUG_ONLY and drug.items:
            # Doses, side effects and interactions belong to the drug's medication-adherence item.
            item = next((i for i in drug.items if i in ADHERENCE_ITEMS), item)
        return DialogueAnswer(chat_sized(lines, lang), tuple(parts), (item,) if item else (), "pharmacist",
                              Topic(item, drug.id, topic.reading))

    def _adherence_tips(self, topic: Topic, member: MemberSnapshot, lang: str) -> DialogueAnswer:
        drug = self._drug(topic, member, TurnAct("health_question", "missed_dose"), "", lang) or next(
            (d for d in self.content.drugs if d.id == topic.drug), None)
        item = next((i for i in drug.items if i in ADHERENCE_ITEMS), None) if drug is not None else None
        item = item or topic.item or (drug.items[0] if drug is not None and drug.items else None)
        tips = ADHERENCE_TIPS[lang]
        summary = dose_summary(member, lang, self.content.drugs)
        parts = ((ReplyPart(summary[0], "member", "doses"),) if summary else ()) + (
            ReplyPart(tips, "template", "drug:adherence_tips"),)
        return DialogueAnswer(chat_sized([p.text for p in parts], lang), parts, (item,) if item else (),
                              "pharmacist", Topic(item, drug.id if drug else topic.drug, topic.reading))

    # --- the dietitian -------------------------------------------------------------------------
    def _ckd_diet(self, text: str, member: MemberSnapshot) -> tuple[DietAdvice, str] | None:
        egfr = _egfr(member)
        stage = ckd_stage(egfr) if egfr is not None else "G3a"
        rows = [d for d in self.content.diet if d.condition == "ckd" and d.topic == stage]
        field = next((f for f, pattern in _CKD_DIET_FIELD if pattern.search(text)), None)
        if not rows or field is None or field not in rows[0].fields:
            return None
        return rows[0], field

    def _from_diet(self, chosen: tuple[DietAdvice, str], text: str, member: MemberSnapshot, topic: Topic,
                   gaps: Sequence[GapLike], lang: str, titles: dict[int, str]) -> DialogueAnswer:
        advice, field = chosen
        line = advice.fields[field][lang]
        parts = [ReplyPart(line, "card", f"diet:ckd:{advice.topic}:{field}")]
        bubbles = [line]
        if field == "salt" and advice.fields.get("salt_substitute", {}).get(lang):
            extra = advice.fields["salt_substitute"][lang]
            bubbles.append(extra)
            parts.append(ReplyPart(extra, "card", f"diet:ckd:{advice.topic}:salt_substitute"))
        facts = self._facts(("egfr", "potassium") if field == "potassium" else ("egfr",), 28, member, gaps, titles)
        bubbles.extend(f.text for f in facts)
        parts.extend(ReplyPart(f.text, "member", f.key) for f in facts)
        return DialogueAnswer(chat_sized(bubbles, lang), tuple(parts), (28,), "dietitian", Topic(28, None, topic.reading))

    # --- answer cards -----------------------------------------------------------------------------
    def _from_card(self, card: Card, member: MemberSnapshot, gaps: Sequence[GapLike], lang: str,
                   titles: dict[int, str], topic: Topic) -> DialogueAnswer:
        answer = card.answer[lang] or card.answer["zh"]
        facts = self._facts(card.facts, card.item, member, gaps, titles)
        parts = (ReplyPart(answer, "card", card.id), *(ReplyPart(f.text, "member", f.key) for f in facts))
        role: Role = "pharmacist" if card.intent in ("missed_dose", "side_effect", "interaction") else \
            "dietitian" if card.intent == "what_to_eat" else "coach"
        return DialogueAnswer(chat_sized([answer, *(f.text for f in facts)], lang), parts, (card.item,), role, topic)

    def _facts(self, wanted: Sequence[str], item: int, member: MemberSnapshot, gaps: Sequence[GapLike],
               titles: dict[int, str]) -> list[Fact]:
        facts: list[Fact] = []
        for key in wanted:
            if key == "gap":
                gap = next((g for g in gaps if g.item == item and g.status in ("due", "overdue", "met")), None)
                if gap is not None and item in titles:
                    facts.append(gap_fact(gap, titles[item], member.language))
            elif key in _FACT_KINDS:
                fact = reading_fact(member, _FACT_KINDS[key])
                if fact is not None:
                    facts.append(fact)
            elif key == "medications":
                fact = self._medicines_for(item, member)
                if fact is not None:
                    facts.append(fact)
            elif key == "adherence" and (for_item := self._taken_for(item, member)):
                summary = dose_summary(member, "zh" if member.language == "zh" else "en", self.content.drugs, for_item)
                if summary is not None:
                    facts.append(Fact("doses", summary[0]))
            if len(facts) == 2:
                break
        return facts


    def _taken_for(self, item: int, member: MemberSnapshot) -> list[Drug]:
        return [d for d in self._taken(member) if item in d.items]

    def _medicines_for(self, item: int, member: MemberSnapshot) -> Fact | None:
        """The member's own medicines for this item, named from the drug table with their times."""
        lang = "zh" if member.language == "zh" else "en"
        named = []
        for drug in self._taken_for(item, member):
            med = next(m for m in member.medications if drug.matches(m.name))
            times = "、".join(t.strftime("%H:%M") for t in med.times) if lang == "zh" else \
                " and ".join(t.strftime("%H:%M") for t in med.times)
            named.append(f"{drug.name(lang)}（每天 {times}）" if lang == "zh" and times else
                         f"{drug.name(lang)} (at {times})" if times else drug.name(lang))
        if not named:
            return None
        text = f"您在吃的相关药：{'、'.join(named)}。" if lang == "zh" else f"Your medicine for this: {', '.join(named)}."
        return Fact("medications", text)


_BARE = re.compile(r"^(?:那|那么|所以|还有|另外|and|so|then|but|ok|okay|好的|好吧|嗯)?[，,\s]*.{0,8}[?？。.!！\s]*$")


def is_bare(text: str) -> bool:
    """A follow-up with no content words of its own ("为什么？", "盐呢？", "how often?"): it can only be
    about the previous topic. Longer ones ("那水果一天吃多少合适？") are matched on their own words too."""
    t = " ".join(text.strip().lower().split())
    return bool(_BARE.match(t)) if re.search(r"[\u4e00-\u9fff]", t) else len(t.split()) <= 4


def _egfr(member: MemberSnapshot) -> float | None:
    latest = member.latest("egfr")
    return latest.value if latest is not None else None


def chat_sized(lines: Sequence[str], lang: str) -> tuple[str, ...]:
    """Chat size: the first zh bubble at most 120 characters (split at a sentence end), the whole reply
    at most 250 (zh) or 450 (en) characters; whole lines that would not fit are left out."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return ()
    bubbles: list[str] = []
    first = lines[0]
    if lang == "zh" and len(first) > ZH_FIRST_BUBBLE:
        head = ""
        for sentence in _SENTENCE.findall(first):
            if head and len(head) + len(sentence) > ZH_FIRST_BUBBLE:
                break
            head += sentence
        bubbles += [head.strip(), first[len(head):].strip()] if head and len(head) < len(first) else [first]
    else:
        bubbles.append(first)
    budget = ZH_TOTAL if lang == "zh" else EN_TOTAL
    for line in lines[1:]:
        if sum(len(b) for b in bubbles) + len(line) <= budget:
            bubbles.append(line)
    return tuple(b for b in bubbles if b)
