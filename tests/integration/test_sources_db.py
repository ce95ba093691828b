"""The committed sources.db is what `make sources.db` builds from fixtures/ today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.store import SqlStore

ROOT = Path(__file__).resolve().parents[2]


def _makefile_check_args() -> list[str]:
    """The exact `check` arguments the Makefile's sources.db target uses."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    m = re.search(r"sources\.db\.tmp check \$\(FIXTURE_DOCS\)(.*)", text)
    assert m, "Makefile has no sources.db rule"
    docs = sorted(str(p) for ext in ("md", "txt", "html") for p in ROOT.glob(f"fixtures/*.{ext}"))
    return docs + m.group(1).split()


def test_committed_sources_db_matches_a_fresh_build(tmp_path, monkeypatch):
    from claimcheck.embed.install import get_encoder

    if get_encoder() is None:
        pytest.skip("sources.db is built with the sentence model, which is not installed here")
    committed = ROOT / "sources.db"
    if not committed.exists():
        pytest.fail("sources.db is missing: run `make sources.db` and commit it")
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "fresh.db"
    args = [a.replace("/dev/null", str(tmp_path / "r.json")) for a in _makefile_check_args()]
    r = CliRunner().invoke(cli, ["--db", str(fresh), "check", *args])
    assert r.exit_code == 0, r.output
    want, got = SqlStore(str(committed), upgrade=False), SqlStore(str(fresh))
    try:
        assert want.schema_status()["current"] == got.schema_status()["current"], \
            "sources.db is at an old schema: run `make sources.db`"
        assert want.table_counts() == got.table_counts(), \
            "sources.db differs from what the fixtures give: run `make sources.db`"
    finally:
        want.close()
        got.close()
