"""Cross-source claim matching at scale (pure).

``find_matches`` compares new claims with existing claims and with each other, never everything
with everything:

1. **Blocking.** Each claim gets keys: canonical entities (``e:``), dates by year-month (``d:``)
   or year (``y:``), quantity keys (``q:kind:unit:value``) and its normalised tokens (``t:``).
   Keys held by more than ``max_block`` claims are too common to block on. Each claim is indexed
   under its rarest keys only (prefix filtering), so candidate pairs are claims sharing a rare key.
2. **Cheap scoring.** ``fuzz.ratio`` on sorted-token normalised strings, vectorised over the
   candidate pairs with ``rapidfuzz.process.cpdist`` (``workers`` threads, ``score_cutoff``).
3. **Full scoring.** ``fuzz.token_set_ratio`` on the survivors, combined with slot overlap into a
   0-100 score.
4. **Classification.** ``claimcheck.compare.compare_views`` labels each pair at or above
   ``min_score`` ``agree``, ``conflict`` or ``related`` with reasons.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from claimcheck.compare import StatementView, build_view, compare_views, load_lexicon, stem, tokenize
from claimcheck.errors import ClaimcheckError
from claimcheck.model import Claim, Match, Slots

logger = logging.getLogger(__name__)

TEXT_WEIGHT = 0.75  # share of the combined score from text similarity; the rest is slot overlap
CHEAP_MARGIN = 30.0  # the cheap stage keeps pairs scoring at least (needed text score - margin)
DEFAULT_MAX_BLOCK = 200  # keys shared by more claims than this are not used for blocking
PREFIX_MIN = 4  # each claim is indexed under at least this many of its rarest keys
PREFIX_SHARE = 0.4  # ... or this share of its keys, whichever is larger
PAIR_CHUNK = 2_000_000  # candidate pairs scored per cpdist call


class MatchInputError(ClaimcheckError):
    """Claims given to ``find_matches`` cannot be matched (e.g. they have no id yet)."""


@dataclass(frozen=True)
class PreparedClaims:
    """Column arrays for a batch of claims: what blocking and scoring need."""

    claims: tuple[Claim, ...]
    normalised: np.ndarray  # object array of sorted-token strings
    slot_keys: tuple[frozenset[str], ...]
    block_keys: tuple[tuple[str, ...], ...]
    is_new: np.ndarray  # bool
    document: np.ndarray  # int64, -1 when unknown


@functools.lru_cache(maxsize=200_000)
def _normal_token(word: str) -> str:
    """A token as compared across claims: its first synonym group, else its stem."""
    stemmed = stem(word)
    groups = load_lexicon().term_groups.get(stemmed)
    return groups[0] if groups else stemmed


def normalise_text(text: str) -> str:
    """Sorted, de-duplicated normalised content tokens of a text, joined by spaces.

    Args:
        text: Any statement.

    Returns:
        A string such that paraphrases using synonyms or another word order come out alike.
    """
    stopwords = load_lexicon().stopwords
    tokens = {_normal_token(w) for w in tokenize(text) if w not in stopwords and len(w) > 1}
    return " ".join(sorted(tokens))


def _quantity_block_key(kind: str, unit: str, value: float) -> str:
    """A quantity key with the value rounded to two significant digits."""
    if value == 0:
        return f"q:{kind}:{unit}:0"
    magnitude = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return f"q:{kind}:{unit}:{round(value / magnitude) * magnitude:g}"


def slot_keys(slots: Slots) -> frozenset[str]:
    """Keys of a claim's slots: canonical entities, dates (year-month or year), quantities."""
    keys = {f"e:{e.canonical.lower()}" for e in slots.entities}
    for mention in slots.dates:
        if mention.value and not mention.relative:
            keys.add(f"d:{mention.value[:7]}" if len(mention.value) >= 7 else f"y:{mention.value[:4]}")
    for quantity in slots.quantities:
        keys.add(_quantity_block_key(quantity.kind, quantity.unit.lower(), quantity.value))
    return frozenset(keys)


def block_keys(normalised: str, keys: frozenset[str]) -> tuple[str, ...]:
    """All blocking keys of a claim: its slot keys plus its normalised tokens."""
    return tuple(sorted(keys)) + tuple(f"t:{token}" for token in normalised.split())


def prepare_claims(new_claims: Sequence[Claim], existing_claims: Sequence[Claim]) -> PreparedClaims:
    """Normalise texts and compute keys for new claims followed by existing ones.

    Args:
        new_claims: Claims to match.
        existing_claims: Claims already matched among themselves; a claim also in
            ``new_claims`` (same id) is taken once, as new.

    Returns:
        ``PreparedClaims`` with new claims first.

    Raises:
        MatchInputError: A claim has no id.
    """
    new_ids = {c.id for c in new_claims}
    claims = tuple(new_claims) + tuple(c for c in existing_claims if c.id not in new_ids)
    if any(c.id is None for c in claims):
        raise MatchInputError("every claim needs an id before matching: store the claims first")
    normalised = [normalise_text(c.text) for c in claims]
    keys = [slot_keys(c.slots) for c in claims]
    array = np.empty(len(claims), dtype=object)
    array[:] = normalised
    return PreparedClaims(
        claims=claims, normalised=array, slot_keys=tuple(keys),
        block_keys=tuple(block_keys(n, k) for n, k in zip(normalised, keys)),
        is_new=np.arange(len(claims)) < len(new_claims),
        document=np.array([-1 if c.document_id is None else c.document_id for c in claims],
                          dtype=np.int64),
    )


# ---------------------------------------------------------------------------------------------
# Blocking


def _key_entries(prepared: PreparedClaims) -> tuple[np.ndarray, np.ndarray, int]:
    """Flatten blocking keys into (key id, claim index) arrays; also return the key count."""
    vocabulary: dict[str, int] = {}
    key_ids: list[int] = []
    owners: list[int] = []
    for index, keys in enumerate(prepared.block_keys):
        for key in keys:
            key_ids.append(vocabulary.setdefault(key, len(vocabulary)))
            owners.append(index)
    return np.array(key_ids, dtype=np.int64), np.array(owners, dtype=np.int64), len(vocabulary)


def _prefix_entries(key_ids: np.ndarray, owners: np.ndarray, n_keys: int,
                    max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep, per claim, only its rarest usable keys (shared by 2..max_block claims)."""
    frequency = np.bincount(key_ids, minlength=n_keys)
    usable = (frequency[key_ids] >= 2) & (frequency[key_ids] <= max_block)
    key_ids, owners = key_ids[usable], owners[usable]
    order = np.lexsort((key_ids, frequency[key_ids], owners))
    key_ids, owners = key_ids[order], owners[order]
    starts = np.r_[0, np.flatnonzero(np.diff(owners)) + 1]
    counts = np.diff(np.r_[starts, len(owners)])
    rank = np.arange(len(owners)) - np.repeat(starts, counts)
    limit = np.maximum(PREFIX_MIN, np.ceil(PREFIX_SHARE * counts)).astype(np.int64)
    keep = rank < np.repeat(limit, counts)
    return key_ids[keep], owners[keep]


def _pairs_within_blocks(key_ids: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) pairs of claims sharing a block, by vectorised offsets inside each block."""
    order = np.argsort(key_ids, kind="stable")
    key_ids, owners = key_ids[order], owners[order]
    starts = np.r_[0, np.flatnonzero(np.diff(key_ids)) + 1]
    ends = np.repeat(np.r_[starts[1:], len(key_ids)], np.diff(np.r_[starts, len(key_ids)]))
    positions = np.arange(len(key_ids))
    left, right = [], []
    offset = 1
    while len(positions):
        positions = positions[positions + offset < ends[positions]]
        left.append(owners[positions])
        right.append(owners[positions + offset])
        offset += 1
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def candidate_pairs(prepared: PreparedClaims, *, include_same_document: bool = True,
                    max_block: int = DEFAULT_MAX_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Unique unordered candidate pairs (i < j) with at least one new claim.

    Args:
        prepared: The prepared claims.
        include_same_document: Keep pairs of two places in one document.
        max_block: Keys shared by more claims than this are not used.

    Returns:
        Two index arrays ``(i, j)`` into ``prepared.claims``.
    """
    key_ids, owners, n_keys = _key_entries(prepared)
    key_ids, owners = _prefix_entries(key_ids, owners, n_keys, max_block)
    left, right = _pairs_within_blocks(key_ids, owners)
    low, high = np.minimum(left, right), np.maximum(left, right)
    keep = (low != high) & (prepared.is_new[low] | prepared.is_new[high])
    same_document = (prepared.document[low] == prepared.document[high]) & (prepared.document[low] >= 0)
    if not include_same_document:
        keep &= ~same_document
    codes = np.unique(low[keep] * len(prepared.claims) + high[keep])
    low, high = codes // len(prepared.claims), codes % len(prepared.claims)
    return low, high


# ---------------------------------------------------------------------------------------------
# Scoring


def _cheap_cutoff(min_score: float) -> float:
    """The lowest cheap-stage ratio a pair may have and still reach ``min_score``."""
    needed_text = (min_score - 100.0 * (1.0 - TEXT_WEIGHT)) / TEXT_WEIGHT
    return max(0.0, needed_text - CHEAP_MARGIN)


def _score_chunked(scorer, texts: np.ndarray, low: np.ndarray, high: np.ndarray,
                   cutoff: float, workers: int) -> np.ndarray:
    """Element-wise scores of text pairs with ``process.cpdist``, in bounded chunks."""
    scores = np.zeros(len(low), dtype=np.float32)
    for start in range(0, len(low), PAIR_CHUNK):
        stop = start + PAIR_CHUNK
        scores[start:stop] = process.cpdist(texts[low[start:stop]], texts[high[start:stop]],
                                            scorer=scorer, score_cutoff=cutoff, workers=workers)
    return scores


def slot_overlap(keys_a: frozenset[str], keys_b: frozenset[str]) -> float | None:
    """Jaccard overlap of two claims' slot keys, or None when neither has any."""
    if not keys_a and not keys_b:
        return None
    return len(keys_a & keys_b) / len(keys_a | keys_b)


def combined_score(text_score: float, keys_a: frozenset[str], keys_b: frozenset[str]) -> float:
    """0-100 score from text similarity and slot overlap (text only when neither has slots)."""
    overlap = slot_overlap(keys_a, keys_b)
    if overlap is None:
        return float(text_score)
    return TEXT_WEIGHT * float(text_score) + (1.0 - TEXT_WEIGHT) * 100.0 * overlap


def score_pairs(prepared: PreparedClaims, low: np.ndarray, high: np.ndarray, *, min_score: float,
                workers: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score candidate pairs in two stages and keep those at or above ``min_score``.

    Returns:
        ``(low, high, scores)`` of the kept pairs.
    """
    cheap = _score_chunked(fuzz.ratio, prepared.normalised, low, high, _cheap_cutoff(min_score), workers)
    survivors = cheap > 0
    low, high = low[survivors], high[survivors]
    needed_text = (min_score - 100.0 * (1.0 - TEXT_WEIGHT)) / TEXT_WEIGHT
    text = _score_chunked(fuzz.token_set_ratio, prepared.normalised, low, high, needed_text, workers)
    scores = np.array([combined_score(t, prepared.slot_keys[i], prepared.slot_keys[j])
                       for t, i, j in zip(text.tolist(), low.tolist(), high.tolist())], dtype=np.float64)
    keep = (text > 0) & (scores >= min_score)
    logger.debug("scored %d candidate pairs: %d past the cheap stage, %d kept",
                 len(cheap), int(survivors.sum()), int(keep.sum()))
    return low[keep], high[keep], scores[keep]


# ---------------------------------------------------------------------------------------------
# Public entry point


def _allowed_same_document(a: Claim, b: Claim) -> bool:
    """Two claims of one document may be paired only when they sit in different places."""
    return a.document_id is None or a.document_id != b.document_id or (a.start, a.end) != (b.start, b.end)


def _classify(prepared: PreparedClaims, low: np.ndarray, high: np.ndarray,
              scores: np.ndarray) -> list[Match]:
    """Compare the kept pairs' slots; order each pair by claim id."""
    lexicon = load_lexicon()
    views: dict[int, StatementView] = {}

    def view(index: int) -> StatementView:
        if index not in views:
            claim = prepared.claims[index]
            views[index] = build_view(claim.text, claim.slots, lexicon)
        return views[index]

    matches = []
    for i, j, score in zip(low.tolist(), high.tolist(), scores.tolist()):
        a, b = prepared.claims[i], prepared.claims[j]
        if a.id == b.id or not _allowed_same_document(a, b):
            continue
        if a.id > b.id:
            (a, i), (b, j) = (b, j), (a, i)
        comparison = compare_views(view(i), view(j))
        matches.append(Match(claim_a=a.id, claim_b=b.id, score=round(score, 1),
                             relation=comparison.relation, reasons=comparison.reasons))
    return matches


def find_matches(new_claims: Sequence[Claim], existing_claims: Sequence[Claim], *,
                 min_score: float = 60, include_same_document: bool = True,
                 workers: int = -1, max_block: int = DEFAULT_MAX_BLOCK) -> list[Match]:
    """Match new claims against existing claims and against each other.

    Existing claims are not compared among themselves (that was done when they were new), so
    adding a document costs in proportion to its claims, not to the whole store.

    Args:
        new_claims: Claims just extracted (stored: ``id`` and ``document_id`` set).
        existing_claims: Claims already in the store.
        min_score: Lowest combined score (0-100) reported.
        include_same_document: Also pair two different places of one document (internal
            consistency). A claim is never paired with itself.
        workers: Threads for rapidfuzz scoring (-1: all cores).
        max_block: Blocking keys shared by more claims than this are too common to use.

    Returns:
        One ``Match`` per unordered pair (``claim_a`` < ``claim_b``), best score first.

    Raises:
        MatchInputError: A claim has no id.

    Example:
        >>> find_matches([Claim("Prices rose 5% in May.", 0, 22, 1, id=1, document_id=1)],
        ...              [Claim("Prices rose 5% in May.", 0, 22, 1, id=2, document_id=2)])[0].relation
        'agree'
    """
    if not new_claims:
        return []
    prepared = prepare_claims(new_claims, existing_claims)
    low, high = candidate_pairs(prepared, include_same_document=include_same_document,
                                max_block=max_block)
    low, high, scores = score_pairs(prepared, low, high, min_score=min_score, workers=workers)
    matches = _classify(prepared, low, high, scores)
    logger.info("matched %d new against %d claims: %d candidate pairs, %d matches",
                len(new_claims), len(prepared.claims), len(low), len(matches))
    return sorted(matches, key=lambda m: (-m.score, m.claim_a, m.claim_b))
