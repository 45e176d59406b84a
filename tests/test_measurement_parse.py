from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.measurements import ParsedMeasurement, parse_dose_report, parse_measurements, unlabelled_values
from coach.measurements.tokens import NUMBER_RE, number_at
from coach.members.vocabulary import BP_DIASTOLIC_RANGE, OBSERVATION_KINDS


def only(text: str) -> ParsedMeasurement:
    found = parse_measurements(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "systolic", "diastolic"),
    [
        ("血压200/120", 200, 120),
        ("血压 128／82", 128, 82),
        ("BP 150/95", 150, 95),
        ("高压150低压95", 150, 95),
        ("高压150，低压95", 150, 95),
        ("收缩压185 舒张压 95", 185, 95),
        ("my blood pressure was 150 over 95", 150, 95),
        ("血压180多/110", 180, 110),
        ("血压150/95/80", 150, 95),
        ("今天量的是150/95", 150, 95),
        ("血压一百八", 180, None),
        ("高压190", 190, None),
        ("高压一百八十五，低压一百一十五", 185, 115),
        ("收缩压二百，舒张压一百二", 200, 120),
        ("血压一百九十五比一百二十", 195, 120),
    ],
)
def test_blood_pressure(text: str, systolic: int, diastolic: int | None) -> None:
    m = only(text)
    assert (m.kind, m.systolic, m.diastolic, m.unit) == ("blood_pressure", systolic, diastolic, "mmHg")
    assert m.source_text == text[m.span[0] : m.span[1]]


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("体重72.5公斤", "weight", 72.5, "kg"),
        ("72.5kg", "weight", 72.5, "kg"),
        ("145斤", "weight", 72.5, "kg"),
        ("150 lb", "weight", 68.0, "kg"),
        ("I weighed 80 kg this morning", "weight", 80.0, "kg"),
        ("体重七十二点五公斤", "weight", 72.5, "kg"),
        ("血糖2.6", "glucose", 2.6, "mmol/L"),
        ("空腹血糖6.8", "glucose", 6.8, "mmol/L"),
        ("餐后血糖 11.2 mmol/L", "glucose", 11.2, "mmol/L"),
        ("sugar 126 mg/dL", "glucose", 7.0, "mmol/L"),
        ("blood sugar 400", "glucose", 22.2, "mmol/L"),  # > 35 without a unit: mg/dL
        ("血糖2点6", "glucose", 2.6, "mmol/L"),
        ("血糖3点多", "glucose", 3.0, "mmol/L"),
        ("糖化7.2%", "hba1c", 7.2, "%"),
        ("HbA1c 8.1", "hba1c", 8.1, "%"),
        ("a1c 53 mmol/mol", "hba1c", 7.0, "%"),
        ("血钾6.3", "potassium", 6.3, "mmol/L"),
        ("K 6.1", "potassium", 6.1, "mmol/L"),
        ("eGFR 45", "egfr", 45.0, "mL/min/1.73m2"),
        ("肾小球滤过率45", "egfr", 45.0, "mL/min/1.73m2"),
        ("尿白蛋白肌酐比 45", "uacr", 45.0, "mg/g"),
        ("低密度3.4", "ldl", 3.4, "mmol/L"),
        ("LDL 130 mg/dL", "ldl", 3.36, "mmol/L"),
        ("心率 120", "heart_rate", 120.0, "bpm"),
        ("脉搏 40", "heart_rate", 40.0, "bpm"),
        ("心跳一百二", "heart_rate", 120.0, "bpm"),
    ],
)
def test_single_value_kinds(text: str, kind: str, value: float, unit: str) -> None:
    m = only(text)
    assert (m.kind, m.unit) == (kind, unit)
    assert m.value == pytest.approx(value, abs=0.05)


@pytest.mark.parametrize(
    ("text", "kg", "days"),
    [
        ("三天涨了2.5公斤", 2.5, "3"),
        ("三天重了5斤", 2.5, "3"),
        ("两天胖了3斤", 1.5, "2"),
        ("3天内体重增加2.5kg", 2.5, "3"),
        ("体重比三天前重了2.5公斤", 2.5, "3"),
        ("这三天体重从65涨到68公斤", 3.0, "3"),
        ("一周涨了3公斤", 3.0, "7"),
        ("gained 3 kg in 2 days", 3.0, "2"),
        ("in the last 3 days I've gained 2.5 kg", 2.5, "3"),
        ("up 4 lbs since Friday (2 days)", 1.8, "2"),
        ("weight jumped 6 lbs in 3 days", 2.7, "3"),
        ("up 2 kg since yesterday", 2.0, "1"),
        ("胖了5斤，才三天", 2.5, "3"),
        ("两天前70公斤，今天72.5公斤", 2.5, "2"),
        ("68 kg 3 days ago, now 70.5 kg", 2.5, "3"),
    ],
)
def test_weight_change_phrases(text: str, kg: float, days: str) -> None:
    m = only(text)
    assert m.kind == "weight_gain"
    assert m.value == pytest.approx(kg)
    assert m.attributes["days"] == days


@pytest.mark.parametrize(
    "text",
    [
        "二甲双胍500mg",
        "阿司匹林100毫克，每天一次",
        "胰岛素打了12个单位",
        "8点测的血糖",
        "2024年体检",
        "我的电话是13812345678",
        "血糖仪用了3年",
        "血压药吃了2片",
        "血压计200块",
        "血糖一直很高",
        "今天是2024/05/12",
        "12/25",
        "体重减了3公斤",
        "I lost 3 kg",
        "the 5k run",
        "今天走了8000步",
    ],
)
def test_not_readings(text: str) -> None:
    assert parse_measurements(text) == []


@pytest.mark.parametrize(
    "text",
    ["血压500/300", "血糖80mmol/L", "体重1000公斤", "血钾20", "心率400", "血压120/130", "糖化35%"],
)
def test_implausible_values_are_dropped(text: str) -> None:
    assert parse_measurements(text) == []


def test_clock_time_is_skipped_before_the_reading() -> None:
    m = only("血糖8点测的是6.5")
    assert (m.kind, m.value) == ("glucose", 6.5)


def test_two_readings_and_spans() -> None:
    text = "空腹血糖6.8，餐后11.2"
    found = parse_measurements(text)
    assert [m.value for m in found] == [6.8, 11.2]
    for m in found:
        assert text[m.span[0] : m.span[1]] == m.source_text


def test_threshold_comparator_is_marked() -> None:
    m = only("血糖 3.9mmol/L以下")
    assert m.attributes["comparator"] == "<"


def test_transition_keeps_the_latest_value() -> None:
    m = only("血糖从15降到6.2")
    assert m.value == 6.2
    assert m.attributes["from"] == "15.0"


@pytest.mark.parametrize(
    ("text", "value", "previous"),
    [("eGFR三个月从48掉到32了", 32.0, "48.0"), ("egfr went from 40 down to 28", 28.0, "40.0"), ("滤过率从55跌到40", 40.0, "55.0")],
)
def test_falls_are_transitions(text: str, value: float, previous: str) -> None:
    m = only(text)
    assert (m.kind, m.value, m.attributes["from"]) == ("egfr", value, previous)


@pytest.mark.parametrize(
    ("text", "value"),
    [("早上 fasting 3.6", 3.6), ("meter says 21.3 after dinner", 21.3), ("glucometer 4.2", 4.2), ("血糖仪显示5.8", 5.8),
     ("CGM 2.9 overnight", 2.9)],
)
def test_meter_and_fasting_keywords(text: str, value: float) -> None:
    m = only(text)
    assert (m.kind, m.value) == ("glucose", value)


def test_meter_needs_a_reading_verb() -> None:
    assert parse_measurements("walked 500 meters, then a 3.5 km jog") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("测了一下3.1", 3.1), ("刚扎了手指，2.6", 2.6), ("checked it and got 2.7", 2.7), ("测出来三点二", 3.2),
     ("tested at 250 mg/dl", 13.9), ("reading of 26 on my meter", 26.0)],
)
def test_unlabelled_values(text: str, value: float) -> None:
    found = unlabelled_values(text)
    assert [round(v.value, 1) for v in found] == [value]
    assert parse_measurements(text) == [] or all(m.kind == "glucose" for m in parse_measurements(text))


@pytest.mark.parametrize("text", ["量了一下37.8", "测了3次", "测了一下血压", "checked 12 times", "reading of 26"])
def test_unlabelled_values_skip_other_numbers(text: str) -> None:
    assert unlabelled_values(text) == []


def test_range_gives_both_ends() -> None:
    values = [m.value for m in parse_measurements("血糖在2.8到3.5之间")]
    assert values == [2.8, 3.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", True),
        ("已吃", True),
        ("吃了", True),
        ("吃过了", True),
        ("took my pills", True),
        ("taken", True),
        ("2", False),
        ("还没", False),
        ("没吃", False),
        ("忘了吃", False),
        ("missed", False),
        ("forgot this morning", False),
        ("你好", None),
        ("what is this?", None),
        ("", None),
    ],
)
def test_parse_dose_report(text: str, expected: bool | None) -> None:
    assert parse_dose_report(text) is expected


_ALPHABET = st.sampled_from(
    [
        *"0123456789./:-％%／ \u3000，。！？kgmlbK血压糖钾体重斤公天涨三两点多十百一二高低压over ",
        *("mmol/L", "mg/dL", "公斤", "血糖", "血压", "体重", "sugar", "BP", "三天涨了", "weighed", "\n"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=30).map("".join)))
def test_parse_never_raises_and_stays_plausible(text: str) -> None:
    for m in parse_measurements(text):
        assert text[m.span[0] : m.span[1]] == m.source_text
        if m.kind == "blood_pressure":
            if m.systolic is not None:
                assert 50 <= m.systolic <= 300
            if m.diastolic is not None:
                assert BP_DIASTOLIC_RANGE[0] <= m.diastolic <= BP_DIASTOLIC_RANGE[1]
        elif m.kind == "weight_gain":
            assert m.value is not None and 0 < m.value <= 50
        else:
            spec = OBSERVATION_KINDS[m.kind]
            assert m.value is not None and spec.low is not None and spec.high is not None
            assert spec.low <= m.value <= spec.high
    parse_dose_report(text)


@pytest.mark.parametrize(("text", "numbers"), [("2.5点3", [2.5, 3.0]), ("0.0点0", [0.0, 0.0]), ("2点6", [2.6])])
def test_dian_is_a_decimal_point_only_after_a_whole_number(text: str, numbers: list[float]) -> None:
    tokens = [number_at(m, text) for m in NUMBER_RE.finditer(text)]
    assert [t.value for t in tokens if t is not None] == numbers


@pytest.mark.parametrize("text", ["血糖2.5点3", "测了一下2.5点3", "2.5点3kg"])
def test_decimal_followed_by_dian_digit_does_not_crash(text: str) -> None:
    # These raised ValueError("could not convert string to float: '2.5.3'").
    assert all(text[m.span[0] : m.span[1]] == m.source_text for m in parse_measurements(text))
    assert unlabelled_values(text) == []


@pytest.mark.parametrize("text", ["150/95.", "My reading today: 150/95. Is that high?", "量了一下是150/95."])
def test_bare_pair_before_a_full_stop_is_a_blood_pressure(text: str) -> None:
    m = only(text)
    assert (m.kind, m.systolic, m.diastolic) == ("blood_pressure", 150, 95)


@pytest.mark.parametrize("text", ["150/95.5", "version 120/80.1"])
def test_bare_pair_with_a_decimal_is_not_a_blood_pressure(text: str) -> None:
    assert parse_measurements(text) == []


@pytest.mark.parametrize(("text", "pair"), [("今朝量咗血压148 94", (148, 94)), ("bp 145 92 hr 70", (145, 92)),
                                            ("血压 132 86 mmHg", (132, 86))])
def test_two_numbers_after_a_blood_pressure_word_with_a_space_between_are_a_pair(text: str, pair: tuple[int, int]) -> None:
    bp = next(m for m in parse_measurements(text) if m.kind == "blood_pressure")
    assert (bp.systolic, bp.diastolic) == pair


@pytest.mark.parametrize("text", ["血压148 心率78", "血压150-160", "高压148", "我血压150 60岁了正常吗", "血压量了三次 150 140 145",
                                  "bp was 150 90 minutes after my pill", "我爸血压160 80多岁了"])
def test_a_single_number_or_a_range_is_not_made_a_pair(text: str) -> None:
    bp = next(m for m in parse_measurements(text) if m.kind == "blood_pressure")
    assert bp.diastolic is None


@pytest.mark.parametrize(("text", "kg"), [("今朝磅咗63.1", 63.1), ("早上上秤62.9", 62.9)])
def test_cantonese_and_colloquial_words_for_weighing_label_a_weight(text: str, kg: float) -> None:
    m = only(text)
    assert (m.kind, m.value) == ("weight", kg)


def test_a_pound_is_not_a_weighing() -> None:
    assert parse_measurements("一磅是多少公斤") == []
