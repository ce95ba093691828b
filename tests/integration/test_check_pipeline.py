"""`claimcheck check` end to end: real HTTP server on 127.0.0.1, real SQLite/PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = """<html><head><title>Harbour salvage report</title>
<meta name="author" content="Jane Reporter"><meta property="article:published_time" content="2021-04-02">
</head><body><nav>Home | World | Sport</nav>
<article><h1>Harbour salvage report</h1>
<p>Salvors refloated the container ship Ever Bright on 29 March 2021 after six days aground.</p>
<p>Only Dutch salvors took part in the operation, which cost $9.6 million.</p>
<p>Officials said 369 vessels were waiting to pass through the canal.</p>
<p>&lt;script&gt;alert(1)&lt;/script&gt; was posted in the comments.</p>
</article><footer>Copyright 2021</footer><script>alert('x')</script></body></html>"""
REFERENCE = """<html><head><title>Canal authority statement</title></head><body><main>
<p>The container ship Ever Bright was refloated on 29 March 2021 after six days aground.</p>
<p>Dutch and Japanese salvors took part in the operation.</p>
<p>At the peak, 422 vessels were waiting to pass through the canal.</p>
</main></body></html>"""


def _serve(httpserver):
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/statement").respond_with_data(REFERENCE,
                                                             content_type="text/html")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver.url_for("/article"), httpserver.url_for("/statement")


def _check(db_url, *args):
    return CliRunner().invoke(cli, ["--db", db_url, "check", *args])


def test_check_url_with_reference(httpserver, db_url):
    article, statement = _serve(httpserver)
    r = _check(db_url, article, "--reference", statement, "--allow-private", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["schema"] == "claimcheck.report/1"
    assert set(report) >= {"generated_at", "documents", "claims", "references", "matches",
                           "verifications", "citation_issues", "sources"}
    (doc,) = report["documents"]
    assert doc["title"] == "Harbour salvage report" and doc["location"] == article
    assert "alert('x')" not in doc["text"] and "Home | World" not in doc["text"]
    texts = {d["id"]: d["text"] for d in report["documents"]}
    for c in report["claims"]:
        assert texts[c["document_id"]][c["start"]:c["end"]] == c["text"]
    # the report says which alignment mode made it, with the model's weight hash
    from claimcheck.embed.install import encoder_info

    mode = encoder_info()
    assert report["alignment"]["mode"] == mode["mode"]
    if mode["mode"] == "semantic":
        assert mode["sha256"] in report["generator"] and report["alignment"]["sha256"] == mode["sha256"]
    verdicts = {v["claim_id"]: v for v in report["verifications"]}
    assert verdicts, "every check-worthy claim is checked against --reference"
    for v in verdicts.values():
        assert v["url"] == statement and v["snapshot"]["status"] == 200
        assert v["verdict"] in ("supported", "contradicted", "not_found", "unreachable")
        if v["evidence"]:
            assert v["evidence"]["text"] in REFERENCE


def test_private_address_refused_without_flag(httpserver, db_url):
    article, _ = _serve(httpserver)
    r = _check(db_url, article)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: {article}: ") and len(r.stderr.strip().splitlines()) == 1


def test_unreachable_reference_is_a_verdict_not_an_error(httpserver, db_url, tmp_path):
    article, _ = _serve(httpserver)
    dead = "http://127.0.0.1:9/nothing-listens-here"
    r = _check(db_url, article, "--reference", dead, "--allow-private", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["verifications"]
    assert {v["verdict"] for v in report["verifications"]} == {"unreachable"}


def test_offline_reference_url_is_unreachable(tmp_path, db_url):
    doc = tmp_path / "note.txt"
    doc.write_text("The ship was refloated on 29 March 2021 after six days aground.\n")
    r = _check(db_url, str(doc), "--reference", "https://example.org/x", "--offline",
               "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert [v["verdict"] for v in report["verifications"]] == ["unreachable"]
    assert report["verifications"][0]["reasons"]


def test_rerun_is_safe_and_fail_on(httpserver, db_url):
    article, statement = _serve(httpserver)
    args = [article, "--reference", statement, "--allow-private", "--format", "json"]
    first = json.loads(_check(db_url, *args).stdout)
    second = json.loads(_check(db_url, *args).stdout)
    strip = lambda rep: {k: rep[k] for k in ("claims", "matches")}  # noqa: E731
    assert strip(first) == strip(second)
    assert len(first["verifications"]) == len(second["verifications"])
    verdicts = {v["verdict"] for v in second["verifications"]}
    r = _check(db_url, *args, "--fail-on", "contradicted")
    assert r.exit_code == (1 if "contradicted" in verdicts else 0)


@pytest.mark.parametrize("fmt", ["md", "html", "claimreview"])
def test_every_format_renders(tmp_path, fmt):
    doc = tmp_path / "note.txt"
    doc.write_text("The ship <b>Ever Bright</b> was refloated on 29 March 2021.\n")
    out = tmp_path / f"report.{fmt}"
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "f.db"), "check", str(doc), "--offline",
                                 "--format", fmt, "--out", str(out), "--no-summary"])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    if fmt == "html":
        assert "<b>Ever Bright</b>" not in text and "&lt;b&gt;Ever Bright" in text
    if fmt == "claimreview":
        json.loads(text)


def test_links_in_an_html_document_are_checked(httpserver, db_url):
    _, statement = _serve(httpserver)
    long_tail = "?" + "q=1&" * 120  # keys longer than any fixed-width column
    page = (f'<html><body><article><p>The ship was refloated on 29 March 2021, '
            f'<a href="{statement}{long_tail}">the authority said</a>.</p></article></body></html>')
    httpserver.expect_request("/linked").respond_with_data(page, content_type="text/html")
    r = _check(db_url, httpserver.url_for("/linked"), "--allow-private", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    (ref,) = report["references"]
    assert ref["url"].startswith(statement) and len(ref["key"]) > 300
    (v,) = report["verifications"]
    assert v["url"] == ref["url"] and v["snapshot"]["status"] == 200


def test_offline_rerun_uses_the_stored_snapshot(httpserver, db_url, tmp_path):
    _, statement = _serve(httpserver)
    doc = tmp_path / "ship.txt"
    doc.write_text("The container ship Ever Bright was refloated on 29 March 2021 after six days "
                   "aground.\n")
    online = json.loads(_check(db_url, str(doc), "--reference", statement, "--allow-private",
                               "--format", "json").stdout)
    httpserver.clear()  # the page is gone from the network
    offline = json.loads(_check(db_url, str(doc), "--reference", statement, "--offline",
                                "--format", "json").stdout)
    pick = lambda r: [(v["verdict"], v["snapshot"]["sha256"]) for v in r["verifications"]]  # noqa: E731
    assert pick(offline) == pick(online) and pick(online)[0][0] != "unreachable"


def test_fetch_reports_changed_and_disappeared_pages(httpserver, db_url):
    url = httpserver.url_for("/page")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)

    def fetch(exit_code=0):
        r = CliRunner().invoke(cli, ["--db", db_url, "fetch", url, "--allow-private",
                                     "--format", "json"])
        assert r.exit_code == exit_code, r.output
        return json.loads(r.stdout)[0]["change"]

    httpserver.expect_request("/page").respond_with_data("<p>Version one.</p>",
                                                        content_type="text/html")
    assert fetch() == "first"
    assert fetch() == "unchanged"
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("<p>Version two.</p>",
                                                        content_type="text/html")
    assert fetch() == "changed"
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("gone", status=404)
    assert fetch(exit_code=1) == "disappeared"  # nothing could be fetched: exit 1


def test_report_dates_always_carry_an_iso_value(tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text("Two weeks later the port reopened, on 3 May 2021, after six days.\n")
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "check", str(doc), "--offline"])
    (claim,) = json.loads(r.stdout)["claims"]
    assert [d["value"] for d in claim["dates"]] == ["2021-05-03"]
    assert "Two weeks later" in [d["text"] for d in claim["relative_dates"]]


def test_claims_held_after_writing_are_those_stored(db_url):
    """``check`` keeps the claims it has just written instead of reading them back: every one
    equals what the store reads (ids, slots, citations linked to reference entries, order), on
    both fixture documents (one with a reference list), each case document and a re-check."""
    from claimcheck.pipeline import load_documents, store_documents
    from claimcheck.store import SqlStore

    paths = [str(p) for p in sorted((ROOT / "fixtures").glob("*-2022.*"))]
    cases = Path(ROOT.parent / "shared" / "cases")
    paths += [str(p) for p in sorted(cases.glob("*/*.md"))[:4]] if cases.exists() else []
    store = SqlStore(db_url)
    try:
        for round_ in range(2):  # the second time every document is stored already
            held: dict = {}
            results = store_documents(store, load_documents(paths), held=held)
            assert len(held) == (len(results) if round_ == 0 else 0)
            for doc_id, claims in held.items():
                assert claims == store.claims([doc_id], include_merged=True) and claims
        assert any(c.citations and any(m.reference_key for m in c.citations)
                   for claims in [store.claims()] for c in claims)
    finally:
        store.close()


def _report_without_clock(report: dict) -> dict:
    report = json.loads(json.dumps(report))
    report.pop("generated_at")
    for d in report["documents"]:
        d.pop("ingested_at")
    for v in report["verifications"]:
        if v["snapshot"]:
            v["snapshot"].pop("fetched_at")
    return report


def test_large_check_freezes_older_objects_only_while_it_runs(tmp_path, monkeypatch):
    """A large check leaves the objects older than the run out of the collector's full passes
    while it runs and gives them back after; the report is the same as without; a freeze made
    by the host process is left as it was."""
    import gc

    import claimcheck.pipeline as pipeline
    from claimcheck.pipeline import CheckOptions, run_check
    from claimcheck.store import SqlStore

    paths = [str(ROOT / "fixtures" / "commentary-xusheng-2022.txt")]
    seen = []
    stage = pipeline.match_documents

    def match_documents(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return stage(*args, **kwargs)

    monkeypatch.setattr(pipeline, "match_documents", match_documents)
    reports = []
    for name, threshold in (("small", 10**12), ("large", 0)):
        monkeypatch.setattr(pipeline, "FREEZE_MIN_CHARS", threshold)
        store = SqlStore(str(tmp_path / f"{name}.db"))
        try:
            reports.append(_report_without_clock(run_check(store, paths, CheckOptions(offline=True))))
        finally:
            store.close()
        assert gc.get_freeze_count() == 0
    assert seen[0] == 0 and seen[1] > 0
    assert reports[0] == reports[1] and reports[0]["claims"]

    gc.freeze()  # the host's own freeze (before forking workers, say) is not undone
    try:
        frozen = gc.get_freeze_count()
        store = SqlStore(str(tmp_path / "host.db"))
        try:
            run_check(store, paths, CheckOptions(offline=True))
        finally:
            store.close()
        assert gc.get_freeze_count() > 0 and 0 < seen[2] <= frozen
    finally:
        gc.unfreeze()
