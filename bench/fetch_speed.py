"""Page reading speed (issue #16): HTML to text, fetch + extract at 50 ms latency, pages from a WARC.

Usage:
    .venv/bin/python bench/fetch_speed.py [--rows html,fetch,warc] [--runs 3] [--size-kb 50]
                                          [--workers 16,32] [--pages 400] [--latency-ms 50]

Each row times claimcheck and a same-run reference, alternately, ``--runs`` times, and prints the
medians and their ratio:

- html: ``html_to_text`` on one core (CPU time) over three kinds of ``--size-kb`` pages (a press
  release padded with paragraphs, a record page with a 193-row vote table, an old table-layout
  page); reference: ``lxml.html`` parsing the same bytes and taking ``text_content()`` (and
  selectolax's ``body.text()`` when selectolax is installed, ``pip install -e '.[bench]'``).
- fetch: ``Fetcher.fetch_many`` (address checks, robots.txt, size cap, charset, main text) of
  ``--pages`` pages from a local server (a separate process, asyncio, keep-alive) that answers each
  request after ``--latency-ms``; reference: a plain ``requests`` session pool on as many threads,
  parsing each body (selectolax, else lxml.html).
- warc: ``WarcArchive.load`` then ``Fetcher.fetch_many`` offline over every page of a ``.warc.gz``;
  reference: warcio iterating the same file, reading each body, parsing it (selectolax, else
  lxml.html) and taking its sha256. A second reference ratio uses claimcheck's own ``html_to_text``
  as the parser, so it measures what reading the archive costs on top of extraction; and
  claimcheck with one worker thread (pages read in the thread, no worker processes).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.fetch import Fetcher, FetchPolicy, WarcArchive, write_warc  # noqa: E402
from claimcheck.html import html_to_text  # noqa: E402
from claimcheck.model import Page  # noqa: E402

PAGES = ROOT / "fixtures" / "pages"
GOLD = ROOT / "tests" / "data" / "html_gold"
FILLER = (
    "<p>The representative of a Member State said that the resolution {i} reflected the concern of "
    "the international community about the humanitarian situation, and called on all parties to "
    "respect international humanitarian law, to protect civilians and to allow safe passage.</p>\n"
)
VOTES = ("Yes", "No", "Abstaining", "Non-voting")
LAYOUT_FILLER = (
    "Cargo volume {i} at the eastern terminal rose by {p} percent, the authority said, while the "
    "number of vessel calls stayed close to the level of the previous quarter.<br><br>\n"
)


def _pad(html: str, marker: str, piece: Callable[[int], str], size_kb: int) -> str:
    """``html`` with pieces inserted before ``marker`` until it is about ``size_kb`` KB."""
    pieces, i = [], 0
    while len(html) + sum(map(len, pieces)) < size_kb * 1024:
        pieces.append(piece(i))
        i += 1
    return html.replace(marker, "".join(pieces) + marker, 1)


def bench_pages(size_kb: int = 50) -> list[tuple[str, bytes]]:
    """The benchmark pages, ``(kind, body)``, each about ``size_kb`` KB."""
    article = _pad((PAGES / "un-press-ga12411.html").read_text("utf-8"), '<p class="disclaimer">',
                   lambda i: FILLER.format(i=i), size_kb)
    rows = "".join(f" <tr><th>Member State {i}</th><td>{VOTES[i % 4]}</td><td>{i % 7} March 2022</td></tr>\n"
                   for i in range(193))
    record = (PAGES / "undl-3959039.html").read_text("utf-8").replace("</table>", rows + "</table>", 1)
    record = _pad(record, "<h2>Voting against</h2>", lambda i: FILLER.format(i=i), size_kb)
    layout = _pad((GOLD / "old-table-layout.html").read_text("iso-8859-1"), "The authority will publish",
                  lambda i: LAYOUT_FILLER.format(i=i, p=i % 13), size_kb)
    return [("article", article.encode("utf-8")), ("record-table", record.encode("utf-8")),
            ("table-layout", layout.encode("iso-8859-1"))]


# References ---------------------------------------------------------------------------------


def reference_parsers() -> dict[str, Callable[[bytes], str]]:
    """Parse-and-take-text with lxml.html, and with selectolax when it is installed."""
    import lxml.html

    parsers = {"lxml.html": lambda body: lxml.html.document_fromstring(body).text_content()}
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        return parsers

    def selectolax_text(body: bytes) -> str:
        tree = LexborHTMLParser(body)
        return tree.body.text() if tree.body is not None else ""

    parsers["selectolax"] = selectolax_text
    return parsers


def fastest_parser() -> tuple[str, Callable[[bytes], str]]:
    """The reference parser of the fetch and WARC rows: selectolax when installed."""
    parsers = reference_parsers()
    name = "selectolax" if "selectolax" in parsers else "lxml.html"
    return name, parsers[name]


# Rows ---------------------------------------------------------------------------------------


def cpu_rate(function: Callable[[bytes], object], bodies: list[bytes], repeat: int) -> float:
    """Calls per CPU second of this process, over ``bodies`` ``repeat`` times."""
    started = time.process_time()
    for _ in range(repeat):
        for body in bodies:
            function(body)
    return repeat * len(bodies) / (time.process_time() - started)


def row_html(args) -> list[tuple[str, list[float]]]:
    """CPU-time pages/s of html_to_text and of the reference parsers, alternately."""
    bodies = [body for _kind, body in bench_pages(args.size_kb)]
    contenders = {"claimcheck html_to_text": html_to_text, **reference_parsers()}
    for function in contenders.values():
        function(bodies[0])  # warm-up: cue file, imports
    rates: dict[str, list[float]] = {name: [] for name in contenders}
    for _run in range(args.runs):
        for name, function in contenders.items():
            rates[name].append(cpu_rate(function, bodies, args.repeat))
    return list(rates.items())


def serve(port: int, directory: str, latency: float) -> None:
    """An HTTP/1.1 keep-alive server (asyncio, one thread) answering GET from ``directory``
    after ``latency`` seconds; ``/robots.txt`` and unknown paths get 404."""
    bodies = {f"/{p.name}": p.read_bytes() for p in Path(directory).iterdir()}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode("ascii", "replace")
                await asyncio.sleep(latency)
                body = bodies.get(path)
                status = b"200 OK" if body is not None else b"404 Not Found"
                body = body if body is not None else b"not found"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


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


def fetch_claimcheck(urls: list[str], workers: int) -> float:
    """Pages/s of ``Fetcher.fetch_many`` (no politeness delay, as many per host as workers)."""
    policy = FetchPolicy(allow_private=True, per_host_delay=0.0, max_per_host=workers)
    with Fetcher(policy=policy) as fetcher:
        started = time.perf_counter()
        results = fetcher.fetch_many(urls, workers=workers)
        elapsed = time.perf_counter() - started
    failures = [r for r in results.values() if isinstance(r, Exception)]
    if failures:
        raise SystemExit(f"{len(failures)} claimcheck fetches failed, e.g. {failures[0]}")
    return len(urls) / elapsed


def fetch_reference(urls: list[str], workers: int, parse: Callable[[bytes], str]) -> float:
    """Pages/s of a plain requests session pool on ``workers`` threads, parsing each body."""
    import requests

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=workers)
    session.mount("http://", adapter)

    def one(url: str) -> str:
        response = session.get(url, timeout=30)
        response.raise_for_status()
        return parse(response.content)

    with session, ThreadPoolExecutor(max_workers=workers) as pool:
        started = time.perf_counter()
        list(pool.map(one, urls))
        return len(urls) / (time.perf_counter() - started)


def row_fetch(args, directory: Path, count: int) -> list[tuple[str, list[float]]]:
    """Fetch + extract pages/s at each worker count, claimcheck and reference alternately.

    Each claimcheck run uses its own port (a new host for robots.txt and the connection pool).
    """
    parser_name, parse = fastest_parser()
    results = []
    for workers in args.workers:
        ours, reference = [], []
        for _run in range(args.runs):
            for label in ("claimcheck", "reference"):
                port = free_port()
                server = subprocess.Popen(
                    [sys.executable, __file__, "--serve", str(port), str(directory), str(args.latency_ms)],
                    stdout=subprocess.DEVNULL,
                )
                try:
                    wait_for(port)
                    urls = [f"http://127.0.0.1:{port}/p{i}.html" for i in range(count)]
                    if label == "claimcheck":
                        ours.append(fetch_claimcheck(urls, workers))
                    else:
                        reference.append(fetch_reference(urls, workers, parse))
                finally:
                    server.terminate()
                    server.wait(timeout=10)
        results.append((f"claimcheck fetch_many, {workers} workers", ours))
        results.append((f"requests pool + {parser_name}, {workers} workers", reference))
    return results


def warc_claimcheck(path: Path, urls: list[str], workers: int) -> float:
    """Pages/s of loading the archive and fetching every page from it offline."""
    started = time.perf_counter()
    with Fetcher(archive=WarcArchive.load(path), offline=True) as fetcher:
        results = fetcher.fetch_many(urls, workers=workers)
    elapsed = time.perf_counter() - started
    failures = [r for r in results.values() if isinstance(r, Exception)]
    if failures:
        raise SystemExit(f"{len(failures)} archived fetches failed, e.g. {failures[0]}")
    return len(urls) / elapsed


def warc_reference(path: Path, parse: Callable[[bytes], object]) -> float:
    """Pages/s of warcio reading every response body, parsing it and hashing it."""
    from warcio.archiveiterator import ArchiveIterator

    started = time.perf_counter()
    count = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                body = record.content_stream().read()
                parse(body)
                hashlib.sha256(body).hexdigest()
                count += 1
    return count / (time.perf_counter() - started)


def row_warc(args, pages: list[Page], directory: Path) -> list[tuple[str, list[float]]]:
    """WARC pages/s: claimcheck, warcio + the reference parser, warcio + html_to_text."""
    path = directory / "bench.warc.gz"
    write_warc(path, pages)
    urls = [page.url for page in pages]
    parser_name, parse = fastest_parser()
    ours, in_thread, reference, own_parser = [], [], [], []
    for _run in range(args.runs):
        ours.append(warc_claimcheck(path, urls, max(args.workers)))
        in_thread.append(warc_claimcheck(path, urls, 1))
        reference.append(warc_reference(path, parse))
        own_parser.append(warc_reference(path, html_to_text))
    return [("claimcheck archive fetch_many", ours), ("same, 1 worker (pages read in the thread)", in_thread),
            (f"warcio + {parser_name} + sha256", reference), ("warcio + html_to_text + sha256", own_parser)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="html,fetch,warc")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30, help="passes over the pages per html run")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", default="16,32")
    parser.add_argument("--size-kb", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--serve", nargs=3, metavar=("PORT", "DIR", "LATENCY_MS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], float(args.serve[2]) / 1000)
        return 0
    args.workers = [int(w) for w in args.workers.split(",")]
    rows = set(args.rows.split(","))
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs, "
          f"alternating; pages of about {args.size_kb} KB")
    table: list[tuple[str, list[float]]] = []
    if "html" in rows:
        table += report("HTML to text, one core (pages per CPU second)", row_html(args))
    if rows & {"fetch", "warc"}:
        kinds = bench_pages(args.size_kb)
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            bodies = [kinds[i % len(kinds)][1] for i in range(args.pages)]
            for i, body in enumerate(bodies):
                (directory / f"p{i}.html").write_bytes(body)
            if "fetch" in rows:
                table += report(f"fetch + extract, {args.latency_ms:g} ms latency (pages/s)",
                                row_fetch(args, directory, args.pages))
            if "warc" in rows:
                pages = [_page(f"http://bench.example/p{i}.html", body) for i, body in enumerate(bodies)]
                table += report("pages from a WARC (pages/s, load included)", row_warc(args, pages, directory))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


def _page(url: str, body: bytes) -> Page:
    """A page to archive (its text is not needed for writing)."""
    from datetime import UTC, datetime

    return Page(url=url, final_url=url, status=200, fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
                sha256=hashlib.sha256(body).hexdigest(), content_type="text/html; charset=utf-8",
                text="", body=body)


def report(title: str, rows: list[tuple[str, list[float]]]) -> list[tuple[str, list[float]]]:
    """Print a block: each contender's median and runs, and each reference's ratio."""
    print(f"\n{title}")
    ours = None
    for name, rates in rows:
        median = statistics.median(rates)
        runs = ", ".join(f"{r:.0f}" for r in rates)
        if name.startswith("claimcheck"):
            ours = median
            print(f"  {name:44s} {median:8.0f}   (runs: {runs})")
        else:
            print(f"  {name:44s} {median:8.0f}   (runs: {runs})   claimcheck / this = {ours / median:.3f}")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
