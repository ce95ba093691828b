"""What the alignment engine achieves on external labelled data (validation/dev splits only).

Prints, for the shipped weights (semantic mode with the sentence model, else lexical):

- MSRP validation: accuracy and F1 of "same assertion" at the engine's ``agree`` threshold
  (published test-split references: BM25 features 0.695 / 0.811; 2013-2015 models 0.80 / 0.86);
- SICK trial, 3-way: ENTAILMENT when aligned with no differing slot, CONTRADICTION when aligned
  with a negation/antonym/quantifier/figure that differs, NEUTRAL otherwise;
- CheckThat! 2020 T2 dev (tweet -> fact-checked claim among 10,375): recall@10 of the shared
  retrieval stage (BM25 over content stems + sentence-vector neighbours), MAP@5 and recall@10
  after re-ranking by alignment probability, and the share of qrels that ``claimcheck match``
  would show (aligned at the ``agree`` threshold and not blocked by a slot);
- with ``--cases DIR``: recall@10 of the planted cross-document pairs of ../shared/cases (a
  measure only: nothing is fitted on them).

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 .venv/bin/python bench/eval_alignment.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment_data as ad  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402
from claimcheck.known import Bm25  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402

RETRIEVE = 50  # candidates from each of BM25 and the sentence vectors before re-ranking


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    return 2 * tp / (np.sum(pred) + np.sum(y == 1)) if tp else 0.0


def msrp(engine) -> dict:
    pairs = ad.msrp("val")
    probs, labels = [], []
    for a, b, label in pairs:
        sa, sb = engine.statements([a, b], [extract_slots(a), extract_slots(b)])
        vec = engine.vectors([a, b])
        probs.append(engine.probability(sa, sb, None if vec is None else float(vec[0] @ vec[1])))
        labels.append(label)
    pred, y = np.array(probs) >= engine.thresholds.agree, np.array(labels)
    return {"pairs": len(y), "accuracy": round(float(np.mean(pred == (y == 1))), 3), "f1": round(_f1(pred, y), 3)}


def sick(engine) -> dict:
    rows = ad.sick("trial")
    hits, confusion = 0, Counter()
    for a, b, _, gold in rows:
        slots_a, slots_b = extract_slots(a), extract_slots(b)
        sa, sb = engine.statements([a, b], [slots_a, slots_b])
        vec = engine.vectors([a, b])
        p = engine.probability(sa, sb, None if vec is None else float(vec[0] @ vec[1]))
        relation = engine.compare(engine.view(a, slots_a), engine.view(b, slots_b), p,
                                  conflict_at=engine.thresholds.agree).relation
        guess = {"agree": "ENTAILMENT", "conflict": "CONTRADICTION"}.get(relation, "NEUTRAL")
        hits += guess == gold
        confusion[f"{gold}->{guess}"] += 1
    return {"pairs": len(rows), "accuracy_3way": round(hits / len(rows), 3), "confusion": dict(confusion)}


def _top(bm25: Bm25, query: frozenset[str], k: int) -> list[int]:
    scores = bm25.scores(query)
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]


def _ap(ranked: list[str], relevant: set[str], depth: int) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:depth], 1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def checkthat(engine) -> dict:
    claims = ad.checkthat_claims()
    queries, qrels = ad.checkthat_queries("dev")
    ids = sorted(claims)
    texts = [claims[i] for i in ids]
    slots = [extract_slots(t) for t in texts]
    statements = engine.statements(texts, slots)
    bm25 = Bm25([sorted(s.stems) for s in statements])
    cv = ad.embed(texts) if engine.encoder is not None else None
    qids = [q for q in sorted(qrels) if q in queries]
    qv = ad.embed([queries[q] for q in qids]) if engine.encoder is not None else None
    retrieved, maps, recalls, shown, total = 0, [], [], 0, 0
    for n, q in enumerate(qids):
        text = queries[q]
        qslots = extract_slots(text)
        qs = engine.statements([text], [qslots])[0]
        cands = _top(bm25, qs.stems, RETRIEVE)
        sims = None
        if cv is not None:
            sims = cv @ qv[n]
            cands += [int(i) for i in np.argsort(-sims)[:RETRIEVE]]
        cands = list(dict.fromkeys(cands))
        first10 = set(_top(bm25, qs.stems, 5)) | (set(int(i) for i in np.argsort(-sims)[:5]) if sims is not None else set())
        scored = sorted(((engine.probability(qs, statements[i], None if sims is None else float(sims[i])), i)
                         for i in cands), reverse=True)
        ranked = [ids[i] for _, i in scored]
        relevant = qrels[q]
        retrieved += len({ids[i] for i in first10} & relevant) / len(relevant)
        maps.append(_ap(ranked, relevant, 5))
        recalls.append(len(set(ranked[:10]) & relevant) / len(relevant))
        view_q = engine.view(text, qslots)
        for p, i in scored:
            if ids[i] in relevant:
                total += 1
                relation = engine.compare(view_q, engine.view(texts[i], slots[i]), p).relation
                shown += relation in ("agree", "conflict")
        total += len([r for r in relevant if r not in {ids[i] for _, i in scored}])
    return {"queries": len(qids), "retrieval_recall@10": round(retrieved / len(qids), 3),
            "map@5": round(float(np.mean(maps)), 3), "recall@10": round(float(np.mean(recalls)), 3),
            "qrels_shown_by_match": round(shown / total, 3)}


def _norm(s: str) -> str:
    s = (s or "").replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def cases(engine, root: Path) -> dict:
    from claimcheck.extract import extract_document
    from claimcheck.ingest import load_document

    found = total = 0
    for case in sorted(p for p in root.iterdir() if (p / "expected.json").exists()):
        exp = json.loads((case / "expected.json").read_text("utf-8"))
        docs = {}
        for role in ("commentary", "article"):
            doc = load_document(str(case / exp["documents"][role]))
            docs[role] = list(extract_document(doc.text, published=doc.published).claims)
        art = docs["article"]
        art_vec = engine.vectors([c.text for c in art])
        art_st = engine.statements([c.text for c in art], [c.slots for c in art], [c.start for c in art])
        bm25 = Bm25([sorted(s.stems) for s in art_st])
        for e in exp["matches"]:
            a = [c for c in docs["commentary"] if _norm(e["a"]) in _norm(c.text)]
            b = {i for i, c in enumerate(art) if _norm(e["b"]) in _norm(c.text)}
            if not a or not b:
                continue
            total += 1
            st = engine.statements([a[0].text], [a[0].slots], [a[0].start])[0]
            cands = set(_top(bm25, st.stems, 5))
            if art_vec is not None:
                v = engine.vectors([a[0].text])[0]
                cands |= {int(i) for i in np.argsort(-(art_vec @ v))[:5]}
            found += bool(cands & b)
    return {"planted_pairs": total, "retrieval_recall@10": round(found / total, 3) if total else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, help="also measure retrieval on these cases")
    parser.add_argument("--skip-checkthat", action="store_true")
    args = parser.parse_args()
    engine = alignment_engine()
    out = {"mode": engine.mode, "thresholds": vars(engine.thresholds), "msrp_val": msrp(engine),
           "sick_trial": sick(engine)}
    if not args.skip_checkthat:
        out["checkthat_t2_dev"] = checkthat(engine)
    if args.cases:
        out["cases"] = cases(engine, args.cases)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
