"""Source credibility from the evidence in a report, not from reputation lists.

Pure: takes the report dict's ``documents``, ``claims``, ``matches``, ``verifications`` and
``citation_issues`` (contract schema ``claimcheck.report/1``) and returns contract ``sources[]``
entries. Every score is a weighted mean of five Beta-smoothed shares, so a source with few
observations stays near 0.5; ``basis`` carries every count, so a reader can recompute it (the
formula is written out in ``docs/reports.md``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

PRIOR = 2.0
"""Pseudo-observations on each side of every share: Beta(2, 2), mean 0.5."""

WEIGHTS: dict[str, float] = {
    "accuracy": 0.40,
    "consistency": 0.20,
    "coverage": 0.15,
    "integrity": 0.15,
    "definiteness": 0.10,
}
"""How much each component counts in the final score (they sum to 1)."""

SAME_KIND_CONFLICT_WEIGHT = 0.5
"""A conflict with a source of the same kind counts half: two peers disputing is weaker evidence."""


@dataclass
class _Tally:
    """Running counts for one source."""

    kind: str
    documents: int = 0
    claims: int = 0
    checkworthy: int = 0
    cited_checkworthy: int = 0
    hedged_checkworthy: int = 0
    citations: int = 0
    resolved_citations: int = 0
    citation_issues: int = 0
    supported: float = 0.0
    contradicted: float = 0.0
    not_found: int = 0
    unreachable: int = 0
    agreements: int = 0
    conflicts_other_kind: int = 0
    conflicts_same_kind: int = 0
    internal_conflicts: int = 0
    kinds: set[str] = field(default_factory=set)


def source_name(document: Mapping[str, Any]) -> str:
    """The name a document is credited to: its ``source``, else its title, else its location.

    Args:
        document: A contract ``documents[]`` entry.

    Returns:
        A non-empty display name shared by all documents of one source.
    """
    for key in ("source", "title", "location"):
        value = document.get(key)
        if value and str(value).strip():
            return str(value).strip()
    return f"document {document.get('id')}"


def beta_share(successes: float, failures: float, prior: float = PRIOR) -> float:
    """Share of successes smoothed by a symmetric Beta prior.

    Args:
        successes: Observations in favour.
        failures: Observations against.
        prior: Pseudo-observations added on each side.

    Returns:
        ``(successes + prior) / (successes + failures + 2 * prior)``; 0.5 with no observations.
    """
    return (successes + prior) / (successes + failures + 2 * prior)


def score_sources(report_like: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Score every source named in a report from the evidence the report holds.

    Args:
        report_like: A mapping with the contract keys ``documents``, ``claims``, ``matches``,
            ``verifications`` and ``citation_issues`` (missing keys count as empty).

    Returns:
        Contract ``sources[]`` entries ``{name, kind, credibility, basis}`` sorted by name;
        ``credibility`` is in [0, 1] and rounded to three decimals.
    """
    documents = list(report_like.get("documents") or [])
    doc_source = {doc.get("id"): source_name(doc) for doc in documents}
    tallies: dict[str, _Tally] = {}
    for doc in documents:
        tally = tallies.setdefault(doc_source[doc.get("id")], _Tally(kind=doc.get("kind") or "other"))
        tally.documents += 1
        tally.kinds.add(doc.get("kind") or "other")
    claim_source = _tally_claims(report_like.get("claims") or [], doc_source, tallies)
    _tally_verifications(report_like.get("verifications") or [], claim_source, tallies)
    _tally_matches(report_like.get("matches") or [], claim_source, tallies)
    _tally_issues(report_like.get("citation_issues") or [], doc_source, tallies)
    return [_source_entry(name, tallies[name]) for name in sorted(tallies)]


def _tally_claims(
    claims: Iterable[Mapping[str, Any]], doc_source: Mapping[Any, str], tallies: dict[str, _Tally]
) -> dict[Any, str]:
    """Count claims, check-worthiness, citations and hedging; return claim id -> source name."""
    claim_source: dict[Any, str] = {}
    for claim in claims:
        name = doc_source.get(claim.get("document_id"))
        if name is None:
            logger.debug("claim %s points to an unknown document", claim.get("id"))
            continue
        claim_source[claim.get("id")] = name
        tally = tallies[name]
        citations = claim.get("citations") or []
        tally.claims += 1
        tally.citations += len(citations)
        tally.resolved_citations += sum(1 for c in citations if c.get("reference_id") is not None)
        if claim.get("checkworthy", True):
            tally.checkworthy += 1
            tally.cited_checkworthy += 1 if citations else 0
            tally.hedged_checkworthy += 1 if claim.get("hedged") else 0
    return claim_source


def _tally_verifications(
    verifications: Iterable[Mapping[str, Any]], claim_source: Mapping[Any, str], tallies: dict[str, _Tally]
) -> None:
    """Count claims supported / contradicted by references; a claim with both counts half each."""
    verdicts: dict[Any, set[str]] = defaultdict(set)
    for verification in verifications:
        verdicts[verification.get("claim_id")].add(verification.get("verdict"))
    for claim_id, seen in verdicts.items():
        name = claim_source.get(claim_id)
        if name is None:
            continue
        tally = tallies[name]
        decisive = seen & {"supported", "contradicted"}
        if decisive:
            share = 1.0 / len(decisive)
            tally.supported += share if "supported" in decisive else 0.0
            tally.contradicted += share if "contradicted" in decisive else 0.0
        elif "not_found" in seen:
            tally.not_found += 1
        else:
            tally.unreachable += 1


def _tally_matches(
    matches: Iterable[Mapping[str, Any]], claim_source: Mapping[Any, str], tallies: dict[str, _Tally]
) -> None:
    """Count agreements and conflicts with other sources, and conflicts inside one source."""
    for match in matches:
        ids = list(match.get("claims") or [])
        if len(ids) != 2 or ids[0] not in claim_source or ids[1] not in claim_source:
            continue
        name_a, name_b = claim_source[ids[0]], claim_source[ids[1]]
        relation = match.get("relation")
        if name_a == name_b:
            tallies[name_a].internal_conflicts += 1 if relation == "conflict" else 0
            continue
        for own, other in ((name_a, name_b), (name_b, name_a)):
            if relation == "agree":
                tallies[own].agreements += 1
            elif relation == "conflict" and tallies[own].kind == tallies[other].kind:
                tallies[own].conflicts_same_kind += 1
            elif relation == "conflict":
                tallies[own].conflicts_other_kind += 1


def _tally_issues(
    issues: Iterable[Mapping[str, Any]], doc_source: Mapping[Any, str], tallies: dict[str, _Tally]
) -> None:
    """Count citation issues (dangling, near misses, uncited, duplicates, ambiguous keys)."""
    for issue in issues:
        name = doc_source.get(issue.get("document_id"))
        if name is not None:
            tallies[name].citation_issues += 1


def _components(tally: _Tally) -> dict[str, float]:
    """The five smoothed shares the score is the weighted mean of."""
    conflicts = (
        tally.conflicts_other_kind
        + SAME_KIND_CONFLICT_WEIGHT * tally.conflicts_same_kind
        + tally.internal_conflicts
    )
    return {
        "accuracy": beta_share(tally.supported, tally.contradicted),
        "consistency": beta_share(tally.agreements, conflicts),
        "coverage": beta_share(tally.cited_checkworthy, tally.checkworthy - tally.cited_checkworthy),
        "integrity": beta_share(tally.resolved_citations, tally.citation_issues),
        "definiteness": beta_share(
            tally.checkworthy - tally.hedged_checkworthy, tally.hedged_checkworthy
        ),
    }


def _source_entry(name: str, tally: _Tally) -> dict[str, Any]:
    """One contract ``sources[]`` entry with the counts and components in ``basis``."""
    components = _components(tally)
    score = sum(WEIGHTS[key] * value for key, value in components.items())
    kind = tally.kind if len(tally.kinds) <= 1 else "other"
    basis: dict[str, Any] = {
        "documents": tally.documents,
        "claims": tally.claims,
        "checkworthy": tally.checkworthy,
        "cited_checkworthy": tally.cited_checkworthy,
        "hedged_checkworthy": tally.hedged_checkworthy,
        "citations": tally.citations,
        "resolved_citations": tally.resolved_citations,
        "citation_issues": tally.citation_issues,
        "supported": tally.supported,
        "contradicted": tally.contradicted,
        "not_found": tally.not_found,
        "unreachable": tally.unreachable,
        "agreements": tally.agreements,
        "conflicts_other_kind": tally.conflicts_other_kind,
        "conflicts_same_kind": tally.conflicts_same_kind,
        "internal_conflicts": tally.internal_conflicts,
        "prior": PRIOR,
        "components": {key: round(value, 4) for key, value in components.items()},
        "weights": dict(WEIGHTS),
    }
    return {"name": name, "kind": kind, "credibility": round(score, 3), "basis": basis}
