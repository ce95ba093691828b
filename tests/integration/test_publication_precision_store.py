"""A publication date known only to its month or year, end to end on a real SQLite file and on
real PostgreSQL (CLAIMCHECK_TEST_PG): ingest, store, claims, `documents edit`, reports,
ClaimReview, export and import, and migration 0010 (rows stored before it read as "day")."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.exchange import export_database, import_database, read_export
from claimcheck.model import Extraction, SourceDocument
from claimcheck.store import SqlStore, migrate
from claimcheck.store.repository import create_db_engine

LOCKS = ("Lock keepers' bulletin\n\nPosted: Feb. 2011\n\n"
         "The upper sluice reopened on 9 March after the winter repairs, and 14 barges passed in the first week.\n")
MILLS = ("Mill survey\n\n"
         "The survey counted 212 working mills, and the last of the tide mills stopped on 3 October.\n")


def _run(db, *args):
    result = CliRunner().invoke(cli, ["--db", db, "-q", *args])
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def _json(db, *args):
    return json.loads(_run(db, *args, "--format", "json"))


def test_month_and_year_dates_from_ingest_to_reports_and_back(db_url, new_db_url, tmp_path):
    locks, mills = tmp_path / "locks.txt", tmp_path / "mills.txt"
    locks.write_text(LOCKS, encoding="utf-8")
    mills.write_text(MILLS, encoding="utf-8")
    _run(db_url, "ingest", str(locks))
    _run(db_url, "ingest", str(mills), "--published", "1996")

    shown = {d["title"]: d for d in _json(db_url, "documents", "list")}
    assert shown["Lock keepers' bulletin"]["published"] == "2011-02"
    assert shown["Mill survey"]["published"] == "1996"
    # the years the claims leave out come from the month or the year alone
    dates = " ".join(c["dates"] for c in _json(db_url, "claims", "list"))
    assert "2011-03-09" in dates and "1996-10-03" in dates

    # reports: the JSON gives the date to its precision, and no output invents a day
    report = _json(db_url, "report")
    by_title = {d["title"]: d for d in report["documents"]}
    assert (by_title["Lock keepers' bulletin"]["published"],
            by_title["Lock keepers' bulletin"]["published_precision"]) == ("2011-02", "month")
    assert (by_title["Mill survey"]["published"], by_title["Mill survey"]["published_precision"]) \
        == ("1996", "year")
    html = _run(db_url, "report", "--format", "html")
    assert " · 2011-02 · " in html and "2011-02-01" not in html and "1996-01-01" not in html
    claim_id = next(c["id"] for c in _json(db_url, "claims", "list") if "sluice" in c["text"])
    _run(db_url, "review", str(claim_id), "--verdict", "accurate", "--reviewer", "ann")
    assert ", 2011-02), paragraph" in _run(db_url, "report", "--format", "md")
    reviews = json.loads(_run(db_url, "report", "--format", "claimreview"))
    reviews = reviews if isinstance(reviews, list) else reviews.get("@graph", [reviews])
    (review,) = [r for r in reviews if "sluice" in r["claimReviewed"]]
    assert review["itemReviewed"]["datePublished"] == "2011-02"
    assert review["itemReviewed"]["appearance"]["datePublished"] == "2011-02"

    # a correction to a year is recorded to its precision, and re-dates the yearless claims
    locks_id = shown["Lock keepers' bulletin"]["id"]
    out = _run(db_url, "documents", "edit", str(locks_id), "--published", "2010", "--reviewer", "ann")
    assert 'published changed from "2011-02" to "2010"' in out
    assert 'published_precision changed from "month" to "year"' in out
    assert "2010-03-09" in " ".join(c["dates"] for c in _json(db_url, "claims", "list"))
    assert _json(db_url, "documents", "show", str(locks_id))["published"] == "2010"

    # export and import into another database of the same backend
    store = SqlStore(db_url)
    try:
        data = export_database(store)
    finally:
        store.close()
    assert sorted(d["published"] for d in data["documents"]) == ["1996", "2010"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target_url = new_db_url("sqlite" if db_url.startswith("sqlite") else "postgresql", "copy.db")
    target = SqlStore(target_url)
    try:
        import_database(target, read_export(str(path)))
        assert sorted((d.published, d.published_precision) for d in target.documents()) == [
            (date(1996, 1, 1), "year"), (date(2010, 1, 1), "year")]
    finally:
        target.close()


def test_an_export_written_before_the_precision_imports_as_full_dates(db_url, new_db_url, tmp_path):
    store = SqlStore(db_url)
    try:
        text = "The ferry carried 300 passengers on its first crossing."
        store.add_document(SourceDocument(text=text, sha256="c" * 64, location="ferry.txt",
                                          published=date(2008, 5, 17), paragraphs=((0, len(text)),)),
                           Extraction())
        data = export_database(store)
    finally:
        store.close()
    assert data["documents"][0]["published"] == "2008-05-17"  # as exports wrote every date before
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = SqlStore(new_db_url("sqlite" if db_url.startswith("sqlite") else "postgresql", "old.db"))
    try:
        import_database(target, read_export(str(path)))
        (doc,) = target.documents()
        assert (doc.published, doc.published_precision) == (date(2008, 5, 17), "day")
    finally:
        target.close()


def test_an_export_with_a_malformed_partial_date_is_refused(tmp_path, db_url):
    store = SqlStore(db_url)
    try:
        text = "The ferry carried 300 passengers on its first crossing."
        store.add_document(SourceDocument(text=text, sha256="d" * 64, location="ferry.txt",
                                          paragraphs=((0, len(text)),)), Extraction())
        data = export_database(store)
    finally:
        store.close()
    data["documents"][0]["published"] = "2008-5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        read_export(str(path))
    except Exception as e:  # noqa: BLE001 - the message is what is checked
        assert "published" in str(e)
    else:
        raise AssertionError("a malformed date was accepted")


def test_migration_0010_reads_stored_dates_as_days_and_downgrades(db_url):
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, "0009")
    with engine.begin() as conn:
        for sha, published in (("a1", "2019-11-30"), ("b2", None)):
            conn.execute(sa.text(
                "INSERT INTO documents (sha256, location, media_type, authors, kind, text, ingested_at,"
                " cited_urls, pages, published) VALUES (:sha, 'x.txt', 'text/plain', '[]', 'other',"
                " 'Some text.', CURRENT_TIMESTAMP, '[]', '[]', :published)"),
                {"sha": sha, "published": published})
    engine.dispose()
    store = SqlStore(db_url)  # opening upgrades to head
    try:
        assert store.schema_status()["up_to_date"]
        got = {d.sha256: (d.published, d.published_precision) for d in store.documents()}
        assert got == {"a1": (date(2019, 11, 30), "day"), "b2": (None, "day")}
        text = "Tolls rose by a third."
        store.add_document(SourceDocument(text=text, sha256="c3", location="y.txt", published=date(2020, 6, 1),
                                          published_precision="month", paragraphs=((0, len(text)),)), Extraction())
    finally:
        store.close()
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0009")
        with engine.connect() as conn:
            rows = dict(conn.execute(sa.text("SELECT sha256, published FROM documents")).all())
        # a month alone has no full date to fall back to: dropped, not given an invented day
        assert rows["c3"] is None and str(rows["a1"]) == "2019-11-30"
    finally:
        engine.dispose()


def test_a_reingest_stating_a_month_replaces_a_full_date(db_url, tmp_path):
    dyke = tmp_path / "dyke.txt"
    dyke.write_text("Dyke report\n\nThe dyke was raised by 40 centimetres on 2 August.\n", encoding="utf-8")
    _run(db_url, "ingest", str(dyke), "--published", "2003-09-14")
    (doc,) = _json(db_url, "documents", "list")
    assert doc["published"] == "2003-09-14"
    # a sidecar now says only the month
    (tmp_path / "dyke.txt.meta.json").write_text(json.dumps({"published": "September 2003"}), encoding="utf-8")
    statuses = json.loads(_run(db_url, "ingest", str(dyke), "--format", "json"))
    assert "published" in statuses[0]["status"]
    shown = _json(db_url, "documents", "show", str(doc["id"]))
    assert shown["published"] == "2003-09"
    assert {m["field"] for m in shown["metadata_changes"]} == {"published", "published_precision"}
    assert "2003-08-02" in " ".join(c["dates"] for c in _json(db_url, "claims", "list"))
