"""GET/POST /wechat: the Official Account's message push (URL verification, messages, events).

Register without the API bearer token: WeChat authenticates with the signature instead.
Refusals: bad signature or replayed timestamp → 403; malformed XML, DTD/entities, wrong AppID
→ 400; body over `wechat_max_body_bytes` → 413. A refused request stores nothing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from api.wechat.channel import WeChatChannel
from api.wechat.config import WeChatConfig
from api.wechat.envelope import WeChatRequestError, WeChatTooLarge, open_request, verify_query
from coach.settings import Settings

log = logging.getLogger("coach.wechat")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One channel per app. `create_app` includes this router; FastAPI runs the lifespan of every
    inclusion, so a caller that includes the router again must not get a second channel: its sweeper
    and turn threads would never see the requests (those go to `app.state.wechat`), so they would
    run coach turns in the middle of a burst instead of deferring to the acknowledgements."""
    if getattr(app.state, "wechat", None) is not None:
        yield  # an outer inclusion of this router runs the channel
        return
    settings: Settings = app.state.settings
    cfg = WeChatConfig.from_settings(settings)
    slots = 1 if settings.is_sqlite else max(1, settings.db_pool_size)
    channel = WeChatChannel(cfg, app.state.session_factory, app.state.clock, app.state.coach_turn, db_slots=slots)
    app.state.wechat = channel
    sweeper = asyncio.create_task(channel.sweep_forever()) if cfg.enabled and cfg.sweep_interval_s > 0 else None
    try:
        yield
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await sweeper
        channel.close()
        app.state.wechat = None  # a later lifespan of this app starts its own channel


router = APIRouter(tags=["wechat"], lifespan=lifespan)


def _channel(request: Request) -> WeChatChannel | None:
    channel: WeChatChannel | None = getattr(request.app.state, "wechat", None)
    return channel if channel is not None and channel.cfg.enabled else None


def _refused(exc: WeChatRequestError) -> PlainTextResponse:
    log.warning("wechat push refused (%s): %s", exc.status, exc.message)
    return PlainTextResponse(exc.code, status_code=exc.status)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise WeChatTooLarge("body too large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise WeChatTooLarge("body too large")
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/wechat", response_class=PlainTextResponse)
async def verify_url(request: Request) -> Response:
    """URL verification: echo `echostr` when the signature over (token, timestamp, nonce) holds."""
    channel = _channel(request)
    if channel is None or channel.cfg.token is None:
        return PlainTextResponse("wechat channel not configured", status_code=503)
    try:
        verify_query(channel.cfg.token, request.query_params, channel.clock.now())
    except WeChatRequestError as exc:
        return _refused(exc)
    return PlainTextResponse(request.query_params.get("echostr", ""))


@router.post("/wechat", response_class=PlainTextResponse)
async def push(request: Request) -> Response:
    channel = _channel(request)
    if channel is None:
        return PlainTextResponse("wechat channel not configured", status_code=503)
    try:
        body = await _body(request, channel.cfg.max_body_bytes)
        opened = open_request(channel.cfg, request.query_params, body, channel.clock.now())
    except WeChatRequestError as exc:
        return _refused(exc)
    answer = await channel.answer(opened)
    media_type = "text/plain" if answer == "success" else "application/xml"
    return Response(answer, media_type=media_type)
