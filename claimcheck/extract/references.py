"""Reference lists (pure): entry detection, parsing, and parsing of author names into keys.

Entries are one per line or paragraph, with or without "- " bullets; a line that does not start an
entry continues the previous one (page breaks split entries). Author-year entries (Chicago, APA)
get keys like the citations' ("Smith 2020a"); numbered lists ("[1] ...", "1. ...") get "[1]".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from claimcheck.extract.citations import (
    FoundCitation,
    author_key,
    clean_name,
    load_vocabulary,
    normalize_key,
)
from claimcheck.model import CitationIssue, CitationMention, ReferenceEntry

logger = logging.getLogger(__name__)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_BULLET = re.compile(r"[ \t]*(?:[-*•+][ \t]+)?")
_NUMBERED = re.compile(r"\[(?P<n1>\d{1,4})\]\s*|(?P<n2>\d{1,3})\.\s+(?=\S)")
_REPEAT = re.compile(r"(?:_{2,}|[—–]{1,3}|-{2,})\s*\.?,?\s*")
_AUTHOR_YEAR = re.compile(
    r"(?P<authors>[^\s\d(\[][^\n]{0,300}?)(?:[.,]\s+|\s*\()"
    rf"(?P<year>{_YEAR})(?P<range>[–-]\d{{2,4}})?(?:\s?(?P<suffix>[a-z]))?\)?(?=[.,:;]|\s*$)"
)
_REPEAT_YEAR = re.compile(
    rf"\(?(?P<year>{_YEAR})(?P<range>[–-]\d{{2,4}})?(?:\s?(?P<suffix>[a-z]))?\)?(?=[.,:;]|\s*$)"
)
_QUICK_YEAR = re.compile(r"[.,(]\s*\(?(?:1[5-9]|20)\d\d")
_ANY_YEAR = re.compile(rf"\b(?P<year>{_YEAR})(?P<suffix>[a-z])?\b")
_VANCOUVER = re.compile(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s[A-Z]{1,3}[,.]")
_QUOTED = re.compile(r"[“\"](?P<t>[^”\"]{3,400})[”\"]")
_ITALIC = re.compile(r"\*(?P<t>[^*\n]{2,300})\*")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\"]+(?:\([^\s<>()]*\)[^\s<>()\"]*)*")
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s<>\"]+")
_DOI_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.I)
_URL_TRAIL = ".,;:>)]*'\"”’"
_MONTH_DAY = re.compile(r"(?<![Aa]ccessed )\b(?P<month>[A-Z][a-z]{2,8})\.?(?:\s+(?P<day>\d{1,2})\b)?(?:,?\s+(?P<year>\d{4}))?")
_JOIN = re.compile(r"\s*\n\s*(?:[-*•+]\s+)?")
_TITLE_END = re.compile(r"(?<=[a-z0-9?!)])\.\s")
_SIGNAL = re.compile(r"[“\"]|\*\S|https?://|\b10\.\d{4,9}/|\d+\s*\(\d+\)|\bpp?\.\s*\d|\b[Vv]ol\.|\bdoi\b|\bPress\b")
_INITIALS = re.compile(r"(?:[A-Z]\.\s*-?\s*){1,4}")
_PERSON_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")


@dataclass(frozen=True)
class ParsedAuthors:
    """Authors of an entry: display names, surnames (for keys), and whether it is one organisation."""

    names: tuple[str, ...]
    surnames: tuple[str, ...]
    given: str = ""
    corporate: bool = False


def line_entry_start(line: str) -> bool:
    """Tell whether a line (bullet allowed) starts a reference entry.

    Args:
        line: One line of text.

    Returns:
        True for "[1] ...", "1. Surname ...", "_____. 2020.", and "Authors. Year." / "Authors (Year)."
    """
    body = line[_BULLET.match(line).end():]
    if not body:
        return False
    num = _NUMBERED.match(body)
    if num:
        rest = body[num.end():]
        if num.group("n1"):
            return bool(rest)
        return bool(_author_year(rest) or _VANCOUVER.match(rest) and _ANY_YEAR.search(rest))
    if _REPEAT.match(body) and _REPEAT_YEAR.match(body, _REPEAT.match(body).end()):
        return True
    return _author_year(body) is not None


def looks_like_entry(line: str) -> bool:
    """Tell whether a line, seen outside a reference list, is a bibliographic entry.

    Stricter than :func:`line_entry_start`: it also needs a title, venue, URL, DOI or pages.
    """
    return line_entry_start(line) and bool(_SIGNAL.search(line))


def _author_year(body: str) -> re.Match | None:
    """The "Authors. Year" match at the start of ``body`` when the authors look like names."""
    if not _QUICK_YEAR.search(body, 0, 340):
        return None
    m = _AUTHOR_YEAR.match(body)
    if not m or not _authors_look_right(m.group("authors")):
        return None
    return m


def _authors_look_right(authors: str) -> bool:
    """Author strings are capitalised words, initials and a few connectors ("and", "of", "ed.")."""
    vocab = load_vocabulary()
    words = clean_name(authors).split()
    if not words or len(words) > 40:
        return False
    lowercase = [
        w for w in words
        if not w[0].isupper() and w.lower().strip(".,") not in vocab.connectors
        and w.lower() not in vocab.editor_markers and w[0] not in "&("
    ]
    return len(lowercase) <= 1 and words[0][0].isupper()


def parse_references(text: str, start: int, end: int) -> list[ReferenceEntry]:
    """Parse the reference list in ``text[start:end]``.

    Args:
        text: The document text.
        start: Where the list starts (after its heading, if any).
        end: Where it ends.

    Returns:
        Entries in order with exact offsets (``text[e.start:e.end] == e.text``).
    """
    entries: list[ReferenceEntry] = []
    previous: ParsedAuthors | None = None
    for s, e in _entry_spans(text, start, end):
        entry = parse_entry(text, s, e, previous)
        if entry is None:
            continue
        entries.append(entry[0])
        previous = entry[1]
    return disambiguate_keys(entries)


def _entry_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each entry: an entry-start line plus its continuation lines."""
    spans: list[list[int]] = []
    expected = 1
    for m in re.finditer(r"[^\n]+", text[start:end]):
        line = m.group()
        if not line.strip():
            continue
        s = start + m.start() + _BULLET.match(line).end()
        e = start + m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        number = _leading_number(text[s:e])
        if not spans or number == expected or number is None and line_entry_start(line):
            spans.append([s, e])
            expected = number + 1 if number is not None else expected
        else:
            spans[-1][1] = e
    return [(s, e) for s, e in spans]


def _leading_number(line: str) -> int | None:
    """The number of a numbered entry ("[3] ...", "3. ..."), else ``None``."""
    m = _NUMBERED.match(line)
    return int(m.group("n1") or m.group("n2")) if m else None


def parse_entry(
    text: str, start: int, end: int, previous: ParsedAuthors | None = None
) -> tuple[ReferenceEntry, ParsedAuthors] | None:
    """Parse one entry ``text[start:end]``; ``previous`` supplies authors for "_____." entries."""
    raw = text[start:end]
    flat = _JOIN.sub(" ", raw)
    number, body = _split_number(flat)
    authors, year_match, rest = _split_authors(body, previous, numbered=number is not None)
    if authors is None and number is None:
        return None
    year, suffix, year_label = _year_parts(year_match, body)
    title, venue, after = _title_and_venue(rest)
    url, doi = _url_and_doi(flat)
    key = f"[{number}]" if number is not None else _entry_key(authors, year_label, suffix)
    entry = ReferenceEntry(
        key=key,
        text=raw,
        start=start,
        end=end,
        authors=authors.names if authors else (),
        year=year,
        year_suffix=suffix,
        title=title,
        venue=venue,
        date=_entry_date(after, year),
        url=url,
        doi=doi,
    )
    return entry, authors or previous or ParsedAuthors((), ())


def _split_number(flat: str) -> tuple[int | None, str]:
    """Leading "[n]" or "n." of a numbered entry, and the rest."""
    m = _NUMBERED.match(flat)
    if not m:
        return None, flat
    return int(m.group("n1") or m.group("n2")), flat[m.end():]


def _split_authors(
    body: str, previous: ParsedAuthors | None, *, numbered: bool = False
) -> tuple[ParsedAuthors | None, re.Match | None, str]:
    """Authors, the year match and the text after the year (after the authors if numbered)."""
    rep = _REPEAT.match(body)
    if rep and previous is not None:
        y = _REPEAT_YEAR.match(body, rep.end())
        return previous, y, body[y.end():] if y else body[rep.end():]
    if numbered and _VANCOUVER.match(body):
        names = body[: body.find(".")] if "." in body else body
        return parse_vancouver(names), _ANY_YEAR.search(body), body[len(names) + 1:]
    m = _author_year(body)
    if m:
        return parse_authors(m.group("authors")), m, body[m.end():]
    if numbered:
        names = body[: body.find(". ")] if ". " in body else body
        return ParsedAuthors((names,), (names,), "", True), _ANY_YEAR.search(body), body[len(names) + 1:]
    return None, None, body


def _year_parts(m: re.Match | None, body: str) -> tuple[int | None, str, str]:
    """(year, suffix, year as written for the key: "2000–01")."""
    if m is None:
        m = _ANY_YEAR.search(body)
        if m is None:
            return None, "", ""
    groups = m.groupdict()
    year = m.group("year")
    label = year + (groups.get("range") or "")
    return int(year), groups.get("suffix") or "", label


def parse_authors(authors: str) -> ParsedAuthors:
    """Parse an author string ("Smith, John, and Jane Doe", "Smith, J., & Doe, J.", "World Bank").

    Args:
        authors: The author part of an entry.

    Returns:
        Names and surnames; one corporate name when the string is an organisation.
    """
    vocab = load_vocabulary()
    text = clean_name(authors)
    text = re.sub(r",?\s*\(?\b(?:eds?|trans|comp)\.?\)?$", "", text).strip(" ,.")
    if _is_corporate(text, vocab):
        return ParsedAuthors((text,), (text,), "", True)
    parts = [p.strip() for p in re.split(r",|\s&\s|\s+and\s+", text) if p.strip()]
    parts = [re.sub(r"^(?:and|&)\s+", "", p) for p in parts]
    if len(parts) == 1:
        words = parts[0].split()
        return ParsedAuthors((parts[0],), (words[-1],), " ".join(words[:-1]))
    return _parse_person_parts(parts)


def _is_corporate(text: str, vocab) -> bool:
    """An organisation: no comma-separated person form, or organisation/connector words."""
    head = text.split(",")[0]
    words = head.split()
    if any(w.lower() in vocab.organisation_words for w in words):
        return True
    if any(w.lower() in ("of", "for", "the", "on") for w in words):
        return True
    if "," not in text:
        return len(words) == 1 or not all(_PERSON_WORD.fullmatch(w) for w in words) or len(words) > 4
    tail = text.split(",", 1)[1].strip()
    return len(tail) >= 2 and tail.isupper() and "." not in tail and " " not in tail


def _parse_person_parts(parts: list[str]) -> ParsedAuthors:
    """Chicago ("Surname, Given", "Given Surname", ...) or APA ("Surname", "I.", ...) parts."""
    names: list[str] = []
    surnames: list[str] = []
    given = parts[1] if len(parts) > 1 else ""
    if len(parts) > 1 and _INITIALS.fullmatch(parts[1] + " "):
        for i in range(0, len(parts) - 1, 2):
            names.append(f"{parts[i]}, {parts[i + 1]}")
            surnames.append(parts[i])
        return ParsedAuthors(tuple(names), tuple(surnames), given)
    names.append(f"{parts[0]}, {given}" if given else parts[0])
    surnames.append(parts[0])
    for part in parts[2:]:
        words = part.split()
        names.append(part)
        surnames.append(words[-1])
    return ParsedAuthors(tuple(names), tuple(surnames), given)


def parse_vancouver(names: str) -> ParsedAuthors:
    """Vancouver-style authors: "Smith J, Doe AB, et al"."""
    parts = [p.strip() for p in names.split(",") if p.strip() and "et al" not in p]
    surnames = tuple(p.rsplit(" ", 1)[0] if " " in p else p for p in parts)
    return ParsedAuthors(tuple(parts), surnames)


def _entry_key(authors: ParsedAuthors | None, year: str, suffix: str) -> str:
    """Key like the citations': "Smith 2020a", "Smith and Doe 2019", "World Bank 2022"."""
    if authors is None or not authors.surnames:
        return f"Anonymous {year}{suffix}".strip()
    if authors.corporate:
        name = authors.surnames[0]
    elif len(authors.surnames) == 2:
        name = f"{authors.surnames[0]} and {authors.surnames[1]}"
    else:
        name = authors.surnames[0]
    return f"{author_key(name) if not authors.corporate else name} {year}{suffix}".strip()


def structured_entry(
    authors: Sequence[tuple[str, str]], year: int | None, *, title: str | None = None,
    venue: str | None = None, url: str | None = None, doi: str | None = None,
    date: str | None = None, number: int | None = None,
) -> ReferenceEntry:
    """An entry of a reference list read from structured fields (BibTeX, CSL-JSON, RIS) rather
    than from the document's prose: keyed like the citations ("Smith 2020", "Smith and Doe 2019",
    "World Bank 2022", or "[3]" for a numbered list), with a readable ``text``. It is not part
    of the document text, so its offsets are 0.

    Args:
        authors: ``(family, given)`` per author; an organisation is ``(name, "")`` alone.
        year: Publication year, if known.
        number: Its number in a numbered list ("[3]"), if it has one.
    """
    names = tuple(f"{family}, {given}" if given else family for family, given in authors if family)
    surnames = tuple(family for family, _ in authors if family)
    corporate = len(authors) == 1 and not authors[0][1] and len(surnames[0].split()) > 1 \
        if surnames else False
    parsed = ParsedAuthors(names, surnames, authors[0][1] if authors else "", corporate) \
        if names else None
    key = f"[{number}]" if number is not None else _entry_key(parsed, str(year or ""), "")
    who = "; ".join(names) or "Anonymous"
    parts = [f"{who} ({year or 'n.d.'})", title, venue, f"https://doi.org/{doi}" if doi and not url
             else None, url]
    text = ". ".join(p.strip().rstrip(".") for p in parts if p) + "."
    return ReferenceEntry(key=key, text=text, start=0, end=0, authors=names, year=year,
                          title=title, venue=venue, date=date,
                          url=url or (f"https://doi.org/{doi}" if doi else None), doi=doi)


def _title_and_venue(rest: str) -> tuple[str | None, str | None, str]:
    """Title (quoted, else italic, else first sentence), venue (italic after it), remaining text."""
    rest = rest.lstrip(" .,:)")
    quoted = _QUOTED.match(rest) or _QUOTED.search(rest[:40])
    if quoted:
        after = rest[quoted.end():]
        venue = _ITALIC.search(after)
        venue_text = venue.group("t").strip(" ,.") if venue and not _month_first(venue.group("t")) else None
        return quoted.group("t").strip(" ,."), venue_text, after
    italic = _ITALIC.match(rest)
    if italic:
        return italic.group("t").strip(" ,."), None, rest[italic.end():]
    stop = _TITLE_END.search(rest)
    title = rest[: stop.start()] if stop else rest
    title = _URL.sub("", title).strip(" ,.(<>")
    after = rest[stop.end():] if stop else ""
    venue = _ITALIC.search(after)
    if venue:
        return (title or None), venue.group("t").strip(" ,."), after
    return (title or None), _plain_venue(after), after


def _plain_venue(after: str) -> str | None:
    """The segment after a title up to ". " or ";" ("Lancet", "Cornell University Press")."""
    segment = re.split(r"\.\s|;|\.$", after.strip(), maxsplit=1)[0].strip(" ,.")
    if not segment or len(segment) > 80 or segment[0].isdigit() or _URL.search(segment):
        return None
    return None if _ANY_YEAR.fullmatch(segment) or _month_first(segment) else segment


def _month_first(text: str) -> bool:
    """Whether ``text`` starts with a month name (an italicised date, not a venue)."""
    first = text.strip().split(" ", 1)[0].lower().rstrip(".,")
    return first in load_vocabulary().months


def _url_and_doi(flat: str) -> tuple[str | None, str | None]:
    """The first URL and the DOI of an entry."""
    url_match = _URL.search(flat)
    url = _clean_url(url_match.group()) if url_match else None
    doi_match = _DOI_URL.search(flat) or _DOI.search(flat)
    doi = None
    if doi_match:
        doi = (doi_match.group(1) if doi_match.re is _DOI_URL else doi_match.group()).rstrip(_URL_TRAIL)
    return url, doi


def _clean_url(url: str) -> str:
    """Strip trailing punctuation from a URL, keeping a balanced closing parenthesis."""
    url = url.rstrip(".,;:>]'\"”’*")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:>]'\"”’*")
    return url


def _entry_date(after: str, year: int | None) -> str | None:
    """Publication date written after the title ("March 4", "June"), as ISO text."""
    months = load_vocabulary().months
    text = _URL.sub("", after)
    for m in _MONTH_DAY.finditer(text):
        month = months.get(m.group("month").lower())
        if month is None:
            continue
        y = int(m.group("year")) if m.group("year") else year
        if y is None:
            return None
        if m.group("day") and 1 <= int(m.group("day")) <= 31:
            return f"{y:04d}-{month:02d}-{int(m.group('day')):02d}"
        return f"{y:04d}-{month:02d}"
    return None


def disambiguate_keys(entries: list[ReferenceEntry]) -> list[ReferenceEntry]:
    """Give entries sharing a key but with different first authors keys with the given name.

    "Wu, Wei. 2022" and "Wu, Xinbo. 2022" become "Wu Wei 2022" and "Wu Xinbo 2022"; identical
    authors keep their shared key (reported later as ``ambiguous`` or ``duplicate``).
    """
    groups: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        groups.setdefault(entry.key, []).append(i)
    out = list(entries)
    for key, indexes in groups.items():
        firsts = {entries[i].authors[0] if entries[i].authors else "" for i in indexes}
        if len(indexes) < 2 or len(firsts) < 2:
            continue
        for i in indexes:
            out[i] = _with_given_name(entries[i])
    return out


def _with_given_name(entry: ReferenceEntry) -> ReferenceEntry:
    """The entry with its first author's given name added to the key's author part."""
    if not entry.authors or "," not in entry.authors[0]:
        return entry
    surname, given = (p.strip() for p in entry.authors[0].split(",", 1))
    if not given or len(entry.authors) > 1:
        return entry
    year = f"{entry.year}{entry.year_suffix}" if entry.year else ""
    head, _, tail = entry.key.rpartition(" ")
    key = f"{surname} {given} {tail}" if head == surname else entry.key
    return replace(entry, key=key if year else entry.key)


# --------------------------------------------------------------------------- handles of an entry

_NUMBER_KEY = re.compile(r"\[(\d{1,4})\]\Z")
_ACRONYM = r"(?P<acr>[A-Z][A-Za-z&.-]{0,12}[A-Z]\.?)"
_ACRONYM_FIRST = re.compile(rf"{_ACRONYM}\s*\((?P<exp>[^()]{{3,200}})\)\s*(?P<tail>.*)\Z")
_ACRONYM_LAST = re.compile(rf"(?P<exp>[^()]{{3,200}}?)\s*\({_ACRONYM}\)\s*(?P<tail>.*)\Z")


@dataclass(frozen=True)
class EntryHandles:
    """Every name a citation may use for one entry, whatever the list's style.

    ``label`` is the author-year form ("Shrestha 2016", "MEA 2015"), used to name the entry in
    issues; ``names`` are normalised author handles checked first (the key's author part, an
    organisation's acronym, its expanded name and that name's head), ``weak`` those checked only
    when no strong handle matches (first surname of several authors, an organisation's initials).
    """

    label: str
    year: str
    names: tuple[str, ...]
    weak: tuple[str, ...] = ()
    number: int | None = None
    surnames: tuple[str, ...] = ()


def entry_handles(entries: list[ReferenceEntry]) -> list[EntryHandles]:
    """The handles of each entry of a reference list (in order: "_____." repeats the previous authors).

    Args:
        entries: A parsed reference list.

    Returns:
        One :class:`EntryHandles` per entry.
    """
    out = []
    previous: ParsedAuthors | None = None
    for entry in entries:
        handles, previous = _handles(entry, previous)
        out.append(handles)
    return out


def _handles(entry: ReferenceEntry, previous: ParsedAuthors | None) -> tuple[EntryHandles, ParsedAuthors | None]:
    """Re-read an entry's authors and year as written, and derive its handles."""
    number_match = _NUMBER_KEY.match(entry.key)
    number = int(number_match.group(1)) if number_match else None
    flat = _JOIN.sub(" ", entry.text)
    _, body = _split_number(flat)
    authors, year_match, _ = _split_authors(body, previous, numbered=number is not None)
    if authors is None:
        authors = ParsedAuthors(entry.authors, entry.authors, "", True) if entry.authors else None
    year_label, suffix = "", ""
    if entry.year is not None:
        _, suffix, year_label = _year_parts(year_match, body)
        if not year_label.startswith(str(entry.year)):
            year_label, suffix = str(entry.year), entry.year_suffix
    year = normalize_key(f"{year_label}{suffix}") if year_label else ""
    if number is None:
        display = entry.key.rsplit(" ", 1)[0] if year else entry.key
        label = entry.key
    else:
        label = _entry_key(authors, year_label, suffix) if authors and year_label else entry.key
        display = label.rsplit(" ", 1)[0] if year_label else label
    names, weak = _name_handles(display, authors)
    surnames = () if authors is None or authors.corporate else _unique(normalize_key(n) for n in authors.surnames)
    return EntryHandles(label, year, names, weak, number, surnames), authors or previous


def _name_handles(display: str, authors: ParsedAuthors | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Normalised strong and weak author handles (see :class:`EntryHandles`)."""
    strong = [display]
    weak: list[str] = []
    if authors is not None and authors.corporate and authors.names:
        name = authors.names[0]
        m = _ACRONYM_FIRST.match(name) or _ACRONYM_LAST.match(name)
        if m and sum(ch.isupper() for ch in m.group("acr")) >= 2:
            expansion = m.group("exp").strip(" ,.")
            strong += [m.group("acr").rstrip("."), expansion, expansion.split(",")[0]]
        else:
            weak.append(_initials(name))
    elif authors is not None and len(authors.surnames) >= 2:
        weak.append(author_key(authors.surnames[0]))
    norm_strong = _unique(normalize_key(n) for n in strong)
    norm_weak = tuple(n for n in _unique(normalize_key(n) for n in weak) if n not in norm_strong)
    return norm_strong, norm_weak


def _initials(name: str) -> str:
    """"World Health Organization" -> "WHO" (two capitalised words at least, else "")."""
    connectors = load_vocabulary().connectors
    words = [w for w in re.split(r"[\s,]+", name.split("(")[0]) if w and w.lower() not in connectors]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


def _unique(items) -> tuple[str, ...]:
    """Non-empty items, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


# --------------------------------------------------------------------------- linking and issues


class CitationLinker:
    """Links citations to reference entries in document order and collects citation issues.

    Every entry is known by all its handles (:func:`entry_handles`): its number, its author-year
    key, an organisation's acronym and expanded name, the first author's surname, so a citation in
    any style finds it. Matching goes: exact key or strong handle (tolerant: case, diacritics,
    "and"/"&", spaces); weak handle; the cited name's words inside an entry's author names with the
    same year (corporate prefixes, given names); a close misspelling or a wrong suffix
    (``near_miss``). Several candidates are settled by the most recently cited author, else
    reported as ``ambiguous``.
    """

    def __init__(self, entries: list[ReferenceEntry]):
        self.entries = entries
        self.handles = entry_handles(entries)
        self.by_key: dict[str, list[int]] = {}
        self.by_norm: dict[str, list[int]] = {}
        self.by_weak: dict[str, list[int]] = {}
        self.by_year: dict[str, list[int]] = {}
        for i, (entry, h) in enumerate(zip(entries, self.handles)):
            self.by_key.setdefault(entry.key, []).append(i)
            self.by_norm.setdefault(normalize_key(entry.key), []).append(i)
            self.by_year.setdefault(h.year, []).append(i)
            for name in h.names:
                _add(self.by_norm, f"{name} {h.year}".strip(), i)
            for name in h.weak:
                _add(self.by_weak, f"{name} {h.year}".strip(), i)
        self.recent: dict[tuple[str, ...], int] = {}
        self.clock = 0
        self.cited: set[int] = set()
        self.problems: dict[tuple[str, str], list] = {}

    def link(self, found: FoundCitation) -> CitationMention | None:
        """The mention with ``reference_key`` set, or ``None`` for a narrative non-citation."""
        mentions = self.link_all(found)
        return mentions[0] if mentions else None

    def link_all(self, found: FoundCitation) -> list[CitationMention]:
        """Like :meth:`link`, but a citation that stays ambiguous between different works
        ("(Agency 2021)" with two releases of 2021 listed) yields one mention per candidate, so
        every page it may mean is checked; none for a narrative non-citation."""
        key = found.key
        candidates = self._exact(key) or self._by_name(found)
        kind = None
        if not candidates and found.style != "uncertain":
            candidates, kind = self._near(found)
        if not candidates and found.style == "uncertain":
            return []
        if not candidates and found.style == "narrative":
            fallback = self._narrative_fallback(found)
            if fallback or not found.firm:
                return [fallback] if fallback else []
        if not candidates:
            self._problem("dangling", key, None)
            return [CitationMention(key, found.text, found.start, found.end, None)]
        chosen = self._choose(candidates, key)
        if kind:
            self._problem(kind, key, self.handles[chosen[0]].label, self._numbered(chosen[0]))
        if found.name and len(chosen) == 1:
            self._check_name(found, chosen[0])
        out = []
        for index in chosen:
            self._remember(index)
            out.append(CitationMention(key, found.text, found.start, found.end, self.entries[index].key))
        return out

    def _exact(self, key: str) -> list[int]:
        """Entries whose key or strong handle equals ``key`` (exactly or tolerantly), else weak ones."""
        norm = normalize_key(key)
        return self.by_key.get(key) or self.by_norm.get(norm) or self.by_weak.get(norm, [])

    def _by_name(self, found: FoundCitation) -> list[int]:
        """Same year; every word of the cited name appears in the entry's author names."""
        if found.author is None:
            return []
        words = _name_words(author_key(found.author))
        if not words:
            return []
        out = []
        for i in self.by_year.get(_year_label(found.key), []):
            entry_words = _name_words(" ".join(self.entries[i].authors))
            first = _name_words(self.handles[i].names[0])
            if words <= entry_words and words & first:
                out.append(i)
        return out

    def _near(self, found: FoundCitation) -> tuple[list[int], str | None]:
        """A close misspelling of a listed author with the same year, or a wrong year suffix."""
        if found.author is None:
            return [], None
        cited = normalize_key(author_key(found.author))
        threshold = 80 if found.style == "parenthetical" or found.firm else 90
        best, best_score = [], 0.0
        same_author = []
        for i, (entry, h) in enumerate(zip(self.entries, self.handles)):
            if entry.year is None or str(entry.year) != found.year[:4]:
                continue
            listed = h.names + h.weak
            if cited in listed:
                same_author.append(i)
                continue
            score = max(_closeness(cited, name) for name in listed)
            if score > best_score:
                best, best_score = [i], score
            elif score == best_score:
                best.append(i)
        if same_author and found.style == "parenthetical":
            return same_author, "near_miss"
        if best_score >= threshold:
            same_year = [i for i in best if self.handles[i].year == _year_label(found.key)]
            return same_year or best, "near_miss"
        return [], None

    def _check_name(self, found: FoundCitation, index: int) -> None:
        """A numeric citation written with a name ("Salloway et al. [8]") whose name is a close
        misspelling of the entry's first author ("Saloway S, ...") is a ``near_miss``."""
        h = self.handles[index]
        cited = normalize_key(found.name or "")
        listed = h.surnames or h.names
        if not cited or not listed or cited in listed or cited in h.names:
            return
        if _closeness(cited, listed[0]) >= 80:
            self._problem("near_miss_name", f"{found.name} {found.key}", h.label, self._numbered(index))

    def _narrative_fallback(self, found: FoundCitation) -> CitationMention | None:
        """A narrative "Name (2021b)" whose name is not an author: try the last cited author."""
        if not self.recent:
            return None
        last = max(self.recent, key=self.recent.get)
        label = self.handles[self._entry_of(last)].label
        author = label.rsplit(" ", 1)[0]
        retry = FoundCitation(author, found.year, found.suffix, found.text, found.start, found.end, "anaphoric")
        candidates = self._exact(retry.key) or self._by_name(retry)
        if len(set(candidates)) != 1:
            return None
        self._remember(candidates[0])
        entry = self.entries[candidates[0]]
        year = _ANY_YEAR.search(found.text)
        skip = year.start() if year else 0
        text = found.text[skip:]
        return CitationMention(self.handles[candidates[0]].label, text, found.start + skip, found.end, entry.key)

    def _entry_of(self, authors: tuple[str, ...]) -> int:
        """Index of some entry with these authors."""
        return next(i for i, e in enumerate(self.entries) if e.authors == authors)

    def _choose(self, candidates: list[int], key: str) -> list[int]:
        """The only candidate, else the most recently cited author's, else (reported as
        ``ambiguous``) every candidate with a distinct key, first listed first."""
        unique = list(dict.fromkeys(candidates))
        if len(unique) == 1:
            return unique
        ranked = sorted(unique, key=lambda i: self.recent.get(self.entries[i].authors, 0), reverse=True)
        top = self.recent.get(self.entries[ranked[0]].authors, 0)
        if top and top > self.recent.get(self.entries[ranked[1]].authors, 0):
            return ranked[:1]
        names = ", ".join(sorted({self._name(i) for i in unique}))
        self._problem("ambiguous", key, None, names)
        keys: dict[str, int] = {}
        for i in unique:
            keys.setdefault(self.entries[i].key, i)
        return list(keys.values())

    def _name(self, index: int) -> str:
        """How an issue names entry ``index``: its author-year label, with its number if it has one."""
        h = self.handles[index]
        key = self.entries[index].key
        return f"{h.label} {key}" if h.number is not None and h.label != key else h.label

    def _numbered(self, index: int) -> str:
        """" (entry [n])" for a numbered entry, else ""."""
        h = self.handles[index]
        key = self.entries[index].key
        return f" (entry {key})" if h.number is not None and h.label != key else ""

    def _remember(self, index: int) -> None:
        """Note that entry ``index`` was cited now."""
        self.clock += 1
        self.cited.add(index)
        self.recent[self.entries[index].authors] = self.clock

    def _problem(self, kind: str, key: str, suggestion: str | None, extra: str = "") -> None:
        """Count one occurrence of an issue."""
        record = self.problems.setdefault((kind, key), [0, suggestion, extra])
        record[0] += 1

    def issues(self) -> list[CitationIssue]:
        """All citation issues: dangling, near_miss, ambiguous, duplicate, uncited."""
        out = [_issue(kind, key, *record) for (kind, key), record in self.problems.items()]
        pairs = [self._orient(a, b) for a, b in duplicate_pairs(self.entries)]
        out.extend(self._duplicate(a, b) for a, b in pairs)
        out.extend(_ambiguous_entries(self.entries, pairs))
        if self.cited:
            out.extend(self._uncited(pairs))
        return out

    def _orient(self, a: int, b: int) -> tuple[int, int]:
        """(listed first or cited, twin): the uncited twin of a duplicate pair comes second."""
        return (b, a) if b in self.cited and a not in self.cited else (a, b)

    def _duplicate(self, a: int, b: int) -> CitationIssue:
        """The issue naming twin ``b`` of entry ``a``."""
        ea = self.entries[a]
        detail = f"entries '{self._name(a)}' and '{self._name(b)}' list the same work: {ea.title or ea.url}"
        return CitationIssue("duplicate", self.handles[b].label, detail, self.handles[a].label)

    def _uncited(self, pairs: list[tuple[int, int]]) -> list[CitationIssue]:
        """Entries that no citation resolved to (a duplicate of a cited entry is not repeated)."""
        cited_keys = {self.entries[i].key for i in self.cited}
        twins = {b for a, b in pairs if a in self.cited}
        out = []
        for i, entry in enumerate(self.entries):
            if i in self.cited or entry.key in cited_keys or i in twins:
                continue
            label = self.handles[i].label
            out.append(CitationIssue("uncited", label, f"reference entry '{self._name(i)}' is never cited in the text"))
        return out


def _closeness(cited: str, listed: str) -> float:
    """Similarity of two normalised names (rapidfuzz ratio); a single typo or swap of two
    neighbouring letters in a name of 5+ letters ("Shreshta"/"Shrestha") counts as 90."""
    score = fuzz.ratio(cited, listed)
    if score < 90 and min(len(cited), len(listed)) >= 5 and OSA.distance(cited, listed, score_cutoff=1) <= 1:
        return 90.0
    return score


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    """Add entry ``i`` under ``key`` once."""
    bucket = index.setdefault(key, [])
    if i not in bucket:
        bucket.append(i)


def _issue(kind: str, key: str, count: int, suggestion: str | None, extra: str) -> CitationIssue:
    """Build the issue for ``count`` citations of ``key``."""
    times = "once" if count == 1 else f"{count} times"
    if kind == "dangling":
        detail = f"'{key}' is cited {times} but is not in the reference list"
    elif kind == "near_miss":
        detail = f"'{key}' (cited {times}) is not in the reference list; closest entry is '{suggestion}'{extra}"
    elif kind == "near_miss_name":
        detail = f"'{key}' (cited {times}) names an author the entry does not list; the entry is '{suggestion}'{extra}"
        kind = "near_miss"
    else:
        detail = f"'{key}' (cited {times}) matches several entries: {extra}"
    return CitationIssue(kind, key, detail, suggestion)


def find_duplicates(entries: list[ReferenceEntry]) -> list[CitationIssue]:
    """Pairs of entries listing one work (see :func:`duplicate_pairs`), as issues.

    Args:
        entries: A parsed reference list.

    Returns:
        One ``duplicate`` issue per pair (names swapped, "Kim, Yeong Ik" vs "Yeong Ik Kim", count).
    """
    labels = [h.label for h in entry_handles(entries)]
    out = []
    for a, b in duplicate_pairs(entries):
        ea = entries[a]
        detail = f"entries '{labels[a]}' and '{labels[b]}' list the same work: {ea.title or ea.url}"
        out.append(CitationIssue("duplicate", labels[b], detail, labels[a]))
    return out


def duplicate_pairs(entries: list[ReferenceEntry]) -> list[tuple[int, int]]:
    """Index pairs (a before b) of entries that list one work: same year, same author names, and
    the same URL or DOI, or the same title (and suffix), or the same date and a similar title.
    Two works of one author in one year ("2009a", "2009b"), or two releases of one agency at
    different addresses, are not duplicates."""
    out = []
    by_year: dict[int | None, list[int]] = {}
    for i, entry in enumerate(entries):
        if entry.title or entry.url or entry.doi:
            by_year.setdefault(entry.year, []).append(i)
    budget = [MAX_DUPLICATE_CANDIDATES]
    for indexes in by_year.values():
        out.extend((a, b) for a, b in _candidate_pairs(entries, indexes, budget)
                   if _same_work(entries[a], entries[b]))
    return out


# Pairs of one year's entries that pass the blocking below and are compared one by one at most.
# 10,000 entries of one year are 50 million pairs; the blocking leaves the few that can list one
# work, unless thousands share authors and a date: then the comparisons stop, with a warning.
MAX_DUPLICATE_CANDIDATES = 200_000
_ROWS = 512  # entries compared with all others at once (bounds the score matrices' memory)


# Score matrices of fewer cells are computed in the calling thread: rapidfuzz's threads
# (workers=-1) cost ~1.8 ms to start per call, against ~5 us for a few references' matrix in one
# thread (15% of a bulk ingest's extraction went to starting them); the scores are the same.
THREADED_CELLS = 250_000


def _threads(cells: int) -> int:
    """rapidfuzz ``workers`` for a score matrix of ``cells``: all CPUs only for a large one."""
    return -1 if cells >= THREADED_CELLS else 1


def _candidate_pairs(entries: list[ReferenceEntry], indexes: list[int], budget: list[int]):
    """Pairs (a, b), a before b, that :func:`_same_work` may accept: author names at least 85
    alike, and the same DOI, the same address, titles at least 92 alike or the same date (what
    each of its branches needs). Score matrices computed in C a block of rows at a time, not a
    Python loop over every pair."""
    if len(indexes) < 2:
        return
    import numpy as np
    from rapidfuzz.process import cdist

    group = [entries[i] for i in indexes]
    names = [normalize_key(" ".join(e.authors)) for e in group]
    titles = [normalize_key(e.title or "") for e in group]
    unique = list(dict.fromkeys(names))  # many entries share their authors: score each once
    name_code = np.array([unique.index(n) for n in names]) if len(unique) < 64 else None
    name_scores = (cdist(unique, unique, scorer=fuzz.token_sort_ratio, score_cutoff=85,
                         dtype=np.uint8, workers=_threads(len(unique) ** 2)) > 0
                   ) if name_code is not None else None

    def codes(values: list) -> np.ndarray:  # equal values, equal codes; a missing value -1 - i
        seen: dict = {}
        return np.array([seen.setdefault(v, len(seen)) if v else -1 - i
                         for i, v in enumerate(values)])

    doi = codes([(e.doi or "").lower() for e in group])
    address = codes([_address(e.url) if e.url else "" for e in group])
    day = codes([e.date or "" for e in group])
    for top in range(0, len(group), _ROWS):
        rows = slice(top, top + _ROWS)
        threads = _threads(len(titles[rows]) * len(titles))
        if name_scores is not None:
            names_ok = name_scores[name_code[rows, None], name_code[None, :]]
        else:
            names_ok = cdist(names[rows], names, scorer=fuzz.token_sort_ratio, score_cutoff=85,
                             dtype=np.uint8, workers=threads) > 0
        titles_ok = cdist(titles[rows], titles, scorer=fuzz.ratio, score_cutoff=92,
                          dtype=np.uint8, workers=threads) > 0
        same = ((doi[rows, None] == doi[None, :]) | (address[rows, None] == address[None, :])
                | (day[rows, None] == day[None, :]) | titles_ok)
        keep = names_ok & same
        for r, c in zip(*np.nonzero(keep)):
            if top + r < c:
                if budget[0] <= 0:
                    logger.warning("duplicate reference detection stopped after %d candidate "
                                   "pairs: %d entries of %s share authors and dates",
                                   MAX_DUPLICATE_CANDIDATES, len(group), group[0].year)
                    return
                budget[0] -= 1
                yield indexes[top + r], indexes[c]


def _same_work(a: ReferenceEntry, b: ReferenceEntry) -> bool:
    """Same author names in any order, and one work: the same DOI or URL; else (when their
    addresses do not differ, nor their suffixes, "2009a"/"2009b") the same title, or for a person's
    work the same date and a similar title or venue (an organisation issues several releases a
    day, often with one venue such as "Press release")."""
    names_a = normalize_key(" ".join(a.authors))
    names_b = normalize_key(" ".join(b.authors))
    if fuzz.token_sort_ratio(names_a, names_b) < 85:
        return False
    if a.doi and b.doi:
        return a.doi.lower() == b.doi.lower()
    if a.url and b.url:
        return _address(a.url) == _address(b.url)
    if a.year_suffix and b.year_suffix and a.year_suffix != b.year_suffix:
        return False
    if not (a.title and b.title):
        return False
    title_a, title_b = normalize_key(a.title), normalize_key(b.title)
    if a.year_suffix == b.year_suffix and fuzz.ratio(title_a, title_b) >= 92:
        return True
    if a.date is None or a.date != b.date or _organisation(a):
        return False
    venue_a, venue_b = normalize_key(a.venue or ""), normalize_key(b.venue or "")
    same_venue = bool(venue_a and venue_b) and fuzz.token_set_ratio(venue_a, venue_b) >= 90
    return same_venue or fuzz.token_set_ratio(title_a, title_b) >= 60


def _organisation(entry: ReferenceEntry) -> bool:
    """Whether an entry's one author is an organisation ("Wahlamt", "Ministry of Health, NZ")."""
    return len(entry.authors) == 1 and parse_authors(entry.authors[0]).corporate


def _address(url: str) -> str:
    """A URL without scheme, "www.", trailing slash or case of the host, to compare two URLs."""
    rest = re.sub(r"^[a-z]+://(?:www\.)?", "", url.strip(), flags=re.I)
    host, _, path = rest.partition("/")
    return f"{host.lower()}/{path}".rstrip("/")


def _ambiguous_entries(entries: list[ReferenceEntry], pairs: list[tuple[int, int]]) -> list[CitationIssue]:
    """Keys shared by several entries that are not duplicates of one another."""
    dup_keys = {entries[i].key for pair in pairs for i in pair}
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.key] = counts.get(entry.key, 0) + 1
    return [
        CitationIssue("ambiguous", key, f"{n} reference entries share the key '{key}'; add year suffixes (a, b)")
        for key, n in counts.items()
        if n > 1 and key not in dup_keys
    ]


def _year_label(key: str) -> str:
    """The normalised year part of a key ("2022g", "2000-01")."""
    return normalize_key(key).rsplit(" ", 1)[-1]


def _name_words(name: str) -> set[str]:
    """Lowercase ASCII-folded words of a name, without connectors."""
    return set(_ordered_words(name))


def _ordered_words(name: str) -> list[str]:
    """Like :func:`_name_words` but as a list in order."""
    connectors = load_vocabulary().connectors
    return [w for w in normalize_key(name).split() if w not in connectors and not w.isdigit()]


def link_citations(
    found: list[FoundCitation], entries: list[ReferenceEntry]
) -> tuple[list[CitationMention | None], list[CitationIssue]]:
    """Link citations (in document order) to entries and report citation issues.

    Args:
        found: Citations from :func:`claimcheck.extract.citations.scan_citations`, in order.
        entries: The document's reference list.

    Returns:
        One mention per citation (``None`` for a narrative mention that is no citation; one per
        candidate entry for a citation ambiguous between different works), and the issues.
        Without entries, narrative mentions are dropped and no issue is reported.
    """
    if not entries:
        mentions = [
            None if f.style in ("narrative", "anaphoric", "uncertain")
            else CitationMention(f.key, f.text, f.start, f.end)
            for f in found
        ]
        return mentions, []
    linker = CitationLinker(entries)
    mentions: list[CitationMention | None] = []
    for f in found:
        mentions.extend(linker.link_all(f) or [None])
    return mentions, linker.issues()
