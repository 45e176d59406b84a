"""The FastAPI application: long-lived resources start and stop in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api.deps import require_token
from api.errors import install_error_handlers
from api.routes import knowledge, members
from coach.clock import Clock, SystemClock
from coach.db.engine import make_engine, make_session_factory
from coach.retrieval.factory import build_retriever
from coach.settings import Settings, get_settings


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
        app.state.engine = engine
        app.state.session_factory = make_session_factory(engine)
        app.state.retriever = build_retriever(settings)
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Health coach API",
        version="0.1.0",
        description="Value-based health-management coach: members, observations, conversations.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    install_error_handlers(app)
    for router in (members.router, knowledge.router):
        app.include_router(router, dependencies=[Depends(require_token)])

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    logging.getLogger("coach").setLevel(settings.log_level.upper())
    return app
