"""Documents' metadata can be corrected by re-ingesting with new metadata; each change is kept
in ``metadata_changes`` (field, old and new value, when, how), so nothing is lost silently.

Follows 0004 (PDF page offsets). A new table only: nothing existing is rebuilt.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "metadata_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metadata_changes_document", "metadata_changes", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_metadata_changes_document", table_name="metadata_changes")
    op.drop_table("metadata_changes")
