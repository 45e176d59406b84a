"""Found by blind20 and blind_n (measured once, then opened): words that are not a report, and red-flag words
that still are.

- A denial after the thing denied (寻死那种想法没有, 胸闷那倒没有) negates it, but a sign that is itself an
  absence (没有放屁 … 也没有) is not undone by the 没有 that follows it.
- A named disease someone died of (脑出血走了, died of a heart attack) is family history, not an event.
- What a drama or a role-play shows is not the writer's symptom (the news already was not).
- Sticky weather that "makes one unable to breathe" (闷得人透不过气) is weather.
- Someone else's figure of speech counts as one only in quotation marks.
- 脑壳 / 脑瓜 is the head in south-western and northern Mandarin.
Each benign reading has a current report beside it that still escalates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message
from coach.triage.screen import read_screen_answer

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADULT = MemberSnapshot(member_id=1, sex="M", birth_date=date(1968, 3, 1), conditions=frozenset(), medications=(),
                       observations=())
ON_ANTICOAGULANT = MemberSnapshot(
    member_id=2, sex="F", birth_date=date(1950, 5, 1), conditions=frozenset({"I48.0"}),
    medications=(MedicationRecord(name="rivaroxaban", drug_class="anticoagulant"),), observations=())


def level(text: str, member: MemberSnapshot = ADULT) -> TriageLevel | None:
    return triage_message(text, TriageContext(member=member, now=NOW)).level


@pytest.mark.parametrize("text", ["轻生的念头倒是没有，就是最近睡不好", "胸闷那倒没有，就是有点累",
                                  "想死的想法从来没有过，你放心"])
def test_a_denial_after_the_thing_denied_negates_it(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["肚子越来越胀痛，吐了两回，大便也没有放屁也没有", "胸口压着痛，出冷汗，止痛药吃了也没有用"])
def test_a_sign_that_is_an_absence_or_a_failed_remedy_still_escalates(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


@pytest.mark.parametrize("text", ["My mum died of a stroke at 70; what can I do to lower my own risk?",
                                  "我姑姑前年心梗走了，我现在血压130/85，平时该注意啥",
                                  "lost my dad to a heart attack last spring, should I get my heart checked?"])
def test_a_disease_someone_died_of_is_family_history(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["我爸现在心梗，刚才倒在地上了", "my husband is having a stroke right now, his face is drooping"])
def test_a_named_disease_happening_now_still_escalates(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


@pytest.mark.parametrize("text", [
    "In this medical show the patient can't breathe and turns blue. Is that what asthma really looks like?",
    "Our first-aid class has a role-play where I pretend to have chest pain. What should the other person do?",
    "新闻里说胸口痛出冷汗就是心梗，是真的吗"])
def test_a_drama_a_role_play_or_the_news_is_not_a_report(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["I'm watching a show and suddenly I can't breathe, my lips are going blue",
                                  "看新闻的时候我胸口突然很痛，一直出冷汗", "看抖音的时候他突然倒了，怎么叫都叫不醒"])
def test_a_symptom_while_watching_still_escalates(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


def test_sticky_weather_is_weather_but_breathlessness_in_it_is_not() -> None:
    assert level("这天儿闷得人喘不过气，三十七度") is None
    assert level("天气闷热，我妈喘不过气，嘴唇发紫") == TriageLevel.EMERGENCY


def test_someone_elses_figure_of_speech_counts_only_in_quotes() -> None:
    assert level('我老公说他看到账单"心梗了"哈哈') is None
    assert level('他说他"吐血了"，真吐了一大口血') == TriageLevel.EMERGENCY


def test_a_knock_to_the_head_in_dialect_on_a_blood_thinner_is_an_emergency() -> None:
    assert level("早上摔了一跤，后脑壳磕到床沿上了，现在看着还好", ON_ANTICOAGULANT) == TriageLevel.EMERGENCY
    assert level("下楼梯滑倒了，脑瓜子撞到墙上", ON_ANTICOAGULANT) == TriageLevel.EMERGENCY


@pytest.mark.parametrize(("text", "answer"), [
    ("轻生的想法那倒没有，就是没劲", "no"),
    ("Thanks, that helps a bit.", "open"), ("thanks. yes, sometimes", "yes"), ("有时候会想", "yes")])
def test_the_safety_question_reads_a_denial_after_the_thought_and_thanks(text: str, answer: str) -> None:
    assert read_screen_answer(text) == answer


@pytest.mark.parametrize("text", ["我要是死了他们都轻松了", "她老讲我死了娃也有人管",
                                  "if I was gone they would all be better off"])
def test_a_death_wish_put_as_a_condition_is_one(text: str) -> None:
    assert level(text) == TriageLevel.URGENT


@pytest.mark.parametrize("text", ["我死了以后存款怎么分？想立个遗嘱", "如果我死了，孩子有人带吗，想先把保险买好",
                                  "如果活着没意思的感觉来了怎么办"])
def test_planning_for_death_or_asking_ahead_is_not_a_death_wish(text: str) -> None:
    assert level(text) is None


def test_no_urine_in_south_western_wording_is_read() -> None:
    ckd = MemberSnapshot(member_id=3, sex="M", birth_date=date(1950, 1, 1), conditions=frozenset({"N18.4"}),
                         medications=(), observations=())
    assert level("从昨天到现在几乎没得尿，脚也肿了", ckd) in (TriageLevel.URGENT, TriageLevel.EMERGENCY)


def test_a_bruise_turning_yellow_on_a_blood_thinner_is_healing_but_easy_bruising_is_not() -> None:
    assert level("the bruise on my shin has gone a bit yellow now, is that normal?", ON_ANTICOAGULANT) is None
    assert level("手臂上的淤青已经变黄了，还要注意啥", ON_ANTICOAGULANT) is None
    assert level("I bruise so easily lately, big purple marks on both arms", ON_ANTICOAGULANT) == TriageLevel.URGENT


@pytest.mark.parametrize("text", ["我儿子周末睡得跟死猪一样，中午都叫不醒哈哈", "my son is a heavy sleeper, can't wake him for school lol",
                                  "she won't wake up before lunch at weekends, is that a teenage thing?"])
def test_an_ordinary_heavy_sleeper_is_not_unrousable(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["my husband is a heavy sleeper but tonight I can't wake him",
                                  "我老公平时睡得很死，但现在怎么叫都叫不醒", "he sleeps like a log but we can't wake him and his breathing is noisy"])
def test_a_heavy_sleeper_who_cannot_be_woken_now_or_with_a_sign_is_an_emergency(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY



@pytest.mark.parametrize("text", [
    # found by reviewing this change: each was silenced by a first version of the readings above
    "我妈吃了安眠药睡得很死，怎么叫都叫不醒", "都下午三点了，我爸睡得很沉，叫不醒",
    "she usually sleeps till noon but I can't wake her and she's diabetic on insulin",
    "我爸中风没了知觉", "他心梗死了过去", "我爸心梗走了两步就倒了",
    "今天公司消防演习，老王突然倒地抽搐，叫不醒", "Mum thinks he's pretending to be ill but he can't breathe and his lips are blue",
    "My granddaughter was in the school play and she collapsed, she's not breathing",
    "这种胸痛从来没有过", "这天儿闷得人透不过气，我妈现在喘不上气，一句话说不完",
    "My dad nearly died of a heart attack, he is in the ambulance now"])
def test_what_the_review_found_still_escalates(text: str) -> None:
    assert level(text) == TriageLevel.EMERGENCY


@pytest.mark.parametrize("text", ["最近老是淤青，牙龈出血，预约取消了",
                                  "the old bruise is fading but new big purple bruises keep appearing all over"])
def test_new_bruises_or_bleeding_beside_a_healing_one_are_still_urgent(text: str) -> None:
    assert level(text, ON_ANTICOAGULANT) == TriageLevel.URGENT


@pytest.mark.parametrize("text", ["要是我死了他们都轻松了", "我死了你们就解脱了", "They'd all be better off if I was gone"])
def test_a_death_wish_with_the_condition_first_or_reversed_is_one(text: str) -> None:
    assert level(text) == TriageLevel.URGENT


@pytest.mark.parametrize(("text", "answer"), [("以前这种想法没有，最近有了", "yes"), ("Thanks for asking. Kind of, to be honest", "yes"),
                                              ("我现在对什么都没兴趣，什么想法也没有了", "open")])
def test_a_yes_after_a_past_denial_or_thanks_is_still_a_yes(text: str, answer: str) -> None:
    assert read_screen_answer(text) == answer


def test_a_toddler_into_someone_elses_pills_is_an_emergency() -> None:
    assert level("my 3yo got into grandad's pill box, not sure how many of his tablets she swallowed") == TriageLevel.EMERGENCY
    assert level("孩子误吃了外婆的降压药，不知道吃了几片，2岁") == TriageLevel.EMERGENCY


def test_pills_saved_and_a_time_chosen_are_a_plan_even_unspoken() -> None:
    assert level("been stockpiling my tablets for months. I know exactly what I'm doing this weekend.") == TriageLevel.EMERGENCY
    assert level("I know what I'm doing this weekend: gardening and a long walk") is None
