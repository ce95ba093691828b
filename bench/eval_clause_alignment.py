"""Clause-window alignment on external validation pairs: does aligning on the best-aligned
clause windows (``claimcheck.align.clauses``) separate same-assertion pairs from the rest as well
as whole statements do, and at which window limits?

For each validation set of ``bench/train_alignment.py`` (MSRP val, SICK trial, STS 2016,
CheckThat! 2020 T2 dev with hard negatives) and each window setting, prints ROC-AUC, F1 at the
engine's ``agree`` threshold and precision at its ``conflict`` threshold, for the whole-statement
probability ("whole") and the best-window one (``AlignmentEngine.clause_probabilities``). Nothing
here reads ../shared/cases.

    .venv/bin/pip install -e ".[train]"   # scikit-learn, for the metrics
    CLAIMCHECK_MODEL_DIR=../shared/models/all-MiniLM-L6-v2 .venv/bin/python bench/eval_clause_alignment.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment_data as ad  # noqa: E402
from claimcheck.align.clauses import WINDOW_MIN_SHARE, WINDOW_MIN_WORDS  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402

SETTINGS = {"whole": None, "4 words": (4, 0.0), "5 words, 25%": (5, 0.25),
            f"{WINDOW_MIN_WORDS} words, {WINDOW_MIN_SHARE:.0%} (shipped)": (WINDOW_MIN_WORDS, WINDOW_MIN_SHARE),
            "6 words, 50%": (6, 0.5)}


def _line(name: str, setting: str, p: np.ndarray, y: np.ndarray, thresholds, raised: str = "") -> str:
    from sklearn.metrics import f1_score, roc_auc_score

    sure = p >= thresholds.conflict
    precision = f"{np.mean(y[sure] == 1):.3f}" if sure.any() else "  -  "
    return (f"{name:10s} {setting:24s} pairs {len(y):5d}  auc {roc_auc_score(y, p):.3f}  "
            f"f1@agree {f1_score(y, p >= thresholds.agree):.3f}  precision@conflict {precision} "
            f"({int(sure.sum())}){raised}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="msrp,sick,sts,checkthat", help="comma-separated validation sets")
    args = parser.parse_args()
    engine = alignment_engine()
    print(f"mode {engine.mode}; thresholds agree {engine.thresholds.agree}, conflict {engine.thresholds.conflict}")
    sets = ad.validation_sets()
    pooled: dict[str, list] = {name: [[], []] for name in SETTINGS}
    for set_name in args.sets.split(","):
        pairs = sets[set_name]
        texts = sorted({t for a, b, _ in pairs for t in (a, b)})
        index = {t: k for k, t in enumerate(texts)}
        vectors = ad.embed(texts) if engine.encoder is not None else None
        items = [(t, extract_slots(t), 0) for t in texts]
        statements = engine.statements([t for t, _, _ in items], [s for _, s, _ in items])
        index_pairs = [(index[a], index[b]) for a, b, _ in pairs]
        whole = engine.probabilities([engine.features(statements[i], statements[j],
                                                      None if vectors is None else float(vectors[i] @ vectors[j]))
                                      for i, j in index_pairs])
        y = np.array([label for _, _, label in pairs])
        for name, limits in SETTINGS.items():
            p = whole if limits is None else np.array(engine.clause_probabilities(
                items, index_pairs, whole, vectors, min_words=limits[0], min_share=limits[1]))
            pooled[name][0].append(p)
            pooled[name][1].append(y)
            print(_line(set_name, name, p, y, engine.thresholds, f"  raised {int(np.sum(p > whole + 1e-9))}"),
                  flush=True)
    for name in SETTINGS:
        print(_line("pooled", name, np.concatenate(pooled[name][0]), np.concatenate(pooled[name][1]),
                    engine.thresholds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
