"""Sentence-model speed: one-time load, then sentences embedded per second by batch size.

Real sentences: the first N sentence strings of the MSRP training pairs (columns 4 and 5 of
``msrp/msr-para-train.tsv`` under ``$CLAIMCHECK_DATA``, else ``../shared/data``). The model is
the installed one (``claimcheck model install``, or ``$CLAIMCHECK_MODEL_DIR``). Run:

    .venv/bin/python bench/embed_speed.py [--sentences 2000] [--batch 16 32 64] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's claimcheck

from claimcheck.embed import get_encoder, model_dir, reset_encoder  # noqa: E402


def msrp_sentences(limit: int) -> list[str]:
    data = Path(os.environ.get("CLAIMCHECK_DATA") or ROOT.parent / "shared" / "data")
    path = data / "msrp" / "msr-para-train.tsv"
    sentences: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)  # header
        for row in rows:
            sentences += [s for s in row[3:5] if s]
            if len(sentences) >= limit:
                break
    return sentences[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--batch", type=int, nargs="+", default=[16, 32, 64])
    parser.add_argument("--repeat", type=int, default=2, help="runs per batch size; the best is kept")
    args = parser.parse_args()

    sentences = msrp_sentences(args.sentences)
    reset_encoder()
    start = time.perf_counter()
    encoder = get_encoder()
    load = time.perf_counter() - start
    if encoder is None:
        print(f"no verified sentence model in {model_dir()}: run `claimcheck model install [PATH]`")
        return 1
    tokens = sum(len(e.ids) for e in encoder.tokenizer.encode_batch(sentences))
    print(f"model {encoder.name} (sha256 {encoder.digest[:12]}) from {model_dir()}")
    print(f"load (read + verify sha256 + build): {load:.2f} s")
    print(f"{len(sentences)} MSRP sentences, {tokens / len(sentences):.1f} word pieces on average")
    encoder.encode(sentences[:64])  # warm-up
    for batch in args.batch:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            encoder.encode(sentences, batch_size=batch)
            best = min(best, time.perf_counter() - start)
        print(f"batch {batch:>3}: {len(sentences) / best:7.0f} sentences/s ({best:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
