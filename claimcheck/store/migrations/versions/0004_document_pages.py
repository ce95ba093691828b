"""Documents keep where each page begins (``SourceDocument.pages``: character offsets into
``documents.text``, so a claim's page is found from its ``start``); documents stored before this
revision, and documents without pages (text, Markdown, HTML), read as having none.

``recreate="never"``: on SQLite both directions are a plain ``ALTER TABLE ... ADD/DROP COLUMN``.
Batch mode's copy-and-rename would ``DROP TABLE documents``, and with ``foreign_keys=ON`` that
first deletes every document row, cascading to passages, claims, citations and the rest.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pages", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("pages")
