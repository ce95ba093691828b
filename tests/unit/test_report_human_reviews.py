"""Human reviews in every report: beside the machine finding in Markdown and HTML, in JSON as
given, and as the verdict and author of ClaimReview."""

from __future__ import annotations

from claimcheck.report import render_claimreview, render_html, render_markdown
from claimcheck.report.claimreview import reviewed_claim_ids
from test_report_helpers import sample_report


def _review(verdict=None, status="done", reviewer="ann", organisation=None, note="",
            decision=None):
    return {"status": None if decision else status, "verdict": verdict, "decision": decision,
            "reviewer": reviewer, "organisation": organisation,
            "at": "2026-12-06T09:30:00+00:00", "note": note, "version": 1}


def _reviewed_report() -> dict:
    report = sample_report()
    claims = {c["id"]: c for c in report["claims"]}
    for c in claims.values():
        c["review"] = None
    claims[3]["review"] = _review("inaccurate", organisation="Harbour Checks",
                                  note="<script>alert(1)</script> the page says otherwise")
    claims[5]["review"] = _review("not_a_claim")
    claims[8]["review"] = _review(None, status="in_progress")
    claims[9]["review"] = _review("misleading", reviewer="bob")
    for m in report["matches"]:
        m["review"] = _review(decision="reject", note="two different ships") \
            if m["claims"] == [2, 6] else None
    return report


def test_claimreview_carries_the_person_verdict_and_organisation():
    before = set(reviewed_claim_ids(sample_report()))
    report = _reviewed_report()
    after = set(reviewed_claim_ids(report))
    # 3: only a person decided it; 5: a person said it is not a claim; 2: its only finding was
    # a conflict a person rejected (6 stays: it is in another conflict, with 12); 8: a review
    # without a verdict adds nothing
    assert after == (before | {3}) - {5, 2}
    by_text = {r["claimReviewed"]: r for r in render_claimreview(report, organisation="Desk")}
    texts = {c["id"]: c["text"] for c in report["claims"]}
    three = by_text[texts[3]]
    assert three["reviewRating"]["ratingValue"] == 1
    assert three["reviewRating"]["alternateName"] == "Inaccurate"
    assert three["author"] == {"@type": "Organization", "name": "Harbour Checks"}
    assert three["datePublished"] == "2026-12-06"
    assert "the page says otherwise" in three["reviewBody"]
    nine = by_text[texts[9]]  # machine: supported; the person: misleading -> the person wins
    assert nine["reviewRating"]["alternateName"] == "Misleading"
    assert nine["author"] == {"@type": "Organization", "name": "Desk"}  # configured
    machine = by_text[texts[10]]
    assert machine["author"] == {"@type": "Organization", "name": "Desk"}
    plain = {r["claimReviewed"]: r for r in render_claimreview(report)}
    assert plain[texts[9]]["author"] == {"@type": "Person", "name": "bob"}
    assert plain[texts[10]]["author"] == {"@type": "Organization", "name": "claimcheck"}


def test_markdown_shows_the_human_review_beside_the_machine_finding():
    md = render_markdown(_reviewed_report())
    section = md.split("## Human reviews", 1)[1].split("\n## ", 1)[0]
    assert r"Inaccurate \(done\) by ann, Harbour Checks on 2026\-12\-06" in section
    assert r"| Supported | **Misleading \(done\) by bob on 2026\-12\-06** |" in section
    assert r"| Related | **no verdict yet \(in progress\)" in section
    assert "<script>" not in md
    assert r"Conflict of claims 2 and 6 rejected by ann on 2026\-12\-06: two different ships." in md
    assert "| Claims reviewed by a person | 4 |" in md


def test_html_shows_reviews_escaped():
    html = render_html(_reviewed_report())
    assert 'id="reviews-h">Human reviews' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Conflict of claims 2 and 6 rejected by ann on 2026-12-06: two different ships." in html
    assert 'class="human-review h-misleading">Misleading (done) by bob' in html


def test_reports_without_reviews_have_no_review_section():
    assert "## Human reviews" not in render_markdown(sample_report())
    assert 'id="reviews-h"' not in render_html(sample_report())
