"""Inputs and outputs are checked before the database is written, and a failure after it says
what was kept (issue #15 item 9); a truncated WARC is loaded with a warning naming the offset
(item 13). Real CLI runs on a real SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from local_http import LocalServer, send

from claimcheck.cli import cli
from claimcheck.fetch_archive import WarcArchive
from claimcheck.store.repository import create_db_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLAIM = "The harbour authority said 1,200 containers were moved on 4 March 2024."


def _documents(db_url: str) -> int:
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return conn.scalar(sa.text("SELECT count(*) FROM documents")) if "documents" in names else 0
    finally:
        engine.dispose()


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text(CLAIM + "\n")
    return path


def test_a_corrupt_archive_stops_the_run_before_anything_is_stored(db_url, doc, tmp_path):
    corrupt = tmp_path / "refs.warc.gz"
    data = bytearray((FIXTURES / "references.warc.gz").read_bytes())
    data[300:400] = bytes(100)  # a damaged gzip member
    corrupt.write_bytes(bytes(data))
    not_warc = tmp_path / "refs.warc"
    not_warc.write_text("hello")
    for archive in (corrupt, not_warc):
        r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), "--archive", str(archive),
                                     "--offline"])
        assert r.exit_code == 2, r.output
        assert "not a readable WARC file" in r.stderr
        assert _documents(db_url) == 0


@pytest.mark.parametrize("where", ["missing/x.warc", "a-folder", "a-file/x.warc"])
def test_an_unwritable_save_warc_or_out_stops_the_run_first(db_url, doc, tmp_path, where):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("")
    target = str(tmp_path / where)
    for option in ("--save-warc", "--out"):
        r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), option, target,
                                     "--offline"])
        assert r.exit_code == 2, r.output
        assert target in r.stderr and ("cannot write" in r.stderr or "is a directory" in r.stderr)
        assert _documents(db_url) == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_at_out_says_what_was_kept(db_url, doc):
    r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), "--out", "/dev/full",
                                 "--offline", "--format", "md"])
    assert r.exit_code == 2, r.output
    assert "Error: /dev/full: cannot write: No space left on device; kept: the documents and " \
           "their verdicts are stored, write the report again with `claimcheck report " \
           "--document 1 --format md --out FILE`" in r.stderr
    assert _documents(db_url) == 1
    again = CliRunner().invoke(cli, ["--db", db_url, "report", "--document", "1", "--format", "md"])
    assert again.exit_code == 0 and "1,200 containers" in again.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_warc_that_cannot_be_written_loses_no_verdict(db_url, doc, tmp_path):
    srv = LocalServer().start()
    srv.routes["/statement"] = lambda h: send(h, 200, f"<p>{CLAIM}</p>".encode())
    try:
        r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), "--allow-private",
                                     "--reference", srv.url("/statement"),
                                     "--save-warc", "/dev/full"])
    finally:
        srv.stop()
    assert r.exit_code == 2, r.output
    assert r.stderr == ("Error: /dev/full: cannot write the WARC (No space left on device); kept: "
                        "the documents, their claims and 1 verdicts are stored, no WARC was "
                        "written\n")
    report = CliRunner().invoke(cli, ["--db", db_url, "report", "--format", "json"])
    (verdict,) = json.loads(report.stdout)["verifications"]
    assert verdict["verdict"] == "supported"


def test_a_truncated_warc_loads_with_a_warning_naming_the_offset(tmp_path, caplog):
    raw = gzip.decompress((FIXTURES / "references.warc.gz").read_bytes())
    whole = tmp_path / "whole.warc"
    whole.write_bytes(raw)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(raw[: len(raw) // 2])
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        assert len(WarcArchive.load(whole)) == 17 and not caplog.records
        archive = WarcArchive.load(cut)
    (warning,) = [r.getMessage() for r in caplog.records]
    assert f"{cut}: truncated: the record at offset " in warning and "is left out" in warning
    for record in archive.records():  # what is left reads whole
        record.read_body(10**7)
    offset = int(warning.split("offset ")[1].split()[0])
    assert raw[offset:offset + 8] == b"WARC/1.0"


def test_a_database_from_a_newer_claimcheck_says_upgrade_claimcheck(db_url):
    assert CliRunner().invoke(cli, ["--db", db_url, "db", "upgrade"]).exit_code == 0
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    for args in (["documents", "list"], ["db", "upgrade"]):
        r = CliRunner().invoke(cli, ["--db", db_url, *args])
        assert r.exit_code == 2, r.output
        assert "was made by a newer claimcheck (schema 0099_from_the_future; this release knows " \
               "up to " in r.stderr and r.stderr.rstrip().endswith("): upgrade claimcheck")


@pytest.mark.parametrize("args", [["documents", "show", "99999999999999999999999"],
                                  ["claims", "show", "9223372036854775808"],
                                  ["report", "--document", "4294967296"],
                                  ["history", "2147483648"]])
def test_an_id_too_large_for_the_database_is_a_usage_error(db_url, args):
    r = CliRunner().invoke(cli, ["--db", db_url, *args])
    assert r.exit_code == 2, r.output
    assert "is not in the range 1<=x<=2147483647" in r.stderr


def test_fetch_and_verify_refuse_an_unwritable_warc_before_storing(db_url, tmp_path):
    target = str(tmp_path / "missing" / "x.warc")
    for args in (["fetch", "https://example.org/", "--offline", "--warc", target],
                 ["verify", "--offline", "--save-warc", target]):
        r = CliRunner().invoke(cli, ["--db", db_url, *args])
        assert r.exit_code == 2 and f"Error: {target}: cannot write: no such folder" in r.stderr
    assert _documents(db_url) == 0
