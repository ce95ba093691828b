"""Page provenance of PDF claims: page starts stored with the document (migration 0004, real
SQLite and PostgreSQL), kept through export/import, and the page of every claim in reports."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner
from pdf_samples import article_pdf

from claimcheck.cli import cli
from claimcheck.exchange import export_database, import_database
from claimcheck.extract import extract_document
from claimcheck.ingest import load_document
from claimcheck.report.common import paragraph_label
from claimcheck.store import SqlStore, migrate
from claimcheck.store.repository import create_db_engine


def _invoke(db, *args):
    return CliRunner().invoke(cli, ["--db", db, *args])


def test_check_a_pdf_gives_its_text_pages_and_metadata(tmp_path, db_url):
    layout = article_pdf(tmp_path / "article.pdf", pages=3, two_column_page=2)
    r = _invoke(db_url, "check", str(tmp_path / "article.pdf"), "--offline", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    (doc,) = report["documents"]
    assert doc["title"] == "Flood defences in the valley"
    assert doc["authors"] == ["Jane Roe"] and doc["published"] == "2021-03-05"
    assert doc["text"].split("\n\n") == [text for _page, text in layout.paragraphs]
    assert len(doc["pages"]) == 3 and "%PDF" not in doc["text"]
    assert len(report["claims"]) >= len(layout.paragraphs) - 1
    page_of = {text: page for page, text in layout.paragraphs}
    for claim in report["claims"]:
        assert doc["text"][claim["start"]:claim["end"]] == claim["text"]
        (paragraph,) = [t for t in page_of if claim["text"] in t]
        assert claim["page"] == page_of[paragraph]
    assert {c["page"] for c in report["claims"]} == {1, 2, 3}


def test_documents_stored_before_pages_read_without_pages(db_url):
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, "0003")  # before documents.pages
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at,"
            " cited_urls) VALUES ('ab', 'x.txt', 'text/plain', '[]', 'other', 'Some text.',"
            " CURRENT_TIMESTAMP, '[]')"))
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        (doc,) = store.documents()
        assert doc.text == "Some text." and doc.pages == []
    finally:
        store.close()


def test_pages_migration_down_and_up_keeps_every_row(db_url, tmp_path):
    article_pdf(tmp_path / "a.pdf", pages=2)
    doc = load_document(str(tmp_path / "a.pdf"))
    store = SqlStore(db_url)
    try:
        store.add_document(doc, extract_document(doc.text, published=doc.published))
        before = store.table_counts()
        assert before["claims"] > 0
        with store.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0003")
        assert migrate.current_revision(store.engine) == "0003"
        assert store.table_counts() == before
    finally:
        store.close()
    store = SqlStore(db_url)  # upgrades 0003 -> head again
    try:
        assert store.table_counts() == before
        assert store.documents()[0].pages == []  # dropped with the column, nothing else
    finally:
        store.close()


def test_page_starts_survive_export_and_import(tmp_path, new_db_url):
    article_pdf(tmp_path / "a.pdf", pages=3)
    doc = load_document(str(tmp_path / "a.pdf"))
    source, target = SqlStore(new_db_url("sqlite", "a.db")), SqlStore(new_db_url("sqlite", "b.db"))
    try:
        source.add_document(doc, extract_document(doc.text, published=doc.published))
        data = json.loads(json.dumps(export_database(source)))
        assert data["documents"][0]["pages"] == list(doc.pages)
        import_database(target, data)
        assert target.documents()[0].pages == list(doc.pages)
    finally:
        source.close()
        target.close()


def test_reports_name_the_page():
    assert paragraph_label({"paragraph": 3, "page": 7}) == "p. 7, paragraph 3"
    assert paragraph_label({"paragraph": 3, "page": None}) == "paragraph 3"
    assert paragraph_label({"paragraph": 3}) == "paragraph 3"
