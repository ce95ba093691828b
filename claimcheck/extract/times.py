"""Times of day: "14:00", "21:55", "9 a.m.", "10.30pm", "0600 GMT", "at noon" (pure).

A time of day is never a quantity: the caller passes the spans found here to the date and
quantity extractors as spans to skip. ``value`` is ``HH:MM`` on the 24-hour clock.

- a colon time ("14:00", "9:30", "14:00:05", "T09:15:00" in a timestamp) is one on its own, unless
  a decimal or a third part after a one-digit hour makes it a race time ("4:03.55", "2:21:40");
- with a point ("10.30") it needs a meridiem ("10.30pm") or a zone ("14.30 GMT"), since "0.75" or
  "2.50 hours" are no clock times;
- an hour with a meridiem: "9 a.m.", "11pm", "4 PM";
- four digits with a zone: "1400 GMT"; before "hours" only with a leading zero ("0600 hours");
- named times ("noon", "midnight") after a preposition ("at noon", "by midnight") or "12";
- an hour in words or digits before a part of the day, after a preposition ("after six in the
  evening", "at 7 o'clock in the morning"): the part of the day gives its half.

Vocabulary: ``data/times_words.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import attrgetter

from claimcheck.model import TimeMention, direct_constructor

_time = direct_constructor(TimeMention)
_START = attrgetter("start")

# what may not stand right before a time: a letter, a digit or a character joining numbers
_NOT_BEFORE = frozenset(".,:/$€£¥#_+") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LAST_WORD = re.compile(r"([A-Za-z]+)\s+$")
_DIGITS = b"0123456789"
# The shape of an ASCII text, one byte per character: digits "9", "a"/"A"/"p"/"P" "a", "m"/"M"
# "m", whitespace " ", ":" and "." themselves, anything else "x". Every clock time holds one of
# ``_SHAPES`` (a digit, a colon and two digits; or a meridiem after a digit; or a zone after four
# digits, or after a digit, a point and two digits, then whitespace), so a
# text whose shape holds none has no time and the patterns are not run.
_SHAPE = bytes((57 if 48 <= c <= 57 else 97 if c in b"aApP" else 109 if c in b"mM" else 32 if chr(c).isspace()
                else c if c in b":." else 120) for c in range(128)) + b"x" * 128
_SHAPES = re.compile(rb"9(?::99| ?a\.?m|999 |\.99 )")


@dataclass(frozen=True)
class _Vocab:
    clock: re.Pattern
    candidate: re.Pattern
    zones: tuple[str, ...]
    named: re.Pattern | None
    meridiem: dict[str, str]
    ambiguous_zones: frozenset[str]
    named_values: dict[str, str]
    named_words: tuple[str, ...]
    prepositions: frozenset[str]
    day_hour: re.Pattern | None
    hour_words: dict[str, int]
    day_parts: dict[str, str]
    day_part_words: tuple[str, ...]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    path = resources.files("claimcheck.extract").joinpath("data", "times_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    meridiem = _alternation(data["meridiem"])
    zones = _alternation(data["zones"])
    h24, h12, mm = r"(?:[01]?[0-9]|2[0-3])", r"(?:1[0-2]|0?[1-9])", r"[0-5][0-9]"
    end = r"(?![0-9]|[.,:][0-9])"
    clock = re.compile(
        rf"(?P<h>{h24})(?P<sep>[:.])(?P<m>{mm})(?P<s>:{mm})?{end}"
        rf"(?:\s?(?P<ap>{meridiem})(?![\w]))?(?:\s(?P<zone>{zones})(?![\w]))?"
        rf"|(?P<h2>{h12})\s?(?P<ap2>{meridiem})(?![\w])"
        rf"|(?P<h3>[01][0-9]|2[0-3])(?P<m3>{mm})\s(?P<zone3>{zones})(?![\w])")
    named = data["named"]
    return _Vocab(
        clock=clock,
        # Where a clock time can be: every match of ``clock`` holds a digit followed by one of
        # these, at its start or one character in (a two-digit hour). A pattern that begins with
        # a digit class is scanned for quickly; ``clock`` is tried only at what it finds.
        candidate=re.compile(rf"[0-9](?:[:.][0-5][0-9]|\s?[aApP]\.?[mM]|[0-9][0-5][0-9]\s(?:{zones}))"),
        named=re.compile(rf"(?:(?P<twelve>12)\s)?\b(?P<word>{_alternation(named)})\b") if named else None,
        zones=tuple(data["zones"]),
        meridiem=data["meridiem"],
        ambiguous_zones=frozenset(data.get("ambiguous_zones", ("hours", "hrs", "h"))),
        named_values=named,
        named_words=tuple(named),
        prepositions=frozenset(data["named_prepositions"]),
        day_hour=re.compile(
            rf"\b(?P<hour>{_alternation(data['hour_words'])}|1[0-2]|0?[1-9])(?:\s+o['\u2019]clock)?"
            rf"\s+(?P<part>{_alternation(data['day_parts'])})\b", re.IGNORECASE)
        if data.get("day_parts") else None,
        hour_words=data.get("hour_words", {}),
        day_parts=data.get("day_parts", {}),
        day_part_words=tuple(data.get("day_parts", ())),
    )


def _clean_start(text: str, start: int) -> bool:
    """Whether a time may begin at ``start``: not inside a word or a longer number ("T" of a
    timestamp after a digit is allowed: "2023-05-02T09:15")."""
    if not start:
        return True
    before = text[start - 1]
    if before not in _NOT_BEFORE and not before.isalnum():
        return True
    return before == "T" and start >= 2 and text[start - 2].isdecimal()


def _clock(m: re.Match, vocab: _Vocab) -> tuple[int, int] | None:
    """(hour, minute) of a clock match, or None when it is no time of day."""
    if m.group("h2") is not None:
        hour, minute, ap = int(m.group("h2")), 0, vocab.meridiem[m.group("ap2")]
    elif m.group("h3") is not None:
        zone = m.group("zone3")
        if zone in vocab.ambiguous_zones and not m.group("h3").startswith("0"):
            return None  # "1400 hours" may be a duration; "0600 hours" is not
        hour, minute, ap = int(m.group("h3")), int(m.group("m3")), None
    else:
        h, sep, ap_word, zone = m.group("h"), m.group("sep"), m.group("ap"), m.group("zone")
        ap = vocab.meridiem[ap_word] if ap_word else None
        if sep == ":":
            if m.group("s") and len(h) == 1 and not ap:
                return None  # "2:21:40": a race time
        elif not ap and (zone is None or zone in vocab.ambiguous_zones):
            return None  # "0.75", "2.50 hours"
        hour, minute = int(h), int(m.group("m"))
    if ap:
        if not 1 <= hour <= 12:
            return None if hour else (0, minute) if ap == "am" else None
        hour = hour % 12 + (12 if ap == "pm" else 0)
    return hour, minute


def extract_times(text: str, offset: int = 0, skip: list[tuple[int, int]] | tuple = ()) -> list[TimeMention]:
    """Times of day in ``text``, in order, never overlapping each other or ``skip``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        skip: Spans of ``text`` that hold no time (web addresses).
    """
    vocab = _vocab()
    found = []
    if text.isascii():
        shape = text.encode("ascii").translate(_SHAPE)
        possible = _possible(text, shape, vocab.zones)
    else:
        encoded = text.encode("utf-8", "surrogatepass")
        possible = len(encoded.translate(None, _DIGITS)) != len(encoded)  # an ASCII digit
    if possible:
        end = 0
        match = vocab.clock.match
        for candidate in vocab.candidate.finditer(text):
            p = candidate.start()
            for start in (p - 1, p) if p > end and text[p - 1].isdecimal() else (p,):
                if start < end:
                    continue
                m = match(text, start)
                if m is None or not _clean_start(text, start):
                    continue
                value = _clock(m, vocab)
                if value is None or (skip and _overlaps(start, m.end(), skip)):
                    continue
                end = m.end()
                found.append(_time(text[start:end], f"{value[0]:02d}:{value[1]:02d}", offset + start, offset + end))
                break
    if vocab.named is not None and _has_word(text, vocab.named_words):
        for m in vocab.named.finditer(text):
            if not m.group("twelve"):
                before = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
                if not before or before.group(1).lower() not in vocab.prepositions:
                    continue
            elif not _clean_start(text, m.start()):
                continue
            start, end = m.span()
            if _overlaps(start, end, [(t.start - offset, t.end - offset) for t in found]) or _overlaps(start, end, skip):
                continue
            found.append(_time(text[start:end], vocab.named_values[m.group("word")], offset + start, offset + end))
        found.sort(key=_START)
    if vocab.day_hour is not None and _has_word(text, vocab.day_part_words):
        found = _day_hours(text, offset, skip, vocab, found)
    return found


def _day_hours(text: str, offset: int, skip, vocab: _Vocab, found: list[TimeMention]) -> list[TimeMention]:
    """``found`` with the hours told before a part of the day ("after six in the evening"),
    each after a preposition, in order."""
    added = []
    for m in vocab.day_hour.finditer(text):
        before = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
        if not before or before.group(1).lower() not in vocab.prepositions:
            continue
        word = m.group("hour").lower()
        hour = vocab.hour_words.get(word) or int(word)
        half = vocab.day_parts[" ".join(m.group("part").lower().split())]
        start, end = m.span()
        if _overlaps(start, end, [(t.start - offset, t.end - offset) for t in found]) or _overlaps(start, end, skip):
            continue
        if hour == 12 and half == "pm" and m.group("part").lower().endswith("evening"):
            continue  # "twelve in the evening": midnight or noon, said loosely
        value = hour % 12 + (12 if half == "pm" else 0)
        added.append(_time(text[start:end], f"{value:02d}:00", offset + start, offset + end))
    return sorted(found + added, key=_START) if added else found


def _possible(text: str, shape: bytes, zones: tuple[str, ...]) -> bool:
    """Whether ``_SHAPES`` finds a form in ``shape`` (a zone form only with a zone after it)."""
    search = _SHAPES.search
    m = search(shape)
    while m is not None:
        if not m.group().endswith(b" ") or text.startswith(zones, m.end()):
            return True
        m = search(shape, m.start() + 1)
    return False


def _has_word(text, words: tuple) -> bool:
    """Whether one of ``words`` occurs in ``text`` (str or bytes)."""
    for word in words:
        if word in text:
            return True
    return False


def _overlaps(start: int, end: int, spans) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


