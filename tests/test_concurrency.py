"""Several claimcheck processes on one database: nothing lost, nothing half-written.

Real processes (the CLI through ``python -m claimcheck``) on a real SQLite file and on the real
PostgreSQL server; references come from a WARC written in the test, read with ``--offline``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimcheck.fetch import write_warc
from claimcheck.fetch_archive import page_from_bytes
from claimcheck.store import SqlStore, migrate
from claimcheck.store.repository import create_db_engine, is_transient, run_with_retry

PG_URL = os.environ.get("CLAIMCHECK_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="CLAIMCHECK_TEST_PG not set"))]
BASE = "https://records.example.org"
# Four short reports of one strike: agreeing and conflicting figures and dates, two sources
# named by two documents each (the sources.name collision), each citing the authority's page.
DOCS = {
    "ledger-1.txt": ("Harbour Ledger", "Bus drivers in Brennick went on strike on 4 March 2024. "
                     "The union said 1,200 drivers stopped work.\n\nThe city said the strike "
                     "cost $2.5 million a day."),
    "ledger-2.txt": ("Harbour Ledger", "The Brennick bus strike ended on 9 March 2024 after five "
                     "days. About 1,200 drivers had walked out.\n\nDrivers will receive a 6 "
                     "percent raise over two years."),
    "desk-1.txt": ("City Desk", "Brennick bus drivers walked out on 5 March 2024. The union said "
                   "900 drivers joined the strike.\n\nThe drivers asked for a 9 percent raise."),
    "desk-2.txt": ("City Desk", "No buses ran in Brennick for five days in March 2024. The "
                   "agreement gives drivers a 7 percent raise over two years."),
}
AUTHORITY = ("<html><head><title>Transit authority statement</title></head><body><main>"
             "<p>Bus drivers in Brennick went on strike on 4 March 2024.</p>"
             "<p>The union said 1,200 drivers stopped work.</p>"
             "<p>The strike ended on 9 March 2024. Drivers will receive a 6 percent raise over "
             "two years.</p></main></body></html>")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], Path]:
    """The four documents (each with a sidecar naming its source and reference) and a WARC
    holding the referenced page."""
    folder = tmp_path_factory.mktemp("corpus")
    url = f"{BASE}/strike-statement"
    warc = folder / "refs.warc.gz"
    write_warc(warc, [page_from_bytes(url, AUTHORITY.encode(), content_type="text/html")])
    docs = []
    for name, (source, text) in DOCS.items():
        path = folder / name
        path.write_text(text + "\n", encoding="utf-8")
        Path(f"{path}.meta.json").write_text(json.dumps(
            {"source": source, "kind": "news", "published": "2024-03-10", "references": [url]}))
        docs.append(path)
    return docs, warc


def _check_cmd(db: str, doc: Path, warc: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "claimcheck", "--db", db, "check", str(doc), "--archive",
            str(warc), "--offline", "--format", "json", "--out", str(out), "--no-summary"]


def _run_together(commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start every command at once and wait for all of them."""
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in commands]
    done = []
    for cmd, p in zip(commands, procs):
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(cmd, p.returncode, out, err))
    return done


def _content(db: str) -> dict:
    store = SqlStore(db)
    try:
        return {**store.content_keys(), "sources": store.table_counts()["sources"]}
    finally:
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_checks_at_once_on_a_new_database_lose_nothing(backend, new_db_url, corpus,
                                                            tmp_path):
    docs, warc = corpus
    together, one_by_one = new_db_url(backend, "together.db"), new_db_url(backend, "serial.db")
    outs = [tmp_path / f"report-{i}.json" for i in range(len(docs))]
    results = _run_together([_check_cmd(together, d, warc, o) for d, o in zip(docs, outs)])
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "Error" not in r.stderr, r.stderr
    for doc, out in zip(docs, outs):
        report = json.loads(out.read_text())
        (mine,) = [d for d in report["documents"] if d["location"] == str(doc)]
        checked = {v["claim_id"] for v in report["verifications"]}
        assert checked and checked <= {c["id"] for c in report["claims"]}
        assert {v["verdict"] for v in report["verifications"]} - {"unreachable"}
        assert mine["source"] == DOCS[doc.name][0]
    for doc, out in zip(docs, outs):  # the same checks, one after the other
        serial = subprocess.run(_check_cmd(one_by_one, doc, warc, out), capture_output=True,
                                text=True, timeout=300)
        assert serial.returncode == 0, serial.stderr
    got, expected = _content(together), _content(one_by_one)
    assert len(got["documents"]) == len(DOCS) and got["sources"] == 2
    assert got["verifications"] and got["matches"]
    assert got == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_creating_one_database_wait_for_the_migration(backend, new_db_url):
    db = new_db_url(backend, "new.db")
    upgrade = [sys.executable, "-m", "claimcheck", "--db", db, "db", "upgrade"]
    results = _run_together([upgrade] * 6)
    for r in results:
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == f"schema at {migrate.head_revision()}"
    engine = create_db_engine(db)
    try:
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
    finally:
        engine.dispose()


def test_a_failed_migration_leaves_no_half_built_schema(tmp_path):
    """The DDL runs inside the migration's transaction on SQLite too (the sqlite3 driver's
    legacy mode used to commit each CREATE TABLE at once)."""
    db = f"sqlite:///{tmp_path / 'half.db'}"
    engine = create_db_engine(db)
    with engine.begin() as conn:  # a table the baseline also creates: it fails half-way
        conn.exec_driver_sql("CREATE TABLE passages (id INTEGER PRIMARY KEY)")
    with pytest.raises(sa.exc.OperationalError, match="passages already exists"):
        migrate.upgrade(engine)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert tables == {"passages"}


def test_a_locked_sqlite_write_is_retried_until_the_lock_is_released(tmp_path):
    path = tmp_path / "locked.db"
    SqlStore(str(path)).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process's write transaction
    threading.Timer(0.4, holder.rollback).start()
    attempts = []

    def write() -> None:
        attempts.append(1)
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)  # no busy wait of its own
        try:
            conn.execute("INSERT INTO sources (name, kind) VALUES ('x', 'news')")
        except sqlite3.OperationalError as e:
            raise sa.exc.OperationalError("INSERT", {}, e) from e
        finally:
            conn.close()

    run_with_retry(write)
    holder.close()
    assert len(attempts) > 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone() == (1,)


def test_other_errors_are_not_retried(tmp_path):
    store = SqlStore(str(tmp_path / "x.db"))
    attempts = []

    def write() -> None:
        attempts.append(1)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO sources (id, name, kind) VALUES (1, 'a', 'news')")
            conn.exec_driver_sql("INSERT INTO sources (id, name, kind) VALUES (1, 'b', 'news')")

    try:
        with pytest.raises(sa.exc.IntegrityError):
            run_with_retry(write)
    finally:
        store.close()
    assert attempts == [1]


@pytest.mark.skipif(not PG_URL, reason="CLAIMCHECK_TEST_PG not set")
def test_a_postgresql_serialization_failure_is_transient(new_db_url):
    engine = create_db_engine(new_db_url("postgresql"))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE counter (n integer)")
            conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
        first = engine.connect().execution_options(isolation_level="SERIALIZABLE")
        with first, first.begin():
            first.exec_driver_sql("SELECT n FROM counter").all()
            with engine.begin() as other:
                other.exec_driver_sql("UPDATE counter SET n = n + 1")
            with pytest.raises(sa.exc.OperationalError) as failed:
                first.exec_driver_sql("UPDATE counter SET n = n + 1")
        assert is_transient(failed.value)
    finally:
        engine.dispose()
