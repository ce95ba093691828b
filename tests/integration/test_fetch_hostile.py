"""Hostile servers (issue #15, item 3): wall-clock deadlines per fetch and per run, against a real
HTTP server on 127.0.0.1 that trickles bytes (no mocks)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from local_http import LocalServer, send

from claimcheck.errors import FetchError
from claimcheck.fetch import Fetcher, FetchPolicy, HttpFetcher

PAGE = b"<html><body><main><p>The vote was 141 in favour and 5 against.</p></main></body></html>"
DEADLINE = 1.0
POLICY = FetchPolicy(
    allow_private=True, respect_robots=False, per_host_delay=0.0, connect_timeout=1.0,
    read_timeout=5.0, deadline=DEADLINE, retries=0,
)
SLACK = 1.5  # seconds allowed past a deadline on a machine shared with other test runs


@pytest.fixture
def server():
    srv = LocalServer().start()
    srv.stop_trickling = threading.Event()
    yield srv
    srv.stop_trickling.set()
    srv.stop()


def trickle(handler, data: bytes, stop: threading.Event, every: float = 0.1) -> None:
    """Write ``data`` one byte at a time: each byte well inside the read timeout."""
    for i in range(len(data)):
        if stop.wait(every):
            return
        handler.wfile.write(data[i:i + 1])


def trickling_headers(srv):
    def route(h):
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        trickle(h, b"X-Slow: " + b"a" * 600 + b"\r\n\r\n" + PAGE, srv.stop_trickling)
    return route


def trickling_status_line(srv):
    return lambda h: trickle(h, b"HTTP/1.1 200 OK\r\n" + b"X-Pad: a\r\n" * 100, srv.stop_trickling)


def trickling_body(srv, declared: bool):
    def route(h):
        body = PAGE + b"<p>" + b"x" * 600 + b"</p>"
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declared:
            h.send_header("Content-Length", str(len(body)))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        trickle(h, body, srv.stop_trickling)
    return route


def fetch_time(fetcher, url: str) -> tuple[float, FetchError]:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    return time.monotonic() - started, info.value


@pytest.mark.parametrize("route", ["status", "headers", "body", "undeclared-body"])
def test_a_trickling_server_is_cut_at_the_deadline(server, route):
    server.routes["/status"] = trickling_status_line(server)
    server.routes["/headers"] = trickling_headers(server)
    server.routes["/body"] = trickling_body(server, declared=True)
    server.routes["/undeclared-body"] = trickling_body(server, declared=False)
    with HttpFetcher(POLICY) as fetcher:
        elapsed, error = fetch_time(fetcher, server.url(f"/{route}"))
    assert str(error) == f"timed out: {server.url(f'/{route}')} took longer than 1s"
    assert DEADLINE - 0.1 <= elapsed < DEADLINE + SLACK


def test_a_trickling_robots_txt_is_cut_too(server):
    server.routes["/robots.txt"] = trickling_body(server, declared=True)
    server.routes["/page"] = lambda h: send(h, 200, PAGE)
    with HttpFetcher(replace(POLICY, respect_robots=True)) as fetcher:
        elapsed, error = fetch_time(fetcher, server.url("/page"))
    assert "timed out" in str(error) and "took longer than 1s" in str(error)
    assert elapsed < DEADLINE + SLACK


def test_retry_after_waits_no_longer_than_the_deadline(server):
    server.routes["/busy"] = lambda h: send(h, 503, b"busy", headers={"Retry-After": "30"})
    policy = replace(POLICY, retries=2, max_retry_after=30.0)
    with HttpFetcher(policy) as fetcher:
        elapsed, error = fetch_time(fetcher, server.url("/busy"))
    assert elapsed < DEADLINE + SLACK
    assert "timed out" in str(error) or "503" in str(error)


def test_a_fast_page_after_a_cut_one_reuses_nothing_broken(server):
    server.routes["/body"] = trickling_body(server, declared=True)
    server.routes["/fast"] = lambda h: send(h, 200, PAGE)
    with HttpFetcher(POLICY) as fetcher:
        fetch_time(fetcher, server.url("/body"))
        for _ in range(3):
            assert "141 in favour" in fetcher.fetch(server.url("/fast")).text


def test_the_run_budget_bounds_all_fetching(server):
    for i in range(6):
        server.routes[f"/slow{i}"] = trickling_body(server, declared=True)
    policy = replace(POLICY, deadline=20.0, run_budget=1.5, max_per_host=2)
    urls = [server.url(f"/slow{i}") for i in range(6)]
    started = time.monotonic()
    with Fetcher(policy=policy) as fetcher:
        results = fetcher.fetch_many(urls, workers=8)
        elapsed = time.monotonic() - started
        late = time.monotonic()
        with pytest.raises(FetchError, match=r"^not fetched: the run's fetch budget of 1.5s was used up"):
            fetcher.fetch(server.url("/slow0"))
        assert time.monotonic() - late < 0.5
    assert elapsed < 1.5 + SLACK
    assert all(isinstance(r, FetchError) for r in results.values())
    assert {str(r).split(": ", 1)[0] for r in results.values()} == {"timed out"}
    assert all("the run's fetch budget of 1.5s ran out" in str(r) for r in results.values())


def test_policy_refuses_a_non_positive_budget():
    from claimcheck.errors import InputError

    with pytest.raises(InputError, match="run_budget must be positive"):
        FetchPolicy(run_budget=0)


def test_check_with_stalled_references_ends_within_its_budget(server, db_url, tmp_path):
    from click.testing import CliRunner

    from claimcheck.cli import cli

    urls = []
    for i in range(5):
        server.routes[f"/stalled{i}"] = trickling_body(server, declared=True)
        urls += ["--reference", server.url(f"/stalled{i}")]
    doc = tmp_path / "note.txt"
    doc.write_text("The resolution was adopted by 141 votes in favour to 5 against in March 2022.\n")
    out = tmp_path / "report.json"
    started = time.monotonic()
    r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), *urls, "--allow-private",
                                 "--deadline", "1", "--fetch-budget", "2", "--format", "json", "--out", str(out)])
    elapsed = time.monotonic() - started
    assert r.exit_code == 0, r.output
    import json

    verifications = json.loads(out.read_text())["verifications"]
    assert {v["url"] for v in verifications} == {server.url(f"/stalled{i}") for i in range(5)}
    assert {v["verdict"] for v in verifications} == {"unreachable"}
    notes = {n["note"].split(": ", 1)[0] for v in verifications for n in v["reasons"] if n["note"]}
    assert notes <= {"timed out", "not fetched"} and notes
    assert elapsed < 30  # each trickle lasts over a minute without the deadlines


@pytest.mark.parametrize("option", ["--deadline", "--fetch-budget"])
def test_fetch_limits_must_be_numbers(option):
    from click.testing import CliRunner

    from claimcheck.cli import cli

    r = CliRunner().invoke(cli, ["check", "x.txt", option, "-1"])
    assert r.exit_code == 2 and f"Invalid value for '{option}'" in r.output
