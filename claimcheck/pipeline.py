"""Orchestration: ingest -> extract -> match -> verify -> report.

Each stage is a function over a ``SqlStore`` so commands can run one stage or all of them
(``check``). Stages are idempotent: re-running one updates what it stored before.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Collection, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import BinaryIO

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.extract import extract_document
from claimcheck.extract.links import cite_links
from claimcheck.ingest import load_document
from claimcheck.model import Claim, Page, Reason, SourceDocument, date_text, field_dict, latest_day
from claimcheck.pdf import page_number
from claimcheck.store import SqlStore

log = logging.getLogger(__name__)

REPORT_SCHEMA = "claimcheck.report/1"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class CheckOptions:
    """Everything ``check`` needs besides the documents."""

    references: Sequence[str] = ()
    reference_lists: Sequence[str] = ()  # BibTeX / CSL-JSON / RIS files (--references)
    archives: Sequence[str] = ()
    offline: bool = False
    allow_private: bool = False
    max_bytes: int | None = None
    min_score: float | None = None  # None: the alignment engine's thresholds decide
    save_warc: str | None = None
    overrides: dict = field(default_factory=dict)
    timeout: float = 20.0
    deadline: float | None = None  # seconds for one fetch; None: 3 x timeout, at least 30
    fetch_budget: float | None = 300.0  # seconds for all the fetching of the run; None: no budget


@dataclass
class IngestResult:
    document_id: int
    created: bool
    location: str
    claims: int
    updated: dict = field(default_factory=dict)  # metadata corrected: {field: (old, new)}


def make_fetcher(options: CheckOptions):
    """The fetcher façade configured from the options (archives first, then the network).

    Built on first use, so commands that end up fetching nothing never open archives or sessions.
    """
    return _LazyFetcher(options)


class _LazyFetcher:
    def __init__(self, options: CheckOptions):
        self._options = options
        self._fetcher = None

    def open(self):
        """Build the fetcher now: its archives are read (and a corrupt one refused) at once."""
        return self.__getattr__("archive")

    def __getattr__(self, name):
        if self._fetcher is None:
            from claimcheck.fetch import Fetcher, FetchPolicy, WarcArchive

            o = self._options
            policy = FetchPolicy(read_timeout=o.timeout, deadline=o.deadline or max(o.timeout * 3, 30.0),
                                 run_budget=o.fetch_budget)
            archive = WarcArchive.load(list(o.archives)) if o.archives else None
            self._fetcher = Fetcher(archive=archive, offline=o.offline,
                                    allow_private=o.allow_private, policy=policy)
        return getattr(self._fetcher, name)


# -- ingest + extract -------------------------------------------------------------------------

def load_documents(specs: Sequence[str], *, fetcher=None, max_bytes: int | None = None,
                   overrides: dict | None = None, stdin: BinaryIO | None = None,
                   progress: Progress | None = None,
                   reference_lists: Sequence[str] = (), pool=None) -> list[SourceDocument]:
    """Read every input before anything is stored, so one bad input writes nothing.
    ``reference_lists``: BibTeX, CSL-JSON or RIS files whose entries every document gets.
    ``pool``: an ``ExtractionPool`` (``claimcheck.ingest_pool.bulk_pool``) whose workers read
    the local files; the first bad input in order is raised, as when read here."""
    from claimcheck.reflists import read_reference_list

    entries = tuple(e for path in reference_lists for e in read_reference_list(path))
    local: set[int] = set()
    if pool is not None:
        from claimcheck.ingest_pool import is_local

        local = {i for i, spec in enumerate(specs) if is_local(spec)}
        read = pool.load_in_order([spec for i, spec in enumerate(specs) if i in local],
                                  max_bytes=max_bytes, overrides=overrides,
                                  reference_list=entries)
    docs = []
    for i, spec in enumerate(specs):
        if i in local:
            docs.append(next(read))
        else:
            docs.append(load_document(spec, max_bytes=max_bytes, fetcher=fetcher,
                                      overrides=overrides, stdin=stdin, reference_list=entries))
        if progress:
            progress("read", i + 1, len(specs))
    return docs


# Bulk ingest writes many documents per transaction (``SqlStore.add_documents``): a batch is
# written once it holds this many claims or documents, so one commit serves many documents and
# memory stays bounded.
BATCH_CLAIMS = 5000
BATCH_DOCUMENTS = 200


def store_documents(store: SqlStore, docs: Sequence[SourceDocument],
                    progress: Progress | None = None, *,
                    overrides: dict | None = None,
                    held: dict[int, list[Claim]] | None = None,
                    workers: int | None = None, pool=None) -> list[IngestResult]:
    """Extract and store each document; known bytes are not extracted again, but metadata given
    for them (``overrides``, or a ``DOC.meta.json`` beside them) that differs from what is
    stored replaces it, and the change is recorded.

    New documents are written in batches (``BATCH_CLAIMS``), many per transaction; a document
    that fails leaves nothing of its own, and every document before it is stored.

    ``held``: filled with ``{document id: its claims as stored}`` for the documents this call
    created (what ``SqlStore.claims`` would read back: ids set, citations linked to entries
    of the document's reference list, in (start, id) order), so the caller need not re-read
    them.

    ``workers``: processes extracting the new documents (``claimcheck.ingest_pool``) while this
    one writes them, in order, as it would alone: the same rows are stored. None: as many as pay
    for a batch this large (``auto_workers``; 1 for a small one); 1: extract here. Documents are
    extracted here when ``held`` is asked for (the workers send rows, not claims). ``pool``: an
    ``ExtractionPool`` started already (``claimcheck.ingest_pool.bulk_pool``), used instead of
    ``workers``."""
    results: list[IngestResult | None] = [None] * len(docs)
    pending: list[tuple[int, SourceDocument, object]] = []
    done = 0

    def finish(i: int, doc: SourceDocument, doc_id: int, created: bool, claims: int | None):
        nonlocal done
        updated = {} if created else _update_metadata(
            store, doc_id, doc, declared_metadata(doc.location, overrides))
        if not created:
            _warn_if_text_differs(store, doc_id, doc)
        if claims is None:
            claims = store.counts(doc_id)["claims"]
        results[i] = IngestResult(doc_id, created, doc.location, claims, updated)
        done += 1
        if progress:
            progress("extract", done, len(docs))

    def flush() -> None:
        if not pending:
            return
        ids: dict[int, list[int]] | None = {} if held is not None else None
        stored = store.add_documents([(doc, extraction) for _, doc, extraction in pending],
                                     claim_ids=ids)
        for (i, doc, extraction), (doc_id, created) in zip(pending, stored):
            if ids and doc_id in ids and created:
                held[doc_id] = _as_stored(extraction, doc_id, ids[doc_id])
            finish(i, doc, doc_id, created, len(extraction.claims) if created else None)
        pending.clear()

    stored = store.document_ids_for_sha([doc.sha256 for doc in docs])  # one query, not one each
    _check_imported_hashes(store, docs, stored)
    firsts: dict[str, int] = {}  # the documents to extract: each new sha's first
    for i, doc in enumerate(docs):
        if doc.sha256 not in stored:
            firsts.setdefault(doc.sha256, i)
    new = [docs[i] for i in sorted(firsts.values())]
    with _extractions(new, 1 if held is not None else workers,
                      pool if held is None else None) as extracted:
        seen: set[str] = set()
        for i, doc in enumerate(docs):
            existing = stored.get(doc.sha256)
            if existing is None and doc.sha256 in seen:  # the same bytes earlier in this run
                flush()
                existing = store.document_id_for_sha(doc.sha256)
            seen.add(doc.sha256)
            if existing is not None:
                if doc.reference_list:
                    log.warning("%s: already stored, with the references it had then; "
                                "--references applies to new documents only", doc.location)
                flush()  # documents keep their order: what came before is stored first
                finish(i, doc, existing, False, None)
                continue
            try:
                extraction = next(extracted)
            except BaseException:
                flush()  # the documents before a failure are stored, as they were one by one
                raise
            pending.append((i, doc, extraction))
            if (sum(len(e.claims) for _, _, e in pending) >= BATCH_CLAIMS
                    or len(pending) >= BATCH_DOCUMENTS):
                flush()
        flush()
    return results


def _extract(doc: SourceDocument):
    return cite_links(extract_document(doc.text, published=doc.published,
                                       references=doc.reference_list,
                                       published_precision=doc.published_precision), doc.links)


@contextmanager
def _extractions(docs: Sequence[SourceDocument], workers: int | None, pool=None):
    """An iterator of ``docs``' extractions, in order: ``Extraction`` objects made here one at a
    time (``workers`` 1, or a small batch), or their rows (``claimcheck.rows.DocumentRows``)
    made by ``pool`` or an ``ExtractionPool`` of ``workers`` processes, a few documents ahead
    of the one asked for. A document whose extraction failed raises when asked for."""
    from claimcheck.ingest_pool import ExtractionPool, auto_workers

    if pool is not None and len(docs) > 1:
        yield pool.extract_in_order(docs)
        return
    if workers is None:
        workers = auto_workers(docs) if docs else 1
    if workers <= 1 or len(docs) <= 1:
        yield (_extract(doc) for doc in docs)
        return
    with ExtractionPool(min(workers, len(docs))) as own:
        yield own.extract_in_order(docs)


def _as_stored(extraction, doc_id: int, claim_ids: list[int]) -> list[Claim]:
    """An extraction's claims as ``SqlStore.claims`` reads them back once stored with these
    ids: a citation keeps its reference key only when the document's list has that entry."""
    keys = {r.key for r in extraction.references}
    claims = []
    for claim, claim_id in zip(extraction.claims, claim_ids):
        citations = claim.citations
        if any(m.reference_key and m.reference_key not in keys for m in citations):
            citations = tuple(m if not m.reference_key or m.reference_key in keys
                              else replace(m, reference_key=None) for m in citations)
        claims.append(replace(claim, id=claim_id, document_id=doc_id, citations=citations,
                              checkworthiness=float(claim.checkworthiness)))
    claims.sort(key=lambda c: (c.start, c.id))
    return claims


# metadata keys that name a stored field differently
_FIELD_KEYS = {"author": "authors", "references": "cited_urls"}


def declared_metadata(location: str, overrides: dict | None = None) -> set[str]:
    """The metadata fields the user stated for ``location``: options given, and the keys of its
    ``DOC.meta.json``. Only these may replace stored metadata: what is merely read from the text
    again is the same as before, and a default (kind guessed) must not undo a stated value."""
    from claimcheck.ingest import load_sidecar

    keys = {k for k, v in (overrides or {}).items() if v not in (None, "", (), [])}
    keys |= set(load_sidecar(location))
    fields = {_FIELD_KEYS.get(k, k) for k in keys} & set(SqlStore.METADATA_FIELDS)
    if "published" in fields:  # a stated date states its precision too ("2017-10": a month)
        fields.add("published_precision")
    return fields


def _update_metadata(store: SqlStore, doc_id: int, doc: SourceDocument,
                     fields: set[str]) -> dict:
    if not fields:
        return {}
    # a stated value that could not be read (a date that does not parse) never erases one
    values = {f: getattr(doc, f) for f in sorted(fields) if getattr(doc, f) not in (None, "")}
    if "published" not in values:
        values.pop("published_precision", None)  # the precision of no date changes nothing
    if not values:
        return {}
    changes = edit_document(store, doc_id, values, via=f"re-ingest of {doc.location}")
    for f, (old, new) in changes.items():
        log.warning("%s: stored %s changed from %r to %r (recorded)", doc.location, f,
                    _plain(old), _plain(new))
    return changes


def edit_document(store: SqlStore, doc_id: int, values: dict, *, via: str) -> dict:
    """Correct a stored document's metadata (``SqlStore.METADATA_FIELDS``), each change recorded
    with ``via``; a new publication date also re-dates the claims whose year the text leaves
    out. Returns ``{field: (old, new)}`` of what changed."""
    stored = store.document(doc_id)
    if stored is None:
        from claimcheck.errors import StoreError

        raise StoreError(f"no document with id {doc_id}")
    claim_dates = None
    if values.get("published") and "published_precision" not in values:
        values = {**values, "published_precision": "day"}  # a date given alone is a full date
    precision = values.get("published_precision", stored.published_precision)
    if values.get("published") and (values["published"], precision) != (stored.published,
                                                                         stored.published_precision):
        # A year left out in the text is inferred from the publication date: read them again.
        claims = extract_document(stored.text, published=values["published"],
                                  published_precision=precision).claims
        claim_dates = {(c.start, c.end): [asdict(d) for d in c.slots.dates] for c in claims}
    return store.update_metadata(doc_id, values, via=via, claim_dates=claim_dates)


def _check_imported_hashes(store: SqlStore, docs: Sequence[SourceDocument],
                           stored: dict[str, int]) -> None:
    """Documents stored under these bytes' sha256 by an ``import`` (which carries text, not
    bytes, so it could plant any text under a real file's hash): the same text confirms the
    hash; another text is refused before anything is written (``InputError``)."""
    imported = store.unverified_documents(stored.values())
    confirmed = []
    for doc in docs:
        doc_id = stored.get(doc.sha256)
        if doc_id not in imported:
            continue
        if imported[doc_id] != doc.text:
            raise InputError(
                f"{doc.location}: document {doc_id} was imported under this file's sha256 with "
                "another text (an export carries no original bytes, so that hash was never "
                "checked); not trusting it: ingest this file into another database (--db)")
        confirmed.append(doc_id)
    store.set_hash_unverified(confirmed, False)


def _warn_if_text_differs(store: SqlStore, doc_id: int, doc: SourceDocument) -> None:
    """The stored document under these bytes' sha256 should hold the text they give: one that
    does not came from an import (the export said so), or from an older claimcheck's reading.
    Its claims are what the stored text says; the user is told rather than shown it silently."""
    stored = store.document(doc_id)
    if stored is not None and stored.text != doc.text:
        log.warning("%s: document %d is stored under this file's sha256 but with another text "
                    "(imported from an export, or read by an older claimcheck): its claims come "
                    "from the stored text; see `claimcheck documents show %d --text`",
                    doc.location, doc_id, doc_id)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


# -- the alignment engine ---------------------------------------------------------------------

_ENGINE: list = []


def alignment_engine():
    """The process's alignment engine: semantic when the sentence model is installed and
    verifies, lexical otherwise (``claimcheck.embed`` logs that once)."""
    if not _ENGINE:
        from claimcheck.align.engine import AlignmentEngine
        from claimcheck.embed.install import get_encoder

        _ENGINE.append(AlignmentEngine(get_encoder()))
    return _ENGINE[0]


def _alignment_info() -> dict:
    """The engine's mode, model and weight hash; in lexical mode also why (from the loader)."""
    from claimcheck.embed.install import encoder_info

    info = alignment_engine().describe()
    if info["mode"] == "lexical":
        info["reason"] = encoder_info().get("reason")
    return info


def generator_string() -> str:
    """``claimcheck X.Y.Z (semantic: all-MiniLM-L6-v2 sha256:...)`` or ``(lexical)``."""
    info = alignment_engine().describe()
    if info["mode"] == "semantic":
        return f"claimcheck {__version__} (semantic: {info['model']} sha256:{info['sha256']})"
    return f"claimcheck {__version__} (lexical: {_alignment_info().get('reason') or 'no sentence model'})"


# -- match ------------------------------------------------------------------------------------

RELATED_MIN_SCORE = 85.0  # same topic, another assertion: only close neighbours are worth listing


def listed(match, worthy: Collection[int] | None, min_score: float | None = None) -> bool:
    """Whether a match is kept (stored and reported).

    ``related`` pairs only from ``RELATED_MIN_SCORE``. With ``worthy`` (the ids of the
    check-worthy claims at hand; None keeps every claim): a conflict when at least one claim is
    check-worthy (an exclusive check-worthy claim contradicted by a plain sentence elsewhere is a
    finding), an agreement when both are: an opinion, a pointer to a page or a heading that
    shares a topic with a fact confirms nothing ("It seems to me the harbour was simply
    abandoned" / "The harbour is often described as the worst run in the region").
    """
    if match.relation == "related" and match.score < max(min_score or 0.0, RELATED_MIN_SCORE):
        return False
    if worthy is None:
        return True
    if match.relation == "agree":
        return match.claim_a in worthy and match.claim_b in worthy
    return match.claim_a in worthy or match.claim_b in worthy


def match_documents(store: SqlStore, document_ids: Sequence[int], *, min_score: float | None = None,
                    checkworthy_only: bool = True, claims: Sequence | None = None,
                    progress: Progress | None = None) -> int:
    """Match the claims of ``document_ids`` against every other claim in the database.

    With ``checkworthy_only`` a conflict is kept when at least one of its claims is check-worthy,
    an agreement when both are (``listed``).
    ``claims``: those documents' (unmerged) claims when the caller holds them already.
    ``progress`` sees the stage ``match``: a first step while claims are read and embedded, then
    the candidate pairs aligned.
    """
    if not progress:
        return _match_documents(store, document_ids, min_score=min_score,
                                checkworthy_only=checkworthy_only, claims=claims)
    shown = []

    def aligned(done: int, total: int) -> None:
        shown.append(done)
        progress("match", done, total)

    progress("match", 0, 1)
    stored = _match_documents(store, document_ids, min_score=min_score,
                              checkworthy_only=checkworthy_only, claims=claims, progress=aligned)
    if not shown:  # no candidate pair to align
        progress("match", 1, 1)
    return stored


def _match_documents(store: SqlStore, document_ids: Sequence[int], *, min_score: float | None,
                     checkworthy_only: bool, claims: Sequence | None, progress=None) -> int:
    import numpy as np

    from claimcheck.match import SEMANTIC_ALL, find_matches, store_candidates

    new = list(claims) if claims is not None else store.claims(document_ids)
    ids = set(document_ids)
    engine = alignment_engine()
    key_counts = None
    if engine.encoder is not None and store.count_claims() <= SEMANTIC_ALL:
        # every claim is embedded for the nearest-neighbour search: read them all
        existing = [c for c in store.claims() if c.document_id not in ids]
    else:
        # only the stored claims that can pair with a new one, found from the matching state
        # stored with each claim: the cost follows the new claims' blocks, not the store's size;
        # and of those, only the ones of documents with a pair that passes the surface score
        # (``scored``): the others take no part in deciding (``store_candidates``)
        new_ids = store.claim_ids(document_ids)
        index = store.match_index(new_ids)
        candidates, key_counts = store_candidates(new, index, new_ids=new_ids, scored=True)
        # each candidate's document is read whole: a figure, measure or actor backs a pair by
        # how few claims of its document give it (``claimcheck.match._rare_keys``), so the
        # decision reads every claim of the documents it pairs with, as over the whole store
        documents = sorted(set(index.documents(np.asarray(candidates, dtype=np.int64)).values())
                           - ids) if candidates else []
        existing = store.claims(documents) if documents else []
    worthy = ({c.id for c in new if c.checkworthy} | {c.id for c in existing if c.checkworthy}
              if checkworthy_only else None)
    matches = [m for m in find_matches(new, existing, min_score=min_score, engine=engine,
                                       key_counts=key_counts, progress=progress)
               if listed(m, worthy, min_score)]
    return store.save_matches(matches)


# -- verify -----------------------------------------------------------------------------------

def verification_plan(store: SqlStore, document_ids: Sequence[int],
                      references: Sequence[str] = (), *,
                      claims: Sequence | None = None) -> list[tuple[int, str]]:
    """(claim id, location) pairs: cited reference URLs, and every extra reference for each
    check-worthy claim. ``claims``: the documents' (unmerged) claims, when held already."""
    cited = store.cited_urls(document_ids)
    claims = list(claims) if claims is not None else store.claims(document_ids)
    pairs = cited + _continuation_citations(claims, cited)
    whole = store.document_cited_urls(document_ids)
    checkworthy = [c for c in claims if c.checkworthy]
    pairs += [(c.id, url) for c in checkworthy for url in whole.get(c.document_id, ())]
    pairs += [(c.id, ref) for ref in references for c in checkworthy]
    return list(dict.fromkeys(pairs))


def _continuation_citations(claims, cited: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A check-worthy claim with no citation of its own is checked against the references the
    next sentence of its paragraph cites: authors often cite once after two related sentences."""
    urls: dict[int, list[str]] = {}
    for claim_id, url in cited:
        urls.setdefault(claim_id, []).append(url)
    pairs = []
    for c, nxt in zip(claims, claims[1:]):
        if (c.checkworthy and not c.citations and nxt.document_id == c.document_id
                and nxt.paragraph == c.paragraph and nxt.id in urls):
            pairs += [(c.id, url) for url in urls[nxt.id]]
    return pairs


def verify_documents(store: SqlStore, document_ids: Sequence[int], fetcher, *,
                     references: Sequence[str] = (), progress: Progress | None = None,
                     save_warc: str | None = None, claims: Sequence | None = None) -> int:
    """Fetch every page the plan needs, pin snapshots, and store a verdict per pair.
    ``claims``: the documents' (unmerged) claims, when the caller holds them already."""
    from claimcheck.verify import verify_claims

    claims = list(claims) if claims is not None else store.claims(document_ids)
    plan = verification_plan(store, document_ids, references, claims=claims)
    if not plan:
        return 0
    locations = list(dict.fromkeys(loc for _, loc in plan))
    # only the references typed on the command line may be local files
    pages = fetch_pages(fetcher, locations, progress, store=store, local=references)
    snapshots = {loc: store.save_snapshot(page) for loc, page in pages.items()}
    fetched = [p for p in pages.values() if not p.error]
    kept = _keep_stored_snapshots(store, pages, snapshots)
    claims = {c.id: c for c in claims}
    # yearless dates in a page are read against the last day the claim's document can be from
    published = {d.id: latest_day(d.published, d.published_precision)
                 for d in store.documents(document_ids)}
    groups: dict[tuple[str, int], list] = {}
    for claim_id, loc in plan:
        claim = claims[claim_id]
        groups.setdefault((loc, claim.document_id), []).append(claim)
    rows = []
    for i, ((loc, doc_id), group) in enumerate(groups.items(), 1):
        page = pages[loc]
        usable = page if not page.error and 200 <= page.status < 300 else None
        error = None if usable else (page.error or f"HTTP {page.status}")
        results = verify_claims(group, usable, alignment_engine(), error=error,
                                reference_date=published[doc_id])
        if loc in kept:
            results = [replace(r, reasons=(*r.reasons, kept[loc])) for r in results]
        rows += [(c.id, loc, snapshots[loc], r) for c, r in zip(group, results)]
        if progress:
            progress("verify", i, len(groups))
    saved = store.save_verifications(rows)
    if save_warc and fetched:  # after the verdicts: a WARC that cannot be written loses none
        from claimcheck.fetch import write_warc

        try:
            write_warc(save_warc, fetched)
        except OSError as e:
            raise InputError(f"{save_warc}: cannot write the WARC ({e.strerror or e}); kept: "
                             f"the documents, their claims and {saved} verdicts are stored, no "
                             "WARC was written") from e
    elif save_warc:
        log.warning("%s: nothing was fetched, so no WARC was written", save_warc)
    return saved


def _keep_stored_snapshots(store: SqlStore, pages: dict[str, Page],
                           snapshots: dict[str, int]) -> dict[str, Reason]:
    """A failed re-fetch (refused address, network error, HTTP error) must not turn a verdict
    backed by a stored snapshot into ``unreachable``: the page is checked against its newest
    good snapshot instead, the verdict pins that snapshot, and the failure (already stored as the
    newest snapshot, so history shows it) is named in a reason. Updates ``pages`` and
    ``snapshots`` in place; returns the reason per location whose snapshot was kept."""
    kept = {}
    for loc, page in pages.items():
        if not page.error and 200 <= page.status < 300:
            continue
        good = _last_good_snapshot(store, loc)
        if good is None:
            continue
        failure = page.error or f"HTTP {page.status}"
        when = good.fetched_at.isoformat(timespec="seconds")
        log.warning("%s: re-fetch failed (%s); verdicts use the stored snapshot of %s",
                    loc, failure, when)
        pages[loc], snapshots[loc] = _page_from_snapshot(good), good.id
        kept[loc] = Reason("other", None, None,
                           f"re-fetch failed ({failure}); verdict from the stored snapshot of "
                           f"{when}")
    return kept


def fetch_pages(fetcher, locations: Sequence[str], progress: Progress | None = None,
                store: SqlStore | None = None, local: Sequence[str] = ()) -> dict[str, Page]:
    """Fetch every location; failures become a ``Page`` carrying the error (never raised).
    Only the locations in ``local`` (given by the user) may be read from local files.

    Offline, a location no archive holds is answered from the last good snapshot in ``store``
    (the cache), so a check made once online can be re-run offline with the same evidence.
    """
    def on_progress(done: int, total: int, _url: str = "") -> None:
        if progress:
            progress("fetch", done, total)

    results = fetcher.fetch_many(list(locations), progress=on_progress, local=local)
    pages = {}
    for loc in locations:
        got = results.get(loc)
        if isinstance(got, Page):
            pages[loc] = got
        else:
            cached = _cached_page(store, loc) if store and fetcher.offline else None
            pages[loc] = cached or _error_page(loc, got)
    return pages


def _cached_page(store: SqlStore, location: str) -> Page | None:
    """The newest successful snapshot of ``location``, as a page."""
    good = _last_good_snapshot(store, location)
    return _page_from_snapshot(good) if good is not None else None


def _last_good_snapshot(store: SqlStore, location: str):
    good = [s for s in store.snapshots_for(location) if not s.error and 200 <= s.status < 300]
    return good[-1] if good else None


def _page_from_snapshot(s) -> Page:
    return Page(url=s.url, final_url=s.final_url, status=s.status, fetched_at=s.fetched_at,
                sha256=s.sha256, content_type=s.content_type, text=s.text, title=s.title,
                headers=tuple((s.headers or {}).items()), from_archive=True)


def _error_page(location: str, error) -> Page:
    status = getattr(error, "status", None) or 0
    return Page(url=location, final_url=location, status=status,
                fetched_at=datetime.now(UTC), sha256="", content_type="", text="",
                error=str(error) if error else "not fetched")


# -- the all-in-one command -------------------------------------------------------------------

def run_check(store: SqlStore, specs: Sequence[str], options: CheckOptions, *,
              stdin: BinaryIO | None = None, progress: Progress | None = None) -> dict:
    """``claimcheck check``: every stage on the given documents; returns the report dict."""
    fetcher = make_fetcher(options)
    docs = load_documents(specs, fetcher=fetcher, max_bytes=options.max_bytes,
                          overrides=options.overrides, stdin=stdin, progress=progress,
                          reference_lists=options.reference_lists)
    if options.archives:  # a corrupt archive stops the run before anything is stored
        fetcher.open()
    with _older_objects_frozen(sum(len(doc.text) for doc in docs) >= FREEZE_MIN_CHARS):
        written: dict[int, list[Claim]] = {}
        results = store_documents(store, docs, progress, overrides=options.overrides, held=written)
        doc_ids = list(dict.fromkeys(r.document_id for r in results))
        # the run reads its documents' claims once (those it just wrote it holds already); every
        # stage works on what it holds
        stored = [d for d in doc_ids if d not in written]
        held = store.claims(stored, include_merged=True) if stored else []
        held = sorted(held + [c for d in doc_ids if d in written for c in written[d]],
                      key=lambda c: (c.document_id, c.start, c.id))
        merged = store.merged_claim_ids(doc_ids)
        claims = [c for c in held if c.id not in merged]
        match_documents(store, doc_ids, min_score=options.min_score, claims=claims,
                        progress=progress)
        verify_documents(store, doc_ids, fetcher, references=options.references,
                         progress=progress, save_warc=options.save_warc, claims=claims)
        with _stage(progress, "report"):
            return build_report(store, doc_ids, claims=held)


# Below this much text a check runs at most one full collection (measured: a 250,000-character
# document of 1,392 claims ran one, as long as the collection freezing costs; 500,000 ran 2-3)
FREEZE_MIN_CHARS = 300_000


@contextmanager
def _older_objects_frozen(large: bool = True):
    """For a ``large`` run, leave the objects that exist before it (imported modules, lexicons,
    caches: about 150,000 tracked objects) out of the collector's full passes while it runs, and
    give them back after (``gc.freeze`` / ``gc.unfreeze``).

    A check keeps what it makes until the report (claims, statement views, report rows): each
    time those grow by a quarter of the tracked heap CPython runs a full collection, which reads
    every tracked object again and frees nothing (4-6 such passes of 60-200 ms in the check of a
    1 MB document). One full collection first frees what earlier work left (frozen, it would
    outlive the run, and in a process that checks again and again, every run): that one costs
    as much as a pass saved, hence only for large runs. Nothing is frozen when something else
    froze objects already (a host process preparing to fork), so its freeze is not undone."""
    if not large or not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _stage(progress: Progress | None, name: str):
    """Show a one-step stage (0/1 then 1/1) on the progress display, so long runs never sit
    silent."""
    if progress:
        progress(name, 0, 1)
    yield
    if progress:
        progress(name, 1, 1)


# -- report -----------------------------------------------------------------------------------

def build_report(store: SqlStore, document_ids: Sequence[int] | None = None, *,
                 claims: Sequence | None = None) -> dict:
    """The contract's JSON report (``claimcheck.report/1``) for the given documents.

    Documents that matched claims of these documents are included too, so every match can be
    shown with both quotes. ``claims``: every claim of ``document_ids`` (merged ones too), when
    the caller holds them already; only the other documents' claims are read then.
    """
    if document_ids is None:
        document_ids = [d.id for d in store.documents()]
    focus = list(document_ids)
    focus_claims = list(claims) if claims is not None else store.claims(focus, include_merged=True)
    matches = store.matches([c.id for c in focus_claims])
    claim_by_id = {c.id: c for c in focus_claims}
    other_ids = {m.claim_a for m in matches} | {m.claim_b for m in matches}
    others = store.claims(ids=other_ids - set(claim_by_id), include_merged=True)
    doc_ids = list(dict.fromkeys(focus + [c.document_id for c in sorted(others, key=lambda c: c.id)]))
    other_docs = doc_ids[len(set(focus)):]
    claims = sorted(focus_claims + (store.claims(other_docs, include_merged=True) if other_docs else []),
                    key=lambda c: (c.document_id, c.start, c.id))
    texts = {c.id: c.text for c in claims}
    references = store.references(doc_ids)
    ref_ids = {(r.document_id, r.key): r.id for r in references}
    documents = store.documents(doc_ids)
    pages = {d.id: d.pages or () for d in documents}
    report = {
        "schema": REPORT_SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generator": generator_string(),
        "alignment": _alignment_info(),
        "documents": [_document_json(d) for d in documents],
        "claims": [_claim_json(c, ref_ids, pages.get(c.document_id, ())) for c in claims],
        "references": [_reference_json(r) for r in references],
        "matches": [_match_json(m, texts) for m in matches],
        "verifications": _verifications_json(store, [c.id for c in claims]),
        "citation_issues": [_issue_json(i) for i in store.citation_issues(doc_ids)],
        "sources": [],
    }
    report["sources"] = _sources(report)
    report["conflict_groups"] = _conflict_groups_json(report)
    _add_human_reviews(store, report)
    report["known_matches"] = previously_checked(store, [c for c in claims
                                                        if c.document_id in set(focus)])
    return report


KNOWN_MIN_PROBABILITY = 0.5


def previously_checked(store: SqlStore, claims, *, top: int = 3,
                       min_probability: float = KNOWN_MIN_PROBABILITY) -> list[dict]:
    """Known fact-checks that each check-worthy claim probably repeats (empty without any)."""
    index = known_index(store)
    if index is None:
        return []
    found = []
    for c in claims:
        if not c.checkworthy:
            continue
        for known, p in index.search(c.text, top=top):
            if p >= min_probability:
                found.append({"claim_id": c.id, "known_id": known.id, "probability": round(p, 3),
                              "claim": known.claim, "rating": known.rating, "url": known.url,
                              "date": known.date, "source": known.source})
    return found


def _sources(report: dict) -> list[dict]:
    from claimcheck.credibility import score_sources

    try:
        return score_sources(report)
    except ClaimcheckError:
        raise
    except (KeyError, ValueError, TypeError) as e:  # a scoring bug must not lose the report
        log.warning("credibility scoring failed: %s", e)
        return []


def _document_json(d) -> dict:
    return {
        "id": d.id, "title": d.title, "kind": d.kind, "location": d.location,
        "sha256": d.sha256, "published": date_text(d.published, d.published_precision),
        "published_precision": d.published_precision if d.published else None,
        "source": d.source.name if d.source else None, "authors": list(d.authors or []),
        "doi": d.doi, "journal": d.journal,
        "ingested_at": d.ingested_at.isoformat(timespec="seconds") if d.ingested_at else None,
        "text": d.text, "pages": list(d.pages or []),
    }


def _fields(item) -> dict:
    """``dataclasses.asdict`` of a leaf model object (plain values only: slots, reasons), as a
    shallow copy of its fields in order, without asdict's recursive deep copy."""
    return field_dict(item)


def _review_json(r) -> dict:
    """A human review as reports show it (the latest one of a claim or a match)."""
    return {"status": r.status, "verdict": r.verdict, "decision": r.decision,
            "reviewer": r.reviewer, "organisation": r.organisation,
            "at": r.created_at.isoformat(timespec="seconds"), "note": r.note,
            "version": r.version}


def _add_human_reviews(store: SqlStore, report: dict) -> None:
    """Each claim's and match's latest human review (``review``, None when never reviewed),
    beside the machine's findings; claims merged into another name it (``merged_into``)."""
    ids = [c["id"] for c in report["claims"]]
    latest = store.latest_claim_reviews(ids)
    decisions = store.match_decisions(ids)
    links = store.merge_links()
    for c in report["claims"]:
        r = latest.get(c["id"])
        c["review"] = _review_json(r) if r is not None else None
        c["merged_into"] = links.get(c["id"])
    for m in report["matches"]:
        r = decisions.get(tuple(sorted(m["claims"])))
        m["review"] = _review_json(r) if r is not None else None


def _claim_json(c, ref_ids: dict, pages=()) -> dict:
    s = c.slots
    return {
        "id": c.id, "document_id": c.document_id, "text": c.text, "start": c.start,
        "end": c.end, "paragraph": c.paragraph, "page": page_number(pages, c.start),
        "checkworthy": c.checkworthy,
        "checkworthiness": round(c.checkworthiness, 3), "checkworthy_reason": c.checkworthy_reason,
        "entities": [_fields(e) for e in s.entities], "dates": [_fields(d) for d in s.dates if d.value],
        "relative_dates": [_fields(d) for d in s.dates if not d.value],
        "quantities": [_fields(q) for q in s.quantities], "negated": s.negated,
        "quantifier": s.quantifier, "hedged": s.hedged, "times": [_fields(t) for t in s.times],
        "citations": [{"key": m.key,
                       "reference_id": ref_ids.get((c.document_id, m.reference_key)),
                       "text": m.text, "start": m.start,
                       "end": m.end, "reference_key": m.reference_key} for m in c.citations],
    }


def _reference_json(r) -> dict:
    return {"id": r.id, "document_id": r.document_id, "key": r.key, "text": r.text,
            "url": r.url, "doi": r.doi, "year": r.year, "authors": list(r.authors or []),
            "title": r.title, "venue": r.venue, "start": r.start, "end": r.end}


def _conflict_groups_json(report: dict) -> list[dict]:
    """``conflict_groups``: the conflicting claims per cluster (one assertion told differently),
    ``variants`` the claims that say the same version, most repeated first."""
    from claimcheck.report.common import conflict_groups

    return [{"claims": g.claims, "variants": g.variants, "score": g.score, "slots": g.slots,
             "conflicts": len(g.matches)} for g in conflict_groups(report)]


def _match_json(m, texts: dict[int, str]) -> dict:
    from claimcheck.report.common import plain_reason

    a, b = texts.get(m.claim_a, ""), texts.get(m.claim_b, "")
    return {"claims": [m.claim_a, m.claim_b], "score": round(m.score, 1),
            "relation": m.relation, "reasons": [plain_reason(_fields(r), a, b) for r in m.reasons]}


def _verifications_json(store: SqlStore, claim_ids: list[int]) -> list[dict]:
    rows = store.verifications(claim_ids)
    history = store.snapshot_history(v.url for v in rows)
    out = []
    for v in rows:
        item = _verification_json(v)
        if item["snapshot"] is not None:
            item["snapshot"]["change"] = page_change(history.get(v.url, []), v.snapshot_id)
        out.append(item)
    return out


def page_change(history: list, snapshot_id: int | None) -> str:
    """How the pinned snapshot compares with the stored version before it: ``first`` (no other
    version stored; identical re-fetches reuse one snapshot), ``changed``, ``disappeared`` (it was
    there, now it fails) or ``reappeared``."""
    ids = [s.id for s in history]
    if snapshot_id not in ids or ids.index(snapshot_id) == 0:
        return "first"
    now, before = history[ids.index(snapshot_id)], history[ids.index(snapshot_id) - 1]
    ok_now, ok_before = not now.error and now.status < 400, not before.error and before.status < 400
    if ok_before and not ok_now:
        return "disappeared"
    if ok_now and not ok_before:
        return "reappeared"
    return "unchanged" if now.sha256 == before.sha256 else "changed"


def _verification_json(v) -> dict:
    snap = v.snapshot
    return {
        "claim_id": v.claim_id, "url": v.url, "verdict": v.verdict, "evidence": v.evidence,
        "reasons": v.reasons, "score": round(v.score, 3),
        "snapshot": None if snap is None else {
            "sha256": snap.sha256, "fetched_at": snap.fetched_at.isoformat(timespec="seconds"),
            "status": snap.status, "final_url": snap.final_url,
            "from_archive": snap.from_archive, "error": snap.error},
    }


def _issue_json(i) -> dict:
    return {"document_id": i.document_id, "kind": i.kind, "citation": i.citation,
            "detail": i.detail, "suggestion": i.suggestion}


# -- previously checked claims ----------------------------------------------------------------

def known_index(store: SqlStore):
    """A search index over the database's known (previously fact-checked) claims, or None."""
    from claimcheck.known import KnownClaim, KnownClaimIndex

    rows = store.known_claims()
    if not rows:
        return None
    return KnownClaimIndex([KnownClaim(id=r.external_id, claim=r.claim, title=r.title or "",
                                       rating=r.rating, url=r.url, date=r.date, source=r.source)
                            for r in rows])
