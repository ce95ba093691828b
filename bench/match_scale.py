"""Scale benchmark for ``claimcheck.match``: wall time, memory, candidates, recall.

For each size a child process generates a synthetic corpus (``bench/synthetic_claims.py``, planted
paraphrases, agreements and conflicts, synthetic Slots), then:

- **full**: matches every claim as new (the worst case: a store built in one go);
- **incremental**: matches the last ``--incremental`` claims against all the others;
- **planted recall**: share of planted pairs found, and share labelled with the planted relation;
- **brute-force recall**: for ``--sample`` claims, every pair the same scorer puts at or above
  ``--min-score`` when compared with *all* claims (``process.cdist``), and the share of those
  that blocking found.

    .venv/bin/python bench/match_scale.py --sizes 10000,100000 [--sample 200] [--workers -1]
        [--dump /tmp/matches] [--profile /tmp/match.prof]
    nice -n 10 .venv/bin/python bench/match_scale.py --sizes 1000000 --sample 50

Peak memory is the child's maximum resident set (``resource.getrusage``), corpus included.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claimcheck.match import FIGURE_BONUS, TEXT_WEIGHT, combined_score, match_claims, prepare_claims  # noqa: E402
from synthetic_claims import generate_corpus  # noqa: E402

EXPECTED = {"paraphrase": "agree", "agree": "agree", "conflict_date": "conflict",
            "conflict_quantity": "conflict"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def planted_recall(planted: list[tuple[int, int, str]], found: dict[tuple[int, int], str]) -> dict:
    """Share of planted pairs found, and found with the planted relation, per kind."""
    result = {}
    for kind in sorted({k for _, _, k in planted}):
        pairs = [(a, b) for a, b, k in planted if k == kind]
        hits = [found.get(p) for p in pairs]
        result[kind] = {"pairs": len(pairs), "found": sum(h is not None for h in hits) / len(pairs),
                        "labelled": sum(h == EXPECTED[kind] for h in hits) / len(pairs)}
    return result


def brute_force_recall(claims, found: dict[tuple[int, int], str], *, sample: int, min_score: float,
                       workers: int, seed: int = 3) -> dict:
    """Recall of blocking against scoring ``sample`` claims with every other claim."""
    prepared = prepare_claims(claims, [])
    rows = random.Random(seed).sample(range(len(claims)), min(sample, len(claims)))
    needed_text = min((min_score - 100.0 * (1.0 - TEXT_WEIGHT)) / TEXT_WEIGHT,  # full slot overlap
                      min_score - FIGURE_BONUS)  # a shared rare figure
    truth: set[tuple[int, int]] = set()
    started = time.perf_counter()
    for first in range(0, len(rows), 8):
        batch = rows[first:first + 8]
        matrix = process.cdist(prepared.normalised[batch], prepared.normalised,
                               scorer=fuzz.token_set_ratio, score_cutoff=needed_text,
                               workers=workers, dtype=np.float32)
        for row, column in zip(*np.nonzero(matrix)):
            i, j = batch[row], int(column)
            if i == j:
                continue
            score = combined_score(matrix[row, column], frozenset(prepared.slot_keys[i]),
                                   frozenset(prepared.slot_keys[j]), prepared.rare_figures)
            if score >= min_score:
                a, b = claims[i].id, claims[j].id
                truth.add((min(a, b), max(a, b)))
    hit = sum(pair in found for pair in truth)
    return {"sample": len(rows), "pairs": len(truth), "recall": hit / len(truth) if truth else 1.0,
            "seconds": round(time.perf_counter() - started, 1)}


def _dump(matches, path: Path) -> None:
    """Every match of the full run, one JSON line each in claim-id order: two revisions' files
    are equal when they match alike (claims, relation, score, reasons)."""
    with path.open("w", encoding="utf-8") as out:
        for m in sorted(matches, key=lambda m: (m.claim_a, m.claim_b)):
            out.write(json.dumps([m.claim_a, m.claim_b, m.relation, m.score, [repr(r) for r in m.reasons]]) + "\n")


def run_one(size: int, args: argparse.Namespace) -> dict:
    """Benchmark one corpus size in this process."""
    started = time.perf_counter()
    corpus = generate_corpus(size, seed=args.seed)
    figures = {"size": size, "generate_s": round(time.perf_counter() - started, 1),
               "rss_after_corpus_mb": round(_rss_mb())}
    started = time.perf_counter()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    matches, stats = match_claims(corpus.claims, [], min_score=args.min_score, workers=args.workers)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(f"{args.profile}.{size}")
    figures.update({
        "full_s": round(time.perf_counter() - started, 1), "peak_rss_mb": round(_rss_mb()),
        "blocking_entries": stats.blocking_entries, "candidate_pairs": stats.candidate_pairs,
        "cheap_survivors": stats.cheap_survivors, "matches": stats.matches,
        "relations": stats.relations,
    })
    found = {(m.claim_a, m.claim_b): m.relation for m in matches}
    if args.dump:
        _dump(matches, Path(f"{args.dump}.{size}"))
    del matches
    figures["planted"] = planted_recall(corpus.planted, found)
    figures["planted_found"] = sum(v["found"] * v["pairs"] for v in figures["planted"].values()) / max(
        1, len(corpus.planted))
    if args.incremental:
        new, existing = corpus.claims[-args.incremental:], corpus.claims[:-args.incremental]
        started = time.perf_counter()
        _, incremental = match_claims(new, existing, min_score=args.min_score, workers=args.workers)
        figures["incremental"] = {"new": len(new), "seconds": round(time.perf_counter() - started, 1),
                                  "candidate_pairs": incremental.candidate_pairs,
                                  "matches": incremental.matches}
    if args.sample:
        figures["brute_force"] = brute_force_recall(corpus.claims, found, sample=args.sample,
                                                    min_score=args.min_score, workers=args.workers)
    figures["peak_rss_mb"] = round(_rss_mb())
    return figures


def _print_row(figures: dict) -> None:
    brute = figures.get("brute_force", {})
    incremental = figures.get("incremental", {})
    print(f"{figures['size']:>9,} claims: full {figures['full_s']:>7.1f} s, peak RSS "
          f"{figures['peak_rss_mb']:>6,} MB (corpus {figures['rss_after_corpus_mb']:,} MB), "
          f"candidates {figures['candidate_pairs']:>12,}, past cheap stage {figures['cheap_survivors']:>10,}, "
          f"matches {figures['matches']:>9,}")
    print(f"{'':>17} planted found {figures['planted_found']:.3f} "
          + " ".join(f"{k}={v['found']:.3f}/{v['labelled']:.3f}" for k, v in figures["planted"].items()))
    if brute:
        print(f"{'':>17} brute-force recall {brute['recall']:.3f} on {brute['pairs']} pairs of "
              f"{brute['sample']} sampled claims ({brute['seconds']} s)")
    if incremental:
        print(f"{'':>17} incremental: {incremental['new']:,} new vs {figures['size'] - incremental['new']:,} "
              f"existing in {incremental['seconds']} s, {incremental['candidate_pairs']:,} candidates")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--sample", type=int, default=200, help="claims for the brute-force check (0: skip)")
    parser.add_argument("--incremental", type=int, default=1000, help="new claims in the incremental run")
    parser.add_argument("--min-score", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=-1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dump", help="write the full run's matches to DUMP.<size> (to diff two revisions)")
    parser.add_argument("--profile", help="cProfile the full run's matching into PROFILE.<size>")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args)))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), "--sample", str(args.sample),
                   "--incremental", str(args.incremental), "--min-score", str(args.min_score),
                   "--workers", str(args.workers), "--seed", str(args.seed)]
        command += ["--dump", args.dump] if args.dump else []
        command += ["--profile", args.profile] if args.profile else []
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        _print_row(figures)
        print("  json:", json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
