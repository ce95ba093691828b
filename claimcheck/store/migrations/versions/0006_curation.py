"""Curation: reviews get a kind (claim, match, merge, unmerge), a status and a human verdict, a
match decision, an organisation, and a version per subject (one claim, or one pair of claims)
that makes a write on a stale view fail (UNIQUE (subject, version)); ``claim_states`` keeps each
claim's latest state for the review queue; a full-text index of stemmed claim text
(``claim_fts``: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL); an index on
``matches.claim_b_id`` so the queue finds a claim's conflicts from either side, one on
``claims.checkworthiness``, the queue's order, and a partial one on merged claims (clusters).

Existing reviews are carried forward: their one ``label`` becomes a status and a verdict
(``not_checkworthy`` -> verdict ``not_a_claim``, ``needs_review`` -> status
``needs_second_look``, ``merged`` -> a merge entry into the claim it was merged into), numbered
per claim in the order they were made. ``claim_states`` is filled from them. A trigger queues
every new claim in ``claim_fts_pending`` (existing ones are queued by this migration); the next
search indexes them (``claimcheck.store.curation``), so ingestion code is unchanged.

New columns are plain ``ALTER TABLE ... ADD COLUMN`` (``recreate="never"``): rebuilding
``reviews`` or ``claims`` on SQLite would cascade deletes (see 0003).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LEGACY = {  # label -> (kind, status, verdict)
    "accurate": ("claim", "done", "accurate"), "inaccurate": ("claim", "done", "inaccurate"),
    "misleading": ("claim", "done", "misleading"),
    "unverifiable": ("claim", "done", "unverifiable"),
    "not_checkworthy": ("claim", "done", "not_a_claim"),
    "needs_review": ("claim", "needs_second_look", None), "merged": ("merge", None, None),
}


def upgrade() -> None:
    with op.batch_alter_table("reviews", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), nullable=False,
                                      server_default="claim"))
        batch_op.add_column(sa.Column("subject", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("verdict", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("other_claim_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("organisation", sa.String(length=200), nullable=True))
    conn = op.get_bind()
    for label, (kind, status, verdict) in _LEGACY.items():
        conn.execute(sa.text("UPDATE reviews SET kind = :kind, status = :status, "
                             "verdict = :verdict WHERE label = :label"),
                     {"kind": kind, "status": status, "verdict": verdict, "label": label})
    conn.execute(sa.text(
        "UPDATE reviews SET other_claim_id = (SELECT c.merged_into_id FROM claims c "
        "WHERE c.id = reviews.claim_id) WHERE kind = 'merge'"))
    conn.execute(sa.text("UPDATE reviews SET subject = 'claim:' || claim_id"))
    conn.execute(sa.text(
        "UPDATE reviews SET version = (SELECT count(*) FROM reviews r WHERE "
        "r.claim_id = reviews.claim_id AND r.id <= reviews.id)"))
    op.create_index("ix_reviews_subject_version", "reviews", ["subject", "version"], unique=True)
    op.create_index("ix_reviews_claim", "reviews", ["claim_id"])
    op.create_index("ix_reviews_other_claim", "reviews", ["other_claim_id"])
    op.create_index("ix_reviews_created_at", "reviews", ["created_at"])
    op.create_index("ix_matches_claim_b", "matches", ["claim_b_id"])
    op.create_index("ix_claims_checkworthiness", "claims", ["checkworthiness"])
    if conn.dialect.name == "postgresql":
        # Ranking a search's hits joins them to claims; this narrow index (an index-only
        # scan) halves that on a million claims (bench/README.md). SQLite joins by rowid.
        op.create_index("ix_claims_rank", "claims", ["id"],
                        postgresql_include=["checkworthiness", "merged_into_id"])
    op.create_index("ix_claims_merged_into", "claims", ["merged_into_id"],
                    sqlite_where=sa.text("merged_into_id IS NOT NULL"),
                    postgresql_where=sa.text("merged_into_id IS NOT NULL"))

    op.create_table(
        "claim_states",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index("ix_claim_states_status", "claim_states", ["status"])
    op.create_index("ix_claim_states_verdict", "claim_states", ["verdict"])
    # The latest review of each reviewed claim (a merge entry keeps the status it followed).
    conn.execute(sa.text(
        "INSERT INTO claim_states (claim_id, status, verdict, version, review_id) "
        "SELECT r.claim_id, COALESCE((SELECT x.status FROM reviews x WHERE x.claim_id = r.claim_id"
        " AND x.kind = 'claim' ORDER BY x.id DESC LIMIT 1), 'unstarted'),"
        " (SELECT x.verdict FROM reviews x WHERE x.claim_id = r.claim_id AND x.kind = 'claim'"
        " ORDER BY x.id DESC LIMIT 1), max(r.version), max(r.id) "
        "FROM reviews r GROUP BY r.claim_id"))
    conn.execute(sa.text(
        "UPDATE claims SET label = (SELECT s.verdict FROM claim_states s "
        "WHERE s.claim_id = claims.id) WHERE label IS NOT NULL"))

    # Claims waiting for the full-text index: a trigger queues every new claim (whoever
    # writes it), the first search after indexes them. Existing claims are queued now.
    op.create_table("claim_fts_pending", sa.Column("claim_id", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("claim_id"))
    conn.execute(sa.text("INSERT INTO claim_fts_pending (claim_id) SELECT id FROM claims"))
    if conn.dialect.name == "postgresql":
        op.execute("CREATE FUNCTION claim_fts_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN INSERT INTO claim_fts_pending (claim_id) VALUES (NEW.id) "
                   "ON CONFLICT DO NOTHING; RETURN NEW; END $$")
        op.execute("CREATE TRIGGER claim_fts_enqueue AFTER INSERT ON claims FOR EACH ROW "
                   "EXECUTE FUNCTION claim_fts_enqueue()")
    else:
        op.execute("CREATE TRIGGER claim_fts_enqueue AFTER INSERT ON claims BEGIN "
                   "INSERT OR IGNORE INTO claim_fts_pending (claim_id) VALUES (NEW.id); END")
    if conn.dialect.name == "postgresql":
        op.create_table(
            "claim_fts",
            sa.Column("claim_id", sa.Integer(), nullable=False),
            sa.Column("terms", sa.dialects.postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("claim_id"),
        )
        op.create_index("ix_claim_fts_terms", "claim_fts", ["terms"], postgresql_using="gin")
    else:
        # Contentless: the claim text stays in claims; rowid is the claim id.
        op.execute("CREATE VIRTUAL TABLE claim_fts USING fts5(terms, content='', "
                   "tokenize='unicode61')")


def downgrade() -> None:
    conn = op.get_bind()
    op.execute("DROP TRIGGER claim_fts_enqueue" + (" ON claims" if conn.dialect.name ==
                                                  "postgresql" else ""))
    if conn.dialect.name == "postgresql":
        op.execute("DROP FUNCTION claim_fts_enqueue()")
    op.drop_table("claim_fts_pending")
    op.drop_table("claim_fts")
    op.drop_index("ix_claim_states_verdict", table_name="claim_states")
    op.drop_index("ix_claim_states_status", table_name="claim_states")
    op.drop_table("claim_states")
    op.drop_index("ix_claims_merged_into", table_name="claims")
    if conn.dialect.name == "postgresql":
        op.drop_index("ix_claims_rank", table_name="claims")
    op.drop_index("ix_claims_checkworthiness", table_name="claims")
    op.drop_index("ix_matches_claim_b", table_name="matches")
    for name in ("ix_reviews_created_at", "ix_reviews_other_claim", "ix_reviews_claim",
                 "ix_reviews_subject_version"):
        op.drop_index(name, table_name="reviews")
    # Before 0006 a review had one label: a claim review keeps its verdict (or status) there.
    conn.execute(sa.text("UPDATE reviews SET label = 'not_checkworthy' WHERE verdict = 'not_a_claim'"))
    with op.batch_alter_table("reviews", schema=None, recreate="never") as batch_op:
        for column in ("organisation", "other_claim_id", "decision", "verdict", "status",
                       "version", "subject", "kind"):
            batch_op.drop_column(column)
