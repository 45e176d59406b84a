"""The offline grounded composer: no model, deterministic, bilingual.

It answers from the best-matching guideline passage (the sentences that share most
with the question), adds the member's own facts for that item (an open care gap, the
latest relevant reading against its target) and ends with one concrete next step.
Every sentence it emits is either copied from a retrieved passage or rendered from
the member's data, and each `ReplyPart` says which, so grounding can be checked exactly.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from coach.catalog.models import Catalog, CatalogItem
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.member_facts import Fact, gap_fact, reading_fact
from coach.pipeline.models import ComposedReply, GapLike, ReplyPart, Role
from coach.pipeline.output_checks import advises_dose_change, sentences
from coach.pipeline.own_data import answer_own_data
from coach.retrieval.documents import Chunk
from coach.retrieval.retriever import Passage

_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")
_STOP = {
    "the",
    "a",
    "an",
    "is",
    "are",
    "do",
    "i",
    "my",
    "to",
    "of",
    "and",
    "or",
    "it",
    "in",
    "for",
    "how",
    "what",
    "的",
    "了",
    "吗",
    "我",
    "是",
    "要",
    "么",
    "什",
    "怎",
    "呢",
    "啊",
    "吧",
    "有",
    "个",
    "这",
    "那",
    "在",
    "不",
}

NEXT_STEPS = {
    "screening": (
        "下一步：和家庭医生约好「{title}」，做完后把结果发给我，我帮你记下来。",
        "Next step: book your {title} with your family doctor, then send me the result so I can log it.",
    ),
    "test": (
        "下一步：下次抽血或复诊时做「{title}」需要的检查，把结果发给我记录。",
        "Next step: get the tests for {title} at your next blood test or visit and send me the results.",
    ),
    "medication": (
        "下一步：按医嘱按时服药，每天回复我是否已服；想调整用药请先问家庭医生或药师。",
        "Next step: take your medicine as prescribed and tell me each day whether you took it; "
        "ask your family doctor or pharmacist before changing anything.",
    ),
    "measurement": (
        "下一步：明天同一时间再测一次，把读数直接发给我，例如“血压 128/82”或“体重 65.5公斤”。",
        "Next step: measure again at the same time tomorrow and send me the reading, "
        'e.g. "BP 128/82" or "weight 65.5 kg".',
    ),
    "follow_up": (
        "下一步：按出院或随访计划按时复诊，有任何不适随时告诉我。",
        "Next step: keep the follow-up visits in your care plan and tell me straight away if anything changes.",
    ),
    "education": (
        "下一步：有具体问题随时问我，我会按指南内容帮你解答。",
        "Next step: ask me anything specific and I'll answer from the guidelines.",
    ),
}
GAP_NEXT_STEP = (
    "下一步：请尽快完成「{title}」，完成后把结果发给我，我会帮你更新记录。",
    "Next step: please complete your {title} soon and send me the result so I can update your record.",
)
NO_ANSWER = (
    "这个问题我在指南资料里没有找到可靠的答案，建议直接问你的家庭医生。",
    "I couldn't find a reliable answer to that in the guidelines; please ask your family doctor.",
)


def _terms(text: str) -> set[str]:
    tokens = _WORD.findall(text.lower())
    # Chinese has no spaces: neighbouring characters (bigrams) carry most of the meaning.
    bigrams = {a + b for a, b in pairwise(tokens) if len(a) == len(b) == 1 and not (a in _STOP and b in _STOP)}
    return {t for t in tokens if t not in _STOP} | bigrams


SENTENCES = 3
SECTION_ORDER = ("what", "who", "why", "how", "targets", "log", "warning", "dietitian", "pharmacist")


def _sentences_of(text: str) -> list[str]:
    body = text.split("\n", 1)[1] if "\n" in text else text  # drop the section heading line
    found = [s.lstrip("-•* ").strip() for s in sentences(body)]
    return [s for s in found if len(s) >= 6]


@dataclass
class OfflineComposer:
    catalog: Catalog
    chunks: dict[str, Chunk]  # every chunk of the corpus by id, to answer in the member's language

    name = "offline"

    def __post_init__(self) -> None:
        # Inverse document frequency over all guideline sentences: a shared rare word ("uACR",
        # "称体重") says more about a match than a shared common one ("糖尿病", "doctor").
        counts: Counter[str] = Counter()
        total = 0
        for chunk in self.chunks.values():
            for sentence in _sentences_of(chunk.text):
                counts.update(_terms(sentence))
                total += 1
        self._idf = {term: math.log((total + 1) / (df + 1)) for term, df in counts.items()}

    def compose(
        self,
        *,
        question: str,
        language: str,
        role: Role,
        passages: Sequence[Passage],
        member: MemberSnapshot,
        gaps: Sequence[GapLike],
    ) -> ComposedReply:
        zh = language == "zh"
        if not passages:
            return ComposedReply(
                NO_ANSWER[0 if zh else 1], (), (ReplyPart(NO_ANSWER[0 if zh else 1], "template", "no_answer"),)
            )
        own = answer_own_data(question, member)
        item = self.catalog.item(own.item if own else passages[0].item)
        title = item.title_zh if zh else item.title_en
        joiner = "" if zh else " "
        lead = f"根据「{title}」的指南[#{item.number}]：" if zh else f"From the guideline on {title} [#{item.number}]: "
        # Order: the member's own readings when they asked about them, then the guideline, then the
        # member's open gap and latest reading for this item, then one next step.
        own_facts = list(own.facts) if own else []
        other_facts = [f for f in self._member_facts(item, member, gaps, language)
                       if not (own and f.key == f"reading:{own.kind}")]
        retrieved_sections = {p.section for p in passages if p.item == item.number}
        chosen = self._select(question, item.number, language, role, retrieved_sections)
        parts: list[ReplyPart] = [ReplyPart(lead.strip() + joiner, "template", "lead")]
        parts += [ReplyPart(f.text + joiner, "member", f.key) for f in own_facts]
        parts += [ReplyPart(text + joiner, "passage", chunk_id) for chunk_id, text in chosen]
        parts += [ReplyPart(f.text + joiner, "member", f.key) for f in other_facts]
        parts += self._next_step(item, gaps, language, used={text for _, text in chosen})
        text = "".join(p.text for p in parts).strip()
        return ComposedReply(text, (item.number,), tuple(parts), composer=self.name)

    def _select(self, question: str, number: int, language: str, role: Role,
                retrieved_sections: set[str]) -> list[tuple[str, str]]:
        """The sentences of the item's guideline (in the member's language) that share the most
        distinctive words with the question; sections retrieval ranked high and the role's own
        notes get a head start."""
        wanted = _terms(question)
        scored: list[tuple[float, int, str, str]] = []
        order = 0
        for section in SECTION_ORDER:
            chunk = self.chunks.get(f"{number}-{language}-{section}")
            if chunk is None:
                continue
            bonus = (1.5 if section in retrieved_sections else 0.0) + (1.0 if section == role else 0.0)
            if section == "warning" and section not in retrieved_sections:
                bonus -= 1.0  # warning signs only when the question is about them
            for sentence in _sentences_of(chunk.text):
                if advises_dose_change(sentence):
                    continue  # belt and braces: never quote anything that reads as dose advice
                overlap = sum(self._idf.get(term, 1.0) for term in wanted & _terms(sentence))
                scored.append((overlap + bonus if overlap else bonus / 4, -order, chunk.id, sentence))
                order += 1
        best = sorted(scored, reverse=True)[:SENTENCES]
        best.sort(key=lambda row: -row[1])  # back to document order
        return [(chunk_id, sentence) for _, _, chunk_id, sentence in best]

    def _member_facts(
        self, item: CatalogItem, member: MemberSnapshot, gaps: Sequence[GapLike], language: str
    ) -> list[Fact]:
        zh = language == "zh"
        facts = []
        for gap in gaps:
            if gap.item == item.number and gap.status in ("due", "overdue"):
                facts.append(gap_fact(gap, item.title_zh if zh else item.title_en, language))
        for kind in item.coach.tracks:
            fact = reading_fact(member, kind)
            if fact is not None:
                facts.append(fact)
        return facts[:3]

    def _next_step(self, item: CatalogItem, gaps: Sequence[GapLike], language: str,
                   used: set[str]) -> list[ReplyPart]:
        zh = language == "zh"
        title = item.title_zh if zh else item.title_en
        if any(g.item == item.number and g.status in ("due", "overdue") for g in gaps):
            return [ReplyPart(GAP_NEXT_STEP[0 if zh else 1].format(title=title), "template", "next_step")]
        # Otherwise the guideline's own advice on what to keep track of is the next step.
        log_chunk = self.chunks.get(f"{item.number}-{language}-log")
        if log_chunk is not None:
            for sentence in _sentences_of(log_chunk.text):
                if sentence not in used:
                    label = "下一步，建议记录：" if zh else "Next step — keep track of this: "
                    return [ReplyPart(label, "template", "next_step"), ReplyPart(sentence, "passage", log_chunk.id)]
        template = NEXT_STEPS.get(item.coach.reminder.kind, NEXT_STEPS["education"])
        return [ReplyPart(template[0 if zh else 1].format(title=title), "template", "next_step")]
