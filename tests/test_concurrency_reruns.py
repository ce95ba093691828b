"""Re-running commands on one database never loses what an earlier run stored.

Real SQLite files and PostgreSQL (``db_url``), a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.store import SqlStore

STATEMENT = """<html><head><title>Canal authority statement</title></head><body><main>
<p>The container ship Ever Bright was refloated on 29 March 2021 after six days aground.</p>
<p>At the peak, 422 vessels were waiting to pass through the canal.</p>
</main></body></html>"""
NOTE = ("The container ship Ever Bright was refloated on 29 March 2021 after six days aground. "
        "At the peak, 422 vessels were waiting to pass through the canal.\n")


def _run(db_url, *args):
    return CliRunner().invoke(cli, ["--db", db_url, *args])


def _serve(httpserver, path="/statement", body=STATEMENT, status=200):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request(path).respond_with_data(body, status=status,
                                                     content_type="text/html")
    return httpserver.url_for(path)


def _verdicts(report):
    return sorted((v["claim_id"], v["verdict"], v["snapshot"]["sha256"])
                  for v in report["verifications"])


# -- verify -------------------------------------------------------------------------------------

def test_verify_without_allow_private_keeps_verdicts_backed_by_snapshots(httpserver, db_url,
                                                                         tmp_path, caplog):
    url = _serve(httpserver)
    doc = tmp_path / "ship.txt"
    doc.write_text(NOTE)
    first = _run(db_url, "check", str(doc), "--reference", url, "--allow-private")
    assert first.exit_code == 0, first.output
    before = json.loads(first.stdout)
    assert "supported" in {v["verdict"] for v in before["verifications"]}

    again = _run(db_url, "verify", "--reference", url, "--format", "json")  # no --allow-private
    assert again.exit_code == 0, again.output
    assert "re-fetch failed" in caplog.text and "stored snapshot" in caplog.text
    assert {row["verdict"] for row in json.loads(again.stdout)} == \
        {v["verdict"] for v in before["verifications"]}

    after = json.loads(_run(db_url, "report", "--format", "json").stdout)
    assert _verdicts(after) == _verdicts(before)
    for v in after["verifications"]:
        (note,) = [r["note"] for r in v["reasons"] if "re-fetch failed" in r["note"]]
        assert "private" in note or "refused" in note or "loopback" in note, note
    md = _run(db_url, "report", "--format", "md").stdout
    html = _run(db_url, "report", "--format", "html").stdout
    assert "fetch failed" in md and "fetch failed" in html  # md escapes the hyphen
    reviews = json.loads(_run(db_url, "report", "--format", "claimreview").stdout)
    assert any("Re-fetch failed" in r["reviewBody"] for r in reviews)
    rows = json.loads(_run(db_url, "verify", "--reference", url, "--format", "json").stdout)
    assert rows and all(row["note"].startswith("re-fetch failed") for row in rows)
    table = _run(db_url, "verify", "--reference", url).stdout
    assert "re-fetch failed" in table

    store = SqlStore(db_url)
    try:
        history = store.snapshots_for(url)
    finally:
        store.close()
    assert history[-1].error and not history[0].error  # the failed attempt is kept too


def test_a_page_gone_since_keeps_its_verdict_and_says_why(httpserver, db_url, tmp_path):
    url = _serve(httpserver)
    doc = tmp_path / "ship.txt"
    doc.write_text(NOTE)
    before = json.loads(_run(db_url, "check", str(doc), "--reference", url,
                             "--allow-private").stdout)
    httpserver.clear()
    _serve(httpserver, body="gone", status=404)
    after = json.loads(_run(db_url, "check", str(doc), "--reference", url,
                            "--allow-private").stdout)
    assert _verdicts(after) == _verdicts(before)
    assert all(any("HTTP 404" in r["note"] or "404" in r["note"] for r in v["reasons"])
               for v in after["verifications"])


def test_a_page_never_fetched_is_still_unreachable(db_url, tmp_path):
    doc = tmp_path / "ship.txt"
    doc.write_text(NOTE)
    r = _run(db_url, "check", str(doc), "--reference", "http://127.0.0.1:9/nothing-here")
    assert r.exit_code == 0, r.output
    verdicts = json.loads(r.stdout)["verifications"]
    assert verdicts and {v["verdict"] for v in verdicts} == {"unreachable"}


# -- fetch --------------------------------------------------------------------------------------

def test_fetch_exits_1_and_writes_no_warc_when_nothing_was_fetched(httpserver, db_url, tmp_path):
    warc = tmp_path / "out.warc.gz"
    dead = "http://127.0.0.1:9/nothing-here"
    url = _serve(httpserver)
    r = _run(db_url, "fetch", dead, url, "--format", "json", "--warc", str(warc))  # refused
    assert r.exit_code == 1
    assert r.stderr.strip() == ("Error: nothing could be fetched (2 URL(s) failed, see the "
                                "error column); no WARC written")
    assert all(row["error"] for row in json.loads(r.stdout))
    assert not warc.exists()

    ok = _run(db_url, "fetch", dead, url, "--allow-private", "--format", "json", "--warc",
              str(warc))
    assert ok.exit_code == 0, ok.output
    assert warc.stat().st_size > 0


def test_check_save_warc_writes_no_empty_file(db_url, tmp_path, caplog):
    doc = tmp_path / "ship.txt"
    doc.write_text(NOTE)
    warc = tmp_path / "evidence.warc"
    r = _run(db_url, "check", str(doc), "--reference", "https://example.org/x", "--offline",
             "--save-warc", str(warc))
    assert r.exit_code == 0, r.output
    assert not warc.exists() and "no WARC was written" in caplog.text


# -- ingest -------------------------------------------------------------------------------------

def _document(db_url):
    shown = _run(db_url, "documents", "show", "1", "--format", "json")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_reingest_with_new_metadata_updates_it_and_records_the_change(db_url, tmp_path):
    doc = tmp_path / "strike.txt"
    doc.write_text("The strike began on 4 March. Officials said 1,200 drivers stopped work.\n")
    first = _run(db_url, "ingest", str(doc), "--published", "2023-05-01", "--format", "json")
    assert json.loads(first.stdout)[0]["status"] == "new"
    assert _run(db_url, "claims", "list", "--format", "json").stdout.count("2023-03-04") == 1

    r = _run(db_url, "ingest", str(doc), "--kind", "news", "--title", "Strike", "--published",
             "2024-05-01", "--source", "City Desk", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["status"] == \
        "metadata updated: kind, published, source, title"
    got = _document(db_url)
    assert (got["kind"], got["title"], got["published"], got["source"]) == \
        ("news", "Strike", "2024-05-01", "City Desk")
    changes = {c["field"]: (c["old"], c["new"]) for c in got["metadata_changes"]}
    assert changes["kind"][1] == "news" and changes["published"] == ("2023-05-01", "2024-05-01")
    assert changes["source"] == (None, "City Desk")
    # the year left out in the text now comes from the corrected date
    listed = _run(db_url, "claims", "list", "--format", "json").stdout
    assert "2024-03-04" in listed and "2023-03-04" not in listed

    # re-runs with the same or no options change nothing and record nothing
    for args in (["--kind", "news"], []):
        again = _run(db_url, "ingest", str(doc), *args, "--format", "json")
        assert json.loads(again.stdout)[0]["status"] == "already stored"
    assert len(_document(db_url)["metadata_changes"]) == 4


def test_an_edited_sidecar_updates_the_stored_metadata_on_check(db_url, tmp_path, caplog):
    doc = tmp_path / "strike.txt"
    doc.write_text("Officials said 1,200 drivers stopped work on 4 March 2024.\n")
    side = tmp_path / "strike.txt.meta.json"
    side.write_text(json.dumps({"kind": "commentary", "source": "Harbour Ledger"}))
    assert _run(db_url, "check", str(doc), "--offline").exit_code == 0
    side.write_text(json.dumps({"kind": "news", "source": "Harbour Ledger"}))
    r = _run(db_url, "check", str(doc), "--offline")
    assert r.exit_code == 0, r.output
    assert "stored kind changed from 'commentary' to 'news' (recorded)" in caplog.text
    (d,) = json.loads(r.stdout)["documents"]
    assert (d["kind"], d["source"]) == ("news", "Harbour Ledger")


def test_a_reference_added_to_the_sidecar_is_checked_on_the_next_run(httpserver, db_url,
                                                                     tmp_path):
    url = _serve(httpserver)
    doc = tmp_path / "ship.txt"
    doc.write_text(NOTE)
    side = tmp_path / "ship.txt.meta.json"
    side.write_text(json.dumps({"kind": "news"}))
    first = json.loads(_run(db_url, "check", str(doc), "--allow-private").stdout)
    assert first["verifications"] == []
    side.write_text(json.dumps({"kind": "news", "references": [url]}))
    second = json.loads(_run(db_url, "check", str(doc), "--allow-private").stdout)
    assert second["verifications"] and {v["url"] for v in second["verifications"]} == {url}
    assert [c["field"] for c in _document(db_url)["metadata_changes"]] == ["cited_urls"]
