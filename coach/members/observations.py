"""Turn an observation as sent (any common unit) into the stored canonical form, or refuse it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.errors import ValidationFailed
from coach.members.schemas import BloodPressureValue, ObservationIn
from coach.members.vocabulary import (
    BP_DIASTOLIC_RANGE,
    OBSERVATION_KINDS,
    ObservationCategory,
    ObservationKind,
)

# (kind, unit as sent, lower-cased) -> factor or function to the canonical unit.
_CONVERSIONS: dict[tuple[str, str], Any] = {
    ("weight", "kg"): 1.0,
    ("weight", "公斤"): 1.0,
    ("weight", "千克"): 1.0,
    ("weight", "g"): 0.001,
    ("weight", "lb"): 0.45359237,
    ("weight", "lbs"): 0.45359237,
    ("weight", "斤"): 0.5,
    ("weight", "jin"): 0.5,
    ("height", "cm"): 1.0,
    ("height", "m"): 100.0,
    ("glucose", "mmol/l"): 1.0,
    ("glucose", "mg/dl"): 1 / 18.0,
    ("hba1c", "%"): 1.0,
    ("hba1c", "mmol/mol"): lambda v: v / 10.929 + 2.15,
    ("egfr", "ml/min/1.73m2"): 1.0,
    ("egfr", "ml/min"): 1.0,
    ("uacr", "mg/g"): 1.0,
    ("uacr", "mg/mmol"): 8.84,
    ("potassium", "mmol/l"): 1.0,
    ("potassium", "meq/l"): 1.0,
    ("ldl", "mmol/l"): 1.0,
    ("ldl", "mg/dl"): 1 / 38.67,
    ("blood_lead", "ug/dl"): 1.0,
    ("blood_lead", "μg/dl"): 1.0,
    ("blood_lead", "ug/l"): 0.1,
    ("blood_lead", "μg/l"): 0.1,
    ("blood_pressure", "mmhg"): 1.0,
    ("heart_rate", "bpm"): 1.0,
    ("heart_rate", "次/分"): 1.0,
    ("bmi", "kg/m2"): 1.0,
    ("steps", "steps/day"): 1.0,
    ("steps", "steps"): 1.0,
}

COLORECTAL_MODALITIES = ("fit", "gfobt", "fit_dna", "colonoscopy", "ct_colonography", "sigmoidoscopy")
_FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class CanonicalObservation:
    kind: str
    observed_at: datetime
    value: float | None = None
    systolic: int | None = None
    diastolic: int | None = None
    unit: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


def _kind(name: str) -> ObservationKind:
    kind = OBSERVATION_KINDS.get(name)
    if kind is None:
        known = ", ".join(sorted(OBSERVATION_KINDS))
        raise ValidationFailed(f"unknown observation kind {name!r}; known kinds: {known}", field="kind")
    return kind


def _convert(kind: ObservationKind, value: float, unit: str | None) -> float:
    if unit is None or unit.strip() == "":
        return value
    rule = _CONVERSIONS.get((kind.name, unit.strip().lower()))
    if rule is None:
        accepted = sorted(u for (k, u) in _CONVERSIONS if k == kind.name)
        raise ValidationFailed(
            f"unit {unit!r} is not accepted for {kind.name}; use one of: {', '.join(accepted)}", field="unit"
        )
    return float(rule(value)) if callable(rule) else value * float(rule)


def _check_range(kind: ObservationKind, value: float, field_name: str, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if not low <= value <= high:
        unit = f" {kind.unit}" if kind.unit else ""
        raise ValidationFailed(
            f"{kind.name} {value:g}{unit} is outside the plausible range {low:g}–{high:g}{unit}",
            field=field_name,
        )


def _observed_at(raw: datetime | None, now: datetime, member_timezone: str) -> datetime:
    if raw is None:
        return now
    aware = raw if raw.tzinfo is not None else raw.replace(tzinfo=ZoneInfo(member_timezone))
    aware = aware.astimezone(UTC)
    if aware > now + _FUTURE_TOLERANCE:
        raise ValidationFailed("observed_at is in the future", field="observed_at")
    return aware


def canonicalise(obs: ObservationIn, *, now: datetime, member_timezone: str) -> CanonicalObservation:
    kind = _kind(obs.kind)
    observed_at = _observed_at(obs.observed_at, now, member_timezone)
    if kind.category is ObservationCategory.EVENT:
        return _event(kind, obs, observed_at)
    if kind.name == "blood_pressure":
        return _blood_pressure(kind, obs, observed_at)
    if not isinstance(obs.value, int | float) or isinstance(obs.value, bool):
        raise ValidationFailed(f"{kind.name} needs a numeric value in {kind.unit}", field="value")
    value = _convert(kind, float(obs.value), obs.unit)
    assert kind.low is not None and kind.high is not None
    _check_range(kind, value, "value", (kind.low, kind.high))
    return CanonicalObservation(kind.name, observed_at, value=round(value, 3), unit=kind.unit)


def _blood_pressure(kind: ObservationKind, obs: ObservationIn, observed_at: datetime) -> CanonicalObservation:
    raw: BloodPressureValue | None = None
    if isinstance(obs.value, dict):
        try:
            raw = BloodPressureValue.model_validate(obs.value)
        except ValueError:
            raw = None
    if raw is None:
        raise ValidationFailed(
            "blood_pressure needs value {systolic, diastolic} in mmHg, "
            'e.g. {"systolic": 128, "diastolic": 82}',
            field="value",
        )
    if obs.unit and obs.unit.strip().lower() != "mmhg":
        raise ValidationFailed(
            f"unit {obs.unit!r} is not accepted for blood_pressure; use mmHg", field="unit"
        )
    assert kind.low is not None and kind.high is not None
    _check_range(kind, raw.systolic, "value.systolic", (kind.low, kind.high))
    _check_range(kind, raw.diastolic, "value.diastolic", BP_DIASTOLIC_RANGE)
    if raw.diastolic >= raw.systolic:
        raise ValidationFailed("diastolic must be lower than systolic", field="value.diastolic")
    return CanonicalObservation(
        kind.name, observed_at, systolic=round(raw.systolic), diastolic=round(raw.diastolic), unit="mmHg"
    )


def _event(kind: ObservationKind, obs: ObservationIn, observed_at: datetime) -> CanonicalObservation:
    attributes = dict(obs.attributes)
    if isinstance(obs.value, dict):
        attributes.update({str(k): str(v) for k, v in obs.value.items()})
    elif obs.value is not None:
        raise ValidationFailed(f"{kind.name} is an event: send attributes, not a number", field="value")
    unknown = sorted(set(attributes) - set(kind.attributes))
    if unknown:
        raise ValidationFailed(
            f"{kind.name} does not take attribute(s) {', '.join(unknown)}; "
            f"accepted: {', '.join(kind.attributes) or 'none'}",
            field="attributes",
        )
    if kind.name == "colorectal_screening":
        modality = attributes.get("modality", "").lower()
        if modality not in COLORECTAL_MODALITIES:
            raise ValidationFailed(
                f"colorectal_screening needs attributes.modality, one of: {', '.join(COLORECTAL_MODALITIES)}",
                field="attributes.modality",
            )
        attributes["modality"] = modality
    return CanonicalObservation(kind.name, observed_at, attributes=attributes)


def bmi(weight_kg: float, height_cm: float) -> float:
    metres = height_cm / 100.0
    return round(weight_kg / (metres * metres), 1)
