"""What the ticket page shows, assembled from the stores (read-only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.console.charts import Point, trend_svg
from coach.catalog.loader import load_catalog
from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db import models as m
from coach.members.snapshot import age_on
from coach.members.store import MemberStore, local_today

VITALS: tuple[tuple[str, str, str], ...] = (
    ("weight", "体重 Weight", "kg"),
    ("blood_pressure", "血压 Blood pressure", "mmHg"),
    ("glucose", "血糖 Glucose", "mmol/L"),
    ("egfr", "eGFR", "mL/min/1.73m²"),
)
TREND_DAYS = 180
TRANSCRIPT_LIMIT = 60
ROLE_LABELS = {"coach": "教练 Coach", "clinician": "医生 Clinician", "triage": "分诊 Triage"}


@dataclass(frozen=True)
class Vital:
    kind: str
    label: str
    unit: str
    latest: str | None
    latest_at: datetime | None
    chart: Markup | None
    count: int


@dataclass(frozen=True)
class Segment:
    text: str
    reason: str | None = None  # set when this part is evidence


@dataclass(frozen=True)
class Line:
    message: m.Message
    who: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return any(s.reason is not None for s in self.segments)


@dataclass(frozen=True)
class Gap:
    item: int
    title: str
    status: str
    due_date: Any
    reason: str


def member_facts(member: m.Member, now: datetime, doctor: m.Clinician | None) -> dict[str, Any]:
    return {
        "id": member.id,
        "sex": {"M": "男 M", "F": "女 F"}.get(member.sex, member.sex),
        "age": age_on(member.birth_date, local_today(now, member.timezone)),
        "age_estimated": member.birth_date_estimated,
        "language": member.language,
        "timezone": member.timezone,
        "care_tier": member.care_tier,
        "business_line": member.business_line,
        "doctor": doctor.display_name if doctor else None,
        "conditions": [(c.icd10_code, [x for x in c.canonical.split(",") if x]) for c in member.conditions],
        "medications": [
            med for med in member.medications
            if med.stop_date is None or med.stop_date >= local_today(now, member.timezone)
        ],
    }


def vitals(store: MemberStore, member_id: int, now: datetime) -> list[Vital]:
    since = now - timedelta(days=TREND_DAYS)
    found: list[Vital] = []
    for kind, label, unit in VITALS:
        rows = store.observations(member_id, kind=kind, since=since, limit=90)
        if kind == "blood_pressure":
            series: list[list[Point]] = [
                [(r.observed_at, float(r.systolic)) for r in rows if r.systolic is not None],
                [(r.observed_at, float(r.diastolic)) for r in rows if r.diastolic is not None],
            ]
            latest = f"{rows[-1].systolic}/{rows[-1].diastolic}" if rows else None
        else:
            series = [[(r.observed_at, r.value) for r in rows if r.value is not None]]
            latest = f"{rows[-1].value:g}" if rows and rows[-1].value is not None else None
        chart = trend_svg(series, title=label, unit=unit) if rows else None
        found.append(Vital(kind, label, unit, latest, rows[-1].observed_at if rows else None, chart, len(rows)))
    return found


def _ranges(text: str, message_id: int, escalation: m.Escalation) -> list[tuple[int, int, str]]:
    ranges: list[tuple[int, int, str]] = []
    for item in escalation.evidence:
        item_message = item.get("message_id", escalation.message_id)
        if item_message != message_id:
            continue
        reason = str(item.get("reason") or "evidence")
        quote = str(item.get("evidence") or "")
        span = item.get("span")
        if (
            isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(v, int) for v in span)
            and 0 <= span[0] < span[1] <= len(text)
        ):
            ranges.append((span[0], span[1], reason))
        elif quote and quote in text:
            start = text.index(quote)
            ranges.append((start, start + len(quote), reason))
    return sorted(ranges)


def highlight(text: str, ranges: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Split `text` into plain and evidence parts (overlapping ranges are merged)."""
    segments: list[Segment] = []
    cursor = 0
    for start, end, reason in sorted(ranges):
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], reason))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def transcript(session: Session, clock: Clock, escalation: m.Escalation) -> list[Line]:
    recent = ConversationStore(session, clock).messages(escalation.member_id, limit=TRANSCRIPT_LIMIT)
    messages = {msg.id: msg for msg in recent}
    wanted = {item.get("message_id") for item in escalation.evidence} | {escalation.message_id}
    missing = [i for i in wanted if isinstance(i, int) and i not in messages]
    if missing:
        extra = select(m.Message).where(m.Message.id.in_(missing), m.Message.member_id == escalation.member_id)
        messages.update({msg.id: msg for msg in session.scalars(extra)})
    lines = []
    for msg in sorted(messages.values(), key=lambda x: (x.created_at, x.id)):
        who = "会员 Member" if msg.direction == "in" else ROLE_LABELS.get(msg.role or "", msg.role or "Coach")
        lines.append(Line(msg, who, highlight(msg.text, _ranges(msg.text, msg.id, escalation))))
    return lines


def care_gaps(session: Session, member_id: int) -> list[Gap]:
    rows = session.scalars(
        select(m.CareGap)
        .where(m.CareGap.member_id == member_id, m.CareGap.status.in_(("due", "overdue")))
        .order_by(m.CareGap.status.desc(), m.CareGap.due_date, m.CareGap.item)
    )
    try:
        titles = {item.number: f"{item.title_zh} {item.title_en}" for item in load_catalog().items}
    except Exception:  # the page must still render without the catalog file
        titles = {}
    return [Gap(r.item, titles.get(r.item, f"#{r.item}"), r.status, r.due_date, r.reason) for r in rows]


def clinician_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.scalars(select(m.Clinician).where(m.Clinician.id.in_(wanted)))
    return {c.id: c.display_name for c in rows}
