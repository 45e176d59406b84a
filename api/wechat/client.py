"""A small JSON client for the WeChat and WeCom server APIs: access token from the shared store,
one refresh-and-retry when the platform rejects the token (40001 / 42001 / 40014)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from wechatpy.constants import WeChatErrorCode

from coach.errors import CoachError
from coach.outbox.shared_state import SharedToken

TOKEN_ERRORS = frozenset({WeChatErrorCode.INVALID_CREDENTIAL.value, WeChatErrorCode.INVALID_ACCESS_TOKEN.value,
                          WeChatErrorCode.EXPIRED_ACCESS_TOKEN.value})
TIMEOUT = httpx.Timeout(5.0, connect=3.0)


class WeChatApiError(CoachError):
    code = "wechat_api_error"

    def __init__(self, errcode: int | None, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode


def _json(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 500:
        raise WeChatApiError(None, f"HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError:
        raise WeChatApiError(None, f"HTTP {response.status_code}: not JSON") from None
    if not isinstance(data, dict):
        raise WeChatApiError(None, "unexpected JSON")
    return data


def _check(data: dict[str, Any]) -> dict[str, Any]:
    code = int(data.get("errcode", 0) or 0)
    if code != 0:
        raise WeChatApiError(code, str(data.get("errmsg", ""))[:200])
    return data


def fetch_token(http: httpx.Client, url: str, params: dict[str, str]) -> tuple[str, int]:
    data = _check(_json(http.get(url, params=params, timeout=TIMEOUT)))
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise WeChatApiError(None, "token response without access_token")
    return token, int(data.get("expires_in", 7200))


class TokenApi:
    """POST JSON to `{base}{path}?access_token=...` and return the decoded answer (errcode 0)."""

    def __init__(self, base: str, token: SharedToken, http: httpx.Client) -> None:
        self.base = base.rstrip("/")
        self.token = token
        self.http = http

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        token = self.token.get()
        data = self._post(path, body, token)
        if int(data.get("errcode", 0) or 0) in TOKEN_ERRORS:
            data = self._post(path, body, self.token.rejected(token))
        return _check(data)

    def _post(self, path: str, body: dict[str, Any], token: str) -> dict[str, Any]:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")  # WeChat shows \\u escapes literally
        response = self.http.post(f"{self.base}{path}", params={"access_token": token}, content=content,
                                  headers={"Content-Type": "application/json; charset=utf-8"}, timeout=TIMEOUT)
        return _json(response)
