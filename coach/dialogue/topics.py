"""What a message is about: a catalog item, a drug, a reading kind.

A message that names none of them ("为什么？", "盐呢？", "what about salt?") is about the topic of the
previous turn, which the conversation keeps (conversations.topic_*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.chinese_script import to_simplified
from coach.dialogue.content import Drug
from coach.members.snapshot import MemberSnapshot
from coach.triage.dialect import read_as_mandarin

# (item, pattern): words that name an item's subject. Items that share a subject are resolved by the
# member's conditions (`_BY_CONDITION`).
# ASCII: \b beside a Chinese character ("我LDL 3.6") is a boundary.
_ITEM_WORDS: tuple[tuple[int, re.Pattern[str]], ...] = tuple((item, re.compile(read_as_mandarin(p), re.IGNORECASE | re.ASCII)) for item, p in (
    (1, r"运动|锻炼|健身|走路|散步|跑步|行路|太极|广场舞|八段锦|游泳|瑜伽|exercise|workout|physical activity|walking|steps"
        r"|tai ?chi|square danc\w*|swimming|yoga"),
    (2, r"减肥|减重|超重|肥胖|\bbmi\b|overweight|lose weight|weight loss|obes"),
    (3, r"戒烟|抽烟|吸烟|香烟|电子烟|smok|cigarette|vap(?:e|ing)|quit"),
    (4, r"喝.{0,2}酒|饮酒|戒酒|白酒|啤酒|alcohol|drinking|beer|wine"),
    (6, r"肠癌|结直肠|大肠癌|便潜血|潜血|粪便(?:检测|检查)|\bfit\b|肠镜|colonoscop|colorectal|colon|bowel|宫颈|hpv|tct|pap|cervical"
        r"|乳腺|钼靶|mammo|breast|boob|癌症筛查|cancer screening|poo (?:test|one|sample)|stool (?:test|sample)|大便(?:检查|化验|那个)"),
    (7, r"肺癌|低剂量ct|ldct|胃镜|胃癌|肝癌|甲胎蛋白|lung cancer|gastroscop|stomach cancer|liver cancer"),
    (11, r"血铅|铅中毒|blood lead|\blead\b"),
    (12, r"跌倒|摔|跌(?:亲|咗|低|伤)|唔再跌|falling|\bfalls?\b|fell|fall risk"),
    (13, r"t-score|t值|骨折|fracture|骨密度|骨质疏松|骨松|补钙|bone density|osteopor|dexa|dxa|calcium"),
    (15, r"糖化|hba1c|\ba1c\b|血糖控制|sugar control|sugar (?:test|check|result)s?"
         r"|(?:测|查|筛查|检查|验)(?:一下|下)?(?:有没有)?糖尿病|(?:tested|screened|checked|test|screen|check) for diabetes"),
    (16, r"眼底|视网膜|眼睛(?:的|那个|那项)?(?:检查|筛查)|查眼|散瞳|eye (?:exam|test|check|screen)|retina|eyes? check|dilat"),
    (17, r"尿微量白蛋白|尿白蛋白|尿蛋白|验尿|尿检|查尿|留尿|uacr|albumin|urine test|肾功能|肾脏检查|查肾|肌酐|egfr|kidney"
         r"|肾(?:的|脏的|那个|那项)?(?:检查|化验|指标)|肾[^,，。?？]{0,5}查|protein in (?:my |the |his |her )?(?:pee|urine|wee)"
         r"|(?:pee|wee) test"),
    (20, r"血压|\bbp\b|blood pressure|高血压|hypertension"),
    (22, r"腹主动脉瘤|腹主动脉|主动脉|\baaa\b|aortic aneurysm|aorta|大血管|肚子里.{0,4}血管"),
    (23, r"心电图|心脏超声|心超|\becg\b|\bekg\b|echocardiogram|heart scan"),
    (24, r"他汀|statin"),
    (25, r"血脂|胆固醇|低密度|\bldl\b|cholesterol|lipid"),
    (26, r"抗抑郁|antidepressant|sertraline|舍曲林|escitalopram|艾司西酞普兰"),
    (27, r"抗精神病|antipsychotic"),
    (28, r"慢性肾病|肾病|\bckd\b|血钾|高钾|potassium|透析|dialysis|香蕉|橙子|banana|orange"),
    (29, r"心梗|心肌梗死|heart attack|post[- ]mi|\bmi\b"),
    (30, r"冠心病|冠脉|支架|心绞痛|coronary|stent|angina"),
    (31, r"心衰|心力衰竭|heart failure|称体重|daily weigh|\bfluid\b|喝水量|喝多少水|how much water|swollen ankles|脚肿|腿肿"),
    (32, r"哮喘|asthma|inhaler|吸入剂|喷雾"),
    (33, r"慢阻肺|copd|急性加重|flare[- ]up"),
    (34, r"肺功能|spirometr|lung function"),
    (35, r"心率|脉搏|\bpulse\b|heart rate|房颤|心房颤动|atrial fibrillation|\bafib\b|\baf\b|抗凝|blood thinner|anticoagul"),
    (36, r"\btia\b|小中风|短暂性脑缺血|mini[- ]stroke"),
    (37, r"预立|生前预嘱|预嘱|临终|后事|advance care|end of life|living will"),
    (38, r"日常活动|生活自理|功能状态|daily activities|functional"),
    (39, r"用药检视|(?:吃|食)(?:很|好|太)多(?:种)?药|药太多|(?:看|睇)(?:一下|一遍|晒)?(?:我|我的|啲)?(?:全部)?(?:的)?药|medication review|too many (?:pills|medicines)"),
    (40, r"中风|卒中|偏瘫|康复训练|stroke|rehab"),
    (41, r"失能|残疾|卧床|disab|bedbound|bed-bound"),
    (42, r"出院|再入院|住院回来|discharg|readmi|out of hospital"),
))
# Conditions that own several check items (kidney, eye, lipids ...): named beside a check, they say who it is for.
_CONDITION_NAME = re.compile(r"高血压|糖尿病|hypertension|diabetes", re.IGNORECASE)
_BY_CONDITION: dict[int, tuple[tuple[str, int], ...]] = {
    17: (("diabetes", 17), ("hypertension", 21), ("ckd", 28)),
    20: (("diabetes", 18), ("hypertension", 20)),
    15: (("diabetes", 15),),
}
# A check of a condition the member does not have is screening for it: 血压 / 糖化 / 血脂 from someone without
# hypertension, diabetes or high cholesterol is item 10 (three-highs screening), not the item that manages it.
_SCREENING_ITEM = 10
_WITHOUT_CONDITION: dict[int, str] = {20: "hypertension", 15: "diabetes", 25: "hyperlipidaemia"}
_SCREENED_READING: dict[str, str] = {"blood_pressure": "hypertension", "glucose": "diabetes", "hba1c": "diabetes",
                                     "ldl": "hyperlipidaemia"}
READING_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(read_as_mandarin(p), re.IGNORECASE | re.ASCII)) for k, p in (
    ("blood_pressure", r"血压|\bbp\b|blood pressure"),
    ("hba1c", r"糖化|hba1c|\ba1c\b"),
    ("glucose", r"血糖|blood sugar|glucose|\bsugars?\b(?! (?:free|substitute|tax|cane|snap))"),
    ("weight", r"体重|称重|\bweight\b|\bweigh"),
    ("ldl", r"血脂|胆固醇|\bldl\b|cholesterol"),
    ("potassium", r"血钾|potassium"),
    ("egfr", r"肾功能|肌酐|egfr"),
    ("uacr", r"尿微量白蛋白|尿白蛋白|uacr|albumin"),
))


@dataclass(frozen=True)
class Topic:
    item: int | None = None
    drug: str | None = None  # a drug id from the drug table
    reading: str | None = None  # an observation kind
    also: tuple[int, ...] = ()  # other items the message names ("心衰出院了…": 31 and 42)
    # The drug was found from its kind ("降压药", "the water pill"): good enough to say which of theirs a missed
    # dose or side effect is about, not to turn a general question into a question about that one medicine.
    drug_by_kind: bool = False

    @property
    def empty(self) -> bool:
        return self.item is None and self.drug is None and self.reading is None


_READING_ITEM: dict[str, tuple[int, tuple[tuple[str, int], ...]]] = {
    "weight": (2, (("heart_failure", 31),)), "blood_pressure": (20, (("diabetes", 18),)), "glucose": (15, ()),
    "hba1c": (15, ()), "egfr": (28, (("diabetes", 17), ("hypertension", 21))),
    "uacr": (17, (("hypertension", 21),)), "ldl": (25, ()), "potassium": (28, ()),
}


def item_for_reading(kind: str, member: MemberSnapshot | None) -> int | None:
    """The catalog item that owns a reading kind for this member (weight: heart failure if they have it)."""
    if kind not in _READING_ITEM:
        return None
    item, by_condition = _READING_ITEM[kind]
    if member is not None and kind in _SCREENED_READING and not member.has(_SCREENED_READING[kind]):
        return _SCREENING_ITEM
    return next((owner for condition, owner in by_condition if member is not None and member.has(condition)), item)


def items_named(text: str, member: MemberSnapshot | None) -> list[int]:
    """The items the message names, in catalog order, except that a bare condition name comes after the
    checks named beside it ("高血压每年都要查肾" is about the kidney check, not blood pressure)."""
    found: list[tuple[bool, int, int]] = []
    for item, pattern in _ITEM_WORDS:
        match = pattern.search(text)
        if match is None:
            continue
        resolved = item
        for condition, owner in _BY_CONDITION.get(item, ()):
            if member is not None and member.has(condition):
                resolved = owner
                break
        else:
            if member is not None and item in _WITHOUT_CONDITION and not member.has(_WITHOUT_CONDITION[item]):
                resolved = _SCREENING_ITEM
        if all(resolved != seen for _, _, seen in found):
            found.append((bool(_CONDITION_NAME.fullmatch(match.group(0))), len(found), resolved))
    return [item for _, _, item in sorted(found)]


def drug_named(text: str, drugs: Sequence[Drug], member: MemberSnapshot | None = None) -> Drug | None:
    """The drug a message names; with `member`, also one of their own medicines misspelt ("valsartin", "夫塞米")."""
    lowered = text.lower()
    best: tuple[int, Drug] | None = None
    for drug in drugs:
        for name in drug.names:
            if name and name in lowered and (best is None or len(name) > best[0]):
                best = (len(name), drug)
    if best is not None or member is None:
        return best[1] if best else None
    return own_drug_misspelt(lowered, own_drugs(member, drugs))


def own_drugs(member: MemberSnapshot, drugs: Sequence[Drug]) -> list[Drug]:
    return [d for d in drugs if any(d.matches(med.name) for med in member.medications)]


# How members name a medicine by what it does; resolved only against the member's own medicines.
_KIND_WORDS: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(classes.split()), re.compile(read_as_mandarin(p), re.IGNORECASE | re.ASCII)) for classes, p in (
        ("diuretic", r"利尿(?:药|剂)|排水的?药|消肿的?药|water (?:pill|tablet)s?|diuretics?"),
        ("anticoagulant", r"抗凝(?:药|的药)?|稀释血液的?药|血液稀释剂|blood[- ]thinners?|anticoagulants?"),
        # "他汀" and "statin" name the class the lipid cards discuss; only the pill words point at theirs.
        ("statin", r"降(?:血)?脂(?:的)?药|cholesterol (?:pill|tablet|med\w*)s?"),
        ("antidiabetic insulin", r"降糖(?:的)?药|糖尿病(?:的)?药|(?:diabetes|sugar) (?:pill|tablet|med\w*)s?"),
        ("ras_antagonist", r"护肾的?药?|保护肾(?:脏)?的?药|kidney[- ]protect\w*"),
        ("antihypertensive ras_antagonist beta_blocker diuretic",
         r"降压(?:的)?药|高血压(?:的)?药|(?:bp|blood pressure) (?:pill|tablet|med\w*)s?"),
    )
)


def own_drug_by_kind(lowered: str, own: Sequence[Drug]) -> Drug | None:
    """The member's one medicine of the kind named; none when the kind fits several of theirs."""
    for classes, pattern in _KIND_WORDS:
        if pattern.search(lowered):
            fits = [d for d in own if d.class_code in classes]
            if len(fits) == 1:
                return fits[0]
    return None


_LATIN_WORD = re.compile(r"[a-z]{6,}")


def own_drug_misspelt(lowered: str, own: Sequence[Drug]) -> Drug | None:
    """One of the member's medicines written one letter (or one Chinese character) off."""
    words = set(_LATIN_WORD.findall(lowered))
    for drug in own:
        for name in drug.names:
            if name.isascii() and len(name) >= 7:
                if any(abs(len(w) - len(name)) <= 1 and _one_edit(w, name) for w in words):
                    return drug
            elif not name.isascii() and len(name) >= 3 and _nearly_named(lowered, name):
                return drug
    return None


def _nearly_named(text: str, name: str) -> bool:
    """A run of `text` as long as `name` that voice input or a wrong pick of characters could have made of it:
    one character off but not the last in a three-character name (血沙坦, 夫塞米), one anywhere in a longer one
    (二甲双瓜), two in a name of five or more that starts right (阿托发他丁)."""
    size = len(name)
    for i in range(len(text) - size + 1):
        chunk = text[i:i + size]
        off = sum(a != b for a, b in zip(chunk, name, strict=True))
        if off == 1 and (size >= 4 or chunk[-1] == name[-1]):
            return True
        if off == 2 and size >= 5 and chunk[:2] == name[:2]:
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of exactly one (a substitution, an insertion or a deletion)."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def reading_named(text: str) -> str | None:
    return next((kind for kind, pattern in READING_WORDS if pattern.search(text)), None)


def detect_topic(text: str, member: MemberSnapshot | None, drugs: Sequence[Drug]) -> Topic:
    text = read_as_mandarin(to_simplified(text))  # the lexicons are Simplified Mandarin; 驗尿 is 验尿, 食药 is 吃药
    drug = drug_named(text, drugs, member)
    by_kind = None
    if drug is None and member is not None:
        drug = by_kind = own_drug_by_kind(text.lower(), own_drugs(member, drugs))
    items = items_named(text, member)
    reading = reading_named(text)
    item = items[0] if items else (drug.items[0] if drug and drug.items else None)
    if item is None and reading is not None:
        item = item_for_reading(reading, member)
    return Topic(item=item, drug=drug.id if drug else None, reading=reading, also=tuple(items[1:]),
                 drug_by_kind=by_kind is not None)
