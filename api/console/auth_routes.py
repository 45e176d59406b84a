"""Login and logout. Failures say only "wrong username or password"; after 5 failures in 10 minutes
for a username or a client address, logins from either are refused with 429 (coach.login_throttle)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.render import page
from api.console.security import (
    COOKIE_PATH,
    LOGIN_CSRF_COOKIE,
    DbSession,
    clear_session_cookie,
    cookie_token,
    csrf_ok,
    current_session,
    harden,
    login_token_ok,
    new_login_token,
    safe_next,
    set_session_cookie,
)
from api.deps import ClockDep, SettingsDep
from coach import audit
from coach.clinicians import authenticate, open_session, revoke_session
from coach.login_throttle import LoginThrottle

router = APIRouter()

WRONG = "wrong username or password · 用户名或密码错误"
TOO_MANY = "登录失败次数过多，请 {n} 分钟后再试 · Too many failed logins, please wait {n} minutes and try again"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, db: DbSession, clock: ClockDep, settings: SettingsDep, next: str = "") -> Response:
    if current_session(request, db, clock, settings) is not None:
        return harden(RedirectResponse(safe_next(next), status_code=303))
    return render_login(request, error=None, next_url=safe_next(next))


def render_login(
    request: Request, *, error: str | None, next_url: str, username: str = "", status: int = 200
) -> Response:
    probe = Response()
    token = new_login_token(request, probe)
    response = page(
        request, "login.html",
        {"error": error, "next": next_url, "username": username, "login_token": token},
        status_code=status,
    )
    response.headers.append("set-cookie", probe.headers["set-cookie"])
    return response


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    db: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    login_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=512)] = "",
) -> Response:
    next_url = safe_next(next)
    if not login_token_ok(request, login_token):
        return render_login(request, error="表单已过期，请重试 The form expired, please try again",
                            next_url=next_url, username=username, status=403)
    # The client address as the server sees it: behind a reverse proxy, run uvicorn with
    # --proxy-headers/--forwarded-allow-ips so this is the member's address, not the proxy's.
    address = request.client.host if request.client else None
    throttle = LoginThrottle(db, clock)
    lockout = throttle.check(username, address)
    if lockout is not None:  # checked before the password, so guessing stops being answered at all
        audit.record(db, clock, "clinician", None, "console.login_throttled", detail={})
        response = render_login(request, error=TOO_MANY.format(n=lockout.minutes), next_url=next_url,
                                username=username, status=429)
        response.headers["Retry-After"] = str(int(lockout.retry_after.total_seconds()) + 1)
        return response
    clinician = authenticate(db, username, password)
    if clinician is None:
        throttle.record_failure(username, address)
        audit.record(db, clock, "clinician", None, "console.login_failed", detail={})
        return render_login(request, error=WRONG, next_url=next_url, username=username, status=401)
    throttle.reset(username)
    token, _ = open_session(db, clock, clinician)
    audit.record(db, clock, "clinician", clinician.id, "console.login")
    response = RedirectResponse(next_url, status_code=303)
    set_session_cookie(response, request, settings, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=COOKIE_PATH)
    return harden(response)


@router.post("/logout", include_in_schema=False)
def logout(
    request: Request,
    db: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    auth = current_session(request, db, clock, settings)
    if auth is not None:
        if not csrf_ok(auth, csrf_token):
            return page(request, "forbidden.html", {"message": "CSRF token missing or invalid"}, auth=auth,
                        status_code=403)
        revoke_session(db, cookie_token(request, settings))
        audit.record(db, clock, "clinician", auth.clinician.id, "console.logout")
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response)
    return harden(response)
