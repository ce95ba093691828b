"""Pages fetched and extracted per second: over HTTP from a local threaded server, and from a WARC.

Usage:
    .venv/bin/python bench/fetch_speed.py [--pages 400] [--workers 16] [--size-kb 50]

The HTTP server (``python -m http.server``, threaded) runs in a separate process on 127.0.0.1 and
serves ``--pages`` copies of a realistic page padded to ``--size-kb``; the fetcher runs with
``allow_private=True``, no politeness delay and robots.txt checks on (one robots.txt per host).
Targets: >= 50 pages/s over HTTP with 16 workers, >= 200 pages/s from a WARC.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.fetch import Fetcher, FetchPolicy, WarcArchive, write_warc  # noqa: E402
from claimcheck.html import html_to_text  # noqa: E402

TEMPLATE = ROOT / "fixtures" / "pages" / "un-press-ga12411.html"
FILLER = (
    "<p>The representative of a Member State said that the resolution {i} reflected the concern of "
    "the international community about the humanitarian situation, and called on all parties to "
    "respect international humanitarian law, to protect civilians and to allow safe passage.</p>\n"
)


def make_page(size_kb: int) -> bytes:
    """The template page with filler paragraphs inside its article, about ``size_kb`` KB."""
    html = TEMPLATE.read_text("utf-8")
    marker = '<p class="disclaimer">'
    filler, i = [], 0
    while len(html) + sum(map(len, filler)) < size_kb * 1024:
        filler.append(FILLER.format(i=i))
        i += 1
    return html.replace(marker, "".join(filler) + marker, 1).encode("utf-8")


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 10.0) -> None:
    """Block until the server accepts connections."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("bench server did not start")


def bench_http(directory: Path, count: int, workers: int) -> tuple[float, list]:
    """Fetch every page over HTTP; returns (pages per second, pages)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        urls = [f"http://127.0.0.1:{port}/p{i}.html" for i in range(count)]
        policy = FetchPolicy(allow_private=True, per_host_delay=0.0, max_per_host=workers)
        with Fetcher(policy=policy) as fetcher:
            started = time.perf_counter()
            results = fetcher.fetch_many(urls, workers=workers)
            elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    failures = [r for r in results.values() if isinstance(r, Exception)]
    if failures:
        raise SystemExit(f"{len(failures)} HTTP fetches failed, e.g. {failures[0]}")
    return count / elapsed, list(results.values())


def bench_warc(pages: list, directory: Path) -> tuple[float, float, float]:
    """Write the pages to a WARC, then load it and fetch every page offline.

    Returns:
        (pages per wall-clock second and per CPU second for fetch+extract from the loaded archive,
        seconds to load the archive)
    """
    path = directory / "bench.warc.gz"
    write_warc(path, pages)
    started = time.perf_counter()
    archive = WarcArchive.load(path)
    load_seconds = time.perf_counter() - started
    fetcher = Fetcher(archive=archive, offline=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    for page in pages:
        fetcher.fetch(page.url)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return len(pages) / elapsed, len(pages) / cpu, load_seconds


def bench_extract(body: bytes, repeat: int = 200) -> tuple[float, float]:
    """html_to_text calls per wall-clock second and per CPU second on one page."""
    text = body.decode("utf-8")
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        html_to_text(text)
    return repeat / (time.perf_counter() - started), repeat / (time.process_time() - cpu_started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--size-kb", type=int, default=50)
    args = parser.parse_args()
    body = make_page(args.size_kb)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for i in range(args.pages):
            (directory / f"p{i}.html").write_bytes(body)
        http_rate, pages = bench_http(directory, args.pages, args.workers)
        warc_rate, warc_cpu_rate, load_seconds = bench_warc(pages, directory)
    extract_rate, extract_cpu_rate = bench_extract(body)
    load = os.getloadavg()[0]
    print(f"page size: {len(body) / 1024:.1f} KB, pages: {args.pages}, workers: {args.workers}, "
          f"load average: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"html_to_text alone:        {extract_rate:8.1f} pages/s  ({extract_cpu_rate:.1f} per CPU second)")
    print(f"HTTP fetch + extract:      {http_rate:8.1f} pages/s  (target >= 50)")
    print(f"WARC fetch + extract:      {warc_rate:8.1f} pages/s  ({warc_cpu_rate:.1f} per CPU second; target >= 200)")
    print(f"WARC load ({args.pages} records): {load_seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
