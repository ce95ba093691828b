"""Slot comparison shared by matching and verification (pure).

``compare_statements`` decides whether two statements make the same assertion and, if so, whether
their slots (dates, quantities, negation, quantifiers) agree or conflict. It works on any two
statements: two stored claims, or a claim and a passage of a fetched page.

The decision has two steps:

1. *Same assertion?* The statements must share their predicate (content words left after removing
   entities, dates and numbers; stemmed; mapped through synonym groups and antonym axes from
   ``data/match_lexicon.json``), must not name disjoint participants, and must have the same
   subject. Otherwise the relation is ``related``: a different event is never a conflict.
2. *Slots compatible?* Dates are compared as intervals (a month contains its days, a range its
   dates), quantities by kind and unit with a tolerance for rounding and approximation, polarity
   through negation cues and antonyms, and exclusive quantifiers ("only") against further actors.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import json
import logging
import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from datetime import date
from pathlib import Path

from claimcheck.extract.dates import names_month
from claimcheck.extract.quantities import implied_ranks, ordinal_words
from claimcheck.model import Comparison, DateMention, Entity, Quantity, Reason, Slots

logger = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).with_name("data") / "match_lexicon.json"

MIN_PREDICATE_DICE = 0.45  # share of predicate terms two statements need to be one assertion
# ... when both are dated and say the same event verb of the same subject: a trailing clause
# (", and the city still has no answers") dilutes the overlap of what is said about it
MIN_PREDICATE_DICE_SAME_EVENT = 0.2
# ... when both give the same distinctive figure of the same thing ("212 homes", "$3.2 million"):
# a shared exact figure is strong evidence of one assertion told in other words
MIN_PREDICATE_DICE_SAME_FIGURE = 0.2
DISTINCTIVE_MIN = 13  # whole numbers below this ("two", "12 months") are too common to identify a claim
UNIT_FREE_MIN = 1000  # a count this large identifies a claim whatever noun it counts
FAR_APART_DAYS = 365  # dates further apart than this, with other participants: another event
RECURRING_GAP_DAYS = 120  # a recurring event (election, summit) this far apart: another occurrence
PERIOD_MIN_DAYS = 27  # a date covering at least this many days is a period (a month, a year)
APPROXIMATE_TOLERANCE = 0.10  # relative tolerance when a text approximates ("about 120")
ROUNDING_CAP = 0.10  # rounding never excuses a relative difference above this
EXACT_TOLERANCE = 0.005  # relative difference treated as the same exact figure
DURATION_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
                 "month": 30.44, "year": 365.25, "decade": 3652.5}

_WORD = re.compile(r"n't|[a-z][a-z'\-]*[a-z]|[a-z]")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Lexicon:
    """Vocabulary for predicate comparison, loaded from ``data/match_lexicon.json``."""

    stopwords: frozenset[str]
    term_groups: dict[str, tuple[str, ...]]  # stem -> synonym group keys
    axes: dict[str, tuple[tuple[str, int], ...]]  # group key -> its (antonym axis, +1 | -1) pairs
    negation_cues: frozenset[str]
    negating_stems: frozenset[str]
    negation_exceptions: tuple[str, ...]
    quantifier_cues: dict[str, tuple[str, ...]]
    recurring_stems: frozenset[str]
    subject_blockers: frozenset[str]
    passive_auxiliaries: frozenset[str]
    exclusive_actions: tuple[frozenset[str], ...]
    verb_markers: frozenset[str]
    determiners: frozenset[str]
    repetition_cues: tuple[str, ...]
    repetition_pattern: re.Pattern[str]  # any repetition cue between spaces of the joined tokens
    lexicon_terms: frozenset[str]  # every group key and antonym axis: the "event" vocabulary
    clause_cues: dict[str, str]  # cue opening a clause about another event -> its kind
    clause_pattern: re.Pattern[str]  # every clause cue in one pattern
    affirming_cues: frozenset[str]  # comparison cues saying the other occurrence had the predicate
    reporting_verbs: frozenset[str] = frozenset()  # "said", "confirmed": "X said that S" asserts S
    transparent_heads: frozenset[str] = frozenset()  # "the number of cases": the head is "cases"
    bound_kinds: dict[str, str] = dataclasses.field(default_factory=dict)  # cue -> "min" | "max"
    bound_pattern: re.Pattern[str] | None = None  # a bound cue ending just before a figure
    predicate_counts: dict[str, str] = dataclasses.field(default_factory=dict)  # "die" -> "death"
    # "not a *single* minister": emphasis between a negation cue and the noun it denies
    negation_emphatics: frozenset[str] = frozenset()
    forecast_pattern: re.Pattern[str] | None = None  # a cue of a forecast or plan ("would", "plans to")
    # stem of a word of an antonym pair -> its axes: a word that is also a synonym of another
    # axis's word ("reject": approve|reject, and "oppose"'s group) reads both
    stem_axes: dict[str, tuple[tuple[str, int], ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class DateSpan:
    """A date mention as a closed interval of day ordinals.

    ``year_written`` is False for a day or month whose year the text does not give ("on 21 May"):
    its year was inferred (the paragraph's, the publication's), so against a date whose year is
    written it is compared on what the text says, its day and month, in that year.
    """

    label: str
    first: int
    last: int
    year_written: bool = True
    iso: tuple[str, str] = ("", "")  # (value, end value) of the mention
    # the mention as written ("9 October 2018", "yesterday"): for reasons only, so two tellings
    # of one day are one span
    text: str = dataclasses.field(default="", compare=False)
    since: bool = False  # "since October": the period from this date to the text's own time
    until: bool = False  # "before July 13", "by 6 January": the period that ends at this date


@dataclass(frozen=True)
class StatementView:
    """The parts of a statement that the comparison looks at."""

    terms: frozenset[str]
    polarity: dict[str, int]  # antonym axis -> +1 | -1 (0 when the text has both directions)
    negated: bool
    negation_cue: str
    negation_scope: frozenset[str] | None  # terms of the word a negation cue governs; None: unknown
    quantifier: str | None
    entities: frozenset[str]
    entity_kinds: dict[str, str]
    subject: str | None
    subjects: frozenset[str]  # the subject with the entities coordinated with it ("A, B and C")
    head_terms: frozenset[str]  # terms of the subject's head noun when it is not an entity
    event_terms: frozenset[str]  # known predicates: lexicon terms and verb forms ("-ed", "sold")
    dates: tuple[DateSpan, ...]
    quantities: tuple[Quantity, ...]
    recurring: bool
    repeated: bool  # "again", "a new resolution", "annual": one occurrence of several
    other_dates: tuple[DateSpan, ...] = ()  # dates of subordinate clauses about another event
    other_quantities: tuple[Quantity, ...] = ()  # figures of those clauses ("up from 180,000")
    affirms_other: bool = False  # a comparison clause gives the other occurrence the same predicate
    text: str = ""  # the statement itself (where a name the extractor missed may still stand)
    entity_surfaces: tuple[tuple[str, str], ...] = ()  # (as written, canonical) of each entity
    bounds: tuple[str | None, ...] = ()  # per main quantity: "min" ("more than 5"), "max", or None
    anterior: bool = False  # the main clause is pluperfect ("had been"): a state before the narrative's time
    times: tuple = ()  # times of day of the main clause (``TimeMention``)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Strip common English suffixes: a small, predictable stemmer (not Porter).

    Args:
        word: A lowercase word.

    Returns:
        The word without plural, past, gerund and a few derivational suffixes.
    """
    word = word.replace("'", "")
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""),
                                ("ation", "ate"), ("ment", ""), ("ness", ""), ("edly", ""),
                                ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # stopp(ed) -> stop
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # recognise / recognis(ed) meet here
    return word.replace("z", "s")  # recognize / recognise


@functools.lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[str, ...]:
    """Lowercase word tokens (``n't`` kept as its own token); cached, as one statement is
    tokenised by several helpers."""
    return tuple(_WORD.findall(text.lower().replace("\u2019", "'").replace("n't", " n't")))


@functools.lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the matching vocabulary.

    Args:
        path: A JSON file shaped like ``data/match_lexicon.json``; the shipped file by default.

    Returns:
        The parsed ``Lexicon``.
    """
    raw = json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = {}
    for key, words in raw["synonym_groups"].items():
        for word in [key, *words]:
            bucket = groups.setdefault(stem(word), [])
            if key not in bucket:
                bucket.append(key)
    axes: dict[str, tuple[tuple[str, int], ...]] = {}
    stem_axes: dict[str, tuple[tuple[str, int], ...]] = {}
    for positive, negative in raw["antonym_axes"]:
        axis = f"{positive}|{negative}"
        for word, sign in ((positive, 1), (negative, -1)):
            axes[word] = axes.get(word, ()) + ((axis, sign),)
            stem_axes[stem(word)] = stem_axes.get(stem(word), ()) + ((axis, sign),)
            bucket = groups.setdefault(stem(word), [])
            if word not in bucket and not any(k in axes for k in bucket):
                bucket.append(word)
    clause_cues = {cue: kind for kind, cues in raw["secondary_clause_cues"].items() for cue in cues}
    bound_kinds = {cue: kind for kind, cues in raw.get("bound_cues", {}).items() for cue in cues}
    return Lexicon(
        stopwords=frozenset(raw["stopwords"]),
        term_groups={s: tuple(keys) for s, keys in groups.items()},
        axes=axes,
        negation_cues=frozenset(raw["negation_cues"]),
        negating_stems=frozenset(stem(w) for w in raw["negating_verbs"]),
        negation_exceptions=tuple(raw["negation_exceptions"]),
        quantifier_cues={k: tuple(v) for k, v in raw["quantifier_cues"].items()},
        recurring_stems=frozenset(stem(w) for w in raw["recurring_event_terms"]),
        subject_blockers=frozenset(raw["subject_blocking_prepositions"]),
        passive_auxiliaries=frozenset(raw["passive_auxiliaries"]),
        exclusive_actions=tuple(frozenset(group) for group in raw["exclusive_actions"]),
        verb_markers=frozenset(raw["verb_markers"]),
        determiners=frozenset(raw["determiners"]),
        repetition_cues=tuple(raw["repetition_cues"]),
        repetition_pattern=re.compile(
            " (?:" + "|".join(re.escape(c) for c in sorted(raw["repetition_cues"], key=len, reverse=True))
            # "a third of the country's GDP", "of which a third was paid": a fraction, not a third
            # occurrence (an occurrence cue is followed by what recurs, not by "of" or a verb)
            + ") (?!of |was |were |is |are |has |have |had |will |would )"),
        lexicon_terms=frozenset(raw["synonym_groups"]) | frozenset(
            axis for pairs in axes.values() for axis, _ in pairs),
        clause_cues=clause_cues, clause_pattern=clause_cue_pattern(clause_cues),
        affirming_cues=frozenset(raw["affirming_comparison_cues"]),
        reporting_verbs=frozenset(raw.get("reporting_verbs", ())),
        transparent_heads=frozenset(raw.get("transparent_heads", ())),
        bound_kinds=bound_kinds,
        predicate_counts=dict(raw.get("predicate_counts", {})),
        negation_emphatics=frozenset(raw.get("negation_emphatics", ())),
        forecast_pattern=re.compile(
            " (?:" + "|".join(re.escape(c) for c in sorted(raw["forecast_cues"], key=len, reverse=True)) + ") ")
        if raw.get("forecast_cues") else None,
        stem_axes=stem_axes,
        bound_pattern=re.compile(
            r"(?:^|[^\w])(" + "|".join(re.escape(c) for c in sorted(bound_kinds, key=len, reverse=True))
            + r")\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE) if bound_kinds else None,
    )


# ---------------------------------------------------------------------------------------------
# Building a statement view


_CLAUSE_END = re.compile(r",\s|;|\s[\u2013\u2014-]\s|\.\s*$")
_HAD = re.compile(r"(?<![a-z])(?:had|'d)(?![a-z])")
# "had" + a past participle (adverbs between): the pluperfect, a state before the narrative's
# time ("in 2017 turnout had been 76.2 per cent"); not "had" of possession ("had 90 days")
_PLUPERFECT = re.compile(
    r"(?<![a-z])had\s+(?:(?:already|previously|long|never|just|also|once|even|still|not|only|"
    r"first|recently|earlier)\s+)*(?!(?:ten|seven|eleven|often|even|open|golden|wooden)\b)"
    r"(?:been|[a-z]+(?:ed|en|wn)|won|held|led|made|set|run|hit|cut|put|lost|left|kept|met|paid|"
    r"said|sold|told|spent|built|brought|bought|fought|stood|become|come|done|gone|begun|sent|"
    r"found|shot|sat|struck|fled|dug|slumped|risen|fallen)\b")


@dataclass(frozen=True)
class ClauseSpan:
    """A subordinate or comparative clause about another event: ``text[start:end]``."""

    start: int
    end: int
    affirming: bool  # "as it had", "compared with": the other occurrence shares the predicate


def clause_cue_pattern(cues: dict[str, str]) -> re.Pattern[str]:
    """One pattern for every clause cue: longest first, on word boundaries (a cue opening with
    punctuation may follow a word).

    Args:
        cues: Cue -> kind.
    """
    ordered = sorted(cues, key=len, reverse=True)
    words = "|".join(re.escape(cue) for cue in ordered if cue[:1].isalpha())
    punctuated = "|".join(re.escape(cue) for cue in ordered if not cue[:1].isalpha()) or "(?!)"
    return re.compile(rf"(?:\b(?:{words})|(?:{punctuated}))(?![a-z'])")


def secondary_clauses(text: str, lexicon: Lexicon | None = None) -> tuple[ClauseSpan, ...]:
    """Clauses that speak of another event than the main clause, in text order.

    A clause opens at a cue of ``secondary_clause_cues`` ("as it had when", "compared with",
    ", which", "after ... had", "since") and runs to the next comma, semicolon or dash, or to the
    end of the statement. Pluperfect cues ("after", "when") open a clause only when it says "had".

    Args:
        text: The statement.
        lexicon: Vocabulary; the shipped one by default.

    Returns:
        Non-overlapping ``ClauseSpan`` s (overlapping ones merged).
    """
    lexicon = lexicon or load_lexicon()
    lowered = text.lower().replace("\u2019", "'")
    found: list[ClauseSpan] = []
    for match in lexicon.clause_pattern.finditer(lowered):
        end_match = _CLAUSE_END.search(lowered, match.end())
        end = end_match.start() if end_match else len(text)
        if lexicon.clause_cues[match.group()] == "pluperfect" and not _HAD.search(lowered, match.end(), end):
            continue
        found.append(ClauseSpan(match.start(), end, match.group() in lexicon.affirming_cues))
    return _merge_clauses(found)


def _merge_clauses(spans: list[ClauseSpan]) -> tuple[ClauseSpan, ...]:
    """Union of overlapping clause spans; a merged clause affirms when any part does."""
    merged: list[ClauseSpan] = []
    for span in sorted(spans, key=lambda c: (c.start, -c.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = ClauseSpan(last.start, max(last.end, span.end), last.affirming or span.affirming)
        else:
            merged.append(span)
    return tuple(merged)


def _mention_positions(text: str, mentions: tuple) -> list[int]:
    """Where each mention sits in ``text`` (mentions carry document offsets), in order; repeated
    mention texts are found left to right; -1 when a mention is not found."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    positions = [-1] * len(mentions)
    cursor = 0
    for index in order:
        mention_text = mentions[index].text
        if not mention_text:
            continue
        position = text.find(mention_text, cursor)
        if position < 0:
            position = text.find(mention_text)
        else:
            cursor = position + len(mention_text)
        positions[index] = position
    return positions


def split_by_clause(text: str, mentions: tuple, clauses: tuple[ClauseSpan, ...]) -> tuple[tuple, tuple]:
    """Separate mentions of the main clause from those inside ``clauses``.

    Returns:
        ``(main mentions, mentions in secondary clauses)``, each in the input order.
    """
    if not clauses:
        return tuple(mentions), ()
    main, other = [], []
    for mention, position in zip(mentions, _mention_positions(text, mentions)):
        inside = position >= 0 and any(c.start <= position < c.end for c in clauses)
        (other if inside else main).append(mention)
    return tuple(main), tuple(other)


def _mask_mentions(text: str, slots: Slots) -> str:
    """Blank out entity and date mentions and numbers so only the predicate words remain.

    Quantity mentions keep their words ("6.9 million deaths" still says "deaths"); an "against"
    that sets one figure beside another goes with the figures (``_FIGURE_AGAINST``).
    """
    mentions = [m.text for m in (*slots.entities, *slots.dates) if m.text]
    for mention in sorted(mentions, key=len, reverse=True):
        text = text.replace(mention, " ")
    return _NUMBER.sub(" ", _FIGURE_AGAINST.sub(" ", text))


# "against" before a figure sets one figure beside another ("12.6% ... against 1.7% on placebo",
# "213 votes against 177"): it opposes nothing, so it reads no antonym axis
_FIGURE_AGAINST = re.compile(r"\bagainst(?=\s+(?:[-+−~≈]\s?)?(?:[$€£¥]\s?)?\d)", re.IGNORECASE)


def _terms_of_word(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The comparable terms of one content word: synonym groups (or antonym axes), else its stem."""
    stemmed = stem(word)
    groups = lexicon.term_groups.get(stemmed)
    if not groups:
        return (stemmed,)
    # an antonym pair shares one term (its word's first axis), so "rose" and "fell" share the
    # predicate; polarity reads every axis of the word. A word of several pairs shares a term
    # with each of its antonyms ("rejected" with "approved", "passed" and "accepted"), also when
    # it belongs to another word's synonym group ("reject" is one of "oppose"'s)
    terms = tuple(lexicon.axes[g][0][0] if g in lexicon.axes else g for g in groups)
    own = tuple(axis for axis, _ in lexicon.stem_axes.get(stemmed, ()) if axis not in terms)
    return terms + own


def predicate_terms(text: str, lexicon: Lexicon | None = None) -> tuple[frozenset[str], dict[str, int]]:
    """Content terms of a (masked) text and the direction of each antonym axis it uses.

    Args:
        text: Text with entities, dates and numbers already removed.
        lexicon: Vocabulary; the shipped one by default.

    Returns:
        ``(terms, polarity)``: the set of comparable terms, and for each antonym axis +1, -1, or
        0 when the text uses both directions.
    """
    lexicon = lexicon or load_lexicon()
    terms: set[str] = set()
    polarity: dict[str, int] = {}
    for word in tokenize(text):
        if word in lexicon.stopwords or len(word) < 2 or stem(word) in lexicon.negating_stems:
            continue
        terms.update(_terms_of_word(word, lexicon))
        stemmed = stem(word)
        read = {pair for group in lexicon.term_groups.get(stemmed, ()) for pair in lexicon.axes.get(group, ())}
        for axis, sign in sorted(read | set(lexicon.stem_axes.get(stemmed, ()))):
            polarity[axis] = sign if polarity.get(axis, sign) == sign else 0
    return frozenset(terms), polarity


def find_negation(text: str, lexicon: Lexicon | None = None) -> str:
    """The first negation cue of a statement ("not", "never", "denied"...), or "" if none."""
    lexicon = lexicon or load_lexicon()
    lowered = " " + " ".join(tokenize(text)) + " "
    for phrase in lexicon.negation_exceptions:
        lowered = lowered.replace(" " + phrase + " ", " ")
    for word in lowered.split():
        if word in lexicon.negation_cues or stem(word) in lexicon.negating_stems:
            return word
    return ""


def negation_scope(text: str, lexicon: Lexicon | None = None) -> frozenset[str] | None:
    """Terms of the first content word after the first negation cue ("did not *lower*"); a word
    that only emphasises the denial is passed over ("not a single *minister*", as "no *minister*").

    Returns:
        The governed word's terms; an empty set when the cue governs nothing comparable (end of
        clause); None when the text has no negation cue.
    """
    lexicon = lexicon or load_lexicon()
    words = tokenize(text)
    cue = find_negation(text, lexicon)
    if not cue or cue not in words:
        return None
    following = words[words.index(cue) + 1:]
    for word in following[:5]:
        if (word not in lexicon.stopwords and word not in lexicon.determiners and len(word) > 1
                and word not in lexicon.negation_emphatics):
            return frozenset(_terms_of_word(word, lexicon))
    return frozenset()


def has_repetition_cue(text: str, lexicon: Lexicon | None = None) -> bool:
    """True when the text presents its event as one of several ("again", "annual", "a new")."""
    lexicon = lexicon or load_lexicon()
    return lexicon.repetition_pattern.search(" " + " ".join(tokenize(text)) + " ") is not None


def find_quantifier(text: str, lexicon: Lexicon | None = None) -> str | None:
    """An exclusive or universal-negative quantifier cue ("only", "none") in the text, if any."""
    lexicon = lexicon or load_lexicon()
    lowered = " " + " ".join(tokenize(text)) + " "
    for phrase in lexicon.negation_exceptions:
        lowered = lowered.replace(" " + phrase + " ", " ")
    for quantifier in ("only", "none"):
        if any(f" {cue} " in lowered for cue in lexicon.quantifier_cues.get(quantifier, ())):
            return quantifier
    return None


def _entity_position(text: str, entity: Entity) -> int:
    """Where an entity mention sits in ``text`` (mentions carry document offsets)."""
    position = text.find(entity.text) if entity.text else -1
    return position if position >= 0 else len(text)


def _preceding_word(text: str, position: int, skip: frozenset[str] = frozenset()) -> str:
    """The word just before ``position`` in ``text``, lowercased, passing over ``skip`` words."""
    words = [w for w in _WORD.findall(text[max(0, position - 60):position].lower()) if w not in skip]
    return words[-1] if words else ""


def _subject_index(text: str, ordered: list[Entity], lexicon: Lexicon) -> int | None:
    """Index of the subject in ``ordered``: a passive's agent, else the first entity not
    governed by a preposition."""
    before = [_preceding_word(text, _entity_position(text, e), lexicon.determiners) for e in ordered]
    if set(tokenize(text)) & lexicon.passive_auxiliaries and "by" in before:
        return before.index("by")
    for index, word in enumerate(before):
        if word not in lexicon.subject_blockers:
            return index
    return None


_COORDINATION = re.compile(r"^(?:\s*(?:,|and|&|the)\s*)+$", re.IGNORECASE)


def find_subjects(text: str, entities: tuple[Entity, ...],
                  lexicon: Lexicon | None = None) -> tuple[str | None, frozenset[str]]:
    """The statement's subject and the entities coordinated with it ("India, China and the UAE").

    Args:
        text: The statement.
        entities: Its entity mentions.
        lexicon: Vocabulary; the shipped one by default.

    Returns:
        ``(subject canonical name or None, canonical names of the coordinated subjects)``.
    """
    lexicon = lexicon or load_lexicon()
    ordered = sorted(entities, key=lambda e: (_entity_position(text, e), e.canonical))
    index = _subject_index(text, ordered, lexicon)
    if index is None:
        return None, frozenset()
    group = [ordered[index]]
    for entity in ordered[index + 1:]:
        gap_start = _entity_position(text, group[-1]) + len(group[-1].text)
        if not _COORDINATION.match(text[gap_start:_entity_position(text, entity)]):
            break
        group.append(entity)
    return ordered[index].canonical, frozenset(e.canonical for e in group)


def find_subject(text: str, entities: tuple[Entity, ...], lexicon: Lexicon | None = None) -> str | None:
    """Canonical name of the statement's subject (see ``find_subjects``)."""
    return find_subjects(text, entities, lexicon)[0]


def _is_verb_like(word: str, lexicon: Lexicon) -> bool:
    """A rough verb test: auxiliaries, common irregular pasts, "-ed" forms, negation."""
    return (word in lexicon.verb_markers or word in lexicon.negation_cues
            or (len(word) > 4 and word.endswith("ed")))


def head_terms(masked_text: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Terms of the subject's head noun(s): the last content word before the first verb.

    A prepositional phrase does not move the head ("residents of the hamlets were" -> resident)
    unless the head is a quantity word ("the number of cases rose" -> case),
    coordinated heads are all kept ("homes and outbuildings were" -> home, outbuilding), and a
    reporting clause gives way to what it reports ("Teams confirmed that homes were destroyed"
    -> home).

    Args:
        masked_text: The statement with entities, dates and numbers removed.
        lexicon: Vocabulary; the shipped one by default.

    Returns:
        The head's terms, or an empty set when no verb or no head is found.
    """
    lexicon = lexicon or load_lexicon()
    words = tokenize(masked_text)
    heads: list[str] = []
    head = ""
    frozen = False  # a preposition after the head: what follows modifies it
    for i, word in enumerate(words):
        reporting = word in lexicon.reporting_verbs or stem(word) in lexicon.reporting_verbs
        if _is_verb_like(word, lexicon) or reporting and head:
            if reporting and i + 1 < len(words) and words[i + 1] == "that":
                return head_terms(" ".join(words[i + 2:]), lexicon)
            heads.append(head)
            terms = [t for h in heads if h for t in _terms_of_word(h, lexicon)]
            return frozenset(terms)
        if word in lexicon.subject_blockers:
            frozen = frozen or bool(head) and head not in lexicon.transparent_heads
        elif word == "and" and head and not frozen:
            heads.append(head)
            head = ""
        elif not frozen and word not in lexicon.stopwords and word not in lexicon.determiners and len(word) > 1:
            head = word
    return frozenset()


def _verb_terms(masked_text: str, lexicon: Lexicon) -> frozenset[str]:
    """Terms of the verb forms in a text ("recalled", "sold"), auxiliaries left out."""
    terms: set[str] = set()
    for word in tokenize(masked_text):
        if word in lexicon.stopwords or word in lexicon.negation_cues or word.endswith("n't"):
            continue
        if _is_verb_like(word, lexicon):
            terms.update(_terms_of_word(word, lexicon))
    return frozenset(terms)


def _usable_entities(text: str, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Drop a sentence-initial capitalised common word the extractor took for a name."""
    start = text.lstrip()
    return tuple(e for e in entities
                 if not (e.kind == "other" and e.canonical == e.text and " " not in e.text
                         and start.startswith(e.text)))


def _parse_iso(value: str, last: bool) -> int | None:
    """Day ordinal of the first (or last) day of an ISO ``YYYY[-MM[-DD]]`` value."""
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            day = int(parts[2])
        else:
            day = calendar.monthrange(year, month)[1] if last else 1
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def date_span(mention: DateMention) -> DateSpan | None:
    """The interval of days a date mention covers, or None when it has no usable value."""
    if not mention.value or mention.relative:
        return None
    first = _parse_iso(mention.value, last=False)
    last = _parse_iso(mention.end_value or mention.value, last=True)
    if first is None or last is None:
        return None
    label = mention.value if not mention.end_value else f"{mention.value}/{mention.end_value}"
    # a written day or month without its year ("21 May"); not a weekday dated from the page
    # ("on Friday"), which names no month and is dated whole by its reference
    year_written = not (mention.inferred_year and mention.precision in ("day", "month")
                        and names_month(mention.text))
    if not year_written:
        label = f"{mention.text.strip()} (year not written)"
    return DateSpan(label=label, first=min(first, last), last=max(first, last), year_written=year_written,
                    iso=(mention.value, mention.end_value or mention.value), text=mention.text.strip())


def _in_year(span: DateSpan, year: str) -> DateSpan | None:
    """``span``'s day and month in ``year`` (None when that day does not exist then)."""
    first = _parse_iso(year + span.iso[0][4:], last=False)
    last = _parse_iso(year + span.iso[1][4:], last=True)
    if first is None or last is None:
        return None
    return dataclasses.replace(span, first=min(first, last), last=max(first, last))


def build_view(text: str, slots: Slots, lexicon: Lexicon | None = None) -> StatementView:
    """Turn a statement and its slots into the view the comparison works on.

    Args:
        text: The statement.
        slots: Its slots (entities, dates, quantities, negation, quantifier).
        lexicon: Vocabulary; the shipped one by default.

    Returns:
        A ``StatementView``.
    """
    lexicon = lexicon or load_lexicon()
    entities = _usable_entities(text, slots.entities)
    slots = dataclasses.replace(slots, entities=entities)
    masked = _mask_mentions(text, slots)
    terms, polarity = predicate_terms(masked, lexicon)
    subject, subjects = find_subjects(text, entities, lexicon)
    cue = find_negation(text, lexicon)
    quantifier = slots.quantifier or find_quantifier(text, lexicon)
    clauses = secondary_clauses(text, lexicon)
    main_dates, other_dates = split_by_clause(text, slots.dates, clauses)
    main_quantities, other_quantities = _clause_quantities(text, slots.quantities, clauses, lexicon)
    return StatementView(
        terms=terms, polarity=polarity, negated=bool(slots.negated or cue),
        negation_cue=cue or ("negated" if slots.negated else ""), quantifier=quantifier,
        negation_scope=negation_scope(text, lexicon) if cue else None,
        entities=frozenset(e.canonical for e in slots.entities),
        entity_kinds={e.canonical: e.kind for e in slots.entities},
        subject=subject, subjects=subjects, head_terms=head_terms(masked, lexicon),
        event_terms=(terms & lexicon.lexicon_terms) | _verb_terms(masked, lexicon),
        dates=_date_spans(main_dates, text), quantities=main_quantities,
        recurring=bool({stem(w) for w in tokenize(text)} & lexicon.recurring_stems),
        repeated=has_repetition_cue(text, lexicon),
        other_dates=_date_spans(other_dates, text),
        other_quantities=_inherit_units(other_quantities, main_quantities),
        affirms_other=any(c.affirming for c in clauses),
        text=text,
        entity_surfaces=tuple((e.text, e.canonical) for e in slots.entities),
        bounds=quantity_bounds(text, main_quantities, lexicon),
        anterior=_main_clause_pluperfect(text, clauses),
        times=split_by_clause(text, slots.times, clauses)[0] if slots.times else (),
    )


def _clause_quantities(text: str, quantities: tuple[Quantity, ...], clauses: tuple[ClauseSpan, ...],
                       lexicon: Lexicon) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """The figures of ``build_view``: ``(quantities, other_quantities)`` before units are inherited."""
    usable = tuple(q for q in quantities if q.kind != "other" or q.unit)
    written = {q.text.lower() for q in usable if q.kind == "ordinal"}
    usable += tuple(r for r in implied_ranks(text) if r.text.lower() not in written)
    main_quantities, other_quantities = split_by_clause(text, usable, clauses)
    main_quantities, spans = _without_spans(text, main_quantities)
    main_quantities = _counted_by_predicate(text, main_quantities, lexicon)
    main_quantities = _ages(text, main_quantities)
    return main_quantities, other_quantities + spans


def main_quantities(text: str, slots: Slots, lexicon: Lexicon | None = None) -> tuple[Quantity, ...]:
    """``build_view(text, slots).quantities`` without the rest of the view (terms, subjects,
    dates, ...): the figures of the main clause, for callers that need only those of many
    statements (matching counts what every claim of a document measures)."""
    lexicon = lexicon or load_lexicon()
    return _clause_quantities(text, slots.quantities, secondary_clauses(text, lexicon), lexicon)[0]


def _main_clause_pluperfect(text: str, clauses: tuple[ClauseSpan, ...]) -> bool:
    """True when the main clause (``text`` outside ``clauses``) is in the pluperfect."""
    lowered = text.lower().replace("\u2019", "'")
    main = "".join(" " if any(c.start <= i < c.end for c in clauses) else ch for i, ch in enumerate(lowered)) \
        if clauses else lowered
    return bool(_PLUPERFECT.search(main))


_FIGURE_MODIFIERS = frozenset({"more", "than", "less", "fewer", "over", "about", "around", "nearly",
                               "almost", "some", "at", "least", "roughly", "approximately", "up", "to",
                               "another", "a", "further", "just", "only", "the", "of", "by", "all"})
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\band\b|\bbut\b|\bwhile\b")
_COUNTED_WORD = re.compile(r"[a-z][a-z'\-]*")


def _counted_by_predicate(text: str, quantities: tuple[Quantity, ...],
                          lexicon: Lexicon) -> tuple[Quantity, ...]:
    """A count of people that a predicate makes a count of events takes that event's noun: "killed
    40 people" and "two volunteers in the trial died" count deaths, as "three deaths" does. The
    predicate is the word just before the figure ("killed 40", "left 42 dead") or the first
    predicate after its noun in the same clause ("... in the trial died"); the event nouns are
    the lexicon's ``predicate_counts``."""
    if not quantities or not lexicon.predicate_counts:
        return quantities
    lowered = text.lower()
    out = []
    for quantity, position in zip(quantities, _mention_positions(text, quantities)):
        noun = lexicon.predicate_counts.get(next(iter(_terms_of_word(quantity.unit.lower(), lexicon)), ""), None) \
            if quantity.kind == "count" and quantity.unit else None
        if quantity.kind != "count" or position < 0 or noun is not None or "|" in quantity.unit:
            # not a count, an event noun already ("three deaths"), or read already ("person|death")
            out.append(quantity)
            continue
        before = _COUNTED_WORD.findall(lowered[max(0, position - 32):position])
        while before and before[-1] in _FIGURE_MODIFIERS:  # "injured more than 7,000"
            before.pop()
        end = position + len(quantity.text)
        after_text = lowered[end:end + 120]
        cut = _CLAUSE_BREAK.search(after_text)
        after = _COUNTED_WORD.findall(after_text[:cut.start()] if cut else after_text)
        event = None
        for word in before[-1:] + after[:12]:
            for term in _terms_of_word(word, lexicon):
                if term in lexicon.predicate_counts:
                    event = lexicon.predicate_counts[term]
                    break
            if event:
                break
        # "firefighter|injury": counted as injuries, shown with the noun the text counts
        unit = f"{quantity.unit}|{event}" if event and quantity.unit else event
        out.append(dataclasses.replace(quantity, unit=unit) if event else quantity)
    return tuple(out)


def counted_quantities(text: str, quantities: tuple[Quantity, ...],
                       lexicon: Lexicon | None = None) -> tuple[Quantity, ...]:
    """``quantities`` of ``text`` with each count of people that a predicate makes a count of
    events read as such ("at least three people ... have died" counts deaths), as the comparison
    reads a statement's main clause (``build_view``); idempotent."""
    return _counted_by_predicate(text, quantities, lexicon or load_lexicon())


KEY_WINDOW = 4  # content words after a rank or a negation cue that name what it is about


def terms_after(text: str, position: int, lexicon: Lexicon | None = None,
                limit: int = KEY_WINDOW) -> frozenset[str]:
    """Terms of the first ``limit`` content words after ``position`` in its clause: what an
    ordinal ranks ("the second *anti-amyloid antibody*", "ranks third among *recorded ammonium
    nitrate disasters*") or what a negation cue denies ("did not *put a boxed warning*")."""
    lexicon = lexicon or load_lexicon()
    following = text[position:position + 160].lower()
    cut = _CLAUSE_BREAK.search(following)
    terms: set[str] = set()
    taken = 0
    for word in tokenize(following[:cut.start()] if cut else following):
        if taken >= limit:
            break
        if word in lexicon.stopwords or word in lexicon.determiners or len(word) < 2 \
                or word in lexicon.negation_cues or stem(word) in lexicon.negating_stems:
            continue
        taken += 1
        terms.update(_terms_of_word(word, lexicon))
    return frozenset(terms)


def ranked_terms(view: StatementView) -> frozenset[str]:
    """What the statement's places in a ranking rank: ``terms_after`` each rank of its main
    clause ("first", "deadliest", "ranks third among")."""
    lowered = view.text.lower()
    found: set[str] = set()
    for quantity in view.quantities:
        if quantity.kind != "ordinal" or not _is_rank(quantity.unit.lower()):
            continue
        at = lowered.find(quantity.text.lower())
        if at >= 0:
            found |= terms_after(view.text, at + len(quantity.text))
    return frozenset(found)


def denied_terms(view: StatementView) -> frozenset[str]:
    """What a negated statement denies: ``terms_after`` its negation cue ("the FDA did not *put
    a boxed warning*"); empty when it is not negated by a cue."""
    if not view.negated or not view.negation_cue:
        return frozenset()
    match = re.search(rf"(?<![a-z']){re.escape(view.negation_cue)}(?![a-z'])", view.text.lower())
    return terms_after(view.text, match.end()) if match else frozenset()


def _text_before(text: str, quantities: tuple[Quantity, ...], width: int = 24) -> list[str]:
    """The lower-cased ``width`` characters before each quantity in ``text`` ("" when unknown)."""
    lowered = text.lower()
    return [lowered[max(0, p - width):p] if p > 0 else "" for p in _mention_positions(text, quantities)]


_AGE_BEFORE = re.compile(r"(?<![a-z])(?:aged|ages|age of|aged between|between the ages of)\s+$")


def _ages(text: str, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """A duration that gives someone's age ("participants aged 50 to 90 years", "a 12-year-old
    boy") measures ages, not how long something lasted ("for a year and a half"): it compares
    only with ages."""
    if not quantities:
        return quantities
    if "age" not in text.lower():
        if not any(q.unit in _AGE_UNITS for q in quantities):
            return quantities
        return tuple(_as_age(q, _AGE_UNITS[q.unit]) if q.unit in _AGE_UNITS else q for q in quantities)
    out = []
    for quantity, before in zip(quantities, _text_before(text, quantities)):
        if quantity.unit in _AGE_UNITS:
            out.append(_as_age(quantity, _AGE_UNITS[quantity.unit]))
            continue
        # "aged 50 to 90 years", and a bare number after the cue ("the boy, aged 14")
        is_age = (quantity.kind == "duration" or (quantity.kind == "count" and not quantity.unit)) \
            and _AGE_BEFORE.search(before)
        out.append(dataclasses.replace(quantity, kind="age", unit="years of age") if is_age else quantity)
    return tuple(out)


# "a 12-year-old boy", "an 18-month-old child": an age, in years
_AGE_UNITS = {"year-old": 1.0, "month-old": 1 / 12, "week-old": 7 / 365.25, "day-old": 1 / 365.25}


def _as_age(quantity: Quantity, years: float) -> Quantity:
    return dataclasses.replace(quantity, kind="age", unit="years of age", value=quantity.value * years)


_SPAN_BEFORE = re.compile(r"(?<![a-z])(?:the|its|his|her|their|our)\s+(?:last|final|first|opening|closing|"
                          r"past|next|remaining)\s+$")


def _without_spans(text: str, quantities: tuple[Quantity, ...]) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """Separate the figures that mark off a part of the event ("over the last forty metres", "in
    the first 10 minutes", "the past five years") from those it asserts: two statements about
    different parts differ in that figure without contradicting each other."""
    if not quantities:
        return quantities, ()
    kept, spans = [], []
    for quantity, before in zip(quantities, _text_before(text, quantities)):
        (spans if quantity.kind != "ordinal" and _SPAN_BEFORE.search(before) else kept).append(quantity)
    return tuple(kept), tuple(spans)


def quantity_bounds(text: str, quantities, lexicon: Lexicon | None = None) -> tuple[str | None, ...]:
    """For each quantity of ``text``: "min" when a lower-bound cue stands just before it ("more
    than 5,000", "passed 5,000"), "max" for an upper bound ("under 5%", "fell short of the five
    per cent"), else None (cues in ``bound_cues`` of the lexicon)."""
    lexicon = lexicon or load_lexicon()
    if lexicon.bound_pattern is None or not quantities:
        return tuple(None for _ in quantities)
    out = []
    for quantity, position in zip(quantities, _mention_positions(text, quantities)):
        found = lexicon.bound_pattern.search(text, max(0, position - 40), position) if position > 0 else None
        out.append(lexicon.bound_kinds.get(found.group(1).lower()) if found else None)
    return tuple(out)


def bounded_compatible(qa: Quantity, bound_a: str | None, qb: Quantity, bound_b: str | None) -> bool:
    """``quantities_compatible`` for figures that may be bounds: "more than 5,000" is met by
    8,790 and refuted by 4,358; "under 5%" is met by 4.9%; a minimum and a maximum agree unless
    the minimum lies above the maximum; two bounds of one direction are two thresholds, compared
    as values ("at least 100 Mbit/s" / "at least 30 Mbit/s" differ)."""
    if bound_a is None and bound_b is None:
        return quantities_compatible(qa, qb)
    if bound_a is not None and bound_b is not None and bound_a != bound_b:
        low, high = (qa, qb) if bound_a == "min" else (qb, qa)
        return _quantity_value(low) <= _quantity_value(high)
    if bound_a is not None and bound_b is not None:
        return quantities_compatible(qa, qb)  # "at least 100" / "at least 30": two thresholds
    bound, limit, value = (bound_a, qa, qb) if bound_a is not None else (bound_b, qb, qa)
    lv, vv = _quantity_value(limit), _quantity_value(value)
    if abs(lv - vv) <= EXACT_TOLERANCE * max(abs(lv), abs(vv)):
        return True  # the bound itself is met ("at least 5" / "5")
    return vv >= lv if bound == "min" else vv <= lv


def _inherit_units(elliptic: tuple[Quantity, ...], main: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Give a bare figure of a comparison clause the unit of the main clause's figure of its kind
    ("41 million passengers ..., compared with 28 million" -> 28 million passengers)."""
    units = {}
    for quantity in main:
        units.setdefault(quantity.kind, quantity.unit)
    return tuple(dataclasses.replace(q, unit=units[q.kind]) if not q.unit and units.get(q.kind) else q
                 for q in elliptic)


_SINCE_BEFORE = re.compile(r"(?<![a-z])(?:ever\s+)?since\s*$")
# a date after these closes a period: what the statement says held or happened by then ("Before
# July 13, only Syria recognized ..."; "North Korea is China's only ally as of 2022": a state seen
# at that date, held by then). Not "until": "it took until 2 December to agree" dates the
# agreement itself
_UNTIL_BEFORE = re.compile(r"(?<![a-z])(?:(?:just|shortly|long|well|even)\s+)?(?:before|prior\s+to|by|"
                           r"no\s+later\s+than|as\s+(?:of|at))\s+(?:the\s+)?$")


def _date_spans(mentions: tuple[DateMention, ...], text: str = "") -> tuple[DateSpan, ...]:
    """The usable intervals of some date mentions; with the statement's ``text``, a date after
    "since" is marked as the start of a period (``DateSpan.since``), one after "before" or "by"
    as its end (``DateSpan.until``)."""
    positions = _mention_positions(text, mentions) if text else [-1] * len(mentions)
    spans = []
    for mention, position in zip(mentions, positions):
        span = date_span(mention)
        if span is None:
            continue
        if position > 0:
            before = text[max(0, position - 24):position].lower()
            if _SINCE_BEFORE.search(before[-12:]):
                span = dataclasses.replace(span, since=True)
            elif _UNTIL_BEFORE.search(before):
                span = dataclasses.replace(span, until=True)
        spans.append(span)
    return tuple(spans)


# ---------------------------------------------------------------------------------------------
# Same assertion?


def predicate_dice(view_a: StatementView, view_b: StatementView) -> float:
    """Dice overlap of the two predicates' term sets (0-1)."""
    if not view_a.terms or not view_b.terms:
        return 0.0
    shared = len(view_a.terms & view_b.terms)
    return 2.0 * shared / (len(view_a.terms) + len(view_b.terms))


def _exclusive_side(view_a: StatementView, view_b: StatementView) -> bool:
    """True when one side says "only" and names a subset of the other's participants."""
    if view_a.quantifier == "only" and view_a.entities <= view_b.entities:
        return True
    return view_b.quantifier == "only" and view_b.entities <= view_a.entities


def _both_first(view_a: StatementView, view_b: StatementView) -> bool:
    """True when both statements claim to be the first (different subjects then conflict)."""
    return view_a.quantifier == "first" and view_b.quantifier == "first"


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def part_of(part: str, whole: str) -> bool:
    """Whether the name ``part`` is a body of ``whole``: "UN General Assembly" of "United
    Nations" (its first word the other's initials), "European Commission" is not of "European
    Union" by name alone, "US Senate" of "United States"."""
    words = part.split()
    if part == whole or len(words) < 2:
        return False
    return part.startswith(whole + " ") or (
        len(words[0]) >= 2 and words[0].isupper() and len(whole.split()) >= 2 and words[0] == _initials(whole))


def separate_participants(only_a: set[str], only_b: set[str]) -> tuple[set[str], set[str]]:
    """The names each side alone gives, less those that are a body of, or the whole of, a name
    the other alone gives ("UN General Assembly" / "United Nations"): one participant told at two
    levels."""
    return ({a for a in only_a if not any(part_of(a, b) or part_of(b, a) for b in only_b)},
            {b for b in only_b if not any(part_of(a, b) or part_of(b, a) for a in only_a)})


def shared_subject(view_a: StatementView, view_b: StatementView) -> bool:
    """Whether the two statements' subjects meet: one name (resolved as one, or written as one),
    or a body and its whole ("the UN General Assembly" / "the United Nations")."""
    if view_a.subjects & view_b.subjects or any(
            part_of(x, y) or part_of(y, x) for x in view_a.subjects for y in view_b.subjects):
        return True
    # one name written for both subjects, resolved otherwise by each sentence's context
    written_a = {w.lower() for w, canonical in view_a.entity_surfaces if canonical in view_a.subjects}
    return any(w.lower() in written_a for w, canonical in view_b.entity_surfaces if canonical in view_b.subjects)


# a name word and the letter or number that tells its members apart ("Plan A", "Apollo 11",
# "Boeing 737", "Fénix 2"): the number is part of the name (``claimcheck.extract.quantities``)
_NAMED_IDENTIFIER = re.compile(r"(?<![\w'’-])([^\W\d_][^\W\d_]{2,})\s+([A-Z]|\d+[A-Za-z]?|[A-Z]{1,3}-?\d+[A-Za-z]*)"
                               r"(?![\w'’]|[.,]\d)")


_ROMAN = {"I": "1", "V": "5", "X": "10"}


def named_identifiers(text: str) -> dict[str, frozenset[str]]:
    """Each capitalised name word followed by an identifier, with the identifiers it takes in
    ``text`` ("plan" -> {"A", "B"}); not a function word ("In 2010") nor a month ("March 5")."""
    stop = load_lexicon().stopwords
    found: dict[str, set[str]] = {}
    for match in _NAMED_IDENTIFIER.finditer(text):
        name, identifier = match.group(1), match.group(2)
        if not name[0].isupper() or name.lower() in stop or len(identifier) == 4 and identifier.isdigit():
            continue  # a year after a word is a date's ("Since 2011", "Olympics 2012")
        identifier = _ROMAN.get(identifier, identifier.upper())  # "Category I" is "Category 1"
        found.setdefault(name.lower(), set()).add(identifier)
    return {name: frozenset(ids) for name, ids in found.items()}


def _unfigured(view: StatementView, filler=lambda mention: " " * len(mention)) -> str:
    """The statement's text with each of its figures and dates replaced by ``filler(mention)``
    (blanks by default: "EUR 84 million" is money, not a series member), longest first."""
    text = view.text
    for mention in sorted({m.text for m in (*view.quantities, *view.other_quantities,
                                             *view.dates, *view.other_dates) if m.text},
                          key=len, reverse=True):
        text = text.replace(mention, filler(mention))
    return text


def identifier_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason when both statements name members of one series by other letters or numbers
    ("Plan A" / "Plan B", "Apollo 11" / "Apollo 12"): they tell of different named things."""
    ids_a, ids_b = named_identifiers(_unfigured(view_a)), named_identifiers(_unfigured(view_b))
    for name in sorted(ids_a.keys() & ids_b.keys()):
        if not ids_a[name] & ids_b[name]:
            written = {n.lower(): n for n in re.findall(r"[^\W\d_]+", view_a.text + " " + view_b.text)}
            shown = written.get(name, name)
            la = ", ".join(f"{shown} {i}" for i in sorted(ids_a[name]))
            lb = ", ".join(f"{shown} {i}" for i in sorted(ids_b[name]))
            return Reason("entity", la, lb, f"different named things: {la} vs {lb}")
    return None


def _participant_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason why the statements have different participants, or None."""
    only_a, only_b = separate_participants(
        {e for e in view_a.entities - view_b.entities if not _mentioned(view_a, e, view_b)},
        {e for e in view_b.entities - view_a.entities if not _mentioned(view_b, e, view_a)})
    if only_a and only_b and not _subjects_only_difference(view_a, view_b):
        return Reason("entity", ", ".join(sorted(only_a)), ", ".join(sorted(only_b)),
                      f"different participants: {', '.join(sorted(only_a))} vs "
                      f"{', '.join(sorted(only_b))}")
    subject_a, subject_b = view_a.subject, view_b.subject
    if subject_a and subject_b and not shared_subject(view_a, view_b):
        if not (_exclusive_side(view_a, view_b) or _both_first(view_a, view_b)):
            return Reason("entity", subject_a, subject_b,
                          f"different subject: {subject_a} vs {subject_b}")
    return _head_reason(view_a, view_b)


def _head_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason when the subjects' head nouns differ ("the minister" vs "the minister's aide")."""
    head_a, head_b = view_a.head_terms, view_b.head_terms
    if not head_a or not head_b or (head_a & view_b.terms and head_b & view_a.terms):
        return None
    if (head_a & view_b.terms or head_b & view_a.terms) and _same_figure(view_a, view_b):
        return None  # "the fire destroyed 212 homes" / "212 homes were destroyed": voice differs
    la, lb = ", ".join(sorted(head_a)), ", ".join(sorted(head_b))
    return Reason("entity", la, lb, f"different subject: {la} vs {lb}")


def _subjects_only_difference(view_a: StatementView, view_b: StatementView) -> bool:
    """True when the participants differ only in their subjects and both claim to be first."""
    if not _both_first(view_a, view_b):
        return False
    return view_a.entities - {view_a.subject} == view_b.entities - {view_b.subject}


def _one_basis(span_a: DateSpan, span_b: DateSpan) -> list[tuple[DateSpan, DateSpan]]:
    """The pair as comparable readings: a date whose year is not written is taken in the year
    of the other (``DateSpan.year_written``), so two such dates are compared on day and month
    alone, whatever years their documents suggested. Against a span across years ("between
    March 2024 and August 2025") the guessed year stays: some year of it would hold any day."""
    if span_a.year_written and span_b.year_written:
        return [(span_a, span_b)]
    a_guessed = not span_a.year_written
    guessed, written = (span_a, span_b) if a_guessed else (span_b, span_a)
    if guessed.since and not written.since:
        return [(span_a, span_b)]  # "since October": the last October before the text's time
    if written.iso[0][:4] != written.iso[1][:4]:
        return [(span_a, span_b)]
    moved = _in_year(guessed, written.iso[0][:4])
    if moved is None:
        return [(span_a, span_b)]
    return [(moved, written) if a_guessed else (written, moved)]


def _gap_days(span_a: DateSpan, span_b: DateSpan) -> int:
    """Days between two intervals (0 when they overlap), years as ``_one_basis`` reads them. A
    period "since" a date runs on: another date meets it unless it ends before that start ("since
    October" / "by 6 January"); two "since" dates compare their starts ("since 1978" / "since
    1987"). A period ending at a date ("before July 13") meets any date that does not start after
    it; two such ends are compared as dates."""
    def gap(a: DateSpan, b: DateSpan) -> int:
        if a.since != b.since:
            start, other = (a, b) if a.since else (b, a)
            return max(0, start.first - other.last)
        if a.until != b.until:
            end, other = (a, b) if a.until else (b, a)
            return max(0, other.first - end.last)  # "before July 13" holds any earlier date
        if _is_range(a) and _is_range(b):
            # two periods told by their ends ("from 2011 to 2016" / "between 2011 and 2014") are
            # one period only if both ends meet: a date within the other's period is no match
            return max(_ends_gap(a, b, 0), _ends_gap(a, b, 1))
        return max(0, a.first - b.last, b.first - a.last)
    return min(gap(a, b) for a, b in _one_basis(span_a, span_b))


def _is_range(span: DateSpan) -> bool:
    """True when a date is told as a period between two dates ("2011 to 2016", "5-7 December")."""
    return bool(span.iso[0]) and bool(span.iso[1]) and span.iso[0] != span.iso[1]


def _ends_gap(a: DateSpan, b: DateSpan, end: int) -> int:
    """Days between the start (``end`` 0) or the end (1) dates of two ranges, each end read
    at its own precision ("2011" is the whole year); the ranges' own bounds when an end is not
    an ISO date."""
    def interval(span: DateSpan) -> tuple[int, int]:
        first, last = _parse_iso(span.iso[end], last=False), _parse_iso(span.iso[end], last=True)
        if first is None or last is None:
            return (span.first, span.first) if end == 0 else (span.last, span.last)
        return first, last
    (a_first, a_last), (b_first, b_last) = interval(a), interval(b)
    return max(0, a_first - b_last, b_first - a_last)


def date_confirms(claimed: DateMention, given: DateMention) -> bool:
    """True when ``given`` states the date ``claimed`` gives: a day or period within the claimed
    one ("25 April 2015" for "April 2015"), or a day or month containing it ("April 2015" for
    "the evening of 25 April 2015"); years as ``_one_basis`` reads them. A relative date the
    page resolved against its own date ("yesterday") gives the day it resolved to."""
    if given.relative and given.value:
        given = dataclasses.replace(given, relative=False)
    a, b = date_span(claimed), date_span(given)
    if a is None or b is None:
        return False
    return any((x.first <= y.first and y.last <= x.last)
               or (y.first <= x.first and x.last <= y.last and given.precision in ("day", "month"))
               for x, y in _one_basis(a, b))


def _closest_dates(view_a: StatementView, view_b: StatementView) -> tuple[DateSpan, DateSpan, int] | None:
    """The closest pair of dates across the statements, with their gap in days."""
    pairs = [(_gap_days(x, y), min(x.label, y.label), max(x.label, y.label), x, y)
             for x in view_a.dates for y in view_b.dates]
    if not pairs:
        return None
    gap, _, _, x, y = min(pairs, key=lambda p: p[:3])
    return x, y, gap


def _is_period(span: DateSpan) -> bool:
    """True when a date names a period (a month, a quarter, a year) rather than a day."""
    return span.last - span.first >= PERIOD_MIN_DAYS


def _comparable_figures(view_a: StatementView, view_b: StatementView) -> bool:
    """True when the statements give figures of the same kind (a monthly rate, a yearly count)."""
    return any(quantities_comparable(x, y) for x in view_a.quantities for y in view_b.quantities)


def _min_gap(spans_a: tuple[DateSpan, ...], spans_b: tuple[DateSpan, ...]) -> float:
    """The smallest gap in days between two sets of dates (infinite when one is empty)."""
    return min((_gap_days(x, y) for x in spans_a for y in spans_b), default=math.inf)


def _event_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason why dated statements describe different events or occurrences, or None."""
    closest = _closest_dates(view_a, view_b)
    if closest is None or closest[2] == 0:
        return None
    x, y, gap = closest
    # a specific figure both give says which occurrence both speak of ("the previous record of
    # 2:08:44"; not "a tenth of a second", said of many), as a distinctive one does for an
    # earlier state (``earlier_state_reason``)
    same_figure = (view_a.repeated or view_b.repeated or view_a.recurring) and _same_specific_figure(view_a, view_b)
    if (view_a.repeated or view_b.repeated) and not same_figure:
        return Reason("other", x.label, y.label,
                      f"one occurrence of several, on another date: {x.label} vs {y.label}")
    if view_a.recurring and view_b.recurring and gap > RECURRING_GAP_DAYS and not same_figure:
        return Reason("other", x.label, y.label,
                      f"another occurrence of a recurring event: {x.label} vs {y.label}")
    if _is_period(x) and _is_period(y) and _comparable_figures(view_a, view_b):
        return Reason("other", x.label, y.label,
                      f"figures for different periods: {x.label} vs {y.label}")
    other_participants = view_a.entities != view_b.entities or (
        view_a.terms - view_b.terms and view_b.terms - view_a.terms)
    if gap > FAR_APART_DAYS and other_participants:
        return Reason("other", x.label, y.label,
                      f"dates far apart with other participants: {x.label} vs {y.label}")
    return None


def earlier_state_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A dated statement in the pluperfect ("in 2017 turnout had been 76.2 per cent") describes a
    state before the time its text speaks of; an undated statement in another tense speaks of its
    own document's time. Unless they share a distinctive figure, they are two times, not one.
    For two documents' claims: a page the claim cites is read as speaking of the claim's time
    ("As of 5 May, 1,204 cases had been reported" and the page's table of cases)."""
    for mine, theirs in ((view_a, view_b), (view_b, view_a)):
        if (mine.anterior and mine.dates and not theirs.anterior and not theirs.dates
                and not theirs.other_dates and not _same_figure(view_a, view_b)):
            label = mine.dates[0].label
            la, lb = (label, None) if mine is view_a else (None, label)
            return Reason("other", la, lb, f"{label} is an earlier state ('had ...'); the other statement "
                                           f"gives no date and speaks of its own time: two times, not one")
    return None


def assertion_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """Why two statements are not the same assertion, or None when they are.

    Args:
        view_a: First statement's view.
        view_b: Second statement's view.

    Returns:
        A ``Reason`` explaining a merely ``related`` pair, or None for the same assertion.
    """
    return _predicate_reason(view_a, view_b) or _participant_reason(view_a, view_b) \
        or _event_reason(view_a, view_b)


def _same_dated_event(view_a: StatementView, view_b: StatementView) -> bool:
    """True when both statements are dated, have one subject, and share an event verb."""
    return (bool(view_a.dates) and bool(view_b.dates) and bool(view_a.subject)
            and view_a.subject == view_b.subject and bool(view_a.event_terms & view_b.event_terms))


def distinctive_figure(kind: str, unit: str, value: float) -> bool:
    """True for a figure specific enough to identify a claim: not a small whole number, and of a
    named thing (a counted noun, a currency, a percentage, a duration)."""
    value = abs(value)
    return bool(unit) and kind != "ordinal" and (value >= DISTINCTIVE_MIN or value != int(value))


def _distinctive(quantity: Quantity) -> bool:
    return distinctive_figure(quantity.kind, quantity.unit, quantity.value)


SPECIFIC_DIGITS = 3  # significant digits that make a value specific: 1,795, 4.125, 26.4, 7724


def specific_value(value: float) -> bool:
    """A value of at least ``SPECIFIC_DIGITS`` significant digits: 1,795 or 243.55 identify one
    fact; 50,000, 120 or 0.1 ("a tenth of a second") are said of many."""
    mantissa = f"{abs(value):.6e}".split("e")[0].replace(".", "").rstrip("0")
    return len(mantissa) >= SPECIFIC_DIGITS


def _same_specific_figure(view_a: StatementView, view_b: StatementView) -> bool:
    """``_same_figure`` for a specific value (``specific_value``)."""
    return _same_figure(view_a, view_b, specific=True)


def _same_figure(view_a: StatementView, view_b: StatementView, specific: bool = False) -> bool:
    """True when both statements give the same distinctive figure of the same kind ("2.3 million
    people" and "2.3 million patients": the counted noun may be another word for the same)."""
    return any(_distinctive(x) and _distinctive(y) and quantity_class(x)[0] == quantity_class(y)[0]
               and (not specific or specific_value(x.value))
               and (quantities_comparable(x, y) or x.kind == "count" and min(x.value, y.value) >= UNIT_FREE_MIN)
               and quantities_compatible(x, y) for x in view_a.quantities for y in view_b.quantities)


def _predicate_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason when the statements do not share their predicate, or None."""
    dice = predicate_dice(view_a, view_b)
    if dice >= MIN_PREDICATE_DICE:
        return None
    if dice >= MIN_PREDICATE_DICE_SAME_EVENT and _same_dated_event(view_a, view_b):
        return None
    if dice >= MIN_PREDICATE_DICE_SAME_FIGURE and _same_figure(view_a, view_b):
        return None
    shared = ", ".join(sorted(view_a.terms & view_b.terms)) or "nothing"
    return Reason("other", None, None, f"different predicate (overlap {dice:.2f}, shared: {shared})")


# ---------------------------------------------------------------------------------------------
# Slot conflicts


def date_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """A date conflict when no date of one statement overlaps any date of the other."""
    closest = _closest_dates(view_a, view_b)
    if closest is None or closest[2] == 0:
        return ()
    x, y, _ = closest
    return (Reason("date", x.label, y.label, f"date differs: {_date_words(x)} vs {_date_words(y)}"),)


def _date_words(span: DateSpan) -> str:
    """A date as the text writes it, with the date it was read as when the text does not show
    it ("9 October 2018"; "yesterday (2021-03-09)"; "2 December (year not written)")."""
    if not span.text or not span.year_written:
        return span.label
    year = span.iso[0][:4]
    return span.text if year and year in span.text else f"{span.text} ({span.label})"


def compatible_figures(view_a: StatementView, view_b: StatementView) -> bool:
    """True when the statements give one date or figure in other forms: a date of one overlaps
    a date of the other ("September 2022" / "14 September 2022"), or a figure is compatible with
    a comparable one ("4,34 billions euro" / "EUR 4,342,865,000"; "more than 200" / "218")."""
    closest = _closest_dates(view_a, view_b)
    if closest is not None and closest[2] == 0:
        return True
    bound_a = {id(q): b for q, b in zip(view_a.quantities, view_a.bounds)}
    bound_b = {id(q): b for q, b in zip(view_b.quantities, view_b.bounds)}
    return any(quantities_comparable(x, y) and bounded_compatible(x, bound_a.get(id(x)), y, bound_b.get(id(y)))
               for x in view_a.quantities for y in view_b.quantities)


def _is_rank(unit: str) -> bool:
    """An ordinal's unit that makes it a place in one ranking: none ("the second", "ranks
    third") or a superlative ("the deadliest", "second-largest", "the most powerful"). Which
    ranking is the alignment's to say, as for any figure."""
    return not unit or unit.endswith("est") or unit.startswith("most ") or unit in ("best", "worst")


def quantity_class(quantity: Quantity) -> tuple[str, frozenset[str]]:
    """What makes two quantities comparable: kind and the unit's synonym groups."""
    if quantity.kind == "duration" or quantity.unit in DURATION_DAYS:
        return ("duration", frozenset({"day"}))
    unit = quantity.unit.lower().rsplit("|", 1)[-1]  # a count of people as events: "person|death"
    if quantity.kind == "ordinal" and _is_rank(unit):
        return ("ordinal", frozenset({"rank"}))
    if quantity.kind in ("count", "ordinal", "other"):
        return (quantity.kind, frozenset(load_lexicon().term_groups.get(stem(unit), (stem(unit),))))
    return (quantity.kind, frozenset({unit}))


def quantities_comparable(qa: Quantity, qb: Quantity) -> bool:
    """True when two quantities measure the same kind of thing (vessels vs ships, USD vs USD)."""
    kind_a, units_a = quantity_class(qa)
    kind_b, units_b = quantity_class(qb)
    if kind_a == kind_b == "tally" and "" in (qa.unit, qb.unit):
        return True  # "68 to 32" / "70 votes to 30": a tally's cue tells what it counts
    return kind_a == kind_b and bool(units_a & units_b)


def _quantity_value(quantity: Quantity) -> float:
    """The value in the key's unit (durations in days)."""
    if quantity_class(quantity)[0] == "duration":
        return quantity.value * DURATION_DAYS.get(quantity.unit.rstrip("s"), 1.0)
    return quantity.value


def _rounding_half_unit(quantity: Quantity, value: float) -> float:
    """Half of the last significant digit as written ("9.6bn" -> 0.05e9)."""
    match = _NUMBER.search(quantity.text or "")
    if not match or value == 0:
        return 0.0
    digits = match.group().replace(",", "")
    mantissa = digits.replace(".", "").lstrip("0")
    integer_digits = len(digits.split(".")[0].lstrip("0"))
    trailing_zeros_count = "." in digits or integer_digits < 4  # "90%" is exact, "12,000" is round
    significant = len(mantissa if trailing_zeros_count else mantissa.rstrip("0")) or 1
    return 0.5 * 10 ** (math.floor(math.log10(abs(value))) - significant + 1)


def quantities_compatible(qa: Quantity, qb: Quantity) -> bool:
    """True when two comparable quantities may state the same figure.

    Exact figures must match up to rounding of the less precise one (never beyond 10%); an
    approximate figure ("about", "nearly") allows 15%.
    """
    va, vb = _quantity_value(qa), _quantity_value(qb)
    scale = max(abs(va), abs(vb))
    if scale == 0 or abs(va - vb) <= EXACT_TOLERANCE * scale:
        return True
    if qa.approximate or qb.approximate:
        return abs(va - vb) <= APPROXIMATE_TOLERANCE * scale
    # half the last written digit, in the unit as written, then in the compared unit ("9.2
    # seconds" is 9.2 +- 0.05 s, however small a fraction of a day that is)
    rounding = max(_rounding_half_unit(q, q.value) * (v / q.value if q.value else 1.0)
                   for q, v in ((qa, va), (qb, vb)))
    return abs(va - vb) <= min(rounding, ROUNDING_CAP * scale)


def _quantity_label(quantity: Quantity) -> str:
    """A short display form: ``150 vessel``, ``9600000000 USD``."""
    if quantity.kind == "ordinal":
        return f"rank {quantity.value:g}" + (f" ({quantity.unit})" if quantity.unit else "")
    value = f"{quantity.value:g}" if abs(quantity.value) < 1e6 else f"{quantity.value:.4g}"
    noun, _, event = quantity.unit.rpartition("|")
    unit = f"{noun} ({event})" if noun else event
    return f"{'~' if quantity.approximate else ''}{value} {unit}".strip()


_WRITTEN_WORD = re.compile(r"\w[\w'’]*")


@functools.lru_cache(maxsize=4096)
def written_words(text: str) -> dict[str, str]:
    """Each comparison term of ``text`` (word stem, synonym group, antonym axis such as
    ``support|oppose``) and the first word of the text it comes from: what to show a reader
    instead of a term."""
    words: dict[str, str] = {}
    for w in _WRITTEN_WORD.findall(text):
        lower = w.lower()
        for term in (stem(lower), *sorted(predicate_terms(lower)[0])):
            words.setdefault(term, lower)
    return words


_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _number_words(value: float) -> str:
    """A figure as a reader writes it: "4.125 billion", "250,000", "26.4"."""
    for scale, word in _SCALE_WORDS:
        if abs(value) >= scale:
            return f"{value / scale:.4g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _plural(noun: str) -> str:
    """The plural of a counted noun as ``quantities`` reads it (singular): "injury" -> "injuries"."""
    if not noun[-1:].isalpha() or noun.endswith("s") or " " in noun:
        return noun
    if noun == "person":
        return "people"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def quantity_words(quantity: Quantity) -> str:
    """A quantity as it was read, in words a reader understands: "3.9 billion EUR", "16.67%",
    "rank 2", "19 deaths" (a count of people read as deaths says so)."""
    if quantity.kind == "ordinal":
        return f"rank {quantity.value:g}"
    number = _number_words(quantity.value)
    noun, _, event = quantity.unit.rpartition("|")
    unit = event or noun
    if unit == "%":
        return f"{'about ' if quantity.approximate else ''}{number}%"
    if quantity.kind == "count" and unit and quantity.value != 1:
        unit = _plural(unit)
    return f"{'about ' if quantity.approximate else ''}{number} {unit}".strip()


def _written_as(quantity: Quantity) -> str:
    """The quantity as the text writes it, with how it was read when that differs ("3,9 billions
    euro (3.9 billion EUR)", "one patient in six (16.67%)"; "44 strides" alone)."""
    words = quantity_words(quantity)
    def plain(text: str) -> str:
        return re.sub(r"[\W_]+", "", text.lower())
    return quantity.text if plain(words) == plain(quantity.text) else f"{quantity.text} ({words})"


def _open_quantity_pairs(view_a: StatementView, view_b: StatementView) -> list[tuple[Quantity, Quantity]]:
    """The comparable pairs of main figures of which neither has a compatible counterpart."""
    bound_a = {id(q): b for q, b in zip(view_a.quantities, view_a.bounds)}
    bound_b = {id(q): b for q, b in zip(view_b.quantities, view_b.bounds)}
    pairs = [(x, y) for x in view_a.quantities for y in view_b.quantities if quantities_comparable(x, y)]
    compatible = [(x, y) for x, y in pairs if bounded_compatible(x, bound_a.get(id(x)), y, bound_b.get(id(y)))]
    settled_a = {id(x) for x, y in compatible}
    settled_b = {id(y) for x, y in compatible}
    return [(x, y) for x, y in pairs if id(x) not in settled_a and id(y) not in settled_b]


def differing_measures(view_a: StatementView, view_b: StatementView) -> int:
    """How many measures (``quantity_class``) the two statements give differing figures of."""
    return len({quantity_class(x) for x, _ in _open_quantity_pairs(view_a, view_b)})


def quantity_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """A quantity conflict: comparable figures of which neither has a compatible counterpart.

    A figure that matches some figure on the other side is settled ("rose from 100 to 150" does
    not conflict with "rose to 150"); the closest pair of unsettled comparable figures is reported.
    """
    open_pairs = _open_quantity_pairs(view_a, view_b)
    if not open_pairs:
        return ()
    x, y = min(open_pairs, key=lambda p: (abs(_quantity_value(p[0]) - _quantity_value(p[1])),
                                          sorted((_quantity_label(p[0]), _quantity_label(p[1])))))
    la, lb = _quantity_label(x), _quantity_label(y)
    return (Reason("quantity", la, lb, f"quantity differs: {_written_as(x)} vs {_written_as(y)}"),)


def _polarity_signs(view_a: StatementView, view_b: StatementView) -> tuple[str, str] | None:
    """Opposite polarity labels on a shared antonym axis (negation applied), or None."""
    sign_a, sign_b = (-1 if view_a.negated else 1), (-1 if view_b.negated else 1)
    for axis in sorted(view_a.polarity.keys() & view_b.polarity.keys()):
        pa, pb = view_a.polarity[axis], view_b.polarity[axis]
        if pa and pb and pa * sign_a != pb * sign_b:
            return _axis_label(axis, pa, sign_a), _axis_label(axis, pb, sign_b)
    return None


def _axis_label(axis: str, direction: int, sign: int) -> str:
    """How a statement sits on an antonym axis: ``rise``, ``not fall``..."""
    positive, negative = axis.split("|")
    return f"{'not ' if sign < 0 else ''}{positive if direction > 0 else negative}"


def _negation_on_shared_predicate(view_a: StatementView, view_b: StatementView) -> bool:
    """True unless a negation cue governs a word the other statement does not share
    ("did not happen in a vacuum" says nothing against "the invasion")."""
    shared = view_a.terms & view_b.terms
    for view in (view_a, view_b):
        if view.negated and view.negation_scope is not None and not view.negation_scope & shared:
            return False
    return True


# how far apart two times of day may lie and still tell one moment: a named or approximate time
# ("just before noon", "around 6 p.m.") against a clock reading, or two clock readings
TIME_TOLERANCE_APPROXIMATE = 30
TIME_TOLERANCE_EXACT = 2
_TIME_APPROXIMATE = re.compile(r"(?:about|around|roughly|approximately|shortly|just|some|nearly|almost|"
                               r"before|after|by|c\.|circa)\s+(?:before\s+|after\s+)?(?:at\s+)?$", re.IGNORECASE)
_TIME_ZONE = re.compile(r"\b(?:GMT|UTC|[A-Z]{2,4}T)\b")  # "local time" is no zone: the default reading


def _minutes(value: str) -> int | None:
    hours, _, minutes = value.partition(":")
    return int(hours) * 60 + int(minutes) if hours.isdigit() and minutes[:2].isdigit() else None


def time_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """Two statements that each give one time of day in their main clause, in one time zone
    (both written in the same zone, or neither), that lie further apart than a reading of one
    moment allows ("struck at 11:56" vs "at 12:40"; "just before noon" vs "11:56" agree). Their
    dates, if any, are compared apart (``date_reasons``); the slot is ``date``."""
    if len(view_a.times) != 1 or len(view_b.times) != 1:
        return ()
    ta, tb = view_a.times[0], view_b.times[0]
    zone_a, zone_b = _TIME_ZONE.search(ta.text), _TIME_ZONE.search(tb.text)
    if (zone_a.group() if zone_a else None) != (zone_b.group() if zone_b else None):
        return ()
    a, b = _minutes(ta.value), _minutes(tb.value)
    if a is None or b is None:
        return ()
    gap = min(abs(a - b), 1440 - abs(a - b))
    approximate = any(not any(ch.isdigit() for ch in t.text) or _time_cue_before(view, t)
                      for view, t in ((view_a, ta), (view_b, tb)))
    if gap <= (TIME_TOLERANCE_APPROXIMATE if approximate else TIME_TOLERANCE_EXACT):
        return ()
    return (Reason("date", ta.text, tb.text, f"time of day differs: {ta.text} vs {tb.text}"),)


def _time_cue_before(view: StatementView, time) -> bool:
    """An approximation cue just before the time ("around 6 p.m.", "shortly after 14:00")."""
    at = view.text.find(time.text)
    return at > 0 and bool(_TIME_APPROXIMATE.search(view.text[max(0, at - 30):at]))


def negation_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """Opposite polarity: one statement negates what the other affirms (antonyms included)."""
    if not _negation_on_shared_predicate(view_a, view_b):
        return ()
    shared_axes = view_a.polarity.keys() & view_b.polarity.keys()
    if shared_axes:
        signs = _polarity_signs(view_a, view_b)
        if signs is None:
            return ()
        return (Reason("negation", signs[0], signs[1], f"opposite polarity: {signs[0]} vs {signs[1]}"),)
    if view_a.negated == view_b.negated:
        return ()
    la = f"negated ({view_a.negation_cue})" if view_a.negated else "affirmed"
    lb = f"negated ({view_b.negation_cue})" if view_b.negated else "affirmed"
    slot = "quantifier" if "none" in (view_a.quantifier, view_b.quantifier) else "negation"
    return (Reason(slot, la, lb, f"negation differs: {la} vs {lb}"),)


def other_subject_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason when the two statements' named subjects differ (none shared): opposite polarity
    then tells two actors apart, not one assertion affirmed and denied ("Kazakhstan does not
    recognise the republics" / "only Syria recognized them"; "Minsk closed the embassy" /
    "Moldova would keep its embassy open")."""
    if not (view_a.subject and view_b.subject) or shared_subject(view_a, view_b):
        return None
    return Reason("entity", view_a.subject, view_b.subject,
                  f"opposite polarity of different subjects: {view_a.subject} vs {view_b.subject}")


def quantifier_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """An exclusive claim ("only X") against a statement naming a further actor, or two
    statements that each claim a different first."""
    if _both_first(view_a, view_b) and view_a.subject and view_b.subject \
            and view_a.subject != view_b.subject:
        return (Reason("quantifier", f"first: {view_a.subject}", f"first: {view_b.subject}",
                       f"both claim to be first: {view_a.subject} vs {view_b.subject}"),)
    for exclusive, other, flip in ((view_a, view_b, False), (view_b, view_a, True)):
        if exclusive.quantifier != "only" or other.quantifier == "only":
            continue
        if exclusive.text and not only_scoped(exclusive):
            continue  # "survived only thanks to ...": the exclusivity is not about an actor
        if not _does_it_too(exclusive, other):
            continue
        extras = _further_actors(exclusive, other)
        if extras:
            named = only_scoped(exclusive) or exclusive.entities
            la, lb = f"only {', '.join(sorted(named))}", ", ".join(sorted(other.entities - exclusive.entities))
            pair = (lb, la) if flip else (la, lb)
            return (Reason("quantifier", pair[0], pair[1],
                           f"exclusive claim vs further actor: {pair[0]} vs {pair[1]}"),)
    return ()


def _does_it_too(exclusive: StatementView, other: StatementView) -> bool:
    """Whether the other statement can tell another actor doing what an exclusive claim says
    only its actor did: it is not negated ("Kazakhstan does not recognise ..." agrees with "only
    Syria recognized ...") and shares a predicate term with it ("South Korea has joined a cyber
    defence centre" tells nothing of recognizing)."""
    return not other.negated and bool(exclusive.terms & other.terms)


def _further_actors(exclusive: StatementView, other: StatementView) -> list[str]:
    """Actors the other statement names beside the exclusive one's, of a kind it names."""
    if not exclusive.entities or not exclusive.entities < other.entities:
        return []
    kinds = {exclusive.entity_kinds.get(e) for e in exclusive.entities}
    return sorted(e for e in other.entities - exclusive.entities if other.entity_kinds.get(e) in kinds)


# ---------------------------------------------------------------------------------------------
# Public entry point


def action_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """Mutually exclusive acts by the same actor ("abstained" vs "vetoed")."""
    for group in load_lexicon().exclusive_actions:
        acts_a, acts_b = view_a.terms & group, view_b.terms & group
        if acts_a and acts_b and not acts_a & acts_b:
            la, lb = ", ".join(sorted(acts_a)), ", ".join(sorted(acts_b))
            return (Reason("other", la, lb, f"different action: {la} vs {lb}"),)
    return ()


def _doubtful_conflict(view_a: StatementView, view_b: StatementView,
                       reasons: tuple[Reason, ...]) -> Reason | None:
    """Why a would-be conflict more likely compares two different events, or None.

    A conflict needs stronger evidence of sameness than an agreement: each statement naming a
    known predicate the other lacks ("refloated" vs "released"), or a date and a figure that both
    differ, point to another event or occurrence.
    """
    occurrence = doubtful_conflict(view_a, view_b, reasons)
    if occurrence is not None:
        return occurrence
    slots = {r.slot for r in reasons}
    # each names a predicate the other lacks ("recalled" vs "sold"), unless they share a known
    # predicate and the unknown verbs they do not share tell the circumstances ("hurt when a
    # tender overturned" / "suffered injuries when a tender rolled over")
    known = load_lexicon().lexicon_terms
    only_a, only_b = view_a.event_terms - view_b.terms, view_b.event_terms - view_a.terms
    circumstances = bool(view_a.event_terms & view_b.event_terms & known) and not (only_a | only_b) & known
    if only_a and only_b and not circumstances and slots != {"other"}:
        la, lb = ", ".join(sorted(only_a)), ", ".join(sorted(only_b))
        return Reason("other", la, lb, f"different predicate: {la} vs {lb}")
    return None


def _other_occurrence(view_a: StatementView, view_b: StatementView) -> Comparison | None:
    """The comparison when one statement's dates are those of an event the other mentions only in
    a subordinate clause ("..., as it had on 2 March"), or None.

    The other statement then speaks of that event: it agrees when the clause affirms the same
    predicate ("as it had", "compared with") and every figure matches; else it is ``related``,
    never a conflict with the main clause.
    """
    for mine, theirs, mine_is_a in ((view_a, view_b, True), (view_b, view_a, False)):
        if not mine.other_dates or not theirs.dates:
            continue
        other_gap = _min_gap(mine.other_dates, theirs.dates)
        if other_gap >= _min_gap(mine.dates, theirs.dates):
            continue
        if other_gap == 0 and _agrees_with_other(mine, theirs, view_a, view_b):
            return Comparison(relation="agree")
        ours, yours = mine.other_dates[0].label, theirs.dates[0].label
        la, lb = (ours, yours) if mine_is_a else (yours, ours)
        note = (f"{ours} belongs to a subordinate clause about another event, not to the main "
                f"clause: {la} vs {lb}")
        return Comparison(relation="related", reasons=(Reason("other", la, lb, note),))
    return None


def _agrees_with_other(mine: StatementView, theirs: StatementView,
                       view_a: StatementView, view_b: StatementView) -> bool:
    """True when ``theirs`` restates the other occurrence that ``mine`` affirms in passing."""
    if not mine.affirms_other or theirs.other_dates:
        return False
    settled = all(any(quantities_comparable(q, o) and quantities_compatible(q, o)
                      for o in mine.other_quantities) for q in theirs.quantities)
    polarity = negation_reasons(view_a, view_b) + action_reasons(view_a, view_b)
    return settled and not polarity


def compare_views(view_a: StatementView, view_b: StatementView) -> Comparison:
    """Classify two prepared statement views (see ``compare_statements``)."""
    unrelated = (_predicate_reason(view_a, view_b) or _participant_reason(view_a, view_b)
                 or identifier_reason(view_a, view_b))
    if unrelated is not None:
        return Comparison(relation="related", reasons=(unrelated,))
    elsewhere = _other_occurrence(view_a, view_b)
    if elsewhere is not None:
        return elsewhere
    another_event = _event_reason(view_a, view_b)
    if another_event is not None:
        return Comparison(relation="related", reasons=(another_event,))
    reasons = (date_reasons(view_a, view_b) + quantity_reasons(view_a, view_b)
               + negation_reasons(view_a, view_b) + quantifier_reasons(view_a, view_b)
               + action_reasons(view_a, view_b))
    if not reasons:
        return Comparison(relation="agree")
    doubt = _doubtful_conflict(view_a, view_b, reasons)
    if doubt is not None:
        return Comparison(relation="related", reasons=(doubt,))
    return Comparison(relation="conflict", reasons=reasons)


def compare_statements(text_a: str, slots_a: Slots, text_b: str, slots_b: Slots) -> Comparison:
    """Say whether two statements agree, conflict (with reasons) or are merely related.

    Args:
        text_a: First statement (a claim, or a passage of a page).
        slots_a: Its slots, e.g. from ``claimcheck.extract.slots.extract_slots``.
        text_b: Second statement.
        slots_b: Its slots.

    Returns:
        A ``Comparison``: ``agree`` (same assertion, all slots compatible), ``conflict`` (same
        assertion, reasons name the slots that differ) or ``related`` (another actor, event or
        predicate; the reason says which). Symmetric: swapping the statements swaps each
        reason's ``a`` and ``b``.

    Example:
        >>> compare_statements("Prices rose.", Slots(), "Prices did not rise.", Slots()).relation
        'conflict'
    """
    lexicon = load_lexicon()
    return compare_views(build_view(text_a, slots_a, lexicon), build_view(text_b, slots_b, lexicon))


# ---------------------------------------------------------------------------------------------
# Slot checks used by the alignment engine (claimcheck.align.decide): whether two statements
# make the same assertion is the learned model's call there; these say only which slot differs
# and whether the slots point to another event.


PARTICIPANT_KINDS = frozenset({"country", "person", "organization", "place"})
_KIND_CLASS = {"country": "geo", "place": "geo"}  # a country is often read as a place: one class


def _kind(view: StatementView, entity: str) -> str | None:
    kind = view.entity_kinds.get(entity)
    return _KIND_CLASS.get(kind, kind) if kind in PARTICIPANT_KINDS else None


def _named_in(name: str, text: str) -> bool:
    return name.lower() in text.lower()


def _mentioned(view: StatementView, entity: str, other: StatementView) -> bool:
    """Whether the other statement names ``entity`` of ``view``: its canonical name, or a name
    ``view`` writes it with ("San José" resolved to the capital's country in a sentence that names
    no country, to Chile in one that does: one name written in both is one participant)."""
    return _named_in(entity, other.text) or any(
        canonical == entity and surface and _named_in(surface, other.text)
        for surface, canonical in view.entity_surfaces)


def participant_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """Disjoint named participants of one kind ("Kenya" vs "Uganda"): another actor's event.

    Only people, organisations, countries and places count, and only a name the other statement
    does not mention at all (its extractor may have missed it there: "Bolt's victory"). An
    exclusive or rival-first claim is left to its slot check.
    """
    if "only" in (view_a.quantifier, view_b.quantifier) or _both_first(view_a, view_b):
        return None
    only_a = {e for e in view_a.entities - view_b.entities
              if _kind(view_a, e) and not _mentioned(view_a, e, view_b)}
    only_b = {e for e in view_b.entities - view_a.entities
              if _kind(view_b, e) and not _mentioned(view_b, e, view_a)}
    only_a, only_b = separate_participants(only_a, only_b)
    if not (only_a and only_b):
        return None
    kinds_a = {_kind(view_a, e) for e in only_a}
    kinds_b = {_kind(view_b, e) for e in only_b}
    if not kinds_a & kinds_b:
        return None
    la, lb = ", ".join(sorted(only_a)), ", ".join(sorted(only_b))
    return Reason("entity", la, lb, f"different participants: {la} vs {lb}")


def other_occurrence(view_a: StatementView, view_b: StatementView) -> Comparison | None:
    """See ``_other_occurrence``."""
    return _other_occurrence(view_a, view_b)


def event_reason(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """See ``_event_reason``."""
    return _event_reason(view_a, view_b)


def doubtful_conflict(view_a: StatementView, view_b: StatementView,
                      reasons: tuple[Reason, ...]) -> Reason | None:
    """Why a would-be conflict of two aligned statements more likely compares two occurrences:
    a date and a figure that both differ (or figures of two measures), one occurrence of several
    with no shared date, a forecast or plan against an outcome (``is_forecast``), or one frame
    told of two different things (``parallel_difference``)."""
    slots = {r.slot for r in reasons}
    if {"date", "quantity"} <= slots:
        return Reason("other", None, None, "date and figures both differ: another occurrence")
    if "quantity" in slots and differing_measures(view_a, view_b) >= 2:
        # "rose 3 metres in 24 hours" / "rose 5 metres in 48 hours": two figures of two measures
        return Reason("other", None, None, "figures of two measures both differ: another occurrence")
    if ((view_a.repeated or view_b.repeated) and _min_gap(view_a.dates, view_b.dates) > 0
            and not _same_specific_figure(view_a, view_b)):
        return Reason("other", None, None,
                      "one occurrence of several, and no shared date says which: another occurrence")
    if ({"date", "negation"} <= slots and not (view_a.negated or view_b.negated)
            and _polarity_signs(view_a, view_b) is not None):
        # "opened on 14 June 1988" / "was closed on 2 March 2011": two opposite acts on two dates
        # may both have happened; a denial of the act on its date ("did not open") still conflicts
        return Reason("other", None, None, "opposite acts on different dates: both may have happened")
    if {"date", "quantity"} & slots and is_forecast(view_a.text) != is_forecast(view_b.text):
        return Reason("other", None, None, "one tells a forecast or plan, the other what happened")
    if "quantifier" not in slots:  # "only X did it" / "Y did it": the other actor is the conflict
        return parallel_difference(view_a, view_b)
    return None


def is_forecast(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether the statement tells a forecast, plan or expectation ("would raise prices by 12%",
    "plans to hire 800"): a cue of the lexicon's ``forecast_cues``."""
    lexicon = lexicon or load_lexicon()
    if lexicon.forecast_pattern is None:
        return False
    return lexicon.forecast_pattern.search(" " + " ".join(tokenize(text)) + " ") is not None


# a frame two statements share when all but this share of their words (figures and dates
# aside) are the same words in the same order (``difflib`` ratio)
PARALLEL_FRAME_MIN = 0.7
_PLACEHOLDER = "qqfigure"


def _frame_words(view: StatementView) -> list[str]:
    """The statement's words in order, each figure and date one placeholder word."""
    return list(tokenize(_unfigured(view, lambda mention: f" {_PLACEHOLDER} ")))


def _distinguishing(word: str, view: StatementView, lexicon: Lexicon) -> bool:
    """A word that can name what a statement is about: a content word or an ordinal ("the
    *second* dose"), not a figure's placeholder, a negation cue or one of the statement's
    predicates ("fell", "reached")."""
    if word == _PLACEHOLDER or len(word) < 2 or word in lexicon.negation_cues:
        return False
    if word in lexicon.stopwords and word not in ordinal_words():
        return False
    return not set(_terms_of_word(word, lexicon)) & (view.event_terms | lexicon.lexicon_terms)


def _name_kinds(view: StatementView, words: list[str]) -> frozenset[str]:
    """The kinds of the names ``words`` are part of, when every one of them is part of a name the
    statement gives; empty otherwise."""
    kinds: set[str] = set()
    for word in words:
        found = {view.entity_kinds.get(canonical, "") for surface, canonical in view.entity_surfaces
                 if word in tokenize(surface)}
        if not found:
            return frozenset()
        kinds |= found
    return frozenset(kinds)


def parallel_difference(view_a: StatementView, view_b: StatementView) -> Reason | None:
    """A reason when two statements share one frame word for word but for one word or phrase
    each that names what the frame is told of ("emissions from *coal* fell 5%" / "emissions from
    *gas* rose 2%"; "*men's* life expectancy" / "*women's* life expectancy"; "the *first* dose" /
    "the *second* dose"): their figures and dates belong to two things of one kind, and differ
    without contradicting each other. Two tellings of one fact in other words share no such
    frame, and a word added on one side only (an aside) or a predicate told otherwise ("was" /
    "reached") is no such difference; nor are two words of one synonym group, nor two names (the
    participant rules tell whether "the UN General Assembly" is "the United Nations")."""
    words_a, words_b = _frame_words(view_a), _frame_words(view_b)
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    if matcher.ratio() < PARALLEL_FRAME_MIN:
        return None
    lexicon = load_lexicon()
    swaps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        mine = [w for w in words_a[i1:i2] if _distinguishing(w, view_a, lexicon)]
        theirs = [w for w in words_b[j1:j2] if _distinguishing(w, view_b, lexicon)]
        if not (mine or theirs):
            continue
        if tag != "replace" or not (mine and theirs):
            return None
        swaps.append((mine, theirs))
    if len(swaps) != 1:
        return None
    mine, theirs = swaps[0]
    kinds_a, kinds_b = _name_kinds(view_a, mine), _name_kinds(view_b, theirs)
    if kinds_a & kinds_b:
        # two names of one kind: whether they are one participant is the participant rules' call
        # ("the UN General Assembly" / "the United Nations"); names of two kinds ("London", a
        # capital read as its country, / "Manchester") are two places told in one frame
        return None
    terms_mine = {t for w in mine for t in _terms_of_word(w, lexicon)}
    if terms_mine & {t for w in theirs for t in _terms_of_word(w, lexicon)}:
        return None
    la, lb = " ".join(mine), " ".join(theirs)
    return Reason("other", la, lb, f"one statement told of two different things: {la} vs {lb}")


def other_parties_reason(view_a: StatementView, view_b: StatementView,
                         reasons: tuple[Reason, ...]) -> Reason | None:
    """Why a date or figure conflict of two statements more likely compares two events: each
    names someone or something the other never writes ("the Intel fine" / "the fine on
    Qualcomm"). For statements with no prior that they speak of one event (two documents'
    claims); a page the claim cites has that prior, and its own wording ("the Company")."""
    if not {r.slot for r in reasons} & {"date", "quantity"}:
        return None
    only_a, only_b = _own_names(view_a, view_b), _own_names(view_b, view_a)
    if not (only_a and only_b):
        return None
    if not {_role(view_a, e) for e in only_a} & {_role(view_b, e) for e in only_b}:
        return None  # one says where, the other who or what: not two parties
    la, lb = ", ".join(sorted(only_a)), ", ".join(sorted(only_b))
    return Reason("entity", la, lb, f"each names someone or something the other does not "
                                    f"({la} vs {lb}): two events, not one")


def _role(view: StatementView, entity: str) -> str:
    """A name's role for telling two events apart: a place ("Luxembourg", "Nepal") or an actor
    or thing (a person, an organisation, a name of unknown kind: "the Court", "GDP"). Two events
    are told by two names of one role ("Intel" / "Qualcomm", "Samoa" / "New Zealand"); a place
    on one side and an actor on the other say where and who of what may be one event."""
    return "geo" if view.entity_kinds.get(entity) in ("country", "place") else "actor"


_NAME_WORD = re.compile(r"[^\W\d_]{3,}")
_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _own_names(view: StatementView, other: StatementView) -> set[str]:
    """Names (of any kind) in ``view``'s running text that ``other`` neither names nor writes.

    A name inside parentheses or brackets is a source handle ("(HRW 2021)"), not a participant.
    For a figure or date conflict this is stricter than ``participant_reason``: a name of unknown
    kind on each side ("the Intel fine" / "the fine on Qualcomm") is reason enough to doubt that
    the two speak of one event.
    """
    running = _PARENTHETICAL.sub(" ", view.text)
    surfaces = {canonical: surface for surface, canonical in view.entity_surfaces}
    other_words = {w.lower() for w in _NAME_WORD.findall(other.text)}

    def written_there(name: str) -> bool:  # any word of it ("Beijing Olympics" / "in Beijing")
        return any(w.lower() in other_words for w in _NAME_WORD.findall(name))

    return {e for e in view.entities - other.entities
            if _named_in(surfaces.get(e, e), running)
            and not written_there(e) and not written_there(surfaces.get(e, e))}


_ONLY_SCOPE = re.compile(r"\bonly\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)")


def only_scoped(view: StatementView) -> set[str]:
    """The entities an "only" governs directly ("only Lithuania", "Only the New Zealanders")."""
    names = {m.group(1).lower() for m in _ONLY_SCOPE.finditer(view.text.replace("Only", "only"))}
    written = {canonical: surface.lower() for surface, canonical in view.entity_surfaces}
    return {e for e in view.entities
            if any(n.startswith(written.get(e, e.lower())) or e.lower().startswith(n)
                   or n.startswith(e.lower()[:max(4, len(e) - 3)]) for n in names)}


def exclusive_reasons(view_a: StatementView, view_b: StatementView) -> tuple[Reason, ...]:
    """An exclusive claim ("only X did it") against an aligned statement in which another actor
    of the same kind does it, whether or not X is named there; a name the exclusive statement
    itself mentions is not another actor."""
    for exclusive, other, flip in ((view_a, view_b, False), (view_b, view_a, True)):
        if exclusive.quantifier != "only" or other.quantifier == "only" or not exclusive.entities:
            continue
        scoped = only_scoped(exclusive)
        if not scoped:
            continue  # "only a handful of states": the exclusivity is not about a named actor
        if not _does_it_too(exclusive, other):
            continue
        kinds = {_kind(exclusive, e) for e in scoped} - {None}
        others = sorted(e for e in other.entities - exclusive.entities
                        if _kind(other, e) in kinds and not _named_in(e, exclusive.text)
                        and not _setting(other, e))
        if others:
            la, lb = f"only {', '.join(sorted(scoped))}", ", ".join(others)
            pair = (lb, la) if flip else (la, lb)
            return (Reason("quantifier", pair[0], pair[1],
                           f"exclusive claim vs another actor: {pair[0]} vs {pair[1]}"),)
    return ()


_LOCATIVE_BEFORE = re.compile(r"(?<![a-z])(?:in|at|near|outside|inside|across)\s+(?:the\s+)?$")


def _setting(view: StatementView, entity: str) -> bool:
    """True when every mention of a place is where something happens ("In Berlin he ran..."), not
    someone who does it: a setting is no further actor of an exclusive claim."""
    if _kind(view, entity) != "geo":
        return False
    lowered = view.text.lower()
    surfaces = [surface for surface, canonical in view.entity_surfaces if canonical == entity] or [entity]
    positions = [m.start() for surface in surfaces for m in re.finditer(re.escape(surface.lower()), lowered)]
    return bool(positions) and all(_LOCATIVE_BEFORE.search(lowered[max(0, p - 12):p]) for p in positions)


def another_actor_or_event(view_a: StatementView, view_b: StatementView) -> bool:
    """True when the slots say the two statements speak of other actors or another event."""
    return (participant_reason(view_a, view_b) is not None or event_reason(view_a, view_b) is not None
            or earlier_state_reason(view_a, view_b) is not None)
