"""Pair features for "do these two statements make the same assertion?" (pure).

Every feature is symmetric (``features(a, b) == features(b, a)``) and computed on the statements
with their figures and dates *masked*: two statements that differ only in a number or a date
("killed 83" / "claimed 85 lives") must still align, since that difference is what makes a
conflict. Slots then say which part differs (``claimcheck.align.decide``).

The features are the inputs of a logistic regression fitted on external labelled pairs
(``bench/train_alignment.py``); the weights ship as ``claimcheck/data/alignment_model.json``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimcheck.compare import DISTINCTIVE_MIN, load_lexicon, stem, tokenize
from claimcheck.extract.dates import names_month
from claimcheck.model import Slots

# Order matters: it is the column order of the shipped weights.
FEATURES: tuple[str, ...] = (
    "cosine",            # sentence-embedding cosine (0 in lexical mode)
    "cosine_sq",         # its square: similarity counts more as it nears 1
    "token_set",         # rapidfuzz token_set_ratio of the masked, lowercased texts (0-1)
    "token_sort",        # token_sort_ratio (0-1): order-insensitive whole-string similarity
    "jaccard",           # Jaccard of content-word stems
    "contain_min",       # shared stems / stems of the longer statement
    "contain_max",       # shared stems / stems of the shorter statement
    "length_ratio",      # shorter / longer, in content stems
    "entities_both",     # both name entities
    "entity_jaccard",    # Jaccard of canonical entity names (0 unless both name some)
    "figures_both",      # both give a figure or a date
    "figure_shared",     # they share a figure value or a date
    "distinctive_shared",  # they share a distinctive figure (not a small whole number), any unit
    "negation_differs",  # one is negated, the other not
    "cosine_x_jaccard",  # interaction: topic and wording agree at once
)


@dataclass(frozen=True)
class Statement:
    """What the features read of one statement: computed once, compared with many."""

    text: str
    masked: str
    stems: frozenset[str]
    entities: frozenset[str]
    figures: frozenset[str]
    distinctive: frozenset[str]
    has_figures: bool
    negated: bool


def _date_keys(mention) -> tuple[str, ...]:
    """Keys of a date for sharing: its ISO value, and for a day its month and day ("md:08-10:w");
    a day whose year is not written ("on 10 August") has only the latter ("md:08-10:g"), so it
    shares the same day of any year (see ``shared_values``)."""
    if mention.end_value:  # a period told by its two ends ("2011 to 2016") is one value
        return (f"{mention.value}/{mention.end_value}",)
    if mention.precision != "day" or mention.relative:
        return (mention.value,)
    if mention.inferred_year and names_month(mention.text):
        return (f"md:{mention.value[5:10]}:g",)
    return (mention.value, f"md:{mention.value[5:10]}:w")


def distinctive_values(slots: Slots) -> frozenset[str]:
    """Figures specific enough to identify an assertion, by value alone ("9.71 s" and "9.71" in a
    results table; "5,707 cases" and "5707 measles cases"), and full dates (keys of
    ``_date_keys``: compare two sets with ``shared_values``)."""
    values = {f"{q.value:.6g}" for q in slots.quantities
              if q.kind != "ordinal" and (abs(q.value) >= DISTINCTIVE_MIN or q.value != int(q.value))}
    values |= {k for d in slots.dates if d.value and d.precision == "day" for k in _date_keys(d)}
    return frozenset(values)


def normal_keys(values: frozenset[str]) -> frozenset[str]:
    """``values`` with each day's month-and-day key in one form ("md:08-10"), for counting."""
    return frozenset(k[:8] if k.startswith("md:") else k for k in values)


def shared_values(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """The values two statements share: equal values, and a day whose year is not written with
    the same month and day on the other side (two written days of different years share none)."""
    if not a or not b:
        return frozenset()
    common = {k for k in a & b if not k.startswith("md:") or k.endswith(":g")}
    guessed_a = {k[3:8] for k in a if k.endswith(":g")}
    guessed_b = {k[3:8] for k in b if k.endswith(":g")}
    days_a = {k[3:8] for k in a if k.startswith("md:")}
    days_b = {k[3:8] for k in b if k.startswith("md:")}
    crossed = (guessed_a & days_b) | (guessed_b & days_a)
    return frozenset({k[:8] if k.startswith("md:") else k for k in common} | {f"md:{x}" for x in crossed})


def _figure_labels(slots: Slots) -> frozenset[str]:
    labels = {f"{q.kind}:{q.value:.6g}" for q in slots.quantities}
    labels |= {k if k.startswith("md:") else f"d:{k}" for d in slots.dates if d.value for k in _date_keys(d)}
    return frozenset(labels)


def mask_slots(text: str, slots: Slots, offset: int = 0) -> str:
    """``text`` with each quantity and date replaced by a placeholder word."""
    spans = [(q.start - offset, q.end - offset, " number ") for q in slots.quantities]
    spans += [(d.start - offset, d.end - offset, " date ") for d in slots.dates]
    out, last = [], 0
    for start, end, word in sorted(spans):
        if start < last or start < 0 or end > len(text):
            continue
        out += [text[last:start], word]
        last = end
    out.append(text[last:])
    return "".join(out)


def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words (stopwords and placeholders dropped)."""
    stop = load_lexicon().stopwords
    return frozenset(stem(w) for w in tokenize(text)
                     if w not in stop and len(w) > 1 and w not in ("number", "date"))


def prepare(text: str, slots: Slots, offset: int = 0) -> Statement:
    """Read a statement once. ``offset`` is where ``text`` starts in the slots' coordinates."""
    masked = mask_slots(text, slots, offset)
    return Statement(text=text, masked=" ".join(tokenize(masked)), stems=content_stems(masked),
                     entities=frozenset(e.canonical for e in slots.entities),
                     figures=_figure_labels(slots), distinctive=distinctive_values(slots),
                     has_figures=bool(slots.quantities or slots.dates), negated=slots.negated)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def pair_features(a: Statement, b: Statement, cosine: float | None) -> list[float]:
    """The feature vector of a pair, in ``FEATURES`` order."""
    cos = 0.0 if cosine is None else max(0.0, float(cosine))
    shared = len(a.stems & b.stems)
    small, large = sorted((len(a.stems), len(b.stems)))
    jac = _jaccard(a.stems, b.stems)
    both_entities = bool(a.entities) and bool(b.entities)
    return [
        cos,
        cos * cos,
        fuzz.token_set_ratio(a.masked, b.masked) / 100.0,
        fuzz.token_sort_ratio(a.masked, b.masked) / 100.0,
        jac,
        shared / large if large else 0.0,
        shared / small if small else 0.0,
        small / large if large else 0.0,
        float(both_entities),
        _jaccard(a.entities, b.entities) if both_entities else 0.0,
        float(a.has_figures and b.has_figures),
        float(bool(shared_values(a.figures, b.figures))),
        float(bool(shared_values(a.distinctive, b.distinctive))),
        float(a.negated != b.negated),
        cos * jac,
    ]


def expand(features: list[float]) -> list[float]:
    """The features and every product of two of them (squares included), in a fixed order: the
    classifier is linear in these, so it can weigh one feature by another (a high cosine counts
    for more when the figures are shared)."""
    n = len(features)
    return list(features) + [features[i] * features[j] for i in range(n) for j in range(i, n)]


def logistic(z: float) -> float:
    """The logistic function, safe for large ``|z|``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
