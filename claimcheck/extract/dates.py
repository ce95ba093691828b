"""Date mentions normalised to ISO values with a precision (pure).

Handles absolute dates ("March 2, 2022", "2 March 2022", "2022-03-02"), partial dates ("July 13",
"in February 2022", "in August", "in 2017", "mid-2021"), ranges ("between 2006 and 2017", "from
February to July 2022", "2018–2021"), decades ("the 1990s") and relative expressions ("last year",
"two weeks later"). A day or month written without a year gets the most recent such date not
after ``reference_date`` (plus a small margin), with ``inferred_year=True``.

Years inside parenthetical author-year citations ("(Smith 2020)") are dates of publications, not
of events, and are skipped; :func:`find_citation_spans` finds those parentheses.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from operator import attrgetter

from claimcheck.model import DateMention, direct_constructor, latest_day

logger = logging.getLogger(__name__)

_INFER_MARGIN = timedelta(days=31)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "several": None, "a few": None, "few": None, "many": None, "some": None}

@dataclass(frozen=True)
class _Vocab:
    """Compiled patterns built from ``data/dates_words.json``."""

    months: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern, str, frozenset[str], _Lead | re.Pattern | None], ...]
    part_words: frozenset[str]
    month_part_words: frozenset[str]
    relative_fixed: dict[str, tuple[str, int | None]]
    citation_connectors: frozenset[str]
    identifier_words: frozenset[str]
    us_numeric_order: bool
    # (feature, feature it needs, its words as ASCII bytes)
    word_features: tuple[tuple[str, str, frozenset[bytes]], ...]
    future: re.Pattern
    future_lower: re.Pattern | None  # the cues lower-cased, without the leading \b (ASCII cues only)
    future_words: frozenset[bytes]  # the first word of each cue, as ``_WORD_TABLE`` cuts it (see _has_future_cue)
    holidays: dict[str, tuple[int, int]]  # "Christmas Eve" -> (12, 24)
    # "the third quarter of" -> (7, 9): a year part that is a calendar period, read as its months
    year_part_months: dict[str, tuple[int, int]] = field(default_factory=dict)


def _load_json(name: str) -> dict:
    """A JSON data file shipped with the package."""
    path = resources.files("claimcheck.extract").joinpath("data", name)
    return json.loads(path.read_text(encoding="utf-8"))


def _alternation(words) -> str:
    """A regex alternation of ``words``, escaped, trying the longest first.

    Built as a trie ("the previous year|the same year" -> "the\\ (?:previous|same)\\ year" in
    effect), so the engine compares each character once instead of once per word. Words that can
    both match at one place are prefixes of one another; the trie tries the longer first, as the
    flat longest-first alternation does, so every pattern matches exactly as before.
    """
    words = set(words)
    if not words - {""}:
        return ""
    rests: dict[str, set[str]] = {}
    for word in words:
        if word:
            rests.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(first) + _alternation(rest) for first, rest in sorted(rests.items())]
    if "" in words:  # this word ends here: try the longer ones first, then stop
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _cased_words(words) -> set[str]:
    """``words`` and their capitalised forms ("from", "From")."""
    variants = set()
    for word in words:
        variants.update((word, word[:1].upper() + word[1:]))
    return variants


def _cased(words) -> str:
    """Alternation of ``words`` and their capitalised forms ("from|From"), longest first.

    Literal alternatives (rather than a case-insensitive group) let the regex engine skip ahead
    to possible first characters, which keeps the patterns cheap on the hot path.
    """
    return _alternation(_cased_words(words))


@dataclass(frozen=True)
class _Lead:
    """What may stand before the month where a match of a pattern begins: one of ``words``, then
    ``separator`` characters (one such as \\s or [- ], or none). ``words`` empty: the pattern
    begins with the month.

    ``reversed_words`` matches the words written backwards, longest first, so one match in the
    reversed text at a place finds the longest word ending there; ``suffixes`` gives, for each
    word (written backwards), the lengths of the words it ends with (itself included), longest
    first: all the words ending there.
    """

    separator: int
    words: frozenset[str]
    reversed_words: re.Pattern | None
    suffixes: dict[str, tuple[int, ...]]


def _lead(words, separator: int) -> _Lead:
    """The lead of a pattern that is one of ``words``, ``separator`` characters, then a month."""
    words = frozenset(w for w in words if w)
    # keyed by the word backwards (as found), longest first (so the starts come out ascending)
    suffixes = {w[::-1]: tuple(sorted((len(v) for v in words if w.endswith(v)), reverse=True)) for w in words}
    return _Lead(separator, words, re.compile(_alternation(w[::-1] for w in words)) if words else None, suffixes)


def _build_patterns(data: dict) -> tuple[tuple[str, re.Pattern, str, frozenset[str], _Lead | re.Pattern | None], ...]:
    """Every date pattern with its start check, in priority order (earlier ones claim spans first).

    Patterns begin with a literal or a digit (no look-behind), so the engine can scan quickly;
    what may not stand before a match is checked in Python: "word" (no letter or digit) or
    "number" (nor ".,/$-" and the like, so "v2.2014" and "$2014" are no years).
    """
    full = [m.capitalize() for m in data["months"] if len(m) > 4 or m in ("may", "june", "july")]
    short = [m.capitalize() for m in data["months"] if m.capitalize() not in full]
    # tables and datelines write months in capitals ("16 AUG 2009", "MARCH 3")
    full += [m.upper() for m in full if m.lower() != "may"]  # "MAY" is also a modal verb
    short += [m.upper() for m in short]
    full_months = _alternation(full)
    month = "(?:" + "|".join([re.escape(m) for m in sorted(full, key=len, reverse=True)]
                             + [re.escape(m) + r"(?:\.(?!\d))?" for m in sorted(short, key=len, reverse=True)]) + ")"
    m1, m2 = f"(?P<m1>{month})", f"(?P<m2>{month})"
    yr = r"(?:1[6-9]\d\d|20\d\d)"
    y1, y2 = f"(?P<y1>{yr})", f"(?P<y2>{yr})"
    d1, d2 = r"(?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?", r"(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    dash = r"\s?[–—-]\s?"
    to = rf"(?:{dash}|\s(?:to|until|till|through)\s)"
    e = r"(?![\w/%]|[.,]\d|[-–]\d)"
    parts = _cased(data["year_parts"])
    rel_units = _alternation(data["relative_units"])
    rel_anchor = _alternation(data["relative_anchors"])
    count_words = _cased(k for k in _NUMBER_WORDS)
    between = _cased(["between"])
    # name, pattern, start check, what the text must contain for the pattern to match (see _features),
    # then either what may stand before a month where a match begins (see _lead), or a pattern that
    # finds a part of every match (searched first: when it finds nothing the pattern is skipped)
    first = _lead([], 0)  # the pattern begins with the month
    unit_anchor = re.compile(rf"(?:{rel_units})\s(?:{rel_anchor})\b")
    specs = [
        ("month_range", rf"{m1}(?:\s{y1})?{to}{m2},?\s{y2}{e}", "word", {"month", "year", "to"}, first),
        ("month_range", rf"(?:{between})\s{m1}(?:\s{y1})?\sand\s{m2},?\s{y2}{e}", "word", {"month", "year", "between"},
         _lead(_cased_words(["between"]), 1)),
        ("day_range_dmy", rf"{d1}{to}{d2}\s{m1},?\s{y1}{e}", "number", {"day month", "year", "to"}),
        ("day_range_mdy", rf"{m1}\s{d1}{to}{d2},?\s{y1}{e}", "word", {"month", "year", "to"}, first),
        # "3 and 4 December", "Thursday 5 and Friday 6 December 2019": two days told as one span
        ("day_pair_dm", rf"{d1}\sand\s(?:(?:{_alternation(data['weekdays'])}),?\s)?{d2}\s{m1}(?:,?\s{y1})?{e}",
         "number", {"day month"}),
        ("year_range", rf"{y1}{to}(?P<y2>{yr}|\d\d){e}", "number", {"year", "to"}),
        ("year_range", rf"(?:{between})\s{y1}\sand\s(?P<y2>{yr}){e}", "word", {"year", "between"}),
        ("iso", rf"(?P<y1>{yr})-(?P<mn>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01]){e}", "number", {"year", "dash"}),
        ("numeric", rf"(?P<a>\d{{1,2}})[/.](?P<c>\d{{1,2}})[/.](?P<y1>{yr}){e}", "number", {"year", "numeric"}),
        ("mdy", rf"{m1}\s{d1},?\s{y1}{e}", "word", {"month", "year"}, first),
        ("dmy", rf"{d1}\s(?:of\s)?{m1},?\s{y1}{e}", "number", {"day month", "year"}),
        ("my", rf"{m1},?\s(?:of\s)?{y1}{e}", "word", {"month", "year"}, first),
        ("day_range_dm", rf"{d1}{to}{d2}\s{m1}\b", "number", {"day month", "to"}),
        ("day_range_md", rf"{m1}\s{d1}{to}{d2}(?![\d,])", "word", {"month", "to"}, first),
        ("md", rf"{m1}\s{d1}(?![\w:.,]\d|\d)(?!\s?(?:%|percent|per cent))", "word", {"month"}, first),
        ("dm", rf"{d1}\s(?:of\s)?{m1}\b", "number", {"day month"}),
        ("decade", rf"(?:(?:the|The)\s)?(?P<part>{parts})[- ](?:the\s)?(?P<dec>1[6-9]\d0|20\d0)['’]?s\b", "word",
         {"year", "decade", "year part"}),
        ("decade", r"(?P<dec>1[6-9]\d0|20\d0)['’]?s\b", "number", {"year", "decade"}),
        ("year_part", rf"(?P<part>{parts})[- ](?:of\s)?{y1}{e}", "word", {"year", "year part"}),
        ("month_part", rf"(?:{_cased(data['month_parts'])})[- ](?P<m1>{full_months})(?:,?\s{y1})?(?![\w'’-])", "word",
         {"month", "month part"}, _lead(_cased_words(data["month_parts"]), 1)),
        ("month_bare", rf"(?:{_cased(data['month_prepositions'])})\s(?P<span>{month})(?![\w'’-])", "word", {"month"},
         _lead(_cased_words(data["month_prepositions"]), 1)),
        ("weekday", rf"(?:{_cased(data['weekday_prepositions'])})\s(?P<span>{_alternation(data['weekdays'])})\b"
                    rf"(?!,?\s(?:\d|{month}))", "word", {"relative"}, re.compile(_alternation(data["weekdays"]))),
        # "Tuesday's vote": a weekday in the possessive, as "on Tuesday"
        ("weekday", rf"(?P<span>{_alternation(data['weekdays'])})(?=['’]s\s[a-z])"
                    rf"(?!['’]s\s(?:a|an|the|not|been|over|still)\b)",  # not "Friday's a holiday"
         "word", {"relative"}, re.compile(rf"(?:{_alternation(data['weekdays'])})['’]s\s")),
        ("relative_fixed", rf"(?:{_cased(data['relative_fixed'])})\b", "word", {"relative"}),
        ("relative_span", rf"(?:{count_words})\s(?:{rel_units})\s(?:{rel_anchor})\b", "word", {"relative"},
         unit_anchor),
        ("relative_span", rf"\d+\s(?:{rel_units})\s(?:{rel_anchor})\b", "number", {"relative"}, unit_anchor),
        # "four years on, ...": "on" ending its phrase reads as "later"
        ("relative_span", rf"(?:{count_words}|\d+)\s(?:{rel_units})\son(?=[,.;:])", "word", {"relative"},
         re.compile(rf"(?:{rel_units})\son[,.;:]")),
        ("relative_span", rf"(?:{_cased(['after'])})\s(?:{count_words}|\d+)\s(?:{rel_units})\b", "word", {"relative"},
         re.compile("fter")),  # in "after" and "After"
        # "In the first days, ...": the days after the event told of, as "the following days";
        # "the first months of treatment" marks off a part of something else
        ("relative_span", rf"(?:{_cased(['the first'])})\s(?:days|weeks|months)\b(?!\sof\b)", "word", {"relative"},
         re.compile("first (?:days|weeks|months)")),
        # "on New Year's Day": a holiday on a fixed day (needs "holiday": see _features)
        ("holiday", rf"(?P<span>{_alternation(data['holidays'])})(?![\w'’-])", "word", {"holiday"}),
        ("year", rf"{y1}{e}", "number", {"year"}),
    ]
    return tuple((name, re.compile(pattern), check, frozenset(needs), where[0] if where else None)
                 for name, pattern, check, needs, *where in specs)


_NOT_BEFORE_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_NOT_BEFORE_NUMBER = _NOT_BEFORE_WORD | frozenset(".,/$€£¥#§+–—-")


def _starts_cleanly(text: str, start: int, check: str) -> bool:
    """True when the character before ``start`` allows a match there (see _build_patterns)."""
    if not start:
        return True
    before = text[start - 1]
    if check == "number":
        return before not in _NOT_BEFORE_NUMBER
    return before not in _NOT_BEFORE_WORD and not before.isalpha()


_COMMON_WORDS = frozenset({"the", "of", "a", "an", "in", "on"})


def _required_words(phrases) -> frozenset[str]:
    """One word every phrase needs (its longest, preferring one that is not a common word such
    as "the", which nearly every sentence has), lower-cased: "the end of" -> "end"."""
    return frozenset(max(phrase.lower().split(), key=lambda w: (w not in _COMMON_WORDS, len(w)))
                     for phrase in phrases)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The date vocabulary and patterns (cached)."""
    data = _load_json("dates_words.json")
    fixed = {}
    for phrase, (unit, shift) in data["relative_fixed"].items():
        # the patterns also match the capitalised form at a sentence start ("Today", "Last year")
        fixed[phrase] = fixed[phrase[:1].upper() + phrase[1:]] = (unit, shift)
    future_cues = data["future_cues"]
    return _Vocab(
        months={k: v for k, v in data["months"].items()},
        patterns=_build_patterns(data),
        part_words=_required_words(data["year_parts"]),
        year_part_months={k: (v[0], v[1]) for k, v in data.get("year_part_months", {}).items()},
        month_part_words=_required_words(data["month_parts"]),
        relative_fixed=fixed,
        citation_connectors=frozenset(data["citation_connectors"]),
        identifier_words=frozenset(data["identifier_words"]),
        us_numeric_order=bool(data["us_numeric_order"]),
        word_features=tuple((feature, needed, frozenset(w.encode("ascii", "replace") for w in words))
                            for feature, needed, words in (
                                ("to", "year", _TO_WORDS), ("to", "month", _TO_WORDS),
                                ("year part", "year", _required_words(data["year_parts"])),
                                ("month part", "month", _required_words(data["month_parts"])))),
        future=re.compile(rf"(?i)\b(?:{'|'.join(re.escape(w) for w in sorted(future_cues, key=len, reverse=True))})\b"),
        future_lower=re.compile(rf"(?:{_alternation(w.lower() for w in future_cues)})\b")
        if all(w.isascii() for w in future_cues) else None,
        future_words=frozenset(w.lower().encode("ascii", "replace").translate(_WORD_TABLE).split()[0]
                               for w in future_cues),
        holidays={k: (v[0], v[1]) for k, v in data["holidays"].items()},
    )


def identifier_words() -> frozenset[str]:
    """Lower-case words after which a number is an identifier (page, section, volume...)."""
    return _vocab().identifier_words


# ---------------------------------------------------------------------------------------------
# Parenthetical citations

_PAREN = re.compile(r"\(([^()]{1,400})\)")
_CITE_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?:[–-]\d{2,4})?[a-z]?(?!\d)|\bn\.\s?d\.")
_WORD = re.compile(r"[^\s,;:()]+")
_LAST_WORD = re.compile(r"(\S+)\s*$")
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]+(?:\s+et\s+al\.?)?\s*$")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3,}")
_SPACE_LOWER_WORD = re.compile(r"\s([a-z]+)\b")


def _segment_is_citation(segment: str, vocab: _Vocab) -> bool:
    """True for "Smith and Jones 2020", "Ministry of Foreign Affairs, PRC, 2014", ..."""
    year = _CITE_YEAR.search(segment)
    if not year:
        return False
    words = _WORD.findall(segment[:year.start()])
    capitalised = [w for w in words if w[0].isupper() and w.lower().rstrip(".") not in vocab.months]
    others = [w for w in words if not w[0].isupper() and w.lower() not in vocab.citation_connectors]
    return bool(capitalised) and not others


def _years_only(content: str) -> bool:
    """True for "(2019)", "(2019, 2020)", "(2019a; 2021, p. 4)"."""
    rest = _CITE_YEAR.sub("", content)
    return bool(_CITE_YEAR.search(content)) and not _THREE_LETTERS.search(rest)


def find_citation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of parenthetical author-year citations, brackets included.

    Args:
        text: Any text.

    Returns:
        ``(start, end)`` positions in ``text`` of "(Smith 2020)", "(UN Library 2019, 2020)" and
        narrative "Smith (2020)" parentheses; years and names inside are not event content.
    """
    if "(" not in text:
        return []
    vocab = _vocab()
    spans = []
    for m in _PAREN.finditer(text):
        content = m.group(1)
        cited = any(_segment_is_citation(seg, vocab) for seg in content.split(";"))
        if not cited and _years_only(content):
            cited = bool(_NAME_BEFORE.search(text, max(0, m.start() - 60), m.start()))
        if cited:
            spans.append((m.start(), m.end()))
    return spans


# ---------------------------------------------------------------------------------------------
# Normalisation helpers


def _month_number(vocab: _Vocab, word: str) -> int:
    return vocab.months[word.rstrip(".").lower()]


@lru_cache(maxsize=4096)  # keyed by all three numbers
def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)  # keyed by all its arguments (dates are hashable and immutable)
def _infer_year(month: int, day: int | None, reference: date, future: bool = False) -> int:
    """The year giving the latest such date not after ``reference`` plus a margin.

    With ``future`` (the sentence speaks of what will happen) it is the first such date on or
    after ``reference`` minus the margin instead.
    """
    year = reference.year
    probe = date(year, month, min(day or 1, 28))
    if future:
        return year + 1 if probe < reference - _INFER_MARGIN else year
    return year - 1 if probe > reference + _INFER_MARGIN else year


def _future(text: str, vocab: _Vocab) -> bool:
    """True when the statement has a future cue ("will", "expected", "next")."""
    return _has_future_cue(text)


_BOUNDARY = re.compile(r"\b")
# ASCII bytes of word characters (lower-case letters, digits, "_") stay, others become spaces:
# ``split()`` then gives the maximal runs of ``\w`` characters of a lower-cased ASCII text.
_WORD_TABLE = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 else 32 for c in range(256))


@lru_cache(maxsize=64)
def _has_future_cue(text: str) -> bool:
    """Whether ``vocab.future`` finds a cue in ``text`` (cached: several mentions of one statement
    ask; the answer depends on the text alone, the vocabulary being fixed).

    The case-insensitive pattern begins with ``\\b``, so the regex engine tries it at every
    position. For ASCII text the same cues are looked for in the lower-cased text with a
    case-sensitive pattern without that ``\\b``, whose possible first characters the engine
    skips to; the ``\\b`` is then checked at each place found (ASCII lower-casing changes no
    character's word-ness, and among ASCII characters (?i) matches a letter and its capital only).
    """
    vocab = _vocab()
    if not text.isascii() or vocab.future_lower is None:
        return any(not _past_perfect(text, m.start()) for m in vocab.future.finditer(text))
    lower = text.lower()
    if vocab.future_words.isdisjoint(lower.encode("ascii").translate(_WORD_TABLE).split()):
        return False  # no cue's first word stands in the text as a word: the pattern cannot match
    search, pos = vocab.future_lower.search, 0
    while (m := search(lower, pos)) is not None:
        if _BOUNDARY.match(lower, m.start()) and not _past_perfect(lower, m.start()):
            return True
        pos = m.start() + 1
    return False


def _past_perfect(text: str, start: int) -> bool:
    """Whether the cue at ``start`` follows "had " ("had expected", "had planned to"): the past."""
    return start >= 4 and text[start - 4:start].lower() == "had "


def _second_year(first: str, second: str) -> str:
    """Expand "2000–01" to "2001"."""
    return second if len(second) == 4 else first[:2] + second


def _preceding_word(text: str, start: int) -> str:
    """The lower-cased word just before ``start`` (punctuation kept, e.g. "pp.")."""
    m = _LAST_WORD.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def _identifier_context(text: str, start: int, vocab: _Vocab) -> bool:
    """True when the number at ``start`` follows "pp.", "Section", "Vol." and the like."""
    word = _preceding_word(text, start)
    return word in vocab.identifier_words or word.rstrip(".,:") in vocab.identifier_words


def _followed_by_count_noun(text: str, end: int) -> bool:
    """True for "1500 troops": a year-like number directly followed by a plural noun."""
    m = _SPACE_LOWER_WORD.match(text[end:end + 30])
    word = m.group(1) if m else ""
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3


# ---------------------------------------------------------------------------------------------
# One handler per pattern kind: match -> (value, precision, end_value, relative, inferred)

_Result = tuple[str, str, str | None, bool, bool] | None


def _month_range(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    y2 = m.group("y2")
    y1 = m.group("y1") or y2
    a, b = _month_number(vocab, m.group("m1")), _month_number(vocab, m.group("m2"))
    return f"{y1}-{a:02d}", "month", f"{y2}-{b:02d}", False, False


def _day_range(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    y, mo = int(m.group("y1")), _month_number(vocab, m.group("m1"))
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not (_valid(y, mo, d1) and _valid(y, mo, d2)):
        return None
    return f"{y}-{mo:02d}-{d1:02d}", "day", f"{y}-{mo:02d}-{d2:02d}", False, False


def _day_pair(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    """Two days of one month ("3 and 4 December"): the span from the first to the second."""
    if m.group("y1"):
        return _day_range(m, vocab, ref, text) if int(m.group("d1")) < int(m.group("d2")) else None
    return _day_range_no_year(m, vocab, ref, text)


def _year_range(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    if _identifier_context(text, m.start(), vocab):
        return None
    y1 = m.group("y1")
    y2 = _second_year(y1, m.group("y2"))
    if not y1 < y2 or int(y2) - int(y1) > 200:
        return None
    return y1, "year", y2, False, False


def _iso(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    y, mo, d = int(m.group("y1")), int(m.group("mn")), int(m.group("d1"))
    return (f"{y}-{mo:02d}-{d:02d}", "day", None, False, False) if _valid(y, mo, d) else None


def _numeric(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    a, c, y = int(m.group("a")), int(m.group("c")), int(m.group("y1"))
    if a > 12 and c <= 12:
        day, month = a, c
    elif c > 12 and a <= 12:
        day, month = c, a
    elif vocab.us_numeric_order:
        day, month = c, a
    else:
        return None
    return (f"{y}-{month:02d}-{day:02d}", "day", None, False, False) if _valid(y, month, day) else None


def _day_month_year(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    y, mo, d = int(m.group("y1")), _month_number(vocab, m.group("m1")), int(m.group("d1"))
    return (f"{y}-{mo:02d}-{d:02d}", "day", None, False, False) if _valid(y, mo, d) else None


def _month_year(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    return f"{m.group('y1')}-{_month_number(vocab, m.group('m1')):02d}", "month", None, False, False


def _day_month(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    return _day_month_value(m.group("m1"), m.group("d1"), ref, ref is not None and _future(text, vocab))


@lru_cache(maxsize=4096)  # keyed by all the value depends on: month word, day, reference, future cue
def _day_month_value(month: str, day: str, ref: date | None, future: bool) -> _Result:
    mo, d = _month_number(_vocab(), month), int(day)
    if not _valid(2000, mo, d):
        return None
    if ref is None:
        return "", "day", None, True, False
    y = _infer_year(mo, d, ref, future)
    return (f"{y}-{mo:02d}-{d:02d}", "day", None, False, True) if _valid(y, mo, d) else None


def _day_range_no_year(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    mo, d1, d2 = _month_number(vocab, m.group("m1")), int(m.group("d1")), int(m.group("d2"))
    if not (d1 < d2 and _valid(2000, mo, d2)):
        return None
    if ref is None:
        return "", "day", None, True, False
    y = _infer_year(mo, d1, ref, _future(text, vocab))
    return f"{y}-{mo:02d}-{d1:02d}", "day", f"{y}-{mo:02d}-{d2:02d}", False, True


def _month_part(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    mo = _month_number(vocab, m.group("m1"))
    if m.group("y1"):
        return f"{m.group('y1')}-{mo:02d}", "month", None, False, False
    if ref is None:
        return "", "month", None, True, False
    return f"{_infer_year(mo, None, ref, _future(text, vocab))}-{mo:02d}", "month", None, False, True


def _weekday(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    return "", "day", None, True, False


def names_month(text: str) -> bool:
    """True when ``text`` (a date mention) names a month ("4 December", "Dec. 3")."""
    months = _vocab().months
    return any(token.lower().rstrip(".") in months for token in _DAY_OR_WORD.findall(text))


def dated_weekdays(mentions: Sequence[DateMention], issued: date, text: str = "") -> tuple[DateMention, ...]:
    """``mentions`` with each bare weekday ("on Saturday") given the day it names in a report
    issued on ``issued``: the latest such day on or before it (a dated report tells of the days
    just past), or the next one after it when ``text`` has a future cue ("will meet on Monday").

    Extraction leaves a bare weekday without a value: in a claim, the document's date may be
    years after the events it tells. A dated page (a press release, a situation report) is
    written as they happen, so verification reads its weekdays with this.
    """
    vocab = _vocab()
    days = _weekday_numbers()
    out = []
    future = bool(text) and _future(text, vocab)
    for m in mentions:
        day = days.get(m.text.strip().lower()) if m.relative and not m.value else None
        if day is None:
            out.append(m)
            continue
        delta = (day - issued.weekday()) % 7 if future else -((issued.weekday() - day) % 7)
        value = (issued + timedelta(days=delta)).isoformat()
        out.append(_date_mention(m.text, value, "day", m.start, m.end, None, False, True))
    return tuple(out)


@lru_cache(maxsize=1)
def _weekday_numbers() -> dict[str, int]:
    """Lower-case weekday name -> 0 (Monday) .. 6, from ``weekdays`` in dates_words.json (listed
    Monday first, as ``date.weekday`` counts)."""
    return {w.lower(): i for i, w in enumerate(_load_json("dates_words.json")["weekdays"])}


def _month_bare(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    return _month_bare_value(m.group("span"), ref, ref is not None and _future(text, vocab))


@lru_cache(maxsize=1024)  # keyed by all the value depends on: month word, reference, future cue
def _month_bare_value(word: str, ref: date | None, future: bool) -> _Result:
    if len(word.rstrip(".")) <= 3 and word.rstrip(".") != "May":
        return None  # "in Jan" alone is too ambiguous ("in Mar" ...)
    mo = _month_number(_vocab(), word)
    if ref is None:
        return "", "month", None, True, False
    return f"{_infer_year(mo, None, ref, future)}-{mo:02d}", "month", None, False, True


def _decade(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    start = int(m.group("dec"))
    return str(start), "year", str(start + 9), False, False


def _year_part(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    year = m.group("y1")
    months = vocab.year_part_months.get(m.group("part").lower())
    if months is not None:  # "the third quarter of 2021": July to September
        return f"{year}-{months[0]:02d}", "month", f"{year}-{months[1]:02d}", False, False
    return year, "year", None, False, False


def _relative_fixed(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    unit, shift = vocab.relative_fixed[m.group()]
    if ref is None or shift is None or unit in ("week", "decade", "century"):
        return "", "year" if unit not in ("day", "month") else unit, None, True, False
    if unit == "day":
        return (ref + timedelta(days=shift)).isoformat(), "day", None, True, False
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + shift
        return f"{index // 12}-{index % 12 + 1:02d}", "month", None, True, False
    return str(ref.year + shift), "year", None, True, False


def _relative_span(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    return "", "day", None, True, False


def _holiday(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    month, day = vocab.holidays[m.group("span")]
    if ref is None:
        return "", "day", None, True, False
    y = _infer_year(month, day, ref, _future(text, vocab))
    return f"{y}-{month:02d}-{day:02d}", "day", None, False, True


def holiday_names() -> frozenset[str]:
    """The names of holidays read as dates ("Boxing Day"): no entities."""
    return frozenset(_vocab().holidays)


_COUNT_HEADS = frozenset(_load_json("dates_words.json")["count_heads"])  # "a total of", "a sample of"


def _year(m: re.Match, vocab: _Vocab, ref: date | None, text: str) -> _Result:
    if _identifier_context(text, m.start(), vocab):
        return None
    if _followed_by_count_noun(text, m.end()):
        before = _preceding_word(text, m.start())
        if before not in ("in", "since", "of", "by"):
            return None
        if before == "of" and _preceding_word(text, text.rfind("of", 0, m.start())) in _COUNT_HEADS:
            return None  # "a total of 1795 participants": a count
    return m.group("y1"), "year", None, False, False


_HANDLERS = {
    "day_range_dm": _day_range_no_year, "day_range_md": _day_range_no_year, "month_part": _month_part,
    "weekday": _weekday, "month_range": _month_range, "day_range_dmy": _day_range, "day_pair_dm": _day_pair, "day_range_mdy": _day_range,
    "year_range": _year_range, "iso": _iso, "numeric": _numeric, "mdy": _day_month_year,
    "dmy": _day_month_year, "my": _month_year, "md": _day_month, "dm": _day_month,
    "decade": _decade, "year_part": _year_part, "month_bare": _month_bare,
    "relative_fixed": _relative_fixed, "relative_span": _relative_span, "year": _year, "holiday": _holiday,
}


# The cheap pre-check: which features the text has. Each is implied by every match of the
# patterns that need it (see _build_patterns), so skipping a pattern never loses a date.
_MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_PREFIXES += tuple(p.upper() for p in _MONTH_PREFIXES)  # tables write "16 AUG 2009"
_YEAR_DIGITS = re.compile(r"(?:1[6-9]|20)\d\d")
_RELATIVE_WORDS = ("year", "month", "week", "day", "decade", "centur", "tomorrow")
_TO_WORDS = frozenset({"to", "until", "till", "through"})
_DAY_BEFORE_MONTH = re.compile(r"\d")
_NUMERIC_DATE = re.compile(r"\d[/.]\d")
_LOWER_WORD = re.compile(r"[a-z0-9]+")
_LOWER_WORD_TABLE = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))  # [a-z0-9] stay
_MONTH_START = re.compile(_alternation(_MONTH_PREFIXES))
_HOLIDAY_START = re.compile(_alternation(_load_json("dates_words.json")["holidays"]))
# the last word of every holiday name ("Day", "Eve"): a text without one names no holiday. Looked
# for with ``in`` (a fast substring search each), not a pattern the engine tries at every position
_HOLIDAY_ENDS = tuple(sorted({name.split()[-1] for name in _load_json("dates_words.json")["holidays"]}))


def _month_starts(text: str) -> list[int]:
    """Where a month name can begin: every occurrence of a capitalised (or all-capitals) month prefix
    (they cannot overlap, so finditer finds all). The "month" feature is one of them after a
    ``\\b``; checking that only where one was found is cheaper than a pattern that begins with
    ``\\b``, which the regex engine must try at every position."""
    search = _MONTH_START.search
    m = search(text)
    if m is None:
        return []
    starts = [m.start()]  # one search after another: cheaper than finditer for the one or two found
    while (m := search(text, m.end())) is not None:
        starts.append(m.start())
    return starts


def _features(text: str, vocab: _Vocab, month_starts: list[int]) -> set[str]:
    """Which kinds of date patterns can match ``text`` at all (``month_starts``: its
    :func:`_month_starts`)."""
    present = set()
    holiday = False
    for word in _HOLIDAY_ENDS:  # a loop, not any() over a generator: this runs for every statement
        if word in text:
            holiday = True
            break
    lower = text.lower()
    for word in _RELATIVE_WORDS:
        if word in lower:
            present.add("relative")
            break
    for start in month_starts:
        if _BOUNDARY.match(text, start):
            present.add("month")
            if _DAY_BEFORE_MONTH.search(text, max(0, start - 9), start):
                present.add("day month")  # a day number ends at most 9 characters before its month
                break
    # every year begins with a 1 or a 2: two substring tests spare most texts the pattern's scan
    if ("1" in text or "2" in text) and _YEAR_DIGITS.search(text):
        present.add("year")
        if "0s" in text or "0'" in text or "0’" in text:
            present.add("decade")
        if ("/" in text or "." in text) and _NUMERIC_DATE.search(text):
            present.add("numeric")
    elif not present and not holiday:
        return present  # every pattern needs "month", "year", "relative" or "holiday": the rest cannot help
    if "-" in text or "–" in text or "—" in text:
        present.update(("dash", "to"))
    if "etween" in text:
        present.add("between")
    if holiday and _HOLIDAY_START.search(text):
        present.add("holiday")
    # Features from the words of the text. Every pattern needing "to" or "year part" also needs
    # "year", and every one needing "month part" needs "month", so the others are not looked for.
    # The text is split into words once, when the first feature is looked for: a set test per
    # feature then costs less than one scan of the text by a pattern of the feature's words.
    words = None
    for feature, needed, vocabulary in vocab.word_features:
        if needed not in present or feature in present:
            continue
        if words is None:
            # the words of _LOWER_WORD, as bytes, by a byte table (non-ASCII characters become "?")
            words = set(lower.encode("ascii", "replace").translate(_LOWER_WORD_TABLE).split())
        if not words.isdisjoint(vocabulary):
            present.add(feature)
    return present


_START = attrgetter("start")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_date_mention = direct_constructor(DateMention)  # DateMention(...) without the frozen __init__'s cost


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:  # a loop, not any() over a generator: called for most mentions
        if start < e and s < end:
            return True
    return False


@lru_cache(maxsize=256)
def _patterns_for(present: frozenset[str]) -> tuple[tuple[re.Pattern, str, object, bool, _Lead | None,
                                                         re.Pattern | None], ...]:
    """The patterns (with start check, handler, whether the mention is the ``span`` group, lead
    and required part) that can match a text with these features, in priority order (cached per
    feature set)."""
    return tuple((pattern, check, _HANDLERS[name], "span" in pattern.groupindex,
                  where if isinstance(where, _Lead) else None, where if isinstance(where, re.Pattern) else None)
                 for name, pattern, check, needs, where in _vocab().patterns if needs <= present)


def _lead_starts(text: str, month_starts: list[int], lead: _Lead, reversed_text: list[str]) -> list[int]:
    """Where a pattern with this lead can begin, ascending: every match has a month that begins
    at one of ``month_starts`` and one of the lead's words, then ``separator`` characters, right
    before it. ``reversed_text`` holds ``text`` backwards once made (empty until then)."""
    if not lead.words:
        return month_starts
    if not reversed_text:
        reversed_text.append(text[::-1])
    backwards, size, match, suffixes = reversed_text[0], len(text), lead.reversed_words.match, lead.suffixes
    starts = []
    for month in month_starts:
        end = month - lead.separator
        if end > 0:
            m = match(backwards, size - end)  # the longest word ending at ``end``, backwards
            if m is not None:
                starts += [end - n for n in suffixes[m.group()]]
    if len(month_starts) > 1:  # a word may end before one month and begin before an earlier one
        starts = sorted(set(starts))
    return starts


def matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """What ``pattern.finditer(text)`` gives when every match begins at one of ``starts``
    (ascending): the match at each start not inside the previous match."""
    found = []
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            m = match(text, start)
            if m is not None:
                end = m.end()
                found.append(m)
    return found


def extract_dates(text: str, offset: int = 0, reference_date: date | None = None,
                  skip: list[tuple[int, int]] | None = None,
                  reference_precision: str = "day") -> list[DateMention]:
    """Find date mentions in ``text``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        reference_date: The document's date; fills in years left out ("July 13") and resolves
            "last year". Without it such mentions are kept as relative with an empty value.
        skip: Spans of ``text`` to ignore; defaults to the parenthetical citations in ``text``.
        reference_precision: How much of ``reference_date`` is known ("month" for a document
            dated "October 2017"). Years left out are read against the last day it can mean
            (2017-10-31); a relative expression finer than it ("yesterday" in a document dated
            by its month) keeps an empty value rather than a day the document never gave.

    Returns:
        Mentions in text order, never overlapping.

    A pattern with a lead (one that begins with a month, or with a word from a list and one
    character before a month) is tried only where such a lead stands before one of the month
    names found for the features, instead of being searched through the whole text. A pattern
    with a required part (a weekday name, "weeks ago") is skipped when the text lacks it.
    """
    vocab = _vocab()
    month_starts = _month_starts(text)
    present = _features(text, vocab, month_starts)
    if not present:
        return []
    taken = list(find_citation_spans(text) if skip is None else skip)
    coarse = None  # the precision rank of a reference date known only to its month or year
    if reference_date is not None and reference_precision != "day":
        reference_date = latest_day(reference_date, reference_precision)
        coarse = _PRECISION_RANK[reference_precision]
    found = []
    reversed_text: list[str] = []
    for pattern, check, handler, has_span, lead, required in _patterns_for(frozenset(present)):
        if required is not None and required.search(text) is None:
            continue
        if lead is None:
            matches = pattern.finditer(text)
        else:
            matches = matches_at(pattern, text, _lead_starts(text, month_starts, lead, reversed_text))
        for m in matches:
            if not _starts_cleanly(text, m.start(), check):
                continue
            start, end = m.span("span") if has_span else m.span()
            if taken and _overlaps(start, end, taken):
                continue
            result = handler(m, vocab, reference_date, text)
            if result is None:
                continue
            value, precision, end_value, relative, inferred = result
            if coarse is not None and relative and value and _PRECISION_RANK[precision] > coarse:
                value, end_value = "", None  # "yesterday" against "October 2017": no day known
            taken.append((start, end))
            found.append(_date_mention(text[start:end], value, precision, offset + start, offset + end,
                                       end_value, relative, inferred))
    found.sort(key=_START)
    if len(found) > 1:
        found = list(years_from_context(found, None)[0])
    return found


_DAY_OR_WORD = re.compile(r"[A-Za-z]+|\d+")


def years_from_context(mentions: Sequence[DateMention], year: int | None) -> tuple[tuple[DateMention, ...], int | None]:
    """Mentions without a year ("on 10 August", "3-5 March", "in August") take the year of the
    nearest explicit date before them, starting from ``year`` (the last explicit year of the
    paragraph so far, or None), instead of the reference date's; ``inferred_year`` stays True.
    Returns the mentions and the last explicit year after them.

    Within a sentence: "closed on 3 June 2015 and reopened on 10 August" -> 2015-08-10. Across a
    paragraph: "The quake struck on 25 April 2015. ... teams landed on the evening of 25 April"
    keeps 2015 instead of the publication year of a later article. Without an explicit date
    before them, mentions keep what the reference date gave.

    The year returned for the next sentences comes only from a date with a month ("25 April
    2015", "May 2015"): a bare year mentioned in passing ("stronger than the famous one of 1934")
    dates another event, not the paragraph's, while within its own sentence it still dates
    what follows ("In 2015 the quake struck on 25 April").
    """
    vocab = _vocab()
    out = []
    within, carried = year, year
    for mention in mentions:
        if not mention.relative and not mention.inferred_year and mention.value:
            within = int((mention.end_value or mention.value)[:4])
            if mention.precision in ("day", "month"):
                carried = within
        elif (within is not None and mention.precision in ("day", "month")
              and (mention.inferred_year or (mention.relative and not mention.value))
              and not (mention.value and int(mention.value[:4]) == within)):
            values = _month_day_values(mention.text, mention.precision, within, vocab)
            if values is not None:
                mention = _date_mention(mention.text, values[0], mention.precision, mention.start,
                                        mention.end, values[1], False, True)
        out.append(mention)
    return tuple(out), carried


def _month_day_values(text: str, precision: str, year: int, vocab: _Vocab) -> tuple[str, str | None] | None:
    """(value, end value) of a yearless mention's text ("10 August", "3-5 March", "August") in
    ``year``; None when it names no month (a weekday, "last month") or no valid day."""
    month = None
    days = []
    for token in _DAY_OR_WORD.findall(text):
        if token.isdecimal():
            days.append(int(token))
        elif month is None:
            month = vocab.months.get(token.lower().rstrip("."))
    if month is None:
        return None
    if precision == "month":
        return f"{year}-{month:02d}", None
    if not days or not all(_valid(year, month, d) for d in days[:2]):
        return None
    end = f"{year}-{month:02d}-{days[1]:02d}" if len(days) > 1 else None
    return f"{year}-{month:02d}-{days[0]:02d}", end
