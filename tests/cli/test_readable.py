"""Output read by people: tables that end a cut with "…" and stay on one line, `claims show`
and `documents show` in words (JSON for machines), match reasons in the claims' own words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.cli import _table, cli
from claimcheck.report.common import plain_reason

A = ("# Harbour A\n\nThe port of Halden handled 4.2 million containers in 2021, officials "
     "said.\n\nMany people were evacuated from Halden on 3 March 2022.\n")
B = ("# Harbour B\n\nThe port of Halden handled 3.1 million containers in 2021, officials "
     "said.\n\nThe plants were evacuated from Halden on 3 March 2022.\n")


def _run(db, *args):
    return CliRunner().invoke(cli, ["--db", db, "-q", *args])


@pytest.fixture
def checked(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    (tmp_path / "a.md").write_text(A)
    (tmp_path / "b.md").write_text(B)
    db = str(tmp_path / "r.db")
    r = _run(db, "check", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--offline",
             "--out", str(tmp_path / "r.json"))
    assert r.exit_code == 0, r.output
    return db


def test_table_cells_end_a_cut_with_an_ellipsis_and_stay_on_one_line():
    long = "word " * 40
    out = _table([{"id": 1, "text": long}, {"id": 2, "text": "two\nlines\r\n  here"}],
                 ["id", "text"])
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[2].endswith("…") and len(lines[2].split("  ", 1)[1].strip()) <= 70
    assert lines[3].endswith("two lines here")


def test_claims_show_speaks_words_and_json_stays_whole(checked):
    listed = json.loads(_run(checked, "claims", "list", "--label", "conflict",
                             "--format", "json").stdout)
    cid = str(listed[0]["id"])
    assert _run(checked, "review", cid, "--verdict", "inaccurate", "--note", "port figures",
                "--reviewer", "ann").exit_code == 0
    shown = _run(checked, "claims", "show", cid)
    assert shown.exit_code == 0
    text = shown.stdout
    assert text.startswith(f"claim {cid}  (document ")
    assert "conflict with claim" in text and "quantity" in text
    assert "ann: done, inaccurate - port figures" in text
    assert "{'" not in text and "[{" not in text and "None" not in text
    data = json.loads(_run(checked, "claims", "show", cid, "--format", "json").stdout)
    assert data["reviews"][0]["verdict"] == "inaccurate" and data["matches"]


def test_documents_show_joins_lists_and_skips_empty_fields(checked):
    text = _run(checked, "documents", "show", "1").stdout
    assert "title: Harbour A" in text
    assert "None" not in text and "[" not in text
    assert json.loads(_run(checked, "documents", "show", "1", "--format", "json").stdout)["id"] == 1


def test_reasons_name_words_not_stems():
    r = plain_reason({"slot": "entity", "a": "peopl", "b": "plant",
                      "note": "different subject: peopl vs plant"},
                     "Many people were evacuated.", "The plants were evacuated.")
    assert r == {"slot": "entity", "a": "people", "b": "plants",
                 "note": "different subject: people vs plants"}
    axis = plain_reason({"slot": "other", "a": "support|oppose", "b": "abstained",
                         "note": "different action: support|oppose vs abstained"},
                        "China rejected any resolutions.", "China abstained from voting.")
    assert axis["note"] == "different action: rejected vs abstained"
    same = {"slot": "quantity", "a": "4.2e+06 container", "b": "3.1e+06 container", "note": ""}
    assert plain_reason(same, "x", "y") == same


def test_known_match_table_shows_the_fact_check_url(tmp_path):
    db = str(tmp_path / "k.db")
    tsv = tmp_path / "known.jsonl"
    tsv.write_text(json.dumps({"id": "1", "claim": "Drinking bleach cures covid",
                               "url": "https://checks.example/bleach", "rating": "False"}) + "\n")
    r = _run(db, "known", "import", str(tsv))
    assert r.exit_code == 0, r.output
    out = _run(db, "known", "match", "Drinking bleach cures covid").stdout
    assert "url" in out.splitlines()[0] and "https://checks.example/bleach" in out


def test_reports_name_files_as_given_never_by_absolute_path(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(A)
    (tmp_path / "b.md").write_text(B)
    for fmt in ("json", "md", "html", "claimreview"):
        r = _run(str(tmp_path / "p.db"), "check", "a.md", "--reference", "b.md", "--offline",
                 "--format", fmt)
        assert r.exit_code == 0, r.output
        assert str(tmp_path) not in r.stdout and "file://" not in r.stdout, fmt
