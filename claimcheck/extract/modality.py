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

Phrases = dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class Modality:
    """The modality slots of one statement."""

    negated: bool = False
    quantifier: str | None = None
    hedged: bool = False


@dataclass(frozen=True)
class _Vocab:
    negation: Phrases
    exceptions: Phrases
    quantifiers: tuple[tuple[str, Phrases], ...]
    hedges: Phrases


def _index(phrases) -> Phrases:
    """First word -> the phrases (as word tuples) starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(w.lower() for w in _WORD.findall(phrase.replace("’", "'")))
        if words:
            index.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """Cue indexes (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "modality_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return _Vocab(
        negation=_index(data["negation"]),
        exceptions=_index(set(data["negation_exceptions"]) | set(data["quantifier_exceptions"])),
        quantifiers=tuple((name, _index(words)) for name, words in data["quantifiers"].items()),
        hedges=_index(data["hedges"]),
    )


def _tokens(text: str) -> list[re.Match]:
    """Word tokens outside short quotations."""
    tokens = list(_WORD.finditer(text))
    if not _QUOTE_CHARS.intersection(text):
        return tokens
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return [t for t in tokens if not any(s <= t.start() < e for s, e in quoted)]


def _find(words: list[str], index: Phrases, blocked: set[int], start: int = 0) -> int | None:
    """Token position of the first cue of ``index`` not inside ``blocked``, or None."""
    for i in range(start, len(words)):
        for phrase in index.get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase and not blocked.intersection(range(i, i + len(phrase))):
                return i
    return None


def _blocked(words: list[str], tokens: list[re.Match], text: str, vocab: _Vocab) -> set[int]:
    """Token positions covered by exception phrases ("not only") or "No." before a number."""
    blocked: set[int] = set()
    for i, word in enumerate(words):
        for phrase in vocab.exceptions.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                blocked.update(range(i, i + len(phrase)))
                break
        if word == "no" and _NUMBER_ABBREVIATION.match(text, tokens[i].end()):
            blocked.add(i)
    return blocked


def _negated(words: list[str], blocked: set[int], vocab: _Vocab) -> bool:
    """True when a negation cue (or an n't contraction) is present."""
    if _find(words, vocab.negation, blocked) is not None:
        return True
    return any(w.endswith(("n't", "n’t")) and i not in blocked for i, w in enumerate(words))


def _quantifier(words: list[str], blocked: set[int], vocab: _Vocab) -> str | None:
    """The quantifier whose cue comes first."""
    best: tuple[int, str] | None = None
    for name, index in vocab.quantifiers:
        i = _find(words, index, blocked)
        if i is not None and (best is None or i < best[0]):
            best = (i, name)
    return best[1] if best else None


def _hedged(tokens: list[re.Match], blocked: set[int], vocab: _Vocab) -> bool:
    """True when a hedge cue is present (case-sensitive except for the first word)."""
    words = [t.group() if i else t.group()[:1].lower() + t.group()[1:] for i, t in enumerate(tokens)]
    return _find(words, vocab.hedges, blocked) is not None


def detect_modality(text: str) -> Modality:
    """Detect negation, the leading quantifier and hedging in one statement.

    Args:
        text: The statement.

    Returns:
        ``Modality(negated, quantifier, hedged)``; quantifier is one of only|first|all|none|None.
    """
    vocab = _vocab()
    tokens = _tokens(text)
    words = [t.group().lower().replace("’", "'") for t in tokens]
    blocked = _blocked(words, tokens, text, vocab)
    return Modality(
        negated=_negated(words, blocked, vocab),
        quantifier=_quantifier(words, blocked, vocab),
        hedged=_hedged(tokens, blocked, vocab),
    )
