"""Evaluate claim-pair classification on the labelled development set.

Runs the real slot extractor (``claimcheck.extract.slots.extract_slots``, with each statement's
publication date as reference date) and ``claimcheck.compare.compare_statements`` on every pair of
``fixtures/devsets/matching.jsonl``, then prints precision/recall per relation, the confusion
matrix, how often a conflict names the labelled slot, and (with ``--errors``) each mistake.

    .venv/bin/python bench/eval_matching.py [--devset PATH] [--split NAME] [--by-split] [--errors] [--json]

``--split`` restricts the figures to one split (``base`` for pairs without a split, ``fresh``,
``fresh2``); ``--by-split`` prints a one-line summary per split after the whole-set figures.

The gate test ``tests/unit/test_matching_quality.py`` calls ``evaluate`` and compares the figures
with the floors in ``tests/floors/matching.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.compare import compare_statements  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402

DEVSET = ROOT / "fixtures" / "devsets" / "matching.jsonl"
RELATIONS = ("agree", "conflict", "related")


def load_pairs(path: Path = DEVSET, split: str | None = None) -> list[dict]:
    """The labelled pairs, one JSON object per line; only one split's when ``split`` is given
    (``base`` names the pairs without a ``split`` field)."""
    with open(path, encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle if line.strip()]
    if split is None:
        return pairs
    return [p for p in pairs if p.get("split", "base") == split]


def split_names(path: Path = DEVSET) -> list[str]:
    """The splits of the dev set in file order (``base`` first)."""
    return list(dict.fromkeys(p.get("split", "base") for p in load_pairs(path)))


def _published(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def classify(pair: dict):
    """Run the extractor and the comparison on one labelled pair."""
    slots_a = extract_slots(pair["a"], 0, _published(pair.get("a_published")))
    slots_b = extract_slots(pair["b"], 0, _published(pair.get("b_published")))
    return compare_statements(pair["a"], slots_a, pair["b"], slots_b)


def _precision_recall(confusion: Counter, relation: str) -> dict:
    predicted = sum(n for (gold, pred), n in confusion.items() if pred == relation)
    actual = sum(n for (gold, pred), n in confusion.items() if gold == relation)
    hit = confusion[(relation, relation)]
    return {"precision": hit / predicted if predicted else 1.0, "recall": hit / actual if actual else 1.0,
            "support": actual, "predicted": predicted}


def evaluate(path: Path = DEVSET, split: str | None = None) -> dict:
    """Classify every pair (of one split when ``split`` is given) and compute the figures.

    Returns:
        ``{"pairs", "accuracy", "per_relation": {rel: {precision, recall, support, predicted}},
        "confusion": {"gold->pred": n}, "conflict_slot_accuracy", "errors": [...]}``.
    """
    confusion: Counter = Counter()
    slot_hits, slot_total, errors = 0, 0, []
    for pair in load_pairs(path, split):
        result = classify(pair)
        confusion[(pair["relation"], result.relation)] += 1
        if pair["relation"] == "conflict" == result.relation:
            slot_total += 1
            slot_hits += pair.get("slot") in {r.slot for r in result.reasons}
        if result.relation != pair["relation"]:
            errors.append({"split": pair.get("split", "base"), "topic": pair["topic"], "gold": pair["relation"], "slot": pair.get("slot"),
                           "predicted": result.relation, "a": pair["a"], "b": pair["b"],
                           "reasons": [r.note for r in result.reasons]})
    total = sum(confusion.values())
    return {
        "pairs": total,
        "accuracy": sum(confusion[(r, r)] for r in RELATIONS) / total,
        "per_relation": {r: _precision_recall(confusion, r) for r in RELATIONS},
        "confusion": {f"{g}->{p}": confusion[(g, p)] for g in RELATIONS for p in RELATIONS},
        "conflict_slot_accuracy": slot_hits / slot_total if slot_total else 1.0,
        "errors": errors,
    }


def _print_report(figures: dict, show_errors: bool) -> None:
    print(f"pairs: {figures['pairs']}   accuracy: {figures['accuracy']:.3f}")
    print(f"{'relation':<10} {'precision':>9} {'recall':>7} {'support':>8} {'predicted':>10}")
    for relation, row in figures["per_relation"].items():
        print(f"{relation:<10} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['support']:>8} "
              f"{row['predicted']:>10}")
    print("\nconfusion (rows gold, columns predicted)")
    print(" " * 10 + "".join(f"{p:>10}" for p in RELATIONS))
    for gold in RELATIONS:
        print(f"{gold:<10}" + "".join(f"{figures['confusion'][f'{gold}->{p}']:>10}" for p in RELATIONS))
    print(f"\nconflicts found that name the labelled slot: {figures['conflict_slot_accuracy']:.3f}")
    if show_errors:
        for error in figures["errors"]:
            print(f"\n[{error['split']}/{error['topic']}] gold={error['gold']}({error['slot']}) predicted={error['predicted']}")
            print(f"  a: {error['a']}\n  b: {error['b']}\n  reasons: {error['reasons']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--split", help="only this split (base, fresh, fresh2)")
    parser.add_argument("--by-split", action="store_true", help="also print one summary line per split")
    parser.add_argument("--errors", action="store_true", help="print every misclassified pair")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = evaluate(args.devset, args.split)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print_report(figures, args.errors)
        if args.by_split:
            _print_splits(args.devset)
    return 0


def _print_splits(path: Path) -> None:
    print("\nsplit      pairs  accuracy  conflict P  conflict R  false conflicts")
    for name in split_names(path):
        figures = evaluate(path, name)
        row = figures["per_relation"]["conflict"]
        false_conflicts = row["predicted"] - figures["confusion"]["conflict->conflict"]
        print(f"{name:<10} {figures['pairs']:>5} {figures['accuracy']:>9.3f} {row['precision']:>11.3f} "
              f"{row['recall']:>11.3f} {false_conflicts:>16}")


if __name__ == "__main__":
    raise SystemExit(main())
