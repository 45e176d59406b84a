"""Every prompt file renders with the variables the composer passes, and undefined ones are errors."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from coach.errors import ConfigurationError
from coach.prompts import available_prompts, render_prompt
from coach.retrieval.retriever import Passage

PASSAGES = [Passage("17-zh-how", 17, "糖尿病的肾病筛查", "how", "zh", "每年查一次 eGFR 和 uACR。", 0.9)]
VARIABLES = dict(
    language_name="Chinese (简体中文)", max_chars=500, member_summary="male, 58 years; conditions: diabetes",
    care_gaps="- item 17: overdue — needs a uACR", readings="- blood pressure 150/95 mmHg (2026-11-29)",
    medications="- 二甲双胍 (antidiabetic) 500mg at 08:00, 20:00", conversation_summary="", passages=PASSAGES,
)
# v2 (one prompt for every role) also carries what the dialogue layer understood: act, intent, answer card.
VARIABLES_V2 = {**VARIABLES, "max_chars": 500, "role_name": "pharmacist", "act": "health question",
                "intent": "how often", "card": "糖尿病的人每年查一次肾功能和尿白蛋白。", "card_item": 17}


def variables(version: int) -> dict[str, object]:
    return VARIABLES if version == 1 else VARIABLES_V2


def test_the_three_roles_exist() -> None:
    assert {name for name, _ in available_prompts()} >= {"coach", "dietitian", "pharmacist"}


@pytest.mark.parametrize(("name", "version"), available_prompts())
def test_prompt_renders_every_input(name: str, version: int) -> None:
    text = render_prompt(name, version, **variables(version))
    assert ("[#17] 糖尿病的肾病筛查 — 每年查一次 eGFR 和 uACR。" if version == 1 else
            "[#17] 糖尿病的肾病筛查: 每年查一次 eGFR 和 uACR。") in text
    assert "Chinese (简体中文)" in text and "500" in text
    assert "{{" not in text and "{%" not in text
    # Every role prompt carries the safety rules.
    assert "dose" in text and "Never" in text and "instructions" in text
    assert "openid" not in text.lower()


@pytest.mark.parametrize(("name", "version"), available_prompts())
def test_missing_variable_is_an_error_not_a_blank(name: str, version: int) -> None:
    partial = {k: v for k, v in variables(version).items() if k != "passages"}
    with pytest.raises(UndefinedError):
        render_prompt(name, version, **partial)


def test_unknown_prompt_version_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        render_prompt("coach", 99, **VARIABLES)


def test_v2_carries_act_intent_and_card() -> None:
    text = render_prompt("coach", 2, **VARIABLES_V2)
    assert "pharmacist" in text and "health question, asking about how often" in text
    assert "Answer card [#17]: 糖尿病的人每年查一次肾功能和尿白蛋白。" in text
    assert "- 二甲双胍 (antidiabetic) 500mg at 08:00, 20:00" in text and "150/95" in text
    assert "no markdown" not in text and "without markdown" in text
    without_card = render_prompt("coach", 2, **{**VARIABLES_V2, "card": "", "intent": ""})
    assert "Answer card" not in without_card and "asking about" not in without_card
