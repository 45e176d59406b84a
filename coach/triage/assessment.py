"""Rules first, then the learned safety net, which may only raise the level.

`assess_message` is what a coach turn and the intake call; the WeChat acknowledgement path keeps the
bare rules (`triage_message`). When the net raises above the rules the member gets a safety-check
reply (the one key question, and what to do now if the answer is yes, 120 for emergencies) instead
of the rules' fixed reply, and the clinician's ticket shows the probabilities, the rule hits and the
nearest catalogue examples.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from coach.triage.catalogue import RedFlagCatalogue
from coach.triage.engine import triage_message
from coach.triage.models import Finding, TriageContext, TriageLevel, TriageResult, combine, level_rank
from coach.triage.net import NetVerdict, SafetyNet
from coach.triage.screen import read_screen_answer, screen_answer_finding
from coach.triage.template_text import HEARD


@dataclass(frozen=True)
class Assessment:
    triage: TriageResult  # what the turn acts on
    rules: TriageResult
    net: NetVerdict | None
    raised_by_net: bool

    @property
    def net_reason(self) -> str | None:
        """The reason of the net's raise, None when it did not raise."""
        return self.net.reason if self.raised_by_net and self.net is not None else None

    def rules_only(self) -> Assessment:
        return replace(self, triage=self.rules, raised_by_net=False)


def assess_message(text: str, ctx: TriageContext, net: SafetyNet | None) -> Assessment:
    rules = triage_message(text, ctx)
    if net is None or not text.strip():
        return Assessment(rules, rules, None, False)
    verdict = net.assess(text)
    if verdict.level is None or level_rank(verdict.level) <= level_rank(rules.level):
        return Assessment(rules, rules, verdict, False)
    evidence = (f"safety net: P(urgent or higher)={verdict.probabilities['urgent'] + verdict.probabilities['emergency']:.2f}, "
                f"P(emergency)={verdict.probabilities['emergency']:.2f}, reason {verdict.reason} "
                f"({verdict.reason_probability:.2f})")
    raised = Finding(reason=verdict.reason, level=verdict.level, evidence=evidence, span=None)
    return Assessment(combine([*rules.findings, raised]), rules, verdict, True)


# A "no" to the safety question with a sentence about how they feel ("I don't want to harm myself, nothing like that.
# Just bored and sad."); the rules still read every word of it.
_PLAIN_NO_CHARS = 120


def with_screen_answer(assessment: Assessment, text: str) -> tuple[Assessment, Finding | None]:
    """The message answers the self-harm safety question just asked: a yes is an urgent finding; a plain
    no ("没想过做傻事", "I don't want to harm myself. Just bored") sets aside the net's suicide guess from those words."""
    if len(text) <= _PLAIN_NO_CHARS and read_screen_answer(text) == "no" and assessment.net_reason == "suicide_risk":
        assessment = assessment.rules_only()
    return assessment, screen_answer_finding(text)


def net_evidence(assessment: Assessment, text: str, catalogue: RedFlagCatalogue | None) -> dict[str, Any]:
    """What the clinician sees on a ticket the net raised: why it fired."""
    verdict = assessment.net
    assert verdict is not None
    return {
        "reason": verdict.reason, "level": verdict.level.value if verdict.level else None, "source": "safety_net",
        "evidence": text[:200], "span": None, "subject": "self",
        "probabilities": {k: round(v, 3) for k, v in verdict.probabilities.items()},
        "rule_hits": [{"reason": f.reason, "level": f.level.value, "evidence": f.evidence}
                      for f in assessment.rules.findings],
        "nearest": [vars(n) for n in catalogue.nearest(text)] if catalogue else [],
    }


_CHECK = {
    "zh": ("为了您的安全，我想先确认一下：{question}", "如果是，{action}", "我已通知您的家庭医生团队，他们会尽快联系您。"),
    "en": ("To keep you safe, I need to check one thing first: {question}", "If so: {action}",
           "I have told your family doctor team; they will contact you soon."),
}
_CALL_120 = {"zh": "请立即拨打120。", "en": "Call 120 now."}
_FALLBACK_QUESTION = {"zh": "您现在的情况是刚刚发生、正在加重吗？", "en": "Is this happening now, or getting worse?"}
_FALLBACK_ACTION = {"zh": "请今天就联系家庭医生；如果加重，请拨打120。",
                    "en": "contact your family doctor today; if it gets worse, call 120."}


def safety_check_reply(assessment: Assessment, catalogue: RedFlagCatalogue | None, language: str) -> str:
    lang = "en" if language.lower().startswith("en") else "zh"
    verdict = assessment.net
    assert verdict is not None and verdict.level is not None
    flag = catalogue.for_reason(verdict.reason, verdict.level) if catalogue else None
    question = (flag.safety_question[lang] if flag else "") or _FALLBACK_QUESTION[lang]
    action = (flag.action[lang] if flag else "") or _FALLBACK_ACTION[lang]
    if verdict.level is TriageLevel.EMERGENCY and "120" not in action:
        action = f"{_CALL_120[lang]}{'' if lang == 'zh' else ' '}{action}"
    if verdict.reason == "suicide_risk" and "12356" not in action:
        action += ("24小时心理援助热线：12356、400-161-9995。" if lang == "zh"
                   else " 24-hour support lines: 12356 and 400-161-9995.")
    head, then, tail = _CHECK[lang]
    heard = [HEARD[lang]] if verdict.reason == "suicide_risk" else []
    return "\n".join([*heard, head.format(question=question), then.format(action=action), tail])
