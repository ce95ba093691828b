"""Throughput of ``extract_slots`` (sentences per second on one core).

Usage: ``.venv/bin/python bench/slots_speed.py [--sentences N]``

The corpus is synthetic: sentences built from templates with counts, money, percentages,
dates, countries, organisations and people, mixed with plain sentences without any slot (as in
real documents), plus the sentences of the development set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def corpus(size: int, seed: int = 7) -> list[str]:
    """``size`` synthetic sentences plus the development-set sentences."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(size):
        template = rng.choice(TEMPLATES)
        sentences.append(template.format(**{k: rng.choice(v) for k, v in FILL.items()}))
    devset = ROOT / "fixtures" / "devsets" / "extraction.jsonl"
    sentences += [json.loads(line)["text"] for line in devset.read_text(encoding="utf-8").splitlines()]
    return sentences


def best_time(func, repeats: int = 3) -> float:
    """Smallest CPU time of ``repeats`` calls of ``func``, each starting with an empty slot cache."""
    best = float("inf")
    for _ in range(repeats):
        clear_cache()
        started = time.process_time()
        func()
        best = min(best, time.process_time() - started)
    return best


def segmentation_and_slots(sentences: list[str], reference: date) -> None:
    """Print sentences/s of split_sentences + extract_slots over one document, when segmentation exists."""
    try:
        from claimcheck.extract.sentences import split_sentences
    except ImportError:
        print("segmentation + slots: skipped (claimcheck.extract.sentences.split_sentences not available)")
        return
    paragraphs = [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]
    text = "\n\n".join(paragraphs)

    def run() -> None:
        for start, end in split_sentences(text):
            extract_slots(text[start:end], start, reference)

    count = len(split_sentences(text))
    seconds = best_time(run)
    print(f"segmentation + slots: {count} sentences in {seconds:.2f} s = {count / seconds:,.0f} sentences/s "
          f"(best of 3, CPU time of one core)")


def main() -> None:
    """Print sentences per second of extract_slots over the corpus (best of three runs).

    The corpus repeats template sentences (about a fifth are distinct), so the first line
    includes hits of the slot cache; the second measures the extraction itself.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20000)
    args = parser.parse_args()
    sentences = corpus(args.sentences)
    reference = date(2022, 7, 20)
    extract_slots(sentences[0], 0, reference)  # load data files outside the timing
    seconds = best_time(lambda: [extract_slots(s, i, reference) for i, s in enumerate(sentences)])
    chars = sum(map(len, sentences))
    distinct = list(dict.fromkeys(sentences))
    print(f"extract_slots: {len(sentences)} sentences ({chars / len(sentences):.0f} chars avg, {len(distinct)} distinct) "
          f"in {seconds:.2f} s = {len(sentences) / seconds:,.0f} sentences/s (best of 3, CPU time of one core, "
          f"cache emptied before each run)")
    seconds = best_time(lambda: [extract_slots(s, i, reference) for i, s in enumerate(distinct)])
    print(f"extract_slots on the {len(distinct)} distinct sentences (no cache hits): "
          f"{len(distinct) / seconds:,.0f} sentences/s")
    plain = [s for s in distinct if not any(c.isdigit() for c in s)]
    seconds = best_time(lambda: [extract_slots(s, 0, reference) for s in plain])
    print(f"extract_slots on the {len(plain)} distinct sentences without digits: {len(plain) / seconds:,.0f} sentences/s")
    segmentation_and_slots(sentences, reference)


if __name__ == "__main__":
    main()
