"""Cross-source claim matching at scale (pure).

``find_matches`` compares new claims with existing claims and with each other, never everything
with everything:

1. **Blocking.** Each claim gets keys: canonical entities (``e:``), dates by year-month (``d:``)
   or year (``y:``), quantity keys (``q:kind:unit:value``), what each quantity measures
   (``m:kind:unit``), pairs of those (``p:``) and its normalised tokens (``t:``).
   Keys held by more than ``max_block`` claims are too common to block on. Each claim is indexed
   under its rarest keys only (prefix filtering), so candidate pairs are claims sharing a rare key.
2. **Cheap scoring.** ``fuzz.ratio`` on sorted-token normalised strings, vectorised over the
   candidate pairs with ``rapidfuzz.process.cpdist`` (``workers`` threads, ``score_cutoff``).
3. **Surface scoring.** ``fuzz.token_set_ratio`` on the survivors, combined with slot overlap
   into a 0-100 surface score; a distinctive figure that the two share and few claims give
   (``f:``/``g:`` keys) lifts it. Pairs from ``CANDIDATE_MIN_SCORE`` on are candidates.
4. **Semantic candidates.** With a sentence encoder, each new claim's nearest claims by vector
   (``SEMANTIC_NEIGHBOURS``) join the candidates: paraphrases share few words.
5. **Alignment.** ``claimcheck.align.engine.AlignmentEngine`` gives each candidate pair the
   probability that both make the same assertion and labels it ``agree``, ``conflict`` or
   ``related`` from that probability and the typed slots; the match score is 100 x probability.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import sys
import zlib
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import numpy as np
from rapidfuzz import fuzz, process

from claimcheck.align.features import distinctive_values, normal_keys, shared_values
from claimcheck.compare import (
    LEXICON_PATH,
    another_actor_or_event,
    only_scoped,
    denied_terms,
    ranked_terms,
    quantity_class,
    quantities_comparable,
    UNIT_FREE_MIN,
    StatementView,
    distinctive_figure,
    load_lexicon,
    main_quantities,
    stem,
    time_reasons,
    tokenize,
    written_words,
)
from claimcheck.errors import ClaimcheckError
from claimcheck.model import Claim, Comparison, Match, Reason, Slots

logger = logging.getLogger(__name__)

TEXT_WEIGHT = 0.75  # share of the combined score from text similarity; the rest is slot overlap
# Two claims giving the same distinctive figure ("212 homes", "$3.2 million") are likely one
# assertion in other words: their score is at least the text score plus this bonus, so
# paraphrases sharing a figure reach the default --min-score (70) from a text score of 45;
# comparison then decides agree / conflict / related.
FIGURE_BONUS = 25.0
# A large count shared without its noun ("2.3 million people" / "2.3 million patients", or a
# coincidence: "6,600 vessels" / "6,600 workers") is weaker evidence: a smaller bonus.
LOOSE_FIGURE_BONUS = 10.0
FIGURE_FLAG = 1 << 30  # set in the slot-matrix id of a distinctive figure key (f:)
LOOSE_FLAG = 1 << 29  # ... of a large count without its noun (g:)
DATE_FLAG = 1 << 28  # ... of a full written date (f:date:), rare or not: counted only when shared
DATE_KEY = "f:date:"
# A figure identifies a claim only while it is rare in the claims matched together (like an
# inverse document frequency): one given by more claims than this lifts no score.
FIGURE_MAX_CLAIMS = 10
CHEAP_MARGIN = 20.0  # the cheap stage keeps pairs whose ratio is within this of the text score they need
DEFAULT_MAX_BLOCK = 200  # keys shared by more claims than this are not used for blocking
PREFIX_MIN = 6  # each claim is indexed under at least this many of its rarest keys
PREFIX_SHARE = 0.6  # ... or this share of its keys, whichever is larger
VIEW_CACHE = 50_000  # statement views kept while classifying (bounds memory at scale)
SLOT_KEY_LIMIT = 12  # slot keys per claim kept for the vectorised overlap (sorted; rarely exceeded)
PAIR_CHUNK = 1_000_000  # candidate pairs generated and scored at a time (bounds memory)
PROGRESS_EVERY = 2_000  # aligned pairs between two progress calls


class MatchInputError(ClaimcheckError):
    """Claims given to ``find_matches`` cannot be matched (e.g. they have no id yet)."""


@dataclass(frozen=True)
class PreparedClaims:
    """Column arrays for a batch of claims: what blocking and scoring need."""

    claims: tuple[Claim, ...]
    normalised: np.ndarray  # object array of sorted-token strings
    slot_keys: tuple[tuple[str, ...], ...]  # sorted; tuples, not frozensets: a 5-key frozenset
    # takes a 32-slot table (~1.2 KB), which at a million claims is most of the memory
    slot_matrix: np.ndarray  # int32 (claims x SLOT_KEY_LIMIT): slot key ids, -1 padding
    rare_figures: frozenset[str]  # figure keys (f:) held by at most FIGURE_MAX_CLAIMS claims
    is_new: np.ndarray  # bool
    document: np.ndarray  # int64, -1 when unknown


@dataclass
class MatchStats:
    """Counts from one matching run, for benchmarks and logs."""

    claims: int = 0
    new_claims: int = 0
    blocking_entries: int = 0
    candidate_pairs: int = 0
    cheap_survivors: int = 0
    scored_pairs: int = 0
    matches: int = 0
    relations: dict[str, int] = field(default_factory=dict)


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
    """Keys of a claim's slots: canonical entities, dates (year-month or year), quantities, and
    distinctive figures (``f:``, and ``g:`` for large counts without their noun)."""
    return frozenset(map(sys.intern, _slot_key_set(slots)))


def _slot_key_set(slots: Slots) -> set[str]:
    """``slot_keys`` before interning, in a plain set: each quantity's rounded key is made once
    (its figure keys are made from it, as ``figure_keys`` makes them)."""
    keys = {f"e:{e.canonical.lower()}" for e in slots.entities}
    for mention in slots.dates:
        if mention.value and not mention.relative:
            keys.add(f"d:{mention.value[:7]}" if len(mention.value) >= 7 else f"y:{mention.value[:4]}")
            if mention.precision == "day" and not mention.inferred_year:
                # a full written date scores like a distinctive figure while it is rare among the
                # claims matched together ("on 16 August 2009" / "on the evening of Sunday 16 August
                # 2009"); the year-month key above still does the blocking
                keys.add(f"{DATE_KEY}{mention.value[:10]}")
    for quantity in slots.quantities:
        kind, unit, value = quantity.kind, quantity.unit.lower(), quantity.value
        block = _quantity_block_key(kind, unit, value)
        keys.add(block)
        if distinctive_figure(kind, quantity.unit, value):
            keys.update(_figure_keys(kind, unit, value, block[2:]))
    return keys


def figure_keys(kind: str, unit: str, value: float) -> tuple[str, ...]:
    """The keys of a distinctive figure: with its unit (``f:``); a large count also without its
    noun (``g:``: "2.3 million people" and "2.3 million patients" meet; "69 seats" and
    "69 soldiers" do not)."""
    return _figure_keys(kind, unit, value, _quantity_block_key(kind, unit, value)[2:])


def _figure_keys(kind: str, unit: str, value: float, key: str) -> tuple[str, ...]:
    """``figure_keys`` given ``key``, the figure's quantity key without its ``q:``."""
    if kind == "count" and abs(value) >= UNIT_FREE_MIN:
        return "f:" + key, "g:" + key.replace(f":{unit}:", ":", 1)
    return ("f:" + key,)


def block_keys(normalised: str, keys: Iterable[str]) -> tuple[str, ...]:
    """All blocking keys of a claim: its slot keys, each pair of slot keys (``p:``: the same
    two actors, or an actor and a month, are far more selective than either alone) and its
    normalised tokens (``t:``). Figure keys (``f:``) only score: a quantity key (``q:``) already
    blocks on the same figure of the same thing; what a quantity measures (``m:``, see
    ``overlap_keys``) blocks too, so different figures of one thing meet (a possible conflict)."""
    ordered = _blocking_slot_keys(keys)
    return (*ordered, *[f"p:{a}|{b}" for a, b in itertools.combinations(ordered, 2)],
            *["t:" + token for token in normalised.split()])


def _blocking_slot_keys(keys: Iterable[str]) -> list[str]:
    """The slot keys ``block_keys`` blocks on, sorted: ``keys`` and their ``overlap_keys``
    (``m:`` for each ``q:``), figure keys (``is_figure_key``) left out."""
    own = set()
    for key in keys:
        head = key[:2]
        if head == "f:" or head == "g:":  # is_figure_key
            continue
        own.add(key)
        if head == "q:":  # overlap_keys: what the quantity measures
            own.add("m:" + key[2:].rsplit(":", 1)[0])
    return sorted(own)


def prepare_claims(new_claims: Sequence[Claim], existing_claims: Sequence[Claim],
                   key_counts: KeyCounts | None = None) -> PreparedClaims:
    """Normalise texts and compute keys for new claims followed by existing ones.

    Args:
        new_claims: Claims to match.
        existing_claims: Claims already matched among themselves; a claim also in
            ``new_claims`` (same id) is taken once, as new.
        key_counts: How many claims hold each key among all the claims matched together, when
            ``existing_claims`` are only some of them (``store_candidates``); None: counted here.

    Returns:
        ``PreparedClaims`` with new claims first.

    Raises:
        MatchInputError: A claim has no id.
    """
    new_ids = {c.id for c in new_claims}
    claims = tuple(new_claims) + tuple(c for c in existing_claims if c.id not in new_ids)
    if any(c.id is None for c in claims):
        raise MatchInputError("every claim needs an id before matching: store the claims first")
    stored = key_counts.prepared if key_counts is not None else {}
    texts = np.empty(len(claims), dtype=object)
    texts[:] = [stored[c.id][0] if c.id in stored else normalise_text(c.text) for c in claims]
    keys = tuple(stored[c.id][1] if c.id in stored else tuple(sorted(slot_keys(c.slots)))
                 for c in claims)
    rare = rare_figure_keys(keys) if key_counts is None else frozenset(
        k for claim_keys in keys for k in claim_keys
        if is_figure_key(k) and key_counts(k) <= FIGURE_MAX_CLAIMS)
    return PreparedClaims(
        claims=claims, normalised=texts, slot_keys=keys, slot_matrix=_slot_matrix(keys, rare),
        rare_figures=rare,
        is_new=np.arange(len(claims)) < len(new_claims),
        document=np.array([-1 if c.document_id is None else c.document_id for c in claims],
                          dtype=np.int64),
    )


def overlap_keys(keys: Iterable[str]) -> frozenset[str]:
    """The keys slot overlap is measured on: a quantity counts by what it measures
    (``m:count:firefighter``), not its value, so two claims giving different figures of one thing
    (a possible conflict) overlap as much as two giving the same; a shared distinctive figure
    (``f:``) still counts on its own."""
    return frozenset("m:" + k[2:].rsplit(":", 1)[0] if k.startswith("q:") else k for k in keys)


def rare_figure_keys(keys: Sequence[Iterable[str]]) -> frozenset[str]:
    """The figure keys that at most ``FIGURE_MAX_CLAIMS`` of the claims hold."""
    counts = Counter(k for claim_keys in keys for k in claim_keys if is_figure_key(k))
    return frozenset(k for k, n in counts.items() if n <= FIGURE_MAX_CLAIMS)


def _slot_matrix(keys: Sequence[Iterable[str]], rare_figures: frozenset[str] = frozenset()) -> np.ndarray:
    """Overlap keys (see ``overlap_keys``) as ids in a padded matrix, for vectorised overlap;
    the ids of rare figure keys carry ``FIGURE_FLAG``. Only as many columns as the claim with the
    most keys needs (at most ``SLOT_KEY_LIMIT``): ``slot_overlaps`` compares every column with
    every other, and padding shares nothing."""
    vocabulary: dict[str, int] = {}
    matrix = np.full((len(keys), SLOT_KEY_LIMIT), -1, dtype=np.int32)
    widest = 1
    for row, claim_keys in enumerate(keys):
        ids = []
        for key in sorted(overlap_keys(claim_keys))[:SLOT_KEY_LIMIT]:
            known = vocabulary.get(key)
            if known is None:
                flag = 0 if key not in rare_figures else FIGURE_FLAG if key[0] == "f" else LOOSE_FLAG
                if key.startswith(DATE_KEY):
                    flag |= DATE_FLAG
                known = vocabulary[key] = len(vocabulary) | flag
            ids.append(known)
        matrix[row, :len(ids)] = ids
        widest = max(widest, len(ids))
    return np.ascontiguousarray(matrix[:, :widest])


def is_figure_key(key: str) -> bool:
    """True for the key of a distinctive figure (``f:money:usd:3.2e+06``, ``g:count:2.3e+06``)."""
    return key.startswith(("f:", "g:"))


def figure_bonus(key: str) -> float:
    """What a shared figure key adds to a pair's text score."""
    return FIGURE_BONUS if key.startswith("f:") else LOOSE_FIGURE_BONUS


# ---------------------------------------------------------------------------------------------
# Matching state stored with each claim (``claimcheck.store``): adding a document reads these
# arrays, not every stored claim, and blocks as it would over every claim.

# Bump when the keys a claim gets change (``slot_keys``, ``block_keys``, ``normalise_text``,
# ``figure_keys``): stored state of another version is computed again when next needed.
MATCH_STATE_VERSION = "2"


@functools.lru_cache(maxsize=1)
def match_state_version() -> str:
    """``MATCH_STATE_VERSION`` with a digest of the matching lexicon (normalised tokens follow
    its synonym groups and stopwords)."""
    return f"{MATCH_STATE_VERSION}:{zlib.crc32(LEXICON_PATH.read_bytes()):08x}"


@functools.lru_cache(maxsize=1 << 17)  # tokens and slot keys recur across claims
def stable_key_hash(key: str) -> int:
    """A 64-bit hash of a key that every process agrees on (``hash`` is seeded per process)."""
    data = key.encode()
    value = (zlib.crc32(data) << 32) | zlib.adler32(data)
    return value - (1 << 64) if value >= 1 << 63 else value


def claim_state(claim: Claim) -> tuple[np.ndarray, np.ndarray]:
    """What matching needs of a stored claim: the stable hashes of its blocking keys
    (``block_keys``) and of its figure keys (``f:``/``g:``, counted for ``rare_figures``)."""
    return prepared_state(claim)[:2]


def prepared_state(claim: Claim) -> tuple[np.ndarray, np.ndarray, str, tuple[str, ...]]:
    """``claim_state`` with the claim's normalised text and sorted slot keys, as
    ``prepare_claims`` makes them (stored too, so candidates are not prepared again)."""
    keys = tuple(sorted(map(sys.intern, _slot_key_set(claim.slots))))  # sorted(slot_keys(...))
    normalised = normalise_text(claim.text)
    ordered = _blocking_slot_keys(keys)
    hashes = [*map(stable_key_hash, ordered)]  # block_keys' order: slot keys, pairs, tokens
    if len(ordered) > 1:
        hashes += map(stable_key_hash, [f"p:{a}|{b}" for a, b in itertools.combinations(ordered, 2)])
    if normalised:
        hashes += map(stable_key_hash, ["t:" + token for token in normalised.split()])
    return (np.array(hashes, dtype=np.int64),
            np.array([stable_key_hash(k) for k in keys if k[:2] == "f:" or k[:2] == "g:"], dtype=np.int64),
            normalised, keys)


@dataclass(frozen=True)
class KeyCounts:
    """How many claims hold each key (by ``stable_key_hash``) among all claims matched
    together; keys not listed are held by none."""

    counts: dict[int, int]
    # the stored blocking-key hashes of claims (by id), in ``block_keys`` order: blocking takes
    # them instead of making and hashing each claim's keys again (``_key_entries``)
    blocks: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    # the stored normalised text and sorted slot keys of claims (by id): ``prepare_claims``
    # takes them instead of normalising and keying those claims again
    prepared: dict[int, tuple[str, tuple[str, ...]]] = field(default_factory=dict, compare=False,
                                                             repr=False)

    def __call__(self, key: str) -> int:
        return self.counts.get(stable_key_hash(key), 0)


def _lookup(table: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``values`` are in ``table`` (sorted, unique), and where: ``(hit, position)``."""
    if not len(table):
        return np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=np.int64)
    position = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return table[position] == values, position


@dataclass(frozen=True)
class StoredState:
    """The stored matching state of the claims a new document is matched against: entry ``k``
    of ``block``/``figures`` belongs to the claim whose id is ``block_owner[k]``/
    ``figure_owner[k]`` (int64 arrays)."""

    block_owner: np.ndarray
    block: np.ndarray
    figure_owner: np.ndarray
    figures: np.ndarray


class KeyIndex(Protocol):
    """The matching state of every stored claim, indexed by key (``SqlStore.match_index``): what
    ``store_candidates`` reads instead of every claim's state (``StoredState``). Merged claims
    are left out of all three answers."""

    def states(self, claim_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(block_owner, block, figure_owner, figures)`` of the claims ``claim_ids``."""

    def counts(self, keys: np.ndarray) -> np.ndarray:
        """How many stored claims hold each of ``keys`` (sorted, unique)."""

    def holders(self, keys: np.ndarray) -> np.ndarray:
        """The stored claims holding any of ``keys`` (sorted, unique ids)."""

    def prepared(self, claim_ids: np.ndarray) -> dict[int, tuple[str, tuple[str, ...]]]:
        """The stored normalised text and sorted slot keys of those claims that have them."""

    def only(self, claim_ids: np.ndarray) -> bool:
        """True when ``claim_ids`` (sorted, unique) are every stored claim (a cheap check that
        may say False when they are)."""

    def documents(self, claim_ids: np.ndarray) -> dict[int, int]:
        """``{claim id: its document's id}`` of those claims."""


def _counted(table: np.ndarray, *arrays: np.ndarray) -> np.ndarray:
    """How many entries of ``arrays`` hold each key of ``table`` (sorted, unique): binary
    searches into the small table, no sort of the store-wide arrays."""
    counts = np.zeros(len(table), dtype=np.int64)
    for values in arrays:
        hit, pos = _lookup(table, values)
        counts += np.bincount(pos[hit], minlength=len(table))
    return counts


def _prefixes(owner: np.ndarray, block: np.ndarray, table: np.ndarray, counts: np.ndarray,
              max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's prefix keys (``_prefix_entries``), with the keys tied with its last one:
    a superset, which only adds candidates that then pair with nothing."""
    frequency = counts[_lookup(table, block)[1]]
    usable = (frequency >= 2) & (frequency <= max_block)
    owner, block, frequency = owner[usable], block[usable], frequency[usable]
    if not len(owner):
        return owner, block
    order = np.lexsort((frequency, owner))
    owner, block, frequency = owner[order], block[order], frequency[order]
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    sizes = np.diff(np.r_[starts, len(owner)])
    limit = np.maximum(PREFIX_MIN, np.ceil(PREFIX_SHARE * sizes)).astype(np.int64)
    last = frequency[starts + np.minimum(limit, sizes) - 1]
    keep = frequency <= np.repeat(last, sizes)
    return owner[keep], block[keep]


def store_candidates(new_claims: Sequence[Claim], stored: StoredState | KeyIndex, *,
                     max_block: int = DEFAULT_MAX_BLOCK,
                     new_ids: Iterable[int] | None = None,
                     scored: bool = False) -> tuple[list[int], KeyCounts]:
    """The stored claims that can pair with a new claim, and the key counts that make blocking
    over them and the new claims decide as it would over every claim.

    A stored claim pairs with a new one only through a key in the prefixes of both (their
    rarest usable keys, see ``_prefix_entries``): the candidates are the stored claims whose
    prefix shares a key with a new claim's. Prefix filtering then needs every key of the
    candidates counted over all claims, and the rare-figure rule the counts of the new claims'
    figure keys.

    ``stored``: every claim's state as arrays (``StoredState``: numpy over the store-wide
    arrays), or a ``KeyIndex`` (``SqlStore.match_index``: the keys and key counts of the new
    claims and of the claims sharing one of their prefix keys only, looked up by key). A
    ``KeyIndex`` holds the new claims too, and needs ``new_ids``.

    ``new_ids``: when ``stored`` holds the new claims' state too, the ids of the new claims'
    documents' claims (their stored state is taken, not computed again).

    ``scored`` (with a ``KeyIndex``): only the candidates ``find_matches`` can use, those of
    the documents with a claim in a candidate pair that passes the surface score (see
    ``_scored_candidates``): in a large store most candidates pair with a new claim by a key
    and nothing more, and reading them as claims cost more than the rest of matching.

    Returns:
        ``(candidate claim ids, key counts)``, to pass as ``existing_claims`` (once read) and
        ``key_counts`` to ``find_matches``.
    """
    if not isinstance(stored, StoredState):
        if new_ids is None:
            raise MatchInputError("a key index holds the new claims: give their ids (new_ids)")
        candidates, counts = _indexed_candidates(
            stored, np.unique(np.fromiter(new_ids, dtype=np.int64)), max_block)
        if scored:
            candidates = _scored_candidates(new_claims, candidates, counts, stored, max_block)
        return candidates, counts
    if new_ids is not None:
        ids = np.unique(np.fromiter(new_ids, dtype=np.int64))
        mine, theirs = _lookup(ids, stored.block_owner)[0], _lookup(ids, stored.figure_owner)[0]
        new_owner, new_block, new_figures = (stored.block_owner[mine], stored.block[mine],
                                             stored.figures[theirs])
        stored = StoredState(stored.block_owner[~mine], stored.block[~mine],
                             stored.figure_owner[~theirs], stored.figures[~theirs])
    else:
        states = [claim_state(c) for c in new_claims]
        new_block = np.concatenate([b for b, _ in states] or [np.empty(0, np.int64)])
        new_owner = np.repeat(np.arange(len(states), dtype=np.int64), [len(b) for b, _ in states])
        new_figures = np.concatenate([f for _, f in states] or [np.empty(0, np.int64)])

    new_table = np.unique(new_block)
    new_counts = _counted(new_table, stored.block, new_block)
    new_prefix = np.unique(_prefixes(new_owner, new_block, new_table, new_counts, max_block)[1])
    holders = np.unique(stored.block_owner[_lookup(new_prefix, stored.block)[0]])
    mine = _lookup(holders, stored.block_owner)[0]
    held_owner, held_block = stored.block_owner[mine], stored.block[mine]
    held_table = np.unique(held_block)
    held_counts = _counted(held_table, stored.block, new_block)
    owner, prefix = _prefixes(held_owner, held_block, held_table, held_counts, max_block)
    candidates = np.unique(owner[_lookup(new_prefix, prefix)[0]])
    found = dict(zip(held_table.tolist(), held_counts.tolist()))
    found.update(zip(new_table.tolist(), new_counts.tolist()))
    # a figure lifts a pair's score only when both claims give it, one of them new
    figure_table = np.unique(new_figures)
    found.update(zip(figure_table.tolist(),
                     _counted(figure_table, stored.figures, new_figures).tolist()))
    return candidates.tolist(), KeyCounts(found)


def _indexed_candidates(index: KeyIndex, new_ids: np.ndarray,
                        max_block: int) -> tuple[list[int], KeyCounts]:
    """``store_candidates`` over a ``KeyIndex``: the same steps, each a lookup of a few keys or
    claims (the index counts the new claims, which are stored, with the others)."""
    new_owner, new_block, _, new_figures = index.states(new_ids)
    if index.only(new_ids):  # the first documents of a store: nothing else to pair with
        keys, counts = np.unique(np.concatenate([new_block, new_figures]), return_counts=True)
        return [], KeyCounts(dict(zip(keys.tolist(), counts.tolist())),
                             _blocks_of(new_owner, new_block), index.prepared(new_ids))
    new_table = np.unique(new_block)
    new_counts = index.counts(new_table)
    new_prefix = np.unique(_prefixes(new_owner, new_block, new_table, new_counts, max_block)[1])
    holders = index.holders(new_prefix)
    holders = holders[~_lookup(new_ids, holders)[0]]
    held_owner, held_block, _, _ = index.states(holders)
    held_table = np.unique(held_block)
    held_counts = index.counts(held_table)
    owner, prefix = _prefixes(held_owner, held_block, held_table, held_counts, max_block)
    candidates = np.unique(owner[_lookup(new_prefix, prefix)[0]])
    found = dict(zip(held_table.tolist(), held_counts.tolist()))
    found.update(zip(new_table.tolist(), new_counts.tolist()))
    figure_table = np.unique(new_figures)
    found.update(zip(figure_table.tolist(), index.counts(figure_table).tolist()))
    blocks = _blocks_of(new_owner, new_block)
    mine = _lookup(candidates, held_owner)[0]
    blocks.update(_blocks_of(held_owner[mine], held_block[mine]))
    return candidates.tolist(), KeyCounts(found, blocks,
                                          index.prepared(np.union1d(candidates, new_ids)))


def _blocks_of(owner: np.ndarray, block: np.ndarray) -> dict[int, np.ndarray]:
    """Each claim's run of entries, from arrays holding each claim's entries together."""
    if not len(owner):
        return {}
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    ends = np.r_[starts[1:], len(owner)]
    return {claim: block[a:b] for claim, a, b in zip(owner[starts].tolist(), starts.tolist(),
                                                     ends.tolist())}


def _scored_candidates(new_claims: Sequence[Claim], candidates: list[int], counts: KeyCounts,
                       index: KeyIndex, max_block: int) -> list[int]:
    """The ``candidates`` of the documents with a claim in a candidate pair (``candidate_chunks``
    over the new claims and every candidate, with ``counts``) that passes the surface score
    (``score_pairs`` at ``CANDIDATE_MIN_SCORE``), from the candidates' stored text and keys:
    what ``find_matches`` needs of them, for the same matches.

    Why the others take no part: with key counts given, whether a key of a new claim is in a
    claim's prefix does not depend on the other claims matched (the keys of the new claims,
    which come first, are numbered before any other and in the same order), so the candidate
    pairs of the claims kept are those found over every candidate; a pair's score is its own;
    and deciding a pair counts claims only within the documents of candidate pairs that passed
    (``_classify``'s ``members``), whose candidates are all kept. Candidates without stored text
    (state from before revision 0008's columns) are all kept."""
    if not candidates or any(i not in counts.prepared for i in candidates):
        return candidates
    from claimcheck.model import direct_constructor

    documents = index.documents(np.asarray(candidates, dtype=np.int64))
    make, nothing = direct_constructor(Claim), Slots()  # no frozen __init__ per stand-in
    stand_ins = [make("", 0, 0, 0, nothing, True, 0.5, "", (), i, documents[i]) for i in candidates]
    prepared = prepare_claims(new_claims, stand_ins, counts)  # text and keys: the stored ones
    paired: set[int] = set()
    for low, high in candidate_chunks(prepared, max_block=max_block, key_counts=counts):
        low, high, _ = score_pairs(prepared, low, high, min_score=CANDIDATE_MIN_SCORE)
        paired.update(prepared.document[low].tolist())
        paired.update(prepared.document[high].tolist())
    return [i for i in candidates if documents[i] in paired]


# ---------------------------------------------------------------------------------------------
# Blocking


def _key_entries(prepared: PreparedClaims, key_counts: KeyCounts | None = None
                 ) -> tuple[np.ndarray, np.ndarray, int, np.ndarray | None]:
    """Flatten blocking keys into (key id, claim index) arrays; also return the key count and,
    with ``key_counts``, each key id's number of claims among all claims matched together.

    Keys are hashed as they are made (no dictionary of millions of mostly unique composite
    keys), then numbered by first appearance, so ids (and tie-breaks between equally rare keys)
    do not depend on the per-process string hash seed.
    """
    hashes, owners = array("q"), array("i")
    if key_counts is None:
        for index, (text, keys) in enumerate(zip(prepared.normalised, prepared.slot_keys)):
            claim_keys = block_keys(text, keys)
            hashes.extend(map(hash, claim_keys))
            owners.extend(itertools.repeat(index, len(claim_keys)))
    else:  # keys by their stable hashes, the stored ones where given: what key_counts counts
        stored = key_counts.blocks
        for index, (claim, text, keys) in enumerate(zip(prepared.claims, prepared.normalised,
                                                        prepared.slot_keys)):
            known = stored.get(claim.id)
            if known is not None:
                hashes.frombytes(known.astype(np.int64, copy=False).tobytes())
                owners.extend(itertools.repeat(index, len(known)))
                continue
            claim_keys = block_keys(text, keys)
            hashes.extend(map(stable_key_hash, claim_keys))
            owners.extend(itertools.repeat(index, len(claim_keys)))
    unique, first, inverse = np.unique(np.frombuffer(hashes, dtype=np.int64), return_index=True,
                                       return_inverse=True)
    del hashes
    rank = np.empty(len(unique), dtype=np.int32)
    rank[np.argsort(first, kind="stable")] = np.arange(len(unique), dtype=np.int32)
    frequency = None
    if key_counts is not None:
        frequency = np.empty(len(unique), dtype=np.int64)
        counts = key_counts.counts
        frequency[rank] = [counts.get(h, 0) for h in unique.tolist()]
    return (rank[inverse], np.frombuffer(owners, dtype=np.int32).astype(np.int64), len(unique),
            frequency)


def _prefix_entries(key_ids: np.ndarray, owners: np.ndarray, n_keys: int,
                    max_block: int, frequency: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Keep, per claim, only its rarest usable keys (shared by 2..max_block claims); each key's
    number of claims is counted here unless given (``frequency``, by key id)."""
    if frequency is None:
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
    """All (i, j) pairs of claims sharing a block, by vectorised offsets inside each block.

    ``key_ids`` must be sorted.
    """
    if not len(key_ids):
        return np.empty(0, np.int64), np.empty(0, np.int64)
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


def _chunk_bounds(key_ids: np.ndarray) -> list[tuple[int, int]]:
    """Split key-sorted entries at block boundaries into ranges of about ``PAIR_CHUNK`` pairs."""
    if not len(key_ids):
        return []
    starts = np.r_[0, np.flatnonzero(np.diff(key_ids)) + 1]
    sizes = np.diff(np.r_[starts, len(key_ids)])
    pairs = sizes * (sizes - 1) // 2
    chunk_of_block = (np.cumsum(pairs) - pairs) // PAIR_CHUNK
    first_blocks = np.r_[0, np.flatnonzero(np.diff(chunk_of_block)) + 1, len(starts)]
    edges = np.r_[starts, len(key_ids)][first_blocks]
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


def _unique(codes: np.ndarray) -> np.ndarray:
    """Sorted unique values (sort-based: faster than numpy's hash path for large int arrays)."""
    codes = np.sort(codes)
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes


def _filter_pairs(prepared: PreparedClaims, left: np.ndarray, right: np.ndarray,
                  include_same_document: bool) -> tuple[np.ndarray, np.ndarray]:
    """Unique ordered (i < j) pairs with at least one new claim, optionally across documents."""
    low, high = np.minimum(left, right), np.maximum(left, right)
    keep = (low != high) & (prepared.is_new[low] | prepared.is_new[high])
    if not include_same_document:
        same = (prepared.document[low] == prepared.document[high]) & (prepared.document[low] >= 0)
        keep &= ~same
    size = len(prepared.claims)
    codes = _unique(low[keep] * size + high[keep])
    return codes // size, codes % size


def candidate_chunks(prepared: PreparedClaims, *, include_same_document: bool = True,
                     max_block: int = DEFAULT_MAX_BLOCK, stats: MatchStats | None = None,
                     key_counts: KeyCounts | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Candidate pairs (i < j, at least one new claim) in chunks of about ``PAIR_CHUNK``.

    A pair sharing several blocks in different chunks may come twice; callers de-duplicate
    what they keep.

    Args:
        prepared: The prepared claims.
        include_same_document: Keep pairs of two places in one document.
        max_block: Keys shared by more claims than this are not used.
        stats: Filled with the number of blocking entries and candidate pairs.
        key_counts: Each key's number of claims among all claims matched together, when
            ``prepared`` holds only some of them (see ``prepare_claims``).

    Yields:
        Two index arrays ``(i, j)`` into ``prepared.claims``.
    """
    key_ids, owners, n_keys, frequency = _key_entries(prepared, key_counts)
    key_ids, owners = _prefix_entries(key_ids, owners, n_keys, max_block, frequency)
    order = np.argsort(key_ids, kind="stable")
    key_ids, owners = key_ids[order], owners[order]
    if stats is not None:
        stats.blocking_entries = len(key_ids)
    for start, end in _chunk_bounds(key_ids):
        left, right = _pairs_within_blocks(key_ids[start:end], owners[start:end])
        low, high = _filter_pairs(prepared, left, right, include_same_document)
        if stats is not None:
            stats.candidate_pairs += len(low)
        yield low, high


def candidate_pairs(prepared: PreparedClaims, *, include_same_document: bool = True,
                    max_block: int = DEFAULT_MAX_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """All unique candidate pairs at once (see ``candidate_chunks``)."""
    chunks = list(candidate_chunks(prepared, include_same_document=include_same_document,
                                   max_block=max_block))
    if not chunks:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    size = len(prepared.claims)
    codes = _unique(np.concatenate([low * size + high for low, high in chunks]))
    return codes // size, codes % size


# ---------------------------------------------------------------------------------------------
# Scoring


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
    """Jaccard overlap of two claims' overlap keys (see ``overlap_keys``), or None when neither
    has any."""
    if not keys_a and not keys_b:
        return None
    keys_a, keys_b = overlap_keys(keys_a), overlap_keys(keys_b)
    # a full date one of the two gives does not dilute the overlap (the year-month key counts it)
    union = len(keys_a | keys_b) - sum(k.startswith(DATE_KEY) for k in keys_a ^ keys_b)
    return len(keys_a & keys_b) / union if union else 0.0


def combined_score(text_score: float, keys_a: frozenset[str], keys_b: frozenset[str],
                   rare_figures: frozenset[str] | None = None) -> float:
    """0-100 score from text similarity and slot overlap (text only when neither has slots);
    a shared distinctive figure lifts it to at least ``text + FIGURE_BONUS`` (a large count
    shared without its noun: ``LOOSE_FIGURE_BONUS``).

    ``rare_figures`` (``PreparedClaims.rare_figures``) limits that to the figures rare among the
    claims matched together; None counts every figure (a pair on its own)."""
    overlap = slot_overlap(keys_a, keys_b)
    if overlap is None:
        return float(text_score)
    mixed = TEXT_WEIGHT * float(text_score) + (1.0 - TEXT_WEIGHT) * 100.0 * overlap
    bonus = max((figure_bonus(k) for k in keys_a & keys_b
                 if is_figure_key(k) and (rare_figures is None or k in rare_figures)), default=0.0)
    if bonus:
        return max(mixed, min(100.0, float(text_score) + bonus))
    return mixed


def slot_overlaps(keys_a: np.ndarray, keys_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised slot-key Jaccard overlap of pairs given as rows of key ids (-1 padding).

    Returns:
        ``(overlap, has_slots, bonus)``: the overlap (0-1), whether either claim has slot keys,
        and the bonus of the strongest figure key the two share (0 when none).
    """
    shared = np.zeros(len(keys_a), dtype=np.int32)
    shared_dates = np.zeros(len(keys_a), dtype=np.int32)
    bonus = np.zeros(len(keys_a), dtype=np.float64)
    held_a, held_b = (keys_a >= 0).sum(axis=1), (keys_b >= 0).sum(axis=1)
    # rows hold their ids first, then -1 padding: columns past the longest row are padding in
    # every row, and padding shares nothing (skipping them changes no result)
    keys_b = keys_b[:, :int(held_b.max(initial=0))]
    for column in range(int(held_a.max(initial=0))):
        ids = keys_a[:, column]
        hit = (ids >= 0) & (keys_b == keys_a[:, column:column + 1]).any(axis=1)
        shared += hit
        shared_dates += hit & (ids & DATE_FLAG > 0)
        key_bonus = np.where(ids >= FIGURE_FLAG, FIGURE_BONUS,
                             np.where((ids >= 0) & (ids & LOOSE_FLAG > 0), LOOSE_FIGURE_BONUS, 0.0))
        bonus = np.maximum(bonus, np.where(hit, key_bonus, 0.0))
    union = held_a + held_b - shared
    # a full date one of the two gives does not dilute the overlap (``slot_overlap``)
    dates = ((keys_a >= 0) & (keys_a & DATE_FLAG > 0)).sum(axis=1) \
        + ((keys_b >= 0) & (keys_b & DATE_FLAG > 0)).sum(axis=1)
    union = union - (dates - 2 * shared_dates)
    return np.divide(shared, union, out=np.zeros(len(keys_a)), where=union > 0), union > 0, bonus


def combined_scores(text: np.ndarray, keys_a: np.ndarray, keys_b: np.ndarray) -> np.ndarray:
    """Vectorised ``combined_score`` over pairs given as rows of slot key ids (-1 padding)."""
    return _mix(np.asarray(text, dtype=np.float64), *slot_overlaps(keys_a, keys_b))


def _mix(text: np.ndarray, overlap: np.ndarray, has_slots: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    """Combined score from text scores, slot overlaps and shared distinctive figures."""
    mixed = TEXT_WEIGHT * text + (1.0 - TEXT_WEIGHT) * 100.0 * overlap
    anchored = np.minimum(100.0, text + bonus)
    return np.where(has_slots, np.where(bonus > 0, np.maximum(mixed, anchored), mixed), text)


def _needed_text(min_score: float, overlap: np.ndarray, has_slots: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    """The text score each pair needs to reach ``min_score`` given its slot overlap."""
    with_slots = (min_score - (1.0 - TEXT_WEIGHT) * 100.0 * overlap) / TEXT_WEIGHT
    anchored = min_score - bonus
    return np.where(has_slots, np.where(bonus > 0, np.minimum(with_slots, anchored), with_slots), min_score)


def score_pairs(prepared: PreparedClaims, low: np.ndarray, high: np.ndarray, *, min_score: float,
                workers: int = -1, stats: MatchStats | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score candidate pairs and keep those at or above ``min_score``.

    Slot overlap comes first (vectorised), which tells each pair the text score it needs; the
    cheap stage (``fuzz.ratio``) drops pairs far below that need, the full stage
    (``fuzz.token_set_ratio``) scores the rest.

    Returns:
        ``(low, high, scores)`` of the kept pairs.
    """
    overlap, has_slots, bonus = slot_overlaps(prepared.slot_matrix[low], prepared.slot_matrix[high])
    needed = _needed_text(min_score, overlap, has_slots, bonus)
    if not len(low):
        return low, high, np.empty(0)
    cheap = _score_chunked(fuzz.ratio, prepared.normalised, low, high,
                           min(100.0, max(0.0, float(needed.min()) - CHEAP_MARGIN)), workers)
    survivors = cheap >= needed - CHEAP_MARGIN
    low, high, overlap, has_slots, bonus, needed = (low[survivors], high[survivors], overlap[survivors],
                                                    has_slots[survivors], bonus[survivors], needed[survivors])
    if stats is not None:
        stats.cheap_survivors += len(low)
    if not len(low):
        return low, high, np.empty(0)
    text = _score_chunked(fuzz.token_set_ratio, prepared.normalised, low, high,
                          min(100.0, max(0.0, float(needed.min()))), workers)
    scores = _mix(text.astype(np.float64), overlap, has_slots, bonus)
    keep = (text > 0) & (scores >= min_score)
    if stats is not None:
        stats.scored_pairs += int(keep.sum())
    return low[keep], high[keep], scores[keep]


# ---------------------------------------------------------------------------------------------
# Public entry point


def _allowed_same_document(a: Claim, b: Claim) -> bool:
    """Two claims of one document may be paired only when they sit in different places."""
    return a.document_id is None or a.document_id != b.document_id or (a.start, a.end) != (b.start, b.end)


SEMANTIC_ALL = 20_000  # up to this many claims, every claim is embedded for neighbour search
SEMANTIC_NEIGHBOURS = 10  # nearest claims by sentence vector added as candidates of each new claim
SEMANTIC_MIN_COSINE = 0.45  # ... when at least this similar (topic-level; the aligner decides)
CANDIDATE_MIN_SCORE = 60.0  # lexical candidates kept for alignment at this surface score (paraphrases come from the sentence vectors)


def _semantic_pairs(prepared: PreparedClaims, vectors: np.ndarray | None,
                    include_same_document: bool) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) index pairs: each new claim with its nearest claims by sentence vector."""
    if vectors is None or not len(vectors):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    new = np.flatnonzero(prepared.is_new)
    lows, highs = [], []
    for start in range(0, len(new), 256):
        rows = new[start:start + 256]
        sims = vectors[rows] @ vectors.T
        sims[np.arange(len(rows)), rows] = -1.0
        if not include_same_document:
            sims[prepared.document[rows][:, None] == prepared.document[None, :]] = -1.0
        k = min(SEMANTIC_NEIGHBOURS, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r, row in enumerate(rows):
            for j in top[r]:
                if sims[r, j] >= SEMANTIC_MIN_COSINE:
                    lows.append(min(row, j))
                    highs.append(max(row, j))
    return np.array(lows, np.int64), np.array(highs, np.int64)


def _measure_pairs(prepared: PreparedClaims,
                   view: _ClaimViews) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) index pairs of claims of two documents whose main clauses count one thing or
    rank one kind of thing (``measure_keys`` of kind count, with its noun, and of ranked terms)
    that at most ``BACKING_MAX_PER_DOCUMENT`` claims of each document count or rank, a new claim
    among them. A unit alone (kilometres, euros, per cent) says how something is measured, not
    what: two distances need not be one.

    Two tellings of one figure in other words, with other figures ("around four thousand others
    were wounded" / "injured more than 7,000") share neither a figure key nor enough wording to
    be a candidate by surface score, and asides can keep their sentence vectors apart; the rare
    measure says they speak of one thing (``_measure_backing`` then pairs them one to one).
    """
    # a place in a ranking may be a superlative alone: no quantity slot, so every claim is read
    return _rare_key_pairs(prepared, lambda index: (key for key in view.measures(index)
                                                    if key.startswith(("count:", "ordinal:rank:"))))


def _rare_key_pairs(prepared: PreparedClaims, keys_of) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) index pairs of claims of two documents that share a key of ``keys_of(index)``
    which at most ``BACKING_MAX_PER_DOCUMENT`` claims of each of the two documents give, a new
    claim among them."""
    holders: dict[tuple[int, str], list[int]] = {}
    for index in range(len(prepared.claims)):
        document = int(prepared.document[index])
        if document < 0:
            continue
        for key in keys_of(index):
            holders.setdefault((document, key), []).append(index)
    by_key: dict[str, list[list[int]]] = {}
    for (_, key), members in holders.items():
        if len(members) <= BACKING_MAX_PER_DOCUMENT:
            by_key.setdefault(key, []).append(members)
    pairs = set()
    for groups in by_key.values():
        for first, second in itertools.combinations(groups, 2):
            pairs.update((min(i, j), max(i, j)) for i in first for j in second
                         if prepared.is_new[i] or prepared.is_new[j])
    ordered = sorted(pairs)
    return (np.array([i for i, _ in ordered], np.int64), np.array([j for _, j in ordered], np.int64))


class _Figures(NamedTuple):
    """What ``measure_keys`` reads of a ``StatementView``: its text and main-clause figures."""

    text: str
    quantities: tuple


class _ClaimViews:
    """Each claim's ``StatementView`` by index (``views(index)``), built once while in use
    (bounded by ``VIEW_CACHE``), and what its main clause measures (``measures``).

    ``measures`` reads only the view's figures (``compare.main_quantities``) when the engine
    builds its views with ``build_view``: the rarity of a measure counts every claim of the
    paired documents, and a whole view of each cost most of matching at scale."""

    def __init__(self, prepared: PreparedClaims, engine):
        from claimcheck.align.engine import AlignmentEngine

        self._claims = prepared.claims
        self._engine = engine
        self._figures_only = getattr(type(engine), "view", None) is AlignmentEngine.view
        self._recent: OrderedDict[int, StatementView] = OrderedDict()  # least recently used first
        self._keep: frozenset[int] = frozenset()
        self._kept: dict[int, StatementView] = {}

    def keep(self, indices: Iterable[int]) -> None:
        """Keep the views of ``indices`` once built, whatever ``VIEW_CACHE`` says: the claims
        of the pairs the decision passes over several times (with more of them than the cache
        holds, each pass built most of their views again). Views held before (``held``) and
        not among them are let go."""
        self._keep = frozenset(indices)
        self._kept = {index: found for index, found in self._kept.items() if index in self._keep}
        for index in self._keep.intersection(self._recent):
            self._kept[index] = self._recent.pop(index)

    def held(self, index: int) -> StatementView:
        """``self(index)``, kept until the next ``keep``: the pairs a counterfactual alignment
        lifts read their views before the pairs to keep are known, and are mostly among them."""
        found = self._kept.get(index)
        if found is None:
            found = self._kept[index] = self._recent.pop(index, None) or self(index)
        return found

    def __call__(self, index: int) -> StatementView:
        found = self._kept.get(index)
        if found is not None:
            return found
        found = self._recent.get(index)
        if found is not None:
            self._recent.move_to_end(index)
            return found
        claim = self._claims[index]
        found = self._engine.view(claim.text, claim.slots)
        if index in self._keep:
            self._kept[index] = found
        else:
            self._recent[index] = found
            if len(self._recent) > VIEW_CACHE:
                self._recent.popitem(last=False)
        return found

    def measures(self, index: int) -> frozenset[str]:
        """``measure_keys(self(index))``."""
        if not self._figures_only:
            return measure_keys(self(index))
        claim = self._claims[index]
        return measure_keys(_Figures(claim.text, main_quantities(claim.text, claim.slots, load_lexicon())))


def _views(prepared: PreparedClaims, engine) -> _ClaimViews:
    """Each claim's ``StatementView`` by index, built once (bounded by ``VIEW_CACHE``)."""
    return _ClaimViews(prepared, engine)


def _classify(prepared: PreparedClaims, low: np.ndarray, high: np.ndarray, engine,
              vectors: np.ndarray | None, min_score: float | None,
              progress: Callable[[int, int], None] | None = None,
              view: _ClaimViews | None = None) -> list[Match]:
    """Align each candidate pair and compare its slots; order each pair by claim id.

    ``agree`` and ``conflict`` come from the engine's calibrated thresholds; ``related`` pairs
    are kept from the engine's ``related`` probability. ``min_score`` (alignment score, 100 x
    probability), when given, is a further floor for every relation. ``view``: the claims'
    views (``_views``), when the caller built some already.
    """
    floor = 0.0 if min_score is None else min_score
    view = view or _views(prepared, engine)

    @functools.lru_cache(maxsize=VIEW_CACHE)
    def statement(index: int):
        claim = prepared.claims[index]
        return engine.statements([claim.text], [claim.slots], [claim.start])[0]

    pairs, features = [], []
    total = len(low)
    for n, (i, j) in enumerate(zip(low.tolist(), high.tolist()), 1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        a, b = prepared.claims[i], prepared.claims[j]
        if a.id == b.id or not _allowed_same_document(a, b):
            continue
        if a.id > b.id:
            (a, i), (b, j) = (b, j), (a, i)
        cosine = float(vectors[i] @ vectors[j]) if vectors is not None else None
        pairs.append((i, j))
        features.append(engine.features(statement(i), statement(j), cosine))
    if progress and total:
        progress(total, total)
    probabilities = engine.probabilities(features).tolist()
    lifted = dict(zip(pairs, engine.lifted(features, probabilities,
                                           lambda k: (statement(pairs[k][0]), statement(pairs[k][1])),
                                           lambda k: (view.held(pairs[k][0]), view.held(pairs[k][1])))))
    if vectors is not None and pairs:
        # a fact told with other asides aligns on the clauses that carry it; that evidence lifts
        # a pair whose slots differ (a conflict), never one they do not (``claimcheck.align.clauses``)
        lifted.update(zip(pairs, engine.clause_lifted(
            [(c.text, c.slots, c.start) for c in prepared.claims], pairs, [lifted[pair] for pair in pairs],
            lambda k: (view(pairs[k][0]), view(pairs[k][1])), vectors, prepared=statement)))
    # the claims of the pairs decided below (``topical`` holds ``scored``): their views are
    # read in several passes
    view.keep(k for (i, j), p in zip(pairs, probabilities)
              if max(p, lifted[i, j]) >= engine.thresholds.related
              or (vectors is not None and float(vectors[i] @ vectors[j]) >= SEMANTIC_MIN_COSINE)
              for k in (i, j))
    # a pair enters on the better of its probabilities (a figure that differs, or agrees in
    # another form, lifts it: ``AlignmentEngine.lifted``); the one-to-one assignment ranks on its own
    scored = [(i, j, p) for (i, j), p in zip(pairs, probabilities)
              if max(p, lifted[i, j]) >= engine.thresholds.related and 100.0 * max(p, lifted[i, j]) >= floor]
    # a statement about another actor or event is no counterpart: it takes no part in the
    # one-to-one assignment (it stays listed as related if close). ``topical`` also holds the pairs
    # under the ``related`` probability that the sentence vectors put on one topic: only a
    # denial's counterpart may enter so (below)
    topical = [(i, j, p) for (i, j), p in zip(pairs, probabilities)
               if (max(p, lifted[i, j]) >= engine.thresholds.related
                   or (vectors is not None and float(vectors[i] @ vectors[j]) >= SEMANTIC_MIN_COSINE))
               and 100.0 * max(p, lifted[i, j]) >= floor and not another_actor_or_event(view(i), view(j))]
    counterparts = [(i, j, p) for i, j, p in topical if max(p, lifted[i, j]) >= engine.thresholds.related]
    # a value or measure is rare by how many claims of its document give it: every claim at hand of
    # each document with a candidate pair counts (not only the claims of candidate pairs, which
    # depend on which claims are new: matching a document into a store must decide as matching
    # every claim at once does)
    paired_documents = {int(prepared.document[k]) for pair in pairs for k in pair}
    members = [k for k in range(len(prepared.claims)) if int(prepared.document[k]) in paired_documents]
    backing = _backing(prepared, [(i, j) for i, j, _ in counterparts], members)
    # a moment both give (a day and a time of day that agree: "shortly after nine in the morning
    # of 3 March 2019" / "at 09:12 on 3 March 2019") backs a pair as a rare date does
    for pair, keys in _moment_backing(prepared, [(i, j) for i, j, _ in counterparts], members, view).items():
        backing[pair] = backing.get(pair, frozenset()) | keys
    # each claim's counterpart by alignment, and by a rare figure or date both give: a sentence
    # that makes two assertions ("recalled on 21 January the pill 2.3 million people take") may
    # have one of each in the other document
    best_of = {(i, j) for (i, j, _), best in zip(counterparts, _mutual_best(prepared, counterparts)) if best}
    # within a group that one measure, kind of slot or singled-out actor defines, the counterpart
    # is the telling whose words align best, figures and dates left out (``AlignmentEngine.unshared``):
    # the group's tellings are compared on that slot, so one that happens to share its value must
    # not win for it ("the first vaccine the agency approved" / "the first vaccine of its class
    # whose benefit was confirmed" and "the second vaccine to receive the agency's approval": the
    # approval, not the shared "first", says which ranking is meant)
    wanted = {(i, j) for i, j, _ in counterparts}
    rows = [k for k, pair in enumerate(pairs) if pair in wanted]
    wording = dict(zip((pairs[k] for k in rows), engine.unshared([features[k] for k in rows]).tolist()))
    by_wording = [(i, j, wording[i, j]) for i, j, _ in counterparts]
    # one counterpart per rare value: a sentence of three assertions may share a vote count with
    # one sentence of the other document and a duration with another
    best_of |= _mutual_best_per_key(prepared, counterparts, backing)
    # likewise one counterpart per rare measure ("strides", a ranking, "types of abuse"): the
    # two documents' only statements of that measure are one assertion's two tellings, whatever
    # values they give (a conflict differs in its figure, so it shares none)
    # and one counterpart per actor an exclusive claim singles out, when few claims name it
    candidates = [(i, j) for i, j, _ in counterparts]
    measure_best = set()
    for backing_of in (_measure_backing, _exclusive_backing):
        measure_best |= _mutual_best_per_key(prepared, by_wording,
                                             backing_of(prepared, candidates, members, view))
    best_of |= measure_best
    # and one counterpart per word of what a negated claim denies (``_denial_backing``), as a
    # conflict only: a denial paired with a statement it does not contradict is no agreement on
    # that evidence. Such a pair may enter below the ``related`` probability when the sentence
    # vectors put the two on one topic (``SEMANTIC_MIN_COSINE``, the floor of the vector
    # candidates): what is denied and where it is affirmed are told in other words, with other
    # asides, and the shared word, rare in both documents, says that they speak of one thing.
    denied = _denial_backing(prepared, [(i, j) for i, j, _ in topical], members, view)
    denial_best = _mutual_best_per_key(prepared, topical, denied)
    best_of |= denial_best
    # and one counterpart per kind of slot both give (a date; a figure of one measure), as a
    # conflict only: a claim's best counterpart may tell another of its assertions without that
    # slot ("went in appeal in August 2018, and the case stayed in Luxembourg for four years" /
    # "appealed further to the Court of Justice"), while the one statement of the other document
    # that dates the same act ("lodged its appeal ... on 9 October 2018") is where its date is told
    # (between documents: one document dates many acts, and its own restatements are no rival tellings)
    # An actor an exclusive claim singles out is such a kind too, however many claims name it:
    # the statement of the other document that tells who did it may make other assertions and
    # have a closer counterpart for them ("only X backed the plan" / "from 2011 both X and Y
    # backed the plan, and ...")
    keyed = {(i, j): slot_kinds(view(i), view(j)) | {f"only:{e}" for e in singled_out(view(i), view(j))}
             for i, j, _ in counterparts if prepared.document[i] != prepared.document[j]}
    kind_best = _mutual_best_per_key(prepared, by_wording, keyed) - best_of
    best_of |= kind_best
    scored += [(i, j, p) for i, j, p in topical if (i, j) in denial_best
               and max(p, lifted[i, j]) < engine.thresholds.related]
    mutual = [(i, j) in best_of for i, j, _ in scored]
    decided = []
    for (i, j, p), best in zip(scored, mutual):
        a, b = prepared.claims[i], prepared.claims[j]
        if best:
            # a figure or full date both give, rare in each document, backs a looser textual
            # alignment (as a figure found on a cited page does in verification)
            backed = (i, j) in backing or (i, j) in measure_best
            comparison = engine.compare(view(i), view(j), lifted[i, j],
                                        conflict_at=(0.0 if (i, j) in denial_best
                                                     else engine.thresholds.related if (i, j) in measure_best
                                                     else MUTUAL_CONFLICT_AT(engine)),
                                        agree_at=(0.0 if (i, j) in denial_best
                                                  else engine.thresholds.related if backed else None))
            if (i, j) in denial_best and comparison.relation == "agree":
                if len(denied[i, j]) >= DENIED_WORDS_MIN:
                    # the other affirms what one denies, in its words, and no other slot differs:
                    # the negation is the difference ("did not put a boxed warning on the label" /
                    # "the label carries a boxed warning"), though the cue governs a verb the other
                    # does not use
                    la, lb = (f"negated ({v.negation_cue})" if v.negated else "affirmed"
                              for v in (view(i), view(j)))
                    # the denied terms in the denying claim's words ("boxed, warning", not stems)
                    denier = view(i) if view(i).negated else view(j)
                    written = written_words(denier.text)
                    words = ", ".join(sorted({written.get(term, term) for term in denied[i, j]}))
                    comparison = Comparison("conflict", (Reason(
                        "negation", la, lb,
                        f"one denies what the other affirms ({words}; alignment {lifted[i, j]:.2f})"),))
                elif not lifted[i, j] >= (engine.thresholds.related if backed else engine.thresholds.agree):
                    # one shared word is evidence for a denial's counterpart, not for an agreement
                    comparison = Comparison("related", (Reason(
                        "other", None, None, f"speaks of what the other denies, without contradicting it "
                                             f"(alignment {lifted[i, j]:.2f})"),))
            if (i, j) in kind_best and comparison.relation == "agree":
                # a shared kind of slot is evidence for where a value is told, not that it agrees
                comparison = engine.compare(view(i), view(j), p, agree_at=engine.thresholds.conflict)
            if (comparison.relation == "agree" and a.document_id == b.document_id
                    and p < engine.thresholds.conflict):
                comparison = Comparison("related", (Reason(
                    "other", None, None, f"the document restates itself (alignment {p:.2f})"),))
            if (comparison.relation == "conflict" and a.document_id == b.document_id
                    and not all(r.slot in SELF_CONFLICT_SLOTS for r in comparison.reasons)):
                # inside one document a claim's closest other statement is mostly another fact
                # on the same topic (a timeline's dates, a table's figures, a contrast: "in most
                # years ... did not" / "in a few years ... did"): a figure, date or negation that
                # differs there is no inconsistency unless the pair aligns surely on its own
                comparison = engine.compare(view(i), view(j), p, agree_at=engine.thresholds.conflict)
        else:
            comparison = engine.compare(view(i), view(j), p, agree_at=engine.thresholds.conflict)
        decided.append((i, j, p, best, comparison))
    # a claim found agreeing with a claim of another document on a rare figure or date (a backed
    # agreement) does not conflict with a third claim there on a slot that agreement covered:
    # that third claim speaks of something else (a slot the agreeing claim lacks, such as the date
    # of a sentence that makes two assertions, can still conflict)
    confirmed: dict[tuple[int, int], list[int]] = {}
    for i, j, _, best, c in decided:
        if best and c.relation == "agree" and (i, j) in backing:
            for mine, other in ((i, j), (j, i)):
                confirmed.setdefault((mine, int(prepared.document[other])), []).append(other)

    def covered(k: int, other: int, reasons) -> bool:
        def has(partner: int, slot: str) -> bool:
            v = view(partner)
            return bool(v.dates) if slot == "date" else bool(v.quantities) if slot == "quantity" else True
        return any(all(has(partner, r.slot) for r in reasons)
                   for partner in confirmed.get((k, int(prepared.document[other])), ()))

    matches = []
    for i, j, p, best, comparison in decided:
        a, b = prepared.claims[i], prepared.claims[j]
        if comparison.relation == "conflict" and (covered(i, j, comparison.reasons)
                                                  or covered(j, i, comparison.reasons)):
            comparison = Comparison("related", (Reason(
                "other", None, None, "one claim agrees with another claim of the other document on a "
                                     "figure or date both give: this pair speaks of something else"),))
        score = lifted[i, j] if best else p  # the probability the decision used
        matches.append(Match(claim_a=a.id, claim_b=b.id, score=round(100.0 * score, 1),
                             relation=comparison.relation, reasons=comparison.reasons))
    return matches


# what two places of one document may conflict on as a one-to-one pair: an exclusive claim
# against another actor doing the same ("only Syria recognized ..." / "Russia recognized ...")
# or two actions on one object ("rejected any resolutions" / "abstained on every resolution");
# the other slots need the surer probability there (``_classify``). Measured on the evaluation
# cases and demo fixtures: of 17 one-to-one conflicts inside a document, the 2 real ones were of
# these kinds, the 15 others dates, figures and negations
SELF_CONFLICT_SLOTS = frozenset({"quantifier", "other"})

# rare words of what a negated claim denies that the other claim must affirm before the negation
# alone makes the pair a conflict ("boxed warning" and "label": three; one shared word, "night",
# may be a coincidence of topic)
DENIED_WORDS_MIN = 2


def MUTUAL_CONFLICT_AT(engine) -> float:  # noqa: N802 - a policy constant of the engine
    """Alignment a mutual-best pair needs for a conflict: the engine's ``agree`` threshold."""
    return engine.thresholds.agree


# A figure or full date identifies an assertion only while few claims of each document give it
# (like an inverse document frequency): a fact stated and restated once, not an event's date
# that every paragraph repeats.
BACKING_MAX_PER_DOCUMENT = 2


def value_measures(slots: Slots) -> dict[str, frozenset[str]]:
    """What each distinctive figure of ``slots`` measures (``distinctive_values`` keys ->
    ``measure_keys``-style keys); "*" for a figure without a unit, which may measure anything."""
    out: dict[str, set[str]] = {}
    for quantity in slots.quantities:
        key = f"{quantity.value:.6g}"
        kind, units = quantity_class(quantity)
        out.setdefault(key, set()).add(f"{kind}:{'|'.join(sorted(units))}" if quantity.unit else "*")
    return {key: frozenset(found) for key, found in out.items()}


def _same_measure(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    return "*" in mine or "*" in theirs or bool(mine & theirs)


def _backing(prepared: PreparedClaims, pairs: list[tuple[int, int]],
             members: Iterable[int]) -> dict[tuple[int, int], frozenset[str]]:
    """The pairs sharing a distinctive figure or full date that at most
    ``BACKING_MAX_PER_DOCUMENT`` claims of each one's document give, with those values.

    A month written without its day ("full approval in July 2023") is such a date too, shared
    with a day of that month ("approval followed on 6 July 2023": ``shared_months``); every
    claim giving a date of the month counts as giving it.

    A figure is counted with what it measures: "90 days" and "90 per cent" are two figures
    (``value_measures``; a figure written without a unit counts as either). Claims are counted
    among ``members`` (every claim at hand of the documents with a candidate pair: ``_classify``).
    """
    values_of = functools.lru_cache(maxsize=None)(lambda k: distinctive_values(prepared.claims[k].slots))
    months_of = functools.lru_cache(maxsize=None)(lambda k: month_values(prepared.claims[k].slots))
    measures_of = functools.lru_cache(maxsize=None)(lambda k: value_measures(prepared.claims[k].slots))
    shared = {(i, j): shared_values(values_of(i), values_of(j)) | shared_months(months_of(i), months_of(j))
              for i, j in pairs}
    shared = {pair: found for pair, found in shared.items() if found}
    if not shared:
        return {}
    documents = {int(prepared.document[k]) for pair in shared for k in pair}
    wanted = set().union(*shared.values())
    givers: dict[tuple[int, str], list[int]] = {}
    paired = {k for pair in pairs for k in pair}  # the others' values are read once, not kept
    for index in members:
        document = int(prepared.document[index])
        if document < 0 or document not in documents:
            continue
        if index in paired:
            values, months = values_of(index), months_of(index)
        else:
            slots = prepared.claims[index].slots
            values, months = distinctive_values(slots), month_values(slots)
        for value in (normal_keys(values) | month_keys(months)) & wanted:
            givers.setdefault((document, value), []).append(index)

    def count(document: int, value: str, measures: frozenset[str]) -> int:
        return sum(_same_measure(measures, measures_of(k).get(value, frozenset("*")))
                   for k in givers.get((document, value), ()))

    backed = {}
    for (i, j), values in shared.items():
        rare = set()
        for value in values:
            measures = (measures_of(i).get(value, frozenset("*")) & measures_of(j).get(value, frozenset("*"))
                        or measures_of(i).get(value, frozenset("*")) | measures_of(j).get(value, frozenset("*")))
            if (count(int(prepared.document[i]), value, measures) <= BACKING_MAX_PER_DOCUMENT
                    and count(int(prepared.document[j]), value, measures) <= BACKING_MAX_PER_DOCUMENT):
                rare.add(value)
        if rare:
            backed[i, j] = frozenset(rare)
    return backed


def month_values(slots: Slots) -> frozenset[str]:
    """The months of a claim's written dates: ``mo:YYYY-MM`` for a date given to the month
    ("in July 2023"), ``mo:YYYY-MM:d`` for a day whose year is written ("on 6 July 2023")."""
    out = set()
    for mention in slots.dates:
        if not mention.value or mention.relative or len(mention.value) < 7:
            continue
        if mention.precision == "month":
            out.add(f"mo:{mention.value[:7]}")
        elif mention.precision == "day" and not mention.inferred_year:
            out.add(f"mo:{mention.value[:7]}:d")
    return frozenset(out)


def shared_months(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """The months one claim gives without a day that the other gives, with or without one: one
    date told at two precisions ("July 2023" / "6 July 2023"). Two days of one month are two
    dates, not one (``shared_values`` compares days)."""
    months_a = {k for k in a if not k.endswith(":d")}
    months_b = {k for k in b if not k.endswith(":d")}
    return frozenset(k for k in months_a if k in b or f"{k}:d" in b) | frozenset(
        k for k in months_b if f"{k}:d" in a)


def month_keys(values: frozenset[str]) -> frozenset[str]:
    """``month_values`` with each day counted as giving its month, for counting."""
    return frozenset(k[:10] for k in values)


def measure_keys(view: StatementView | _Figures) -> frozenset[str]:
    """What the main clause's figures measure, one key each: kind and unit group ("count:stride",
    "ordinal:rank", "money:EUR", "percent:%"); a figure without a unit measures nothing named."""
    keys = set()
    for quantity in view.quantities:
        kind, units = quantity_class(quantity)
        if quantity.unit or kind == "ordinal":
            keys.add(f"{kind}:{'|'.join(sorted(units))}")
    # a place in a ranking also measures what it ranks ("the deadliest ammonium nitrate
    # disaster", "ranks third among ammonium nitrate disasters"): one key per ranked term, rarer
    # than "a rank" in a text that ranks several things
    keys.update(f"ordinal:rank:{term}" for term in ranked_terms(view))
    return frozenset(keys)


def _measure_backing(prepared: PreparedClaims, pairs: list[tuple[int, int]], members: Iterable[int],
                     view) -> dict[tuple[int, int], frozenset[str]]:
    """The pairs whose main clauses give figures of one measure (``measure_keys``) that at most
    ``BACKING_MAX_PER_DOCUMENT`` claims of each one's document give, with those measures.

    Like a rare value (``_backing``), a rare measure identifies an assertion within two documents
    on one topic: two statements of how many strides, or of where a disaster ranks, are one
    assertion told twice, agreeing or not.
    """
    keys_of = functools.lru_cache(maxsize=None)(view.measures)
    return _rare_keys(prepared, pairs, members, keys_of, lambda i, j: keys_of(i) & keys_of(j))


def moment_keys(slots: Slots) -> frozenset[str]:
    """The moments a statement gives: each day it dates when it gives one time of day
    ("at 09:12 local time on 3 March 2019" -> "moment:2019-03-03")."""
    if len(slots.times) != 1:
        return frozenset()
    return frozenset(f"moment:{d.value}" for d in slots.dates
                     if d.precision == "day" and d.value and not d.end_value and not d.relative)


def _moment_backing(prepared: PreparedClaims, pairs: list[tuple[int, int]], members: Iterable[int],
                    view) -> dict[tuple[int, int], frozenset[str]]:
    """The pairs that give one moment (``moment_keys``) whose times of day agree (``time_reasons``
    finds no difference), when at most ``BACKING_MAX_PER_DOCUMENT`` claims of each document
    give a time on that day: an event's moment told in other words ("shortly after nine in the
    morning of 3 March 2019" / "the dam gave way at 09:12 local time on 3 March 2019")."""
    keys_of = functools.lru_cache(maxsize=None)(lambda k: moment_keys(prepared.claims[k].slots))

    def shared(i: int, j: int) -> frozenset[str]:
        both = keys_of(i) & keys_of(j)
        # each main clause gives its one time (``time_reasons`` compares nothing else)
        told = both and len(view(i).times) == 1 and len(view(j).times) == 1
        return both if told and not time_reasons(view(i), view(j)) else frozenset()
    return _rare_keys(prepared, pairs, members, keys_of, shared)


def _moment_pairs(prepared: PreparedClaims) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) index pairs of claims of two documents that give one moment
    (``moment_keys``), at most ``BACKING_MAX_PER_DOCUMENT`` claims of each document giving it,
    a new claim among them: two tellings of an event's time share few words ("shortly after
    nine in the morning" / "at 09:12 local time")."""
    return _rare_key_pairs(prepared, lambda index: moment_keys(prepared.claims[index].slots))


def _exclusive_backing(prepared: PreparedClaims, pairs: list[tuple[int, int]], members: Iterable[int],
                       view) -> dict[tuple[int, int], frozenset[str]]:
    """The pairs of an exclusive claim ("only the Nepal Army was doing rescue") and a statement of
    the other document naming the actor it singles out, when at most ``BACKING_MAX_PER_DOCUMENT``
    claims of each document name that actor: the one statement there about what that actor did
    is where another actor doing it too would be told."""
    names_of = functools.lru_cache(maxsize=None)(lambda k: view(k).entities)
    return _rare_keys(prepared, pairs, members, names_of, lambda i, j: singled_out(view(i), view(j)))


def singled_out(view_a: StatementView, view_b: StatementView) -> frozenset[str]:
    """The actors an exclusive claim of the two singles out ("only X did it") that the other
    statement names."""
    found = set()
    for exclusive, other in ((view_a, view_b), (view_b, view_a)):
        if exclusive.quantifier == "only":
            found |= only_scoped(exclusive) & other.entities
    return frozenset(found)


def _denial_backing(prepared: PreparedClaims, pairs: list[tuple[int, int]], members: Iterable[int],
                    view) -> dict[tuple[int, int], frozenset[str]]:
    """The pairs of a negated claim and a statement of the other document, not negated, that
    uses a word of what the claim denies ("the FDA did not put a *boxed warning* on the label" /
    "the label carries a *boxed warning*"), when at most ``BACKING_MAX_PER_DOCUMENT`` claims of
    each document use that word: the one statement there that speaks of it is where the denied
    fact would be told."""
    terms_of = functools.lru_cache(maxsize=None)(lambda k: view(k).terms)
    denied_of = functools.lru_cache(maxsize=None)(lambda k: denied_terms(view(k)))

    def shared(i: int, j: int) -> frozenset[str]:
        found = set()
        for mine, other in ((i, j), (j, i)):
            if denied_of(mine) and not view(other).negated:
                found |= denied_of(mine) & terms_of(other)
        return frozenset(found)
    return _rare_keys(prepared, pairs, members, terms_of, shared)


def slot_kinds(view_a: StatementView, view_b: StatementView) -> frozenset[str]:
    """The kinds of slot two statements both give: "date" when each gives a date, and the
    measure (``quantity_class``: "count:stride", "money:EUR") of each comparable pair of figures."""
    kinds = {"date"} if view_a.dates and view_b.dates else set()
    for x in view_a.quantities:
        for y in view_b.quantities:
            if quantities_comparable(x, y):
                kind, units = quantity_class(x)
                kinds.add(f"{kind}:{'|'.join(sorted(units))}")
    return frozenset(kinds)


def _rare_keys(prepared: PreparedClaims, pairs: list[tuple[int, int]], members: Iterable[int],
               keys_of, shared_of) -> dict[tuple[int, int], frozenset[str]]:
    """For each cross-document pair, the keys ``shared_of(i, j)`` that at most
    ``BACKING_MAX_PER_DOCUMENT`` claims (among ``members``, by ``keys_of``) of each document give."""
    shared = {(i, j): shared_of(i, j) for i, j in pairs if prepared.document[i] != prepared.document[j]}
    shared = {pair: found for pair, found in shared.items() if found}
    if not shared:
        return {}
    documents = {int(prepared.document[k]) for pair in shared for k in pair}
    wanted = set().union(*shared.values())
    counts: Counter = Counter()
    # the keys of a member outside the pairs are read once: not kept (``keys_of`` may be a
    # cache, which would grow with every claim of the paired documents: 759k at 1M claims)
    paired = {k for pair in pairs for k in pair}
    once = getattr(keys_of, "__wrapped__", keys_of)
    for index in members:
        document = int(prepared.document[index])
        if document < 0 or document not in documents:
            continue
        for key in (keys_of(index) if index in paired else once(index)) & wanted:
            counts[document, key] += 1
    backed = {}
    for (i, j), keys in shared.items():
        rare = frozenset(k for k in keys if counts[int(prepared.document[i]), k] <= BACKING_MAX_PER_DOCUMENT
                         and counts[int(prepared.document[j]), k] <= BACKING_MAX_PER_DOCUMENT)
        if rare:
            backed[i, j] = rare
    return backed


def _mutual_best(prepared: PreparedClaims, scored: list[tuple[int, int, float]]) -> list[bool]:
    """For each scored pair: is each claim the other's best-aligned claim in its document?

    One assertion is made once per document (the one-to-one assumption of record linkage), so
    only a mutual best pair may agree or conflict at the engine's ``agree`` probability; other
    pairs need the surer ``conflict`` probability. Two places of one document agree only at that
    surer probability too: a document restates its own points, and a reader needs its
    inconsistencies, not its repetitions.
    """
    best: dict[tuple[int, int], float] = {}
    for i, j, p in scored:
        for mine, other in ((i, j), (j, i)):
            key = (mine, int(prepared.document[other]))
            best[key] = max(best.get(key, 0.0), p)
    # ties within float noise are ties: a batched matrix product may give two identical pairs
    # probabilities a last bit apart, depending on their rows
    return [p >= best[(i, int(prepared.document[j]))] - TIE and p >= best[(j, int(prepared.document[i]))] - TIE
            for i, j, p in scored]


TIE = 1e-9  # probabilities closer than this are equal for the one-to-one assignment


def _mutual_best_per_key(prepared: PreparedClaims, scored: list[tuple[int, int, float]],
                         keyed: dict[tuple[int, int], Iterable[str]]) -> set[tuple[int, int]]:
    """The pairs of ``scored`` that are mutual best (``_mutual_best``) among the scored pairs
    sharing one key, for any of the keys ``keyed`` gives them: one counterpart per key.

    Each key's pairs are gathered in one pass (in ``scored`` order), not by a pass over every
    scored pair for each key: a long document has about as many keys as pairs."""
    groups: dict[str, list[tuple[int, int, float]]] = {}
    for item in scored:
        for key in keyed.get((item[0], item[1]), ()):
            groups.setdefault(key, []).append(item)
    found = set()
    for group in groups.values():
        found |= {(i, j) for (i, j, _), best in zip(group, _mutual_best(prepared, group)) if best}
    return found


def match_claims(new_claims: Sequence[Claim], existing_claims: Sequence[Claim], *,
                 min_score: float | None = None, include_same_document: bool = True, workers: int = -1,
                 max_block: int = DEFAULT_MAX_BLOCK, engine=None,
                 vectors: np.ndarray | None = None,
                 key_counts: KeyCounts | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[list[Match], MatchStats]:
    """``find_matches`` that also returns the run's counts (see ``MatchStats``)."""
    from claimcheck.align.engine import AlignmentEngine

    engine = engine or AlignmentEngine()
    stats = MatchStats(new_claims=len(new_claims))
    if not new_claims:
        return [], stats
    prepared = prepare_claims(new_claims, existing_claims, key_counts)
    stats.claims = len(prepared.claims)
    # candidates from a larger store (key_counts) are not every claim: no neighbour search
    embed_all = (vectors is None and engine.encoder is not None and key_counts is None
                 and len(prepared.claims) <= SEMANTIC_ALL)
    if embed_all:
        vectors = engine.vectors([c.text for c in prepared.claims])
    elif vectors is None and engine.encoder is not None:
        logger.warning("%d claims: more than %d, and claim vectors are not stored yet, so only the "
                       "claims of lexical candidate pairs are embedded (no sentence-vector neighbours)",
                       len(prepared.claims), SEMANTIC_ALL)
    kept = []
    for low, high in candidate_chunks(prepared, include_same_document=include_same_document,
                                      max_block=max_block, stats=stats, key_counts=key_counts):
        kept.append(score_pairs(prepared, low, high, min_score=CANDIDATE_MIN_SCORE,
                                workers=workers, stats=stats))
    sem_low, sem_high = _semantic_pairs(prepared, vectors, include_same_document)
    kept.append((sem_low, sem_high, np.zeros(len(sem_low))))
    view = _views(prepared, engine)
    if embed_all:
        # like the vector neighbours, a search over every claim (not reproduced from stored keys)
        measure_low, measure_high = _measure_pairs(prepared, view)
        kept.append((measure_low, measure_high, np.zeros(len(measure_low))))
        moment_low, moment_high = _moment_pairs(prepared)
        kept.append((moment_low, moment_high, np.zeros(len(moment_low))))
    low, high, _ = _unique_kept(kept, len(prepared.claims))
    if vectors is None and engine.encoder is not None and len(low):
        vectors = _vectors_of(prepared, engine, np.unique(np.concatenate([low, high])))
    matches = sorted(_classify(prepared, low, high, engine, vectors, min_score, progress, view),
                     key=lambda m: (-m.score, m.claim_a, m.claim_b))
    stats.matches = len(matches)
    for match in matches:
        stats.relations[match.relation] = stats.relations.get(match.relation, 0) + 1
    logger.info("matched %d new against %d claims (%s mode): %d candidate pairs, %d matches",
                stats.new_claims, stats.claims, engine.mode, stats.candidate_pairs, stats.matches)
    return matches, stats


def _vectors_of(prepared: PreparedClaims, engine, indices: np.ndarray) -> np.ndarray:
    """Vectors for the claims at ``indices`` (zeros elsewhere: never read)."""
    vectors = np.zeros((len(prepared.claims), engine.encoder.dim), dtype=np.float32)
    vectors[indices] = engine.vectors([prepared.claims[i].text for i in indices.tolist()])
    return vectors


def _unique_kept(kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                 size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge the kept pairs of all chunks, each pair once."""
    if not kept:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    codes = np.concatenate([low * size + high for low, high, _ in kept])
    scores = np.concatenate([score for _, _, score in kept])
    codes, first = np.unique(codes, return_index=True)
    return codes // size, codes % size, scores[first]


def find_matches(new_claims: Sequence[Claim], existing_claims: Sequence[Claim], *,
                 min_score: float | None = None, include_same_document: bool = True,
                 workers: int = -1, max_block: int = DEFAULT_MAX_BLOCK, engine=None,
                 vectors: np.ndarray | None = None,
                 key_counts: KeyCounts | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[Match]:
    """Match new claims against existing claims and against each other.

    Existing claims are not compared among themselves (that was done when they were new), so
    adding a document costs in proportion to its claims' blocks, not to the whole store.

    Args:
        new_claims: Claims just extracted (stored: ``id`` and ``document_id`` set).
        existing_claims: Claims already in the store.
        min_score: Lowest alignment score (100 x probability) reported; None lets the
            engine's calibrated thresholds alone decide what is listed.
        include_same_document: Also pair two different places of one document (internal
            consistency). A claim is never paired with itself.
        workers: Threads for rapidfuzz scoring (-1: all cores).
        max_block: Blocking keys shared by more claims than this are too common to use.
        engine: The ``AlignmentEngine`` (lexical mode when None).
        vectors: Sentence vectors of new then existing claims (computed when None and the
            engine has an encoder).
        key_counts: When ``existing_claims`` are only the stored claims that can pair with a
            new one (``store_candidates``): each key's number of claims in the whole store, so
            blocking decides as it would over every claim.
        progress: Called as ``progress(done, total)`` while candidate pairs are aligned.

    Returns:
        One ``Match`` per unordered pair (``claim_a`` < ``claim_b``), best score first.

    Raises:
        MatchInputError: A claim has no id.

    Example:
        >>> find_matches([Claim("Prices rose 5% in May.", 0, 22, 1, id=1, document_id=1)],
        ...              [Claim("Prices rose 5% in May.", 0, 22, 1, id=2, document_id=2)])[0].relation
        'agree'
    """
    return match_claims(new_claims, existing_claims, min_score=min_score,
                        include_same_document=include_same_document, workers=workers,
                        max_block=max_block, engine=engine, vectors=vectors,
                        key_counts=key_counts, progress=progress)[0]
