"""Report renderers: JSON, Markdown, self-contained HTML, ClaimReview JSON-LD, terminal summary.

Every renderer takes the contract's JSON report dict (schema ``claimcheck.report/1``) and
tolerates missing optional fields. The lead's pipeline builds that dict; nothing here touches
the database or the network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from claimcheck.errors import ClaimcheckError, SchemaVersionError
from claimcheck.report.common import RELATIONS, VERDICTS

SCHEMA = "claimcheck.report/1"


class ReportFormatError(ClaimcheckError):
    """An unknown report format was asked for."""

TOP_LEVEL_KEYS: tuple[str, ...] = (
    "schema",
    "generated_at",
    "documents",
    "claims",
    "references",
    "matches",
    "verifications",
    "citation_issues",
    "sources",
)
CITATION_ISSUE_KINDS: tuple[str, ...] = ("dangling", "near_miss", "uncited", "duplicate", "ambiguous")
REASON_SLOTS: tuple[str, ...] = ("date", "quantity", "negation", "quantifier", "entity", "other")


def render_json(report: Mapping[str, Any]) -> str:
    """The report as JSON text: contract keys first in contract order, then extras sorted.

    Args:
        report: A contract report dict.

    Returns:
        JSON with ``ensure_ascii=False`` and an indent of 2, ending in a newline. Nested objects
        keep their insertion order, so the same dict always gives the same text.
    """
    ordered = {key: report[key] for key in TOP_LEVEL_KEYS if key in report}
    ordered.update({key: report[key] for key in sorted(report) if key not in ordered})
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def check_schema(report: Mapping[str, Any]) -> None:
    """Raise when a report carries a schema this release cannot read.

    Raises:
        SchemaVersionError: the schema is missing or its major version is not 1.
    """
    schema = str(report.get("schema") or "")
    if not schema.startswith("claimcheck.report/") or schema.split("/", 1)[1].split(".")[0] != "1":
        raise SchemaVersionError(
            f"report schema {schema or '(missing)'!r} is not readable; expected {SCHEMA!r}"
        )


def validate_report(report: Mapping[str, Any]) -> list[str]:
    """Problems that make a report break the contract (an empty list means none found).

    Checks the top-level keys, the schema, that every claim's offsets give back its text from
    its document, that ids referred to exist, and that verdicts, relations, reason slots and
    citation issue kinds are known.

    Args:
        report: A contract report dict.

    Returns:
        One human-readable line per problem.
    """
    problems = [f"missing top-level key {key!r}" for key in TOP_LEVEL_KEYS if key not in report]
    if report.get("schema") != SCHEMA:
        problems.append(f"schema is {report.get('schema')!r}, expected {SCHEMA!r}")
    documents = {doc.get("id"): doc for doc in report.get("documents") or []}
    claim_ids = {claim.get("id") for claim in report.get("claims") or []}
    problems += _claim_problems(report.get("claims") or [], documents)
    problems += _match_problems(report.get("matches") or [], claim_ids)
    problems += _verification_problems(report.get("verifications") or [], claim_ids)
    problems += _issue_problems(report.get("citation_issues") or [], documents)
    problems += _source_problems(report.get("sources") or [])
    return problems


def _claim_problems(claims: list[Mapping[str, Any]], documents: Mapping[Any, Mapping[str, Any]]) -> list[str]:
    """Offsets that do not give back the claim's text, and unknown documents."""
    problems = []
    for claim in claims:
        label = f"claim {claim.get('id')}"
        document = documents.get(claim.get("document_id"))
        if document is None:
            problems.append(f"{label}: unknown document_id {claim.get('document_id')!r}")
            continue
        start, end = claim.get("start"), claim.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            problems.append(f"{label}: start/end are not integers")
        elif (document.get("text") or "")[start:end] != claim.get("text"):
            problems.append(f"{label}: text != document.text[{start}:{end}]")
    return problems


def _reason_problems(label: str, reasons: list[Mapping[str, Any]] | None) -> list[str]:
    """Reasons whose slot is unknown."""
    return [
        f"{label}: unknown reason slot {reason.get('slot')!r}"
        for reason in reasons or []
        if reason.get("slot") not in REASON_SLOTS
    ]


def _match_problems(matches: list[Mapping[str, Any]], claim_ids: set[Any]) -> list[str]:
    """Unknown relations, unknown claims, bad reasons."""
    problems = []
    for number, match in enumerate(matches):
        label = f"match {number}"
        if match.get("relation") not in RELATIONS:
            problems.append(f"{label}: unknown relation {match.get('relation')!r}")
        pair = list(match.get("claims") or [])
        if len(pair) != 2 or any(claim_id not in claim_ids for claim_id in pair):
            problems.append(f"{label}: claims {pair!r} are not two known claim ids")
        problems += _reason_problems(label, match.get("reasons"))
    return problems


def _verification_problems(verifications: list[Mapping[str, Any]], claim_ids: set[Any]) -> list[str]:
    """Unknown verdicts and claims, evidence without offsets, bad reasons."""
    problems = []
    for number, verification in enumerate(verifications):
        label = f"verification {number}"
        if verification.get("verdict") not in VERDICTS:
            problems.append(f"{label}: unknown verdict {verification.get('verdict')!r}")
        if verification.get("claim_id") not in claim_ids:
            problems.append(f"{label}: unknown claim_id {verification.get('claim_id')!r}")
        evidence = verification.get("evidence")
        if evidence is not None and not all(key in evidence for key in ("text", "start", "end")):
            problems.append(f"{label}: evidence lacks text/start/end")
        problems += _reason_problems(label, verification.get("reasons"))
    return problems


def _issue_problems(issues: list[Mapping[str, Any]], documents: Mapping[Any, Any]) -> list[str]:
    """Unknown citation issue kinds and documents."""
    problems = []
    for number, issue in enumerate(issues):
        if issue.get("kind") not in CITATION_ISSUE_KINDS:
            problems.append(f"citation issue {number}: unknown kind {issue.get('kind')!r}")
        if issue.get("document_id") not in documents:
            problems.append(f"citation issue {number}: unknown document_id {issue.get('document_id')!r}")
    return problems


def _source_problems(sources: list[Mapping[str, Any]]) -> list[str]:
    """Credibility outside [0, 1]."""
    problems = []
    for source in sources:
        credibility = source.get("credibility")
        if not isinstance(credibility, (int, float)) or not 0 <= credibility <= 1:
            problems.append(f"source {source.get('name')!r}: credibility {credibility!r} not in [0, 1]")
    return problems


from claimcheck.report.claimreview import render_claimreview  # noqa: E402
from claimcheck.report.html import render_html  # noqa: E402
from claimcheck.report.markdown import render_markdown  # noqa: E402
from claimcheck.report.summary import render_summary  # noqa: E402

FORMATS: tuple[str, ...] = ("json", "md", "html", "claimreview")


def render_report(report: Mapping[str, Any], fmt: str, *, base_url: str | None = None,
                  organisation: str | None = None) -> str:
    """The report as text in one of the CLI's ``--format`` values.

    Args:
        report: A contract report dict.
        fmt: ``json``, ``md``, ``html`` or ``claimreview`` (a JSON array of ClaimReview objects).
        base_url: For ``claimreview`` only: where the HTML report is published (sets ``url``).
        organisation: For ``claimreview`` only: the publishing organisation (see
            :func:`render_claimreview`).

    Returns:
        The rendered text, ending in a newline.

    Raises:
        ReportFormatError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "json":
        return render_json(report)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report) + "\n"
    if fmt == "claimreview":
        return json.dumps(render_claimreview(report, base_url=base_url,
                                             organisation=organisation), ensure_ascii=False, indent=2) + "\n"
    raise ReportFormatError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "SCHEMA",
    "ReportFormatError",
    "render_report",
    "check_schema",
    "render_claimreview",
    "render_html",
    "render_json",
    "render_markdown",
    "render_summary",
    "validate_report",
]
