"""Found by blind22 and blind_p (measured once, then opened): wording the coach misread.

- "Never thought of it" after the thought (轻生倒是没想过) denies it, as "没有" already did.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADULT = MemberSnapshot(member_id=1, sex="F", birth_date=date(1952, 3, 1), conditions=frozenset(), medications=(),
                       observations=())


def level(text: str) -> TriageLevel | None:
    return triage_message(text, TriageContext(member=ADULT, now=NOW)).level


@pytest.mark.parametrize("text", ["轻生倒是没想过，就是一个人闷得慌", "不想活那种念头倒没想过", "自杀是没想过 就是没意思"])
def test_not_having_thought_of_it_after_the_thought_denies_it(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["我想过轻生", "有时候想自杀，没跟别人说过", "轻生的事我想过好几回了"])
def test_having_thought_of_it_still_escalates(text: str) -> None:
    assert level(text) is not None


def test_two_numbers_said_without_a_pause_are_one_blood_pressure() -> None:
    from coach.measurements.parse import parse_measurements
    (bp,) = parse_measurements("早上量了血压一百三十二八十五")
    assert (bp.systolic, bp.diastolic) == (132, 85)
    assert level("有点累 血压一百三十二八十五 别的都好") is None  # not a crisis read as "200"
    assert level("血压一百九十二一百一十五 头痛得厉害") is not None


def test_an_ill_formed_run_of_numerals_is_not_read_as_one_number() -> None:
    from coach.measurements.numerals import cn_int
    assert cn_int("一百二十五八十") is None and cn_int("一百零五") == 105 and cn_int("一百八") == 180


def test_voice_input_homophones_of_the_reading_word_are_read() -> None:
    from coach.measurements.parse import parse_measurements
    (sugar,) = parse_measurements("血唐三点一 手抖出汗")
    assert sugar.kind == "glucose" and sugar.value == 3.1
    assert parse_measurements("中午吃了血鸭 好吃") == []  # a dish, not a reading word


@pytest.mark.parametrize("text", ["早几年我们楼里有人吃错了药", "we were laughing so hard at his jokes that I couldn't breathe 😂"])
def test_a_story_from_years_ago_or_a_laugh_is_not_a_red_flag(text: str) -> None:
    assert level(text) is None


def test_a_poisoning_in_the_village_years_ago_is_history() -> None:
    assert level("前些年邻村有人喝了农药 我们家的药怎么放安全") is None
    assert level("我刚喝了农药") is not None


def test_a_reading_on_ones_watch_is_not_something_to_watch_for() -> None:
    assert level("pulse 131 on my watch for the last 40 minutes, resting in bed") == TriageLevel.URGENT
    assert level("what should I watch for after starting warfarin?") is None


def test_wu_words_are_read_as_mandarin_and_keep_their_length() -> None:
    from coach.triage.dialect import read_as_mandarin
    said = "侬晓得伐 阿拉早浪药吃脱了 伊额血压老高额"
    read = read_as_mandarin(said)
    assert len(read) == len(said)
    assert "知道" in read and "早上" in read and "吃了" in read and "他的血压" in read and "你" in read
    assert read_as_mandarin("额头磕了一下 有点脱水") == "额头磕了一下 有点脱水"  # the forehead and dehydration stay


def test_a_medicine_of_ones_own_misheard_by_voice_input_is_still_named() -> None:
    from coach.dialogue.content import load_content
    from coach.dialogue.topics import own_drug_misspelt
    from coach.settings import REPO_ROOT
    drugs = {d.id: d for d in load_content(REPO_ROOT / "knowledge").drugs}
    assert own_drug_misspelt("昨天二甲双瓜忘了吃", [drugs["metformin"]]) is drugs["metformin"]
    assert own_drug_misspelt("阿托发他丁吃了腿酸", [drugs["atorvastatin"]]) is drugs["atorvastatin"]
    assert own_drug_misspelt("今天吃了饭没吃药", [drugs["metformin"], drugs["atorvastatin"]]) is None


@pytest.mark.parametrize("text", ["what fruits are lower in sugar for my dad?", "any low-sugar biscuits for diabetics?"])
def test_a_foods_sugar_content_is_not_a_low_sugar(text: str) -> None:
    assert level(text) is None


def test_a_low_sugar_felt_now_still_escalates() -> None:
    assert level("shaky and sweaty, think my sugar is low") is not None


@pytest.mark.parametrize("text", ["那么哪能弄才记得牢", "怎样才能记牢按时吃药"])
def test_asking_how_to_remember_in_wu_or_mandarin_asks_for_the_habit(text: str) -> None:
    from coach.dialogue.acts import normalise
    from coach.dialogue.pharmacist import HOW_NOT_TO_FORGET
    assert HOW_NOT_TO_FORGET.search(normalise(text))


@pytest.mark.parametrize("text", ["tripped over the step, my wrist is swollen and sore to move", "我儿子打球摔了一跤 手腕肿了"])
def test_a_fall_with_a_possible_fracture_is_urgent_at_any_age(text: str) -> None:
    assert level(text) == TriageLevel.URGENT


def test_a_fall_with_a_graze_only_is_not_urgent() -> None:
    assert level("孙子打球摔了一跤 膝盖擦破点皮 贴了创可贴") in (None, TriageLevel.ROUTINE)


@pytest.mark.parametrize(("text", "expected"), [
    ("tummy bug since yesterday, can't keep any fluids down, hardly peed all day and dizzy standing up",
     TriageLevel.EMERGENCY),
    ("on frusemide, been vomiting all morning and feeling giddy", TriageLevel.URGENT),
    ("大便里好多鲜血 头晕眼花", TriageLevel.EMERGENCY),
])
def test_losing_fluid_or_blood_with_faintness_is_read_in_other_words(text: str, expected: TriageLevel) -> None:
    assert level(text) == expected


def test_giddy_with_excitement_is_not_dizziness() -> None:
    assert level("the kids are giddy with excitement about the holidays") is None


@pytest.mark.parametrize(("text", "value"), [("这几天血糖老是十四十五", 15.0), ("空腹血糖十七八", 18.0), ("血糖天天十五六", 16.0)])
def test_a_number_and_the_next_said_together_read_as_the_higher(text: str, value: float) -> None:
    from coach.measurements.parse import parse_measurements
    (sugar,) = parse_measurements(text)
    assert sugar.value == value and sugar.attributes.get("approx") == "true"


def test_a_number_said_in_full_is_not_split() -> None:
    from coach.measurements.parse import parse_measurements
    (bp,) = parse_measurements("血压一百九十 头疼")
    assert (bp.systolic, bp.diastolic) == (190, None)


def test_a_simile_with_someone_in_it_is_still_the_members_symptom() -> None:
    assert level("头疼得像有人拿锤子敲 眼前发黑 血压一百九十八") is not None
    assert level("胸口像有人压着 喘不上气 出冷汗") == TriageLevel.EMERGENCY


def test_tired_and_low_together_is_low_mood_not_a_symptom_question() -> None:
    from coach.dialogue.acts import classify
    assert classify("to be honest I'm worn out and low most days", has_topic_words=False).act == "emotional"
    assert classify("I'm tired after walking, is that the statin?", has_topic_words=True).act != "emotional"


# Found by the review of this change (each was a regression before it was fixed):
@pytest.mark.parametrize("text", ["天天想自杀没打算", "经常想死 没打算过 就是累", "我真想死没想到会这么难"])
def test_no_plan_or_surprise_after_a_thought_of_self_harm_does_not_deny_it(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


@pytest.mark.parametrize("text", ["胸口剧痛没打算 叫救护车", "突然胸口剧痛没想到 吓死我了"])
def test_never_thought_denies_only_a_thought(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


@pytest.mark.parametrize(("said", "pair"), [("血压一百八十九十五", (180, 95)), ("血压一百七十九十八", (170, 98)),
                                            ("血压一百八十一百", (180, 100)), ("血压两百一十一百二十", (210, 120))])
def test_two_numbers_run_together_split_where_they_make_a_blood_pressure(said: str, pair: tuple[int, int]) -> None:
    from coach.measurements.parse import parse_measurements
    (bp,) = parse_measurements(said)
    assert (bp.systolic, bp.diastolic) == pair


@pytest.mark.parametrize(("said", "kind", "value"), [("心率一百五六十", "heart_rate", 160.0), ("心跳三四十", "heart_rate", 40.0),
                                                     ("体重三天长了四五斤", "weight_gain", 2.5)])
def test_ranges_said_in_tens_and_hundreds_read_as_the_higher(said: str, kind: str, value: float) -> None:
    from coach.measurements.parse import parse_measurements
    (reading,) = parse_measurements(said)
    assert (reading.kind, reading.value) == (kind, value)


def test_a_range_in_hundreds_is_not_a_pair() -> None:
    from coach.measurements.parse import parse_measurements
    (bp,) = parse_measurements("血压一百七八十 头晕")
    assert (bp.systolic, bp.diastolic) == (180, None)


@pytest.mark.parametrize("text", ["laughed so hard I cried, but now I can't breathe", "laughing so hard he choked on food and can't breathe",
                                  "low sugar snacks didn't help, I feel shaky sweaty and confused",
                                  "Woke up with a husky voice, crushing chest pain and sweating", "有人在吗 胸口好痛 出冷汗"])
def test_what_the_masks_and_markers_must_not_hide(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


def test_the_act_reader_chooses_only_acts_whose_sign_is_there() -> None:
    from coach.dialogue.acts import classify
    assert classify("早上测了", has_topic_words=False).act != "greeting"
    assert classify("今天的血压", has_topic_words=True).act != "reading_report"
    assert classify("晚安 今天头晕了一天", has_topic_words=False).act not in ("small_talk", "thanks")
