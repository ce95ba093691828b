"""SQLAlchemy 2.x table definitions (typed ``Mapped[...]`` models).

The schema itself is created and evolved by Alembic migrations (``store/migrations``); these
classes describe it for the ORM. Slots and reasons are JSON columns: they are read whole, never
queried piecemeal, and JSON keeps them identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back timezone-aware on every backend: SQLite keeps no
    zone and gave naive datetimes ("2026-12-06T04:50:26" in reports, beside "+00:00" ones).
    The same column type as ``DateTime(timezone=True)`` in the schema (no migration)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class SourceRow(Base):
    """A publisher or author whose documents are scored for credibility."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    location: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    published: Mapped[date | None] = mapped_column(Date)
    # how much of ``published`` is known: "day", or "month"/"year" with ``published`` their
    # first day ("October 2017" -> 2017-10-01, "month"); revision 0010
    published_precision: Mapped[str] = mapped_column(String(5), default="day",
                                                     server_default=sql_text("'day'"))
    kind: Mapped[str] = mapped_column(String(20))
    doi: Mapped[str | None] = mapped_column(String(200))
    journal: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cited_urls: Mapped[list] = mapped_column(JSON, default=list)
    pages: Mapped[list] = mapped_column(JSON, default=list)  # page start offsets (revision 0004)
    # imported from an export: its sha256 was never computed from bytes (revision 0009)
    hash_unverified: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=sql_text("false"))

    source: Mapped[SourceRow | None] = relationship()
    passages: Mapped[list[PassageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PassageRow.start"
    )
    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ClaimRow.start"
    )
    references: Mapped[list[ReferenceRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ReferenceRow.start"
    )
    citation_issues: Mapped[list[CitationIssueRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class MetadataChangeRow(Base):
    """One correction of a document's metadata (e.g. a re-ingest with ``--kind news``)."""

    __tablename__ = "metadata_changes"
    __table_args__ = (Index("ix_metadata_changes_document", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))
    old: Mapped[object | None] = mapped_column(JSON)
    new: Mapped[object | None] = mapped_column(JSON)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    via: Mapped[str] = mapped_column(Text)


class PassageRow(Base):
    """A paragraph of a document, by character offsets into ``documents.text``."""

    __tablename__ = "passages"
    __table_args__ = (Index("ix_passages_document", "document_id"),)  # revision 0011
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    document: Mapped[DocumentRow] = relationship(back_populates="passages")


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_document", "document_id"),
                      Index("ix_claims_checkworthiness", "checkworthiness"),  # revision 0006
                      Index("ix_claims_merged_into", "merged_into_id",
                            sqlite_where=sql_text("merged_into_id IS NOT NULL"),
                            postgresql_where=sql_text("merged_into_id IS NOT NULL")))
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    paragraph: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    checkworthy: Mapped[bool] = mapped_column(Boolean)
    checkworthiness: Mapped[float] = mapped_column(Float)
    checkworthy_reason: Mapped[str] = mapped_column(Text, default="")
    entities: Mapped[list] = mapped_column(JSON, default=list)
    dates: Mapped[list] = mapped_column(JSON, default=list)
    quantities: Mapped[list] = mapped_column(JSON, default=list)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    quantifier: Mapped[str | None] = mapped_column(String(10))
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    times: Mapped[list] = mapped_column(JSON, default=list)  # TimeMention dicts (revision 0003)
    label: Mapped[str | None] = mapped_column(String(40))  # latest review label (denormalised)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))

    document: Mapped[DocumentRow] = relationship(back_populates="claims")
    citations: Mapped[list[CitationRow]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="CitationRow.start"
    )


class ClaimMatchStateRow(Base):
    """What matching needs of a claim, computed when it is stored (revision 0007): its blocking
    keys and figure keys (``claimcheck.match.claim_state``) as arrays of little-endian int64
    stable hashes. ``version`` is the ``MATCH_STATE_VERSION`` they were computed with."""

    __tablename__ = "claim_match_state"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"),
                                          primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    block_keys: Mapped[bytes] = mapped_column(LargeBinary)
    figure_keys: Mapped[bytes] = mapped_column(LargeBinary)
    # as ``prepare_claims`` makes them: normalised text, sorted slot keys as a JSON list
    # (revision 0008; null for claims stored before it: computed from the claim then)
    normalised: Mapped[str | None] = mapped_column(Text)
    slot_keys: Mapped[str | None] = mapped_column(Text)
    # in the key index (``match_keys``, ``match_key_counts``; revision 0008) yet
    indexed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("false"))

    __table_args__ = (Index("ix_claim_match_state_unindexed", "claim_id",
                            sqlite_where=sql_text("NOT indexed"),
                            postgresql_where=sql_text("NOT indexed")),)


class MatchKeyRow(Base):
    """One blocking key (``claimcheck.match.stable_key_hash``) of one claim (revision 0008):
    the stored claims that share a key with a new claim are found by key, in SQL. Filled when
    matching first needs a claim (``SqlStore.match_index``), not when the claim is stored."""

    __tablename__ = "match_keys"
    __table_args__ = {"sqlite_with_rowid": False}
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    claim_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class MatchKeyCountRow(Base):
    """How many claims hold a blocking or figure key (revision 0008); merged claims included."""

    __tablename__ = "match_key_counts"
    __table_args__ = {"sqlite_with_rowid": False}
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claims: Mapped[int] = mapped_column(Integer)


class MatchIndexStateRow(Base):
    """The matching-state version the key index was built with (one row, id 1; revision 0008)."""

    __tablename__ = "match_index_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40))


class ReferenceRow(Base):
    __tablename__ = "reference_entries"
    __table_args__ = (Index("ix_reference_entries_document", "document_id"),)  # revision 0011
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)  # "Smith 2020a", "[3]", or a linked URL
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[DocumentRow] = relationship(back_populates="references")


class CitationRow(Base):
    __tablename__ = "citations"
    __table_args__ = (Index("ix_citations_claim", "claim_id"),)  # revision 0011
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    reference_id: Mapped[int | None] = mapped_column(
        ForeignKey("reference_entries.id", ondelete="SET NULL")
    )
    claim: Mapped[ClaimRow] = relationship(back_populates="citations")
    reference: Mapped[ReferenceRow | None] = relationship()


class CitationIssueRow(Base):
    __tablename__ = "citation_issues"
    __table_args__ = (Index("ix_citation_issues_document", "document_id"),)  # revision 0011
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    citation: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    document: Mapped[DocumentRow] = relationship(back_populates="citation_issues")


class SnapshotRow(Base):
    """One fetch of one URL: the pinned page version a verdict came from."""

    __tablename__ = "snapshots"
    __table_args__ = (Index("ix_snapshots_url", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    from_archive: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)


class MatchRow(Base):
    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id"),
                      Index("ix_matches_claim_b", "claim_b_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    relation: Mapped[str] = mapped_column(String(10))
    reasons: Mapped[list] = mapped_column(JSON, default=list)


class VerificationRow(Base):
    __tablename__ = "verifications"
    __table_args__ = (UniqueConstraint("claim_id", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    verdict: Mapped[str] = mapped_column(String(15))
    evidence: Mapped[dict | None] = mapped_column(JSON)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime())
    snapshot: Mapped[SnapshotRow | None] = relationship()


class ReviewRow(Base):
    """One entry of the curation trail (``claimcheck.model.Review``). Append-only: reviews are
    never updated or deleted. ``subject`` is ``claim:ID`` or ``match:A-B``; ``version`` numbers
    a subject's entries, unique together, so two writers on one view cannot both land
    (revision 0006). ``label`` is the pre-0006 single label, still filled for older readers."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_subject_version", "subject", "version", unique=True),
                      Index("ix_reviews_claim", "claim_id"),
                      Index("ix_reviews_other_claim", "other_claim_id"),
                      Index("ix_reviews_created_at", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    reviewer: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(10), default="claim")
    subject: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str | None] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20))
    decision: Mapped[str | None] = mapped_column(String(10))
    other_claim_id: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[str | None] = mapped_column(String(200))


class DerivedBase(DeclarativeBase):
    """Tables rebuilt from others (not content: ``table_counts`` leaves them out)."""


class ClaimStateRow(DerivedBase):
    """A claim's latest review state, kept with every review for the queue's filters and order
    (revision 0006; the foreign keys to claims and reviews are in the migration)."""

    __tablename__ = "claim_states"
    claim_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    review_id: Mapped[int | None] = mapped_column(Integer)


class KnownClaimRow(Base):
    """A previously fact-checked claim imported from a fact-check database."""

    __tablename__ = "known_claims"
    __table_args__ = (UniqueConstraint("collection", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collection: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(200))
    claim: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(300))
