"""Short quotations are found as the plain look-behind pattern finds them, and fast."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import modality
from claimcheck.extract.modality import detect_modality

# the pattern as first written: searched through the whole text, word runs not possessive
_PLAIN_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘'](?:[^\"”’'\s]+\s?){1,6}[\"”’'](?!\w)")

_PIECES = ["'", '"', "“", "”", "‘", "’", " ", "  ", "\n", "(", "[", "a", "no", "don't", "x-y", "_", "é", "1",
           "-", ".", "\u00a0", "strings"]


def _plain(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLAIN_QUOTED.finditer(text)]


@pytest.mark.parametrize("text", [
    "", "'", "''", "'a'", " 'a' ", "x'a'", "('a')", "['a']", "'a b c d e f'", "'a b c d e f g'",
    "'a  b'", "' a'", "'a '", "'a'b", "'a'.", "“no strings” attached", "‘no’ and ‘never again’",
    "don't 'stop' me", "'a 'b' c'", "\"a\" \"b\"", "'a\nb'", "\n'a'",
    "mirror game of \"here-it-is-and-here-it-isn't.\"",
])
def test_quoted_spans_are_the_plain_matches(text):
    assert modality._quoted_spans(text) == _plain(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20))
def test_generated_quoted_spans_are_the_plain_matches(pieces):
    text = "".join(pieces)
    assert modality._quoted_spans(text) == _plain(text)


def test_a_failing_long_quotation_is_cheap():
    # the plain pattern tries every way of cutting the words into pieces here (milliseconds)
    text = 'this, what I would call, mirror game of "here-it-is-and-here-it-isn\'t-and-so-on-and-on."'
    started = time.perf_counter()
    for _ in range(100):
        detect_modality(text)
    assert time.perf_counter() - started < 0.05
