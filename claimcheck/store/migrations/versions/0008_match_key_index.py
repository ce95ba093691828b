"""The blocking keys of every claim in an indexed table (issue #16): adding a document looks up
the stored claims that share a key with its claims, and each key's number of claims, in SQL,
instead of reading every claim's matching state, so its cost no longer grows with the store.

``match_keys`` (key, claim) rows, keyed by key; ``match_key_counts`` how many claims hold each
key (blocking and figure keys; merged claims included, subtracted when read); and
``match_index_state`` the ``claimcheck.match.match_state_version`` the index was built with.
All three are derived from ``claim_match_state``, whose new ``indexed`` column (false for every
existing row, found through a partial index) says which claims are in them yet: claims are
indexed when matching first needs them (``SqlStore.match_index``), not when they are stored, so
ingest pays nothing for the index. ``claim_match_state`` also keeps each claim's normalised
text and sorted slot keys (null for older rows), so the candidates of a new document are not
normalised and keyed again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim_match_state", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("indexed", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("normalised", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("slot_keys", sa.Text(), nullable=True))
    op.create_index("ix_claim_match_state_unindexed", "claim_match_state", ["claim_id"],
                    sqlite_where=sa.text("NOT indexed"), postgresql_where=sa.text("NOT indexed"))
    op.create_table(
        "match_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "claim_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "match_key_counts",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "match_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("match_index_state")
    op.drop_table("match_key_counts")
    op.drop_table("match_keys")
    op.drop_index("ix_claim_match_state_unindexed", table_name="claim_match_state")
    with op.batch_alter_table("claim_match_state", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("slot_keys")
        batch_op.drop_column("normalised")
        batch_op.drop_column("indexed")
