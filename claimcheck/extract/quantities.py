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

Speed: this runs once per sentence on the hot path, so each regex that usually finds nothing is
guarded by an exact character test that decides, without the regex, most of the cases where it
cannot match (see ``_currency_before``, ``_approximate`` and ``_after_name``); the tests use
``str.isspace``/``str.isdecimal``/``str.isalnum``, which accept exactly the characters that
``\\s``/``\\d``/``\\w`` accept in a ``str`` pattern.
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
_DASH_BEFORE = re.compile(r"[–-]\s?$")
_HEADING_DOT = re.compile(r"\.\s")
_NAME_BEFORE = re.compile(r"(?:^|(?<=\s))([A-Z][\w-]*)\s$")
_NAME = re.compile(r"[A-Z][\w-]*")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_SEPARATORS = re.compile(r"[-,\s]+")
_WORD_AFTER = re.compile(r"[ -]([A-Za-z]+(?:-[a-z]+)?)")

# Kinds of number match (the third item of a number tuple, see ``_numbers``).
_ORD, _DIGIT, _PHRASE, _WORDS = range(4)


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
    unit_after: re.Pattern
    unit_after_starts: frozenset[str]
    approx_before: re.Pattern
    scale_after: re.Pattern
    word_values: dict[str, float]
    not_units: frozenset[str]
    adjectives: frozenset[str]
    adjective_suffixes: tuple[str, ...]
    identifiers: frozenset[str]
    word_ordinal: re.Pattern
    currency_by_last: dict[str, tuple[str, ...]]
    approx_by_last: dict[str, tuple[str, ...]]


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _by_last_char(words) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their last character (for ``str.endswith`` pre-checks)."""
    grouped: dict[str, tuple[str, ...]] = {}
    for w in words:
        grouped[w[-1]] = (*grouped.get(w[-1], ()), w)
    return grouped


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


def _numbers(text: str, lower: str, vocab: _Vocab) -> list[tuple]:
    """Every number in ``text``, in order, as ``(start, end, kind, number, extra)``.

    ``kind`` is ``_ORD`` (``number`` "38th", ``extra`` the word after its hyphen or None),
    ``_DIGIT`` ("9.6", ``extra`` the scale abbreviation or None), ``_PHRASE`` ("a dozen") or
    ``_WORDS`` ("twenty-one"). Number words are looked for only when ``lower`` (the lower-cased
    text) has a word that only numbers use.
    """
    found = []
    end = 0
    match = vocab.digits.match
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        if start < end or (start and text[start - 1] in _NOT_BEFORE):
            continue
        m = match(text, start)
        if m:
            end = m.end()
            ordinal, ordword, digits, abbr = m.groups()
            found.append((start, end, _ORD, ordinal, ordword) if ordinal else (start, end, _DIGIT, digits, abbr))
    if not vocab.number_words.isdisjoint(_LOWER_WORD.findall(lower)):
        found += _word_numbers(text, lower, vocab)
        found.sort(key=_start)
    return found


def _start(number: tuple) -> int:
    return number[0]


def _word_number(m: re.Match) -> tuple:
    phrase, words = m.groups()
    return (m.start(), m.end(), _PHRASE, phrase, None) if phrase else (m.start(), m.end(), _WORDS, words, None)


def _word_numbers(text: str, lower: str, vocab: _Vocab) -> list[tuple]:
    """Numbers written in words, as ``vocab.words.finditer(text)`` finds them.

    A match starts at a word that is a number word or opens a phrase ("a dozen"), so only
    those words are tried, on the lower-cased text with a case-sensitive copy of the pattern
    (several times faster than scanning every position case-insensitively).
    """
    if len(lower) != len(text):
        return [_word_number(m) for m in vocab.words.finditer(text)]  # lower-casing moved positions
    found = []
    end = 0
    for word in _LOWER_WORD.finditer(lower):
        start = word.start()
        if start < end or word.group() not in vocab.word_starts:
            continue
        m = vocab.words_lower.match(lower, start)
        if m:
            found.append(_word_number(m))
            end = m.end()
    return found


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The quantity vocabulary and patterns (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "quantities_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    word_values = {**data["units"], **data["tens"], **data["scales"]}
    currency_after = rf"\s(?P<cur>{_alternation(data['currency_suffix'])})\b"
    percent_after = rf"\s?(?P<pct>{_alternation(data['percent'])})(?!\w)"
    ordinal = rf"\bthe\s(?P<w>{_alternation(data['ordinals'])})(?:-(?P<suffix>[a-z]+))?\b(?!,)"
    return _Vocab(
        data=data,
        digits=_number_patterns(data)[0],
        words=_number_patterns(data)[1],
        words_lower=re.compile(_number_patterns(data)[1].pattern.replace("(?i)", "", 1)),
        word_starts=frozenset(phrase.split()[0] for phrase in [*word_values, *data["dozen"]]),
        number_words=frozenset(w for phrase in [*word_values, *data["dozen"]] for w in phrase.split()
                               if w not in ("a", "half", "and", "of", "pair")),
        currency_before=re.compile(rf"(?:^|(?<=[\s(\[\"“'‘\\]))(?P<cur>{_alternation(data['currency_prefix'])})\s?$"),
        currency_after=re.compile(currency_after),
        percent_after=re.compile(percent_after),
        # One match for "currency after, else percent after": at one position an alternation
        # tries its branches in order, so this finds what the two patterns tried in turn find.
        unit_after=re.compile(rf"{currency_after}|{percent_after}"),
        # Both branches start with whitespace or the first character of a percent sign or word.
        unit_after_starts=frozenset(p[0] for p in data["percent"]),
        approx_before=re.compile(rf"(?i:(?:^|(?<=\W))(?:{_alternation(data['approximators'])})\s?)$"),
        scale_after=re.compile(rf"\s(?P<scale>{_alternation(data['scales'])})\b"),
        word_values=word_values,
        not_units=frozenset(data["not_units"]),
        adjectives=frozenset(data["common_adjectives"]),
        adjective_suffixes=tuple(data["adjective_suffixes"]),
        identifiers=identifier_words(),
        # "the" as a literal first (the word boundary checked behind it) lets the regex engine
        # jump from one "the" to the next: the same matches as ``\bthe\s...``, found faster.
        word_ordinal=re.compile(ordinal.replace(r"\bthe", r"the(?<=\bthe)", 1)),
        currency_by_last=_by_last_char(data["currency_prefix"]),
        approx_by_last=_by_last_char([a.lower() for a in data["approximators"]]),
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
    return word in vocab.adjectives or word.endswith(vocab.adjective_suffixes)


def _following_words(text: str, first: re.Match | None, vocab: _Vocab) -> list[tuple[str, int]]:
    """Up to three words that may belong to a counted noun phrase, with their ends.

    ``first`` is ``_WORD_AFTER.match(text, pos)``: the caller has it already.
    """
    words = []
    m = first
    while m:
        word = m.group(1)
        if word.lower() in vocab.not_units or word.endswith("ly"):
            break
        end = m.end()
        words.append((word, end))
        if len(words) == 3:
            break
        m = _WORD_AFTER.match(text, end)
    return words


def _counted_noun(text: str, first: re.Match | None, vocab: _Vocab) -> tuple[str, int] | None:
    """The counted noun in the words from ``first`` on and where it ends, or None.

    The first lower-case plural within three words wins ("two treaty allies", "27 EU member
    states"); otherwise the first lower-case word that is not an adjective ("one dose").
    """
    words = _following_words(text, first, vocab)
    for word, end in words:
        if word.islower() and _is_plural(word, vocab):
            return word, end
    for word, end in words:
        if not word.islower():
            continue
        if not _is_adjective(word, vocab):
            return word, end
    return None


def _skip_digits(text: str, start: int, end: int, before: str, vocab: _Vocab) -> bool:
    """True for heading numbers ("2. For"), identifiers ("pp. 12") and digit groups.

    ``before`` is the stripped text of the 40 characters before the number.
    """
    word = before.rsplit(None, 1)[-1].lower() if before else ""
    if word in vocab.identifiers or word.rstrip(".,:") in vocab.identifiers:
        return True
    window = text[max(0, start - 3):start]
    if ("-" in window or "–" in window) and _DASH_BEFORE.search(text, max(0, start - 3), start) \
            and _PAGE_RANGE.search(text, max(0, start - 24), start):
        return True  # the end of a page range: "pp. 920–944"; the dash must be in the window
    if not before and _HEADING_DOT.match(text, end) and not text[:start].strip():
        return True
    # phone numbers and other digit groups: "01 635 2840" (a digit, a space, the number, or
    # the number, a space, a digit)
    if start >= 2 and text[start - 1].isspace() and text[start - 2].isdecimal():
        return True
    after = text[end:end + 2]
    if len(after) == 2 and after[0].isspace() and after[1].isdecimal():
        return True
    return after[:1] == "("


def _ends_with_one_of(text: str, end: int, words_by_last: dict[str, tuple[str, ...]]) -> bool:
    """True when ``text[:end]`` ends with one of the words (grouped by their last character)."""
    candidates = words_by_last.get(text[end - 1]) if end > 0 else None
    return bool(candidates) and text.endswith(candidates, 0, end)


def _word_may_end_before(text: str, start: int, words_by_last: dict[str, tuple[str, ...]]) -> bool:
    """False only when no pattern ``(?:word)\\s?$`` can match ending at ``start``.

    ``$`` matches at ``start`` or just before a final "\\n", so the word ends at ``start``,
    one whitespace character earlier, or (with "\\n" last) two characters earlier.
    """
    if _ends_with_one_of(text, start, words_by_last):
        return True
    if start and text[start - 1].isspace():
        if _ends_with_one_of(text, start - 1, words_by_last):
            return True
        return text[start - 1] == "\n" and start >= 2 and text[start - 2].isspace() \
            and _ends_with_one_of(text, start - 2, words_by_last)
    return False


def _currency_before(text: str, start: int, vocab: _Vocab) -> re.Match | None:
    """``vocab.currency_before`` searched in the 8 characters before ``start``.

    The currency must end where the search window ends (give or take whitespace), so the
    search runs only when the text there ends with a currency sign or code.
    """
    if not _word_may_end_before(text, start, vocab.currency_by_last):
        return None
    return vocab.currency_before.search(text, max(0, start - 8), start)


def _approximate(text: str, ascii_lower: str | None, start: int, vocab: _Vocab) -> bool:
    """True when an approximator ("around", "more than") ends just before ``start``.

    ``ascii_lower`` is the lower-cased text when the text is ASCII, else None. In ASCII text
    the case-insensitive pattern can only match where the lower-cased text ends with an
    approximator, so the search runs only then; other texts are always searched
    (case-insensitive matching of non-ASCII characters is not plain lower-casing).
    """
    if ascii_lower is not None and not _word_may_end_before(ascii_lower, start, vocab.approx_by_last):
        return False
    return bool(vocab.approx_before.search(text, max(0, start - 24), start))


def _money_or_percent(text: str, start: int, end: int, value: float, abbr: str | None,
                      vocab: _Vocab) -> tuple | None:
    """Money with a currency before/after the number, or a percentage.

    The patterns after the number all start with whitespace or a percent sign/word, so they
    are not tried after other characters.
    """
    e = end
    data = vocab.data
    if text[end:end + 1].isspace():
        scale = vocab.scale_after.match(text, end)
        if scale and not abbr:
            value *= data["scales"][scale.group(1)]
            e = scale.end()
    prefix = _currency_before(text, start, vocab) if start else None  # no room for one at 0
    if prefix:
        return (prefix.start(1), e, value, data["currency_prefix"][prefix.group(1)], "money")
    nxt = text[e:e + 1]
    if nxt.isspace() or nxt in vocab.unit_after_starts:
        unit = vocab.unit_after.match(text, e)
        if unit:
            if unit.lastgroup == "cur":
                return (start, unit.end(), value, data["currency_suffix"][unit.group("cur")], "money")
            kind = "percentage point" if unit.group("pct").startswith("percentage") else "%"
            return (start, unit.end(), value, kind, "percent")
    if e != end:
        noun = _counted_noun(text, _WORD_AFTER.match(text, e), vocab)
        if noun:
            return (start, noun[1], value, singular(noun[0], vocab), "count")
        return (start, e, value, "", "count")
    return None


def _parse_number(text: str, number: tuple, vocab: _Vocab) -> tuple | None:
    """Turn one number into ``(start, end, value, unit, kind)``, or None when it is not one."""
    start, end, kind, string, extra = number
    if kind == _ORD:  # "38th-largest" -> unit "largest"; other ordinals have an empty unit
        return (start, end, float(string[:-2]), extra or "", "ordinal")
    before = ""
    if kind == _DIGIT:
        value = float(string.replace(",", ""))
        if extra:
            value *= vocab.data["scale_abbreviations"][extra]
        before = text[max(0, start - 40):start].rstrip()
        if _skip_digits(text, start, end, before, vocab):
            return None
    elif kind == _PHRASE:
        value = float(vocab.data["dozen"][string.lower()])
    else:
        value = _parse_words(string, vocab)
    found = _money_or_percent(text, start, end, value, extra if kind == _DIGIT else None, vocab)
    if found:
        return found
    c = text[end:end + 1]
    if c == " " or c == "-":  # _WORD_AFTER starts with one of them
        nxt = _WORD_AFTER.match(text, end)
        if nxt:
            unit = vocab.data["durations"].get(nxt.group(1).lower())
            if unit:
                return (start, nxt.end(), value, unit, "duration")
            noun = _counted_noun(text, nxt, vocab)
            if noun and (value != 1 or not _is_plural(noun[0], vocab)):
                return (start, noun[1], value, singular(noun[0], vocab), "count")
    if kind == _WORDS and string.lower() != "one" and text.startswith(" of ", end):
        return (start, end, value, "", "count")  # partitive: "three of the ten"
    if kind == _DIGIT and not _after_name(text, start, before):
        return (start, end, value, "", "count")
    return None


def _after_name(text: str, start: int, before: str) -> bool:
    """True for a bare number that is part of a name ("Apollo 11", "Boeing 747").

    That is ``_NAME_BEFORE`` searched in the 40 characters before the number (``before`` is
    them stripped) with a match past the first character. The name has to be the last word of
    the window followed by one whitespace character (two when the second is a final "\\n",
    which ``$`` also accepts), so that word is checked directly; only a word that starts the
    window, where the pattern looks at the character before it, goes to the regex.
    """
    window = max(0, start - 40)
    gap = start - window - len(before)  # whitespace between the last word and the number
    if not before or not (gap == 1 or (gap == 2 and text[start - 1] == "\n")):
        return False
    word = before.rsplit(None, 1)[-1]
    if window + len(before) - len(word) > window:  # whitespace before the word, inside the window
        return _NAME.fullmatch(word) is not None
    m = _NAME_BEFORE.search(text, window, start)
    return bool(m) and m.start(1) > 0


def _word_ordinals(text: str, vocab: _Vocab) -> list[tuple]:
    """"the third", "the first": word ordinals after "the" (not "First," as a sentence adverb)."""
    found = []
    for m in vocab.word_ordinal.finditer(text):
        value = float(vocab.data["ordinals"][m.group("w")])
        found.append((m.start("w"), m.end(), value, m.group("suffix") or "", "ordinal"))
    return found


def _overlaps(start: int, end: int, spans) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


_new = object.__new__


def _quantity(text: str, value: float, unit: str, kind: str, start: int, end: int,
              approximate: bool) -> Quantity:
    """``Quantity(text, value, unit, kind, start, end, approximate)``, built faster.

    The frozen dataclass constructor sets each field through ``object.__setattr__``; filling
    ``__dict__`` in field order gives an equal object (as ``slots._copy`` does) in half the time.
    """
    q = _new(Quantity)
    q.__dict__.update(text=text, value=value, unit=unit, kind=kind, start=start, end=end,
                      approximate=approximate)
    return q


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
    lower = text.lower()
    numbers = _numbers(text, lower, vocab)
    has_the = "the " in text
    if not numbers and not has_the:
        return []
    taken = list(skip)
    parsed = []
    for number in numbers:
        if taken and _overlaps(number[0], number[1], taken):
            continue
        found = _parse_number(text, number, vocab)
        if found and not _overlaps(found[0], found[1], taken):
            taken.append((found[0], found[1]))
            parsed.append(found)
    if has_the:
        parsed += [p for p in _word_ordinals(text, vocab) if not _overlaps(p[0], p[1], taken)]
        parsed.sort(key=_start)
    # Without word ordinals ``parsed`` is already in text order: each quantity starts at its
    # number or at a currency sign just before it, and quantities never overlap.
    ascii_lower = lower if text.isascii() else None
    return [_quantity(text[start:end], value, unit, kind, offset + start, offset + end,
                      _approximate(text, ascii_lower, start, vocab))
            for start, end, value, unit, kind in parsed]
