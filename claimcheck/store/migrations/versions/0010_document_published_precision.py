"""A document's publication date keeps its precision (issue #12): "Published October 2017" or
"March 2024 issue" states a month, "2019" a year, and storing either as a full date would invent
a day. ``documents.published_precision`` is "day", "month" or "year"; ``published`` holds the
first day of the month or year, which the precision says is no fact.

Documents stored before this revision had full dates only: they read as "day".

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild on SQLite (which would cascade), and
    # every existing row reads "day" on both databases
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("published_precision", sa.String(5), nullable=False,
                                      server_default="day"))


def downgrade() -> None:
    # a month or year alone cannot be told from a full date without the column: such dates are
    # dropped rather than kept as the first day of their month or year
    op.execute("UPDATE documents SET published = NULL WHERE published_precision <> 'day'")
    with op.batch_alter_table("documents", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("published_precision")
