"""ICD-10 codes: shape check, normalisation and mapping to the catalog's canonical conditions.

The catalog's target rules speak of conditions ("diabetes", "post_mi"), while
claims and hospital systems send ICD-10 codes, including China's national
extension codes (E14 for unspecified diabetes, extra digits after the dot).
Codes that map to nothing are kept as they are: they still belong to the member.
"""

from __future__ import annotations

import re

from coach.errors import ValidationFailed
from coach.members.vocabulary import Condition as C

_SHAPE = re.compile(r"^([A-Z])(\d{2})(?:\.?([0-9A-Z]{1,4}))?$")

# (prefix, conditions). A prefix matches the normalised code ("E11.9" starts with "E11").
# Ranges are expanded below so the table stays readable.
_PREFIXES: list[tuple[str, tuple[C, ...]]] = [
    *[(f"E1{d}", (C.DIABETES,)) for d in range(0, 5)],
    ("E11.2", (C.DIABETES, C.CKD)),
    ("E10.2", (C.DIABETES, C.CKD)),
    ("E14.2", (C.DIABETES, C.CKD)),
    ("I10", (C.HYPERTENSION,)),
    ("I11", (C.HYPERTENSION, C.HYPERTENSIVE_HEART_DISEASE)),
    ("I11.0", (C.HYPERTENSION, C.HYPERTENSIVE_HEART_DISEASE, C.HEART_FAILURE)),
    ("I12", (C.HYPERTENSION, C.CKD)),
    ("I13", (C.HYPERTENSION, C.HYPERTENSIVE_HEART_DISEASE, C.CKD)),
    ("I13.0", (C.HYPERTENSION, C.HYPERTENSIVE_HEART_DISEASE, C.CKD, C.HEART_FAILURE)),
    ("I13.2", (C.HYPERTENSION, C.HYPERTENSIVE_HEART_DISEASE, C.CKD, C.HEART_FAILURE)),
    ("I15", (C.HYPERTENSION,)),
    ("E78", (C.HYPERLIPIDAEMIA,)),
    ("N18", (C.CKD,)),
    ("N19", (C.CKD,)),
    ("I50", (C.HEART_FAILURE,)),
    ("I20", (C.CORONARY_HEART_DISEASE,)),
    ("I21", (C.CORONARY_HEART_DISEASE, C.POST_MI)),
    ("I22", (C.CORONARY_HEART_DISEASE, C.POST_MI)),
    ("I23", (C.CORONARY_HEART_DISEASE, C.POST_MI)),
    ("I24", (C.CORONARY_HEART_DISEASE,)),
    ("I25", (C.CORONARY_HEART_DISEASE,)),
    ("I25.2", (C.CORONARY_HEART_DISEASE, C.POST_MI)),
    ("J43", (C.COPD,)),
    ("J44", (C.COPD,)),
    ("J45", (C.ASTHMA,)),
    ("J46", (C.ASTHMA,)),
    ("I48", (C.ATRIAL_FIBRILLATION,)),
    ("G45", (C.TIA,)),
    *[(f"I6{d}", (C.STROKE,)) for d in range(0, 5)],
    ("I69", (C.STROKE,)),
    ("Z86.73", (C.STROKE,)),
    ("F32", (C.DEPRESSION,)),
    ("F33", (C.DEPRESSION,)),
    ("F34.1", (C.DEPRESSION,)),
    ("F20", (C.SCHIZOPHRENIA,)),
    ("F25", (C.SCHIZOPHRENIA,)),
    ("M80", (C.OSTEOPOROSIS, C.FRACTURE)),
    ("M81", (C.OSTEOPOROSIS,)),
    ("E66", (C.OBESITY,)),
    ("F17", (C.SMOKING,)),
    ("Z72.0", (C.SMOKING,)),
    ("F10", (C.ALCOHOL_USE,)),
    ("I71", (C.AORTIC_ANEURYSM,)),
    # Precancerous conditions the cancer-precursor items follow.
    ("D12", (C.CANCER_PRECURSOR,)),
    ("K63.5", (C.CANCER_PRECURSOR,)),
    ("K62.1", (C.CANCER_PRECURSOR,)),
    ("N87", (C.CANCER_PRECURSOR,)),
    ("K22.7", (C.CANCER_PRECURSOR,)),
    ("K29.4", (C.CANCER_PRECURSOR,)),
    ("K29.5", (C.CANCER_PRECURSOR,)),
    ("K74", (C.CANCER_PRECURSOR,)),
    ("B18", (C.CANCER_PRECURSOR,)),
    *[(f"D0{d}", (C.CANCER_PRECURSOR,)) for d in range(0, 10)],
    # Fractures of the sites that matter for osteoporosis follow-up.
    *[(code, (C.FRACTURE,)) for code in ("S22", "S32", "S42", "S52", "S62", "S72", "S82", "T08")],
]
# Longest prefix first, so "I25.2" wins over "I25".
_PREFIXES.sort(key=lambda entry: len(entry[0]), reverse=True)


def normalise_code(raw: str, *, field: str = "conditions") -> str:
    """Return the code as `A00` or `A00.X...`; raise ValidationFailed on a wrong shape."""
    text = raw.strip().upper()
    match = _SHAPE.match(text)
    if match is None:
        raise ValidationFailed(
            f"{raw!r} is not an ICD-10 code: expected a letter, two digits and an optional "
            "suffix, like 'E11', 'E11.9' or 'N18.3'",
            field=field,
        )
    letter, digits, suffix = match.groups()
    return f"{letter}{digits}.{suffix}" if suffix else f"{letter}{digits}"


def conditions_for(code: str) -> frozenset[str]:
    """Canonical conditions for a normalised code; empty when the code is not one the catalog uses."""
    for prefix, conditions in _PREFIXES:
        # "I25.2" covers "I25.21"; "E11" covers "E11.9" but not "E110" (already normalised away).
        if code == prefix or code.startswith(prefix if "." in prefix else prefix + "."):
            return frozenset(c.value for c in conditions)
    return frozenset()
