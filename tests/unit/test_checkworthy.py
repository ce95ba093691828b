"""Check-worthiness: the shipped model loads, scores sensibly, explains itself, rejects bad files."""

from __future__ import annotations

import json

import pytest

from claimcheck.errors import SchemaVersionError
from claimcheck.extract.checkworthy import (DEFAULT_MODEL_PATH, EXTRACTOR_FEATURES,
                                            CheckworthyModelError, cue_index, extractor_features,
                                            load_model, model_from_dict, ngrams,
                                            score_checkworthiness, score_with, words)
from claimcheck.model import Entity, Quantity, Slots

TINY = {
    "schema": "claimcheck.checkworthy/1",
    "intercept": -1.0,
    "features": {"number": 2.0, "first person": -1.5, "question": -0.5},
    "ngrams": {"voted": 1.0, "voted against": 0.5, "think": -0.75},
    "cues": {"first_person": ["i", "we"], "number": ["million"]},
}


def test_shipped_model_loads_with_every_feature_known():
    model = load_model()
    assert set(model.features) <= set(EXTRACTOR_FEATURES)
    assert len(model.ngrams) > 1000
    assert {"first_person", "modal", "comparison"} <= set(model.cues)


def test_unknown_schema_version_is_rejected(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(dict(TINY, schema="claimcheck.checkworthy/2")), encoding="utf-8")
    with pytest.raises(SchemaVersionError, match="checkworthy/2"):
        load_model(path)


@pytest.mark.parametrize("broken", [
    {k: v for k, v in TINY.items() if k != "ngrams"},
    dict(TINY, features={"sparkle": 1.0}),
    dict(TINY, intercept="high"),
])
def test_malformed_model_is_rejected(tmp_path, broken):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CheckworthyModelError):
        load_model(path)


def test_missing_or_non_json_model_file(tmp_path):
    with pytest.raises(CheckworthyModelError, match="cannot read"):
        load_model(tmp_path / "absent.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(CheckworthyModelError):
        load_model(tmp_path / "bad.json")


def test_tiny_model_arithmetic_and_reason():
    model = model_from_dict(TINY)
    score, reason = score_with(model, "He voted against 3 bills.", Slots())
    # logit = -1 + 1 (voted) + 0.5 (voted against) + 2 (number) + log-length weight 0
    assert score == pytest.approx(1 / (1 + pow(2.718281828459045, -2.5)), rel=1e-6)
    assert reason == "+number, +'voted', +'voted against'"
    score, reason = score_with(model, "I think so?", Slots())
    assert reason == "-first person, -'think', -question"
    assert score < 0.05


def test_words_fold_numbers_and_ngrams_are_sets():
    assert words("It rose 4.5% to $1,200 in 2019; We’re sure.") == [
        "it", "rose", "0", "0", "to", "0", "0", "in", "0", "we're", "sure"]
    assert ngrams(["a", "b", "a", "b"]) == {"a", "b", "a b", "b a"}


def test_extractor_features_use_slots_when_surface_cues_are_missing():
    text = "about a dozen vessels were seen"
    cues = cue_index({})
    without = extractor_features(text, words(text), Slots(), cues)
    quantity = Quantity(text="a dozen vessels", value=12, unit="vessel", kind="count",
                        start=6, end=21)
    entity = Entity(text="vessels", canonical="Navy", start=14, end=21)
    with_slots = extractor_features(text, words(text), Slots(quantities=(quantity,),
                                                             entities=(entity,)), cues)
    assert "number" not in without and "entity" not in without
    assert with_slots["number"] == 1.0 and with_slots["entity"] == 1.0


@pytest.mark.parametrize("factual, chatty", [
    ("Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.",
     "I think we all want what is best for our children, don't you?"),
    ("The senator voted against the bill twice last year.",
     "Thank you so much, it is wonderful to be here tonight."),
    ("Exports grew by 12 percent between 2010 and 2015.",
     "We must do better, and we will."),
])
def test_factual_sentences_outscore_chatter(factual, chatty):
    high, reason = score_checkworthiness(factual, Slots())
    low, _ = score_checkworthiness(chatty, Slots())
    assert high >= 0.5 > low
    assert reason and reason[0] in "+-"


def test_scores_are_probabilities_and_deterministic():
    for text in ("", "?", "0", "A" * 500, "We will, we will."):
        first = score_checkworthiness(text, Slots())
        assert 0.0 <= first[0] <= 1.0
        assert first == score_checkworthiness(text, Slots())


def test_shipped_file_is_the_default_path():
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert data["schema"] == "claimcheck.checkworthy/1"


def test_cached_default_scoring_equals_scoring_with_the_full_slots():
    # score_checkworthiness caches on six facts of the slots; it must agree with score_with on real slots
    from datetime import date

    from claimcheck.extract.checkworthy import _default_model
    from claimcheck.extract.slots import extract_slots
    texts = ["Unemployment fell to 4 percent in 2019, the lowest since 1969.",
             "I think we may never know.", "Only the UN and NATO objected on July 13.",
             "Nobody voted against it.", "The committee met again.", "Will prices rise?"]
    seen = set()
    for text in texts:
        slots = extract_slots(text, 7, date(2022, 7, 20))
        assert score_checkworthiness(text, slots) == score_with(_default_model(), text, slots)
        seen.add(score_checkworthiness(text, slots))
    assert len(seen) == len(texts)


# issue #12 remainder: hedging marks a claim hedged, it does not make it not check-worthy;
# an opinion frame ("to my mind") makes a statement an opinion (frames: data/checkworthy_frames.json)

def _judged(text: str) -> tuple[bool, bool]:
    from claimcheck.extract.slots import extract_slots
    slots = extract_slots(text)
    return score_checkworthiness(text, slots)[0] >= 0.5, slots.hedged


@pytest.mark.parametrize("text", [
    "As far as I know, the dam was the first in the region to fail twice.",
    "The minister, I am told, signed the order on 4 June.",
    "The harbour was reportedly closed for 3 weeks in 2020.",
])
def test_a_hedged_factual_claim_stays_check_worthy_and_hedged(text):
    assert _judged(text) == (True, True)


@pytest.mark.parametrize("text", [
    "To my mind the museum's 2015 extension was a failure.",
    "In my view, the 1998 treaty was the worst deal ever signed.",
    "The 40% levy was, in my opinion, a mistake.",
])
def test_an_opinion_frame_makes_a_statement_not_check_worthy(text):
    from claimcheck.extract.slots import extract_slots
    score, reason = score_checkworthiness(text, extract_slots(text))
    assert score < 0.5 and reason.startswith("-opinion ")


def test_a_conjecture_or_a_first_person_belief_is_not_stripped():
    # "I think" and "probably" mark opinion or conjecture in debate transcripts far more often
    # than a reported fact: they still weigh against check-worthiness
    from claimcheck.extract.checkworthy import scoring_text
    assert scoring_text("I think we will win 3 seats.", True) == ("I think we will win 3 seats.", True)
    assert scoring_text("It probably cost $2m.", True) == ("It probably cost $2m.", True)
    assert scoring_text("It cost, apparently, $2m.", True)[1] is False
