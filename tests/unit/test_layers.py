"""Dependencies point inward: the pure core never loads the database, HTTP or CLI libraries."""

from __future__ import annotations

import subprocess
import sys

CORE = ["claimcheck.model", "claimcheck.extract", "claimcheck.extract.links", "claimcheck.compare",
        "claimcheck.match", "claimcheck.verify", "claimcheck.align.engine", "claimcheck.embed.encoder",
        "claimcheck.credibility", "claimcheck.html", "claimcheck.textformats", "claimcheck.known", "claimcheck.urls",
        "claimcheck.curation",
        "claimcheck.report"]
ADAPTER_LIBRARIES = ["sqlalchemy", "requests", "urllib3", "click", "alembic", "psycopg", "warcio"]


def test_core_imports_no_adapter_library():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE) +
            f"print(','.join(sorted(m for m in {ADAPTER_LIBRARIES!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core loaded: {out.stdout.strip()}"


def test_package_imports_without_optional_postgres_driver():
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "import claimcheck.cli, claimcheck.pipeline, claimcheck.store\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_core_source_never_names_an_adapter_module():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "claimcheck"
    core = [root / f"{m}.py" for m in ("model", "compare", "match", "credibility", "html", "urls", "curation",
                                        "textformats", "known")]
    for package in ("extract", "report", "align", "verify"):
        core += list((root / package).glob("*.py"))
    core.append(root / "embed" / "encoder.py")
    adapter = re.compile(r"^\s*(?:from|import)\s+claimcheck\.(?:fetch\w*|store|cli|pipeline|ingest"
                         r"|exchange)\b", re.M)
    offenders = [p.name for p in core if adapter.search(p.read_text())]
    assert offenders == [], f"core modules importing adapters: {offenders}"
