"""Red flags from what was swallowed or breathed in, and a child's rash that does not fade.

Each is an emergency in the labelling guide whatever else the message says: pesticide, bleach,
a button battery or a whole box of tablets (poisoning; one or two extra doses by mistake are urgent), and a rash that stays when pressed under a
glass (meningococcal sepsis until shown otherwise).
"""

from __future__ import annotations

from coach.triage.models import Finding, TriageLevel
from coach.triage.signals import Signals

E, U = TriageLevel.EMERGENCY, TriageLevel.URGENT


def poisoning(sig: Signals) -> list[Finding]:
    swallowed = sig.get("toxin_taken")
    if swallowed is not None:
        return [sig.finding("poisoning", E, swallowed)]
    child = sig.get("child_young")
    into = sig.get("medicine_got_into")
    if child is not None and into is not None:
        return [sig.finding("poisoning", E, into, child)]  # a toddler in grandma's pill box
    extra = sig.get("extra_dose")
    return [sig.finding("poisoning", U, extra)] if extra is not None else []


def non_blanching_rash(sig: Signals) -> list[Finding]:
    rash = sig.get("rash_not_fading")
    if rash is None:
        return []
    return [sig.finding("child_illness" if sig.get("child_young") is not None else "sepsis", E, rash)]
