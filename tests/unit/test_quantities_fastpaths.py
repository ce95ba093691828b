"""The fast paths of quantities.py give exactly what the regexes they stand in for give.

Each pre-check in ``claimcheck.extract.quantities`` decides without a regex some cases where the
regex cannot match; these tests compare them with the plain regex on generated texts full of the
characters the pre-checks look at (whitespace of every kind, final line breaks, currency signs,
case-folding oddities, non-ASCII digits).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import quantities as q
from claimcheck.model import Quantity, field_dict

VOCAB = q._vocab()

PIECES = list("0123456789 ,.:;$€£%()-–_\n\t\u00a0abkmstAKMBS") + [
    "ſ", "K", "٣", "İ", "two", "Twenty", "one", "a dozen", "half a dozen", "a pair of", "million", " bn",
    "per cent", "percent", "US$", "Rs.", "RMB", "yuan", "about ", "more than ", "ca. ", "~", "Apollo ", "Section ",
    "pp. ", "the ", "the first", "the third-largest", " people", " vessels", " days", " and ", " of ", "th", "st",
]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


def _regex_numbers(text: str) -> list[tuple]:
    """Digit numbers as the digit pattern alone finds them (no fast path)."""
    found, end = [], 0
    for run in q._DIGIT_RUN.finditer(text):
        start = run.start()
        if start < end or (start and (text[start - 1] in q._NOT_BEFORE or text[start - 1].isalpha())
                           and not q._signed(text, start, run.end())):
            continue
        m = VOCAB.digits.match(text, start)
        if m:
            end = m.end()
            ordinal, ordword, digits, abbr = m.groups()
            found.append((start, end, q._ORD, ordinal, ordword) if ordinal else (start, end, q._DIGIT, digits, abbr))
    return found


def _regex_word_numbers(text: str) -> list[tuple]:
    """Number words as the case-insensitive words pattern finds them."""
    lower = text.lower()
    if not VOCAB.number_words.intersection(q._LOWER_WORD.findall(lower)):
        return []
    if len(lower) != len(text):
        return [q._word_number(m) for m in VOCAB.words.finditer(text)]
    return [q._word_number(m) for m in VOCAB.words_lower.finditer(lower)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_numbers_match_the_plain_patterns(text):
    expected = sorted(_regex_numbers(text) + _regex_word_numbers(text), key=lambda n: n[0])
    assert q._numbers(text, text.lower(), VOCAB) == expected


@pytest.mark.parametrize("text", [
    "in 2019.", "9460, then", "1,234 ships", "8.5%", "at 5:30", "12 bn", "12 big", "12\tbn", "7_", "7",
    "It cost 9 m.", "The 38th-largest", "3,00", "4.x", "5,6", "٣5 and 5٣",
])
def test_digit_fast_path_examples(text):
    assert [n for n in q._numbers(text, text.lower(), VOCAB) if n[2] in (q._ORD, q._DIGIT)] == _regex_numbers(text)


@pytest.mark.parametrize("text", [
    "Two of the twenty-one ships", "a dozen eggs and a pair of shoes and one", "TWO hundred and five",
    "ninety-nine, and two", "twoone two-one", "half a dozen", "Kelvin: \u212aone two",
])
def test_word_numbers_examples(text):
    assert [n for n in q._numbers(text, text.lower(), VOCAB) if n[2] in (q._PHRASE, q._WORDS)] \
        == _regex_word_numbers(text)


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_currency_and_approximator_pre_checks_never_skip_a_match(text, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    if VOCAB.currency_before.search(text, max(0, start - 8), start):
        assert start and q._word_may_end_before(text, start, VOCAB.currency_by_last)
    approx = bool(VOCAB.approx_before.search(text, max(0, start - 24), start))
    assert q._approximate(text, text.lower() if text.isascii() else None, start, VOCAB) == approx


@pytest.mark.parametrize("text", ["$12", "US$ 12", "US$\n12", "US$ \n12", "€\t12", "Rs.12", "about 12", "About\n12",
                                  "more than \n12", "ABOUT 12", "c. 12", "(~12"])
def test_pre_checks_examples(text):
    start = text.index("12")
    assert q._word_may_end_before(text, start, VOCAB.currency_by_last) or not VOCAB.currency_before.search(
        text, max(0, start - 8), start)
    assert q._approximate(text, text.lower() if text.isascii() else None, start, VOCAB) \
        == bool(VOCAB.approx_before.search(text, max(0, start - 24), start))


def _regex_after_name(text: str, start: int) -> bool:
    m = q._NAME_BEFORE.search(text, max(0, start - 40), start)
    return bool(m) and m.group(1).lower() not in q._not_names()


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_after_name_matches_the_pattern(text, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    before = text[max(0, start - 40):start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    assert q._after_name(text, start, before, word, q._word_before(word)[1]) == _regex_after_name(text, start)


@pytest.mark.parametrize("text", [
    "Apollo 11", "the Apollo 11", "Boeing\n\n747", "Boeing \n747", "Boeing  747", "x" * 45 + " Boeing 747",
    "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz 7", " " + "A" * 39 + " 7", "B" * 39 + " 7", "a-B 7",
])
def test_after_name_examples(text):
    start = len(text) - (3 if text.endswith("747") else 2 if text.endswith("11") else 1)
    before = text[max(0, start - 40):start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    assert q._after_name(text, start, before, word, q._word_before(word)[1]) == _regex_after_name(text, start)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_word_ordinal_pattern_matches_the_plain_one(text):
    plain = re.compile(VOCAB.word_ordinal.pattern.replace(r"the(?<=\bthe)", r"\bthe", 1))
    assert [m.span() + m.groups() for m in VOCAB.word_ordinal.finditer(text)] \
        == [m.span() + m.groups() for m in plain.finditer(text)]


def test_unit_after_is_currency_then_percent():
    for text in [" dollars", " percent", "%", " per cent", " USD", "pct", " pounds sterling", " %x"]:
        currency, percent = VOCAB.currency_after.match(text), VOCAB.percent_after.match(text)
        combined = VOCAB.unit_after.match(text)
        if currency:
            assert combined.lastgroup == "cur" and combined.span() == currency.span()
        elif percent:
            assert combined.lastgroup == "pct" and combined.span() == percent.span()
        else:
            assert combined is None


def test_fast_quantity_equals_the_constructor():
    fast = q._quantity("5 ships", 5.0, "ship", "count", 3, 10, True, None)
    slow = Quantity("5 ships", 5.0, "ship", "count", 3, 10, True)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert type(fast) is Quantity and list(field_dict(fast).items()) == list(field_dict(slow).items())


def test_cached_word_facts_do_not_depend_on_order():
    assert q._noun_word("vessels") == q._noun_word("vessels") == (False, True, True, "vessel")
    assert q._noun_word("new")[2] is False and q._noun_word("newly")[0] is True
    assert q._word_before("Section")[0] and q._word_before("Boeing") == (False, True)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_page_range_check_needs_a_dash_in_the_text(text):
    dashes = "-" in text or "–" in text
    for number in q._numbers(text, text.lower(), VOCAB):
        assert q._parse(text, number, VOCAB, dashes) == q._parse(text, number, VOCAB, True)
