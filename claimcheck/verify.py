"""Verification of claims against fetched pages: passage ranking and verdicts (pure).

A page is cut into passages (:func:`claimcheck.passages.split_passages`); passages are ranked for a
claim by fuzzy token overlap (rapidfuzz ``process.cdist``), BM25 and slot overlap; the best
passages are then compared with the claim:

- ``supported``: a passage makes the same assertion and its dates and figures agree;
- ``contradicted``: a passage makes the same assertion but a date, figure, negation or (for
  "only"/"first" claims) the actor differs; ``reasons`` say which;
- ``not_found``: no passage makes the assertion (evidence is ``None``);
- ``unreachable``: the page could not be fetched.

The slot comparison goes through :func:`claimcheck.compare.compare_statements`, shared with
matching; the surface checks here add what only verification needs (pairing each figure of the
claim with the figure of the passage that speaks of the same thing, exclusive claims).
Precision of ``contradicted`` is favoured over its recall: a figure only contradicts when it is
paired with the claim's figure by its context, in a passage that covers the claim's content.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from claimcheck.compare import compare_statements
from claimcheck.extract.slots import extract_slots
from claimcheck.html import page_metadata
from claimcheck.model import Claim, Evidence, Page, Reason, Slots, VerificationResult
from claimcheck.passages import (
    DateSpan,
    NumberMention,
    Token,
    antonyms,
    content_stems,
    date_mentions,
    entity_spans,
    lexicon,
    negation_positions,
    number_mentions,
    split_paragraphs,
    split_passages,
    split_sentences,
    stem,
    tokenize,
)
from claimcheck.verify_records import (
    check_membership,
    check_vote_counts,
    membership_claim,
    page_date,
    relative_dates,
)

logger = logging.getLogger(__name__)

RELEVANT_COVERAGE = 0.5  # a passage below this share of the claim's content is another topic
SUPPORT_COVERAGE = 0.6  # ... and at least this much to say "supported"
CONTRADICT_COVERAGE = 0.6  # ... and at least this much to say "contradicted"
PREFILTER = 60  # passages kept after the BM25 stage for fuzzy scoring and coverage
CONTEXT_WINDOW = 6  # tokens on each side of a figure that describe what it counts
PAIRED = 0.45  # a figure or date must be paired at least this well to contradict
NEAR_TIE = 0.9  # candidates paired within this share of the best one count as ties
CLEAR_PAIR = 0.7  # a pairing this good beats the same figure found elsewhere in the passage
PAIRED_DATE = 0.3  # dates are fewer per sentence: a looser pairing suffices
PREDICATE_COVERAGE = 0.6  # share of the claim's non-entity words a deciding passage must have
LIGHT_WEIGHT = 0.3  # weight of a manner adverb or appositive word (a typical word weighs 1-3)
FULL_CONFIRMATION_BONUS = 0.15  # coverage credit of a passage confirming all figures and dates
TOPIC_CHARS = 700  # the page's lead (title, first paragraphs) names what the whole page is about
SLOT_KINDS = ("date", "quantity", "negation", "quantifier", "entity")


@dataclass(frozen=True)
class RankedPassage:
    """A passage with its ranking score (0-100) and the share of the claim's content it covers."""

    evidence: Evidence
    score: float
    coverage: float


@dataclass
class _Features:
    """Surface features of one statement (claim or passage) used by the checks."""

    text: str
    tokens: list[Token]
    stems: set[str]
    numbers: list[NumberMention]
    dates: list[DateSpan]
    entities: list[str]
    slots: Slots | None = None  # None: not extracted yet (passages get theirs only when needed)
    evidence: Evidence | None = None
    reference_date: date | None = None


@dataclass
class _Check:
    """What one passage says about one claim."""

    confirmed: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    reasons: list[Reason] = field(default_factory=list)
    other_dates: bool = False  # the passage is dated, but never as the claim is


# --------------------------------------------------------------------------- page index


@dataclass(frozen=True)
class TableRow:
    """A data row of a table written as "A | B | C" lines, with its header and heading words."""

    start: int
    end: int
    cells: tuple[str, ...]
    context: str  # the header row, the short heading above the table, the page title


def _topic(page_text: str, paragraphs: list[tuple[int, int]]) -> tuple[list[str], str]:
    """Return the names of the page's title and first paragraph of prose (12 words or more), and
    that paragraph's first sentence (where the page introduces what it later calls "them")."""
    lead = [page_text[slice(*p)] for p in paragraphs[:1]]
    lead += [t for t in (page_text[slice(*p)] for p in paragraphs[1:6]) if len(t.split()) >= 12][:1]
    first = split_sentences(lead[-1]) if len(lead) > 1 else []
    sentence = lead[-1][slice(*first[0])] if first else ""
    return [name for text in lead for _, _, name in entity_spans(text)], sentence


def table_rows(page_text: str, paragraphs: list[tuple[int, int]], title: str = "") -> list[TableRow]:
    """Return the data rows of the page's tables: runs of at least two paragraphs with the same
    number (three or more) of " | " cells; the first, without figures, is the header, the paragraph before it (when short) its
    heading; the page ``title`` is context too."""
    rows: list[TableRow] = []
    k = 0
    while k < len(paragraphs):
        width = _cell_count(page_text, paragraphs[k])
        end = k + 1
        while width >= 2 and end < len(paragraphs) and _cell_count(page_text, paragraphs[end]) == width:
            end += 1
        header = page_text[slice(*paragraphs[k])]
        if width >= 3 and end - k >= 2 and not any(c.isdigit() for c in header):
            heading = page_text[slice(*paragraphs[k - 1])] if k else ""
            context = " ".join((header, heading if len(heading.split()) <= 12 else "", title))
            for a, b in paragraphs[k + 1:end]:
                cells = tuple(c.strip() for c in page_text[a:b].split(" | "))
                rows.append(TableRow(a, b, cells, context))
        k = end
    return rows


def _cell_count(page_text: str, paragraph: tuple[int, int]) -> int:
    """Return the number of " | " separated cells of a one-line paragraph (1: not a row)."""
    text = page_text[slice(*paragraph)]
    return 1 if "\n" in text else text.count(" | ") + 1


class PageIndex:
    """The passages of one page with the features ranking needs, built once per page.

    Args:
        page_text: the page's extracted text (evidence offsets point into it).
        reference_date: date used to complete day-and-month dates without a year (the claim
            document's date).
        passages: passages already split from the page (default: :func:`split_passages`).
        page_date: the date the page was issued (:func:`page_date`): completes the page's own
            dates without a year and anchors its "today", "yesterday", "on Tuesday".
    """

    def __init__(self, page_text: str, reference_date: date | None = None,
                 passages: list[Evidence] | None = None, page_date: date | None = None):
        self.text = page_text
        self.reference_date = reference_date
        self.page_date = page_date
        self.passages = split_passages(page_text) if passages is None else list(passages)
        self.processed = [utils.default_process(p.text) for p in self.passages]
        parts = [split_sentences(p.text) or [(0, len(p.text))] for p in self.passages]
        self.stems = [_union_stems(p.text, spans) for p, spans in zip(self.passages, parts)]
        self.lengths = np.array([max(1, len(s)) for s in self.stems], dtype=float)
        self.sentence_counts = np.array([len(spans) for spans in parts])
        self._postings = _postings(self.stems)
        self._idf = _idf(self.stems, self.sentence_counts)
        self._features: dict[int, _Features] = {}
        self.all_stems = set().union(*self.stems) if self.stems else set()
        lead = page_text[:TOPIC_CHARS]
        self.lead = lead
        self.lead_entities = [name for _, _, name in entity_spans(lead)]
        self.lead_stems = content_stems(lead)
        self.paragraphs = split_paragraphs(page_text)
        self.title = page_text[slice(*self.paragraphs[0])] if self.paragraphs else ""
        self.topic_names, self.topic_sentence = _topic(page_text, self.paragraphs)
        self.table_rows = table_rows(page_text, self.paragraphs, self.title)
        self._inherited: dict[int, tuple[list[str], frozenset[str]]] = {}

    def inherited(self, i: int) -> frozenset[str]:
        """Return the stems passage ``i`` takes from its context.

        A passage using an anaphoric phrase (lexicon ``anaphora_cues``: "the two entities", "them")
        inherits the names its paragraph introduced before it, the names of the page's title and
        first paragraph and, for "them", "the two", "did so" (``topic_anaphora_cues``), the words
        of that paragraph's first sentence; a table row inherits the words of its header row, of the heading
        above the table and of the page title.
        """
        return self._context(i)[1]

    def context_entities(self, i: int) -> list[str]:
        """Return the names an anaphoric passage ``i`` inherits (empty for other passages)."""
        return self._context(i)[0]

    def _context(self, i: int) -> tuple[list[str], frozenset[str]]:
        """Compute (and cache) the inherited names of passage ``i`` and their stems."""
        if i not in self._inherited:
            passage = self.passages[i]
            names: list[str] = []
            if _anaphora("anaphora_cues").search(passage.text):
                start = next((a for a, b in self.paragraphs if a <= passage.start < b), passage.start)
                names = [n for _, _, n in entity_spans(self.text[start:passage.start])]
                names += [n for n in self.topic_names if n not in names]
            stems = {s for n in names for s in content_stems(n)}
            if names and _anaphora("topic_anaphora_cues").search(passage.text):
                stems |= _sentence_stems(self.topic_sentence)
            row = self.row_of(i)
            if row is not None:
                stems |= content_stems(row.context)
            self._inherited[i] = (names, frozenset(stems))
        return self._inherited[i]

    def row_of(self, i: int) -> TableRow | None:
        """Return the table row passage ``i`` lies in, if any."""
        passage = self.passages[i]
        return next((r for r in self.table_rows if r.start <= passage.start < r.end), None)


    def idf(self, stem: str) -> float:
        """Return the inverse document frequency of ``stem`` over the page's sentences."""
        return self._idf.get(stem, self._idf_max())

    def _idf_max(self) -> float:
        """Return the idf of a word the page never uses (its absence weighs most)."""
        n = int((self.sentence_counts == 1).sum()) or 1
        return math.log(1 + (n + 0.5) / 0.5)

    def bm25(self, query: set[str], k1: float = 1.2, b: float = 0.75) -> np.ndarray:
        """Return BM25 scores of every passage for the query stems."""
        scores = np.zeros(len(self.passages))
        if not self.passages:
            return scores
        avg = self.lengths.mean()
        for term in query:
            posting = self._postings.get(term)
            if posting is None:
                continue
            idx, tf = posting
            norm = tf + k1 * (1 - b + b * self.lengths[idx] / avg)
            scores[idx] += self.idf(term) * tf * (k1 + 1) / norm
        return scores

    def features(self, i: int) -> _Features:
        """Return (and cache) the surface features and slots of passage ``i``."""
        if i not in self._features:
            p = self.passages[i]
            features = _statement_features(p.text, None, self.page_date or self.reference_date)
            features.dates += relative_dates(p.text, self.page_date)
            features.evidence = p
            self._features[i] = features
        return self._features[i]


@lru_cache(maxsize=4)
def _anaphora(key: str) -> re.Pattern:
    """Return the pattern of the lexicon's anaphoric phrases under ``key`` ("them", "did so")."""
    cues = sorted(lexicon()[key], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")\b",
                      re.IGNORECASE)


def _passage_slots(passage: Evidence, reference_date: date | None) -> Slots:
    """Return the extractor's slots of a passage; empty (with a warning) if the extractor fails.

    Pages are arbitrary text: one passage the extractor cannot read must not stop the
    verification of a whole page, and the surface checks still work without slots.
    """
    try:
        return extract_slots(passage.text, offset=passage.start, reference_date=reference_date)
    except (KeyError, ValueError, IndexError, AttributeError, TypeError) as error:
        logger.warning("slot extraction failed on passage at %d: %r", passage.start, error)
        return Slots()


def _union_stems(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """Return the content stems of a passage as the union of its sentences' (cached) stems."""
    stems: set[str] = set()
    for start, end in spans:
        stems |= _sentence_stems(text[start:end])
    return stems


@lru_cache(maxsize=16384)
def _sentence_stems(sentence: str) -> frozenset[str]:
    """Return the content stems of one sentence (cached: windows share their sentences)."""
    return frozenset(content_stems(sentence))


def _postings(stems: list[set[str]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Return term -> (passage indexes, term frequencies) for BM25."""
    lists: dict[str, list[int]] = {}
    for i, terms in enumerate(stems):
        for t in terms:
            lists.setdefault(t, []).append(i)
    return {t: (np.array(ix), np.ones(len(ix))) for t, ix in lists.items()}


def _idf(stems: list[set[str]], sentence_counts: np.ndarray) -> dict[str, float]:
    """Return the idf of each stem, counted over single-sentence passages."""
    df: Counter = Counter()
    singles = [s for s, n in zip(stems, sentence_counts) if n == 1]
    for terms in singles:
        df.update(terms)
    n = len(singles) or 1
    return {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}


# --------------------------------------------------------------------------- features


def _statement_features(text: str, slots: Slots | None, reference_date: date | None) -> _Features:
    """Read the surface features of a claim or passage text."""
    dates = date_mentions(text, reference_date)
    numbers = number_mentions(text, exclude=[(d.start, d.end) for d in dates])
    entities = [name for _, _, name in entity_spans(text)]
    return _Features(text=text, tokens=tokenize(text), stems=content_stems(text), numbers=numbers,
                     dates=dates, entities=entities, slots=slots, reference_date=reference_date)


def _claim_entities(features: _Features) -> list[str]:
    """Return the claim's entity names: the extractor's texts and canonicals plus surface spans."""
    names = list(features.entities)
    for e in features.slots.entities if features.slots else ():
        names.extend(n for n in (e.text, e.canonical) if n not in names and n[:1].isupper())
    return names


def _entity_present(name: str, text: str, entities: list[str]) -> bool:
    """Say whether the entity ``name`` is mentioned in ``text`` (by name, part or acronym)."""
    low = text.lower()
    if name.lower() in low:
        return True
    acronym = _acronym(name)
    if len(acronym) >= 2 and re.search(r"\b" + re.escape(acronym) + r"\b", text.replace(".", "")):
        return True
    if any(_acronym(e) == name.replace(".", "") for e in entities):
        return True
    words = [w for w in name.split() if w[:1].isupper() and len(w) > 3]
    page_words = {stem(w) for e in entities for w in e.split()}
    return bool(words) and all(any(_same_word(stem(w), p) or spelling_variant(stem(w), p)
                                   for p in page_words) for w in words)


def spelling_variant(a: str, b: str) -> bool:
    """Say whether two (lower-case) name words are spellings of one name ("mirziyoev"/"mirziyoyev").

    Transliterations differ by one letter ("g"/"h", an added "y"), or two in names of nine
    letters or more: same first letter and a Levenshtein distance of 1 (2). Only used for names,
    where "prevent"/"present" cannot occur.
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    return Levenshtein.distance(a, b) <= (2 if min(len(a), len(b)) >= 9 else 1)


def _morphological_variant(a: str, b: str) -> bool:
    """Say whether two stems are forms of one word ("recognition"/"recogniz", "expell"/"expel")."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 6 and common >= 0.6 * max(len(a), len(b))


def _same_word(a: str, b: str) -> bool:
    """Say whether two name words differ only by an ending ("Brazil"/"Brazilian")."""
    common = len(a) if a == b else next((i for i, (x, y) in enumerate(zip(a, b)) if x != y),
                                        min(len(a), len(b)))
    return common >= 4 and common >= max(len(a), len(b)) - 3


def _acronym(name: str) -> str:
    """Return the initials of the capitalised words of a name ("United Nations" -> "UN")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# --------------------------------------------------------------------------- ranking


def _weights(index: PageIndex, stems: set[str], entity_words: set[str],
             light: set[str] = frozenset()) -> dict[str, float]:
    """Return each claim stem's weight: its idf on the page, raised for entity words.

    ``light`` stems (manner adverbs, words of an appositive description) weigh ``LIGHT_WEIGHT``
    whatever their idf: an op-ed adds "publicly" or "X's staunchest partner" to a fact a page
    reports plainly, and such words are often absent from the page (where idf is highest).
    """
    return {s: LIGHT_WEIGHT if s in light else index.idf(s) * (1.5 if s in entity_words else 1.0)
            for s in stems}


_APPOSITIVE = re.compile(r"^[^,]{0,60}?,\s+((?:[^,\s]+\s+){0,5}[^,\s]+),")


def light_words(claim_text: str, entity_words: set[str]) -> set[str]:
    """Return the claim's stems that describe rather than assert: manner adverbs and the words of
    an appositive right after the sentence's first name ("Tellis, X's staunchest partner, ...")."""
    adverbs = {stem(w) for w in lexicon()["manner_adverbs"]}
    light = {t.stem for t in tokenize(claim_text) if t.stem in adverbs}
    spans = entity_spans(claim_text)
    match = _APPOSITIVE.match(claim_text)
    if match and spans and spans[0][1] <= match.start(1) and not claim_text[spans[0][1]:match.start(1)].strip(" ,"):
        light |= content_stems(match.group(1)) - entity_words
    return light


@lru_cache(maxsize=65536)
def _synonyms(word_stem: str) -> frozenset[str]:
    """Return the stems sharing a synonym group with ``word_stem`` ("veto" for "block")."""
    found: set[str] = set()
    for group in lexicon()["synonym_groups"]:
        stems = {stem(w) for w in group if " " not in w}
        if word_stem in stems:
            found |= stems - {word_stem}
    return frozenset(found)


def _content(claim: _Features) -> set[str]:
    """Return the claim's content stems without generic counted nouns ("24 countries")."""
    generic = {n.unit for n in claim.numbers} & _generic_units()
    return claim.stems - generic


def _coverage(weights: dict[str, float], passage_stems: set[str], topic: set[str] = frozenset(),
              names: set[str] = frozenset()) -> float:
    """Return the weighted share of the claim's stems found in a passage.

    A stem found only as a near form ("brazil"/"brazilian") counts for 0.8 of its weight; a word of
    an entity the page's lead names (the page's topic) counts for half even where the passage
    says "the ship" or "the company". A word of a name (``names``) found in another spelling
    ("mirziyoev"/"mirziyoyev"), another form of a word ("recognition"/"recognize") and its opposite
    ("crashed" for "landed": the polarity check then contradicts) count 0.8.
    """
    total = sum(weights.values())
    if not total:
        return 0.0
    found = 0.0
    for s, w in weights.items():
        if s in passage_stems:
            found += w
        elif len(s) >= 5 and any(_same_word(s, p) for p in passage_stems if p[:4] == s[:4]):
            found += 0.8 * w
        elif _variant_in(s, passage_stems, s in names):
            found += 0.8 * w
        elif antonyms().get(s, frozenset()) & passage_stems:
            found += 0.8 * w  # the opposite verb fills the claim's predicate: a polarity conflict
        elif _synonyms(s) & passage_stems:
            found += 0.7 * w
        elif s in topic:
            found += 0.5 * w
    return found / total


def _variant_in(word_stem: str, passage_stems: set[str], is_name: bool) -> bool:
    """Say whether the passage has another form (or, for a name, another spelling) of a stem."""
    if len(word_stem) < 5:
        return False
    head = word_stem[0]
    return any(p[:1] == head and (_morphological_variant(word_stem, p)
                                  or (is_name and spelling_variant(word_stem, p)))
               for p in passage_stems)


def rank_passages(claim_text: str, claim_slots: Slots | None, passages: list[Evidence] | PageIndex,
                  top_k: int = 5) -> list[RankedPassage]:
    """Rank a page's passages by how well they match a claim.

    Args:
        claim_text: the claim.
        claim_slots: the claim's slots (entities, dates, quantities), or ``None``.
        passages: the passages of one page (from :func:`split_passages`) or a :class:`PageIndex`.
        top_k: how many passages to return.

    Returns:
        Up to ``top_k`` passages, best first, each with a score (0-100) and its coverage of the
        claim's content words.
    """
    index = passages if isinstance(passages, PageIndex) else PageIndex("", passages=passages)
    claim = _statement_features(claim_text, claim_slots or Slots(), index.reference_date)
    return [r for _, r in _rank(index, claim, top_k)]


def _rank(index: PageIndex, claim: _Features, top_k: int) -> list[tuple[int, RankedPassage]]:
    """Rank passages for one claim: a cheap fuzzy+BM25 stage, then coverage and slot overlap."""
    if not index.passages or not claim.stems:
        return []
    bm25 = index.bm25(claim.stems)
    bm25 = bm25 / bm25.max() if bm25.max() > 0 else bm25
    keep = np.argsort(-bm25, kind="stable")[:PREFILTER]
    fuzzy = np.zeros(len(index.passages), dtype=np.float32)
    fuzzy[keep] = process.cdist([utils.default_process(claim.text)], [index.processed[i] for i in keep],
                                scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1)[0] / 100.0
    entity_words = {s for name in _claim_entities(claim) for s in content_stems(name)}
    weights = _weights(index, _content(claim), entity_words, light_words(claim.text, entity_words))
    topic = {s for name in _claim_entities(claim) if _entity_present(name, index.lead, index.lead_entities)
             for s in content_stems(name)} | (claim.stems & index.lead_stems)
    ranked = []
    for i in keep:
        coverage = _coverage(weights, index.stems[i] | index.inherited(i), topic, entity_words)
        overlap = _slot_overlap(claim, index.passages[i].text)
        score = 100 * (0.5 * coverage + 0.2 * fuzzy[i] + 0.15 * bm25[i] + 0.15 * overlap)
        score -= 1.5 * (index.sentence_counts[i] - 1)
        ranked.append((int(i), RankedPassage(index.passages[i], round(float(score), 2),
                                             round(coverage, 3))))
    ranked.sort(key=lambda r: (-r[1].score, r[0]))
    return ranked[:top_k]


def _slot_overlap(claim: _Features, passage_text: str) -> float:
    """Return the share of the claim's figures, dates and entities that appear in a passage."""
    items = [n.text for n in claim.numbers] + [d.text for d in claim.dates]
    names = _claim_entities(claim)
    found = sum(1 for t in items if t in passage_text)
    found += sum(1 for n in names if n.lower() in passage_text.lower())
    total = len(items) + len(names)
    return found / total if total else 0.0


# --------------------------------------------------------------------------- comparing


def _contexts(tokens: list[Token], start: int, end: int) -> dict[str, float]:
    """Return the content stems around a mention at ``[start, end)``, weighted by closeness.

    Distance counts content words only, so "adopted on 2 March" and "the resolution adopted"
    weigh "adopt" alike; words after the mention weigh a little more (they name what it counts).
    """
    before = [t for t in tokens if t.end <= start and _is_context(t)][-CONTEXT_WINDOW:]
    after = [t for t in tokens if t.start >= end and _is_context(t)][:CONTEXT_WINDOW]
    context: dict[str, float] = {}
    for distance, t in enumerate(reversed(before)):
        context[t.stem] = max(context.get(t.stem, 0.0), 1.0 / (1 + distance))
    for distance, t in enumerate(after):
        context[t.stem] = max(context.get(t.stem, 0.0), 1.2 / (1 + distance))
    return context


def _is_context(token: Token) -> bool:
    """Say whether a token can describe a figure (not a stopword, number or month)."""
    lex = lexicon()
    return (token.stem not in lex["stopword_set"] and token.text.lower() not in lex["stopword_set"]
            and not token.text[0].isdigit()
            and len(token.stem) > 1 and token.stem not in lex["months"])


def _roles(tokens: list[Token], start: int, end: int, bounds: list[tuple[int, int]]) -> dict[str, float]:
    """Return the words that say what a mention is: up to 3 content words on each side, not
    crossing another figure or date (so "141 votes in favour, 5 against" gives 5 only "against").
    """
    prev_end = max((e for s, e in bounds if e <= start), default=-1)
    next_start = min((s for s, e in bounds if s >= end), default=1 << 30)
    before = [t for t in tokens if prev_end <= t.start and t.end <= start and _is_context(t)][-3:]
    after = [t for t in tokens if end <= t.start and t.end <= next_start and _is_context(t)][:3]
    if prev_end >= 0 and after and len(before) < 3:
        before = []  # in a list ("141 votes in favour, 5 against") the words before belong to 141
    roles: dict[str, float] = {}
    for distance, t in enumerate(reversed(before)):
        roles[t.stem] = max(roles.get(t.stem, 0.0), 1.0 / (1 + distance))
    for distance, t in enumerate(after):
        roles[t.stem] = max(roles.get(t.stem, 0.0), 1.2 / (1 + distance))
    return roles


def _role_match(roles: dict[str, float], context: dict[str, float]) -> float:
    """Return the weighted share of a mention's role words found in the other's context."""
    total = sum(roles.values())
    return sum(w for s, w in roles.items() if s in context) / total if total else 0.0


def _mention_bounds(features: _Features) -> list[tuple[int, int]]:
    """Return the spans of every figure and date of a statement."""
    return [(m.start, m.end) for m in features.numbers] + [(d.start, d.end) for d in features.dates]


def numbers_compatible(claim: NumberMention, page: NumberMention) -> bool:
    """Say whether a page's figure agrees with a claim's, allowing for rounding and hedges.

    Args:
        claim: the figure as the claim gives it ("more than 1,500", "1.5 million", "141").
        page: the figure as the page gives it.

    Returns:
        True when the page figure is within what the claim asserts.
    """
    c, p = claim.value, page.value
    if math.isclose(c, p, rel_tol=1e-9):
        return True
    if claim.hedge == "more":
        return p > c or (page.hedge == "more" and p >= c * 0.95)
    if claim.hedge == "less":
        return p < c or (page.hedge == "less" and p <= c * 1.05)
    if claim.hedge == "approx" or page.hedge == "approx":
        return abs(c - p) <= 0.1 * max(abs(c), abs(p))
    if page.hedge == "more":
        return c > p and c <= p * 1.1
    if page.hedge == "less":
        return c < p and c >= p * 0.9
    return _rounds_to(claim, p) or _rounds_to(page, c)


def _rounds_to(shown: NumberMention, other: float) -> bool:
    """Say whether ``other`` rounded like the figure ``shown`` was written gives its value."""
    digits = re.sub(r"[^\d.]", "", shown.text.split()[0] if shown.kind != "money" else shown.text)
    if not digits:
        return False
    scale = shown.value / float(digits) if float(digits) else 1.0
    if "." in digits:
        decimals = len(digits.split(".")[1])
        return round(other / scale, decimals) == round(shown.value / scale, decimals)
    trailing = len(digits) - len(digits.rstrip("0"))
    if scale > 1:
        return round(other / scale) == round(shown.value / scale)
    if trailing >= 2:
        return round(other, -trailing) == shown.value
    return other != int(other) and round(other) == shown.value  # "12%" for 12.3%


def dates_compatible(claim: DateSpan, page: DateSpan) -> bool:
    """Say whether a page's date agrees with a claim's at the coarser of their precisions.

    A claim date bounded by "before"/"after" accepts any page date strictly on that side of it,
    "by"/"since" the date itself too.
    """
    c, p = claim.value.split("-"), page.value.split("-")
    n = min(len(c), len(p))
    c, p = c[:n], p[:n]
    c, p = _fill_unknown_year(c, p), _fill_unknown_year(p, c)
    return {"before": p < c, "by": p <= c, "after": p > c, "since": p >= c}.get(claim.bound, c == p)


def _fill_unknown_year(parts: list[str], other: list[str]) -> list[str]:
    """Replace an unknown year ("????") by the other date's year."""
    return [other[0]] + parts[1:] if parts and parts[0] == "????" else parts


def _pair(claim: _Features, mention, passage: _Features, candidates: list,
          compatible, paired: float = PAIRED) -> tuple[str, object | None]:
    """Pair a claim mention with the passage mention that speaks of the same thing.

    Each candidate is scored by how well its role words fit the claim mention's context and the
    claim mention's role words fit its context. A compatible candidate among the best agrees; a
    conflict needs a clearly paired, incompatible candidate.

    Returns:
        ("agree", page mention), ("conflict", page mention) or ("silent", None).
    """
    claim_roles = _roles(claim.tokens, mention.start, mention.end, _mention_bounds(claim))
    claim_context = _contexts(claim.tokens, mention.start, mention.end)
    page_bounds = _mention_bounds(passage)
    scored = []
    opposites = {o for r in claim_roles for o in antonyms().get(r, ())}
    for m in candidates:
        roles = _roles(passage.tokens, m.start, m.end, page_bounds)
        if opposites & roles.keys():
            continue  # "votes in favour" never pairs with "votes against"
        context = _contexts(passage.tokens, m.start, m.end)
        scored.append((0.5 * _role_match(roles, claim_context)
                       + 0.5 * _role_match(claim_roles, context), m))
    if not scored:
        return "silent", None
    best = max(s for s, _ in scored)
    near = [m for s, m in scored if s >= max(0.25, NEAR_TIE * best)]
    for m in near:
        if compatible(mention, m):
            return "agree", m
    if best < CLEAR_PAIR:
        same = [m for _, m in scored if m.value == mention.value]
        if same:
            return "agree", same[0]  # the very figure is there and nothing pairs clearly better
    if best < 0.25:
        same = [m for _, m in scored if compatible(mention, m)]
        return ("agree", same[0]) if same else ("silent", None)
    if best >= paired and _role_beyond_unit(claim_roles, mention, passage):
        return "conflict", max(scored, key=lambda x: x[0])[1]
    return "silent", None


def _role_beyond_unit(claim_roles: dict[str, float], mention, passage: _Features) -> bool:
    """Say whether the passage shares a role word of the claim mention besides its unit.

    "87 people killed" is not contradicted by "1.2 million people vaccinated": "people" alone
    does not make the two figures the same measure.
    """
    unit = getattr(mention, "unit", None)
    generic = unit in _generic_units()
    words = {t.stem for t in passage.tokens}
    return any(r in words for r in claim_roles if not (generic and r == unit))


@lru_cache(maxsize=1)
def _generic_units() -> frozenset[str]:
    """Return the stems of counted nouns too generic to identify a figure ("people", "countries")."""
    return frozenset(stem(w) for w in lexicon()["generic_units"])


def _same_kind(claim: NumberMention, page: NumberMention) -> bool:
    """Say whether two figures measure the same kind of thing (count, percent, currency)."""
    if claim.kind != page.kind:
        return False
    if claim.kind == "count" and _measure(claim) != _measure(page):
        return False  # "nine countries" is not "1500 m"; "12 km" is not "12 kg"
    return claim.kind != "money" or claim.unit == page.unit


def _measure(figure: NumberMention) -> str | None:
    """Return the unit of measurement a figure is written with ("1500 m" -> "m"), or ``None``."""
    units = lexicon()["measure_units"]
    for word in (figure.text.split()[-1].lower(), figure.unit.lower()):
        if word in units:
            return word
    return None


def _check_numbers(claim: _Features, passage: _Features, check: _Check) -> None:
    """Pair each figure of the claim with the passage's and record agreement or conflict.

    A passage figure paired once is not paired again, so "18 votes to 21" meets "18 to 21"
    figure by figure.
    """
    used: set[int] = set()
    for number in claim.numbers:
        candidates = [m for m in passage.numbers if _same_kind(number, m) and m.start not in used]
        status, match = _pair(claim, number, passage, candidates, numbers_compatible)
        if match is not None and status == "agree":
            used.add(match.start)
        _record(check, "quantity", status, number.text, match.text if match else None)


def _check_dates(claim: _Features, passage: _Features, check: _Check) -> None:
    """Pair each date of the claim with the passage's and record agreement or conflict."""
    check.other_dates = bool(claim.dates and passage.dates) and not any(
        dates_compatible(c, p) for c in claim.dates for p in passage.dates)
    own = _actor_dates(claim, passage)
    for when in claim.dates:
        if own and when.bound is None:
            match = next((d for d in own if dates_compatible(when, d)), None)
            status, match = ("agree", match) if match else ("conflict", own[0])
        else:
            status, match = _pair(claim, when, passage, passage.dates, dates_compatible, PAIRED_DATE)
        _record(check, "date", status, when.value, match.value if match else None)


def _actor_dates(claim: _Features, passage: _Features) -> list[DateSpan]:
    """Return the passage dates written right after the claim's actor when the passage lists
    several actors with their dates ("after A, which did so on 12 May, and B, which ... on 3 June";
    a table row "B | 3 June 2023 | ..."): each date belongs to the actor before it."""
    claim_spans = entity_spans(claim.text)
    if not claim_spans or len(passage.dates) < 2:
        return []
    actor = claim_spans[0][2]
    spans = entity_spans(passage.text)
    if len({name for _, _, name in spans}) < 2:
        return []
    for k, (start, end, name) in enumerate(spans):
        if not _is_claim_entity(name, [actor]):
            continue
        stop = _item_end(passage.text, spans, k)
        found = [d for d in passage.dates if end <= d.start < stop]
        if found:
            return found
    return []


def _item_end(text: str, spans: list[tuple[int, int, str]], k: int) -> int:
    """Return where the list item opened by name ``k`` ends: at the next name, unless that name
    is a possession or object inside the item ("China, which landed its Chang'e 3 probe on ..."),
    or at the end of the clause."""
    end = _clause_end(text, spans[k][1])
    for start, _, _ in spans[k + 1:]:
        if start >= end:
            break
        before = text[spans[k][1]:start]
        if re.search(r"(?:,\s*|\band\s+)(?:the\s+)?$", before):
            return start  # ", B, which ..." / "and the B": the next item
        if not re.search(r"\b(?:its|his|her|their|the|a|an)\s+$", before, re.IGNORECASE):
            return start  # "after B", "from B": another actor's phrase
    return end


def _clause_end(text: str, start: int) -> int:
    """Return where the clause or list item starting at ``start`` ends (";", ". ", end of text)."""
    match = re.search(r";|\.\s|\.$", text[start:])
    return start + match.start() if match else len(text)


def _record(check: _Check, slot: str, status: str, a: str, b: str | None) -> None:
    """Record the outcome of one slot pairing in ``check``."""
    if status == "agree":
        check.confirmed.add(slot)
    elif status == "conflict":
        check.reasons.append(Reason(slot, a, b, note=f"the page gives {b} where the claim has {a}"))
    else:
        check.silent.add(slot)


def _is_negated(tokens: list[Token], shared: set[str]) -> bool:
    """Say whether a negation cue governs one of the ``shared`` content words (within 4 tokens)."""
    for i in negation_positions(tokens):
        if any(t.stem in shared for t in tokens[i + 1:i + 5]):
            return True
    return False


def _negates_predicate(tokens: list[Token]) -> bool:
    """Say whether a negation cue governs a content word of the sentence: "will not become a
    full member" denies what "would not join" denies, in other words."""
    stop = lexicon()["stopword_all"]
    return any(t.stem not in stop and t.text.lower() not in stop
               for i in negation_positions(tokens) for t in tokens[i + 1:i + 4])


def _closest_sentence(passage: _Features, stems: set[str]) -> list[Token]:
    """Return the tokens of the passage sentence sharing most content words with ``stems``."""
    best, best_overlap = passage.tokens, -1
    for start, end in split_sentences(passage.text):
        tokens = [t for t in passage.tokens if start <= t.start and t.end <= end]
        overlap = len({t.stem for t in tokens} & stems)
        if overlap > best_overlap:
            best, best_overlap = tokens, overlap
    return best


def _check_negation(claim: _Features, passage: _Features, check: _Check) -> None:
    """Record a negation conflict when one side denies what the other affirms."""
    shared = claim.stems & passage.stems
    claim_neg = _is_negated(claim.tokens, shared)
    sentence = _closest_sentence(passage, claim.stems)
    page_neg = _is_negated(sentence, shared) or (claim_neg and _negates_predicate(sentence))
    if claim_neg != page_neg:
        a, b = ("negated", "affirmed") if claim_neg else ("affirmed", "negated")
        check.reasons.append(Reason("negation", a, b, note=f"the claim is {a}, the page {b}"))


def _check_antonyms(claim: _Features, passage: _Features, check: _Check) -> None:
    """Record a polarity conflict when the passage uses the opposite verb ("rejected" for "passed")."""
    sentence = {t.stem for t in _closest_sentence(passage, claim.stems)}
    table = antonyms()
    for word in claim.stems - sentence:
        opposite = table.get(word, frozenset()) & sentence
        if opposite and not (table.get(word, frozenset()) & claim.stems):
            b = sorted(opposite)[0]
            check.reasons.append(Reason("negation", word, b, note=f"the page says '{b}' where the "
                                                                  f"claim says '{word}'"))
            return


def _check_comparator(claim: _Features, passage: _Features, check: _Check) -> None:
    """Add the shared comparator's verdict on slots the surface checks left open."""
    if passage.slots is None:
        passage.slots = _passage_slots(passage.evidence or Evidence(passage.text, 0, len(passage.text)),
                                       passage.reference_date)
    comparison = compare_statements(claim.text, claim.slots or Slots(), passage.text, passage.slots)
    decided = check.confirmed | {r.slot for r in check.reasons} | {"negation"}
    decided |= {"quantity"} if claim.numbers else set()
    decided |= {"date"} if claim.dates else set()
    if comparison.relation == "agree":
        check.confirmed.add("comparator")
    elif comparison.relation == "conflict":
        for reason in comparison.reasons:
            if reason.slot in SLOT_KINDS and reason.slot not in decided:
                check.reasons.append(reason)


def _compare(claim: _Features, passage: _Features, *, use_comparator: bool = True) -> _Check:
    """Compare a claim with one passage: figures, dates, negation, then the shared comparator."""
    check = _Check()
    _check_numbers(claim, passage, check)
    _check_dates(claim, passage, check)
    _check_negation(claim, passage, check)
    if not any(r.slot == "negation" for r in check.reasons):
        _check_antonyms(claim, passage, check)
    if use_comparator:
        _check_comparator(claim, passage, check)
    return check


# --------------------------------------------------------------------------- exclusive claims


def _exclusive_cue(claim: _Features) -> tuple[str, int] | None:
    """Return ("only" or "first", token index of the cue) when the claim asserts exclusivity.

    "only" before a figure ("only 5 countries") is a hedge on the figure, not exclusivity.
    """
    tokens = claim.tokens
    for i, t in enumerate(tokens):
        for kind, cues in lexicon()["exclusive_cues"].items():
            if t.text.lower() not in cues:
                continue
            following = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
            if following[:1].isdigit() or following in lexicon()["number_words"]:
                continue
            return kind, i
    return None


def _exclusive_parts(claim: _Features, cue: int) -> tuple[str, list[str], set[str]] | None:
    """Split an exclusive claim into its actor, the other entities, and the reserved predicate."""
    spans = entity_spans(claim.text)
    if not spans:
        return None
    cue_start = claim.tokens[cue].start
    after = [sp for sp in spans if sp[0] > cue_start]
    before = [sp for sp in spans if sp[0] < cue_start]
    at_start = not claim.text[:cue_start].strip(" \"“'")
    actor = (after[0] if (at_start or not before) and after else before[-1] if before else None)
    if actor is None:
        return None
    others = [name for sp in spans if sp != actor for name in [sp[2]]]
    words = {s for sp in spans for s in content_stems(sp[2])}
    predicate = content_stems(claim.text[claim.tokens[cue].end:]) - words
    predicate -= {"country", "state", "company", "person", "team", "man", "woman"}
    return (actor[2], others, predicate) if len(predicate) >= 1 else None


def _find_other_actor(index: PageIndex, claim: _Features, kind: str,
                      cue: int) -> tuple[int, str] | None:
    """Find a sentence where another actor does what an exclusive claim reserves to its actor.

    Returns:
        (passage index, the other actor's name) or ``None``.
    """
    parts = _exclusive_parts(claim, cue)
    limit = claim.dates[0] if claim.dates else None
    if parts is None or (kind == "first" and limit is None):
        return None
    actor, others, predicate = parts
    for i, passage in enumerate(index.passages):
        if index.sentence_counts[i] != 1 or len(predicate & index.stems[i]) < 0.7 * len(predicate):
            continue
        features = index.features(i)
        present = sum(_entity_present(o, passage.text, features.entities)
                      or _entity_present(o, index.lead, index.lead_entities) for o in others)
        if present < len(others) / 2:
            continue
        other = _subject_other_than(features, actor, others, predicate, claim.text)
        if other and (limit is None or _earlier_date(features, limit)):
            return i, other
    return None


def _find_other_dated_actor(index: PageIndex, claim: _Features, cue: int) -> tuple[int, str, str] | None:
    """Find another actor the page dates doing what an "only ... before D" claim reserves.

    Two shapes are read: a table row ("B | 3 March 2023 | ...", under a header naming the act)
    and a clause of a sentence naming the act ("after A, which did so on 12 May, and B, which
    expelled one on 3 June"): each date belongs to the name right before it.

    Returns:
        (passage index, the other actor, the date's text) or ``None``.
    """
    parts = _exclusive_parts(claim, cue)
    limit = next((d for d in claim.dates if d.bound in ("before", "by")), None)
    if parts is None or limit is None:
        return None
    actor, others, predicate = parts
    predicate -= light_words(claim.text, set())
    verb = _claim_verb(claim, actor, predicate)
    weights = {s: 1.0 for s in predicate}
    for i, passage in enumerate(index.passages):
        if index.sentence_counts[i] != 1:
            continue
        stems = index.stems[i] | index.inherited(i)
        if not predicate or _coverage(weights, stems, index.lead_stems) < PREDICATE_COVERAGE:
            continue
        if not _others_named(index, i, others):
            continue
        for name, when in _dated_actors(index, i, verb):
            if _is_claim_entity(name, [actor, *others]) or _shares_name_word(name, claim.text):
                continue
            if _strictly_before(when, limit) or (limit.bound == "by" and dates_compatible(limit, when)):
                return i, name, when.text
    return None


def _claim_verb(claim: _Features, actor: str, predicate: set[str]) -> set[str]:
    """Return the stem of the claim's act: its first predicate word after the actor."""
    start = claim.text.find(actor)
    after = [t.stem for t in claim.tokens if t.start >= start + len(actor) and t.stem in predicate]
    return {after[0]} if after else set(predicate)


def _shares_name_word(name: str, claim_text: str) -> bool:
    """Say whether a page name shares a capitalised word with the claim ("Sudmark Republic" for a
    claim naming "Sudmark"): it is one of the claim's own entities, not another actor."""
    claim_words = {stem(w) for _, _, n in entity_spans(claim_text) for w in n.split()}
    return any(stem(w) in claim_words for w in name.split() if w[:1].isupper() and len(w) > 3)


def _others_named(index: PageIndex, i: int, others: list[str]) -> bool:
    """Say whether passage ``i``, what it refers back to or the page's lead names the claim's
    other entities (at least half of them)."""
    text = index.passages[i].text
    context = index.context_entities(i)
    present = sum(_entity_present(o, text, index.features(i).entities)
                  or _entity_present(o, index.lead, index.lead_entities)
                  or bool(context and _entity_present(o, " ; ".join(context), context)) for o in others)
    return present >= len(others) / 2


def _dated_actors(index: PageIndex, i: int, verb: set[str]) -> list[tuple[str, DateSpan]]:
    """Return (name, date) pairs of passage ``i``: a table row's first cell and its date, or each
    name of the sentence with the date of the clause right after it when that clause carries the
    act (the claim's ``verb`` in some form, or "did so")."""
    passage = index.passages[i]
    features = index.features(i)
    row = index.row_of(i)
    if row is not None:
        names = entity_spans(row.cells[0]) if row.cells else []
        dates = [d for d in features.dates if not d.bound]
        return [(names[0][2], dates[0])] if names and dates else []
    found = []
    spans = entity_spans(passage.text)
    for k, (start, end, name) in enumerate(spans):
        stop = _item_end(passage.text, spans, k)
        segment = passage.text[end:stop]
        acts = (any(t.stem in verb or any(_morphological_variant(t.stem, v) for v in verb)
                    for t in tokenize(segment))
                or re.search(r"\b(?:did|do|does|done)\s+so\b", segment))
        dates = [d for d in features.dates if end <= d.start < stop and not d.bound]
        if acts and dates:
            found.append((name, dates[0]))
    return found


def _strictly_before(when: DateSpan, limit: DateSpan) -> bool:
    """Say whether ``when`` is strictly before ``limit`` at their common precision."""
    a, b = when.value.split("-"), limit.value.split("-")
    n = min(len(a), len(b))
    return "????" not in (a[0], b[0]) and a[:n] < b[:n]


def _subject_other_than(passage: _Features, actor: str, others: list[str], predicate: set[str],
                        claim_text: str) -> str | None:
    """Return the entity right before the passage's predicate when it is not the claim's."""
    first = next((t for t in passage.tokens if t.stem in predicate), None)
    if first is None:
        return None
    spans = entity_spans(passage.text)
    before = [(s, name) for s, _, name in spans if s < first.start]
    introduced = [(s, name) for s, _, name in spans if s > first.start
                  and re.search(r"\b(?:another|by)\b", passage.text[first.start:s])
                  and len(passage.text[first.start:s].split()) <= 6]
    if before and len(passage.text[before[-1][0]:first.start].split()) <= 8:
        start, name = before[-1]
    elif introduced:
        start, name = introduced[0]
    else:
        return None
    if name.lower() in claim_text.lower():
        return None
    for known in [actor, *others]:
        if _entity_present(known, name, [name]) or _entity_present(name, known, [known]):
            return None
    return name


def _earlier_date(passage: _Features, limit: DateSpan) -> bool:
    """Say whether the passage dates its event strictly before ``limit``."""
    for when in passage.dates:
        a, b = when.value.split("-"), limit.value.split("-")
        n = min(len(a), len(b))
        if "????" not in (a[0], b[0]) and a[:n] < b[:n]:
            return True
    return False


# --------------------------------------------------------------------------- verdicts


def _decide(claim: _Features, ranked: list[RankedPassage], checks: list[_Check],
            entity_recall: list[float], fits: list[bool],
            exclusive: str | None = None) -> VerificationResult:
    """Turn the checks of the ranked passages into one verdict.

    A passage that confirms every figure and date of the claim is preferred over a slightly
    better-covering one that conflicts: the conflict then likely concerns a neighbouring figure.
    """
    decisive = []
    for passage, check, recall, fit in zip(ranked, checks, entity_recall, fits):
        if _another_event(check) or not fit:
            continue
        if check.reasons and passage.coverage >= CONTRADICT_COVERAGE and recall >= 0.99:
            decisive.append((passage.coverage, 0, passage, "contradicted", check.reasons))
        elif not check.reasons and passage.coverage >= SUPPORT_COVERAGE and recall >= 0.5 \
                and _confirmed_enough(claim, check) \
                and (exclusive is None or _says_exclusive(passage.evidence.text, exclusive)):
            full = _fully_confirmed(claim, check)
            bonus = FULL_CONFIRMATION_BONUS if full else 0.0
            decisive.append((passage.coverage + bonus, int(full), passage, "supported", []))
    if not decisive:
        return VerificationResult("not_found", None, (), round(ranked[0].score if ranked else 0, 2))
    decisive.sort(key=lambda d: (-min(1.0, round(d[0] * 20) / 20), -d[1], -d[2].score))
    _, _, passage, verdict, reasons = decisive[0]
    return VerificationResult(verdict, passage.evidence, tuple(_unique(reasons)), passage.score)


def _fully_confirmed(claim: _Features, check: _Check) -> bool:
    """Say whether a passage confirms the claim's figures (or, without figures, its dates)."""
    if claim.numbers:
        return "quantity" in check.confirmed and "quantity" not in check.silent
    return bool(claim.dates) and "date" in check.confirmed and "date" not in check.silent


def _clauses(tokens: list[Token], text: str) -> list[list[Token]]:
    """Split a sentence's tokens into clauses at ; : — and ", while/whereas/but/although"."""
    cuts = [m.end() for m in re.finditer(r"[;:—]|,\s+(?:while|whereas|but|although|though)\b", text)]
    clauses, current, bounds = [], [], iter(cuts + [1 << 30])
    limit = next(bounds)
    for t in tokens:
        while t.start >= limit:
            clauses.append(current)
            current, limit = [], next(bounds)
        current.append(t)
    clauses.append(current)
    return [c for c in clauses if c]


def _subject_fits(claim: _Features, passage: _Features, names: list[str]) -> bool:
    """Say whether the passage clause that carries the claim's predicate is about the claim's actor.

    The claim's predicate is what follows its first named entity (its actor). In the passage
    clause sharing most of it, the words before the first predicate word must name one of the
    claim's entities, or be at most a short description or pronoun ("The ship sank", "It sank");
    another named actor ("Juno flew ...", for a claim about Galileo) or a noun phrase of its own
    ("earlier missions relied on ...") means the clause speaks of something else.
    """
    spans = entity_spans(claim.text)
    if not names or not spans:
        return True
    entity_words = {s for n in names for s in content_stems(n)}
    predicate = content_stems(claim.text[spans[0][1]:]) - entity_words
    if not predicate:
        return True
    text = passage.text
    sentence = _closest_sentence(passage, predicate)
    clauses = _clauses(sentence, text)
    position = max(range(len(clauses)), key=lambda k: len({t.stem for t in clauses[k]} & predicate))
    clause = clauses[position]
    first = next((t for t in clause if t.stem in predicate), None)
    if first is None:
        return True
    before = text[clause[0].start:first.start]
    clause_text = text[clause[0].start:clause[-1].end]
    if any(_is_claim_entity(e, names) and re.search(r"\bby\s+$", clause_text[:s])
           for s, _, e in entity_spans(clause_text)):
        return True  # passive: "the record ... set by Gerd Müller"
    named = entity_spans(before)
    if named and _is_claim_entity(named[0][2], names) and len(before[:named[0][0]].split()) <= 3:
        return True  # the clause opens with the claim's actor
    if named and len(before[named[-1][1]:].split()) <= 3 and not _is_claim_entity(named[-1][2], names):
        return False  # another named actor right before the predicate
    lead = [t for t in clause if t.end <= first.start and _is_context(t) and t.stem not in claim.stems]
    return position == 0 or len(lead) < 2 or any(_is_claim_entity(e, names) for _, _, e in named)


def _about_others(index: PageIndex, i: int, claim: _Features, names: list[str]) -> bool:
    """Say whether passage ``i`` leaves out the claim's actor and its sentence opens with another.

    "South Africa introduced a levy ..." says nothing about Kenya, even on a page about bag bans
    whose lead names Kenya. The actor (the claim's first name) may be named in the passage, by an
    alias, or in what an anaphoric passage refers back to.
    """
    spans = entity_spans(claim.text)
    if not spans:
        return False
    actor = spans[0][2]
    passage = index.passages[i]
    features = index.features(i)
    if _entity_present(actor, passage.text, features.entities):
        return False
    context = index.context_entities(i)
    if context and _entity_present(actor, " ; ".join(context), context):
        return False
    if features.slots is None:
        features.slots = _passage_slots(passage, index.reference_date)
    if any(actor in (e.canonical, e.text) for e in features.slots.entities):
        return False
    sentence = _closest_sentence(features, claim.stems)
    if not sentence:
        return False
    opening_end = sentence[min(3, len(sentence) - 1)].end
    known = [e for e in features.slots.entities if sentence[0].start <= e.start - passage.start < opening_end]
    return any(not _is_claim_entity(e.canonical, names) and not _is_claim_entity(e.text, names)
               for e in known[:1])


def _is_claim_entity(name: str, names: list[str]) -> bool:
    """Say whether a passage entity is one of the claim's (by name, part or acronym)."""
    return any(_entity_present(n, name, [name]) or _entity_present(name, n, [n]) for n in names)


def _another_event(check: _Check) -> bool:
    """Say whether a passage differs on both date and figures, confirming neither: the same
    actors at another event (last year's vote, an earlier outbreak), not a contradiction."""
    slots = {r.slot for r in check.reasons}
    if {"date", "quantity"} <= slots and not check.confirmed & {"date", "quantity"}:
        return True
    if "quantity" in slots and check.other_dates:
        return True  # other figures at other dates: "in the previous outbreak, in 2017, ..."
    dates = [r for r in check.reasons if r.slot == "date"]
    return len(dates) >= 2 and len({r.b for r in dates}) == 1  # two claim dates vs one page date


def _confirmed_enough(claim: _Features, check: _Check) -> bool:
    """Say whether a passage confirms the claim's figures and dates.

    Every figure must be confirmed; dates must be too unless a figure already ties the passage
    to the claim ("12 goals for Argentina" needs no repeated year).
    """
    if claim.numbers:
        return "quantity" in check.confirmed and "quantity" not in check.silent
    if claim.dates:
        return "date" in check.confirmed and "date" not in check.silent
    return True


def _unique(reasons: list[Reason]) -> list[Reason]:
    """Drop repeated reasons, keeping order."""
    seen, out = set(), []
    for r in reasons:
        key = (r.slot, r.a, r.b)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


_CITATION = re.compile(
    r"\s*\((?=[^()]*[A-Z])(?![^()]*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+"
    r"(?:\d{1,2},?\s+)?(?:1[6-9]|20)\d\d\b)[^()]*\b(?:1[6-9]|20)\d\d[a-z]?(?:[;,][^()]*)?\)"
    r"|\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")


def strip_citations(text: str) -> str:
    """Remove in-text citations ("(Smith 2020a)", "[12]") that are not part of what a claim says."""
    return _CITATION.sub("", text)


def _slots_in(slots: Slots | None, text: str) -> Slots:
    """Return the slots without entities that only occur inside stripped citations."""
    if not slots:
        return Slots()
    kept = tuple(e for e in slots.entities if e.text in text)
    return Slots(kept, slots.dates, slots.quantities, slots.negated, slots.quantifier, slots.hedged)


def _entity_here(index: PageIndex, i: int, name: str) -> bool:
    """Say whether passage ``i`` (or the page's lead) names ``name``, by surface or by alias."""
    passage = index.passages[i]
    features = index.features(i)
    if _entity_present(name, passage.text, features.entities):
        return True
    if _entity_present(name, index.lead, index.lead_entities):
        return True
    context = index.context_entities(i)
    if context and _entity_present(name, " ; ".join(context), context):
        return True
    if features.slots is None:
        features.slots = _passage_slots(passage, index.reference_date)
    return any(name in (e.canonical, e.text) for e in features.slots.entities)


def _with_aliases(index: PageIndex, claim: _Features, i: int, ranked: RankedPassage,
                  names: list[str], entity_words: set[str]) -> RankedPassage:
    """Credit the words of claim entities the passage names by an alias ("DPRK")."""
    if ranked.coverage < RELEVANT_COVERAGE / 2 or not names:
        return ranked
    missing = [n for n in names if not set(content_stems(n)) <= index.stems[i]]
    aliased = {s for n in missing if _entity_here(index, i, n) for s in content_stems(n)}
    if not aliased:
        return ranked
    weights = _weights(index, _content(claim), entity_words, light_words(claim.text, entity_words))
    coverage = _coverage(weights, index.stems[i] | index.inherited(i) | aliased,
                         claim.stems & index.lead_stems, entity_words)
    return RankedPassage(ranked.evidence, ranked.score, round(max(coverage, ranked.coverage), 3))


def verify_against_index(index: PageIndex, claim_text: str, claim_slots: Slots | None,
                         top_k: int = 5) -> VerificationResult:
    """Check one claim against an already indexed page (index once, check many claims).

    Args:
        index: the page, from ``PageIndex(page_text, reference_date)``.
        claim_text: the claim.
        claim_slots: its slots from the extractor (``None`` or empty works too).
        top_k: how many ranked passages to compare with the claim.

    Returns:
        The :class:`VerificationResult` (never ``unreachable``).
    """
    claim_text = strip_citations(claim_text)
    claim = _statement_features(claim_text, _slots_in(claim_slots, claim_text), index.reference_date)
    names = _claim_entities(claim)
    entity_words = {s for n in names for s in content_stems(n)}
    ranked = [(i, _with_aliases(index, claim, i, r, names, entity_words))
              for i, r in _rank(index, claim, top_k)]
    ranked = [(i, r) for i, r in ranked if r.coverage >= RELEVANT_COVERAGE]
    membership = _check_membership(index, claim)
    if membership is not None:
        return membership
    checks, recalls, fits = _assess(index, claim, ranked, names, entity_words)
    exclusive = _exclusive_cue(claim)
    kind = exclusive[0] if exclusive else None
    dated = _find_other_dated_actor(index, claim, exclusive[1]) if kind == "only" else None
    if dated is not None:
        i, actor, when = dated
        reason = Reason("quantifier", kind, actor,
                        note=f"{actor} did it too ({when}), which the claim '{kind}' excludes")
        return VerificationResult("contradicted", index.passages[i], (reason,),
                                  ranked[0][1].score if ranked else 0.0)
    result = _decide(claim, [r for _, r in ranked], checks, recalls, fits, kind)
    if kind and result.verdict != "contradicted" and not _states_exclusive(result, kind):
        return _check_exclusivity(index, claim, exclusive, result)
    if result.verdict == "not_found":
        return _check_tallies(index, claim) or result
    return result


def _check_tallies(index: PageIndex, claim: _Features) -> VerificationResult | None:
    """Verify a claim's vote counts against the page's tally per role ("Yes: 141 | No: 5")."""
    vote_words = " ".join(w for ws in lexicon()["vote_roles"].values() for w in ws)
    topic = _content(claim) - content_stems(vote_words)
    return check_vote_counts(claim.text, topic, index.text, claim.dates, index.page_date,
                             index.all_stems)


def _check_membership(index: PageIndex, claim: _Features) -> VerificationResult | None:
    """Verify "X was one of N that did Y" against the page's lists and counts for Y, if it has any."""
    parts = membership_claim(claim.text, claim.slots)
    if parts is None:
        return None
    return check_membership(parts, index.text, claim.dates, index.page_date, index.all_stems)


def _assess(index: PageIndex, claim: _Features, ranked: list[tuple[int, RankedPassage]],
            names: list[str], entity_words: set[str]) -> tuple[list[_Check], list[float], list[bool]]:
    """Compare the claim with each ranked passage.

    Returns:
        Per passage: the slot check, the share of the claim's entities it (or the lead) names,
        and whether it can decide at all (it carries the claim's predicate, about its actor).
    """
    units = {n.unit for n in claim.numbers}
    predicate = _weights(index, claim.stems - entity_words - units, set(),
                         light_words(claim.text, entity_words))
    checks, recalls, fits = [], [], []
    for i, r in ranked:
        features = index.features(i)
        stems = index.stems[i] | index.inherited(i)
        stems |= {w for w in predicate if antonyms().get(w, frozenset()) & stems}  # "passed" for "rejected"
        fit = (_coverage(predicate, stems, index.lead_stems) >= PREDICATE_COVERAGE
               and _subject_fits(claim, features, names) and not _about_others(index, i, claim, names))
        check = _compare(claim, features, use_comparator=False)
        if fit and not check.reasons and r.coverage >= SUPPORT_COVERAGE:
            _check_comparator(claim, features, check)  # only where "supported" is in reach
        checks.append(check)
        fits.append(fit)
        found = sum(_entity_here(index, i, n) for n in names)
        recalls.append(found / len(names) if names else 1.0)
    return checks, recalls, fits


def _check_exclusivity(index: PageIndex, claim: _Features, exclusive: tuple[str, int],
                       result: VerificationResult) -> VerificationResult:
    """Contradict an "only"/"first" claim when another actor did it; never support it otherwise."""
    kind, cue = exclusive
    other = _find_other_actor(index, claim, kind, cue)
    if other is not None:
        i, actor = other
        reason = Reason("quantifier", kind, actor,
                        note=f"{actor} did it too, which the claim '{kind}' excludes")
        return VerificationResult("contradicted", index.passages[i], (reason,), result.score)
    if result.verdict == "supported":  # the page shows the act, not that it was the only one
        return VerificationResult("not_found", None, (), result.score)
    return result


def _states_exclusive(result: VerificationResult, kind: str) -> bool:
    """Say whether the supporting passage itself states the exclusivity ("the only", "first")."""
    if result.verdict != "supported" or result.evidence is None:
        return False
    return _says_exclusive(result.evidence.text, kind)


def _says_exclusive(text: str, kind: str) -> bool:
    """Say whether a text uses an exclusivity cue of ``kind`` ("only", "first" and the like)."""
    words = {t.text.lower() for t in tokenize(text)}
    return bool(words & set(lexicon()["exclusive_cues"][kind]))


def verify_text(claim_text: str, claim_slots: Slots | None, page_text: str,
                reference_date: date | None = None, page_date: date | None = None) -> VerificationResult:
    """Check one claim against a page's text.

    Args:
        claim_text: the claim.
        claim_slots: its slots from the extractor (``None`` or empty works too).
        page_text: the page's extracted text; evidence offsets point into it.
        reference_date: date used to complete day-and-month dates without a year.
        page_date: the date the page was issued (anchors its "today"); ``None`` if unknown.

    Returns:
        A :class:`VerificationResult` with verdict ``supported``, ``contradicted`` or
        ``not_found``, the best passage as evidence (``None`` for ``not_found``) and reasons.
    """
    index = _cached_index(page_text, reference_date, page_date)
    return verify_against_index(index, claim_text, claim_slots)


@lru_cache(maxsize=8)
def _cached_index(page_text: str, reference_date: date | None, issued: date | None) -> PageIndex:
    """Return the index of a page, reused when many claims are checked one by one against it."""
    return PageIndex(page_text, reference_date, page_date=issued)


def page_date_of(page: Page) -> date | None:
    """Return the date a fetched page was issued: its HTML metadata, else its dateline."""
    return page_date(page.text, page_metadata(page))


def verify_claim(claim: Claim, page: Page | None, *, error: str | None = None,
                 reference_date: date | None = None) -> VerificationResult:
    """Check a claim against a fetched page.

    Args:
        claim: the claim (its ``slots`` are used when the extractor filled them).
        page: the fetched page, or ``None`` when fetching failed.
        error: why the page could not be fetched (used when ``page`` is ``None`` or has an error).
        reference_date: date used to complete day-and-month dates without a year.

    Returns:
        The verdict; ``unreachable`` with an ``other`` reason holding the error when there is no
        page to read.
    """
    unreachable = _unreachable(page, error)
    if unreachable is not None:
        return unreachable
    return verify_text(claim.text, claim.slots, page.text, reference_date, page_date_of(page))


def verify_claims(claims: list[Claim], page: Page | None, *, error: str | None = None,
                  reference_date: date | None = None) -> list[VerificationResult]:
    """Check many claims against one page, indexing the page once.

    Args:
        claims: the claims to check.
        page: the fetched page, or ``None`` when fetching failed.
        error: why the page could not be fetched.
        reference_date: date used to complete day-and-month dates without a year.

    Returns:
        One :class:`VerificationResult` per claim, in order.
    """
    unreachable = _unreachable(page, error)
    if unreachable is not None:
        return [unreachable for _ in claims]
    index = PageIndex(page.text, reference_date, page_date=page_date_of(page))
    return [verify_against_index(index, c.text, c.slots) for c in claims]


def _unreachable(page: Page | None, error: str | None) -> VerificationResult | None:
    """Return the ``unreachable`` result when there is no usable page, else ``None``."""
    if page is not None and page.error is None and error is None:
        return None
    note = error or (page.error if page is not None else None) or "the page could not be fetched"
    return VerificationResult("unreachable", None, (Reason("other", None, None, note=note),), 0.0)
