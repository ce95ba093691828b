"""Slot extraction for one statement: entities, dates, quantities, negation, quantifier, hedge.

Pure and on the hot path: each extractor starts with a cheap pre-check and uses precompiled
patterns. Offsets are absolute: ``offset`` + position in ``text``, so
``text[m.start - offset:m.end - offset] == m.text`` for every mention.
"""

from __future__ import annotations

from datetime import date

from claimcheck.extract.dates import extract_dates, find_citation_spans
from claimcheck.extract.entities import extract_entities
from claimcheck.extract.modality import detect_modality
from claimcheck.extract.quantities import extract_quantities
from claimcheck.model import Slots


def extract_slots(text: str, offset: int = 0, reference_date: date | None = None) -> Slots:
    """Return the slots of ``text``.

    Args:
        text: One statement (usually a sentence).
        offset: Position of ``text`` in its document; added to every mention's offsets.
        reference_date: The document's publication date, used to fill in years left out
            ("on July 13") and to resolve "last year".

    Returns:
        The statement's ``Slots``. Years and names inside parenthetical citations ("(Smith
        2020)") are not slots; dates are never also counted as quantities.
    """
    citations = find_citation_spans(text)
    dates = extract_dates(text, offset, reference_date, skip=citations)
    date_spans = [(d.start - offset, d.end - offset) for d in dates if not d.relative or d.value]
    quantities = extract_quantities(text, offset, skip=citations + date_spans)
    entities = extract_entities(text, offset, skip=tuple(citations))
    modality = detect_modality(text)
    return Slots(
        entities=tuple(entities),
        dates=tuple(dates),
        quantities=tuple(quantities),
        negated=modality.negated,
        quantifier=modality.quantifier,
        hedged=modality.hedged,
    )
