"""Previously checked claims: load fact-check databases and find the ones a new text repeats.

Pure: standard library, numpy and rapidfuzz only. Three parts:

* loading: schema.org ``ClaimReview`` JSON-LD (single object, list, ``@graph`` or ``DataFeed``),
  JSONL (one object per line with at least ``claim``) and TSV (``id<TAB>claim<TAB>title`` with a
  header row, as in the CheckThat! ``verified_claims.docs.tsv``);
* cleaning: :func:`clean_query` turns a tweet or pasted post into plain searchable text;
* ranking: :class:`KnownClaimIndex` runs BM25 over claim + title, then re-ranks the best
  candidates with a linear model over fuzzy, entity, date, quantity and negation features whose
  weights ship in ``claimcheck/data/known_ranker.json`` (fitted on the CheckThat! 2020 train split
  by ``bench/train_claim_retrieval.py``).

Example:
    >>> index = KnownClaimIndex(load_known_claims("claims.jsonld"))
    >>> for claim, score in index.search("Did the vaccine really contain microchips?", top=3):
    ...     print(round(score, 2), claim.rating, claim.claim)
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Slots
from claimcheck.versioned import load_versioned_json

log = logging.getLogger(__name__)

RANKER_SCHEMA = "claimcheck.known_ranker/1"
DEFAULT_RANKER_PATH = Path(__file__).parent / "data" / "known_ranker.json"
MAX_FILE_BYTES = 200 * 1024 * 1024


class KnownClaimsError(InputError):
    """A fact-check file could not be read: missing, empty, malformed or holding no claims."""


@dataclass(frozen=True)
class KnownClaim:
    """A claim some fact-checker has already reviewed.

    ``id`` is the identifier from the file (TSV first column, JSON ``id``/``@id``/``url``, else
    the position). ``rating`` is the verdict text ("False", "Mostly true", "3/5"), ``date`` the ISO
    date the review was published, ``source`` the fact-checker's name.
    """

    id: str
    claim: str
    title: str = ""
    rating: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None


# --------------------------------------------------------------------------------------- loading


def load_known_claims(path: str | Path) -> list[KnownClaim]:
    """Load previously fact-checked claims from a ClaimReview JSON-LD, JSONL or TSV file.

    The format is chosen by extension (``.jsonld``/``.json``, ``.jsonl``/``.ndjson``, ``.tsv``),
    else by content.

    Args:
        path: the file to read.

    Returns:
        The claims in file order.

    Raises:
        KnownClaimsError: the file is missing, empty, undecodable, malformed, or holds no claim.
    """
    path = Path(path)
    text = _read_text(path)
    kind = _detect_format(path, text)
    log.debug("reading %s as %s", path, kind)
    if kind == "tsv":
        claims = _parse_tsv(text, path)
    elif kind == "jsonl":
        claims = _parse_jsonl(text, path)
    else:
        claims = _parse_json(text, path)
    if not claims:
        raise KnownClaimsError(
            f"{path}: no claims found (expected ClaimReview objects with claimReviewed, "
            "JSONL lines with 'claim', or TSV rows id/claim/title)")
    return claims


def _read_text(path: Path) -> str:
    """Read a file as UTF-8 (BOM allowed) with one-line errors."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise KnownClaimsError(f"{path}: no such file") from e
    except OSError as e:
        raise KnownClaimsError(f"{path}: cannot read ({e.strerror})") from e
    if len(data) > MAX_FILE_BYTES:
        raise KnownClaimsError(f"{path}: file larger than {MAX_FILE_BYTES} bytes")
    if not data.strip():
        raise KnownClaimsError(f"{path}: file is empty")
    if b"\x00" in data[:4096]:
        raise KnownClaimsError(f"{path}: binary file, expected JSON-LD, JSONL or TSV text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise KnownClaimsError(
            f"{path}: not UTF-8 text (byte {e.start}); re-save it as UTF-8") from e


def _detect_format(path: Path, text: str) -> str:
    """Return 'json', 'jsonl' or 'tsv' from the extension, else from the content."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".json", ".jsonld"):
        return "json"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    head = text.lstrip()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0].strip()
        return "jsonl" if _is_json_object(first_line) and "\n" in head.strip() else "json"
    return "tsv"


def _is_json_object(line: str) -> bool:
    """True if ``line`` alone parses as a JSON object."""
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _parse_tsv(text: str, path: Path) -> list[KnownClaim]:
    """Parse ``id<TAB>claim<TAB>title`` rows under a header row; fields may be quoted."""
    rows = [r for r in csv.reader(io.StringIO(text), delimiter="\t") if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in rows[0]]
    claim_col = _find_column(header, ("vclaim", "claim", "claimreviewed", "text"))
    if claim_col is None:
        raise KnownClaimsError(f"{path}: TSV header {rows[0]!r} has no 'claim' column; "
                               "expected id<TAB>claim<TAB>title")
    title_col = _find_column(header, ("title", "headline"))
    id_col = _find_column(header, ("id", "vclaim_id", "claim_id")) or 0
    claims = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) <= claim_col:
            raise KnownClaimsError(f"{path}: line {number}: expected {len(header)} tab-separated "
                                   f"fields, found {len(row)}")
        claim = row[claim_col].strip()
        if not claim:
            continue
        title = row[title_col].strip() if title_col is not None and len(row) > title_col else ""
        ident = row[id_col].strip() if id_col != claim_col else str(number - 2)
        claims.append(KnownClaim(id=ident or str(number - 2), claim=claim, title=title))
    return claims


def _find_column(header: Sequence[str], names: Iterable[str]) -> int | None:
    """Index of the first header cell among ``names``."""
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _parse_jsonl(text: str, path: Path) -> list[KnownClaim]:
    """Parse one JSON object per line; ClaimReview objects are accepted too."""
    claims = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise KnownClaimsError(f"{path}: line {number}: not valid JSON ({e.msg})") from e
        if not isinstance(obj, dict):
            raise KnownClaimsError(f"{path}: line {number}: expected a JSON object")
        if _is_claim_review(obj):
            claims.append(_from_claim_review(obj, str(len(claims))))
            continue
        if not str(obj.get("claim") or "").strip():
            raise KnownClaimsError(f"{path}: line {number}: object has no 'claim' field")
        claims.append(_from_plain_object(obj, str(len(claims))))
    return claims


def _from_plain_object(obj: dict[str, Any], default_id: str) -> KnownClaim:
    """A KnownClaim from a JSONL object with ``claim`` and optional metadata fields."""
    return KnownClaim(
        id=str(obj.get("id", default_id)),
        claim=str(obj["claim"]).strip(),
        title=str(obj.get("title") or "").strip(),
        rating=_optional_text(obj.get("rating")),
        url=_optional_text(obj.get("url")),
        date=_optional_text(obj.get("date")),
        source=_optional_text(obj.get("source")),
    )


def _parse_json(text: str, path: Path) -> list[KnownClaim]:
    """Parse ClaimReview JSON-LD in any of its published shapes."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and _is_json_object(text.lstrip().split("\n", 1)[0]):
            return _parse_jsonl(text, path)  # JSON Lines saved with a .json name
        raise KnownClaimsError(f"{path}: not valid JSON (line {e.lineno}: {e.msg})") from e
    reviews = list(_iter_claim_reviews(data))
    if not reviews and isinstance(data, list) and all(isinstance(o, dict) and "claim" in o
                                                      for o in data):
        return [_from_plain_object(o, str(i)) for i, o in enumerate(data)]
    if not reviews:
        raise KnownClaimsError(f"{path}: no ClaimReview object with 'claimReviewed' found")
    return [_from_claim_review(r, str(i)) for i, r in enumerate(reviews)]


def _iter_claim_reviews(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every ClaimReview object in a JSON-LD tree (lists, @graph, DataFeed items)."""
    if isinstance(node, list):
        for item in node:
            yield from _iter_claim_reviews(item)
        return
    if not isinstance(node, dict):
        return
    if _is_claim_review(node):
        yield node
        return
    for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity"):
        if key in node:
            yield from _iter_claim_reviews(node[key])


def _is_claim_review(obj: dict[str, Any]) -> bool:
    """True for an object typed ClaimReview (or untyped but holding claimReviewed)."""
    types = obj.get("@type", [])
    types = [types] if isinstance(types, str) else types
    return any(str(t).rsplit("/", 1)[-1] == "ClaimReview" for t in types) or (
        "claimReviewed" in obj and "@type" not in obj)


def _from_claim_review(obj: dict[str, Any], default_id: str) -> KnownClaim:
    """Map a schema.org ClaimReview object to a KnownClaim."""
    claim = _optional_text(obj.get("claimReviewed")) or _optional_text(obj.get("claim")) or ""
    item = obj.get("itemReviewed") if isinstance(obj.get("itemReviewed"), dict) else {}
    if not claim:
        claim = _optional_text(item.get("name")) or _optional_text(item.get("text")) or ""
    url = _optional_text(obj.get("url"))
    return KnownClaim(
        id=_optional_text(obj.get("@id")) or url or default_id,
        claim=claim,
        title=_optional_text(obj.get("headline")) or _optional_text(obj.get("name")) or "",
        rating=_rating_text(obj.get("reviewRating")),
        url=url,
        date=_iso_date(obj.get("datePublished")),
        source=_name_of(obj.get("author")) or _name_of(obj.get("publisher")),
    )


def _rating_text(rating: Any) -> str | None:
    """The verdict as text: alternateName, else 'value/best' (or 'value (worst-best)')."""
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return _optional_text(rating)
    name = _optional_text(rating.get("alternateName")) or _optional_text(rating.get("name"))
    if name:
        return name
    value = _optional_text(rating.get("ratingValue"))
    if value is None:
        return None
    best = _optional_text(rating.get("bestRating"))
    worst = _optional_text(rating.get("worstRating"))
    if best and worst:
        return f"{value} ({worst}-{best})"
    return f"{value}/{best}" if best else value


def _name_of(node: Any) -> str | None:
    """The ``name`` of an author/publisher object, list or plain string."""
    if isinstance(node, list):
        names = [n for n in (_name_of(x) for x in node) if n]
        return ", ".join(names) or None
    if isinstance(node, dict):
        return _optional_text(node.get("name")) or _optional_text(node.get("@id"))
    return _optional_text(node)


def _iso_date(value: Any) -> str | None:
    """The date part of an ISO date/datetime string, or the text as given."""
    text = _optional_text(value)
    if text and re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    return text


def _optional_text(value: Any) -> str | None:
    """Stripped text of a scalar, or None when empty or not a scalar."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


# -------------------------------------------------------------------------------------- cleaning

_PIC_LINK = re.compile(r"pic\.twitter\.com/\w+", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SIGNATURE = re.compile(
    r"\s[\u2014\u2013-]{1,2}\s(?P<name>[^\u2014\u2013\n]{0,80}?)\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, (?P<year>\d{4}))?\s*$")
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})(?:@\w+)*")
_HASHTAG = re.compile(r"(?<!&)#(\w+)")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """Turn a tweet or pasted post into plain text fit for searching.

    Decodes HTML entities, drops the "— Name (@handle) Month D, YYYY" signature of embedded
    tweets, ``pic.twitter.com`` and other links and @handles, splits CamelCase hashtags into
    words (#FreeSpeechNow -> Free Speech Now) and collapses whitespace.

    Args:
        text: the raw post.

    Returns:
        The cleaned text (idempotent: cleaning it again changes nothing).
    """
    # one pass can uncover more to clean ("&#38;amp;#<emoji>1" -> "&#1", an entity once the
    # emoji is gone): repeat until nothing changes
    for _ in range(8):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    text = _unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if (unicodedata.category(ch)[0] not in "SC" or ch in "$%€£+=<>")
                   or ch.isspace())
    text = _SIGNATURE.sub("", " " + text)
    text = _PIC_LINK.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HASHTAG.sub(lambda m: " " + " ".join(_CAMEL.findall(m.group(1))) + " ", text)
    text = _HANDLE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _unescape(text: str) -> str:
    """Decode HTML entities until none are left (posts are often escaped twice)."""
    decoded = html.unescape(text)
    while decoded != text:
        text, decoded = decoded, html.unescape(decoded)
    return decoded


def handle_words(text: str) -> str:
    """The @handles in a post's body split into words (@JoeBiden -> 'Joe Biden')."""
    body = _SIGNATURE.sub("", " " + html.unescape(text))
    return " ".join(" ".join(_CAMEL.findall(h)) for h in _HANDLE.findall(body))


@dataclass(frozen=True)
class Signature:
    """The "— Name (@handle) Month D, YYYY" line that ends an embedded tweet."""

    name: str
    handle: str
    date: str | None = None
    year: str | None = None


def tweet_signature(text: str) -> Signature | None:
    """The author signature of an embedded tweet, or None when the text has none.

    Example:
        >>> tweet_signature("Rain today. — Jo Doe (@jodoe) May 2, 2020").name
        'Jo Doe'
    """
    found = _SIGNATURE.search(" " + html.unescape(text))
    if not found:
        return None
    name = _SPACES.sub(" ", found.group("name")).strip()
    return Signature(name=name, handle=found.group("handle"), date=found.group("date"),
                     year=found.group("year"))


# ------------------------------------------------------------------------------------ tokenising

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English suffix stripper (plural, -ing, -ed, possessive); keeps short words."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl, min_len in (("ies", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("es", "e", 5), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith(("ss", "us", "is")):
            return word[: len(word) - len(suffix)] + repl
    return word


def _fold(text: str) -> str:
    """Lowercase and strip accents."""
    text = text.lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")


def tokenize(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Lowercased, accent-folded, stemmed word tokens without stopwords."""
    return [stem(t) for t in _TOKEN.findall(_fold(text)) if t not in stopwords]


# ------------------------------------------------------------------------------------------ BM25


class Bm25:
    """Okapi BM25 over a fixed collection, as an inverted index of numpy postings.

    Each term's posting holds the document ids and the precomputed BM25 term weight, so scoring a
    query is one vectorised add per query term.
    """

    def __init__(self, docs: Sequence[list[str]], k1: float = 1.2, b: float = 0.75):
        self.size = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if self.size and lengths.mean() > 0 else 1.0
        norm = k1 * (1.0 - b + b * lengths / avg)
        counts: dict[str, dict[int, int]] = {}
        for doc_id, tokens in enumerate(docs):
            for token in tokens:
                counts.setdefault(token, {}).setdefault(doc_id, 0)
                counts[token][doc_id] += 1
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, posting in counts.items():
            ids = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            tf = np.fromiter(posting.values(), dtype=np.float64, count=len(posting))
            idf = math.log(1.0 + (self.size - len(ids) + 0.5) / (len(ids) + 0.5))
            self.postings[term] = (ids, idf * tf * (k1 + 1.0) / (tf + norm[ids]))

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (repeated tokens count once)."""
        out = np.zeros(self.size, dtype=np.float64)
        for term in set(query):
            posting = self.postings.get(term)
            if posting is not None:
                out[posting[0]] += posting[1]
        return out


# --------------------------------------------------------------------------------------- ranking


class RankerModelError(ClaimcheckError):
    """The re-ranker weights file is missing or malformed."""


@dataclass(frozen=True)
class RankerModel:
    """Weights of the linear re-ranker (standardised features), as shipped in JSON."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    k1: float = 1.2
    b: float = 0.75
    candidates: int = 30
    slot_candidates: int = 10
    stopwords: frozenset[str] = frozenset()

    def score(self, rows: np.ndarray) -> np.ndarray:
        """Linear scores for a (candidates x features) matrix."""
        scale = np.where(np.asarray(self.scale) > 0, self.scale, 1.0)
        return ((rows - np.asarray(self.mean)) / scale) @ np.asarray(self.weights) + self.intercept


def load_ranker(path: str | Path = DEFAULT_RANKER_PATH) -> RankerModel:
    """Load re-ranker weights from JSON, rejecting an unknown schema version.

    Raises:
        SchemaVersionError: the file's ``schema`` is not ``claimcheck.known_ranker/1``.
        RankerModelError: the file is missing or malformed.
    """
    data = load_versioned_json(path, RANKER_SCHEMA, what="ranker weights",
                               error=RankerModelError, retrain="bench/train_claim_retrieval.py")
    return ranker_from_dict(data, path)


def ranker_from_dict(data: dict[str, Any], path: str | Path = "<dict>") -> RankerModel:
    """Build a RankerModel from its JSON dictionary (see :func:`load_ranker`)."""
    try:
        features = tuple(data["features"])
        model = RankerModel(
            features=features, mean=tuple(map(float, data["mean"])),
            scale=tuple(map(float, data["scale"])), weights=tuple(map(float, data["weights"])),
            intercept=float(data["intercept"]), k1=float(data["bm25"]["k1"]),
            b=float(data["bm25"]["b"]), candidates=int(data["candidates"]),
            slot_candidates=int(data.get("slot_candidates", 10)),
            stopwords=frozenset(data.get("stopwords", ())))
    except (KeyError, TypeError, ValueError) as e:
        raise RankerModelError(f"{path}: malformed ranker weights ({e!r})") from e
    unknown = set(features) - set(FEATURES)
    if unknown or not len(features) == len(model.mean) == len(model.scale) == len(model.weights):
        raise RankerModelError(f"{path}: features {sorted(unknown)} unknown or lengths differ")
    return model


@dataclass(frozen=True)
class _Facts:
    """The cheap surface facts the re-ranker compares between a query and a claim."""

    tokens: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    capitals: frozenset[str]


@dataclass(frozen=True)
class _SlotFacts:
    """What ``extract_slots`` finds, reduced to comparable sets."""

    entities: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    quantities: frozenset[tuple[str, float]] = frozenset()
    negated: bool = False


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot)\b|n't\b", re.I)


def _facts(text: str, stopwords: frozenset[str]) -> _Facts:
    """Tokens, bigrams, numbers and capitalised words of a text."""
    tokens = tokenize(text, stopwords)
    return _Facts(
        tokens=frozenset(tokens),
        bigrams=frozenset(zip(tokens, tokens[1:])),
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(text)),
        capitals=frozenset(stem(_fold(c)) for c in _CAPITAL.findall(text)) - stopwords,
    )


def _slot_facts(text: str) -> _SlotFacts:
    """Entities, dates, quantities and negation of a text, via ``extract_slots``."""
    slots = _safe_slots(text)
    return _SlotFacts(
        entities=frozenset(e.canonical.lower() for e in slots.entities),
        dates=frozenset(d.value for d in slots.dates if d.value),
        quantities=frozenset((q.unit, round(q.value, 6)) for q in slots.quantities),
        negated=slots.negated or bool(_NEGATION.search(text)),
    )


def _safe_slots(text: str) -> Slots:
    """extract_slots; a parsing failure on odd text only costs the slot features (logged)."""
    try:
        return extract_slots(text)
    except (ClaimcheckError, LookupError, ValueError) as e:
        log.warning("slot extraction failed on %r (slot features left empty): %r", text[:60], e)
        return Slots()


def _overlap(a: frozenset, b: frozenset) -> float:
    """|a & b| / |b| (how much of the claim's set the query covers); 0 when b is empty."""
    return len(a & b) / len(b) if b else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity; 0 when both are empty."""
    return len(a & b) / len(a | b) if a or b else 0.0


FEATURES: tuple[str, ...] = (
    "bm25", "bm25_author", "bm25_rel", "bm25_rank", "bm25_claim", "bm25_title",
    "fuzz_token_set_claim", "fuzz_partial_claim", "fuzz_token_set_title", "fuzz_partial_title",
    "char_cosine", "claim_coverage", "title_coverage", "bigram_coverage", "token_jaccard",
    "number_overlap", "number_mismatch", "capital_overlap", "handle_overlap", "author_overlap",
    "year_in_claim",
    "slots_known", "entity_overlap", "date_overlap", "date_mismatch", "quantity_overlap",
    "negation_agree",
)
_SLOT_FEATURES = ("slots_known", "entity_overlap", "date_overlap", "date_mismatch",
                  "quantity_overlap", "negation_agree")


class KnownClaimIndex:
    """Search previously fact-checked claims for the ones a text repeats or paraphrases.

    Args:
        claims: the known claims to search.
        ranker: re-ranker weights; by default the shipped ``known_ranker.json`` (local data,
            nothing is downloaded).
    """

    def __init__(self, claims: Sequence[KnownClaim], ranker: RankerModel | None = None):
        self.claims = list(claims)
        self.ranker = ranker or _default_ranker()
        stop = self.ranker.stopwords
        self._claim_tokens = [tokenize(c.claim, stop) for c in self.claims]
        self._title_tokens = [tokenize(c.title, stop) for c in self.claims]
        both = [a + b for a, b in zip(self._claim_tokens, self._title_tokens)]
        self._bm25 = Bm25(both, self.ranker.k1, self.ranker.b)
        self._bm25_claim = Bm25(self._claim_tokens, self.ranker.k1, self.ranker.b)
        self._bm25_title = Bm25(self._title_tokens, self.ranker.k1, self.ranker.b)
        self._facts_cache: dict[int, tuple[_Facts, _Facts]] = {}
        self._slots_cache: dict[int, _SlotFacts] = {}
        self._grams_cache: dict[int, dict[str, float]] = {}

    def search(self, text: str, top: int = 5,
               min_score: float = 0.0) -> list[tuple[KnownClaim, float]]:
        """Rank known claims against a text (a tweet, a sentence, a paragraph).

        Args:
            text: the raw text; it is cleaned with :func:`clean_query` first.
            top: how many results to return.
            min_score: leave out results scoring below this (0.5 keeps likely repeats only).

        Returns:
            Up to ``top`` (claim, score) pairs, best first; scores are re-ranker probabilities
            in 0-1 (how likely the claim is the one the text repeats).
        """
        ids, rows = self.candidate_features(text)
        if not len(ids):
            return []
        probabilities = 1.0 / (1.0 + np.exp(-self.ranker.score(rows)))
        order = np.argsort(-probabilities, kind="stable")[:top]
        return [(self.claims[ids[i]], float(probabilities[i])) for i in order
                if probabilities[i] >= min_score]

    def search_many(self, texts: Iterable[str], top: int = 5,
                    min_score: float = 0.0) -> list[list[tuple[KnownClaim, float]]]:
        """:meth:`search` for each text (e.g. every claim of a document), in order."""
        return [self.search(text, top, min_score) for text in texts]

    def bm25_search(self, text: str, top: int = 5) -> list[tuple[KnownClaim, float]]:
        """The lexical stage alone: BM25 over claim + title (a baseline for evaluation)."""
        scores = self._bm25.scores(tokenize(clean_query(text), self.ranker.stopwords))
        ids = _top_ids(scores, top)
        return [(self.claims[i], float(scores[i])) for i in ids]

    def candidate_features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """BM25 candidates of a text and their re-ranking feature matrix (rows follow FEATURES).

        Used by :meth:`search` and by the training script, so both see the same features.
        """
        query = clean_query(text)
        stop = self.ranker.stopwords
        tokens = tokenize(query, stop)
        signature = tweet_signature(text)
        author = _author_tokens(signature, tokens, stop)
        query_scores = self._bm25.scores(tokens)
        author_scores = self._bm25.scores(author) if author else np.zeros_like(query_scores)
        combined = query_scores + 0.5 * author_scores
        ids = _top_ids(combined, self.ranker.candidates)
        if not len(ids):
            return ids, np.zeros((0, len(self.ranker.features)))
        context = _QueryContext(
            text=query.lower(), facts=_facts(query, stop), slots=_slot_facts(query),
            grams=_char_grams(query),
            handles=frozenset(tokenize(handle_words(text), stop)), author=frozenset(author),
            year=signature.year if signature else None)
        claim_scores = self._bm25_claim.scores(tokens)[ids]
        title_scores = self._bm25_title.scores(tokens)[ids]
        rows = []
        for rank, doc_id in enumerate(ids):
            values = self._pair_features(context, int(doc_id))
            values.update(self._slot_features(context.slots, int(doc_id), rank))
            values.update(bm25=query_scores[doc_id], bm25_author=author_scores[doc_id],
                          bm25_rel=combined[doc_id] / combined[ids[0]],
                          bm25_rank=1.0 / (rank + 1), bm25_claim=claim_scores[rank],
                          bm25_title=title_scores[rank])
            rows.append([values[name] for name in self.ranker.features])
        return ids, np.asarray(rows, dtype=np.float64)

    def _claim_facts(self, doc_id: int) -> tuple[_Facts, _Facts]:
        """Cached facts of a claim's text and title."""
        if doc_id not in self._facts_cache:
            claim = self.claims[doc_id]
            stop = self.ranker.stopwords
            self._facts_cache[doc_id] = (_facts(claim.claim, stop), _facts(claim.title, stop))
        return self._facts_cache[doc_id]

    def _pair_features(self, query: "_QueryContext", doc_id: int) -> dict[str, float]:
        """Fuzzy and slot features of the query against one claim."""
        claim = self.claims[doc_id]
        c, t = self._claim_facts(doc_id)
        q = query.facts
        words = c.tokens | t.tokens
        return {
            "fuzz_token_set_claim": fuzz.token_set_ratio(query.text, claim.claim.lower()) / 100.0,
            "fuzz_partial_claim": fuzz.partial_ratio(query.text, claim.claim.lower()) / 100.0,
            "fuzz_token_set_title": fuzz.token_set_ratio(query.text, claim.title.lower()) / 100.0,
            "fuzz_partial_title": fuzz.partial_ratio(query.text, claim.title.lower()) / 100.0,
            "char_cosine": _cosine(query.grams, self._claim_grams(doc_id)),
            "claim_coverage": _overlap(q.tokens, c.tokens),
            "title_coverage": _overlap(q.tokens, t.tokens),
            "bigram_coverage": _overlap(q.bigrams, c.bigrams | t.bigrams),
            "token_jaccard": _jaccard(q.tokens, words),
            "number_overlap": float(bool(q.numbers & (c.numbers | t.numbers))),
            "number_mismatch": float(bool(q.numbers and c.numbers and not q.numbers & c.numbers)),
            "capital_overlap": _overlap(q.capitals, c.capitals | t.capitals),
            "handle_overlap": float(bool(query.handles & words)),
            "author_overlap": _overlap(words, query.author),
            "year_in_claim": float(query.year is not None and query.year in c.numbers | t.numbers),
        }

    def _slot_features(self, query: _SlotFacts, doc_id: int, rank: int) -> dict[str, float]:
        """Entity, date, quantity and negation agreement; only for the best few candidates.

        Slot extraction is the costly part of a search, so candidates ranked below
        ``ranker.slot_candidates`` by BM25 get zeros (and ``slots_known`` = 0).
        """
        if rank >= self.ranker.slot_candidates:
            return dict.fromkeys(_SLOT_FEATURES, 0.0)
        claim = self._slots_cache.get(doc_id)
        if claim is None:
            claim = self._slots_cache[doc_id] = _slot_facts(self.claims[doc_id].claim)
        return {
            "slots_known": 1.0,
            "entity_overlap": _jaccard(query.entities, claim.entities),
            "date_overlap": float(bool(query.dates & claim.dates)),
            "date_mismatch": float(bool(query.dates and claim.dates
                                        and not query.dates & claim.dates)),
            "quantity_overlap": float(bool(query.quantities & claim.quantities)),
            "negation_agree": float(query.negated == claim.negated),
        }

    def _claim_grams(self, doc_id: int) -> dict[str, float]:
        """Cached normalised character n-gram vector of a claim's text and title."""
        grams = self._grams_cache.get(doc_id)
        if grams is None:
            claim = self.claims[doc_id]
            grams = self._grams_cache[doc_id] = _char_grams(f"{claim.claim} {claim.title}")
        return grams


@dataclass(frozen=True)
class _QueryContext:
    """The query-side inputs of the pair features, computed once per search."""

    text: str
    facts: _Facts
    slots: _SlotFacts
    grams: dict[str, float]
    handles: frozenset[str]
    author: frozenset[str]
    year: str | None


def _char_grams(text: str, size: int = 4) -> dict[str, float]:
    """L2-normalised counts of the character n-grams of a folded text."""
    folded = " " + " ".join(_TOKEN.findall(_fold(text))) + " "
    counts = Counter(folded[i:i + size] for i in range(len(folded) - size + 1))
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {g: v / norm for g, v in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


def _author_tokens(signature: Signature | None, query_tokens: list[str],
                   stopwords: frozenset[str]) -> list[str]:
    """Tokens of a tweet signature's name and handle words that the body does not contain."""
    if signature is None:
        return []
    text = f"{signature.name} {' '.join(_CAMEL.findall(signature.handle))}"
    return [t for t in tokenize(text, stopwords) if t not in query_tokens]


def _top_ids(scores: np.ndarray, k: int) -> np.ndarray:
    """Ids of the ``k`` best positive scores, best first (ties by id)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        positive = positive[part]
    order = np.lexsort((positive, -scores[positive]))
    return positive[order]


@lru_cache(maxsize=1)
def _default_ranker() -> RankerModel:
    """The shipped ranker (cached)."""
    return load_ranker(DEFAULT_RANKER_PATH)
