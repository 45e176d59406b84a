"""The one intake decision every channel makes: emergencies for everyone, urgent red flags and consent
for members without consent, the coach for the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coach.clock import FixedClock
from coach.intake import CONSENT_REQUEST, CONSENT_THANKS, IntakeAction, bare_triage, decide

CLOCK = FixedClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))


@pytest.mark.parametrize(("text", "consented", "action"), [
    ("我胸口压着疼，一直出冷汗", True, IntakeAction.EMERGENCY),
    ("我胸口压着疼，一直出冷汗", False, IntakeAction.EMERGENCY),
    ("今天早上血压185/105，没什么不舒服", False, IntakeAction.URGENT),
    ("今天早上血压185/105，没什么不舒服", True, IntakeAction.COACH),  # the turn triages again with her history
    ("同意", False, IntakeAction.CONSENT_GIVEN),
    ("I agree", False, IntakeAction.CONSENT_GIVEN),
    ("我的血糖高吗？", False, IntakeAction.CONSENT_REQUEST),
    ("我的血糖高吗？", True, IntakeAction.COACH),
    ("同意", True, IntakeAction.COACH),
])
def test_decisions(text: str, consented: bool, action: IntakeAction) -> None:
    decision = decide(text, consented=consented, language="zh", triage=bare_triage(text, CLOCK))
    assert decision.action is action
    assert (decision.reply is None) is (action is IntakeAction.COACH)
    assert decision.escalates is (action in (IntakeAction.EMERGENCY, IntakeAction.URGENT))


def test_fixed_replies_are_in_the_members_language() -> None:
    ask = decide("hello", consented=False, language="en", triage=bare_triage("hello", CLOCK))
    assert ask.reply == CONSENT_REQUEST["en"] and "agree" in ask.reply and "120" in ask.reply
    thanks = decide("同意", consented=False, language="zh", triage=bare_triage("同意", CLOCK))
    assert thanks.reply == CONSENT_THANKS["zh"]
    emergency = decide("I have crushing chest pain and I'm sweating", consented=False, language="en",
                       triage=bare_triage("I have crushing chest pain and I'm sweating", CLOCK))
    assert emergency.reply is not None and "120" in emergency.reply
