"""Shared clinical vocabulary: canonical conditions, drug classes, observation kinds.

Every other part of the core (catalog rules, care gaps, triage, nudges) speaks
in these names, so they are defined once here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Condition(StrEnum):
    DIABETES = "diabetes"
    HYPERTENSION = "hypertension"
    HYPERLIPIDAEMIA = "hyperlipidaemia"
    CKD = "ckd"
    HEART_FAILURE = "heart_failure"
    CORONARY_HEART_DISEASE = "coronary_heart_disease"
    POST_MI = "post_mi"
    COPD = "copd"
    ASTHMA = "asthma"
    ATRIAL_FIBRILLATION = "atrial_fibrillation"
    TIA = "tia"
    STROKE = "stroke"
    DEPRESSION = "depression"
    SCHIZOPHRENIA = "schizophrenia"
    OSTEOPOROSIS = "osteoporosis"
    OBESITY = "obesity"
    SMOKING = "smoking"
    ALCOHOL_USE = "alcohol_use"
    # Not chronic conditions, but the catalog's target rules need them.
    CANCER_PRECURSOR = "cancer_precursor"  # polyps, CIN, Barrett's, atrophic gastritis ...
    FRACTURE = "fracture"
    AORTIC_ANEURYSM = "aortic_aneurysm"
    HYPERTENSIVE_HEART_DISEASE = "hypertensive_heart_disease"


class DrugClass(StrEnum):
    ANTIDIABETIC = "antidiabetic"
    INSULIN = "insulin"
    RAS_ANTAGONIST = "ras_antagonist"  # ACE inhibitors and ARBs
    ANTIHYPERTENSIVE = "antihypertensive"  # other BP-lowering classes
    STATIN = "statin"
    BETA_BLOCKER = "beta_blocker"
    ANTIPLATELET = "antiplatelet"
    ANTICOAGULANT = "anticoagulant"
    ANTIDEPRESSANT = "antidepressant"
    ANTIPSYCHOTIC = "antipsychotic"
    INHALED_CORTICOSTEROID = "inhaled_corticosteroid"
    BRONCHODILATOR = "bronchodilator"
    SYSTEMIC_CORTICOSTEROID = "systemic_corticosteroid"
    DIURETIC = "diuretic"
    NITRATE = "nitrate"
    OSTEOPOROSIS_TREATMENT = "osteoporosis_treatment"
    OTHER = "other"


class ObservationCategory(StrEnum):
    MEASUREMENT = "measurement"  # a numeric reading
    EVENT = "event"  # a screening, procedure or clinical event that happened


@dataclass(frozen=True)
class ObservationKind:
    """One kind of observation with its canonical unit and plausible range.

    The range is what a human body can plausibly show, not a clinical target:
    values outside it are rejected as data-entry errors.
    """

    name: str
    category: ObservationCategory
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    # Attributes an event may carry (e.g. the modality of a colorectal screening).
    attributes: tuple[str, ...] = ()


_M = ObservationCategory.MEASUREMENT
_E = ObservationCategory.EVENT

OBSERVATION_KINDS: dict[str, ObservationKind] = {
    k.name: k
    for k in (
        ObservationKind("weight", _M, "kg", 2.0, 350.0),
        ObservationKind("height", _M, "cm", 40.0, 250.0),
        ObservationKind("bmi", _M, "kg/m2", 8.0, 100.0),
        # blood_pressure carries systolic/diastolic; the range applies to systolic,
        # the diastolic range is checked separately (see BP_DIASTOLIC_RANGE).
        ObservationKind("blood_pressure", _M, "mmHg", 50.0, 300.0),
        ObservationKind("heart_rate", _M, "bpm", 20.0, 250.0),
        ObservationKind("glucose", _M, "mmol/L", 0.5, 50.0),
        ObservationKind("hba1c", _M, "%", 3.0, 20.0),
        ObservationKind("egfr", _M, "mL/min/1.73m2", 1.0, 200.0),
        ObservationKind("uacr", _M, "mg/g", 0.0, 10000.0),
        ObservationKind("potassium", _M, "mmol/L", 1.5, 10.0),
        ObservationKind("ldl", _M, "mmol/L", 0.1, 20.0),
        ObservationKind("blood_lead", _M, "ug/dL", 0.0, 150.0),
        ObservationKind("steps", _M, "steps/day", 0.0, 100000.0),
        ObservationKind("colorectal_screening", _E, attributes=("modality", "result")),
        ObservationKind("cervical_screening", _E, attributes=("modality", "result")),
        ObservationKind("breast_screening", _E, attributes=("modality", "result")),
        ObservationKind("lung_screening", _E, attributes=("modality", "result")),
        ObservationKind("gastric_screening", _E, attributes=("modality", "result")),
        ObservationKind("liver_screening", _E, attributes=("modality", "result")),
        ObservationKind("eye_exam", _E, attributes=("result",)),
        ObservationKind("bone_density", _E, attributes=("t_score", "result")),
        ObservationKind("spirometry", _E, attributes=("fev1_fvc", "result")),
        ObservationKind("ecg", _E, attributes=("result",)),
        ObservationKind("echocardiogram", _E, attributes=("result",)),
        ObservationKind("aortic_ultrasound", _E, attributes=("result",)),
        ObservationKind("fall", _E, attributes=("injury",)),
        ObservationKind("fracture", _E, attributes=("site",)),
        ObservationKind("hospital_discharge", _E, attributes=("diagnosis",)),
        ObservationKind("functional_assessment", _E, attributes=("result",)),
        ObservationKind("medication_review", _E, attributes=("result",)),
        ObservationKind("advance_care_plan", _E, attributes=("result",)),
        ObservationKind("fall_risk_assessment", _E, attributes=("result",)),
        ObservationKind("lipid_panel", _E, attributes=("result",)),
        ObservationKind("care_plan", _E, attributes=("result",)),
    )
}

BP_DIASTOLIC_RANGE = (30.0, 200.0)
