"""The AI pharmacist's answer from the drug table: the part of a field the member asked about.

A drug's interactions or side effects cover several things; a member asks about one ("能和布洛芬一起吃吗",
"is the ankle swelling from it?"). The clauses that name what was asked are answered, with the member's
own medicine named, and every answer ends with who decides: the pharmacist or doctor, never a dose change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from coach.dialogue.content import Drug
from coach.members.snapshot import DoseLogRecord, MemberSnapshot
from coach.pipeline.models import ReplyPart

FIELDS_BY_INTENT = {"missed_dose": ("missed_dose",), "side_effect": ("common_side_effects", "serious_side_effects"),
                    "interaction": ("interactions",), "prepare": ("timing",), "what_is": ("purpose",),
                    "general": ("purpose", "timing"), "next_steps": ("missed_dose",), "why": ("purpose",)}
# "早上吃还是晚上吃", "饭前还是饭后", "when should I take it": the timing field answers, not what the drug is for.
_WHEN_TO_TAKE = re.compile(r"早上|晚上|早晨|睡前|饭前|饭后|空腹|餐前|餐后|什么时候吃|几点吃|何时吃"
                           r"|morning|evening|night|bedtime|before (?:food|meals?|breakfast)|after (?:food|meals?)"
                           r"|with food|empty stomach|what time|when (?:should|do|to) (?:i |he |she )?take", re.IGNORECASE)


def asks_when_to_take(text: str) -> bool:
    return bool(_WHEN_TO_TAKE.search(text))


_SICK_DAY = re.compile(r"拉肚子|腹泻|呕吐|吐了|发烧|吃不下|生病|感冒|diarrh|vomit|sick|fever|not eating|flu", re.I)
# What a member names in a question, and the words the drug table uses for it.
_ASKED_ABOUT: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(asked, re.I), used) for asked, used in (
        (r"布洛芬|芬必得|止痛药|止疼药|止痛片|止疼片|双氯芬酸|洛索洛芬|萘普生|塞来昔布|ibuprofen|naproxen|diclofenac|painkiller|pain killer|pain (?:pills?|tablets?|meds|relief)|nsaid|advil|nurofen",
         ("NSAID", "布洛芬", "ibuprofen", "止痛", "paracetamol", "pain")),
        (r"西柚|葡萄柚|柚子|grapefruit", ("西柚", "grapefruit")),
        (r"酒|alcohol|beer|wine|(?:a|some|few|the) drinks?\b|drinking\b(?! water)", ("酒", "alcohol")),
        (r"鱼油|银杏|丹参|当归|人参|保健品|补品|fish oil|omega|ginkgo|ginseng|turmeric|supplement|herbal",
         ("鱼油", "银杏", "保健品", "fish oil", "ginkgo", "supplement")),
        (r"菠菜|绿叶菜|青菜|维生素k|spinach|kale|greens|green veg|leafy|vitamin k", ("绿叶菜", "维生素K", "green vegetables", "vitamin K")),
        (r"低钠盐|代盐|补钾|钾|salt substitute|low.sodium salt|potassium", ("低钠盐", "钾", "potassium", "low-sodium")),
        (r"阿司匹林|aspirin", ("阿司匹林", "aspirin")),
        (r"感冒药|伪麻黄碱|cold medicine|decongestant", ("感冒", "伪麻黄碱", "decongestant", "cold")),
    ))
# Symptoms a member may not link to a medicine ("my ankles have been puffy"), and the table's words for them.
_SYMPTOMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(asked, re.I), used) for asked, used in (
        (r"肿|swell|swollen|ankle|puffy", ("肿", "swell")),
        (r"拉肚子|腹泻|肚子|胃|恶心|diarrh|stomach|nause|upset", ("胃肠", "腹泻", "恶心", "diarrh", "stomach", "nause")),
        (r"累|乏力|没劲|疲|tired|fatigue|exhaust", ("乏力", "疲", "tired", "fatigue")),
        (r"咳|cough", ("咳", "cough")),
        (r"晕|dizz|light.headed", ("晕", "dizz")),
        (r"头痛|头疼|headache", ("头痛", "headache")),
        (r"跑厕所|尿多|起夜|小便|pee|urin|toilet", ("尿", "urin")),
        (r"出血|淤青|牙龈|bleed|bruis", ("出血", "bleed", "bruis")),
        (r"肌肉|腿疼|muscle|ache", ("肌肉", "muscle")),
        (r"(?:手脚|手|脚)(?:都|有点|老是)?(?:冰|凉|发凉|冷)|cold (?:hands|feet|fingers)|(?:hands|feet|fingers) (?:are |feel |go |get |so |always |really )*(?:cold|icy|freezing)",
         ("发凉", "cold hands")),
        (r"心跳(?:好|很|有点)?慢|心率(?:好|很|有点)?(?:慢|低)|slow(?:er)? (?:pulse|heart)"
         r"|(?:pulse|heart ?rate|heartbeat) (?:is |feels |seems )?(?:so |really |very |a bit )?slow", ("心跳变慢", "slower pulse")),
    ))


def names_a_symptom(text: str) -> bool:
    return any(pattern.search(text) for pattern, _ in _SYMPTOMS)


def side_effect_drug(text: str, taken: Sequence[Drug], lang: str) -> Drug | None:
    """The one medicine of the member's whose common side effects name the symptom the message tells of."""
    asked = [used for pattern, used in _SYMPTOMS if pattern.search(text)]
    if not asked:
        return None
    hits = [d for d in taken if any(w.lower() in d.text("common_side_effects", lang).lower() for used in asked for w in used)]
    return hits[0] if len(hits) == 1 else None
_CLAUSE = re.compile(r"[^；;。.]+[；;。.]?")
CLOSING = {
    "interaction": {"zh": "同时用别的药或保健品前，请先问药师或医生。",
                    "en": "Check with your pharmacist or doctor before taking anything new alongside it."},
    "side_effect": {"zh": "如果持续或难以忍受，请告诉医生或药师，由他们决定是否调整；不要自己停药。",
                    "en": "If it keeps up or bothers you, tell your doctor or pharmacist, who can adjust it; don't stop it yourself."},
    "timing": {"zh": "每天固定时间吃最要紧；想换时间，先问医生或药师。",
               "en": "Taking it at the same time every day matters most; ask your doctor or pharmacist before moving it."},
}


def drug_reply(drug: Drug, text: str, intent: str, lang: str, *, on_record: bool,
               times: tuple[str, ...] = ()) -> tuple[list[str], list[ReplyPart]]:
    """The lines of the answer (head first) and their provenance; `times`: the member's schedule for it."""
    keys = ("sick_day",) if (intent != "side_effect" and _SICK_DAY.search(text) and drug.text("sick_day", lang)) \
        else ("timing",) if intent in ("general", "prepare") and _WHEN_TO_TAKE.search(text) \
        else ("interactions",) if intent in ("general", "what_to_eat", "lifestyle") and names_an_interaction(drug, text, lang) \
        else ("timing", "common_side_effects") if intent == "side_effect" and _WHEN_TO_TAKE.search(text) \
        else FIELDS_BY_INTENT.get(intent, ("timing",))
    name = drug.name(lang) if lang == "zh" else drug.name(lang).capitalize()
    schedule = ("，每天 " + "、".join(times) if lang == "zh" else ", at " + " and ".join(times)) if times else ""
    if lang == "zh":
        head = f"您在吃的{name}（{drug.label['zh']}{schedule}）：" if on_record else f"{name}（{drug.label['zh']}）："
    else:
        head = f"Your {name} ({drug.label['en']}{schedule}): " if on_record else f"{name} ({drug.label['en']}): "
    # timing and missed-dose rules are short and whole; a food or supplement asked about is an interaction question
    focus = intent in ("interaction", "side_effect") or keys == ("interactions",)
    chosen = [(key, line) for key in keys
              if (line := _focus(drug.text(key, lang), text) if focus and key != "timing" else drug.text(key, lang))]
    if keys != ("sick_day",) and len(keys) > 1:
        focused = [(k, line) for k, line in chosen if line != drug.text(k, lang) or k == "timing"]
        chosen = focused or chosen
    # Side-effect lists say which they are, so a member hears that a known effect is a known one.
    labels = [_FIELD_LABEL.get(key, {}).get(lang, "") for key, _ in chosen]
    lines = [head + labels[0] + chosen[0][1]] if chosen else [head]
    lines += [label + line for label, (_, line) in zip(labels[1:], chosen[1:], strict=True)]
    parts = [ReplyPart(head, "template", f"drug:{drug.id}:name")]
    for label, (key, line) in zip(labels, chosen, strict=True):  # in reply order: the reply is exactly its parts
        if label:
            parts.append(ReplyPart(label, "template", f"drug:label:{key}"))
        parts.append(ReplyPart(line, "card", f"drug:{drug.id}:{key}"))
    closing = CLOSING.get("timing" if keys == ("timing",) and intent != "missed_dose" else intent, {}).get(lang)
    if closing:
        lines.append(closing)
        parts.append(ReplyPart(closing, "template", f"drug:closing:{intent}"))
    return lines, parts


_FIELD_LABEL = {"common_side_effects": {"zh": "常见副作用：", "en": "Common side effects: "},
                "serious_side_effects": {"zh": "需要就医的情况：", "en": "Get medical help for: "}}


def names_an_interaction(drug: Drug, text: str, lang: str) -> bool:
    """The question names something the drug's interactions speak of (a glass of wine, fish oil, spinach)."""
    field = drug.text("interactions", lang)
    return bool(field) and _focus(field, text) != field


def _focus(field: str, question: str) -> str:
    """The clauses of a field that name what the question asks about; the whole field when none do."""
    if not field:
        return ""
    wanted = [used for asked, used in (*_ASKED_ABOUT, *_SYMPTOMS) if asked.search(question)]
    if not wanted:
        return field
    clauses = [c.strip() for c in _CLAUSE.findall(field) if c.strip()]
    kept = [c for c in clauses if any(w.lower() in c.lower() for used in wanted for w in used)]
    if not kept:
        return field
    # Clauses are quoted as written, each with its own punctuation (the grounding check finds each in the table).
    return ("" if re.search(r"[\u4e00-\u9fff]", field) else " ").join(kept)


# "老是忘吃药" asks how to stop forgetting, not what to do about one missed dose.
HABITUAL_FORGETTING = re.compile(
    r"老是忘|总是忘|总忘|经常忘|老忘|常常忘|别老忘|记不住|容易忘|又忘了|(?:落|漏|忘)(?:了|吃了)?(?:好几|好些|几)(?:回|次|顿|天)|吃(?:吃|着吃着)就忘|怎么(?:才能)?记(?:得|住)|忘带|出门(?:在外)?.{0,6}忘|老搞忘|总搞忘|"
    r"keep forgetting|keeps? missing|help (?:him|her|me|them) remember|always forget|forget again|forgot to (?:bring|pack|take them with)|(?:travel|trip|away)\w*.{0,20}forg|forget (?:a lot|often|all the time)|(?:how|ways?) (?:can|do|to) (?:i )?remember|help me remember",
    re.IGNORECASE)
# "怎么才能不忘？", "有冇咩方法唔会唔记得", "how do I remember better?": asking for the habit, whatever the intent guess.
HOW_NOT_TO_FORGET = re.compile(
    r"(?:怎么|怎样|如何|咋|有没有|有什么|有啥|有冇咩|有咩)(?:才能|样才能|办法|方法|法子)?(?:让我|能|可以|才)?[^,，。?？]{0,4}"
    r"(?:不忘|别忘|不会忘|唔会唔记得|不会不记得|记得住|记得到|记得牢|记牢|记住|记得吃|唔会忘)"
    r"|(?<![a-z])(?:how (?:do |can |could |should )?(?:i|he|she|we) (?:remember|stop forgetting|not forget)|remember (?:it )?better"
    r"|(?:ways?|tips?|tricks?) (?:to|for) (?:remember|not forget)|stop forgetting)(?![a-z])",
    re.IGNORECASE)
ADHERENCE_TIPS = {
    "zh": "把吃药和每天固定的习惯绑在一起，比如刷牙或吃早饭时；再设个手机闹钟，用分格药盒提前分好一周的药。"
          "我也会按时提醒您，吃完回我一句“已吃”就行。如果是因为副作用或担心才不想吃，请告诉医生或药师。",
    "en": "Tie your medicine to something you do every day, like brushing your teeth or breakfast; set a phone alarm and "
          "fill a weekly pill box. I'll send reminders too: just reply 'taken'. If side effects or worries make you skip "
          "it, tell your doctor or pharmacist.",
}


def dose_summary(member: MemberSnapshot, lang: str, drugs: Sequence[Drug] = (),
                 only: Sequence[Drug] | None = None) -> tuple[str, int] | None:
    """The member's own dose log over the last two weeks they logged, and how many were missed, naming the
    medicine(s) missed by their drug-table name (`drugs`); `only`: the logs of these medicines alone."""
    logs = [log for log in member.dose_logs if only is None or _medicine_of(member, log, only) is not None]
    if not logs:
        return None
    last = max(log.day for log in logs)
    window = [log for log in logs if log.day > last - timedelta(days=14)]
    missed = sum(1 for log in window if not log.taken)
    names = _missed_names(member, [log for log in window if not log.taken], drugs, lang)
    if lang == "zh":
        which = f"{'、'.join(names)}" if names else ""
        return f"最近两周您记录了{len(window)}次服药情况，其中{which}漏服{missed}次。", missed
    which = f" ({', '.join(names)})" if names else ""
    return f"In the last two weeks you logged {len(window)} doses and missed {missed} of them{which}.", missed


def _medicine_of(member: MemberSnapshot, log: DoseLogRecord, drugs: Sequence[Drug]) -> Drug | None:
    """The drug-table entry of the medicine a dose log is about: by its id, else by its class."""
    med = next((m for m in member.medications if log.medication_id is not None and m.medication_id == log.medication_id),
               None) or next((m for m in member.medications if log.medication_id is None and m.drug_class == log.drug_class),
                             None)
    return next((d for d in drugs if med is not None and d.matches(med.name)), None)


def _missed_names(member: MemberSnapshot, missed: Sequence[DoseLogRecord], drugs: Sequence[Drug], lang: str) -> list[str]:
    names: list[str] = []
    for log in missed:
        drug = _medicine_of(member, log, drugs)
        if drug is not None and drug.name(lang) not in names:
            names.append(drug.name(lang))
    return names


_DOSE_TEXT = re.compile(r"\d+(?:\.\d+)?\s*(?:mg|g|ml|μg|mcg|iu|u|单位|片|粒)?", re.IGNORECASE)


def regimen_line(member: MemberSnapshot, drug: Drug, lang: str) -> str | None:
    """How the member takes this medicine, from their record: named from the drug table, and the stored
    dose only when it is a plain amount (stored text is data, never repeated as written)."""
    med = next((m for m in member.medications if drug.matches(m.name)), None)
    if med is None:
        return None
    name = drug.name(lang)
    dose = med.dose_text.strip() if med.dose_text and _DOSE_TEXT.fullmatch(med.dose_text.strip()) else ""
    times = [t.strftime("%H:%M") for t in med.times]
    if lang == "zh":
        return f"您现在的用法：{name}{' ' + dose if dose else ''}{'，每天 ' + '、'.join(times) if times else ''}。"
    return f"Your current regimen: {name}{' ' + dose if dose else ''}{' at ' + ' and '.join(times) if times else ''}."
