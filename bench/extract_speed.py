"""Extraction speed: sentences per second for segmentation alone and for extract_document.

Builds a large synthetic corpus (varied topics, abbreviations, numbers, citations, headings, list
items, a reference list) and prints figures. Run:

    .venv/bin/python bench/extract_speed.py [--paragraphs 4000]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's claimcheck

import claimcheck.extract as extract_module  # noqa: E402
from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.extract.sentences import segment  # noqa: E402
from claimcheck.extract.slots import clear_cache  # noqa: E402
from claimcheck.model import Slots  # noqa: E402

SENTENCES = [
    "The U.S. Food and Drug Administration approved the vaccine on Jan. 5, 2021 (Okafor 2019).",
    "Freight rates rose 3.5% to $2.4 million per voyage, according to Dr. Lindqvist.",
    "Turnout reached 66% in the 2020 election, the highest since 1992 [3].",
    "Stephen M. Walt argued that small states bandwagon (Walt 1987, 45).",
    "Glaciers in the Alps lost a third of their mass between 2000 and 2019 (Brandt et al. 2018).",
    'The minister said "the dam is safe." Engineers disagreed.',
    "See Vol. 3, No. 2, pp. 14-19 for details, e.g. the tables on hospital admissions.",
    "Will the ceasefire hold?",
    "Ports in Rotterdam and Singapore handled 14 million containers (Port Authority 2022a, 2022b).",
    "I think the reform might fail, but it is too early to say.",
    "The Electoral Commission (2021) counted 1,204 polling stations.",
    "Rainfall fell by 12 per cent across the basin in the summer of 2022.",
]
HEADINGS = ["1. INTRODUCTION", "## Results", "METHODS", "Discussion"]
REFERENCES = [
    '- Okafor, Adaeze. 2019. "Ports after the Blockage." *Maritime Policy Review* 12(3): 45-67.',
    '- Brandt, Karl, Maria Rossi, and Ana Petit. 2018. "Glacier Mass Balance." *Cryosphere* 4: 1-9.',
    '- Port Authority. 2022a. "Container Statistics," March 4 (<https://example.org/ports>).',
    '- _____. 2022b. "Annual Report," June (https://example.org/annual).',
    "- Walt, Stephen M. 1987. *The Origins of Alliances*. Cornell University Press.",
]


def _vary(sentence: str, rng: random.Random) -> str:
    """The sentence with every number replaced by another of the same length, so that sentences
    are (almost always) distinct and no cache can hide the real cost."""
    return re.sub(r"\d+", lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1
                                                     else 0, 10 ** len(m.group()) - 1)), sentence)


def build_corpus(paragraphs: int, seed: int = 7, distinct: bool = True) -> str:
    """A synthetic document of ``paragraphs`` paragraphs with headings and a reference list."""
    rng = random.Random(seed)
    parts = []
    for i in range(paragraphs):
        if i % 12 == 0:
            parts.append(rng.choice(HEADINGS))
        chosen = (rng.choice(SENTENCES) for _ in range(rng.randint(3, 7)))
        parts.append(" ".join(_vary(x, rng) if distinct else x for x in chosen))
    parts.append("REFERENCES")
    parts.append("\n".join(REFERENCES))
    return "\n\n".join(parts)


def measure(label: str, func, text: str, repeat: int) -> float:
    """Run ``func(text)`` ``repeat`` times; print and return units per second."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        clear_cache()
        count = func(text)
        best = min(best, time.perf_counter() - started)
    rate = count / best
    print(f"{label:<42} {count:>8} sentences  {best:7.3f} s  {rate:>10,.0f} sentences/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeated-sentences", action="store_true",
                        help="reuse the same 12 sentences verbatim (measures the slot cache)")
    args = parser.parse_args()
    text = build_corpus(args.paragraphs, distinct=not args.repeated_sentences)
    print(f"corpus: {len(text):,} characters, {args.paragraphs} paragraphs")
    measure("segmentation (segment)", lambda t: sum(s.kind == "sentence" for s in segment(t)), text, args.repeat)
    measure("extract_document (zones+slots+citations)", lambda t: len(extract_document(t).claims), text, args.repeat)
    measure("extract_document, structure only", _structure_only, text, args.repeat)


def _structure_only(text: str) -> int:
    """extract_document with slots and check-worthiness replaced by constants (our part alone)."""
    saved = extract_module.extract_slots, extract_module.score_checkworthiness
    extract_module.extract_slots = lambda sentence, offset=0, reference_date=None: Slots()
    extract_module.score_checkworthiness = lambda sentence, slots: (0.5, "")
    try:
        return len(extract_document(text).claims)
    finally:
        extract_module.extract_slots, extract_module.score_checkworthiness = saved


if __name__ == "__main__":
    main()
