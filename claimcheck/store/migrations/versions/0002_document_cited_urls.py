"""Documents keep the reference URLs they cite as a whole (metadata ``references``); citation
and reference keys become unbounded text, since a hyperlink's key is its URL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cited_urls", sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
    for table in ("reference_entries", "citations"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("key", existing_type=sa.String(length=300), type_=sa.Text(),
                                  existing_nullable=False)


def downgrade() -> None:
    for table in ("reference_entries", "citations"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("key", existing_type=sa.Text(), type_=sa.String(length=300),
                                  existing_nullable=False)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("cited_urls")
