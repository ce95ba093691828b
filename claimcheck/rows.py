"""The rows one document's extraction adds to the database, made without the database.

``document_rows`` turns an ``Extraction`` into plain values (numbers, text, bytes), the ids the
database gives aside; ``SqlStore.add_documents`` numbers and inserts them. Bulk ingest makes them
in its worker processes (``claimcheck.ingest_pool``), so the writing process only inserts; a
single process makes them when it writes. Either way the same rows are stored. Kept apart from
``claimcheck.store`` so a worker never imports SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from claimcheck.model import Extraction, field_dict


@dataclass(frozen=True)
class DocumentRows:
    """What a document's extraction adds besides the document's own row."""

    references: tuple = ()  # reference_entries values (no id, no document_id), one per key
    claims: tuple = ()  # CLAIM_VALUES per claim, in extraction order
    citations: tuple = ()  # (claim's index, key, text, start, end, reference key or None)
    # per claim: (block key hashes, figure key hashes, normalised text, slot keys as JSON)
    # (``claimcheck.match.prepared_state``), or None for a claim without text
    states: tuple = ()
    issues: tuple = ()  # (kind, citation, detail, suggestion)


# the claims' columns of ``DocumentRows.claims``, in order (id and document_id come at writing)
CLAIM_VALUES = ("paragraph", "start", "end", "text", "checkworthy", "checkworthiness",
                "checkworthy_reason", "entities", "dates", "quantities", "negated", "quantifier",
                "hedged", "times")


def _plain_dumps():
    """``json.dumps`` with its default options, for values without cycles: the same text, from
    the same C encoder, made once instead of at every call (``json.dumps`` builds an encoder
    object per value: a third of its time on a claim's short slot lists). Circular values are
    not checked for (a write path's values are plain lists, dicts and tuples of plain values);
    without the C encoder, ``json.dumps`` itself."""
    from json.encoder import c_make_encoder, encode_basestring_ascii

    try:  # the arguments ``JSONEncoder.iterencode`` passes for ``json.dumps(value)``, markers aside
        encode = c_make_encoder(None, json.JSONEncoder().default, encode_basestring_ascii, None,
                                ": ", ", ", False, False, True)
    except TypeError:  # pragma: no cover - no C encoder, or one that takes other arguments
        return json.dumps

    def dumps(value) -> str:
        if isinstance(value, str):  # as ``JSONEncoder.encode``: a string alone is one chunk
            return encode_basestring_ascii(value)
        return "".join(encode(value, 0))

    return dumps


dumps = _plain_dumps()


def json_list(items) -> str:
    """Leaf dataclasses (slots) as the JSON list ``[asdict(x) for x in items]`` makes, from
    ``field_dict`` (fields in order, values plain): no recursive copy per object."""
    return dumps([field_dict(x) for x in items]) if items else "[]"


def document_rows(extraction: Extraction | DocumentRows) -> DocumentRows:
    """The rows of ``extraction``; rows made already are returned as given."""
    if isinstance(extraction, DocumentRows):
        return extraction
    by_key = {}  # one entry per key: the last one given, where the first one stood
    for r in extraction.references:
        by_key[r.key] = r
    references = tuple({"key": r.key, "text": r.text, "start": r.start, "end": r.end,
                        "authors": list(r.authors), "year": r.year, "title": r.title,
                        "venue": r.venue, "date_text": r.date, "url": r.url, "doi": r.doi}
                       for r in by_key.values())
    claims = extraction.claims
    rows = tuple((c.paragraph, c.start, c.end, c.text, c.checkworthy, float(c.checkworthiness),
                  c.checkworthy_reason, json_list(c.slots.entities), json_list(c.slots.dates),
                  json_list(c.slots.quantities),  # quantities with ``high`` (ranges, tallies)
                  c.slots.negated, c.slots.quantifier, c.slots.hedged, json_list(c.slots.times))
                 for c in claims)
    citations = tuple((k, m.key, m.text, m.start, m.end, m.reference_key or None)
                      for k, c in enumerate(claims) for m in c.citations)
    states = tuple(None if state is None else
                   (state[0].tobytes(), state[1].tobytes(), state[2], dumps(state[3]))
                   for state in _prepared_states(claims))
    issues = tuple((i.kind, i.citation, i.detail, i.suggestion)
                   for i in extraction.citation_issues)
    return DocumentRows(references, rows, citations, states, issues)


def _prepared_states(claims) -> list[tuple | None]:
    """``prepared_state`` of each claim; None for a claim without text, which the database
    refuses (NOT NULL) when its row is written, before any state."""
    from claimcheck.match import prepared_state

    return [prepared_state(claim) if isinstance(claim.text, str) else None for claim in claims]
