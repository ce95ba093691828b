"""Documents imported from an export carry a sha256 that nothing checked (issue #15 item 6): an
export holds a document's text, not its original bytes, so a crafted one can plant a text under
a real file's hash. ``documents.hash_unverified`` marks them; a later ingest of bytes with that
hash compares texts and either confirms the document (same text) or refuses to trust it.

Documents stored before this revision read as verified (false), as they were treated.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild on SQLite (which would cascade)
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("hash_unverified", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("hash_unverified")
