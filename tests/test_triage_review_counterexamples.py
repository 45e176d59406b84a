"""Counter-examples found by reviewing this session's change: real emergencies beside each new benign reading, benign
messages beside each new red-flag word, and dialogue look-alikes of the new understanding."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.dialogue.acts import about_someone_else, classify
from coach.measurements import parse_measurements
from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
E = TriageLevel.EMERGENCY


def level(text: str, drugs: tuple[str, ...] = (), born: date = date(1960, 4, 1)) -> TriageLevel | None:
    member = MemberSnapshot(member_id=9, sex="F", birth_date=born, conditions=frozenset(),
                            medications=tuple(MedicationRecord(name=d, drug_class=d) for d in drugs), observations=())
    return triage_message(text, TriageContext(member=member, now=NOW)).level


@pytest.mark.parametrize("text", [
    "他有癫痫，早上还跟平时一样，刚才全身抽，口吐白沫",  # "as usual" before the fit is not recovery
    "She has epilepsy. She was her usual self at breakfast, now she's having a seizure",
    "My son has epilepsy, he's fitting right now, same as usual",
    "My daughter is epileptic and back to normal. My husband just had a seizure",  # her history is not his
    "He's epileptic, had a fit, woke up, then had another fit",
    "我爸刚才癫痫发作了，现在醒了",  # the fit itself is not a known diagnosis
    "My sister's fit has been going on for about 7 minutes, she's epileptic but it's never been this long",
    "他有癫痫，抽了半个多小时，现在醒了",
])
def test_fits_still_going_repeated_or_long_stay_emergencies(text: str) -> None:
    assert level(text) is E


@pytest.mark.parametrize("text", ["I'm 80, fit and still going strong", "coughing fit for 10 minutes", "偏头痛发作了二十分钟",
                                  "晚上手脚抽筋", "她一直在抽泣", "Dad had a fit when he saw the bill", "抽烟抽了半个小时",
                                  "门框歪了，要找师傅修"])
def test_fitness_coughing_fits_cramps_sobbing_and_a_crooked_frame_are_not_red_flags(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["couldn't stop me falling, I landed on my hip and can't get up",
                                  "the rail didn't stop me from falling down the stairs, hit my head"])
def test_a_fall_that_prevention_failed_to_stop_still_escalates(text: str) -> None:
    assert level(text, drugs=("anticoagulant",), born=date(1944, 1, 1)) in (TriageLevel.URGENT, E)


def test_a_dash_inside_one_description_does_not_split_the_symptom() -> None:
    assert level("My chest — it's so tight — and I'm sweating buckets") is E


def test_hours_after_a_plain_number_stay_hours() -> None:
    readings = parse_measurements("fasting 12 hrs 2.9")
    assert [(r.kind, r.value) for r in readings] == [("glucose", 2.9)]
    assert level("fasting 12 hrs 2.9 this morning", drugs=("insulin",)) is E


@pytest.mark.parametrize("text", ["I've been skipping meals lately, what should I eat?", "she's been skipping breakfast"])
def test_skipping_meals_is_not_a_dose_question(text: str) -> None:
    assert classify(text, has_topic_words=False).act != "own_data"


def test_the_writers_own_grief_stays_theirs_when_they_speak_of_the_dead() -> None:
    assert not about_someone_else("since my husband died there's no point in anything. he was my whole world")
