"""Full-text search and the review queue on a large claims database (issue #14).

Fills a database with N synthetic claims (default 1,000,000) in bulk, builds the full-text index
through the store (``SqlStore.index_for_search``, the same code a first search runs), then times
``SqlStore.find_claims`` -- the one store method behind `claimcheck claims search` and
`claims list` -- on searches of rare, common and very common words, with and without the
queue's filters. Reports the median of 5 runs of each, after one warm-up.

    python bench/curation_search.py                       # SQLite, 1M claims
    python bench/curation_search.py --backend postgresql  # needs CLAIMCHECK_TEST_PG
    python bench/curation_search.py --size 100000 --backend both

Claims are sentences of real English words in several forms ("evacuated", "evacuation",
"evacuating") among Zipf-distributed pseudo-words, so stemming and selectivity are exercised;
1% of claims are in a conflict match and 0.5% carry a human review.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimcheck.store import SqlStore  # noqa: E402

REAL = ("evacuated evacuation evacuating residents council approved budget port handled containers "
        "strike lasted days mayor opened bridge officials said ships waiting offshore flooding "
        "river valley election results announced minister resigned hospital patients treated "
        "vaccine doses delivered factory closed workers protested court ruled appeal rejected "
        "prices increased percent inflation rose fell company reported profits losses").split()
CLAIMS_PER_DOCUMENT = 200
QUERIES = [
    ("stemmed word (evacuation)", "evacuation", {}),
    ("two words (council budget)", "council budget", {}),
    ("very common word (said)", "said", {}),
    ("stemmed word + unreviewed + conflict", "evacuation", {"unreviewed": True, "finding": "conflict"}),
    ("common word + verdict", "said", {"verdict": "inaccurate"}),
    ("no match (zzyzx)", "zzyzx", {}),
]


def _pseudo_words(n: int, rng: random.Random) -> list[str]:
    syllables = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou")]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _sentence(rng: random.Random, pseudo: list[str], cum_weights: list[float]) -> str:
    words = rng.choices(pseudo, cum_weights=cum_weights, k=rng.randint(6, 12))
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(REAL))
    return " ".join(words).capitalize() + "."


def fill(store: SqlStore, size: int, seed: int = 14) -> None:
    """Bulk-insert ``size`` claims (Core statements: add_document per claim would take hours)."""
    rng = random.Random(seed)
    pseudo = _pseudo_words(20_000, rng)
    weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(pseudo))))
    now = datetime.now(UTC)
    md = sa.MetaData()
    md.reflect(store.engine, only=["documents", "claims", "matches", "reviews", "claim_states",
                                   "sources"])
    docs, claims, matches, reviews, states = (md.tables[t] for t in (
        "documents", "claims", "matches", "reviews", "claim_states"))
    n_docs = (size + CLAIMS_PER_DOCUMENT - 1) // CLAIMS_PER_DOCUMENT
    with store.engine.begin() as conn:
        conn.execute(md.tables["sources"].insert(), [{"name": f"Source {i}", "kind": "news"}
                                                     for i in range(20)])
        conn.execute(docs.insert(), [{
            "sha256": f"{i:064x}", "location": f"doc{i}.txt", "media_type": "text/plain",
            "authors": [], "kind": "news", "text": "", "ingested_at": now, "cited_urls": [],
            "pages": [], "source_id": 1 + i % 20} for i in range(n_docs)])
        claim_id = 0
        batch = []
        for d in range(n_docs):
            for k in range(min(CLAIMS_PER_DOCUMENT, size - d * CLAIMS_PER_DOCUMENT)):
                claim_id += 1
                batch.append({"id": claim_id, "document_id": d + 1, "paragraph": 1 + k // 5,
                              "start": k * 100, "end": k * 100 + 90,
                              "text": _sentence(rng, pseudo, weights), "checkworthy": True,
                              "checkworthiness": rng.random(), "checkworthy_reason": "",
                              "entities": [], "dates": [], "quantities": [], "negated": False,
                              "hedged": False, "times": []})
                if len(batch) == 20_000:
                    conn.execute(claims.insert(), batch)
                    batch = []
        if batch:
            conn.execute(claims.insert(), batch)
        conflict = [(i, i + 1) for i in range(1, size, 200)] + [(i, i + 3) for i in range(2, size - 3, 200)]
        conn.execute(matches.insert(), [{"claim_a_id": a, "claim_b_id": b, "score": 90.0,
                                         "relation": "conflict", "reasons": []}
                                        for a, b in conflict])
        reviewed = list(range(5, size, 200))
        conn.execute(reviews.insert(), [{
            "claim_id": i, "reviewer": "bench", "label": "inaccurate", "note": "",
            "created_at": now, "kind": "claim", "subject": f"claim:{i}", "version": 1,
            "status": "done", "verdict": "inaccurate"} for i in reviewed])
        ids = dict(conn.execute(sa.select(reviews.c.claim_id, reviews.c.id)).all())
        conn.execute(states.insert(), [{"claim_id": i, "status": "done", "verdict": "inaccurate",
                                        "version": 1, "review_id": ids[i]} for i in reviewed])
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('claims', 'id'), :n)"),
                         {"n": size})
    if store.engine.dialect.name == "postgresql":
        _vacuum(store)


def _vacuum(store: SqlStore) -> None:
    """What autovacuum does to a settled database: statistics and the visibility map
    (index-only scans), right after the bulk load instead of minutes later."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def run(backend: str, size: int) -> list[tuple[str, float, int]]:
    cleanup = None  # drops the PostgreSQL schema afterwards
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="cc-bench-")
        url = f"sqlite:///{folder}/claims.db"
    else:
        base = os.environ.get("CLAIMCHECK_TEST_PG")
        if not base:
            raise SystemExit("CLAIMCHECK_TEST_PG is not set")
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(base)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

        def drop_schema():
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
        cleanup = drop_schema
    store = SqlStore(url)
    try:
        t = time.perf_counter()
        fill(store, size)
        print(f"[{backend}] filled {size:,} claims in {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        n = store.index_for_search()
        print(f"[{backend}] indexed {n:,} claims for search in {time.perf_counter() - t:.1f} s",
              flush=True)
        if backend == "postgresql":
            _vacuum(store)
        results = []
        for label, query, filters in QUERIES:
            store.find_claims(query, **filters)  # warm-up
            times = []
            for _ in range(5):
                t = time.perf_counter()
                found = store.find_claims(query, limit=20, **filters)
                times.append(time.perf_counter() - t)
            hits = _count(store, query, filters)
            results.append((label, statistics.median(times), hits))
            print(f"[{backend}] {label:38s} {statistics.median(times) * 1000:8.1f} ms  "
                  f"({hits:,} matching claims, {len(found)} shown)", flush=True)
        t = time.perf_counter()
        store.find_claims(limit=20)
        print(f"[{backend}] {'queue, no search (first 20 of all)':38s} "
              f"{(time.perf_counter() - t) * 1000:8.1f} ms", flush=True)
        return results
    finally:
        store.close()
        if cleanup:
            cleanup()


def _count(store: SqlStore, query: str, filters: dict) -> int:
    return len(store.find_claims(query, limit=None, **filters))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    args = parser.parse_args()
    for backend in (["sqlite", "postgresql"] if args.backend == "both" else [args.backend]):
        run(backend, args.size)


if __name__ == "__main__":
    main()
