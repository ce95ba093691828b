"""Matching against the state stored with each claim (issue #16) finds exactly what matching
against every stored claim finds: same candidates, same matches."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from claimcheck.ingest import load_document
from claimcheck.match import find_matches, store_candidates
from claimcheck.model import SourceDocument
from claimcheck.pipeline import alignment_engine, store_documents
from claimcheck.store import SqlStore

ROOT = Path(__file__).resolve().parents[2]


def _documents(count: int) -> list[SourceDocument]:
    """The two fixture documents, and shuffled recombinations of their paragraphs (shared
    figures, entities and dates across documents, in varying company)."""
    fixtures = [load_document(str(ROOT / "fixtures" / name)) for name in
                ("article-pacheco-pardo-kim-2022.md", "commentary-xusheng-2022.txt")]
    paragraphs = [p for d in fixtures for p in d.text.split("\n\n") if len(p) > 80]
    rng = random.Random(5)
    docs = list(fixtures)
    for i in range(count):
        text = "\n\n".join(rng.sample(paragraphs, 6))
        sha = hashlib.sha256(f"{i}:{text}".encode()).hexdigest()
        bounds, start = [], 0
        for part in text.split("\n\n"):
            bounds.append((start, start + len(part)))
            start += len(part) + 2
        docs.append(SourceDocument(text=text, sha256=sha, location=f"mix{i}.txt",
                                   paragraphs=tuple(bounds), kind="news", source=f"S{i % 3}"))
    return docs


@pytest.mark.parametrize("max_block", [3, 12, 200])
def test_stored_state_blocks_as_every_claim_does(db_url, max_block):
    store = SqlStore(db_url)
    try:
        results = store_documents(store, _documents(10))
        doc_ids = [r.document_id for r in results]
        for doc_id in doc_ids[::3]:
            new = store.claims([doc_id])
            everything = [c for c in store.claims() if c.document_id != doc_id]
            want = find_matches(new, everything, max_block=max_block)
            ids, counts = store_candidates(new, store.match_state(exclude={c.id for c in new}),
                                           max_block=max_block)
            got = find_matches(new, _whole(store, ids, doc_id), max_block=max_block, key_counts=counts)
            assert want and got == want
            # the new claims' stored state taken instead of computed: the same candidates
            assert store_candidates(new, store.match_state(), max_block=max_block,
                                    new_ids={c.id for c in new}) == (ids, counts)
            assert len(ids) < len(everything) or max_block == 200
    finally:
        store.close()


def test_state_is_stored_with_claims_and_recomputed_when_missing(tmp_path):
    store = SqlStore(str(tmp_path / "s.db"))
    try:
        results = store_documents(store, _documents(3))
        first = store.match_state()
        with store.engine.begin() as conn:  # a database filled before revision 0007
            conn.exec_driver_sql("DELETE FROM claim_match_state")
        again = store.match_state()
        for owner, keys in (("block_owner", "block"), ("figure_owner", "figures")):
            def pairs(state):
                return sorted(zip(getattr(state, owner).tolist(), getattr(state, keys).tolist()))
            assert pairs(first) == pairs(again) and pairs(first)
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM claim_match_state").scalar()
        assert stored == sum(r.claims for r in results)
    finally:
        store.close()


def _store_with_a_merged_claim(db_url) -> tuple[SqlStore, list[int]]:
    """A store of ten documents where a claim of one is merged into a claim of another (every
    path must leave the merged claim out), and its document ids."""
    store = SqlStore(db_url)
    doc_ids = [r.document_id for r in store_documents(store, _documents(10))]
    a, b = store.claims([doc_ids[1]])[:1], store.claims([doc_ids[2]])[:1]
    store.merge_claims(b[0].id, [a[0].id], reviewer="test")
    return store, doc_ids


@pytest.mark.parametrize("max_block", [3, 12, 200])
def test_key_index_finds_what_the_stored_arrays_find(db_url, max_block):
    """Candidates and key counts looked up in the indexed key tables (revision 0008) are those
    of the store-wide arrays, with merged claims left out of both, and so are the matches."""
    store, doc_ids = _store_with_a_merged_claim(db_url)
    try:
        for doc_id in doc_ids[::3]:
            new = store.claims([doc_id])
            mine = store.claim_ids([doc_id])
            want = store_candidates(new, store.match_state(), max_block=max_block, new_ids=mine)
            got = store_candidates(new, store.match_index(), max_block=max_block, new_ids=mine)
            assert got[0] == want[0] and got[0]
            assert got[1].counts == want[1].counts
            everything = [c for c in store.claims() if c.document_id != doc_id]
            assert (find_matches(new, _whole(store, got[0], doc_id), max_block=max_block, key_counts=got[1])
                    == find_matches(new, everything, max_block=max_block))
    finally:
        store.close()


def _whole(store, claim_ids, doc_id):
    """The claims of the documents of ``claim_ids`` (``doc_id``'s own left out), as the
    pipeline reads a store's candidates: a figure, measure or actor backs a pair by how few
    claims of its document give it (``claimcheck.match._rare_keys``)."""
    document_of = {c.id: c.document_id for c in store.claims()}
    documents = {document_of[i] for i in claim_ids} - {doc_id}
    return store.claims(sorted(documents)) if documents else []


@pytest.mark.parametrize("max_block", [3, 12, 200])
def test_scored_candidates_find_what_every_candidate_finds(db_url, max_block):
    """``store_candidates(scored=True)`` keeps only the candidates of documents with a pair that
    passes the surface score, and matching over those finds what it finds over every candidate
    and over every claim (with a merged claim left out throughout)."""
    engine = alignment_engine() if max_block == 200 else None
    engine = engine if engine is not None and engine.mode == "semantic" else None
    store, doc_ids = _store_with_a_merged_claim(db_url)
    try:
        dropped = 0
        for doc_id in doc_ids:
            new = store.claims([doc_id])
            mine = store.claim_ids([doc_id])
            index = store.match_index(mine)
            ids, counts = store_candidates(new, index, max_block=max_block, new_ids=mine)
            kept, kept_counts = store_candidates(new, index, max_block=max_block, new_ids=mine,
                                                 scored=True)
            assert set(kept) <= set(ids) and kept_counts.counts == counts.counts
            dropped += len(ids) - len(kept)
            everything = [c for c in store.claims() if c.document_id != doc_id]
            want = find_matches(new, everything, max_block=max_block)
            assert find_matches(new, _whole(store, ids, doc_id), max_block=max_block,
                                key_counts=counts) == want
            assert find_matches(new, _whole(store, kept, doc_id), max_block=max_block,
                                key_counts=kept_counts) == want
            if engine is not None and doc_id == doc_ids[-1]:  # semantic, above SEMANTIC_ALL
                assert (find_matches(new, _whole(store, kept, doc_id), max_block=max_block,
                                     key_counts=kept_counts, engine=engine)
                        == find_matches(new, _whole(store, ids, doc_id), max_block=max_block,
                                        key_counts=counts, engine=engine))
        assert dropped  # some candidates were left out
    finally:
        store.close()


def test_key_index_is_built_when_missing_and_caught_up_with_new_claims(db_url):
    """A database filled before revision 0008 (no index) gets it built from the claims when
    matching first needs it; documents stored after that are added to it when matching next
    needs it, and the index then equals one built from scratch."""
    store = SqlStore(db_url)
    try:
        docs = _documents(6)
        store_documents(store, docs[:4])
        with store.engine.begin() as conn:  # as a database filled before 0008 holds it
            for table in ("match_keys", "match_key_counts", "match_index_state"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
            conn.exec_driver_sql("DELETE FROM claim_match_state")
        store.match_index()
        store_documents(store, docs[4:])
        store.match_index()  # the new claims caught up

        def snapshot():
            with store.engine.connect() as conn:
                return (sorted(conn.exec_driver_sql("SELECT key, claim_id FROM match_keys").all()),
                        sorted(conn.exec_driver_sql("SELECT key, claims FROM match_key_counts").all()))
        kept = snapshot()
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE match_index_state SET version = 'old'")
        store.match_index()  # a stale version: built anew
        assert snapshot() == kept and kept[0]
        with store.engine.connect() as conn:
            claims = conn.exec_driver_sql("SELECT count(*) FROM claims").scalar()
            indexed = conn.exec_driver_sql("SELECT count(DISTINCT claim_id) FROM match_keys").scalar()
        assert indexed == claims
    finally:
        store.close()


def test_claims_are_indexed_when_matching_first_needs_them(db_url):
    """Storing claims writes nothing to the key tables (ingest pays nothing for the index);
    the next ``match_index`` adds exactly the claims not in it yet."""
    store = SqlStore(db_url)
    try:
        docs = _documents(3)
        store_documents(store, docs[:2])

        def counts():
            with store.engine.connect() as conn:
                return (conn.exec_driver_sql("SELECT count(DISTINCT claim_id) FROM match_keys").scalar(),
                        conn.exec_driver_sql("SELECT count(*) FROM claim_match_state "
                                             "WHERE NOT indexed").scalar(),
                        conn.exec_driver_sql("SELECT count(*) FROM claims").scalar())
        assert counts()[0] == 0 and counts()[1] == counts()[2] > 0
        store.match_index()
        assert counts()[0] == counts()[2] and counts()[1] == 0
        store_documents(store, docs[2:])
        indexed, unindexed, claims = counts()
        assert unindexed == claims - indexed > 0
        store.match_index()
        assert counts()[0] == counts()[2] and counts()[1] == 0
    finally:
        store.close()


def test_the_first_document_of_a_store_gets_the_counts_of_its_own_claims(db_url):
    """Nothing else stored: no candidates, and the key counts the index would give (the same
    matches as over every claim, which are its own)."""
    store = SqlStore(db_url)
    try:
        (result,) = store_documents(store, _documents(0)[:1])
        new = store.claims([result.document_id])
        mine = store.claim_ids([result.document_id])
        index = store.match_index()
        assert index.only(np.array(sorted(mine)))
        got = store_candidates(new, index, new_ids=mine)
        want = store_candidates(new, store.match_state(), new_ids=mine)
        assert got[0] == want[0] == []
        assert {k: v for k, v in got[1].counts.items() if k in want[1].counts} == want[1].counts
        assert find_matches(new, [], key_counts=got[1]) == find_matches(new, [])
    finally:
        store.close()


def test_the_first_documents_of_a_store_leave_indexing_to_the_next_match(db_url):
    """Matching the only claims of a store needs no index: they are indexed when the next
    document is matched, and that match finds what matching over every claim finds."""
    store = SqlStore(db_url)
    try:
        first, second = store_documents(store, _documents(0))
        mine = store.claim_ids([first.document_id, second.document_id])
        index = store.match_index(mine)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM match_keys").scalar() == 0
        assert store_candidates([], index, new_ids=mine)[0] == []
        (third,) = store_documents(store, _documents(1)[2:])
        new = store.claims([third.document_id])
        ids = store.claim_ids([third.document_id])
        got = store_candidates(new, store.match_index(ids), new_ids=ids)
        with store.engine.connect() as conn:  # caught up, the new document's claims too
            indexed = conn.exec_driver_sql("SELECT count(DISTINCT claim_id) FROM match_keys").scalar()
            claims = conn.exec_driver_sql("SELECT count(*) FROM claims").scalar()
        assert indexed == claims
        everything = [c for c in store.claims() if c.document_id != third.document_id]
        assert (find_matches(new, store.claims(ids=got[0]), key_counts=got[1])
                == find_matches(new, everything))
    finally:
        store.close()


def test_a_document_checked_into_a_store_is_matched_as_over_every_claim(db_url, monkeypatch):
    """The pipeline's store path (candidates from the key index) decides every pair as matching
    over every stored claim does: the candidates' documents are read whole, since a figure,
    measure or actor backs a pair by how few claims of its document give it."""
    import claimcheck.match as match
    from claimcheck import pipeline
    from claimcheck.align.engine import AlignmentEngine

    lexical = AlignmentEngine()
    monkeypatch.setattr(pipeline, "alignment_engine", lambda: lexical)
    store, doc_ids = _store_with_a_merged_claim(db_url)
    found = []
    real = match.find_matches

    def capture(*args, **kwargs):
        found.append(real(*args, **kwargs))
        return []

    monkeypatch.setattr(match, "find_matches", capture)
    try:
        for doc_id in doc_ids:
            found.clear()
            pipeline._match_documents(store, [doc_id], min_score=None, checkworthy_only=False, claims=None)
            everything = [c for c in store.claims() if c.document_id != doc_id]
            assert found == [real(store.claims([doc_id]), everything, engine=lexical)], doc_id
    finally:
        store.close()
