"""The member's answer to the coach's self-harm safety question.

After a low-mood disclosure the coach asks whether the member has had thoughts of harming themselves
(`coach.dialogue.social.EMOTIONAL`). A bare "有" or "sometimes" carries no red-flag words of its own, so
the rules cannot see it; read against the question it is a yes, and a yes is a passive death wish at
least: urgent, a family doctor calls the member the same day. Plans, means or an attempt in the answer
are still the rules' emergency. Anything that is not a clear denial counts as a yes: asking again is
cheap, missing it is not.
"""

from __future__ import annotations

import re
import unicodedata

from coach.triage.models import Finding, TriageLevel

_DENIAL = re.compile(
    r"^(?:没(?:有)?|不(?:是|会)?|无|否)[。.!！…~\s]*$|没(?:有)?(?:想过?|那么?想|那种|这种|这样的?|过)|不会(?:的|想|这么想)?|从(?:来)?没|没那么严重|不至于|没有没有|还好|不想死"
    r"|(?<![a-z])(?:no|nope|not really|never|nah|not at all)(?![a-z])|nothing like that|not suicidal|no (?:such )?thoughts"
    r"|i'?m (?:safe|ok|okay|fine)|i (?:would|'d) never|don'?t want to (?:die|hurt)",
    re.IGNORECASE,
)
# A bare "嗯" answers the question; "嗯 谢谢" is an acknowledgement of the reply, not a yes.
_AFFIRM = re.compile(r"^(?:有|会|是|对)|^嗯+[。.!！…~\s]*$|想过|有时|偶尔|经常|(?<![a-z])(?:yes|yeah|yep|sometimes|i have|i do|a bit|maybe|kind of)(?![a-z])",
                     re.IGNORECASE)
# Answers that are about something else (thanks, a new question) say nothing about the screen.
_UNRELATED = re.compile(r"谢谢|好的|知道了|明白|[?？]|(?<![a-z])(?:thanks|thank you|ok|okay|got it)(?![a-z])", re.IGNORECASE)


def denies_self_harm(text: str) -> bool:
    """A clear no to the safety question ("没想过伤害自己", "nothing like that")."""
    return bool(_DENIAL.search(unicodedata.normalize("NFKC", text).lower()))


def screen_answer_finding(text: str) -> Finding | None:
    """An urgent suicide-risk finding when the message answers the safety question with anything but no."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    if not t or denies_self_harm(t) or (_UNRELATED.search(t) and not _AFFIRM.search(t)):
        return None
    return Finding(reason="suicide_risk", level=TriageLevel.URGENT,
                   evidence=f"answer to the self-harm safety question: {text.strip()[:80]}", span=None)
