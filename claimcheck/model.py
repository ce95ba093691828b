"""The domain model: frozen dataclasses shared by every layer.

Pure: imports only the standard library. Adapters (store, fetch, cli, report) import this module;
this module imports none of them. Character offsets always point into the text of the document
(or fetched page) the object belongs to: ``document.text[claim.start:claim.end] == claim.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar

DocumentKind = Literal["academic", "commentary", "news", "official", "reference", "other"]
DatePrecision = Literal["year", "month", "day"]
Quantifier = Literal["only", "first", "all", "none"]
Relation = Literal["agree", "conflict", "related"]
Verdict = Literal["supported", "contradicted", "not_found", "unreachable"]
ReasonSlot = Literal["date", "quantity", "negation", "quantifier", "entity", "other"]
CitationIssueKind = Literal["dangling", "near_miss", "uncited", "duplicate", "ambiguous"]

DOCUMENT_KINDS: tuple[str, ...] = ("academic", "commentary", "news", "official", "reference", "other")


@dataclass(frozen=True)
class SourceDocument:
    """A document as ingested: its exact plain text plus metadata.

    ``text`` is what every offset points into. ``sha256`` is the hash of the raw input bytes, so
    the same bytes always give the same document.
    """

    text: str
    sha256: str
    location: str
    media_type: str = "text/plain"  # text/plain | text/markdown | text/html | application/pdf
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None  # its first day when only the month or year is known
    kind: str = "other"
    source: str | None = None  # publisher or author name used for credibility
    doi: str | None = None
    journal: str | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()  # (start, end) of each paragraph in text
    cited_urls: tuple[str, ...] = ()  # references the whole document cites (metadata)
    links: tuple[tuple[int, int, str], ...] = ()  # (start, end, url) hyperlinks in text
    pages: tuple[int, ...] = ()  # offset in text where each page begins (PDF); () if unpaged
    reference_list: tuple[ReferenceEntry, ...] = ()  # entries given beside it (--references)
    # how much of ``published`` the document states: "October 2017" is "month", and its day
    # (the 1st) is no fact; written out by ``date_text``
    published_precision: DatePrecision = "day"


DATE_PRECISIONS: tuple[str, ...] = ("year", "month", "day")


def date_text(value: date | None, precision: str = "day") -> str | None:
    """``value`` in ISO 8601 to the precision known, with no invented part: "2017-10-05",
    "2017-10" (month), "2017" (year); None for None."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_date_text(text: str) -> tuple[date, DatePrecision]:
    """The inverse of ``date_text``: "2017-10" -> (2017-10-01, "month"), "2017" -> (2017-01-01,
    "year"), "2017-10-05" -> (2017-10-05, "day"). Raises ValueError for anything else."""
    text = text.strip()
    parts = text.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isascii() and p.isdecimal() for p in parts)
            and len(parts[0]) == 4 and all(len(p) == 2 for p in parts[1:])):
        raise ValueError(f"not an ISO date, year-month or year: {text!r}")
    if len(parts) == 3:
        return date.fromisoformat(text), "day"
    month = int(parts[1]) if len(parts) == 2 else 1
    return date(int(parts[0]), month, 1), ("month" if len(parts) == 2 else "year")


def latest_day(value: date | None, precision: str = "day") -> date | None:
    """The last day ``value`` can mean at ``precision`` (2017-10-31 for "October 2017"): what a
    date without a year in the document is read against, as "not after the document's date"."""
    if value is None or precision == "day":
        return value
    if precision == "year":
        return date(value.year, 12, 31)
    following = date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention; ``canonical`` is the gazetteer name (DPRK -> North Korea)."""

    text: str
    canonical: str
    start: int
    end: int
    kind: str = "other"  # country | organization | person | place | other


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date mention normalised to ISO with its precision.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` according to ``precision``. Ranges set
    ``end_value``; relative expressions ("six months after ...") set ``relative`` and may have an
    empty ``value``.
    """

    text: str
    value: str
    precision: DatePrecision
    start: int
    end: int
    end_value: str | None = None
    relative: bool = False
    inferred_year: bool = False


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit.

    ``kind`` is count | money | percent | duration | ordinal | measure | tally | other. ``unit`` is the normalised
    unit: the counted noun's lemma for counts ("vessel"), an ISO currency for money ("USD"),
    "%" for percentages, "day"/"month"/"year"... for durations. ``value`` is scaled
    ("$9.6bn" -> 9.6e9).
    """

    text: str
    value: float
    unit: str
    kind: str
    start: int
    end: int
    approximate: bool = False
    # The second number of a range ("between 40 and 60 people", "US$3.8–4.6 billion": ``value``
    # 3.8e9, ``high`` 4.6e9, scale and currency applied to both ends) or of a tally ("voted 8 to
    # 3", kind "tally"); None for a single number. Kept in the written order.
    high: float | None = None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time of day ("14:00", "9 a.m.", "10.30pm", "at noon"); ``value`` is ``HH:MM`` (24-hour)."""

    text: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class CitationMention:
    """An in-text citation. ``key`` is normalised "Author Year[suffix]" or "[n]" for numeric."""

    key: str
    text: str
    start: int
    end: int
    reference_key: str | None = None  # key of the reference entry it resolves to, if any


@dataclass(frozen=True, slots=True)
class Slots:
    """The structured content of a statement, comparable across sources."""

    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    negated: bool = False
    quantifier: str | None = None
    hedged: bool = False
    times: tuple[TimeMention, ...] = ()  # times of day; never also quantities


@dataclass(frozen=True)
class Claim:
    """A check-worthy (or not) statement with provenance and slots.

    ``id`` and ``document_id`` are ``None`` until the claim is stored.
    """

    text: str
    start: int
    end: int
    paragraph: int
    slots: Slots = field(default_factory=Slots)
    checkworthy: bool = True
    checkworthiness: float = 0.5
    checkworthy_reason: str = ""
    citations: tuple[CitationMention, ...] = ()
    id: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class ReferenceEntry:
    """One entry of a document's reference list."""

    key: str  # "Smith 2020a"
    text: str
    start: int
    end: int
    authors: tuple[str, ...] = ()
    year: int | None = None
    year_suffix: str = ""
    title: str | None = None
    venue: str | None = None
    date: str | None = None
    url: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class CitationIssue:
    kind: str  # dangling | near_miss | uncited | duplicate | ambiguous
    citation: str
    detail: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document's text."""

    claims: tuple[Claim, ...] = ()
    references: tuple[ReferenceEntry, ...] = ()
    citation_issues: tuple[CitationIssue, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why two statements differ (or why they are only related)."""

    slot: str  # date | quantity | negation | quantifier | entity | other
    a: str | None
    b: str | None
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    """Result of comparing two statements' slots."""

    relation: str  # agree | conflict | related
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Match:
    """Two claims found to speak of the same thing."""

    claim_a: int
    claim_b: int
    score: float  # 0-100
    relation: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Page:
    """A fetched (or archived) web page or file, with its extracted main text."""

    url: str
    final_url: str
    status: int
    fetched_at: datetime
    sha256: str  # of the raw body
    content_type: str
    text: str  # extracted main text; evidence offsets point here
    title: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    from_archive: bool = False
    error: str | None = None  # set when unreachable: the reason


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class VerificationResult:
    """A claim checked against one page."""

    verdict: str  # supported | contradicted | not_found | unreachable
    evidence: Evidence | None = None
    reasons: tuple[Reason, ...] = ()
    score: float = 0.0


_Model = TypeVar("_Model")


def direct_constructor(cls: type[_Model]) -> Callable[..., _Model]:
    """A positional constructor for the frozen dataclass ``cls`` that stores the fields without
    going through ``object.__setattr__`` for each one as the frozen ``__init__`` does: an equal
    object (same class, same fields, same hash) for about half the cost, for the extractors' hot
    paths. Every field must be given, positionally; there are no defaults and no
    ``__post_init__`` (refused).

    A class with a ``__dict__`` has it filled field by field, in field order. A ``slots=True``
    class is made as an instance of a twin class with the same slots and no frozen
    ``__setattr__`` (plain slot stores), whose ``__init__`` then gives the object its real class:
    the two layouts are the same, so Python allows the ``__class__`` assignment, and nothing of
    the twin remains in the object.
    """
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: direct construction would skip __post_init__")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "cls": cls}
    if "__slots__" in cls.__dict__:
        if tuple(cls.__slots__) != tuple(names) or any("__slots__" in base.__dict__ and base.__slots__
                                                       for base in cls.__mro__[1:]):
            raise TypeError(f"{cls.__name__}: slots other than its fields")
        assignments = "".join(f"    self.{name} = {name}\n" for name in names)
        source = (f"def __init__(self, {', '.join(names)}):\n{assignments}"
                  f"    self.__class__ = cls\n")
        exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field names
        twin = type(f"_Direct{cls.__name__}", (), {"__slots__": tuple(names), "__init__": namespace["__init__"],
                                                    "__module__": cls.__module__})
        return twin  # type: ignore[return-value]  # calling it returns an instance of cls
    if hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: slots from a base class")
    assignments = "".join(f"    values[{name!r}] = {name}\n" for name in names)
    source = (f"def make_{cls.__name__}({', '.join(names)}):\n    made = _new(cls)\n"
              f"    values = made.__dict__\n{assignments}    return made\n")
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field names
    return namespace[f"make_{cls.__name__}"]


_AS_DICT: dict[type, Callable[[Any], dict]] = {}


def field_dict(item: Any) -> dict:
    """The fields of the dataclass object ``item`` as a new dict, in field order, values as they
    are (``dataclasses.asdict`` without its recursive deep copy): for leaf objects (mentions,
    reasons) written as JSON. Works alike with and without ``__slots__``."""
    make = _AS_DICT.get(type(item))
    if make is None:
        names = [f.name for f in fields(item)]
        namespace: dict[str, Any] = {}
        exec("def as_dict(item):\n    return {" + ", ".join(f"{n!r}: item.{n}" for n in names) + "}\n",
             namespace)  # noqa: S102 - generated from the dataclass's own field names
        make = _AS_DICT[type(item)] = namespace["as_dict"]
    return make(item)


# -- curation: human reviews, review states, clusters of merged claims -------------------------

REVIEW_STATUSES: tuple[str, ...] = ("unstarted", "in_progress", "needs_second_look", "done")
HUMAN_VERDICTS: tuple[str, ...] = ("accurate", "inaccurate", "misleading", "unverifiable",
                                   "not_a_claim")
MATCH_DECISIONS: tuple[str, ...] = ("confirm", "reject")  # a human on a machine agree/conflict
REVIEW_KINDS: tuple[str, ...] = ("claim", "match", "merge", "unmerge")


@dataclass(frozen=True)
class Review:
    """One entry of the append-only curation trail.

    ``kind`` says what it is about: a claim's review (``status``, ``verdict``), a match's review
    (``decision`` on the pair ``claim_id``/``other_claim_id``), or a merge/unmerge of
    ``claim_id`` into/out of ``other_claim_id``'s cluster. ``status`` and ``verdict`` are the
    claim's whole state after this entry (the latest entry wins). ``version`` numbers the entries
    of one subject (a claim, or a pair) from 1: a write names the version it saw, and is refused
    when another has been written since.
    """

    claim_id: int
    kind: str
    reviewer: str
    created_at: datetime
    status: str | None = None
    verdict: str | None = None
    decision: str | None = None
    other_claim_id: int | None = None
    note: str = ""
    organisation: str | None = None
    version: int = 1
    id: int | None = None


@dataclass(frozen=True)
class CurationState:
    """Where a claim stands in the review queue: the latest review's state, the version a new
    write must name, and the cluster it belongs to (``root`` is itself when not merged)."""

    claim_id: int
    status: str = "unstarted"
    verdict: str | None = None
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    note: str = ""
    organisation: str | None = None
    version: int = 0
    merged_into: int | None = None
    root: int | None = None


@dataclass(frozen=True)
class QueueItem:
    """A claim in the review queue: the claim, its human state and its machine finding
    (``conflict``, ``contradicted``, ``supported``, ``agree``, ``related``, ``not_found``,
    ``unreachable`` or None), with the source it comes from."""

    claim: Claim
    state: CurationState
    finding: str | None = None
    source: str | None = None
