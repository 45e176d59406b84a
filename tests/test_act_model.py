"""The learned act reader: trained reproducibly, committed with the hash of its data, and used only where
no rule decides (a rule's pattern always stands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.dialogue.act_model import ActModel, TurnSignals, default_act_model
from coach.dialogue.act_training import ActExample, data_hash, train
from coach.dialogue.acts import classify, normalise
from coach.settings import REPO_ROOT
from evals.conversation.runner import load_conversations
from evals.conversation.sets import UNTOUCHED_SETS, act_training_examples

PLAIN = TurnSignals(has_topic_words=False, has_reading=False, question=False, after_screen=False)


def _toy() -> list[ActExample]:
    greetings = ["hello there", "hi coach", "早上好呀", "good morning"]
    lonely = ["i feel so alone these days", "nobody calls me anymore and i just sit at home", "一个人在家 心里空",
              "老伴走了以后 日子没意思"]
    how_often = ["how often should i check it", "多久查一次", "how many times a year"]
    missed = ["i forgot my pill last night", "昨天忘了吃药", "missed my morning dose"]
    asking = TurnSignals(has_topic_words=False, has_reading=False, question=True, after_screen=False)
    return ([ActExample(t, PLAIN, "greeting", None) for t in greetings * 3]
            + [ActExample(t, PLAIN, "emotional", None) for t in lonely * 3]
            + [ActExample(t, asking, "health_question", "how_often") for t in how_often * 3]
            + [ActExample(t, asking, "health_question", "missed_dose") for t in missed * 3])


def test_training_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    first, second = train(_toy(), buckets=1 << 12), train(_toy(), buckets=1 << 12)
    assert first.data_hash == second.data_hash == data_hash(_toy())
    assert (first.act.weights == second.act.weights).all() and (first.intent.weights == second.intent.weights).all()
    first.save(tmp_path / "acts.npz")
    loaded = ActModel.load(tmp_path / "acts.npz")
    assert loaded.predict("i feel alone", PLAIN) == "emotional"
    assert loaded.predict("hello coach", PLAIN) == "greeting"
    acts, intents = loaded.read("i forgot my evening pill", PLAIN)
    assert max(intents, key=intents.__getitem__) == "missed_dose"
    assert acts["emotional"] == pytest.approx(first.read("i forgot my evening pill", PLAIN)[0]["emotional"],
                                              abs=1e-2)  # float16 on disk


def test_the_committed_weights_were_trained_on_todays_measured_sets() -> None:
    model = default_act_model()
    assert model is not None
    examples = act_training_examples(REPO_ROOT / "knowledge")
    assert model.data_hash == data_hash(examples), "the conversation sets changed: run `coach train acts`"


def test_the_untouched_sets_are_never_training_data() -> None:
    trained = {e.text for e in act_training_examples(REPO_ROOT / "knowledge")}
    untouched = {normalise(t["text"]) for path in UNTOUCHED_SETS for c in load_conversations(path) for t in c["turns"]}
    assert untouched and not untouched & trained  # not even a phrase an earlier writer happened to type too


@pytest.mark.parametrize("text", [  # no word of the mood lexicons in any of them
    "i used to love gardening but these days i just cannot be bothered",
    "孩子们都在外地 过年也不回来 屋里冷冷清清的",
    "退了休整天待在家里 觉得自己是个多余的人",
])
def test_low_mood_told_through_loss_and_loneliness_is_heard(text: str) -> None:
    assert classify(text, has_topic_words=False).act == "emotional"


def test_a_greeting_with_an_introduction_is_a_greeting() -> None:
    assert classify("hey, this is Anna, I help my father with his phone", has_topic_words=False).act == "greeting"


def test_a_rule_pattern_stands_over_the_reader() -> None:
    # A reading stated plainly is a reading report by rule, whatever the reader would guess.
    assert classify("早上血压 138/86", has_reading=True, has_topic_words=True).act == "reading_report"
    assert classify("谢谢你", has_topic_words=False).act == "thanks"
