"""Verification: a claim checked against the pages it cites, with quoted evidence (pure).

For each claim, the page's passages nearest to it (``page.PageEvidence``) are scored by the
alignment engine, the same one matching uses. The verdict follows the best-aligned passage:

- ``supported``: a passage makes the same assertion (probability at the engine's ``agree``
  threshold) and every slot both give is compatible;
- ``contradicted``: a passage makes the same assertion with surer alignment (the ``conflict``
  threshold) and a typed slot differs: a date, a quantity of the same measure, the negation of
  the shared predicate, an exclusive actor; the reasons say which;
- ``not_found``: no passage makes the same assertion;
- ``unreachable``: the page could not be fetched.
"""

from __future__ import annotations

from datetime import date

from claimcheck.model import Claim, Page, Reason, VerificationResult
from claimcheck.verify.page import PageEvidence
from claimcheck.verify.verdict import claim_text, verdict_for

__all__ = ["PageEvidence", "page_date_of", "verify_claims", "verify_text"]


def _unreachable(page: Page | None, error: str | None) -> VerificationResult | None:
    if page is not None and page.error is None and error is None:
        return None
    note = error or (page.error if page is not None else None) or "the page could not be fetched"
    return VerificationResult("unreachable", None, (Reason("other", None, None, note=note),), 0.0)


def page_date_of(page: Page) -> date | None:
    """The date a page was issued: its HTML metadata, else a dated byline or dateline."""
    from claimcheck.extract.publication import publication_date
    from claimcheck.html import page_metadata

    published = page_metadata(page).get("published") if page.body else None
    if published:
        try:
            return date.fromisoformat(str(published)[:10])
        except ValueError:
            pass
    return publication_date(page.text)


def verify_claims(claims: list[Claim], page: Page | None, engine, *, error: str | None = None,
                  reference_date: date | None = None) -> list[VerificationResult]:
    """Check many claims against one page, indexing the page once.

    Args:
        claims: The claims to check (their slots and citation spans are used).
        page: The fetched page, or ``None`` when fetching failed.
        engine: The ``claimcheck.align.engine.AlignmentEngine``.
        error: Why the page could not be fetched.
        reference_date: Completes dates without a year when the page gives no date of its own.

    Returns:
        One ``VerificationResult`` per claim, in order.
    """
    unreachable = _unreachable(page, error)
    if unreachable is not None:
        return [unreachable for _ in claims]
    issued = page_date_of(page)
    evidence = PageEvidence(page.text, engine, issued or reference_date, issued)
    vectors = engine.vectors([claim_text(c) for c in claims]) if claims else None
    return [verdict_for(c, evidence, engine, None if vectors is None else vectors[i])
            for i, c in enumerate(claims)]


def verify_text(claim_text: str, claim_slots, page_text: str, engine,
                reference_date: date | None = None) -> VerificationResult:
    """Check one statement against a page's text (offsets of the evidence point into it)."""
    claim = Claim(text=claim_text, start=0, end=len(claim_text), paragraph=1, slots=claim_slots)
    evidence = PageEvidence(page_text, engine, reference_date)
    vector = engine.vectors([claim_text])
    return verdict_for(claim, evidence, engine, None if vector is None else vector[0])
