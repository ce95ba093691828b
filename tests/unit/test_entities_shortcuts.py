"""Entities: the chunks passed over and the directly filled entities change nothing."""

from __future__ import annotations

import itertools

import pytest

from claimcheck.extract import entities
from claimcheck.extract.entities import extract_entities
from claimcheck.model import Entity, field_dict


def test_nameless_words_give_no_mention_in_any_context():
    assert {"The", "However", "I", "And"} <= entities._nameless_words()
    for word in sorted(entities._nameless_words()):
        for flags in itertools.product([False, True], repeat=4):
            entities._chunk_window_mentions.cache_clear()
            assert entities._chunk_window_mentions(word, *flags) == (), (word, flags)


@pytest.mark.parametrize("text", [
    "The US and The Hague.", "However, France did.", "I met I.", "And then Kenya, And.", "The-Hague The",
    "Mr. Roe and Dr. Lee.", "He said: The end.", "(The) [However] The",
])
def test_passing_over_nameless_chunks_finds_the_same(text, monkeypatch):
    found = extract_entities(text, 7)
    monkeypatch.setattr(entities, "_nameless_words", lambda: frozenset())
    entities._chunk_window_mentions.cache_clear()
    assert extract_entities(text, 7) == found


def test_a_directly_filled_entity_equals_a_constructed_one():
    made = entities._entity("DPRK", "North Korea", 3, 7, "country")
    built = Entity("DPRK", "North Korea", 3, 7, "country")
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert type(made) is type(built) and list(field_dict(made).items()) == list(field_dict(built).items())
