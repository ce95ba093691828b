"""The fast paths of extract_dates find exactly what the plain searches find."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import dates
from claimcheck.extract.dates import extract_dates

_LETTERS = "abAB ."


def _flat(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(_LETTERS, min_size=1, max_size=5), min_size=1, max_size=8),
       st.text(_LETTERS + "x", max_size=40), st.sampled_from(["", r"\b", r"a", r"(?!b)"]))
def test_trie_alternation_matches_like_the_flat_one(words, text, after):
    trie = re.compile(f"(?:{dates._alternation(words)}){after}")
    flat = re.compile(f"(?:{_flat(words)}){after}")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["in ", "In ", "as of ", "of ", "until ", "till ", "x", "March", "Mar.", "May",
                                 "Jane", "-", " ", "early", "the end of ", "Sept", "2"]), max_size=12))
def test_lead_starts_are_the_places_a_lead_word_ends_before_a_month(pieces):
    text = "".join(pieces)
    months = dates._month_starts(text)
    for name, pattern, _, _, where in dates._vocab().patterns:
        if not isinstance(where, dates._Lead):
            continue
        starts = dates._lead_starts(text, months, where, [])
        if where.words:
            expected = sorted({m - where.separator - len(w) for m in months for w in where.words
                               if m - where.separator - len(w) >= 0
                               and text[m - where.separator - len(w):m - where.separator] == w})
        else:
            expected = months
        assert starts == expected
        assert [m.span() for m in dates.matches_at(pattern, text, starts)] == \
               [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "The vote will take place in May.", "It WILL happen.", "Willow trees.", "They won't vote.", "They'll vote.",
    "x'll", "'ll", "The plan is due in March.", "It is  due.", "Next!", "unexpected", "Expected: yes",
    "ſhall we", "\u212a will", "İt will", "Wİll it", "no cue here", "", "plans to", "plans  to", "until",
])
def test_future_cue_as_the_case_insensitive_pattern(text):
    dates._has_future_cue.cache_clear()
    assert dates._has_future_cue(text) == bool(dates._vocab().future.search(text))


@pytest.mark.parametrize("text, starts", [
    ("In March and xMarch, ²March, _May, Jane.", [3, 14, 22, 30, 35]),
    ("no months", []),
])
def test_month_starts_without_boundary(text, starts):
    assert dates._month_starts(text) == starts


@pytest.mark.parametrize("text, values", [
    ("On Monday, prices rose.", [""]),  # weekday needs its name
    ("Prices rose two weeks later.", [""]),
    ("Prices rose after 3 months.", [""]),
    ("It rose in March and in xMarch.", ["2022-03"]),
    ("It rose as of March 2020.", ["2020-03"]),
    ("Until March 5 it rose.", ["2023-03-05"]),  # "until" is a future cue
    ("Jane met Mayor Novak on 5 June.", ["2022-06-05"]),
    ("It will rise in March.", ["2023-03"]),  # a future cue moves the inferred year on
])
def test_extract_dates_values(text, values):
    assert [d.value for d in extract_dates(text, 0, date(2022, 7, 20))] == values
