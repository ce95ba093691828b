"""The statement-level fast paths of quantities.py give what the plain algorithm gives.

``_ascii_numbers`` (one translated copy of an ASCII statement) must find the numbers
``_numbers`` finds and never say "no word ordinal" where the ordinal pattern matches.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import quantities as q

VOCAB = q._vocab()

PIECES = list("0123456789 ,.:;$%()-_\n\tabkmstAKMBS") + [
    "two", "Twenty", "one", "ONE", "a dozen", "half a dozen", "a pair of", "a couple of", "million", " bn",
    "per cent", "the ", "The ", "the first", "the Third", "the third-largest", "the\tsecond", "fifth,",
    " people", " vessels", " days", " and ", " of ", "th", "st", "hundredth",
]
ascii_texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(ascii_texts)
def test_ascii_scan_finds_the_numbers_of_the_plain_path(text):
    numbers, ordinals_possible = q._ascii_numbers(text, VOCAB)
    assert numbers == q._numbers(text, text.lower(), VOCAB)
    if not ordinals_possible:
        assert not list(VOCAB.word_ordinal.finditer(text))


@pytest.mark.parametrize("text", [
    "2two 3", "two2 a pair of shoes", "a2 dozen", "twenty-two2", "two_three", "4 two\nthousand", "the third5",
    "the fifth,", "the FIRST one", "It rose 5%.", "No digits and no number words here.", "",
])
def test_ascii_scan_examples(text):
    numbers, ordinals_possible = q._ascii_numbers(text, VOCAB)
    assert numbers == q._numbers(text, text.lower(), VOCAB)
    assert ordinals_possible or not list(VOCAB.word_ordinal.finditer(text))
