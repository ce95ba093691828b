"""Document zones (pure): which paragraphs are body text and which are front or back matter.

Each paragraph gets a zone kind. Only ``body`` paragraphs yield claims. ``references`` paragraphs are
parsed as a reference list. The other kinds (``heading``, ``boilerplate``, ``metadata``,
``affiliation``, ``citation``, ``link``) yield nothing. Cues live in ``data/sections_cues.json``;
generic patterns (e-mail, ISSN, ©, "All rights reserved") are compiled here.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.extract.references import line_entry_start, looks_like_entry
from claimcheck.extract.sentences import is_all_caps, is_heading_line, paragraph_spans

logger = logging.getLogger(__name__)

CLAIM_ZONES = frozenset({"body"})
MIN_UNHEADED_ENTRIES = 3
MAX_CUED_CHARS = 400  # a paragraph starting with a cue ("Copyright", "Source:") longer than this is prose
BOILERPLATE_PARAGRAPHS = 2  # paragraphs after a boilerplate heading ("Take down policy") that it covers

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NOTICE = re.compile(r"©|\(c\)\s*\d{4}|\bISSN\b|\bISBN\b")
_MASTHEAD = re.compile(r"[A-Z][^.,;\n]{2,80},\s*Vol(?:ume)?\.?\s*\d+.{0,40}\bpp?\.\s*\d+")
_PAGE_HEADER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s+(?:of|/)\s+\d{1,4})?|\d{1,4}\s+[A-Z][A-Z .:&-]{3,80}|[A-Z][A-Z .:&-]{3,80}\s+\d{1,4}", re.I)
_BYLINE = re.compile(r"(?:by|written by|authors?|posted by)\s*[:|]?\s+[A-Z][\w.'’-]+", re.I)
_LINK_ONLY = re.compile(r"(?:\[[^\]]*\]\([^)]*\)|<[^>\s]+>|https?://\S+|\bdoi:?\s*\S+|\s|[.,;:()])+", re.I)
_HEADING_CLEAN = re.compile(r"^#{1,6}\s*|^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s+|[:.]\s*$")
_AFFILIATION = re.compile(r"[A-Z][\w.'’ -]{1,80}?\s+is\s+(?:an?\s+|the\s+)?(?P<rest>.{0,80})", re.S)


@dataclass(frozen=True)
class Zone:
    """One paragraph with its zone kind (``body``, ``references``, ``heading``, ``boilerplate``...)."""

    start: int
    end: int
    paragraph: int
    kind: str

    @property
    def claimable(self) -> bool:
        """Whether claims may be taken from this paragraph."""
        return self.kind in CLAIM_ZONES


@dataclass(frozen=True)
class SectionCues:
    """Cue lists from ``data/sections_cues.json``, lowercased."""

    reference_headings: frozenset[str]
    boilerplate_headings: frozenset[str]
    line_cues: tuple[str, ...]
    phrases: tuple[tuple[str, str], ...]  # (first word, phrase)
    affiliation_words: tuple[str, ...]


@lru_cache(maxsize=1)
def load_cues() -> SectionCues:
    """Load ``data/sections_cues.json`` (cached)."""
    path = resources.files("claimcheck.extract").joinpath("data", "sections_cues.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return SectionCues(
        reference_headings=frozenset(raw["reference_headings"]),
        boilerplate_headings=frozenset(raw["boilerplate_headings"]),
        line_cues=tuple(raw["line_cues"]),
        phrases=tuple((p.split()[0], p) for p in raw["phrases"]),
        affiliation_words=tuple(raw["affiliation_words"]),
    )


def classify_paragraphs(text: str, spans: list[tuple[int, int]] | None = None) -> list[Zone]:
    """Give every paragraph of ``text`` a zone kind.

    Args:
        text: The document text.
        spans: Paragraph spans (default: :func:`claimcheck.extract.sentences.paragraph_spans`).

    Returns:
        One :class:`Zone` per paragraph, in order.
    """
    spans = paragraph_spans(text) if spans is None else spans
    cues = load_cues()
    zones: list[Zone] = []
    state = "body"
    for number, (start, end) in enumerate(spans, start=1):
        para = text[start:end]
        kind, state = _classify(para, state, cues)
        zones.append(Zone(start, end, number, kind))
    return _mark_unheaded_lists(text, zones)


def _classify(para: str, state: str, cues: SectionCues) -> tuple[str, str]:
    """(zone kind of this paragraph, state for the following paragraphs)."""
    lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
    if len(lines) == 1 and _is_metadata_line(lines[0], cues):
        return "metadata", _count_down(state)
    if len(lines) == 1 and _is_heading(lines[0], state):
        return "heading", _state_after_heading(lines[0], cues)
    if state == "references":
        return "references", state
    if state.startswith("boilerplate"):
        return "boilerplate", _count_down(state)
    return _classify_body(para, lines, cues), state


def _count_down(state: str) -> str:
    """One more paragraph of a boilerplate section used up."""
    if not state.startswith("boilerplate"):
        return state
    left = int(state.partition(":")[2] or BOILERPLATE_PARAGRAPHS) - 1
    return f"boilerplate:{left}" if left > 0 else "body"


def _is_metadata_line(line: str, cues: SectionCues) -> bool:
    """A one-line byline, date line or label ("By Jane Doe", "Published online: ...")."""
    if len(line) <= 80:
        name = _heading_name(line)
        if name in cues.reference_headings or name in cues.boilerplate_headings:
            return False
    lowered = line.lower()
    if _is_byline(line) or _is_page_header(line):
        return True
    return len(line) <= MAX_CUED_CHARS and lowered.startswith(cues.line_cues)


def _is_page_header(line: str) -> bool:
    """A running header or page number: "Page 3 of 12", "12", "JOURNAL OF X 134"."""
    return bool(_PAGE_HEADER.fullmatch(line)) and (
        is_all_caps(line) or line[:1].isdigit() or line.lower().startswith("page")
    )


def _is_heading(line: str, state: str) -> bool:
    """A heading; inside a reference list only a strong one (Markdown, numbered, all caps)."""
    if state != "references":
        return is_heading_line(line, alone=True)
    if line_entry_start(line):
        return False
    return is_heading_line(line, alone=False) or _heading_name(line) in load_cues().boilerplate_headings


def _heading_name(line: str) -> str:
    """A heading's text without '#', numbering and final colon, lowercased."""
    return _HEADING_CLEAN.sub("", line.strip()).strip().lower().replace("’", "'")


def _state_after_heading(line: str, cues: SectionCues) -> str:
    """The zone state a heading opens: references, boilerplate, or body."""
    name = _heading_name(line)
    if name in cues.reference_headings:
        return "references"
    if name in cues.boilerplate_headings:
        return "boilerplate"
    return "body"


def _classify_body(para: str, lines: list[str], cues: SectionCues) -> str:
    """Kind of a paragraph outside any special zone."""
    lowered = para.lower()
    if _LINK_ONLY.fullmatch(para):
        return "link"
    if len(para) <= MAX_CUED_CHARS and lowered.startswith(cues.line_cues):
        return "metadata"
    if _is_byline(lines[0]):
        return "metadata"
    if _has_notice(para, lowered) or _has_phrase(lowered, cues):
        return "boilerplate"
    if len(para) <= MAX_CUED_CHARS and _MASTHEAD.match(para):
        return "boilerplate"
    if _is_affiliation(para, lowered, cues):
        return "affiliation"
    if looks_like_entry(lines[0]) and all(line_entry_start(ln) or not ln[:1].isupper() for ln in lines[1:]):
        return "citation"
    return "body"


def _has_notice(para: str, lowered: str) -> bool:
    """A copyright sign, "(c) 2020", ISSN or ISBN."""
    if "©" not in para and "ISSN" not in para and "ISBN" not in para and "(c)" not in lowered:
        return False
    return bool(_NOTICE.search(para))


def _has_phrase(lowered: str, cues: SectionCues) -> bool:
    """Whether a boilerplate phrase occurs (first-word set lookup, then substring test)."""
    words = set(lowered.split())
    return any(first in words and phrase in lowered for first, phrase in cues.phrases)


def _is_byline(line: str) -> bool:
    """A short "By Jane Doe" / "Author: ..." line."""
    lowered = line.lower()
    if lowered.startswith(("author:", "authors:", "byline:")):
        return True
    return (
        len(line) <= 120
        and lowered.startswith(("by ", "written by ", "posted by "))
        and bool(_BYLINE.match(line))
        and not line.endswith((".", "!", "?"))
    )


def _is_affiliation(para: str, lowered: str, cues: SectionCues) -> bool:
    """An author note: an e-mail address in a short paragraph, or "X is Professor of ..."."""
    if len(para) <= 800 and "@" in para and _EMAIL.search(para):
        return True
    m = _AFFILIATION.match(para)
    if not m or len(para) > 300:
        return False
    rest = m.group("rest").lower()
    return any(word in rest for word in cues.affiliation_words)


def _mark_unheaded_lists(text: str, zones: list[Zone]) -> list[Zone]:
    """Turn runs of bibliography-like paragraphs (no heading) into ``references`` zones."""
    out = list(zones)
    run: list[int] = []
    counted: dict[int, int] = {}  # zone index -> its entry lines, for the runs' sums
    for i, zone in enumerate(zones + [Zone(0, 0, 0, "end")]):
        entries = _entry_lines(text, zone) if zone.kind in ("body", "citation") else 0
        if entries:
            run.append(i)
            counted[i] = entries
            continue
        if sum(counted[j] for j in run) >= MIN_UNHEADED_ENTRIES:
            for j in run:
                out[j] = Zone(zones[j].start, zones[j].end, zones[j].paragraph, "references")
        run = []
    return out


def _entry_lines(text: str, zone: Zone) -> int:
    """Number of lines of a paragraph that are bibliographic entries (0 if any line is prose)."""
    lines = [ln.strip() for ln in text[zone.start:zone.end].splitlines() if ln.strip()]
    if not lines or not line_entry_start(lines[0]):  # most paragraphs: prose, one test
        return 0
    return sum(1 for ln in lines if looks_like_entry(ln))


def reference_spans(zones: list[Zone]) -> list[tuple[int, int]]:
    """Merge consecutive ``references`` zones into (start, end) spans of reference lists.

    Args:
        zones: Output of :func:`classify_paragraphs`.

    Returns:
        Spans to pass to :func:`claimcheck.extract.references.parse_references`.
    """
    spans: list[list[int]] = []
    previous = ""
    for zone in zones:
        if zone.kind == "references":
            if previous == "references":
                spans[-1][1] = zone.end
            else:
                spans.append([zone.start, zone.end])
        previous = zone.kind
    return [(s, e) for s, e in spans]
