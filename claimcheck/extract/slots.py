"""Slot extraction for one statement: entities, dates, quantities, negation, quantifier, hedge.

Pure and on the hot path: each extractor starts with a cheap pre-check and uses precompiled
patterns. Offsets are absolute: ``offset`` + position in ``text``, so
``text[m.start - offset:m.end - offset] == m.text`` for every mention.

Slots depend only on the text and the reference date, so the slots of recently seen statements
are kept (with the offset they were made at) and moved when the same text comes again at another
offset: documents repeat boilerplate and quotations, and the pipeline meets the same reference
passages again when verifying. A new statement's mentions are made at their final offset directly.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable
from datetime import date
from operator import attrgetter
from typing import Any

from claimcheck.extract import dates as dates_module
from claimcheck.extract import entities as entities_module
from claimcheck.extract import quantities as quantities_module
from claimcheck.extract.dates import extract_dates, find_citation_spans, holiday_names, names_month
from claimcheck.extract.entities import extract_entities
from claimcheck.extract.modality import detect_modality
from claimcheck.extract.nonfigures import non_figure_spans
from claimcheck.extract.quantities import context_currencies_possible, currencies_in_context, extract_quantities
from claimcheck.extract.times import extract_times
from claimcheck.model import DateMention, Entity, Quantity, Slots, TimeMention, direct_constructor

CACHE_SIZE = 8192


def extract_slots(text: str, offset: int = 0, reference_date: date | None = None,
                  reference_precision: str = "day") -> Slots:
    """Return the slots of ``text``.

    Args:
        text: One statement (usually a sentence).
        offset: Position of ``text`` in its document; added to every mention's offsets.
        reference_date: The document's publication date, used to fill in years left out
            ("on July 13") and to resolve "last year".
        reference_precision: How much of ``reference_date`` is known: "day", or "month" or
            "year" for a document dated "October 2017" or "2017" (see ``extract_dates``).

    Returns:
        The statement's ``Slots``. Years and names inside parenthetical citations ("(Smith
        2020)") are not slots, nor are digits inside web addresses, DOIs and numeric citation
        markers ("[12]"); times of day and dates are never also counted as quantities.
    """
    key = (text, reference_date) if reference_precision == "day" else (text, reference_date, reference_precision)
    cached = _CACHE.get(key)
    if cached is not None:
        return _unpacked(cached, offset)
    slots = _extract(text, offset, reference_date, reference_precision)
    while len(_CACHE) >= CACHE_SIZE and _ORDER:
        _CACHE.pop(_ORDER.popleft(), None)  # the oldest entry
    _CACHE[key] = _packed(slots, offset)
    _ORDER.append(key)
    return slots


def clear_cache() -> None:
    """Forget the slots of statements seen so far, and every memo of pieces of them (chunks,
    words), so that benchmarks measure the extraction from cold."""
    _CACHE.clear()
    _ORDER.clear()
    for memo in _PIECE_MEMOS:
        memo.cache_clear()


# (text, reference date) -> the slots, packed with the offset they were made at (``_packed``);
# slots depend on nothing else, so a hit is the cached slots rebuilt at the new offset. Oldest
# entries leave first.
_HOLIDAYS = holiday_names()  # holiday names the date patterns read ("Boxing Day")
_CACHE: dict[tuple, tuple] = {}  # key: (text, date) or (text, date, precision)
# the keys of _CACHE, oldest first: ``next(iter(_CACHE))`` would find the oldest entry by
# skipping every entry deleted before it (CPython's dict keeps their places until it resizes),
# ~5 microseconds an eviction with 8,192 entries, more than a tenth of a statement's extraction
_ORDER: deque = deque()
# memos the extractors keep of pieces of statements (emptied by clear_cache)
_PIECE_MEMOS = (entities_module._chunk_window_mentions, quantities_module._noun_word, quantities_module._before_facts,
                quantities_module._word_before, dates_module._has_future_cue,
                dates_module._day_month_value, dates_module._month_bare_value, dates_module._infer_year)


def _extract(text: str, offset: int, reference_date: date | None, reference_precision: str = "day") -> Slots:
    """The slots of ``text``, mentions placed at ``offset`` (made directly, not moved)."""
    citations = find_citation_spans(text)
    blind = non_figure_spans(text)  # addresses and "[12]": no time, date or quantity
    times = extract_times(text, offset, blind)
    if blind or times:
        blind = blind + [(t.start - offset, t.end - offset) for t in times]
        date_skip = citations + blind
    else:
        date_skip = citations
    dates = extract_dates(text, offset, reference_date, skip=date_skip, reference_precision=reference_precision)
    if dates:
        # a day and month without a year, read without a reference date ("on 4 December"), has no
        # value but is still a date: its digits are no count
        date_spans = [(d.start - offset, d.end - offset) for d in dates
                      if not d.relative or d.value or names_month(d.text)]
        skip = date_skip + date_spans if date_skip else date_spans
    else:
        skip = date_skip
    quantities = extract_quantities(text, offset, skip=skip)
    entity_skip = tuple(citations)
    for d in dates:  # "New Year's Day" is a date, no name (a loop: no generator per statement)
        if d.text in _HOLIDAYS:
            entity_skip += tuple((d.start - offset, d.end - offset) for d in dates if d.text in _HOLIDAYS)
            break
    entities = extract_entities(text, offset, skip=entity_skip)
    if quantities and entities and context_currencies_possible(quantities):  # "3 billion pesos" naming Chile: CLP
        countries = [e.canonical for e in entities if e.kind == "country"]
        if countries:
            quantities = currencies_in_context(quantities, countries)
    modality = detect_modality(text)
    return _slots(tuple(entities), tuple(dates), tuple(quantities),
                  modality.negated, modality.quantifier, modality.hedged, tuple(times))


def _packed(slots: Slots, offset: int) -> tuple:
    """``slots`` (made at ``offset``) as the cache keeps them: one flat tuple ``(offset, negated,
    quantifier, hedged, number of entities, of dates, of quantities, of times)`` followed by the
    field values of every mention, kind after kind, each mention's in field order.

    Every value is a string, a number, a bool or None, so the garbage collector stops tracking
    the tuple at the first collection that sees it: the cache's 8,192 statements hold no objects
    that later collections re-read (``bench/slots_gc.py``). One flat tuple, not a tuple of
    tuples: the collector examines a container before the tuples it holds (it finds those
    through it), so a nested tuple stays tracked until its generation is collected again and
    reaches the oldest generation, which only a full collection reads.
    """
    entities, dates, quantities, times = slots.entities, slots.dates, slots.quantities, slots.times
    values = [offset, slots.negated, slots.quantifier, slots.hedged, len(entities), len(dates), len(quantities),
              len(times)]
    add = values.extend  # a list extended mention by mention: cheaper than chaining iterators
    for m in entities:
        add(_ENTITY_VALUES(m))
    for m in dates:
        add(_DATE_VALUES(m))
    for m in quantities:
        add(_QUANTITY_VALUES(m))
    for m in times:
        add(_TIME_VALUES(m))
    return tuple(values)


def _unpacked(packed: tuple, offset: int) -> Slots:
    """The ``Slots`` that ``_packed`` packed, every mention moved to ``offset``: equal to the
    slots ``_extract`` makes at ``offset``. Statements without mentions share one ``Slots`` per
    modality (they are frozen)."""
    made_at, negated, quantifier, hedged, n_entities, n_dates, n_quantities, n_times = packed[:8]
    if not (n_entities or n_dates or n_quantities or n_times):
        plain = _PLAIN.get((negated, quantifier, hedged))
        if plain is None:
            plain = _PLAIN[(negated, quantifier, hedged)] = _slots((), (), (), negated, quantifier, hedged, ())
        return plain
    shift = offset - made_at
    start = 8
    kinds = []
    for count, (move, size) in zip((n_entities, n_dates, n_quantities, n_times), _MOVERS):
        stop = start + count * size
        kinds.append(tuple([move(packed, i, shift) for i in range(start, stop, size)]) if count else ())
        start = stop
    entities, dates, quantities, times = kinds
    return _slots(entities, dates, quantities, negated, quantifier, hedged, times)


def _values_mover(cls: type) -> tuple[Callable[[tuple, int, int], Any], int]:
    """``(move, size)``: ``move(values, i, shift)`` is the ``cls`` mention whose field values are
    ``values[i:i + size]`` (in field order), ``start`` and ``end`` moved by ``shift``, made by
    ``direct_constructor``; ``size`` is the number of fields."""
    names = [f.name for f in dataclasses.fields(cls)]
    args = ", ".join(f"values[i + {k}] + shift" if name in ("start", "end") else f"values[i + {k}]"
                     for k, name in enumerate(names))
    namespace: dict[str, Any] = {"_make": direct_constructor(cls)}
    exec(f"def move(values, i, shift):\n    return _make({args})\n", namespace)  # noqa: S102 - from the field names
    return namespace["move"], len(names)


def _values(cls: type) -> Callable[[Any], tuple]:
    """The field values of a ``cls`` object as a tuple, in field order."""
    return attrgetter(*[f.name for f in dataclasses.fields(cls)])


_slots = direct_constructor(Slots)  # Slots(...) without the frozen __init__'s cost
_PLAIN: dict[tuple, Slots] = {}  # (negated, quantifier, hedged) -> Slots without mentions
_ENTITY_VALUES, _DATE_VALUES, _QUANTITY_VALUES, _TIME_VALUES = map(_values, (Entity, DateMention, Quantity, TimeMention))
_MOVERS = tuple(map(_values_mover, (Entity, DateMention, Quantity, TimeMention)))  # in ``_packed``'s order
