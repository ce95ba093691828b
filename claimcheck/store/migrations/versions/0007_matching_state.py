"""What matching needs of each claim is stored with the claim (issue #16): its blocking keys
and figure keys as stable 64-bit hashes, so adding a document reads these arrays instead of
re-reading and re-preparing every stored claim through the ORM.

A new table only: claims stored before it get their state computed the first time matching
needs it (``SqlStore.match_state``), and again whenever ``version`` differs from the code's
``claimcheck.match.MATCH_STATE_VERSION``. (The partial index on ``claims.merged_into_id`` that
finds the few merged claims comes with 0006.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_match_state",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("block_keys", sa.LargeBinary(), nullable=False),
        sa.Column("figure_keys", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id"),
    )


def downgrade() -> None:
    op.drop_table("claim_match_state")
