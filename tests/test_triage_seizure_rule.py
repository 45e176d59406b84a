"""The seizure rule (GUIDE: a fit going on, over 5 minutes, or a first fit in an adult is an emergency; a known
epileptic's usual short fit with full recovery is urgent) and readings the rules could not read before this session:
a tongue "fat" for the mouth, a baby's age in weeks, a diabetic's diary of bare sugars, swelling creeping up the legs,
and a past event set off by a dash."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
E, U = TriageLevel.EMERGENCY, TriageLevel.URGENT


def triage(text: str, conditions: frozenset[str] = frozenset(), drugs: tuple[str, ...] = ()) -> tuple[TriageLevel | None, list[str]]:
    member = MemberSnapshot(member_id=7, sex="F", birth_date=date(1960, 4, 1), conditions=conditions,
                            medications=tuple(MedicationRecord(name=d, drug_class=d) for d in drugs), observations=())
    result = triage_message(text, TriageContext(member=member, now=NOW))
    return result.level, [f.reason for f in result.findings]


@pytest.mark.parametrize("text", [
    "my husband is having a seizure right now", "我老公突然倒在地上全身抽，嘴里吐白沫，现在还在抽",
    "My brother is epileptic，今天这次已经抽了快八分钟了还没停", "mum's fit has gone on 7 minutes",
    "My 45 year old brother just had a fit for the first time ever, he's never had epilepsy",
    "老伴以前没这毛病，刚才突然全身一抽一抽的，现在睡过去了",
    "my sister is epileptic but this fit has been going on for about 7 minutes",
])
def test_a_fit_going_on_long_or_first_is_an_emergency(text: str) -> None:
    level, reasons = triage(text)
    assert level is E and "seizure" in reasons


@pytest.mark.parametrize("text", [
    "my daughter is epileptic, she had one of her usual seizures this morning, lasted a minute, back to normal now",
    "I'm epileptic, had one of my usual short seizures this morning, back to normal now",
    "俺闺女羊角风又犯了一回 一会儿就过去了 跟以前一样 这会儿挺好",
])
def test_a_known_epileptics_usual_fit_that_has_passed_is_urgent(text: str) -> None:
    assert triage(text) == (U, ["seizure"])


@pytest.mark.parametrize("text", [
    "he threw a fit when we took his phone", "had a fit of laughter at the show", "我爸抽烟抽了五十年",
    "晚上小腿抽筋疼醒，揉一揉就好了", "my son had a seizure last year, he's fine now",
    "what should I do if someone has a seizure in front of me?", "my laptop is having a fit again, freezing every five minutes",
    "my mum will have a fit when she sees my tattoo 😂", "my wife nearly had a fit when she saw I'd bought another fishing rod",
    "护士说明天早上抽血，要空腹",
])
def test_outrage_cramps_smoking_past_fits_and_questions_are_not_seizures(text: str) -> None:
    assert triage(text)[0] is None


@pytest.mark.parametrize(("text", "drugs"), [
    ("Top lip has ballooned and my tongue feels fat and clumsy, could it be the ramipril?", ("ace_inhibitor",)),
    ("吃了新药以后舌头变厚了", ()),
    ("my tongue feels fat and I can't swallow after the dentist's injection", ()),
])
def test_lips_and_tongue_swelling_in_other_words_is_angio_oedema(text: str, drugs: tuple[str, ...]) -> None:
    level, reasons = triage(text, drugs=drugs)
    assert level is E and "anaphylaxis" in reasons


def test_a_tongue_numb_and_thick_from_the_dentists_injection_is_not() -> None:
    assert triage("my tongue feels fat after the dentist's injection")[0] is None


def test_a_baby_aged_in_weeks_with_a_fever_is_an_emergency() -> None:
    assert triage("娃八个星期大，发烧38.3，吃奶还行") == (E, ["child_illness"])


def test_a_diabetics_diary_of_bare_sugars_is_read_as_glucose() -> None:
    diabetes = frozenset({"diabetes"})
    assert triage("还是那样，睡前17.2，早上16.9，没吐也没啥难受", diabetes) == (U, ["hyperglycaemia"])
    assert triage("睡前7.2，早上6.9，挺稳的", diabetes)[0] is None
    assert triage("早上36.8，不烧了", diabetes)[0] is None  # a temperature, not a sugar


@pytest.mark.parametrize("text", ["Still the same as before, the swelling in my legs keeps creeping higher, up to the knees now",
                                  "还是老样子，腿肿往上走了，肿到膝盖了"])
def test_swelling_creeping_up_the_legs_in_heart_failure_is_not_a_baseline(text: str) -> None:
    assert triage(text, frozenset({"heart_failure"})) == (U, ["heart_failure_decompensation"])


def test_a_dash_sets_a_past_stroke_apart_from_todays_reading() -> None:
    assert triage("My BP was 190/120 the day of my stroke back in 2017 — today it's 128/80, finally under control!")[0] is None
    assert triage("My BP was 130/80 last week — today it's 190/120 and my face is drooping")[0] is E


def test_a_device_read_out_keeps_its_blood_pressure_beside_hr() -> None:
    from coach.measurements import parse_measurements

    kinds = [m.kind for m in parse_measurements("[血压计] 182/112 HR 76 没头疼")]
    assert kinds == ["blood_pressure", "heart_rate"]
    assert triage("[血压计] 182/112 HR 76 没头疼 没胸闷 啥感觉没有 就是数高") == (U, ["hypertensive_crisis"])
    assert [m.kind for m in parse_measurements("sugar 7.8 2 hrs after lunch")] == ["glucose"]  # hours after a number


def test_a_head_knock_without_a_fall_at_80_or_on_a_blood_thinner() -> None:
    old = MemberSnapshot(member_id=8, sex="M", birth_date=date(1944, 1, 1), conditions=frozenset(), medications=(),
                         observations=())
    assert triage_message("knocked my head on the cupboard, small bump", TriageContext(member=old, now=NOW)).level is U
    assert triage("bumped my head on the kitchen shelf, I'm on apixaban, feel fine", drugs=("anticoagulant",))[0] is E
    assert triage("bumped my head on the kitchen shelf, a bit sore")[0] is None  # 66, no blood thinner


def test_a_fever_of_39_after_chemotherapy_and_distorted_vision_are_seen_today() -> None:
    assert triage("化疗完第十天 发烧39度") == (U, ["sepsis"])
    assert triage("看直线都是弯的 门框都歪了 就这几天的事") == (U, ["vision_loss"])
    assert triage("我把画挂歪了，门框也有点歪")[0] is None


@pytest.mark.parametrize("text", ["我妹在天台 send message 话 she's going to jump, 我而家赶过去 what should I do",
                                  "he's threatening to jump off the bridge", "她说要跳楼"])
def test_someone_saying_they_will_jump_is_an_emergency(text: str) -> None:
    assert triage(text) == (E, ["suicide_risk"])


@pytest.mark.parametrize("text", ["my son is going to jump into the pool, is chlorine ok for eczema?",
                                  "the kids are gonna jump on the trampoline", "孩子说要跳绳"])
def test_jumping_into_a_pool_or_with_a_rope_is_not(text: str) -> None:
    assert triage(text)[0] is None


def test_forgetting_a_dose_was_taken_and_taking_it_again_is_an_extra_dose() -> None:
    assert triage("早上吃了降压药 忘记了 中午又吃了一次 现在感觉还好 要紧吗") == (U, ["poisoning"])
    assert triage("早上吃了饭 忘记了 中午又吃了一次")[0] is None  # a meal, not a medicine
    assert triage("早上忘了吃降压药 中午再吃一次行吗")[0] is None  # a missed dose asked about
