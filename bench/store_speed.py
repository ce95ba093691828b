"""Storage speed (issue #16): claimcheck's figure, a same-run raw reference, and their ratio.

Each figure is the median of ``--repeat`` runs, claimcheck and its reference alternating in the
same process (the machine is shared). Documents are synthetic (``extract_speed.build_corpus``,
distinct numbers in every sentence), written to files and read like user input.

    .venv/bin/python bench/store_speed.py ingest [--docs 2000]   # ingest in one process vs extraction alone
    .venv/bin/python bench/store_speed.py bulk   [--docs 2000]   # ingest with its workers vs extraction alone
    .venv/bin/python bench/store_speed.py store  [--docs 2000]   # SqlStore.add_document vs raw sqlite3
    .venv/bin/python bench/store_speed.py add    [--sizes 1000,100000]  # one 50-claim document (check --offline)
    .venv/bin/python bench/store_speed.py check1mb               # check --offline of a 1 MB document
    .venv/bin/python bench/store_speed.py all
    add --lexical: without the sentence model (semantic mode embeds every claim of a store of
    up to 20,000 claims when a document is added, at 100-200 sentences/s on this machine)

``ingest``: wall time of ``load_documents`` + ``store_documents`` (what ``claimcheck ingest``
runs) in one process (``workers=1``: the cost of storing) against ``load_documents`` +
extraction alone (``extract_document`` + ``cite_links``) in one process.
``bulk``: the same ingest as ``claimcheck ingest`` runs it (``workers`` automatic: extraction in
worker processes, one per CPU up to 4, for a batch this large), against the same reference
(extraction alone, one process) and, in the same rounds, ingest in one process; sentences per
second end to end, and the load average around the rounds (the machine is shared).
``store``: claim rows per second of ``add_document`` given the extractions, against the same
rows (documents, passages, references, claims, citations, citation issues) written with the
sqlite3 module's ``executemany`` in one transaction; and (``rows_made_by_workers``) of
``add_documents`` given the rows bulk ingest's workers make (``claimcheck.rows.document_rows``:
the matching state and the slots' JSON made already), what its writing process does. ``add``: ``run_check`` (offline) of one new
50-claim document into a store already holding N synthetic claims (``synthetic_claims``, built
once and copied), against the raw reference: read every stored claim's text with sqlite3,
normalise it and compare the new claims with all of them (brute force, no index).
``check1mb``: ``run_check`` of a 1 MB document (synthetic claims in paragraphs) against its
extraction alone.

``store`` and ``add`` also give claimcheck's CPU time (``claimcheck_cpu_s``, this process, every
thread; for ``store`` the reference's too and their ratio, and the CPU time of the matching
state alone, ``matching_state_cpu_s``, with the ratio the rest would reach) and the load average
around the rounds: on the shared machine wall times wait for the other jobs, CPU times much less.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract_speed import build_corpus  # noqa: E402

from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.extract.links import cite_links  # noqa: E402
from claimcheck.extract.slots import clear_cache  # noqa: E402
from claimcheck.model import field_dict  # noqa: E402
from claimcheck.pipeline import (  # noqa: E402
    CheckOptions,
    load_documents,
    run_check,
    store_documents,
)
from claimcheck.store import SqlStore  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "claimcheck-store-speed"


def write_documents(directory: Path, count: int, paragraphs: int = 6, seed: int = 0) -> list[str]:
    """``count`` distinct synthetic documents as files; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"doc{seed}-{i:05d}.txt"
        if not path.exists():
            path.write_text(f"Report {seed}-{i}\n\n" + build_corpus(paragraphs, seed=seed * 100_000 + i))
        paths.append(str(path))
    return paths


def sentences_of(extractions) -> int:
    return sum(len(e.claims) for e in extractions)


def _extract(docs):
    clear_cache()
    return [cite_links(extract_document(d.text, published=d.published), d.links) for d in docs]


class Clock:
    """Wall time and CPU time (this process, every thread) of a ``with`` block: on a shared
    machine the CPU time says what the work cost when the wall time says how long it waited."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def median_pair(repeat: int, ours, reference) -> tuple[float, float]:
    a, b = [], []
    for _ in range(repeat):
        a.append(ours())
        b.append(reference())
    return statistics.median(a), statistics.median(b)


def bench_ingest(args) -> dict:
    paths = write_documents(CACHE / "docs", args.docs)
    sentences = sentences_of(_extract(load_documents(paths[:50])))  # warm caches, imports
    work = Path(tempfile.mkdtemp())

    def ours() -> float:
        took, ours.sentences = _timed_ingest(paths, work, "ingest", pooled=False, **ONE_PROCESS)
        return took

    def reference() -> float:
        return _extraction_time(paths)

    t_ours, t_ref = median_pair(args.repeat, ours, reference)
    sentences = ours.sentences
    shutil.rmtree(work, ignore_errors=True)
    return {"figure": "claimcheck ingest", "documents": len(paths), "sentences": sentences,
            "claimcheck_per_s": round(sentences / t_ours), "extraction_alone_per_s": round(sentences / t_ref),
            "ratio": round(t_ref / t_ours, 2), "storage_share": round(1 - t_ref / t_ours, 2)}


def _timed_ingest(paths: list[str], work: Path, name: str, *, pooled: bool, **options) -> tuple[float, int]:
    """Seconds and sentences of ``store_documents`` into a new database ``work/name.db`` (the
    slot cache cleared first: the same documents again must not hide extraction's cost). With
    ``pooled``, as ``claimcheck ingest`` runs it: its pool (``bulk_pool``, on trees that have
    one) started before reading, reads and extracts."""
    from contextlib import nullcontext

    from claimcheck import pipeline

    bulk_pool = None
    if pooled and "pool" in inspect.signature(pipeline.store_documents).parameters:
        from claimcheck.ingest_pool import bulk_pool
    store = SqlStore(str(_fresh_db(work, f"{name}.db")))
    clear_cache()
    started = time.perf_counter()
    with bulk_pool(paths, **options) if bulk_pool else nullcontext() as pool:
        extra = {"pool": pool} if bulk_pool else {}
        results = store_documents(store, load_documents(paths, **extra), **options, **extra)
    took = time.perf_counter() - started
    store.close()
    return took, sum(r.claims for r in results)


def _fresh_db(work: Path, name: str) -> Path:
    """``work/name`` with no database file (nor its WAL and shared-memory files) left there."""
    db = work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def _extraction_time(paths: list[str]) -> float:
    """The same-run reference: reading and extracting ``paths``, nothing stored."""
    started = time.perf_counter()
    _extract(load_documents(paths))
    return time.perf_counter() - started


# ``store_documents`` in one process (before issue #16's workers there was no other way)
ONE_PROCESS = {"workers": 1} if "workers" in inspect.signature(store_documents).parameters else {}


def bench_bulk(args) -> dict:
    from claimcheck.fetch_pool import available_cpus

    paths = write_documents(CACHE / "docs", args.docs)
    _extract(load_documents(paths[:50]))  # warm caches, imports
    work = Path(tempfile.mkdtemp())
    load_before = os.getloadavg()

    def ingest(name: str, **options) -> float:
        """What ``claimcheck ingest`` runs: its pool (``bulk_pool``), started before reading,
        reads and extracts; one process with ``workers=1``."""
        took, ingest.sentences = _timed_ingest(paths, work, name, pooled=True, **options)
        return took

    def reference() -> float:
        return _extraction_time(paths)

    bulk, single, ref = [], [], []
    for _ in range(args.repeat):  # interleaved: each round runs all three
        bulk.append(ingest("bulk"))
        single.append(ingest("single", **ONE_PROCESS))
        ref.append(reference())
    t_bulk, t_single, t_ref = map(statistics.median, (bulk, single, ref))
    sentences = ingest.sentences
    shutil.rmtree(work, ignore_errors=True)
    workers = 1  # before issue #16: one process
    if ONE_PROCESS:
        from claimcheck.ingest_pool import auto_workers

        workers = auto_workers(load_documents(paths))
    return {"figure": "bulk ingest (claimcheck ingest, automatic workers)", "documents": len(paths),
            "sentences": sentences, "cpus": available_cpus(), "workers": workers,
            "bulk_per_s": round(sentences / t_bulk),
            "one_process_ingest_per_s": round(sentences / t_single),
            "extraction_alone_one_process_per_s": round(sentences / t_ref),
            "ratio_to_extraction_alone": round(t_ref / t_bulk, 2),
            "ratio_to_one_process_ingest": round(t_single / t_bulk, 2),
            "target_per_s": 10_000,
            "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)]}


def _raw_store(db: Path, docs, extractions) -> None:
    """The reference: the same rows with sqlite3 executemany, one transaction."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript("""
        CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, location TEXT,
            media_type TEXT, title TEXT, authors TEXT, published TEXT, kind TEXT, text TEXT,
            ingested_at TEXT, cited_urls TEXT, pages TEXT);
        CREATE TABLE IF NOT EXISTS passages (id INTEGER PRIMARY KEY, document_id INT, number INT,
            start INT, "end" INT);
        CREATE TABLE IF NOT EXISTS reference_entries (id INTEGER PRIMARY KEY, document_id INT, key TEXT,
            text TEXT, start INT, "end" INT, authors TEXT, year INT, title TEXT, url TEXT);
        CREATE TABLE IF NOT EXISTS claims (id INTEGER PRIMARY KEY, document_id INT, paragraph INT,
            start INT, "end" INT, text TEXT, checkworthy INT, checkworthiness REAL, reason TEXT,
            entities TEXT, dates TEXT, quantities TEXT, negated INT, quantifier TEXT, hedged INT,
            times TEXT);
        CREATE INDEX IF NOT EXISTS ix_claims_document ON claims (document_id);
        CREATE TABLE IF NOT EXISTS citations (id INTEGER PRIMARY KEY, claim_id INT, key TEXT, text TEXT,
            start INT, "end" INT, reference_id INT);
        CREATE TABLE IF NOT EXISTS citation_issues (id INTEGER PRIMARY KEY, document_id INT, kind TEXT,
            citation TEXT, detail TEXT, suggestion TEXT);
    """)
    con.execute("BEGIN")
    for doc, ex in zip(docs, extractions):
        cur = con.execute("INSERT INTO documents (sha256, location, media_type, title, authors, published,"
                          " kind, text, ingested_at, cited_urls, pages) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          (doc.sha256, doc.location, doc.media_type, doc.title, json.dumps(doc.authors),
                           str(doc.published), doc.kind, doc.text, "now", "[]", "[]"))
        doc_id = cur.lastrowid
        con.executemany('INSERT INTO passages (document_id, number, start, "end") VALUES (?,?,?,?)',
                        [(doc_id, i, a, b) for i, (a, b) in enumerate(doc.paragraphs, 1)])
        con.executemany('INSERT INTO reference_entries (document_id, key, text, start, "end", authors,'
                        ' year, title, url) VALUES (?,?,?,?,?,?,?,?,?)',
                        [(doc_id, r.key, r.text, r.start, r.end, json.dumps(r.authors), r.year, r.title,
                          r.url) for r in ex.references])
        first = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claims").fetchone()[0]
        con.executemany('INSERT INTO claims (id, document_id, paragraph, start, "end", text, checkworthy,'
                        ' checkworthiness, reason, entities, dates, quantities, negated, quantifier,'
                        ' hedged, times) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                        [(first + k, doc_id, c.paragraph, c.start, c.end, c.text, c.checkworthy,
                          c.checkworthiness, c.checkworthy_reason,
                          json.dumps([field_dict(e) for e in c.slots.entities]),
                          json.dumps([field_dict(d) for d in c.slots.dates]),
                          json.dumps([field_dict(q) for q in c.slots.quantities]), c.slots.negated,
                          c.slots.quantifier, c.slots.hedged,
                          json.dumps([field_dict(t) for t in c.slots.times]))
                         for k, c in enumerate(ex.claims)])
        con.executemany('INSERT INTO citations (claim_id, key, text, start, "end") VALUES (?,?,?,?,?)',
                        [(first + k, m.key, m.text, m.start, m.end)
                         for k, c in enumerate(ex.claims) for m in c.citations])
        con.executemany("INSERT INTO citation_issues (document_id, kind, citation, detail, suggestion)"
                        " VALUES (?,?,?,?,?)",
                        [(doc_id, i.kind, i.citation, i.detail, i.suggestion) for i in ex.citation_issues])
    con.execute("COMMIT")
    con.close()


def bench_store(args) -> dict:
    paths = write_documents(CACHE / "docs", args.docs)
    docs = load_documents(paths)
    extractions = _extract(docs)
    rows = sentences_of(extractions)
    work = Path(tempfile.mkdtemp())

    cpu: dict[str, list[float]] = {"ours": [], "reference": [], "state": []}

    def ours() -> float:
        store = SqlStore(str(_fresh_db(work, "ours.db")))
        with Clock() as clock:
            if hasattr(store, "add_documents"):
                store.add_documents(list(zip(docs, extractions)))  # bulk: one transaction, as the reference
            else:  # the code before issue #16
                for doc, ex in zip(docs, extractions):
                    store.add_document(doc, ex)
        store.close()
        cpu["ours"].append(clock.cpu)
        return clock.wall

    def one_by_one() -> float:
        store = SqlStore(str(_fresh_db(work, "single.db")))
        started = time.perf_counter()
        for doc, ex in zip(docs, extractions):
            store.add_document(doc, ex)  # one transaction (one commit) per document
        took = time.perf_counter() - started
        store.close()
        return took

    def reference() -> float:
        db = _fresh_db(work, "raw.db")
        with Clock() as clock:
            _raw_store(db, docs, extractions)
        cpu["reference"].append(clock.cpu)
        return clock.wall

    def matching_state() -> float:
        """The part of ``ours`` the reference does not do: each claim's matching state."""
        try:
            from claimcheck.match import claim_state
        except ImportError:  # the code before issue #16 stored none
            cpu["state"].append(0.0)
            return 0.0
        with Clock() as clock:
            for ex in extractions:
                for claim in ex.claims:
                    claim_state(claim)
        cpu["state"].append(clock.cpu)
        return clock.wall

    from claimcheck.store import repository

    # before issue #16's bulk ingest the store took extractions only (an editable install may
    # still find claimcheck.rows for an older tree: ask the store)
    document_rows = getattr(repository, "document_rows", None)
    made = [document_rows(ex) for ex in extractions] if document_rows else None

    def rows_given() -> float:
        """What bulk ingest's writing process does: the rows come made by its workers."""
        store = SqlStore(str(_fresh_db(work, "rows.db")))
        started = time.perf_counter()
        store.add_documents(list(zip(docs, made)))
        took = time.perf_counter() - started
        store.close()
        return took

    load_before = os.getloadavg()
    t_ours, t_ref = median_pair(args.repeat, ours, reference)
    c_ours, c_ref = statistics.median(cpu["ours"]), statistics.median(cpu["reference"])
    t_rows, t_ref2 = median_pair(args.repeat, rows_given, reference) if made else (None, None)
    t_state = statistics.median(matching_state() for _ in range(args.repeat))
    t_single = statistics.median(one_by_one() for _ in range(args.repeat))
    shutil.rmtree(work, ignore_errors=True)
    out = {"figure": "store extractions (add_documents, one transaction)", "documents": len(docs),
           "claim_rows": rows, "claimcheck_rows_per_s": round(rows / t_ours),
           "raw_sqlite3_rows_per_s": round(rows / t_ref), "ratio": round(t_ref / t_ours, 2),
           "matching_state_s": round(t_state, 2),
           "ratio_without_matching_state": round(t_ref / max(t_ours - t_state, 1e-9), 2),
           "add_document_one_commit_each_rows_per_s": round(rows / t_single),
           "claimcheck_cpu_s": round(c_ours, 3), "raw_sqlite3_cpu_s": round(c_ref, 3),
           "cpu_ratio": round(c_ref / c_ours, 2),
           "matching_state_cpu_s": round(statistics.median(cpu["state"]), 3),
           "cpu_ratio_without_matching_state": round(
               c_ref / max(c_ours - statistics.median(cpu["state"]), 1e-9), 2),
           "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)]}
    if made:
        out.update({"rows_made_by_workers_rows_per_s": round(rows / t_rows),
                    "its_raw_sqlite3_rows_per_s": round(rows / t_ref2),
                    "rows_made_by_workers_ratio": round(t_ref2 / t_rows, 2)})
    return out


def _store_of(size: int) -> tuple[Path, str]:
    """A database holding ``size`` synthetic claims (``synthetic_claims.generate_corpus``:
    topics of ~30 claims sharing words and actors, planted partners across documents), stored
    with ``add_documents`` as documents of 30 claims; and the path of a new document made of
    the next 50 claims of the same corpus (built once per size and schema revision)."""
    import hashlib

    from synthetic_claims import generate_corpus

    from claimcheck.model import Extraction, SourceDocument
    from claimcheck.store import migrate

    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"store-{size}-{migrate.head_revision()}.db"  # state stored as this schema does
    new_doc = CACHE / f"new-{size}.txt"
    if db.exists() and new_doc.exists():
        return db, str(new_doc)
    corpus = generate_corpus(size + 50, claims_per_document=30)
    groups: dict[int, list] = {}
    for claim in corpus.claims[:size]:
        groups.setdefault(claim.document_id, []).append(claim)
    items = []
    for document_id, claims in sorted(groups.items()):
        text, placed = "", []
        for c in claims:
            start = len(text)
            text += c.text + "\n\n"
            placed.append(replace(c, start=start, end=start + len(c.text), id=None, document_id=None,
                                  slots=_shifted(c.slots, start)))
        text = text.rstrip()
        sha = hashlib.sha256(text.encode()).hexdigest()
        items.append((SourceDocument(text=text, sha256=sha, location=f"synthetic-{document_id}.txt",
                                     paragraphs=tuple((c.start, c.end) for c in placed)),
                      Extraction(claims=tuple(placed))))
    db.unlink(missing_ok=True)
    store = SqlStore(str(db))
    for start in range(0, len(items), 200):
        if hasattr(store, "add_documents"):
            store.add_documents(items[start:start + 200])
        else:  # the code before issue #16
            for doc, extraction in items[start:start + 200]:
                store.add_document(doc, extraction)
    if hasattr(store, "match_index"):  # as after earlier checks: every claim indexed
        store.match_index()
    store.engine.dispose()
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    new_doc.write_text("\n\n".join(c.text for c in corpus.claims[size:]) + "\n")
    return db, str(new_doc)


def _shifted(slots, offset: int):
    """Slots of a claim moved to ``offset`` in its document."""
    def move(items):
        return tuple(replace(x, start=x.start + offset, end=x.end + offset) for x in items)

    return replace(slots, entities=move(slots.entities), dates=move(slots.dates),
                   quantities=move(slots.quantities), times=move(slots.times))


def bench_add(args) -> list[dict]:
    from rapidfuzz import fuzz, process

    from claimcheck.match import normalise_text

    out = []
    for size in [int(s) for s in args.sizes.split(",")]:
        source, new_doc = _store_of(size)
        work = Path(tempfile.mkdtemp())
        new_texts = [t for t in Path(new_doc).read_text().split("\n\n") if t.strip()]

        cpu: list[float] = []

        def ours() -> float:
            db = _fresh_db(work, "copy.db")
            shutil.copy(source, db)
            store = SqlStore(str(db))
            with Clock() as clock:
                report = run_check(store, [new_doc], CheckOptions(offline=True))
            new_id = max(d["id"] for d in report["documents"])
            ours.claims = sum(1 for c in report["claims"] if c["document_id"] == new_id)
            ours.matches = len(report["matches"])
            store.close()
            cpu.append(clock.cpu)
            return clock.wall

        def reference() -> float:
            """Raw sqlite3: read every stored claim's text, normalise it, and compare the new
            claims with all of them (``token_set_ratio``, brute force, no index)."""
            started = time.perf_counter()
            con = sqlite3.connect(source)
            texts = [t for (t,) in con.execute("SELECT text FROM claims")]
            con.close()
            reference.stored = len(texts)
            normal = [normalise_text(t) for t in texts]
            process.cdist([normalise_text(t) for t in new_texts], normal, scorer=fuzz.token_set_ratio,
                          score_cutoff=60, workers=-1)
            return time.perf_counter() - started

        load_before = os.getloadavg()
        t_ours, t_ref = median_pair(args.repeat, ours, reference)
        shutil.rmtree(work, ignore_errors=True)
        out.append({"figure": "add one document (check --offline)", "stored_claims": reference.stored,
                    "new_claims": ours.claims, "matches_in_report": ours.matches,
                    "claimcheck_s": round(t_ours, 2), "raw_load_and_brute_force_s": round(t_ref, 2),
                    "ratio": round(t_ref / t_ours, 2),
                    "claimcheck_cpu_s": round(statistics.median(cpu), 3),
                    "load_average_before_after": [round(load_before[0], 2),
                                                  round(os.getloadavg()[0], 2)]})
    return out


def bench_check1mb(args) -> dict:
    from synthetic_claims import generate_corpus

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "onemb-synthetic.txt"  # paragraphs of 6 synthetic claims (topics of ~30)
    if not path.exists():
        texts = [c.text for c in generate_corpus(12_000, seed=11).claims]
        paragraphs, size = [], 0
        for i in range(0, len(texts), 6):
            paragraphs.append(" ".join(texts[i:i + 6]))
            size += len(paragraphs[-1]) + 2
            if size >= 1_000_000:
                break
        path.write_text("\n\n".join(paragraphs) + "\n")
    work = Path(tempfile.mkdtemp())

    def ours() -> float:
        store = SqlStore(str(_fresh_db(work, "c.db")))
        clear_cache()
        started = time.perf_counter()
        report = run_check(store, [str(path)], CheckOptions(offline=True))
        took = time.perf_counter() - started
        ours.claims = len(report["claims"])
        store.close()
        return took

    def reference() -> float:
        return _extraction_time([str(path)])

    t_ours, t_ref = median_pair(args.repeat, ours, reference)
    shutil.rmtree(work, ignore_errors=True)
    return {"figure": "check --offline of a 1 MB document", "claims": ours.claims,
            "claimcheck_s": round(t_ours, 2), "extraction_alone_s": round(t_ref, 2),
            "ratio": round(t_ref / t_ours, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["ingest", "bulk", "store", "add", "check1mb", "all"])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lexical", action="store_true",
                        help="no sentence model (CLAIMCHECK_NO_MODEL=1): matching in lexical mode")
    args = parser.parse_args()
    os.environ.setdefault("CLAIMCHECK_LOG", "error")
    if args.lexical:
        os.environ["CLAIMCHECK_NO_MODEL"] = "1"
    import logging

    logging.disable(logging.WARNING)  # the >20k-claims note of the matcher, once per run
    jobs = {"ingest": bench_ingest, "bulk": bench_bulk, "store": bench_store, "add": bench_add, "check1mb": bench_check1mb}
    for name in (jobs if args.what == "all" else [args.what]):
        result = jobs[name](args)
        for item in result if isinstance(result, list) else [result]:
            print(json.dumps(item), flush=True)


if __name__ == "__main__":
    main()
