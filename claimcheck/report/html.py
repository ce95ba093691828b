"""Self-contained HTML report: one file, inline CSS/JS/SVG, works offline, prints cleanly.

Every piece of document text goes through Jinja's autoescaping; the inline script reads only
``data-*`` attributes and ``textContent``, never writes HTML, and a Content-Security-Policy with
the script's own hash stops any other script or event handler from running.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from claimcheck.report.common import (
    FINDING_LABELS,
    RELATION_LABELS,
    RELATIONS,
    VERDICT_LABELS,
    VERDICTS,
    ReportIndex,
    agreement_matrix,
    alignment_line,
    claim_source_name,
    conflict_groups,
    document_segments,
    document_title,
    group_quote_segments,
    items,
    match_groups,
    paragraph_label,
    published_label,
    reason_line,
    review_line,
    reviewed_claims,
    short_sha,
    sources_of,
    summary_counts,
    verdicts_per_source,
    verifications_by_priority,
)

TEMPLATE = "report.html.j2"
MATRIX_LIMIT = 15
"""At most this many sources (the busiest) are drawn in the agreement matrix."""
_URL = re.compile(r"^https?://", re.IGNORECASE)
VERDICT_COLOURS = {
    "supported": "#1a7f37",
    "contradicted": "#cf222e",
    "not_found": "#9a6700",
    "unreachable": "#57606a",
}


@lru_cache(maxsize=1)
def template_environment() -> Environment:
    """The Jinja environment: package templates, autoescape always on, undefined names fail."""
    return Environment(
        loader=PackageLoader("claimcheck.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    """The text of a file shipped in the templates folder."""
    return resources.files("claimcheck.report").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _tokens(values: Any) -> str:
    """Space-separated filter tokens for a data-* attribute."""
    return " ".join(sorted({str(v) for v in values if v is not None}))


class _ClaimFacts:
    """Per-claim verdicts and relations, used for filter attributes and mark styles."""

    def __init__(self, index: ReportIndex) -> None:
        self.verdicts: dict[Any, set[str]] = defaultdict(set)
        self.relations: dict[Any, set[str]] = defaultdict(set)
        for verification in items(index.report, "verifications"):
            self.verdicts[verification.get("claim_id")].add(str(verification.get("verdict")))
        for match in items(index.report, "matches"):
            for claim_id in match.get("claims") or []:
                self.relations[claim_id].add(str(match.get("relation")))

    def attrs(self, claim_ids: list[Any]) -> dict[str, str]:
        """Filter tokens (verdicts, relations) for the union of some claims."""
        return {
            "verdicts": _tokens(v for cid in claim_ids for v in self.verdicts.get(cid, ())),
            "relations": _tokens(r for cid in claim_ids for r in self.relations.get(cid, ())),
        }


def _claim_ref(index: ReportIndex, claim: Mapping[str, Any]) -> dict[str, Any]:
    """What a view needs to cite a claim: id, document, title, paragraph."""
    document = index.document_of(claim)
    return {
        "id": claim.get("id"),
        "doc_id": claim.get("document_id"),
        "doc_title": document_title(document) if document else "unknown document",
        "doc_kind": document.get("kind") or "other",
        "source": claim_source_name(index, claim),
        "paragraph": paragraph_label(claim),
        "text": str(claim.get("text") or ""),
    }


def _checkworthiness(claim: Mapping[str, Any]) -> dict[str, Any]:
    """Whether a claim is check-worthy and a tooltip saying why (score and reason when known)."""
    checkworthy = bool(claim.get("checkworthy", True))
    parts = ["check-worthy" if checkworthy else "not check-worthy"]
    if isinstance(claim.get("checkworthiness"), (int, float)):
        parts.append(f"score {claim['checkworthiness']:.2f}")
    if claim.get("checkworthy_reason"):
        parts.append(str(claim["checkworthy_reason"]))
    return {"checkworthy": checkworthy, "tooltip": f"Claim {claim.get('id')}: " + ", ".join(parts)}


def _document_views(index: ReportIndex, facts: _ClaimFacts) -> list[dict[str, Any]]:
    """Each document with its text cut into plain pieces and anchored claim marks."""
    claims_by_doc: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for claim in items(index.report, "claims"):
        claims_by_doc[claim.get("document_id")].append(claim)
    views = []
    for document in items(index.report, "documents"):
        segments = [
            {"text": s.text, "claim_id": s.claim_id, "marked": s.marked, **facts.attrs([s.claim_id]),
             **_checkworthiness(index.claim(s.claim_id) if s.marked else {})}
            for s in document_segments(document, claims_by_doc.get(document.get("id"), []))
        ]
        location = str(document.get("location") or "")
        views.append({
            "id": document.get("id"),
            "title": document_title(document),
            "kind": document.get("kind") or "other",
            "source": document.get("source") or "",
            "authors": [str(a) for a in document.get("authors") or []],
            "published": published_label(document),
            "location": location,
            "location_url": location if _URL.match(location) else "",
            "sha": short_sha(document.get("sha256")),
            "claims": len(claims_by_doc.get(document.get("id"), [])),
            "segments": segments,
        })
    return views


# A conflict card shows at most this many versions of the assertion, sources per version and
# reasons; the rest is counted ("and 12 more"): 200 template documents stay one short card.
GROUP_VARIANTS = 12
GROUP_SOURCES = 24
GROUP_REASONS = 8


def _conflict_views(index: ReportIndex, facts: _ClaimFacts) -> list[dict[str, Any]]:
    """One card per conflicting assertion (``conflict_groups``): each version of it quoted once
    with the differing values marked, beside the sources that state it."""
    views = []
    for group in conflict_groups(index.report):
        variants = []
        for variant in group.variants[:GROUP_VARIANTS]:
            claim = index.claim(variant[0])
            sources = [{**_claim_ref(index, index.claim(cid)),
                        "review": review_line(index.claim(cid).get("review"))}
                       for cid in variant[:GROUP_SOURCES]]
            variants.append({**_claim_ref(index, claim),
                             "segments": group_quote_segments(claim, group),
                             "sources": sources,
                             "more_sources": max(0, len(variant) - GROUP_SOURCES)})
        reasons = group.reason_lines()
        reviews = [(f"Conflict of claims {m['claims'][0]} and {m['claims'][1]} "
                    if len(group.claims) > 2 else "Conflict ") + f"{review_line(m['review'])}."
                   for m in group.matches if m.get("review")]
        views.append({
            "score": group.score,
            "slots": group.slots,
            "pairs": len(group.matches),
            "claims": len(group.claims),
            "reasons": reasons[:GROUP_REASONS],
            "more_reasons": max(0, len(reasons) - GROUP_REASONS),
            "variants": variants,
            "more_variants": max(0, len(group.variants) - GROUP_VARIANTS),
            "reviews": reviews,
            "docs": _tokens(index.claim(cid).get("document_id") for cid in group.claims),
            **facts.attrs(group.claims),
        })
    return views


def _human_review_views(index: ReportIndex) -> list[dict[str, Any]]:
    """Claims a person reviewed, the latest human verdict beside the machine finding."""
    return [{**_claim_ref(index, claim),
             "finding": FINDING_LABELS.get(finding or "", "none"),
             "verdict": (claim.get("review") or {}).get("verdict") or "",
             "review": review_line(claim.get("review"))}
            for claim, finding in reviewed_claims(index.report)]


def _snapshot_view(verification: Mapping[str, Any]) -> dict[str, Any]:
    """The pinned snapshot of a verification: URL, fetch time, status and hashes."""
    snapshot = verification.get("snapshot") or {}
    return {
        "sha": short_sha(snapshot.get("sha256")),
        "sha_full": snapshot.get("sha256") or "",
        "fetched_at": snapshot.get("fetched_at") or "",
        "status": snapshot.get("status"),
        "final_url": snapshot.get("final_url") or "",
    }


def _verification_views(index: ReportIndex, facts: _ClaimFacts) -> list[dict[str, Any]]:
    """One card per verified claim, most decisive first: the claim, then each page it was
    checked against with its verdict, evidence, snapshot and reasons. ``verdict`` is the card's
    most decisive verdict (contradicted, supported, not found, unreachable), which decides
    where it goes."""
    checks: dict[Any, list[dict[str, Any]]] = {}
    for verification in verifications_by_priority(index.report):
        url = str(verification.get("url") or "")
        verdict = str(verification.get("verdict"))
        evidence = verification.get("evidence") or {}
        checks.setdefault(verification.get("claim_id"), []).append({
            "verdict": verdict,
            "verdict_label": VERDICT_LABELS.get(verdict, verdict),
            "url": url,
            "url_is_link": bool(_URL.match(url)),
            "evidence": str(evidence.get("text") or ""),
            "reasons": [_reason(r) for r in verification.get("reasons") or []],
            "score": verification.get("score"),
            "snapshot": _snapshot_view(verification),
        })
    views = []
    for number, (claim_id, found) in enumerate(checks.items()):
        claim = index.claim(claim_id)
        views.append({
            "number": number,
            "claim": _claim_ref(index, claim),
            "verdict": found[0]["verdict"],
            "verdict_label": found[0]["verdict_label"],
            "checks": found,
            "docs": _tokens([claim.get("document_id")]),
            "verdicts": _tokens(c["verdict"] for c in found),
            "relations": facts.attrs([claim.get("id")])["relations"],
        })
    return views


def _other_match_views(index: ReportIndex, facts: _ClaimFacts) -> list[dict[str, Any]]:
    """Agreements and related claims, one row per cluster (``match_groups``): each version
    quoted once with the sources that state it."""
    views = []
    for relation in ("agree", "related"):
        for group in match_groups(index.report, relation):
            variants = []
            for variant in group.variants[:GROUP_VARIANTS]:
                variants.append({**_claim_ref(index, index.claim(variant[0])),
                                 "sources": [_claim_ref(index, index.claim(cid))
                                             for cid in variant[:GROUP_SOURCES]],
                                 "more_sources": max(0, len(variant) - GROUP_SOURCES)})
            notes = [line for line in dict.fromkeys(
                str(r.get("note")) for m in group.matches for r in m.get("reasons") or []
                if r.get("note"))]
            views.append({
                "relation": relation,
                "relation_label": RELATION_LABELS.get(relation, relation),
                "score": group.score,
                "variants": variants,
                "more_variants": max(0, len(group.variants) - GROUP_VARIANTS),
                "notes": notes[:GROUP_REASONS],
                "docs": _tokens(index.claim(cid).get("document_id") for cid in group.claims),
                "verdicts": facts.attrs(group.claims)["verdicts"],
            })
    return views


def _issue_views(index: ReportIndex) -> list[dict[str, Any]]:
    """Citation problems with the document they belong to."""
    return [
        {
            **{key: issue.get(key) for key in ("kind", "citation", "detail", "suggestion")},
            "doc_title": document_title(index.documents.get(issue.get("document_id"), {})),
            "docs": _tokens([issue.get("document_id")]),
        }
        for issue in items(index.report, "citation_issues")
    ]


def _matrix_view(index: ReportIndex) -> dict[str, Any]:
    """Geometry of the agreement matrix SVG: rows and columns are sources, cells count pairs."""
    all_names, cells = agreement_matrix(index)
    names = _busiest(all_names, cells, MATRIX_LIMIT)
    cell, left, top = 56, 36, 30
    grid = []
    for row, name_a in enumerate(names):
        for col, name_b in enumerate(names):
            counts = cells.get((name_a, name_b), {})
            agree, conflict, related = (counts.get(r, 0) for r in ("agree", "conflict", "related"))
            grid.append({
                "x": left + col * cell, "y": top + row * cell, "a": name_a, "b": name_b,
                "agree": agree, "conflict": conflict, "related": related,
                "fill": _cell_fill(agree, conflict, related),
            })
    return {
        "names": names, "hidden": len(all_names) - len(names), "cell": cell, "left": left, "top": top, "grid": grid,
        "width": left + cell * len(names) + 8, "height": top + cell * len(names) + 8,
    }


def _busiest(names: list[str], cells: Mapping[tuple[str, str], Any], limit: int) -> list[str]:
    """The ``limit`` sources with the most matches, in name order (all of them when few)."""
    if len(names) <= limit:
        return names
    totals = {name: 0 for name in names}
    for (name_a, _), counts in cells.items():
        totals[name_a] += sum(counts.values())
    return sorted(sorted(names, key=lambda name: -totals[name])[:limit])


def _cell_fill(agree: int, conflict: int, related: int) -> str:
    """Background of a matrix cell: green agreement, red conflict, amber both, grey other."""
    if agree and conflict:
        return "#fff1c2"
    if conflict:
        return "#ffd8d3"
    if agree:
        return "#d2f4d8"
    return "#eef1f4" if related else "#ffffff"


def _bars_view(index: ReportIndex) -> dict[str, Any]:
    """Geometry of the per-source verdict bars SVG (stacked horizontal bars)."""
    per_source = verdicts_per_source(index)
    names = sorted({claim_source_name(index, c) for c in items(index.report, "claims")} | set(per_source))
    longest = max([sum(counts.values()) for counts in per_source.values()] + [1])
    label_width, bar_width, row_height = 190, 360, 30
    rows = []
    for number, name in enumerate(names):
        counts = per_source.get(name, dict.fromkeys(VERDICTS, 0))
        x, parts = label_width, []
        for verdict in VERDICTS:
            width = bar_width * counts[verdict] / longest
            if counts[verdict]:
                parts.append({"verdict": verdict, "label": VERDICT_LABELS[verdict], "x": x,
                              "width": width, "count": counts[verdict], "colour": VERDICT_COLOURS[verdict]})
            x += width
        rows.append({"name": name, "y": 8 + number * row_height, "parts": parts,
                     "total": sum(counts.values()), "end": x})
    return {"rows": rows, "label_width": label_width, "width": label_width + bar_width + 60,
            "height": 16 + row_height * len(names), "row_height": row_height}


def _number(value: Any) -> float:
    """A count from a basis entry; 0 when missing or not numeric."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _reason(reason: Mapping[str, Any]) -> dict[str, Any]:
    """A match or verification reason with every key present."""
    return {**{key: reason.get(key) for key in ("slot", "a", "b", "note")}, "line": reason_line(reason)}


def _source_views(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Sources with credibility as a percentage and their basis counts."""
    views = []
    for source in sources_of(report):
        basis = source.get("basis") or {}
        credibility = float(source.get("credibility") or 0)
        views.append({
            "name": str(source.get("name") or ""),
            "kind": str(source.get("kind") or "other"),
            "credibility": credibility,
            "percent": round(credibility * 100),
            "supported": _number(basis.get("supported")),
            "contradicted": _number(basis.get("contradicted")),
            "agreements": _number(basis.get("agreements")),
            "conflicts": sum(
                _number(basis.get(key))
                for key in ("conflicts_other_kind", "conflicts_same_kind", "internal_conflicts")
            ),
            "citation_issues": _number(basis.get("citation_issues")),
        })
    return views


def build_view(report: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, computed from a report dict (no markup here).

    Args:
        report: A contract report dict.

    Returns:
        A plain dict of strings, numbers and lists handed to ``report.html.j2``.
    """
    index = ReportIndex.build(report)
    facts = _ClaimFacts(index)
    return {
        "generated_at": str(report.get("generated_at") or ""),
        "schema": str(report.get("schema") or ""),
        "alignment": alignment_line(report) or "",
        "counts": summary_counts(report),
        "documents": _document_views(index, facts),
        "conflicts": _conflict_views(index, facts),
        "human_reviews": _human_review_views(index),
        "verifications": _verification_views(index, facts),
        "other_matches": _other_match_views(index, facts),
        "issues": _issue_views(index),
        "sources": _source_views(report),
        "matrix": _matrix_view(index),
        "bars": _bars_view(index),
        "verdicts": [(v, VERDICT_LABELS[v]) for v in VERDICTS],
        "relations": [(r, RELATION_LABELS[r]) for r in RELATIONS],
        "verdict_colours": VERDICT_COLOURS,
    }


def render_html(report: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page.

    Args:
        report: A contract report dict.

    Returns:
        HTML with inline CSS, JavaScript and SVG; no external asset, so it works from
        ``file://`` and offline. Document text is always escaped.
    """
    script = _asset("report.js")
    template = template_environment().get_template(TEMPLATE)
    return template.render(
        view=build_view(report),
        css=Markup(_asset("report.css")),
        script=Markup(script),
        script_hash=_csp_hash(script),
    )
