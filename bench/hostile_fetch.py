"""Hostile inputs to the fetcher (issue #15, items 2 and 3): peak memory of `check --archive` on an
archive bomb, and wall time of `check` with references on servers that trickle one byte a second.

Usage:
    .venv/bin/python bench/hostile_fetch.py [--bomb-mb 1024] [--stalled 50] [--deadline 5]
                                            [--budget 20]

1. Writes a WARC (warcio) whose one response record is ``--bomb-mb`` MB of NULs gzip-compressed
   (``Content-Encoding: gzip``; 1024 MB -> about 1 MB on disk) beside a good page, then runs
   ``claimcheck check DOC --archive bomb.warc --offline`` in a child process and prints its peak
   resident memory (``ru_maxrss``), wall time and the two verdicts.
2. Serves ``--stalled`` URLs on 127.0.0.1 that send their headers, then one byte a second, and
   runs ``claimcheck check DOC --reference URL ... --allow-private --deadline D --fetch-budget B``,
   printing the wall time and the verdict reasons.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMCHECK = [sys.executable, "-m", "claimcheck"]
PAGE = b"<html><body><main><p>The vote was 141 in favour and 5 against.</p></main></body></html>"
DOC = "The vote was 141 in favour and 5 against, as the record shows ({good}; {bomb}).\n"


def write_bomb(path: Path, megabytes: int) -> None:
    """A WARC with a gzip bomb of ``megabytes`` MB and a good page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    bomb = b"".join([packer.compress(block) for _ in range(megabytes)] + [packer.flush()])
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url, payload, encoding in (("https://bomb.example/a", bomb, [("Content-Encoding", "gzip")]),
                                       ("https://ok.example/a", PAGE, [])):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *encoding], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload),
                                                          length=len(payload), http_headers=http))


def run_measured(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a child process: (peak RSS in MB, wall seconds, result)."""
    wrapper = ("import resource, subprocess, sys, json\n"
               f"r = subprocess.run({args!r}, capture_output=True, text=True)\n"
               "print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "
               "r.returncode, r.stderr[-2000:]]))")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True)
    elapsed = time.monotonic() - started
    peak, code, stderr = json.loads(out.stdout)
    return peak, elapsed, subprocess.CompletedProcess(args, code, "", stderr)


def bench_bomb(tmp: Path, megabytes: int) -> None:
    warc = tmp / "bomb.warc"
    write_bomb(warc, megabytes)
    doc = tmp / "bomb-doc.md"
    doc.write_text(DOC.format(good="https://ok.example/a", bomb="https://bomb.example/a"))
    report = tmp / "bomb-report.json"
    peak, elapsed, result = run_measured([*CLAIMCHECK, "--db", str(tmp / "bomb.db"), "check", str(doc),
                                          "--archive", str(warc), "--offline", "--format", "json",
                                          "--out", str(report)])
    print(f"archive bomb: {megabytes} MB decoded, {warc.stat().st_size / 1e6:.2f} MB file")
    print(f"  check --archive: exit {result.returncode}, peak RSS {peak:.0f} MB, {elapsed:.1f} s")
    if report.exists():
        for v in json.loads(report.read_text())["verifications"]:
            notes = "; ".join(r["note"] or "" for r in v["reasons"])[:100]
            print(f"  {v['url']}: {v['verdict']} {notes}")
    else:
        print("  no report:", result.stderr.strip()[-300:])


class _Trickle(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = PAGE + b" " * 600
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(len(body)):
                time.sleep(1.0)
                self.wfile.write(body[i:i + 1])
        except OSError:
            pass

    def log_message(self, *args) -> None:
        pass


def bench_stalled(tmp: Path, count: int, deadline: float, budget: float) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    doc = tmp / "stalled-doc.txt"
    doc.write_text("The vote was 141 in favour and 5 against in March 2022.\n")
    refs = [a for i in range(count) for a in ("--reference", f"{base}/slow{i}")]
    report = tmp / "stalled-report.json"
    peak, elapsed, result = run_measured([*CLAIMCHECK, "--db", str(tmp / "stalled.db"), "check", str(doc),
                                          *refs, "--allow-private", "--deadline", str(deadline),
                                          "--fetch-budget", str(budget), "--format", "json",
                                          "--out", str(report)])
    server.shutdown()
    print(f"stalled references: {count} URLs trickling 1 byte/s, --deadline {deadline:g} "
          f"--fetch-budget {budget:g}")
    print(f"  check: exit {result.returncode}, {elapsed:.1f} s wall, peak RSS {peak:.0f} MB")
    if report.exists():
        reasons: dict[str, int] = {}
        for v in json.loads(report.read_text())["verifications"]:
            for r in v["reasons"]:
                key = re.sub(r"http://\S+/slow\d+", "URL", r["note"] or "")
                reasons[key] = reasons.get(key, 0) + 1
        for key, n in sorted(reasons.items()):
            print(f"  {n:3d} x {v['verdict']}: {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mb", type=int, default=1024)
    parser.add_argument("--stalled", type=int, default=50)
    parser.add_argument("--deadline", type=float, default=5.0)
    parser.add_argument("--budget", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_bomb(Path(tmp), args.bomb_mb)
        bench_stalled(Path(tmp), args.stalled, args.deadline, args.budget)
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
