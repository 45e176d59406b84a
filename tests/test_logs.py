from __future__ import annotations

import logging

import pytest

from coach.logs import RedactingFilter, redact


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("reply to o6_bmjrPTlm6_2sgVt7hMZOPfL2M failed", "reply to o*** failed"),
        ("call 13812345678 or +86 13912345678", "call [phone] or [phone]"),
        ("id 11010519491231002X", "id [id]"),
        ("escalation 12 level=urgent", "escalation 12 level=urgent"),
    ],
)
def test_redact(raw: str, clean: str) -> None:
    assert redact(raw) == clean


def test_filter_masks_formatted_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("coach.test-redaction")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="coach.test-redaction"):
        logger.info("send to %s failed (%s)", "oWx123456789012345678901234", "13812345678")
    assert caplog.records[-1].getMessage() == "send to o*** failed ([phone])"
