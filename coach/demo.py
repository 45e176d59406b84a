"""Demo members for `coach demo`: five realistic situations the coach should handle well."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.clinicians import create_clinician
from coach.clock import Clock
from coach.db import models as m
from coach.members.observations import canonicalise
from coach.members.schemas import DoseLogIn, MedicationIn, MemberCreate, ObservationIn
from coach.members.store import MemberStore, local_today


@dataclass(frozen=True)
class DemoMember:
    external_id: str
    story: str
    member: dict[str, Any]
    observations: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (days ago, observation)
    missed_dose_days: tuple[int, ...] = ()  # days ago a dose of the first medication was reported missed


DEMO_MEMBERS = (
    DemoMember(
        "demo-diabetic", "58-year-old man with type 2 diabetes; kidney check overdue (eGFR 14 months ago, never a uACR)",
        {"sex": "M", "age": 58, "conditions": ["E11.9", "I10"], "height_cm": 170,
         "medications": [{"name": "二甲双胍", "dose": "500mg", "times": ["08:00", "20:00"]},
                         {"name": "缬沙坦", "dose": "80mg", "times": ["08:00"]}]},
        [(420, {"kind": "egfr", "value": 72}), (95, {"kind": "hba1c", "value": 7.6}),
         (3, {"kind": "blood_pressure", "value": {"systolic": 136, "diastolic": 84}})],
    ),
    DemoMember(
        "demo-heart-failure", "71-year-old woman with heart failure; weight 62.0 → 62.8 kg over a week",
        {"sex": "F", "age": 71, "conditions": ["I50.9", "I10"], "weight_range_kg": [60.5, 63.0],
         "medications": [{"name": "呋塞米", "dose": "20mg", "times": ["08:00"]},
                         {"name": "比索洛尔", "dose": "2.5mg", "times": ["08:00"]}]},
        [(days, {"kind": "weight", "value": value})
         for days, value in ((7, 62.0), (6, 62.1), (5, 62.0), (4, 62.3), (3, 62.4), (2, 62.6), (1, 62.8))],
    ),
    DemoMember(
        "demo-hypertension", "63-year-old man with hypertension, missing doses; BP 152/96",
        {"sex": "M", "age": 63, "conditions": ["I10", "E78.5"],
         "medications": [{"name": "氨氯地平", "dose": "5mg", "times": ["08:00"]},
                         {"name": "阿托伐他汀", "dose": "20mg", "times": ["20:00"]}]},
        [(1, {"kind": "blood_pressure", "value": {"systolic": 152, "diastolic": 96}})],
        missed_dose_days=(1, 3, 4, 6, 8),
    ),
    DemoMember(
        "demo-fall", "78-year-old woman who fell 5 days ago, on an anticoagulant",
        {"sex": "F", "age": 78, "conditions": ["I48.0", "M81.0"],
         "medications": [{"name": "利伐沙班", "dose": "15mg", "times": ["18:00"]}]},
        [(5, {"kind": "fall", "attributes": {"injury": "bruised hip"}})],
    ),
    DemoMember(
        "demo-healthy-50", "50-year-old woman, no conditions, due for colorectal screening",
        {"sex": "F", "age": 50, "conditions": [], "language": "en"},
        [(30, {"kind": "weight", "value": 61.5})],
    ),
)


DEMO_DOCTOR = "dr.demo"


def ensure_demo_doctor(session: Session, clock: Clock) -> tuple[int, str | None]:
    """The demo family doctor (an admin of the console). A new account gets a random password,
    returned once so the caller can show it; an existing one keeps its password (None)."""
    existing = session.scalar(select(m.Clinician).where(m.Clinician.username == DEMO_DOCTOR))
    if existing is not None:
        return existing.id, None
    password = secrets.token_urlsafe(12)
    doctor = create_clinician(session, clock, DEMO_DOCTOR, "Demo family doctor", password, role="admin", on_call=True)
    return doctor.id, password


def load_demo(session: Session, clock: Clock, doctor_id: int | None = None) -> list[tuple[int, DemoMember]]:
    """Create the demo members that do not exist yet; returns (member id, demo) for all of them."""
    store = MemberStore(session, clock)
    now = clock.now()
    loaded = []
    for demo in DEMO_MEMBERS:
        existing = store.by_external_id(demo.external_id)
        if existing is not None:
            loaded.append((existing.id, demo))
            continue
        member_id = create_demo_member(store, demo, now, demo.external_id, doctor_id)
        loaded.append((member_id, demo))
    return loaded


def create_demo_member(store: MemberStore, demo: DemoMember, now: datetime, external_id: str,
                       doctor_id: int | None = None) -> int:
    """One demo member with their readings and dose history, under the given external id."""
    spec = dict(demo.member)
    spec["medications"] = [MedicationIn(**med) for med in spec.get("medications", [])]
    member = store.create(MemberCreate(external_id=external_id, consent_health_data=True,
                                       family_doctor_id=doctor_id, **spec))
    for days, obs in demo.observations:
        body = ObservationIn(observed_at=now - timedelta(days=days), **obs)
        store.add_observation(member.id, canonicalise(body, now=now, member_timezone=member.timezone))
    if demo.missed_dose_days and member.medications:
        today = local_today(now, member.timezone)
        medication = member.medications[0]
        for days in range(10, 0, -1):
            day = today - timedelta(days=days)
            store.log_dose(member.id, medication.id, DoseLogIn(day=day, taken=days not in demo.missed_dose_days))
    return member.id
