"""The long-lived parts of a running service, built once from settings (API lifespan, CLI commands)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from coach.catalog.loader import load_catalog
from coach.catalog.models import Catalog
from coach.clock import Clock
from coach.db.engine import make_engine, make_session_factory
from coach.pipeline.factory import build_coach_turn
from coach.pipeline.turn import CoachTurn
from coach.retrieval.factory import build_retriever
from coach.retrieval.retriever import Retriever
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


@dataclass
class Runtime:
    settings: Settings
    clock: Clock
    engine: Engine
    session_factory: sessionmaker[Session]
    catalog: Catalog
    retriever: Retriever
    coach_turn: CoachTurn

    def close(self) -> None:
        self.engine.dispose()


def build_runtime(settings: Settings, clock: Clock, *, retriever: Retriever | None = None,
                  chat_model: BaseChatModel | None = None) -> Runtime:
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    session_factory = make_session_factory(engine)
    catalog = load_catalog(settings.knowledge_dir / "catalog.yaml")
    retriever = retriever or build_retriever(settings)
    coach_turn = build_coach_turn(settings, session_factory, clock, catalog, retriever, chat_model=chat_model)
    return Runtime(settings, clock, engine, session_factory, catalog, retriever, coach_turn)
