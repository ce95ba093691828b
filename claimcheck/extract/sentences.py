"""Sentence segmentation with exact character offsets (pure).

The text is cut into paragraphs (blocks separated by blank lines), each paragraph into lines that are
headings or list items (separate units) or wrapped prose, and each prose block into sentences.
Sentence breaks are found with one precompiled regular expression; each candidate break is then
checked against abbreviation lists kept in data files (``data/sentences_*.txt``), initials,
protected spans (Markdown links, URLs, e-mail addresses) and common sentence starters.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.model import direct_constructor

logger = logging.getLogger(__name__)

SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"

_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_LINE = re.compile(r"[^\n]+")
_MD_HEADING = re.compile(r"#{1,6}\s+\S")
_NUMBERED_HEADING = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s+(?P<rest>\S.*)")
# a subsection number ("3.2", "2.1.4"): no list marker has one (a numbered list item is "1.")
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s")
_LIST_MARKER = re.compile(
    rf"(?:[-*•+–]\s+|\d{{1,3}}[.)]\s+|\(\d{{1,3}}\)\s+|\(?[a-z]\)\s+|[{SUPERSCRIPT_DIGITS}]+\s*)"
)
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_BOUNDARY = re.compile(
    r"(?P<punct>[.!?…]+)"
    r"(?P<close>[\"'’”»)\]]*)"
    rf"(?P<notes>(?:[{SUPERSCRIPT_DIGITS}]+|\[\d{{1,3}}(?:\s*[-–,]\s*\d{{1,3}})*\])*)"
    rf"(?=\s+[\"'“‘(\[*_]*[A-Z0-9{SUPERSCRIPT_DIGITS}À-ÖØ-Þ])"
)
_PROTECTED = re.compile(
    r"\[[^\]\n]*\]\([^)\s]*\)"  # Markdown link
    r"|<(?:https?|ftp|mailto):[^>\s]+>"  # autolink
    r"|\b(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?)\]'\"”’]"  # bare URL
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b(?:www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"”’]"
)
_PREV_TOKEN = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[*_]*([\w-]+)")
_INITIAL = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_NEXT_INITIAL = re.compile(r"\s+[A-Z]\.[\s,]")
_NAME_BEFORE = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w'’-]*\.?,?|[A-Z]\.)\s+$")
_LEADING_PUNCT = "([{\"'“‘*_"


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of text: a sentence or a heading, with exact offsets into the document text.

    ``paragraph`` is 1-based; ``kind`` is ``sentence`` or ``heading``; ``list_item`` is true for
    the first sentence of a list item or footnote ("- ...", "1. ...", "¹ ...").

    ``slots=True``: a document's segments are made and held all at once (one per sentence), so
    each is one object without a ``__dict__`` (smaller, made faster by ``direct_constructor``,
    one object less for the garbage collector to follow).
    """

    start: int
    end: int
    paragraph: int
    kind: str = "sentence"
    list_item: bool = False


@dataclass(frozen=True)
class Abbreviations:
    """Abbreviation lists: ``never`` never end a sentence; ``maybe`` end one before a starter."""

    never: frozenset[str]
    maybe: frozenset[str]
    starters: frozenset[str]


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file shipped in ``claimcheck/extract/data``."""
    raw = resources.files("claimcheck.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def load_abbreviations() -> Abbreviations:
    """Load the abbreviation and sentence-starter lists from the data files (cached)."""
    sections: dict[str, set[str]] = {"never": set(), "maybe": set()}
    current = "never"
    for line in _data_lines("sentences_abbreviations.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
            continue
        sections[current].add(line.lower())
    starters = frozenset(_data_lines("sentences_starters.txt"))
    return Abbreviations(frozenset(sections["never"]), frozenset(sections["maybe"]), starters)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph: runs of non-blank lines, whitespace-trimmed.

    Args:
        text: The document text.

    Returns:
        Spans in document order; paragraph numbers are the 1-based positions in this list.
    """
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = _trim(text, m.start(), m.end())
        if start < end:
            spans.append((start, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink (start, end) so that it has no leading or trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_heading_line(line: str, *, alone: bool) -> bool:
    """Tell whether a stripped line is a heading.

    Markdown ``#`` headings, numbered all-caps headings ("1. INTRODUCTION"), all-caps lines, and
    (when the line is a paragraph by itself, ``alone``) short lines without final punctuation,
    titles under a subsection number among them ("3.2 The coalition agreement"; a line under
    "1." may be a numbered list item, so it needs capitals).
    """
    if not line or len(line) > 160:
        return False
    if _MD_HEADING.match(line):
        return True
    m = _NUMBERED_HEADING.fullmatch(line)
    body = m.group("rest") if m else line
    if is_all_caps(body) and len(body) <= 120:
        return True
    if alone and m and _SECTION_NUMBER.match(line):
        # "3.2 The coalition agreement" (a Markdown heading once its '#' are gone): a title
        # under a subsection number, without the final punctuation of a sentence
        return len(body.split()) <= 12 and not _TERMINAL.search(line)
    if not alone or m and not is_all_caps(body):
        return False
    if line[0] in "-*•+":
        return False
    words = line.split()
    if line.endswith(":"):
        return len(words) <= 8
    return len(words) <= 15 and not _TERMINAL.search(line)


def is_all_caps(text: str) -> bool:
    """True when ``text`` has at least two letters and none of them is lowercase (a heading)."""
    letters = sum(1 for ch in text if ch.isalpha())
    return letters >= 2 and not any(ch.islower() for ch in text)


def segment(text: str) -> list[Segment]:
    """Cut a whole document into headings and sentences with exact offsets.

    Args:
        text: The document text.

    Returns:
        Segments in document order; ``text[s.start:s.end]`` is each unit, stripped.
    """
    segments: list[Segment] = []
    for number, (start, end) in enumerate(paragraph_spans(text), start=1):
        segments.extend(segment_paragraph(text, start, end, number))
    return segments


def segment_paragraph(text: str, start: int, end: int, paragraph: int) -> list[Segment]:
    """Segment one paragraph ``text[start:end]`` (see :func:`segment`)."""
    lines = [_trim(text, m.start(), m.end()) for m in _LINE.finditer(text, start, end)]
    lines = [span for span in lines if span[0] < span[1]]
    alone = len(lines) == 1
    segments: list[Segment] = []
    block: list[int] | None = None  # [start, end, list_item]
    for s, e in lines:
        line = text[s:e]
        if is_heading_line(line, alone=alone):
            _flush(text, block, paragraph, segments)
            block = None
            segments.append(Segment(s, e, paragraph, "heading"))
            continue
        marker = _LIST_MARKER.match(line)
        if marker or block is None:
            _flush(text, block, paragraph, segments)
            content = s + (marker.end() if marker else 0)
            block = [content, e, 1 if marker else 0]
        else:
            block[1] = e
    _flush(text, block, paragraph, segments)
    return segments


def _flush(text: str, block: list[int] | None, paragraph: int, out: list[Segment]) -> None:
    """Split a prose block into sentences and append them to ``out``."""
    if block is None:
        return
    start, end, list_item = block
    first = bool(list_item)
    for s, e in split_sentences(text, start, end):
        out.append(_segment(s, e, paragraph, "sentence", first))
        first = False


_segment = direct_constructor(Segment)  # Segment(...) without the frozen __init__'s cost


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    Args:
        text: The text that offsets point into.
        start: Where the prose starts.
        end: Where it ends (default: end of text).

    Returns:
        (start, end) spans, whitespace-trimmed, non-empty, in order and non-overlapping.
    """
    end = len(text) if end is None else end
    protected = _protected_spans(text, start, end)
    spans = []
    cursor = start
    for m in _boundaries(text, start, end):
        if _is_break(text, m, cursor, protected):
            s, e = _trim(text, cursor, m.end())
            if s < e:
                spans.append((s, e))
            cursor = m.end()
    s, e = _trim(text, cursor, end)
    if s < e:
        spans.append((s, e))
    if end - start > MAX_SENTENCE_CHARS and any(e - s > MAX_SENTENCE_CHARS for s, e in spans):  # each span lies inside
        spans = [piece for span in spans for piece in _cut_long(text, *span)]
    return spans


# The longest sentence extracted whole. Prose sentences are far shorter; a longer "sentence" is a
# table, a log or a list without full stops (200,000 lines, 10 MB on one line), whose slot
# extraction grows with the square of its length: it is cut into pieces, with a warning.
MAX_SENTENCE_CHARS = 2000


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as it is when short enough, else pieces of at most
    :data:`MAX_SENTENCE_CHARS`, each cut at its last line break, else its last space."""
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    logger.warning("a sentence of %d characters at offset %d has no sentence end: cut into "
                   "pieces of at most %d characters", end - start, start, MAX_SENTENCE_CHARS)
    pieces = []
    cursor = start
    while end - cursor > MAX_SENTENCE_CHARS:
        limit = cursor + MAX_SENTENCE_CHARS
        cut = text.rfind("\n", cursor + 1, limit)
        if cut <= cursor:
            cut = max(text.rfind(" ", cursor + 1, limit), text.rfind("\t", cursor + 1, limit))
        if cut <= cursor:
            cut = limit
        s, e = _trim(text, cursor, cut)
        if s < e:
            pieces.append((s, e))
        cursor = cut
    s, e = _trim(text, cursor, end)
    if s < e:
        pieces.append((s, e))
    return pieces


_PUNCTUATION = ".!?…"  # the characters that can begin a _BOUNDARY match


def _boundaries(text: str, start: int, end: int) -> list[re.Match]:
    """The matches of ``_BOUNDARY.finditer(text, start, end)``, found without scanning the text
    with the pattern.

    The pattern begins with a character class inside a group, which the regex engine can only
    try position by position (about 25 ns a character). Every match begins with one of
    ``_PUNCTUATION``, found here with ``str.find``; finditer gives the match at each such
    position (ascending) that is not inside the previous match, which ``match`` with the same
    end position finds there.
    """
    starts = []
    find = text.find
    for char in _PUNCTUATION:
        i = find(char, start, end)
        while i >= 0:
            starts.append(i)
            i = find(char, i + 1, end)
    if not starts:
        return []
    starts.sort()
    found = []
    after = start  # the end of the previous match
    match = _BOUNDARY.match
    for i in starts:
        if i >= after:
            m = match(text, i, end)
            if m is not None:
                found.append(m)
                after = m.end()
    return found


def _protected_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans (links, URLs, e-mail addresses) inside which no sentence may end."""
    chunk = text[start:end]
    if "://" not in chunk and "](" not in chunk and "@" not in chunk and "www." not in chunk:
        return []
    return [(start + m.start(), start + m.end()) for m in _PROTECTED.finditer(chunk)]


def _is_break(text: str, m: re.Match, cursor: int, protected: list[tuple[int, int]]) -> bool:
    """Decide whether a candidate boundary really ends a sentence."""
    pos = m.start()
    if protected and _inside(pos, protected):  # most prose has no link, address or URL
        return False
    punct, close = m.group(1, 2)  # the groups "punct" and "close"
    if punct != "." or close:
        return True
    prev = _previous_token(text, max(cursor, pos - 40), pos)
    if prev is None:
        return True
    token_start, token = prev
    token = token.lstrip(_LEADING_PUNCT)
    if not token:
        return True
    abbreviations = load_abbreviations()
    lowered = token.lower() + "."
    if lowered in abbreviations.never:
        return False
    if len(token) == 1 and _INITIAL.fullmatch(token):  # one character: no other token can be an initial
        if _NEXT_INITIAL.match(text, m.end()):
            return False
        if not _after_name(text, token_start, cursor):
            return True
        # "Plan C. The drill ...": a word that opens sentences is no surname after an initial
        nxt = _NEXT_WORD.match(text, m.end())
        return bool(nxt and nxt.group(1) in abbreviations.starters)
    if lowered in abbreviations.maybe:
        nxt = _NEXT_WORD.match(text, m.end())
        return bool(nxt and nxt.group(1) in abbreviations.starters)
    return True


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies inside one of ``spans`` (a loop: no generator per candidate break)."""
    for s, e in spans:
        if s <= pos < e:
            return True
    return False


def _previous_token(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Where ``_PREV_TOKEN.search(text, start, end)`` matches and its group, without the regex.

    The pattern ``(\\S+)$`` is tried at every position of the window, each try running to the
    end of a word (quadratic in the window). What it finds: ``$`` holds at ``end`` and, when
    ``text[end - 1]`` is a newline, just before it; a run of non-space characters can only reach
    one of these, so the match is the run of non-space characters ending there, cut at
    ``start`` (the leftmost place it can begin), or nothing when white space comes right before
    it. ``str.isspace`` and ``split`` know the same white space as ``\\s``.
    """
    if end > start and text[end - 1] == "\n":
        end -= 1
    window = text[start:end]
    if not window or window[-1].isspace():
        return None
    token = window.rsplit(None, 1)[-1]
    return end - len(token), token


def _after_name(text: str, pos: int, cursor: int) -> bool:
    """True when the initial at ``pos`` follows a capitalised word or another initial."""
    return bool(_NAME_BEFORE.search(text, max(cursor, pos - 30), pos))
