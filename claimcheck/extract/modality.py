"""Negation, quantifier and hedge of a statement (pure).

Cue words live in ``data/modality_words.json``. The statement is split into lower-case word
tokens once; cues (single words or phrases) are looked up by their first word, so the cost does
not grow with the size of the vocabulary. Cues inside short quotations ("a 'no strings'
partnership") and fixed expressions listed as exceptions ("not only", "at all") are ignored.
Hedge cues are case-sensitive except at the start of the statement, so the month "May" is no
hedge.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘'](?:[^\"”’'\s]+\s?){1,6}[\"”’'](?!\w)")
_QUOTE_CHARS = frozenset("\"“‘'")
_NUMBER_ABBREVIATION = re.compile(r"\.\s?\d")

@dataclass(frozen=True)
class Modality:
    """The modality slots of one statement."""

    negated: bool = False
    quantifier: str | None = None
    hedged: bool = False


@dataclass(frozen=True)
class _Vocab:
    """First word -> (category, phrase) for every cue; categories: negation, exception,
    hedge, and one per quantifier name (only, first, all, none)."""

    cues: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    quantifier_names: tuple[str, ...]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(phrase.replace("’", "'")))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The cue index (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "modality_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: list[tuple[str, str]] = [("negation", w) for w in data["negation"]]
    entries += [("exception", w) for w in {*data["negation_exceptions"], *data["quantifier_exceptions"]}]
    entries += [("hedge", w) for w in data["hedges"]]
    entries += [(name, w) for name, words in data["quantifiers"].items() for w in words]
    cues: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for category, phrase in entries:
        words = _words(phrase)
        if words:
            cues.setdefault(words[0], []).append((category, words))
    index = {k: tuple(sorted(v, key=lambda c: len(c[1]), reverse=True)) for k, v in cues.items()}
    return _Vocab(index, tuple(data["quantifiers"]))


def _tokens(text: str) -> list[re.Match]:
    """Word tokens outside short quotations."""
    tokens = list(_WORD.finditer(text))
    if not _QUOTE_CHARS.intersection(text):
        return tokens
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return [t for t in tokens if not any(s <= t.start() < e for s, e in quoted)]


def _matches(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n == 1 or tuple(words[i:i + n]) == phrase


def _blocked(words: list[str], ends: "_Ends", text: str, vocab: _Vocab) -> set[int]:
    """Token positions inside exception phrases ("not only", "at all") or "No." before a number."""
    blocked: set[int] = set()
    for i, word in enumerate(words):
        for category, phrase in vocab.cues.get(word, ()):
            if category == "exception" and _matches(words, i, phrase):
                blocked.update(range(i, i + len(phrase)))
        if word == "no" and _NUMBER_ABBREVIATION.match(text, ends(i)):
            blocked.add(i)
    return blocked


class _Ends:
    """Where each word token ends, found only when first asked (rarely needed)."""

    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: list[re.Match] | None = None) -> None:
        self.text = text
        self.tokens = tokens

    def __call__(self, i: int) -> int:
        if self.tokens is None:
            self.tokens = list(_WORD.finditer(self.text))
        return self.tokens[i].end()


def _cue_hits(raw: list[str], ends: _Ends, text: str, vocab: _Vocab) -> dict[str, int]:
    """Category -> token position of its first cue outside the blocked positions.

    ``raw`` holds the word tokens as written; ``ends(i)`` tells where token ``i`` ends.
    """
    if "’" in text:
        words = [w.lower().replace("’", "'") for w in raw]
    else:
        words = [w.lower() for w in raw]
    blocked = _blocked(words, ends, text, vocab)
    hits: dict[str, int] = {}
    for i, word in enumerate(words):
        cues = vocab.cues.get(word)
        if cues is None:
            if word.endswith("n't") and i not in blocked:
                hits.setdefault("negation", i)
            continue
        for category, phrase in cues:
            if category == "exception" or not _matches(words, i, phrase):
                continue
            if blocked and not blocked.isdisjoint(range(i, i + len(phrase))):
                continue
            if category != "hedge" or _hedge_case_ok(raw, i):
                hits.setdefault(category, i)
    return hits


def _hedge_case_ok(raw: list[str], i: int) -> bool:
    """Hedge cues are lower-case words except at the start ("May" the month is no hedge)."""
    return i == 0 or not raw[i][0].isupper()


def detect_modality(text: str) -> Modality:
    """Detect negation, the leading quantifier and hedging in one statement.

    Args:
        text: The statement.

    Returns:
        ``Modality(negated, quantifier, hedged)``; quantifier is one of only|first|all|none|None.
    """
    vocab = _vocab()
    if _QUOTE_CHARS.intersection(text):
        tokens = _tokens(text)  # without the words inside short quotations
        hits = _cue_hits([t.group() for t in tokens], _Ends(text, tokens), text, vocab)
    else:
        hits = _cue_hits(_WORD.findall(text), _Ends(text), text, vocab)
    quantifiers = [(hits[name], name) for name in vocab.quantifier_names if name in hits]
    return Modality(
        negated="negation" in hits,
        quantifier=min(quantifiers)[1] if quantifiers else None,
        hedged="hedge" in hits,
    )
