"""Claims keep their times of day (``Slots.times``) in a JSON column; rows written before this
revision read as having none.

(``Quantity.high``, the upper end of a range or the second number of a tally, needs no schema
change: it is one more key in the ``quantities`` JSON, and stored quantities without it read as
``None``.)

``recreate="never"``: on SQLite both directions are a plain ``ALTER TABLE ... ADD/DROP COLUMN``
(SQLite 3.35+). Batch mode's copy-and-rename would ``DROP TABLE claims``, and with
``foreign_keys=ON`` that first deletes every claim row, cascading to citations, matches,
verifications and reviews.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("times", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("times")
