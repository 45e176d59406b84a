"""Property tests for readings stated in free text (coach.measurements) and the own-reading filter.

(a) any text: the parsers never raise, spans point into the text, values lie in the declared ranges;
(b) round trip: a valid reading written in a supported format (zh/en, units, full-width digits,
    Chinese numerals, noise around it) parses back to the same value in canonical units;
(c) someone else's, past, hypothetical and threshold readings are not the member's own current ones;
(d) unit conversions agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.measurements import parse_dose_report, parse_measurements, unlabelled_values
from coach.measurements.numerals import cn_number
from coach.measurements.units import convert, plausible
from coach.members.vocabulary import BP_DIASTOLIC_RANGE, OBSERVATION_KINDS
from coach.triage.readings import own_current_readings

FAST = settings(max_examples=100, deadline=None)
LB_KG = 0.45359237
_CN_DIGIT = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789./%", "０１２３４５６７８９．／％")


def chinese_numeral(value: float, decimals: int) -> str:
    """七十二点五 for 72.5; whole part below 1000 (the parser's numerals have no 千)."""
    whole = int(value)
    hundreds, rest = divmod(whole, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _CN_DIGIT[hundreds] + "百"
    if tens:
        text += ("" if whole < 20 else _CN_DIGIT[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    if ones or not text:
        text += _CN_DIGIT[ones]
    if decimals:
        text += "点" + "".join(_CN_DIGIT[int(d)] for d in f"{value:.{decimals}f}".split(".")[1])
    return text


@pytest.mark.parametrize("value", [0, 5, 10, 15, 20, 72, 100, 105, 110, 120, 145, 200, 999])
def test_chinese_numeral_helper_reads_back(value: int) -> None:
    assert cn_number(chinese_numeral(value, 0)) == value
    assert cn_number(chinese_numeral(value + 0.5, 1)) == value + 0.5


# ---------------------------------------------------------------- (a) arbitrary text

_PIECES = st.sampled_from([
    *"0123456789０１２３４５６７８９٣५.．/／%％:：-~ ,，。\n点多几十百千零两一二三五八九",
    "血压", "高压", "低压", "血糖", "空腹", "餐后", "糖化", "血钾", "滤过率", "尿白蛋白肌酐比", "低密度", "心率", "体重",
    "BP", "bp", "sugar", "glucose", "a1c", "K+", "eGFR", "uacr", "LDL", "pulse", "weighed", "over", "比",
    "mmol/L", "mg/dL", "mmol/mol", "mg/mmol", "mg/g", "mmHg", "kg", "公斤", "斤", "lb", "bpm", "次/分",
    "三天涨了", "gained", " in 3 days", "从", "降到", "到", "以下", "below", "测了一下", "checked it", "我爸", "上个月", "如果",
])


@FAST
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=25).map("".join)))
def test_any_text_parses_without_error_into_plausible_readings(text: str) -> None:
    found = parse_measurements(text)
    for m in found:
        assert text[m.span[0] : m.span[1]] == m.source_text
        assert m.unit == (OBSERVATION_KINDS[m.kind].unit if m.kind != "weight_gain" else "kg")
        if m.kind == "blood_pressure":
            assert m.systolic is not None or m.diastolic is not None
            if m.systolic is not None:
                assert plausible("blood_pressure", m.systolic)
            if m.diastolic is not None:
                assert BP_DIASTOLIC_RANGE[0] <= m.diastolic <= BP_DIASTOLIC_RANGE[1]
            if m.systolic is not None and m.diastolic is not None:
                assert m.systolic > m.diastolic
        elif m.kind == "weight_gain":
            assert m.value is not None and 0 < m.value <= 50 and int(m.attributes["days"]) > 0
        else:
            assert m.value is not None and plausible(m.kind, m.value)
    assert all(a.span[1] <= b.span[0] for a, b in pairwise(found))
    for value in unlabelled_values(text):
        assert 0 <= value.start < value.end <= len(text)
        assert plausible("glucose", value.value)
    own = own_current_readings(text)
    assert all(r in found for r in own)
    assert parse_dose_report(text) in (True, False, None)


# ---------------------------------------------------------------- (b) round trip


@dataclass(frozen=True)
class Reading:
    kind: str
    value: float | None  # canonical unit
    systolic: int | None = None
    diastolic: int | None = None
    tolerance: float = 0.0


@dataclass(frozen=True)
class Format:
    """A way to write a reading of `kind`: the number as written lies in [lo, hi] with `decimals` places."""

    kind: str
    template: str  # {v} stands for the number
    lo: float
    hi: float
    decimals: int
    to_canonical: Callable[[float], float]  # the written unit to the kind's canonical unit
    zh: bool  # Chinese numerals may be used
    tolerance: float = 0.051  # the parser rounds converted values to one decimal


def _same(v: float) -> float:
    return v


def _jin_to_kg(v: float) -> float:
    return v / 2


def _lb_to_kg(v: float) -> float:
    return v * LB_KG


def _mgdl_glucose(v: float) -> float:
    return v / 18.0


def _mgdl_ldl(v: float) -> float:
    return v / 38.67


def _hba1c_ifcc(v: float) -> float:
    return v * 0.0915 + 2.15


def _uacr_mg_mmol(v: float) -> float:
    return v * 8.84


FORMATS = [
    Format("glucose", "血糖{v}", 0.5, 35, 1, _same, True),
    Format("glucose", "空腹血糖{v}mmol/L", 0.5, 50, 1, _same, True),
    Format("glucose", "餐后两小时血糖 {v} 毫摩尔/升", 0.5, 50, 2, _same, True),
    Format("glucose", "血糖{v}mg/dl", 20, 600, 0, _mgdl_glucose, True),
    Format("glucose", "my blood sugar was {v} mmol/L", 0.5, 50, 1, _same, False),
    Format("glucose", "fasting glucose {v} mg/dL", 20, 600, 0, _mgdl_glucose, False),
    Format("weight", "体重{v}公斤", 2, 350, 1, _same, True),
    Format("weight", "体重{v}斤", 4, 700, 0, _jin_to_kg, True),
    Format("weight", "体重{v}", 100, 700, 0, _jin_to_kg, True),  # unit-less Chinese weight >= 100 is 斤
    Format("weight", "称了一下{v}千克", 2, 350, 1, _same, True),
    Format("weight", "{v}kg", 2, 350, 1, _same, False),
    Format("weight", "{v}斤", 4, 700, 0, _jin_to_kg, True),
    Format("weight", "I weighed {v} kg", 2, 350, 1, _same, False),
    Format("weight", "weight {v} lbs", 5, 770, 0, _lb_to_kg, False),
    Format("weight", "{v} pounds", 5, 770, 0, _lb_to_kg, False),
    Format("hba1c", "糖化{v}%", 3, 20, 1, _same, True),
    Format("hba1c", "糖化血红蛋白{v}", 3, 20, 1, _same, True),
    Format("hba1c", "HbA1c {v}%", 3, 20, 1, _same, False),
    Format("hba1c", "a1c {v} mmol/mol", 10, 195, 0, _hba1c_ifcc, False),
    Format("potassium", "血钾{v}", 1.5, 10, 1, _same, True),
    Format("potassium", "potassium {v} mmol/L", 1.5, 10, 1, _same, False),
    Format("potassium", "K+ {v}", 1.5, 10, 1, _same, False),
    Format("egfr", "肾小球滤过率{v}", 10, 200, 0, _same, True),
    Format("egfr", "eGFR {v} ml/min/1.73m2", 1, 200, 0, _same, False),
    Format("uacr", "尿白蛋白肌酐比{v}mg/g", 0, 9999, 0, _same, True),
    Format("uacr", "uACR {v} mg/mmol", 0, 1131, 1, _uacr_mg_mmol, False),
    Format("ldl", "低密度{v}", 0.1, 20, 2, _same, True),
    Format("ldl", "LDL-C {v} mg/dL", 4, 773, 0, _mgdl_ldl, False, tolerance=0.0051),
    Format("heart_rate", "心率{v}", 20, 250, 0, _same, True),
    Format("heart_rate", "脉搏{v}次/分", 20, 250, 0, _same, True),
    Format("heart_rate", "heart rate {v} bpm", 20, 250, 0, _same, False),
    Format("heart_rate", "{v} bpm", 20, 250, 0, _same, False),
]
BP_FORMATS_ZH = ["血压{s}/{d}", "血压{s}比{d}", "高压{s}低压{d}", "收缩压{s}，舒张压{d}", "血压是{s}/{d}毫米汞柱"]
BP_FORMATS_EN = ["BP {s}/{d}", "blood pressure {s} over {d}", "my blood pressure was {s}/{d} mmHg", "{s}/{d}"]
PREFIX_ZH = ["", "医生你好，", "今天早上", "刚才量了，", "早上起来 "]
SUFFIX_ZH = ["", "，正常吗？", "。谢谢", "，有点担心", "!"]
PREFIX_EN = ["", "Hi doctor, ", "this morning ", "Just checked: "]
SUFFIX_EN = ["", ", is that ok?", ". Thanks", "!"]


@st.composite
def numerals(draw: st.DrawFn, value: float, decimals: int, zh: bool) -> str:
    styles = ["ascii", "full"]
    # A bare Chinese numeral counts only with 十/百/点 in it (一 in 一直 is no reading).
    if zh and value < 1000 and (value >= 10 or decimals):
        styles.append("chinese")
    style = draw(st.sampled_from(styles))
    text = f"{value:.{decimals}f}"
    if style == "full":
        return text.translate(_FULL_WIDTH)
    return chinese_numeral(value, decimals) if style == "chinese" else text


@st.composite
def written_readings(draw: st.DrawFn) -> tuple[str, Reading]:
    if draw(st.integers(0, 4)) == 0:
        return draw(written_blood_pressure())
    fmt = draw(st.sampled_from(FORMATS))
    step = 10**-fmt.decimals
    units = draw(st.integers(round(fmt.lo / step), round(fmt.hi / step)))
    value = round(units * step, fmt.decimals)
    body = fmt.template.format(v=draw(numerals(value, fmt.decimals, fmt.zh)))
    return _with_noise(draw, body, fmt.zh), Reading(fmt.kind, fmt.to_canonical(value), tolerance=fmt.tolerance)


@st.composite
def written_blood_pressure(draw: st.DrawFn) -> tuple[str, Reading]:
    zh = draw(st.booleans())
    template = draw(st.sampled_from(BP_FORMATS_ZH if zh else BP_FORMATS_EN))
    bare = template.startswith("{")  # a bare pair needs 70+/40+ to be read as a blood pressure
    diastolic = draw(st.integers(40 if bare else 30, 199))
    systolic = draw(st.integers(max(diastolic + 1, 70 if bare else 50), 300))
    s, d = draw(numerals(systolic, 0, zh and not bare)), draw(numerals(diastolic, 0, zh and not bare))
    return _with_noise(draw, template.format(s=s, d=d), zh), Reading("blood_pressure", None, systolic, diastolic)


def _with_noise(draw: st.DrawFn, body: str, zh: bool) -> str:
    prefix = draw(st.sampled_from(PREFIX_ZH if zh else PREFIX_EN))
    return prefix + body + draw(st.sampled_from(SUFFIX_ZH if zh else SUFFIX_EN))


@settings(max_examples=250, deadline=None)
@given(written_readings())
def test_written_reading_parses_back_to_its_canonical_value(case: tuple[str, Reading]) -> None:
    text, expected = case
    found = parse_measurements(text)
    assert len(found) == 1, (text, found)
    got = found[0]
    assert got.kind == expected.kind, (text, got)
    assert got.unit == OBSERVATION_KINDS[expected.kind].unit
    if expected.kind == "blood_pressure":
        assert (got.systolic, got.diastolic) == (expected.systolic, expected.diastolic), text
    else:
        assert got.value is not None and expected.value is not None
        assert got.value == pytest.approx(expected.value, abs=expected.tolerance), text


# ---------------------------------------------------------------- (c) not the member's own current reading

# A reading phrase without any person in it, so the frame around it decides whose and when it is.
PHRASES_ZH = ["血压{bp}", "血糖{g}", "体重{w}公斤", "心率{hr}"]
PHRASES_EN = ["blood pressure {bp}", "blood sugar {g}", "weight {w} kg", "heart rate {hr}"]
NOT_OWN_ZH = [
    "我爸{r}", "我妈今天{r}", "我老公早上{r}", "他{r}", "她刚才量的{r}",  # someone else
    "上个月{r}", "去年{r}", "三个月前{r}",  # past
    "如果{r}怎么办", "要是{r}要去医院吗", "比如{r}", "目标是{r}", "控制在{r}以下",  # hypothetical or a target
]
NOT_OWN_EN = [
    "my dad's {r}", "my wife's {r} this morning", "his {r}", "her {r} today",
    "last month my {r}", "two years ago my {r}", "in 2019 my {r}",
    "if my {r}, what should I do?", "what if my {r}?", "my target is {r}",
]
OWN_ZH = ["我今天{r}", "{r}", "刚才量的{r}", "我早上{r}"]
OWN_EN = ["my {r} today", "{r}", "this morning my {r}", "just now my {r}"]


@st.composite
def phrased(draw: st.DrawFn, frames_zh: list[str], frames_en: list[str]) -> tuple[str, str]:
    zh = draw(st.booleans())
    phrase = draw(st.sampled_from(PHRASES_ZH if zh else PHRASES_EN))
    frame = draw(st.sampled_from(frames_zh if zh else frames_en))
    diastolic = draw(st.integers(40, 130))
    numbers = {
        "bp": f"{draw(st.integers(diastolic + 20, 240))}/{diastolic}",
        "g": f"{draw(st.integers(20, 300)) / 10:.1f}",
        "w": f"{draw(st.integers(300, 1500)) / 10:.1f}",
        "hr": str(draw(st.integers(40, 180))),
    }
    if draw(st.booleans()):
        numbers = {k: v.translate(_FULL_WIDTH) for k, v in numbers.items()}
    kind = ("blood_pressure", "glucose", "weight", "heart_rate")[(PHRASES_ZH if zh else PHRASES_EN).index(phrase)]
    return frame.format(r=phrase.format(**numbers)), kind


@FAST
@given(phrased(NOT_OWN_ZH, NOT_OWN_EN))
def test_someone_elses_past_or_hypothetical_reading_is_not_recorded(case: tuple[str, str]) -> None:
    text, kind = case
    assert [m.kind for m in parse_measurements(text)] == [kind], text  # the number is read ...
    assert own_current_readings(text) == [], text  # ... but is not the member's own, current reading


@FAST
@given(phrased(OWN_ZH, OWN_EN))
def test_own_current_reading_is_recorded(case: tuple[str, str]) -> None:
    text, kind = case
    assert [m.kind for m in own_current_readings(text)] == [kind], text


@FAST
@given(st.sampled_from(["血糖低于{v}", "血糖不到{v}", "血糖{v}以下", "blood sugar below {v}", "sugar less than {v}",
                        "血糖超过{v}", "glucose over {v}"]),
       st.integers(20, 300))
def test_threshold_is_not_a_reading(template: str, tenths: int) -> None:
    text = template.format(v=f"{tenths / 10:.1f}")
    assert [m.kind for m in parse_measurements(text)] == ["glucose"]
    assert "comparator" in parse_measurements(text)[0].attributes
    assert own_current_readings(text) == [], text


# ---------------------------------------------------------------- (d) unit conversions agree


@FAST
@given(st.integers(20, 900))
def test_glucose_mg_dl_and_mmol_l_agree(mg_dl: int) -> None:
    via_mg = only_value(f"血糖{mg_dl}mg/dL")
    assert via_mg == pytest.approx(mg_dl / 18.0, abs=0.051)
    assert only_value(f"血糖{via_mg}mmol/L") == via_mg
    if mg_dl > 35:  # unit-less above 35: read as mg/dL
        assert only_value(f"blood sugar {mg_dl}") == via_mg
    assert convert("glucose", "mg/dL", mg_dl, chinese=False) == (via_mg, {})


@FAST
@given(st.integers(20, 900), st.integers(20, 900))
def test_glucose_conversion_keeps_order(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert only_value(f"glucose {low} mg/dL") <= only_value(f"glucose {high} mg/dL")


@FAST
@given(st.integers(5, 350))
def test_jin_pounds_and_kilograms_agree(amount: int) -> None:
    kg = only_value(f"体重{amount * 2}斤")
    assert kg == amount
    assert only_value(f"体重{kg}公斤") == kg == only_value(f"{kg} kg")
    if amount >= 50:  # a Chinese weight without unit from 100 on is 斤
        assert only_value(f"体重{amount * 2}") == kg
    from_lb = only_value(f"weight {amount} lb")
    assert from_lb == pytest.approx(amount * LB_KG, abs=0.051)
    assert only_value(f"{amount} pounds") == only_value(f"{amount}lbs") == from_lb


@FAST
@given(st.integers(20, 150))
def test_hba1c_ifcc_and_percent_agree(mmol_mol: int) -> None:
    percent = only_value(f"HbA1c {mmol_mol} mmol/mol")
    assert percent == pytest.approx(mmol_mol * 0.0915 + 2.15, abs=0.051)
    assert only_value(f"HbA1c {percent}%") == percent


def only_value(text: str) -> float:
    found = parse_measurements(text)
    assert len(found) == 1 and found[0].value is not None, (text, found)
    return found[0].value
