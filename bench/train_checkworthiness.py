"""Train the check-worthiness model on ClaimBuster and write claimcheck/data/checkworthy_model.json.

Features are exactly the runtime ones (``claimcheck.extract.checkworthy``): word unigrams and
bigrams (digits folded to ``0``, vocabulary = n-grams seen in at least ``MIN_DF`` training
sentences) plus the extractor features computed from ``extract_slots``. A logistic regression
(scikit-learn, liblinear, L2) is fitted; then the intercept is shifted so that 0.5 is the
threshold that maximised F1 of the check-worthy class in an inner 3-fold cross-validation on the
training data, because the pipeline marks a claim check-worthy when its score is >= 0.5.

Retrain whenever ``extract_slots`` improves, so the slot features get their weights.

Usage:
    .venv/bin/python bench/train_checkworthiness.py --data ../shared/data/claimbuster/train.json \
        [--out claimcheck/data/checkworthy_model.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from claimcheck.extract.checkworthy import (DEFAULT_MODEL_PATH, EXTRACTOR_FEATURES, MODEL_SCHEMA,
                                            cue_index, extractor_features, ngrams, scoring_text,
                                            words)
from claimcheck.errors import ClaimcheckError
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Slots

MIN_DF = 2
C_VALUE = 0.5
SEED = 13
SLOT_FAILURES: list[str] = []  # sentences extract_slots failed on (reported, then left empty)
MID_SENTENCE_WORD = re.compile(r"(?<=[\w,;:] )([A-Za-z][\w']*)")

# General English cue words (not topic words); shipped inside the model file.
CUES: dict[str, list[str]] = {
    "number": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds",
               "thousand", "thousands", "million", "millions", "billion", "billions", "trillion",
               "percent", "half", "third", "quarter", "dozen", "dozens", "double", "triple",
               "once", "twice"],
    "date": ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "yesterday", "today", "decade",
             "century", "year", "years", "month", "months", "week", "weeks", "since", "ago"],
    "comparison": ["more", "less", "fewer", "most", "least", "than", "higher", "lower",
                   "highest", "lowest", "largest", "smallest", "biggest", "increase", "increased",
                   "decrease", "decreased", "rise", "rose", "risen", "fell", "fallen", "grew",
                   "grown", "doubled", "tripled", "cut", "cuts", "record", "compared"],
    "first_person": ["i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "myself", "we",
                     "we're", "we've", "we'll", "we'd", "us", "our", "ours", "ourselves"],
    "second_person": ["you", "you're", "you've", "you'll", "you'd", "your", "yours", "yourself"],
    "modal": ["will", "would", "should", "could", "must", "might", "may", "can", "shall",
              "ought", "won't", "wouldn't", "shouldn't", "couldn't", "can't", "going"],
    "negation": ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "don't",
                 "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "haven't",
                 "hasn't", "cannot"],
    "hedge": ["maybe", "perhaps", "possibly", "probably", "likely", "seems", "appears",
              "reportedly", "allegedly", "suggest", "suggests", "believe", "think", "guess"],
    "opinion": ["believe", "think", "feel", "hope", "want", "wish", "great", "wonderful",
                "terrible", "wrong", "right", "best", "worst", "love", "thank", "thanks"],
}


@dataclass(frozen=True)
class Sentence:
    """One featurised sentence (features computed once, reused by every fold)."""

    text: str
    grams: frozenset[str]
    extra: dict[str, float]


def read_claimbuster(path: str | Path) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 labels from a ClaimBuster JSON list of {sentence_id, label, text}."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [r["text"] for r in rows], np.array([int(r["label"]) for r in rows])


def featurize(texts: list[str]) -> list[Sentence]:
    """Runtime features of every sentence (slots from the real extractor)."""
    cues = cue_index({k: frozenset(v) for k, v in CUES.items()})
    out = []
    for text in texts:
        slots = safe_slots(text)
        # scored as the runtime scores it: without evidential hedges (checkworthy.scoring_text)
        scored, hedged = scoring_text(text, slots.hedged)
        if hedged != slots.hedged:
            slots = dataclasses.replace(slots, hedged=hedged)
        tokens = words(scored)
        extra = extractor_features(scored, tokens, slots, cues)
        out.append(Sentence(text, frozenset(ngrams(tokens)), extra))
    return out


def safe_slots(text: str) -> Slots:
    """extract_slots, with empty slots where the extractor fails on a sentence (counted)."""
    try:
        return extract_slots(text)
    except (ClaimcheckError, LookupError, ValueError):
        SLOT_FAILURES.append(text)
        return Slots()


def vocabulary(sentences: list[Sentence], min_df: int = MIN_DF) -> list[str]:
    """N-grams present in at least ``min_df`` sentences, sorted, without proper names.

    Names (people, places, organisations of the training debates) are left out so the model
    scores the form of a sentence rather than its topic; the ``entity`` feature covers names.
    """
    names = proper_names([s.text for s in sentences])
    counts: dict[str, int] = {}
    for sentence in sentences:
        for gram in sentence.grams:
            counts[gram] = counts.get(gram, 0) + 1
    return sorted(g for g, n in counts.items()
                  if n >= min_df and names.isdisjoint(g.split(" ")))


def proper_names(texts: list[str]) -> set[str]:
    """Lowercased words that are capitalised in most of their mid-sentence occurrences."""
    capitalised: dict[str, int] = {}
    total: dict[str, int] = {}
    for text in texts:
        for match in MID_SENTENCE_WORD.finditer(text):
            word = match.group(1)
            key = word.lower()
            total[key] = total.get(key, 0) + 1
            capitalised[key] = capitalised.get(key, 0) + word[0].isupper()
    return {w for w, n in total.items()
            if capitalised[w] / n > 0.6 and w != "i" and not w.startswith("i'")}


def matrix(sentences: list[Sentence], vocab: list[str]) -> csr_matrix:
    """Sparse design matrix: extractor features first, then the vocabulary n-grams."""
    extra = {name: i for i, name in enumerate(EXTRACTOR_FEATURES)}
    column = {g: len(EXTRACTOR_FEATURES) + i for i, g in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, sentence in enumerate(sentences):
        items = [(extra[name], value) for name, value in sentence.extra.items()]
        items += [(column[g], 1.0) for g in sentence.grams if g in column]
        for index, value in items:
            rows.append(r)
            cols.append(index)
            vals.append(value)
    return csr_matrix((vals, (rows, cols)), shape=(len(sentences), len(extra) + len(column)))


def fit_logistic(sentences: list[Sentence], labels: np.ndarray) -> tuple[LogisticRegression, list[str]]:
    """Fit the logistic regression on a vocabulary drawn from these sentences only."""
    vocab = vocabulary(sentences)
    model = LogisticRegression(C=C_VALUE, solver="liblinear", max_iter=1000)
    model.fit(matrix(sentences, vocab), labels)
    return model, vocab


def best_threshold(sentences: list[Sentence], labels: np.ndarray) -> float:
    """Probability threshold maximising F1 in an inner 3-fold cross-validation."""
    probabilities = np.zeros(len(labels))
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
    for train, test in folds.split(np.zeros(len(labels)), labels):
        model, vocab = fit_logistic([sentences[i] for i in train], labels[train])
        probabilities[test] = model.predict_proba(matrix([sentences[i] for i in test], vocab))[:, 1]
    candidates = np.arange(0.2, 0.65, 0.01)
    scores = [f1(labels, probabilities >= t) for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class."""
    tp = float(np.sum(predicted & (labels == 1)))
    fp, fn = float(np.sum(predicted & (labels == 0))), float(np.sum(~predicted & (labels == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train_model(sentences: list[Sentence], labels: np.ndarray) -> dict:
    """Train on these sentences and return the model as its JSON dictionary."""
    threshold = best_threshold(sentences, labels)
    model, vocab = fit_logistic(sentences, labels)
    weights = model.coef_[0]
    n_extra = len(EXTRACTOR_FEATURES)
    shift = math.log(threshold / (1.0 - threshold))
    return {
        "schema": MODEL_SCHEMA,
        "intercept": round(float(model.intercept_[0]) - shift, 6),
        "threshold_shift": round(shift, 6),
        "features": {name: round(float(w), 6) for name, w in zip(EXTRACTOR_FEATURES, weights)},
        "ngrams": {g: round(float(w), 5) for g, w in zip(vocab, weights[n_extra:])
                   if abs(w) >= 1e-5},
        "cues": {k: sorted(v) for k, v in CUES.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Train on the whole file and write the model JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="ClaimBuster train.json")
    parser.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    args = parser.parse_args(argv)
    texts, labels = read_claimbuster(args.data)
    data = train_model(featurize(texts), labels)
    data["trained_on"] = f"ClaimBuster two-class train.json ({len(texts)} sentences)"
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                              encoding="utf-8")
    for name, weight in sorted(data["features"].items(), key=lambda p: -abs(p[1])):
        print(f"  {name:14s} {weight:+.3f}")
    if SLOT_FAILURES:
        print(f"extract_slots failed on {len(SLOT_FAILURES)} sentences (slot features empty)")
    print(f"wrote {args.out}: {len(data['ngrams'])} n-grams, threshold shift {data['threshold_shift']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
