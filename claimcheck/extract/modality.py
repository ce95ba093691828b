"""Negation, quantifier and hedge of a statement (pure).

Cue words live in ``data/modality_words.json``. The statement is split into lower-case word
tokens once; cues (single words or phrases) are looked up by their first word, so the cost does
not grow with the size of the vocabulary. Cues inside short quotations ("a 'no strings'
partnership") and fixed expressions listed as exceptions ("not only", "at all") are ignored.
Hedge cues are case-sensitive except at the start of the statement, so the month "May" is no
hedge.

Fast paths (each gives exactly what walking every token with every cue gives):

- a statement without quotes or apostrophes is split into words by a byte table rather than
  the token regex (:func:`_plain_words`); in one with them, short quotations are looked for only
  where a quote character stands (:func:`_quoted_spans`);
- a statement none of whose words is a cue key (one word of every cue that is no exception,
  ``_Vocab.keys``) and with no word ending in "n't" has no cue: nothing more is done;
- otherwise the cues occurring anywhere are found with set and substring tests; when none of
  them is an exception and no "No." can stand before a number, nothing is blocked, so negation
  and hedging are whether such cues occur (a hedge needing one lower-case occurrence) and the
  quantifier is the one occurring first: token positions are looked at only for those two;
- with something that may block, every position holding the first word of a cue is walked.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.extract.dates import matches_at

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# A short quotation: up to six words between quotes. The word runs are possessive (``++``): a
# match's end is fixed anyway (the body holds no closing quote character, so it ends at the
# first one), and the path taking whole words is the first the engine tries, so the matches are
# those of ``[^...]+``; but a failing attempt ("here-it-is-and-here-it-isn't") no longer tries
# every way of cutting the words into pieces, which took milliseconds.
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘'](?:[^\"”’'\s]++\s?){1,6}[\"”’'](?!\w)")
_QUOTE_CHARS = frozenset("\"“‘'")
_NUMBER_ABBREVIATION = re.compile(r"\.\s?\d")

@dataclass(frozen=True)
class Modality:
    """The modality slots of one statement."""

    negated: bool = False
    quantifier: str | None = None
    hedged: bool = False


@dataclass(frozen=True)
class _Cues:
    """The cues beginning with one word: the categories of the one-word cues, and the longer
    phrases as (category, words, the words joined and padded with spaces) with the set of their
    second words."""

    single: tuple[str, ...]
    seconds: frozenset[str]
    longer: tuple[tuple[str, tuple[str, ...], str], ...]


@dataclass(frozen=True)
class _Vocab:
    """First word -> its cues; categories: negation, exception, hedge, and one per quantifier
    name (only, first, all, none).

    ``keys`` holds one word of every cue that is not an exception: a statement whose words
    include none of them (and no word ending in "n't") has no cue (see :func:`detect_modality`).
    """

    cues: dict[str, _Cues]
    first_words: frozenset[str]
    quantifier_names: tuple[str, ...]
    keys: frozenset[str]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(phrase.replace("’", "'")))


def _key_words(phrases) -> frozenset[str]:
    """One word of every phrase, all of which a phrase match needs: the word of each one-word
    phrase, and for a longer phrase a word already chosen if it has one ("did not" -> "not"),
    else its longest word ("the entire" -> "entire"), so common words like "the" stay out."""
    keys = {phrase[0] for phrase in phrases if len(phrase) == 1}
    for phrase in phrases:
        if keys.isdisjoint(phrase):
            keys.add(max(phrase, key=len))
    return frozenset(keys)


# exception categories: blocking every cue, negation cues (and hedges) only, quantifier cues (and hedges) only
_EXCEPTION_OF_NEGATION = "exception:negation"
_EXCEPTION_OF_QUANTIFIER = "exception:quantifier"
_EXCEPTIONS = frozenset({"exception", _EXCEPTION_OF_NEGATION, _EXCEPTION_OF_QUANTIFIER})


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The cue index (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "modality_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: list[tuple[str, str]] = [("negation", w) for w in data["negation"]]
    # An exception blocks the cues of its own list only: "no longer" is no quantifier ("no" +
    # noun) but still a negation; a hedge is blocked by either list.
    negation_only = set(data["negation_exceptions"]) - set(data["quantifier_exceptions"])
    quantifier_only = set(data["quantifier_exceptions"]) - set(data["negation_exceptions"])
    entries += [(_EXCEPTION_OF_NEGATION if w in negation_only else _EXCEPTION_OF_QUANTIFIER if w in quantifier_only
                 else "exception", w) for w in {*data["negation_exceptions"], *data["quantifier_exceptions"]}]
    entries += [("hedge", w) for w in data["hedges"]]
    entries += [(name, w) for name, words in data["quantifiers"].items() for w in words]
    cues: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for category, phrase in entries:
        words = _words(phrase)
        if words:
            cues.setdefault(words[0], set()).add((category, words))
    index = {}
    for first, found in cues.items():
        longer = tuple((c, p, f" {' '.join(p)} ") for c, p in sorted(found) if len(p) > 1)
        index[first] = _Cues(tuple(sorted({c for c, p in found if len(p) == 1})),
                             frozenset(p[1] for _, p, _ in longer), longer)
    keys = _key_words([p for found in cues.values() for c, p in found if c not in _EXCEPTIONS])
    return _Vocab(index, frozenset(index), tuple(data["quantifiers"]), keys)


@lru_cache(maxsize=64)
def _modality(negated: bool, quantifier: str | None, hedged: bool) -> Modality:
    """One shared (frozen) ``Modality`` per combination of values: keyed by all its fields."""
    return Modality(negated, quantifier, hedged)


# ---------------------------------------------------------------------------------------------
# Tokens

# Bytes tables for statements without quotes or apostrophes: ASCII letters (lower-cased by the
# first) stay, every other byte becomes a space. Non-ASCII characters arrive as "?" (see
# _plain_words).
_LOWER_TABLE = bytes(c | 32 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_CASED_TABLE = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_NON_ASCII_QUOTES = ("’", "“", "‘")


def _plain_words(text: str) -> list[str] | None:
    """The lower-cased word tokens of ``text`` without a regex, or None when it has a quote or
    apostrophe (', ", ’, “, ‘).

    Without those characters a token of ``_WORD`` is a maximal run of ASCII letters (its
    apostrophe part cannot match and no quotation is skipped), which is what splitting the text
    at every other character gives. Non-ASCII characters are never letters of a token, so
    encoding each as "?" changes nothing.
    """
    if "'" in text or '"' in text:
        return None
    if text.isascii():
        data = text.encode("ascii")
    elif any(q in text for q in _NON_ASCII_QUOTES):
        return None
    else:
        data = text.encode("ascii", "replace")
    return data.translate(_LOWER_TABLE).decode("ascii").split()


# ---------------------------------------------------------------------------------------------
# Cues


def _occurrences(words: list[str], phrase: tuple[str, ...]):
    """Every position where ``phrase`` stands in ``words``, ascending."""
    first, n = phrase[0], len(phrase)
    i = -1
    for _ in range(words.count(first)):
        i = words.index(first, i + 1)
        if n == 1 or tuple(words[i:i + n]) == phrase:
            yield i


def _cased_words(text: str) -> list[str]:
    """The word tokens as written of a statement that :func:`_plain_words` splits."""
    return text.encode("ascii", "replace").translate(_CASED_TABLE).decode("ascii").split()


def _from_words(words: list[str], raw: list[str] | None, tokens: list[re.Match] | None, text: str,
                vocab: _Vocab, apostrophes: bool) -> Modality:
    """The modality from the statement's word tokens.

    ``words`` are the lower-cased tokens (’ written '); ``raw`` the same as written (None: see
    :func:`_cased_words`); ``tokens`` their matches, for where a token ends (None: every
    ``_WORD`` match of ``text``); ``apostrophes``: whether a word may end in "n't".

    A phrase occurs somewhere exactly when its words joined by spaces and padded stand in the
    words so joined (tokens hold no space); a phrase whose second word the statement lacks
    cannot occur and is not looked for.
    """
    cues = vocab.cues
    wordset = set(words)
    matched: list[tuple[str, tuple[str, ...]]] = []  # (category, words) of every cue that occurs
    joined = None
    for word in wordset & vocab.first_words:
        entry = cues[word]
        for category in entry.single:
            matched.append((category, (word,)))
        if not entry.seconds.isdisjoint(wordset):
            if joined is None:
                joined = f" {' '.join(words)} "
            for category, phrase, padded in entry.longer:
                if padded in joined:
                    matched.append((category, phrase))
    if "no" in wordset and _NUMBER_ABBREVIATION.search(text):
        return _walk(words, raw, tokens, text, vocab, apostrophes)  # "No." may be blocked
    negated = apostrophes and any(w.endswith("n't") and w not in cues for w in words)
    hedged = False
    quantifiers: dict[str, list[tuple[str, ...]]] = {}
    for category, phrase in matched:
        if category == "negation":
            negated = True
        elif category == "hedge":
            # Hedge cues are lower-case words except at the start ("May" the month is no hedge).
            # Every word of a text without the capital of the cue's first letter starts otherwise.
            if not hedged and phrase[0][0].upper() not in text:
                hedged = True
            elif not hedged:
                for i in _occurrences(words, phrase):
                    if i and raw is None:
                        raw = _cased_words(text)
                    if i == 0 or not raw[i][0].isupper() or raw[i] == "I":  # "I am told" mid-sentence
                        hedged = True
                        break
        elif category in _EXCEPTIONS:
            return _walk(words, raw, tokens, text, vocab, apostrophes)  # something may be blocked
        else:
            quantifiers.setdefault(category, []).append(phrase)
    if len(quantifiers) > 1:  # the one occurring first; the first name on a tie
        quantifier = min((min(next(_occurrences(words, p)) for p in phrases), name)
                         for name, phrases in quantifiers.items())[1]
    else:
        quantifier = next(iter(quantifiers), None)
    return _modality(negated, quantifier, hedged)


def _walk(words: list[str], raw: list[str] | None, tokens: list[re.Match] | None, text: str,
          vocab: _Vocab, apostrophes: bool) -> Modality:
    """The modality by walking the positions of every cue (arguments as for :func:`_from_words`).

    Blocked are the positions inside exception phrases ("not only", "at all") and a "No." before
    a number; a cue touching one does not count. Only positions holding the first word of a cue
    or a word ending in "n't" can block or hit anything, so only those are visited, in text order.
    """
    cues = vocab.cues
    positions = [i for i, w in enumerate(words) if w in cues or (apostrophes and w.endswith("n't"))]
    found: list[tuple[int, str, int]] = []  # (position, category, length) of every cue
    blocked: set[int] = set()  # positions blocking every cue
    blocked_negation: set[int] = set()  # ... negation cues and hedges only
    blocked_quantifier: set[int] = set()  # ... quantifier cues and hedges only
    by_exception = {"exception": blocked, _EXCEPTION_OF_NEGATION: blocked_negation,
                    _EXCEPTION_OF_QUANTIFIER: blocked_quantifier}
    for i in positions:
        word = words[i]
        entry = cues.get(word)
        if entry is None:  # a word ending in "n't"
            found.append((i, "negation", 1))
            continue
        for category in entry.single:
            if category in _EXCEPTIONS:
                by_exception[category].add(i)
            else:
                found.append((i, category, 1))
        for category, phrase, _ in entry.longer:
            n = len(phrase)
            if tuple(words[i:i + n]) == phrase:
                if category in _EXCEPTIONS:
                    by_exception[category].update(range(i, i + n))
                else:
                    found.append((i, category, n))
        if word == "no":
            if tokens is None:
                tokens = list(_WORD.finditer(text))
            if _NUMBER_ABBREVIATION.match(text, tokens[i].end()):
                blocked.add(i)
    hits: dict[str, int] = {}  # category -> position of its first cue not blocked
    for i, category, n in found:
        if category in hits:
            continue
        if category == "negation":
            block = blocked | blocked_negation if blocked_negation else blocked
        elif category == "hedge":
            block = blocked | blocked_negation | blocked_quantifier
        else:
            block = blocked | blocked_quantifier if blocked_quantifier else blocked
        if block and not block.isdisjoint(range(i, i + n)):
            continue
        if category == "hedge" and i:
            if raw is None:
                raw = _cased_words(text)
            if raw[i][0].isupper() and raw[i] != "I":
                continue
        hits[category] = i
    quantifiers = [(hits[name], name) for name in vocab.quantifier_names if name in hits]
    return _modality("negation" in hits, min(quantifiers)[1] if quantifiers else None, "hedge" in hits)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_QUOTED.finditer(text)`` gives, found by trying the pattern only at quote
    characters.

    Every match begins with one of ``_QUOTE_CHARS``, so the finditer matches are the match at
    each quote position (ascending) that is not inside the previous match; ``match`` at a
    position sees the characters before it, so the look-behind (and ``^``, only at 0) decide as
    in a search. Most statements reaching here hold only apostrophes inside words ("don't"),
    where the look-behind fails at once, instead of the engine trying it at every position.
    """
    starts = []
    for quote in _QUOTE_CHARS.intersection(text):
        i = text.find(quote)
        while i >= 0:
            starts.append(i)
            i = text.find(quote, i + 1)
    starts.sort()
    return [m.span() for m in matches_at(_QUOTED, text, starts)]


def detect_modality(text: str) -> Modality:
    """Detect negation, the leading quantifier and hedging in one statement.

    Args:
        text: The statement.

    Returns:
        ``Modality(negated, quantifier, hedged)``; quantifier is one of only|first|all|none|None.
    """
    vocab = _vocab()
    words = _plain_words(text)
    if words is not None:
        if vocab.keys.isdisjoint(words):
            return _modality(False, None, False)  # no apostrophe, so no "n't" word either
        return _from_words(words, None, None, text, vocab, False)
    tokens = None
    quoted = _quoted_spans(text)
    if quoted:
        tokens = [t for t in _WORD.finditer(text) if not any(s <= t.start() < e for s, e in quoted)]
        raw = [t.group() for t in tokens]  # without the words inside short quotations
    else:
        raw = _WORD.findall(text)  # apostrophes but no quotation ("don't"): every token counts
    if not raw:
        return _modality(False, None, False)
    lowered = " ".join(raw).lower().replace("’", "'")  # tokens hold no space
    words = lowered.split(" ")
    apostrophes = "n't" in lowered  # whether a word may end in "n't"
    if not apostrophes and vocab.keys.isdisjoint(words):
        return _modality(False, None, False)
    return _from_words(words, raw, tokens, text, vocab, apostrophes)
