"""Negation, quantifier and hedge of a statement (pure).

Cue words live in ``data/modality_words.json``. Cues are matched case-insensitively on word
boundaries; cues inside short quotations ("a 'no limits' partnership") and fixed expressions
listed as exceptions ("not only", "at all") are ignored.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

logger = logging.getLogger(__name__)

_NUMBER_ABBREVIATION = re.compile(r"(?i)\bno\.\s?(?=\d)")
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘'](?:[^\"”’'\s]+\s?){1,6}[\"”’'](?!\w)")


@dataclass(frozen=True)
class Modality:
    """The modality slots of one statement."""

    negated: bool = False
    quantifier: str | None = None
    hedged: bool = False


@dataclass(frozen=True)
class _Vocab:
    negation: re.Pattern
    exceptions: re.Pattern
    quantifiers: tuple[tuple[str, re.Pattern], ...]
    hedges: re.Pattern


def _phrases(words, ignore_case: bool = True) -> re.Pattern:
    """One pattern matching any of ``words`` as whole words, longest first."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])", flags)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """Cue patterns (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "modality_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    words = [w for w in data["negation"] if "n't" not in w and "n’t" not in w]
    negation = re.compile(_phrases(words).pattern + r"|\w+n['’]t\b", re.IGNORECASE)
    exceptions = _phrases(set(data["negation_exceptions"]) | set(data["quantifier_exceptions"]))
    quantifiers = tuple((name, _phrases(words)) for name, words in data["quantifiers"].items())
    # Hedges match case-sensitively so that the month "May" is no hedge; a capital at the very
    # start of the statement is lowered before matching.
    return _Vocab(negation, exceptions, quantifiers, _phrases(data["hedges"], ignore_case=False))


def _masked(text: str, vocab: _Vocab) -> str:
    """``text`` with short quotations and exception phrases blanked out (same length)."""
    def blank(m: re.Match) -> str:
        return " " * len(m.group())
    text = vocab.exceptions.sub(blank, text)
    text = _NUMBER_ABBREVIATION.sub(blank, text)
    return _QUOTED.sub(blank, text)


def _first_quantifier(text: str, vocab: _Vocab) -> str | None:
    """The quantifier whose cue comes first in ``text``."""
    best: tuple[int, str] | None = None
    for name, pattern in vocab.quantifiers:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def detect_modality(text: str) -> Modality:
    """Detect negation, the leading quantifier and hedging in one statement.

    Args:
        text: The statement.

    Returns:
        ``Modality(negated, quantifier, hedged)``; quantifier is one of only|first|all|none|None.
    """
    vocab = _vocab()
    masked = _masked(text, vocab)
    return Modality(
        negated=bool(vocab.negation.search(masked)),
        quantifier=_first_quantifier(masked, vocab),
        hedged=bool(vocab.hedges.search(masked[:1].lower() + masked[1:])),
    )
