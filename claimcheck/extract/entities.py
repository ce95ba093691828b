"""Named entities with canonical names (pure).

Three sources of mentions, in this order of priority:

1. the gazetteer (countries from pycountry, hand-written aliases, demonyms, organisations and
   capitals, all in ``data/entities_*.tsv``), matched longest-first on token n-grams,
   case-sensitively, so "US" is a country and "us" is not;
2. a title followed by capitalised names ("President Jane Roe") -> kind ``person`` with the
   name (without the title) as canonical;
3. any other run of capitalised words ("Hundred Years War", "Acme Institute") -> kind ``other`` with the
   text itself as canonical.

Sentence-initial function words ("However", "The") and words listed in
``data/entities_stopwords.txt`` never start a name.
"""

from __future__ import annotations

import json
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
_ABBREVIATIONS = frozenset({"St", "Mt", "Ft", "Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Sen", "Rep", "Gov", "Jr", "Sr"})
_NAME_NUMBER_END = re.compile(r"[;:)]|,(?!\d)|\.(?!\d)|\s+(?:and|or|in|at|on|to|was|were|is|are|has|had|will|would)\b|$")
_NAME_SUFFIXES = frozenset({"based", "led", "run", "organized", "organised", "owned", "backed", "born", "made",
                            "style", "era", "linked", "funded", "sponsored", "controlled", "brokered", "drafted",
                            "speaking", "registered", "flagged", "bound", "built", "listed", "only", "wide"})
_CURRENCY_AFTER = re.compile(r"\s?\\?\$")
# A stretch of text that may hold names: capitalised words (with "d'Ivoire", "anti-China" and
# short numbers) joined by spaces, " & ", ". " or lower-case connectors. Only these stretches
# are tokenised, so lower-case prose costs one regex scan.
_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f][\w'’.&-]*"
_CHUNK = re.compile(
    rf"{_CAPITAL_WORD}(?:(?: | & |\. | (?:of|the|for|and|in|de|du|des|la|le|von|van|der|da|al)"
    rf" (?:(?:of|the|for|and|in) )?)(?:(?:d['’])?{_CAPITAL_WORD}|\d{{1,3}}\b))*")
_IDENTIFIER = re.compile(r"[A-Za-z]+\d{3,}")
_LOWER_AFTER_SPACE = re.compile(r" [a-z]")
_ADJECTIVE_ENDINGS = ("ern", "ic", "ese", "ish", "ean", "ian")
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
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> titles starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in _titles():
        index.setdefault(title[0], []).append(title)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Capitalised words that never start a name."""
    return frozenset(line.strip() for line in _data_lines("entities_stopwords.txt"))


@lru_cache(maxsize=1)
def _generic_nouns() -> frozenset[str]:
    """Capitalised common nouns that name nothing on their own ("the Government")."""
    return frozenset(line.strip() for line in _data_lines("entities_generic_nouns.txt"))


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and token != "I"


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    """Currency codes and symbols ("NOK", "RMB"): never names."""
    path = resources.files("claimcheck.extract").joinpath("data", "quantities_words.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset([*data["currency_prefix"], *data["currency_suffix"]])


_CURRENCY_CODES = _currency_codes()


class _Unit:
    """A gazetteer match or a single token: the pieces capitalised runs are built from.

    A plain slotted class (built several times per sentence, so not a frozen dataclass);
    ``capitalised`` is decided once, when the unit is made.
    """

    __slots__ = ("first", "last", "start", "end", "text", "canonical", "kind", "capitalised")

    def __init__(self, first: int, last: int, start: int, end: int, text: str,
                 canonical: str | None = None, kind: str = "other") -> None:
        self.first = first  # token index
        self.last = last
        self.start = start  # position in text
        self.end = end
        self.text = text
        self.canonical = canonical
        self.kind = kind
        self.capitalised = canonical is not None or (
            (_is_capitalised(text) or text.isdigit()) and text not in _CURRENCY_CODES)


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


def _hyphen_parts(token: re.Match, gazetteer: Gazetteer, offset: int) -> list[Entity]:
    """Gazetteer names inside a hyphenated token ("Moscow-organized", "Russia-Ukraine")."""
    found = []
    pos = token.start()
    for part in token.group().split("-"):
        hit = gazetteer.entries.get(part)
        if hit:
            found.append(Entity(part, hit[0], offset + pos, offset + pos + len(part), hit[1]))
        pos += len(part) + 1
    return found


def _units(text: str, tokens: list[re.Match], matches: dict[int, tuple[int, str, str]]) -> list[_Unit]:
    """Tokens grouped into units: one per gazetteer match, one per other token."""
    units = []
    i = 0
    while i < len(tokens):
        if i in matches:
            j, canonical, kind = matches[i]
            s, e = tokens[i].start(), tokens[j].end()
            units.append(_Unit(i, j, s, e, text[s:e], canonical, kind))
            i = j + 1
        else:
            t = tokens[i]
            units.append(_Unit(i, i, t.start(), t.end(), t.group()))
            i += 1
    return units


def _joinable(text: str, left: _Unit, right: _Unit) -> bool:
    """True when two capitalised units are adjacent parts of one name."""
    gap = text[left.end:right.start]
    if right.text.isdigit():
        return gap == " " and _name_number(text, left, right)
    if gap == " " or gap == " & ":
        return right.capitalised
    return gap == ". " and left.text in _ABBREVIATIONS and _is_capitalised(right.text)


def _name_number(text: str, left: _Unit, right: _Unit) -> bool:
    """True for a short number that ends a name ("Apollo 11 and"), not a quantity ("NOK 310 million")."""
    if len(right.text) > 3 or left.text.isdigit() or left.text in _CURRENCY_CODES:
        return False
    return bool(_NAME_NUMBER_END.match(text, right.end))


def _runs(text: str, units: list[_Unit]) -> list[list[_Unit]]:
    """Maximal runs of capitalised units; connectors ("of", "the") may sit inside a run."""
    runs = []
    k = 0
    while k < len(units):
        if not units[k].capitalised or units[k].text.isdigit():
            k += 1
            continue
        run = [units[k]]
        k += 1
        while k < len(units):
            if _joinable(text, run[-1], units[k]):
                run.append(units[k])
                k += 1
            elif units[k].text in _CONNECTORS and k + 1 < len(units) and text[run[-1].end:units[k].start] == " " \
                    and text[units[k].end:units[k + 1].start] == " " and units[k + 1].capitalised \
                    and not units[k + 1].text.isdigit():
                run += [units[k], units[k + 1]]
                k += 2
            else:
                break
        runs.append(run)
    return runs


def _at_sentence_start(text: str, start: int) -> bool:
    """True when position ``start`` opens the text or follows an opening quote/bracket or a full stop."""
    before = text[max(0, start - 8):start].rstrip()
    if not before and start > 8:
        before = text[:start].rstrip()
    return not before or before[-1] in _OPENERS or before[-1] in ".!?"


def _trim(run: list[_Unit]) -> list[_Unit]:
    """Drop leading stopwords and connectors, and trailing connectors."""
    stop = _stopwords()
    while run and run[0].canonical is None and (run[0].text in stop or run[0].text in _CONNECTORS):
        run = run[1:]
    while run and run[-1].canonical is None and run[-1].text in _CONNECTORS:
        run = run[:-1]
    return run


def _title_end(run: list[_Unit]) -> int | None:
    """Index in ``run`` just after a title ("President", "Minister for Health"), or None."""
    words = [u.text for u in run]
    by_first = _titles_by_first_word()
    for k in range(len(words)):
        for title in by_first.get(words[k], ()):
            if tuple(words[k:k + len(title)]) == title:
                end = k + len(title)
                if end + 2 < len(words) and words[end] in _CONNECTORS:
                    end += 2  # "Minister for Health Jane Roe"
                return end
    return None


def _plural_abbreviation(word: str) -> bool:
    """True for the plural abbreviation of a common noun ("LLINs", "NGOs")."""
    return len(word) > 2 and word[:-1].isupper() and word.endswith("s")


def _single_word_is_name(text: str, unit: _Unit) -> bool:
    """Whether a lone capitalised word (not in the gazetteer) is likely a name."""
    word = unit.text
    if _at_sentence_start(text, unit.start) or word in _CURRENCY_CODES or word in _generic_nouns():
        return False
    if _IDENTIFIER.fullmatch(word):
        return False  # a registry number ("NCT01234567")
    if word.isupper() and (word.isalpha() and len(word) > 6):
        return False  # a shouted heading word
    if _plural_abbreviation(word):
        return False
    nxt = text[unit.end:unit.end + 2]
    return not (word.endswith(_ADJECTIVE_ENDINGS) and _LOWER_AFTER_SPACE.match(nxt))


def _run_entity(text: str, run: list[_Unit], offset: int) -> Entity | None:
    """The person/other entity a capitalised run stands for, or None."""
    run = _trim(run)
    if not run or all(u.canonical is not None for u in run) and len(run) == 1:
        return None
    title_end = _title_end(run)
    if title_end is not None:
        name = run[title_end:]
        if not name or any(u.canonical is not None for u in name):
            return None  # a bare role ("Deputy Foreign Minister") names no one
        s, e = name[0].start, name[-1].end
        return Entity(text[s:e], text[s:e], offset + s, offset + e, "person")
    if len(run) == 1 and not _single_word_is_name(text, run[0]):
        return None
    if any(_plural_abbreviation(u.text) for u in run):
        return None
    if all(u.text.isdigit() for u in run):
        return None
    s, e = run[0].start, run[-1].end
    return Entity(text[s:e], text[s:e], offset + s, offset + e, "other")


def _name_prefix(text: str, unit: _Unit) -> _Unit:
    """"Bergen-based" -> the unit "Bergen"; other units unchanged."""
    head, sep, tail = unit.text.rpartition("-")
    if sep and tail in _NAME_SUFFIXES and head and head[0].isupper():
        return _Unit(unit.first, unit.last, unit.start, unit.start + len(head), head)
    return unit


def extract_entities(text: str, offset: int = 0, skip: tuple[tuple[int, int], ...] = ()) -> list[Entity]:
    """Find entity mentions in ``text``.

    Args:
        text: The statement.
        offset: Added to every position so mentions point into the whole document.
        skip: Spans of ``text`` (relative positions) to ignore, e.g. parenthetical citations.

    Returns:
        Entities in text order. Gazetteer mentions carry canonical names ("DPRK" -> "North
        Korea"); a longer name that contains one ("Elections Canada") is reported as well.
    """
    gazetteer = load_gazetteer()
    entities: list[Entity] = []
    for chunk in _CHUNK.finditer(text):
        start = chunk.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            # "iPhone" is no name; in "anti-China", "sub-Saharan" only a gazetteer name counts
            first = _TOKEN.match(text, start)
            hit = gazetteer.entries.get(first.group()) if text[start - 1] == "-" and first else None
            if hit:
                entities.append(Entity(first.group(), hit[0], offset + start, offset + first.end(), hit[1]))
            start = text.find(" ", start, chunk.end()) + 1
            if not start:
                continue
        tokens = list(_TOKEN.finditer(text, start, chunk.end()))
        if skip:
            tokens = [t for t in tokens if not any(s <= t.start() < e for s, e in skip)]
        if tokens:
            entities += _chunk_entities(text, tokens, gazetteer, offset)
    entities.sort(key=lambda m: (m.start, -m.end))
    return entities


def _chunk_entities(text: str, tokens: list[re.Match], gazetteer: Gazetteer, offset: int) -> list[Entity]:
    """Entities among the tokens of one capitalised chunk."""
    matches = _gazetteer_matches(text, tokens, gazetteer)
    entities = []
    currencies = set()
    for i, (j, canonical, kind) in list(matches.items()):
        s, e = tokens[i].start(), tokens[j].end()
        if _CURRENCY_AFTER.match(text, e):
            del matches[i]  # "US$", "US $": a currency, not the country
            currencies.add(i)
            continue
        entities.append(Entity(text[s:e], canonical, offset + s, offset + e, kind))
    units = []
    for unit in _units(text, tokens, matches):
        if unit.first in currencies:
            unit = _Unit(unit.first, unit.last, unit.start, unit.end, "$")
        elif unit.canonical is None and "-" in unit.text:
            parts = _hyphen_parts(tokens[unit.first], gazetteer, offset)
            entities += parts
            unit = _name_prefix(text, unit) if not parts else _Unit(unit.first, unit.last, unit.start, unit.end, "-")
        units.append(unit)
    for run in _runs(text, units):
        entity = _run_entity(text, run, offset)
        if entity is not None:
            entities.append(entity)
    return entities
