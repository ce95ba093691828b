"""Claim extraction (pure): sentences, sections, slots, citations, reference lists, citation issues.

``extract_document`` is the entry point the pipeline calls on a stored document's plain text.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date

from claimcheck.extract.checkworthy import score_checkworthiness
from claimcheck.extract.dates import years_from_context
from claimcheck.extract.entities import place_names_in, resolve_places
from claimcheck.extract.quantities import currencies_in_context
from claimcheck.extract.citations import FoundCitation, find_citations, scan_citations
from claimcheck.extract.references import link_citations, parse_references
from claimcheck.extract.sections import Zone, classify_paragraphs, reference_spans
from claimcheck.extract.sentences import (
    Segment,
    paragraph_spans,
    segment_paragraph,
    split_sentences,
)
from claimcheck.extract.slots import extract_slots
from claimcheck.model import CitationMention, Claim, Extraction, ReferenceEntry

__all__ = ["extract_document", "find_citations", "parse_references", "split_sentences"]

logger = logging.getLogger(__name__)

MIN_CLAIM_WORDS = 3
MIN_CLAIM_CHARS = 12
_WORD = re.compile(r"[^\W\d_]{2,}")


def extract_document(text: str, *, published: date | None = None,
                     references: Sequence[ReferenceEntry] = (),
                     published_precision: str = "day") -> Extraction:
    """Extract claims, references and citation issues from a document's plain text.

    Args:
        text: The stored plain text; every offset in the result points into it.
        published: The document's date, used to infer years left out in dates.
        published_precision: How much of ``published`` is known ("month" for "October 2017"):
            a month or year alone still gives the years left out (see ``extract_dates``).
        references: Entries of a reference list given beside the text (a BibTeX, CSL-JSON or
            RIS file), linked to its citations like the entries of its own list.

    Returns:
        An :class:`~claimcheck.model.Extraction`: claims from body paragraphs (front and back
        matter yield none), the parsed reference list, and citation issues.
    """
    zones = classify_paragraphs(text, paragraph_spans(text))
    references = _references(text, zones) + list(references)
    body = [z for z in join_broken_paragraphs(text, zones) if z.claimable]
    segments = [s for z in body for s in segment_paragraph(text, z.start, z.end, z.paragraph)]
    found = _scan(text, body)
    mentions, issues = link_citations(found, references)
    linked = [m for m in mentions if m is not None]
    claims = _claims(text, segments, linked, published, published_precision)
    logger.debug("extracted %d claims, %d references, %d issues", len(claims), len(references), len(issues))
    return Extraction(claims=tuple(claims), references=tuple(references), citation_issues=tuple(issues))


_OPEN_END = re.compile(r"[^.!?:;\"'”’)\]]\Z")
_LOWER_START = re.compile(r"[a-z(“\"']")


def join_broken_paragraphs(text: str, zones: list[Zone]) -> list[Zone]:
    """Join a paragraph that stops mid-sentence to the next body paragraph when that one starts
    in lower case: text converted from PDF breaks sentences at page boundaries. A short first
    half that looked like a heading is body text after all."""
    joined: list[Zone] = []
    for zone in zones:
        prev = joined[-1] if joined else None
        if (prev is not None and zone.claimable and (prev.claimable or prev.kind == "heading")
                and zone.paragraph == prev.paragraph + 1
                and _OPEN_END.search(text[prev.start:prev.end])
                and _LOWER_START.match(text, zone.start)):
            joined[-1] = Zone(prev.start, zone.end, prev.paragraph, zone.kind)
        else:
            joined.append(zone)
    return joined


def _references(text: str, zones: list[Zone]) -> list[ReferenceEntry]:
    """All reference entries of the document's reference lists."""
    entries: list[ReferenceEntry] = []
    for start, end in reference_spans(zones):
        entries.extend(parse_references(text, start, end))
    return entries


def _scan(text: str, body: list[Zone]) -> list[FoundCitation]:
    """Citations of every body paragraph, in order; bare years take the last author seen."""
    found: list[FoundCitation] = []
    last_author = None
    for zone in body:
        here = scan_citations(text[zone.start:zone.end], zone.start, last_author=last_author)
        found.extend(here)
        authors = [f.author for f in here if f.author and f.style != "uncertain"]
        last_author = authors[-1] if authors else last_author
    return found


def _claims(
    text: str, segments: list[Segment], mentions: list[CitationMention], published: date | None,
    precision: str = "day",
) -> list[Claim]:
    """A claim for each sentence long enough to state something, with its slots and citations."""
    claims = []
    cursor = 0
    for seg in segments:
        if seg.kind != "sentence":
            continue
        sentence = text[seg.start:seg.end]
        while cursor < len(mentions) and mentions[cursor].start < seg.start:
            cursor += 1
        cited = []
        while cursor < len(mentions) and mentions[cursor].start < seg.end:
            cited.append(mentions[cursor])
            cursor += 1
        if not _is_statement(sentence):
            continue
        claims.append(_claim(sentence, seg, tuple(cited), published, precision))
    return _paragraph_currencies(_paragraph_places(_paragraph_years(claims)))


def _paragraph_years(claims: list[Claim]) -> list[Claim]:
    """A date without a year takes the year of the last explicit date before it in its
    paragraph, not the publication year: an article of 2017 telling of April 2015 writes "on
    the evening of 25 April" two sentences after "on 25 April 2015"."""
    out, year, paragraph = [], None, None
    for claim in claims:
        if claim.paragraph != paragraph:
            paragraph, year = claim.paragraph, None
        dates, year = years_from_context(claim.slots.dates, year)
        if dates != claim.slots.dates:
            claim = dataclasses.replace(claim, slots=dataclasses.replace(claim.slots, dates=dates))
        out.append(claim)
    return out


def _paragraph_places(claims: list[Claim]) -> list[Claim]:
    """A place name with several referents ("San José", "Victoria") takes the country its
    paragraph names, when its own sentence named none (see ``entities.resolve_places``)."""
    paragraphs: dict[int, list[int]] = {}
    for i, claim in enumerate(claims):
        paragraphs.setdefault(claim.paragraph, []).append(i)
    out = list(claims)
    for members in paragraphs.values():
        if not any(place_names_in(claims[i].slots.entities) for i in members):
            continue
        context = [e for i in members for e in claims[i].slots.entities]
        for i in members:
            entities = claims[i].slots.entities
            if place_names_in(entities):
                resolved = tuple(resolve_places(list(entities), context))
                if resolved != entities:
                    out[i] = dataclasses.replace(claims[i], slots=dataclasses.replace(claims[i].slots, entities=resolved))
    return out


def _paragraph_currencies(claims: list[Claim]) -> list[Claim]:
    """Money in a currency word several countries share ("pesos") takes the currency of the
    country its paragraph names, when its own sentence named none (sentences are resolved in
    ``extract_slots``; see ``quantities.currencies_in_context``)."""
    countries: dict[int, list[str]] = {}
    for claim in claims:
        countries.setdefault(claim.paragraph, []).extend(
            e.canonical for e in claim.slots.entities if e.kind == "country")
    out = []
    for claim in claims:
        slots = claim.slots
        if (slots.quantities and countries.get(claim.paragraph)
                and not any(e.kind == "country" for e in slots.entities)
                and any(q.kind == "money" for q in slots.quantities)):
            resolved = currencies_in_context(slots.quantities, countries[claim.paragraph])
            if resolved != slots.quantities:
                claim = dataclasses.replace(claim, slots=dataclasses.replace(slots, quantities=resolved))
        out.append(claim)
    return out


_TABLE_CELLS = re.compile(r" \| .+ \| ")


def _is_statement(sentence: str) -> bool:
    """At least a few words of letters (drops stray fragments, numbers and link lines); a table
    row ("A | B | C", as HTML tables are extracted) is data without its header, not a statement."""
    return (len(sentence) >= MIN_CLAIM_CHARS and _has_words(sentence, MIN_CLAIM_WORDS)
            and not _TABLE_CELLS.search(sentence))


def _has_words(sentence: str, count: int) -> bool:
    """``len(_WORD.findall(sentence)) >= count``, reading only up to the ``count``-th word."""
    if count <= 0:
        return True
    for found, _ in enumerate(_WORD.finditer(sentence), 1):
        if found == count:
            return True
    return False


def _claim(sentence: str, seg: Segment, cited: tuple[CitationMention, ...], published: date | None,
           precision: str = "day") -> Claim:
    """Build one claim: slots, check-worthiness and citations."""
    slots = extract_slots(sentence, offset=seg.start, reference_date=published, reference_precision=precision)
    score, reason = score_checkworthiness(sentence, slots)
    return Claim(
        text=sentence,
        start=seg.start,
        end=seg.end,
        paragraph=seg.paragraph,
        slots=slots,
        checkworthy=score >= 0.5,
        checkworthiness=score,
        checkworthy_reason=reason,
        citations=cited,
    )
