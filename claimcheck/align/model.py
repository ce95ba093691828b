"""The shipped alignment classifier: weights as versioned data, a probability per pair (pure)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimcheck.align.features import FEATURES, expand, logistic
from claimcheck.errors import SchemaVersionError

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "alignment_model.json"
SCHEMA = "claimcheck.alignment/2"


@dataclass(frozen=True)
class Thresholds:
    """Alignment probabilities that decisions need (chosen on external validation pairs)."""

    related: float  # below: not worth listing
    agree: float  # at or above, with compatible slots: the same assertion
    conflict: float  # at or above, with a differing slot: a conflict


@dataclass(frozen=True)
class AlignmentModel:
    """A logistic regression over the standardised pair features and their pairwise products
    (``features.expand``), for one mode."""

    mode: str  # semantic | lexical
    mean: tuple[float, ...]
    std: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    thresholds: Thresholds

    def probability(self, features: list[float]) -> float:
        """P(same assertion) for one feature vector in ``FEATURES`` order."""
        weights, offset = self._folded()
        return logistic(sum(w * x for w, x in zip(weights.tolist(), expand(features))) + offset)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(same assertion) for each row of an ``(n, len(FEATURES))`` array, in one pass."""
        weights, offset = self._folded()
        x = np.asarray(features, dtype=np.float64).reshape(-1, len(FEATURES))
        i, j = np.triu_indices(x.shape[1])
        z = np.concatenate([x, x[:, i] * x[:, j]], axis=1) @ weights + offset
        return 1.0 / (1.0 + np.exp(-z))

    def _folded(self) -> tuple[np.ndarray, float]:
        """Coefficients with the standardisation folded in: z = x @ w + b (computed once)."""
        cached = self.__dict__.get("_fold")
        if cached is None:
            coef, mean, std = (np.asarray(v, dtype=np.float64) for v in (self.coef, self.mean, self.std))
            cached = (coef / std, self.intercept - float(np.sum(coef * mean / std)))
            object.__setattr__(self, "_fold", cached)
        return cached


@functools.lru_cache(maxsize=4)
def load_model(mode: str, path: str | None = None) -> AlignmentModel:
    """Load the weights of ``mode`` (``semantic`` or ``lexical``) from the shipped file."""
    raw = json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))
    if raw.get("schema") != SCHEMA or tuple(raw.get("features", ())) != FEATURES:
        raise SchemaVersionError(f"{path or MODEL_PATH}: not an alignment model this release reads "
                                 f"(schema {raw.get('schema')!r}); reinstall claimcheck")
    part = raw[mode]
    return AlignmentModel(mode=mode, mean=tuple(part["mean"]), std=tuple(part["std"]),
                          coef=tuple(part["coef"]), intercept=float(part["intercept"]),
                          thresholds=Thresholds(**part["thresholds"]))
