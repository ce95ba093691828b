"""Several `claimcheck check` processes on one database: rows lost, failures, wall time, memory.

Two measurements (issue #15 item 1; ``--hostile`` for the mixed load of its last item):

1. Races: ``--trials`` times, two `check` processes of different documents start together on a
   new database; a trial fails when either exits non-zero.
2. Load: ``--docs`` generated documents (four sources, each document citing a page served from a
   WARC, ``--offline``) split over ``--procs`` processes checking at once into one new database,
   then the same checks one after the other into another; rows lost = documents, claims,
   matches and verdicts the sequential database holds and the concurrent one does not.
   With ``--hostile`` every document also cites a page on a slow server (it trickles one byte a
   second) and one on a hostile server (a malformed link, a PNG served as text/html, a brotli
   body, a body past the size cap, a redirect to file:///etc/passwd), both on 127.0.0.1: the
   checks run online with --deadline and --fetch-budget, and must still lose nothing.

Usage (from a clone, after `make test`):

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 \\
        .venv/bin/python bench/concurrent_checks.py --backend sqlite --docs 40 --trials 10
    CLAIMCHECK_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/concurrent_checks.py --backend postgresql
    # before: the same against the code of another commit
    git archive 0c12841 claimcheck | tar -x -C /tmp/base
    .venv/bin/python bench/concurrent_checks.py --code /tmp/base --docs 8 --trials 10
    # the mixed load: 200 documents, 4 processes, a slow and a hostile server
    .venv/bin/python bench/concurrent_checks.py --docs 200 --trials 0 --hostile
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlalchemy as sa

from claimcheck.fetch import write_warc
from claimcheck.fetch_archive import page_from_bytes
from claimcheck.store import SqlStore

SOURCES = ("Harbour Ledger", "City Desk", "Valley Post", "Transit Weekly")
PAGE_URL = "https://records.example.org/strike-statement"
PAGE = ("<html><body><main><p>Bus drivers in Brennick went on strike on 4 March 2024.</p>"
        "<p>The union said 1,200 drivers stopped work.</p><p>The strike ended on 9 March 2024. "
        "Drivers will receive a 6 percent raise over two years.</p></main></body></html>")


HOSTILE_PATHS = ("/malformed", "/png", "/brotli", "/huge", "/to-file")
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


class _Hostile(BaseHTTPRequestHandler):
    """A slow path (one byte a second, headers included) and the hostile ones."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        try:
            if self.path.startswith("/slow") or self.path == "/robots.txt" and self.server.slow:
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>late</p>":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
                return
            if self.path == "/robots.txt":
                return self._send(404, b"", "text/plain")
            if self.path.startswith("/malformed"):
                return self._send(200, b'<p>Drivers went on strike on 4 March 2024, see '
                                       b'<a href="http://[::1">this</a> and '
                                       b'<a href="http://example\xef\xbc\x8forg/">that</a>.</p>')
            if self.path.startswith("/png"):
                return self._send(200, _PNG)
            if self.path.startswith("/brotli"):
                return self._send(200, bytes(range(1, 250)) * 8, headers={"Content-Encoding": "br"})
            if self.path.startswith("/huge"):
                return self._send(200, b"<p>" + b"strike " * 1_500_000 + b"</p>")
            if self.path.startswith("/to-file"):
                return self._send(302, b"", headers={"Location": "file:///etc/passwd"})
            return self._send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def start_server(slow: bool) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    server.slow = slow
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_corpus(folder: Path, n: int, extra_refs=None) -> tuple[list[Path], Path]:
    """``n`` short strike reports with varied figures and dates, and the WARC they cite;
    ``extra_refs(i)``: more URLs document ``i`` cites."""
    warc = folder / "refs.warc.gz"
    write_warc(warc, [page_from_bytes(PAGE_URL, PAGE.encode(), content_type="text/html")])
    docs = []
    for i in range(n):
        day, drivers, raise_ = 3 + i % 4, 900 + 100 * (i % 5), 5 + i % 4
        text = (f"Report {i}. Bus drivers in Brennick went on strike on {day} March 2024. The "
                f"union said {drivers:,} drivers stopped work.\n\nThe agreement gives drivers a "
                f"{raise_} percent raise over two years.\n")
        path = folder / f"report-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        Path(f"{path}.meta.json").write_text(json.dumps(
            {"source": SOURCES[i % len(SOURCES)], "kind": "news", "published": "2024-03-10",
             "references": [PAGE_URL, *(extra_refs(i) if extra_refs else ())]}))
        docs.append(path)
    return docs, warc


def new_database(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
    base = os.environ["CLAIMCHECK_TEST_PG"]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    schema = url.rsplit("%3D", 1)[1]
    engine = sa.create_engine(os.environ["CLAIMCHECK_TEST_PG"])
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


ONLINE: list[str] = []  # --hostile: the options that replace --offline


def check_cmd(db: str, docs: list[Path], warc: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "claimcheck", "--db", db, "check", *map(str, docs),
            "--archive", str(warc), *(ONLINE or ["--offline"]), "--format", "json",
            "--out", str(out), "--no-summary"]


CHILD_ENV = dict(os.environ)  # --code puts another claimcheck source tree first on the path


def run_together(commands: list[list[str]]) -> list[tuple[int, str]]:
    # cwd: `python -m` puts the working folder first on the path, before --code's PYTHONPATH
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=CHILD_ENV, cwd=tempfile.gettempdir()) for c in commands]
    return [(p.wait(), p.stderr.read()) for p in procs]


def content(db: str) -> dict[str, set]:
    store = SqlStore(db)
    try:
        return store.content_keys()
    finally:
        store.close()


def races(backend: str, folder: Path, docs: list[Path], warc: Path, trials: int) -> int:
    failed = 0
    for t in range(trials):
        db = new_database(backend, folder)
        outs = [folder / f"race-{t}-{i}.json" for i in range(2)]
        results = run_together([check_cmd(db, [d], warc, o) for d, o in zip(docs[:2], outs)])
        bad = [err.strip().splitlines()[-1] for rc, err in results if rc != 0]
        if bad or not all(o.exists() for o in outs):
            failed += 1
            print(f"  trial {t + 1}: FAILED {bad}")
        drop_database(db)
    return failed


def kills(folder: Path, trials: int) -> tuple[int, int]:
    """SQLite: `db upgrade` of a new database killed (SIGKILL) at a random moment, then run
    again. Returns (trials killed before they finished, later upgrades that failed)."""
    import random
    import signal

    killed = failed = 0
    for t in range(trials):
        db = f"sqlite:///{folder / f'kill-{t}.db'}"
        cmd = [sys.executable, "-m", "claimcheck", "--db", db, "db", "upgrade"]
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=CHILD_ENV, cwd=tempfile.gettempdir())
        time.sleep(random.uniform(0.5, 5.0))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait()
        again = subprocess.run(cmd, capture_output=True, text=True, env=CHILD_ENV,
                               cwd=tempfile.gettempdir())
        if again.returncode != 0:
            failed += 1
            print(f"  trial {t + 1}: {again.stderr.strip().splitlines()[-1]}")
    return killed, failed


def load(backend: str, folder: Path, docs: list[Path], warc: Path, procs: int) -> dict:
    groups = [docs[i::procs] for i in range(procs)]
    together, serial = new_database(backend, folder), new_database(backend, folder)
    outs = [folder / f"load-{i}.json" for i in range(procs)]
    started = time.perf_counter()
    results = run_together([check_cmd(together, g, warc, o) for g, o in zip(groups, outs)])
    wall_together = time.perf_counter() - started
    started = time.perf_counter()
    for g, o in zip(groups, outs):
        subprocess.run(check_cmd(serial, g, warc, folder / "serial.json"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV,
                       cwd=tempfile.gettempdir())
    wall_serial = time.perf_counter() - started
    got, expected = content(together), content(serial)
    drop_database(together)
    drop_database(serial)
    return {
        "failed_processes": sum(rc != 0 for rc, _ in results),
        "errors": [err.strip().splitlines()[-1] for rc, err in results if rc != 0],
        "reports_written": sum(o.exists() for o in outs),
        "rows_expected": {k: len(v) for k, v in expected.items()},
        "rows_lost": {k: len(expected[k] - got[k]) for k in expected},
        "rows_extra": {k: len(got[k] - expected[k]) for k in expected},
        "wall_together_s": round(wall_together, 1), "wall_serial_s": round(wall_serial, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--procs", type=int, default=4)
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--kill-trials", type=int, default=0,
                    help="also kill `db upgrade` of a new SQLite database this many times")
    ap.add_argument("--hostile", action="store_true",
                    help="every document also cites a page on a slow and on a hostile server "
                         "(127.0.0.1), checked online with --deadline 5 --fetch-budget 60")
    ap.add_argument("--code", metavar="DIR",
                    help="run the `check` processes on the claimcheck package in DIR (e.g. an "
                         "older release unpacked with `git archive`), to measure before/after")
    args = ap.parse_args()
    if args.code:
        CHILD_ENV["PYTHONPATH"] = os.pathsep.join(
            [str(Path(args.code).resolve()), CHILD_ENV.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if args.backend == "postgresql" and not os.environ.get("CLAIMCHECK_TEST_PG"):
        ap.error("set CLAIMCHECK_TEST_PG to a PostgreSQL URL")
    extra = None
    if args.hostile:
        slow, hostile = start_server(slow=True), start_server(slow=False)
        slow_url = f"http://127.0.0.1:{slow.server_address[1]}/slow"
        hostile_base = f"http://127.0.0.1:{hostile.server_address[1]}"

        def extra(i: int) -> list[str]:
            return [f"{slow_url}?{i % 3}", hostile_base + HOSTILE_PATHS[i % len(HOSTILE_PATHS)]]

        ONLINE.extend(["--allow-private", "--deadline", "5", "--fetch-budget", "60"])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs, warc = make_corpus(folder, max(args.docs, 2), extra)
        print(f"{args.backend}: {args.trials} races of 2 checks on a new database")
        failed = races(args.backend, folder, docs, warc, args.trials)
        print(f"  failed trials: {failed} of {args.trials}")
        if args.kill_trials:
            killed, broken = kills(folder, args.kill_trials)
            print(f"sqlite: db upgrade killed at a random moment: {killed} of "
                  f"{args.kill_trials} killed mid-run; later upgrade failed: {broken}")
            failed += broken
        print(f"{args.backend}: {args.docs} documents, {args.procs} processes at once, then "
              "one after the other")
        result = load(args.backend, folder, docs, warc, args.procs)
        for k, v in result.items():
            print(f"  {k}: {v}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory of one process: {peak:.0f} MB")
    lost = sum(result["rows_lost"].values())
    print(f"rows lost: {lost}; wall time: {time.perf_counter() - started:.0f} s in all "
          f"({result['wall_together_s']} s for the {args.procs} processes at once); "
          f"peak memory: {peak:.0f} MB")
    return 1 if failed or lost or result["failed_processes"] else 0


if __name__ == "__main__":
    sys.exit(main())
