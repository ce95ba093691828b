"""Documents keep the reference URLs they cite as a whole (metadata ``references``); citation
and reference keys become unbounded text, since a hyperlink's key is its URL.

On SQLite nothing here may rebuild a table: batch mode's copy-and-rename ends in ``DROP TABLE``,
which with ``foreign_keys=ON`` first deletes the rows, cascading from documents to passages,
claims, citations, matches, verifications and reviews. So the column is a plain ``ADD COLUMN``
(``recreate="never"``, constant default), and the key type change is skipped there: SQLite
keeps VARCHAR(300) and TEXT alike (no length limit), so only PostgreSQL needs it.

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


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("cited_urls", sa.JSON(), nullable=False,
                                      server_default="[]"))
    if _sqlite():
        return
    for table in ("reference_entries", "citations"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("key", existing_type=sa.String(length=300), type_=sa.Text(),
                                  existing_nullable=False)


def downgrade() -> None:
    if not _sqlite():
        for table in ("reference_entries", "citations"):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column("key", existing_type=sa.Text(),
                                      type_=sa.String(length=300), existing_nullable=False)
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("cited_urls")
