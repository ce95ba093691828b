"""``SqlStore``: the one place that reads and writes the claims database.

Takes and returns domain objects (``claimcheck.model``); SQLAlchemy stays inside this package.
Every write method runs in its own transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from claimcheck.errors import StoreError
from claimcheck.model import (
    CitationMention,
    Claim,
    DateMention,
    Entity,
    Extraction,
    Match,
    Page,
    Quantity,
    Reason,
    Slots,
    SourceDocument,
    TimeMention,
    VerificationResult,
)
from claimcheck.store import migrate
from claimcheck.store.curation import CurationStore, legacy_label
from claimcheck.store.tables import (
    CitationIssueRow,
    CitationRow,
    ClaimRow,
    DocumentRow,
    KnownClaimRow,
    MatchRow,
    MetadataChangeRow,
    PassageRow,
    ReferenceRow,
    ReviewRow,
    SnapshotRow,
    SourceRow,
    VerificationRow,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


def database_url(db: str) -> str:
    """Turn a ``--db`` value (a file path or an SQLAlchemy URL) into a URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


WRITE = migrate.WRITE  # marks write transactions (BEGIN IMMEDIATE on SQLite)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # SQLAlchemy emits BEGIN itself (``_sqlite_begin``): the sqlite3 driver's legacy mode never
    # begins a transaction before DDL, so a migration was not atomic, and two processes creating
    # one database collided half-way through ("table alembic_version already exists").
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=10000")  # first: switching a new file to WAL takes a lock
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    """SQLAlchemy's recipe for real SQLite transactions, IMMEDIATE for writers."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE)
                         else "BEGIN")


def create_db_engine(db: str) -> sa.Engine:
    """An engine for ``db`` with SQLite tuned for a CLI (WAL, busy timeout, foreign keys)."""
    url = database_url(db)
    try:
        engine = sa.create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as e:
        raise StoreError(f"cannot open database {db!r}: {e}") from e
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


# Retrying a whole transaction: SQLite's busy timeout ran out ("database is locked"), or
# PostgreSQL aborted it for a serialization failure or a deadlock with another writer. Upserts
# make the retried statements safe to repeat; the bound keeps a stuck database from hanging a run.
RETRY_ATTEMPTS = 8
RETRY_FIRST_DELAY = 0.05  # seconds, doubled each attempt (with jitter), at most RETRY_MAX_DELAY
RETRY_MAX_DELAY = 2.0
_PG_RETRY_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def is_transient(e: BaseException) -> bool:
    """Whether ``e`` is a write conflict that succeeds when the transaction is run again."""
    if not isinstance(e, OperationalError):
        return False
    if getattr(e.orig, "sqlstate", None) in _PG_RETRY_STATES:
        return True
    text = str(e.orig).lower()
    return "database is locked" in text or "database is busy" in text


def run_with_retry(work: Callable[[], object], *, attempts: int = RETRY_ATTEMPTS,
                   what: str = "database write"):
    """Run ``work`` (one whole transaction) again after transient conflicts, with bounded,
    jittered exponential backoff; other errors, or the last conflict, propagate."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except SQLAlchemyError as e:
            if attempt == attempts or not is_transient(e):
                raise
            delay = min(RETRY_MAX_DELAY, RETRY_FIRST_DELAY * 2 ** (attempt - 1))
            log.info("%s: %s; retrying in %.2f s (attempt %d of %d)", what, _short(e),
                     delay, attempt + 1, attempts)
            time.sleep(delay * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")  # pragma: no cover


def _insert(s: Session, table: sa.Table):
    """An INSERT that can take ON CONFLICT, in the session's dialect."""
    return (postgresql.insert(table) if s.get_bind().dialect.name == "postgresql"
            else sqlite.insert(table))


def _now() -> datetime:
    return datetime.now(UTC)


def _reasons_json(reasons: Iterable[Reason]) -> list[dict]:
    return [asdict(r) for r in reasons]


def reasons_from_json(items: Iterable[dict]) -> tuple[Reason, ...]:
    """Rebuild ``Reason`` objects from their stored JSON."""
    return tuple(Reason(**item) for item in items or ())


class SqlStore(CurationStore):
    """Repository over SQLite or PostgreSQL. Creates/upgrades the schema on open."""

    def __init__(self, db: str, *, upgrade: bool = True):
        self.url = database_url(db)
        self.engine = create_db_engine(db)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.engine.execution_options(**{WRITE: True}),
                                            expire_on_commit=False)
        if upgrade:
            self.upgrade()

    # -- schema -------------------------------------------------------------------------------
    def upgrade(self) -> None:
        """Apply pending migrations (a no-op when the schema is current)."""
        try:
            if migrate.current_revision(self.engine) != migrate.head_revision():
                run_with_retry(lambda: migrate.upgrade(self.engine), what="migration")
        except SQLAlchemyError as e:
            raise StoreError(f"cannot open or migrate database {self.url}: {_short(e)}") from e

    def schema_status(self) -> dict:
        """Current and newest schema revision."""
        current = migrate.current_revision(self.engine)
        head = migrate.head_revision()
        return {"url": self.engine.url.render_as_string(hide_password=True),
                "current": current, "head": head, "up_to_date": current == head}

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._sessions()

    def _transact(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in one write transaction: committed whole or not at all, run
        again after a transient conflict with another writer (``run_with_retry``); database
        errors become ``StoreError``."""
        def once() -> T:
            with self._write_sessions() as s, s.begin():
                return work(s)

        try:
            return run_with_retry(once)
        except SQLAlchemyError as e:
            if is_transient(e):
                raise StoreError(f"database busy: other writers held it through {RETRY_ATTEMPTS} "
                                 f"attempts ({_short(e)}); this step wrote nothing, run it "
                                 "again") from e
            raise StoreError(f"database write failed: {_short(e)}") from e

    # -- documents ----------------------------------------------------------------------------
    def document_id_for_sha(self, sha256: str) -> int | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))

    def add_document(self, doc: SourceDocument, extraction: Extraction) -> tuple[int, bool]:
        """Store a document with its extraction in one transaction.

        Returns ``(document_id, created)``; the same bytes return the existing document unchanged,
        also when another process stores them at the same moment.
        """
        def work(s: Session) -> tuple[int, bool]:
            existing = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256))
            if existing is not None:
                return existing, False
            row = DocumentRow(
                sha256=doc.sha256, location=doc.location, media_type=doc.media_type,
                title=doc.title, authors=list(doc.authors), published=doc.published,
                kind=doc.kind, doi=doc.doi, journal=doc.journal, text=doc.text,
                ingested_at=_now(), source_id=_source_id(s, doc.source, doc.kind),
                cited_urls=list(doc.cited_urls), pages=list(doc.pages),
            )
            row.passages = [PassageRow(number=i, start=a, end=b)
                            for i, (a, b) in enumerate(doc.paragraphs, 1)]
            refs = {r.key: ReferenceRow(
                key=r.key, text=r.text, start=r.start, end=r.end, authors=list(r.authors),
                year=r.year, title=r.title, venue=r.venue, date_text=r.date, url=r.url, doi=r.doi,
            ) for r in extraction.references}
            row.references = list(refs.values())
            row.claims = [_claim_row(c, refs) for c in extraction.claims]
            row.citation_issues = [CitationIssueRow(kind=i.kind, citation=i.citation,
                                                    detail=i.detail, suggestion=i.suggestion)
                                   for i in extraction.citation_issues]
            s.add(row)
            s.flush()
            return row.id, True

        try:
            return self._transact(work)
        except StoreError as e:
            # Another process committed the same bytes between our check and our insert.
            if isinstance(e.__cause__, IntegrityError):
                existing = self.document_id_for_sha(doc.sha256)
                if existing is not None:
                    return existing, False
            raise

    # Metadata a re-ingest may correct: documents' columns, plus "source" (a name, stored as a
    # link) and "cited_urls" (the pages a document cites as a whole, its metadata "references").
    METADATA_FIELDS = ("title", "authors", "published", "kind", "source", "journal", "doi",
                       "cited_urls")

    def update_metadata(self, doc_id: int, values: dict, *, via: str,
                        claim_dates: dict[tuple[int, int], list] | None = None
                        ) -> dict[str, tuple]:
        """Set the given metadata fields of a stored document, recording each change (field, old,
        new, when, ``via``) in ``metadata_changes``; one transaction. ``claim_dates`` replaces
        the date slots of the claims at those (start, end) spans (dates inferred from a corrected
        publication date). Returns ``{field: (old, new)}`` of what changed."""
        unknown = set(values) - set(self.METADATA_FIELDS)
        if unknown:
            raise StoreError(f"not a metadata field: {', '.join(sorted(unknown))}")

        def work(s: Session) -> dict[str, tuple]:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise StoreError(f"no document with id {doc_id}")
            changes = {}
            for field, new in values.items():
                old = (row.source.name if row.source else None) if field == "source" \
                    else getattr(row, field)
                if _json_value(old) == _json_value(new):
                    continue
                changes[field] = (old, new)
                if field == "source":
                    row.source_id = _source_id(s, new, values.get("kind", row.kind))
                else:
                    setattr(row, field, list(new) if isinstance(new, tuple) else new)
                s.add(MetadataChangeRow(document_id=doc_id, field=field, old=_json_value(old),
                                        new=_json_value(new), changed_at=_now(), via=via))
            if changes and claim_dates:
                for claim in s.scalars(select(ClaimRow).where(ClaimRow.document_id == doc_id)):
                    dates = claim_dates.get((claim.start, claim.end))
                    if dates is not None:
                        claim.dates = dates
            return changes

        return self._transact(work)

    def metadata_changes(self, doc_id: int) -> list[MetadataChangeRow]:
        """Recorded metadata corrections of a document, oldest first."""
        with self.session() as s:
            return list(s.scalars(select(MetadataChangeRow)
                                  .where(MetadataChangeRow.document_id == doc_id)
                                  .order_by(MetadataChangeRow.id)))

    def documents(self, ids: Sequence[int] | None = None) -> list[DocumentRow]:
        """Document rows (detached), all or the given ids, in id order."""
        with self.session() as s:
            q = (select(DocumentRow).options(selectinload(DocumentRow.source),
                                               selectinload(DocumentRow.passages))
                 .order_by(DocumentRow.id))
            if ids is not None:
                q = q.where(DocumentRow.id.in_(list(ids)))
            return list(s.scalars(q))

    def document(self, doc_id: int) -> DocumentRow | None:
        rows = self.documents([doc_id])
        return rows[0] if rows else None

    def counts(self, doc_id: int) -> dict[str, int]:
        """How many claims, references, citation issues a document has."""
        with self.session() as s:
            def n(model, col):
                return s.scalar(select(sa.func.count()).select_from(model).where(col == doc_id))
            return {"claims": n(ClaimRow, ClaimRow.document_id),
                    "references": n(ReferenceRow, ReferenceRow.document_id),
                    "citation_issues": n(CitationIssueRow, CitationIssueRow.document_id)}

    def table_counts(self) -> dict[str, int]:
        """Row count of every table: a fingerprint of the database's content. A table that a
        database at an older schema revision does not have yet holds no rows: 0."""
        from claimcheck.store.tables import Base

        present = set(sa.inspect(self.engine).get_table_names())
        with self.session() as s:
            return {t.name: s.scalar(select(sa.func.count()).select_from(t))
                    if t.name in present else 0 for t in Base.metadata.sorted_tables}

    def content_keys(self) -> dict[str, set]:
        """What the database holds, keyed by document bytes and character offsets instead of
        row ids, so two databases filled in another order (concurrent runs, an import) compare
        equal when they hold the same: documents (with source), claims, matches (with relation)
        and verdicts."""
        docs = self.documents()
        sha = {d.id: d.sha256 for d in docs}
        claims = self.claims(include_merged=True)
        where = {c.id: (sha[c.document_id], c.start, c.end) for c in claims}
        return {
            "documents": {(d.sha256, d.source.name if d.source else None) for d in docs},
            "claims": set(where.values()),
            "matches": {(*sorted((where[m.claim_a], where[m.claim_b])), m.relation)
                        for m in self.matches()},
            "verifications": {(where[v.claim_id], v.url, v.verdict)
                              for v in self.verifications(list(where))},
        }

    # -- claims -------------------------------------------------------------------------------
    def claims(self, document_ids: Sequence[int] | None = None, *,
               checkworthy: bool | None = None, include_merged: bool = False) -> list[Claim]:
        """Claims as domain objects with ``id`` and ``document_id`` set, in document order."""
        with self.session() as s:
            q = select(ClaimRow).options(selectinload(ClaimRow.citations)).order_by(
                ClaimRow.document_id, ClaimRow.start)
            if document_ids is not None:
                q = q.where(ClaimRow.document_id.in_(list(document_ids)))
            if checkworthy is not None:
                q = q.where(ClaimRow.checkworthy == checkworthy)
            if not include_merged:
                q = q.where(ClaimRow.merged_into_id.is_(None))
            keys = _reference_keys(s, document_ids)
            return [claim_from_row(r, keys) for r in s.scalars(q)]

    def claim(self, claim_id: int) -> Claim | None:
        with self.session() as s:
            row = s.get(ClaimRow, claim_id)
            if row is None:
                return None
            return claim_from_row(row, _reference_keys(s, [row.document_id]))

    def references(self, document_ids: Sequence[int]) -> list[ReferenceRow]:
        with self.session() as s:
            q = (select(ReferenceRow).where(ReferenceRow.document_id.in_(list(document_ids)))
                 .order_by(ReferenceRow.document_id, ReferenceRow.start))
            return list(s.scalars(q))

    def cited_urls(self, document_ids: Sequence[int]) -> list[tuple[int, str]]:
        """(claim id, reference URL) for every claim citing a reference that has a URL."""
        with self.session() as s:
            q = (select(CitationRow.claim_id, ReferenceRow.url)
                 .join(ReferenceRow, CitationRow.reference_id == ReferenceRow.id)
                 .join(ClaimRow, CitationRow.claim_id == ClaimRow.id)
                 .where(ClaimRow.document_id.in_(list(document_ids)),
                        ReferenceRow.url.is_not(None))
                 .distinct().order_by(CitationRow.claim_id))
            return [(cid, url) for cid, url in s.execute(q)]

    def document_cited_urls(self, document_ids: Sequence[int]) -> dict[int, list[str]]:
        """URLs each document cites as a whole (not tied to one sentence)."""
        with self.session() as s:
            q = select(DocumentRow.id, DocumentRow.cited_urls).where(
                DocumentRow.id.in_(list(document_ids)))
            return {i: list(urls or []) for i, urls in s.execute(q)}

    def citation_issues(self, document_ids: Sequence[int]) -> list[CitationIssueRow]:
        with self.session() as s:
            q = (select(CitationIssueRow)
                 .where(CitationIssueRow.document_id.in_(list(document_ids)))
                 .order_by(CitationIssueRow.id))
            return list(s.scalars(q))

    # -- matches ------------------------------------------------------------------------------
    def save_matches(self, matches: Iterable[Match]) -> int:
        """Insert or update matches (one row per unordered claim pair). Returns how many.

        Core bulk statements (executemany), not ORM objects: a large document yields 10^5 pairs.
        """
        items = {}
        for m in matches:
            a, b = sorted((m.claim_a, m.claim_b))
            items[(a, b)] = {"claim_a_id": a, "claim_b_id": b, "score": float(m.score),
                             "relation": m.relation, "reasons": _reasons_json(m.reasons)}
        if not items:
            return 0
        table = MatchRow.__table__
        rows = [items[key] for key in sorted(items)]  # one lock order for every writer

        def work(s: Session) -> None:
            stmt = _insert(s, table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.claim_a_id, table.c.claim_b_id],
                set_={"score": stmt.excluded.score, "relation": stmt.excluded.relation,
                      "reasons": stmt.excluded.reasons})
            for chunk in _chunks(rows):
                s.execute(stmt, chunk)

        self._transact(work)
        return len(items)

    def matches(self, claim_ids: Iterable[int] | None = None) -> list[Match]:
        """Stored matches touching any of ``claim_ids`` (all when None), best score first."""
        with self.session() as s:
            q = select(MatchRow)
            if claim_ids is None:
                rows = list(s.scalars(q))
            else:
                found: dict[int, MatchRow] = {}
                for chunk in _chunks(sorted(set(claim_ids))):
                    for col in (MatchRow.claim_a_id, MatchRow.claim_b_id):
                        found.update((r.id, r) for r in s.scalars(q.where(col.in_(chunk))))
                rows = list(found.values())
            rows.sort(key=lambda r: (-r.score, r.id))
            return [Match(r.claim_a_id, r.claim_b_id, r.score, r.relation,
                          reasons_from_json(r.reasons)) for r in rows]

    # -- snapshots and verifications -----------------------------------------------------------
    def save_snapshot(self, page: Page) -> int:
        """Store one fetched page version; an identical latest version is reused."""
        def work(s: Session) -> int:
            _lock_key(s, f"snapshot:{page.url}")  # two writers of one URL: one new version
            last = s.scalar(select(SnapshotRow).where(SnapshotRow.url == page.url)
                            .order_by(SnapshotRow.id.desc()).limit(1))
            if last is not None and last.sha256 == page.sha256 and last.status == page.status \
                    and last.error == page.error:
                return last.id
            row = SnapshotRow(
                url=page.url, final_url=page.final_url, status=page.status,
                content_type=page.content_type, headers=dict(page.headers), sha256=page.sha256,
                fetched_at=page.fetched_at, title=page.title, text=page.text,
                from_archive=page.from_archive, error=page.error,
            )
            s.add(row)
            s.flush()
            return row.id

        return self._transact(work)

    def snapshots_for(self, url: str) -> list[SnapshotRow]:
        """Every stored version of ``url``, oldest first."""
        return self.snapshot_history([url]).get(url, [])

    def snapshot_history(self, urls: Iterable[str]) -> dict[str, list[SnapshotRow]]:
        """Every stored version of each URL, oldest first."""
        history: dict[str, list[SnapshotRow]] = {}
        with self.session() as s:
            q = (select(SnapshotRow).where(SnapshotRow.url.in_(list(set(urls))))
                 .order_by(SnapshotRow.id))
            for row in s.scalars(q):
                history.setdefault(row.url, []).append(row)
        return history

    def save_verifications(self, items: Iterable[tuple[int, str, int | None,
                                                       VerificationResult]]) -> int:
        """Upsert (claim id, url, snapshot id, result) rows in one transaction."""
        items = list(items)
        if not items:
            return 0
        table = VerificationRow.__table__
        rows = {}
        for cid, url, snap_id, res in items:
            rows[(cid, url)] = {
                "claim_id": cid, "url": url, "snapshot_id": snap_id, "verdict": res.verdict,
                "score": float(res.score),
                "evidence": asdict(res.evidence) if res.evidence else None,
                "reasons": _reasons_json(res.reasons), "verified_at": _now()}
        ordered = [rows[key] for key in sorted(rows)]  # one lock order for every writer

        def work(s: Session) -> None:
            stmt = _insert(s, table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.claim_id, table.c.url],
                set_={c: stmt.excluded[c] for c in ("snapshot_id", "verdict", "score",
                                                    "evidence", "reasons", "verified_at")})
            for chunk in _chunks(ordered):
                s.execute(stmt, chunk)

        self._transact(work)
        return len(items)

    def verifications(self, claim_ids: Iterable[int]) -> list[VerificationRow]:
        """Verdicts of the given claims, ordered by claim and URL."""
        rows: list[VerificationRow] = []
        with self.session() as s:
            for chunk in _chunks(sorted(set(claim_ids))):
                q = (select(VerificationRow).options(selectinload(VerificationRow.snapshot))
                     .where(VerificationRow.claim_id.in_(chunk)))
                rows.extend(s.scalars(q))
        rows.sort(key=lambda r: (r.claim_id, r.url))
        return rows

    # -- curation -----------------------------------------------------------------------------
    def add_review(self, claim_id: int, label: str, *, reviewer: str, note: str = "",
                   created_at: datetime | None = None) -> int:
        """Append a review given as one pre-0006 label (``accurate`` ... ``needs_review``);
        see ``review_claim`` for statuses and verdicts."""
        status, verdict = legacy_label(label)
        if status is None:
            raise StoreError(f"unknown review label {label!r}")
        return self.review_claim(claim_id, reviewer=reviewer, status=status, verdict=verdict,
                                 note=note, created_at=created_at).id

    def reviews(self, claim_id: int | None = None) -> list[ReviewRow]:
        with self.session() as s:
            q = select(ReviewRow).order_by(ReviewRow.id)
            if claim_id is not None:
                q = q.where(ReviewRow.claim_id == claim_id)
            return list(s.scalars(q))

    def merge_claims(self, keep_id: int, duplicate_ids: Sequence[int], *, reviewer: str) -> None:
        """Merge ``duplicate_ids`` into ``keep_id``'s cluster (see ``merge_into``)."""
        self.merge_into(keep_id, duplicate_ids, reviewer=reviewer)

    # -- known claims -------------------------------------------------------------------------
    def add_known_claims(self, collection: str, rows: Iterable[dict]) -> int:
        """Insert or update previously checked claims of one collection (idempotent)."""
        table = KnownClaimRow.__table__
        fields = ("claim", "title", "rating", "url", "date", "source")
        items = {str(item["external_id"]): {"collection": collection,
                                             "external_id": str(item["external_id"]),
                                             **{k: item.get(k) for k in fields}}
                 for item in rows}
        if not items:
            return 0

        def work(s: Session) -> None:
            stmt = _insert(s, table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.collection, table.c.external_id],
                set_={k: stmt.excluded[k] for k in fields})
            for chunk in _chunks([items[k] for k in sorted(items)]):
                s.execute(stmt, chunk)

        self._transact(work)
        return len(items)

    def known_claims(self) -> list[KnownClaimRow]:
        with self.session() as s:
            return list(s.scalars(select(KnownClaimRow).order_by(KnownClaimRow.id)))


def _source_id(s: Session, name: str | None, kind: str) -> int | None:
    """The id of the source called ``name``, created when new (concurrent creators agree)."""
    name = (name or "").strip()
    if not name:
        return None
    table = SourceRow.__table__
    s.execute(_insert(s, table).values(name=name, kind=kind)
              .on_conflict_do_nothing(index_elements=[table.c.name]))
    return s.scalar(select(table.c.id).where(table.c.name == name))


def _json_value(value):
    """A metadata value as stored in JSON (dates as ISO text, tuples as lists)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return list(value)
    return value


def _lock_key(s: Session, name: str) -> None:
    """On PostgreSQL, a transaction-scoped advisory lock on ``name`` (SQLite writers already hold
    the database's one write lock)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(sa.func.pg_advisory_xact_lock(migrate.lock_id(name))))


def _chunks(values: list, size: int = 5000):
    """Slices of ``values`` small enough for one IN (...) list on every backend."""
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:300]


def _claim_row(c: Claim, refs: dict[str, ReferenceRow]) -> ClaimRow:
    row = ClaimRow(
        paragraph=c.paragraph, start=c.start, end=c.end, text=c.text,
        checkworthy=c.checkworthy, checkworthiness=float(c.checkworthiness),
        checkworthy_reason=c.checkworthy_reason,
        entities=[asdict(e) for e in c.slots.entities],
        dates=[asdict(d) for d in c.slots.dates],
        quantities=[asdict(q) for q in c.slots.quantities],  # with ``high`` (ranges, tallies)
        negated=c.slots.negated, quantifier=c.slots.quantifier, hedged=c.slots.hedged,
        times=[asdict(t) for t in c.slots.times],
    )
    row.citations = [_citation_row(m, refs) for m in c.citations]
    return row


def _citation_row(m: CitationMention, refs: dict[str, ReferenceRow]) -> CitationRow:
    row = CitationRow(key=m.key, text=m.text, start=m.start, end=m.end)
    ref = refs.get(m.reference_key) if m.reference_key else None
    if ref is not None:
        row.reference = ref
    return row


def _reference_keys(s: Session, document_ids) -> dict[int, str]:
    q = select(ReferenceRow.id, ReferenceRow.key)
    if document_ids is not None:
        q = q.where(ReferenceRow.document_id.in_(list(document_ids)))
    return dict(s.execute(q).all())


def claim_from_row(r: ClaimRow, reference_keys: dict[int, str]) -> Claim:
    """A domain ``Claim`` from a stored row."""
    slots = Slots(
        entities=tuple(Entity(**e) for e in r.entities or ()),
        dates=tuple(DateMention(**d) for d in r.dates or ()),
        # Quantities stored before ranges and tallies have no "high" and read as None.
        quantities=tuple(Quantity(**q) for q in r.quantities or ()),
        negated=r.negated, quantifier=r.quantifier, hedged=r.hedged,
        times=tuple(TimeMention(**t) for t in r.times or ()),
    )
    cites = tuple(CitationMention(key=c.key, text=c.text, start=c.start, end=c.end,
                                  reference_key=reference_keys.get(c.reference_id))
                  for c in r.citations)
    return Claim(text=r.text, start=r.start, end=r.end, paragraph=r.paragraph, slots=slots,
                 checkworthy=r.checkworthy, checkworthiness=r.checkworthiness,
                 checkworthy_reason=r.checkworthy_reason, citations=cites, id=r.id,
                 document_id=r.document_id)
