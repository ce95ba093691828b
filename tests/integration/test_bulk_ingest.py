"""Bulk ingest with extraction in worker processes (claimcheck.ingest_pool, issue #16): the same
database as one process writes, on real SQLite files and PostgreSQL; failures, a dead worker and
Ctrl-C leave only whole documents."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.ingest_pool import (
    MIN_CHARACTERS,
    MIN_DOCUMENTS,
    ExtractionPool,
    Task,
    auto_workers,
    extract_rows,
)
from claimcheck.pipeline import load_documents, store_documents
from claimcheck.rows import document_rows
from claimcheck.store import SqlStore
from claimcheck.store.tables import Base

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SHIPPED = sorted(str(p) for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md", ".html")
                 and p.name != "README.md")


def _dump(url: str) -> dict:
    """Every row of every table, in primary-key order; when rows were written aside."""
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(None if isinstance(v, datetime) else v for v in row)
                               for row in rows]
    engine.dispose()
    return out


def _ingest(url: str, specs, workers: int):
    store = SqlStore(url)
    try:
        return store_documents(store, load_documents(specs), workers=workers)
    finally:
        store.close()


def test_the_shipped_fixtures_are_stored_the_same_with_workers(new_db_url):
    assert len(SHIPPED) >= 40
    one, two = new_db_url("sqlite", "one.db"), new_db_url("sqlite", "two.db")
    alone = _ingest(one, SHIPPED, workers=1)
    pooled = _ingest(two, SHIPPED, workers=2)
    assert [(r.document_id, r.created, r.claims) for r in pooled] == \
        [(r.document_id, r.created, r.claims) for r in alone]
    a, b = _dump(one), _dump(two)
    assert a["claims"] and a["claim_match_state"] and a["citations"] and a["reference_entries"]
    assert a == b
    assert Path(two.removeprefix("sqlite:///")).stat().st_size > 0


@pytest.mark.skipif(not __import__("os").environ.get("CLAIMCHECK_TEST_PG"),
                    reason="CLAIMCHECK_TEST_PG not set")
def test_the_same_on_postgresql(new_db_url):
    specs = SHIPPED[:20]
    one, two = new_db_url("postgresql"), new_db_url("postgresql")
    _ingest(one, specs, workers=1)
    _ingest(two, specs, workers=2)
    assert _dump(one) == _dump(two)


def test_the_ingest_command_takes_workers(new_db_url, tmp_path):
    one, two = new_db_url("sqlite", "a.db"), new_db_url("sqlite", "b.db")
    specs = SHIPPED[:12]
    for url, workers in ((one, "1"), (two, "3")):
        r = CliRunner().invoke(cli, ["--db", url, "ingest", "--workers", workers, "--format", "json",
                                     *specs])
        assert r.exit_code == 0, r.output
    assert _dump(one) == _dump(two)
    r = CliRunner().invoke(cli, ["--db", one, "ingest", "--workers", "0", specs[0]])
    assert r.exit_code == 2 and "--workers" in r.output
    assert "--workers N" in CliRunner().invoke(cli, ["ingest", "--help"]).output


def test_workers_start_only_for_a_large_batch():
    docs = load_documents(SHIPPED[:3])
    assert auto_workers(docs) == 1
    big = [docs[0].__class__(text="x" * (MIN_CHARACTERS // MIN_DOCUMENTS + 1), sha256=str(i),
                             location=f"{i}.txt") for i in range(MIN_DOCUMENTS)]
    assert auto_workers(big) in (1, 2, 3, 4)  # one per CPU, at most 4; 1 on a single CPU
    assert auto_workers(big[:-1]) == 1


def test_a_failing_document_leaves_those_before_it_and_nothing_of_its_own(new_db_url):
    from dataclasses import replace

    docs = load_documents(SHIPPED[:6])
    docs[4] = replace(docs[4], text=None)  # extraction fails (in a worker)
    url = new_db_url("sqlite", "f.db")
    store = SqlStore(url)
    with pytest.raises((TypeError, AttributeError)):
        store_documents(store, docs, workers=2)
    stored = sorted(store.documents(), key=lambda d: d.id)
    before = list({d.sha256: d for d in docs[:4]}.values())  # same bytes stored once
    assert [d.sha256 for d in stored] == [d.sha256 for d in before]
    for d, doc in zip(stored, before):
        assert len(store.claims([d.id])) == len(extract_rows(doc).claims)
    store.close()


def test_a_dead_worker_costs_speed_not_documents(caplog):
    docs = load_documents(SHIPPED[:6])
    with ExtractionPool(2) as pool:
        with caplog.at_level(logging.WARNING, logger="claimcheck.ingest_pool"):
            for worker in pool._workers:
                worker.process.kill()
                worker.process.wait()
            assert pool._broken.wait(10)  # said once, then read here
            got = [pool.submit(doc).result() for doc in docs]
    assert got == [extract_rows(doc) for doc in docs]
    assert "extraction worker process stopped" in caplog.text


def test_ctrl_c_leaves_whole_documents_and_no_worker(new_db_url, monkeypatch):
    docs = load_documents(SHIPPED[:10])
    started = []
    real_init, real_result = ExtractionPool.__init__, Task.result

    def init(self, processes):
        real_init(self, processes)
        started.append(self)

    def result(self):  # Ctrl-C while the request holding the 8th document is awaited
        function, items = self.args
        if any(getattr(args[0], "sha256", None) == docs[7].sha256 for args in items):
            raise KeyboardInterrupt
        return real_result(self)

    monkeypatch.setattr(ExtractionPool, "__init__", init)
    monkeypatch.setattr(Task, "result", result)
    url = new_db_url("sqlite", "c.db")
    store = SqlStore(url)
    with pytest.raises(KeyboardInterrupt):
        store_documents(store, docs, workers=2)
    stored = sorted(store.documents(), key=lambda d: d.id)
    before = list({d.sha256: d for d in docs[:7]}.values())  # same bytes stored once
    assert 0 < len(stored) < len(before)  # those before the interrupted request
    assert [d.sha256 for d in stored] == [d.sha256 for d in before[:len(stored)]]
    for d, doc in zip(stored, before):
        assert len(store.claims([d.id])) == len(document_rows(extract_rows(doc)).claims)
    store.close()
    (pool,) = started
    assert all(w.process.poll() is not None for w in pool._workers)  # no worker left running


def test_workers_read_the_files_as_this_process_does(tmp_path):
    from claimcheck.ingest_pool import bulk_pool

    specs = SHIPPED[:10]
    alone = load_documents(specs, overrides={"kind": "news"})
    with bulk_pool(specs, 2) as pool:
        assert pool is not None
        pooled = load_documents(specs, overrides={"kind": "news"}, pool=pool)
    assert pooled == alone


def test_a_bad_input_read_by_a_worker_stores_nothing_and_says_so_in_one_line(new_db_url, tmp_path):
    url = new_db_url("sqlite", "bad.db")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    specs = [*SHIPPED[:5], str(empty), str(tmp_path / "missing.txt"), *SHIPPED[5:8]]
    r = CliRunner().invoke(cli, ["--db", url, "ingest", "--workers", "2", *specs])
    assert r.exit_code == 2
    assert r.output.strip().splitlines()[-1] == f"Error: {empty}: empty file"  # the first, in order
    store = SqlStore(url)
    assert store.documents() == []
    store.close()
