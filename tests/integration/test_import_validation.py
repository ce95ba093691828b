"""`claimcheck import` trusts nothing in its file (issue #15 item 6, and item 13's verified_at):
each defect exits 2 naming the record and the field, and leaves the database as it was. Real CLI
runs on a real SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import copy
import json
import time

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.store.repository import create_db_engine

CLAIM = "The harbour authority said 1,200 containers were moved on 4 March 2024."
TABLES = ("documents", "claims", "matches", "snapshots", "verifications", "reviews",
          "known_claims", "sources")


def _run(db_url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", db_url, *args])


def _state(db_url: str) -> dict:
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            counts = {t: conn.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in TABLES}
            counts["verified_at"] = sorted(str(v) for v in conn.scalars(
                sa.text("SELECT verified_at FROM verifications")))
            return counts
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict:
    """A sound export: two documents, a verdict against a snapshot, a review."""
    tmp = tmp_path_factory.mktemp("export")
    db = f"sqlite:///{tmp / 'source.db'}"
    ref = tmp / "statement.txt"
    ref.write_text(CLAIM + "\n")
    first, second = tmp / "first.txt", tmp / "second.txt"
    first.write_text(CLAIM + "\n")
    second.write_text("The port said 900 containers were moved on 5 March 2024.\n")
    r = _run(db, "check", str(first), str(second), "--reference", str(ref), "--offline")
    assert r.exit_code == 0, r.output
    assert _run(db, "review", "1", "--status", "done", "--verdict", "accurate").exit_code == 0
    known = tmp / "known.tsv"
    known.write_text("id\tclaim\ttitle\n1\tThe harbour moved 1,200 containers\tHarbour check\n")
    assert _run(db, "known", "import", str(known)).exit_code == 0
    out = tmp / "export.json"
    assert _run(db, "export", "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text())
    assert len(data["documents"]) == 2 and data["verifications"] and data["reviews"]
    return data


def _defect(data: dict, change) -> dict:
    data = copy.deepcopy(data)
    change(data)
    return data


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


DEFECTS = {
    "end past the text": (_set(["documents", 0, "claims", 0, "end"], 10_000),
                          "documents[0].claims[0]: end 10000 is past the end of the text"),
    "start after end": (_set(["documents", 0, "claims", 0, "start"], 72),
                        "documents[0].claims[0]: start 72 is after end 71"),
    "negative offset": (_set(["documents", 0, "claims", 0, "start"], -1),
                        "documents[0].claims[0].start: -1 is less than the minimum of 0"),
    "claim text not the document's": (_set(["documents", 0, "claims", 0, "text"], "Planted."),
                                      "documents[0].claims[0].text: is not the document's text"),
    "unknown review status": (_set(["reviews", 0, "status"], "approved"),
                              "reviews[0].status: 'approved' is not one of"),
    "unknown review verdict": (_set(["reviews", 0, "verdict"], "true"),
                               "reviews[0].verdict: 'true' is not one of"),
    "unknown machine verdict": (_set(["verifications", 0, "verdict"], "proven"),
                                "verifications[0].verdict: 'proven' is not one of"),
    "unknown relation": (_set(["matches"], [{"a": None, "b": None, "score": 1, "relation": "same",
                                             "reasons": []}]), "matches[0]"),
    "second document malformed": (_set(["documents", 1, "text"], 5),
                                  "documents[1].text: 5 is not of type 'string'"),
    "documents not a list": (_set(["documents"], "all of them"),
                             "documents: 'all of them' is not of type 'array'"),
    "sha256 not a hash": (_set(["documents", 0, "sha256"], "../../etc/passwd"),
                          "documents[0].sha256: '../../etc/passwd' does not match"),
    "dangling claim reference": (_set(["reviews", 0, "claim"], ["0" * 64, 0, 5]),
                                 "reviews[0].claim: no claim 000000000000...[0:5] in this file"),
    "a field the model does not know": (
        _set(["documents", 0, "claims", 0, "slots", "dates"],
             [{"text": "4 March 2024", "start": 0, "end": 3, "value": "2024-03-04",
               "precision": "day", "evil": 1}]),
        "documents[0]: cannot be read:"),
    "NUL in a title": (_set(["documents", 1, "title"], "a\u0000b"),
                       "documents[1].title: contains a NUL character"),
    "bad date": (_set(["reviews", 0, "created_at"], "yesterday"),
                 "reviews[0].created_at: 'yesterday' is not an ISO date or time"),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_a_defective_import_exits_2_and_changes_nothing(defect, export, db_url, tmp_path):
    change, message = DEFECTS[defect]
    seed = tmp_path / "seed.txt"
    seed.write_text("Officials said 369 vessels were waiting to pass through the canal.\n")
    assert _run(db_url, "ingest", str(seed)).exit_code == 0
    before = _state(db_url)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_defect(export, change)))
    r = _run(db_url, "import", str(path))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"Error: {path}: ") and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert _state(db_url) == before


def test_a_document_larger_than_max_bytes_is_refused(export, db_url, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    r = _run(db_url, "import", str(path), "--max-bytes", "40")
    assert r.exit_code == 2 and "documents[0].text: larger than the limit of 40 bytes" in r.stderr
    r = _run(db_url, "import", str(path))
    assert r.exit_code == 0, r.output


def test_importing_the_same_export_twice_keeps_verified_at(export, db_url, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    assert _run(db_url, "import", str(path)).exit_code == 0
    first = _state(db_url)
    time.sleep(1.1)
    assert _run(db_url, "import", str(path)).exit_code == 0
    assert _state(db_url) == first
    assert len(first["verified_at"]) == len(export["verifications"])


@pytest.mark.parametrize("command", ["ingest", "check"])
def test_ingesting_a_file_whose_planted_copy_was_imported_is_refused(export, db_url, tmp_path,
                                                                      command):
    """An export carries text, not bytes: a crafted one plants a text under a real file's
    sha256. The real file's ingest finds the imported document's hash unverified and its text
    different, and refuses (exit 2, one line) before writing anything."""
    real = tmp_path / "first.txt"
    real.write_text(CLAIM + "\n")
    planted = _defect(export, lambda d: d["documents"][0].update(
        text="The harbour was closed all week.", claims=[], references=[], citation_issues=[],
        paragraphs=[[0, 32]]))
    planted["verifications"] = planted["reviews"] = planted["matches"] = []
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(planted))
    assert _run(db_url, "import", str(path)).exit_code == 0, path.read_text()[:300]
    before = _state(db_url)
    r = _run(db_url, command, str(real), *(["--offline"] if command == "check" else []))
    assert r.exit_code == 2, r.output
    (line,) = [x for x in r.output.splitlines() if x.strip()]
    assert "first.txt: document 1 was imported under this file's sha256 with another text" in line
    assert _state(db_url) == before
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT text FROM documents WHERE id = 1")).startswith(
                "The harbour was closed")
    finally:
        engine.dispose()


def test_ingesting_the_file_an_honest_import_came_from_confirms_its_hash(export, db_url,
                                                                         tmp_path):
    """The same text under the hash: the document is the file's, and its mark is cleared."""
    real = tmp_path / "first.txt"
    real.write_text(CLAIM + "\n")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    assert _run(db_url, "import", str(path)).exit_code == 0

    def unverified() -> list[int]:
        engine = create_db_engine(db_url)
        try:
            with engine.connect() as conn:
                return sorted(conn.scalars(sa.text(
                    "SELECT id FROM documents WHERE hash_unverified")))
        finally:
            engine.dispose()
    assert len(unverified()) == len(export["documents"])
    r = _run(db_url, "ingest", str(real))
    assert r.exit_code == 0, r.output
    sha = {d["sha256"]: d for d in export["documents"]}
    import hashlib
    mine = hashlib.sha256(real.read_bytes()).hexdigest()
    assert mine in sha
    assert len(unverified()) == len(export["documents"]) - 1


def test_a_write_failing_half_way_leaves_nothing_of_the_import(export, db_url, tmp_path):
    """The database refuses the last step (a trigger on known_claims): the documents, claims,
    snapshots, verdicts and reviews written before it are rolled back with it."""
    engine = create_db_engine(db_url)
    try:
        assert _run(db_url, "db", "upgrade").exit_code == 0
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON known_claims "
                                     "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END")
            else:
                conn.exec_driver_sql("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                                     "RAISE EXCEPTION 'refused by a trigger'; END $$ LANGUAGE plpgsql")
                conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON known_claims "
                                     "FOR EACH ROW EXECUTE FUNCTION refuse()")
    finally:
        engine.dispose()
    before = _state(db_url)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    r = _run(db_url, "import", str(path))
    assert r.exit_code == 2, r.output
    assert "refused by a trigger" in r.stderr and "nothing was written" in r.stderr
    assert _state(db_url) == before
