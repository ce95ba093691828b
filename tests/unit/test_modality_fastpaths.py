"""The fast paths of detect_modality give what walking every token with every cue gives."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.modality import Modality, detect_modality

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘'](?:[^\"”’'\s]+\s?){1,6}[\"”’'](?!\w)")


def _reference(text: str) -> Modality:
    """The plain algorithm: every token, every cue of its first word, no shortcut."""
    data = json.loads(resources.files("claimcheck.extract").joinpath("data", "modality_words.json")
                      .read_text(encoding="utf-8"))
    entries = [("negation", w) for w in data["negation"]]
    entries += [("exception", w) for w in data["negation_exceptions"]]
    entries += [("exception-q", w) for w in data["quantifier_exceptions"]]
    entries += [("hedge", w) for w in data["hedges"]]
    entries += [(name, w) for name, words in data["quantifiers"].items() for w in words]
    cues: dict[str, list] = {}
    for category, phrase in entries:
        words = tuple(w.lower() for w in _WORD.findall(phrase.replace("’", "'")))
        cues.setdefault(words[0], []).append((category, words))
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    tokens = [t for t in _WORD.finditer(text) if not any(s <= t.start() < e for s, e in quoted)]
    raw = [t.group() for t in tokens]
    words = [w.lower().replace("’", "'") for w in raw]
    blocked, blocked_n, blocked_q = set(), set(), set()  # all cues; negation (and hedge); quantifier (and hedge)
    for i, word in enumerate(words):
        for category, phrase in cues.get(word, ()):
            if category.startswith("exception") and tuple(words[i:i + len(phrase)]) == phrase:
                (blocked_n if category == "exception" else blocked_q).update(range(i, i + len(phrase)))
        if word == "no" and re.match(r"\.\s?\d", text[tokens[i].end():]):
            blocked.add(i)
    hits: dict[str, int] = {}
    for i, word in enumerate(words):
        if word not in cues:
            if word.endswith("n't") and i not in blocked | blocked_n:
                hits.setdefault("negation", i)
            continue
        for category, phrase in cues[word]:
            if category.startswith("exception") or tuple(words[i:i + len(phrase)]) != phrase:
                continue
            block = blocked | (blocked_n if category == "negation" else blocked_n | blocked_q if category == "hedge"
                               else blocked_q)
            if block.intersection(range(i, i + len(phrase))):
                continue
            if category != "hedge" or i == 0 or not raw[i][0].isupper():
                hits.setdefault(category, i)
    quantifiers = [(hits[name], name) for name in data["quantifiers"] if name in hits]
    return Modality("negation" in hits, min(quantifiers)[1] if quantifiers else None, "hedge" in hits)


@pytest.mark.parametrize("text", [
    "It may rain. May it rain? In May it rained, MAY it?",  # hedge case, "M" elsewhere in the text
    "Reportedly, Roe reportedly met them.",
    "Mr Roe may have left; Max may.",
    "The first country and all of them, but only one.",  # several quantifiers: the first wins
    "Only the first, the first only.",
    "It is not only cheap but not free.",  # an exception and a plain cue of the same word
    "At all costs, not at all.",
    "Take the No. 5 bus; no bus came.",
    "No. 5 was there, no 6.",
    "They DON'T know; they DON’T; isn’t it; rock'n'roll.",
    "They do n't know.",
    "A ‘no limits’ deal and a “never again” pledge that was not kept.",
    "São Paulo did not vote; the Kelvin sign \u212a and \u017fo on.",
    "x'yyNot here, o'No there.",
    "The entire board was unanimous, each of them.",
    "whether or not it is said to be so",
    "They are no longer allies, and nothing but talk is left.",  # exceptions block their own list only
    "Not only did it fail; it is no longer open, not at all.",
    "",
    "…",
])
def test_cases_match_reference(text):
    assert detect_modality(text) == _reference(text)


_PIECES = ["not", "No", "no.", "No. 5", ". 5", "only", "ONLY", "n't", "DON'T", "don't", "won’t", "‘no’",
           "'not only'", '"all"', "“never”", "at all", "all", "May", "may", "It is said", "the first",
           "first", "for", "the", "é", "İ", "-", ",", "5", "rock'n'roll", "isn’t", "cannot", "no one",
           "not a single", "the single", "Only", "alone in", "whether or not", "nOt", "’", "'", '"',
           "(", "Mr", "expected", "Expected", "reportedly", "likely", "is", "it"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.sampled_from([" ", "", "  "]))
def test_generated_texts_match_reference(pieces, separator):
    text = separator.join(pieces)
    assert detect_modality(text) == _reference(text)
