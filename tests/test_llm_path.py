"""The model path end to end with a loopback OpenAI-compatible server: what the model is told (act,
intent, answer card, passages, facts, within the token budget), which of its replies are accepted,
citations only from its own markers, fallbacks kept out of its history, and one deadline per turn
with the abandoned request closed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.main import create_app
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.demo import load_demo
from coach.dialogue.content import load_content
from coach.llm.breaker import CircuitBreaker
from coach.llm.factory import make_chat_model
from coach.members.loading import load_snapshot
from coach.pipeline.composing import ModelAttempt
from coach.pipeline.factory import build_composer
from coach.pipeline.llm_composer import LLMComposer, estimate_tokens
from coach.pipeline.memory import model_turns
from coach.pipeline.models import TurnBrief
from coach.retrieval.retriever import Retriever
from coach.settings import REPO_ROOT, Settings
from tests.conftest import API_TOKEN, NOW
from tests.fake_openai import FakeOpenAI, Scripted, completion, fake_openai_server
from tests.test_members_api import create_consented

CONTENT = load_content(REPO_ROOT / "knowledge")
QUESTIONS = ("我肾功能多久查一次", "香蕉、橙子这些高钾的要不要少吃？", "How often should I weigh myself with heart failure?",
             "氨氯地平吃了脚踝有点肿，是副作用吗？", "我摔了一跤以后，还需要做什么检查？")


def test_the_prompt_fits_its_budget_for_every_demo_member(session: Session, clock: FixedClock,
                                                          real_retriever: Retriever) -> None:
    llm = LLMComposer(GenericFakeChatModel(messages=iter([])), CircuitBreaker(clock))
    longest = max((c for c in CONTENT.cards), key=lambda c: len(c.answer["zh"]) + len(c.answer["en"]))
    for member_id, _ in load_demo(session, clock):
        member = load_snapshot(session, session.get(m.Member, member_id), NOW)  # type: ignore[arg-type]
        for question in QUESTIONS:
            lang = "en" if question.isascii() else "zh"
            passages = real_retriever.search(question, k=5, language=lang)
            brief = TurnBrief("health_question", "how_often", longest.answer[lang], longest.item, (longest.id,))
            prompt = llm.prompt(language=lang, role="pharmacist", passages=passages, member=member,
                                age=member.age_on(NOW.date()), gaps=(), summary="topics discussed: item 17", brief=brief)
            assert prompt.tokens == estimate_tokens(prompt.text) <= 1200, (member_id, question)
            assert prompt.passages and f"[#{prompt.passages[0].item}]" in prompt.text
            assert "Answer card" in prompt.text and "asking about how often" in prompt.text


@pytest.fixture
def model_server(settings: Settings) -> Iterator[tuple[FakeOpenAI, Settings]]:
    with fake_openai_server() as (fake, url):
        yield fake, settings.model_copy(update={
            "llm_provider": "openai", "openai_api_key": "sk-test", "openai_base_url": url, "llm_model": "fake-model",
            "llm_timeout_s": 5.0, "llm_deadline_s": 5.0, "llm_max_retries": 0,
        })


@pytest.fixture
def model_client(model_server: tuple[FakeOpenAI, Settings], db: Engine, clock: FixedClock,
                 real_retriever: Retriever) -> Iterator[tuple[FakeOpenAI, TestClient]]:
    fake, settings = model_server
    app = create_app(settings, clock=clock, retriever=real_retriever, chat_model=make_chat_model(settings))
    with TestClient(app, headers={"Authorization": f"Bearer {API_TOKEN}"}) as client:
        yield fake, client


def say(client: TestClient, member: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(f"/v1/members/{member['id']}/messages", json={"text": text})
    assert response.status_code == 200, response.text
    return dict(response.json())


def answer(fake: FakeOpenAI, *texts: str) -> None:
    fake.script.extend(Scripted(200, completion(t)) for t in texts)


def test_the_model_gets_the_act_intent_and_card_and_its_own_citations_only(
        model_client: tuple[FakeOpenAI, TestClient]) -> None:
    fake, client = model_client
    member = create_consented(client, conditions=["E11.9", "I10"])
    answer(fake, "**有糖尿病**的话，每年查一次肾功能和尿白蛋白就可以。")
    body = say(client, member, "我肾功能多久查一次")
    system = fake.requests[-1]["messages"][0]["content"]
    assert "health question, asking about how often" in system and "Answer card [#17]:" in system
    assert body["composer"] == "llm" and body["reply"] == "有糖尿病的话，每年查一次肾功能和尿白蛋白就可以。"
    assert body["citations"] == []  # no [#n] of its own: none, never filled in from retrieval

    answer(fake, "尿白蛋白能比eGFR更早发现肾脏受损[#17]。")
    body = say(client, member, "为什么？")
    assert "follow up" in fake.requests[-1]["messages"][0]["content"]
    assert [c["item"] for c in body["citations"]] == [17] and body["composer"] == "llm"


def test_a_fallback_reply_is_not_fed_back_to_the_model_as_its_own(model_client: tuple[FakeOpenAI, TestClient]) -> None:
    fake, client = model_client
    member = create_consented(client, conditions=["E11.9", "I10"])
    answer(fake, "是的，你有骨质疏松。")
    first = say(client, member, "我肾功能多久查一次")
    assert first["composer"] == "dialogue"  # the diagnosis was caught: the reviewed card answered
    answer(fake, "每年查一次[#17]。")
    say(client, member, "在哪里能查？")
    sent = fake.requests[-1]["messages"]
    assert {"role": "user", "content": "我肾功能多久查一次"} in sent
    assert all(msg["role"] != "assistant" for msg in sent)  # the card answer was not the model's


@pytest.mark.parametrize(("reply", "accepted"), [
    ("Yes, you have diabetes.", False),
    ("好的，我会在明天早上8点开始服用华法林。", False),
    ("你的尿白蛋白低于正常范围，每年查一次。", False),
    ("主食控制在72克以内。", False),
    ("每年至少查一次eGFR和uACR，早发现早处理[#17]。", True),
])
def test_claims_the_model_makes_up_send_the_turn_offline(model_client: tuple[FakeOpenAI, TestClient], reply: str,
                                                         accepted: bool) -> None:
    fake, client = model_client
    member = create_consented(client, conditions=["E11.9", "I10"])
    answer(fake, reply)
    body = say(client, member, "我肾功能多久查一次")
    assert (body["composer"] == "llm") is accepted, body["reply"]


def test_quoting_the_card_is_not_a_prompt_leak_and_english_to_a_chinese_profile_is_accepted(
        model_client: tuple[FakeOpenAI, TestClient]) -> None:
    fake, client = model_client
    member = create_consented(client, conditions=["E11.9", "I10"])  # profile language zh
    say(client, member, "你好")  # a greeting: the dialogue layer answers, the model is not asked
    assert not fake.requests
    answer(fake, "With diabetes, check your kidney function and urine albumin once a year [#17].")
    body = say(client, member, "How often should I get my kidneys checked with diabetes?")
    assert body["composer"] == "llm" and body["reply"].startswith("With diabetes")
    card = fake.requests[-1]["messages"][0]["content"].split("Answer card [#17]: ", 1)[1].split("\n", 1)[0]
    answer(fake, card)
    assert say(client, member, "How often should I get my kidneys checked with diabetes?")["composer"] == "llm"


def test_one_deadline_per_turn_and_the_abandoned_request_is_closed(model_server: tuple[FakeOpenAI, Settings],
                                                                   clock: FixedClock, real_retriever: Retriever) -> None:
    fake, settings = model_server
    settings = settings.model_copy(update={"llm_deadline_s": 0.6, "llm_timeout_s": 5.0, "llm_max_retries": 2})
    composer = build_composer(settings, load_catalog(), clock, chat_model=make_chat_model(settings))
    attempts: list[ModelAttempt] = []
    composer.observer = attempts.append
    fake.script.extend([Scripted(200, completion("每年查一次[#17]。"), delay_s=10.0)] * 3)
    question = "糖尿病每年都要查尿蛋白吗"
    passages = real_retriever.search(question, k=5, language="zh")
    reply = composer.compose(question=question, language="zh", role="coach", passages=passages,
                             member=load_snapshot_free(), gaps=(), history=[], summary=None, today=NOW.date())
    [attempt] = attempts
    # The model was given up at its deadline (0.6 s, plus a loaded machine's scheduling), not after the 10 s answer.
    assert reply.composer == "offline" and attempt.reasons == ("unavailable",) and attempt.latency_s < 4.0
    until = time.monotonic() + 3
    while fake.abandoned < 1 and time.monotonic() < until:
        time.sleep(0.05)
    assert fake.abandoned == 1 and len(fake.requests) == 1  # closed, and no retry outlived the deadline


def load_snapshot_free() -> Any:
    from coach.members.snapshot import MemberSnapshot

    return MemberSnapshot(member_id=1, sex="M", birth_date=NOW.date().replace(year=1968),
                          conditions=frozenset({"diabetes"}))


def test_model_turns_keep_the_members_words_and_only_the_models_replies() -> None:
    messages = [m.Message(direction="in", text="q1"), m.Message(direction="out", text="card", meta={"composer": "dialogue"}),
                m.Message(direction="in", text="q2"), m.Message(direction="out", text="mine", meta={"composer": "llm"}),
                m.Message(direction="out", text="fallback", meta={"composer": "offline"})]
    assert model_turns(messages) == [("in", "q1"), ("in", "q2"), ("out", "mine")]


def test_a_fake_model_is_still_accepted_through_build_composer(settings: Settings, clock: FixedClock,
                                                               real_retriever: Retriever) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage("糖尿病的人每年查一次尿白蛋白[#17]。")]))
    composer = build_composer(settings, load_catalog(), clock, chat_model=model)
    question = "糖尿病每年都要查尿蛋白吗"
    reply = composer.compose(question=question, language="zh", role="coach",
                             passages=real_retriever.search(question, k=5, language="zh"), member=load_snapshot_free(),
                             gaps=(), history=[], summary=None, today=NOW.date())
    assert reply.composer == "llm" and reply.cited_items == (17,)
