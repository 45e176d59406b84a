"""A passive WeChat reply never waits for the model: the push is answered within the reply budget
("success"), the model's turn finishes in the background and its reply goes out through the outbox."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.main import create_app
from coach.clock import FixedClock
from coach.db import models as m
from coach.retrieval.retriever import Retriever
from coach.settings import Settings
from tests.conftest import API_TOKEN
from tests.test_members_api import create
from tests.test_wechat_retries import drain, outbox
from tests.test_wechat_support import WeChatServer, now_ts, text_xml, wechat_settings

OPENID = "oWx-model-01"


class SlowModel(GenericFakeChatModel):
    """A chat model that takes `delay_s` before its first token, as a small local model reading its prompt."""

    delay_s: float = 2.5

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        time.sleep(self.delay_s)
        yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)


def test_a_passive_reply_never_waits_for_the_model(settings: Settings, db: Engine, clock: FixedClock,
                                                   real_retriever: Retriever, session: Session) -> None:
    real_retriever.search("血压", k=1)  # the embedding model loaded before the budget starts
    model = SlowModel(messages=iter([AIMessage("有糖尿病的话，每年查一次肾功能和尿白蛋白[#17]。")]))
    app: FastAPI = create_app(wechat_settings(settings, "plain", wechat_reply_budget_s=1.0, wechat_turn_workers=1,
                                              llm_deadline_s=8.0),
                              clock=clock, retriever=real_retriever, chat_model=model)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {API_TOKEN}"
        create(client, external_id=OPENID, consent_health_data=True, conditions=["E11.9", "I10"])
        wx = WeChatServer(client, clock, "plain")
        started = time.monotonic()
        response = wx.push(text_xml(OPENID, "我肾功能多久查一次", 910001, now_ts(clock)))
        assert response.text == "success" and time.monotonic() - started < 2.4  # the budget, not the model
        drain(app)
    reply = session.scalars(select(m.Message).where(m.Message.direction == "out")).one()
    assert reply.meta["composer"] == "llm"
    [entry] = outbox(session)
    assert entry.payload["via"] == "outbox" and entry.payload["sent_parts"] == 0
