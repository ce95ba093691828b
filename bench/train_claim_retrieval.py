"""Fit the re-ranker of previously checked claims on the CheckThat! 2020 TRAIN split only.

1. BM25 parameters (k1, b) are chosen by MAP@5 on the train queries.
2. For every train query, the BM25 candidates get the re-ranking features of
   ``claimcheck.known.FEATURES``; label 1 when the candidate is a relevant claim.
3. A pairwise logistic regression over standardised features (relevant minus non-relevant
   candidate of the same query; C chosen by MAP@5 in 5-fold cross-validation over train
   queries) is fitted, Platt-scaled so scores read as probabilities, and written to
   ``claimcheck/data/known_ranker.json``.

The dev split is never read here. Needs scikit-learn (``pip install .[train]``).

Usage:
    .venv/bin/python bench/train_claim_retrieval.py \
        --claims ../shared/data/checkthat2020-t2/verified_claims.docs.tsv \
        --queries ../shared/data/checkthat2020-t2/train/tweets.queries.tsv \
        --qrels ../shared/data/checkthat2020-t2/train/tweet-vclaim-pairs.qrels \
        [--out claimcheck/data/known_ranker.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression

from claimcheck.known import (DEFAULT_RANKER_PATH, FEATURES, RANKER_SCHEMA, KnownClaimIndex,
                              load_known_claims, ranker_from_dict)
from eval_claim_retrieval import average_precision, read_qrels, read_queries

CANDIDATES = 30
SLOT_CANDIDATES = 5
FOLDS = 5


def bootstrap_ranker(k1: float, b: float, stopwords: list[str]) -> dict:
    """A ranker dictionary that orders by BM25 alone (used to collect candidates)."""
    weights = [1.0 if name == "bm25" else 0.0 for name in FEATURES]
    return {"schema": RANKER_SCHEMA, "features": list(FEATURES), "mean": [0.0] * len(FEATURES),
            "scale": [1.0] * len(FEATURES), "weights": weights, "intercept": 0.0,
            "bm25": {"k1": k1, "b": b}, "candidates": CANDIDATES,
            "slot_candidates": SLOT_CANDIDATES, "stopwords": stopwords}


def bm25_map(index: KnownClaimIndex, queries, qrels) -> float:
    """MAP@5 of BM25 alone over judged queries."""
    texts = dict(queries)
    aps = [average_precision([c.id for c, _ in index.bm25_search(texts[q], 5)], rel, 5)
           for q, rel in qrels.items() if q in texts]
    return float(np.mean(aps))


def choose_bm25(claims, queries, qrels, stopwords) -> tuple[float, float]:
    """Grid-search k1 and b by train MAP@5."""
    best = (-1.0, 1.2, 0.75)
    for k1 in (0.9, 1.2, 1.6):  # noqa: grid
        for b in (0.5, 0.75, 0.9):
            index = KnownClaimIndex(claims, ranker_from_dict(bootstrap_ranker(k1, b, stopwords)))
            score = bm25_map(index, queries, qrels)
            print(f"  BM25 k1={k1} b={b}: train MAP@5 {score:.3f}")
            best = max(best, (score, k1, b))
    return best[1], best[2]


def collect(index: KnownClaimIndex, queries, qrels):
    """Feature rows, labels, query groups and claim ids for every judged train query."""
    texts = dict(queries)
    rows, labels, groups, relevant_sets = [], [], [], []
    for group, (qid, relevant) in enumerate(qrels.items()):
        if qid not in texts:
            continue
        ids, features = index.candidate_features(texts[qid])
        claim_ids = [index.claims[i].id for i in ids]
        rows.append(features)
        labels.append(np.array([cid in relevant for cid in claim_ids], dtype=int))
        groups.append(claim_ids)
        relevant_sets.append(relevant)
    return rows, labels, groups, relevant_sets


def fit(rows, labels, c_value: float):
    """Pairwise logistic regression (relevant minus non-relevant candidate of one query), then
    Platt scaling so that scores read as probabilities; returns (mean, scale, weights, intercept).
    """
    x = np.vstack(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    differences, targets = [], []
    for features, label in zip(rows, labels):
        z = (features - mean) / scale
        for good in np.flatnonzero(label == 1):
            for bad in np.flatnonzero(label == 0):
                differences += [z[good] - z[bad], z[bad] - z[good]]
                targets += [1, 0]
    pairwise = LogisticRegression(C=c_value, fit_intercept=False, max_iter=3000)
    pairwise.fit(np.array(differences), np.array(targets))
    weights = pairwise.coef_[0]
    raw = ((x - mean) / scale) @ weights
    platt = LogisticRegression(C=100.0, max_iter=1000)
    platt.fit(raw.reshape(-1, 1), np.concatenate(labels))
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return mean, scale, weights * slope, intercept


def map_of(params, rows, groups, relevant_sets) -> float:
    """MAP@5 of fitted parameters on held-out queries."""
    mean, scale, weights, intercept = params
    aps = []
    for features, claim_ids, relevant in zip(rows, groups, relevant_sets):
        if not len(claim_ids):
            aps.append(0.0)
            continue
        order = np.argsort(-(((features - mean) / scale) @ weights + intercept), kind="stable")
        aps.append(average_precision([claim_ids[i] for i in order], relevant, 5))
    return float(np.mean(aps))


def choose_c(rows, labels, groups, relevant_sets) -> float:
    """C by MAP@5 in query-grouped cross-validation on the train split."""
    folds = np.arange(len(rows)) % FOLDS
    best = (-1.0, 1.0)
    for c_value in (0.003, 0.01, 0.03, 0.1):
        scores = []
        for fold in range(FOLDS):
            train = [i for i in range(len(rows)) if folds[i] != fold]
            test = [i for i in range(len(rows)) if folds[i] == fold]
            params = fit([rows[i] for i in train], [labels[i] for i in train], c_value)
            scores.append(map_of(params, [rows[i] for i in test], [groups[i] for i in test],
                                 [relevant_sets[i] for i in test]))
        print(f"  C={c_value}: CV MAP@5 {np.mean(scores):.3f}")
        best = max(best, (float(np.mean(scores)), c_value))
    return best[1]


def main(argv: list[str] | None = None) -> int:
    """Train and write the ranker JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", required=True)
    parser.add_argument("--queries", required=True, help="TRAIN split queries")
    parser.add_argument("--qrels", required=True, help="TRAIN split qrels")
    parser.add_argument("--out", default=str(DEFAULT_RANKER_PATH))
    args = parser.parse_args(argv)
    if "dev" in Path(args.queries).parts or "dev" in Path(args.qrels).parts:
        parser.error("train on the train split only; dev is for evaluation")

    claims = load_known_claims(args.claims)
    queries, qrels = read_queries(args.queries), read_qrels(args.qrels)
    stopwords = sorted(ENGLISH_STOP_WORDS)
    k1, b = choose_bm25(claims, queries, qrels, stopwords)
    index = KnownClaimIndex(claims, ranker_from_dict(bootstrap_ranker(k1, b, stopwords)))
    rows, labels, groups, relevant_sets = collect(index, queries, qrels)
    recall = np.mean([lab.any() for lab in labels])
    print(f"candidates per query {CANDIDATES}: recall of a relevant claim {recall:.3f}")
    c_value = choose_c(rows, labels, groups, relevant_sets)
    mean, scale, weights, intercept = fit(rows, labels, c_value)
    train_map = map_of((mean, scale, weights, intercept), rows, groups, relevant_sets)
    data = bootstrap_ranker(k1, b, stopwords) | {
        "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in weights], "intercept": round(intercept, 6),
        "trained_on": "CheckThat! 2020 Task 2 English, train split "
                      f"({len(labels)} queries); C={c_value}", "train_map5": round(train_map, 4)}
    data["stopwords"] = stopwords
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for name, weight in sorted(zip(FEATURES, weights), key=lambda p: -abs(p[1])):
        print(f"  {name:24s} {weight:+.3f}")
    print(f"wrote {args.out}; train MAP@5 {train_map:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
