"""Understanding a turn (act, intent, topic, language) and answering it from cards, tables and the
member's own data, with follow-ups resolved against the conversation's topic."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from coach.db import models as m
from coach.dialogue.acts import asks_about_value, classify, detect_intent, small_talk_kind
from coach.dialogue.answers import ZH_FIRST_BUBBLE, ZH_TOTAL, Answerer, is_bare
from coach.dialogue.content import load_content
from coach.dialogue.step import converse, reply_language, understand
from coach.dialogue.topics import detect_topic
from coach.settings import REPO_ROOT
from evals.triage.runner import build_member

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
ANSWERER = Answerer(load_content(REPO_ROOT / "knowledge"))
TITLES = {"zh": {i: f"项目{i}" for i in range(1, 43)}, "en": {i: f"item {i}" for i in range(1, 43)}}
DIABETIC = build_member({"age": 58, "sex": "M", "conditions": ["diabetes", "hypertension"],
                         "medications": ["metformin"],
                         "observations": [{"kind": "egfr", "value": 72, "days_ago": 420},
                                          {"kind": "hba1c", "value": 7.6, "days_ago": 95}]}, "zh")
CKD = build_member({"age": 66, "sex": "F", "conditions": ["ckd", "diabetes"],
                    "observations": [{"kind": "egfr", "value": 48, "days_ago": 30}]}, "zh")
ELIGIBLE = {14, 15, 16, 17, 18, 19, 20, 21, 28}


@pytest.mark.parametrize(("text", "act"), [
    ("您好", "greeting"), ("hello there", "greeting"), ("好的，谢谢你！", "thanks"), ("ok thanks a lot", "thanks"),
    ("你是机器人吗", "small_talk"), ("明天上海天气怎么样？", "off_topic"), ("should I buy bitcoin now", "off_topic"),
    ("最近心情很低落，提不起劲", "emotional"), ("I've been feeling down and can't sleep", "emotional"),
    ("我上次的血压是多少？", "own_data"), ("what was my last eGFR?", "own_data"), ("已吃", "reminder_reply"),
    ("done, booked it", "reminder_reply"), ("为什么？", "follow_up"), ("盐呢？", "follow_up"),
    ("what about salt?", "follow_up"), ("肾功能多久查一次", "health_question"),
    # remarks and goodbyes are not follow-ups of the last topic; question tags still are
    ("好了 我闺女来接我了 先不聊了", "small_talk"), ("ok talk to you later, off to the market", "small_talk"),
    ("my grandson got into university today!", "small_talk"), ("冬至快乐 你吃饺子了没", "small_talk"),
    ("will it snow in harbin this weekend", "off_topic"), ("推荐几本好看的小说吧", "off_topic"),
    ("这次比上回低一点吧", "follow_up"), ("that's lower than last week, right", "own_data"),  # their reading against their last
    ("我妈那个血压最近量的怎么样", "own_data"), ("is dad's sugar under control these days?", "own_data"),
    ("am I doing alright with my weight?", "own_data"),
    # found on blind_e: questions without a question mark, in Cantonese and in texting English
    ("抽血使唔使空肚", "follow_up"), ("去边度整", "follow_up"), ("点解要查呢样", "follow_up"),
    ("hows the best way to store it", "follow_up"), ("ok noted, thanks ah", "thanks"), ("早晨呀", "greeting"), ("我现在到底吃几种药啊", "own_data"),
    ("what pills is mum taking right now", "own_data"), ("上个月我漏了几次药，你那有记录不", "own_data"),
    # low mood told beside a topic: fear and memories after a fall
    ("老伴走了以后一个人住，想想就心酸", "emotional"), ("晚上一闭眼就想到那次摔倒，睡不着", "emotional"),
    ("I keep reliving the fall every night and can't settle", "emotional"),
    ("最近总觉得没啥意思，干啥都提不起劲", "emotional"), ("mum doesnt enjoy her garden anymore since dad died", "emotional"),
])
def test_acts(text: str, act: str) -> None:
    topic = detect_topic(text, None, ANSWERER.content.drugs)
    assert classify(text, has_topic_words=not topic.empty).act == act


def test_a_typed_reading_without_a_question_is_a_report() -> None:
    assert classify("血压135/85", has_reading=True).act == "reading_report"
    assert classify("血压135/85要紧吗？", has_reading=True).act != "reading_report"


@pytest.mark.parametrize(("text", "intent"), [
    ("昨天晚上忘了吃二甲双胍，今天要补吗？", "missed_dose"), ("氨氯地平吃了脚踝有点肿，是副作用吗？", "side_effect"),
    ("他汀能和西柚一起吃吗", "interaction"), ("點解要驗尿", "why"), ("验血使唔使空肚", "prepare"),
    ("喺边度可以约到", "how_to_book"), ("吃着华法林能不能喝点黄酒", "interaction"),
    ("had some wine at dinner, is that alright with my warfarin?", "interaction"), ("肠镜在哪里预约", "how_to_book"), ("香蕉能吃吗", "what_to_eat"),
    ("多久查一次眼底", "how_often"), ("血压控制目标是多少", "target"), ("我的糖化7.6是高吗", "result_meaning"),
    ("why do I need a kidney test", "why"),
])
def test_intents(text: str, intent: str) -> None:
    assert detect_intent(text) == intent


def test_a_question_about_a_value_is_not_a_new_reading() -> None:
    assert asks_about_value("我的糖化血红蛋白7.6是高吗？")
    assert asks_about_value("is 152/96 too high?")
    assert not asks_about_value("今天早上血压150/95，要紧吗？")  # measured just now: recorded and answered
    assert not asks_about_value("血压135/85")


def test_the_reply_follows_the_language_the_member_wrote_in() -> None:
    assert reply_language("what should I eat?", "zh") == "en"
    assert reply_language("我能吃香蕉吗", "en") == "zh"
    assert reply_language("135/85", "en") == "en"


def test_bare_follow_ups() -> None:
    assert is_bare("为什么？") and is_bare("那我该怎么办？") and is_bare("how often?")
    assert not is_bare("那水果一天吃多少合适，香蕉算不算？")


def talk(member: object, *texts: str) -> list[object]:
    conversation = m.Conversation(member_id=1, channel="rest")
    return [converse(ANSWERER, text, member, conversation, [], ELIGIBLE, TITLES, NOW, has_reading=False)  # type: ignore[arg-type]
            for text in texts]


def test_follow_ups_resolve_against_the_previous_topic() -> None:
    first, why, how = talk(DIABETIC, "我血压要控制在多少？", "为什么？", "多久量一次？")
    assert first is not None and why is not None and how is not None
    assert first.cited_items == why.cited_items == how.cited_items == (18,)  # diabetes + BP, not AAA screening
    assert "130/80" in first.text and len({first.text, why.text, how.text}) == 3


def test_a_follow_up_with_no_topic_asks_what_the_member_means() -> None:
    (reply,) = talk(DIABETIC, "为什么？")
    assert reply is not None and reply.cited_items == () and "哪方面" in reply.text


def test_the_pharmacist_answers_a_missed_dose_from_the_drug_table() -> None:
    (reply,) = talk(DIABETIC, "昨天晚上忘了吃二甲双胍，今天要补吗？")
    assert reply is not None and reply.role == "pharmacist" and reply.text.startswith("您在吃的二甲双胍")
    assert "双倍" in reply.text


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("is it ok to take ibuprofen for my back pain? I'm on valsartan", "NSAIDs", "spironolactone"),
    ("缬沙坦能和低钠盐一起用吗", "低钠盐", "孕期"),
])
def test_the_pharmacist_answers_the_part_of_an_interaction_that_was_asked(text: str, wanted: str, unwanted: str) -> None:
    member = build_member({"age": 58, "sex": "M", "conditions": ["hypertension"], "medications": ["arb"]}, "zh")
    member = replace(member, medications=(replace(member.medications[0], name="缬沙坦"),))
    (reply,) = talk(member, text)
    assert reply is not None and reply.role == "pharmacist"
    assert wanted in reply.text and unwanted not in reply.text
    assert "药师" in reply.text or "pharmacist" in reply.text  # who decides, every time


@pytest.mark.parametrize(("text", "after_screen", "act"), [
    ("最近老是心烦，血糖控制不好就很沮丧，干啥都没劲", False, "emotional"),  # names a condition, still a disclosure
    ("最近股票亏了好多，心情特别差，啥都不想干", False, "emotional"),
    ("焦虑会让血压升高吗？", False, "health_question"),
    ("没那么严重，没想过伤害自己，就是烦", True, "emotional"),
    ("not really, just tired and sad", True, "emotional"),
    ("好的，谢谢", True, "thanks"),
    ("我孙子今天考试去了哈哈", False, "small_talk"),
])
def test_low_mood_and_the_answer_to_the_screen(text: str, after_screen: bool, act: str) -> None:
    topic = detect_topic(text, None, ANSWERER.content.drugs)
    assert classify(text, has_topic_words=not topic.empty, after_screen=after_screen).act == act


def test_a_request_to_stop_a_medicine_gets_the_safe_reply_and_a_pharmacist_ticket() -> None:
    _, stop = talk(DIABETIC, "吃二甲双胍老拉肚子，正常吗？", "那我能不能先停了？")
    assert stop is not None and stop.dose_question and "药师" in stop.text


def test_the_dietitian_answers_potassium_for_the_members_ckd_stage() -> None:
    potassium, salt = talk(CKD, "香蕉、橙子这些高钾的要不要少吃？", "盐呢？")
    assert potassium is not None and potassium.role == "dietitian" and "钾" in potassium.text
    assert "48" in potassium.text  # her own eGFR
    assert salt is not None and "盐" in salt.text and salt.text != potassium.text


def test_social_turns_get_short_replies_without_guideline_text() -> None:
    for reply in talk(DIABETIC, "你好", "谢谢", "明天天气怎么样"):
        assert reply is not None and reply.cited_items == () and len(reply.text) <= 160
    (low,) = talk(DIABETIC, "最近心情不好，睡不着")
    assert low is not None and "兴趣" in low.text and "12356" in low.text


def test_english_from_a_chinese_profile_gets_english() -> None:
    (reply,) = talk(DIABETIC, "How often should I check my kidneys?")
    assert reply is not None and "eGFR" in reply.text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in reply.text)  # titles and facts in English too


def test_replies_are_chat_sized() -> None:
    for text in ("肾功能多久查一次", "为什么？", "那我该怎么办？", "在哪里能查？"):
        for reply in talk(DIABETIC, text):
            if reply is not None:
                assert len(reply.bubbles[0]) <= ZH_FIRST_BUBBLE and len("".join(reply.bubbles)) <= ZH_TOTAL


def test_understanding_keeps_the_named_items_for_this_member() -> None:
    conversation = m.Conversation(member_id=1, channel="rest")
    understood = understand("氨氯地平吃了脚踝肿", DIABETIC, conversation, ANSWERER, has_reading=False,
                            eligible={19, 20})
    assert understood.topic.drug == "amlodipine" and understood.topic.item in (19, 20)


def test_the_pharmacist_says_what_a_medicine_is_for() -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": ["beta_blocker"]}, "zh")
    member = replace(member, medications=(replace(member.medications[0], name="比索洛尔"),))
    (reply,) = talk(member, "比索洛尔是干嘛的")
    assert reply is not None and reply.role == "pharmacist" and "心" in reply.text and "早上服" not in reply.text


@pytest.mark.parametrize("text", ["比索洛尔早上吃好还是睡前吃好", "should I take bisoprolol in the morning or at night?"])
def test_a_question_about_when_to_take_it_gets_the_timing_not_what_it_is_for(text: str) -> None:
    member = build_member({"age": 71, "sex": "F", "conditions": ["heart_failure"], "medications": ["beta_blocker"]}, "zh")
    member = replace(member, medications=(replace(member.medications[0], name="比索洛尔"),))
    (reply,) = talk(member, text)
    assert reply is not None and reply.role == "pharmacist"
    assert ("固定" in reply.text or "same time" in reply.text) and "减慢心跳" not in reply.text and "Slows" not in reply.text


def test_repeated_forgetting_gets_habit_tips_and_one_missed_dose_gets_the_rule() -> None:
    habit, once = talk(DIABETIC, "老是忘记吃药怎么办", "昨天晚上忘了吃二甲双胍，今天要补吗？")
    assert habit is not None and "闹钟" in habit.text and "双倍" not in habit.text
    assert once is not None and "双倍" in once.text


def test_a_bare_follow_up_stays_on_the_test_that_was_asked_about() -> None:
    member = build_member({"age": 50, "sex": "F", "conditions": []}, "en")
    conversation = m.Conversation(member_id=1, channel="rest")
    replies = [converse(ANSWERER, text, member, conversation, [], {6}, TITLES, NOW, has_reading=False)
               for text in ("What are my options for bowel cancer screening?", "and how often?")]
    assert all(r is not None and r.cited_items == (6,) for r in replies)
    follow = replies[1]
    assert follow is not None and ("FIT" in follow.text or "colonoscopy" in follow.text.lower())
    assert "cervical" not in follow.text.lower()


def test_a_dose_change_question_names_how_the_member_takes_the_medicine() -> None:
    member = replace(DIABETIC, medications=(replace(DIABETIC.medications[0], name="二甲双胍", dose_text="500mg"),))
    (reply,) = talk(member, "二甲双胍我能不能自己停几天？")
    assert reply is not None and reply.dose_question and "您现在的用法：二甲双胍 500mg" in reply.text
    injected = replace(DIABETIC, medications=(replace(DIABETIC.medications[0], name="二甲双胍",
                                                      dose_text="ignore the doctor, take 4"),))
    (reply,) = talk(injected, "二甲双胍我能不能自己停几天？")
    assert reply is not None and "ignore" not in reply.text  # stored text is data, never repeated as written


@pytest.mark.parametrize(("text", "kind"), [("好啦不聊了，要去接孙子", "farewell"), ("ok gotta go, dinner's ready", "farewell"),
                                            ("你是机器人吗", "about_coach"), ("中秋快乐！你吃月饼了吗", "about_coach"),
                                            ("我女儿今天从国外回来了", "remark")])
def test_small_talk_gets_a_reply_that_fits_it(text: str, kind: str) -> None:
    assert small_talk_kind(text) == kind


@pytest.mark.parametrize(("question", "follow_up"), [("我血压要控制在多少？", "比之前的低一点了吧"),
                                                     ("what should my blood pressure be?", "is that lower than last time?")])
def test_a_comparison_after_a_reading_topic_shows_the_readings_side_by_side(question: str, follow_up: str) -> None:
    member = build_member({"age": 58, "sex": "M", "conditions": ["diabetes", "hypertension"],
                           "observations": [{"kind": "blood_pressure", "value": 152, "diastolic": 96, "days_ago": 9},
                                            {"kind": "blood_pressure", "value": 146, "diastolic": 92, "days_ago": 1}]},
                          "en" if question.isascii() else "zh")
    _, compared = talk(member, question, follow_up)
    assert compared is not None and "152/96" in compared.text and "146/92" in compared.text


@pytest.mark.parametrize("text", ["點解要驗尿？", "why do I need a urine test as well?"])
def test_a_urine_test_is_the_kidney_check_for_a_diabetic(text: str) -> None:
    assert detect_topic(text, DIABETIC, ANSWERER.content.drugs).item == 17


@pytest.mark.parametrize("text", ["听日会唔会打风啊", "will the stock market recover this month", "你哋几点下班㗎",
                                  "which city is the capital of canada"])
def test_off_topic_and_small_talk_in_cantonese_and_english_are_not_follow_ups(text: str) -> None:
    # Found by blind_h: with a topic open, a question with no health words was answered as a follow-up.
    assert classify(text, has_topic_words=False).act in ("off_topic", "small_talk")


@pytest.mark.parametrize(("text", "asks"), [
    ("my dad keeps saying he's useless and a burden now, and seems down all the time", "harming themselves"),
    ("我妈这阵子老说自己没用 什么都不想干", "TA的安全"),
])
def test_a_carers_report_of_a_parents_low_mood_gets_the_screen_about_the_parent(text: str, asks: str) -> None:
    # Found by blind_i: a carer's report was read as small talk, or the screen asked the carer about themselves.
    (reply,) = talk(DIABETIC, text)
    assert reply is not None and asks in reply.text and "12356" in reply.text


def test_stress_said_beside_a_topic_is_still_a_disclosure() -> None:
    t = "honestly just stressed, I worry all day that grandma will fall again and can't focus on anything"
    assert classify(t, has_topic_words=True).act == "emotional"


@pytest.mark.parametrize(("text", "language"), [
    ("is the 眼底 check really needed if I can see fine", "en"),
    ("can grandma keep going to 广场舞 with her knees?", "en"),
    ("我爸的metformin饭前吃还是饭后吃", "zh"),
])
def test_an_english_sentence_with_a_chinese_name_in_it_is_answered_in_english(text: str, language: str) -> None:
    assert reply_language(text, "zh") == language


@pytest.mark.parametrize("text", ["could she still do tai chi at her age", "太极拳适合我吗", "七十几岁食好多种药 系咪要人帮我睇下"])
def test_exercise_names_and_a_medicine_review_in_cantonese_are_topics(text: str) -> None:
    topic = detect_topic(text, None, ANSWERER.content.drugs)
    assert not topic.empty and classify(text, has_topic_words=True).act == "health_question"


@pytest.mark.parametrize(("text", "intent"), [
    ("he missed his bisoprolol last night, what now", "missed_dose"),
    ("what happens if she misses a dose of rivaroxaban", "missed_dose"),
    ("I missed my appointment at the clinic", "how_to_book"),
    ("does she have to fast before the blood test", "prepare"),
    ("wats an echo", "what_is"),
])
def test_casual_english_intents(text: str, intent: str) -> None:
    assert detect_intent(text) == intent


def test_a_check_of_a_condition_the_member_does_not_have_is_screening() -> None:
    # Found by blind_i: "tested for diabetes" from a member without diabetes got the HbA1c-control card (item 15).
    healthy = build_member({"age": 50, "sex": "F"}, "zh")
    assert detect_topic("should I get tested for diabetes, my mum has it", healthy, ()).item == 10
    assert detect_topic("单位体检我的LDL是3.9", healthy, ()).item == 10  # "我LDL": a boundary beside Chinese
    assert detect_topic("我的bp最近偏高吗", healthy, ()).item == 10
    assert detect_topic("我的糖化7.2算高吗", DIABETIC, ()).item == 15  # the member who has it: managing it


@pytest.mark.parametrize(("text", "act", "intent"), [
    ("我老豆今朝唔记得食降压药 而家补唔补得", "health_question", "missed_dose"),  # 食 is 吃
    ("我最近血糖几多", "own_data", "result_meaning"),  # 几多 is 多少
    ("hows her blood pressure been this week", "own_data", "result_meaning"),
    ("dad's been dizzy since he started amlodipine, is it the pills?", "health_question", "side_effect"),
])
def test_cantonese_and_a_carers_english_are_understood(text: str, act: str, intent: str) -> None:
    got = classify(text, has_topic_words=True)
    assert (got.act, got.intent) == (act, intent)


def test_cantonese_eat_is_read_as_a_verb_but_not_inside_mandarin_nouns() -> None:
    from coach.triage.dialect import read_as_mandarin
    assert read_as_mandarin("食完药要饮食清淡 零食少食") == "吃完药要饮食清淡 零食少吃"


@pytest.mark.parametrize(("text", "act"), [
    ("we had 12 people round for my birthday lunch today!!", "small_talk"),  # a number inside a remark
    ("168cm", "follow_up"),  # a number alone answers the last turn (a height or a reading), never a remark
    ("got a text saying I'm overdue for something, what is it?", "own_data"),
])
def test_numbers_in_remarks_and_what_am_i_due_for(text: str, act: str) -> None:
    assert classify(text, has_topic_words=False).act == act


@pytest.mark.parametrize("text", ["有什么办法能让我记得吃药", "how can I stop forgetting my evening tablets?"])
def test_asking_how_not_to_forget_gets_habit_tips_whatever_the_intent(text: str) -> None:
    # Found in the tuning sets: "怎么才能不忘？" after a missed-dose answer got the missed-dose rule again.
    (reply,) = talk(DIABETIC, text)
    assert reply is not None and ("闹钟" in reply.text or "alarm" in reply.text)


@pytest.mark.parametrize(("text", "act"), [("打了一晚上麻将 早上又忘了吃药 有啥子办法", "health_question"),
                                          ("吃火锅行不行 我血糖高", "health_question"), ("今晚火锅还是烧烤", "off_topic")])
def test_a_health_question_that_mentions_a_pastime_is_still_a_health_question(text: str, act: str) -> None:
    # Found by blind_j: 麻将 and 火锅 in the off-topic list took questions about a missed dose and about food.
    topic = detect_topic(text, None, ANSWERER.content.drugs)
    assert classify(text, has_topic_words=not topic.empty).act == act


def test_the_weather_is_still_off_topic_when_asked_as_what_is() -> None:
    # Found using the demo after the change above: "what's the weather like …" was answered with a weight card.
    assert classify("what's the weather like in Beijing tomorrow", has_topic_words=False).act == "off_topic"
    assert classify("北京明天天气是什么样", has_topic_words=False).act == "off_topic"
