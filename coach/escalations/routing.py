"""Who a ticket goes to, who hears about it, and how a member is described in an alert."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from coach.clinicians import on_call_pool
from coach.db import models as m
from coach.members.snapshot import age_on
from coach.members.store import local_today


def family_doctor(session: Session, member: m.Member) -> m.Clinician | None:
    if member.family_doctor_id is None:
        return None
    doctor = session.get(m.Clinician, member.family_doctor_id)
    return doctor if doctor is not None and doctor.active else None


def route(session: Session, member: m.Member) -> tuple[int | None, bool]:
    """(assigned clinician id, routed to the on-call pool): the family doctor, else the pool."""
    doctor = family_doctor(session, member)
    return (doctor.id, False) if doctor is not None else (None, True)


def recipients(session: Session, escalation: m.Escalation) -> list[m.Clinician]:
    """The assigned clinician, plus the whole on-call pool while the ticket is routed there."""
    found: dict[int, m.Clinician] = {}
    if escalation.assigned_clinician_id is not None:
        assigned = session.get(m.Clinician, escalation.assigned_clinician_id)
        if assigned is not None and assigned.active:
            found[assigned.id] = assigned
    if escalation.on_call:
        for clinician in on_call_pool(session):
            found.setdefault(clinician.id, clinician)
    return list(found.values())


def member_summary(member: m.Member, now: datetime) -> str:
    """A one-line description for clinicians: id, sex, age, conditions. No openid, no message text."""
    sex = {"M": "男 M", "F": "女 F"}.get(member.sex, member.sex)
    age = age_on(member.birth_date, local_today(now, member.timezone))
    conditions = sorted({name for c in member.conditions for name in c.canonical.split(",") if name})
    parts = [f"会员 member #{member.id}", sex, f"{age}岁"]
    if conditions:
        parts.append("/".join(conditions))
    return " · ".join(parts)
