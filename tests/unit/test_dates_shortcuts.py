"""Dates: the month-start search and the directly filled mentions change nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import dates
from claimcheck.model import DateMention, field_dict


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Jan", "Ma", "r", "May", "June", "Jun", "Jul", "x", " ", "Sept", "Dec.", "De",
                                 "c", "Ju", "ly", "Nov", "ember"]), max_size=15))
def test_month_starts_are_the_finditer_starts(pieces):
    text = "".join(pieces)
    assert dates._month_starts(text) == [m.start() for m in dates._MONTH_START.finditer(text)]


def test_a_directly_filled_mention_equals_a_constructed_one():
    made = dates._date_mention("July 13", "2022-07-13", "day", 4, 11, None, False, True)
    built = DateMention("July 13", "2022-07-13", "day", 4, 11, None, False, True)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert type(made) is type(built) and list(field_dict(made).items()) == list(field_dict(built).items())
