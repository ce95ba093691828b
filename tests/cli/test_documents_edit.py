"""Correcting stored metadata: `documents edit`, and a re-ingest with other options."""

from __future__ import annotations

import json

from click.testing import CliRunner

from claimcheck.cli import cli

DOC = "The council met on 3 March and approved the harbour budget of 12 million euros.\n"


def _run(db, *args):
    return CliRunner().invoke(cli, ["--db", db, "-q", *args])


def test_edit_changes_metadata_records_it_and_redates_yearless_claims(tmp_path):
    db = str(tmp_path / "e.db")
    doc = tmp_path / "note.txt"
    doc.write_text(DOC)
    assert _run(db, "ingest", str(doc)).exit_code == 0
    r = _run(db, "documents", "edit", "1", "--kind", "news", "--published", "2022-07-14",
             "--author", "A. Writer", "--reviewer", "ann")
    assert r.exit_code == 0, r.output
    assert "document 1: kind changed from" in r.stdout and 'to "news"' in r.stdout
    assert 'published changed from (none) to "2022-07-14"' in r.stdout
    shown = json.loads(_run(db, "documents", "show", "1", "--format", "json").stdout)
    assert shown["kind"] == "news" and shown["published"] == "2022-07-14"
    assert shown["authors"] == ["A. Writer"]
    assert {m["field"] for m in shown["metadata_changes"]} == {"kind", "published", "authors"}
    assert all(m["via"] == "documents edit by ann" for m in shown["metadata_changes"])
    claims = json.loads(_run(db, "claims", "list", "--format", "json").stdout)
    assert any("2022-03-03" in c["dates"] for c in claims)  # "3 March" now has its year
    again = _run(db, "documents", "edit", "1", "--kind", "news")
    assert again.exit_code == 0 and "nothing changed" in again.stdout


def test_edit_refuses_nonsense_with_one_line(tmp_path):
    db = str(tmp_path / "e.db")
    doc = tmp_path / "note.txt"
    doc.write_text(DOC)
    assert _run(db, "ingest", str(doc)).exit_code == 0
    for args, message in ((["documents", "edit", "9", "--kind", "news"], "no document with id 9"),
                          (["documents", "edit", "1"], "nothing to change"),
                          (["documents", "edit", "1", "--published", "soon"], "not a date")):
        r = _run(db, *args)
        assert r.exit_code == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_reingest_with_other_metadata_updates_it(tmp_path):
    db = str(tmp_path / "e.db")
    doc = tmp_path / "note.txt"
    doc.write_text(DOC)
    assert _run(db, "ingest", str(doc), "--kind", "commentary").exit_code == 0
    r = _run(db, "ingest", str(doc), "--kind", "news", "--format", "json")
    assert json.loads(r.stdout)[0]["status"] == "metadata updated: kind"
    assert json.loads(_run(db, "documents", "show", "1", "--format", "json").stdout)["kind"] == "news"
