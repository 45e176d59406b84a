"""The queue and the ticket page. Every view of member data is audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.console import views
from api.console.render import DONE_LABELS, forbidden, not_found, page, ticket_row
from api.console.security import DbSession, current_session, harden
from api.deps import ClockDep, IdPath, SettingsDep
from coach import audit
from coach.clinicians import ConsoleSession, can_view
from coach.clock import Clock
from coach.db import models as m
from coach.escalations.notifier import build_notifier
from coach.escalations.policy import LIVE_STATUSES, STATUSES, EscalationPolicy
from coach.escalations.routing import family_doctor
from coach.escalations.service import EscalationService
from coach.escalations.takeover import latest_conversation
from coach.members.store import MemberStore
from coach.settings import Settings
from coach.triage.labels import labels_for
from coach.triage.models import REASON_CODES

router = APIRouter()
QUEUE_REFRESH_S = 15


def service_for(db: Session, clock: Clock, settings: Settings) -> EscalationService:
    return EscalationService(db, clock, EscalationPolicy.from_settings(settings), build_notifier(settings, db, clock))


def to_login(request: Request) -> Response:
    target = request.url.path if request.method == "GET" else ""
    return harden(RedirectResponse(f"/console/login?next={target}" if target else "/console/login", status_code=303))


def _statuses(status: list[str] | None) -> list[str]:
    wanted = [s for s in (status or []) if s in STATUSES]
    return wanted or list(LIVE_STATUSES)


def _queue_rows(
    db: Session, clock: Clock, settings: Settings, auth: ConsoleSession, statuses: list[str], kind: str
) -> list[dict[str, Any]]:
    tickets = service_for(db, clock, settings).queue(auth.clinician, statuses)
    names = views.clinician_names(db, (t.assigned_clinician_id for t in tickets))
    audit.record(
        db, clock, "clinician", auth.clinician.id, kind, target="queue",
        detail={"statuses": statuses, "member_ids": sorted({t.member_id for t in tickets})},
    )
    now = clock.now()
    return [ticket_row(t, now, names, settings.default_timezone) for t in tickets]


@router.get("/queue", response_class=HTMLResponse, include_in_schema=False)
def queue_page(
    request: Request, db: DbSession, clock: ClockDep, settings: SettingsDep,
    status: Annotated[list[str] | None, Query()] = None,
) -> Response:
    auth = current_session(request, db, clock, settings)
    if auth is None:
        return to_login(request)
    statuses = _statuses(status)
    rows = _queue_rows(db, clock, settings, auth, statuses, "console.queue.view")
    return page(
        request, "queue.html",
        {"rows": rows, "selected": statuses, "all_statuses": STATUSES, "refresh_s": QUEUE_REFRESH_S},
        auth=auth,
    )


@router.get("/queue.json", include_in_schema=False)
def queue_json(
    request: Request, db: DbSession, clock: ClockDep, settings: SettingsDep,
    status: Annotated[list[str] | None, Query()] = None,
) -> Response:
    auth = current_session(request, db, clock, settings)
    if auth is None:
        return harden(JSONResponse({"error": {"code": "unauthorized", "message": "log in again"}}, status_code=401))
    rows = _queue_rows(db, clock, settings, auth, _statuses(status), "console.queue.refresh")
    return harden(JSONResponse({"now": clock.now().isoformat(), "tickets": rows}))


def load_ticket(
    request: Request, db: Session, auth: ConsoleSession, escalation_id: int, clock: Clock
) -> m.Escalation | Response:
    """The ticket if this clinician may see its member; otherwise the 404/403 page (and an audit entry)."""
    escalation = db.get(m.Escalation, escalation_id)
    if escalation is None:
        return not_found(request, auth, f"工单 #{escalation_id} 不存在 Ticket not found")
    member = db.get(m.Member, escalation.member_id)
    if member is None or not can_view(db, auth.clinician, member):
        audit.record(db, clock, "clinician", auth.clinician.id, "console.denied", escalation.member_id,
                     f"escalation:{escalation.id}", {"path": request.url.path})
        return forbidden(request, auth, "您无权查看该会员 You are not allowed to see this member")
    return escalation


def render_ticket(
    request: Request, db: Session, clock: Clock, settings: Settings, auth: ConsoleSession,
    escalation: m.Escalation, *, error: str | None = None, done: str | None = None, status_code: int = 200,
) -> Response:
    member = db.get(m.Member, escalation.member_id)
    assert member is not None
    now = clock.now()
    service = service_for(db, clock, settings)
    events = service.events(escalation.id)
    conversation = latest_conversation(db, member.id)
    names = views.clinician_names(
        db,
        [escalation.assigned_clinician_id, escalation.acknowledged_by, escalation.resolved_by,
         conversation.held_by_clinician_id if conversation else None, *(e.clinician_id for e in events)],
    )
    context = {
        "t": escalation,
        "row": ticket_row(escalation, now, names, settings.default_timezone),
        "member": views.member_facts(member, now, family_doctor(db, member)),
        "vitals": views.vitals(MemberStore(db, clock), member.id, now),
        "lines": views.transcript(db, clock, escalation),
        "gaps": views.care_gaps(db, member.id),
        "events": events,
        "names": names,
        "conversation": conversation,
        "labels": labels_for(db, member.id),
        "reason_codes": REASON_CODES,
        "error": error,
        "done": DONE_LABELS.get(done or ""),
    }
    audit.record(db, clock, "clinician", auth.clinician.id, "console.ticket.view", member.id,
                 f"escalation:{escalation.id}", {"sections": ["summary", "vitals", "transcript", "care_gaps"]})
    return page(request, "ticket.html", context, auth=auth, status_code=status_code)


@router.get("/tickets/{escalation_id}", response_class=HTMLResponse, include_in_schema=False)
def ticket_page(
    request: Request, escalation_id: IdPath, db: DbSession, clock: ClockDep, settings: SettingsDep, done: str = ""
) -> Response:
    auth = current_session(request, db, clock, settings)
    if auth is None:
        return to_login(request)
    found = load_ticket(request, db, auth, escalation_id, clock)
    if isinstance(found, Response):
        return found
    return render_ticket(request, db, clock, settings, auth, found, done=done)
