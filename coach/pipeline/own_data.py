"""Questions about the member's own readings ("我最近血压怎么样", "how's my HbA1c doing?") are answered
from their records first: the last few values with dates, against the item's control target."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.member_facts import Fact, against_target, format_reading

_OWN = re.compile(r"我的|我最近|我这|我这几天|我今年|我上次|\bmy\b|\bam i\b|\bi'm\b|how's my|how is my|what was my",
                  re.IGNORECASE)
# (kind, pattern, item for most members, item when the member has the condition that owns it)
_KINDS: tuple[tuple[str, re.Pattern[str], int, tuple[tuple[str, int], ...]], ...] = (
    ("blood_pressure", re.compile(r"血压|\bbp\b|blood pressure|\bpressure\b", re.I), 20, (("diabetes", 18),)),
    ("hba1c", re.compile(r"糖化|hba1c|a1c", re.I), 15, ()),
    ("glucose", re.compile(r"血糖|blood sugar|glucose", re.I), 15, ()),
    ("bmi", re.compile(r"\bbmi\b|体质指数|超重|肥胖|overweight|obese", re.I), 2, ()),
    ("weight", re.compile(r"体重|称重|\bweight\b|\bweigh", re.I), 2, (("heart_failure", 31),)),
    ("ldl", re.compile(r"血脂|胆固醇|ldl|cholesterol", re.I), 25, ()),
    ("potassium", re.compile(r"血钾|potassium", re.I), 28, ()),
    ("egfr", re.compile(r"肾功能|肾脏检查|肌酐|egfr|kidney", re.I), 28, (("diabetes", 17), ("hypertension", 21))),
)


@dataclass(frozen=True)
class OwnDataAnswer:
    item: int
    kind: str
    facts: tuple[Fact, ...]


def _history(member: MemberSnapshot, kind: str, limit: int = 3) -> list[ObservationRecord]:
    return sorted(member.observations_of(kind), key=lambda o: o.observed_at)[-limit:]


def answer_own_data(question: str, member: MemberSnapshot) -> OwnDataAnswer | None:
    if not _OWN.search(question):
        return None
    kind = next((kind for kind, pattern, _, _ in _KINDS if pattern.search(question)), None)
    return reading_history(member, kind) if kind is not None else None


def reading_history(member: MemberSnapshot, kind: str) -> OwnDataAnswer | None:
    """The member's last few readings of `kind` with dates, against the control target."""
    found = next(((item, by_condition) for k, _, item, by_condition in _KINDS if k == kind), None)
    if found is None:
        return None
    item, by_condition = found
    chosen = next((owner for condition, owner in by_condition if member.has(condition)), item)
    history = _history(member, kind)
    if kind == "egfr" and not history:
        history = _history(member, "uacr")
    if not history:
        return None
    return OwnDataAnswer(chosen, kind, tuple(_facts(member, history)))


def _facts(member: MemberSnapshot, history: list[ObservationRecord]) -> list[Fact]:
    zh = member.language == "zh"
    readings = [format_reading(o, member.language, member.timezone) for o in reversed(history)]
    latest = history[-1]
    joined = "、".join(readings) if zh else "; ".join(readings)
    facts = [Fact(f"history:{latest.kind}", (f"你最近的记录：{joined}。" if zh else f"Your recent records: {joined}."))]
    target = against_target(latest, member.language, member.weight_range_kg).lstrip("，, ")
    if target:
        facts.append(Fact(f"target:{latest.kind}", f"最近一次{target}。" if zh else f"The latest is {target}."))
    if latest.kind == "weight" and latest.value is not None:
        facts.extend(_weight_facts(member, latest.value, latest.observed_at, zh))
    weight = member.latest("weight")
    if latest.kind == "bmi" and weight is not None:  # the figures the BMI comes from
        shown = format_reading(weight, member.language, member.timezone)
        facts.append(Fact("history:weight", f"计算用的体重：{shown}。" if zh else f"Worked out from your weight: {shown}."))
    return facts


def _weight_facts(member: MemberSnapshot, kg: float, at: datetime, zh: bool) -> list[Fact]:
    """The change over the past week (where it sits in the member's own range is the target fact)."""
    facts: list[Fact] = []
    week = [o for o in member.observations_of("weight")
            if o.value is not None and at - timedelta(days=7) <= o.observed_at < at]
    if week:
        first = min(week, key=lambda o: o.observed_at)
        change = kg - (first.value or kg)
        days = max(1, (at - first.observed_at).days)
        direction = ("增加" if change > 0 else "减少") if zh else ("up" if change > 0 else "down")
        facts.append(Fact("trend:weight", f"{days} 天内体重{direction} {abs(change):.1f} 公斤。" if zh
                          else f"Weight is {direction} {abs(change):.1f} kg over {days} days."))
    return facts
