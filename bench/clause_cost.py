"""What aligning clause windows costs matching (``claimcheck.align.clauses``).

Matches the claims of the shipped fixture documents (an article and a commentary, each against
the other and within itself, as ``claimcheck check`` does) with the windows of slot-differing
pairs aligned, and with ``AlignmentEngine.clause_probabilities`` replaced by the identity;
prints the best CPU time of ``--repeat`` runs of each, interleaved, and the matches that differ.

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/clause_cost.py
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.align.engine import AlignmentEngine  # noqa: E402
from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.match import find_matches  # noqa: E402
from claimcheck.pipeline import alignment_engine, load_documents  # noqa: E402

DOCUMENTS = ("fixtures/article-pacheco-pardo-kim-2022.md", "fixtures/commentary-xusheng-2022.txt")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = alignment_engine()
    if engine.encoder is None:
        sys.exit("the clause windows are aligned in semantic mode only: set CLAIMCHECK_MODEL_DIR")
    claims = []
    for number, doc in enumerate(load_documents([str(ROOT / d) for d in DOCUMENTS]), 1):
        for claim in extract_document(doc.text).claims:
            claims.append(dataclasses.replace(claim, id=len(claims) + 1, document_id=number))
    new = [c for c in claims if c.document_id == 2]
    old = [c for c in claims if c.document_id == 1]
    windows = AlignmentEngine.clause_probabilities
    identity = lambda self, statements, pairs, p, vectors=None, prepared=None, **limits: list(p)  # noqa: E731
    find_matches(new, old, engine=engine)  # warm caches (lexicon, encoder)
    times: dict[str, list[float]] = {"with windows": [], "without": []}
    found = {}
    for _ in range(args.repeat):
        for label, method in (("with windows", windows), ("without", identity)):
            AlignmentEngine.clause_probabilities = method
            start = time.process_time()
            found[label] = find_matches(new, old, engine=engine)
            times[label].append(time.process_time() - start)
    AlignmentEngine.clause_probabilities = windows
    print(f"{len(new)} + {len(old)} claims ({DOCUMENTS[1]} matched against {DOCUMENTS[0]} and itself)")
    for label, spent in times.items():
        print(f"  {label:13s} best CPU {min(spent):.2f} s of {args.repeat} runs")
    before = {(m.claim_a, m.claim_b): m.relation for m in found["without"]}
    after = {(m.claim_a, m.claim_b): m.relation for m in found["with windows"]}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    print(f"  matches that differ: {len(changed)}")
    for key in changed:
        print(f"    {key}: {before.get(key)} -> {after.get(key)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
