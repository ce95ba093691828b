"""WARC archives: write -> read round trip, offline mode, lookups, and the demo archive."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from local_http import LocalServer, send

from claimcheck.errors import FetchError, InputError, PolicyError
from claimcheck.fetch import Fetcher, FetchPolicy, WarcArchive, normalize_url, page_metadata, write_warc
from claimcheck.fetch_archive import page_from_bytes
from claimcheck.model import Page

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
POLICY = FetchPolicy(allow_private=True, per_host_delay=0.0, read_timeout=2.0, retries=0)

PAGES = {
    "/report": ("text/html; charset=utf-8", "<html><head><title>Report</title></head><body><nav>Menu</nav>"
                "<main><p>The draft received 13 votes in favour and 2 against.</p></main></body></html>".encode()),
    "/ru": ("text/html; charset=windows-1251", "<p>Резолюция принята 24 марта.</p>".encode("cp1251")),
    "/notes.txt": ("text/plain", b"Plain text notes.\r\nSecond line."),
}


@pytest.fixture
def server():
    srv = LocalServer().start()
    for path, (kind, body) in PAGES.items():
        srv.routes[path] = lambda h, kind=kind, body=body: send(h, 200, body, kind, {"ETag": '"abc"'})
    srv.routes["/gz"] = lambda h: send(h, 200, gzip.compress(PAGES["/report"][1]), "text/html",
                                       {"Content-Encoding": "gzip"})
    yield srv
    srv.stop()


@pytest.fixture
def live_pages(server):
    with Fetcher(policy=POLICY) as fetcher:
        results = fetcher.fetch_many([server.url(p) for p in (*PAGES, "/gz")])
    return list(results.values())


@pytest.mark.parametrize("name", ["out.warc.gz", "out.warc"])
def test_write_then_read_round_trip(tmp_path, server, live_pages, name):
    path = tmp_path / name
    assert write_warc(path, live_pages) == len(live_pages)
    hits_before = len(server.hits)
    with Fetcher(archive=WarcArchive.load(path), offline=True) as offline:
        for live in live_pages:
            archived = offline.fetch(live.url)
            assert archived.from_archive
            assert (archived.text, archived.sha256, archived.status, archived.title) == (
                live.text, live.sha256, live.status, live.title)
            assert archived.fetched_at.replace(microsecond=0) == live.fetched_at.replace(microsecond=0)
    assert len(server.hits) == hits_before
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")


def test_gzip_encoded_response_is_stored_decoded(tmp_path, live_pages, server):
    path = tmp_path / "a.warc.gz"
    write_warc(path, live_pages)
    page = Fetcher(archive=WarcArchive.load(path), offline=True).fetch(server.url("/gz"))
    assert page.text == "The draft received 13 votes in favour and 2 against."


def test_writing_is_deterministic(tmp_path, live_pages):
    first, second = tmp_path / "1.warc.gz", tmp_path / "2.warc.gz"
    write_warc(first, live_pages)
    write_warc(second, live_pages)
    assert first.read_bytes() == second.read_bytes()


def test_offline_refuses_urls_not_in_archive(tmp_path, live_pages, server):
    path = tmp_path / "a.warc"
    write_warc(path, live_pages)
    fetcher = Fetcher(archive=WarcArchive.load(path), offline=True)
    with pytest.raises(PolicyError, match=r"not in archive \(offline\): http://127.0.0.1:\d+/other"):
        fetcher.fetch(server.url("/other"))
    assert "/other" not in server.hits


def test_lookup_normalises_urls(tmp_path, live_pages, server):
    path = tmp_path / "a.warc"
    write_warc(path, live_pages)
    archive = WarcArchive.load(path)
    shouted = server.url("/report").replace("http://", "HTTP://") + "#section-2"
    assert shouted in archive
    assert server.url("/Report") not in archive  # paths stay case-sensitive
    assert normalize_url("HTTPS://Example.ORG:443") == "https://example.org/"
    assert normalize_url("http://example.org:8080/a?b=1#c") == "http://example.org:8080/a?b=1"


def test_archive_answers_before_the_network(tmp_path, live_pages, server):
    path = tmp_path / "a.warc.gz"
    write_warc(path, live_pages)
    server.stop()
    with Fetcher(archives=[path], policy=POLICY) as fetcher:
        assert fetcher.fetch(server.url("/report")).from_archive


def test_archived_error_status_and_redirects(tmp_path, live_pages, server):
    report = next(p for p in live_pages if p.url.endswith("/report"))
    moved = replace(report, url=server.url("/moved"), final_url=server.url("/moved"), status=301,
                    headers=(("Location", "/report"),), body=b"")
    gone = replace(report, url=server.url("/gone"), final_url=server.url("/gone"), status=404, body=b"")
    path = tmp_path / "a.warc"
    write_warc(path, [report, moved, gone])
    fetcher = Fetcher(archives=[path], offline=True)
    assert fetcher.fetch(server.url("/moved")).final_url == server.url("/report")
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found \(archived\)") as info:
        fetcher.fetch(server.url("/gone"))
    assert info.value.status == 404


def test_latest_capture_wins(tmp_path, live_pages):
    report = next(p for p in live_pages if p.url.endswith("/report"))
    older = replace(report, fetched_at=report.fetched_at.replace(year=2020), body=b"<p>old</p>")
    path = tmp_path / "a.warc"
    write_warc(path, [report, older])
    assert Fetcher(archives=[path], offline=True).fetch(report.url).text.startswith("The draft")


def test_bad_archive_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="archive not found"):
        WarcArchive.load(tmp_path / "missing.warc.gz")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file\n" * 10)
    with pytest.raises(InputError, match="not a readable WARC file"):
        WarcArchive.load(junk)


# The demo's reference archive --------------------------------------------------------------


def test_demo_archive_is_reproducible(tmp_path):
    out = tmp_path / "references.warc.gz"
    subprocess.run([sys.executable, str(FIXTURES / "build_warc.py"), "--out", str(out)], check=True)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == \
        hashlib.sha256((FIXTURES / "references.warc.gz").read_bytes()).hexdigest()


def test_demo_archive_serves_every_manifest_entry():
    manifest = json.loads((FIXTURES / "pages" / "manifest.json").read_text("utf-8"))
    fetcher = Fetcher(archives=[FIXTURES / "references.warc.gz"], offline=True)
    results = fetcher.fetch_many([entry["url"] for entry in manifest["pages"]])
    for entry in manifest["pages"]:
        result = results[entry["url"]]
        if entry["status"] == 200:
            assert result.status == 200 and len(result.text) > 200, entry["url"]
            assert "cookie" not in result.text.lower(), entry["url"]
        else:
            assert isinstance(result, FetchError) and result.status == entry["status"]


def test_demo_archive_covers_the_cited_references():
    article = (FIXTURES / "article-pacheco-pardo-kim-2022.md").read_text("utf-8")
    manifest = json.loads((FIXTURES / "pages" / "manifest.json").read_text("utf-8"))
    cited = [e for e in manifest["pages"] if e["url"] in article]
    assert len([e for e in cited if e["status"] == 200]) >= 8
    assert any(e["status"] == 404 for e in cited)


@settings(max_examples=25, deadline=None)
@given(
    # a body that opens with the PDF signature is read as a PDF (a broken one is refused: see
    # the PDF tests); any other bytes must come back unchanged
    bodies=st.lists(st.binary(max_size=2000).filter(lambda b: not b.lstrip().startswith(b"%PDF-")),
                    min_size=1, max_size=4),
    status=st.sampled_from([200, 203, 404, 500]),
    gz=st.booleans(),
)
def test_any_bodies_survive_a_round_trip(bodies, status, gz):
    # built directly: page_from_bytes refuses bodies that are not text (a NUL, many controls)
    pages = [
        Page(url=f"https://example.org/p{i}?q={i}", final_url=f"https://example.org/p{i}?q={i}",
             status=status, fetched_at=datetime(2022, 3, 2, 10, 0, tzinfo=UTC),
             sha256=hashlib.sha256(body).hexdigest(), content_type="text/plain", text="", body=body)
        for i, body in enumerate(bodies)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("x.warc.gz" if gz else "x.warc")
        write_warc(path, pages)
        archive = WarcArchive.load(path)
        for page in pages:  # bodies are read from the file when asked for
            record = archive.lookup(page.url)
            assert (record.read_body(10_000), record.status, record.date) == (page.body, page.status, page.fetched_at)


def test_page_metadata_of_archived_pages():
    fetcher = Fetcher(archives=[FIXTURES / "references.warc.gz"], offline=True)
    page = fetcher.fetch("https://www.un.org/press/en/2022/ga12414.doc.htm")
    meta = page_metadata(page)
    assert meta["published"] == "2022-04-07" and meta["site_name"] == "UN Press"
    notes = page_from_bytes("https://example.org/n.txt", b"plain", content_type="text/plain")
    assert page_metadata(notes) == {}


def test_revisit_resource_and_bracketed_uris_are_indexed(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawler.warc.gz"
    body = b"<html><body><p>Captured once, served twice.</p></body></html>"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        original = writer.create_warc_record("https://example.org/a", "response", payload=BytesIO(body),
                                             length=len(body), http_headers=http)
        writer.write_record(original)
        digest = original.rec_headers.get_header("WARC-Payload-Digest")
        again = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_revisit_record(
            "https://example.org/b", digest, "https://example.org/a", "2022-01-01T00:00:00Z", http_headers=again))
        writer.write_record(writer.create_warc_record(
            "https://example.org/notes.txt", "resource", payload=BytesIO(b"plain notes"), length=11,
            warc_content_type="text/plain"))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "<https://example.org/c>", "response", payload=BytesIO(b"bracketed"), length=9, http_headers=http))
    fetcher = Fetcher(archives=[path], offline=True)
    assert fetcher.fetch("https://example.org/b").text == "Captured once, served twice."
    assert fetcher.fetch("https://example.org/notes.txt").text == "plain notes"
    assert fetcher.fetch("https://example.org/c").text == "bracketed"


def test_other_media_types_are_refused_without_keeping_their_bodies(tmp_path):
    body = b"\x89PNG" + b"\0" * 5000
    image = Page(url="https://example.org/logo.png", final_url="https://example.org/logo.png", status=200,
                 fetched_at=datetime(2022, 3, 2, tzinfo=UTC), sha256=hashlib.sha256(body).hexdigest(),
                 content_type="image/png", text="", body=body)  # page_from_bytes refuses binary
    path = tmp_path / "crawl.warc"
    write_warc(path, [image])
    archive = WarcArchive.load(path)
    assert archive.lookup(image.url).body_skipped and archive.lookup(image.url).read_body(10_000) == b""
    with pytest.raises(FetchError, match=r"unsupported content type image/png \(archived\)"):
        Fetcher(archive=archive, offline=True).fetch(image.url)
