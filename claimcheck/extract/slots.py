"""Slot extraction for one statement: entities, dates, quantities, negation, quantifier, hedge.

Pure and on the hot path: each extractor starts with a cheap pre-check and uses precompiled
patterns. Offsets are absolute: ``offset`` + position in ``text``, so
``text[m.start - offset:m.end - offset] == m.text`` for every mention.

Slots depend only on the text and the reference date, so the slots of recently seen statements
are kept (at offset 0) and moved to the requested offset: documents repeat boilerplate and
quotations, and the pipeline meets the same reference passages again when verifying.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TypeVar

from claimcheck.extract.dates import extract_dates, find_citation_spans
from claimcheck.extract.entities import extract_entities
from claimcheck.extract.modality import detect_modality
from claimcheck.extract.quantities import extract_quantities
from claimcheck.model import DateMention, Entity, Quantity, Slots

_Mention = TypeVar("_Mention", Entity, DateMention, Quantity)

CACHE_SIZE = 8192


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
    slots = _slots_at_start(text, reference_date)
    return _shifted(slots, offset) if offset else slots


def clear_cache() -> None:
    """Forget the slots of statements seen so far (for benchmarks of the extraction itself)."""
    _slots_at_start.cache_clear()


@lru_cache(maxsize=CACHE_SIZE)
def _slots_at_start(text: str, reference_date: date | None) -> Slots:
    """The slots of ``text`` with offsets relative to its start (cached)."""
    citations = find_citation_spans(text)
    dates = extract_dates(text, 0, reference_date, skip=citations)
    date_spans = [(d.start, d.end) for d in dates if not d.relative or d.value]
    quantities = extract_quantities(text, 0, skip=citations + date_spans)
    entities = extract_entities(text, 0, skip=tuple(citations))
    modality = detect_modality(text)
    return Slots(
        entities=tuple(entities),
        dates=tuple(dates),
        quantities=tuple(quantities),
        negated=modality.negated,
        quantifier=modality.quantifier,
        hedged=modality.hedged,
    )


def _shifted(slots: Slots, offset: int) -> Slots:
    """``slots`` with every mention moved ``offset`` characters to the right."""
    if not (slots.entities or slots.dates or slots.quantities):
        return slots
    return Slots(
        entities=tuple(_moved(e, offset) for e in slots.entities),
        dates=tuple(_moved(d, offset) for d in slots.dates),
        quantities=tuple(_moved(q, offset) for q in slots.quantities),
        negated=slots.negated,
        quantifier=slots.quantifier,
        hedged=slots.hedged,
    )


_new = object.__new__


def _moved(mention: _Mention, offset: int) -> _Mention:
    """A copy of a frozen mention with ``start`` and ``end`` moved by ``offset``.

    Fills the copy's ``__dict__`` directly: twice as fast as the frozen constructor, and every
    field (present or added later to the model) is carried over.
    """
    moved = _new(type(mention))
    fields = moved.__dict__
    fields.update(mention.__dict__)
    fields["start"] = mention.start + offset
    fields["end"] = mention.end + offset
    return moved
