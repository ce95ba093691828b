"""Schema migrations with Alembic, run programmatically (no alembic.ini needed)."""

from __future__ import annotations

import zlib
from importlib import resources

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

# Execution option marking a connection that will write: on SQLite its transaction starts with
# BEGIN IMMEDIATE, taking the database's write lock up front (waiting up to the busy timeout)
# instead of failing with "database is locked" when a read turns into a write mid-transaction.
WRITE = "claimcheck_write"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("claimcheck.store") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this release."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every migration this release ships."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def lock_id(name: str) -> int:
    """A stable 32-bit PostgreSQL advisory-lock key for ``name``."""
    return zlib.crc32(f"claimcheck:{name}".encode())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction, holding a lock.

    Two processes opening one new database both see an empty schema; the lock makes the second
    wait for the first to commit, and Alembic (reading ``alembic_version`` under the lock) then
    finds the schema current and does nothing. PostgreSQL: a transaction-scoped advisory lock
    per schema (released at commit or rollback, also when the process dies). SQLite:
    ``BEGIN IMMEDIATE`` (the write lock, see ``repository._sqlite_begin``) with the DDL inside the
    transaction, so a migration killed half-way leaves nothing behind.
    """
    with engine.execution_options(**{WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            schema = conn.scalar(sa.text("SELECT current_schema()")) or ""
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id(f"migrate:{schema}"))))
        command.upgrade(alembic_config(conn), revision)
