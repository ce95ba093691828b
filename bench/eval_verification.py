"""Evaluate claim verification on the labelled development set.

Usage::

    .venv/bin/python bench/eval_verification.py [--verbose] [--pairs PATH] [--json]
    .venv/bin/python bench/eval_verification.py --heldout     # the held-out set
    .venv/bin/python bench/eval_verification.py --heldout-commentary   # op-ed claims vs news pages
    .venv/bin/python bench/eval_verification.py --demo        # demo claims vs the demo WARC pages

A pair names a ``page`` (a file beside ``pairs.jsonl``) or a ``url`` (fetched offline from
``fixtures/references.warc.gz``). ``published`` is the claim document's date; the page's own date
comes from the page (its metadata or dateline), as in the pipeline.

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
from claimcheck.model import Claim  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402
from claimcheck.verify import PageEvidence  # noqa: E402
from claimcheck.verify.verdict import verdict_for  # noqa: E402

DEVSET = ROOT / "fixtures" / "devsets" / "verification"
HELDOUT = DEVSET / "heldout" / "pairs.jsonl"
HELDOUT_COMMENTARY = DEVSET / "heldout-commentary" / "pairs.jsonl"
DEMO = DEVSET / "demo" / "pairs.jsonl"
ARCHIVE = ROOT / "fixtures" / "references.warc.gz"
VERDICTS = ("supported", "contradicted", "not_found")


def load_page_text(path: Path) -> str:
    """Return a dev-set page's text: HTML through ``html_to_text``, other files as they are."""
    return load_page(path)[0]


def load_page(path: Path) -> tuple[str, dict]:
    """Return a dev-set page's text and metadata (HTML through ``html_to_text``)."""
    raw = path.read_bytes()
    if path.suffix in (".html", ".htm"):
        extracted = html_to_text(raw)
        return extracted.text, extracted.metadata
    return raw.decode("utf-8"), {}


def fetch_archived(url: str) -> tuple[str, dict]:
    """Return the text and metadata of a page served from the demo WARC archive (offline)."""
    from claimcheck.fetch import Fetcher
    from claimcheck.fetch_archive import WarcArchive
    from claimcheck.html import page_metadata
    fetcher = Fetcher(archive=WarcArchive.load([ARCHIVE]), offline=True)
    page = fetcher.fetch(url)
    return page.text, page_metadata(page)


def _page_date(text: str, metadata: dict) -> date | None:
    from claimcheck.extract.publication import publication_date

    published = metadata.get("published")
    if published:
        try:
            return date.fromisoformat(str(published)[:10])
        except ValueError:
            pass
    return publication_date(text)


def build_index(pair: dict, base: Path, published: date | None) -> PageEvidence:
    """Index the pair's page with the claim's date and the page's own date."""
    text, metadata = fetch_archived(pair["url"]) if "url" in pair else load_page(base / pair["page"])
    issued = _page_date(text, metadata)
    return PageEvidence(text, alignment_engine(), issued or published, issued)


def load_pairs(path: Path) -> list[dict]:
    """Return the labelled claim/page pairs of a ``pairs.jsonl`` file."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run(pairs_path: Path = DEVSET / "pairs.jsonl") -> list[dict]:
    """Verify every pair; return the pairs with a ``predicted`` verdict and its reasons."""
    indexes: dict[tuple[str, str], PageEvidence] = {}
    engine = alignment_engine()
    rows = []
    for pair in load_pairs(pairs_path):
        published = date.fromisoformat(pair["published"]) if pair.get("published") else None
        key = (pair.get("page") or pair["url"], pair.get("published") or "")
        if key not in indexes:
            indexes[key] = build_index(pair, pairs_path.parent, published)
        try:
            slots = extract_slots(pair["claim"], reference_date=published)
        except Exception as error:  # noqa: BLE001 - report and go on: the bench measures verify
            print(f"warning: extract_slots failed on {pair['claim']!r}: {error!r}", file=sys.stderr)
            slots = None
        claim = Claim(text=pair["claim"], start=0, end=len(pair["claim"]), paragraph=1,
                      slots=slots or extract_slots(""))
        vector = engine.vectors([pair["claim"]])
        result = verdict_for(claim, indexes[key], engine, None if vector is None else vector[0])
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
    parser.add_argument("--heldout", action="store_const", const=HELDOUT, dest="pairs",
                        help="evaluate the held-out set")
    parser.add_argument("--heldout-commentary", action="store_const", const=HELDOUT_COMMENTARY,
                        dest="pairs", help="evaluate the held-out commentary (op-ed vs news) set")
    parser.add_argument("--demo", action="store_const", const=DEMO, dest="pairs",
                        help="evaluate demo claims against the demo WARC pages")
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
