"""The member's answer to the coach's self-harm safety question.

After a low-mood disclosure the coach asks whether the member has had thoughts of harming themselves
(`coach.dialogue.social.EMOTIONAL`). A bare "有" or "sometimes" carries no red-flag words of its own, so
the rules cannot see it; read against the question it is a yes, and a yes is a passive death wish at
least: urgent, a family doctor calls the member the same day. Plans, means or an attempt in the answer
are still the rules' emergency. Not knowing ("说不清", "not sure") counts as a yes. An answer that is
neither (thanks, a joke, how long the low mood has lasted: the screen asks three things) leaves the
safety question open, and the dialogue asks it once more, plainly (`coach.dialogue.step`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from coach.triage.models import Finding, TriageLevel

_DENIAL = re.compile(
    r"^(?:[没冇沒](?:有)?|不(?:是|会)?|无|否)[。.!！…~\s]*$|[没冇沒](?:有)?(?:想过?|那么?想|那种|这种|这样的?|过)|不会(?:的|想|这么想)?|从(?:来)?[没冇沒]"
    r"|[没冇沒](?:那么|这么|咁)?(?:严重|夸张|糟)|不至于|没有没有|还好|不想死"
    # the thought named first, the denial after it: 那种想法没有, 想不开那倒没有, 寻死的念头从来没有过
    r"|(?<!什么)(?<!啥)(?:想法|念头|想不开|寻死|轻生|那种|这种|那样|这样)(?:的)?(?:那|这)?(?:倒是|倒|也|可|是)?(?:从来|从)?(?:没有|没|冇)"
    r"(?:过|了)?(?:的|啦|哈|哦|呢|啊)?(?![\u4e00-\u9fff])"
    r"|(?<![a-z])(?:no(?! ?one| ?body)|nope|not really|never(?! wake)|nah|not at all)(?![a-z])|nothing (?:like that|dark|of the sort|that bad)"
    r"|not suicidal|no (?:such |dark )?thoughts|i'?m (?:safe|ok|okay|fine)|i (?:would|'d) never|don'?t want to (?:die|hurt)",
    re.IGNORECASE,
)
# A bare "嗯" answers the question; "嗯 谢谢" is an acknowledgement of the reply, not a yes.
_AFFIRM = re.compile(r"^(?:有(?!人)|会|是|对)|^嗯+[。.!！…~\s]*$|想过|有时|偶尔|经常|不知道|说不清|说不好|不好说|唔知"
                     r"|(?:最近|现在|这阵子|才)[^，,。没不冇沒]{0,4}有了?"
                     r"|(?<![a-z])(?:yes|yeah|yep|sometimes|i have|i do|a bit|maybe|kind of|not sure|i don'?t know|dunno)(?![a-z])",
                     re.IGNORECASE)


def denies_self_harm(text: str) -> bool:
    """A clear no to the safety question ("没想过伤害自己", "nothing like that")."""
    return bool(_DENIAL.search(unicodedata.normalize("NFKC", text).lower()))


# A wish not to be here inside an answer outweighs any "no" in it ("not really, just wish I could sleep and never wake up").
_WISH = re.compile(r"活着没(?:意思|意义)|不想活|不如死|死了算了|想死|不想醒|醒不过来就好|没人会(?:想|在乎)我"
                   r"|never wake up|not wake up|wish i (?:was|were) dead|(?:no one|nobody) would (?:miss|care)|better off without me",
                   re.IGNORECASE)


# After thanks for the reply, "a bit" or "kind of" is about the reply ("thanks, that helps a bit"), not a yes;
# "thanks. yes, sometimes" still is.
_THANKS = re.compile(r"^(?:谢谢|多谢|感谢|thanks|thank you|thx|cheers)(?![a-z])", re.IGNORECASE)
_HEDGE = re.compile(r"(?:helps?|helped|helping|better|useful)\s+(?:a bit|a little|kind of|somewhat)"
                    r"|(?:a bit|a little|kind of) (?:better|helpful|useful)")
# "以前这种想法没有，最近有了": a denial of the past, a yes now.
_NOW_YES = re.compile(r"(?:以前|过去|之前)[^，,。]{0,8}(?:没有|没|冇)|(?:最近|现在|这阵子|才)[^，,。没不冇沒]{0,4}有了?")


def read_screen_answer(text: str) -> Literal["yes", "no", "open"]:
    """The message read as an answer to the safety question: a wish not to be here is a yes whatever else it
    says; otherwise a clear no wins over a yes in the same words ("有 两个礼拜了 不过没想过做傻事"); anything else
    leaves the question open."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    if _WISH.search(t):
        return "yes"
    if not t:
        return "open"
    if denies_self_harm(t) and not _NOW_YES.search(t):
        return "no"
    return "yes" if _AFFIRM.search(_HEDGE.sub(" ", t) if _THANKS.match(t) else t) else "open"


def screen_answer_finding(text: str) -> Finding | None:
    """An urgent suicide-risk finding when the message answers the safety question with a yes."""
    if read_screen_answer(text) != "yes":
        return None
    return Finding(reason="suicide_risk", level=TriageLevel.URGENT,
                   evidence=f"answer to the self-harm safety question: {text.strip()[:80]}", span=None)
