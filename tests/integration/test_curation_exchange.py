"""Export from one backend, import into the other (SQLite <-> PostgreSQL), field by field: the
review trail, match reviews and merges survive, a second import changes nothing, and a database
with a trail of its own merges the imported one instead of losing either."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime, timedelta

import pytest

from claimcheck.exchange import export_csv, export_database, import_database, read_export, to_jsonl
from claimcheck.model import Evidence, Match, VerificationResult
from claimcheck.store import SqlStore
from test_curation_store import make_claims

PG = os.environ.get("CLAIMCHECK_TEST_PG")
DIRECTIONS = [
    pytest.param("sqlite", "postgresql", id="sqlite-to-postgresql",
                 marks=pytest.mark.skipif(not PG, reason="CLAIMCHECK_TEST_PG not set")),
    pytest.param("postgresql", "sqlite", id="postgresql-to-sqlite",
                 marks=pytest.mark.skipif(not PG, reason="CLAIMCHECK_TEST_PG not set")),
    pytest.param("sqlite", "sqlite", id="sqlite-to-sqlite"),
]


def _curated(store: SqlStore) -> list[int]:
    a, b, c, d, e, f = make_claims(store)
    other = make_claims(store, 3, sha="d")
    store.save_matches([Match(a, other[0], 91.0, "conflict"), Match(b, other[1], 70.0, "agree")])
    store.save_verifications([(c, "https://example.org/p", None, VerificationResult(
        "contradicted", Evidence("The council rejected it.", 0, 24), score=0.8))])
    store.review_claim(a, reviewer="ann", status="in_progress", note="reading")
    store.review_claim(a, reviewer="bob", verdict="inaccurate", organisation="Harbour Checks",
                       note="wrong year")
    store.review_match(a, other[0], "confirm", reviewer="ann")
    store.merge_into(d, [e, f], reviewer="ann", note="same statement")
    store.unmerge(f, reviewer="bob", note="other day")
    store.merge_into(other[2], [c], reviewer="cy")
    return [a, b, c, d, e, f, *other]


def _comparable(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data.pop("exported_at", None)
    return data


def _write(data: dict, path) -> dict:
    path.write_text(to_jsonl(data), encoding="utf-8")
    return read_export(str(path))


@pytest.mark.parametrize("src,dst", DIRECTIONS)
def test_export_import_across_backends_is_lossless_and_idempotent(new_db_url, tmp_path, src, dst):
    source = SqlStore(new_db_url(src, "source.db"))
    target = SqlStore(new_db_url(dst, "target.db"))
    try:
        _curated(source)
        exported = export_database(source)
        data = _write(exported, tmp_path / "export.jsonl")
        assert _comparable(data) == _comparable(exported)  # JSONL carries the same content
        counts = import_database(target, data)
        assert counts["reviews"] == len(exported["reviews"]) == 7
        assert counts["merges"] == len(exported["merges"]) == 2  # e into d, c into other[2]
        again = export_database(target)
        want, got = _comparable(exported), _comparable(again)
        for key in want:  # field by field, section by section
            assert got[key] == want[key], key
        assert source.content_keys() == target.content_keys()
        # a second import adds nothing
        counts = import_database(target, data)
        assert counts["reviews"] == 0 and counts["merges"] == 0 and counts["documents"] == 0
        assert _comparable(export_database(target)) == want
        # the state each claim is in, by position rather than id
        ref = {(c["text"], c["start"]) for d in want["documents"] for c in d["claims"]}
        assert ref
        for s_item, t_item in zip(_states(source), _states(target)):
            assert s_item == t_item
    finally:
        source.close()
        target.close()


def _states(store: SqlStore) -> list[tuple]:
    docs = {d.id: d.sha256 for d in store.documents()}
    out = []
    for c in store.claims(include_merged=True):
        st = store.curation_state(c.id)
        root = store.claim(st.root)
        out.append(((docs[c.document_id], c.start), st.status, st.verdict, st.version,
                    (docs[root.document_id], root.start), st.reviewer, st.note))
    return sorted(out)


@pytest.mark.parametrize("src,dst", DIRECTIONS)
def test_import_merges_trails_and_the_latest_review_wins(new_db_url, tmp_path, src, dst):
    source = SqlStore(new_db_url(src, "source.db"))
    target = SqlStore(new_db_url(dst, "target.db"))
    try:
        ids = _curated(source)
        import_database(target, read_export_of(source, tmp_path))
        sha = {d.id: d.sha256 for d in target.documents()}
        by_pos = {(sha[c.document_id], c.start): c.id for c in target.claims(include_merged=True)}
        src_sha = {d.id: d.sha256 for d in source.documents()}
        a_src = source.claim(ids[0])
        a_tgt = by_pos[(src_sha[a_src.document_id], a_src.start)]
        b_src = source.claim(ids[1])
        b_tgt = by_pos[(src_sha[b_src.document_id], b_src.start)]
        # each side goes on reviewing: the target later than the source on claim a,
        # the source later on claim b
        target.review_claim(a_tgt, reviewer="dee", verdict="misleading",
                            created_at=datetime.now(UTC) + timedelta(minutes=5))
        source.review_claim(ids[1], reviewer="eve", verdict="accurate",
                            created_at=datetime.now(UTC) + timedelta(minutes=6))
        target.review_claim(b_tgt, reviewer="fay", verdict="unverifiable",
                            created_at=datetime.now(UTC) - timedelta(minutes=6))
        counts = import_database(target, read_export_of(source, tmp_path))
        assert counts["reviews"] == 1  # eve's; everything else was there already
        trail_a = [(r.reviewer, r.verdict) for r in target.claim_history(a_tgt) if r.kind == "claim"]
        assert trail_a == [("ann", None), ("bob", "inaccurate"), ("dee", "misleading")]
        assert target.curation_state(a_tgt).verdict == "misleading"
        assert [r.reviewer for r in target.claim_history(b_tgt)] == ["fay", "eve"]
        st = target.curation_state(b_tgt)
        assert (st.verdict, st.reviewer, st.version) == ("accurate", "eve", 2)
        # and the merged trail carries on with optimistic concurrency
        target.review_claim(b_tgt, reviewer="gus", status="needs_second_look", expected_version=2)
    finally:
        source.close()
        target.close()


def read_export_of(store: SqlStore, tmp_path) -> dict:
    return _write(export_database(store), tmp_path / "again.jsonl")


def test_csv_export_of_claims_and_findings(new_db_url):
    store = SqlStore(new_db_url("sqlite", "csv.db"))
    try:
        ids = _curated(store)
        # a formula in a note stays text in a spreadsheet
        store.review_claim(ids[1], reviewer="ann", verdict="accurate", note="=HYPERLINK(1)")
        rows = list(csv.DictReader(io.StringIO(export_csv(store))))
        assert len(rows) == 9
        by_id = {int(r["claim_id"]): r for r in rows}
        a = by_id[ids[0]]
        assert (a["finding"], a["status"], a["verdict"], a["reviewer"]) == (
            "conflict", "done", "inaccurate", "bob")
        assert a["relations"] == f"conflict #{ids[6]}"
        assert a["source"] == "Harbour Ledger" and a["note"] == "wrong year"
        assert by_id[ids[2]]["verifications"] == "contradicted https://example.org/p"
        assert by_id[ids[2]]["merged_into"] == str(ids[8])
        assert by_id[ids[1]]["note"] == "'=HYPERLINK(1)"
    finally:
        store.close()
