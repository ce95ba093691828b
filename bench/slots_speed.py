"""Throughput of segmentation + slot extraction (sentences per second on one core).

Usage: ``.venv/bin/python bench/slots_speed.py [--sentences N] [--no-real]``

Issue #3's target is segmentation + slots >= 20,000 sentences/s on one core. Four corpora:

- **synthetic, distinct**: sentences from templates (counts, money, percentages, dates,
  countries, organisations, people, plain sentences without any slot) plus the development-set
  sentences, every number replaced by another so that (almost) no sentence repeats and the slot
  cache cannot hide the cost. This is the target line.
- **real, distinct**: the ClaimBuster debate sentences (``$CLAIMCHECK_DATA`` or
  ``../shared/data``), longer (~100 characters) and written by people, not templates.
- **synthetic, repeated**: the same templates without changing the numbers (about one sentence
  in seven is new): what the slot cache adds when text repeats.
- **no digits**: the distinct synthetic sentences that hold no digit.

Each figure is the best of three runs in CPU time of this process, with the slot cache emptied
before each run; data files are loaded before timing.

On a shared machine the times swing with the load; ``--passes N`` runs N untimed passes over the
synthetic distinct set for an instruction count, which does not (one pass = 2 passes - 1 pass):

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        .venv/bin/python bench/slots_speed.py --passes 2      # then --passes 1; "I refs"
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.extract.sentences import segment  # noqa: E402
from claimcheck.extract.slots import clear_cache, extract_slots  # noqa: E402

TEMPLATES = [
    "On {month} {day}, {country} announced {n} new {noun} worth ${money} billion.",
    "The {org} said that {pct}% of {noun} in {country} had not been inspected since {year}.",
    "President {name} reportedly met officials from {country} in {month} {year}.",
    "Between {year} and {year2}, only {country} voted against the resolution, according to the {org}.",
    "About {n} {noun} were lost in the storm, two weeks later than expected.",
    "It may be that the policy will never be applied in all {n} regions.",
    "The committee discussed the proposal at length and agreed to meet again.",
    "This is an ordinary sentence without any names, dates or figures in it at all.",
    "Critics argue that the plan goes too far, while supporters say it does not go far enough.",
]
FILL = {
    "month": ["January", "March", "July", "September"], "day": ["2", "13", "28"],
    "country": ["France", "the DPRK", "Brazil", "Kenya", "the United States", "Vietnam"],
    "noun": ["vessels", "schools", "vaccines", "bridges"], "org": ["UN", "World Bank", "NATO", "EU"],
    "name": ["Jane Roe", "Ana Lima", "Ken Sato"], "n": ["12", "369", "five", "2,400"],
    "money": ["1.2", "9.6", "30"], "pct": ["12", "73", "4.5"], "year": ["2006", "2014", "2019"],
    "year2": ["2017", "2021", "2022"],
}
REFERENCE = date(2022, 7, 20)


def corpus(size: int, seed: int = 7) -> list[str]:
    """``size`` template sentences plus the development-set sentences (repeats included)."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(size):
        template = rng.choice(TEMPLATES)
        sentences.append(template.format(**{k: rng.choice(v) for k, v in FILL.items()}))
    devset = ROOT / "fixtures" / "devsets" / "extraction.jsonl"
    sentences += [json.loads(line)["text"] for line in devset.read_text(encoding="utf-8").splitlines()]
    return sentences


def vary_numbers(sentences: list[str], seed: int = 11) -> list[str]:
    """The sentences with every digit run replaced by a random one of the same length (a day
    stays 1-28 so dates stay valid), then de-duplicated."""
    rng = random.Random(seed)

    def new(m: re.Match) -> str:
        n = len(m.group())
        return str(rng.randint(1, 28)) if n <= 2 else str(rng.randint(10 ** (n - 1), 10 ** n - 1))

    return list(dict.fromkeys(re.sub(r"\d+", new, s) for s in sentences))


def real_sentences() -> list[str]:
    """Distinct ClaimBuster sentences, or [] when the data is not here."""
    data = Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))
    path = data / "claimbuster" / "train.json"
    if not path.exists():
        return []
    return list(dict.fromkeys(row["text"] for row in json.loads(path.read_text(encoding="utf-8"))))


def best_time(func, repeats: int = 3) -> float:
    """Smallest CPU time of ``repeats`` calls of ``func``, each starting with an empty slot cache."""
    best = float("inf")
    for _ in range(repeats):
        clear_cache()
        started = time.process_time()
        func()
        best = min(best, time.process_time() - started)
    return best


def as_document(sentences: list[str]) -> str:
    """The sentences as paragraphs of five."""
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def segmentation_and_slots(label: str, sentences: list[str]) -> float:
    """Print and return sentences/s of segmentation (``segment``: paragraphs, headings, list
    items, sentences, as ``extract_document`` cuts a document) + ``extract_slots`` of every
    sentence over one document."""
    text = as_document(sentences)

    def run() -> None:
        for unit in segment(text):
            if unit.kind == "sentence":
                extract_slots(text[unit.start:unit.end], unit.start, REFERENCE)

    count = sum(unit.kind == "sentence" for unit in segment(text))
    seconds = best_time(run)
    chars = len(text) / count
    rate = count / seconds
    print(f"segmentation + slots, {label:<22} {count:>7,} sentences ({chars:4.0f} chars avg) "
          f"{seconds:6.2f} s  {rate:>8,.0f} sentences/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20000, help="template sentences (default 20000)")
    parser.add_argument("--no-real", action="store_true", help="skip the ClaimBuster corpus")
    parser.add_argument("--passes", type=int, metavar="N",
                        help="only run N untimed passes over the synthetic distinct set and print nothing: "
                             "an instruction count (valgrind --tool=cachegrind) of 2 passes minus 1 pass "
                             "is one pass, whatever the load")
    args = parser.parse_args()
    repeated = corpus(args.sentences)
    distinct = vary_numbers(repeated)
    extract_slots(repeated[0], 0, REFERENCE)  # load data files outside the timing
    if args.passes is not None:
        text = as_document(distinct)
        for _ in range(args.passes):
            clear_cache()
            for unit in segment(text):
                if unit.kind == "sentence":
                    extract_slots(text[unit.start:unit.end], unit.start, REFERENCE)
        return
    print("one core, best of 3, slot cache emptied before each run; target 20,000 sentences/s")
    segmentation_and_slots("synthetic, distinct", distinct)
    real = [] if args.no_real else real_sentences()
    if real:
        segmentation_and_slots("real (ClaimBuster)", real)
    else:
        print("segmentation + slots, real (ClaimBuster): skipped (no data)")
    segmentation_and_slots("synthetic, repeated", repeated)
    plain = [s for s in distinct if not any(c.isdigit() for c in s)]
    seconds = best_time(lambda: [extract_slots(s, 0, REFERENCE) for s in plain])
    print(f"extract_slots alone, {len(plain):,} distinct sentences without digits: {len(plain) / seconds:,.0f} sentences/s")


if __name__ == "__main__":
    main()
