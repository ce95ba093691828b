"""Evaluate retrieval of previously fact-checked claims (CheckThat! 2020 Task 2 format).

Prints MAP@5 of the BM25 stage alone and of the shipped re-ranker, the timing of the search, and
as its LAST line ``MAP@5 0.xxx`` (the re-ranker's figure). MAP@5 follows trectools: average
precision over the top 5 divided by the number of relevant claims of the query.

Usage:
    .venv/bin/python bench/eval_claim_retrieval.py \
        --claims ../shared/data/checkthat2020-t2/verified_claims.docs.tsv \
        --queries ../shared/data/checkthat2020-t2/dev/tweets.queries.tsv \
        --qrels ../shared/data/checkthat2020-t2/dev/tweet-vclaim-pairs.qrels [--top 5]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from claimcheck.known import KnownClaim, KnownClaimIndex, load_known_claims, load_ranker


def read_queries(path: str | Path) -> list[tuple[str, str]]:
    """(query id, text) pairs from ``id<TAB>text`` with a header row (quoted fields)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [(row[0].strip(), row[1]) for row in rows[1:] if len(row) >= 2]


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    """Relevant claim ids per query from TREC qrels ``qid 0 docid rel``."""
    relevant: dict[str, set[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and int(parts[3]) > 0:
            relevant.setdefault(parts[0], set()).add(parts[2])
    return relevant


def average_precision(ranked: Sequence[str], relevant: set[str], depth: int) -> float:
    """AP over the first ``depth`` results divided by the number of relevant ids (trectools)."""
    hits, total = 0, 0.0
    for rank, doc_id in enumerate(ranked[:depth], start=1):
        if doc_id in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def mean_average_precision(search: Callable[[str], list[tuple[KnownClaim, float]]],
                           queries: list[tuple[str, str]], qrels: dict[str, set[str]],
                           depth: int) -> float:
    """MAP@depth over every query that has relevance judgements (unjudged queries skipped)."""
    texts = dict(queries)
    scores = []
    for qid, relevant in qrels.items():
        ranked = [c.id for c, _ in search(texts.get(qid, ""))] if qid in texts else []
        scores.append(average_precision(ranked, relevant, depth))
    return sum(scores) / len(scores) if scores else 0.0


def top1_by_score(index: KnownClaimIndex, queries: list[tuple[str, str]],
                  qrels: dict[str, set[str]]) -> str:
    """How often the best result is relevant, among queries whose best score passes a cut."""
    texts = dict(queries)
    best = [index.search(texts[q], 1) for q in qrels if q in texts]
    hits = [(r[0][1], r[0][0].id in qrels[q]) for q, r in zip(qrels, best) if r]
    parts = []
    for cut in (0.0, 0.3, 0.5, 0.7):
        kept = [hit for score, hit in hits if score >= cut]
        precision = sum(kept) / len(kept) if kept else 0.0
        parts.append(f">={cut:.1f}: {precision:.2f} of {len(kept)}")
    return "top-1 precision by score cut: " + "; ".join(parts)


def time_searches(claims: list[KnownClaim], texts: list[str], count: int,
                  ranker: str | None) -> str:
    """Build a fresh index and time ``count`` searches (cold caches), as one line."""
    started = time.perf_counter()
    index = KnownClaimIndex(claims, load_ranker(ranker) if ranker else None)
    built, cpu_built = time.perf_counter(), time.process_time()
    for i in range(count):
        index.search(texts[i % len(texts)], 5)
    done, cpu_done = time.perf_counter(), time.process_time()
    return (f"timing: {count} searches against {len(claims)} claims in {done - built:.2f} s "
            f"wall, {cpu_done - cpu_built:.2f} s CPU (+ {built - started:.2f} s to build the index)")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", required=True, help="verified claims (TSV, JSONL, JSON-LD)")
    parser.add_argument("--queries", required=True, help="tweets.queries.tsv of a split")
    parser.add_argument("--qrels", required=True, help="tweet-vclaim-pairs.qrels of the split")
    parser.add_argument("--top", type=int, default=5, help="depth of MAP (default 5)")
    parser.add_argument("--ranker", default=None, help="ranker JSON (default: shipped)")
    parser.add_argument("--timing", type=int, default=1000,
                        help="also time this many searches (queries cycled) on a fresh index")
    args = parser.parse_args(argv)

    claims = load_known_claims(args.claims)
    queries, qrels = read_queries(args.queries), read_qrels(args.qrels)
    started = time.perf_counter()
    index = KnownClaimIndex(claims, load_ranker(args.ranker) if args.ranker else None)
    built = time.perf_counter() - started
    print(f"claims {len(claims)}  queries {len(queries)}  judged {len(qrels)}")
    print(f"index built in {built:.2f} s")
    bm25 = mean_average_precision(lambda t: index.bm25_search(t, args.top), queries, qrels, args.top)
    print(f"BM25 alone       MAP@{args.top} {bm25:.3f}")
    started = time.perf_counter()
    result = mean_average_precision(lambda t: index.search(t, args.top), queries, qrels, args.top)
    elapsed = time.perf_counter() - started
    print(f"search: {len(qrels)} queries in {elapsed:.2f} s "
          f"({1000 * elapsed / max(len(qrels), 1):.1f} ms/query)")
    print(f"BM25 + re-ranker MAP@{args.top} {result:.3f}")
    print(top1_by_score(index, queries, qrels))
    if args.timing:
        print(time_searches(claims, [text for _, text in queries], args.timing, args.ranker))
    print(f"MAP@{args.top} {result:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
