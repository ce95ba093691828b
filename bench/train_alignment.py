"""Fit the alignment engine's classifier on external labelled pairs and write its weights.

Two logistic regressions over ``claimcheck.align.features.FEATURES`` and their pairwise products
(``features.expand``: the classifier can weigh one feature by another): one with the sentence
model's cosine (semantic mode) and one without it (lexical mode, for machines without the
model). Trained on MSRP train, SICK train, STS headlines 2013-2015 and CheckThat! 2020 T2 train
(see ``alignment_data.py`` for the labels). Thresholds are chosen on the validation splits
(MSRP val, SICK trial, STS 2016, CheckThat! T2 dev), never on ../shared/cases:

- ``agree``: the probability that maximises F1 on the pooled validation pairs;
- ``conflict``: the lowest probability at which validation precision reaches 0.90 (a conflict
  claims more than an agreement, so it needs surer alignment);
- ``related``: the probability at which validation recall reaches 0.90 (below it, a pair is not
  worth listing).

Usage (writes claimcheck/data/alignment_model.json; deterministic):

    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 .venv/bin/python bench/train_alignment.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment_data as ad  # noqa: E402
from claimcheck.align.features import FEATURES, expand  # noqa: E402

OUT = ad.ROOT / "claimcheck" / "data" / "alignment_model.json"
VERSION = 2


def _expand(X: np.ndarray) -> np.ndarray:
    return np.array([expand(list(row)) for row in X])


def _fit(X: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    X = _expand(X)
    mean, std = X.mean(0), X.std(0)
    std[std == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=5000)
    clf.fit((X - mean) / std, y, sample_weight=weights)
    return mean, std, clf.coef_[0], float(clf.intercept_[0])


def _prob(X, mean, std, coef, intercept) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(((_expand(X) - mean) / std) @ coef + intercept)))


def _threshold_f1(p: np.ndarray, y: np.ndarray) -> float:
    best = max(np.unique(np.round(p, 3)),
               key=lambda t: _f1(p >= t, y))
    return float(best)


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    return 2 * tp / (np.sum(pred) + np.sum(y == 1)) if tp else 0.0


def _threshold_precision(p: np.ndarray, y: np.ndarray, target: float) -> float:
    for t in np.unique(np.round(p, 3)):
        pred = p >= t
        if pred.sum() >= 20 and np.mean(y[pred] == 1) >= target:
            return float(t)
    return 0.99


def _threshold_recall(p: np.ndarray, y: np.ndarray, target: float) -> float:
    ordered = np.sort(p[y == 1])[::-1]
    return float(np.round(ordered[int(target * len(ordered)) - 1], 3))


def train(semantic: bool) -> dict:
    train_sets, val_sets = ad.training_sets(), ad.validation_sets()
    parts = [ad.features(pairs, semantic) for pairs in train_sets.values()]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    # each set weighs the same in total: no one genre dominates
    weights = np.concatenate([np.full(len(p[1]), len(y) / (len(parts) * len(p[1]))) for p in parts])
    mean, std, coef, intercept = _fit(X, y, weights)
    val = {name: ad.features(pairs, semantic) for name, pairs in val_sets.items()}
    pv = np.concatenate([_prob(v[0], mean, std, coef, intercept) for v in val.values()])
    yv = np.concatenate([v[1] for v in val.values()])
    thresholds = {"agree": _threshold_f1(pv, yv), "conflict": _threshold_precision(pv, yv, 0.90),
                  "related": _threshold_recall(pv, yv, 0.90)}
    thresholds["conflict"] = max(thresholds["conflict"], thresholds["agree"])
    thresholds["related"] = min(thresholds["related"], thresholds["agree"])
    report = {}
    for name, (Xv, yv_) in val.items():
        p = _prob(Xv, mean, std, coef, intercept)
        pred = p >= thresholds["agree"]
        report[name] = {"pairs": int(len(yv_)), "accuracy": round(float(np.mean(pred == (yv_ == 1))), 3),
                        "f1": round(_f1(pred, yv_), 3)}
    return {"mean": mean.round(6).tolist(), "std": std.round(6).tolist(),
            "coef": coef.round(6).tolist(), "intercept": round(intercept, 6),
            "thresholds": thresholds, "validation": report,
            "trained_on": {name: len(pairs) for name, pairs in train_sets.items()}}


def main() -> int:
    enc = ad.encoder()
    if enc is None:
        sys.exit("the sentence model is needed to train the semantic weights: set CLAIMCHECK_MODEL_DIR")
    model = {
        "schema": f"claimcheck.alignment/{VERSION}",
        "features": list(FEATURES),
        "recipe": "bench/train_alignment.py (logistic regression over the features and their pairwise "
                  "products, C=1, equal weight per training set)",
        "data": "MSRP train (Microsoft Research shared-source licence, research use), SICK train "
                "(CC BY-NC-SA 3.0), SemEval STS headlines 2013-2015, CheckThat! 2020 T2 train "
                "(free for general research use): only fitted coefficients ship, no data",
        "sentence_model": {"name": enc.name, "sha256": enc.digest},
        "semantic": train(True),
        "lexical": train(False),
    }
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for mode in ("semantic", "lexical"):
        print(mode, json.dumps(model[mode]["thresholds"]), json.dumps(model[mode]["validation"]))
        print("  first-order coef", dict(zip(FEATURES, model[mode]["coef"][:len(FEATURES)])))
    print(f"wrote {OUT.relative_to(ad.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
