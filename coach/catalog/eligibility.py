"""Which catalog items a member is eligible for on a given day.

Pure functions: the as-of date is passed in, the member is a read-only snapshot. Every
match carries short English reasons so a clinician (or the coach) can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.catalog.models import AgeRange, Catalog, EventWindow, MeasurementThreshold, TargetRule
from coach.members.snapshot import MemberSnapshot, ObservationRecord

_Reasons = list[str] | None  # None = the clause does not hold


@dataclass(frozen=True)
class EligibleItem:
    number: int
    code: str
    title_zh: str
    title_en: str
    reasons: tuple[str, ...]


def eligible_items(catalog: Catalog, member: MemberSnapshot, as_of: date) -> list[EligibleItem]:
    """Every catalog item whose target rule the member meets on `as_of`, by item number."""
    found: list[EligibleItem] = []
    for item in sorted(catalog.items, key=lambda i: i.number):
        reasons = explain_rule(item.target, member, as_of)
        if reasons is not None:
            unique = tuple(dict.fromkeys(reasons))
            found.append(EligibleItem(item.number, item.code, item.title_zh, item.title_en, unique))
    return found


def rule_matches(rule: TargetRule, member: MemberSnapshot, as_of: date) -> bool:
    return explain_rule(rule, member, as_of) is not None


def explain_rule(rule: TargetRule, member: MemberSnapshot, as_of: date) -> list[str] | None:
    """The reasons the rule holds, or None when it does not."""
    if rule.everyone:
        return ["all insured members"]
    reasons: list[str] = []
    clauses: list[_Reasons] = []
    if rule.age is not None:
        clauses.append(_age(rule.age, member, as_of))
    if rule.sex is not None:
        clauses.append([f"sex {rule.sex}"] if member.sex == rule.sex else None)
    if rule.conditions_any:
        has = [c for c in rule.conditions_any if member.has(c)]
        clauses.append([f"has {_label(' or '.join(has))}"] if has else None)
    if rule.conditions_all:
        ok = all(member.has(c) for c in rule.conditions_all)
        clauses.append([f"has {_label(' and '.join(rule.conditions_all))}"] if ok else None)
    if rule.conditions_none:
        clash = any(member.has(c) for c in rule.conditions_none)
        clauses.append(None if clash else [f"no {_label(' or '.join(rule.conditions_none))}"])
    if rule.medications_any:
        active = member.drug_classes(as_of)
        taking = [d for d in rule.medications_any if d in active]
        clauses.append([f"takes {_label(' or '.join(taking))}"] if taking else None)
    if rule.events_any:
        clauses.append(_events(rule.events_any, member, as_of))
    if rule.measurement_at_least is not None:
        clauses.append(_measurement(rule.measurement_at_least, member, as_of))
    if rule.any_of:
        clauses.append(_first_match(rule.any_of, member, as_of))
    for sub in rule.all_of:
        clauses.append(explain_rule(sub, member, as_of))
    for clause in clauses:
        if clause is None:
            return None
        reasons.extend(clause)
    return reasons


def _first_match(rules: tuple[TargetRule, ...], member: MemberSnapshot, as_of: date) -> _Reasons:
    for sub in rules:
        reasons = explain_rule(sub, member, as_of)
        if reasons is not None:
            return reasons
    return None


def _label(code: str) -> str:
    return code.replace("_", " ")


def _age(bounds: AgeRange, member: MemberSnapshot, as_of: date) -> _Reasons:
    if as_of < member.birth_date:
        return None
    age = member.age_on(as_of)
    if bounds.min is not None and age < bounds.min:
        return None
    if bounds.max is not None and age > bounds.max:
        return None
    if bounds.min is not None and bounds.max is not None:
        return [f"age {age} in {bounds.min}-{bounds.max}"]
    if bounds.min is not None:
        return [f"age {age} >= {bounds.min}"]
    return [f"age {age} <= {bounds.max}"]


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _local_day(moment: datetime, member: MemberSnapshot) -> date:
    """The member-local calendar day of an instant; as_of dates are member-local days."""
    zone = _zone(member.timezone)
    if moment.tzinfo is None or zone is None:
        return moment.date()
    return moment.astimezone(zone).date()


_DIAGNOSIS_SPLIT = re.compile(r"[\s,;/|]+")


def _normalise_icd(code: str) -> str:
    return code.strip().upper().replace(".", "")


def _diagnosis_hit(record: ObservationRecord, prefixes: tuple[str, ...]) -> str | None:
    """The first recorded diagnosis code starting with one of the prefixes."""
    wanted = [_normalise_icd(p) for p in prefixes]
    for code in _DIAGNOSIS_SPLIT.split(record.attributes.get("diagnosis", "")):
        if code and any(_normalise_icd(code).startswith(p) for p in wanted):
            return code.strip()
    return None


def _events(windows: tuple[EventWindow, ...], member: MemberSnapshot, as_of: date) -> _Reasons:
    for window in windows:
        earliest_excluded = as_of - timedelta(days=window.within_days)
        hits: list[tuple[date, str | None]] = []
        for record in member.observations_of(window.kind):
            day = _local_day(record.observed_at, member)
            if not earliest_excluded < day <= as_of:
                continue
            diagnosis = _diagnosis_hit(record, window.diagnosis_prefixes) if window.diagnosis_prefixes else None
            if window.diagnosis_prefixes and diagnosis is None:
                continue
            hits.append((day, diagnosis))
        if hits:
            day, diagnosis = max(hits, key=lambda h: h[0])
            detail = f"{diagnosis}, " if diagnosis else ""
            return [f"{_label(window.kind)} on {day.isoformat()} ({detail}within {window.within_days} days)"]
    return None


def _latest_value(member: MemberSnapshot, kind: str, as_of: date) -> tuple[float, date] | None:
    """The most recent numeric value of `kind` observed on or before `as_of`."""
    best: tuple[datetime, float] | None = None
    for record in member.observations_of(kind):
        if record.value is None or _local_day(record.observed_at, member) > as_of:
            continue
        if best is None or record.observed_at > best[0]:
            best = (record.observed_at, record.value)
    if best is None:
        return None
    return best[1], _local_day(best[0], member)


def _measurement(threshold: MeasurementThreshold, member: MemberSnapshot, as_of: date) -> _Reasons:
    latest = _latest_value(member, threshold.kind, as_of)
    derived = False
    if latest is None and threshold.kind == "bmi":
        latest = _derived_bmi(member, as_of)
        derived = latest is not None
    if latest is None or latest[0] < threshold.value:
        return None
    value, day = latest
    source = "from weight and height" if derived else f"on {day.isoformat()}"
    return [f"{_label(threshold.kind)} {value:.1f} >= {threshold.value:g} ({source})"]


def _derived_bmi(member: MemberSnapshot, as_of: date) -> tuple[float, date] | None:
    weight = _latest_value(member, "weight", as_of)
    height = _latest_value(member, "height", as_of)
    if weight is None or height is None or height[0] <= 0:
        return None
    metres = height[0] / 100.0
    return weight[0] / (metres * metres), weight[1]
