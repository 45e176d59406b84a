"""Drug classes for medicine names members and systems send (Chinese generic names and English)."""

from __future__ import annotations

from coach.members.vocabulary import DrugClass as D

# Ordered: combination products must match before their components
# (sacubitril/valsartan is a RAS-acting drug; "缬沙坦" alone would also match).
_NAME_FRAGMENTS: tuple[tuple[tuple[str, ...], D], ...] = (
    (("insulin", "胰岛素", "门冬", "甘精", "地特"), D.INSULIN),
    (
        (
            "metformin",
            "二甲双胍",
            "gliclazide",
            "格列",
            "glipizide",
            "glimepiride",
            "acarbose",
            "阿卡波糖",
            "sitagliptin",
            "列汀",
            "gliflozin",
            "列净",
            "glutide",
            "鲁肽",
            "pioglitazone",
            "吡格列酮",
            "repaglinide",
            "瑞格列奈",
        ),
        D.ANTIDIABETIC,
    ),
    (("sacubitril", "沙库巴曲", "sartan", "沙坦", "pril", "普利"), D.RAS_ANTAGONIST),
    (("statin", "他汀"), D.STATIN),
    (
        (
            "metoprolol",
            "美托洛尔",
            "bisoprolol",
            "比索洛尔",
            "carvedilol",
            "卡维地洛",
            "atenolol",
            "阿替洛尔",
            "propranolol",
            "普萘洛尔",
            "nebivolol",
            "奈必洛尔",
            "洛尔",
        ),
        D.BETA_BLOCKER,
    ),
    (
        (
            "warfarin",
            "华法林",
            "rivaroxaban",
            "利伐沙班",
            "apixaban",
            "阿哌沙班",
            "dabigatran",
            "达比加群",
            "edoxaban",
            "艾多沙班",
            "heparin",
            "肝素",
        ),
        D.ANTICOAGULANT,
    ),
    (
        ("aspirin", "阿司匹林", "clopidogrel", "氯吡格雷", "ticagrelor", "替格瑞洛", "prasugrel"),
        D.ANTIPLATELET,
    ),
    (
        (
            "sertraline",
            "舍曲林",
            "escitalopram",
            "艾司西酞普兰",
            "citalopram",
            "西酞普兰",
            "fluoxetine",
            "氟西汀",
            "paroxetine",
            "帕罗西汀",
            "venlafaxine",
            "文拉法辛",
            "duloxetine",
            "度洛西汀",
            "mirtazapine",
            "米氮平",
            "fluvoxamine",
            "氟伏沙明",
            "agomelatine",
            "阿戈美拉汀",
        ),
        D.ANTIDEPRESSANT,
    ),
    (
        (
            "risperidone",
            "利培酮",
            "olanzapine",
            "奥氮平",
            "aripiprazole",
            "阿立哌唑",
            "quetiapine",
            "喹硫平",
            "clozapine",
            "氯氮平",
            "paliperidone",
            "帕利哌酮",
            "ziprasidone",
            "齐拉西酮",
            "haloperidol",
            "氟哌啶醇",
        ),
        D.ANTIPSYCHOTIC,
    ),
    (
        ("budesonide", "布地奈德", "fluticasone", "氟替卡松", "beclomethasone", "倍氯米松"),
        D.INHALED_CORTICOSTEROID,
    ),
    (
        (
            "salbutamol",
            "沙丁胺醇",
            "albuterol",
            "tiotropium",
            "噻托溴铵",
            "formoterol",
            "福莫特罗",
            "salmeterol",
            "沙美特罗",
            "ipratropium",
            "异丙托",
            "indacaterol",
            "茚达特罗",
            "umeclidinium",
        ),
        D.BRONCHODILATOR,
    ),
    (
        (
            "prednisone",
            "泼尼松",
            "prednisolone",
            "泼尼松龙",
            "methylprednisolone",
            "甲泼尼龙",
            "dexamethasone",
            "地塞米松",
        ),
        D.SYSTEMIC_CORTICOSTEROID,
    ),
    (
        (
            "furosemide",
            "呋塞米",
            "torsemide",
            "托拉塞米",
            "hydrochlorothiazide",
            "氢氯噻嗪",
            "spironolactone",
            "螺内酯",
            "indapamide",
            "吲达帕胺",
            "torasemide",
        ),
        D.DIURETIC,
    ),
    (("nitroglycerin", "硝酸甘油", "isosorbide", "硝酸异山梨酯", "单硝酸"), D.NITRATE),
    (
        ("amlodipine", "氨氯地平", "nifedipine", "硝苯地平", "felodipine", "非洛地平", "地平"),
        D.ANTIHYPERTENSIVE,
    ),
    (
        (
            "alendronate",
            "阿仑膦酸",
            "zoledronic",
            "唑来膦酸",
            "risedronate",
            "利塞膦酸",
            "denosumab",
            "地舒单抗",
        ),
        D.OSTEOPOROSIS_TREATMENT,
    ),
)


def infer_drug_class(name: str) -> str:
    """Best-effort class from the medicine name; `other` when unknown (never an error)."""
    lowered = name.lower()
    for fragments, drug_class in _NAME_FRAGMENTS:
        if any(fragment in lowered for fragment in fragments):
            return drug_class.value
    return D.OTHER.value
