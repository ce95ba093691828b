"""Alembic environment: runs migrations on the connection claimcheck hands over."""

from __future__ import annotations

from alembic import context

from claimcheck.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run against ``config.attributes['connection']`` (set by claimcheck.store.migrate)."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
