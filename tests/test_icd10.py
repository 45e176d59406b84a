from __future__ import annotations

import pytest

from coach.errors import ValidationFailed
from coach.members.icd10 import conditions_for, normalise_code


@pytest.mark.parametrize(
    ("raw", "code", "conditions"),
    [
        ("E11", "E11", {"diabetes"}),
        ("e11.9", "E11.9", {"diabetes"}),
        ("E119", "E11.9", {"diabetes"}),
        ("E14.900", "E14.900", {"diabetes"}),
        ("E11.21", "E11.21", {"diabetes", "ckd"}),
        ("N18.3", "N18.3", {"ckd"}),
        ("I10", "I10", {"hypertension"}),
        ("I11.0", "I11.0", {"hypertension", "hypertensive_heart_disease", "heart_failure"}),
        ("I50.9", "I50.9", {"heart_failure"}),
        ("I21.4", "I21.4", {"coronary_heart_disease", "post_mi"}),
        ("I25.2", "I25.2", {"coronary_heart_disease", "post_mi"}),
        ("I25.1", "I25.1", {"coronary_heart_disease"}),
        ("J44.1", "J44.1", {"copd"}),
        ("J45", "J45", {"asthma"}),
        ("I48.0", "I48.0", {"atrial_fibrillation"}),
        ("G45.9", "G45.9", {"tia"}),
        ("I63.5", "I63.5", {"stroke"}),
        ("F32.1", "F32.1", {"depression"}),
        ("F20.0", "F20.0", {"schizophrenia"}),
        ("M81.0", "M81.0", {"osteoporosis"}),
        ("E66.0", "E66.0", {"obesity"}),
        ("F17.2", "F17.2", {"smoking"}),
        ("F10.2", "F10.2", {"alcohol_use"}),
        ("E78.5", "E78.5", {"hyperlipidaemia"}),
        ("S72.0", "S72.0", {"fracture"}),
        ("Z99.9", "Z99.9", set()),
        ("E110", "E11.0", {"diabetes"}),
    ],
)
def test_codes_normalise_and_map(raw: str, code: str, conditions: set[str]) -> None:
    assert normalise_code(raw) == code
    assert conditions_for(code) == conditions


def test_prefix_does_not_match_a_longer_category() -> None:
    # "I1" must not be read as hypertension, nor "E1" as diabetes.
    assert conditions_for("I15.0") == {"hypertension"}
    assert conditions_for("E16.2") == set()


@pytest.mark.parametrize("raw", ["", "E", "E1", "11E", "diabetes", "E11..9", "EE11", "E11.12345", "E 11"])
def test_wrong_shapes_are_refused_with_the_field_name(raw: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        normalise_code(raw, field="conditions[2]")
    assert caught.value.field == "conditions[2]"
    assert "ICD-10" in caught.value.message
