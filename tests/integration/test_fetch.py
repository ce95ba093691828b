"""The fetcher against a real HTTP server on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import gzip
import socket
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from local_http import LocalServer, send

from claimcheck.errors import FetchError, PolicyError
from claimcheck.fetch import Fetcher, FetchPolicy, HttpFetcher

ARTICLE = b"""<!doctype html><html lang="en"><head><title>Vote record</title>
<meta name="author" content="Jane Reporter"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all</button></div>
<main><h1>Assembly adopts resolution</h1>
<p>The resolution was adopted by a recorded vote of 141 in favour to 5 against.</p>
<aside class="most-read"><h2>Most read</h2><ul><li>Celebrity news</li></ul></aside>
</main><footer>Copyright 2022</footer></body></html>"""

FAST = FetchPolicy(
    allow_private=True, per_host_delay=0.0, connect_timeout=1.0, read_timeout=1.0,
    retries=2, backoff_factor=0.01, max_bytes=200_000,
)


@pytest.fixture
def server():
    srv = LocalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def fetcher():
    with HttpFetcher(FAST) as f:
        yield f


def page_route(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200, headers=None):
    return lambda h: send(h, status, body, content_type, headers)


def test_fetch_returns_page_with_extracted_main_text(server, fetcher):
    server.routes["/article"] = page_route(ARTICLE)
    page = fetcher.fetch(server.url("/article"))
    assert page.status == 200
    assert page.title == "Vote record"
    assert page.text == (
        "Assembly adopts resolution\n\n"
        "The resolution was adopted by a recorded vote of 141 in favour to 5 against."
    )
    assert page.body == ARTICLE and len(page.sha256) == 64
    assert page.content_type.startswith("text/html") and not page.from_archive


def test_requests_identify_the_tool(server, fetcher):
    server.routes["/article"] = page_route(ARTICLE)
    fetcher.fetch(server.url("/article"))
    agents = {r.get("User-Agent") for r in server.requests}
    assert agents == {"claimcheck/0.1.0 (+https://github.com/claimcheck/claimcheck)"}


def test_redirects_are_followed_and_final_url_recorded(server, fetcher):
    server.routes["/old"] = page_route(b"", headers={"Location": "/new"}, status=301)
    server.routes["/new"] = page_route(ARTICLE)
    page = fetcher.fetch(server.url("/old"))
    assert page.url == server.url("/old")
    assert page.final_url == server.url("/new")
    assert "141 in favour" in page.text


def test_redirect_loop_stops_at_the_limit(server):
    server.routes["/loop"] = page_route(b"", headers={"Location": "/loop"}, status=302)
    with HttpFetcher(replace(FAST, max_redirects=3)) as f, pytest.raises(FetchError, match="too many redirects"):
        f.fetch(server.url("/loop"))
    assert server.hits.count("/loop") == 4


def test_redirect_to_link_local_address_is_refused(server):
    server.routes["/go"] = page_route(b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"}, status=302)
    policy = replace(FAST, allow_private=False, allowed_networks=("127.0.0.0/8",))
    with HttpFetcher(policy) as f, pytest.raises(PolicyError, match="link-local address 169.254.169.254"):
        f.fetch(server.url("/go"))


def test_redirect_to_other_scheme_is_refused(server, fetcher):
    server.routes["/go"] = page_route(b"", headers={"Location": "file:///etc/passwd"}, status=302)
    with pytest.raises(PolicyError, match="scheme 'file' not allowed"):
        fetcher.fetch(server.url("/go"))


def test_loopback_is_refused_without_allow_private(server):
    server.routes["/article"] = page_route(ARTICLE)
    with Fetcher() as f:
        for url in (server.url("/article"), server.url("/article").replace("127.0.0.1", "localhost")):
            with pytest.raises(PolicyError, match="loopback address"):
                f.fetch(url)
    assert server.hits == []


@pytest.mark.parametrize("url", ["ftp://example.org/a", "javascript:alert(1)", "file:///etc/passwd"])
def test_other_schemes_are_refused(url):
    with Fetcher() as f, pytest.raises(PolicyError, match="not allowed"):
        f.fetch(url)


def test_unresolvable_host_is_a_dns_error():
    with Fetcher() as f, pytest.raises(FetchError, match="DNS lookup failed for no-such-host.invalid"):
        f.fetch("http://no-such-host.invalid/page")


def test_not_found_raises_with_status(server, fetcher):
    with pytest.raises(FetchError, match="HTTP 404 Not Found") as info:
        fetcher.fetch(server.url("/missing"))
    assert info.value.status == 404


def test_server_error_is_retried_then_succeeds(server, fetcher):
    calls = []

    def flaky(h):
        calls.append(1)
        send(h, 500 if len(calls) == 1 else 200, ARTICLE)

    server.routes["/flaky"] = flaky
    page = fetcher.fetch(server.url("/flaky"))
    assert page.status == 200 and len(calls) == 2


def test_persistent_server_error_gives_up_after_retries(server, fetcher):
    server.routes["/down"] = page_route(b"down", status=503)
    with pytest.raises(FetchError, match="HTTP 503") as info:
        fetcher.fetch(server.url("/down"))
    assert info.value.status == 503
    assert server.hits.count("/down") == FAST.retries + 1


def test_429_waits_for_retry_after(server, fetcher):
    calls = []

    def limited(h):
        calls.append(1)
        if len(calls) == 1:
            send(h, 429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            send(h, 200, ARTICLE)

    server.routes["/limited"] = limited
    started = time.monotonic()
    page = fetcher.fetch(server.url("/limited"))
    assert page.status == 200
    assert time.monotonic() - started >= 0.9


def test_stalled_server_times_out(server):
    server.routes["/stall"] = lambda h: (time.sleep(3), send(h, 200, ARTICLE))
    started = time.monotonic()
    with HttpFetcher(replace(FAST, read_timeout=0.5)) as f, pytest.raises(FetchError, match="timed out"):
        f.fetch(server.url("/stall"))
    assert time.monotonic() - started < 2.5


def endless(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b"<p>" + b"x" * 65_536 + b"</p>"
    for _ in range(2000):  # ~130 MB if nobody stops reading
        h.wfile.write(chunk)


def test_endless_body_is_capped(server, fetcher):
    server.routes["/endless"] = endless
    with pytest.raises(FetchError, match="too large"):
        fetcher.fetch(server.url("/endless"))


def test_declared_oversize_body_is_refused_before_reading(server, fetcher):
    server.routes["/big"] = page_route(b"x" * (FAST.max_bytes + 1))
    with pytest.raises(FetchError, match="declares 200001 bytes"):
        fetcher.fetch(server.url("/big"))


def test_gzip_bomb_is_capped_after_decompression(server, fetcher):
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < FAST.max_bytes
    server.routes["/bomb"] = page_route(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="too large"):
        fetcher.fetch(server.url("/bomb"))


def test_gzip_body_is_decoded(server, fetcher):
    server.routes["/gz"] = page_route(gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})
    assert "141 in favour" in fetcher.fetch(server.url("/gz")).text


def test_wrong_content_type_is_refused(server, fetcher):
    server.routes["/file.zip"] = page_route(b"PK\x03\x04", "application/zip")
    with pytest.raises(FetchError, match="unsupported content type application/zip"):
        fetcher.fetch(server.url("/file.zip"))


def test_robots_txt_disallow_is_obeyed(server, fetcher):
    server.routes["/robots.txt"] = page_route(b"User-agent: *\nDisallow: /private\n", "text/plain")
    server.routes["/private/page"] = page_route(ARTICLE)
    server.routes["/public"] = page_route(ARTICLE)
    with pytest.raises(PolicyError, match="disallowed by robots.txt"):
        fetcher.fetch(server.url("/private/page"))
    assert fetcher.fetch(server.url("/public")).status == 200
    assert "/private/page" not in server.hits
    assert server.hits.count("/robots.txt") == 1


def test_robots_txt_wildcards_and_end_anchors_are_obeyed(server, fetcher):
    """``*`` and ``$`` in robots.txt paths (the stdlib parser took them literally, so these
    were allowed)."""
    server.routes["/robots.txt"] = page_route(
        b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /private*/\n", "text/plain")
    for path in ("/papers/report.pdf", "/private-notes/page", "/report.pdf.html", "/privately"):
        server.routes[path] = page_route(ARTICLE)
    for path in ("/papers/report.pdf", "/private-notes/page"):
        with pytest.raises(PolicyError, match="disallowed by robots.txt"):
            fetcher.fetch(server.url(path))
    for path in ("/report.pdf.html", "/privately"):
        assert fetcher.fetch(server.url(path)).status == 200
    assert "/papers/report.pdf" not in server.hits and "/private-notes/page" not in server.hits


def test_robots_txt_can_be_ignored_by_policy(server):
    server.routes["/robots.txt"] = page_route(b"User-agent: *\nDisallow: /\n", "text/plain")
    server.routes["/page"] = page_route(ARTICLE)
    with HttpFetcher(replace(FAST, respect_robots=False)) as f:
        assert f.fetch(server.url("/page")).status == 200


def test_windows_1251_charset_from_header(server, fetcher):
    body = "<html><body><p>Генеральная Ассамблея приняла резолюцию.</p></body></html>".encode("cp1251")
    server.routes["/ru"] = page_route(body, "text/html; charset=windows-1251")
    assert fetcher.fetch(server.url("/ru")).text == "Генеральная Ассамблея приняла резолюцию."


def test_iso_8859_1_charset_from_meta_tag(server, fetcher):
    body = '<html><head><meta charset="iso-8859-1"></head><body><p>Le café à Genève.</p></body></html>'
    server.routes["/fr"] = page_route(body.encode("latin-1"), "text/html")
    assert fetcher.fetch(server.url("/fr")).text == "Le café à Genève."


def test_undeclared_charset_is_detected(server, fetcher):
    text = "Совет Безопасности не смог принять резолюцию из-за вето двух постоянных членов."
    server.routes["/guess"] = page_route(f"<p>{text}</p>".encode("cp1251"), "text/html")
    assert fetcher.fetch(server.url("/guess")).text == text


def test_conditional_refetch_uses_validators(server):
    def versioned(h):
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            send(h, 200, ARTICLE, headers={"ETag": '"v1"', "Last-Modified": "Wed, 02 Mar 2022 10:00:00 GMT"})

    server.routes["/v"] = versioned
    with Fetcher(policy=FAST) as f:
        first = f.fetch(server.url("/v"))
        second = f.fetch(server.url("/v"), previous=first)
    assert server.requests[-1]["If-None-Match"] == '"v1"'
    assert server.requests[-1]["If-Modified-Since"] == "Wed, 02 Mar 2022 10:00:00 GMT"
    assert second.text == first.text and second.sha256 == first.sha256
    assert second.fetched_at > first.fetched_at


def test_fetch_many_records_each_result(server, tmp_path):
    server.routes["/a"] = page_route(ARTICLE)
    local = tmp_path / "ref.html"
    local.write_bytes(ARTICLE)
    urls = [server.url("/a"), server.url("/missing"), "gopher://x/", str(local), server.url("/a")]
    seen = []
    with Fetcher(policy=FAST) as f:
        results = f.fetch_many(urls, workers=4, progress=lambda done, total: seen.append((done, total)),
                               local=[str(local)])
        unlisted = f.fetch_many([str(local), local.as_uri()])  # a path nobody typed: refused
    assert list(results) == urls[:4]
    assert results[urls[0]].status == 200 and results[urls[3]].status == 200
    assert isinstance(results[urls[1]], FetchError) and results[urls[1]].status == 404
    assert isinstance(results[urls[2]], PolicyError)
    assert seen[-1] == (4, 4) and len(seen) == 4
    assert all(isinstance(r, PolicyError) for r in unlisted.values())


def test_local_files_as_references(tmp_path):
    page_file = tmp_path / "page.html"
    page_file.write_bytes(ARTICLE)
    with Fetcher(offline=True) as f:
        by_path = f.fetch_location(str(page_file))
        by_url = f.fetch_location(page_file.as_uri())
        with pytest.raises(FetchError, match="reference file not found"):
            f.fetch_location(str(tmp_path / "absent.html"))
    assert by_path.text == by_url.text and "141 in favour" in by_path.text
    assert by_path.final_url == str(page_file) and by_url.final_url == page_file.as_uri()


def test_per_host_delay_spaces_requests(server):
    server.routes["/a"] = page_route(ARTICLE)
    started = time.monotonic()
    with HttpFetcher(replace(FAST, per_host_delay=0.3, respect_robots=False)) as f:
        f.fetch_many([server.url(f"/a?{i}") for i in range(3)], workers=3)
    assert time.monotonic() - started >= 0.6


def test_connection_level_guard_refuses_private_peer(server):
    """Second line of defence (DNS rebinding): the connected peer address is checked too."""
    server.routes["/article"] = page_route(ARTICLE)
    with HttpFetcher(replace(FAST, allow_private=False)) as f, pytest.raises(PolicyError, match="loopback"):
        f._session.get(server.url("/article"), timeout=1)  # skips the pre-connect DNS check
    assert server.hits == []


@settings(max_examples=150, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.builds(lambda s, rest: f"{s}:{rest}", st.sampled_from(["http", "https", "ftp", "file", "data", "x"]),
              st.text(max_size=40)),
))
def test_any_location_gives_a_page_or_a_fetch_error_offline(location):
    with Fetcher(offline=True) as f:
        try:
            f.fetch_location(location)
        except FetchError as exc:
            assert "\n" not in str(exc).strip() or "\n" in location


def test_truncated_body_is_a_fetch_error(server, fetcher):
    def truncated(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<p>only the start")
        h.wfile.flush()
        h.close_connection = True

    server.routes["/cut"] = truncated
    with pytest.raises(FetchError, match="connection broken while reading"):
        fetcher.fetch(server.url("/cut"))


def test_connection_refused_is_a_fetch_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with HttpFetcher(replace(FAST, retries=0)) as f, pytest.raises(FetchError, match="connection refused"):
        f.fetch(f"http://127.0.0.1:{port}/")


def test_robots_txt_redirect_is_followed(server, fetcher):
    server.routes["/robots.txt"] = page_route(b"", headers={"Location": "/real-robots.txt"}, status=301)
    server.routes["/real-robots.txt"] = page_route(b"User-agent: claimcheck\nDisallow: /drafts\n", "text/plain")
    server.routes["/drafts/1"] = page_route(ARTICLE)
    with pytest.raises(PolicyError, match="robots.txt"):
        fetcher.fetch(server.url("/drafts/1"))
