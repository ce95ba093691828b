"""Negation, quantifier and hedge cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.modality import detect_modality


@pytest.mark.parametrize("text, negated", [
    ("Belarus did not recognise the regions.", True),
    ("They never voted.", True),
    ("No country objected.", True),
    ("They didn’t have contact.", True),
    ("They can't go.", True),
    ("Neither China nor Japan signed.", True),
    ("The minister failed to attend.", True),
    ("Moscow refused to comment.", True),
    ("It is not only cheap but fast.", False),
    ("They upgraded it to a 'no limits' partnership.", False),
    ("It covers no more than two cases.", False),
    ("Take the No. 5 bus.", False),
    ("Japan signed the treaty.", False),
])
def test_negation(text, negated):
    assert detect_modality(text).negated is negated


@pytest.mark.parametrize("text, quantifier", [
    ("Only Syria recognised them.", "only"),
    ("It was the first visit in years.", "first"),
    ("All members voted in favour.", "all"),
    ("No country objected.", "none"),
    ("None of the members objected.", "none"),
    ("It is not only cheap but fast.", None),
    ("After all, it was cheap.", None),
    ("Japan signed the treaty.", None),
])
def test_quantifier(text, quantifier):
    assert detect_modality(text).quantifier == quantifier


@pytest.mark.parametrize("text, hedged", [
    ("The plan may fail.", True),
    ("The plan might fail.", True),
    ("Turnout could fall.", True),
    ("It probably failed.", True),
    ("He reportedly resigned.", True),
    ("She allegedly lied.", True),
    ("It seems to work.", True),
    ("It is likely to pass.", True),
    ("It is said that he left.", True),
    ("According to some, it failed.", True),
    ("Possibly the best result.", True),
    ("The vote was held on 14 May.", False),
    ("The plan failed.", False),
])
def test_hedge(text, hedged):
    assert detect_modality(text).hedged is hedged


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_and_is_deterministic(text):
    assert detect_modality(text) == detect_modality(text)


# issue #12: first-person hedges of commentary ("as far as I can judge", "I am told")

@pytest.mark.parametrize("text", [
    "The reactor, as far as I can see, was never shut down.",
    "I'm told the ferry sailed empty.",
    "From what I understand, the levy was dropped.",
    "I suspect the levy stayed.",
])
def test_first_person_hedges(text):
    assert detect_modality(text).hedged


@pytest.mark.parametrize("text", [
    "The ferry, I am told, left at dawn with 300 aboard.",
    "Turnout was, I think, higher in the east.",
])
def test_a_first_person_hedge_in_mid_sentence(text):
    # the capital of "I" is no sign that the cue starts a name (as "May" the month is)
    assert detect_modality(text).hedged
