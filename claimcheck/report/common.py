"""What every renderer needs from a report dict: look-ups, counts, labels and highlighted quotes.

Works on the contract's JSON report (``claimcheck.report/1``) and tolerates missing optional
fields (``authors``, ``checkworthiness``, ``score``, ``snapshot.final_url``, ``sources``...).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claimcheck.compare import written_words
from claimcheck.credibility import score_sources, source_name

VERDICTS: tuple[str, ...] = ("supported", "contradicted", "not_found", "unreachable")
RELATIONS: tuple[str, ...] = ("conflict", "agree", "related")
VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "contradicted": "Contradicted",
    "not_found": "Not found",
    "unreachable": "Unreachable",
}
RELATION_LABELS: dict[str, str] = {"agree": "Agree", "conflict": "Conflict", "related": "Related"}

_NEGATION_CUES = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|denied|denies|deny)\b|n['’]t\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
_NEGATED_LABEL = re.compile(r"negated \((.+)\)$")


@dataclass(frozen=True)
class Segment:
    """A piece of a quote or document text; ``marked`` pieces are highlighted."""

    text: str
    marked: bool = False
    claim_id: Any = None


@dataclass
class ReportIndex:
    """Look-ups over one report dict, built once per render."""

    report: Mapping[str, Any]
    documents: dict[Any, Mapping[str, Any]] = field(default_factory=dict)
    claims: dict[Any, Mapping[str, Any]] = field(default_factory=dict)
    verifications_by_claim: dict[Any, list[Mapping[str, Any]]] = field(default_factory=dict)

    @classmethod
    def build(cls, report: Mapping[str, Any]) -> ReportIndex:
        """Index documents and claims by id and verifications by claim id."""
        index = cls(report=report)
        index.documents = {doc.get("id"): doc for doc in report.get("documents") or []}
        index.claims = {claim.get("id"): claim for claim in report.get("claims") or []}
        grouped: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
        for verification in report.get("verifications") or []:
            grouped[verification.get("claim_id")].append(verification)
        index.verifications_by_claim = dict(grouped)
        return index

    def document_of(self, claim: Mapping[str, Any]) -> Mapping[str, Any]:
        """The document a claim belongs to (an empty mapping when unknown)."""
        return self.documents.get(claim.get("document_id"), {})

    def claim(self, claim_id: Any) -> Mapping[str, Any]:
        """The claim with this id (an empty mapping when unknown)."""
        return self.claims.get(claim_id, {})


def items(report: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """A top-level list of the report, empty when missing or null."""
    return list(report.get(key) or [])


def document_title(document: Mapping[str, Any]) -> str:
    """A document's display title: title, else location, else its id."""
    return str(document.get("title") or document.get("location") or f"document {document.get('id')}")


def published_label(document: Mapping[str, Any]) -> str:
    """A document's publication date to the precision it is known, as ISO 8601: "2017-10-05",
    "2017-10" (a month), "2017" (a year); "" when it has none. The report JSON writes dates so;
    a full date given with a coarser ``published_precision`` is cut to it, so that no report
    shows a day the document never gave."""
    value = str(document.get("published") or "")
    cut = {"year": 4, "month": 7}.get(str(document.get("published_precision") or ""))
    return value[:cut] if cut else value


def paragraph_label(claim: Mapping[str, Any]) -> str:
    """Human paragraph number (claimcheck numbers paragraphs from 1), after the page number
    when the document has pages (PDF): "p. 7, paragraph 23"."""
    paragraph = claim.get("paragraph")
    label = f"paragraph {paragraph}" if isinstance(paragraph, int) else "paragraph ?"
    page = claim.get("page")
    return f"p. {page}, {label}" if isinstance(page, int) else label


def short_sha(sha: str | None, length: int = 12) -> str:
    """The first ``length`` hex digits of a hash, or an em dash when there is none."""
    return sha[:length] if sha else "—"


def sources_of(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The report's ``sources``, or scores computed from its evidence when it carries none."""
    sources = report.get("sources")
    return list(sources) if sources else score_sources(report)


def summary_counts(report: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures every renderer shows.

    Args:
        report: A contract report dict.

    Returns:
        Counts of documents, claims, check-worthy claims, matches per relation, verifications per
        verdict, contradicted claims (distinct) and citation issues.
    """
    claims = items(report, "claims")
    verifications = items(report, "verifications")
    relations = Counter(match.get("relation") for match in items(report, "matches"))
    verdicts = Counter(v.get("verdict") for v in verifications)
    return {
        "documents": len(items(report, "documents")),
        "claims": len(claims),
        "checkworthy": sum(1 for claim in claims if claim.get("checkworthy", True)),
        "relations": {relation: relations.get(relation, 0) for relation in RELATIONS},
        "verdicts": {verdict: verdicts.get(verdict, 0) for verdict in VERDICTS},
        "contradicted_claims": len(
            {v.get("claim_id") for v in verifications if v.get("verdict") == "contradicted"}
        ),
        "citation_issues": len(items(report, "citation_issues")),
    }


def plain_reason(reason: Mapping[str, Any], text_a: str, text_b: str) -> dict:
    """A match reason in the claims' own words.

    The comparison names some differences by its own terms: word stems ("different subject:
    peopl vs plant") or antonym axes ("support|oppose"); each value that is not a word of its
    claim is replaced, in ``a``/``b`` and in the note, by the claim's word behind that term
    ("people", "rejected"). Values the claim writes as they are, and values no
    word of the claim stems to, stay as they were.
    """
    out = dict(reason)
    note = str(out.get("note") or "")
    for side, text in (("a", text_a), ("b", text_b)):
        value = out.get(side)
        if not isinstance(value, str) or not value:
            continue
        words = written_words(text or "")
        written = set(words.values())
        parts = value.split(", ")
        plain = [p if p.lower() in written or p not in words else words[p] for p in parts]
        if plain != parts:
            out[side] = ", ".join(plain)
            for before, after in zip(parts, plain):
                if before != after:
                    note = re.sub(rf"(?<!\w){re.escape(before)}(?!\w)", after, note, count=1)
    if note:
        out["note"] = note
    return out


def reason_line(reason: Mapping[str, Any]) -> str:
    """A reason as one line of plain text: ``slot: a vs b (note)``, or just the note when it
    names no values."""
    note = str(reason.get("note") or "")
    a, b = reason.get("a"), reason.get("b")
    if a is None and b is None:
        return note or str(reason.get("slot") or "other")
    values = f"{reason.get('slot')}: {a if a is not None else '—'} vs {b if b is not None else '—'}"
    return f"{values} ({note})" if note else values


def verifications_by_priority(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Verifications with the decisive verdicts first: contradicted, supported, not found, unreachable.

    The order inside one verdict is the report's order.
    """
    rank = {"contradicted": 0, "supported": 1, "not_found": 2, "unreachable": 3}
    return sorted(items(report, "verifications"), key=lambda v: rank.get(v.get("verdict"), 4))


def conflicts(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Matches whose relation is ``conflict``, highest score first."""
    found = [m for m in items(report, "matches") if m.get("relation") == "conflict"]
    return sorted(found, key=lambda m: -(m.get("score") or 0))


@dataclass
class ConflictGroup:
    """Claims that conflict, directly or through each other: one assertion told differently.

    ``variants`` are the versions of it: claims joined by ``agree`` matches say the same, so they
    share one variant (its first claim is the one quoted), the most repeated first.
    """

    claims: list[Any]
    variants: list[list[Any]]
    matches: list[Mapping[str, Any]]
    score: float
    slots: list[str]
    _by_claim: dict | None = field(default=None, repr=False, compare=False)

    def reasons_for(self, claim_id: Any) -> list[tuple[Mapping[str, Any], str]]:
        """``(reason, side)`` of every conflict of ``claim_id`` in the group: what to mark in
        its quote."""
        if self._by_claim is None:
            self._by_claim = defaultdict(list)
            for match in self.matches:
                for side, cid in zip(("a", "b"), list(match.get("claims") or [])):
                    self._by_claim[cid] += [(r, side) for r in match.get("reasons") or []]
        return self._by_claim.get(claim_id, [])

    def reason_lines(self) -> list[str]:
        """Each different reason once, in order of the highest-scoring conflict first."""
        lines = dict.fromkeys(reason_line(r) for m in self.matches for r in m.get("reasons") or [])
        return list(lines)


class _Sets:
    """Union-find over claim ids."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: Any, b: Any) -> None:
        self.parent[self.find(a)] = self.find(b)


def conflict_groups(report: Mapping[str, Any]) -> list[ConflictGroup]:
    """Conflicts grouped per cluster of claims, most decisive group first.

    Pairwise, 200 template documents give tens of thousands of conflicts; grouped, one card per
    assertion lists each version of it once with every source that states it.
    """
    return match_groups(report, "conflict")


def match_groups(report: Mapping[str, Any], relation: str) -> list[ConflictGroup]:
    """Matches of one relation grouped per cluster of claims (see ``conflict_groups``); for
    ``agree`` a group is one version stated by several sources."""
    found = sorted((m for m in items(report, "matches") if m.get("relation") == relation),
                   key=lambda m: -(m.get("score") or 0))
    groups = _Sets()
    for match in found:
        ids = list(match.get("claims") or [])
        if len(ids) == 2:
            groups.join(ids[0], ids[1])
    members: dict[Any, list[Any]] = defaultdict(list)
    for claim_id in groups.parent:
        members[groups.find(claim_id)].append(claim_id)
    same = _Sets()
    for match in items(report, "matches"):
        ids = list(match.get("claims") or [])
        if match.get("relation") == "agree" and len(ids) == 2 and all(i in groups.parent for i in ids) \
                and groups.find(ids[0]) == groups.find(ids[1]):
            same.join(ids[0], ids[1])
    by_root: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for match in found:
        ids = list(match.get("claims") or [])
        if len(ids) == 2:
            by_root[groups.find(ids[0])].append(match)
    order = {claim.get("id"): n for n, claim in enumerate(items(report, "claims"))}
    result = []
    for root, claim_ids in members.items():
        claim_ids.sort(key=lambda c: order.get(c, len(order)))
        variants: dict[Any, list[Any]] = defaultdict(list)
        for claim_id in claim_ids:
            variants[same.find(claim_id)].append(claim_id)
        matches = by_root[root]  # already highest score first
        result.append(ConflictGroup(
            claims=claim_ids,
            variants=sorted(variants.values(), key=lambda v: (-len(v), order.get(v[0], 0))),
            matches=matches,
            score=float(matches[0].get("score") or 0) if matches else 0.0,
            slots=sorted({str(r.get("slot")) for m in matches for r in m.get("reasons") or []})
            or ["other"]))
    return sorted(result, key=lambda g: (-g.score, -len(g.claims), order.get(g.claims[0], 0)))


def claim_source_name(index: ReportIndex, claim: Mapping[str, Any]) -> str:
    """The source a claim is credited to (see :func:`claimcheck.credibility.source_name`)."""
    document = index.document_of(claim)
    return source_name(document) if document else "unknown source"


def verdicts_per_source(index: ReportIndex) -> dict[str, dict[str, int]]:
    """Verification counts per source and verdict."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    for verification in items(index.report, "verifications"):
        claim = index.claim(verification.get("claim_id"))
        verdict = verification.get("verdict")
        if claim and verdict in VERDICTS:
            counts[claim_source_name(index, claim)][verdict] += 1
    return dict(counts)


def agreement_matrix(index: ReportIndex) -> tuple[list[str], dict[tuple[str, str], Counter]]:
    """Who agrees or conflicts with whom: source names and relation counts per ordered pair.

    Returns:
        The source names (sorted) and a mapping ``(a, b) -> Counter(relation)``, filled for both
        orders of each pair (and the diagonal for matches inside one source).
    """
    names = sorted({source_name(doc) for doc in index.documents.values()})
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for match in items(index.report, "matches"):
        ids = list(match.get("claims") or [])
        if len(ids) != 2 or not index.claim(ids[0]) or not index.claim(ids[1]):
            continue
        name_a = claim_source_name(index, index.claim(ids[0]))
        name_b = claim_source_name(index, index.claim(ids[1]))
        cells[(name_a, name_b)][match.get("relation")] += 1
        if name_a != name_b:
            cells[(name_b, name_a)][match.get("relation")] += 1
    return names, dict(cells)


def reason_spans(claim: Mapping[str, Any], slot: str | None, value: Any) -> list[tuple[int, int]]:
    """Where, inside a claim's text, the value a match reason names appears.

    Args:
        claim: A contract ``claims[]`` entry (its ``dates``, ``quantities``, ``entities``).
        slot: The reason's slot (``date|quantity|negation|quantifier|entity|other``).
        value: The reason's ``a`` or ``b`` value for this claim.

    Returns:
        Sorted, non-overlapping ``(start, end)`` offsets into ``claim["text"]``; empty when the
        value cannot be located.
    """
    text = str(claim.get("text") or "")
    value_text = "" if value is None else str(value).strip()
    if slot == "negation" or value_text.startswith("negated"):
        return _negation_spans(claim, text, value_text)
    if not value_text:
        return []
    surfaces = _slot_surfaces(claim, slot, value_text)
    spans = [span for surface in surfaces for span in _find_all(text, surface)]
    if not spans:
        spans = _find_all(text, value_text)
    return _merge(spans)


def _negation_spans(claim: Mapping[str, Any], text: str, value: str) -> list[tuple[int, int]]:
    """The negation cue named in ``negated (cue)``, else any negation word of a negated claim."""
    cue = _NEGATED_LABEL.match(value)
    if cue and _find_all(text, cue.group(1)):
        return _merge(_find_all(text, cue.group(1)))
    if claim.get("negated") or value.startswith("negated") or value.startswith("not "):
        return _merge([m.span() for m in _NEGATION_CUES.finditer(text)])
    return []


def _slot_surfaces(claim: Mapping[str, Any], slot: str | None, value: str) -> list[str]:
    """Surface texts of the claim's slot mentions whose normalised value matches ``value``."""
    if slot == "date":
        parts = [part for part in value.split("/") if part]
        return [d.get("text", "") for d in claim.get("dates") or []
                if any(_same_date(d.get("value"), part) for part in parts)]
    if slot == "quantity":
        numbers = [_to_float(n) for n in _NUMBER.findall(value)]
        return [q.get("text", "") for q in claim.get("quantities") or []
                if any(_close(_to_float(q.get("value")), n) for n in numbers)]
    parts = [part for part in re.split(r"\s*[,:;]\s+|\s+vs\s+", value) if part]
    if slot == "entity":
        return [e.get("text", "") for e in claim.get("entities") or []
                if e.get("canonical") in parts or e.get("text") in parts] + parts
    if slot == "quantifier":
        return parts + ([str(claim["quantifier"])] if claim.get("quantifier") else [])
    return []


def _same_date(mention_value: Any, value: str) -> bool:
    """True when a date mention's ISO value equals the reason's value (or one prefixes the other)."""
    mention = str(mention_value or "")
    return bool(mention) and (mention == value or mention.startswith(value) or value.startswith(mention))


def _close(a: float | None, b: float | None) -> bool:
    """True when two numbers agree to four significant digits (reason labels are rounded)."""
    return a is not None and b is not None and abs(a - b) <= 5e-4 * max(abs(a), abs(b), 1e-12)


def _to_float(value: Any) -> float | None:
    """A number from an int, float or numeric string with thousands separators; None otherwise."""
    try:
        return float(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive, whole-token occurrences of ``needle`` in ``text``."""
    if not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle.strip()) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorts spans and merges the overlapping ones."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def split_segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Cuts ``text`` into plain and marked segments at the given (merged) spans."""
    segments: list[Segment] = []
    cursor = 0
    for start, end in spans:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], marked=True))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def group_quote_segments(claim: Mapping[str, Any], group: ConflictGroup) -> list[Segment]:
    """A claim of a conflict group quoted with the values its conflicts name marked."""
    spans = [span for reason, side in group.reasons_for(claim.get("id"))
             for span in reason_spans(claim, reason.get("slot"), reason.get(side))]
    return split_segments(str(claim.get("text") or ""), _merge(spans))


def quote_segments(claim: Mapping[str, Any], reasons: list[Mapping[str, Any]], side: str) -> list[Segment]:
    """A claim's text cut into segments, with the values its match reasons name marked.

    Args:
        claim: The claim quoted.
        reasons: The match's reasons.
        side: ``"a"`` or ``"b"``: which value of each reason belongs to this claim.
    """
    spans = [
        span for reason in reasons for span in reason_spans(claim, reason.get("slot"), reason.get(side))
    ]
    return split_segments(str(claim.get("text") or ""), _merge(spans))


def document_segments(document: Mapping[str, Any], claims: list[Mapping[str, Any]]) -> list[Segment]:
    """A document's text cut at its claims' offsets; claim pieces carry their claim id.

    Claims whose offsets do not point at their text are left unmarked; an overlapping claim is
    clipped to start where the previous one ends (or gets an empty anchor segment).
    """
    text = str(document.get("text") or "")
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.get("start") or 0, c.get("end") or 0)):
        start, end = claim.get("start"), claim.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != claim.get("text"):
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        start = max(start, cursor)
        segments.append(Segment(text[start:end] if end > start else "", marked=True, claim_id=claim.get("id")))
        cursor = max(cursor, end)
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def alignment_line(report: Mapping[str, Any]) -> str | None:
    """One line saying which mode the report was made in, from ``report["alignment"]``.

    ``{"mode": "semantic", "model": NAME, "sha256": HEX}`` reads "Made in semantic mode with NAME
    (sha256 first-12…)"; ``{"mode": "lexical", ...}`` reads "Made in lexical mode (REASON)", the
    reason defaulting to "sentence model not installed". None when the report has no such entry.
    """
    alignment = report.get("alignment")
    if not isinstance(alignment, Mapping) or not alignment.get("mode"):
        return None
    mode = str(alignment.get("mode"))
    if mode == "lexical":
        reason = str(alignment.get("reason") or "sentence model not installed")
        return f"Made in lexical mode ({reason})"
    line = f"Made in {mode} mode"
    if alignment.get("model"):
        line += f" with {alignment['model']}"
    if alignment.get("sha256"):
        line += f" (sha256 {str(alignment['sha256'])[:12]}…)"
    return line


# -- human reviews ------------------------------------------------------------------------------

HUMAN_VERDICT_LABELS: dict[str, str] = {
    "accurate": "Accurate",
    "inaccurate": "Inaccurate",
    "misleading": "Misleading",
    "unverifiable": "Unverifiable",
    "not_a_claim": "Not a claim",
}
STATUS_LABELS: dict[str, str] = {
    "unstarted": "unstarted",
    "in_progress": "in progress",
    "needs_second_look": "needs a second look",
    "done": "done",
}
DECISION_LABELS: dict[str, str] = {"confirm": "confirmed", "reject": "rejected"}
# A claim's machine finding, most urgent first (as the review queue orders them).
FINDING_ORDER: tuple[str, ...] = ("conflict", "contradicted", "supported", "agree", "related",
                                  "not_found", "unreachable")
FINDING_LABELS: dict[str, str] = {**VERDICT_LABELS, **RELATION_LABELS}


def machine_finding(report: Mapping[str, Any], claim_id: Any) -> str | None:
    """The most urgent machine finding on a claim: a match relation or a verdict (None: none)."""
    found = {m.get("relation") for m in items(report, "matches")
             if claim_id in (m.get("claims") or [])}
    found |= {v.get("verdict") for v in items(report, "verifications")
              if v.get("claim_id") == claim_id}
    return next((f for f in FINDING_ORDER if f in found), None)


def review_line(review: Mapping[str, Any] | None) -> str:
    """A human review in one line: verdict (or decision) and status, who, for whom, when, why."""
    if not review:
        return ""
    if review.get("decision"):
        what = f"{DECISION_LABELS.get(review['decision'], review['decision'])}"
    else:
        verdict = HUMAN_VERDICT_LABELS.get(review.get("verdict") or "", "no verdict yet")
        what = f"{verdict} ({STATUS_LABELS.get(review.get('status') or '', review.get('status'))})"
    who = ", ".join(str(x) for x in (review.get("reviewer"), review.get("organisation")) if x)
    when = str(review.get("at") or "")[:10]
    line = f"{what} by {who}" + (f" on {when}" if when else "")
    return line + (f": {review['note']}" if review.get("note") else "")


def reviewed_claims(report: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], str | None]]:
    """(claim, machine finding) for each claim with a human review, in report order."""
    return [(c, machine_finding(report, c.get("id"))) for c in items(report, "claims")
            if c.get("review")]
