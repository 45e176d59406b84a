"""Templates, labels and the shapes shared by the HTML pages and the queue's JSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.console.security import harden
from coach.clinicians import ConsoleSession
from coach.db import models as m

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
STATIC_URL = "/console/static"

LEVEL_LABELS = {"emergency": ("紧急", "Emergency"), "urgent": ("加急", "Urgent"), "routine": ("常规", "Routine")}
STATUS_LABELS = {
    "open": ("待处理", "Open"),
    "acknowledged": ("已确认", "Acknowledged"),
    "resolved": ("已解决", "Resolved"),
    "cancelled": ("已取消", "Cancelled"),
}
DONE_LABELS = {
    "acknowledge": "已确认 Acknowledged",
    "reply": "回复已发送 Reply queued for delivery",
    "note": "备注已保存 Note saved",
    "resolve": "已解决 Resolved",
    "hold": "已接管对话 Conversation taken over",
    "release": "已交还教练 Handed back to the coach",
    "reopen": "已重新打开 Reopened",
    "label": "分诊标注已保存，将用于下次训练 Triage label saved for the next training run",
}

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def local_time(value: datetime | None, tz: str = "Asia/Shanghai", fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(ZoneInfo(tz)).strftime(fmt) if value else "—"


templates.env.filters["local"] = local_time


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    auth: ConsoleSession | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    settings = request.app.state.settings
    base = {
        "auth": auth,
        "csrf": auth.csrf_token if auth else "",
        "static": STATIC_URL,
        "tz": settings.default_timezone,
        "levels": LEVEL_LABELS,
        "statuses": STATUS_LABELS,
    }
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
    harden(response)
    return response


def forbidden(request: Request, auth: ConsoleSession | None, message: str) -> HTMLResponse:
    return page(request, "forbidden.html", {"message": message}, auth=auth, status_code=403)


def not_found(request: Request, auth: ConsoleSession | None, message: str) -> HTMLResponse:
    return page(request, "not_found.html", {"message": message}, auth=auth, status_code=404)


def minutes_left(escalation: m.Escalation, now: datetime) -> int:
    return int((escalation.sla_due_at - now).total_seconds() // 60)


def ticket_row(escalation: m.Escalation, now: datetime, names: dict[int, str], tz: str) -> dict[str, Any]:
    """One queue row, as the HTML table and the auto-refresh JSON both show it."""
    live = escalation.status == "open"
    left = minutes_left(escalation, now)
    zh, en = LEVEL_LABELS.get(escalation.level, (escalation.level, escalation.level))
    szh, sen = STATUS_LABELS.get(escalation.status, (escalation.status, escalation.status))
    return {
        "id": escalation.id,
        "url": f"/console/tickets/{escalation.id}",
        "member_id": escalation.member_id,
        "level": escalation.level,
        "level_label": f"{zh} {en}",
        "status": escalation.status,
        "status_label": f"{szh} {sen}",
        "reasons": list(escalation.reasons),
        "opened_at": local_time(escalation.opened_at, tz),
        "sla_due_at": local_time(escalation.sla_due_at, tz),
        "sla_left_min": left if live else None,
        "overdue": live and left < 0,
        "assigned": names.get(escalation.assigned_clinician_id or 0),
        "on_call": escalation.on_call,
        "repeat_count": escalation.repeat_count,
    }
