"""Which readings in a message are stored as the member's own current readings."""

from __future__ import annotations

import pytest

from coach.triage.readings import own_current_readings


def _systolic(text: str) -> list[int | None]:
    return [r.systolic for r in own_current_readings(text) if r.kind == "blood_pressure"]


@pytest.mark.parametrize("text", [
    "血压没有180/110，就是有点头晕",
    "我血压不是180/110，是150/95",
    "My BP isn't 180/110, the nurse misread it",
    "血压没超过140/90",
])
def test_a_negated_value_is_not_the_members_reading(text: str) -> None:
    assert 180 not in _systolic(text) and 140 not in _systolic(text)


def test_the_corrected_value_after_a_negation_is_kept() -> None:
    assert _systolic("我血压不是180/110，是150/95") == [150]


@pytest.mark.parametrize("text, expected", [
    ("没头晕，血压150/95", [150]),
    ("今天没吃早饭 血压150/95", [150]),
    ("my bp today 150/95, not dizzy", [150]),
])
def test_a_negation_elsewhere_in_the_message_keeps_the_reading(text: str, expected: list[int]) -> None:
    assert _systolic(text) == expected
