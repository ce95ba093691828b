"""SqlStore on real databases: SQLite files and PostgreSQL (when CLAIMCHECK_TEST_PG is set)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claimcheck.errors import StoreError
from claimcheck.model import (
    CitationIssue,
    CitationMention,
    Claim,
    DateMention,
    Entity,
    Evidence,
    Extraction,
    Match,
    Page,
    Quantity,
    Reason,
    ReferenceEntry,
    Slots,
    SourceDocument,
    VerificationResult,
)
from timed_claims import TIMED, timed_extraction

TEXT = "The council voted on 2 March 2022. Some 141 states agreed (Smith 2020).\n\nSmith, A. 2020. A book."


def _doc(text=TEXT, sha="a" * 64) -> SourceDocument:
    return SourceDocument(text=text, sha256=sha, location="x.txt", title="X", authors=("A B",),
                          published=date(2022, 7, 14), kind="commentary", source="A B",
                          paragraphs=((0, 72), (74, len(text))))


def _extraction() -> Extraction:
    slots = Slots(entities=(Entity("council", "Council", 4, 11, "organization"),),
                  dates=(DateMention("2 March 2022", "2022-03-02", "day", 21, 33),),
                  quantities=(Quantity("141 states", 141.0, "state", "count", 40, 50, True),),
                  negated=False, quantifier="only", hedged=True)
    c1 = Claim(text=TEXT[0:34], start=0, end=34, paragraph=1, slots=slots, checkworthiness=0.9)
    cite = CitationMention("Smith 2020", "Smith 2020", 60, 70, reference_key="Smith 2020")
    c2 = Claim(text=TEXT[35:72], start=35, end=72, paragraph=1, citations=(cite,))
    ref = ReferenceEntry(key="Smith 2020", text=TEXT[74:], start=74, end=len(TEXT),
                         authors=("Smith, A.",), year=2020, url="https://example.org/b")
    issue = CitationIssue("uncited", "Jones 2019", "listed but never cited", None)
    return Extraction(claims=(c1, c2), references=(ref,), citation_issues=(issue,))


def test_schema_is_created_by_migrations(store):
    status = store.schema_status()
    assert status["current"] == status["head"] and status["up_to_date"]


def test_document_round_trip_keeps_provenance_and_slots(store):
    doc_id, created = store.add_document(_doc(), _extraction())
    assert created
    claims = store.claims([doc_id])
    assert [c.text for c in claims] == [TEXT[0:34], TEXT[35:72]]
    doc = store.document(doc_id)
    for c in claims:
        assert doc.text[c.start:c.end] == c.text
    first = claims[0]
    assert first.slots.dates[0].value == "2022-03-02"
    assert first.slots.quantities[0].approximate is True
    assert first.slots.quantifier == "only" and first.slots.hedged
    assert claims[1].citations[0].reference_key == "Smith 2020"
    assert store.cited_urls([doc_id]) == [(claims[1].id, "https://example.org/b")]
    assert doc.source.name == "A B" and doc.published == date(2022, 7, 14)
    assert [p.number for p in doc.passages] == [1, 2]


def test_times_ranges_and_tallies_round_trip(store):
    doc = SourceDocument(text=TIMED, sha256="d" * 64, location="t.txt",
                         paragraphs=((0, len(TIMED)),))
    doc_id, _ = store.add_document(doc, timed_extraction())
    (got,) = store.claims([doc_id])
    (want,) = timed_extraction().claims
    (t,) = got.slots.times
    assert (t.text, t.value, t.start, t.end) == ("14:00", "14:00", 3, 8)
    assert TIMED[t.start:t.end] == t.text
    people, single, tally, money = got.slots.quantities
    for q in got.slots.quantities:
        assert TIMED[q.start:q.end] == q.text
    assert (people.value, people.high, people.kind, people.unit) == (40.0, 60.0, "count", "person")
    assert (tally.value, tally.high, tally.kind) == (6.0, 3.0, "tally")  # written order kept
    assert (money.value, money.high, money.approximate) == (3.8e9, 4.6e9, True)
    assert single.high is None
    assert got.slots == want.slots
    assert store.claim(got.id).slots == want.slots


def test_same_bytes_give_the_same_document(store):
    first = store.add_document(_doc(), _extraction())
    again = store.add_document(_doc(), _extraction())
    assert again == (first[0], False)
    assert store.table_counts()["documents"] == 1
    assert store.table_counts()["claims"] == 2


def test_failed_write_leaves_nothing_behind(store):
    bad = Extraction(claims=(Claim(text=None, start=0, end=1, paragraph=1),))  # NOT NULL
    with pytest.raises(StoreError):
        store.add_document(_doc(), bad)
    assert all(n == 0 for n in store.table_counts().values())


def test_bulk_write_of_many_documents_round_trips(store):
    docs = [(_doc(sha=f"{i:064d}"), _extraction()) for i in range(3)]
    results = store.add_documents([*docs, docs[1]])  # the same bytes twice: stored once
    assert [created for _, created in results] == [True, True, True, False]
    assert results[3][0] == results[1][0]
    assert store.add_documents(docs) == [(doc_id, False) for doc_id, _ in results[:3]]
    for (doc_id, _), (_, extraction) in zip(results, docs):
        got = store.claims([doc_id])
        assert [(c.text, c.slots, c.citations) for c in got] == \
            [(c.text, c.slots, c.citations) for c in extraction.claims]
        assert [r.key for r in store.references([doc_id])] == ["Smith 2020"]
    assert store.table_counts()["claims"] == 6 and store.table_counts()["citation_issues"] == 3


def test_a_failed_document_in_a_bulk_write_leaves_nothing_of_its_own(store):
    bad = Extraction(claims=(_extraction().claims[0],
                             Claim(text=None, start=0, end=1, paragraph=1)))  # NOT NULL, mid-document
    with pytest.raises(StoreError):
        store.add_documents([(_doc(sha="1" * 64), _extraction()), (_doc(sha="2" * 64), bad),
                             (_doc(sha="3" * 64), _extraction())])
    # the document before it is committed whole; nothing of the failing one, nor of the next
    assert store.document_id_for_sha("1" * 64) is not None
    assert store.document_id_for_sha("2" * 64) is None and store.document_id_for_sha("3" * 64) is None
    counts = store.table_counts()
    assert (counts["documents"], counts["claims"], counts["passages"], counts["citations"],
            counts["reference_entries"]) == (1, 2, 2, 1, 1)


def test_matches_and_verifications_upsert(store):
    doc_id, _ = store.add_document(_doc(), _extraction())
    a, b = (c.id for c in store.claims([doc_id]))
    store.save_matches([Match(b, a, 80.0, "conflict", (Reason("date", "x", "y", "n"),))])
    store.save_matches([Match(a, b, 90.0, "agree")])
    (m,) = store.matches([a])
    assert (m.claim_a, m.claim_b, m.score, m.relation, m.reasons) == (a, b, 90.0, "agree", ())
    page = Page(url="https://example.org/b", final_url="https://example.org/b", status=200,
                fetched_at=datetime(2024, 1, 1, tzinfo=UTC), sha256="f" * 64,
                content_type="text/html", text="Some 141 states agreed.")
    snap = store.save_snapshot(page)
    assert store.save_snapshot(page) == snap  # identical version reused
    res = VerificationResult("supported", Evidence("Some 141 states agreed.", 0, 23),
                             (Reason("quantity", "141", "141", "same"),), 0.9)
    store.save_verifications([(b, page.url, snap, res)])
    store.save_verifications([(b, page.url, snap, res)])
    (v,) = store.verifications([b])
    assert v.verdict == "supported" and v.evidence["start"] == 0 and v.snapshot.sha256 == "f" * 64


def test_reviews_are_append_only_and_merge(store):
    doc_id, _ = store.add_document(_doc(), _extraction())
    a, b = (c.id for c in store.claims([doc_id]))
    store.add_review(a, "accurate", reviewer="r1")
    store.add_review(a, "inaccurate", reviewer="r2", note="wrong date")
    assert [r.label for r in store.reviews(a)] == ["accurate", "inaccurate"]
    store.merge_claims(a, [b], reviewer="r1")
    assert [c.id for c in store.claims([doc_id])] == [a]
    assert len(store.claims([doc_id], include_merged=True)) == 2
    with pytest.raises(StoreError):
        store.add_review(99999, "accurate", reviewer="r")


def test_known_claims_import_is_idempotent(store):
    rows = [{"external_id": "1", "claim": "Water is wet", "rating": "True"}]
    store.add_known_claims("c", rows)
    store.add_known_claims("c", rows)
    assert [k.claim for k in store.known_claims()] == ["Water is wet"]


def test_many_matches_and_verdicts_cross_chunk_boundaries(store):
    n = 6200  # more claims than one IN (...) chunk
    text = "x" * n
    claims = tuple(Claim(text="x", start=i, end=i + 1, paragraph=1) for i in range(n))
    doc_id, _ = store.add_document(_doc(text=text, sha="c" * 64), Extraction(claims=claims))
    ids = [c.id for c in store.claims([doc_id])]
    pairs = [Match(a, b, 70.0, "related") for a, b in zip(ids, ids[1:])]
    assert store.save_matches(pairs) == n - 1
    assert store.save_matches([Match(b, a, 95.0, "agree") for a, b in zip(ids, ids[1:])]) == n - 1
    got = store.matches(ids)
    assert len(got) == n - 1 and {m.relation for m in got} == {"agree"}
    assert store.table_counts()["matches"] == n - 1
    res = VerificationResult("not_found")
    store.save_verifications([(i, "https://example.org/p", None, res) for i in ids])
    store.save_verifications([(i, "https://example.org/p", None, res) for i in ids])
    assert len(store.verifications(ids)) == n
