"""Document-level matching: does the whole matcher find the expected pairs between documents?

``bench/eval_matching.py`` scores ``compare_statements`` on pairs handed to it; this script runs
what ``claimcheck check`` runs on real documents (ingest, ``extract_document`` with each
document's own publication date, ``find_matches`` with the pipeline's alignment engine and thresholds, the same
``related`` and check-worthiness filters as the pipeline) on each topic of
``fixtures/devsets/matching-docs/`` and compares the cross-document pairs it reports with
``pairs.jsonl``:

- recall per relation: an expected pair counts when the matcher reports the two claims with the
  expected relation (``found``), with another relation (``wrong``), or not at all (``missed``);
- unexpected ``agree``/``conflict`` pairs are printed with ``--errors`` for a reader to judge.

    .venv/bin/python bench/eval_matching_docs.py [--set DIR] [--min-score N] [--errors]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.ingest import load_document  # noqa: E402
from claimcheck.match import find_matches  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402
from claimcheck.pipeline import listed  # noqa: E402

DEFAULT_SET = ROOT / "fixtures" / "devsets" / "matching-docs"


def _claims(paths: list[Path]) -> list:
    """Every claim of the documents, numbered, with ``document_id`` the index in ``paths``."""
    claims = []
    for index, path in enumerate(paths):
        document = load_document(str(path))
        for claim in extract_document(document.text, published=document.published).claims:
            claims.append(dataclasses.replace(claim, id=len(claims) + 1, document_id=index))
    return claims


def _reported(claims: list, min_score: float | None) -> dict[tuple[int, int], object]:
    """Cross-document matches kept as the pipeline keeps them, by (claim id, claim id)."""
    worthy = {c.id for c in claims if c.checkworthy}
    kept = {}
    for match in find_matches(claims, [], min_score=min_score, engine=alignment_engine()):
        a, b = claims[match.claim_a - 1], claims[match.claim_b - 1]
        if a.document_id == b.document_id:
            continue
        if listed(match, worthy, min_score):
            kept[(match.claim_a, match.claim_b)] = match
    return kept


def _find(claims: list, document: int, fragment: str):
    hits = [c for c in claims if c.document_id == document and fragment in c.text]
    if not hits:
        raise SystemExit(f"no claim of document {document} contains {fragment!r}")
    return hits[0]


def evaluate(directory: Path = DEFAULT_SET, min_score: float | None = None, errors: bool = False) -> dict:
    """Run every topic; return counts per relation and outcome, and print a summary."""
    expected = [json.loads(line) for line in (directory / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    outcome: Counter = Counter()
    unexpected: Counter = Counter()
    topics = list(dict.fromkeys((row["doc_a"], row["doc_b"]) for row in expected))
    for doc_a, doc_b in topics:
        claims = _claims([directory / doc_a, directory / doc_b])
        reported = _reported(claims, min_score)
        listed = set()
        for row in (r for r in expected if (r["doc_a"], r["doc_b"]) == (doc_a, doc_b)):
            a, b = _find(claims, 0, row["a"]), _find(claims, 1, row["b"])
            key = (min(a.id, b.id), max(a.id, b.id))
            listed.add(key)
            match = reported.get(key)
            result = "missed" if match is None else "found" if match.relation == row["relation"] else "wrong"
            outcome[(row["relation"], result)] += 1
            if errors and result != "found":
                got = "nothing" if match is None else f"{match.relation} (score {match.score:.0f})"
                print(f"[{result}] expected {row['relation']}, got {got}\n  a: {a.text}\n  b: {b.text}")
        for key, match in reported.items():
            if key not in listed and match.relation != "related":
                unexpected[match.relation] += 1
                if errors:
                    print(f"[unexpected {match.relation}] score {match.score:.0f} "
                          f"{[r.note for r in match.reasons]}\n  a: {claims[key[0] - 1].text}\n  b: {claims[key[1] - 1].text}")
    summary = {}
    for relation in ("agree", "conflict"):
        total = sum(n for (rel, _), n in outcome.items() if rel == relation)
        found = outcome[(relation, "found")]
        summary[relation] = {"expected": total, "found": found, "wrong": outcome[(relation, "wrong")],
                             "missed": outcome[(relation, "missed")], "recall": round(found / total, 3) if total else None,
                             "unexpected": unexpected[relation]}
    for relation, row in summary.items():
        print(f"{relation:<9} expected {row['expected']:>3}  found {row['found']:>3}  wrong relation {row['wrong']:>3}  "
              f"missed {row['missed']:>3}  recall {row['recall']}   unexpected {row['unexpected']}")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="directory with pairs.jsonl and the documents")
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--errors", action="store_true", help="print every miss and every unexpected pair")
    args = parser.parse_args(argv)
    evaluate(args.set, args.min_score, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
