"""schema.org ClaimReview JSON-LD: one review per reviewed claim.

A claim gets a ClaimReview when a person gave it a verdict (the latest review wins; its author
is the reviewer's organisation, else the configured one, else the reviewer) or when the machine
decided it: at least one verification is not ``unreachable``, or it takes part in a conflict
that no person rejected. A claim a person judged ``not_a_claim`` gets none. The rating follows
Google's fact-check markup: ``ratingValue`` between ``worstRating`` 1 and ``bestRating`` 5, with
a human ``alternateName``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimcheck.report.common import ReportIndex, items, published_label

CONTEXT = "https://schema.org"
REVIEWER = {"@type": "Organization", "name": "claimcheck"}
_URL = re.compile(r"^https?://", re.IGNORECASE)
_ORGANIZATION_HINT = re.compile(
    r"\b(?:inc|ltd|llc|gmbh|press|news|daily|times|post|journal|review|agency|institute|"
    r"university|ministry|department|office|council|foundation|centre|center|group|media)\b",
    re.IGNORECASE,
)

RATINGS: dict[str, tuple[int, str]] = {
    "supported": (5, "Supported by cited source"),
    "mixed": (3, "Mixed: sources disagree"),
    "conflict": (3, "Conflicting accounts"),
    "unverified": (3, "Unverified"),
    "contradicted": (1, "Contradicted by cited source"),
}
"""Outcome -> (ratingValue, alternateName)."""

HUMAN_RATINGS: dict[str, tuple[int, str]] = {
    "accurate": (5, "Accurate"),
    "unverifiable": (3, "Unverifiable"),
    "misleading": (2, "Misleading"),
    "inaccurate": (1, "Inaccurate"),
}
"""A person's verdict -> (ratingValue, alternateName); ``not_a_claim`` is never published."""


def _human_verdict(claim: Mapping[str, Any]) -> str | None:
    """The latest human verdict of a claim, when it has one."""
    return (claim.get("review") or {}).get("verdict")


def _human_author(review: Mapping[str, Any], organisation: str | None) -> dict[str, str]:
    """The organisation the reviewer works for (theirs, else the configured one), else them."""
    name = review.get("organisation") or organisation
    if name:
        return {"@type": "Organization", "name": str(name)}
    return {"@type": "Person", "name": str(review.get("reviewer") or "unknown reviewer")}


def _conflicted(report: Mapping[str, Any]) -> set[Any]:
    """Claims in a conflict that no person rejected."""
    return {
        claim_id
        for match in items(report, "matches")
        if match.get("relation") == "conflict"
        and (match.get("review") or {}).get("decision") != "reject"
        for claim_id in match.get("claims") or []
    }


def _outcome(verdicts: set[str], in_conflict: bool) -> str:
    """The rating outcome of a claim from its verdicts and whether it is in a conflict."""
    if {"supported", "contradicted"} <= verdicts:
        return "mixed"
    if "contradicted" in verdicts:
        return "contradicted"
    if "supported" in verdicts:
        return "supported"
    return "conflict" if in_conflict else "unverified"


def _author(document: Mapping[str, Any]) -> list[dict[str, str]] | dict[str, str]:
    """Person entries from the document's authors, else the Organization it comes from."""
    authors = [str(name) for name in document.get("authors") or [] if str(name).strip()]
    if authors:
        people = [{"@type": _author_type(name), "name": name} for name in authors]
        return people[0] if len(people) == 1 else people
    name = str(document.get("source") or document.get("title") or "Unknown source")
    return {"@type": "Organization", "name": name}


def _author_type(name: str) -> str:
    """Organization for names that look like one, else Person."""
    return "Organization" if _ORGANIZATION_HINT.search(name) else "Person"


def _appearance(document: Mapping[str, Any]) -> dict[str, str]:
    """The CreativeWork where the claim appeared (url only when it is a web address)."""
    work = {"@type": "CreativeWork", "name": str(document.get("title") or document.get("location") or "")}
    location = str(document.get("location") or "")
    if _URL.match(location):
        work["url"] = location
    if published_label(document):  # "2017-10" when only the month is known: no invented day
        work["datePublished"] = published_label(document)
    return work


def _item_reviewed(document: Mapping[str, Any]) -> dict[str, Any]:
    """The schema.org Claim: who made it, when, and where it appeared."""
    item: dict[str, Any] = {"@type": "Claim", "author": _author(document), "appearance": _appearance(document)}
    if published_label(document):
        item["datePublished"] = published_label(document)
    return item


def _review_body(outcome: str, verifications: list[Mapping[str, Any]]) -> str:
    """A one-sentence explanation naming the references used."""
    urls = sorted({str(v.get("url")) for v in verifications if v.get("verdict") != "unreachable" and v.get("url")})
    if outcome == "conflict":
        return "Another source in this report makes a conflicting statement."
    if not urls:
        return "No reference passage confirming or contradicting the claim was found."
    # a page that could not be fetched again was judged on its stored snapshot: say so
    kept = dict.fromkeys(str(r.get("note")) for v in verifications for r in v.get("reasons") or []
                         if str(r.get("note") or "").startswith("re-fetch failed"))
    after = "".join(f" {note[0].upper()}{note[1:]}." for note in kept)
    return f"{RATINGS[outcome][1]}; checked against {', '.join(urls)}.{after}"


def _review(index: ReportIndex, claim: Mapping[str, Any], in_conflict: bool, base_url: str | None,
            organisation: str | None = None) -> dict[str, Any]:
    """One ClaimReview for one claim: the person's verdict when there is one, else the machine's."""
    verifications = index.verifications_by_claim.get(claim.get("id"), [])
    human = claim.get("review") or {}
    if human.get("verdict") in HUMAN_RATINGS:
        value, label = HUMAN_RATINGS[human["verdict"]]
        author = _human_author(human, organisation)
        body = str(human.get("note") or f"{label}, in the judgement of {author['name']}.")
        published = str(human.get("at") or "")[:10]
    else:
        outcome = _outcome({str(v.get("verdict")) for v in verifications}, in_conflict)
        value, label = RATINGS[outcome]
        author = {"@type": "Organization", "name": organisation} if organisation else dict(REVIEWER)
        body = _review_body(outcome, verifications)
        published = str(index.report.get("generated_at") or "")[:10]
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": str(claim.get("text") or ""),
        "itemReviewed": _item_reviewed(index.document_of(claim)),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "author": author,
        "reviewBody": body,
    }
    if published:
        review["datePublished"] = published
    if base_url:
        review["url"] = f"{base_url}#claim-{claim.get('id')}"
    return review


def reviewed_claim_ids(report: Mapping[str, Any]) -> list[Any]:
    """Ids of the claims that get a ClaimReview, in report order: those a person gave a verdict,
    and those the machine decided (a verification other than unreachable, or a conflict no
    person rejected), less those a person judged not a claim."""
    checked = {v.get("claim_id") for v in items(report, "verifications") if v.get("verdict") != "unreachable"}
    decided = checked | _conflicted(report)
    return [c.get("id") for c in items(report, "claims")
            if _human_verdict(c) != "not_a_claim"
            and (_human_verdict(c) in HUMAN_RATINGS or c.get("id") in decided)]


def render_claimreview(report: Mapping[str, Any], base_url: str | None = None,
                       organisation: str | None = None) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects (JSON-LD), one per reviewed claim.

    Args:
        report: A contract report dict.
        base_url: Where the HTML report will be published; when given, each review gets
            ``url`` = ``base_url#claim-<id>`` (Google requires ``url`` for rich results).
        organisation: Who publishes the reviews: the author of machine-decided ones, and of a
            person's review that names no organisation of its own.

    Returns:
        A list of JSON-LD dicts with ``@context`` ``https://schema.org``; serialise with
        ``json.dumps``.
    """
    index = ReportIndex.build(report)
    conflicted = _conflicted(report)
    return [
        _review(index, index.claim(claim_id), claim_id in conflicted, base_url, organisation)
        for claim_id in reviewed_claim_ids(report)
    ]
