"""Found by blind22 and blind_p (measured once, then opened): wording the coach misread.

- "Never thought of it" after the thought (轻生倒是没想过) denies it, as "没有" already did.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.members.snapshot import MemberSnapshot
from coach.triage import TriageContext, TriageLevel, triage_message

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADULT = MemberSnapshot(member_id=1, sex="F", birth_date=date(1952, 3, 1), conditions=frozenset(), medications=(),
                       observations=())


def level(text: str) -> TriageLevel | None:
    return triage_message(text, TriageContext(member=ADULT, now=NOW)).level


@pytest.mark.parametrize("text", ["轻生倒是没想过，就是一个人闷得慌", "不想活那种念头倒没想过", "自杀是没想过 就是没意思"])
def test_not_having_thought_of_it_after_the_thought_denies_it(text: str) -> None:
    assert level(text) is None


@pytest.mark.parametrize("text", ["我想过轻生", "有时候想自杀，没跟别人说过", "轻生的事我想过好几回了"])
def test_having_thought_of_it_still_escalates(text: str) -> None:
    assert level(text) is not None
