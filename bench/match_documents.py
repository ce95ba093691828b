"""Match the claims of some documents all against all and print what the matcher reports.

Extracts each document with ``claimcheck.extract.extract_document`` (publication date from
``--published`` when given), numbers the claims, runs ``claimcheck.match.match_claims`` and prints
the count per relation and every conflict with its reasons, so false conflicts can be read.

    .venv/bin/python bench/match_documents.py fixtures/commentary-xusheng-2022.txt \\
        fixtures/article-pacheco-pardo-kim-2022.md [--min-score 60] [--published 2022-12-01]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.match import match_claims  # noqa: E402


def load_claims(paths: list[Path], published: date | None) -> list:
    """Every claim of the documents, with ids and document ids set."""
    claims = []
    for document_id, path in enumerate(paths, start=1):
        extraction = extract_document(path.read_text(encoding="utf-8"), published=published)
        for claim in extraction.claims:
            claims.append(dataclasses.replace(claim, id=len(claims) + 1, document_id=document_id))
    return claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--min-score", type=float, default=60)
    parser.add_argument("--published", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    claims = load_claims(args.paths, args.published)
    by_id = {c.id: c for c in claims}
    matches, _ = match_claims(claims, [], min_score=args.min_score)
    print(f"claims: {len(claims)}   matches: {len(matches)}   "
          + "   ".join(f"{k}: {n}" for k, n in sorted(Counter(m.relation for m in matches).items())))
    for match in matches:
        if match.relation == "conflict":
            print(f"\nconflict (score {match.score:.0f}): {[r.note for r in match.reasons]}")
            print(f"  a: {by_id[match.claim_a].text}\n  b: {by_id[match.claim_b].text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
