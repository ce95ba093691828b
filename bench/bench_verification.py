"""Time claim verification on a large page.

Usage::

    .venv/bin/python bench/bench_verification.py [--kb 50] [--claims 50] [--repeat 3]

Builds a page of about ``--kb`` KB of text from the development-set pages (each paragraph
repeated with its numbers shifted, so the page is long and full of near-duplicates, the worst
case for ranking), takes ``--claims`` claims from ``pairs.jsonl``, and prints the time to index the
page and to verify all claims against it (best of ``--repeat`` runs, and the first run, whose
word caches are cold). Claims carry empty slots; passages get the real extractor's slots. With
the sentence model installed, indexing includes embedding every passage.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_verification import DEVSET, load_page_text, load_pairs  # noqa: E402

from claimcheck.model import Claim, Slots  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402
from claimcheck.verify import PageEvidence  # noqa: E402
from claimcheck.verify.verdict import verdict_for  # noqa: E402


def build_page(kilobytes: int) -> str:
    """Return about ``kilobytes`` KB of page text made from the dev-set pages."""
    paragraphs = []
    for path in sorted(DEVSET.iterdir()):
        if path.is_file() and path.suffix != ".jsonl":
            paragraphs.extend(p for p in load_page_text(path).split("\n\n") if p.strip())
    text, shift = [], 0
    while sum(len(p) + 2 for p in text) < kilobytes * 1024:
        for p in paragraphs:
            text.append(re.sub(r"\d+", lambda m: str(int(m.group()) + shift), p) if shift else p)
        shift += 1
    return "\n\n".join(text)[: kilobytes * 1024]


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=50)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    page = build_page(args.kb)
    claims = [p["claim"] for p in load_pairs(DEVSET / "pairs.jsonl")][: args.claims]
    engine = alignment_engine()
    print(f"alignment engine: {engine.mode} mode")
    best_index, best_verify, runs, cpu = float("inf"), float("inf"), [], []
    for _ in range(args.repeat):
        cpu_started = time.process_time()
        started = time.perf_counter()
        index = PageEvidence(page, engine)
        indexed = time.perf_counter()
        vectors = engine.vectors(claims)
        for n, claim in enumerate(claims):
            verdict_for(Claim(claim, 0, len(claim), 1, slots=Slots()), index, engine,
                        None if vectors is None else vectors[n])
        done = time.perf_counter()
        best_index = min(best_index, indexed - started)
        best_verify = min(best_verify, done - indexed)
        runs.append(done - started)
        cpu.append(time.process_time() - cpu_started)
    print(f"page: {len(page) / 1024:.1f} KB, {len(index.passages)} passages; claims: {len(claims)}")
    print(f"index page: {best_index:.3f} s")
    print(f"verify {len(claims)} claims: {best_verify:.3f} s ({1000 * best_verify / len(claims):.1f} ms/claim)")
    print(f"total: {best_index + best_verify:.3f} s (best of {args.repeat}); "
          f"first (cold caches): {runs[0]:.3f} s")
    print(f"CPU time: best {min(cpu):.3f} s, first {cpu[0]:.3f} s (wall time suffers on a busy machine)")


if __name__ == "__main__":
    main()
