"""Console login state: a signed session cookie holding a random token (only its sha256 is stored),
a per-session CSRF token for every form, and a double-submit token for the login form itself."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, Signer
from sqlalchemy.orm import Session

from api.deps import get_session
from coach.clinicians import SESSION_LIFETIME, ConsoleSession, resolve_session
from coach.clock import Clock
from coach.settings import Settings

SESSION_COOKIE = "coach_console"
LOGIN_CSRF_COOKIE = "coach_console_login"
COOKIE_PATH = "/console"

# The unit of work ends (commit or rollback) before the response goes out, so a redirect the
# browser follows at once always sees what the action wrote.
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def _signer(settings: Settings) -> Signer:
    return Signer(settings.session_secret.get_secret_value(), salt="coach-console-session")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, settings: Settings, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        _signer(settings).sign(token).decode(),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax")


def cookie_token(request: Request, settings: Settings) -> str | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        return _signer(settings).unsign(raw).decode()
    except BadSignature:
        return None


def current_session(request: Request, db: Session, clock: Clock, settings: Settings) -> ConsoleSession | None:
    return resolve_session(db, clock, cookie_token(request, settings))


def csrf_ok(auth: ConsoleSession, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest((given or "").encode(), auth.csrf_token.encode())


def new_login_token(request: Request, response: Response) -> str:
    token = secrets.token_urlsafe(24)
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, path=COOKIE_PATH, httponly=True, samesite="strict",
        secure=_secure(request),
    )
    return token


def login_token_ok(request: Request, given: str | None) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    return bool(expected) and bool(given) and hmac.compare_digest((given or "").encode(), expected.encode())


def safe_next(target: str | None) -> str:
    """Only a console path may be a post-login destination (no open redirect)."""
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/queue"


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def harden(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response
