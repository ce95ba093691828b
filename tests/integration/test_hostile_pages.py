"""Hostile pages and archives end to end (issue #15, items 2 and 4): a malformed link or an
archive bomb costs one citation or one verdict, never the run. Real HTTP server on 127.0.0.1,
real WARC files written with warcio, real SQLite/PostgreSQL."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from local_http import LocalServer, send
from warc_samples import write_archive

from claimcheck.cli import cli
from claimcheck.errors import FetchError
from claimcheck.fetch import Fetcher, FetchPolicy
from claimcheck.model import Page

BAD_LINKS = ('<a href="http://[::1">an unclosed bracket</a>, <a href="http://example\uff0forg/a">a fullwidth '
             'solidus</a>, <a href="http://example.org:99999/">a bad port</a>')
ARTICLE = f"""<html><head><title>Harbour salvage report</title>
<link rel="canonical" href="http://[::1"></head><body><main>
<p>Salvors refloated the container ship Ever Bright on 29 March 2021 after six days aground,
according to <a href="/statement">the canal authority</a>; see also {BAD_LINKS}.</p>
<p>Officials said 369 vessels were waiting to pass through the canal.</p>
</main></body></html>"""
STATEMENT = f"""<html><head><title>Canal authority statement</title></head><body><main>
<p>The container ship Ever Bright was refloated on 29 March 2021 after six days aground.</p>
<p>At the peak, 422 vessels were waiting to pass through the canal. Links: {BAD_LINKS}.</p>
</main></body></html>"""
ARCHIVED = "http://archive.example/statement"


@pytest.fixture
def server():
    """A raw server (werkzeug refuses to send a malformed Location itself)."""
    srv = LocalServer().start()
    srv.routes["/article"] = lambda h: send(h, 200, ARTICLE.encode())
    srv.routes["/statement"] = lambda h: send(h, 200, STATEMENT.encode())
    srv.routes["/moved"] = lambda h: send(h, 302, b"", headers={"Location": "http://[::1"})
    yield srv
    srv.stop()


def test_malformed_links_cost_one_verdict_not_the_run(server, db_url, tmp_path):
    article = server.url("/article")
    archive = tmp_path / "refs.warc.gz"
    write_archive(archive, {ARCHIVED: (STATEMENT.encode(), [("Content-Type", "text/html")])})
    moved = server.url("/moved")
    out = tmp_path / "report.json"
    r = CliRunner().invoke(cli, ["--db", db_url, "check", article, "--reference", moved,
                                 "--reference", ARCHIVED, "--archive", str(archive), "--allow-private",
                                 "--format", "json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    report = json.loads(out.read_text())
    by_url: dict[str, set] = {}
    for v in report["verifications"]:
        by_url.setdefault(v["url"], set()).add(v["verdict"])
    statement = server.url("/statement")
    assert set(by_url) == {statement, moved, ARCHIVED}  # the document's one good link, both references
    assert by_url[moved] == {"unreachable"}
    assert by_url[statement] - {"unreachable"} and by_url[ARCHIVED] - {"unreachable"}
    reasons = [r["note"] or "" for v in report["verifications"] if v["url"] == moved for r in v["reasons"]]
    assert any("invalid redirect Location 'http://[::1'" in note for note in reasons), reasons


def test_ingest_of_a_page_with_malformed_links_and_of_a_malformed_url(db_url, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ARTICLE, encoding="utf-8")
    r = CliRunner().invoke(cli, ["--db", db_url, "ingest", str(page)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["--db", db_url, "ingest", "http://[::1"])
    assert r.exit_code == 2
    assert r.stderr == "Error: invalid URL (Invalid IPv6 URL): http://[::1\n"


URL_TEXT = st.text(alphabet=st.sampled_from(list("[]:/?#@%5Bb.\uff0f\uff1a\u2100a1 \\")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host_tail=URL_TEXT, tail=URL_TEXT, location=URL_TEXT)
@example(host_tail="%5B", tail="/[x", location="http://[::1")  # robots.txt un-escapes %5B into "["
@example(host_tail="\uff0fx", tail="\uff1a", location="//\uff0f[")
def test_any_url_or_redirect_gives_a_page_or_a_fetch_error(server, host_tail, tail, location):
    """Malformed text in the host, the path or a redirect's Location: a FetchError, nothing else."""
    server.routes["/redirect"] = lambda h: send(h, 302, b"", headers={"Location": location})
    server.routes["/robots.txt"] = lambda h: send(h, 200, b"User-agent: *\nDisallow: /private\n", "text/plain")
    policy = FetchPolicy(allow_private=True, per_host_delay=0.0, retries=0, connect_timeout=0.5,
                         read_timeout=1.0, deadline=2.0)
    with Fetcher(policy=policy) as fetcher:
        with_user = server.base.replace("http://", f"http://{host_tail}@") + "/statement"
        for url in (f"http://127.0.0.1{host_tail}/", with_user, server.url("/statement") + tail,
                    server.url("/redirect")):
            result = fetcher.fetch_many([url])[url]
            assert isinstance(result, (Page, FetchError)), url
            if isinstance(result, FetchError):
                assert not str(result).startswith("invalid URL or page"), result  # the last-resort net


def test_a_text_document_with_a_fullwidth_url_gets_one_unreachable_verdict(db_url, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("The vote was 141 in favour and 5 against (https://example\uff0forg\uff1a80/record).\n",
                   encoding="utf-8")
    r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), "--format", "json"])
    assert r.exit_code == 0, r.output
    (verification,) = json.loads(r.stdout)["verifications"]
    assert verification["verdict"] == "unreachable"
    assert any("invalid URL" in (n["note"] or "") for n in verification["reasons"])
