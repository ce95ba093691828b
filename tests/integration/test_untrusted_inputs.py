"""Untrusted documents and cited pages (issue #15, items 8, 10, 11 and 12): what a document or a
page says can neither read local files, nor reach a terminal as control sequences, nor fail a
database write. Real CLI runs on real SQLite files and the real PostgreSQL server; cited pages
from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import zlib

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from local_http import LocalServer, send
from warc_samples import write_archive

from claimcheck.cli import cli
from claimcheck.store.repository import create_db_engine

CLAIM = "The harbour authority said 1,200 containers were moved on 4 March 2024."


def _run(db_url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", db_url, *args])


# -- item 12: local files only where the user typed them ---------------------------------------

def test_a_sidecar_or_a_link_cannot_read_local_files(db_url, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN 1,200 containers were moved on 4 March 2024.\n")
    doc = tmp_path / "note.md"
    doc.write_text(f"{CLAIM} See [the log]({secret.as_uri()}).\n", encoding="utf-8")
    (tmp_path / "note.md.meta.json").write_text(json.dumps(
        {"references": [secret.as_uri(), str(secret), "secret.txt"]}))
    r = _run(db_url, "check", str(doc), "--format", "json", "--offline")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    urls = {v["url"]: v for v in report["verifications"]}
    assert {secret.as_uri(), str(secret), "secret.txt"} <= set(urls)
    for v in urls.values():
        assert v["verdict"] == "unreachable"
        assert any("refused by policy" in (n["note"] or "") for n in v["reasons"]), v
    exported = _run(db_url, "export")
    assert exported.exit_code == 0
    assert "SECRET-TOKEN" not in exported.stdout


def test_a_reference_typed_on_the_command_line_may_be_a_local_file(db_url, tmp_path):
    page = tmp_path / "statement.txt"
    page.write_text("The harbour authority said 1,200 containers were moved on 4 March 2024.\n")
    doc = tmp_path / "note.txt"
    doc.write_text(CLAIM + "\n")
    r = _run(db_url, "check", str(doc), "--reference", str(page), "--format", "json", "--offline")
    assert r.exit_code == 0, r.output
    (v,) = json.loads(r.stdout)["verifications"]
    assert v["url"] == str(page) and v["verdict"] != "unreachable"


# -- item 8: nothing printed for people carries terminal control sequences ----------------------

ESCAPES = ("\x1b]0;owned\x07", "\x1b[2J", "\x1b]8;;https://evil.example/\x1b\\", "\r",
           "\x9b31m", "\u202e")
HOSTILE = "".join(ESCAPES)


def test_output_of_a_document_with_escape_sequences_contains_none(db_url, tmp_path):
    doc = tmp_path / f"note{ESCAPES[1]}.txt"
    filler = "Dock workers unloaded ships at the northern quay through the night. " * 5
    doc.write_text(f"Harbour{HOSTILE} report\n\nThe harbour{HOSTILE} authority said 1,200 "
                   f"containers were moved on 4 March 2024.\n\n{filler}\n", encoding="utf-8")
    (tmp_path / f"{doc.name}.meta.json").write_text(json.dumps(
        {"title": f"Title{HOSTILE}", "source": f"Ledger{HOSTILE}", "author": f"A{HOSTILE} Writer"}))
    runs = [["ingest", str(doc)], ["ingest", str(doc), "--format", "json"],
            ["documents", "list"], ["documents", "list", "--format", "json"],
            ["documents", "show", "1", "--text"], ["documents", "show", "1", "--format", "json"],
            ["claims", "list"], ["claims", "show", "1"], ["claims", "show", "1", "--format", "json"],
            ["claims", "search", "harbour"], ["sources", "list"], ["history", "1"],
            ["check", str(doc), "--format", "md"], ["check", str(doc), "--format", "json"],
            ["report", "--format", "md"], ["documents", "show", "99"]]
    for args in runs:
        r = _run(db_url, *args)
        assert r.exit_code == (2 if "99" in args else 0), (args, r.output)
        printed = r.stdout + r.stderr
        for seq in ESCAPES:
            assert seq not in printed, (args, seq, printed)
        for control in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert control not in printed, (args, control)
        if "json" in args:  # still valid JSON, with the text as stored
            shown = json.loads(r.stdout)
            if args[0] == "documents" and "show" in args:
                assert shown["title"] == f"Title{HOSTILE}"
    shown = _run(db_url, "documents", "show", "1", "--text").stdout
    assert "\\u001b]0;owned\\u0007" in shown  # shown as escapes, not dropped


# -- items 10, 11 and 13: NUL bytes, binary pages, unsupported encodings, UTF-16 ------------------

def _rows(db_url: str) -> dict[str, int]:
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            return {t: conn.scalar(sa.text(f"SELECT count(*) FROM {t}"))
                    for t in ("documents", "claims", "snapshots", "verifications")}
    finally:
        engine.dispose()


def test_a_nul_byte_late_in_a_document_is_refused_naming_it(db_url, tmp_path):
    doc = tmp_path / "late-nul.txt"
    doc.write_bytes((CLAIM + "\n\n").encode() * 400 + b"Then a NUL\x00 byte.\n")
    meta = tmp_path / "titled.txt"
    meta.write_text(CLAIM + "\n")
    (tmp_path / "titled.txt.meta.json").write_text(json.dumps({"title": "A\u0000B"}))
    at = doc.read_bytes().index(b"\x00")
    for path, message in ((doc, f"Error: {doc}: NUL character at offset {at}"),
                          (meta, f"Error: {meta}: metadata 'title' contains a NUL character")):
        r = _run(db_url, "check", str(path), "--offline")
        assert r.exit_code == 2, r.output
        assert r.stderr.startswith(message), r.stderr
    assert _rows(db_url)["documents"] == 0


def test_utf16_and_utf32_with_a_byte_order_mark_are_text(db_url, tmp_path):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        doc = tmp_path / f"{encoding}.txt"
        bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
        doc.write_bytes(bom + f"{encoding}: {CLAIM}\n".encode(encoding))
        r = _run(db_url, "ingest", str(doc), "--format", "json")
        assert r.exit_code == 0, r.output
        (row,) = json.loads(r.stdout)
        shown = json.loads(_run(db_url, "documents", "show", str(row["id"]), "--text",
                                "--format", "json").stdout)
        assert shown["text"].strip() == f"{encoding}: {CLAIM}"
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    r = _run(db_url, "ingest", str(broken))
    assert r.exit_code == 2 and "byte-order mark but is not UTF-16" in r.stderr, r.output


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02"
       + bytes(range(256)) * 64)


@pytest.fixture
def pages():
    srv = LocalServer().start()
    srv.routes["/png"] = lambda h: send(h, 200, PNG, "text/html; charset=utf-8")
    srv.routes["/nul"] = lambda h: send(h, 200, (CLAIM + " ").encode() * 200 + b"\x00 tail",
                                        "text/plain; charset=utf-8")
    srv.routes["/br"] = lambda h: send(h, 200, bytes(range(1, 200)) * 20, "text/html",
                                       headers={"Content-Encoding": "br"})
    srv.routes["/zstd"] = lambda h: send(h, 200, b"\x28\xb5\x2f\xfd" + b"x" * 500, "text/plain",
                                         headers={"Content-Encoding": "zstd"})
    srv.routes["/good"] = lambda h: send(h, 200, CLAIM.encode(), "text/plain; charset=utf-8")
    yield srv
    srv.stop()


def test_cited_pages_that_are_not_text_cost_one_verdict_each(db_url, tmp_path, pages):
    archived = "http://archive.example/brotli"
    archive = tmp_path / "refs.warc.gz"
    write_archive(archive, {archived: (zlib.compress(b"x" * 100), [
        ("Content-Type", "text/html"), ("Content-Encoding", "br")])})
    doc = tmp_path / "note.txt"
    doc.write_text(CLAIM + "\n")
    bad = {name: pages.url(f"/{name}") for name in ("png", "nul", "br", "zstd")}
    args = ["check", str(doc), "--allow-private", "--archive", str(archive), "--format", "json",
            "--reference", pages.url("/good"), "--reference", archived]
    for url in bad.values():
        args += ["--reference", url]
    r = _run(db_url, *args)
    assert r.exit_code == 0, r.output
    verdicts = {v["url"]: v for v in json.loads(r.stdout)["verifications"]}
    assert verdicts[pages.url("/good")]["verdict"] == "supported"
    expected = {"png": "not a text page (NUL character at offset",
                "nul": "not a text page (NUL character at offset",
                "br": "unsupported content encoding 'br'",
                "zstd": "unsupported content encoding 'zstd'"}
    for name, url in [*bad.items(), ("archived", archived)]:
        notes = " ".join(n["note"] or "" for n in verdicts[url]["reasons"])
        assert verdicts[url]["verdict"] == "unreachable", (name, verdicts[url])
        assert expected.get(name, "unsupported content encoding 'br' (archived)") in notes, notes
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            texts = conn.execute(sa.text("SELECT url, text FROM snapshots")).all()
    finally:
        engine.dispose()
    assert all(text == "" for url, text in texts if url != pages.url("/good"))
