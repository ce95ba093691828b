"""Extraction time on inputs under the size limit that used to take quadratic work (issue #15
item 5): many reference entries of one year (duplicate detection), and long text without a
sentence end, on many lines or on one line.

Usage (from a clone):

    .venv/bin/python bench/bounded_work.py                       # the default sizes
    .venv/bin/python bench/bounded_work.py --refs 10000 --lines 200000 --words 220000
    # before: the code of another commit
    mkdir -p /tmp/base && git archive b2e2734 claimcheck | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base .venv/bin/python bench/bounded_work.py --refs 4000 --lines 8000 --words 8000
"""

from __future__ import annotations

import argparse
import random
import time

from claimcheck.extract import extract_document


def references(n: int) -> str:
    """A short text and ``n`` reference entries of one year, five author names."""
    rng = random.Random(1)
    names = ["Smith, J.", "Jones, A.", "Brown, K.", "Lee, S.", "Kim, Y."]
    entries = [f"{rng.choice(names)} (2020). A study number {i} of things {rng.randint(0, 10**6)}. "
               f"Journal of Tests, {i}(2), 1-10." for i in range(n)]
    return ("Studies found 12 percent growth (Smith 2020).\n\nReferences\n\n"
            + "\n\n".join(entries))


def lines(n: int) -> str:
    """One paragraph of ``n`` lines without a sentence end."""
    return "\n".join(f"item {i} costs {i} dollars on 4 March 2024" for i in range(n))


def one_line(n: int) -> str:
    """The same ``n`` items on one line."""
    return " ".join(f"item {i} costs {i} dollars on 4 March 2024" for i in range(n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refs", type=int, default=10_000)
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--words", type=int, default=220_000, help="items on the one line")
    args = ap.parse_args()
    for name, text in (("reference entries of one year", references(args.refs)),
                       ("lines without a sentence end", lines(args.lines)),
                       ("items on one line", one_line(args.words))):
        count = {"reference entries of one year": args.refs,
                 "lines without a sentence end": args.lines}.get(name, args.words)
        started = time.perf_counter()
        extraction = extract_document(text)
        print(f"{count:>8,} {name:<30} {len(text) / 1e6:6.1f} MB  "
              f"{time.perf_counter() - started:7.1f} s  {len(extraction.claims):>6} claims  "
              f"{len(extraction.citation_issues):>4} citation issues")


if __name__ == "__main__":
    main()
