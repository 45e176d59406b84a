"""Schemathesis against the app's own OpenAPI schema: every /v1 operation, with the bearer token,
a bounded and deterministic number of generated requests (positive and negative inputs).

Checks for every response: never a 5xx, every 4xx carries {"error": {"code", "message", ...}},
and every 2xx JSON body matches the documented response schema. A request with ids in its path
is sent twice: as generated, and aimed at rows that exist (a seeded member, medication and
escalation), so the handlers behind the 404 are reached too."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import Engine

from api.main import create_app
from coach.catalog.loader import load_catalog
from coach.clock import FixedClock
from coach.retrieval.ingest import ingest
from coach.retrieval.retriever import Retriever
from coach.retrieval.vector_store import MemoryVectorStore
from coach.settings import REPO_ROOT, Settings
from tests.conftest import API_TOKEN
from tests.fakes import HashingEmbedder
from tests.test_members_api import create_consented

MAX_EXAMPLES = 25
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}

# The schema only: this app is never started (the tests call the `app` fixture, which is).
_SCHEMA_APP = create_app(Settings(_env_file=None, api_token=API_TOKEN, session_secret="schema-only"))  # type: ignore[call-arg]
schema = schemathesis.openapi.from_asgi("/openapi.json", _SCHEMA_APP).include(path_regex=r"^/v1/")
schema.config.generation.update(modes=["positive", "negative"], max_examples=MAX_EXAMPLES, deterministic=True)


@pytest.fixture(scope="module")
def hashing_retriever() -> Retriever:
    """The real corpus behind a cheap embedder: the API contract is under test here, not ranking."""
    store = MemoryVectorStore()
    ingest(REPO_ROOT / "knowledge", HashingEmbedder(), store, catalog=load_catalog())
    return Retriever(HashingEmbedder(), store)


@pytest.fixture
def app(settings: Settings, db: Engine, clock: FixedClock, hashing_retriever: Retriever) -> Any:
    return create_app(settings, clock=clock, retriever=hashing_retriever)


@pytest.fixture
def seeded(client: TestClient) -> dict[str, int]:
    """A member with a medication and an open escalation (a chest-pain message)."""
    member = create_consented(client)
    medication_id = member["medications"][0]["id"]
    turn = client.post(f"/v1/members/{member['id']}/messages", json={"text": "我胸口压着疼，一直出冷汗"})
    assert turn.status_code == 200, turn.text
    return {"member_id": member["id"], "medication_id": medication_id, "escalation_id": turn.json()["escalation"]["id"]}


def _aimed_at(path_parameters: dict[str, Any] | None, ids: dict[str, int]) -> dict[str, Any] | None:
    """The same path parameters pointing at seeded rows, or None when the path names no id."""
    if not path_parameters or not set(path_parameters) & set(ids):
        return None
    return {name: ids.get(name, value) for name, value in path_parameters.items()}


def _check(client: TestClient, case: schemathesis.Case) -> None:
    response = _send(client, case)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
    _assert_error_shape(response)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def _send(client: TestClient, case: schemathesis.Case) -> Any:
    """Through the test's own client (its lifespan, its database), not a second copy of the app."""
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=AUTH)
    kwargs.pop("auth", None)
    if not kwargs.get("cookies"):
        kwargs.pop("cookies", None)
    data = kwargs.pop("data", None)
    if isinstance(data, str | bytes):
        kwargs["content"] = data
    elif data is not None:
        kwargs["data"] = data
    return client.request(**kwargs)


def _assert_error_shape(response: Any) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"}, body
        error = body["error"]
        assert isinstance(error.get("code"), str) and error["code"], body
        assert isinstance(error.get("message"), str) and error["message"], body
        assert set(error) <= {"code", "message", "field", "fields"}, body
        assert error.get("field") is None or isinstance(error["field"], str), body
        assert "Traceback" not in response.text


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_v1_operation(case: schemathesis.Case, client: TestClient, seeded: dict[str, int]) -> None:
    _check(client, case)
    generated, aimed = case.path_parameters, _aimed_at(case.path_parameters, seeded)
    if aimed is not None:
        case.path_parameters = aimed
        try:
            _check(client, case)
        finally:
            case.path_parameters = generated


# Found by this suite: an id beyond the 64-bit range reached the driver (SQLite OverflowError -> 500).
HUGE = 2**70


ID_PATHS = sorted(p for p in _SCHEMA_APP.openapi()["paths"] if p.startswith("/v1/") and "_id}" in p)


def test_out_of_range_ids_are_a_422_not_a_500(client: TestClient, seeded: dict[str, int]) -> None:
    assert len(ID_PATHS) >= 10
    for template in ID_PATHS:
        for name in ("member_id", "medication_id", "escalation_id"):
            if f"{{{name}}}" not in template:
                continue
            path = template.format(**{**seeded, name: HUGE})
            for method in ("GET", "POST", "PATCH", "DELETE"):
                response = client.request(method, path, json={})
                assert response.status_code in (405, 422), (method, path, response.text)
                _assert_error_shape(response)
    patched = client.patch(f"/v1/members/{seeded['member_id']}", json={"family_doctor_id": HUGE})
    assert patched.status_code == 422 and patched.json()["error"]["field"] == "family_doctor_id"
