"""Export and import of a whole claims database (``claimcheck.export/1``), and a CSV of claims.

Claims are referred to by (document sha256, start, end), not by database ids, so an export can be
imported into any database (SQLite or PostgreSQL), and importing the same file twice changes
nothing the second time. The curation trail travels whole: every review, match review, merge and
unmerge with who, when and why, and the clusters of merged claims. Importing into a database
that has a trail of its own merges the two (entries it lacks are appended, the latest review
wins), never overwrites.

Two encodings of one content: a JSON object, or JSONL, one record a line (a ``header`` line, then
``document``, ``match``, ``verification``, ``review``, ``merge`` and ``known_claim`` lines), which
streams and diffs well.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from claimcheck.errors import InputError, SchemaVersionError
from claimcheck.model import (
    CitationIssue,
    Review,
    CitationMention,
    Claim,
    DateMention,
    Entity,
    Evidence,
    Extraction,
    Match,
    Page,
    Quantity,
    ReferenceEntry,
    Slots,
    SourceDocument,
    TimeMention,
    VerificationResult,
    date_text,
    parse_date_text,
)
from claimcheck.store import SqlStore
from claimcheck.store.repository import reasons_from_json

EXPORT_SCHEMA = "claimcheck.export/1"


def export_database(store: SqlStore) -> dict:
    """Everything in the database as one JSON-ready dict."""
    docs = store.documents()
    sha = {d.id: d.sha256 for d in docs}
    claims = store.claims(include_merged=True)
    ref_of = {c.id: [sha[c.document_id], c.start, c.end] for c in claims}
    out_docs = []
    for d in docs:
        out_docs.append({
            "sha256": d.sha256, "location": d.location, "media_type": d.media_type,
            "title": d.title, "authors": d.authors, "kind": d.kind, "doi": d.doi,
            "journal": d.journal, "source": d.source.name if d.source else None,
            # to its precision: "2017-10" for a month alone (exports before it had full dates)
            "published": date_text(d.published, d.published_precision), "text": d.text,
            "pages": list(d.pages or []), "cited_urls": list(d.cited_urls or []),
            "paragraphs": [[p.start, p.end] for p in d.passages],
            "claims": [_claim_out(c) for c in claims if c.document_id == d.id],
            "references": [_reference_out(r) for r in store.references([d.id])],
            "citation_issues": [{"kind": i.kind, "citation": i.citation, "detail": i.detail,
                                 "suggestion": i.suggestion}
                                for i in store.citation_issues([d.id])],
        })
    verifs = store.verifications(list(ref_of))
    return {
        "schema": EXPORT_SCHEMA,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": out_docs,
        "matches": [{"a": ref_of[m.claim_a], "b": ref_of[m.claim_b], "score": m.score,
                     "relation": m.relation, "reasons": [asdict(r) for r in m.reasons]}
                    for m in store.matches() if m.claim_a in ref_of and m.claim_b in ref_of],
        "verifications": [_verification_out(v, ref_of[v.claim_id]) for v in verifs],
        "reviews": [_review_out(r, ref_of) for r in store.list_reviews()
                    if r.claim_id in ref_of],
        "merges": [{"claim": ref_of[child], "into": ref_of[parent]}
                   for child, parent in sorted(store.merge_links().items())],
        "known_claims": [{"collection": k.collection, "external_id": k.external_id,
                          "claim": k.claim, "title": k.title, "rating": k.rating, "url": k.url,
                          "date": k.date, "source": k.source} for k in store.known_claims()],
    }


def _review_out(r: Review, ref_of: dict) -> dict:
    return {"claim": ref_of[r.claim_id], "kind": r.kind, "reviewer": r.reviewer,
            "created_at": r.created_at.isoformat(), "status": r.status, "verdict": r.verdict,
            "decision": r.decision,
            "other": ref_of.get(r.other_claim_id) if r.other_claim_id is not None else None,
            "note": r.note, "organisation": r.organisation, "version": r.version}


def _claim_out(c: Claim) -> dict:
    return {"text": c.text, "start": c.start, "end": c.end, "paragraph": c.paragraph,
            "checkworthy": c.checkworthy, "checkworthiness": c.checkworthiness,
            "checkworthy_reason": c.checkworthy_reason, "slots": asdict(c.slots),
            "citations": [asdict(m) for m in c.citations]}


def _reference_out(r) -> dict:
    return {"key": r.key, "text": r.text, "start": r.start, "end": r.end, "authors": r.authors,
            "year": r.year, "title": r.title, "venue": r.venue, "date": r.date_text,
            "url": r.url, "doi": r.doi}


def _verification_out(v, claim_ref) -> dict:
    snap = v.snapshot
    return {"claim": claim_ref, "url": v.url, "verdict": v.verdict, "evidence": v.evidence,
            "reasons": v.reasons, "score": v.score,
            "verified_at": _aware(v.verified_at).isoformat() if v.verified_at else None,
            "snapshot": None if snap is None else {
                "url": snap.url, "final_url": snap.final_url, "status": snap.status,
                "content_type": snap.content_type, "sha256": snap.sha256,
                "fetched_at": snap.fetched_at.isoformat(), "title": snap.title,
                "text": snap.text, "from_archive": snap.from_archive, "error": snap.error}}


JSONL_KINDS = {"document": "documents", "match": "matches", "verification": "verifications",
               "review": "reviews", "merge": "merges", "known_claim": "known_claims"}


def to_jsonl(data: dict) -> str:
    """An export as JSONL: a header line, then one record a line."""
    lines = [json.dumps({"type": "header", "schema": data["schema"],
                         "exported_at": data.get("exported_at")}, ensure_ascii=False)]
    for kind, key in JSONL_KINDS.items():
        lines += [json.dumps({"type": kind, **item}, ensure_ascii=False)
                  for item in data.get(key, [])]
    return "\n".join(lines) + "\n"


def _from_jsonl(path: str, text: str) -> dict:
    data: dict = {key: [] for key in JSONL_KINDS.values()}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as e:
            raise InputError(f"{path}: line {number} is not JSON ({e})") from e
        kind = item.pop("type", None) if isinstance(item, dict) else None
        if kind == "header":
            data.update(item)
        elif kind in JSONL_KINDS:
            data[JSONL_KINDS[kind]].append(item)
        else:
            raise InputError(f"{path}: line {number}: unknown record type {kind!r}")
    return data


def read_export(path: str, *, max_bytes: int | None = None) -> dict:
    """Load and check an export file (JSON or JSONL); an unknown major schema is refused, and
    so is anything :func:`validate_export` finds (``max_bytes``: the largest document text, in
    UTF-8 bytes; default that of ``ingest``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}") from e
    first = text.lstrip().split("\n", 1)[0]
    try:
        head = json.loads(first) if first.startswith("{") else None
    except ValueError:
        head = None
    if isinstance(head, dict) and head.get("type") == "header":
        data = _from_jsonl(path, text)
    else:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as e:
            raise InputError(f"{path}: not a claimcheck export (invalid JSON: {e})") from e
    schema = data.get("schema") if isinstance(data, dict) else None
    if isinstance(schema, str) and schema.startswith("claimcheck.report/"):
        raise InputError(f"{path}: a claimcheck report ({schema}), not an export: `import` reads "
                         "what `claimcheck export` writes")
    if not isinstance(schema, str):
        raise InputError(f"{path}: not a claimcheck export (no 'schema' field)")
    if not schema.startswith("claimcheck.export/"):
        raise InputError(f"{path}: not a claimcheck export (its schema is {schema!r}, not "
                         "claimcheck.export/...)")
    if schema.split("/")[1].split(".")[0] != EXPORT_SCHEMA.split("/")[1]:
        raise SchemaVersionError(f"{path}: export schema {schema} is not supported by this "
                                 f"release (reads {EXPORT_SCHEMA})")
    validate_export(data, path, max_bytes=max_bytes)
    return data


# -- validation: nothing is written unless the whole file is sound -------------------------------

@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("claimcheck.data").joinpath("export_schema.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _where(parts) -> str:
    """A JSON path as ``documents[0].claims[3].start``."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}" if out else str(p)
    return out or "(top level)"


def validate_export(data: dict, path: str, *, max_bytes: int | None = None) -> None:
    """Check an export against its JSON schema, then what a schema cannot say: offsets inside
    their text and quoting it, claim references that name a claim of the file, no NUL, no
    document larger than ``max_bytes``, no sha256 twice.

    Raises:
        InputError: ``PATH: documents[0].claims[3].start: <what is wrong>``.
    """
    from jsonschema.exceptions import best_match

    from claimcheck.ingest import max_bytes_default

    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise InputError(f"{path}: {_where(error.absolute_path)}: {error.message[:200]}")

    def fail(where: str, what: str):
        raise InputError(f"{path}: {where}: {what}")

    _refuse_nul(data, [], fail)
    limit = max_bytes or max_bytes_default()
    claims: set[tuple] = set()
    seen: set[str] = set()
    for i, doc in enumerate(data["documents"]):
        at, text = f"documents[{i}]", doc["text"]
        if doc["sha256"] in seen:
            fail(f"{at}.sha256", "the same document twice")
        seen.add(doc["sha256"])
        if len(text.encode("utf-8")) > limit:
            fail(f"{at}.text", f"larger than the limit of {limit:,} bytes (raise it with --max-bytes)")
        if doc.get("published"):
            _parse(parse_date_text, doc["published"], f"{at}.published", fail)
        for j, (start, end) in enumerate(doc.get("paragraphs") or ()):
            _span(start, end, text, f"{at}.paragraphs[{j}]", fail)
        for j, page in enumerate(doc.get("pages") or ()):
            if page > len(text):
                fail(f"{at}.pages[{j}]", f"offset {page} is past the end of the text ({len(text)})")
        for key in ("claims", "references"):
            for j, item in enumerate(doc.get(key) or ()):
                _quote(item, text, f"{at}.{key}[{j}]", fail)
        for j, claim in enumerate(doc.get("claims") or ()):
            where = f"{at}.claims[{j}]"
            for k, mention in enumerate(claim["citations"]):
                _quote(mention, text, f"{where}.citations[{k}]", fail)
            for slot in ("entities", "dates", "quantities", "times"):
                for k, mention in enumerate(claim["slots"].get(slot) or ()):
                    _span(mention["start"], mention["end"], text, f"{where}.slots.{slot}[{k}]", fail)
            claims.add((doc["sha256"], claim["start"], claim["end"]))

    def known(ref, where: str) -> None:
        if ref is not None and tuple(ref) not in claims:
            fail(where, f"no claim {ref[0][:12]}...[{ref[1]}:{ref[2]}] in this file")

    for i, m in enumerate(data.get("matches") or ()):
        known(m["a"], f"matches[{i}].a")
        known(m["b"], f"matches[{i}].b")
    for i, v in enumerate(data.get("verifications") or ()):
        known(v["claim"], f"verifications[{i}].claim")
        snap, ev = v.get("snapshot"), v.get("evidence")
        if v.get("verified_at"):
            _parse(datetime.fromisoformat, v["verified_at"], f"verifications[{i}].verified_at", fail)
        if snap:
            _parse(datetime.fromisoformat, snap["fetched_at"], f"verifications[{i}].snapshot.fetched_at", fail)
        if snap and ev:
            _span(ev["start"], ev["end"], snap.get("text") or "", f"verifications[{i}].evidence", fail)
    for i, r in enumerate(data.get("reviews") or ()):
        known(r["claim"], f"reviews[{i}].claim")
        known(r.get("other"), f"reviews[{i}].other")
        _parse(datetime.fromisoformat, r["created_at"], f"reviews[{i}].created_at", fail)
    for i, m in enumerate(data.get("merges") or ()):
        known(m["claim"], f"merges[{i}].claim")
        known(m["into"], f"merges[{i}].into")


def _span(start: int, end: int, text: str, where: str, fail) -> None:
    if start > end:
        fail(where, f"start {start} is after end {end}")
    if end > len(text):
        fail(where, f"end {end} is past the end of the text ({len(text)})")


def _quote(item: dict, text: str, where: str, fail) -> None:
    """A claim, reference or citation quotes the document text at its offsets."""
    _span(item["start"], item["end"], text, where, fail)
    if text[item["start"]:item["end"]] != item["text"]:
        fail(f"{where}.text", f"is not the document's text at [{item['start']}:{item['end']}]")


def _parse(parse, value: str, where: str, fail) -> None:
    try:
        parse(value)
    except ValueError:
        fail(where, f"{value!r} is not an ISO date or time")


def _refuse_nul(value, parts: list, fail) -> None:
    """No NUL in any string (PostgreSQL refuses it in text)."""
    if isinstance(value, str):
        if "\x00" in value:
            fail(_where(parts), "contains a NUL character")
    elif isinstance(value, dict):
        for k, v in value.items():
            _refuse_nul(v, [*parts, k], fail)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _refuse_nul(v, [*parts, i], fail)


def _converted(data: dict, path: str) -> None:
    """Build every domain object of the file once before anything is written, so a record the
    schema let through but the model refuses (an unknown field in a slot) writes nothing."""
    def each(key: str, convert) -> None:
        for i, item in enumerate(data.get(key) or ()):
            try:
                convert(item)
            except (TypeError, ValueError, KeyError, AttributeError) as e:
                raise InputError(f"{path}: {key}[{i}]: cannot be read: {e}") from e

    def document(d: dict) -> None:
        _document_in(d)
        _extraction_in(d)

    def verification(v: dict) -> None:
        if v.get("snapshot"):
            _page_in(v["snapshot"])
        _verification_result(v)

    each("documents", document)
    each("matches", lambda m: reasons_from_json(m["reasons"]))
    each("verifications", verification)
    each("reviews", lambda r: _reviews_in([r], lambda ref: 1))


def _verification_result(v: dict) -> VerificationResult:
    ev = v.get("evidence")
    return VerificationResult(verdict=v["verdict"], evidence=Evidence(**ev) if ev else None,
                              reasons=reasons_from_json(v.get("reasons")), score=v.get("score", 0.0))


def import_database(store: SqlStore, data: dict, *, path: str = "export") -> dict[str, int]:
    """Import an export; documents already present (same sha256) are kept as they are.

    ``data`` as :func:`read_export` returns it (validated); every record is converted before the
    first write, so a file with a defect writes nothing (``InputError`` naming ``path``, the
    record and the field), and everything is written in one transaction: a failure half-way
    (a full disk, a killed process) leaves the database as it was."""
    _converted(data, path)
    with store.transaction():  # the whole file or nothing
        return _import(store, data)


def _import(store: SqlStore, data: dict) -> dict[str, int]:
    counts = {"documents": 0, "matches": 0, "verifications": 0, "reviews": 0, "merges": 0,
              "known_claims": 0}
    planted = []  # an export holds text, not bytes: nothing checks the hash it gives
    for doc in data.get("documents", []):
        doc_id, created = store.add_document(_document_in(doc), _extraction_in(doc))
        counts["documents"] += created
        if created:
            planted.append(doc_id)
    store.set_hash_unverified(planted)
    ids = _claim_ids(store)
    def cid(ref):
        return ids.get(tuple(ref))
    matches = [Match(cid(m["a"]), cid(m["b"]), m["score"], m["relation"],
                     reasons_from_json(m["reasons"]))
               for m in data.get("matches", []) if cid(m["a"]) and cid(m["b"])]
    counts["matches"] = store.save_matches(matches)
    rows, when = [], {}
    for v in data.get("verifications", []):
        if cid(v["claim"]) is None:
            continue
        snap_id = store.save_snapshot(_page_in(v["snapshot"])) if v.get("snapshot") else None
        rows.append((cid(v["claim"]), v["url"], snap_id, _verification_result(v)))
        if v.get("verified_at"):  # kept as exported: importing twice changes nothing
            when[(cid(v["claim"]), v["url"])] = _aware(datetime.fromisoformat(v["verified_at"]))
    counts["verifications"] = store.save_verifications(rows, verified_at=when)
    counts["merges"] = store.import_merges(
        [(cid(m["claim"]), cid(m["into"])) for m in data.get("merges", [])
         if cid(m["claim"]) and cid(m["into"])])
    counts["reviews"] = store.import_trail(_reviews_in(data.get("reviews", []), cid))
    by_collection: dict[str, list] = {}
    for k in data.get("known_claims", []):
        by_collection.setdefault(k["collection"], []).append(k)
    for name, items in by_collection.items():
        counts["known_claims"] += store.add_known_claims(name, items)
    return counts


def _reviews_in(reviews: list, cid) -> list[Review]:
    """Trail entries of an export as domain objects; exports written before statuses and
    verdicts have one ``label`` per review."""
    from claimcheck.curation import LEGACY_LABELS

    out = []
    for r in reviews:
        claim_id = cid(r["claim"])
        if claim_id is None:
            continue
        when = datetime.fromisoformat(r["created_at"])
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if "kind" not in r:  # a pre-0006 export
            if r.get("label") == "merged":
                continue  # the merge itself is not in such an export
            status, verdict = LEGACY_LABELS.get(r.get("label"), (None, None))
            if status is None:
                continue
            r = {**r, "kind": "claim", "status": status, "verdict": verdict}
        other = cid(r["other"]) if r.get("other") else None
        if r.get("other") and other is None:
            continue
        out.append(Review(claim_id=claim_id, kind=r["kind"], reviewer=r["reviewer"],
                          created_at=when, status=r.get("status"), verdict=r.get("verdict"),
                          decision=r.get("decision"), other_claim_id=other,
                          note=r.get("note") or "", organisation=r.get("organisation"),
                          version=r.get("version") or 1))
    return out


def _claim_ids(store: SqlStore) -> dict[tuple, int]:
    sha = {d.id: d.sha256 for d in store.documents()}
    return {(sha[c.document_id], c.start, c.end): c.id
            for c in store.claims(include_merged=True)}


def _document_in(d: dict) -> SourceDocument:
    from claimcheck.textformats import paragraph_spans

    published, precision = parse_date_text(d["published"]) if d.get("published") else (None, "day")
    return SourceDocument(
        text=d["text"], sha256=d["sha256"], location=d["location"],
        media_type=d.get("media_type", "text/plain"), title=d.get("title"),
        authors=tuple(d.get("authors") or ()), published=published, published_precision=precision,
        kind=d.get("kind", "other"),
        source=d.get("source"), doi=d.get("doi"), journal=d.get("journal"),
        paragraphs=tuple(tuple(p) for p in d["paragraphs"]) if "paragraphs" in d
        else paragraph_spans(d["text"]), pages=tuple(int(p) for p in d.get("pages") or ()),
        cited_urls=tuple(d.get("cited_urls") or ()))


def _extraction_in(d: dict) -> Extraction:
    claims = []
    for c in d.get("claims", []):
        s = c["slots"]
        # Exports written before ranges/tallies and times of day lack "high" in their quantities
        # and the "times" slot: they read as None and no times.
        slots = Slots(entities=tuple(Entity(**e) for e in s["entities"]),
                      dates=tuple(DateMention(**x) for x in s["dates"]),
                      quantities=tuple(Quantity(**q) for q in s["quantities"]),
                      negated=s["negated"], quantifier=s["quantifier"], hedged=s["hedged"],
                      times=tuple(TimeMention(**t) for t in s.get("times") or ()))
        claims.append(Claim(text=c["text"], start=c["start"], end=c["end"],
                            paragraph=c["paragraph"], slots=slots, checkworthy=c["checkworthy"],
                            checkworthiness=c["checkworthiness"],
                            checkworthy_reason=c.get("checkworthy_reason", ""),
                            citations=tuple(CitationMention(**m) for m in c["citations"])))
    refs = tuple(ReferenceEntry(key=r["key"], text=r["text"], start=r["start"], end=r["end"],
                                authors=tuple(r.get("authors") or ()), year=r.get("year"),
                                title=r.get("title"), venue=r.get("venue"), date=r.get("date"),
                                url=r.get("url"), doi=r.get("doi"))
                 for r in d.get("references", []))
    issues = tuple(CitationIssue(**i) for i in d.get("citation_issues", []))
    return Extraction(claims=tuple(claims), references=refs, citation_issues=issues)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _page_in(s: dict) -> Page:
    return Page(url=s["url"], final_url=s["final_url"], status=s["status"],
                fetched_at=datetime.fromisoformat(s["fetched_at"]), sha256=s["sha256"],
                content_type=s.get("content_type", ""), text=s.get("text", ""),
                title=s.get("title"), from_archive=s.get("from_archive", False),
                error=s.get("error"))


CSV_COLUMNS = ["claim_id", "document_id", "document", "source", "paragraph", "start", "end",
               "text", "checkworthy", "checkworthiness", "finding", "relations",
               "verifications", "status", "verdict", "reviewer", "reviewed_at", "note",
               "merged_into"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, -, @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def export_csv(store: SqlStore) -> str:
    """Every claim with its machine findings and its latest human review, one row each."""
    docs = {d.id: d for d in store.documents()}
    items = store.find_claims(limit=None, include_merged=True)
    ids = [i.claim.id for i in items]
    relations: dict[int, list[str]] = {}
    for m in store.matches(ids):
        for a, b in ((m.claim_a, m.claim_b), (m.claim_b, m.claim_a)):
            relations.setdefault(a, []).append(f"{m.relation} #{b}")
    verdicts: dict[int, list[str]] = {}
    for v in store.verifications(ids):
        verdicts.setdefault(v.claim_id, []).append(f"{v.verdict} {v.url}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in sorted(items, key=lambda i: (i.claim.document_id, i.claim.start)):
        c, st = item.claim, item.state
        doc = docs.get(c.document_id)
        writer.writerow([_cell(v) for v in (
            c.id, c.document_id, doc.title or doc.location if doc else "", item.source or "",
            c.paragraph, c.start, c.end, c.text, c.checkworthy, round(c.checkworthiness, 3),
            item.finding or "", "; ".join(relations.get(c.id, [])),
            "; ".join(verdicts.get(c.id, [])), st.status, st.verdict or "", st.reviewer or "",
            st.reviewed_at.isoformat(timespec="seconds") if st.reviewed_at else "", st.note,
            st.merged_into or "")])
    return out.getvalue()
