"""Replies to a dose reminder: did the member take the dose?"""

from __future__ import annotations

import re

from coach.measurements.numerals import normalise

_MAX_REPLY_CHARS = 40

# Checked first: every "not taken" form also contains a "taken" word (没吃 contains 吃).
_MISSED_RE = re.compile(
    r"^(?:2|no|nope|not yet|missed(?: it| my (?:dose|pills?|meds|medicine))?)[.!。!]*$"
    r"|还没|没吃|没有吃|没服|未服|未吃|忘了|忘记|漏了|漏服|漏吃|不吃了|不想吃|没来得及"
    r"|(?<![a-z])missed(?![a-z])|forgot|forget|didn't take|did not take|haven't taken|have not taken"
    r"|not taken|skipped|skip(?:ped)? (?:it|my)|not yet"
)
_TAKEN_RE = re.compile(
    r"^(?:1|yes|yep|yeah|done|ok|okay|好了|好的|嗯)[.!。!]*$"
    r"|已吃|吃了|吃过了|吃过|已服|服了|服过|已经服用|服用了|吃完了|打了|已打|已注射|注射了"
    r"|(?<![a-z])took(?![a-z])|(?<![a-z])taken(?![a-z])|have taken|i've taken|done taking|had my (?:pills?|meds)"
)


def parse_dose_report(text: str) -> bool | None:
    """True if the reply says the dose was taken, False if missed, None if it is not a dose reply."""
    reply = normalise(text).strip()
    if not reply or len(reply) > _MAX_REPLY_CHARS or "?" in reply:
        return None
    if _MISSED_RE.search(reply):
        return False
    if _TAKEN_RE.search(reply):
        return True
    return None
