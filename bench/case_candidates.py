"""How many planted cross-document pairs of the evaluation cases matching's candidate stages keep.

The stages are the pipeline's own (``claimcheck.match``: lexical blocks scored from
``CANDIDATE_MIN_SCORE``, then sentence-vector neighbours); a planted pair that is not a candidate
can never be found, whatever the alignment decides. A measure only: nothing is fitted on the cases.

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 .venv/bin/python bench/case_candidates.py \\
        ../shared/cases [--floor 0.28] [-v]

``--floor`` takes the vector neighbours of other documents from that cosine on (the shipped stage
takes each claim's nearest claims of any document from ``SEMANTIC_MIN_COSINE``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck import match as M  # noqa: E402
from claimcheck.pipeline import alignment_engine, load_documents, store_documents  # noqa: E402
from claimcheck.store import SqlStore  # noqa: E402


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def _neighbours(prepared, vectors, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's ``SEMANTIC_NEIGHBOURS`` nearest claims of other documents from ``floor`` on."""
    sims = vectors @ vectors.T
    sims[prepared.document[:, None] == prepared.document[None, :]] = -1.0
    k = min(M.SEMANTIC_NEIGHBOURS, len(vectors))
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(len(vectors)), k)
    cols = top.ravel()
    keep = sims[rows, cols] >= floor
    return np.minimum(rows, cols)[keep], np.maximum(rows, cols)[keep]


def case_candidates(case: Path, engine, floor: float | None) -> tuple[int, int, list[str]]:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        store = SqlStore(f"sqlite:///{tmp}/cases.db")
        docs = load_documents([str(case / expected["documents"][role]) for role in ("commentary", "article")])
        ids = [result.document_id for result in store_documents(store, docs)]
        claims = store.claims()
    prepared = M.prepare_claims(claims, [], None)
    vectors = engine.vectors([c.text for c in prepared.claims])
    kept = [M.score_pairs(prepared, low, high, min_score=M.CANDIDATE_MIN_SCORE, workers=1, stats=M.MatchStats())
            for low, high in M.candidate_chunks(prepared, include_same_document=True,
                                                 max_block=M.DEFAULT_MAX_BLOCK, stats=M.MatchStats())]
    low, high = (M._semantic_pairs(prepared, vectors, True) if floor is None
                 else _neighbours(prepared, vectors, floor))
    kept.append((low, high, np.zeros(len(low))))
    low, high, _ = M._unique_kept(kept, len(prepared.claims))
    pairs = {frozenset((prepared.claims[a].id, prepared.claims[b].id)) for a, b in zip(low.tolist(), high.tolist())}
    role = {ids[0]: "commentary", ids[1]: "article"}
    found, total, missed = 0, 0, []
    for planted in expected["matches"]:
        a = [c.id for c in claims if role.get(c.document_id) == "commentary" and _norm(planted["a"]) in _norm(c.text)]
        b = [c.id for c in claims if role.get(c.document_id) == "article" and _norm(planted["b"]) in _norm(c.text)]
        if not (a and b):
            continue
        total += 1
        if frozenset((a[0], b[0])) in pairs:
            found += 1
        else:
            missed.append(f"{planted['relation']}: {planted['a'][:50]!r} ~ {planted['b'][:50]!r}")
    return found, total, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--floor", type=float, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    engine = alignment_engine()
    if engine.encoder is None:
        print("note: lexical mode (no sentence model): no vector neighbours", file=sys.stderr)
    found = total = 0
    for case in sorted(p for p in args.cases.iterdir() if (p / "expected.json").exists()):
        f, t, missed = case_candidates(case, engine, args.floor)
        found, total = found + f, total + t
        print(f"{case.name:12} {f}/{t}")
        for line in missed if args.verbose else ():
            print("   not a candidate:", line)
    print(f"TOTAL        {found}/{total} ({found / max(total, 1):.2f}) planted pairs among the candidates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
