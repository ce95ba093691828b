"""Quantities: counts, money, percentages, durations and ordinals (pure).

Numbers are read from digits ("1,234.5", "9.6bn") or words ("twenty-one", "a dozen", "two
million"); the words after them decide the kind and the normalised unit:

- money: a currency before ("$", "US$", "RMB", "€") or after ("yuan", "euros") -> ISO code,
  value scaled ("$9.6bn" -> 9.6e9 USD);
- percent: "%", "percent", "per cent" -> unit "%";
- duration: "six days" -> unit "day";
- count: "369 vessels" -> unit "vessel" (the singular of the counted noun, adjectives skipped);
- ordinal: "38th-largest", "the third" -> kind "ordinal".

An approximator before the number ("around", "more than", "~") sets ``approximate``. Years that
are dates, citation years, page/section/volume numbers and heading numbers are not quantities:
the caller passes the date and citation spans as ``skip``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.extract.dates import identifier_words
from claimcheck.model import Quantity

logger = logging.getLogger(__name__)

_NOT_BEFORE = frozenset(".,/:+#§-_") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_PAGE_RANGE = re.compile(r"(?i)(?:\bpp?\.|\bpages?)\s?\d+\s?[–-]\s?$")
_DIGIT_SPACE = re.compile(r"\d\s$")
_DASH_BEFORE = re.compile(r"[–-]\s?$")
_HEADING_DOT = re.compile(r"\.\s")
_DIGIT_SPACE_AFTER = re.compile(r"\s\d")
_NAME_BEFORE = re.compile(r"(?:^|(?<=\s))([A-Z][\w-]*)\s$")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_SEPARATORS = re.compile(r"[-,\s]+")
_LEADING_DIGITS = re.compile(r"\d+")
_WORD_AFTER = re.compile(r"[ -]([A-Za-z]+(?:-[a-z]+)?)")


@dataclass(frozen=True)
class _Vocab:
    """Vocabulary and compiled patterns from ``data/quantities_words.json``."""

    data: dict
    digits: re.Pattern
    words: re.Pattern
    number_words: frozenset[str]
    words_lower: re.Pattern
    word_starts: frozenset[str]
    currency_before: re.Pattern
    currency_after: re.Pattern
    percent_after: re.Pattern
    approx_before: re.Pattern
    scale_after: re.Pattern
    word_values: dict[str, float]
    not_units: frozenset[str]
    adjectives: frozenset[str]
    identifiers: frozenset[str]
    word_ordinal: re.Pattern


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _number_patterns(data: dict) -> tuple[re.Pattern, re.Pattern]:
    """Two patterns: digits (ordinals, scale abbreviations) and number words ("a dozen").

    The digit pattern starts with ``\\d`` so the regex engine can skip ahead quickly; what may
    not stand before a number is checked in Python (see ``_NOT_BEFORE``).
    """
    word = _alternation([*data["units"], *data["tens"], *data["scales"]])
    words = rf"(?:{word})(?:(?:[- ]|,?\sand\s)(?:{word}))*"
    phrases = _alternation(data["dozen"])
    abbr = _alternation(data["scale_abbreviations"])
    digits = re.compile(
        rf"(?P<ord>\d+(?:st|nd|rd|th))(?:-(?P<ordword>[a-z]+))?\b"
        rf"|(?P<digits>{_DIGITS})(?:\s?(?P<abbr>{abbr})\b)?(?![\w]|[.,:]\d)")
    words_pattern = re.compile(rf"(?i)\b(?:(?P<phrase>{phrases})|(?P<words>{words}))\b")
    return digits, words_pattern


class _Number:
    """A number match from either pattern, with every group name available."""

    __slots__ = ("groups", "span")

    def __init__(self, m: re.Match) -> None:
        self.groups = m.groupdict()
        self.span = m.span()

    def group(self, name: str) -> str | None:
        return self.groups.get(name)

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]


def _numbers(text: str, vocab: "_Vocab") -> list[_Number]:
    """Every number in ``text``, in order."""
    found = []
    end = 0
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        if start < end or (start and text[start - 1] in _NOT_BEFORE):
            continue
        m = vocab.digits.match(text, start)
        if m:
            found.append(_Number(m))
            end = m.end()
    lower = text.lower()
    if vocab.number_words.intersection(_LOWER_WORD.findall(lower)):
        found += _word_numbers(text, lower, vocab)
        found.sort(key=lambda n: n.start())
    return found


def _word_numbers(text: str, lower: str, vocab: "_Vocab") -> list[_Number]:
    """Numbers written in words, as ``vocab.words.finditer(text)`` finds them.

    A match starts at a word that is a number word or opens a phrase ("a dozen"), so only
    those words are tried, on the lower-cased text with a case-sensitive copy of the pattern
    (several times faster than scanning every position case-insensitively).
    """
    if len(lower) != len(text):
        return [_Number(m) for m in vocab.words.finditer(text)]  # lower-casing moved positions
    found = []
    end = 0
    for word in _LOWER_WORD.finditer(lower):
        start = word.start()
        if start < end or word.group() not in vocab.word_starts:
            continue
        m = vocab.words_lower.match(lower, start)
        if m:
            found.append(_Number(m))
            end = m.end()
    return found


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The quantity vocabulary and patterns (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "quantities_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    word_values = {**data["units"], **data["tens"], **data["scales"]}
    return _Vocab(
        data=data,
        digits=_number_patterns(data)[0],
        words=_number_patterns(data)[1],
        words_lower=re.compile(_number_patterns(data)[1].pattern.replace("(?i)", "", 1)),
        word_starts=frozenset(phrase.split()[0] for phrase in [*word_values, *data["dozen"]]),
        number_words=frozenset(w for phrase in [*word_values, *data["dozen"]] for w in phrase.split()
                               if w not in ("a", "half", "and", "of", "pair")),
        currency_before=re.compile(rf"(?:^|(?<=[\s(\[\"“'‘\\]))(?P<cur>{_alternation(data['currency_prefix'])})\s?$"),
        currency_after=re.compile(rf"\s(?P<cur>{_alternation(data['currency_suffix'])})\b"),
        percent_after=re.compile(rf"\s?(?P<pct>{_alternation(data['percent'])})(?!\w)"),
        approx_before=re.compile(rf"(?i:(?:^|(?<=\W))(?:{_alternation(data['approximators'])})\s?)$"),
        scale_after=re.compile(rf"\s(?P<scale>{_alternation(data['scales'])})\b"),
        word_values=word_values,
        not_units=frozenset(data["not_units"]),
        adjectives=frozenset(data["common_adjectives"]),
        identifiers=identifier_words(),
        word_ordinal=re.compile(rf"\bthe\s(?P<w>{_alternation(data['ordinals'])})(?:-(?P<suffix>[a-z]+))?\b(?!,)"),
    )


def _parse_words(words: str, vocab: _Vocab) -> float | None:
    """Value of "twenty-one", "two hundred and five", "three million"; None when not a number."""
    total, current = 0.0, 0.0
    for token in _WORD_SEPARATORS.split(words.lower()):
        if token in ("", "and"):
            continue
        value = vocab.word_values[token]
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0.0
        else:
            current += value
    return total + current


def _number_value(m: _Number, vocab: _Vocab) -> float | None:
    """The numeric value of a number match (scale abbreviations applied)."""
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        if m.group("abbr"):
            value *= vocab.data["scale_abbreviations"][m.group("abbr")]
        return value
    if m.group("phrase"):
        return float(vocab.data["dozen"][m.group("phrase").lower()])
    if m.group("words"):
        return _parse_words(m.group("words"), vocab)
    return float(_LEADING_DIGITS.match(m.group("ord")).group())


def singular(word: str, vocab: _Vocab | None = None) -> str:
    """The singular lemma of an English noun ("countries" -> "country", "people" -> "person")."""
    vocab = vocab or _vocab()
    word = word.lower()
    irregular = vocab.data["irregular_plurals"]
    if word in irregular:
        return irregular[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _is_plural(word: str, vocab: _Vocab) -> bool:
    return word in vocab.data["irregular_plurals"] or (word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3)


def _is_adjective(word: str, vocab: _Vocab) -> bool:
    return word in vocab.adjectives or word.endswith(tuple(vocab.data["adjective_suffixes"]))


def _following_words(text: str, pos: int, vocab: _Vocab) -> list[tuple[str, int]]:
    """Up to three words after ``pos`` that may belong to a counted noun phrase, with their ends."""
    words = []
    for _ in range(3):
        m = _WORD_AFTER.match(text, pos)
        if not m or m.group(1).lower() in vocab.not_units or m.group(1).endswith("ly"):
            break
        words.append((m.group(1), m.end()))
        pos = m.end()
    return words


def _counted_noun(text: str, pos: int, vocab: _Vocab) -> tuple[str, int] | None:
    """The counted noun after ``pos`` and where it ends, or None.

    The first lower-case plural within three words wins ("two treaty allies", "27 EU member
    states"); otherwise the first lower-case word that is not an adjective ("one dose").
    """
    words = _following_words(text, pos, vocab)
    for word, end in words:
        if word.islower() and _is_plural(word, vocab):
            return word, end
    for word, end in words:
        if not word.islower():
            continue
        if not _is_adjective(word, vocab):
            return word, end
    return None


def _skip_number(text: str, m: _Number, vocab: _Vocab) -> bool:
    """True for heading numbers ("2. For"), identifiers ("pp. 12") and lone "one"/"second"."""
    if not m.group("digits"):
        return False
    start, end = m.start(), m.end()
    before = text[max(0, start - 40):start].rstrip()
    word = before.rsplit(None, 1)[-1].lower() if before else ""
    if word in vocab.identifiers or word.rstrip(".,:") in vocab.identifiers:
        return True
    if _DASH_BEFORE.search(text, max(0, start - 3), start) and _PAGE_RANGE.search(text, max(0, start - 24), start):
        return True  # the end of a page range: "pp. 920–944"
    if not before and _HEADING_DOT.match(text, end) and not text[:start].strip():
        return True
    if _DIGIT_SPACE.match(text, max(0, start - 2), start) or _DIGIT_SPACE_AFTER.match(text, end):
        return True  # phone numbers and other digit groups: "01 635 2840"
    return text[end:end + 1] == "("


@dataclass(frozen=True)
class _Parsed:
    """A quantity found from one number match, before offsets are applied."""

    start: int
    end: int
    value: float
    unit: str
    kind: str


def _money_or_percent(text: str, m: _Number, value: float, vocab: _Vocab) -> _Parsed | None:
    """Money with a currency before/after the number, or a percentage."""
    end = m.end()
    scale = vocab.scale_after.match(text, end)
    if scale and not m.group("abbr"):
        value *= vocab.data["scales"][scale.group("scale")]
        end = scale.end()
    prefix = vocab.currency_before.search(text, max(0, m.start() - 8), m.start())
    if prefix:
        return _Parsed(prefix.start("cur"), end, value, vocab.data["currency_prefix"][prefix.group("cur")], "money")
    suffix = vocab.currency_after.match(text, end)
    if suffix:
        return _Parsed(m.start(), suffix.end(), value, vocab.data["currency_suffix"][suffix.group("cur")], "money")
    pct = vocab.percent_after.match(text, end)
    if pct:
        unit = "percentage point" if pct.group("pct").startswith("percentage") else "%"
        return _Parsed(m.start(), pct.end(), value, unit, "percent")
    if end != m.end():
        noun = _counted_noun(text, end, vocab)
        if noun:
            return _Parsed(m.start(), noun[1], value, singular(noun[0], vocab), "count")
        return _Parsed(m.start(), end, value, "", "count")
    return None


def _ordinal(text: str, m: _Number, value: float, vocab: _Vocab) -> _Parsed:
    """"38th-largest" -> unit "largest"; other ordinals have an empty unit."""
    return _Parsed(m.start(), m.end(), value, m.group("ordword") or "", "ordinal")


def _parse_match(text: str, m: _Number, vocab: _Vocab) -> _Parsed | None:
    """Turn one number match into a quantity, or None when it is not one."""
    value = _number_value(m, vocab)
    if value is None or _skip_number(text, m, vocab):
        return None
    if m.group("ord"):
        return _ordinal(text, m, value, vocab)
    found = _money_or_percent(text, m, value, vocab)
    if found:
        return found
    nxt = _WORD_AFTER.match(text, m.end())
    if nxt and nxt.group(1).lower() in vocab.data["durations"]:
        return _Parsed(m.start(), nxt.end(), value, vocab.data["durations"][nxt.group(1).lower()], "duration")
    noun = _counted_noun(text, m.end(), vocab)
    if noun and (value != 1 or not _is_plural(noun[0], vocab)):
        return _Parsed(m.start(), noun[1], value, singular(noun[0], vocab), "count")
    if m.group("words") and m.group("words").lower() != "one" and text.startswith(" of ", m.end()):
        return _Parsed(m.start(), m.end(), value, "", "count")  # partitive: "three of the ten"
    if m.group("digits") and not _after_name(text, m.start()):
        return _Parsed(m.start(), m.end(), value, "", "count")
    return None


def _after_name(text: str, start: int) -> bool:
    """True for a bare number that is part of a name ("Apollo 11", "Boeing 747")."""
    window = max(0, start - 40)
    m = _NAME_BEFORE.search(text, window, start)
    return bool(m) and m.start(1) > 0


def _word_ordinals(text: str, vocab: _Vocab) -> list[_Parsed]:
    """"the third", "the first": word ordinals after "the" (not "First," as a sentence adverb)."""
    found = []
    for m in vocab.word_ordinal.finditer(text):
        value = float(vocab.data["ordinals"][m.group("w")])
        found.append(_Parsed(m.start("w"), m.end(), value, m.group("suffix") or "", "ordinal"))
    return found


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_quantities(text: str, offset: int = 0, skip: list[tuple[int, int]] | tuple = ()) -> list[Quantity]:
    """Find quantities in ``text``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        skip: Spans of ``text`` that are not quantities (dates, citations).

    Returns:
        Quantities in text order, never overlapping each other or ``skip``.
    """
    vocab = _vocab()
    taken = list(skip)
    parsed = []
    for m in _numbers(text, vocab):
        if _overlaps(m.start(), m.end(), taken):
            continue
        found = _parse_match(text, m, vocab)
        if found and not _overlaps(found.start, found.end, taken):
            taken.append((found.start, found.end))
            parsed.append(found)
    if "the " in text:
        parsed += [p for p in _word_ordinals(text, vocab) if not _overlaps(p.start, p.end, taken)]
    parsed.sort(key=lambda p: p.start)
    return [Quantity(text[p.start:p.end], p.value, p.unit, p.kind, offset + p.start, offset + p.end,
                     bool(vocab.approx_before.search(text, max(0, p.start - 24), p.start))) for p in parsed]
