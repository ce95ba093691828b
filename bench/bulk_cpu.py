"""Bulk ingest's CPU (issue #16): where the seconds of ``store_speed.py bulk`` go, in CPU time.

Wall time on the shared 2 cores moves with the other jobs; CPU time moves much less. This runs
what ``claimcheck ingest`` runs on ``--docs`` synthetic documents (``store_speed.py``'s files:
``bulk_pool``, ``load_documents``, ``store_documents``, workers automatic) and reports, medians
of ``--repeat`` runs: wall time, sentences per second, the calling (writing) process's CPU, the
workers' CPU (their processes are waited for, so ``RUSAGE_CHILDREN`` counts them), their sum,
and CPU per 1,000 sentences; plus the CPU of starting the workers alone (a pool with no work)
and, in one process, extraction alone (``extract_rows``: what a worker computes per document).
10,000 sentences/s on 2 cores needs at most 2 s of CPU per 10,000 sentences in all.

    .venv/bin/python bench/bulk_cpu.py [--docs 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store_speed import CACHE, _fresh_db, write_documents  # noqa: E402

from claimcheck.extract.slots import clear_cache  # noqa: E402
from claimcheck.ingest_pool import ExtractionPool, bulk_pool, extract_rows  # noqa: E402
from claimcheck.pipeline import load_documents, store_documents  # noqa: E402
from claimcheck.store import SqlStore  # noqa: E402


def cpu() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def bulk_once(paths, work: Path) -> dict:
    store = SqlStore(str(_fresh_db(work, "bulk.db")))
    clear_cache()
    me0, kids0 = cpu()
    started = time.perf_counter()
    with bulk_pool(paths) as pool:
        results = store_documents(store, load_documents(paths, pool=pool), pool=pool)
    wall = time.perf_counter() - started
    me1, kids1 = cpu()
    store.close()
    return {"wall": wall, "sentences": sum(r.claims for r in results),
            "caller_cpu": me1 - me0, "workers_cpu": kids1 - kids0}


def start_once() -> float:
    _, kids0 = cpu()
    with ExtractionPool(1) as pool:
        pool.submit  # noqa: B018 - nothing asked: the worker starts, preloads, ends
        # wait until it answered its first request (started and preloaded)
        worker = pool._idle.get()
        pool._idle.put(worker)
    return cpu()[1] - kids0


def extraction_once(docs) -> tuple[float, int]:
    clear_cache()
    me0, _ = cpu()
    sentences = sum(len(extract_rows(d).claims) for d in docs)
    return cpu()[0] - me0, sentences


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = write_documents(CACHE / "docs", args.docs)
    docs = load_documents(paths)
    extraction_once(docs[:50])  # imports, lexicons
    work = Path(tempfile.mkdtemp())
    load_before = os.getloadavg()[0]
    runs, starts, alone = [], [], []
    for _ in range(args.repeat):
        runs.append(bulk_once(paths, work))
        starts.append(start_once())
        alone.append(extraction_once(docs))
    shutil.rmtree(work, ignore_errors=True)
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "caller_cpu", "workers_cpu")}
    total = statistics.median(r["caller_cpu"] + r["workers_cpu"] for r in runs)
    sentences = runs[0]["sentences"]
    alone_cpu = statistics.median(a[0] for a in alone)
    print(json.dumps({
        "documents": len(paths), "sentences": sentences,
        "bulk_per_s": round(sentences / med["wall"]), "wall_s": round(med["wall"], 2),
        "caller_cpu_s": round(med["caller_cpu"], 2), "workers_cpu_s": round(med["workers_cpu"], 2),
        "total_cpu_s": round(total, 2), "cpu_s_per_10k_sentences": round(total / sentences * 10_000, 2),
        "worker_start_cpu_s": round(statistics.median(starts), 3),
        "extraction_alone_cpu_s": round(alone_cpu, 2),
        "extraction_alone_per_cpu_s": round(alone[0][1] / alone_cpu),
        "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }, indent=1))


if __name__ == "__main__":
    main()
