"""Alembic owns the schema: an old database is upgraded in place without losing rows."""

from __future__ import annotations

import sqlalchemy as sa

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


def test_head_is_the_newest_revision():
    assert migrate.head_revision() == "0003"
