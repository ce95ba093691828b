"""Untrusted documents and cited pages (issue #15, items 8, 10, 11 and 12): what a document or a
page says can neither read local files, nor reach a terminal as control sequences, nor fail a
database write. Real CLI runs on real SQLite files and the real PostgreSQL server; cited pages
from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

from click.testing import CliRunner

from claimcheck.cli import cli

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
