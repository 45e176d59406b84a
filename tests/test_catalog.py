"""The real knowledge/catalog.yaml loads, is complete, and bad variants are rejected clearly."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.catalog import CatalogError, Group, load_catalog, parse_catalog
from coach.catalog.loader import DEFAULT_PATH
from coach.catalog.models import BUSINESS_LINES
from coach.errors import ConfigurationError
from coach.members.vocabulary import OBSERVATION_KINDS

SEED = "001_0f73851b75bf9a68.txt"


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _item(raw: dict[str, Any], number: int) -> dict[str, Any]:
    found = next(i for i in raw["items"] if i["number"] == number)
    assert isinstance(found, dict)
    return found


def test_real_catalog_has_42_unique_numbers() -> None:
    catalog = load_catalog()
    numbers = [i.number for i in catalog.items]
    assert sorted(numbers) == list(range(1, 43))
    assert len(set(numbers)) == 42


def test_group_sizes_match_the_report() -> None:
    sizes = {group: len(items) for group, items in load_catalog().by_group().items()}
    assert sizes == {
        Group.HEALTH_PROMOTION: 5,
        Group.DISEASE_PREVENTION: 8,
        Group.CHRONIC_DISEASE: 23,
        Group.REHABILITATION_CARE: 5,
        Group.CASE_MANAGEMENT: 1,
    }


def test_every_item_is_complete() -> None:
    for item in load_catalog().items:
        assert item.title_zh and item.title_en, item.number
        assert item.indicators, item.number
        assert item.source.startswith(SEED) and "附件2" in item.source, item.number
        assert len(item.actions_zh) == len(item.actions_en) >= 2, item.number
        assert set(item.priority_lines) <= set(item.business_lines), item.number
        assert all(kind in OBSERVATION_KINDS for kind in item.coach.tracks), item.number


def test_codes_are_unique() -> None:
    codes = [i.code for i in load_catalog().items]
    assert len(codes) == len(set(codes))


def test_lookup_helpers() -> None:
    catalog = load_catalog()
    assert catalog.item(17).code == "DKD_SCREEN"
    assert catalog.by_code("DKD_SCREEN").number == 17
    assert catalog.item(17).priority_lines == ("critical_illness", "million_medical", "huiminbao")
    assert tuple(catalog.business_lines) == BUSINESS_LINES
    with pytest.raises(KeyError):
        catalog.item(43)


def test_default_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()


def test_explicit_path_loads_fresh(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_catalog(path) is not load_catalog(path)
    assert load_catalog(path) == load_catalog()


def _dup_number(raw: dict[str, Any]) -> None:
    _item(raw, 7)["number"] = 6


def _unknown_condition(raw: dict[str, Any]) -> None:
    _item(raw, 17)["target"]["conditions_any"] = ["diabetes_type_3"]


def _wrong_group(raw: dict[str, Any]) -> None:
    _item(raw, 3)["group"] = "chronic_disease"


def _unknown_drug(raw: dict[str, Any]) -> None:
    _item(raw, 26)["target"]["medications_any"] = ["happy_pills"]


def _unknown_red_flag(raw: dict[str, Any]) -> None:
    _item(raw, 31)["coach"]["red_flags"] = ["sniffles"]


def _unknown_track(raw: dict[str, Any]) -> None:
    _item(raw, 17)["coach"]["tracks"] = ["egfr", "kidney_vibes"]


def _event_as_measurement(raw: dict[str, Any]) -> None:
    _item(raw, 2)["target"]["any_of"][0]["measurement_at_least"]["kind"] = "fall"


def _empty_rule(raw: dict[str, Any]) -> None:
    _item(raw, 14)["target"] = {}


def _everyone_plus_clause(raw: dict[str, Any]) -> None:
    _item(raw, 1)["target"]["age"] = {"min": 18}


def _priority_outside_lines(raw: dict[str, Any]) -> None:
    _item(raw, 35)["priority_lines"] = ["huiminbao"]


def _unknown_business_line(raw: dict[str, Any]) -> None:
    _item(raw, 5)["business_lines"].append("pet_insurance")


def _missing_item(raw: dict[str, Any]) -> None:
    raw["items"] = [i for i in raw["items"] if i["number"] != 42]


def _dup_code(raw: dict[str, Any]) -> None:
    _item(raw, 21)["code"] = "DKD_SCREEN"


def _extra_field(raw: dict[str, Any]) -> None:
    _item(raw, 9)["target"]["icd10_any"] = ["C18"]


def _bad_age(raw: dict[str, Any]) -> None:
    _item(raw, 15)["target"]["age"] = {"min": 75, "max": 18}


def _bad_icd_prefix(raw: dict[str, Any]) -> None:
    _item(raw, 42)["target"]["events_any"][0]["diagnosis_prefixes"] = ["heart attack"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_dup_number, ["field items", "number 6", "CANCER_SCREEN_DATA"]),
        (_unknown_condition, ["item 17 (DKD_SCREEN)", "conditions_any", "diabetes_type_3"]),
        (_wrong_group, ["item 3 (SMOKING_CESSATION)", "field group", "14-36"]),
        (_unknown_drug, ["item 26", "medications_any", "happy_pills"]),
        (_unknown_red_flag, ["item 31", "red_flags", "sniffles"]),
        (_unknown_track, ["item 17", "tracks", "kidney_vibes"]),
        (_event_as_measurement, ["item 2", "measurement_at_least.kind", "not a measurement"]),
        (_empty_rule, ["item 14", "field target", "no clauses"]),
        (_everyone_plus_clause, ["item 1", "field target", "everyone"]),
        (_priority_outside_lines, ["item 35", "priority_lines", "huiminbao"]),
        (_unknown_business_line, ["item 5", "business_lines", "pet_insurance"]),
        (_missing_item, ["field items", "[42] missing"]),
        (_dup_code, ["field items", "code DKD_SCREEN"]),
        (_extra_field, ["item 9", "icd10_any"]),
        (_bad_age, ["item 15", "target.age", "above max"]),
        (_bad_icd_prefix, ["item 42", "diagnosis_prefixes", "heart attack"]),
    ],
)
def test_invalid_variants_raise_catalog_error(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], expected: list[str]
) -> None:
    raw = copy.deepcopy(_raw())
    mutate(raw)
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    message = str(caught.value)
    for fragment in expected:
        assert fragment in message, message


def test_catalog_error_is_a_value_error_with_field() -> None:
    raw = copy.deepcopy(_raw())
    _wrong_group(raw)
    with pytest.raises(ValueError) as caught:
        parse_catalog(raw)
    assert isinstance(caught.value, CatalogError)
    assert isinstance(caught.value, ConfigurationError)
    assert caught.value.field == "group"


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalog(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("items: [1, 2\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(broken)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just text\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="mapping"):
        load_catalog(scalar)
