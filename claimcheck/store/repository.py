"""``SqlStore``: the one place that reads and writes the claims database.

Takes and returns domain objects (``claimcheck.model``); SQLAlchemy stays inside this package.
Every write method runs in its own transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import gc
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
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
    date_text,
    direct_constructor,
)
from claimcheck.rows import CLAIM_VALUES, DocumentRows, document_rows, dumps, json_list
from claimcheck.store import migrate
from claimcheck.store.curation import CurationStore, legacy_label
from claimcheck.store.tables import (
    CitationIssueRow,
    CitationRow,
    ClaimMatchStateRow,
    ClaimRow,
    DocumentRow,
    KnownClaimRow,
    MatchIndexStateRow,
    MatchKeyCountRow,
    MatchKeyRow,
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
# Tables of state derived from the claims (matching state, revision 0007): dropped by a
# downgrade and computed again when next needed, so not part of what a database holds.
DERIVED_TABLES = frozenset({"claim_match_state", "match_keys", "match_key_counts",
                            "match_index_state"})


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
        engine = sa.create_engine(url, json_serializer=_dump_json)
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
    bind = s.get_bind() if isinstance(s, Session) else s
    return postgresql.insert(table) if bind.dialect.name == "postgresql" else sqlite.insert(table)


def _now() -> datetime:
    return datetime.now(UTC)


def _reasons_json(reasons: Iterable[Reason]) -> str:
    return _json_list(reasons)


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
        self._outer: sa.Connection | None = None  # the connection of an open transaction()
        if upgrade:
            try:
                self.upgrade()
            except BaseException:
                self.engine.dispose()  # a database this release cannot open keeps no connection
                raise

    # -- schema -------------------------------------------------------------------------------
    def upgrade(self) -> None:
        """Apply pending migrations (a no-op when the schema is current)."""
        try:
            current = migrate.current_revision(self.engine)
            if current is not None and current not in migrate.known_revisions():
                raise StoreError(f"database {self.engine.url.render_as_string(hide_password=True)} "
                                 f"was made by a newer claimcheck (schema {current}; this release "
                                 f"knows up to {migrate.head_revision()}): upgrade claimcheck")
            if current != migrate.head_revision():
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

    def _connect(self):
        """A connection for reads: that of an open :meth:`transaction` (which sees its own
        writes), else a new one."""
        return nullcontext(self._outer) if self._outer is not None else self.engine.connect()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything the store writes inside is one transaction: committed when the block
        ends, rolled back whole when it raises (``import`` of a whole file). Each write step
        inside is a savepoint; reads inside see the writes made so far. Not retried: a
        conflict with another writer fails the block (``StoreError``), and it writes nothing."""
        if self._outer is not None:  # already inside one
            yield
            return
        sessions, writes = self._sessions, self._write_sessions
        try:
            with self.engine.execution_options(**{WRITE: True}).connect() as conn, conn.begin():
                self._outer = conn
                self._sessions = self._write_sessions = sessionmaker(
                    bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint")
                try:
                    yield
                finally:
                    self._outer = None
                    self._sessions, self._write_sessions = sessions, writes
        except SQLAlchemyError as e:
            raise StoreError(f"database write failed: {_short(e)}; nothing was written") from e
        except StoreError as e:  # a write step inside failed: the whole block is rolled back
            raise StoreError(f"{e}; nothing was written") from e

    def _transact(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in one write transaction: committed whole or not at all, run
        again after a transient conflict with another writer (``run_with_retry``); database
        errors become ``StoreError``. Inside :meth:`transaction`, a savepoint of it."""
        def once() -> T:
            with self._write_sessions() as s, s.begin():
                return work(s)

        try:
            return once() if self._outer is not None else run_with_retry(once)
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

    def document_ids_for_sha(self, shas: Iterable[str]) -> dict[str, int]:
        """``{sha256: document id}`` of the given hashes that are stored."""
        d = DocumentRow.__table__
        found: dict[str, int] = {}
        with self._connect() as conn:
            for chunk in _chunks(sorted(set(shas))):
                found.update(conn.execute(select(d.c.sha256, d.c.id)
                                          .where(d.c.sha256.in_(chunk))).all())
        return found

    def set_hash_unverified(self, doc_ids: Iterable[int], unverified: bool = True) -> None:
        """Mark documents whose sha256 nothing computed from their bytes (``import``), or
        clear the mark once bytes with that hash gave the same text."""
        ids = sorted(set(doc_ids))
        if not ids:
            return
        d = DocumentRow.__table__

        def work(s: Session) -> None:
            for chunk in _chunks(ids):
                s.execute(sa.update(d).where(d.c.id.in_(chunk)).values(hash_unverified=unverified))

        self._transact(work)

    def unverified_documents(self, doc_ids: Iterable[int]) -> dict[int, str]:
        """``{id: stored text}`` of those documents whose sha256 is unverified (imported)."""
        d = DocumentRow.__table__
        found: dict[int, str] = {}
        with self._connect() as conn:
            for chunk in _chunks(sorted(set(doc_ids))):
                found.update(conn.execute(select(d.c.id, d.c.text).where(
                    d.c.id.in_(chunk), d.c.hash_unverified.is_(True))).all())
        return found

    def add_document(self, doc: SourceDocument, extraction: Extraction) -> tuple[int, bool]:
        """Store a document with its extraction in one transaction.

        Returns ``(document_id, created)``; the same bytes return the existing document unchanged,
        also when another process stores them at the same moment.
        """
        try:
            return self.add_documents([(doc, extraction)])[0]
        except StoreError as e:
            # Another process committed the same bytes between our check and our insert.
            if isinstance(e.__cause__, IntegrityError):
                existing = self.document_id_for_sha(doc.sha256)
                if existing is not None:
                    return existing, False
            raise

    def add_documents(self, items: Sequence[tuple[SourceDocument, Extraction | DocumentRows]], *,
                      claim_ids: dict[int, list[int]] | None = None) -> list[tuple[int, bool]]:
        """Store documents with their extractions, many in one transaction: bulk ingest pays one
        commit and a few bulk statements per batch, not per document.

        Returns ``(document_id, created)`` per item, as ``add_document`` (bytes given twice are
        stored once). A document whose rows fail to write leaves none of them: when the batch
        fails, its transaction is rolled back and the batch is written again in a new one, one
        document per savepoint, so the documents before the failing one are committed, those
        after it are not written, and the error is raised (``StoreError``). (The batch itself
        is not written in a savepoint: SQLite then copies every page it changes to a statement
        journal, which more than doubled the cost of inserting the claims.)

        An item's extraction may be given as its rows made already
        (``claimcheck.rows.document_rows``, as bulk ingest's worker processes make them).

        ``claim_ids``: filled with ``{document id: its claims' ids, in extraction order}`` for
        the documents this call created.
        """
        items = list(items)
        failed: list[SQLAlchemyError] = []
        written: dict[int, list[int]] = {}
        one_by_one = False  # set when the batch failed: written again one savepoint each

        def work(s: Session) -> list[tuple[int, bool]]:
            failed.clear()
            written.clear()  # of an attempt rolled back and retried
            shas = list({doc.sha256 for doc, _ in items})
            stored = {}
            for chunk in _chunks(shas):
                stored.update(s.execute(select(DocumentRow.sha256, DocumentRow.id)
                                        .where(DocumentRow.sha256.in_(chunk))).all())
            first: dict[str, int] = {}  # sha -> index of its first new item
            for k, (doc, _) in enumerate(items):
                if doc.sha256 not in stored:
                    first.setdefault(doc.sha256, k)
            new = sorted(first.values())
            ids: dict[int, int] = {}
            if new and one_by_one:
                ids = self._write_one_by_one(s, items, new, failed, written)
            elif new:  # the transaction is the batch's own: nothing written before it
                try:
                    ids.update(zip(new, _write_documents(s, [items[k] for k in new], written)))
                except SQLAlchemyError as e:
                    if is_transient(e) or len(items) == 1:  # one document: its own transaction
                        raise
                    raise _BatchFailed from e  # rolls the transaction back
            out = []
            for k, (doc, _) in enumerate(items):
                if doc.sha256 in stored:
                    out.append((stored[doc.sha256], False))
                elif first[doc.sha256] in ids:
                    out.append((ids[first[doc.sha256]], k == first[doc.sha256]))
                else:
                    break  # at or after the document that failed
            return out

        try:
            done = self._transact(work) if items else []
        except _BatchFailed:
            one_by_one = True
            done = self._transact(work)
        if claim_ids is not None:
            claim_ids.update((doc_id, written[doc_id]) for doc_id, created in done
                             if created and doc_id in written)
        if failed:
            raise StoreError(f"database write failed: {_short(failed[0])}") from failed[0]
        return done

    @staticmethod
    def _write_one_by_one(s: Session, items, new: list[int], failed: list[SQLAlchemyError],
                          written: dict[int, list[int]]) -> dict[int, int]:
        """Write the new items one savepoint each, up to the first that fails (in ``failed``);
        a document another process stored meanwhile (same bytes) is taken as stored."""
        ids: dict[int, int] = {}
        for k in new:
            doc, extraction = items[k]
            try:
                with s.begin_nested():
                    ids[k] = _write_documents(s, [(doc, extraction)], written)[0]
            except SQLAlchemyError as e:
                if is_transient(e):
                    raise
                existing = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256))
                if existing is None or not isinstance(e, IntegrityError):
                    failed.append(e)
                    break
                ids[k] = existing
        return ids

    # Metadata a re-ingest may correct: documents' columns, plus "source" (a name, stored as a
    # link) and "cited_urls" (the pages a document cites as a whole, its metadata "references").
    # "published_precision" goes with "published" ("October 2017": its 1st day and "month").
    METADATA_FIELDS = ("title", "authors", "published", "published_precision", "kind", "source",
                       "journal", "doi", "cited_urls")

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
            # a publication date is recorded and reported to its precision ("2017-10")
            precision = (row.published_precision, values.get("published_precision", row.published_precision))
            for field, new in values.items():
                old = (row.source.name if row.source else None) if field == "source" \
                    else getattr(row, field)
                if _json_value(old) == _json_value(new):
                    continue
                if field == "source":
                    row.source_id = _source_id(s, new, values.get("kind", row.kind))
                else:
                    setattr(row, field, list(new) if isinstance(new, tuple) else new)
                if field == "published":
                    old, new = date_text(old, precision[0]), date_text(new, precision[1])
                changes[field] = (old, new)
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
        database at an older schema revision does not have yet holds no rows: 0. State derived
        from the content (``DERIVED_TABLES``, computed again when missing) is not content."""
        from claimcheck.store.tables import Base

        present = set(sa.inspect(self.engine).get_table_names())
        with self.session() as s:
            return {t.name: s.scalar(select(sa.func.count()).select_from(t))
                    if t.name in present else 0 for t in Base.metadata.sorted_tables
                    if t.name not in DERIVED_TABLES}

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
               checkworthy: bool | None = None, include_merged: bool = False,
               ids: Iterable[int] | None = None) -> list[Claim]:
        """Claims as domain objects with ``id`` and ``document_id`` set, in document order: of
        the given documents (all when None), or only the claims ``ids``.

        Core selects (claims, then their citations) straight into domain objects: no ORM rows.
        """
        c = ClaimRow.__table__
        where = []
        if document_ids is not None:
            where.append(c.c.document_id.in_(list(document_ids)))
        if checkworthy is not None:
            where.append(c.c.checkworthy == checkworthy)
        if not include_merged:
            where.append(c.c.merged_into_id.is_(None))
        with self._connect() as conn:
            if ids is None:
                return _read_claims(conn, where, document_ids)
            found: list[Claim] = []
            for chunk in _chunks(sorted(set(ids))):
                found += _read_claims(conn, [*where, c.c.id.in_(chunk)], None)
            found.sort(key=lambda claim: (claim.document_id, claim.start, claim.id))
            return found

    def count_claims(self) -> int:
        """How many claims are stored (merged ones not counted)."""
        c = ClaimRow.__table__
        with self._connect() as conn:
            return conn.scalar(select(sa.func.count()).select_from(c)
                               .where(c.c.merged_into_id.is_(None)))

    def match_state(self, exclude: Iterable[int] = ()):
        """The stored matching state (``claimcheck.match.StoredState``) of every unmerged claim
        but the claims ``exclude``: arrays read from ``claim_match_state``, not claims.

        Claims stored without it (before revision 0007) or with another ``MATCH_STATE_VERSION``
        get it computed now and stored, once."""
        import numpy as np

        from claimcheck.match import StoredState, match_state_version

        version = match_state_version()
        st, c = ClaimMatchStateRow.__table__, ClaimRow.__table__
        with self._connect() as conn:
            skip = set(exclude) | set(conn.scalars(select(c.c.id)
                                                   .where(c.c.merged_into_id.is_not(None))))
            rows = [r for r in conn.execute(select(st.c.claim_id, st.c.version, st.c.block_keys,
                                                   st.c.figure_keys))
                    if r[0] not in skip]
            total = conn.scalar(select(sa.func.count()).select_from(c))
        stale = [r[0] for r in rows if r[1] != version]
        if stale or len(rows) < total - len(skip):
            missing = self._missing_state(skip | {r[0] for r in rows if r[1] == version})
            rows = [r for r in rows if r[1] == version] + self._store_state(missing, version)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

        def arrays(column: int) -> tuple[np.ndarray, np.ndarray]:
            """(owner, key) arrays of one column of 8-byte keys, joined in one buffer."""
            parts = [r[column] for r in rows]
            sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 8
            return np.repeat(ids, sizes), np.frombuffer(b"".join(parts), dtype=np.int64)

        return StoredState(*arrays(2), *arrays(3))

    def _missing_state(self, known: set[int]) -> list[int]:
        """Unmerged claims not in ``known`` (their state is missing or stale)."""
        c = ClaimRow.__table__
        with self._connect() as conn:
            return [i for i in conn.scalars(select(c.c.id).where(c.c.merged_into_id.is_(None)))
                    if i not in known]

    def _store_state(self, claim_ids: list[int], version: str, *,
                     include_merged: bool = False) -> list[tuple]:
        """Compute and store the matching state of ``claim_ids``; their rows as read."""
        if not claim_ids:
            return []
        rows = _match_state_rows((c.id, c) for c in self.claims(ids=claim_ids,
                                                                include_merged=include_merged))
        table = ClaimMatchStateRow.__table__

        def work(s: Session) -> None:
            stmt = _insert(s, table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.claim_id],
                set_={k: stmt.excluded[k] for k in ("version", "block_keys", "figure_keys",
                                                    "indexed", "normalised", "slot_keys")})
            for chunk in _chunks(rows):
                s.execute(stmt, chunk)

        self._transact(work)
        return [(r["claim_id"], version, r["block_keys"], r["figure_keys"]) for r in rows]

    def match_index(self, new_ids: Iterable[int] | None = None) -> _KeyIndex:
        """The stored claims' blocking keys, indexed by key (revision 0008), for
        ``claimcheck.match.store_candidates``: adding a document looks up the keys of its claims
        and of the claims sharing them, not every claim's state.

        Claims are indexed here, not when they are stored (ingest pays nothing for it): the
        claims stored since the last call (``claim_match_state.indexed`` false, found through a
        partial index) are added to the key tables first. A database of another
        ``MATCH_STATE_VERSION`` or lexicon (or none: before 0008) is indexed anew, once.

        ``new_ids``: the claims being matched; when they are every stored claim (the first
        documents of a store), the index is not needed now and catching up waits for the next
        call (``KeyIndex.only``)."""
        from claimcheck.match import match_state_version

        version = match_state_version()
        ist = MatchIndexStateRow.__table__
        with self._connect() as conn:
            current = conn.scalar(select(ist.c.version).where(ist.c.id == 1))
        if current != version:
            self._reset_match_index(version)
        import numpy as np

        index = _KeyIndex(self)
        if new_ids is None or not index.only(np.unique(np.fromiter(new_ids, dtype=np.int64))):
            self._index_unindexed(version)
        return index

    def _reset_match_index(self, version: str) -> None:
        """Give every claim (merged ones too) its current matching state, empty the key tables
        and mark every claim unindexed: ``_index_unindexed`` then indexes them all."""
        st, c = ClaimMatchStateRow.__table__, ClaimRow.__table__
        with self._connect() as conn:
            current = {i for i, v in conn.execute(select(st.c.claim_id, st.c.version))
                       if v == version}
            missing = [i for i in conn.scalars(select(c.c.id)) if i not in current]
        self._store_state(missing, version, include_merged=True)
        ist = MatchIndexStateRow.__table__

        def work(s: Session) -> None:
            _lock_key(s, "match_index")
            conn = s.connection()
            if conn.scalar(select(ist.c.version).where(ist.c.id == 1)) == version:
                return  # another process did it meanwhile
            conn.execute(sa.delete(MatchKeyRow.__table__))
            conn.execute(sa.delete(MatchKeyCountRow.__table__))
            conn.execute(sa.update(st).where(st.c.indexed).values(indexed=False))
            stmt = _insert(s, ist)
            conn.execute(stmt.on_conflict_do_update(index_elements=[ist.c.id],
                                                    set_={"version": stmt.excluded.version}),
                         {"id": 1, "version": version})

        self._transact(work)

    def _index_unindexed(self, version: str) -> None:
        """Add the claims not indexed yet to the key tables (one transaction; on PostgreSQL
        under a lock, so two processes never index a claim twice)."""
        st = ClaimMatchStateRow.__table__
        unindexed = select(st.c.claim_id, st.c.version).where(_UNINDEXED)
        with self._connect() as conn:
            rows = conn.execute(unindexed).all()
        if not rows:
            return
        stale = [i for i, v in rows if v != version]  # stored by another claimcheck
        if stale:
            self._store_state(stale, version, include_merged=True)

        def work(s: Session) -> int:
            _lock_key(s, "match_index")
            conn = s.connection()
            found = conn.execute(select(st.c.claim_id, st.c.block_keys, st.c.figure_keys)
                                 .where(_UNINDEXED, st.c.version == version)).all()
            _index_keys(conn, [(i, _int64s(b), _int64s(f)) for i, b, f in found])
            for chunk in _chunks([i for i, _, _ in found]):
                conn.execute(sa.update(st).where(st.c.claim_id.in_(chunk)).values(indexed=True))
            return len(found)

        indexed = self._transact(work)
        log.info("matching key index: %d claims added", indexed)

    def claim_ids(self, document_ids: Sequence[int]) -> set[int]:
        """The ids of every claim of these documents (merged ones too)."""
        c = ClaimRow.__table__
        with self._connect() as conn:
            return set(conn.scalars(select(c.c.id).where(c.c.document_id.in_(list(document_ids)))))

    def merged_claim_ids(self, document_ids: Sequence[int]) -> set[int]:
        """The claims of these documents merged into another (``merge_claims``)."""
        c = ClaimRow.__table__
        with self._connect() as conn:
            return set(conn.scalars(select(c.c.id).where(c.c.document_id.in_(list(document_ids)),
                                                         c.c.merged_into_id.is_not(None))))

    def claim(self, claim_id: int) -> Claim | None:
        found = self.claims(ids=[claim_id], include_merged=True)
        return found[0] if found else None

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
                                                       VerificationResult]], *,
                           verified_at: dict[tuple[int, str], datetime] | None = None) -> int:
        """Upsert (claim id, url, snapshot id, result) rows in one transaction, verified now or
        at ``verified_at[(claim id, url)]`` (an import keeps the time it was verified)."""
        items = list(items)
        if not items:
            return 0
        table = VerificationRow.__table__
        rows = {}
        now = _now()
        for cid, url, snap_id, res in items:
            rows[(cid, url)] = {
                "claim_id": cid, "url": url, "snapshot_id": snap_id, "verdict": res.verdict,
                "score": float(res.score),
                "evidence": _Json(json.dumps(res.evidence.__dict__)) if res.evidence else None,
                "reasons": _reasons_json(res.reasons),
                "verified_at": (verified_at or {}).get((cid, url)) or now}
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


class _BatchFailed(Exception):
    """A batch of documents failed to write: its transaction is rolled back and the batch
    written again one document per savepoint (``SqlStore.add_documents``)."""


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


class _Json(str):
    """JSON text serialised once, on the write path: the engine's serializer (``_dump_json``)
    passes it through instead of encoding it again."""

    __slots__ = ()


def _dump_json(value) -> str:
    """The engine's JSON serializer: ``json.dumps``, except for text already serialised."""
    return value if type(value) is _Json else json.dumps(value)


_EMPTY_LIST = _Json("[]")


def _json_list(items) -> _Json:
    """Leaf dataclasses (slots, reasons) as the JSON list ``[asdict(x) for x in items]`` makes,
    from ``field_dict`` (fields in order, values plain): no recursive copy per object."""
    return _Json(json_list(items)) if items else _EMPTY_LIST


_COLLECTOR_LOCK = threading.Lock()
_collector_pauses = [0, False]  # writers inside ``_collector_paused``; whether it was enabled


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold CPython's cyclic garbage collector off while a batch's rows are made and written.

    A batch keeps every row it makes until its ``executemany`` (four to five tuples a claim,
    75,000 for 500 documents): every 700 of them trigger a young collection that frees
    nothing, and as they pile up a full pass over the whole heap that frees nothing either
    (measured on 500 documents' 15,028 claims: 0.02 s of young passes in every batch, and a
    full pass of 0.13-0.16 s in two batches of three). The rows are plain values without
    cycles, freed by reference counting when the batch ends, so nothing is left for the
    collector to find afterwards. Writers on several threads share one pause: the last one
    out enables the collector again, if it was enabled when the first came in."""
    with _COLLECTOR_LOCK:
        if _collector_pauses[0] == 0:
            _collector_pauses[1] = gc.isenabled()
            gc.disable()
        _collector_pauses[0] += 1
    try:
        yield
    finally:
        with _COLLECTOR_LOCK:
            _collector_pauses[0] -= 1
            if _collector_pauses[0] == 0 and _collector_pauses[1]:
                gc.enable()


def _write_documents(s: Session, items: Sequence[tuple[SourceDocument, Extraction | DocumentRows]],
                     written: dict[int, list[int]] | None = None) -> list[int]:
    """Insert documents (distinct, not stored yet) and everything extracted from them
    (``claimcheck.rows.document_rows``) with bulk statements, one ``executemany`` per table for all of them
    (ids taken before, ``_new_ids``), the garbage collector paused (``_collector_paused``).
    Returns the documents' ids in the order given."""
    with _collector_paused():
        return _write_rows(s, items, written)


def _write_rows(s: Session, items: Sequence[tuple[SourceDocument, Extraction | DocumentRows]],
                written: dict[int, list[int]] | None) -> list[int]:
    from claimcheck.match import match_state_version

    sources = {doc.source: _source_id(s, doc.source, doc.kind) for doc, _ in items}
    now = _now()
    s = s.connection()  # Core statements: no ORM execution layer
    doc_ids = _insert_returning_ids(s, DocumentRow.__table__, [{
        "sha256": doc.sha256, "location": doc.location, "media_type": doc.media_type,
        "title": doc.title, "authors": list(doc.authors), "published": doc.published,
        "published_precision": doc.published_precision, "kind": doc.kind, "doi": doc.doi, "journal": doc.journal, "text": doc.text,
        "ingested_at": now, "source_id": sources[doc.source],
        "cited_urls": list(doc.cited_urls), "pages": list(doc.pages)} for doc, _ in items])
    prepared = [document_rows(extraction) for _, extraction in items]
    passages = [(doc_id, i, a, b) for doc_id, (doc, _) in zip(doc_ids, items)
                for i, (a, b) in enumerate(doc.paragraphs, 1)]
    _insert_tuples(s, PassageRow.__table__, ("document_id", "number", "start", "end"), passages)
    refs = [(doc_id, r) for doc_id, rows in zip(doc_ids, prepared) for r in rows.references]
    new_refs = _new_ids(s, ReferenceRow.__table__, len(refs)) if refs else []
    _insert_tuples(s, ReferenceRow.__table__, ("id", "document_id", *_REFERENCE_VALUES), [
        (ref_id, doc_id, r["key"], r["text"], r["start"], r["end"],
         dumps(r["authors"]),  # the one JSON column, serialised as the engine would
         r["year"], r["title"], r["venue"], r["date_text"], r["url"], r["doi"])
        for ref_id, (doc_id, r) in zip(new_refs, refs)])
    ref_ids = {(doc_id, r["key"]): ref_id for ref_id, (doc_id, r) in zip(new_refs, refs)}
    n_claims = sum(len(rows.claims) for rows in prepared)
    claim_ids = _new_ids(s, ClaimRow.__table__, n_claims) if n_claims else []
    claims, citations, states, issues = [], [], [], []
    mine: dict[int, list[int]] = {}
    version = match_state_version() if n_claims else None
    at = 0
    for doc_id, rows in zip(doc_ids, prepared):
        ids = claim_ids[at:at + len(rows.claims)]
        at += len(rows.claims)
        mine[doc_id] = ids
        claims += [(claim_id, doc_id, *values) for claim_id, values in zip(ids, rows.claims)]
        citations += [(ids[k], key, text, start, end,
                       ref_ids.get((doc_id, ref_key)) if ref_key else None)
                      for k, key, text, start, end, ref_key in rows.citations]
        states += [(claim_id, version, *state[:2], False, *state[2:])
                   for claim_id, state in zip(ids, rows.states) if state is not None]
        issues += [(doc_id, *issue) for issue in rows.issues]
    _insert_tuples(s, ClaimRow.__table__, ("id", "document_id", *CLAIM_VALUES), claims)
    _insert_tuples(s, CitationRow.__table__,
                   ("claim_id", "key", "text", "start", "end", "reference_id"), citations)
    _insert_tuples(s, ClaimMatchStateRow.__table__, _STATE_COLUMNS, states)
    if issues:
        s.execute(sa.insert(CitationIssueRow.__table__),
                  [dict(zip(("document_id", "kind", "citation", "detail", "suggestion"), issue))
                   for issue in issues])
    if written is not None:  # every row written: these documents' claims, by document
        written.update(mine)
    return doc_ids


def _match_state_rows(claims: Iterable[tuple[int, Claim]]) -> list[dict]:
    """``claim_match_state`` rows of (id, claim) pairs: what matching needs of each claim."""
    return _state_rows(_match_states(claims))


def _match_states(claims: Iterable[tuple[int, Claim]]) -> list[tuple]:
    """(id, block key hashes, figure key hashes, normalised text, slot keys) of (id, claim)
    pairs (``claimcheck.match.prepared_state``)."""
    from claimcheck.match import prepared_state

    return [(claim_id, *prepared_state(claim)) for claim_id, claim in claims]


def _state_rows(states: list[tuple]) -> list[dict]:
    from claimcheck.match import match_state_version

    version = match_state_version()
    return [{"claim_id": claim_id, "version": version, "block_keys": block.tobytes(),
             "figure_keys": figures.tobytes(), "indexed": False, "normalised": normalised,
             "slot_keys": json.dumps(keys)}
            for claim_id, block, figures, normalised, keys in states]


# ``reference_entries`` columns of ``DocumentRows.references``' values, in order
_REFERENCE_VALUES = ("key", "text", "start", "end", "authors", "year", "title", "venue",
                     "date_text", "url", "doi")
_STATE_COLUMNS = ("claim_id", "version", "block_keys", "figure_keys", "indexed", "normalised",
                  "slot_keys")


def _insert_state_rows(s: sa.Connection, rows: list[dict]) -> None:
    """Insert ``claim_match_state`` rows with the driver's ``executemany`` of plain tuples:
    SQLAlchemy's per-value processing (two binary columns a claim) cost more than the insert."""
    mark = "%s" if s.dialect.name == "postgresql" else "?"
    sql = (f"INSERT INTO claim_match_state ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in _STATE_COLUMNS)})"
           f" VALUES ({', '.join([mark] * len(_STATE_COLUMNS))})")
    for chunk in _chunks(rows, 50_000):
        s.exec_driver_sql(sql, [tuple(row[c] for c in _STATE_COLUMNS) for row in chunk])


def _int64s(blob: bytes):
    import numpy as np

    return np.frombuffer(blob, dtype=np.int64)


def _index_keys(s: sa.Connection, states: list[tuple]) -> None:
    """Insert (key, claim) rows of the blocking keys of ``states`` and add each claim to the
    counts of its blocking and figure keys (an upsert: concurrent writers add up; keys in
    order, so PostgreSQL writers lock them in one order)."""
    import numpy as np

    if not states:
        return
    blocks = [b for _, b, _ in states]
    owners = np.repeat(np.fromiter((i for i, _, _ in states), dtype=np.int64, count=len(states)),
                       [len(b) for b in blocks])
    block = np.concatenate(blocks)
    keys, counts = np.unique(np.concatenate([block, *(f for _, _, f in states)]),
                             return_counts=True)
    mark = "%s" if s.dialect.name == "postgresql" else "?"
    order = np.lexsort((owners, block))  # in index order: each insert lands beside the last
    rows = list(zip(block[order].tolist(), owners[order].tolist()))
    for chunk in _chunks(rows, 50_000):
        s.exec_driver_sql(f"INSERT INTO match_keys (key, claim_id) VALUES ({mark}, {mark})", chunk)
    rows = list(zip(keys.tolist(), counts.tolist()))
    for chunk in _chunks(rows, 50_000):
        s.exec_driver_sql(
            f"INSERT INTO match_key_counts (key, claims) VALUES ({mark}, {mark}) ON CONFLICT (key)"
            " DO UPDATE SET claims = match_key_counts.claims + excluded.claims", chunk)


# written as the partial index ``ix_claim_match_state_unindexed`` is, so both databases use it
# (SQLAlchemy's ``NOT indexed`` is ``indexed = 0`` on SQLite, which its planner does not match)
_UNINDEXED = sa.text('NOT claim_match_state."indexed"')


class _KeyIndex:
    """``claimcheck.match.KeyIndex`` over a store's key tables: each answer a few SQL lookups
    by key or by claim id. Merged claims (few; found through their partial index) are left out:
    their keys are subtracted from the counts."""

    CHUNK = 5000

    def __init__(self, store: SqlStore):
        import numpy as np

        self.store = store
        c = ClaimRow.__table__
        with store._connect() as conn:
            merged = np.array(sorted(conn.scalars(select(c.c.id).where(c.c.merged_into_id.is_not(None)))),
                              dtype=np.int64)
        self.merged = merged
        owner_b, block, owner_f, figures = self._states(merged) if len(merged) else (
            *(np.empty(0, np.int64),) * 4,)
        self.merged_keys, self.merged_counts = np.unique(np.concatenate([block, figures]),
                                                         return_counts=True)

    def _select(self, sql: str, values: list) -> list:
        """Rows of ``sql`` (one ``{}`` for the list of values), chunk by chunk."""
        out: list = []
        with self.store._connect() as conn:
            pg = conn.dialect.name == "postgresql"
            cursor = conn.connection.dbapi_connection.cursor()  # plain tuples, no result rows
            try:
                for chunk in _chunks(values, self.CHUNK):
                    if pg:
                        cursor.execute(sql.format("= ANY(%s::bigint[])"), (chunk,))
                    else:
                        cursor.execute(sql.format(f"IN ({','.join('?' * len(chunk))})"), chunk)
                    out += cursor.fetchall()
            finally:
                cursor.close()
        return out

    def _states(self, ids):
        import numpy as np

        rows = self._select("SELECT claim_id, block_keys, figure_keys FROM claim_match_state "
                            "WHERE claim_id {}", ids.tolist())
        owners = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

        def arrays(column: int):
            parts = [bytes(r[column]) for r in rows]
            sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 8
            return np.repeat(owners, sizes), np.frombuffer(b"".join(parts), dtype=np.int64)

        return (*arrays(1), *arrays(2))

    def _unmerged(self, ids):
        from claimcheck.match import _lookup

        return ids[~_lookup(self.merged, ids)[0]] if len(self.merged) else ids

    def states(self, claim_ids):
        return self._states(self._unmerged(claim_ids))

    def counts(self, keys):
        import numpy as np

        from claimcheck.match import _lookup

        out = np.zeros(len(keys), dtype=np.int64)
        if not len(keys):
            return out
        rows = self._select("SELECT key, claims FROM match_key_counts WHERE key {}", keys.tolist())
        if rows:
            found = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            out[_lookup(keys, found)[1]] = np.fromiter((r[1] for r in rows), dtype=np.int64,
                                                       count=len(rows))
        hit, pos = _lookup(keys, self.merged_keys)
        out[pos[hit]] -= self.merged_counts[hit]
        return out

    def prepared(self, claim_ids) -> dict:
        import sys

        rows = self._select("SELECT claim_id, normalised, slot_keys FROM claim_match_state "
                            "WHERE normalised IS NOT NULL AND claim_id {}", claim_ids.tolist())
        return {i: (normalised, tuple(map(sys.intern, json.loads(keys))))
                for i, normalised, keys in rows}

    def only(self, claim_ids) -> bool:
        c = ClaimRow.__table__
        with self.store._connect() as conn:
            low, high = conn.execute(select(sa.func.min(c.c.id), sa.func.max(c.c.id))).one()
        return (bool(len(claim_ids)) and low == claim_ids[0] and high == claim_ids[-1]
                and len(claim_ids) == high - low + 1)

    def documents(self, claim_ids) -> dict[int, int]:
        return dict(self._select("SELECT id, document_id FROM claims WHERE id {}",
                                 claim_ids.tolist()))

    def holders(self, keys):
        import numpy as np

        if not len(keys):
            return np.empty(0, np.int64)
        rows = self._select("SELECT claim_id FROM match_keys WHERE key {}", keys.tolist())
        ids = np.unique(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
        return self._unmerged(ids)


def _insert_returning_ids(s: sa.Connection, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` with one ``executemany`` and return their ids in the order given.

    The ids are taken before the insert (``_new_ids``) and written with the rows: ``RETURNING``
    in parameter order falls back to one statement per row on SQLite."""
    if not rows:
        return []
    ids = _new_ids(s, table, len(rows))
    for row, new_id in zip(rows, ids):
        row["id"] = new_id
    s.execute(sa.insert(table), rows)
    return ids


def _insert_tuples(s: sa.Connection, table: sa.Table, columns: Sequence[str],
                   values: list[tuple]) -> None:
    """Insert rows given as tuples of plain values (numbers, text, bytes, booleans, None, JSON
    as text) in ``columns``' order with the driver's ``executemany``."""
    if not values:
        return
    mark = "%s" if s.dialect.name == "postgresql" else "?"
    sql = (f"INSERT INTO {table.name} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)})"
           f" VALUES ({', '.join([mark] * len(columns))})")
    for chunk in _chunks(values, 50_000):
        s.exec_driver_sql(sql, chunk)


def _new_ids(s: sa.Connection, table: sa.Table, n: int) -> list[int]:
    """``n`` unused primary keys of ``table``. PostgreSQL: from the column's sequence. SQLite:
    after the largest, as SQLite itself picks them; safe because a writer holds the database's
    write lock for its whole transaction (``BEGIN IMMEDIATE``)."""
    if s.dialect.name == "postgresql":
        seq = sa.func.pg_get_serial_sequence(table.name, "id")
        return sorted(s.scalars(select(sa.func.nextval(seq))
                                .select_from(sa.func.generate_series(1, n))))
    last = s.scalar(select(sa.func.max(table.c.id))) or 0
    return list(range(last + 1, last + 1 + n))


_CLAIM_COLUMNS = ("id", "document_id", "paragraph", "start", "end", "text", "checkworthy",
                  "checkworthiness", "checkworthy_reason", "entities", "dates", "quantities",
                  "negated", "quantifier", "hedged", "times")


def _read_claims(conn: sa.Connection, where: list, document_ids) -> list[Claim]:
    """The claims matching ``where`` with their citations, in (document, start, id) order."""
    c, cit = ClaimRow.__table__, CitationRow.__table__
    # slot columns come as stored text (no per-value JSON processing), parsed per claim at once
    rows = conn.execute(select(*(sa.type_coerce(c.c[name], sa.Text) if name in _SLOT_COLUMNS
                                 else c.c[name] for name in _CLAIM_COLUMNS)).where(*where)
                        .order_by(c.c.document_id, c.c.start, c.c.id)).all()
    if not rows:
        return []
    citations: dict[int, list] = {}
    reference_ids = set()
    q = (select(cit.c.claim_id, cit.c.key, cit.c.text, cit.c.start, cit.c.end, cit.c.reference_id)
         .where(cit.c.claim_id.in_(select(c.c.id).where(*where)))
         .order_by(cit.c.claim_id, cit.c.start, cit.c.id))
    for claim_id, *rest in conn.execute(q):
        citations.setdefault(claim_id, []).append(rest)
        reference_ids.add(rest[-1])
    keys = {}
    if reference_ids - {None}:
        ref = ReferenceRow.__table__
        wanted = sorted(reference_ids - {None})
        for chunk in _chunks(wanted):
            keys.update(conn.execute(select(ref.c.id, ref.c.key).where(ref.c.id.in_(chunk))).all())
    return [_claim(row, citations.get(row[0], ()), keys) for row in rows]


_SLOT_COLUMNS = frozenset({"entities", "dates", "quantities", "times"})
_NO_SLOTS = ([], [], [], [])


def _slot_lists(entities, dates, quantities, times) -> tuple:
    """The four slot columns as lists: one ``json.loads`` for all four (SQLite gives the
    stored text; a driver that parses JSON itself, psycopg, gives lists already)."""
    values = (entities, dates, quantities, times)
    if all(type(v) is str for v in values):
        if entities == dates == quantities == times == "[]":
            return _NO_SLOTS
        return json.loads(f"[{entities},{dates},{quantities},{times}]")
    return [json.loads(v) if type(v) is str else v for v in values]


# the domain objects a claim is read into, made without the frozen ``__init__``'s per-field cost
_make_claim = direct_constructor(Claim)
_make_slots = direct_constructor(Slots)
_MENTIONS = tuple((cls, direct_constructor(cls)) for cls in (Entity, DateMention, Quantity,
                                                               TimeMention))


def _mentions(kind: int, items) -> tuple:
    """The stored mentions ``items`` (dicts of one slot column) as objects of ``_MENTIONS[kind]``'s
    class; each the object ``cls(**item)`` makes."""
    if not items:
        return ()
    cls, make = _MENTIONS[kind]
    try:
        return tuple([make(**item) for item in items])
    except TypeError:  # stored before one of its fields existed (quantities without "high"):
        return tuple([cls(**item) for item in items])  # the class's defaults fill it in


def _claim(row, citations, reference_keys: dict[int, str]) -> Claim:
    """A domain ``Claim`` from a row of ``_CLAIM_COLUMNS`` and its citation rows."""
    (claim_id, document_id, paragraph, start, end, text, checkworthy, checkworthiness, reason,
     entities, dates, quantities, negated, quantifier, hedged, times) = row
    entities, dates, quantities, times = _slot_lists(entities, dates, quantities, times)
    slots = _make_slots(_mentions(0, entities), _mentions(1, dates), _mentions(2, quantities),
                        negated, quantifier, hedged, _mentions(3, times))
    cites = tuple(CitationMention(key=key, text=ctext, start=cstart, end=cend,
                                  reference_key=reference_keys.get(ref_id))
                  for key, ctext, cstart, cend, ref_id in citations)
    return _make_claim(text, start, end, paragraph, slots, checkworthy, checkworthiness, reason,
                       cites, claim_id, document_id)
