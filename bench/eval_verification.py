"""Evaluate claim verification on the labelled development set.

Usage::

    .venv/bin/python bench/eval_verification.py [--verbose] [--pairs PATH] [--json]

Prints accuracy per gold verdict, overall accuracy, the confusion matrix, recall of
``contradicted`` per slot, and the number of ``supported`` verdicts given where the gold verdict is
``contradicted`` (must stay 0). ``evaluate()`` is what the quality gate test calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.extract.slots import extract_slots  # noqa: E402
from claimcheck.html import html_to_text  # noqa: E402
from claimcheck.verify import PageIndex, verify_against_index  # noqa: E402

DEVSET = ROOT / "fixtures" / "devsets" / "verification"
VERDICTS = ("supported", "contradicted", "not_found")


def load_page_text(path: Path) -> str:
    """Return a dev-set page's text: HTML through ``html_to_text``, other files as they are."""
    raw = path.read_bytes()
    if path.suffix in (".html", ".htm"):
        return html_to_text(raw).text
    return raw.decode("utf-8")


def load_pairs(path: Path) -> list[dict]:
    """Return the labelled claim/page pairs of a ``pairs.jsonl`` file."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run(pairs_path: Path = DEVSET / "pairs.jsonl") -> list[dict]:
    """Verify every pair; return the pairs with a ``predicted`` verdict and its reasons."""
    indexes: dict[tuple[str, str], PageIndex] = {}
    rows = []
    for pair in load_pairs(pairs_path):
        published = date.fromisoformat(pair["published"]) if pair.get("published") else None
        key = (pair["page"], pair.get("published") or "")
        if key not in indexes:
            indexes[key] = PageIndex(load_page_text(pairs_path.parent / pair["page"]), published)
        try:
            slots = extract_slots(pair["claim"], reference_date=published)
        except Exception as error:  # noqa: BLE001 - report and go on: the bench measures verify
            print(f"warning: extract_slots failed on {pair['claim']!r}: {error!r}", file=sys.stderr)
            slots = None
        result = verify_against_index(indexes[key], pair["claim"], slots)
        rows.append({**pair, "predicted": result.verdict,
                     "reasons": [r.slot for r in result.reasons],
                     "evidence": result.evidence.text if result.evidence else None})
    return rows


def summarise(rows: list[dict]) -> dict:
    """Return accuracy per class, overall accuracy, confusion and the safety count."""
    by_class: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter = Counter()
    slot_recall: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        ok = r["predicted"] == r["verdict"]
        by_class[r["verdict"]].append(ok)
        confusion[(r["verdict"], r["predicted"])] += 1
        if r["verdict"] == "contradicted":
            slot_recall[r["slot"] or "other"].append(ok)
    predicted_contra = [r for r in rows if r["predicted"] == "contradicted"]
    return {
        "pairs": len(rows),
        "accuracy": sum(r["predicted"] == r["verdict"] for r in rows) / len(rows),
        "per_class": {v: sum(by_class[v]) / len(by_class[v]) for v in VERDICTS if by_class[v]},
        "contradicted_precision": (sum(r["verdict"] == "contradicted" for r in predicted_contra)
                                   / len(predicted_contra)) if predicted_contra else 1.0,
        "supported_when_contradicted": confusion[("contradicted", "supported")],
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "contradicted_recall_by_slot": {s: f"{sum(v)}/{len(v)}" for s, v in sorted(slot_recall.items())},
    }


def evaluate(pairs_path: Path = DEVSET / "pairs.jsonl") -> dict:
    """Run and summarise the evaluation (used by the quality gate test)."""
    return summarise(run(pairs_path))


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEVSET / "pairs.jsonl")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every error")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = run(args.pairs)
    elapsed = time.perf_counter() - started
    summary = summarise(rows)
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"pairs: {summary['pairs']}  ({elapsed:.2f} s)")
    for verdict, acc in summary["per_class"].items():
        print(f"  accuracy[{verdict}]: {acc:.3f}")
    print(f"overall accuracy: {summary['accuracy']:.3f}")
    print(f"precision[contradicted]: {summary['contradicted_precision']:.3f}")
    print(f"supported where gold is contradicted: {summary['supported_when_contradicted']}")
    print(f"contradicted recall by slot: {summary['contradicted_recall_by_slot']}")
    print("confusion (gold->predicted):", summary["confusion"])
    if args.verbose:
        for r in rows:
            if r["predicted"] != r["verdict"]:
                print(f"- [{r['verdict']} -> {r['predicted']} {r['reasons']}] {r['claim']}\n"
                      f"    evidence: {r['evidence']!r}")


if __name__ == "__main__":
    main()
