"""Indexes on the columns that tie a document's parts to it (issue #16): a report reads the
passages, references and citation issues of its few documents and the citations of their
claims, and without these indexes each of those reads scanned its whole table, a cost that grew
with the store (0.15 s of a report at 100,000 claims, for the passages alone). Neither database
indexes a foreign key by itself. No row changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = (("ix_passages_document", "passages", "document_id"),
           ("ix_reference_entries_document", "reference_entries", "document_id"),
           ("ix_citation_issues_document", "citation_issues", "document_id"),
           ("ix_citations_claim", "citations", "claim_id"))


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
