"""Curating the claims database from the command line: review, merge, export, import, known."""

from __future__ import annotations

import json

from click.testing import CliRunner

from claimcheck.cli import cli

DOC = ("The port handled 1.2 million containers in 2021, up 12 percent.\n\n"
       "Officials did not expect the strike to last more than six days.\n")


def _run(db, *args, input=None):
    return CliRunner().invoke(cli, ["--db", db, *args], input=input)


def _ingested(tmp_path):
    db = str(tmp_path / "c.db")
    doc = tmp_path / "port.txt"
    doc.write_text(DOC)
    assert _run(db, "ingest", str(doc)).exit_code == 0
    return db


def test_review_is_append_only_and_shown(tmp_path):
    db = _ingested(tmp_path)
    claims = json.loads(_run(db, "claims", "list", "--format", "json").stdout)
    cid = str(claims[0]["id"])
    assert _run(db, "review", cid, "--label", "accurate", "--reviewer", "ann").exit_code == 0
    assert _run(db, "review", cid, "--label", "misleading", "--note", "base year").exit_code == 0
    shown = json.loads(_run(db, "claims", "show", cid, "--format", "json").stdout)
    assert [r["label"] for r in shown["reviews"]] == ["accurate", "misleading"]
    bad = _run(db, "review", cid, "--label", "great")
    assert bad.exit_code == 2


def test_merge_hides_duplicates(tmp_path):
    db = _ingested(tmp_path)
    ids = [c["id"] for c in json.loads(_run(db, "claims", "list", "--format", "json").stdout)]
    assert len(ids) >= 2
    assert _run(db, "merge", str(ids[0]), str(ids[1])).exit_code == 0
    left = [c["id"] for c in json.loads(_run(db, "claims", "list", "--format", "json").stdout)]
    assert ids[1] not in left and ids[0] in left
    r = _run(db, "merge", str(ids[0]), "999")
    assert r.exit_code == 2 and r.stderr.strip() == f"Error: cannot merge claim 999 into {ids[0]}: no claim 999"


def test_export_import_round_trip_is_idempotent(tmp_path):
    db = _ingested(tmp_path)
    cid = json.loads(_run(db, "claims", "list", "--format", "json").stdout)[0]["id"]
    _run(db, "review", str(cid), "--label", "accurate", "--reviewer", "ann")
    out = tmp_path / "export.json"
    assert _run(db, "export", "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text())
    assert data["schema"] == "claimcheck.export/1" and len(data["documents"]) == 1
    other = str(tmp_path / "other.db")
    first = _run(other, "import", str(out))
    assert first.exit_code == 0 and "documents: 1" in first.stdout and "reviews: 1" in first.stdout
    again = _run(other, "import", str(out))
    assert "documents: 0" in again.stdout and "reviews: 0" in again.stdout
    a = json.loads(_run(db, "report", "--format", "json").stdout)
    b = json.loads(_run(other, "report", "--format", "json").stdout)
    strip = lambda r: [(c["text"], c["start"], c["end"], c["dates"]) for c in r["claims"]]  # noqa: E731
    assert strip(a) == strip(b)


def test_import_rejects_unknown_major_version(tmp_path):
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"schema": "claimcheck.export/2", "documents": []}))
    r = _run(str(tmp_path / "x.db"), "import", str(path))
    assert r.exit_code == 2
    assert "export schema claimcheck.export/2 is not supported" in r.stderr
    path.write_text("not json")
    r = _run(str(tmp_path / "x.db"), "import", str(path))
    assert r.exit_code == 2 and "not a claimcheck export" in r.stderr


def test_known_claims_import_and_match(tmp_path):
    db = str(tmp_path / "k.db")
    tsv = tmp_path / "known.tsv"
    tsv.write_text("vclaim_id\tvclaim\ttitle\n"
                   "1\tThe port handled 1.2 million containers in 2021.\tPort volumes\n"
                   "2\tBananas are berries.\tFruit facts\n")
    r = _run(db, "known", "import", str(tsv))
    assert r.exit_code == 0 and "2 known claims" in r.stdout
    _run(db, "known", "import", str(tsv))
    r = _run(db, "known", "match", "port handled 1.2 million containers", "--format", "json")
    rows = json.loads(r.stdout)
    assert rows[0]["known_id"] == "1"
    r = _run(str(tmp_path / "empty.db"), "known", "match", "anything")
    assert r.exit_code == 2 and "no known claims yet" in r.stderr


def test_check_reports_previously_checked_claims(tmp_path):
    db = str(tmp_path / "k.db")
    tsv = tmp_path / "known.tsv"
    tsv.write_text("vclaim_id\tvclaim\ttitle\n"
                   "7\tThe port handled 1.2 million containers in 2021.\tPort volumes\n"
                   "8\tBananas are berries.\tFruit facts\n")
    assert _run(db, "known", "import", str(tsv)).exit_code == 0
    doc = tmp_path / "port.txt"
    doc.write_text(DOC)
    report = json.loads(_run(db, "check", str(doc), "--offline").stdout)
    assert [k["known_id"] for k in report["known_matches"]] == ["7"]


def test_match_accepts_the_whole_score_range(tmp_path):
    db = _ingested(tmp_path)
    other = tmp_path / "port2.txt"
    other.write_text("The port handled 1.3 million containers in 2021, up 12 percent.\n")
    assert _run(db, "ingest", str(other)).exit_code == 0
    for score in ("0", "100"):
        r = _run(db, "match", "--min-score", score, "--all-claims", "--format", "json")
        assert r.exit_code == 0, r.output
        json.loads(r.stdout)


def test_review_history_reviews_list_and_a_stale_view(tmp_path):
    db = _ingested(tmp_path)
    cid = str(json.loads(_run(db, "claims", "list", "--format", "json").stdout)[0]["id"])
    r = _run(db, "review", cid, "--verdict", "inaccurate", "--note", "base year",
             "--reviewer", "ann", "--expect-version", "0")
    assert r.exit_code == 0 and "(version 1)" in r.stdout, r.output
    r = _run(db, "review", cid, "--status", "needs_second_look", "--reviewer", "bob",
             "--expect-version", "0")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "changed since you viewed it" in r.stderr
    hist = json.loads(_run(db, "history", cid, "--format", "json").stdout)
    assert (hist["status"], hist["verdict"], hist["version"]) == ("done", "inaccurate", 1)
    assert [(e["reviewer"], e["note"]) for e in hist["trail"]] == [("ann", "base year")]
    assert "+00:00" in hist["trail"][0]["at"]
    text = _run(db, "history", cid).stdout
    assert text.startswith(f"claim {cid}: done, inaccurate (version 1)")
    listed = json.loads(_run(db, "reviews", "list", "--by", "ann", "--format", "json").stdout)
    assert [e["claim"] for e in listed] == [int(cid)]
    assert json.loads(_run(db, "reviews", "list", "--by", "bob", "--format", "json").stdout) == []
    assert json.loads(_run(db, "reviews", "list", "--since", "2999-01-01",
                           "--format", "json").stdout) == []
    bad = _run(db, "reviews", "list", "--since", "yesterday")
    assert bad.exit_code == 2 and "not a date" in bad.stderr
    assert _run(db, "review", cid).exit_code == 2
    assert _run(db, "history", "999").exit_code == 2


def test_merge_both_ways_then_unmerge(tmp_path):
    db = _ingested(tmp_path)
    a, b = (str(c["id"]) for c in json.loads(_run(db, "claims", "list", "--format", "json").stdout)[:2])
    assert _run(db, "merge", a, b).exit_code == 0
    again = _run(db, "merge", b, a)
    assert again.exit_code == 2 and "already in the cluster kept as claim" in again.stderr
    listed = [str(c["id"]) for c in json.loads(_run(db, "claims", "list", "--format", "json").stdout)]
    assert a in listed
    members = json.loads(_run(db, "history", b, "--format", "json").stdout)["members"]
    assert [m["claim"] for m in members] == sorted([int(a), int(b)])
    assert all(m["stance"] in ("asserts", "contradicts", "hedges") for m in members)
    assert f"cluster of claim {a}: " in _run(db, "history", a).stdout
    blocked = _run(db, "review", b, "--verdict", "accurate")
    assert blocked.exit_code == 2 and f"merged into claim {a}" in blocked.stderr
    r = _run(db, "unmerge", b, "--note", "different")
    assert r.exit_code == 0 and f"unmerged from claim {a}" in r.stdout
    listed = [str(c["id"]) for c in json.loads(_run(db, "claims", "list", "--format", "json").stdout)]
    assert a in listed and b in listed
    kinds = [e["kind"] for e in json.loads(_run(db, "history", b, "--format", "json").stdout)["trail"]]
    assert kinds == ["merge", "unmerge"]
