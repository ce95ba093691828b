"""The shipped alignment classifier: weights as versioned data, a probability per pair (pure)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

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
        z = self.intercept
        for x, m, s, c in zip(expand(features), self.mean, self.std, self.coef):
            z += c * (x - m) / s
        return logistic(z)


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
