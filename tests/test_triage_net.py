"""The learned safety net: reproducible training, raise-only combination, the committed weights match the
corpus they were trained on, blind sets never train it, and the catalogue it learns from is complete."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.triage.assessment import assess_message, net_evidence, safety_check_reply
from coach.triage.catalogue import CatalogueInvalid, load_catalogue, parse_catalogue
from coach.triage.models import REASON_CODES, TriageContext, TriageLevel
from coach.triage.net import NetVerdict, SafetyNet, default_net, words_only
from coach.triage.net_training import Example, data_hash, train
from evals.conversation.runner import load_conversations
from evals.conversation.sets import MEASURED_SETS as MEASURED_CONVERSATIONS
from evals.conversation.sets import UNTOUCHED_SETS
from evals.triage.corpus import BLIND_SETS, CONVERSATION_DEV, EVERYDAY, FOLDER, training_examples
from evals.triage.runner import load_cases

CTX = TriageContext(None, datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
CATALOGUE = load_catalogue()


def _toy() -> list[Example]:
    red = ["吃了一整瓶安眠药", "孩子吞了纽扣电池", "swallowed a whole box of pills", "宝宝抽筋叫不醒",
           "咳出一大口鲜血", "she collapsed and won't wake up"] * 3
    calm = ["安眠药怎么吃比较好", "纽扣电池哪里买", "how do I store my pills", "宝宝今天很乖", "咳嗽有点痰",
            "she is awake and chatting"] * 3
    return [Example(t, "emergency", "poisoning") for t in red] + [Example(t, "benign", None) for t in calm]


def test_training_is_deterministic_and_records_the_data_hash(tmp_path: Path) -> None:
    first, second = train(_toy(), buckets=1 << 12), train(_toy(), buckets=1 << 12)
    assert first.data_hash == second.data_hash == data_hash(_toy())
    assert (first.level_weights == second.level_weights).all()
    first.save(tmp_path / "net.npz")
    loaded = SafetyNet.load(tmp_path / "net.npz")
    assert loaded.probabilities("吃了一整瓶安眠药")[0][2] == pytest.approx(first.probabilities("吃了一整瓶安眠药")[0][2],
                                                                      abs=1e-2)  # float16 on disk
    assert loaded.probabilities("吃了一整瓶安眠药")[0][2] > loaded.probabilities("安眠药怎么吃比较好")[0][2]


def test_the_committed_weights_were_trained_on_todays_corpus() -> None:
    net = default_net()
    assert net is not None
    assert net.data_hash == data_hash(training_examples()), "the corpus changed: run `coach train triage`"
    assert 0.3 <= net.emergency_threshold <= 0.95 and 0.3 <= net.urgent_threshold <= 0.95
    assert set(net.reasons) == set(REASON_CODES)


def test_blind_sets_never_train_the_net() -> None:
    blind_texts = {case["text"] for name in BLIND_SETS if (FOLDER / name).exists() for case in load_cases(FOLDER / name)}
    assert blind_texts, "keep two blind sets"
    assert not blind_texts & {e.text for e in training_examples()}
    with pytest.raises(ValueError, match="blind"):
        training_examples([FOLDER / BLIND_SETS[0]])


def test_untouched_conversation_sets_never_train_the_net() -> None:
    def texts(paths: tuple[Path, ...]) -> set[str]:
        return {t["text"] for p in paths for row in load_conversations(p) for t in row["turns"]}

    only_untouched = texts(UNTOUCHED_SETS) - texts((CONVERSATION_DEV, *MEASURED_CONVERSATIONS)) - set(EVERYDAY)
    assert only_untouched
    assert not only_untouched & {e.text for e in training_examples()}
    assert texts(MEASURED_CONVERSATIONS) <= {e.text for e in training_examples()} | {""}


def test_the_net_reads_words_not_readings() -> None:
    assert words_only("今天早上血压 150/95") == "今天早上"
    net = default_net()
    assert net is not None
    for text in ("血压150/95", "72.5", "1", "已吃", "ok"):
        assert net.assess(text).level is None, text


class FixedNet:
    """A net that always says the same thing, to test the combination rule on its own."""

    def __init__(self, level: TriageLevel | None, reason: str = "poisoning") -> None:
        self.verdict = NetVerdict(level, {"benign": 0.0 if level else 1.0, "urgent": 0.0,
                                          "emergency": 1.0 if level else 0.0}, reason, 0.9)

    def assess(self, text: str) -> NetVerdict:
        return self.verdict


def test_the_net_only_raises() -> None:
    rules_emergency = "我胸口压着疼，一直出冷汗"
    calm = assess_message(rules_emergency, CTX, FixedNet(None))  # type: ignore[arg-type]
    assert calm.triage.level is TriageLevel.EMERGENCY and not calm.raised_by_net
    raised = assess_message("我家小孩刚才把奶奶的降压药吃了好几颗", CTX, FixedNet(TriageLevel.EMERGENCY))  # type: ignore[arg-type]
    assert raised.raised_by_net and raised.triage.level is TriageLevel.EMERGENCY
    assert raised.triage.reasons[0] == "poisoning"


def test_the_trained_net_catches_unseen_presenting_problems_and_leaves_everyday_talk_alone() -> None:
    net = default_net()
    assert net is not None
    assert assess_message("我爸吃了一整瓶安眠药叫不醒", CTX, net).triage.level is TriageLevel.EMERGENCY
    for text in ("你好", "肾功能多久查一次", "谢谢", "明天天气怎么样"):
        assert assess_message(text, CTX, net).triage.level is None, text


def test_a_raise_shows_the_clinician_why_and_asks_the_member_the_key_question() -> None:
    text = "我家小孩刚才把奶奶的降压药吃了好几颗"
    raised = assess_message(text, CTX, FixedNet(TriageLevel.EMERGENCY))  # type: ignore[arg-type]
    evidence = net_evidence(raised, text, CATALOGUE)
    assert evidence["source"] == "safety_net" and evidence["reason"] == "poisoning"
    assert evidence["nearest"] and {"example", "similarity", "reason"} <= set(evidence["nearest"][0])
    for lang in ("zh", "en"):
        reply = safety_check_reply(raised, CATALOGUE, lang)
        assert "120" in reply
        assert reply.startswith("为了您的安全" if lang == "zh" else "To keep you safe")
    urgent = assess_message("想不开，觉得活着没意思", CTX, FixedNet(TriageLevel.URGENT, "suicide_risk"))  # type: ignore[arg-type]
    said = safety_check_reply(urgent, CATALOGUE, "zh")
    assert "12356" in said and said.startswith("谢谢您愿意告诉我")  # heard before the safety question


def test_the_catalogue_covers_every_reason_with_examples_actions_and_sources() -> None:
    flags = CATALOGUE.flags
    assert len(flags) >= 45 and {f.reason for f in flags} == set(REASON_CODES)
    for flag in flags:
        assert len(flag.examples) >= 8 and len(flag.negatives) >= 5, flag.id
        assert flag.source and flag.safety_question["zh"] and flag.safety_question["en"], flag.id
        if flag.level is TriageLevel.EMERGENCY:
            assert "120" in flag.action["zh"] and "120" in flag.action["en"], flag.id
        if flag.reason == "suicide_risk":
            assert "12356" in flag.action["zh"] and "400-161-9995" in flag.action["zh"], flag.id
    example = flags[0].examples[0]
    assert CATALOGUE.nearest(example)[0].example == example


def test_a_broken_catalogue_is_refused() -> None:
    with pytest.raises(CatalogueInvalid, match="unknown reason"):
        parse_catalogue({"problems": [{"id": "x", "flags": [{"id": "a", "reason": "gout", "level": "urgent"}]}]})
    with pytest.raises(CatalogueInvalid, match="level"):
        parse_catalogue({"problems": [{"id": "x", "flags": [{"id": "a", "reason": "acs", "level": "routine"}]}]})
