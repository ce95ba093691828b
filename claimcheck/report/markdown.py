"""Markdown report: pasteable into a GitHub issue, with all document text escaped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimcheck.report.common import (
    FINDING_LABELS,
    RELATION_LABELS,
    VERDICT_LABELS,
    ReportIndex,
    Segment,
    alignment_line,
    claim_source_name,
    conflict_groups,
    document_title,
    items,
    group_quote_segments,
    match_groups,
    paragraph_label,
    published_label,
    reason_line,
    review_line,
    reviewed_claims,
    short_sha,
    sources_of,
    summary_counts,
    verifications_by_priority,
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}
_WHITESPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]`|\\]+$")


def md_escape(text: Any) -> str:
    """Text made inert for GitHub Markdown, on one line.

    HTML-significant characters become entities (so ``<script>`` shows as text), ``@`` becomes
    an entity (no mentions), Markdown punctuation is backslash-escaped and line breaks become
    spaces (safe inside table cells).
    """
    return _escape_keep_edges(text).strip()


def _escape_keep_edges(text: Any) -> str:
    """Like :func:`md_escape` but keeps one leading/trailing space (for quote segments)."""
    flat = _MD_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text if text is not None else "")))
    return "".join(_HTML_ENTITIES.get(char, char) for char in flat)


def md_link(url: Any, label: Any = None) -> str:
    """A Markdown link for a plain http(s) URL; other values are shown as escaped text."""
    if url and _SAFE_URL.match(str(url)):
        return f"[{md_escape(label or url)}]({url})"
    return md_escape(label or url or "—")


def _quote(segments: list[Segment]) -> str:
    """A quote with its marked segments in bold."""
    parts = []
    for segment in segments:
        escaped = _escape_keep_edges(segment.text)
        stripped = escaped.strip()
        if segment.marked and stripped:
            lead = " " if escaped[:1] == " " else ""
            tail = " " if escaped[-1:] == " " else ""
            parts.append(f"{lead}**{stripped}**{tail}")
        else:
            parts.append(escaped)
    return "“" + "".join(parts) + "”"


_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _where(index: ReportIndex, claim: Mapping[str, Any]) -> str:
    """Provenance of a claim: document title, kind, publication date and paragraph."""
    document = index.document_of(claim)
    kind = document.get("kind") or "other"
    published = published_label(document)  # digits and hyphens as the JSON writes them: no escaping
    dated = f", {published if _ISO_DATE.fullmatch(published) else md_escape(published)}" if published else ""
    return f"{md_escape(document_title(document))} ({md_escape(kind)}{dated}), {paragraph_label(claim)}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub table from already-escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _summary_section(report: Mapping[str, Any]) -> list[str]:
    """Headline counts."""
    counts = summary_counts(report)
    verdicts = counts["verdicts"]
    rows = [
        ["Documents", str(counts["documents"])],
        ["Claims (check-worthy)", f"{counts['claims']} ({counts['checkworthy']})"],
        ["Conflicts", str(counts["relations"]["conflict"])],
        ["Agreements / related", f"{counts['relations']['agree']} / {counts['relations']['related']}"],
        ["Contradicted claims", str(counts["contradicted_claims"])],
        ["Verdicts", ", ".join(f"{VERDICT_LABELS[v]} {n}" for v, n in verdicts.items())],
        ["Citation problems", str(counts["citation_issues"])],
        ["Claims reviewed by a person", str(len(reviewed_claims(report)))],
    ]
    return ["## Summary", "", *_table(["", "Count"], rows), ""]


GROUP_VARIANTS = 12  # versions of one assertion quoted in a conflict section; the rest counted
GROUP_SOURCES = 12  # sources named per version
GROUP_REASONS = 8


def _conflict_section(index: ReportIndex) -> list[str]:
    """One section per conflicting assertion (``conflict_groups``): each version of it quoted
    once, differing values in bold, beside the sources that state it."""
    lines = ["## Conflicts", ""]
    groups = conflict_groups(index.report)
    if not groups:
        return lines + ["No conflicting claims were found.", ""]
    for number, group in enumerate(groups, start=1):
        slots = ", ".join(md_escape(s) for s in group.slots)
        size = (f", {len(group.claims)} claims in {len(group.variants)} versions, "
                f"{len(group.matches)} conflicting pairs" if len(group.claims) > 2 else "")
        lines += [f"### Conflict {number}: {slots} (score {group.score:.0f}{size})", ""]
        rows = []
        for variant in group.variants[:GROUP_VARIANTS]:
            claim = index.claim(variant[0])
            where = [f"{_where(index, index.claim(cid))} (claim {cid})"
                     + (f", human review: **{md_escape(review_line(index.claim(cid).get('review')))}**"
                        if index.claim(cid).get("review") else "")
                     for cid in variant[:GROUP_SOURCES]]
            if len(variant) > GROUP_SOURCES:
                where.append(f"and {len(variant) - GROUP_SOURCES} more")
            rows.append([_quote(group_quote_segments(claim, group)), "; ".join(where)])
        lines += _table(["Version", "Stated in"], rows)
        if len(group.variants) > GROUP_VARIANTS:
            lines += ["", f"… and {len(group.variants) - GROUP_VARIANTS} more versions."]
        for match in group.matches:
            if match.get("review"):
                a, b = (list(match.get("claims") or []) + [None, None])[:2]
                which = f" of claims {a} and {b}" if len(group.claims) > 2 else ""
                lines += ["", f"Conflict{which} {md_escape(review_line(match['review']))}."]
        reasons = group.reason_lines()
        lines += [""] + [f"- {md_escape(r)}" for r in reasons[:GROUP_REASONS]]
        if len(reasons) > GROUP_REASONS:
            lines.append(f"- and {len(reasons) - GROUP_REASONS} more")
        lines.append("")
    return lines


def _human_review_section(index: ReportIndex) -> list[str]:
    """Claims a person reviewed: the latest human verdict beside the machine finding."""
    reviewed = reviewed_claims(index.report)
    if not reviewed:
        return []
    rows = [[f"“{md_escape(claim.get('text'))}” ({_where(index, claim)})",
             md_escape(FINDING_LABELS.get(finding or "", "none")),
             f"**{md_escape(review_line(claim.get('review')))}**"]
            for claim, finding in reviewed]
    return ["## Human reviews", "",
            *_table(["Claim", "Machine finding", "Human review (latest)"], rows), ""]


def _evidence(verification: Mapping[str, Any]) -> str:
    """The evidence passage quoted, or a dash."""
    evidence = verification.get("evidence")
    return f"“{md_escape(evidence.get('text'))}”" if evidence and evidence.get("text") else "—"


def _snapshot(verification: Mapping[str, Any]) -> str:
    """Snapshot pin: short hash, fetch time and HTTP status."""
    snapshot = verification.get("snapshot") or {}
    status = snapshot.get("status")
    parts = [f"sha256 {short_sha(snapshot.get('sha256'))}", md_escape(snapshot.get("fetched_at") or "not fetched")]
    if status:
        parts.append(f"HTTP {md_escape(status)}")
    return ", ".join(parts)


def _reasons_text(verification: Mapping[str, Any]) -> str:
    """A verification's reasons on one line, or a dash."""
    return "; ".join(md_escape(reason_line(r)) for r in verification.get("reasons") or []) or "—"


def _verification_section(index: ReportIndex) -> list[str]:
    """Every verification: verdict, claim, reference, evidence, snapshot, reasons.

    Checks whose reference could not be fetched go to a shorter table of their own.
    """
    verifications = verifications_by_priority(index.report)
    lines = ["## Verifications", ""]
    if not verifications:
        return lines + ["No claim was checked against a reference.", ""]
    decisive = [v for v in verifications if v.get("verdict") not in ("unreachable", "not_found")]
    not_found = [v for v in verifications if v.get("verdict") == "not_found"]
    unreachable = [v for v in verifications if v.get("verdict") == "unreachable"]
    # one row per claim (its card): the pages it was checked against one per line in each cell
    rows = [
        [
            "<br>".join(f"**{VERDICT_LABELS.get(v.get('verdict'), md_escape(v.get('verdict')))}**"
                        for v in group),
            _claim_cell(index, group[0]),
            "<br>".join(md_link(v.get("url")) for v in group),
            "<br>".join(_evidence(v) for v in group),
            "<br>".join(_snapshot(v) for v in group),
            "<br>".join(_reasons_text(v) for v in group),
        ]
        for group in _per_claim(decisive)
    ]
    if rows:
        lines += _table(["Verdict", "Claim", "Reference", "Evidence", "Snapshot", "Reasons"], rows) + [""]
    if not_found:  # apart and short: a page that does not mention a claim is rarely the news
        rows = [[_claim_cell(index, group[0]), "<br>".join(md_link(v.get("url")) for v in group)]
                for group in _per_claim(not_found)]
        lines += [f"References that say nothing about the claim (not found, {len(not_found)}):", ""]
        lines += _table(["Claim", "Reference"], rows) + [""]
    if unreachable:
        rows = [[_claim_cell(index, v), md_link(v.get("url")), _reasons_text(v)] for v in unreachable]
        lines += [f"References that could not be fetched ({len(unreachable)}):", ""]
        lines += _table(["Claim", "Reference", "Reason"], rows) + [""]
    return lines


def _per_claim(verifications: list[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The verifications grouped by claim, each group where its claim first appears."""
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for v in verifications:
        groups.setdefault(v.get("claim_id"), []).append(v)
    return list(groups.values())


def _claim_cell(index: ReportIndex, verification: Mapping[str, Any]) -> str:
    """The verified claim quoted with its provenance."""
    claim = index.claim(verification.get("claim_id"))
    return f"“{md_escape(claim.get('text'))}” ({_where(index, claim)})"


def _citation_section(index: ReportIndex) -> list[str]:
    """Citation problems with suggestions."""
    issues = items(index.report, "citation_issues")
    lines = ["## Citation problems", ""]
    if not issues:
        return lines + ["No citation problems were found.", ""]
    rows = [
        [
            md_escape(document_title(index.documents.get(issue.get("document_id"), {}))),
            md_escape(issue.get("kind")),
            md_escape(issue.get("citation")),
            md_escape(issue.get("detail")),
            f"use “{md_escape(issue['suggestion'])}”" if issue.get("suggestion") else "—",
        ]
        for issue in issues
    ]
    return lines + _table(["Document", "Problem", "Citation", "Detail", "Suggestion"], rows) + [""]


def _source_section(report: Mapping[str, Any]) -> list[str]:
    """Sources with credibility and the main counts behind it."""
    rows = []
    for source in sources_of(report):
        basis = source.get("basis") or {}
        conflicts_total = sum(basis.get(k, 0) for k in ("conflicts_other_kind", "conflicts_same_kind", "internal_conflicts"))
        rows.append([
            md_escape(source.get("name")),
            md_escape(source.get("kind")),
            f"{float(source.get('credibility') or 0):.2f}",
            f"{basis.get('supported', 0):g} / {basis.get('contradicted', 0):g}",
            f"{basis.get('agreements', 0)} / {conflicts_total}",
            str(basis.get("citation_issues", 0)),
        ])
    header = ["Source", "Kind", "Credibility", "Supported / contradicted", "Agreements / conflicts", "Citation problems"]
    return ["## Sources", "", *_table(header, rows), ""]


def _other_matches_section(index: ReportIndex) -> list[str]:
    """Agreements and related claims, one row per cluster (``match_groups``): each version
    quoted once with the sources that state it."""
    rows = []
    for relation in ("agree", "related"):
        for group in match_groups(index.report, relation):
            quoted = []
            for variant in group.variants[:GROUP_VARIANTS]:
                names = [md_escape(claim_source_name(index, index.claim(cid)))
                         for cid in variant[:GROUP_SOURCES]]
                if len(variant) > GROUP_SOURCES:
                    names.append(f"and {len(variant) - GROUP_SOURCES} more")
                quoted.append(f"“{md_escape(index.claim(variant[0]).get('text'))}” ({', '.join(names)})")
            if len(group.variants) > GROUP_VARIANTS:
                quoted.append(f"and {len(group.variants) - GROUP_VARIANTS} more")
            rows.append([RELATION_LABELS.get(relation, relation), "; ".join(quoted),
                         f"{group.score:.0f}"])
    if not rows:
        return []
    return ["## Agreements and related claims", "", *_table(["Relation", "Claims", "Score"], rows), ""]


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as GitHub-flavoured Markdown.

    Args:
        report: A contract report dict.

    Returns:
        Markdown with a summary, conflicts side by side (differing values in bold, provenance
        as document title and paragraph), verifications, citation problems, other matches and
        sources with credibility. Document text is escaped so it cannot add markup, links or
        mentions.
    """
    index = ReportIndex.build(report)
    lines = [
        "# claimcheck report",
        "",
        f"Generated {md_escape(report.get('generated_at') or 'at an unknown time')} "
        f"· schema {md_escape(report.get('schema') or '?')}",
        "",
    ]
    made_in = alignment_line(report)
    if made_in:
        lines += [md_escape(made_in), ""]
    lines += _summary_section(report)
    lines += _human_review_section(index)
    lines += _conflict_section(index)
    lines += _verification_section(index)
    lines += _citation_section(index)
    lines += _other_matches_section(index)
    lines += _source_section(report)
    return "\n".join(lines).rstrip() + "\n"
