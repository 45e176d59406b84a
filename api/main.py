"""The FastAPI application: long-lived resources start and stop in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI

from api.console import install_console
from api.db_retry import RetryOnLostConnection
from api.deps import require_token
from api.errors import install_error_handlers
from api.routes import care, escalations, knowledge, members, messages, nudges
from api.wechat import router as wechat_router
from api.wechat.senders import build_senders
from coach.clock import Clock, SystemClock
from coach.retrieval.retriever import Retriever
from coach.runtime import build_runtime
from coach.scheduler import CoachScheduler
from coach.settings import Settings, get_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    retriever: Retriever | None = None,
    chat_model: BaseChatModel | None = None,
) -> FastAPI:
    """The app. `retriever` and `chat_model` replace what the settings would build (tests, evals)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(settings, app.state.clock, retriever=retriever, chat_model=chat_model)
        app.state.runtime = runtime
        app.state.engine = runtime.engine
        app.state.session_factory = runtime.session_factory
        app.state.retriever = runtime.retriever
        app.state.catalog = runtime.catalog
        app.state.coach_turn = runtime.coach_turn
        scheduler = None
        if settings.scheduler_enabled:
            scheduler = CoachScheduler(
                runtime, lambda: build_senders(settings, runtime.session_factory, runtime.clock),
                lock_dir=settings.chroma_path.parent,
            )
            scheduler.start()
        app.state.scheduler = scheduler
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown()
            runtime.close()

    app = FastAPI(
        title="Health coach API",
        version="0.1.0",
        description="Value-based health-management coach: members, observations, conversations.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    install_error_handlers(app)
    app.add_middleware(RetryOnLostConnection)  # inside ServerErrorMiddleware: it sees unhandled DB errors
    routers = (members.router, messages.router, knowledge.router, care.router, nudges.router, escalations.router)
    for router in routers:
        app.include_router(router, dependencies=[Depends(require_token)])
    install_console(app)
    app.include_router(wechat_router)  # authenticated by WeChat's signature, not the API token

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    logging.getLogger("coach").setLevel(settings.log_level.upper())
    return app
