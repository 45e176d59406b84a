"""The model path: LangChain's fake chat model for the pipeline, and the real ChatOpenAI client against
a loopback OpenAI-compatible server for timeouts, 429, 500, malformed and empty answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.llm.breaker import CircuitBreaker
from coach.llm.factory import make_chat_model
from coach.members.snapshot import MemberSnapshot
from coach.pipeline.composing import Composer
from coach.pipeline.factory import build_composer
from coach.pipeline.output_checks import SAFE_DOSE_REPLY
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.conftest import NOW
from tests.fake_openai import Scripted, completion, fake_openai_server

MEMBER = MemberSnapshot(member_id=1, sex="M", birth_date=NOW.date().replace(year=1968), conditions=frozenset({"diabetes"}))
QUESTION = "糖尿病每年都要查尿蛋白吗"


def compose(composer: Composer, retriever: Retriever, question: str = QUESTION, member: MemberSnapshot = MEMBER) -> Any:
    passages = retriever.search(question, k=5, language=member.language)
    return composer.compose(question=question, language=member.language, role="coach", passages=passages,
                            member=member, gaps=(), history=[("in", "你好"), ("out", "你好，有什么可以帮你？")],
                            summary=None, today=NOW.date())


def fake_model(*answers: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter(AIMessage(a) for a in answers))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def test_model_answer_is_checked_and_cited(settings: Settings, clock: FixedClock, real_retriever: Retriever) -> None:
    composer = build_composer(settings, load_catalog(), clock,
                              chat_model=fake_model("糖尿病患者每年要查一次尿白蛋白肌酐比和eGFR[#17]。下一步：约好检查[#99]。"))
    reply = compose(composer, real_retriever)
    assert reply.composer == "llm"
    assert reply.cited_items == (17,)
    assert "[#99]" not in reply.text and "uncited_item" in reply.violations


@pytest.mark.parametrize(
    ("answer", "why"),
    [("You should check your kidneys every year [#17].", "wrong language"), ("", "empty")],
)
def test_unusable_model_answers_fall_back_to_offline(
    settings: Settings, clock: FixedClock, real_retriever: Retriever, answer: str, why: str
) -> None:
    composer = build_composer(settings, load_catalog(), clock, chat_model=fake_model(answer))
    reply = compose(composer, real_retriever)
    assert reply.composer == "offline", why
    assert 17 in reply.cited_items


def test_model_dose_advice_is_replaced(settings: Settings, clock: FixedClock, real_retriever: Retriever) -> None:
    composer = build_composer(settings, load_catalog(), clock, chat_model=fake_model("血糖高的话可以把二甲双胍加倍吃[#14]。"))
    reply = compose(composer, real_retriever, question="二甲双胍怎么吃比较好")
    assert reply.text == SAFE_DOSE_REPLY["zh"] and reply.escalate_dose_question and "加倍" not in reply.text[len(SAFE_DOSE_REPLY["zh"]):]


def test_breaker_opens_after_failures_and_half_opens_after_cooldown(clock: FixedClock) -> None:
    breaker = CircuitBreaker(clock, threshold=3, cooldown=timedelta(seconds=30))
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    clock.advance(timedelta(seconds=31))
    assert breaker.state == "half_open"
    assert breaker.allow() and not breaker.allow()  # one trial call at a time
    breaker.record_failure()
    assert breaker.state == "open"
    clock.advance(timedelta(seconds=31))
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow()


@pytest.fixture
def openai_settings(settings: Settings) -> Iterator[tuple[Any, Settings]]:
    with fake_openai_server() as (fake, url):
        yield fake, settings.model_copy(update={
            "llm_provider": "openai", "openai_api_key": "sk-test", "openai_base_url": url,
            "llm_timeout_s": 0.5, "llm_max_retries": 1, "llm_model": "fake-model",
        })


def openai_composer(settings: Settings, clock: FixedClock) -> Composer:
    return build_composer(settings, load_catalog(), clock, chat_model=make_chat_model(settings))


def test_real_client_answers_through_the_endpoint(openai_settings: Any, clock: FixedClock,
                                                  real_retriever: Retriever) -> None:
    fake, settings = openai_settings
    fake.script.append(Scripted(200, completion("每年查一次尿白蛋白肌酐比和eGFR[#17]。")))
    reply = compose(openai_composer(settings, clock), real_retriever)
    assert reply.composer == "llm" and reply.cited_items == (17,)
    sent = fake.requests[-1]
    assert sent["model"] == "fake-model"
    assert sent["messages"][0]["role"] == "system" and "[#17]" in sent["messages"][0]["content"]
    assert sent["messages"][-1] == {"role": "user", "content": QUESTION}


def test_429_with_retry_after_is_retried(openai_settings: Any, clock: FixedClock, real_retriever: Retriever) -> None:
    fake, settings = openai_settings
    fake.script.extend([Scripted(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "0"}),
                        Scripted(200, completion("每年查一次尿白蛋白肌酐比[#17]。"))])
    reply = compose(openai_composer(settings, clock), real_retriever)
    assert reply.composer == "llm" and len(fake.requests) == 2


@pytest.mark.parametrize(
    "steps",
    [
        [Scripted(500, {"error": {"message": "boom"}})] * 2,
        [Scripted(429, {"error": {"message": "slow"}}, headers={"Retry-After": "0"})] * 2,
        [Scripted(200, "{not json")],
        [Scripted(200, completion(""))],
        [Scripted(200, completion("ok"), delay_s=1.5)] * 2,
    ],
    ids=["500", "429-twice", "malformed-json", "empty-content", "timeout"],
)
def test_endpoint_failures_fall_back_to_offline(openai_settings: Any, clock: FixedClock, real_retriever: Retriever,
                                                steps: list[Scripted]) -> None:
    fake, settings = openai_settings
    fake.script.extend(steps)
    reply = compose(openai_composer(settings, clock), real_retriever)
    assert reply.composer == "offline"
    assert 17 in reply.cited_items and "下一步" in reply.text
