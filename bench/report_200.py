"""A 200-document check end to end, as issue #13 tried it: template news items that repeat the
same statements with other figures (so every pair of them conflicts), each citing its own page
on a local HTTP server. Prints the report sizes, the times, and how many conflict cards the
HTML report shows against how many conflicting pairs the matcher found.

Usage: .venv/bin/python bench/report_200.py [--documents 200] [--workdir DIR] [--keep]

Runs ``claimcheck check`` as a user would (a subprocess, ``--allow-private`` for the local
server, ``--format html``), then renders Markdown and JSON from the same database with
``claimcheck report``.
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMCHECK = [sys.executable, "-m", "claimcheck"]

TOWNS = ["Halden", "Moss", "Larvik", "Arendal", "Bodø", "Tromsø", "Ålesund", "Hamar"]


def document(i: int, port: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return f"""# {town} harbour update {i}

By Reporter {i}

The port of Halden handled {4.0 + (i % 7) / 10:.1f} million containers in 2021, port officials said [1].

The city council of Halden approved the new harbour budget on {1 + i % 5} March 2022.

Unemployment in Halden fell to {3 + i % 4}.{i % 10} percent in 2022, according to the statistics office [1].

A reporter from {town} visited the harbour's {i}th crane on a rainy Tuesday.

## References

1. Harbour notes {i}. http://127.0.0.1:{port}/notes/{i}
"""


def page(i: int) -> str:
    return (f"<html><head><title>Harbour notes {i}</title></head><body><main><p>The port of "
            f"Halden handled 4.3 million containers in 2021.</p><p>Unemployment in Halden fell "
            f"to 3.5 percent in 2022.</p></main></body></html>")


class Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the stdlib's name
        m = re.fullmatch(r"/notes/(\d+)", self.path)
        if self.path == "/robots.txt" or not m:
            self.send_response(404)
            self.end_headers()
            return
        body = page(int(m.group(1))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def open_in_chromium(path: Path) -> float | None:
    """Seconds until the page's load event in headless Chromium (None without playwright or
    /usr/bin/chromium: the test extras and `apt-get install chromium`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), timeout=600_000)
        page.wait_for_load_state("load", timeout=600_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*CLAIMCHECK, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="claimcheck-report200-"))
    work.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        names = []
        for i in range(args.documents):
            name = f"item-{i:03d}.md"
            (work / name).write_text(document(i, port), encoding="utf-8")
            names.append(name)
        db = "bench.db"
        for f in work.glob("bench.db*"):
            f.unlink()
        check = run(["--db", db, "-q", "check", *names, "--allow-private", "--format", "html",
                     "--out", "report.html", "--no-summary"], work)
        timings = {"check (ingest, match, verify, html)": check}
        for fmt in ("md", "json"):
            timings[f"report --format {fmt}"] = run(["--db", db, "-q", "report", "--format", fmt,
                                                     "--out", f"report.{fmt}"], work)
        report = json.loads((work / "report.json").read_text(encoding="utf-8"))
        html = (work / "report.html").read_text(encoding="utf-8")
        pairs = sum(1 for m in report["matches"] if m["relation"] == "conflict")
        print(f"documents {args.documents}, claims {len(report['claims'])}, "
              f"matches {len(report['matches'])} ({pairs} conflicting pairs), "
              f"verifications {len(report['verifications'])}")
        cards = html.count('<article class="pair')
        groups = len(report.get("conflict_groups", []))
        print(f"conflict cards in the HTML report: {cards} "
              f"(conflict groups in the JSON report: {groups})")
        for fmt in ("html", "md", "json"):
            size = (work / f"report.{fmt}").stat().st_size
            print(f"report.{fmt}: {size / 1e6:.2f} MB")
        for what, seconds in timings.items():
            print(f"{what}: {seconds:.1f} s")
        opened = open_in_chromium(work / "report.html")
        if opened is not None:
            print(f"report.html opened in headless Chromium (load event): {opened:.1f} s")
    finally:
        server.shutdown()
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
