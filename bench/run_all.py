"""Run every benchmark and quality evaluation, printing their figures (``make bench``).

Usage: python bench/run_all.py [--quick] [--only NAME ...]

Public benchmark data is read from $CLAIMCHECK_DATA, else ../shared/data beside the repository;
evaluations that need it are skipped with a note when it is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))
CT = DATA / "checkthat2020-t2"


def _jobs(quick: bool) -> list[tuple[str, list[str], bool]]:
    """(name, arguments, needs public data)."""
    sizes = "10000" if quick else "10000,100000"
    return [
        ("extraction quality", ["eval_extraction.py"], False),
        ("extraction quality (held-out)", ["eval_extraction.py", "--devset",
                                           "fixtures/devsets/extraction-heldout.jsonl"], False),
        ("extraction speed", ["extract_speed.py"], False),
        ("slot speed", ["slots_speed.py"], False),
        ("matching quality", ["eval_matching.py"], False),
        ("matching documents (dev)", ["eval_matching_docs.py"], False),
        ("pair probes (look-alikes, forecasts, named series)", ["eval_pair_probes.py"], False),
        ("matching scale", ["match_scale.py", "--sizes", sizes], False),
        ("verification quality", ["eval_verification.py"], False),
        ("verification speed", ["bench_verification.py"], False),
        ("fetch speed", ["fetch_speed.py"], False),
        ("html differential (output identical to e1dbe47)", ["html_differential.py"], False),
        ("report rendering", ["bench_reports.py"], False),
        ("report of a 200-document check", ["report_200.py"], False),
        ("curation search and queue", ["curation_search.py", "--size",
                                       "100000" if quick else "1000000"], False),
        ("claim retrieval (CheckThat! 2020 dev)", [
            "eval_claim_retrieval.py", "--claims", str(CT / "verified_claims.docs.tsv"),
            "--queries", str(CT / "dev" / "tweets.queries.tsv"),
            "--qrels", str(CT / "dev" / "tweet-vclaim-pairs.qrels")], True),
        ("check-worthiness (ClaimBuster, 5-fold CV)", [
            "eval_checkworthiness.py", "--cv", "5", "--data",
            str(DATA / "claimbuster" / "train.json")], True),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller scale runs")
    parser.add_argument("--only", nargs="*", help="run only jobs whose name contains these words")
    args = parser.parse_args()
    failed = []
    for name, argv, needs_data in _jobs(args.quick):
        if args.only and not any(w.lower() in name.lower() for w in args.only):
            continue
        print(f"\n=== {name}: python bench/{' '.join(argv)}", flush=True)
        if needs_data and not DATA.is_dir():
            print(f"skipped: no public data at {DATA} (set CLAIMCHECK_DATA)")
            continue
        started = time.perf_counter()
        rc = subprocess.call([sys.executable, str(ROOT / "bench" / argv[0]), *argv[1:]], cwd=ROOT)
        print(f"--- {name}: exit {rc}, {time.perf_counter() - started:.1f} s", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("\nfailed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
