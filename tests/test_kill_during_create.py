"""kill -9 while a new SQLite database is being created leaves nothing half-built (issue #15
item 7): the schema is created in one transaction (``migrate.upgrade``), so a process killed at
any moment leaves either no tables or the whole schema, and the next command just works. Real
processes (``python -m claimcheck``) on real SQLite files."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from claimcheck.store import migrate
from claimcheck.store.repository import create_db_engine


def test_a_database_killed_while_being_created_is_whole_or_empty(tmp_path):
    rng = random.Random(15)
    killed = 0
    for trial in range(6):
        db = f"sqlite:///{tmp_path / f'kill-{trial}.db'}"
        cmd = [sys.executable, "-m", "claimcheck", "--db", db, "db", "upgrade"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        engine = create_db_engine(db)
        try:
            tables = set(sa.inspect(engine).get_table_names())
        finally:
            engine.dispose()
        assert not tables or "alembic_version" in tables  # never a half-built schema
        again = subprocess.run([sys.executable, "-m", "claimcheck", "--db", db, "documents",
                                "list"], capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        engine = create_db_engine(db)
        try:
            assert migrate.current_revision(engine) == migrate.head_revision()
        finally:
            engine.dispose()
    assert killed  # at least one trial was cut mid-run
