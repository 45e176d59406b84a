"""Every client error has one shape: {"error": {"code", "message", "field"?, "fields"?}}.

Domain errors are mapped to HTTP only here; unexpected errors are logged with their
traceback and the client gets a plain 500 without internals. A lost database connection is a 503
`database_unavailable` (retry later) rather than a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.db_retry import connection_lost
from coach.errors import CoachError, ConfigurationError, ConflictError, NotFoundError, ValidationFailed

log = logging.getLogger("coach.api")

_STATUS: dict[type[CoachError], int] = {
    NotFoundError: 404,
    ValidationFailed: 422,
    ConflictError: 409,
    ConfigurationError: 503,
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **{k: v for k, v in extra.items() if v is not None}}}


def _location(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        elif part not in ("body",) and not str(part).startswith(("function-", "tagged-union")):
            parts.append(str(part))
    return ".".join(parts) or "body"


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    fields = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        fields.append({"field": _location(tuple(err.get("loc", ()))), "message": message})
    first = fields[0] if fields else {"field": "body", "message": "invalid request"}
    return JSONResponse(
        status_code=422,
        content=error_body(
            "validation_error", f"{first['field']}: {first['message']}", field=first["field"], fields=fields
        ),
    )


async def _coach_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CoachError)
    status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 400)
    message = f"{exc.field}: {exc.message}" if exc.field and status == 422 else exc.message
    return JSONResponse(status_code=status, content=error_body(exc.code, message, field=exc.field))


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
        429: "rate_limited",
    }
    return JSONResponse(
        status_code=exc.status_code,
        content=error_body(codes.get(exc.status_code, "http_error"), str(exc.detail)),
        headers=getattr(exc, "headers", None),
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Registered for Exception, so it runs in ServerErrorMiddleware, after api.db_retry had its chance.
    if connection_lost(exc):
        log.warning("database connection lost on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(status_code=503, headers={"Retry-After": "1"}, content=error_body(
            "database_unavailable", "the database connection was lost before the request completed; please retry"))
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(status_code=500, content=error_body("internal_error", "internal server error"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(CoachError, _coach_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
