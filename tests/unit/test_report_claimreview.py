"""render_claimreview: schema.org ClaimReview JSON-LD, expanded offline with pyld."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld

from claimcheck.report import render_claimreview
from claimcheck.report.claimreview import reviewed_claim_ids
from test_report_helpers import DATA, assert_golden, sample_report

SCHEMA = "http://schema.org/"
CONTEXT_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}

# Properties schema.org defines for each type we emit (from schema.org/ClaimReview, /Claim,
# /Rating, /CreativeWork, /Organization, /Person); anything else is a mistake.
ALLOWED = {
    "ClaimReview": {"claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished", "url", "reviewBody"},
    "Claim": {"author", "datePublished", "appearance", "firstAppearance"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName"},
    "CreativeWork": {"name", "url", "datePublished"},
    "Organization": {"name", "url"},
    "Person": {"name", "url"},
}


def _local_loader(url, options=None):
    """Serves the schema.org context from tests/data; refuses every other URL (no network)."""
    if url not in CONTEXT_URLS:
        raise AssertionError(f"unexpected fetch of {url}")
    document = json.loads((DATA / "schemaorg-context.jsonld").read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _expand(review: dict) -> dict:
    expanded = jsonld.expand(review, {"documentLoader": _local_loader})
    assert len(expanded) == 1
    return expanded[0]


def _values(node: dict, prop: str) -> list:
    return node.get(SCHEMA + prop, [])


def _check_types(node: dict) -> None:
    """Every node's properties are ones schema.org defines for its type, recursively."""
    types = [t.removeprefix(SCHEMA) for t in node.get("@type", [])]
    assert len(types) == 1 and types[0] in ALLOWED, types
    props = {key.removeprefix(SCHEMA) for key in node if not key.startswith("@")}
    assert props <= ALLOWED[types[0]], props - ALLOWED[types[0]]
    for key in node:
        for value in node[key] if isinstance(node[key], list) else []:
            if isinstance(value, dict) and "@type" in value and "@value" not in value:
                _check_types(value)


@pytest.fixture(scope="module")
def reviews():
    return render_claimreview(sample_report(), base_url="https://example.org/report.html")


def test_one_review_per_reviewed_claim(reviews):
    report = sample_report()
    assert [r["claimReviewed"] for r in reviews] == [
        c["text"] for c in report["claims"] if c["id"] in reviewed_claim_ids(report)
    ]
    assert len(reviews) == 9  # 6 checked claims + 3 more that are only in conflicts
    assert "It is perhaps the first time" not in json.dumps(reviews)


def test_reviews_expand_to_schema_org_with_known_properties(reviews):
    for review in reviews:
        node = _expand(review)
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        _check_types(node)


def test_google_required_and_recommended_properties(reviews):
    for review in reviews:
        node = _expand(review)
        assert _values(node, "claimReviewed")[0]["@value"].strip()
        assert _values(node, "url")[0]["@id"].startswith("https://example.org/report.html#claim-")
        rating = _values(node, "reviewRating")[0]
        value = float(_values(rating, "ratingValue")[0]["@value"])
        best = float(_values(rating, "bestRating")[0]["@value"])
        worst = float(_values(rating, "worstRating")[0]["@value"])
        assert worst <= value <= best and (worst, best) == (1, 5)
        assert _values(rating, "alternateName")[0]["@value"]
        assert _values(_values(node, "author")[0], "name")[0]["@value"] == "claimcheck"
        item = _values(node, "itemReviewed")[0]
        assert _values(item, "author") and _values(item, "appearance")


def test_ratings_follow_the_evidence(reviews):
    by_text = {r["claimReviewed"]: r["reviewRating"] for r in reviews}
    assert by_text["Around 12% of global trade passes through the canal each year (Smith 2020a)."] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "alternateName": "Contradicted by cited source"}
    grounding = "The grounding of the Ever Given on 23 March 2021 closed the Suez Canal for six days (Lee 2021)."
    assert by_text[grounding]["alternateName"] == "Supported by cited source"
    queue = "More than 400 ships were stuck in the queue at the height of the crisis."
    assert by_text[queue]["alternateName"] == "Conflicting accounts"


def test_authors_and_appearance_come_from_the_document(reviews):
    academic = next(r for r in reviews if "12%" in r["claimReviewed"])
    assert academic["itemReviewed"]["author"] == [
        {"@type": "Person", "name": "Kemi Okafor"}, {"@type": "Person", "name": "Lars Brandt"}]
    assert academic["itemReviewed"]["appearance"]["url"] == "https://journal.example.edu/articles/chokepoints"
    oped = next(r for r in reviews if "400 ships" in r["claimReviewed"])
    assert "url" not in oped["itemReviewed"]["appearance"]


def test_unreachable_only_claims_are_not_reviewed_and_no_url_without_base():
    report = sample_report()
    report["matches"] = []
    reviews = render_claimreview(report)
    texts = {r["claimReviewed"] for r in reviews}
    assert "About 369 vessels were queued at both ends of the canal by 29 March (Lloyd 2021)." not in texts
    assert all("url" not in r for r in reviews)


def test_document_without_authors_is_credited_to_its_source():
    report = sample_report()
    report["documents"][0].pop("authors")
    review = render_claimreview(report)[0]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Harbour Daily"}


def test_golden_claimreview():
    reviews = render_claimreview(sample_report(), base_url="https://example.org/report.html")
    assert_golden("sample_report.claimreview.json", json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
