"""Measure check-worthiness: precision, recall and F1 of the check-worthy class.

``--data JSON`` scores the SHIPPED model (claimcheck/data/checkworthy_model.json) on a ClaimBuster
style file. Note the shipped model was trained on ClaimBuster train.json, so on that file this is
an in-sample figure; use ``--cv`` for an honest estimate.

``--cv K --data JSON`` cross-validates instead: the model is retrained inside each fold (vocabulary,
weights and threshold from the training folds only) and scored through the runtime scorer. It
also prints the floor to beat: a plain TF-IDF + logistic regression on the same folds.

``--checkthat TSV`` scores the shipped model on a CheckThat! 2020 Task 1 file (tweets; use the
dev split ``dev_v2.tsv``) and prints the average precision of its ranking (MAP: the task has one
topic) beside P/R/F1 at the threshold; the shipped model never saw tweets.

The LAST line is ``F1 0.xxx`` (``MAP 0.xxx`` with ``--checkthat``). Also prints scoring speed (sentences/s).

Usage:
    .venv/bin/python bench/eval_checkworthiness.py --data ../shared/data/claimbuster/train.json
    .venv/bin/python bench/eval_checkworthiness.py --cv 5 --data ../shared/data/claimbuster/train.json
    .venv/bin/python bench/eval_checkworthiness.py --checkthat ../shared/data/checkthat2020-t1/dev_v2.tsv
"""

from __future__ import annotations

import argparse
import csv
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from claimcheck.extract.checkworthy import (CheckworthyModel, load_model, model_from_dict,
                                            score_with)
from train_checkworthiness import SEED, featurize, read_claimbuster, safe_slots, train_model


def prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(predicted & (labels == 1)))
    fp, fn = float(np.sum(predicted & (labels == 0))), float(np.sum(~predicted & (labels == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_all(model: CheckworthyModel, texts: list[str], slots: list) -> np.ndarray:
    """Runtime probabilities for every text."""
    return np.array([score_with(model, t, s)[0] for t, s in zip(texts, slots)])


def cross_validate(texts: list[str], labels: np.ndarray, folds: int) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predictions of (our model, TF-IDF baseline) at threshold 0.5."""
    sentences = featurize(texts)
    slots = [safe_slots(t) for t in texts]
    ours = np.zeros(len(texts), dtype=bool)
    baseline = np.zeros(len(texts), dtype=bool)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(np.zeros(len(texts)), labels):
        model = model_from_dict(train_model([sentences[i] for i in train], labels[train]))
        test_texts = [texts[i] for i in test]
        ours[test] = score_all(model, test_texts, [slots[i] for i in test]) >= 0.5
        baseline[test] = tfidf_baseline([texts[i] for i in train], labels[train], test_texts)
    return ours, baseline


def tfidf_baseline(train_texts: list[str], train_labels: np.ndarray, test_texts: list[str]) -> np.ndarray:
    """The floor: default TF-IDF unigrams + default logistic regression, threshold 0.5."""
    vectorizer = TfidfVectorizer()
    model = LogisticRegression(max_iter=1000)
    model.fit(vectorizer.fit_transform(train_texts), train_labels)
    return model.predict(vectorizer.transform(test_texts)) == 1


def print_prf(name: str, labels: np.ndarray, predicted: np.ndarray) -> float:
    """Print one line of figures and return F1."""
    p, r, f = prf(labels, predicted)
    print(f"{name:34s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return f


def speed(model: CheckworthyModel, texts: list[str]) -> str:
    """Sentences scored per second, best of three runs, wall and CPU (slots precomputed)."""
    slots = [safe_slots(t) for t in texts]
    wall, cpu = float("inf"), float("inf")
    for _ in range(3):  # best of three: the machine is shared
        started, cpu_started = time.perf_counter(), time.process_time()
        score_all(model, texts, slots)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    return (f"speed: {len(texts) / wall:,.0f} sentences/s wall, "
            f"{len(texts) / cpu:,.0f} sentences/s of CPU time")


def read_checkthat(path: str) -> tuple[list[str], np.ndarray]:
    """Tweet texts and 0/1 check-worthiness labels of a CheckThat! 2020 Task 1 TSV file."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["tweet_text"] for r in rows], np.array([int(r["check_worthiness"]) for r in rows])


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision of the ranking by score (highest first; ties in file order)."""
    order = np.argsort(-scores, kind="stable")
    hits = labels[order] == 1
    precisions = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precisions[hits].mean()) if hits.any() else 0.0


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="JSON list of {text, label}")
    parser.add_argument("--cv", type=int, default=0, help="cross-validate with this many folds")
    parser.add_argument("--checkthat", help="CheckThat! 2020 Task 1 TSV: MAP of the shipped model")
    args = parser.parse_args(argv)
    if args.checkthat:
        texts, labels = read_checkthat(args.checkthat)
        scores = score_all(load_model(), texts, [safe_slots(t) for t in texts])
        print(f"tweets {len(texts)}  check-worthy {int(labels.sum())}")
        print_prf("shipped model", labels, scores >= 0.5)
        print(f"MAP {average_precision(labels, scores):.3f}")
        return 0
    if not args.data:
        parser.error("give --data (or --checkthat)")
    texts, labels = read_claimbuster(args.data)
    print(f"sentences {len(texts)}  check-worthy {int(labels.sum())}")
    if args.cv:
        ours, baseline = cross_validate(texts, labels, args.cv)
        print_prf(f"TF-IDF + LR baseline ({args.cv}-fold CV)", labels, baseline)
        f1 = print_prf(f"claimcheck model ({args.cv}-fold CV)", labels, ours)
    else:
        model = load_model()
        print(speed(model, texts))
        f1 = print_prf("shipped model", labels, score_all(model, texts,
                                                          [safe_slots(t) for t in texts]) >= 0.5)
    print(f"F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
