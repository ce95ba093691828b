"""The publication date written at the top of a document: bylines and datelines (pure).

Documents rarely say "Published: ..."; they put a date under the title or after the author:

- a byline or a publisher line: "By Jane Roe, September 3, 2025", "County Fire Authority,
  28 August 2025", "Posted 14 March 2024", "Tuesday 12 March 2024";
- a news dateline opening the first paragraph: "Brennick, 12 March 2024 - Bus services ...",
  "WASHINGTON, Jan. 5, 2021 (Reuters) - ...".

Only full dates (day, month and an explicit year) count there, and only where such lines stand: a
short line that ends with the date (so a title like "The 2 March 2022 vote and its aftermath" is
no byline), or a dateline whose date is followed by a dash. The first one in the first lines wins.

A date after a publication cue ("published 2 March 2021") counts anywhere in those lines. A
month or a year alone is a publication date only where it is labelled so: after a cue that
starts its line or follows a separator ("Published: October 2017", "...; posted in 2019"; not
"a study published in 2019 found"), or before an issue word ("March 2024 issue"). It keeps its
precision (``publication_date_at``): ``(date(2017, 10, 1), "month")``, the 1st standing for no day.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources

from claimcheck.extract.dates import extract_dates
from claimcheck.model import DatePrecision, parse_date_text

HEAD_LINES = 8  # non-empty lines looked at (title, standfirst, byline, dateline, first paragraph)
HEAD_CHARS = 2000  # ... within this many characters
BYLINE_MAX = 120  # a byline or publisher line is at most this long
DATELINE_PREFIX_MAX = 60  # a dateline's date starts within this many characters of its paragraph

# after a byline's date: punctuation, and perhaps the time it was posted ("6 January 2020, 2:12pm")
_TRAILING = re.compile(r"^[\s,.;:|()\[\]*_–—-]*(?:\d{1,2}[:.]\d{2}\s*(?:[aApP]\.?[mM]\.?)?"
                       r"(?:\s*[A-Z]{2,4})?[\s,.;:|()\[\]*_–—-]*)?$")
_DATELINE_END = re.compile(r"^\s*(?:\([^)\n]{1,40}\)\s*)?[–—-]{1,2}\s")
_MARKDOWN = re.compile(r"^[#>*_\s-]+")


def publication_date(text: str) -> date | None:
    """The full publication date stated in the first lines of ``text``, or None.

    Args:
        text: A document's plain text (or Markdown).

    Returns:
        The first full date that ends a short byline-like line, opens a dateline or follows a
        publication cue. A page's issue date (verification reads weekdays with it) needs the
        day: for a month or year alone see :func:`publication_date_at`.
    """
    for line in _head_lines(text):
        found = _line_date(line, False)
        if found is not None:
            return found[0]
    return None


def publication_date_at(text: str) -> tuple[date, DatePrecision] | None:
    """The publication date stated in the first lines of ``text`` with its precision, or None.

    Args:
        text: A document's plain text (or Markdown).

    Returns:
        ``(date, "day")`` as :func:`publication_date` finds it, or ``(first day, "month" or
        "year")`` for a month or year labelled as the publication's ("Published: October 2017",
        "March 2024 issue"), whichever stands first in the first lines.
    """
    for line in _head_lines(text):
        found = _line_date(line, True)
        if found is not None:
            return found
    return None


def strip_trailing_date(byline: str) -> str:
    """``byline`` without a full date at its end ("Jane Roe, September 3, 2025" -> "Jane Roe")."""
    for mention in reversed(extract_dates(byline)):
        if _full(mention) and _TRAILING.match(byline[mention.end:]):
            return byline[:mention.start].rstrip(" ,;|-–—")
    return byline


def _head_lines(text: str) -> list[str]:
    lines = []
    for line in text[:HEAD_CHARS].splitlines():
        line = _MARKDOWN.sub("", line).strip()
        if line:
            lines.append(line)
        if len(lines) == HEAD_LINES:
            break
    return lines


def _full(mention) -> bool:
    return mention.precision == "day" and not mention.relative and not mention.inferred_year \
        and bool(mention.value) and mention.end_value is None


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads(resources.files("claimcheck.extract").joinpath("data", "dates_words.json")
                      .read_text(encoding="utf-8"))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _publication_cue() -> re.Pattern:
    """A publication cue ("published", "posted") ending just before a date (dates_words.json)."""
    return re.compile(rf"(?i)\b(?:{_alternation(_words()['publication_cues'])})\b(?:\s+on)?\s*[:–—-]?\s*$")


@lru_cache(maxsize=1)
def _labelled_cue() -> re.Pattern:
    """A cue standing as a label: at the start of its line or after a separator, then the date."""
    return re.compile(rf"(?i)(?:^|[;|·•,.(\[]\s*)(?:{_alternation(_words()['publication_cues'])})"
                      rf"(?:\s+(?:on|in))?\s*[:–—-]?\s*$")


@lru_cache(maxsize=1)
def _issue_word() -> re.Pattern:
    """An issue word right after a date ("March 2024 issue", "the Spring 2019 edition")."""
    return re.compile(rf"(?i)\s+(?:{_alternation(_words()['publication_issue_words'])})\b")


def _dated(mention) -> bool:
    """A date of its own: explicit year, one value (not relative, inferred or a range)."""
    return not mention.relative and not mention.inferred_year and bool(mention.value) \
        and mention.end_value is None


def _at(mention) -> tuple[date, DatePrecision] | None:
    try:
        return parse_date_text(mention.value)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _cue_or_issue_word() -> re.Pattern:
    """Any publication cue or issue word, wherever it stands: a line without one can state no
    date by a cue or an issue word (each pattern above needs one of these words, read with the
    same flags), so its dates need not be read a second time."""
    words = _words()
    return re.compile(rf"(?i)(?:{_alternation([*words['publication_cues'], *words['publication_issue_words']])})")


def _line_date(line: str, partial: bool) -> tuple[date, DatePrecision] | None:
    """The publication date ``line`` states, full only unless ``partial``."""
    head = line[:BYLINE_MAX + DATELINE_PREFIX_MAX]
    found = extract_dates(head)
    for mention in found:
        if not _full(mention):
            continue
        byline = len(line) <= BYLINE_MAX and _TRAILING.match(line[mention.end:])
        dateline = mention.start <= DATELINE_PREFIX_MAX and _DATELINE_END.match(line[mention.end:])
        if byline or dateline:
            return _at(mention)
    if not _cue_or_issue_word().search(line):  # most lines: the two readings below need a cue
        return None
    # a journal or publisher line: "Received 12 June 2020; accepted ...; published 2 March 2021."
    # (a line no longer than ``head`` is read once: the same text, the same dates)
    mentions = [m for m in (found if len(line) <= len(head) else extract_dates(line[:HEAD_CHARS]))
                if _dated(m)]
    for mention in mentions:
        if _full(mention) and _publication_cue().search(line, max(0, mention.start - 40), mention.start):
            return _at(mention)
    # a month or a year labelled as the publication's: "Published: October 2017", "March 2024 issue"
    for mention in mentions if partial else ():
        if _labelled_cue().search(line, 0, mention.start) \
                or _issue_word().match(line, mention.end):
            return _at(mention)
    return None
