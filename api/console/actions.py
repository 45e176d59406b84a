"""Ticket actions posted from the ticket page. Each checks login, the form's CSRF token and
whether this clinician may see the member, then calls the escalation service (which audits)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from api.console.pages import load_ticket, render_ticket, service_for, to_login
from api.console.render import forbidden, not_found
from api.console.security import DbSession, csrf_ok, current_session, harden
from api.deps import ClockDep, IdPath, SettingsDep
from coach.clinicians import ConsoleSession
from coach.clock import Clock
from coach.db import models as m
from coach.errors import CoachError, ConflictError
from coach.escalations.service import EscalationService
from coach.escalations.takeover import latest_conversation
from coach.settings import Settings
from coach.triage.labels import label_message

router = APIRouter()

ACTIONS = ("acknowledge", "reply", "note", "resolve", "hold", "release", "reopen")
CSRF_MESSAGE = "CSRF 校验失败，请刷新页面后重试 CSRF token missing or invalid"


def _run(action: str, service: EscalationService, clinician: m.Clinician, escalation_id: int, text: str) -> None:
    if action == "acknowledge":
        service.acknowledge(escalation_id, clinician)
    elif action == "reply":
        service.reply(escalation_id, clinician, text)
    elif action == "note":
        service.add_note(escalation_id, clinician, text)
    elif action == "resolve":
        service.resolve(escalation_id, clinician, text)
    elif action == "reopen":
        service.reopen(escalation_id, clinician, text or None)
    else:
        member_id = service.get(escalation_id).member_id
        conversation = latest_conversation(service.session, member_id)
        if conversation is None:
            raise ConflictError("该会员还没有对话 The member has no conversation yet")
        takeover = service.hold if action == "hold" else service.release
        takeover(conversation.id, clinician, escalation_id)


def _checked(request: Request, db: Session, clock: Clock, settings: Settings, csrf_token: str, escalation_id: int,
             action: str | None = None) -> tuple[ConsoleSession, m.Escalation] | Response:
    """Logged in, a valid CSRF token, a known action, and a ticket this clinician may see; else the page that says no."""
    auth = current_session(request, db, clock, settings)
    if auth is None:
        return to_login(request)
    if not csrf_ok(auth, csrf_token):
        return forbidden(request, auth, CSRF_MESSAGE)
    if action is not None and action not in ACTIONS:
        return not_found(request, auth, "未知操作 Unknown action")
    found = load_ticket(request, db, auth, escalation_id, clock)
    return found if isinstance(found, Response) else (auth, found)


# Registered before the generic action route below, which would take "label" for an unknown action.
@router.post("/tickets/{escalation_id}/label", include_in_schema=False)
def label_action(
    request: Request,
    escalation_id: IdPath,
    db: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    message_id: Annotated[int, Form(ge=1, le=2**53)] = 0,
    kind: Annotated[str, Form(max_length=24)] = "",
    level: Annotated[str, Form(max_length=16)] = "",
    reason: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """A clinician's triage label on one of the member's messages (the ticket's own, or one it missed)."""
    checked = _checked(request, db, clock, settings, csrf_token, escalation_id)
    if isinstance(checked, Response):
        return checked
    auth, found = checked
    message = db.get(m.Message, message_id)
    if message is None or message.member_id != found.member_id:
        return not_found(request, auth, "消息不存在 Message not found")
    try:
        label_message(db, clock, auth.clinician, message, kind=kind, level=level, reason=reason or None,
                      escalation_id=found.id)
    except CoachError as exc:
        db.rollback()
        return render_ticket(request, db, clock, settings, auth, found, error=exc.message, status_code=422)
    return harden(RedirectResponse(f"/console/tickets/{escalation_id}?done=label", status_code=303))


@router.post("/tickets/{escalation_id}/{action}", include_in_schema=False)
def ticket_action(
    request: Request,
    escalation_id: IdPath,
    action: str,
    db: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    checked = _checked(request, db, clock, settings, csrf_token, escalation_id, action)
    if isinstance(checked, Response):
        return checked
    auth, _ = checked
    service = service_for(db, clock, settings)
    try:
        _run(action, service, auth.clinician, escalation_id, text)
    except CoachError as exc:
        db.rollback()
        escalation = service.get(escalation_id)
        code = 409 if isinstance(exc, ConflictError) else 422
        return render_ticket(request, db, clock, settings, auth, escalation, error=exc.message, status_code=code)
    return harden(RedirectResponse(f"/console/tickets/{escalation_id}?done={action}", status_code=303))
