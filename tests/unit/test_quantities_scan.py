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
    numbers, ordinals_possible, words = q._ascii_numbers(text, VOCAB)
    assert numbers == q._numbers(text, text.lower(), VOCAB)
    assert words == text.encode("ascii").translate(q._SCAN).split()
    if not ordinals_possible:
        assert not list(VOCAB.word_ordinal.finditer(text))


@pytest.mark.parametrize("text", [
    "2two 3", "two2 a pair of shoes", "a2 dozen", "twenty-two2", "two_three", "4 two\nthousand", "the third5",
    "the fifth,", "the FIRST one", "It rose 5%.", "No digits and no number words here.", "",
])
def test_ascii_scan_examples(text):
    numbers, ordinals_possible, _ = q._ascii_numbers(text, VOCAB)
    assert numbers == q._numbers(text, text.lower(), VOCAB)
    assert ordinals_possible or not list(VOCAB.word_ordinal.finditer(text))


BEFORE_PIECES = list("0123456789 ,.:;$€£%()-–_\n\t\u00a0abkmsAKMBS~") + [
    "US$", "U.S.$", "Rs.", "RMB", "A$", "about", "About ", "more than", "ca.", "c.", "Apollo", "Section", "pp.",
    "p.", "over", "Some", "estimated", "an", "well", "≈", "ſome", "K", "word", "x", "12", "-", "–",
]
before_texts = st.lists(st.sampled_from(BEFORE_PIECES), max_size=20).map("".join)


def _facts_at(text: str, start: int):
    """``_before_facts`` for a number at ``start``, as ``_parse`` looks them up (None when it
    does not)."""
    window = start - 40 if start > 40 else 0
    before = text[window:start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    gap = start - window - len(before)
    if len(before) > len(word) and (gap == 0 or (gap == 1 and text[start - 1] == " ")):
        return before, word, q._before_facts(word, gap)
    return before, word, None


@settings(max_examples=500, deadline=None)
@given(before_texts, st.sampled_from(["12 ", "12(", "12 3", "5", "9.5%"]), st.data())
def test_before_facts_decide_like_the_text(prefix, number, data):
    text = prefix + number
    start = len(prefix)
    end = start + (len(number.rstrip(" (3%")) if number[0] != "9" else 3)
    before, word, facts = _facts_at(text, start)
    if facts is None:
        return
    skip, name, currency, approximate = facts
    c = text[end:end + 1]
    plain_skip = q._word_before(word)[0] or q._skip_digits(text, start, end, before, True)
    assert (skip or c == "(" or (c.isspace() and text[end + 1:end + 2].isdecimal())) == plain_skip
    assert name == q._after_name(text, start, before, word, q._word_before(word)[1])
    prefix_match = VOCAB.currency_before.search(text, max(0, start - 8), start) if start else None
    if currency is None:
        assert prefix_match is None
    else:
        back, code = currency
        assert prefix_match and prefix_match.start(1) == start - back
        assert VOCAB.currency_prefix[prefix_match.group(1)] == code
    if not approximate:
        assert not VOCAB.approx_before.search(text, max(0, start - 24), start)


@pytest.mark.parametrize("text", [
    "worth $12 ", "worth US$ 12 ", "a xUS$12 ", "a (US$12 ", "is about 12 ", "more than 12 ", "More Than 12 ",
    "on pp. 12 ", "call 01 12 ", "the Apollo 12 ", "is ca. 12 ", "it is c. 12 ", "just over 12 ", "x ~12 ",
])
def test_before_facts_examples(text):
    start = text.index("12")
    before, word, facts = _facts_at(text, start)
    assert facts is not None
    skip, name, currency, approximate = facts
    assert skip == bool(q._word_before(word)[0] or q._skip_digits(text, start, start + 2, before, True))
    assert name == q._after_name(text, start, before, word, q._word_before(word)[1])
    match = VOCAB.currency_before.search(text, max(0, start - 8), start)
    assert (currency is None) == (match is None)
    assert approximate or not VOCAB.approx_before.search(text, max(0, start - 24), start)
