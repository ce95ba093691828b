"""Check-worthiness: how likely a sentence is a factual claim worth checking, and why.

A small explainable model: logistic regression over word unigrams and bigrams plus the
extractor's own features (a date, a quantity, a named entity, a comparison, first person, modal
verbs, a question, length). Weights, vocabulary and cue-word lists ship as JSON in
``claimcheck/data/checkworthy_model.json`` (trained on ClaimBuster by
``bench/train_checkworthiness.py``); scoring is plain Python over that JSON, fast enough to run on
every sentence.

Example:
    >>> from claimcheck.extract.slots import extract_slots
    >>> text = "Unemployment fell to 4 percent in 2019."
    >>> score, reason = score_checkworthiness(text, extract_slots(text))
    >>> reason  # e.g. "+number, +date, +'fell'"
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from claimcheck.errors import ClaimcheckError
from claimcheck.model import Slots
from claimcheck.versioned import load_versioned_json

log = logging.getLogger(__name__)

MODEL_SCHEMA = "claimcheck.checkworthy/1"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "checkworthy_model.json"
REASON_TERMS = 3

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+|\b[A-Z]{2,}\b")

# Cue-word list (in the model file) -> the extractor feature it switches on.
_CUE_FEATURES: tuple[tuple[str, str], ...] = (
    ("number", "number"), ("date", "date"), ("comparison", "comparison"),
    ("first_person", "first person"), ("second_person", "second person"), ("modal", "modal"),
    ("negation", "negated"), ("hedge", "hedged"), ("opinion", "opinion"),
)

# Names of the extractor features, in the order the trainer lays them out.
EXTRACTOR_FEATURES: tuple[str, ...] = (
    "number", "date", "entity", "comparison", "first person", "second person", "modal",
    "question", "short", "long", "log length", "negated", "hedged", "quantifier", "opinion",
)


class CheckworthyModelError(ClaimcheckError):
    """The check-worthiness model file is missing or malformed."""


@dataclass(frozen=True)
class CheckworthyModel:
    """Shipped weights: ``ngrams`` maps "word" or "word word" to its weight.

    ``lookup`` holds the same weights as ready-made contribution tuples
    ``(|weight|, weight, "'ngram'")`` so scoring allocates nothing per n-gram; ``cues_of``
    inverts ``cues`` (word -> cue lists).
    """

    intercept: float
    ngrams: dict[str, float]
    features: dict[str, float]
    cues: dict[str, frozenset[str]]
    lookup: dict[str, tuple[float, float, str]] = field(default_factory=dict, repr=False)
    cues_of: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)


def load_model(path: str | Path = DEFAULT_MODEL_PATH) -> CheckworthyModel:
    """Load a check-worthiness model from JSON.

    Raises:
        SchemaVersionError: the file's ``schema`` is not ``claimcheck.checkworthy/1``.
        CheckworthyModelError: the file is missing or malformed.
    """
    data = load_versioned_json(path, MODEL_SCHEMA, what="check-worthiness model",
                               error=CheckworthyModelError,
                               retrain="bench/train_checkworthiness.py")
    return model_from_dict(data, path)


def model_from_dict(data: dict[str, Any], path: str | Path = "<dict>") -> CheckworthyModel:
    """Build a model from its JSON dictionary (see :func:`load_model`)."""
    try:
        model = CheckworthyModel(
            intercept=float(data["intercept"]),
            ngrams={str(k): float(v) for k, v in data["ngrams"].items()},
            features={str(k): float(v) for k, v in data["features"].items()},
            cues={str(k): frozenset(v) for k, v in data["cues"].items()},
        )
        model = replace(model, cues_of=cue_index(model.cues),
                        lookup={g: (abs(w), w, _label(g)) for g, w in model.ngrams.items()})
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise CheckworthyModelError(f"{path}: malformed check-worthiness model ({e!r})") from e
    unknown = set(model.features) - set(EXTRACTOR_FEATURES)
    if unknown:
        raise CheckworthyModelError(f"{path}: unknown features {sorted(unknown)}")
    return model


def _label(gram: str) -> str:
    """How an n-gram reads in a reason: quoted, with folded numbers shown as N ("'N percent'")."""
    return repr(" ".join("N" if w == "0" else w for w in gram.split(" ")))


def words(text: str) -> list[str]:
    """Lowercased word tokens; each run of digits becomes ``0`` ("$4.5bn" -> "0", "0bn")."""
    return _WORD.findall(_DIGITS.sub("0", text.lower().replace("\u2019", "'")))


def ngrams(tokens: list[str]) -> set[str]:
    """Unigrams and bigrams ("a b") of a token list, as a set."""
    grams = set(tokens)
    grams.update(map(" ".join, zip(tokens, tokens[1:])))
    return grams


def cue_index(cues: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Invert cue lists: word -> the extractor features it switches on."""
    feature_of = dict(_CUE_FEATURES)
    index: dict[str, set[str]] = {}
    for name, cue_words in cues.items():
        if name not in feature_of:
            continue
        for word in cue_words:
            index.setdefault(word, set()).add(feature_of[name])
    return {word: frozenset(names) for word, names in index.items()}


def extractor_features(text: str, tokens: list[str], slots: Slots,
                       cues_of: dict[str, frozenset[str]]) -> dict[str, float]:
    """The non-lexical features of a sentence (only non-zero ones are returned).

    Slots come from :func:`claimcheck.extract.slots.extract_slots`; light surface cues (digits,
    years, capitalised words, the cue-word lists of the model file, inverted by
    :func:`cue_index` into ``cues_of``) stand in where slots are empty.
    """
    return _features_of(text, tokens, _slot_facts(slots), cues_of)


def _slot_facts(slots: Slots) -> tuple[bool, bool, bool, bool, bool, bool]:
    """The six facts of the slots the model reads: has quantities, dates, entities; negated,
    hedged, has a quantifier."""
    return (bool(slots.quantities), bool(slots.dates), bool(slots.entities), slots.negated, slots.hedged,
            slots.quantifier is not None)


def _features_of(text: str, tokens: list[str], facts: tuple[bool, ...],
                 cues_of: dict[str, frozenset[str]]) -> dict[str, float]:
    """:func:`extractor_features` from the six slot facts of :func:`_slot_facts`."""
    quantities, dates, entities, negated, hedged, quantified = facts
    hits: set[str] = set()
    hits.update(*filter(None, map(cues_of.get, tokens)))
    values = dict.fromkeys(hits, 1.0)
    values["log length"] = math.log1p(len(tokens)) / 4.0
    has_digit = _DIGIT.search(text) is not None
    if quantities or has_digit:
        values["number"] = 1.0
    if dates or (has_digit and _YEAR.search(text)):
        values["date"] = 1.0
    if entities or _CAPITALISED.search(text):
        values["entity"] = 1.0
    if negated:
        values["negated"] = 1.0
    if hedged:
        values["hedged"] = 1.0
    if quantified:
        values["quantifier"] = 1.0
    if text.rstrip().endswith("?"):
        values["question"] = 1.0
    if len(tokens) < 8:
        values["short"] = 1.0
    elif len(tokens) > 30:
        values["long"] = 1.0
    return values


def score_with(model: CheckworthyModel, text: str, slots: Slots) -> tuple[float, str]:
    """Score a sentence with a given model; see :func:`score_checkworthiness`."""
    return _score_facts(model, text, _slot_facts(slots))


def scoring_text(text: str, hedged: bool) -> tuple[str, bool]:
    """The statement as check-worthiness scores it, and whether it still counts as hedged.

    A hedged statement (``hedged`` from its slots) is scored without its evidential hedges ("it
    seems", "as far as I can tell": ``data/checkworthy_frames.json``): hedging marks a claim
    hedged, it does not make it less of a factual claim. Without such a frame the statement and
    ``hedged`` are returned unchanged (a modal hedge such as "may" still weighs).
    """
    if not hedged:
        return text, hedged
    stripped = _frames().hedge.sub(" ", text)
    return (stripped, False) if stripped != text else (text, hedged)


def opinion_frame(text: str) -> str | None:
    """The opinion frame of a statement ("to my mind", "in my view"), lower-cased, or None."""
    frames = _frames()
    if frames.opinion_hint is not None and frames.opinion_hint.search(text) is None:
        return None  # most statements: no "my", "me" or "I", which every opinion frame has
    m = frames.opinion.search(text)
    return " ".join(m.group().lower().split()).rstrip(", ") if m else None


@dataclass(frozen=True)
class _Frames:
    hedge: re.Pattern
    opinion: re.Pattern
    opinion_cap: float
    # a quick test that ``opinion`` cannot match (``_opinion_hint``), or None
    opinion_hint: re.Pattern | None = None


# Words one of which every opinion frame of the shipped file holds ("in my view", "it seems to
# me", "I'd say"): a statement without any of them, whole and in any case, has no opinion frame.
# The frame pattern reads each frame word whole (its neighbours are spaces, apostrophes or
# punctuation, and the frame itself stands between non-word characters) and case-insensitively,
# as the hint does; one pass of the hint costs about a third of one of the frame pattern.
_HINT_WORDS = ("my", "me", "i")


def _opinion_hint(phrases: list[str]) -> re.Pattern | None:
    """``_HINT_WORDS`` as a pattern, when every one of ``phrases`` holds one of them as a whole
    word; else None (a frame without one: no quick test)."""
    whole = re.compile(rf"(?i)(?<!\w)(?:{'|'.join(_HINT_WORDS)})(?!\w)")
    if not phrases or not all(whole.search(p) for p in phrases):
        return None
    return re.compile(rf"(?i)\b(?:{'|'.join(_HINT_WORDS)})\b")


@lru_cache(maxsize=1)
def _frames() -> _Frames:
    """The hedge and opinion frames of ``data/checkworthy_frames.json`` as patterns (cached)."""
    path = Path(__file__).resolve().parent / "data" / "checkworthy_frames.json"
    data = json.loads(path.read_text(encoding="utf-8"))

    def pattern(phrases: list[str]) -> re.Pattern:
        alternation = "|".join(re.escape(p).replace("'", "['’]").replace(r"\ ", r"\s+")
                               for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?i)(?<!\w)(?:{alternation})(?!\w),?")

    return _Frames(pattern(data["hedge_frames"]), pattern(data["opinion_frames"]), float(data["opinion_cap"]),
                   _opinion_hint(data["opinion_frames"]))


def _score_facts(model: CheckworthyModel, text: str, facts: tuple[bool, ...]) -> tuple[float, str]:
    """:func:`score_with` from the six slot facts of :func:`_slot_facts`; an opinion frame caps
    the probability (see :func:`opinion_frame`)."""
    frame = opinion_frame(text)
    text, hedged = scoring_text(text, facts[4])
    if hedged != facts[4]:
        facts = (*facts[:4], hedged, *facts[5:])
    probability, reason = _model_score(model, text, facts)
    if frame is None:
        return probability, reason
    return min(probability, _frames().opinion_cap), f"-opinion '{frame}', {reason}"


def _model_score(model: CheckworthyModel, text: str, facts: tuple[bool, ...]) -> tuple[float, str]:
    """The model's probability and reason for ``text`` with these slot facts."""
    tokens = words(text)
    contributions = list(filter(None, map(model.lookup.get, ngrams(tokens))))
    for name, value in _features_of(text, tokens, facts, model.cues_of).items():
        weight = model.features.get(name)
        if weight:
            contributions.append((abs(weight * value), weight * value, name))
    # fsum: the exactly rounded sum, the same in every order (the n-grams are a set, whose order
    # follows the process's string hash seed: a plain sum differed in the last digit from one
    # process to the next, so bulk ingest's worker processes stored other scores)
    logit = math.fsum([model.intercept, *map(itemgetter(1), contributions)])
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
    return probability, _reason(contributions)


def _reason(contributions: list[tuple[float, float, str]]) -> str:
    """The strongest contributions as "+number, +'voted', -first person"."""
    strongest = sorted(contributions, reverse=True)[:REASON_TERMS]
    parts = [("+" if c > 0 else "-") + label for _, c, label in strongest if c]
    return ", ".join(parts) or "no cues"


def score_checkworthiness(text: str, slots: Slots) -> tuple[float, str]:
    """Return (probability the sentence is a check-worthy factual claim, short reason).

    Args:
        text: one sentence.
        slots: its slots from ``extract_slots`` (empty slots work too; surface cues stand in).

    Returns:
        A probability in 0-1 (0.5 is the decision threshold the model was tuned for) and the
        top contributing features, e.g. ``"+number, +'voted', -first person"``.
    """
    return _score_default(text, _slot_facts(slots))


@lru_cache(maxsize=8192)
def _score_default(text: str, facts: tuple[bool, ...]) -> tuple[float, str]:
    """Score with the shipped model (cached): the model reads only these six facts of the slots."""
    return _score_facts(_default_model(), text, facts)


@lru_cache(maxsize=1)
def _default_model() -> CheckworthyModel:
    """The shipped model (loaded once)."""
    return load_model(DEFAULT_MODEL_PATH)
