"""A bulk-ingest worker's work on fixed documents, to count its instructions (issue #16).

On the shared 2-core machine wall and CPU times of a few per cent are lost in the other jobs'
noise; the number of instructions a fixed piece of work executes is not. This runs what a fresh
``claimcheck.ingest_pool`` worker does (``_preload``, then per document ``load_local``,
``_extract_in_worker`` and the pickling of its rows) on the first N synthetic documents of
``store_speed.py`` (written there first by ``store_speed.py bulk``) and the first N/3 fixture and
case documents. Count it with valgrind, once with N documents and once with none (the start):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p.out \\
        .venv/bin/python bench/ingest_instructions.py 60       # "I refs" at the end
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p.out \\
        .venv/bin/python bench/ingest_instructions.py 0

The difference is the documents' work; run both in two trees and compare.
"""

from __future__ import annotations

import glob
import os
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.ingest_pool import _extract_in_worker, _preload, load_local  # noqa: E402

CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "claimcheck-store-speed" / "docs"
CASES = Path(os.environ.get("CLAIMCHECK_CASES", ROOT.parent / "shared" / "cases"))


def main() -> None:
    _preload()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    synthetic = sorted(glob.glob(str(CACHE / "*.txt")))[:count]
    named = [(os.path.relpath(p, base.parent), p) for base in (CASES, ROOT / "fixtures")
             for p in glob.glob(str(base / "**" / "*.*"), recursive=True)
             if p.endswith((".md", ".txt", ".html"))]
    real = [p for _, p in sorted(named)][:count // 3]  # the same files from any checkout
    for path in synthetic + real:
        try:
            doc = load_local(path, None, None, ())
        except Exception:  # noqa: BLE001 - a file the reader refuses: as a worker, go on
            continue
        rows = _extract_in_worker(doc)
        pickle.dumps(("ok", [(True, rows)]), protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
