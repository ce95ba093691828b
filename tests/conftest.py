"""Shared fixtures: database URLs for every backend the storage tests run on."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PG_URL = os.environ.get("CLAIMCHECK_TEST_PG")

# The whole suite runs with the sentence model when its read-only copy sits beside the clone
# (hashes are still verified when it loads); without it, tests run in lexical mode.
SHARED_MODEL = Path(__file__).resolve().parents[1].parent / "shared" / "models" / "all-MiniLM-L6-v2"
if not os.environ.get("CLAIMCHECK_MODEL_DIR") and SHARED_MODEL.is_dir():
    os.environ["CLAIMCHECK_MODEL_DIR"] = str(SHARED_MODEL)


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """A writable copy of the sentence model's pinned files (skips when the copy beside the
    clone is absent)."""
    import shutil

    from claimcheck.embed.install import MODEL

    if not SHARED_MODEL.is_dir():
        pytest.skip(f"sentence model files not found at {SHARED_MODEL} (read-only copy beside the clone)")
    folder = tmp_path_factory.mktemp("model-source")
    for f in MODEL.files:
        shutil.copyfile(SHARED_MODEL / f.name, folder / f.name)
    return folder


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(not PG_URL, reason="CLAIMCHECK_TEST_PG not set"),
        )
    )
    return params


@pytest.fixture
def new_db_url(tmp_path):
    """Make fresh, empty database URLs: ``new_db_url("sqlite", "x.db")`` is a real SQLite file,
    ``new_db_url("postgresql")`` a fresh schema on real PostgreSQL (dropped after the test)."""
    schemas: list[str] = []

    def make(backend: str, name: str = "test.db") -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}"
        import sqlalchemy as sa

        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        schemas.append(schema)
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"

    yield make
    if schemas:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=_backends())
def db_url(request, new_db_url):
    """A fresh, empty database URL: a real SQLite file, or a fresh schema on real PostgreSQL."""
    return new_db_url(request.param)


@pytest.fixture
def store(db_url):
    """A ``SqlStore`` on ``db_url`` (each backend), closed after the test."""
    from claimcheck.store import SqlStore

    s = SqlStore(db_url)
    yield s
    s.close()
