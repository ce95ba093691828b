"""Match each pair of ``fixtures/devsets/pair-probes`` as two one-claim documents; count the pairs
whose relation is not the one wanted (``notconflict``: anything but a conflict).

A development set written with the rules in view (see its README): it guards the classes it
names against regressions, it does not measure generalisation.

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 .venv/bin/python bench/eval_pair_probes.py [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.extract.slots import extract_slots  # noqa: E402
from claimcheck.match import find_matches  # noqa: E402
from claimcheck.model import Claim  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402

PAIRS = ROOT / "fixtures" / "devsets" / "pair-probes" / "pairs.jsonl"
REFERENCE = date(2024, 6, 1)  # the date the statements' relative dates are read from


def relation(a: str, b: str, engine) -> tuple[str, str]:
    """The matcher's relation of two statements told in two documents, and its first reason."""
    claims = [Claim(text, 0, len(text), 1, slots=extract_slots(text, reference_date=REFERENCE),
                    id=k, document_id=k) for k, text in ((1, a), (2, b))]
    found = find_matches(claims, [], engine=engine)
    if not found:
        return "none", ""
    return found[0].relation, (found[0].reasons[0].note if found[0].reasons else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every pair, not only misses")
    args = parser.parse_args()
    engine = alignment_engine()
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = {"conflict": 0, "agree": 0, "notconflict": 0}
    total = {"conflict": 0, "agree": 0, "notconflict": 0}
    for row in rows:
        got, note = relation(row["a"], row["b"], engine)
        want = row["want"]
        ok = got == want or (want == "notconflict" and got != "conflict")
        total[want] += 1
        wrong[want] += not ok
        if args.verbose or not ok:
            print(f"{'ok  ' if ok else 'MISS'} want {want:11} got {got:8} {note[:70]}\n     {row['a']}\n     {row['b']}")
    print(f"mode: {engine.mode}")
    for want in total:
        print(f"{want:11} {total[want] - wrong[want]}/{total[want]} as wanted")
    print(f"pairs {len(rows)}  wrong {sum(wrong.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
