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


def test_head_is_the_newest_revision():
    assert migrate.head_revision() == "0002"
