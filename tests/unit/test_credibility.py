"""score_sources: evidence-based, Beta-smoothed, recomputable from its basis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.credibility import PRIOR, WEIGHTS, beta_share, score_sources, source_name
from test_report_helpers import sample_report


def _report(verdicts: list[str], *, citations: int = 0, issues: int = 0, hedged: int = 0) -> dict:
    """One source with one claim per verdict plus one more claim it shares with a second source."""
    documents = [{"id": 1, "kind": "news", "source": "Paper A", "text": ""},
                 {"id": 2, "kind": "academic", "source": "Journal B", "text": ""}]
    claims = [
        {"id": n, "document_id": 1, "checkworthy": True, "hedged": n < hedged,
         "citations": [{"key": "X 2020", "reference_id": 1}] if n < citations else []}
        for n in range(max(len(verdicts), citations, hedged, 1))
    ]
    verifications = [{"claim_id": n, "verdict": verdict} for n, verdict in enumerate(verdicts)]
    issues_list = [{"document_id": 1, "kind": "dangling"} for _ in range(issues)]
    return {"documents": documents, "claims": claims, "matches": [], "verifications": verifications,
            "citation_issues": issues_list}


def _score(report: dict, name: str = "Paper A") -> float:
    return next(s for s in score_sources(report) if s["name"] == name)["credibility"]


def test_no_evidence_means_one_half():
    assert _score(_report([])) == pytest.approx(0.5, abs=0.02)
    assert _score(_report([]), "Journal B") == 0.5


def test_few_observations_stay_near_one_half():
    assert 0.5 < _score(_report(["supported"])) < 0.6
    assert 0.4 < _score(_report(["contradicted"])) < 0.5


def test_support_raises_and_contradiction_lowers():
    assert _score(_report(["supported"] * 8)) > _score(_report(["supported"] * 2)) > _score(_report([]))
    assert _score(_report(["contradicted"] * 8)) < _score(_report(["contradicted"] * 2)) < _score(_report([]))


def test_not_found_and_unreachable_are_neutral_for_accuracy():
    basis = score_sources(_report(["not_found", "unreachable"]))[1]["basis"]
    assert basis["components"]["accuracy"] == 0.5
    assert (basis["not_found"], basis["unreachable"]) == (1, 1)


def test_citations_help_and_citation_issues_hurt():
    assert _score(_report([], citations=4)) > _score(_report([]))
    assert _score(_report([], issues=4)) < _score(_report([]))


def test_hedging_lowers_definiteness():
    hedged = score_sources(_report([], hedged=4))[1]["basis"]
    assert hedged["hedged_checkworthy"] == 4 and hedged["components"]["definiteness"] < 0.5


def test_conflicts_with_other_kinds_weigh_more_than_same_kind():
    report = _report(["supported"])
    report["claims"].append({"id": 100, "document_id": 2, "checkworthy": True})
    report["matches"] = [{"claims": [0, 100], "relation": "conflict"}]
    other_kind = _score(report)
    report["documents"][1]["kind"] = "news"
    assert _score(report) > other_kind
    agree = dict(report, matches=[{"claims": [0, 100], "relation": "agree"}])
    assert _score(agree) > _score(report)


def test_internal_conflicts_count():
    report = _report(["supported", "supported"])
    report["matches"] = [{"claims": [0, 1], "relation": "conflict"}]
    basis = score_sources(report)[1]["basis"]
    assert basis["internal_conflicts"] == 1 and basis["agreements"] == 0


def test_score_is_recomputable_from_basis():
    for source in score_sources(sample_report()):
        basis = source["basis"]
        conflicts = basis["conflicts_other_kind"] + 0.5 * basis["conflicts_same_kind"] + basis["internal_conflicts"]
        shares = {
            "accuracy": beta_share(basis["supported"], basis["contradicted"]),
            "consistency": beta_share(basis["agreements"], conflicts),
            "coverage": beta_share(basis["cited_checkworthy"], basis["checkworthy"] - basis["cited_checkworthy"]),
            "integrity": beta_share(basis["resolved_citations"], basis["citation_issues"]),
            "definiteness": beta_share(basis["checkworthy"] - basis["hedged_checkworthy"], basis["hedged_checkworthy"]),
        }
        assert source["credibility"] == round(sum(WEIGHTS[k] * v for k, v in shares.items()), 3)
        assert basis["prior"] == PRIOR


def test_sample_report_ranks_the_contradicted_commentary_lowest():
    scores = {s["name"]: s["credibility"] for s in score_sources(sample_report())}
    assert min(scores, key=scores.get) == "Global Trade Review"
    assert sample_report()["sources"] == score_sources(sample_report())


def test_source_name_falls_back_to_title_then_location():
    assert source_name({"source": " X ", "title": "T"}) == "X"
    assert source_name({"source": None, "title": "T", "location": "L"}) == "T"
    assert source_name({"location": "L"}) == "L"
    assert source_name({"id": 3}) == "document 3"


def test_tolerates_missing_keys_and_unknown_ids():
    assert score_sources({}) == []
    report = {"documents": [{"id": 1, "source": "S"}], "claims": [{"id": 1, "document_id": 9}],
              "verifications": [{"claim_id": 42, "verdict": "supported"}], "matches": [{"claims": [1]}]}
    assert score_sources(report)[0]["credibility"] == 0.5


@given(st.lists(st.sampled_from(["supported", "contradicted", "not_found", "unreachable"]), max_size=30),
       st.integers(0, 10), st.integers(0, 10), st.integers(0, 10))
def test_scores_stay_in_unit_interval(verdicts, citations, issues, hedged):
    for source in score_sources(_report(verdicts, citations=citations, issues=issues, hedged=hedged)):
        assert 0.0 <= source["credibility"] <= 1.0
