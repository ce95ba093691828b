"""Page text read in worker processes (claimcheck.fetch_pool): the same pages as in the threads."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import pytest
from local_http import LocalServer, send

from claimcheck.errors import FetchError
from claimcheck.fetch import Fetcher, FetchPolicy
from claimcheck.fetch_archive import WarcArchive, page_text, read_archived, write_warc
from claimcheck.fetch_pool import MIN_PAGES, ReaderPool

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
FAST = FetchPolicy(allow_private=True, per_host_delay=0.0, max_per_host=8, read_timeout=5.0)


@pytest.fixture
def server():
    srv = LocalServer().start()
    for path in sorted(PAGES.glob("*.html")):
        body = path.read_bytes()
        srv.routes[f"/{path.name}"] = lambda h, body=body: send(h, 200, body)
    srv.routes["/notes.txt"] = lambda h: send(h, 200, b"plain\r\ntext", "text/plain")
    srv.routes["/broken.pdf"] = lambda h: send(h, 200, b"%PDF-1.4 not really", "application/pdf")
    yield srv
    srv.stop()


def page_urls(server) -> list[str]:
    """Enough page URLs for a batch to go through the workers (each fixture page, repeated)."""
    names = [p.name for p in sorted(PAGES.glob("*.html"))]
    urls = [server.url(f"/{names[i % len(names)]}?copy={i}") for i in range(MIN_PAGES)]
    assert len(urls) >= MIN_PAGES
    return urls


def comparable(page) -> object:
    """A page or error without what differs between two fetches (the time, the Date header)."""
    if isinstance(page, Exception):
        return type(page).__name__, str(page)
    headers = tuple((k, v) for k, v in page.headers if k.lower() != "date")
    return dataclasses.replace(page, fetched_at=None, headers=headers)


def test_pool_reads_what_the_thread_reads():
    body = (PAGES / "un-press-ga12411.html").read_bytes()
    with ReaderPool(processes=2) as pool:
        assert pool(page_text, "https://example.org/a", body, "text/html", None) == \
            page_text("https://example.org/a", body, "text/html", None)
        with pytest.raises(FetchError, match="damaged PDF"):
            pool(page_text, "https://example.org/b.pdf", b"%PDF-1.4 junk", "application/pdf", None)


def test_a_batch_through_workers_gives_the_same_pages(server):
    urls = page_urls(server) + [server.url("/notes.txt"), server.url("/broken.pdf"), server.url("/absent")]
    with Fetcher(policy=FAST) as fetcher:
        batch = fetcher.fetch_many(urls, workers=4)  # read in worker processes
        one_by_one = {}
        for url in urls:  # read in this thread
            try:
                one_by_one[url] = fetcher.fetch(url)
            except FetchError as exc:
                one_by_one[url] = exc
    assert {u: comparable(p) for u, p in batch.items()} == {u: comparable(p) for u, p in one_by_one.items()}
    assert "damaged PDF" in str(batch[server.url("/broken.pdf")])


def test_archived_pages_are_the_same_from_a_batch_alone_and_whole_in_a_worker(server, tmp_path):
    urls = page_urls(server)
    with Fetcher(policy=FAST) as fetcher:
        live = fetcher.fetch_many(urls, workers=4)
    write_warc(tmp_path / "pages.warc.gz", live.values())
    archive = WarcArchive.load(tmp_path / "pages.warc.gz")
    with Fetcher(archive=archive, offline=True) as fetcher:
        batch = fetcher.fetch_many(urls, workers=4)  # all archived: read in the threads
        alone = {url: fetcher.fetch(url) for url in urls}
    assert {u: comparable(p) for u, p in batch.items()} == {u: comparable(p) for u, p in alone.items()}
    assert all(page.from_archive and page.text == live[url].text for url, page in batch.items())
    record = archive.lookup(urls[0])
    with ReaderPool(processes=1) as pool:
        assert pool(read_archived, urls[0], record, 10_000_000) == read_archived(urls[0], record, 10_000_000)


def test_workers_start_at_the_first_page_that_needs_them():
    body = (PAGES / "un-press-ga12411.html").read_bytes()
    with ReaderPool(processes=1) as pool:
        assert pool.if_started(page_text, "https://example.org/a", body, "text/html", None) == \
            page_text("https://example.org/a", body, "text/html", None)
        assert not pool.started  # an archived page alone starts no worker
        pool(page_text, "https://example.org/a", body, "text/html", None)
        assert pool.started
        assert pool.if_started(page_text, "https://example.org/a", body, "text/html", None) == \
            page_text("https://example.org/a", body, "text/html", None)


def test_a_dead_worker_leaves_the_pages_to_the_threads(caplog):
    body = (PAGES / "un-press-ga12411.html").read_bytes()
    with ReaderPool(processes=1) as pool:
        first = pool(page_text, "https://example.org/a", body, "text/html", None)  # starts the worker
        worker = pool._workers[0].process
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        second = pool(page_text, "https://example.org/a", body, "text/html", None)
        third = pool(page_text, "https://example.org/a", body, "text/html", None)
    assert first == second == third == page_text("https://example.org/a", body, "text/html", None)
    assert [r.message for r in caplog.records if "stopped" in r.message][:1]
