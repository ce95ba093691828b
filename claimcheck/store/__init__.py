"""Storage adapter: SQLAlchemy tables, Alembic migrations and the ``SqlStore`` repository."""

from claimcheck.store.repository import SqlStore, database_url

__all__ = ["SqlStore", "database_url"]
