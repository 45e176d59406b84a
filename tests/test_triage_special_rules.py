"""Rules for the reason codes that had none (blind12, 2026-12-07), and the frames that caused its false alarms.

Every message here is a paraphrase written for the test, not a line of the blind set.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message
from coach.triage.temperature import temperature_readings
from coach.triage.text import normalise

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
E, U, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.ROUTINE


def member(age: int = 55, conditions: tuple[str, ...] = (), drugs: tuple[str, ...] = ()) -> MemberSnapshot:
    return MemberSnapshot(member_id=3, sex="F", birth_date=date(NOW.year - age, 3, 1), conditions=frozenset(conditions),
                          medications=tuple(MedicationRecord(name=d, drug_class=d) for d in drugs), observations=())


def assert_quiet(text: str) -> None:
    """No ticket: nothing, or at most a routine note."""
    got, reasons = level(text)
    assert got is None or got is R, (got, reasons)


def level(text: str, m: MemberSnapshot | None = None) -> tuple[TriageLevel | None, tuple[str, ...]]:
    result = triage_message(text, TriageContext(member=m if m is not None else member(), now=NOW))
    return result.level, result.reasons


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        # pregnancy
        ("我老婆怀孕33周了，头疼得厉害，眼前直冒金星，刚量血压168/112", E, "pregnancy"),
        ("She's 30 weeks and bleeding from down there, quite a lot", E, "pregnancy"),
        ("孕36周，今天胎动明显比平时少", U, "pregnancy"),
        ("例假推迟了两周，今天右下腹一阵阵剧痛", E, "pregnancy"),
        # fever and sepsis
        ("我爸尿路感染好几天了，今天体温只有34.6，说话颠三倒四", E, "sepsis"),
        ("Mum has a fever and is confused and breathing really fast", E, "sepsis"),
        # a small child
        ("宝宝才5周大，今天量体温38.2度", E, "child_illness"),
        ("My 2 year old has a fever and is floppy, won't wake properly", E, "child_illness"),
        # sick days
        ("在吃呋塞米，昨天开始拉肚子，今天站起来头晕", U, "dehydration"),
        ("He's on water tablets, vomiting since last night and just fainted when he got up from the toilet", E,
         "dehydration"),
        # carbon monoxide, bowel obstruction, bleeding on a blood thinner
        ("屋里生了一夜煤炉，早上起来全家都头疼想吐", E, "poisoning"),
        ("肚子绞着疼，吐了三回，从昨天起没排便也没放屁", E, "acute_abdomen"),
        ("吃着利伐沙班，这两天老流鼻血，腿上好几块淤青", U, "bleeding"),
    ],
)
def test_reason_codes_that_had_no_rule(text: str, expected: TriageLevel, reason: str) -> None:
    got, reasons = level(text)
    assert got is expected, (got, reasons)
    assert reason in reasons


@pytest.mark.parametrize(
    "text",
    [
        "怀孕28周，产检一切正常，想问能不能吃点坚果",
        "Is it safe to fly when you're 20 weeks pregnant?",
        "上礼拜发烧38度，吃了药早就退了，现在胃口也好",
        "宝宝两岁了，今天打完疫苗有点闹，不发烧",
        "I had the runs after a curry last night, all settled now, no dizziness",
        "冬天家里烧炭火盆取暖安全吗？",
        "刷牙的时候用力过猛，牙龈出了一点血",  # no blood thinner
    ],
)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert_quiet(text)


def test_a_fever_of_39_is_urgent_only_in_the_high_risk_groups() -> None:
    assert level("发烧39.4度，有点发冷", member(60, ("ckd",)))[0] is U
    assert level("发烧39.4度，有点发冷", member(45))[0] is None


def test_temperatures_are_read_from_words_and_units_but_not_from_the_weather() -> None:
    values = [r.value for r in temperature_readings(normalise("体温三十九度二，昨天是38.5℃"), "x" * 40)]
    assert 38.5 in values
    assert temperature_readings(normalise("今天39度，热死了"), "x" * 20) == []
    assert [r.value for r in temperature_readings(normalise("temp 34.9 this morning"), "x" * 30)] == [34.9]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我是个心衰病人，这两天体重从58公斤涨到60.6公斤", U),  # naming one's own illness is not "someone else"
        ("血氧仪显示87，走几步就喘", E),
        ("the oximeter says 86 and I'm puffing", E),
        ("血钾5.8，没什么感觉", U),  # knowledge item 28: 5.5–5.9 is same day
        ("血钾5.8，医生已经看过了，让我少吃橙子", R),  # seen and advised on by the doctor
        ("胸口发闷快半小时了，左边下巴也跟着发酸", E),
    ],
)
def test_readings_and_signs_blind12_misjudged(text: str, expected: TriageLevel) -> None:
    assert level(text)[0] is expected


@pytest.mark.parametrize(
    "text",
    [
        "前晚梦见自己心梗了，胸口疼得要命，吓醒了，现在好好的",
        "刚追完一部剧，里面的老太太突然中风说不出话，现实中会这么快吗",
        "《父母爱情》里那个老头胸口一疼就倒了，看得我直掉眼泪",
        "2018年脑梗过一次，现在右腿还是有点拖，一直都这样，想问能不能去爬山",
        "His seizure was back in 2015, and none since. Can he drive?",
        "房贷车贷压得我喘不过气来",
        "楼上装修吵得我脑壳都要炸了",
        "电脑又死机了，真是不想活了😂",
        "基金亏到想死，算了不看了",
    ],
)
def test_frames_blind12_escalated_stay_quiet(text: str) -> None:
    assert_quiet(text)


@pytest.mark.parametrize(
    "text",
    [
        "梦见我爸中风了，醒来发现他真的嘴歪了，说话不清",
        "看电视剧的时候我妈突然说胸口疼，一直出冷汗",
        "左腿没劲一直都这样，今天突然完全抬不起来了",
        "手机卡死了，其实是我真的不想活了，药都攒好了",
    ],
)
def test_the_same_frames_never_hide_a_real_emergency(text: str) -> None:
    assert level(text)[0] is E


@pytest.mark.parametrize("text", ["忘了吃一次药，会不会引起脑梗啊", "does skipping a dose cause a heart attack?"])
def test_a_disease_asked_about_as_a_risk_is_not_a_report(text: str) -> None:
    assert level(text)[0] is None


@pytest.mark.parametrize("text", ["我妈刚才突然嘴歪了，会不会是中风", "胸口压着疼二十分钟了，会不会是心梗"])
def test_a_symptom_beside_the_risk_question_still_calls_120(text: str) -> None:
    assert level(text)[0] is E


def test_a_fall_on_a_blood_thinner_is_same_day_unless_it_was_days_ago_and_healing() -> None:
    thinned = member(79, ("atrial_fibrillation",), ("anticoagulant",))
    assert level("昨天在厨房滑倒了，屁股着地，头没碰到", thinned)[0] is U
    assert level("上周在厨房滑倒了，屁股着地，现在淤青快消了", thinned)[0] in (None, R)
    assert level("knocked my forehead on the door frame when I fell this morning", thinned)[0] is E


def test_a_reading_after_a_comma_from_yesterday_that_settled_is_not_urgent() -> None:
    diabetic = member(62, ("diabetes",), ("insulin",))
    assert level("前天半夜低了一回血糖，3.2，喝了果汁很快就好了", diabetic)[0] in (None, R)
    assert level("血糖，2.9，手抖冒冷汗", diabetic)[0] is E


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Been coughing up blood since this morning, I'm on warfarin", E),
        ("咳出来一大口鲜血，还有点喘", E),
        ("今天咳了两次血", U),
        ("感冒一周了，痰里偶尔有几条血丝", R),
    ],
)
def test_coughing_up_blood_by_amount_breath_and_blood_thinner(text: str, expected: TriageLevel) -> None:
    assert level(text)[0] is expected


@pytest.mark.parametrize(
    "text",
    [
        "Spring hay fever again, any non-drowsy tablets you'd suggest?",
        "She's been seizure-free for four years now, can she stop the tablets?",
        "I went blind with fury at that referee",
        "Did chest presses at the gym and strained a pec, it hurts when I press on it, breathing's fine",
        "流了好多鼻血，咽下去一些，刚才吐出来带血，现在止住了",
        "剧里那个大爷一下子就中风了，现实中会来得这么快吗",
    ],
)
def test_look_alikes_blind13_escalated_stay_quiet(text: str) -> None:
    assert_quiet(text)
