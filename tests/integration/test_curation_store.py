"""Curation in the store, on a real SQLite file and on real PostgreSQL: the review trail,
refusal of a write made on a stale view, merges and unmerges that never lose a claim."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.curation import root_of
from claimcheck.errors import ClaimcheckError, InputError, StaleWriteError, StoreError
from claimcheck.model import Claim, Extraction, Match, SourceDocument
from claimcheck.store import SqlStore

SENTENCES = ["The port handled 1.2 million containers in 2021.",
             "Residents were evacuated from the valley on 3 May.",
             "The council approved the budget in March.",
             "Officials said 40 ships were waiting offshore.",
             "The strike lasted six days.",
             "The mayor opened the new bridge."]


def make_claims(store: SqlStore, n: int = 6, sha: str = "c") -> list[int]:
    text = " ".join(SENTENCES[:n])
    claims, at = [], 0
    for i, sentence in enumerate(SENTENCES[:n]):
        claims.append(Claim(text=sentence, start=at, end=at + len(sentence), paragraph=1,
                            checkworthiness=0.5 + i / 100))
        at += len(sentence) + 1
    doc_id, _ = store.add_document(SourceDocument(text=text, sha256=sha * 64, location="x.txt",
                                                  source="Harbour Ledger"),
                                   Extraction(claims=tuple(claims)))
    return [c.id for c in store.claims([doc_id])]


def test_review_trail_is_append_only_timezone_aware_and_the_latest_wins(store):
    a, b, *_ = make_claims(store)
    assert store.curation_state(a).status == "unstarted" and store.curation_state(a).version == 0
    first = store.review_claim(a, reviewer="ann", status="in_progress", note="reading the source")
    second = store.review_claim(a, reviewer="bob", verdict="inaccurate", note="wrong year",
                                organisation="Harbour Checks")
    assert (first.version, second.version) == (1, 2)
    trail = store.claim_history(a)
    assert [(r.reviewer, r.status, r.verdict) for r in trail] == [
        ("ann", "in_progress", None), ("bob", "done", "inaccurate")]
    assert all(r.created_at.tzinfo is not None for r in trail)
    assert trail[1].note == "wrong year" and trail[1].organisation == "Harbour Checks"
    # a status alone keeps the verdict
    store.review_claim(a, reviewer="cy", status="needs_second_look")
    state = store.curation_state(a)
    assert (state.status, state.verdict, state.version, state.reviewer) == (
        "needs_second_look", "inaccurate", 3, "cy")
    assert store.curation_state(b).version == 0
    assert [r.reviewer for r in store.list_reviews(by="bob")] == ["bob"]
    assert store.list_reviews(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert len(store.list_reviews(since=datetime.now(UTC) - timedelta(minutes=1))) == 3
    with pytest.raises(InputError, match="unknown verdict"):
        store.review_claim(a, reviewer="ann", verdict="great")
    with pytest.raises(StoreError, match="no claim with id 999999"):
        store.review_claim(999999, reviewer="ann", verdict="accurate")
    assert len(store.claim_history(a)) == 3


def test_a_review_made_on_a_stale_view_is_refused(store):
    a, *_ = make_claims(store)
    seen_by_ann = store.curation_state(a).version
    seen_by_bob = store.curation_state(a).version
    store.review_claim(a, reviewer="ann", verdict="accurate", expected_version=seen_by_ann)
    with pytest.raises(StaleWriteError, match=r"claim \d+ changed since you viewed it \(now "
                                              r"version 1, you saw version 0\)"):
        store.review_claim(a, reviewer="bob", verdict="misleading", expected_version=seen_by_bob)
    assert [r.reviewer for r in store.claim_history(a)] == ["ann"]
    assert store.curation_state(a).verdict == "accurate"
    # bob reloads and tries again
    store.review_claim(a, reviewer="bob", verdict="misleading",
                       expected_version=store.curation_state(a).version)
    assert store.curation_state(a).verdict == "misleading"


def test_concurrent_reviewers_on_one_view_exactly_one_lands(db_url):
    """Reviewers in threads, each with its own connection pool, all writing on version 0."""
    setup = SqlStore(db_url)
    a, *_ = make_claims(setup)
    setup.close()
    stores = [SqlStore(db_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def reviewer(i: int, s: SqlStore) -> None:
        barrier.wait()
        try:
            s.review_claim(a, reviewer=f"r{i}", verdict="accurate", expected_version=0)
            outcomes.append("ok")
        except StaleWriteError:
            outcomes.append("stale")

    threads = [threading.Thread(target=reviewer, args=(i, s)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert sorted(outcomes) == ["ok", "stale", "stale", "stale"]
        assert len(stores[0].claim_history(a)) == 1
        assert stores[0].curation_state(a).version == 1
    finally:
        for s in stores:
            s.close()


def test_match_reviews_confirm_or_reject_with_versions(store):
    a, b, c, *_ = make_claims(store)
    store.save_matches([Match(a, b, 91.0, "conflict")])
    r = store.review_match(b, a, "confirm", reviewer="ann", expected_version=0)
    assert (r.claim_id, r.other_claim_id, r.version) == (a, b, 1)
    with pytest.raises(StaleWriteError, match="the match of claims"):
        store.review_match(a, b, "reject", reviewer="bob", expected_version=0)
    store.review_match(a, b, "reject", reviewer="bob", expected_version=1, note="other port")
    assert store.match_version(a, b) == (2, "reject")
    assert store.match_decisions()[(a, b)].decision == "reject"
    assert [x.kind for x in store.claim_history(b)] == ["match", "match"]
    with pytest.raises(StoreError, match="no match between"):
        store.review_match(a, c, "confirm", reviewer="ann")
    with pytest.raises(InputError, match="unknown decision"):
        store.review_match(a, b, "maybe", reviewer="ann")


def test_merge_both_ways_never_hides_both_claims(store):
    a, b, c, d, *_ = make_claims(store)
    store.merge_into(a, [b], reviewer="ann")
    with pytest.raises(InputError, match=f"already in the cluster kept as claim {a}"):
        store.merge_into(b, [a], reviewer="ann")
    listed = {c.id for c in store.claims()}
    assert a in listed and b not in listed
    # merging into a merged claim merges into its cluster
    assert store.merge_into(b, [c], reviewer="ann") == [(c, a)]
    # a merged duplicate brings its cluster
    store.merge_into(d, [b], reviewer="ann")
    assert store.cluster_of(b) == (d, sorted([a, b, c, d]))
    with pytest.raises(InputError, match=f"claim {b} is merged into claim {d}"):
        store.review_claim(b, reviewer="ann", verdict="accurate")
    assert store.unmerge(a, reviewer="ann", note="another year") == d
    assert store.cluster_of(b) == (a, sorted([a, b, c]))
    assert store.cluster_of(d) == (d, [d])
    with pytest.raises(InputError, match="is not merged"):
        store.unmerge(a, reviewer="ann")
    kinds = [(r.kind, r.claim_id, r.other_claim_id) for r in store.claim_history(a)]
    assert kinds == [("merge", b, a), ("merge", c, a), ("merge", a, d), ("unmerge", a, d)]


OPS = st.lists(st.tuples(st.sampled_from(["merge", "unmerge"]), st.integers(0, 4),
                         st.lists(st.integers(0, 4), min_size=1, max_size=3)),
               max_size=12)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_any_merges_and_unmerges_keep_every_claim_reachable(new_db_url, backend, ops):
    import os

    if backend == "postgresql" and not os.environ.get("CLAIMCHECK_TEST_PG"):
        pytest.skip("CLAIMCHECK_TEST_PG not set")
    store = SqlStore(new_db_url(backend, f"p{abs(hash(str(ops)))}.db"))
    try:
        ids = make_claims(store, 5)
        done = 0
        for op, i, others in ops:
            try:
                if op == "merge":
                    done += len(store.merge_into(ids[i], [ids[j] for j in others],
                                                 reviewer="p"))
                else:
                    store.unmerge(ids[i], reviewer="p")
                    done += 1
            except ClaimcheckError:
                pass  # refused whole: nothing written
            links = store.merge_links()
            roots = {root_of(links, x) for x in ids}  # raises on a cycle
            assert roots == {c.id for c in store.claims()}
            reached = set()
            for r in roots:
                reached |= set(store.cluster_of(r)[1])
            assert reached == set(ids)
        trail = [r for r in store.list_reviews() if r.kind in ("merge", "unmerge")]
        assert len(trail) == done
    finally:
        store.close()


def test_queue_filters_and_order(store):
    from claimcheck.model import VerificationResult

    a, b, c, d, e, f = make_claims(store)
    other = make_claims(store, 2, sha="d")
    store.save_matches([Match(b, other[0], 90.0, "conflict"), Match(c, other[1], 80.0, "agree")])
    store.save_verifications([(d, "https://example.org/p", None, VerificationResult("contradicted")),
                              (e, "https://example.org/p", None, VerificationResult("supported"))])
    store.review_claim(a, reviewer="ann", verdict="inaccurate")
    store.review_claim(f, reviewer="ann", status="needs_second_look")
    queue = store.find_claims(limit=None, document_ids=[store.claim(a).document_id])
    order = [i.claim.id for i in queue]
    # conflict, contradiction, then needs a second look, then unstarted (more check-worthy first),
    # then done
    assert order == [b, d, f, e, c, a]
    by_id = {i.claim.id: i for i in queue}
    assert by_id[b].finding == "conflict" and by_id[d].finding == "contradicted"
    assert by_id[e].finding == "supported" and by_id[c].finding == "agree"
    assert by_id[a].finding is None and by_id[a].source == "Harbour Ledger"
    assert by_id[a].state.verdict == "inaccurate"

    def ids(**kw):
        return [i.claim.id for i in store.find_claims(limit=None, **kw)]
    assert ids(finding="conflict") == [b, other[0]]
    assert ids(finding="agree") == [c, other[1]]
    assert ids(verdict="inaccurate") == [a]
    assert ids(status="needs_second_look") == [f]
    assert a not in ids(unreviewed=True) and f not in ids(unreviewed=True)
    assert set(ids(unreviewed=True)) == {b, c, d, e, *other}
    assert ids(source="Harbour Ledger", verdict="inaccurate") == [a]
    assert ids(source="Nobody") == []
    assert ids(document_ids=[store.claim(other[0]).document_id]) == [other[0], other[1]]
    with pytest.raises(InputError, match="unknown finding"):
        store.find_claims(finding="wrong")


def test_full_text_search_is_stemmed_and_filtered(store):
    a, b, *_ = make_claims(store)
    assert [i.claim.id for i in store.find_claims("evacuation")] == [b]
    assert [i.claim.id for i in store.find_claims("Residents EVACUATING valley")] == [b]
    assert store.find_claims("evacuation harbour") == []  # every word must occur
    assert [i.claim.id for i in store.find_claims("containers")] == [a]
    assert [i.claim.id for i in store.find_claims("container")] == [a]
    # claims stored after the first search are found too (the index catches up)
    later = make_claims(store, 2, sha="e")
    assert {i.claim.id for i in store.find_claims("container")} == {a, later[0]}
    store.review_claim(a, reviewer="ann", verdict="accurate")
    assert [i.claim.id for i in store.find_claims("container", verdict="accurate")] == [a]
    assert [i.claim.id for i in store.find_claims("container", unreviewed=True)] == [later[0]]
    # words only: quotes, operators and punctuation are not query syntax
    assert [i.claim.id for i in store.find_claims('"port" NEAR(x)')] == []
    assert [i.claim.id for i in store.find_claims('port" OR *')] == []
    with pytest.raises(InputError, match="give a word"):
        store.find_claims("  ...  ")


def test_reports_carry_the_latest_human_review(store):
    from claimcheck.pipeline import build_report
    from claimcheck.report import render_claimreview

    a, b, *_ = make_claims(store)
    other = make_claims(store, 2, sha="d")
    store.save_matches([Match(a, other[0], 90.0, "conflict")])
    store.review_claim(a, reviewer="ann", verdict="accurate")
    store.review_claim(a, reviewer="bob", verdict="misleading", organisation="Harbour Checks",
                       note="the base year differs")
    store.review_match(a, other[0], "reject", reviewer="cy")
    store.merge_into(a, [b], reviewer="ann")
    report = build_report(store)
    claims = {c["id"]: c for c in report["claims"]}
    assert claims[a]["review"]["verdict"] == "misleading"
    assert claims[a]["review"]["reviewer"] == "bob"
    assert claims[a]["review"]["at"].endswith("+00:00")
    assert claims[other[1]]["review"] is None
    assert claims[b]["merged_into"] == a
    (m,) = report["matches"]
    assert m["review"]["decision"] == "reject" and m["review"]["reviewer"] == "cy"
    (only,) = render_claimreview(report)
    assert only["claimReviewed"] == claims[a]["text"]
    assert only["reviewRating"]["alternateName"] == "Misleading"
    assert only["author"] == {"@type": "Organization", "name": "Harbour Checks"}
