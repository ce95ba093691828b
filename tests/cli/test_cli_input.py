"""The command line on bad input: exit 2, one line naming the input, database untouched."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.store import SqlStore

GOOD = "The committee approved the budget of $2.4 million on 3 March 2021.\n\nIt was the first such vote.\n"


@pytest.fixture
def run(tmp_path):
    db = str(tmp_path / "cli.db")

    def invoke(*args, input=None, env=None):
        return CliRunner().invoke(cli, ["--db", db, *args], input=input, env=env)

    invoke.db = db
    return invoke


def _counts(db):
    store = SqlStore(db)
    try:
        return store.table_counts()
    finally:
        store.close()


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", bytes(range(256)) * 8, "binary file, not text"),
    ("mixed.txt", b"\x81\x8d\x8f\x90\x9d" * 40 + b"\xff\xfe\xfa" * 30, None),
]


@pytest.mark.parametrize("name,data,message", BAD_INPUTS)
def test_bad_files_exit_2_with_one_line(run, tmp_path, name, data, message):
    path = _write(tmp_path, name, data)
    result = run("ingest", path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: ")
    if message:
        assert lines[0] == f"Error: {path}: {message}"
    assert "Traceback" not in result.output


def test_missing_path_and_bad_schemes(run):
    r = run("ingest", "/no/such/file.txt")
    assert r.exit_code == 2 and r.stderr.strip() == "Error: /no/such/file.txt: no such file"
    for url in ("ftp://example.org/a.txt", "file:///etc/passwd", "javascript:alert(1)"):
        r = run("check", url)
        assert r.exit_code == 2
        assert r.stderr.strip().startswith(f"Error: {url}: unsupported scheme")


def test_too_large_file(run, tmp_path):
    path = _write(tmp_path, "big.txt", b"A sentence about 3 things. " * 100)
    r = run("ingest", path, "--max-bytes", "1000")
    assert r.exit_code == 2 and "larger than the limit of 1,000 bytes" in r.stderr
    r = run("ingest", path, env={"CLAIMCHECK_MAX_BYTES": "500"})
    assert r.exit_code == 2 and "larger than the limit of 500 bytes" in r.stderr


def test_one_bad_input_writes_nothing(run, tmp_path):
    good = _write(tmp_path, "good.txt", GOOD.encode())
    bad = _write(tmp_path, "bad.txt", b"")
    r = run("check", good, bad, "--offline")
    assert r.exit_code == 2
    assert all(n == 0 for n in _counts(run.db).values())


def test_reingest_is_idempotent(run, tmp_path):
    good = _write(tmp_path, "good.txt", GOOD.encode())
    first = run("ingest", good, "--format", "json")
    assert first.exit_code == 0, first.output
    counts = _counts(run.db)
    again = run("ingest", good, "--format", "json")
    assert json.loads(again.stdout)[0]["status"] == "already stored"
    assert _counts(run.db) == counts
    assert counts["documents"] == 1 and counts["claims"] >= 1


def test_stdin_and_metadata_overrides(run):
    r = run("ingest", "-", "--title", "T", "--published", "2021-03-04", "--kind", "official",
            "--format", "json", input=GOOD)
    assert r.exit_code == 0, r.output
    doc = json.loads(run("documents", "show", "1", "--format", "json").stdout)
    assert (doc["title"], doc["published"], doc["kind"]) == ("T", "2021-03-04", "official")


def test_non_utf8_text_is_decoded(run, tmp_path):
    text = "Le comité a approuvé le budget de 2,4 millions d'euros le 3 mars 2021. Très bien."
    path = _write(tmp_path, "latin.txt", text.encode("cp1252"))
    assert run("ingest", path).exit_code == 0
    shown = json.loads(run("documents", "show", "1", "--text", "--format", "json").stdout)
    assert "comité" in shown["text"] and "Très" in shown["text"]


def test_unknown_ids_are_clear_errors(run):
    r = run("documents", "show", "42")
    assert r.exit_code == 2 and r.stderr.strip() == "Error: no document with id 42"
    r = run("claims", "show", "42")
    assert r.exit_code == 2 and r.stderr.strip() == "Error: no claim with id 42"


def test_db_url_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("CLAIMCHECK_DB", f"sqlite:///{db}")
    r = CliRunner().invoke(cli, ["db", "status"])
    assert r.exit_code == 2 and "no such database" in r.stderr and not os.path.exists(db)
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0 and os.path.exists(db)
    r = CliRunner().invoke(cli, ["db", "status"])
    assert r.exit_code == 0 and "up_to_date: True" in r.stdout


def test_db_status_is_read_only(tmp_path):
    """An empty database stays empty: status reports it without creating the schema."""
    import sqlite3

    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    r = CliRunner().invoke(cli, ["--db", str(db), "db", "status"])
    assert r.exit_code == 0, r.output
    assert "current: None" in r.stdout and "up_to_date: False" in r.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall() == []


def test_sidecar_metadata_and_its_references(run, tmp_path):
    doc = tmp_path / "op-ed.txt"
    doc.write_text(GOOD)
    (tmp_path / "op-ed.txt.meta.json").write_text(json.dumps({
        "title": "An op-ed", "published": "2021-03-05", "kind": "commentary",
        "references": ["https://example.org/a"]}))
    r = run("check", str(doc), "--offline", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["documents"][0]["title"] == "An op-ed"
    checkworthy = {c["id"] for c in report["claims"] if c["checkworthy"]}
    checked = {v["claim_id"] for v in report["verifications"] if v["url"] == "https://example.org/a"}
    assert checked == checkworthy and checked
    (tmp_path / "op-ed.txt.meta.json").write_text('{"references": "https://example.org/a"}')
    doc.write_text(GOOD + "\nMore.\n")
    r = run("check", str(doc), "--offline")
    assert r.exit_code == 2 and "metadata 'references' must be a list" in r.stderr


def test_unwritable_out_is_refused_before_any_work(run, tmp_path):
    good = _write(tmp_path, "good.txt", GOOD.encode())
    r = run("check", good, "--offline", "--out", str(tmp_path / "missing" / "r.json"))
    assert r.exit_code == 2 and "cannot write: no such folder" in r.stderr
    assert all(n == 0 for n in _counts(run.db).values())


def test_out_to_a_device_or_pipe_writes_into_it_and_leaves_it_in_place(run, tmp_path):
    # --out /dev/null renamed a temporary file over the device: as root, /dev/null became a file
    import stat
    import threading

    doc = tmp_path / "note.txt"
    doc.write_text("The harbour authority reopened the northern pier on 12 May 2024 after repairs.")
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = run("check", str(doc), "--offline", "--format", "json", "--out", str(pipe))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["schema"] == "claimcheck.report/1"
