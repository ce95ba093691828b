"""Named entities with canonical names (pure).

Three sources of mentions, in this order of priority:

1. the gazetteer (countries from pycountry, hand-written aliases, demonyms, organisations and
   capitals, all in ``data/entities_*.tsv``), matched longest-first on token n-grams,
   case-sensitively, so "US" is a country and "us" is not;
2. a title followed by capitalised names ("President Jane Roe") -> kind ``person`` with the
   name (without the title) as canonical;
3. any other run of capitalised words ("Korean War", "Lowy Institute") -> kind ``other`` with the
   text itself as canonical.

Sentence-initial function words ("However", "The") and words listed in
``data/entities_stopwords.txt`` never start a name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimcheck.model import Entity

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|\w+(?:[-.]\w+)*")
_CONNECTORS = frozenset({"of", "the", "for", "de", "du", "des", "la", "le", "von", "van", "der", "da", "al"})
_OPENERS = frozenset("\"“‘'([{—–-:;")
_MAX_NAME_TOKENS = 8


@dataclass(frozen=True)
class Gazetteer:
    """Surface form -> (canonical, kind), plus the first tokens that can start an entry."""

    entries: dict[str, tuple[str, str]]
    first_tokens: frozenset[str]
    max_tokens: int


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file shipped with the package."""
    text = resources.files("claimcheck.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load and merge the entity data files (cached).

    Returns:
        The gazetteer: countries, aliases and capitals; later files override earlier ones.
    """
    entries: dict[str, tuple[str, str]] = {}
    for name in ("entities_countries.tsv", "entities_capitals.tsv", "entities_aliases.tsv"):
        for line in _data_lines(name):
            parts = line.split("\t")
            kind = parts[2] if len(parts) > 2 else "place"
            entries[parts[0]] = (parts[1], kind)
    first_tokens = set()
    max_tokens = 1
    for surface in entries:
        tokens = _TOKEN.findall(surface)
        first_tokens.add(tokens[0])
        max_tokens = max(max_tokens, len(tokens))
    return Gazetteer(entries, frozenset(first_tokens), max_tokens)


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, ...], ...]:
    """Titles as token tuples, longest first."""
    titles = {tuple(_TOKEN.findall(line.strip())) for line in _data_lines("entities_titles.txt")}
    return tuple(sorted(titles, key=len, reverse=True))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Capitalised words that never start a name."""
    return frozenset(line.strip() for line in _data_lines("entities_stopwords.txt"))


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and not token.isdigit()


def _gazetteer_matches(text: str, tokens: list[re.Match], gazetteer: Gazetteer) -> dict[int, tuple[int, str, str]]:
    """Map token index -> (end token index, canonical, kind) for the longest gazetteer matches."""
    found: dict[int, tuple[int, str, str]] = {}
    i = 0
    while i < len(tokens):
        if tokens[i].group() not in gazetteer.first_tokens:
            i += 1
            continue
        start = tokens[i].start()
        for j in range(min(len(tokens), i + gazetteer.max_tokens) - 1, i - 1, -1):
            hit = gazetteer.entries.get(text[start:tokens[j].end()])
            if hit:
                found[i] = (j, hit[0], hit[1])
                i = j
                break
        i += 1
    return found


def _at_sentence_start(text: str, tokens: list[re.Match], i: int) -> bool:
    """True when token ``i`` opens the text or follows an opening quote/bracket or a full stop."""
    before = text[:tokens[i].start()].rstrip()
    return not before or before[-1] in _OPENERS or before[-1] in ".!?"


def _capitalised_runs(text: str, tokens: list[re.Match], taken: set[int]) -> list[tuple[int, int]]:
    """Token index ranges [i, j] of capitalised runs outside ``taken`` (connectors allowed inside)."""
    runs = []
    i = 0
    while i < len(tokens):
        if i in taken or not _is_capitalised(tokens[i].group()):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and j + 1 not in taken:
            gap = text[tokens[j].end():tokens[j + 1].start()]
            nxt = tokens[j + 1].group()
            if gap in (" ", "-") and _is_capitalised(nxt):
                j += 1
            elif gap in ("'", "’") and nxt == "s" and j + 2 < len(tokens) and _is_capitalised(tokens[j + 2].group()) \
                    and text[tokens[j + 1].end():tokens[j + 2].start()] == " " and j + 2 not in taken:
                j += 2
            elif gap == " " and nxt in _CONNECTORS and j + 2 < len(tokens) and j + 2 not in taken \
                    and _is_capitalised(tokens[j + 2].group()) and text[tokens[j + 1].end():tokens[j + 2].start()] == " ":
                j += 2
            else:
                break
        runs.append((i, j))
        i = j + 1
    return runs


def _trim_run(text: str, tokens: list[re.Match], i: int, j: int) -> tuple[int, int] | None:
    """Drop leading stopwords and a lone sentence-initial word; None when nothing is left."""
    stop = _stopwords()
    while i <= j and (tokens[i].group() in stop or tokens[i].group().lower() in _CONNECTORS):
        i += 1
    if i > j:
        return None
    word = tokens[i].group()
    if i == j and _at_sentence_start(text, tokens, i) and (word.endswith(("ly", "ing", "ed")) or len(word) < 3):
        return None
    if i == j and word.isupper() and len(word) > 6:
        return None  # a shouted heading word, not a name
    return i, j


def _title_split(tokens: list[re.Match], i: int, j: int) -> int | None:
    """Index of the first name token after a leading title, or None when the run has no title."""
    words = tuple(t.group() for t in tokens[i:j + 1])
    for title in _titles():
        k = i + len(title)
        if len(title) < len(words) and words[:len(title)] == title and _is_capitalised(tokens[k].group()) \
                and tokens[k].start() == tokens[k - 1].end() + 1:
            return k
    return None


def _run_entity(text: str, tokens: list[re.Match], i: int, j: int, offset: int) -> Entity | None:
    """The person/other entity a capitalised run stands for."""
    trimmed = _trim_run(text, tokens, i, j)
    if trimmed is None:
        return None
    i, j = trimmed
    if tuple(t.group() for t in tokens[i:j + 1]) in _titles():
        return None  # a bare role ("Deputy Foreign Minister") names no one
    name_start = _title_split(tokens, i, j)
    if name_start is not None:
        s, e = tokens[name_start].start(), tokens[j].end()
        return Entity(text[s:e], text[s:e], offset + s, offset + e, "person")
    s, e = tokens[i].start(), tokens[j].end()
    return Entity(text[s:e], text[s:e], offset + s, offset + e, "other")


def extract_entities(text: str, offset: int = 0, skip: tuple[tuple[int, int], ...] = ()) -> list[Entity]:
    """Find entity mentions in ``text``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        skip: Spans of ``text`` (relative positions) to ignore, e.g. parenthetical citations.

    Returns:
        Entities in text order; gazetteer mentions carry canonical names ("DPRK" -> "North Korea").
    """
    tokens = [t for t in _TOKEN.finditer(text) if not any(s <= t.start() < e for s, e in skip)]
    if not tokens:
        return []
    gazetteer = load_gazetteer()
    matches = _gazetteer_matches(text, tokens, gazetteer)
    taken: set[int] = set()
    entities = []
    for i, (j, canonical, kind) in matches.items():
        taken.update(range(i, j + 1))
        s, e = tokens[i].start(), tokens[j].end()
        entities.append(Entity(text[s:e], canonical, offset + s, offset + e, kind))
    for i, j in _capitalised_runs(text, tokens, taken):
        entity = _run_entity(text, tokens, i, j, offset)
        if entity is not None:
            entities.append(entity)
    entities.sort(key=lambda m: m.start)
    return entities
