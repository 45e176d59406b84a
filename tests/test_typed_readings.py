"""One threshold table for typed and structured readings: a reading posted to /observations and the same
reading typed in chat get the same level, judged against the member's history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coach.clock import FixedClock
from tests.test_members_api import create_consented

# (conditions, earlier weights (days ago, kg), structured observation, the same reading typed)
CASES: list[tuple[list[str], list[tuple[float, float]], dict[str, Any], str]] = [
    (["I10"], [], {"kind": "blood_pressure", "value": {"systolic": 186, "diastolic": 112}}, "血压186/112"),
    (["I10"], [], {"kind": "blood_pressure", "value": {"systolic": 132, "diastolic": 84}}, "血压132/84"),
    (["I10"], [], {"kind": "blood_pressure", "value": {"systolic": 150, "diastolic": 95}}, "bp 150/95"),
    (["E11.9"], [], {"kind": "glucose", "value": 2.6}, "血糖2.6"),
    (["E11.9"], [], {"kind": "glucose", "value": 6.8}, "空腹血糖6.8"),
    (["E11.9"], [], {"kind": "glucose", "value": 19.5}, "glucose 19.5"),
    (["N18.3"], [], {"kind": "potassium", "value": 6.3}, "血钾6.3"),
    (["N18.3"], [], {"kind": "potassium", "value": 5.7}, "血钾 5.7"),
    (["I50.9"], [(1, 62.8), (2, 62.6), (3, 62.4)], {"kind": "weight", "value": 64.3}, "今天早上体重64.3公斤"),
    (["I50.9"], [(1, 62.8), (2, 62.6), (3, 62.4)], {"kind": "weight", "value": 63.0}, "体重63.0公斤"),
    (["I50.9"], [(1, 60.1), (2, 60.0), (3, 59.9)], {"kind": "weight", "value": 62.4}, "weight 62.4 kg this morning"),
    ([], [], {"kind": "heart_rate", "value": 132}, "心率132"),
    # a bare number near the last weight is her weigh-in; +1.1 kg since yesterday
    (["I50.9"], [(1, 62.8), (2, 62.7), (3, 62.6)], {"kind": "weight", "value": 63.9}, "63.9 this morning"),
]


def _member(client: TestClient, clock: FixedClock, conditions: list[str], weights: list[tuple[float, float]],
            name: str) -> dict[str, Any]:
    member = create_consented(client, external_id=name, conditions=conditions)
    for days, kg in weights:
        when = (clock.now() - timedelta(days=days)).isoformat()
        client.post(f"/v1/members/{member['id']}/observations", json={"kind": "weight", "value": kg, "observed_at": when})
    return member


@pytest.mark.parametrize(("conditions", "weights", "structured", "typed"), CASES)
def test_typed_and_structured_readings_get_the_same_level(
        client: TestClient, clock: FixedClock, conditions: list[str], weights: list[tuple[float, float]],
        structured: dict[str, Any], typed: str) -> None:
    posted = _member(client, clock, conditions, weights, "typed-a")
    said = _member(client, clock, conditions, weights, "typed-b")
    by_api = client.post(f"/v1/members/{posted['id']}/observations", json=structured)
    assert by_api.status_code == 201, by_api.text
    by_chat = client.post(f"/v1/members/{said['id']}/messages", json={"text": typed})
    assert by_chat.status_code == 200
    escalation = by_chat.json()["escalation"]
    api_level = (by_api.json().get("escalation") or {}).get("level")
    assert (escalation or {}).get("level") == api_level, (typed, escalation, by_api.json())
    assert [r["kind"] for r in by_chat.json()["recorded_observations"]] == [structured["kind"]]


def test_the_heart_failure_typed_weight_case_escalates(client: TestClient, clock: FixedClock) -> None:
    member = _member(client, clock, ["I50.9"], [(1, 62.8), (2, 62.6), (3, 62.4)], "hf-weight")
    body = client.post(f"/v1/members/{member['id']}/messages", json={"text": "今天早上体重64.3公斤"}).json()
    assert body["escalation"]["level"] == "urgent"
    assert body["escalation"]["reasons"] == ["heart_failure_decompensation"]
    assert "已记录" not in body["reply"] or "医生" in body["reply"]


def _older_member(client: TestClient, clock: FixedClock, birth_date: str, name: str) -> dict[str, Any]:
    member = create_consented(client, external_id=name, conditions=["I50.9"], birth_date=birth_date, sex="F")
    for days, kg in [(1, 62.8), (2, 62.6), (3, 62.4)]:
        when = (clock.now() - timedelta(days=days)).isoformat()
        client.post(f"/v1/members/{member['id']}/observations", json={"kind": "weight", "value": kg, "observed_at": when})
    return member


@pytest.mark.parametrize("text", ["my mum weighed 64.3 this morning", "我妈今早称了一下 64.3公斤"])
def test_a_child_typing_for_an_older_member_reports_the_members_reading(
        client: TestClient, clock: FixedClock, text: str) -> None:
    member = _older_member(client, clock, "1955-03-01", f"carer-{len(text)}")
    body = client.post(f"/v1/members/{member['id']}/messages", json={"text": text}).json()
    assert [r["kind"] for r in body["recorded_observations"]] == ["weight"]
    assert body["escalation"]["reasons"] == ["heart_failure_decompensation"]


def test_a_younger_members_mother_is_someone_else(client: TestClient, clock: FixedClock) -> None:
    member = _older_member(client, clock, "1990-03-01", "young-carer")
    body = client.post(f"/v1/members/{member['id']}/messages", json={"text": "my mum weighed 64.3 this morning"}).json()
    assert body["recorded_observations"] == []


@pytest.mark.parametrize(("text", "sex", "recorded"), [
    ("nan's weight today is 62.5kg", "F", True),  # a grandchild typing for her
    ("grandad's BP this morning was 134 over 82", "M", True),
    ("his reading today: 148/92", "M", True),  # only a pronoun, of the member's own sex
    ("他今天血压148/92", "M", True),
    ("his reading today: 148/92", "F", False),  # a man's reading on a woman's account is someone else's
    ("my son says his BP is 150/90", "M", False),  # someone else is named: "his" may be the son's
    ("grandad's BP this morning was 134 over 82", "F", False),  # a grandfather's reading on a woman's account
    ("Bill popped in, he weighed 92kg on my scales", "M", False),  # the pronoun does not open the message
    ("老王来串门，他今天血压160/100", "M", False),
    ("my grandson's here, he weighed 70kg", "M", False),
    ("我老伴他血压150/90", "M", False),
    ("my neighbour came round. she had 150/90", "F", False),
])
def test_a_carer_typing_for_an_older_member_by_kin_word_or_pronoun(text: str, sex: str, recorded: bool) -> None:
    from coach.triage.readings import own_current_readings

    assert bool(own_current_readings(text, parent_is_member=True, member_sex=sex)) is recorded
    assert own_current_readings(text, parent_is_member=False, member_sex=sex) == []  # a younger member's "he" is not them
