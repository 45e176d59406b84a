"""Every route is walked from `app.routes`, so a route added later without auth fails here.

- /v1: a missing, a malformed and a wrong bearer token all get 401 in the error shape.
- /console: without a session every page redirects to the login (303) or answers 401/403;
  only the login form and the static files are public.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.conftest import API_TOKEN

PUBLIC_CONSOLE = {"/console/login"}
BAD_AUTH = (None, f"Bearer {API_TOKEN}x", "Bearer ", f"Basic {API_TOKEN}", API_TOKEN, f"bearer {API_TOKEN[:-1]}")


def _routes(app: Any, prefix: str) -> list[tuple[str, str]]:
    """(method, path) of every route, included routers flattened (FastAPI wraps them since 0.16x)."""
    found = []
    for context in iter_route_contexts(app.routes):
        if context.path.startswith(prefix) and context.methods:
            found.extend((method, context.path) for method in sorted(context.methods - {"HEAD"}))
    return found


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _assert_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"], body


def test_every_v1_route_refuses_a_missing_or_wrong_token(app: Any, anon_client: TestClient) -> None:
    routes = _routes(app, "/v1/")
    assert len(routes) >= 20  # the walk found the API (a prefix change would otherwise pass vacuously)
    for method, path in routes:
        for header in BAD_AUTH:
            headers = {"Authorization": header} if header is not None else {}
            response = anon_client.request(method, _concrete(path), headers=headers, json={})
            _assert_error(response, 401)
            assert response.headers["www-authenticate"] == "Bearer", (method, path)
            assert response.json()["error"]["code"] == "unauthorized"


def test_no_route_outside_v1_and_console_takes_member_data(app: Any) -> None:
    """New top-level routes must be placed under /v1 (and so be covered above) or be listed here."""
    # /wechat is authenticated by the WeChat signature instead of the token (tests/test_wechat_security.py).
    public = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/wechat"}
    others = {path for _, path in _routes(app, "/") if not path.startswith(("/v1/", "/console"))}
    assert others <= public, others - public


def test_every_console_page_needs_a_session(app: Any, anon_client: TestClient) -> None:
    routes = [(method, path) for method, path in _routes(app, "/console") if path not in PUBLIC_CONSOLE]
    assert len(routes) >= 5
    for method, path in routes:
        response = anon_client.request(method, _concrete(path), follow_redirects=False,
                                       data={"csrf_token": "x", "text": "x"} if method == "POST" else None)
        if response.status_code == 303:  # to the login, possibly via the page it stands for (/console -> queue)
            location = response.headers["location"]
            for _ in range(3):
                if location.startswith("/console/login"):
                    break
                hop = anon_client.get(location, follow_redirects=False)
                assert hop.status_code == 303, (method, path, location, hop.status_code)
                location = hop.headers["location"]
            assert location.startswith("/console/login"), (method, path, location)
        else:
            assert response.status_code in (401, 403), (method, path, response.status_code)
        assert "Dr " not in response.text and "csrf_token" not in response.text.replace('name="csrf_token"', "")
    # ...and a forged session cookie is no better than none.
    anon_client.cookies.set("coach_console", "forged.token", path="/console")
    assert anon_client.get("/console/queue", follow_redirects=False).status_code == 303
    assert anon_client.get("/console/queue.json").status_code == 401
