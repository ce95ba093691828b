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
cannot match (see ``_parse``, ``_approximate`` and ``_after_name``); the tests use
``str.isspace``/``str.isdecimal``/``str.isalnum``, which accept exactly the characters that
``\\s``/``\\d``/``\\w`` accept in a ``str`` pattern.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import attrgetter, itemgetter

from claimcheck.extract.dates import identifier_words, names_month
from claimcheck.extract.entities import sentence_openers
from claimcheck.model import Quantity, direct_constructor

logger = logging.getLogger(__name__)

_NOT_BEFORE = frozenset(".,/:+#§-_") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_DIGIT_RUN_SCAN = re.compile(rb"\n\n*")  # the digit runs of a ``_SCAN`` copy, at the same positions
_PAGE_RANGE = re.compile(r"(?i)(?:\bpp?\.|\bpages?)\s?\d+\s?[–-]\s?$")
_DASH_BEFORE = re.compile(r"[–-]\s?$")
_HEADING_DOT = re.compile(r"\.\s")
_NAME_BEFORE = re.compile(r"(?:^|(?<=\s))([A-Z][\w-]*)\s$")
_NAME = re.compile(r"[A-Z][\w-]*")
_TALLY_AFTER = re.compile(r" to \d")  # a number that opens "68 to 32" is no part of the name before it
_SCORE_AFTER = re.compile(r"[-–]\d{1,2}(?![\d.,])")  # nor one that opens a score ("Wigan 3-2 Wolves")
# thousands groups ("1,234.5"), a decimal comma ("4,34", "3,5": a group after the comma that is not
# three digits, and no further group), or plain digits with an optional decimal point
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d|,\d)|\d+(?:\.\d+)?"
_WORD_SEPARATORS = re.compile(r"[-,\s]+")
_WORD_AFTER = re.compile(r"[ -]([A-Za-z]+(?:-[a-z]+)?)")

_START = itemgetter(0)  # the start of a number or quantity tuple
_QUANTITY_START = attrgetter("start")

# Kinds of number match (the third item of a number tuple, see ``_numbers``).
_ORD, _DIGIT, _PHRASE, _WORDS = range(4)


@dataclass(frozen=True)
class _Vocab:
    """Vocabulary and compiled patterns from ``data/quantities_words.json``."""

    data: dict
    digits: re.Pattern
    words: re.Pattern
    number_words: frozenset[str]
    number_words_ascii: frozenset[bytes]
    words_lower: re.Pattern
    word_starts: frozenset[str]
    word_starts_ascii: frozenset[bytes]
    abbr_starts: frozenset[str]
    currency_before: re.Pattern
    currency_after: re.Pattern
    percent_after: re.Pattern
    unit_after: re.Pattern
    percent_starts: frozenset[str]
    unit_starts: frozenset[str]
    approx_before: re.Pattern
    scale_after: re.Pattern
    scale_starts: frozenset[str]
    word_values: dict[str, float]
    scales: dict[str, float]
    scale_abbreviations: dict[str, float]
    dozen: dict[str, float]
    currency_prefix: dict[str, str]
    currency_suffix: dict[str, str]
    durations: dict[str, str]
    irregular_plurals: dict[str, str]
    not_units: frozenset[str]
    adjectives: frozenset[str]
    adjective_suffixes: tuple[str, ...]
    identifiers: frozenset[str]
    word_ordinal: re.Pattern
    ordinal_determiners: tuple[str, ...]  # each with its space: "the ", "his "...
    rank_word: re.Pattern  # "the deadliest", "the most powerful", "ranks third"
    not_superlatives: frozenset[str]
    ordinal_words_ascii: frozenset[bytes]
    scan_words_ascii: frozenset[bytes]
    currency_by_last: dict[str, tuple[str, ...]]
    approx_by_last: dict[str, tuple[str, ...]]
    approx_last_parts: tuple[str, ...]
    measure_units: dict[str, str]
    tally_cues: frozenset[str]
    tally_nouns: frozenset[str]
    range_connectors: frozenset[str]
    range_openers: dict[str, str]
    change_verbs: frozenset[str]  # "rose from X to Y" is two figures, not a range (``_changes``)
    rate_connectors: frozenset[str]
    rate_padded: tuple[str, ...]
    joining_words: frozenset[str]
    fraction_duration: re.Pattern  # "a tenth of a second" (see ``_fraction_durations``)
    fraction_markers: tuple[str, ...]
    duration_words_ascii: frozenset[bytes]  # the words the two tuples above end with, lower case
    superlative_markers: frozenset[str]
    spelled_rates: dict[str, str]
    article_duration: re.Pattern  # "a decade", "an hour" (see ``_article_durations``)
    article_duration_words: tuple[str, ...]
    rate_before_article: frozenset[str]
    # the default currencies of the currency words several countries share ("pesos" -> MXN): the
    # only units ``currencies_in_context`` may change
    shared_currency_units: frozenset[str | None]
    # the count units ``_normalised_counts`` reads again: decimal fractions, duration symbols,
    # spelled and abbreviated measures
    normalised_units: frozenset[str]


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
    abbr = _alternation({**data["scale_abbreviations"], **data["measure_units"]})
    digits = re.compile(
        rf"(?P<ord>\d+(?:st|nd|rd|th))(?:-(?P<ordword>[a-z]+))?\b"
        rf"|(?P<digits>{_DIGITS})(?:\s?(?P<abbr>{abbr})(?!\w))?(?![\w]|[.,:]\d)")
    words_pattern = re.compile(rf"(?i)\b(?:(?P<phrase>{phrases})|(?P<words>{words}))\b")
    return digits, words_pattern


def _numbers(text: str, lower: str, vocab: _Vocab) -> list[tuple]:
    """Every number in ``text``, in order, as ``(start, end, kind, number, extra)``.

    ``kind`` is ``_ORD`` (``number`` "38th", ``extra`` the word after its hyphen or None),
    ``_DIGIT`` ("9.6", ``extra`` the scale abbreviation or None), ``_PHRASE`` ("a dozen") or
    ``_WORDS`` ("twenty-one"). Number words are looked for only when ``lower`` (the lower-cased
    text) has a ``[a-z]+`` word that only numbers use.

    A run of digits followed by the end of the text, by one of ".,:" not followed by a digit,
    or by a character that is not a word character, not one of ".,:" and not whitespace
    before a scale abbreviation's first letter, is a plain number ("369 vessels", "in 2019."):
    nothing else in the digit pattern can match there, so the pattern is not run.
    """
    found = _digit_numbers(text, vocab)
    if lower.isascii():
        letters = lower.encode("ascii").translate(_LETTERS_ONLY)
        words = letters.split()
        if vocab.number_words_ascii.isdisjoint(words):
            return found
    else:
        letters = words = None
        if vocab.number_words.isdisjoint(_LOWER_WORD.findall(lower)):
            return found
    found += _word_numbers(text, lower, vocab, letters, words)
    found.sort(key=_START)
    return found


def _digit_numbers(text: str, vocab: _Vocab, scan: bytes | None = None) -> list[tuple]:
    """The numbers of ``text`` written with digits (see ``_numbers``).

    ``scan`` is the ``_SCAN`` copy of an ASCII text, or None: its "\n" runs are the ``[0-9]+``
    runs of the text, found faster (a pattern that starts with a literal is searched for with
    a fast character scan; ``[0-9]+`` is tried at every position).
    """
    found = []
    end = 0
    match = vocab.digits.match
    abbr_starts = vocab.abbr_starts
    for run in _DIGIT_RUN_SCAN.finditer(scan) if scan is not None else _DIGIT_RUN.finditer(text):
        start, stop = run.span()
        if start < end or (start and (text[start - 1] in _NOT_BEFORE or text[start - 1].isalpha())
                           and not _signed(text, start, stop)):
            continue  # glued to a letter of any script: an identifier ("G7", "ApoE ε4")
        c = text[stop:stop + 1]
        if not c or (not text[stop + 1:stop + 2].isdecimal() if c in ".,:" else
                     c != "_" and not c.isalnum() and c not in abbr_starts
                     and not (c.isspace() and text[stop + 1:stop + 2] in abbr_starts)):
            found.append((start, stop, _DIGIT, text[start:stop], None))
            end = stop
            continue
        m = match(text, start)
        if m:
            end = m.end()
            ordinal, ordword, digits, abbr = m.groups()
            found.append((start, end, _ORD, ordinal, ordword) if ordinal else (start, end, _DIGIT, digits, abbr))
    return found


def _signed(text: str, start: int, stop: int) -> bool:
    """A plus sign that signs a figure ("+2.3%", "a wind of +0.9 m/s"): after a space or a
    bracket, before a decimal or a percentage (a telephone number, "+44 20 ...", is neither)."""
    if text[start - 1] != "+" or (start >= 2 and not (text[start - 2].isspace() or text[start - 2] in "([")):
        return False
    after = text[stop:stop + 1]
    return after == "%" or (after == "." and text[stop + 1:stop + 2].isdecimal())


# Bytes other than "a".."z" become spaces: ``split()`` then gives the ``[a-z]+`` runs, at the
# same positions as in the (ASCII) lower-cased text, several times faster than the regex.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


# ASCII text as bytes for one scan (``_ascii_numbers``): letters lower-cased, digits "\n", every
# other byte a space. ``split()`` gives the ``[a-z]+`` runs of the lower-cased text (whitespace
# includes "\n"), at the same positions, and ``b"\n" in`` tells whether the text has a digit.
_SCAN = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 10 if 48 <= c <= 57 else 32 for c in range(256))


def _ascii_numbers(text: str, vocab: _Vocab) -> tuple[list[tuple], bool, list[bytes]]:
    """``_numbers(text, text.lower(), vocab)`` for ASCII ``text``, whether it can hold a word
    ordinal ("the third"), and the words of the scan copy (which ``extract_quantities`` looks
    duration words up in, instead of scanning the text again): one translated copy of the text
    answers, for most statements, that there is no digit, no number word and no ordinal word.

    Digit runs are the "\n" runs of the scan copy (see ``_digit_numbers``). Number words: ``_numbers`` looks for them when a ``[a-z]+`` run of the
    lower-cased text is a number word; the runs are the words of the scan copy. Their starts are
    found as in ``_word_numbers``, with one difference: in the scan copy a digit is "\n", not a
    space, so a word touching a digit ("2two", "two2") is not a start. No match can start
    there: the pattern needs a word boundary before its first word and, after each word, a
    boundary or one of "- ," (the words are maximal letter runs, so a shorter alternative ends
    inside the run, where there is no boundary). A word ordinal "the third" needs its ordinal
    word as a lower-case letter run between whitespace and a non-letter, so a statement whose
    runs hold no ordinal word has none.
    """
    scan = text.encode("ascii").translate(_SCAN)
    words = scan.split()
    hits = vocab.scan_words_ascii.intersection(words)
    digits = b"\n" in scan
    if not digits and not hits:
        return [], False, words
    found = _digit_numbers(text, vocab, scan) if digits else []
    if hits and not vocab.number_words_ascii.isdisjoint(hits):
        words_found = _word_numbers(text, text.lower(), vocab, scan, words)
        if words_found:
            if found:
                found += words_found
                found.sort(key=_START)
            else:
                found = words_found
    return found, bool(hits) and not vocab.ordinal_words_ascii.isdisjoint(hits), words


def _word_number(m: re.Match) -> tuple:
    phrase, words = m.groups()
    return (m.start(), m.end(), _PHRASE, phrase, None) if phrase else (m.start(), m.end(), _WORDS, words, None)


def _word_numbers(text: str, lower: str, vocab: _Vocab, letters: bytes | None = None,
                  words: list[bytes] | None = None) -> list[tuple]:
    """Numbers written in words, as ``vocab.words.finditer(text)`` finds them.

    A match starts at a word that is a number word or opens a phrase ("a dozen"), so only
    those words are tried, on the lower-cased text with a case-sensitive copy of the pattern
    (several times faster than scanning every position case-insensitively). For ASCII text
    ``letters`` is ``lower`` with every non-letter a space and ``words`` its words: the words
    that can start a number are then found with ``bytes.find`` (" two " in " " + letters + " "
    is exactly a whole word "two") instead of visiting every word.
    """
    if len(lower) != len(text):
        return [_word_number(m) for m in vocab.words.finditer(text)]  # lower-casing moved positions
    if letters is None:
        starts = [word.start() for word in _LOWER_WORD.finditer(lower) if word.group() in vocab.word_starts]
    else:
        starts = []
        padded = b" " + letters + b" "
        for word in vocab.word_starts_ascii.intersection(words):
            key = b" " + word + b" "
            i = padded.find(key)
            while i >= 0:
                starts.append(i)  # the word starts at i + 1 in ``padded``, at i in ``lower``
                i = padded.find(key, i + 1)
        starts.sort()
    found = []
    end = 0
    match = vocab.words_lower.match
    for start in starts:
        if start < end:
            continue
        m = match(lower, start)
        if m:
            found.append(_word_number(m))
            end = m.end()
    return found


_NUMBER_TOKEN = re.compile(r"[^-,\s]+")


def _composed_end(words: str, vocab: _Vocab) -> int:
    """Where the number words ``words`` stop composing one number: "twenty two", "one hundred
    and five" compose; "two twelve" does not (two numbers side by side, as in "two twelve-month-old
    infants"), so it ends after "two"."""
    last = None  # "unit" (1-9), "teen" (10-19), "tens" (20-90) of the number being built
    for token in _NUMBER_TOKEN.finditer(words.lower()):
        word = token.group()
        if word == "and":
            continue
        value = vocab.word_values.get(word)
        if value is None:
            return len(words)
        if value >= 100:
            last = None
            continue
        kind = "unit" if value < 10 else "teen" if value < 20 else "tens"
        if last is not None and not (last == "tens" and kind == "unit"):
            return token.start()
        last = kind
    return len(words)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The quantity vocabulary and patterns (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "quantities_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    # "half a million", "a quarter of a billion": one phrase each, valued like "a dozen"
    data["dozen"] = {**data["dozen"], **{f"{fraction} {scale}": value * data["scales"][scale]
                                          for fraction, value in data["fractions"].items()
                                          for scale in data["fraction_scales"]}}
    # words that open or join phrases but are no number on their own; every fraction phrase holds
    # a scale word, which is a number word, so the fraction's own words need not trigger a search
    joiners = {"a", "half", "and", "of", "pair"} | {w for f in data["fractions"] for w in f.split()
                                                   if w not in data["units"]}
    word_values = {**data["units"], **data["tens"], **data["scales"]}
    currency_after = rf"\s(?P<cur>{_alternation(data['currency_suffix'])})\b"
    percent_after = rf"\s?(?P<pct>{_alternation(data['percent'])})(?!\w)"
    ordinal = (rf"\b(?:{_alternation(data['ordinal_determiners'])})\s(?P<w>{_alternation(data['ordinals'])})"
               rf"(?:-(?P<suffix>[a-z]+))?\b(?!,)")
    irregular = _alternation(data["superlatives_irregular"])
    superlative = (rf"\b(?:the|(?P<verb>{_alternation(data['rank_verbs'])}))\s"
                   rf"(?:(?<=the\s)(?:(?:single|very)\s)?(?P<s>(?:most\s[a-z]{{3,}}|[a-z]{{2,}}est|{irregular}))"
                   rf"|(?(verb)(?P<o>{_alternation(data['ordinals'])})|(?!)))\b(?!-)")
    return _Vocab(
        data=data,
        digits=_number_patterns(data)[0],
        words=_number_patterns(data)[1],
        words_lower=re.compile(_number_patterns(data)[1].pattern.replace("(?i)", "", 1)),
        word_starts=frozenset(phrase.split()[0] for phrase in [*word_values, *data["dozen"]]),
        word_starts_ascii=frozenset(phrase.split()[0].encode() for phrase in [*word_values, *data["dozen"]]
                                    if phrase.isascii()),
        abbr_starts=frozenset(a[0] for a in [*data["scale_abbreviations"], *data["measure_units"]]),
        number_words=frozenset(w for phrase in [*word_values, *data["dozen"]] for w in phrase.split()
                               if w not in joiners),
        number_words_ascii=frozenset(w.encode() for phrase in [*word_values, *data["dozen"]] for w in phrase.split()
                                     if w not in joiners and w.isascii()),
        currency_before=re.compile(rf"(?:^|(?<=[\s(\[\"“'‘\\]))(?P<cur>{_alternation(data['currency_prefix'])})\s?$"),
        currency_after=re.compile(currency_after),
        percent_after=re.compile(percent_after),
        # One match for "currency after, else percent after": at one position an alternation
        # tries its branches in order, so this finds what the two patterns tried in turn find.
        unit_after=re.compile(rf"{currency_after}|{percent_after}"),
        # It starts with a percent sign/word, or with whitespace and then a currency or a
        # percent sign/word; ``scale_after`` with whitespace and a scale word.
        percent_starts=frozenset(p[0] for p in data["percent"]),
        unit_starts=frozenset(w[0] for w in [*data["currency_suffix"], *data["percent"]]),
        scale_starts=frozenset(w[0] for w in data["scales"]),
        approx_before=re.compile(rf"(?i:(?:^|(?<=\W))(?:{_alternation(data['approximators'])})\s?)$"),
        # a scale word after a figure, plural too ("3,9 billions euro", as writers of other
        # languages put it)
        scale_after=re.compile(rf"\s(?P<scale>{_alternation(data['scales'])})s?\b"),
        word_values=word_values,
        scales=data["scales"],
        scale_abbreviations=data["scale_abbreviations"],
        dozen=data["dozen"],
        currency_prefix=data["currency_prefix"],
        currency_suffix=data["currency_suffix"],
        durations=data["durations"],
        irregular_plurals=data["irregular_plurals"],
        not_units=frozenset(data["not_units"]),
        adjectives=frozenset(data["common_adjectives"]),
        adjective_suffixes=tuple(data["adjective_suffixes"]),
        identifiers=identifier_words(),
        word_ordinal=re.compile(ordinal),
        ordinal_determiners=tuple(f"{word} " for word in data["ordinal_determiners"]),
        rank_word=re.compile(superlative, re.IGNORECASE),
        not_superlatives=frozenset(data["not_superlatives"]),
        ordinal_words_ascii=frozenset(w.encode() for w in data["ordinals"] if w.isascii()),
        # the words ``_ascii_numbers`` looks for: number words and ordinal words
        scan_words_ascii=frozenset(w.encode() for phrase in [*word_values, *data["dozen"]]
                                   for w in phrase.split() if w not in joiners and w.isascii())
        | frozenset(w.encode() for phrase in data["ordinals"] for w in phrase.split() if w.isascii()),
        measure_units=data["measure_units"],
        tally_cues=frozenset(data["tally_cues"]),
        tally_nouns=frozenset(data["tally_nouns"]),
        range_connectors=frozenset(data["range_connectors"]),
        range_openers=data["range_openers"],
        change_verbs=frozenset(data["change_verbs"]),
        rate_connectors=frozenset(data["rate_connectors"]),
        rate_padded=tuple(f" {c} " for c in data["rate_connectors"]),
        # what may stand (stripped, lower-cased) between two numbers that ``_join`` may join
        joining_words=frozenset([*data["range_connectors"], *data["range_openers"].values()]),
        currency_by_last=_by_last_char(data["currency_prefix"]),
        approx_by_last=_by_last_char([a.lower() for a in data["approximators"]]),
        approx_last_parts=tuple(sorted({a.lower().split()[-1] for a in data["approximators"]})),
        # "a tenth of a second", "three quarters of an hour": a fraction of a duration, found by
        # its own small pattern after a substring test (``_fraction_durations``)
        fraction_duration=re.compile(rf"(?<![\w-])(?P<f>{_alternation(data['fractions'])})n?\s"
                                     rf"(?P<u>{_alternation(data['fraction_durations'])})(?![\w'’-])", re.IGNORECASE),
        duration_words_ascii=frozenset([*(w.encode() for w in data["article_durations"]),
                                        *(w.encode() for w in data["fraction_durations"])]),
        fraction_markers=tuple(sorted({m for f in data["fractions"] for m in
                                       ((" ".join(f.split()[-3:]),) if " of " in f else (f, f.capitalize()))})),
        superlative_markers=frozenset(data["superlative_markers"]),
        spelled_rates=data["spelled_rates"],
        article_duration=re.compile(rf"(?<![\w'’-])(?:[Aa]n?)\s(?P<u>{_alternation(data['article_durations'])})"
                                    rf"(?![\w'’-])(?P<half>\sand\sa\shalf\b)?"
                                    rf"(?!\s(?:{_alternation(data['article_duration_anchors'])})\b|\son[,.;:]|\sof\b)"),
        # the article and the word as written ("a year", "An hour"): most statements have none, and
        # these substring tests are cheaper than the pattern's scan
        article_duration_words=tuple(f"{article} {w}" for w in data["article_durations"]
                                     for article in (("an", "An") if w[0] in "aeiouh" else ("a", "A"))),
        rate_before_article=frozenset(data["rate_before_article"]),
        shared_currency_units=frozenset(data["currency_suffix"].get(w) for w in data["currency_by_country"]),
        normalised_units=frozenset([*data["decimal_fractions"], *data["duration_symbols"], *data["spelled_measures"],
                                    *data["measure_units"]]),
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
    irregular = vocab.irregular_plurals
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
    return word in vocab.irregular_plurals or (word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3)


def _is_adjective(word: str, vocab: _Vocab) -> bool:
    return word in vocab.adjectives or word.endswith(vocab.adjective_suffixes)


@lru_cache(maxsize=4096)
def _noun_word(word: str) -> tuple[bool, bool, bool, str]:
    """What a word after a number says about the counted noun (cached by word).

    ``(stops, plural, countable, lemma)``: ``stops`` ends the noun phrase (a word of
    ``not_units`` or an "-ly" adverb); ``plural`` is a lower-case plural; ``countable`` is a
    lower-case word that is not an adjective; ``lemma`` is its singular. Exact to cache: the
    result depends only on ``word`` and the vocabulary, which is loaded once.
    """
    vocab = _vocab()
    if word in vocab.superlative_markers:  # "the three most common species": read on
        return False, False, False, word
    stops = word.lower() in vocab.not_units or word.endswith("ly")
    lower = word.islower()
    return (stops, lower and _is_plural(word, vocab), lower and not _is_adjective(word, vocab),
            singular(word, vocab))


def _counted_noun(text: str, first: re.Match | None) -> tuple[str, int, bool] | None:
    """The counted noun in the (up to three) words from ``first`` on: lemma, end, plural.

    ``first`` is ``_WORD_AFTER.match(text, pos)``. The first lower-case plural within three
    words wins ("two treaty allies", "27 EU member states"); otherwise the first lower-case
    word that is not an adjective ("one dose"); a word joined to a digit number by a hyphen is the
    unit itself ("a 40-page annex"). A word in ``not_units`` or ending in "-ly"
    ends the phrase. Once a plural is found the words after it cannot change the answer, so
    they are not read.
    """
    m = first
    fallback = None
    for step in range(3):
        if not m:
            break
        stops, plural, countable, lemma = _noun_word(m.group(1))
        if stops:
            break
        if step == 0 and countable and text.startswith("-", m.start()) and text[m.start() - 1:m.start()].isdigit():
            # a compound adjective ("a 40-page annex", "a 5-km race"): the word after the hyphen
            # is the unit, whatever plural follows ("... annex lists the costings"); a number word
            # may be an adjective before the counted noun ("three nine-year-old pupils")
            return lemma, m.end(), False
        if plural:
            return lemma, m.end(), True
        if countable and fallback is None:
            fallback = (lemma, m.end(), False)
        m = _WORD_AFTER.match(text, m.end())
    return fallback


@lru_cache(maxsize=4096)
def _word_before(word: str) -> tuple[bool, bool]:
    """``(identifier, name)`` for the last word before a number (cached by word).

    ``identifier``: after it a number is an identifier ("pp.", "Section"); ``name``: it can
    name a thing the number belongs to ("Apollo", "Boeing", see ``_after_name``). Exact to
    cache: the result depends only on ``word`` and the vocabulary, loaded once.
    """
    identifiers = _vocab().identifiers
    lower = word.lower()
    if lower[:1] in "([{":  # "(ref. 3)": the word inside the bracket
        lower = lower.lstrip("([{")
    return (lower in identifiers or lower.rstrip(".,:") in identifiers,
            _NAME.fullmatch(word) is not None and lower not in _not_names())


def _skip_digits(text: str, start: int, end: int, before: str, dashes: bool) -> bool:
    """True for page-range ends ("pp. 920–944"), heading numbers ("2. For") and digit groups.

    ``before`` is the stripped text of the 40 characters before the number; ``dashes`` tells
    whether the text has a dash at all (else no page range can end at the number). Numbers
    after an identifier word ("pp. 12") are left out by the caller (``_word_before``).
    """
    if dashes:
        window = text[max(0, start - 3):start]
        if ("-" in window or "–" in window) and _DASH_BEFORE.search(text, max(0, start - 3), start) \
                and _PAGE_RANGE.search(text, max(0, start - 24), start):
            return True  # the end of a page range; the dash must be in the window
    if not before and _HEADING_DOT.match(text, end) and not text[:start].strip():
        return True
    # phone numbers and other digit groups: "01 635 2840" (a digit, a space, the number, or
    # the number, a space, a digit)
    if start >= 2 and text[start - 1].isspace() and text[start - 2].isdecimal():
        return True
    c = text[end:end + 1]
    return c == "(" or (c.isspace() and text[end + 1:end + 2].isdecimal())


def _word_may_end_before(text: str, start: int, words_by_last: dict[str, tuple[str, ...]]) -> bool:
    """False only when no pattern ``(?:word)\\s?$`` can match ending at ``start``.

    ``words_by_last`` holds the words by their last character. ``$`` matches at ``start`` or
    just before a final "\\n", so the word ends at ``start``, one whitespace character
    earlier, or (with "\\n" last) two characters earlier.
    """
    if not start:
        return False
    c = text[start - 1]
    words = words_by_last.get(c)
    if words and text.endswith(words, 0, start):
        return True
    if not c.isspace() or start < 2:
        return False
    words = words_by_last.get(text[start - 2])
    if words and text.endswith(words, 0, start - 1):
        return True
    if c == "\n" and start >= 3 and text[start - 2].isspace():
        words = words_by_last.get(text[start - 3])
        return bool(words) and text.endswith(words, 0, start - 2)
    return False


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


@lru_cache(maxsize=4096)
def _before_facts(word: str, gap: int) -> tuple | None:
    """What the word before a number decides, for a number right after ``word`` (``gap`` 0) or
    after ``word`` and one space (``gap`` 1), when whitespace stands before ``word`` inside the
    40 characters before the number (cached by word and gap).

    ``(skip, name, currency, approximate)``: ``skip`` leaves a digit number out (an identifier
    word, or a digit group "01 635", see ``_skip_digits``); ``name`` makes a bare digit number
    part of a name (``_after_name`` decides by this word alone when whitespace stands before
    it); ``currency`` is ``(back, code)`` when a currency sign or code ends the word ("$",
    "US$"): ``currency_before`` matches ``back`` characters before the number; ``approximate``
    is False when no approximator can end just before the number. None when the word ends with
    a dash: a page range may end at the number, which ``_skip_digits`` decides from the text.

    Exact to cache: what the patterns before a number look at is this word, the gap and the
    whitespace before the word. ``currency_before`` (no currency sign or code holds
    whitespace) matches inside the word, its look-behind sees the whitespace or a character of
    the word, so it is searched in " " + word + the gap, over the same last 8 characters.
    Heading numbers need nothing before them, and ``_DASH_BEFORE`` a dash ending the word. An
    approximator ("about", "more than") ending just before the number ends with a suffix of
    the word: its last part has no whitespace and the word is whitespace-delimited; in ASCII
    the case-insensitive match is plain lower-casing.
    """
    if word[-1] in "-–":
        return None
    vocab = _vocab()
    identifier, name = _word_before(word)
    padded = " " + word + " " * gap
    prefix = vocab.currency_before.search(padded, max(0, len(padded) - 8))
    currency = (len(padded) - prefix.start(1), vocab.currency_prefix[prefix.group(1)]) if prefix else None
    approximate = not word.isascii() or word.lower().endswith(vocab.approx_last_parts)
    return identifier or (gap == 1 and word[-1].isdecimal()), gap == 1 and name, currency, approximate


def _parse(text: str, number: tuple, vocab: _Vocab, dashes: bool = True) -> tuple | None:
    """Turn one number into ``(start, end, value, unit, kind, approximate)``, or None when it is
    not one. ``approximate`` is False when no approximator can stand before the quantity and
    None when ``_approximate`` has to tell.

    In order: ordinals; digits after an identifier word (``_word_before``), page-range ends,
    headings and digit groups (``_skip_digits``), which are not quantities; money
    (a currency before, or after an optional scale word) and percentages; durations; counted
    nouns; partitives ("three of"); bare digits that are not part of a name.

    What the text before the number decides is read from ``_before_facts`` of the word before
    it when the number follows that word directly or after one space and whitespace stands
    before the word (most numbers); otherwise from the text. Every pattern tried after the
    number starts with whitespace, "-" or a percent sign/word, and the character after a
    number is never a word character, so the one or two characters after the number decide
    which patterns can match at all (a scale, currency or percent word after whitespace must
    start with one of its first letters); the currency before the number is looked for only
    where the text ends with a currency sign or code (``_word_may_end_before``). ``dashes``:
    whether the text has "-" or "–" (see ``_skip_digits``).
    """
    start, end, kind, string, extra = number
    if kind == _ORD:  # "38th-largest" -> unit "largest"; other ordinals have an empty unit
        return (start, end, float(string[:-2]), extra or "", "ordinal", None)
    c = text[end:end + 1]
    window = start - 40 if start > 40 else 0
    before = text[window:start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    gap = start - window - len(before)
    facts = None
    if len(before) > len(word) and (gap == 0 or (gap == 1 and text[start - 1] == " ")):
        facts = _before_facts(word, gap)
    abbr = name = None
    if kind == _DIGIT:
        if facts:
            if facts[0] or c == "(" or (c.isspace() and text[end + 1:end + 2].isdecimal()):
                return None
        else:
            identifier, name = _word_before(word)
            if identifier or _skip_digits(text, start, end, before, dashes):
                return None
        value = float(string) if "," not in string else _digit_value(string)
        if extra:
            measure = vocab.measure_units.get(extra)
            if measure is not None and (extra not in vocab.scale_abbreviations
                                        or not _million_after(text, start, end, facts, vocab)):
                return (start, end, value, measure, "measure", None if not facts or facts[3] else False)
            abbr = extra
            value *= vocab.scale_abbreviations[extra]
    elif kind == _PHRASE:
        value = float(vocab.dozen[string.lower()])
    else:
        # "two twelve-month-old infants": two numbers side by side count the first (two infants)
        value = _parse_words(string[:_composed_end(string, vocab)], vocab)
    approximate = None if not facts or facts[3] else False

    # Money or percent.
    e = end
    scaled = value
    if c.isspace() and text[end + 1:end + 2] in vocab.scale_starts:
        scale = vocab.scale_after.match(text, end)
        if scale and not abbr:
            scaled = value * vocab.scales[scale.group(1)]
            e = scale.end()
    if facts:
        if facts[2]:
            back, currency = facts[2]
            return (start - back, e, scaled, currency, "money", None)
    elif start and _word_may_end_before(text, start, vocab.currency_by_last):
        prefix = vocab.currency_before.search(text, max(0, start - 8), start)
        if prefix:
            return (prefix.start(1), e, scaled, vocab.currency_prefix[prefix.group(1)], "money", None)
    nxt = c if e == end else text[e:e + 1]
    if nxt in vocab.percent_starts or (nxt.isspace() and text[e + 1:e + 2] in vocab.unit_starts):
        unit = vocab.unit_after.match(text, e)
        if unit:
            if unit.lastgroup == "cur":
                return (start, unit.end(), scaled, vocab.currency_suffix[unit.group("cur")], "money", approximate)
            kind_unit = "percentage point" if unit.group("pct").startswith("percentage") else "%"
            return (start, unit.end(), scaled, kind_unit, "percent", approximate)
    if e != end:  # "two million": a count, of the noun after the scale if there is one
        noun = _counted_noun(text, _WORD_AFTER.match(text, e))
        if noun:
            return (start, noun[1], scaled, noun[0], "count", approximate)
        return (start, e, scaled, "", "count", approximate)

    # Duration or counted noun.
    if c == " " or c == "-":  # _WORD_AFTER starts with one of them
        after = _WORD_AFTER.match(text, end)
        if after:
            unit = vocab.durations.get(after.group(1).lower())
            if unit:
                return (start, after.end(), value, unit, "duration", approximate)
            noun = _counted_noun(text, after)
            if (noun and not noun[2] and value != 1 and kind == _DIGIT and c == " "
                    and (facts[1] if facts else _after_name(text, start, before, word, name))):
                return None  # "the Falcon 9 rocket", "a Category 4 cyclone": part of a name
            if noun and (value != 1 or not noun[2]):
                if text.startswith(" per ", noun[1]):  # "3.5 metres per second": a measure
                    rate = _spelled_rate(text, noun, vocab)
                    if rate is not None:
                        return (start, rate[1], value, rate[0], "measure", approximate)
                return (start, noun[1], value, noun[0], "count", approximate)
    if kind == _WORDS and string.lower() != "one" and text.startswith(" of ", end):
        return (start, end, value, "", "count", approximate)  # partitive: "three of the ten"
    if kind == _WORDS and value >= 100 and any(w in vocab.scales for w in string.lower().split()):
        # "four thousand others": a scaled number word is a figure, as "4,000 others" is
        return (start, end, value, "", "count", approximate)
    if kind == _DIGIT and (not (facts[1] if facts else _after_name(text, start, before, word, name))
                           or (_TALLY_AFTER.match(text, end)  # "passed the Senate 68 to 32": a tally
                               and not vocab.tally_cues.isdisjoint(_words_before(text, start, 3)))
                           or (end - start <= 2 and _SCORE_AFTER.match(text, end))):  # "Wigan 3-2 Wolves"
        return (start, end, value, "", "count", approximate)
    return None


def _spelled_rate(text: str, noun: tuple[str, int, bool], vocab: _Vocab) -> tuple[str, int] | None:
    """The symbol and end of a spelled-out rate unit ("metres per second" -> "m/s") whose length
    noun ``noun`` (``_counted_noun``'s answer) ends where " per " begins, or None."""
    per = _WORD_AFTER.match(text, noun[1] + 4)
    if per is None:
        return None
    symbol = vocab.spelled_rates.get(f"{noun[0]} per {singular(per.group(1).lower(), vocab)}")
    return None if symbol is None else (symbol, per.end())


_CLAUSE_END = re.compile(r"[,;:.()\[\]]")


def _rate_before(text: str, start: int, vocab: _Vocab) -> bool:
    """Whether "a"/"an" at ``start`` reads as "per": among the four words before it in its
    clause stands a figure, a number word, a duration or a word of ``rate_before_article``
    ("$28 billion a year", "900 jobs a month", "one glass a day", "three days a week")."""
    window = text[max(0, start - 48):start]
    cut = None
    for cut in _CLAUSE_END.finditer(window):
        pass
    words = (window[cut.end():] if cut else window).split()[-4:]
    for word in words:
        lower = word.lower().split("-")[-1]  # "twenty-five"
        if any(ch.isdigit() for ch in word) or "%" in word or lower in vocab.rate_before_article \
                or lower in vocab.number_words or lower in vocab.durations or lower in vocab.scales:
            return True
    return False


def _article_durations(text: str, vocab: _Vocab, taken: list[tuple[int, int]]) -> list[tuple]:
    """"a decade", "an hour", "a year and a half": a duration of one (or 1.5) told with an
    article, as ``(start, end, value, unit, kind)``. Not in a rate ("$300 a year", "twice a
    day", "5% a year": see ``_rate_before``), not in a relative
    date ("a year ago", "a week later": an anchor word after it), nor where ``taken`` holds a
    span."""
    found = []
    for m in vocab.article_duration.finditer(text):
        if taken and _overlaps(m.start(), m.end(), taken):
            continue
        if _rate_before(text, m.start(), vocab):
            continue
        unit = vocab.data["article_durations"][m.group("u")]
        found.append((m.start(), m.end(), 1.5 if m.group("half") else 1.0, unit, "duration"))
    return found


def _fraction_durations(text: str, vocab: _Vocab, taken: list[tuple[int, int]]) -> list[tuple]:
    """"a tenth of a second" (0.1 second), "three quarters of an hour" (0.75 hour): a fraction
    of a duration, as ``(start, end, value, unit, kind)``, not where ``taken`` holds a span."""
    found = []
    for m in vocab.fraction_duration.finditer(text):
        if taken and _overlaps(m.start(), m.end(), taken):
            continue
        value = vocab.data["fractions"][m.group("f").lower()]
        found.append((m.start(), m.end(), value, vocab.durations[m.group("u").lower()], "duration"))
    return found


# a time told on a clock: minutes and seconds with a fraction ("3:29.15"), or hours, minutes and
# seconds ("2:01:09", "1:02:11.5"). Two numbers alone ("9:30", "3:1") are a time of day, a score
# or a ratio; a time of day with seconds ("at 11:56:26 local time") is read as a time first and
# reaches here as a span to skip
_CLOCK = re.compile(r"(?<![\w:.,])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(\.\d{1,3})?(?![\w:]|[.,]\d)")


def _clock_durations(text: str, skip) -> list[tuple]:
    """Race and clock times as durations in seconds, as ``(start, end, value, unit, kind)``, not
    where ``skip`` holds a span."""
    found = []
    for m in _CLOCK.finditer(text):
        first, second, third, fraction = m.groups()
        if third is None and fraction is None:
            continue
        if skip and _overlaps(m.start(), m.end(), skip):
            continue
        if third is None:  # minutes and seconds
            value = int(first) * 60 + int(second) + float(fraction)
        else:
            value = int(first) * 3600 + int(second) * 60 + int(third) + float(fraction or 0.0)
        found.append((m.start(), m.end(), value, "second", "duration"))
    return found


def _digit_value(string: str) -> float:
    """The value of a digit number: "1,234.5" (thousands groups), "4,34" (a decimal comma)."""
    if "," not in string:
        return float(string)
    whole, _, rest = string.partition(",")
    if len(rest) < 3:  # the digits pattern allows only a last group of one or two digits here
        return float(f"{whole}.{rest}")
    return float(string.replace(",", ""))


def _million_after(text: str, start: int, end: int, facts: tuple | None, vocab: _Vocab) -> bool:
    """Whether an "m" after a number means million ("$5m", "2.4m people") rather than metres
    ("100 m", "the 400m final"): a currency before the number, or a plural noun after it."""
    if facts:
        if facts[2]:
            return True
    elif start and _word_may_end_before(text, start, vocab.currency_by_last) \
            and vocab.currency_before.search(text, max(0, start - 8), start):
        return True
    if text.startswith("/", end):
        return False
    first = _WORD_AFTER.match(text, end)
    if first is None:
        return False
    if _noun_word(first.group(1))[1]:
        return True  # "2.4m people"
    # a plural further on ("2.4m young people") only for a number with decimals: a small whole
    # number is rather a length ("the 800m final starts")
    noun = _counted_noun(text, first)
    return bool(noun and noun[2]) and "." in text[start:end]


def _after_name(text: str, start: int, before: str, word: str, name: bool) -> bool:
    """True for a bare number that is part of a name ("Apollo 11", "Boeing 747"), also at the
    start of a text ("Apollo 11 landed"), but not after a word that opens sentences ("About 40").

    That is ``_NAME_BEFORE`` searched in the 40 characters before the number (``before`` is
    them stripped, ``word`` its last word, ``name`` whether that word looks like a name). The name has to be the last word of the window followed
    by one whitespace character (two when the second is a final "\\n",
    which ``$`` also accepts), so that word is checked directly; only a word that starts the
    window, where the pattern looks at the character before it, goes to the regex.
    """
    window = start - 40 if start > 40 else 0
    gap = start - window - len(before)  # whitespace between the last word and the number
    if not before or not (gap == 1 or (gap == 2 and text[start - 1] == "\n")):
        return False
    if len(before) > len(word):  # whitespace before the word, inside the window
        return name
    m = _NAME_BEFORE.search(text, window, start)
    return bool(m) and m.group(1).lower() not in _not_names()


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Capitalised words before a number that are no name the number belongs to: words that open
    sentences without starting a name ("About 40", "Only 5") and the approximators' words
    ("Nearly 40", "Roughly 300")."""
    approximators = {w for phrase in _vocab().data["approximators"] for w in phrase.split() if w.isalpha()}
    # a month or a weekday before a number is a date's, read by the date extractor
    calendar_words = {word for word in sentence_openers() if names_month(word) or word in _WEEKDAYS}
    return (sentence_openers() - calendar_words) | approximators


def _word_ordinals(text: str, vocab: _Vocab) -> list[tuple]:
    """"the third", "his first": word ordinals after "the" or a possessive (``ordinal_determiners``;
    not "First," as a sentence adverb, nor "a second")."""
    found = []
    for m in vocab.word_ordinal.finditer(text):
        value = float(vocab.data["ordinals"][m.group("w")])
        found.append((m.start("w"), m.end(), value, m.group("suffix") or "", "ordinal"))
    return found


_AMONG = re.compile(r"(?:\bone\s+of|\bamong|\bsome\s+of)\s+$", re.IGNORECASE)


def ordinal_words() -> frozenset[str]:
    """The ordinal words ("first", "second", ... "hundredth"), lower-case."""
    return frozenset(_vocab().data["ordinals"])


def implied_ranks(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """Places in a ranking that a statement gives without a figure: a superlative after "the"
    ranks first ("the deadliest disaster", "the most powerful"), and an ordinal word after a
    rank verb is a place ("ranks third", "finished second"). Ordinals whose unit is the
    superlative ("deadliest") or empty; not "one of the deadliest" (among several), not a noun
    in -est ("the rest", "the protest").

    Not among ``extract_quantities``: a figure is what a statement counts or measures, and these
    are read only where two statements are compared (``claimcheck.compare``).
    """
    vocab = _vocab()
    found = []
    for m in vocab.rank_word.finditer(text):
        if m.group("o"):
            start, end = m.start("o"), m.end("o")
            value, unit = float(vocab.data["ordinals"][m.group("o").lower()]), ""
        else:
            word = m.group("s").lower()
            if word in vocab.not_superlatives or word == "most" or _AMONG.search(text, 0, m.start()):
                continue
            start, end, value, unit = m.start("s"), m.end("s"), 1.0, word
        found.append(_quantity(text[start:end], value, unit, "ordinal", offset + start, offset + end, False, None))
    return tuple(found)


def _overlaps(start: int, end: int, spans) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


_quantity = direct_constructor(Quantity)  # Quantity(...) without the frozen __init__'s cost


def _raw_value(number: tuple, vocab: _Vocab) -> float | None:
    """The value of a number as written, before any scale after it ("4.6" of "4.6 billion")."""
    kind, string = number[2], number[3]
    if kind == _DIGIT:
        return _digit_value(string)
    if kind == _PHRASE:
        return float(vocab.dozen[string.lower()])
    if kind == _WORDS:
        return _parse_words(string, vocab)
    return None


def _words_before(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` lower-case words before ``start`` (within 40 characters)."""
    return _LOWER_WORD.findall(text[max(0, start - 40):start].lower())[-n:]


def _second_number(text: str, pos: int, vocab: _Vocab) -> tuple | None:
    """The digit number at ``pos`` after a hyphen ("3-1", "10-15%"), which the number scan skips."""
    m = vocab.digits.match(text, pos)
    if not m or m.group("ord"):
        return None
    return (pos, m.end(), _DIGIT, m.group("digits"), m.group("abbr"))


def _join(text: str, first: tuple, second: tuple, vocab: _Vocab) -> tuple | None:
    """One quantity for two numbers joined by a connector, or None.

    ``first`` and ``second`` are ``(parsed, number)``: ``_parse``'s tuple and the number it read.
    A tally ("voted 8 to 3", "a 7–2 decision", "141 votes to 5"): a tally cue among the three words
    before or the word after, or two bare whole numbers under 100 falling across a dash ("won
    3-1" needs no cue), with no "from"/"between" before; other falling bare pairs ("749–61"
    pages, "2023-10") are not joined.
    A range ("between 40 and 60 people", "US$3.8–4.6 billion", "from 12 to 15 percent"): the first
    bare (it takes the second's unit and scale) or both of one unit. A rate ("nine in ten", "one
    in six patients", see ``_rate``): a percentage. Returns ``(start, end, value, unit, kind, approximate, high)``.
    """
    (p1, n1), (p2, n2) = first, second
    s1, e1, v1, u1, k1, a1 = p1
    s2, e2, v2, u2, k2, a2 = p2
    if n1[2] == _ORD or n2[2] == _ORD:
        return None
    gap = text[e1:s2]
    connector = gap.strip().lower()
    raw1, raw2 = _raw_value(n1, vocab), _raw_value(n2, vocab)
    if raw1 is None or raw2 is None or not gap or (gap != connector and gap.strip(" ") != connector):
        return None
    bare1 = k1 == "count" and u1 == "" and e1 == n1[1]
    bare2 = k2 == "count" and u2 == "" and e2 == n2[1]
    plain2 = k2 == "count" and u2 == ""  # maybe scaled: "4.6 billion"
    before = _words_before(text, s1, 3)
    opener = before[-1] if before else ""
    if connector not in vocab.range_connectors and vocab.range_openers.get(opener) != connector:
        return None
    after = _LOWER_WORD.match(text[n2[1]:n2[1] + 30].lstrip(" "))
    cue = not vocab.tally_cues.isdisjoint(before) or (after is not None and after.group() in vocab.tally_cues) \
        or (k1 == "count" and u1 in vocab.tally_nouns)  # "212 votes to 9"
    whole = raw1 == int(raw1) and raw2 == int(raw2) and not n1[4] and not n2[4]
    tally_units = (u1 in vocab.tally_nouns if k1 == "count" and not bare1 else True) and \
                  (k2 == "count" and (bare2 or u2 in vocab.tally_nouns or not _plural_after(text, n2[1])))
    falling = raw1 > raw2 and bare1 and bare2 and opener not in vocab.range_openers
    if falling and not cue and (raw1 >= 100 or connector == "to"):
        return None  # "749–61" (pages), "2023-10": no range and no score
    if whole and tally_units and k1 == "count" and opener not in vocab.range_openers and (cue or falling):
        unit = u1 if not bare1 else (u2 if k2 == "count" and not bare2 and _plural_after(text, n2[1]) else "")
        end = e2 if unit and not bare2 else n2[1]
        return (s1, end, raw1, unit, "tally", a1, raw2)
    if bare1 and not (k2 == "count" and not bare2 and e2 == n2[1]):
        return (s1, e2, raw1 * _scale(v2, raw2, k2), u2, k2, a1, v2)
    if k1 == "money" and e1 == n1[1] and plain2 and v2 != raw2:  # "US$3.8–4.6 billion"
        return (s1, e2, raw1 * _scale(v2, raw2, k2), u1, "money", a1, v2)
    if k1 == k2 and u1 == u2 and k1 != "ordinal":
        return (s1, e2, v1, u1, k1, a1, v2)
    return None


def _scale(value: float, raw: float, kind: str) -> float:
    """The scale a quantity's value has over its number as written ("4.6 billion": 1e9)."""
    if not raw or kind not in ("count", "money") or value == raw:
        return 1.0
    return float(round(value / raw))


_NOUN_IN = re.compile(r"\s+([A-Za-z]+)\s+(in|out of)\s+")


def _rate(text: str, n1: tuple, n2: tuple, vocab: _Vocab, dashes: bool) -> tuple | None:
    """"nine in ten", "1 in 6 patients", "one out of five", "one patient in six": ``(start,
    end, value, "%", "percent", None)`` for two whole numbers joined by a rate connector (with
    the counted noun before it, the second number then bare), the first not above the second
    (at most 1,000), the second counting nothing but a noun; else None."""
    if n1[2] not in (_DIGIT, _WORDS, _PHRASE) or n2[2] not in (_DIGIT, _WORDS, _PHRASE) or n1[4] or n2[4]:
        return None
    gap = text[n1[1]:n2[0]]
    # "one patient in six": the counted noun between the numbers, the second then bare
    noun_between = _NOUN_IN.fullmatch(gap)
    if noun_between is not None and (noun_between.group(1).lower() in vocab.number_words
                                     or noun_between.group(2).lower() not in vocab.rate_connectors):
        noun_between = None
    if noun_between is None and (gap.strip().lower() not in vocab.rate_connectors or not gap[:1].isspace()):
        return None
    a, b = _raw_value(n1, vocab), _raw_value(n2, vocab)
    if not a or not b or a != int(a) or b != int(b) or not a <= b <= 1000:
        return None
    second = _parse(text, n2, vocab, dashes)  # None: a bare number word ("nine in ten.")
    if second is not None and (second[4] != "count" or second[0] != n2[0]
                               or (second[1] != n2[1] and (noun_between or not _plural_after(text, n2[1])))):
        return None
    return (n1[0], n2[1], round(100 * a / b, 2), "%", "percent", None)


def _has_any(text: str, parts: tuple[str, ...]) -> bool:
    for part in parts:
        if part in text:
            return True
    return False


def _plural_after(text: str, end: int) -> bool:
    """Whether a plural counted noun follows the number ending at ``end``."""
    noun = _counted_noun(text, _WORD_AFTER.match(text, end))
    return bool(noun and noun[2])


def _hyphen_join(text: str, first: tuple, vocab: _Vocab, skip) -> tuple | None:
    """``first`` (``(parsed, number)``) joined with the digit number after the hyphen that ends
    it ("3-1", "10-15%"), or None (see ``_join``)."""
    number = _second_number(text, first[0][1] + 1, vocab)
    if number is None:
        return None
    second = _parse(text, number, vocab)
    if second is None or (skip and _overlaps(second[0], second[1], skip)):
        return None
    return _join(text, first, (second, number), vocab)


def extract_quantities(text: str, offset: int = 0, skip: list[tuple[int, int]] | tuple = ()) -> list[Quantity]:
    """Find quantities in ``text``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        skip: Spans of ``text`` that are not quantities (dates, citations, times of day).

    Returns:
        Quantities in text order, never overlapping each other or ``skip``. Two numbers joined
        as a range or a tally are one quantity with ``high`` set (see ``_join``).
    """
    vocab = _vocab()
    if text.isascii():
        numbers, ordinals_possible, words = _ascii_numbers(text, vocab)
        has_the = ordinals_possible and _has_any(text, vocab.ordinal_determiners)
        # a duration word or a fraction word among the lower-cased words: one set test spares
        # most statements the substring tests below
        durations = not vocab.duration_words_ascii.isdisjoint(words)
    else:
        numbers = _numbers(text, text.lower(), vocab)
        has_the = _has_any(text, vocab.ordinal_determiners)
        durations = True
    articles = durations and _has_any(text, vocab.article_duration_words) \
        and _article_durations(text, vocab, list(skip))
    fraction_spans = []
    if durations and _has_any(text, vocab.fraction_markers):  # "a tenth of a second", "three quarters of an hour"
        fractions = _fraction_durations(text, vocab, list(skip))
        if fractions:  # they win over "a second", "an hour" and "three quarters" inside them
            fraction_spans = [(f[0], f[1]) for f in fractions]
            articles = fractions + [a for a in articles or () if not _overlaps(a[0], a[1], fraction_spans)]
    clocks = _clock_durations(text, skip) if ":" in text else []
    if not numbers and not has_the and not articles and not clocks:
        return []
    taken = list(skip) + fraction_spans + [(c[0], c[1]) for c in clocks]
    dashes = "-" in text or "–" in text
    ascii_lower = None
    rates = len(numbers) > 1 and _has_any(text, vocab.rate_padded)
    joining = vocab.joining_words
    found_all: list[tuple] = []  # (start, end, value, unit, kind, approximate) in text order
    highs: dict[int, float] = {}  # index in found_all -> ``high`` of a range or tally
    previous = None  # (parsed, number) of the last quantity, while a second number may join it
    for i, number in enumerate(numbers):
        if taken and _overlaps(number[0], number[1], taken):
            continue
        found = None
        if rates and i + 1 < len(numbers):
            found = _rate(text, number, numbers[i + 1], vocab, dashes)
        if found is None:
            found = _parse(text, number, vocab, dashes)
        if not found or (taken and _overlaps(found[0], found[1], taken)):
            continue
        taken.append((found[0], found[1]))
        if previous is not None:
            gap = text[previous[0][1]:found[0]]
            if len(gap) <= 9 and gap.strip().lower() in joining:
                joined = _join(text, previous, (found, number), vocab)
                if joined is not None:
                    found_all[-1] = joined[:6]
                    highs[len(found_all) - 1] = joined[6]
                    previous = None
                    continue
        found_all.append(found)
        previous = (found, number)
        end = found[1]
        if dashes and text.startswith("-", end) and text[end + 1:end + 2].isdecimal() and number[2] == _DIGIT:
            joined = _hyphen_join(text, previous, vocab, skip)  # "3-1", "10-15%": the scan skips the second
            if joined is not None:
                found_all[-1] = joined[:6]
                highs[len(found_all) - 1] = joined[6]
                taken.append((joined[0], joined[1]))
                previous = None
    quantities = []
    for index, (start, end, value, unit, kind, approximate) in enumerate(found_all):
        if approximate is None:
            if ascii_lower is None and text.isascii():
                ascii_lower = text.lower()
            approximate = _approximate(text, ascii_lower, start, vocab)
        quantities.append(_quantity(text[start:end], value, unit, kind, offset + start, offset + end, approximate,
                                    highs.get(index) if highs else None))
    ordinals = _word_ordinals(text, vocab) if has_the else ()
    if articles:
        ordinals = [*ordinals, *articles]
    if clocks:
        ordinals = [*ordinals, *clocks]
    if ordinals:
        taken = list(skip) + [(q.start - offset, q.end - offset) for q in quantities]
        ascii_lower = text.lower() if text.isascii() else None
        quantities += [_quantity(text[start:end], value, unit, kind, offset + start, offset + end,
                                 _approximate(text, ascii_lower, start, vocab), None)
                       for start, end, value, unit, kind in ordinals if not _overlaps(start, end, taken)]
        quantities.sort(key=_QUANTITY_START)
    # Without word ordinals the quantities are already in text order: each starts at its number
    # or at a currency sign just before it, and quantities never overlap.
    return _parts_of_wholes(text, offset, _changes(text, offset, _normalised_counts(text, offset, quantities, vocab),
                                                   vocab))


_CHANGE_TO = " to "


def _changes(text: str, offset: int, quantities: list[Quantity], vocab: _Vocab) -> list[Quantity]:
    """Each range read from "from X to Y" after a verb of change (``change_verbs`` among the five
    words before "from": "rose from 2.1 percent to 3.4 percent") as its two figures, the value
    before and the value after, each with the unit, kind and scale the range gave both ends."""
    if " from " not in text and not text.startswith("from "):
        return quantities
    out: list[Quantity] = []
    for q in quantities:
        at = q.text.find(_CHANGE_TO)
        before = _words_before(text, q.start - offset, 6) if q.high is not None and q.kind != "tally" and at > 0 else []
        if not before or before[-1] != "from" or vocab.change_verbs.isdisjoint(before[:-1]):
            out.append(q)
            continue
        second = q.start + at + len(_CHANGE_TO)
        out += [Quantity(q.text[:at], q.value, q.unit, q.kind, q.start, q.start + at, q.approximate, None),
                Quantity(q.text[at + len(_CHANGE_TO):], q.high, q.unit, q.kind, second, q.end, q.approximate, None)]
    return out


def currencies_in_context(quantities: Sequence[Quantity], countries: Sequence[str]) -> tuple[Quantity, ...]:
    """``quantities`` with the money figures whose currency word several countries' currencies
    share ("pesos", "rupees", "pounds"; ``currency_by_country`` in the vocabulary) in the currency
    of the one such country among ``countries`` (canonical names: the sentence's, else its
    paragraph's), when that currency word gave the default reading ("pesos" -> MXN)."""
    vocab = _vocab()
    by_country = vocab.data["currency_by_country"]
    defaults = vocab.data["currency_suffix"]
    units = vocab.shared_currency_units
    out = list(quantities)
    for k, q in enumerate(out):
        if q.kind != "money" or q.unit not in units:  # no shared currency word gave this unit
            continue
        word = None
        for w in reversed(_LOWER_WORD.findall(q.text.lower())):  # the last currency word
            if w in by_country:
                word = w
                break
        if word is None or defaults.get(word) != q.unit:
            continue
        found = {by_country[word][c] for c in countries if c in by_country[word]}
        if len(found) == 1:
            out[k] = Quantity(q.text, q.value, found.pop(), q.kind, q.start, q.end, q.approximate, q.high)
    return tuple(out)


def context_currencies_possible(quantities: Sequence[Quantity]) -> bool:
    """Whether ``currencies_in_context`` can change any of ``quantities``: only a money figure in
    the default currency of a currency word several countries share (MXN for "pesos") can be
    read again; most statements have none, and need not list their countries."""
    units = _vocab().shared_currency_units
    for q in quantities:  # a loop, not any() over a generator: this runs for most statements
        if q.kind == "money" and q.unit in units:
            return True
    return False


_OF_A_DURATION = re.compile(r"\s+of\s+an?\s+([a-z]+)\b", re.IGNORECASE)


def _normalised_counts(text: str, offset: int, quantities: list[Quantity], vocab: _Vocab) -> list[Quantity]:
    """Counts that are decimal numbers or measures: of decimal fractions ("eleven hundredths" =
    0.11, "five thousandths of a second" = 0.005 second), of an abbreviated duration after digits
    ("9.58 s" = 9.58 second, as "9.58 seconds"), of a unit of measurement written out or joined
    by a hyphen ("100 metres", "a 5-km race": measures in m and km, as "100 m" and "5 km")."""
    units = vocab.normalised_units
    for q in quantities:  # a loop, not any() over a generator: this runs for every statement
        if q.kind == "count" and q.unit in units:
            break
    else:
        return quantities  # most statements: no count in a unit read again below
    fractions, symbols = vocab.data["decimal_fractions"], vocab.data["duration_symbols"]
    spelled, measures = vocab.data["spelled_measures"], vocab.measure_units
    out = list(quantities)
    for k, q in enumerate(out):
        if q.kind != "count":
            continue
        if q.unit in fractions and q.high is None:
            value, unit, kind, end = q.value / fractions[q.unit], "", "count", q.end
            after = _OF_A_DURATION.match(text, q.end - offset)
            if after is not None and after.group(1).lower() in vocab.durations:
                unit, kind, end = vocab.durations[after.group(1).lower()], "duration", after.end() + offset
            out[k] = Quantity(text[q.start - offset:end - offset], round(value, 9), unit, kind, q.start, end,
                              q.approximate, None)
        elif q.unit in symbols and q.text[:1].isdigit():
            out[k] = Quantity(q.text, q.value, symbols[q.unit], "duration", q.start, q.end, q.approximate, q.high)
        elif q.unit in spelled or q.unit in measures:
            out[k] = Quantity(q.text, q.value, spelled.get(q.unit) or measures[q.unit], "measure", q.start, q.end,
                              q.approximate, q.high)
    return out


_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+|all\s+)?",
                      re.IGNORECASE)


def _parts_of_wholes(text: str, offset: int, quantities: list[Quantity]) -> list[Quantity]:
    """A bare count before "of" a counted whole ("416 of 736 seats", "7 out of 10 races") counts
    the same noun: it takes the whole's unit."""
    if len(quantities) < 2 or " of " not in text:
        return quantities
    out = list(quantities)
    for k in range(len(out) - 1):
        part, whole = out[k], out[k + 1]
        if part.unit or part.kind != "count" or whole.kind != "count" or not whole.unit:
            continue
        gap = _PART_OF.fullmatch(text, part.end - offset, whole.start - offset)
        if gap is not None and part.value <= whole.value:
            out[k] = Quantity(part.text, part.value, whole.unit, part.kind, part.start, part.end,
                              part.approximate, part.high)
    return out
