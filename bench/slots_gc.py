"""What the garbage collector and the slot cache cost in segmentation + slots (issue #12 speed).

Usage: ``.venv/bin/python bench/slots_gc.py [--rounds 5] [--cache-sizes 8192 2048 512]``

Runs ``bench/slots_speed.py``'s segmentation + slots over its synthetic sentences (distinct and
repeated), in rounds that interleave the variants so that a busy machine weighs on each alike:

- with the collector on and off (``gc.disable()``), and with a one-entry slot cache: how much of
  the time the collector spends re-reading the mention objects the slot cache keeps alive;
- with slot caches of the given sizes: what a smaller cache saves on distinct text and loses on
  repeated text.

Prints the smallest and the median CPU time (or sentences/s) of each variant. Nothing here
changes claimcheck: the cache size is set on the module for the run only.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import slots_speed  # noqa: E402
from claimcheck.extract import slots as slots_module  # noqa: E402
from claimcheck.extract.sentences import segment  # noqa: E402


def _runner(text: str):
    def run() -> None:
        for unit in segment(text):
            if unit.kind == "sentence":
                slots_module.extract_slots(text[unit.start:unit.end], unit.start, slots_speed.REFERENCE)
    return run


def _timed(run, cache_size: int, collector: bool) -> float:
    slots_module.CACHE_SIZE = cache_size
    slots_module.clear_cache()
    gc.collect()
    if not collector:
        gc.disable()
    try:
        started = time.process_time()
        run()
        return time.process_time() - started
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache-sizes", type=int, nargs="+", default=[8192, 2048, 512])
    args = parser.parse_args()
    default_size = slots_module.CACHE_SIZE
    repeated = slots_speed.corpus(20000)
    distinct = slots_speed.vary_numbers(repeated)
    slots_module.extract_slots(repeated[0], 0, slots_speed.REFERENCE)  # load data files first
    distinct_run = _runner(slots_speed.as_document(distinct))
    variants = {"collector on": (default_size, True), "collector off": (default_size, False),
                "one-entry cache": (1, True)}
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (size, collector) in variants.items():
            seconds[name].append(_timed(distinct_run, size, collector))
    print(f"synthetic distinct, CPU seconds over {args.rounds} interleaved rounds (slot cache {default_size}):")
    for name, values in seconds.items():
        print(f"  {name:<16} min {min(values):.3f}  median {statistics.median(values):.3f}")

    corpora = {"distinct": distinct, "repeated": repeated}
    counts = {name: sum(u.kind == "sentence" for u in segment(slots_speed.as_document(s)))
              for name, s in corpora.items()}
    runs = {name: _runner(slots_speed.as_document(s)) for name, s in corpora.items()}
    rates: dict[tuple[str, int], list[float]] = {(n, c): [] for n in corpora for c in args.cache_sizes}
    for _ in range(args.rounds):
        for name in corpora:
            for size in args.cache_sizes:
                rates[(name, size)].append(counts[name] / _timed(runs[name], size, True))
    print("sentences/s by slot cache size (median of the rounds):")
    for (name, size), values in rates.items():
        print(f"  {name:<9} cache {size:>5}: {statistics.median(values):>8,.0f}")
    slots_module.CACHE_SIZE = default_size


if __name__ == "__main__":
    main()
