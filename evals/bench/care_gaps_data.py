"""Synthetic population for the care-gap benchmark: deterministic members, conditions by
age-scaled prevalence, matching medications, dose logs for about half of the treated members,
readings, tests, screenings, discharges, fractures, escalations and nudges, bulk-inserted with
SQLAlchemy core in chunks (explicit ids, so children can refer to parents without RETURNING)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from coach.catalog.models import BUSINESS_LINES
from coach.db import models as m
from coach.members.icd10 import conditions_for

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)
Progress = Callable[[str], None]

CONDITIONS: tuple[tuple[str, float, tuple[str, str] | None], ...] = (
    ("I10", 0.25, ("缬沙坦", "ras_antagonist")),
    ("E11.9", 0.11, ("二甲双胍", "antidiabetic")),
    ("E78.5", 0.16, ("阿托伐他汀", "statin")),
    ("N18.3", 0.04, None),
    ("I50.9", 0.02, ("比索洛尔", "beta_blocker")),
    ("I25.1", 0.05, ("阿司匹林", "antiplatelet")),
    ("J44.9", 0.04, ("噻托溴铵", "bronchodilator")),
    ("J45.9", 0.04, ("布地奈德", "inhaled_corticosteroid")),
    ("I48.9", 0.02, ("华法林", "anticoagulant")),
    ("F32.9", 0.03, ("舍曲林", "antidepressant")),
    ("F17.2", 0.15, None),
    ("E66.9", 0.06, None),
    ("I25.2", 0.01, ("美托洛尔", "beta_blocker")),
)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(0, 12), rng.randint(0, 59), tzinfo=UTC)


def _age(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.01:
        return rng.randint(0, 1)
    if roll < 0.42:
        return rng.randint(18, 44)
    if roll < 0.77:
        return rng.randint(45, 64)
    return rng.randint(65, 92)


class _Generator:
    """Rows for one chunk of members, with explicit ids so children can refer to parents."""

    def __init__(self, seed: int, dose_log_days: int) -> None:
        self.rng = random.Random(seed)
        self.dose_log_days = dose_log_days
        self.medication_id = 0
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def chunk(self, first_id: int, count: int) -> dict[str, list[dict[str, Any]]]:
        self.rows = {name: [] for name in ("members", "conditions", "medications", "doses", "observations",
                                           "escalations", "nudges")}
        for member_id in range(first_id, first_id + count):
            self._member(member_id)
        return self.rows

    def _obs(self, member_id: int, kind: str, day: date, value: float | None = None, systolic: int | None = None,
             diastolic: int | None = None, **attributes: str) -> None:
        self.rows["observations"].append({
            "member_id": member_id, "kind": kind, "value": value, "systolic": systolic, "diastolic": diastolic,
            "unit": None, "attributes": attributes, "observed_at": _at(day, self.rng), "source": "api",
            "created_at": NOW})

    def _days_ago(self, low: int, high: int) -> date:
        return TODAY - timedelta(days=self.rng.randint(low, high))

    def _member(self, member_id: int) -> None:
        rng = self.rng
        age = _age(rng)
        sex = rng.choice("MF")
        birth = TODAY - timedelta(days=age * 365 + rng.randint(0, 364))
        factor = 0.4 if age < 45 else (1.0 if age < 65 else 1.6)
        codes = [(code, med) for code, p, med in CONDITIONS if age >= 18 and rng.random() < p * factor]
        if sex == "F" and age >= 65 and rng.random() < 0.1:
            codes.append(("M81.0", ("阿仑膦酸钠", "osteoporosis_treatment")))
        hf = any(code == "I50.9" for code, _ in codes)
        self.rows["members"].append({
            "id": member_id, "external_id": f"bench-{member_id}", "sex": sex, "birth_date": birth,
            "birth_date_estimated": False, "language": "en" if rng.random() < 0.1 else "zh",
            "timezone": "Asia/Shanghai", "care_tier": "digital", "business_line": rng.choice(BUSINESS_LINES),
            "consent_health_data": True, "opt_out_nudges": False, "weight_low_kg": 60.0 if hf else None,
            "weight_high_kg": 66.0 if hf else None, "created_at": NOW, "updated_at": NOW})
        logger = rng.random() < 0.5
        for code, med in codes:
            self.rows["conditions"].append({"member_id": member_id, "icd10_code": code,
                                            "canonical": ",".join(sorted(conditions_for(code)))})
            if med is not None and rng.random() < 0.85:
                self._medication(member_id, med, logger)
        self._observations(member_id, age, sex, {c for c, _ in codes})
        if rng.random() < 0.02:
            opened = _at(self._days_ago(0, 120), rng)
            self.rows["escalations"].append({
                "member_id": member_id, "level": rng.choice(("emergency", "urgent", "routine")),
                "reasons": ["synthetic"], "evidence": [], "status": rng.choice(("open", "resolved")),
                "source": "message", "repeat_count": 0, "on_call": False, "notify_count": 0, "opened_at": opened,
                "last_seen_at": opened, "sla_due_at": opened})
        if rng.random() < 0.05:
            for slot in range(3):
                sent = _at(self._days_ago(0, 300), rng)
                self.rows["nudges"].append({
                    "member_id": member_id, "kind": "gap_reminder", "item": rng.choice((15, 16, 17, 24)),
                    "due_at": sent, "idempotency_key": f"bench-{member_id}-{slot}", "priority": 1,
                    "status": "sent", "text": "synthetic", "created_at": sent, "sent_at": sent,
                    "responded_at": sent if rng.random() < 0.4 else None})

    def _medication(self, member_id: int, med: tuple[str, str], logger: bool) -> None:
        self.medication_id += 1
        start = self._days_ago(30, 1500)
        self.rows["medications"].append({
            "id": self.medication_id, "member_id": member_id, "name": med[0], "drug_class": med[1],
            "dose_text": None, "times": ["08:00"], "start_date": start, "stop_date": None, "created_at": NOW})
        if logger:
            adherence = self.rng.uniform(0.5, 1.0)
            for offset in range(self.dose_log_days):
                day = TODAY - timedelta(days=offset)
                self.rows["doses"].append({
                    "member_id": member_id, "medication_id": self.medication_id, "day": day, "slot": "08:00",
                    "taken": self.rng.random() < adherence, "source": "api", "logged_at": NOW})

    def _observations(self, member_id: int, age: int, sex: str, codes: set[str]) -> None:
        rng, obs = self.rng, self._obs
        if codes & {"I10", "E11.9"}:
            for _ in range(rng.randint(0, 6)):
                obs(member_id, "blood_pressure", self._days_ago(0, 400), systolic=rng.randint(110, 170),
                    diastolic=rng.randint(65, 100))
        if "E11.9" in codes:
            for _ in range(rng.randint(0, 2)):
                obs(member_id, "hba1c", self._days_ago(0, 400), round(rng.uniform(5.8, 10.5), 1))
            if rng.random() < 0.5:
                obs(member_id, "eye_exam", self._days_ago(0, 800), result=rng.choice(("negative", "abnormal")))
        if codes & {"E11.9", "I10", "N18.3"}:
            if rng.random() < 0.6:
                obs(member_id, "egfr", self._days_ago(0, 500), float(rng.randint(30, 110)))
            if rng.random() < 0.4:
                obs(member_id, "uacr", self._days_ago(0, 500), float(rng.randint(5, 300)))
        if "E78.5" in codes and rng.random() < 0.6:
            obs(member_id, "ldl", self._days_ago(0, 500), round(rng.uniform(1.5, 5.0), 2))
        if 45 <= age <= 75 and rng.random() < 0.4:
            obs(member_id, "colorectal_screening", self._days_ago(0, 3000),
                modality=rng.choice(("fit", "fit", "colonoscopy", "fit_dna")))
        if sex == "F" and 21 <= age <= 64 and rng.random() < 0.3:
            obs(member_id, "cervical_screening", self._days_ago(0, 1500), modality="cytology")
        if "I50.9" in codes:
            for offset in range(30):
                if rng.random() < 0.8:
                    obs(member_id, "weight", TODAY - timedelta(days=offset), round(rng.uniform(59.0, 67.0), 1))
        if "J44.9" in codes and rng.random() < 0.5:
            obs(member_id, "spirometry", self._days_ago(0, 2000), fev1_fvc=f"{rng.uniform(0.45, 0.75):.2f}")
        if "I48.9" in codes and rng.random() < 0.6:
            obs(member_id, "ecg", self._days_ago(0, 500))
        if age >= 66:
            for kind in ("functional_assessment", "medication_review"):
                if rng.random() < 0.4:
                    obs(member_id, kind, self._days_ago(0, 500))
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 4)):
                obs(member_id, "steps", self._days_ago(0, 20), float(rng.randint(1000, 14000)))
        if age >= 18 and rng.random() < 0.03:
            obs(member_id, "hospital_discharge", self._days_ago(0, 120),
                diagnosis=rng.choice(("I21.4", "I50.9", "J44.1", "I63.9", "J18.9", "S72.0", "K35.8")))
        if age >= 65 and rng.random() < 0.015:
            obs(member_id, "fracture", self._days_ago(0, 250), site="wrist")
        if age <= 1 and rng.random() < 0.5:
            obs(member_id, "blood_lead", self._days_ago(0, 200), round(rng.uniform(0.5, 6.0), 1))


_TABLES = (("members", m.Member), ("conditions", m.MemberCondition), ("medications", m.Medication),
           ("doses", m.DoseLog), ("observations", m.Observation), ("escalations", m.Escalation),
           ("nudges", m.Nudge))


def populate(engine: Engine, members: int, *, seed: int = 7, dose_log_days: int = 30, chunk: int = 5000,
             progress: Progress | None = None) -> dict[str, int]:
    generator = _Generator(seed, dose_log_days)
    counts = dict.fromkeys((name for name, _ in _TABLES), 0)
    for first in range(1, members + 1, chunk):
        rows = generator.chunk(first, min(chunk, members + 1 - first))
        with engine.begin() as conn:
            for name, table in _TABLES:
                if rows[name]:
                    conn.execute(insert(table), rows[name])
                    counts[name] += len(rows[name])
        if progress is not None:
            progress(f"inserted {min(first + chunk - 1, members)} / {members} members")
    return counts
