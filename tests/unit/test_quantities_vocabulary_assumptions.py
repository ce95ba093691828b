"""The quantity fast paths assume things of the vocabulary in data/quantities_words.json; a data
change that breaks one must fail here rather than silently change results (see
``quantities._before_facts``)."""

import json
from importlib import resources


def _data() -> dict:
    path = resources.files("claimcheck.extract").joinpath("data", "quantities_words.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_no_currency_prefix_holds_whitespace():
    assert not [c for c in _data()["currency_prefix"] if any(ch.isspace() for ch in c)]


def test_every_approximator_ends_without_whitespace_and_its_last_part_is_plain():
    for phrase in _data()["approximators"]:
        assert phrase == phrase.rstrip(), phrase
        last = phrase.split()[-1]
        # a non-ASCII last part must not match an ASCII word when case is ignored
        assert last.isascii() or not any(c.isalpha() and c.lower().isascii() for c in last), phrase
