"""Precision / recall / F1 of slot extraction on the labelled development set.

Usage::

    .venv/bin/python bench/eval_extraction.py            # table of figures
    .venv/bin/python bench/eval_extraction.py --json     # the same as JSON
    .venv/bin/python bench/eval_extraction.py --errors dates   # gold vs found, per sentence
    .venv/bin/python bench/eval_extraction.py --devset fixtures/devsets/extraction-heldout.jsonl
    .venv/bin/python bench/eval_extraction.py --devset fixtures/devsets/extraction-cases.jsonl
    .venv/bin/python bench/eval_extraction.py --both     # the case set beside the development set

The development set is ``fixtures/devsets/extraction.jsonl``; ``--devset
fixtures/devsets/extraction-heldout.jsonl`` scores the small held-out set (labelled before the
extractor was run on it, never used for tuning), ``--devset fixtures/devsets/extraction-cases.jsonl``
the second set of issue #12 (164 sentences of the ``../shared/cases`` documents, labelled before any
code change; see ``fixtures/devsets/extraction-cases.md``) and ``--both`` prints that set beside the
development set (one hand-labelled sentence per line; see ``docs/slots.md`` for the labelling rules). Mentions are compared as multisets of
normalised keys per sentence: entities by canonical name (as a set), dates by (value, precision)
(relative dates without a value by "relative"), quantities by (value, unit), citations by the
normalised key. Negation and hedge are binary (positive class True), quantifier counts a true
positive when a non-null label is predicted exactly, check-worthiness thresholds the score at 0.5.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.extract.slots import extract_slots  # noqa: E402

DEVSET = ROOT / "fixtures" / "devsets" / "extraction.jsonl"
CASES = ROOT / "fixtures" / "devsets" / "extraction-cases.jsonl"
SLOTS = ("entities", "dates", "quantities", "citations", "negation", "quantifier", "hedge", "checkworthiness")


def load_devset(path: Path = DEVSET) -> list[dict]:
    """The labelled sentences."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def date_key(value: str, precision: str | None, relative: bool) -> tuple:
    """Comparable key of a date: (value, precision), or ("", "relative") when unresolved."""
    return ("", "relative") if not value else (value, precision)


def quantity_key(value: float, unit: str) -> tuple:
    """Comparable key of a quantity: value to 6 significant digits, unit."""
    return (float(f"{value:.6g}"), unit)


def citation_key(key: str) -> str:
    """Normalised citation key: lower case, '&' as 'and', letters and digits only."""
    key = key.lower().replace("&", " and ").replace("–", "-")
    return re.sub(r"[^a-z0-9]+", "", key)


class Tally:
    """True positives, false positives and false negatives of one slot."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add_multiset(self, gold: Counter, found: Counter) -> None:
        """Count a sentence's gold and found mentions."""
        common = sum((gold & found).values())
        self.tp += common
        self.fp += sum(found.values()) - common
        self.fn += sum(gold.values()) - common

    def add_label(self, gold, found) -> None:
        """Count one sentence-level label (None/False is the negative class)."""
        if found and found == gold:
            self.tp += 1
        else:
            self.fp += bool(found)
            self.fn += bool(gold)

    def figures(self) -> dict:
        """Precision, recall, F1 and the counts."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _optional(module: str, name: str):
    """An attribute of an optional module, or None when it does not exist yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def compare_sentence(row: dict, find_citations, score_checkworthiness) -> dict[str, tuple]:
    """(gold, found) per slot for one labelled sentence."""
    published = date.fromisoformat(row["published"]) if row["published"] else None
    slots = extract_slots(row["text"], 0, published)
    pairs = {
        "entities": (Counter(set(row["entities"])), Counter({e.canonical for e in slots.entities})),
        "dates": (Counter(date_key(d["value"], d.get("precision"), d.get("relative", False)) for d in row["dates"]),
                  Counter(date_key(d.value, d.precision, d.relative) for d in slots.dates)),
        "quantities": (Counter(quantity_key(q["value"], q["unit"]) for q in row["quantities"]),
                       # a range or tally holds two of the labelled numbers: both ends count
                       Counter(quantity_key(v, q.unit) for q in slots.quantities
                               for v in ((q.value,) if getattr(q, "high", None) is None else (q.value, q.high)))),
        "negation": (row["negated"], slots.negated),
        "quantifier": (row["quantifier"], slots.quantifier),
        "hedge": (row["hedged"], slots.hedged),
    }
    if find_citations is not None:
        pairs["citations"] = (Counter(citation_key(c) for c in row["citations"]),
                              Counter(citation_key(c.key) for c in find_citations(row["text"])))
    if score_checkworthiness is not None:
        pairs["checkworthiness"] = (row["checkworthy"], score_checkworthiness(row["text"], slots)[0] >= 0.5)
    return pairs


def evaluate(rows: list[dict] | None = None) -> dict[str, dict]:
    """Figures per slot over the development set (slots whose extractor is missing are left out)."""
    rows = load_devset() if rows is None else rows
    find_citations = _optional("claimcheck.extract.citations", "find_citations")
    score = _optional("claimcheck.extract.checkworthy", "score_checkworthiness")
    tallies: dict[str, Tally] = {}
    for row in rows:
        for slot, (gold, found) in compare_sentence(row, find_citations, score).items():
            tally = tallies.setdefault(slot, Tally())
            if isinstance(gold, Counter):
                tally.add_multiset(gold, found)
            else:
                tally.add_label(gold, found)
    return {slot: tallies[slot].figures() for slot in SLOTS if slot in tallies}


def print_errors(slot: str, rows: list[dict]) -> None:
    """Print each sentence where the slot's gold and found values differ."""
    find_citations = _optional("claimcheck.extract.citations", "find_citations")
    score = _optional("claimcheck.extract.checkworthy", "score_checkworthiness")
    for row in rows:
        pairs = compare_sentence(row, find_citations, score)
        if slot not in pairs:
            continue
        gold, found = pairs[slot]
        if gold != found:
            missing = dict(gold - found) if isinstance(gold, Counter) else gold
            extra = dict(found - gold) if isinstance(found, Counter) else found
            print(f"- {row['text'][:150]}\n    gold-only: {missing}\n    found-only: {extra}")


def main() -> None:
    """Command line: print the figures (or the errors of one slot)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", choices=SLOTS, help="print the mismatches of one slot")
    parser.add_argument("--devset", type=Path, default=DEVSET,
                        help="labelled JSONL file (default: the development set; the held-out set is "
                             "fixtures/devsets/extraction-heldout.jsonl)")
    parser.add_argument("--both", action="store_true",
                        help="print the case set (extraction-cases.jsonl) beside the development set")
    args = parser.parse_args()
    if args.both:
        print_both()
        return
    rows = load_devset(args.devset)
    if args.errors:
        print_errors(args.errors, rows)
        return
    figures = evaluate(rows)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    docs = len({r["doc"] for r in rows})
    print(f"labelled set: {len(rows)} sentences from {docs} documents ({args.devset})")
    print(f"{'slot':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for slot in SLOTS:
        if slot not in figures:
            print(f"{slot:<16}  skipped: extractor not available yet")
            continue
        f = figures[slot]
        print(f"{slot:<16}{f['precision']:>10.3f}{f['recall']:>8.3f}{f['f1']:>8.3f}{f['tp']:>6}{f['fp']:>6}{f['fn']:>6}")


def print_both(left: Path = CASES, right: Path = DEVSET) -> None:
    """Precision / recall / F1 per slot of two labelled sets, side by side."""
    a, b = evaluate(load_devset(left)), evaluate(load_devset(right))
    print(f"{'':<16}{left.name:^24}  {right.name:^24}")
    print(f"{'slot':<16}" + f"{'P':>8}{'R':>8}{'F1':>8}  " * 2)
    for slot in SLOTS:
        cells = []
        for figures in (a, b):
            f = figures.get(slot)
            cells.append(f"{'n/a':>24}  " if f is None else
                         f"{f['precision']:>8.3f}{f['recall']:>8.3f}{f['f1']:>8.3f}  ")
        print(f"{slot:<16}" + "".join(cells))


if __name__ == "__main__":
    main()
