"""Progress on standard error: a redrawn bar with rate and ETA on a terminal (a real
pseudo-terminal here), plain periodic lines elsewhere, nothing with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from claimcheck.cli import ProgressDisplay

DOC = """# Port figures

The port of Halden handled 4.2 million containers in 2021, up from 3.9 million in 2020.

The city council approved a 12 percent budget increase on 3 March 2022.
"""


def _run_on_pty(args: list[str], tmp_path, env_extra=None) -> tuple[int, str]:
    """Run the claimcheck command with its standard error on a pseudo-terminal; return the exit
    status and everything the terminal received."""
    master, slave = pty.openpty()
    env = dict(os.environ, CLAIMCHECK_NO_MODEL="1", **(env_extra or {}))
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env, cwd=tmp_path)
    os.close(slave)
    received = bytearray()
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    rc = proc.wait(timeout=120)
    os.close(master)
    return rc, received.decode("utf-8", "replace")


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "port.md"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_progress_appears_on_a_terminal(tmp_path, doc):
    rc, seen = _run_on_pty(["--db", str(tmp_path / "t.db"), "check", doc.name, "--offline",
                            "--out", "r.json", "--no-summary"], tmp_path)
    assert rc == 0, seen
    assert "\r" in seen and "\x1b[K" in seen  # redrawn in place
    for stage in ("read", "extract", "match", "report"):
        assert f"{stage} [" in seen, seen
    assert "1/1 done in" in seen


def test_quiet_prints_no_progress_on_a_terminal(tmp_path, doc):
    rc, seen = _run_on_pty(["--db", str(tmp_path / "t.db"), "--quiet", "check", doc.name,
                            "--offline", "--out", "r.json", "--no-summary"], tmp_path)
    assert rc == 0, seen
    assert seen == ""


def test_ingest_and_match_show_progress_on_a_terminal(tmp_path, doc):
    db = str(tmp_path / "t.db")
    rc, seen = _run_on_pty(["--db", db, "ingest", doc.name], tmp_path)
    assert rc == 0 and "extract [" in seen, seen
    rc, seen = _run_on_pty(["--db", db, "match"], tmp_path)
    assert rc == 0 and "match [" in seen, seen


def test_plain_lines_when_stderr_is_not_a_terminal(tmp_path, doc):
    env = dict(os.environ, CLAIMCHECK_NO_MODEL="1", CLAIMCHECK_PROGRESS_INTERVAL="0")
    r = subprocess.run([sys.executable, "-m", "claimcheck", "--db", str(tmp_path / "t.db"),
                        "ingest", doc.name], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "\r" not in r.stderr and "\x1b" not in r.stderr
    assert "extract 1/1 done in" in r.stderr.replace("  ", " ").strip()


def test_quick_runs_stay_silent_off_a_terminal(tmp_path, doc):
    env = {k: v for k, v in os.environ.items() if k != "CLAIMCHECK_PROGRESS_INTERVAL"}
    r = subprocess.run([sys.executable, "-m", "claimcheck", "--db", str(tmp_path / "t.db"),
                        "ingest", doc.name, "--format", "json"], cwd=tmp_path,
                       env=dict(env, CLAIMCHECK_NO_MODEL="1"), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stderr == ""


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_rate_and_eta_on_a_terminal():
    out, clock = io.StringIO(), Clock()
    show = ProgressDisplay(out, tty=True, clock=clock)
    show("fetch", 0, 200)
    clock.now = 10.0
    show("fetch", 50, 200)  # 5 a second, 150 to go: 30 s
    assert "50/200 5.0/s ETA 30s" in out.getvalue()
    clock.now = 40.0
    show("fetch", 200, 200)
    assert out.getvalue().endswith("200/200 done in 40s\x1b[K\n")


def test_plain_lines_come_every_interval():
    out, clock = io.StringIO(), Clock()
    show = ProgressDisplay(out, tty=False, interval=10, clock=clock)
    show("verify", 0, 600)
    for second in range(1, 61):
        clock.now = float(second)
        show("verify", second * 10, 600)
    lines = out.getvalue().splitlines()
    assert lines[0] == "  verify 100/600 10.0/s ETA 50s"
    assert lines[-1] == "  verify 600/600 done in 1m00s"
    assert len(lines) == 6  # at 10, 20, 30, 40, 50 s and the end


def test_verbose_logs_only_claimcheck_until_vvv(tmp_path, doc):
    def stderr_of(*flags):
        db = tmp_path / f"v{len(flags[0])}.db"
        r = subprocess.run([sys.executable, "-m", "claimcheck", "--db", str(db), *flags, "-q",
                            "check", doc.name, "--offline", "--out", "r.json", "--no-summary"],
                           cwd=tmp_path, env=dict(os.environ, CLAIMCHECK_NO_MODEL="1"),
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        return [line.split(":")[0].split(" ", 1)[1] for line in r.stderr.splitlines()
                if line.startswith(("INFO ", "DEBUG "))]

    for flags in ("-v", "-vv"):
        loggers = stderr_of(flags)
        assert loggers and all(n == "claimcheck" or n.startswith("claimcheck.") for n in loggers)
    assert any(not n.startswith("claimcheck") for n in stderr_of("-vvv"))  # alembic, markdown_it
