"""The fast paths of the sentence splitter find what the plain regex searches find."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import sentences
from claimcheck.extract.sentences import Segment

_PIECES = ["Mr.", "Dr. ", "U.S.", "e.g.", "J. ", "K.", "Smith", " ", "  ", "\n", "\n\n", ". ", "? ", "! ", "…",
           "...", "?!", ".\"", ".)", "’", "”", " A", " The", " 3", "¹", "[1]", "[2, 3]", " “Hello", "(", "*",
           "http://x.org/a.b ", "a@b.co", "No. 5", "St. Paul", "Inc. The", "a", "b.", "É", "\u00a0", "\t", "x\n.",
           " .", "\u2003"]
_PREV_TOKEN = re.compile(r"(\S+)$")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.integers(0, 5), st.integers(0, 5))
def test_boundaries_are_the_finditer_matches(pieces, cut_start, cut_end):
    text = "".join(pieces)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [(m.span(), m.groupdict()) for m in sentences._BOUNDARY.finditer(text, start, end)]
    assert [(m.span(), m.groupdict()) for m in sentences._boundaries(text, start, end)] == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["\n", "\n.", "a\n"]), max_size=12), st.data())
def test_previous_token_is_the_regex_match(pieces, data):
    text = "".join(pieces)
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    m = _PREV_TOKEN.search(text, start, end)
    assert sentences._previous_token(text, start, end) == (None if m is None else (m.start(1), m.group(1)))


@pytest.mark.parametrize("text, start, end", [
    ("", 0, 0), ("a", 0, 1), ("a ", 0, 2), ("ab\n", 0, 3), ("ab\n\n", 0, 4), (" \n", 0, 2), ("\n", 0, 1),
    ("x yz", 1, 4), ("x yz", 2, 4), ("x yz", 3, 4), ("a\u00a0b", 0, 3), ("a\u2003b\n", 0, 4),
])
def test_previous_token_edge_cases(text, start, end):
    m = _PREV_TOKEN.search(text, start, end)
    assert sentences._previous_token(text, start, end) == (None if m is None else (m.start(1), m.group(1)))


def test_a_directly_filled_segment_equals_a_constructed_one():
    made = sentences._segment(3, 9, 2, "sentence", True)
    built = Segment(3, 9, 2, "sentence", True)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    fields = [f.name for f in dataclasses.fields(Segment)]
    assert [getattr(made, f) for f in fields] == [getattr(built, f) for f in fields]
    assert type(made) is Segment and not hasattr(made, "__dict__")  # slots=True: nothing beside the fields
