"""Alembic owns the schema: an old database is upgraded in place without losing rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from claimcheck.errors import StaleWriteError

from claimcheck.model import (
    CitationMention,
    Claim,
    Extraction,
    Match,
    ReferenceEntry,
    SourceDocument,
    VerificationResult,
)
from claimcheck.store import SqlStore, migrate
from claimcheck.store.repository import create_db_engine


def test_upgrade_from_baseline_keeps_documents(db_url):
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at)"
            " VALUES ('ab', 'x.txt', 'text/plain', '[]', 'other', 'Some text.', CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        (doc,) = store.documents()
        assert doc.text == "Some text." and doc.cited_urls == []
    finally:
        store.close()


def test_upgrade_from_baseline_keeps_claims_and_citations(db_url):
    """0002 must not rebuild documents or reference_entries on SQLite: the DROP TABLE of a
    rebuild cascades (foreign_keys=ON) to claims and citations, or unlinks citations."""
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at)"
            " VALUES ('ab', 'x.txt', 'text/plain', '[]', 'other', 'S said. S', CURRENT_TIMESTAMP)"))
        doc = conn.execute(sa.text("SELECT id FROM documents")).scalar_one()
        conn.execute(sa.text(
            'INSERT INTO claims (document_id, paragraph, start, "end", text, checkworthy,'
            " checkworthiness, checkworthy_reason, entities, dates, quantities, negated, hedged)"
            " VALUES (:doc, 1, 0, 7, 'S said.', :yes, 0.5, '', '[]', '[]', '[]', :no, :no)"),
            {"doc": doc, "yes": True, "no": False})
        claim = conn.execute(sa.text("SELECT id FROM claims")).scalar_one()
        conn.execute(sa.text(
            'INSERT INTO reference_entries (document_id, key, text, start, "end", authors)'
            " VALUES (:doc, 'S 2020', 'S', 8, 9, '[]')"), {"doc": doc})
        ref = conn.execute(sa.text("SELECT id FROM reference_entries")).scalar_one()
        conn.execute(sa.text(
            'INSERT INTO citations (claim_id, key, text, start, "end", reference_id)'
            " VALUES (:claim, 'S 2020', 'S', 0, 1, :ref)"), {"claim": claim, "ref": ref})
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        (got,) = store.claims()
        assert got.text == "S said."
        assert [c.reference_key for c in got.citations] == ["S 2020"]
    finally:
        store.close()


def test_claims_stored_before_times_and_ranges_read_with_the_defaults(db_url):
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, "0002")  # before claims.times; quantities JSON without "high"
    old_quantity = ('[{"text": "141 states", "value": 141.0, "unit": "state", "kind": "count",'
                    ' "start": 5, "end": 15, "approximate": true}]')
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at,"
            " cited_urls) VALUES ('ab', 'x.txt', 'text/plain', '[]', 'other',"
            " 'Some 141 states agreed.', CURRENT_TIMESTAMP, '[]')"))
        doc_id = conn.execute(sa.text("SELECT id FROM documents")).scalar_one()
        conn.execute(sa.text(
            'INSERT INTO claims (document_id, paragraph, start, "end", text, checkworthy,'
            " checkworthiness, checkworthy_reason, entities, dates, quantities, negated, hedged)"
            " VALUES (:doc, 1, 0, 23, 'Some 141 states agreed.', :yes, 0.5, '', '[]', '[]',"
            " :quantities, :no, :no)"),
            {"doc": doc_id, "quantities": old_quantity, "yes": True, "no": False})
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        (claim,) = store.claims()
        assert claim.slots.times == ()
        (q,) = claim.slots.quantities
        assert (q.value, q.approximate, q.high) == (141.0, True, None)
    finally:
        store.close()


def test_migrating_claims_keeps_the_rows_that_point_at_them(db_url):
    """Adding or dropping claims.times must not rebuild the table: on SQLite (foreign_keys=ON)
    dropping the old claims table would delete every claim first, cascading to citations,
    matches, verifications and reviews."""
    text = "Some 141 states agreed (Smith 2020). Most did.\n\nSmith, A. 2020. A book."
    cite = CitationMention("Smith 2020", "Smith 2020", 24, 34, reference_key="Smith 2020")
    extraction = Extraction(
        claims=(Claim(text=text[:36], start=0, end=36, paragraph=1, citations=(cite,)),
                Claim(text=text[37:46], start=37, end=46, paragraph=1)),
        references=(ReferenceEntry("Smith 2020", text[48:], 48, len(text)),))
    store = SqlStore(db_url)
    try:
        doc_id, _ = store.add_document(
            SourceDocument(text=text, sha256="ab" * 32, location="x.txt"), extraction)
        a, b = (c.id for c in store.claims([doc_id]))
        store.save_matches([Match(a, b, 80.0, "related")])
        store.save_verifications([(a, "https://example.org/p", None,
                                   VerificationResult("not_found"))])
        store.add_review(a, "accurate", reviewer="r")
        before = store.table_counts()
        with store.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0002")
        assert migrate.current_revision(store.engine) == "0002"
        assert store.table_counts() == before
    finally:
        store.close()
    store = SqlStore(db_url)  # upgrades 0002 -> head again
    try:
        assert store.schema_status()["up_to_date"]
        assert store.table_counts() == before
        first = store.claims([doc_id])[0]
        assert first.citations[0].reference_key == "Smith 2020"
        assert first.slots.times == ()
        assert [r.label for r in store.reviews(first.id)] == ["accurate"]
    finally:
        store.close()


def test_head_is_the_newest_revision():
    assert migrate.head_revision() == "0011"


@pytest.mark.parametrize("start", ["0001", "0002", "0003", "0004", "0005"])
def test_reviews_from_every_earlier_revision_are_carried_into_the_curation_trail(db_url, start):
    """A database at any earlier revision, with reviews in the old one-label form (a verdict,
    needs_review, a merge), reaches head with statuses, verdicts, versions, the merge as a merge
    entry, the queue's claim states, and claims found by full-text search."""
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, start)
    extra = {"0001": "", "0002": ", cited_urls", "0003": ", cited_urls"}.get(start, ", cited_urls")
    with engine.begin() as conn:
        conn.execute(sa.text(
            f"INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at"
            f"{extra}) VALUES ('ab', 'x.txt', 'text/plain', '[]', 'other', :text, CURRENT_TIMESTAMP"
            f"{', :urls' if extra else ''})"),
            {"text": "Residents were evacuated. Residents were evacuated.", "urls": "[]"})
        doc = conn.execute(sa.text("SELECT id FROM documents")).scalar_one()
        for start_at in (0, 26):
            conn.execute(sa.text(
                'INSERT INTO claims (document_id, paragraph, start, "end", text, checkworthy,'
                " checkworthiness, checkworthy_reason, entities, dates, quantities, negated,"
                " hedged) VALUES (:doc, 1, :s, :e, 'Residents were evacuated.', :yes, 0.5, '',"
                " '[]', '[]', '[]', :no, :no)"),
                {"doc": doc, "s": start_at, "e": start_at + 25, "yes": True, "no": False})
        a, b = conn.execute(sa.text("SELECT id FROM claims ORDER BY id")).scalars().all()
        conn.execute(sa.text("UPDATE claims SET merged_into_id = :a, label = 'merged' "
                             "WHERE id = :b"), {"a": a, "b": b})
        conn.execute(sa.text("UPDATE claims SET label = 'needs_review' WHERE id = :a"), {"a": a})
        for claim, label in ((a, "inaccurate"), (a, "needs_review"), (b, "merged")):
            conn.execute(sa.text(
                "INSERT INTO reviews (claim_id, reviewer, label, note, created_at) VALUES "
                "(:c, 'ann', :label, '', CURRENT_TIMESTAMP)"), {"c": claim, "label": label})
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        trail = store.claim_history(a)
        assert [(r.kind, r.status, r.verdict, r.version) for r in trail if r.claim_id == a] == [
            ("claim", "done", "inaccurate", 1), ("claim", "needs_second_look", None, 2)]
        (merge,) = [r for r in trail if r.claim_id == b]
        assert (merge.kind, merge.other_claim_id, merge.version) == ("merge", a, 1)
        state = store.curation_state(a)
        assert (state.status, state.version) == ("needs_second_look", 2)
        # the next review continues the numbering, and a stale one is refused
        store.review_claim(a, reviewer="bob", verdict="accurate", expected_version=2)
        with pytest.raises(StaleWriteError):
            store.review_claim(a, reviewer="cy", verdict="misleading", expected_version=2)
        assert [i.claim.id for i in store.find_claims("evacuation")] == [a]
        # the queue puts the unstarted claim before the one reviewed as done
        assert [i.claim.id for i in store.find_claims("evacuation", include_merged=True)] \
            == [b, a]
    finally:
        store.close()
