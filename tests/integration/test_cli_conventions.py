"""One convention per job on the command line: the report format follows --out's extension,
one option name writes WARCs (the old one still works), `import` says what a report is."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from local_http import LocalServer, send

from claimcheck.cli import cli

ARTICLE = (b"<html><head><title>Port note</title></head><body><main><p>The port of Halden "
           b"handled 4.2 million containers in 2021.</p></main></body></html>")
DOC = "# Port\n\nThe port of Halden handled 4.2 million containers in 2021, officials said.\n"


def _run(db, *args):
    return CliRunner().invoke(cli, ["--db", db, "-q", *args])


@pytest.fixture
def server():
    srv = LocalServer().start()
    srv.routes["/note"] = lambda h: send(h, 200, ARTICLE)
    yield srv
    srv.stop()


@pytest.mark.parametrize("option", ["--save-warc", "--warc"])
def test_fetch_verify_and_check_write_warcs_under_one_name_and_the_old_one(tmp_path, server, option):
    from warcio.archiveiterator import ArchiveIterator

    db = str(tmp_path / "w.db")
    url = server.url("/note")
    doc = tmp_path / "port.md"
    doc.write_text(DOC)
    runs = {"fetch": ["fetch", url], "check": ["check", str(doc), "--reference", url,
                                               "--format", "json"],
            "verify": ["verify", "--reference", url]}
    for name, args in runs.items():
        warc = tmp_path / f"{name}.warc.gz"
        r = _run(db, *args, "--allow-private", option, str(warc))
        assert r.exit_code == 0, (name, r.output)
        with open(warc, "rb") as f:
            uris = [rec.rec_headers.get_header("WARC-Target-URI") for rec in ArchiveIterator(f)
                    if rec.rec_type == "response"]
        assert url in uris, name


def test_report_format_follows_the_out_extension_else_json(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    db = str(tmp_path / "f.db")
    doc = tmp_path / "port.md"
    doc.write_text(DOC)
    assert _run(db, "check", str(doc), "--offline", "--out", str(tmp_path / "r.md")).exit_code == 0
    assert (tmp_path / "r.md").read_text().startswith("# claimcheck report")
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.jsonld", "[")):
        assert _run(db, "report", "--out", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_text().lstrip().startswith(start), name
    assert json.loads(_run(db, "report").stdout)["schema"] == "claimcheck.report/1"
    assert json.loads(_run(db, "check", str(doc), "--offline").stdout)["schema"]
    r = _run(db, "report", "--format", "md", "--out", str(tmp_path / "forced.json"))
    assert r.exit_code == 0 and (tmp_path / "forced.json").read_text().startswith("# claimcheck")


def test_importing_a_report_says_it_is_a_report_not_an_export(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    db = str(tmp_path / "i.db")
    doc = tmp_path / "port.md"
    doc.write_text(DOC)
    assert _run(db, "check", str(doc), "--offline", "--out", str(tmp_path / "report.json")).exit_code == 0
    r = _run(str(tmp_path / "other.db"), "import", str(tmp_path / "report.json"))
    assert r.exit_code == 2
    assert "a claimcheck report (claimcheck.report/1), not an export" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_every_timestamp_has_its_timezone_on_sqlite(tmp_path, server, monkeypatch):
    """SQLite keeps no zone: snapshots, metadata changes and reviews come back in UTC, aware."""
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    db = str(tmp_path / "t.db")
    doc = tmp_path / "port.md"
    doc.write_text(DOC)
    r = _run(db, "check", str(doc), "--reference", server.url("/note"), "--allow-private",
             "--format", "json")
    assert r.exit_code == 0, r.output
    assert _run(db, "documents", "edit", "1", "--kind", "news").exit_code == 0
    claim = json.loads(r.stdout)["claims"][0]["id"]
    assert _run(db, "review", str(claim), "--verdict", "accurate").exit_code == 0
    report = json.loads(_run(db, "report").stdout)
    stamps = [report["generated_at"]] + [v["snapshot"]["fetched_at"] for v in report["verifications"]]
    stamps += [m["changed_at"] for m in json.loads(
        _run(db, "documents", "show", "1", "--format", "json").stdout)["metadata_changes"]]
    stamps += [r["at"] for r in json.loads(_run(db, "reviews", "list", "--format", "json").stdout)]
    assert len(stamps) >= 4 and all(s.endswith("+00:00") for s in stamps), stamps
