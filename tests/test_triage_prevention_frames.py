"""Preventing an event is not the event: "家里防跌倒" and "how do we stop her falling again" on an older member's
account on a blood thinner are questions, while a fall that happened beside the same words still escalates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MedicationRecord, MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
OLDER_ON_ANTICOAGULANT = MemberSnapshot(
    member_id=4, sex="F", birth_date=date(1948, 5, 1), conditions=frozenset({"I48.0", "M81.0"}),
    medications=(MedicationRecord(name="rivaroxaban", drug_class="anticoagulant"),), observations=())


def level(text: str) -> TriageLevel | None:
    return triage_message(text, TriageContext(member=OLDER_ON_ANTICOAGULANT, now=NOW)).level


@pytest.mark.parametrize("text", ["家里防跌倒，您给列几条最要紧的", "怎么预防跌倒？", "老人怎样防止再摔",
                                  "how do we stop her falling again, she hates her stick",
                                  "any tips to prevent falls at home?", "what can I do to avoid falling in the bathroom?"])
def test_preventing_a_fall_is_not_a_fall(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["预防跌倒做了那么多，今天还是摔了，头磕到了", "怕摔还是摔了，头撞到桌角，现在头很痛",
                                  "we tried to stop my mum falling but she fell this morning and hit her head"])
def test_a_fall_that_happened_beside_prevention_words_still_escalates(text: str) -> None:
    assert level(text) in (TriageLevel.URGENT, TriageLevel.EMERGENCY)
