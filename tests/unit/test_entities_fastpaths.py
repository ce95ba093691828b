"""Entities: the memo of chunk analyses gives the same answer whatever context a chunk recurs in."""

from __future__ import annotations

import pytest

from claimcheck.extract import entities
from claimcheck.extract.entities import extract_entities


def found(text: str, **kwargs) -> list[tuple[str, str, int, int, str]]:
    return [(e.text, e.canonical, e.start, e.end, e.kind) for e in extract_entities(text, **kwargs)]


@pytest.fixture(autouse=True)
def empty_memo():
    entities._chunk_window_mentions.cache_clear()
    yield
    entities._chunk_window_mentions.cache_clear()


# Each group holds the same chunk in contexts that change what the analysis reads around it;
# the second text of a group is analysed after the first has filled the memo.
@pytest.mark.parametrize("first, second, expected_second", [
    # a currency sign right after the chunk: "US" is no country there
    ("Aid from the US rose.", "It cost US$3 in all.", []),
    ("It cost US$3 in all.", "Aid from the US rose.", [("US", "United States", 13, 15, "country")]),
    ("It cost US \\$3 in all.", "Aid from the US rose.", [("US", "United States", 13, 15, "country")]),
    # a short number ends a name only before a clause end or a verb
    ("He flew on Apollo 11 in the end.", "He flew on Apollo 11 million times.",
     [("Apollo", "Apollo", 11, 17, "other")]),
    ("He flew on Apollo 11 million times.", "He flew on Apollo 11 in the end.",
     [("Apollo 11", "Apollo 11", 11, 20, "other")]),
    ("He flew on Apollo 11", "He flew on Apollo 11\n", [("Apollo 11", "Apollo 11", 11, 20, "other")]),
    # an adjective followed by a lower-case word is no name
    ("They met the Zorbian delegates.", "They met the Zorbian.", [("Zorbian", "Zorbian", 13, 20, "other")]),
    ("They met the Zorbian.", "They met the Zorbian delegates.", []),
    # a lone word after a full stop, bracket or quote opens a sentence, even after white space
    ("It was Zorbo.", "Done.   Zorbo went home.", []),
    ("Done. \n\n  Zorbo went home.", "It was Zorbo.", [("Zorbo", "Zorbo", 7, 12, "other")]),
    ("(Zorbo went home.)", "and Zorbo went home.", [("Zorbo", "Zorbo", 4, 9, "other")]),
    ("          Zorbo went.", "it was          Zorbo.", [("Zorbo", "Zorbo", 16, 21, "other")]),
])
def test_a_recurring_chunk_is_judged_in_its_own_context(first, second, expected_second):
    found(first)
    assert found(second) == expected_second
    entities._chunk_window_mentions.cache_clear()
    assert found(second) == expected_second


def test_offsets_are_added_to_memoised_mentions():
    assert found("Aid from the US rose.") == [("US", "United States", 13, 15, "country")]
    assert found("Aid from the US rose.", offset=100) == [("US", "United States", 113, 115, "country")]
    assert found("So the US and the US.") == [("US", "United States", 7, 9, "country"),
                                          ("US", "United States", 18, 20, "country")]


def test_a_chunk_cut_by_a_skip_span_is_analysed_in_place():
    text = "Trade with Kenya Airways grew."
    assert found(text) == [("Kenya Airways", "Kenya Airways", 11, 24, "other"),
                           ("Kenya", "Kenya", 11, 16, "country")]
    assert found(text, skip=((17, 24),)) == [("Kenya", "Kenya", 11, 16, "country")]
    assert found(text, skip=((0, 5),)) == found(text)  # a span away from the chunk changes nothing


def test_one_word_chunks():
    assert found("They met Ana.") == [("Ana", "Ana", 9, 12, "other")]
    assert found("They met President.") == []  # a bare title
    assert found("They met NGOs.") == []  # a plural abbreviation
    assert found("It cost NOK 5.") == []  # a currency code
    assert found("They met The.") == []  # a stopword
    assert found("They met NCT01234567.") == []  # a registry number
    assert found("Over in Kenya.") == [("Kenya", "Kenya", 8, 13, "country")]


def test_mentions_come_in_text_order_longer_first():
    found_ = found("The anti-China group met Elections Canada officials in Russia-Ukraine talks.")
    assert [(s, -e) for _, _, s, e, _ in found_] == sorted((s, -e) for _, _, s, e, _ in found_)
    assert ("Elections Canada", "Elections Canada", 25, 41, "other") in found_
    assert ("China", "China", 9, 14, "country") in found_
