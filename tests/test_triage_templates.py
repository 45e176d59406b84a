from __future__ import annotations

import re

import pytest

from coach.triage import emergency_reply, urgent_reply
from coach.triage.models import REASON_CODES

LANGS = ("zh", "en")
# Words that would suggest starting, stopping or changing a medicine dose.
DOSE_CHANGE = re.compile(
    r"加量|减量|加倍|翻倍|多吃一片|多吃一粒|少吃一片|停药|停用|停服|减药|加药|加服|补服|剂量|换药"
    r"|increase (?:your|the) dose|reduce (?:your|the) dose|double (?:your|the) dose|extra dose|skip (?:your|a) dose"
    r"|stop taking|take (?:more|less|an extra)|additional dose|dosage|\bdose\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reason", REASON_CODES)
def test_every_reason_has_emergency_and_urgent_text(reason: str, lang: str) -> None:
    emergency = emergency_reply([reason], lang)
    urgent = urgent_reply([reason], lang)
    assert "120" in emergency
    assert "120" in urgent
    # The per-reason paragraph is present (more than header and footer).
    assert len(emergency.split("\n\n")) == 3
    assert len(urgent.split("\n\n")) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_a_passive_death_wish_is_heard_before_the_instructions(lang: str) -> None:
    heard = {"zh": "谢谢您愿意告诉我", "en": "Thank you for telling me"}[lang]
    assert urgent_reply(["suicide_risk"], lang).startswith(heard)
    assert heard not in urgent_reply(["stroke"], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_suicide_reply_has_support_lines(lang: str) -> None:
    for reply in (emergency_reply(["suicide_risk"], lang), urgent_reply(["suicide_risk"], lang)):
        assert "12356" in reply
        assert "400-161-9995" in reply


@pytest.mark.parametrize("lang", LANGS)
def test_suicide_comes_first(lang: str) -> None:
    reply = emergency_reply(["acs", "suicide_risk"], lang)
    assert reply.index("12356") < reply.index("立即停止一切活动" if lang == "zh" else "sit or lie down")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reason", REASON_CODES)
def test_no_template_suggests_dose_changes(reason: str, lang: str) -> None:
    for reply in (emergency_reply([reason], lang), urgent_reply([reason], lang)):
        assert not DOSE_CHANGE.search(reply), (reason, lang, DOSE_CHANGE.search(reply))


def test_required_first_aid_content() -> None:
    assert "解开" in emergency_reply(["acs"], "zh") and "门锁" in emergency_reply(["acs"], "zh")
    assert "unlock the door" in emergency_reply(["acs"], "en")
    assert "sit or lie down" in emergency_reply(["acs"], "en")
    assert "time the symptoms started" in emergency_reply(["stroke"], "en")
    assert "do not give food or water" in emergency_reply(["stroke"], "en")
    assert "不要给患者吃任何东西或喝水" in emergency_reply(["stroke"], "zh")
    assert "15 g" in emergency_reply(["hypoglycaemia"], "en")
    assert "15克" in emergency_reply(["hypoglycaemia"], "zh")
    assert "do not stay alone" in emergency_reply(["suicide_risk"], "en")


@pytest.mark.parametrize("lang", LANGS)
def test_urgent_reply_core_messages(lang: str) -> None:
    reply = urgent_reply(["ckd_danger"], lang)
    if lang == "zh":
        assert "今天联系您的家庭医生" in reply and "照护团队已收到通知" in reply and "急诊" in reply
    else:
        assert "family doctor today" in reply and "care team has been notified" in reply
        assert "emergency department" in reply


def test_multiple_reasons_deduplicated_and_unknown_ignored() -> None:
    reply = emergency_reply(["acs", "acs", "not_a_reason", "stroke"], "en")
    assert reply.count("unlock the door so the ambulance") == 1
    assert "exact time" in reply
    assert emergency_reply([], "en").count("120") >= 1


def test_language_fallback() -> None:
    assert emergency_reply(["acs"], "en-GB") == emergency_reply(["acs"], "en")
    assert emergency_reply(["acs"], "mixed") == emergency_reply(["acs"], "zh")
