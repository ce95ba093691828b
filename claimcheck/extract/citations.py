"""In-text citations (pure): author-year, narrative and numeric forms, with normalised keys.

Keys are ``"Surname Year[suffix]"`` (``"Smith 2020a"``), ``"A and B Year"`` for two authors, the first
surname alone for three or more ("et al." is dropped), the full name as written for corporate
authors (``"Ministry of Health, UK 2021"``), and ``"[n]"`` for numeric citations.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.model import CitationMention

logger = logging.getLogger(__name__)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?:[–-]\d{2,4})?(?:\s?[a-z](?![A-Za-z]))?"
_YEAR_TOKEN = re.compile(
    r"(?P<year>(?:1[5-9]\d\d|20\d\d)(?:[–-]\d{2,4})?)(?:\s?(?P<suffix>[a-z])(?![A-Za-z]))?"
)
_PAREN = re.compile(r"\(([^()\n]{4,400})\)")
_NUMERIC = re.compile(r"\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]")
_NUMERIC_ITEM = re.compile(r"(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?")
_PAGES = r"(?:\s*[,:]\s*(?:pp?\.\s*)?[\dxivlc]+(?:\s*[–-]\s*\d+)?(?:\s*,\s*\d+(?:[–-]\d+)?)*)?"
_AUTHOR_YEARS = re.compile(
    rf"(?P<author>[^\d;()]*?[^\d\s,;()])[\s,]*(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)(?P<rest>.*)",
    re.S,
)
_YEARS_ONLY = re.compile(rf"(?P<years>{_YEAR}(?:\s*[,;]\s*{_YEAR})*){_PAGES}\s*")
_PAGES_ONLY = re.compile(rf"{_PAGES}\s*")
_PREFIX = re.compile(r"(?:[a-z][a-z.]*,?\s+)+")
_ET_AL = re.compile(r",?\s*\bet\s+al\.?", re.I)
_PIECES = re.compile(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")
_YEAR_SUFFIX_GAP = re.compile(r"(\d{4}(?:-\d{2,4})?)\s+([a-z])\b")
_NON_KEY_CHARS = re.compile(r"[^\w\s\[\]-]")
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L",
                       "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"})


@dataclass(frozen=True)
class CitationVocabulary:
    """Word lists used to tell authors from other capitalised words (``citations_vocab.json``)."""

    months: dict[str, int]
    not_authors: frozenset[str]
    connectors: frozenset[str]
    starters: frozenset[str]
    organisation_words: frozenset[str]
    prefixes: tuple[str, ...]
    editor_markers: frozenset[str]
    reporting_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FoundCitation:
    """A citation found in text, before it is linked to a reference entry.

    ``style`` is ``parenthetical`` ("(Smith 2020)"), ``narrative`` ("Smith (2020)"), ``anaphoric``
    (a bare "(2020a)" whose author comes from an earlier citation), ``numeric`` ("[3]") or
    ``uncertain`` ("(May 2019)": a date unless the reference list has such an author).
    ``firm`` marks a narrative mention that is surely a citation ("As Moreau (2023) observes",
    "according to Osei (2020)"): unmatched, it is dangling rather than dropped. ``name`` is the
    author named with a numeric citation ("Saloway and colleagues [8]"), checked against the entry.
    """

    author: str | None
    year: str
    suffix: str
    text: str
    start: int
    end: int
    style: str
    number: int | None = None
    firm: bool = False
    name: str | None = None

    @property
    def key(self) -> str:
        """The normalised citation key."""
        if self.number is not None:
            return f"[{self.number}]"
        return f"{author_key(self.author or '')} {self.year}{self.suffix}"


@lru_cache(maxsize=1)
def load_vocabulary() -> CitationVocabulary:
    """Load ``data/citations_vocab.json`` (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "citations_vocab.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return CitationVocabulary(
        months=dict(raw["months"]),
        not_authors=frozenset(raw["not_authors"]),
        connectors=frozenset(raw["name_connectors"]),
        starters=frozenset(raw["sentence_starters"]),
        organisation_words=frozenset(raw["organisation_words"]),
        prefixes=tuple(sorted(raw["citation_prefixes"], key=len, reverse=True)),
        editor_markers=frozenset(raw["editor_markers"]),
        reporting_verbs=frozenset(raw.get("reporting_verbs", ())),
    )


def clean_name(name: str) -> str:
    """Strip Markdown emphasis, surrounding punctuation and extra spaces from an author string."""
    name = _SPACES.sub(" ", name.replace("*", "").replace("_", " ")).strip()
    return name.strip(" ,;:(")


def split_person_list(name: str) -> list[str] | None:
    """Split "Smith, Jones and Lee" into surnames; ``None`` when ``name`` is one (corporate) name."""
    pieces = [p.strip() for p in _PIECES.split(name) if p and p.strip()]
    if len(pieces) < 2:
        return None
    vocab = load_vocabulary()
    for piece in pieces:
        words = piece.split()
        if len(words) > 3 or any(w.lower() in vocab.connectors for w in words):
            return None
        if any(w.lower() in vocab.organisation_words for w in words):
            return None
        if not all(w[0].isupper() for w in words):
            return None
    return pieces


@lru_cache(maxsize=4096)
def author_key(name: str) -> str:
    """Normalise a cited author string to the key's author part.

    Args:
        name: The author as written ("Smith et al.", "Smith & Jones", "Ministry of X, Y,").

    Returns:
        "Smith", "Smith and Jones", or the corporate name as written without trailing commas.
    """
    name = clean_name(name)
    had_et_al = bool(_ET_AL.search(name))
    name = clean_name(_ET_AL.sub("", name))
    persons = split_person_list(name)
    if had_et_al:
        return persons[0] if persons else name
    if persons is None:
        return name
    return persons[0] if len(persons) > 2 else f"{persons[0]} and {persons[1]}"


@lru_cache(maxsize=8192)
def normalize_key(key: str) -> str:
    """Return a tolerant form of a key: case, diacritics, "&"/"and", "et al.", spaces, dashes.

    Args:
        key: A citation or reference key.

    Returns:
        The lowercase ASCII-folded key; ``normalize_key(normalize_key(k)) == normalize_key(k)``.
    """
    # Lowercase, decompose and drop the marks first, fold the letters NFKD keeps whole (æ, ø,
    # ß...) after: "Ǣ" is "Æ" with a macron and "İ" lowercases to "i" with a dot, so either
    # order the other way round left something a second pass still changed.
    # Lower-cased again after NFKD: "𝕊" (a mathematical letter) has no lower case and
    # decomposes to a capital "S".
    text = unicodedata.normalize("NFKD", key.lower()).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    text = text.replace("&", " and ").replace("–", "-").replace("—", "-")
    text = _ET_AL.sub(" ", text)
    text = _NON_KEY_CHARS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _YEAR_SUFFIX_GAP.sub(r"\1\2", text)


@lru_cache(maxsize=4096)
def is_author_like(name: str) -> bool:
    """Tell whether a capitalised string can be a citation's author (not "March", "Summer")."""
    name = clean_name(_ET_AL.sub("", name))
    words = name.split()
    if not words or len(words) > 10 or len(name) > 120:
        return False
    if not words[0][0].isupper():
        return False
    vocab = load_vocabulary()
    first = words[0].lower().rstrip(".,")
    if first in vocab.not_authors:
        return False
    lowercase = [w for w in words if not w[0].isupper() and w.lower().rstrip(",") not in vocab.connectors]
    return not lowercase and not any(ch.isdigit() for ch in name)


def find_citations(text: str, offset: int = 0, *, last_author: str | None = None) -> list[CitationMention]:
    """Find the in-text citations of ``text``.

    Args:
        text: A sentence or paragraph.
        offset: Added to every position (the position of ``text`` in the document).
        last_author: Author for bare year citations ("(2021b)") with none earlier in ``text``.

    Returns:
        One mention per cited work, in order; ``reference_key`` is ``None`` (see
        :func:`claimcheck.extract.references.link_citations`).
    """
    return [
        CitationMention(key=f.key, text=f.text, start=f.start, end=f.end)
        for f in scan_citations(text, offset, last_author=last_author)
        if f.style != "uncertain"
    ]


def scan_citations(text: str, offset: int = 0, *, last_author: str | None = None) -> list[FoundCitation]:
    """Like :func:`find_citations` but keeps the citation style and parts (for linking)."""
    found: list[FoundCitation] = []
    if "(" in text:
        for m in _PAREN.finditer(text):
            found.extend(_scan_group(text, m, offset, _previous_author(found, last_author)))
    if "[" in text:
        found.extend(_scan_numeric(text, offset))
    found.sort(key=lambda f: f.start)
    return found


def _previous_author(found: list[FoundCitation], fallback: str | None) -> str | None:
    """The author of the last author-year citation so far, else ``fallback``."""
    for f in reversed(found):
        if f.author and f.style != "uncertain":
            return f.author
    return fallback


def _scan_group(text: str, m: re.Match, offset: int, last_author: str | None) -> list[FoundCitation]:
    """Citations inside one parenthesis: "(A 2020; B 2021a, 2022)", or a narrative "A (2020)"."""
    inner_start = m.start(1)
    out: list[FoundCitation] = []
    pos = inner_start
    for index, part in enumerate(m.group(1).split(";")):
        part_start = pos
        pos += len(part) + 1
        lead = len(part) - len(part.lstrip())
        part_start += lead
        part = part.strip()
        if not part or not any(ch.isdigit() for ch in part):
            continue
        if index == 0 and _YEARS_ONLY.fullmatch(part):
            author = _narrative_name(text, m.start())
            if author:
                firm = _firm_narrative(text, author[1], m.end())
                out.extend(_years(text, author, part, part_start, offset, "narrative", name_start=author[1],
                                  firm=firm))
                continue
        if _YEARS_ONLY.fullmatch(part):
            author_text = out[-1].author if out and out[-1].author else last_author
            if author_text:
                out.extend(_years(text, (author_text, None), part, part_start, offset, "anaphoric"))
            continue
        out.extend(_author_part(text, part, part_start, offset))
    return out


_LOWERCASE_NAME = re.compile(
    rf"(?P<author>[a-z][a-z-]+(?: [a-z][a-z-]+){{0,2}}),? (?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*){_PAGES}\s*"
)


def _author_part(text: str, part: str, part_start: int, offset: int) -> list[FoundCitation]:
    """Citations from one "Author Year[, Year][, pages]" part of a parenthesis."""
    lower = _LOWERCASE_NAME.fullmatch(part)
    if lower and lower.group("author").split()[0] not in load_vocabulary().not_authors:
        # "(infratest dimap 2021)": a lowercase brand name, or words; linked only if the list has it
        years_start = part_start + lower.start("years")
        return _years(text, (lower.group("author"), part_start), lower.group("years"), years_start, offset, "uncertain")
    prefix = _strip_prefix(part)
    part_start += prefix
    part = part[prefix:]
    m = _AUTHOR_YEARS.fullmatch(part)
    if not m or not is_author_like(m.group("author")):
        return []
    if not _PAGES_ONLY.fullmatch(m.group("rest")) and not m.group("rest").startswith((",", ":", " ")):
        return []
    author = clean_name(m.group("author"))
    years_text = m.group("years")
    years_start = part_start + m.start("years")
    style = "uncertain" if _looks_like_date(author) else "parenthetical"
    return _years(text, (author, part_start), years_text, years_start, offset, style)


def _looks_like_date(author: str) -> bool:
    """"(May 2019)", "(Jun 2022)": a date or an author; linked only if the list has the author."""
    words = author.split()
    return len(words) == 1 and words[0].lower().rstrip(".") in load_vocabulary().months


def _strip_prefix(part: str) -> int:
    """Length of a leading lowercase lead-in ("see", "e.g.,", "quoted in") to skip."""
    m = _PREFIX.match(part)
    return m.end() if m else 0


def _years(
    text: str,
    author: tuple[str, int | None],
    years_text: str,
    years_start: int,
    offset: int,
    style: str,
    name_start: int | None = None,
    firm: bool = False,
) -> list[FoundCitation]:
    """One citation per year token in ``years_text``; the first one spans the author too."""
    name, author_start = author
    out = []
    tokens = list(_YEAR_TOKEN.finditer(years_text))
    for i, y in enumerate(tokens):
        start = years_start + y.start()
        end = years_start + y.end()
        if i == 0 and author_start is not None:
            start = author_start
        if i == 0 and name_start is not None and len(tokens) == 1:
            end = min(len(text), text.find(")", end) + 1 or end)
        out.append(
            FoundCitation(
                author=name,
                year=y.group("year"),
                suffix=y.group("suffix") or "",
                text=text[start:end],
                start=offset + start,
                end=offset + end,
                style=style,
                firm=firm,
            )
        )
    return out


def _narrative_name(text: str, paren: int) -> tuple[str, int] | None:
    """The author name written just before "(" in a narrative citation, with its start."""
    window_start = max(0, paren - 120)
    tokens = list(_WORD.finditer(text, window_start, paren))
    if not tokens or tokens[-1].end() < paren - 1:
        return None
    vocab = load_vocabulary()
    kept: list[re.Match] = []
    for tok in reversed(tokens):
        word = tok.group().strip("*_")
        if not _is_name_word(word, vocab, is_last=not kept):
            break
        kept.append(tok)
        if len(kept) >= 6 or word.endswith(","):
            break
    kept.reverse()
    while kept and (_lower(kept[0]) in vocab.connectors or _lower(kept[0]) in vocab.starters):
        kept.pop(0)
    if not kept:
        return None
    name = clean_name(text[kept[0].start():kept[-1].end()])
    return (name, kept[0].start()) if name and is_author_like(name) else None


_AFTER_NARRATIVE = re.compile(r"[ \t]*,?[ \t]+(?:(?:has|have|had|also|further|\w+ly)[ \t]+){0,2}(?P<verb>[a-z]+)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+\Z")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?\Z", re.I)


def _firm_narrative(text: str, name_start: int, paren_end: int) -> bool:
    """Whether a narrative "Name (Year)" is surely a citation: a reporting verb follows ("Moreau
    (2023) observes", "Osei (2020) has rightly argued"), or "according to" comes before. Only
    for persons' names: "the Supreme Court (2021) found" may name a ruling, not a work."""
    vocab = load_vocabulary()
    words = [w.lower().strip("*_,.") for w in text[name_start:paren_end].split("(")[0].split()]
    if any(w in vocab.organisation_words for w in words):
        return False
    if _THE_BEFORE.search(text, max(0, name_start - 8), name_start):
        return False
    after = _AFTER_NARRATIVE.match(text, paren_end)
    if after and after.group("verb") in vocab.reporting_verbs:
        return True
    return bool(_ACCORDING_TO.search(text, max(0, name_start - 20), name_start))


def _lower(tok: re.Match) -> str:
    """The lowercase form of a token without emphasis marks."""
    return tok.group().strip("*_").lower()


def _is_name_word(word: str, vocab: CitationVocabulary, *, is_last: bool) -> bool:
    """Whether ``word`` can belong to an author name read backwards from a parenthesis."""
    if not word or any(ch.isdigit() for ch in word):
        return False
    if word.endswith(("'s", "’s", "s'", "s’")):
        return False
    if word.endswith((",", ";", ":")) and not is_last:
        return False
    if word.endswith(".") and word.lower() not in ("al.",) and not re.fullmatch(r"[A-Z]\.", word):
        return False
    return word[0].isupper() or word.lower() in vocab.connectors


_NAMED_NUMERIC = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][a-zß-ÿ'’]+(?:-[A-Z][a-zß-ÿ'’]+)?)"
    r"(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|co-?workers|co-?authors|others|team)|"
    r"\s+(?:and|&)\s+[A-Z][a-zß-ÿ'’-]+)?\s*\Z"
)


def _numeric_name(text: str, bracket: int) -> str | None:
    """The author named just before a numeric citation ("Saloway et al. [8]", "Okafor and
    colleagues [3]"), if the word there can be a surname."""
    m = _NAMED_NUMERIC.search(text, max(0, bracket - 80), bracket)
    if not m:
        return None
    vocab = load_vocabulary()
    word = m.group("name").lower()
    if word in vocab.not_authors or word in vocab.starters or word in vocab.months or word in vocab.organisation_words:
        return None
    return m.group("name")


def _scan_numeric(text: str, offset: int) -> list[FoundCitation]:
    """Numeric citations: "[3]", "[2-4]" (three), "[2, 5]" (two); the first keeps a name written
    before it."""
    out = []
    for m in _NUMERIC.finditer(text):
        name = _numeric_name(text, m.start())
        numbers: list[int] = []
        for item in _NUMERIC_ITEM.finditer(m.group(1)):
            low = int(item.group(1))
            high = int(item.group(2) or low)
            if high < low or high - low > 50:
                high = low
            numbers.extend(range(low, high + 1))
        for i, n in enumerate(numbers):
            out.append(
                FoundCitation(None, "", "", m.group(), offset + m.start(), offset + m.end(), "numeric", n,
                              name=name if i == 0 else None)
            )
    return out
