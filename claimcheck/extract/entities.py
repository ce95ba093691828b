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
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from claimcheck.model import Entity, direct_constructor

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|\w+(?:[-.]\w+)*")
_CONNECTORS = frozenset({"of", "the", "for", "de", "du", "des", "la", "le", "von", "van", "der", "da", "al"})
_OPENERS = frozenset("\"“‘'([{—–-:;")
_OPENERS_AND_STOPS = _OPENERS | frozenset(".!?")
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
# Size of the memo of chunk mentions: a few thousand distinct chunks cover the names that recur
# in a corpus ("the United States", "World Bank"); the entries are small tuples.
_CHUNK_CACHE_SIZE = 16384

# A mention before it becomes an Entity: (text, canonical, start, end, kind), positions relative
# to the string it was found in.
_Mention = tuple[str, str, int, int, str]


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


# demonyms whose plural is the word and "s" ("Jamaican", "Bangladeshi", "New Zealander"); not
# those that stay as they are ("Japanese", "British", "Swiss")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:an|i|er)$")


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
    # a demonym's plural names its people, and so its country ("the New Zealanders", "Jamaicans")
    for surface, (canonical, kind) in list(entries.items()):
        if (kind == "country" and surface != canonical and _DEMONYM.search(surface)
                and surface + "s" not in entries):
            entries[surface + "s"] = (canonical, kind)
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


def sentence_openers() -> frozenset[str]:
    """The capitalised words that never start a name ("About", "Only", "In"), lower-cased."""
    return frozenset(word.lower() for word in _stopwords())


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
_STOPWORDS = _stopwords()


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
        # _is_capitalised(text) inlined: this runs for every token of a new chunk
        self.capitalised = canonical is not None or (
            (text[0].isupper() and text != "I" or text.isdigit()) and text not in _CURRENCY_CODES)


def _gazetteer_matches(text: str, tokens: list[re.Match], gazetteer: Gazetteer) -> dict[int, tuple[int, str, str]]:
    """Map token index -> (end token index, canonical, kind) for the longest gazetteer matches."""
    found: dict[int, tuple[int, str, str]] = {}
    entries, first_tokens, max_tokens = gazetteer.entries, gazetteer.first_tokens, gazetteer.max_tokens
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i].group() not in first_tokens:
            i += 1
            continue
        start = tokens[i].start()
        for j in range(min(n, i + max_tokens) - 1, i - 1, -1):
            hit = entries.get(text[start:tokens[j].end()])
            if hit:
                found[i] = (j, hit[0], hit[1])
                i = j
                break
        i += 1
    return found


def _hyphen_parts(token: re.Match, gazetteer: Gazetteer) -> list[_Mention]:
    """Gazetteer names inside a hyphenated token ("Moscow-organized", "Russia-Ukraine")."""
    found = []
    pos = token.start()
    for part in token.group().split("-"):
        hit = gazetteer.entries.get(part)
        if hit:
            found.append((part, hit[0], pos, pos + len(part), hit[1]))
        pos += len(part) + 1
    return found


def _units(text: str, tokens: list[re.Match], matches: dict[int, tuple[int, str, str]]) -> list[_Unit]:
    """Tokens grouped into units: one per gazetteer match, one per other token."""
    units = []
    n = len(tokens)
    i = 0
    while i < n:
        if matches and i in matches:
            j, canonical, kind = matches[i]
            s, e = tokens[i].start(), tokens[j].end()
            units.append(_Unit(i, j, s, e, text[s:e], canonical, kind))
            i = j + 1
        else:
            t = tokens[i]
            units.append(_Unit(i, i, t.start(), t.end(), t.group()))
            i += 1
    return units


def _joinable(text: str, left: _Unit, right: _Unit, end: int, number_end: bool) -> bool:
    """True when two capitalised units are adjacent parts of one name (``end``: see ``_name_number``)."""
    gap = text[left.end:right.start]
    if right.text.isdigit():
        return gap == " " and _name_number(text, left, right, end, number_end)
    if gap == " " or gap == " & ":
        return right.capitalised
    return gap == ". " and left.text in _ABBREVIATIONS and _is_capitalised(right.text)


def _name_number(text: str, left: _Unit, right: _Unit, end: int, number_end: bool) -> bool:
    """True for a short number that ends a name ("Apollo 11 and"), not a quantity ("NOK 310 million").

    ``number_end`` is the answer of ``_NAME_NUMBER_END`` at position ``end`` of the whole text,
    given by the caller when ``text`` is only a window of it (see ``_chunk_window_mentions``).
    """
    if len(right.text) > 3 or left.text.isdigit() or left.text in _CURRENCY_CODES:
        return False
    if right.end == end:
        return number_end
    return bool(_NAME_NUMBER_END.match(text, right.end))


def _runs(text: str, units: list[_Unit], end: int, number_end: bool) -> list[list[_Unit]]:
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
            if _joinable(text, run[-1], units[k], end, number_end):
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
    """True when position ``start`` opens the text or follows (after any white space) an opening
    quote/bracket or a full stop."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i == start - 1 and i > 0 and text[i] == "–" and text[i - 1].isalnum():
        return False  # "Oder–Neisse", "Chile–Peru": an en dash between two names opens nothing
    return i < 0 or text[i] in _OPENERS_AND_STOPS


def _trim(run: list[_Unit]) -> list[_Unit]:
    """Drop leading stopwords and connectors, and trailing connectors."""
    stop = _STOPWORDS
    while run and run[0].canonical is None and (run[0].text in stop or run[0].text in _CONNECTORS):
        run = run[1:]
    while run and run[-1].canonical is None and run[-1].text in _CONNECTORS:
        run = run[:-1]
    return run


def _title_end(run: list[_Unit]) -> int | None:
    """Index in ``run`` just after a title ("President", "Minister for Health"), or None."""
    by_first = _titles_by_first_word()
    if not any(u.text in by_first for u in run):
        return None
    words = [u.text for u in run]
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
    return len(word) > 2 and word[-1] == "s" and word[:-1].isupper()


def _single_word_is_name(text: str, word: str, start: int, stop: int, at_start: bool, end: int,
                         lower_end: bool) -> bool:
    """Whether a lone capitalised word ``word`` (not in the gazetteer) at ``text[start:stop]`` is
    likely a name.

    When ``text`` is a chunk cut out of the whole text, ``at_start`` is the answer of
    ``_at_sentence_start`` at its start and ``lower_end`` that of ``_LOWER_AFTER_SPACE`` at its
    end ``end``; for the whole text ``at_start`` is True and ``end`` is -1.
    """
    if word in _CURRENCY_CODES or word in _generic_nouns():
        return False
    if (_at_sentence_start(text, start) if start else at_start) and not _named_at_start(text, word, stop) \
            and word not in _known_names() and not _defined_abbreviation(text, word, start):
        return False
    if _IDENTIFIER.fullmatch(word):
        return False  # a registry number ("NCT01234567")
    if word.isupper() and (word.isalpha() and len(word) > 6):
        return False  # a shouted heading word
    if _plural_abbreviation(word):
        return False
    if not word.endswith(_ADJECTIVE_ENDINGS):
        return True
    return not (lower_end if stop == end else _LOWER_AFTER_SPACE.match(text, stop))


def _defined_abbreviation(text: str, word: str, start: int) -> bool:
    """An abbreviation in capitals given in brackets after the common words it stands for ("...
    imaging abnormalities (ARIA)"): a name although the bracket opens it. ``text[start]`` is
    the word's first character; a chunk cut out of the text is asked about by ``extract_entities``
    before it is analysed, as part of its ``at_start``."""
    return (start > 1 and text[start - 1] == "(" and 1 < len(word) <= 8 and word.replace("-", "").isupper()
            and _LOWER_BEFORE_BRACKET.search(text, 0, start) is not None)


# "... abnormalities (" : the words an abbreviation stands for are common ones, so it is the only
# name given; after "Health Service Executive (" the name is there already and "HSE" repeats it.
_LOWER_BEFORE_BRACKET = re.compile(r"\b[a-z][\w-]* ?\($")


_POSSESSIVE = ("'s", "’s")
_AND_NAME = re.compile(r" (?:and|&) [A-Z]")


def _named_at_start(text: str, word: str, stop: int) -> bool:
    """Whether a lone capitalised word opening a sentence is a name all the same: in the
    possessive ("Okafor's report", not "Yesterday's vote": ``entities_common_possessors.txt``) or
    joined by "and" to a capitalised word ("Siemens and Bosch"). Reads ``text`` only within two
    characters, or up to the capital after "and", after ``stop``: inside a chunk when ``text``
    is one (see ``_chunk_window_mentions``)."""
    if text.startswith(_POSSESSIVE, stop):
        return word not in _common_possessors()
    return _AND_NAME.match(text, stop) is not None


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """Words that prose writes capitalised wherever they stand ("Powell", "Google"): names even
    when they open a sentence (``entities_known_names.txt``, built by bench/build_known_names.py)."""
    return frozenset(line.strip() for line in _data_lines("entities_known_names.txt"))


@lru_cache(maxsize=1)
def _common_possessors() -> frozenset[str]:
    """Capitalised common words that open a sentence in the possessive and name nobody."""
    return frozenset(line.strip() for line in _data_lines("entities_common_possessors.txt"))


def _run_mention(text: str, run: list[_Unit], at_start: bool, end: int, lower_end: bool) -> _Mention | None:
    """The person/other mention a capitalised run stands for, or None."""
    run = _trim(run)
    if not run or len(run) == 1 and run[0].canonical is not None:
        return None
    title_end = _title_end(run)
    if title_end is not None:
        name = run[title_end:]
        if not name or any(u.canonical is not None for u in name):
            return None  # a bare role ("Deputy Foreign Minister") names no one
        s, e = name[0].start, name[-1].end
        return (text[s:e], text[s:e], s, e, "person")
    if len(run) == 1 and not _single_word_is_name(text, run[0].text, run[0].start, run[0].end, at_start, end,
                                                   lower_end):
        return None
    if any(_plural_abbreviation(u.text) for u in run):
        return None
    if all(u.text.isdigit() for u in run):
        return None
    run = _person_of_country(run)
    s, e = run[0].start, run[-1].end
    return (text[s:e], text[s:e], s, e, "other")


def _person_of_country(run: list[_Unit]) -> list[_Unit]:
    """"Daniel Bailey of Antigua and Barbuda" -> the units of "Daniel Bailey": a name of two or
    three words before "of" and a country is a person's, told where they are from, unless its last
    word heads a body or place ("Royal Society of Canada": ``entities_of_heads.txt``) or one of
    its words is a common word ("Boy Scouts of America", "Future Farmers of America"). The
    country is a gazetteer mention of its own. Other runs are returned unchanged."""
    k = 2 if len(run) > 3 and run[2].text == "of" else 3
    if len(run) != k + 2 or run[k].text != "of" or run[k + 1].kind != "country":
        return run
    left = run[:k]
    if any(u.canonical is not None or not u.text.isalpha() or u.text.isupper() for u in left) \
            or left[-1].text in _of_heads() or any(u.text.lower() in _common_words() for u in left):
        return run
    return left


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words prose writes in lower case ("boy", "future"): a run made with one names a thing, not a
    person (``entities_common_words.txt``, built by bench/build_known_names.py --common)."""
    return frozenset(line.strip() for line in _data_lines("entities_common_words.txt"))


@lru_cache(maxsize=1)
def _of_heads() -> frozenset[str]:
    """Words heading a body or place named "X of <country>" (``entities_of_heads.txt``)."""
    return frozenset(line.strip() for line in _data_lines("entities_of_heads.txt"))


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

    Each capitalised chunk is analysed on its own, and the same chunks recur constantly ("the
    United States", "World Bank"). So a chunk that no skip span touches is analysed by the memo
    ``_chunk_window_mentions``, keyed by the chunk and four booleans that answer every question
    the analysis asks about the text around it; a chunk cut by a skip span is analysed in place.
    A chunk that is one word naming nothing anywhere ("The", "I": see ``_nameless_words``) is
    passed over before its context is read. Mentions come out in text order (longer first at the same start): each chunk's are sorted,
    and chunks follow one another without overlapping.

    Chunks are found with ``findall`` (no match objects) and located with ``str.find`` from the
    end of the previous one: an earlier occurrence of the same string would itself have matched
    there (the pattern starts at its first character and any prefix of a capitalised word
    matches), contradicting the leftmost match.
    """
    gazetteer = load_gazetteer()
    nameless = _nameless_words()
    entities: list[Entity] = []
    end = 0
    for chunk in _CHUNK.findall(text):
        start = text.find(chunk, end)
        end = start + len(chunk)
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            # "iPhone" is no name; in "anti-China", "sub-Saharan" only a gazetteer name counts
            first = _TOKEN.match(text, start)
            hit = gazetteer.entries.get(first.group()) if text[start - 1] == "-" and first else None
            if hit:
                entities.append(_entity(first.group(), hit[0], offset + start, offset + first.end(), hit[1]))
            start = text.find(" ", start, end) + 1
            if not start:
                continue
            chunk = text[start:end]
        if skip and any(s < end and start < e for s, e in skip):
            tokens = [t for t in _TOKEN.finditer(text, start, end) if not any(s <= t.start() < e for s, e in skip)]
            mentions = _chunk_mentions(text, tokens, gazetteer, True, -1, _NOTHING_AFTER) if tokens else ()
            base = offset
        elif chunk in nameless:
            continue
        else:
            # What the analysis reads after the chunk, as the answers it needs (see _chunk_window_mentions)
            currency_end = text.find("$", end, end + 3) >= 0 and _CURRENCY_AFTER.match(text, end) is not None
            lower_end = (text.endswith(_ADJECTIVE_ENDINGS, start, end)
                         and _LOWER_AFTER_SPACE.match(text, end) is not None)
            number_end = chunk[-1].isdigit() and _NAME_NUMBER_END.match(text, end) is not None
            at_start = (_at_sentence_start(text, start) and not _opens_list(text, chunk, end)
                        and not _defined_abbreviation(text, chunk, start))
            mentions = _chunk_window_mentions(chunk, at_start, currency_end, lower_end, number_end)
            base = offset + start
        for t, c, s, e, k in mentions:
            entities.append(_entity(t, c, base + s, base + e, k))
    if place_names_in(entities):
        return resolve_places(entities, entities)
    return entities


@lru_cache(maxsize=1)
def _place_referents() -> dict[str, tuple[str, ...]]:
    """Place name -> the countries it can stand for, the gazetteer's reading first
    (``entities_place_referents.tsv``)."""
    return {parts[0]: tuple(parts[1:]) for parts in (line.split("\t") for line in _data_lines("entities_place_referents.tsv"))}


_PLACE_NAMES = frozenset(_place_referents())


def place_names_in(entities: Sequence[Entity]) -> bool:
    """Whether any of ``entities`` is a place name with several referents."""
    for e in entities:  # a loop, not a generator: this runs for every statement with a name
        if e.text in _PLACE_NAMES:
            return True
    return False


def resolve_places(entities: list[Entity], context: Sequence[Entity]) -> list[Entity]:
    """Place names with several referents read by the countries named around them.

    Args:
        entities: Mentions, some of them perhaps place names such as "San José" or "Victoria"
            (``entities_place_referents.tsv``).
        context: The mentions around them (their sentence, or their paragraph).

    Returns:
        ``entities`` with each such name that still has the gazetteer's reading (Costa Rica)
        given the first other country it can stand for that the context names (Chile), unless
        the context names the first reading too. Other mentions are unchanged.
    """
    referents = _place_referents()
    named = {e.canonical for e in context if e.text not in referents}
    out = []
    for entity in entities:
        options = referents.get(entity.text)
        if options and entity.canonical == options[0] and options[0] not in named:
            country = next((c for c in options[1:] if c in named), None)
            if country is not None:
                entity = _entity(entity.text, country, entity.start, entity.end, "place")
        out.append(entity)
    return out


_LIST_AFTER = re.compile(r", [A-Z][\w'’-]+(?:, [A-Z]| (?:and|&) )")


def _opens_list(text: str, chunk: str, end: int) -> bool:
    """Whether a one-word chunk opening a sentence heads a list of capitalised words ("Hines,
    Smith, Lewis", "Gay, Powell and the others"): it is then a name like the rest, unless an
    adverb ("Ultimately, Congress and ...": one in -ly or a stopword, which never gets here)."""
    return (text.startswith(",", end) and " " not in chunk and not chunk.endswith("ly")
            and _LIST_AFTER.match(text, end) is not None)


_entity = direct_constructor(Entity)  # Entity(...) without the frozen __init__'s cost


@lru_cache(maxsize=1)
def _nameless_words() -> frozenset[str]:
    """Chunks that are one word naming nothing wherever it stands: "The", "However", "I".

    A chunk of letters only is one token without a hyphen, analysed by ``_one_word_mentions``.
    When the word is no gazetteer entry, that returns nothing, whatever the context, for a word
    that is a stopword, connector, currency code, one-word title or "I" (not capitalised in the
    sense of ``_is_capitalised``). Skipping such chunks saves reading their context and the memo.
    """
    entries = load_gazetteer().entries
    one_word_titles = {title[0] for title in _titles() if len(title) == 1}
    words = _STOPWORDS | _CONNECTORS | _CURRENCY_CODES | one_word_titles | {"I"}
    return frozenset(w for w in words if w.isalpha() and w not in entries)


def _position_order(mention: _Mention) -> tuple[int, int]:
    """Text order; of two mentions starting together the longer first."""
    return mention[2], -mention[3]


_NOTHING_AFTER = (False, False, False)


@lru_cache(maxsize=_CHUNK_CACHE_SIZE)
def _chunk_window_mentions(chunk: str, at_start: bool, currency_end: bool, lower_end: bool,
                           number_end: bool) -> tuple[_Mention, ...]:
    """The mentions of a chunk cut out of a text, positions relative to the chunk (memoised).

    Args:
        chunk: ``text[start:end]``, the chunk from its first kept character ``start``.
        at_start: ``_at_sentence_start(text, start)``.
        currency_end: whether ``_CURRENCY_AFTER`` matches in ``text`` at ``end``.
        lower_end: whether ``_LOWER_AFTER_SPACE`` matches at ``end``; only asked for a word
            with an adjective ending that ends there, so False when the chunk has no such ending.
        number_end: whether ``_NAME_NUMBER_END`` matches at ``end``; only asked for a number
            token that ends there, so False when ``text[end - 1]`` is no digit.

    Why this key holds everything the result depends on (besides the data files, fixed for the
    process): tokens come from the chunk alone, and every read of ``text`` outside the chunk
    is one of these answers. The analysis reads ``text`` only at token boundaries inside the
    chunk, or from a token end ``p`` on: when ``p == end`` the answers above stand in; when a
    space follows ``p``, another token follows (a chunk never ends with a space) and the
    regexes stop within the chunk (a space in a chunk is followed by a capital, a digit, ``&``
    or a connector, never by a backslash or dollar); otherwise ``text[p]`` is one of ``.'’&-`` in
    a capitalised word: ``_CURRENCY_AFTER`` and ``_LOWER_AFTER_SPACE`` fail on it,
    ``_NAME_NUMBER_END`` looks one character further at most and no word character (so no
    digit) follows a chunk, and ``$`` cannot match before ``end`` as a chunk holds no newline.
    Before the chunk only ``_at_sentence_start`` reads: at ``start`` that is ``at_start``; at a
    later token it is the last non-space character before it, which is in the chunk
    (``text[start]`` is no space).
    """
    tokens = list(_TOKEN.finditer(chunk))
    if not tokens:
        return ()
    if len(tokens) == 1 and "-" not in tokens[0].group():
        return _one_word_mentions(chunk, tokens[0], at_start, currency_end, lower_end)
    return tuple(_chunk_mentions(chunk, tokens, load_gazetteer(), at_start, len(chunk),
                                 (currency_end, lower_end, number_end)))


def _one_word_mentions(chunk: str, token: re.Match, at_start: bool, currency_end: bool,
                       lower_end: bool) -> tuple[_Mention, ...]:
    """``_chunk_mentions`` for a chunk of one token without a hyphen, the commonest kind.

    The same decisions in short: a gazetteer word is its own mention (unless a currency sign
    follows: then nothing), and as a run of one it adds nothing; any other word is a run of one,
    which names something only if it is capitalised, no currency code, stopword, connector or
    bare title, and passes ``_single_word_is_name`` and the plural-abbreviation test.
    """
    gazetteer = load_gazetteer()
    word = token.group()
    s, e = token.span()
    end = len(chunk)
    hit = gazetteer.entries.get(word) if word in gazetteer.first_tokens else None
    if hit:
        if currency_end if e == end else _CURRENCY_AFTER.match(chunk, e):
            return ()
        return ((word, hit[0], s, e, hit[1]),)
    if not _is_capitalised(word) or word in _CURRENCY_CODES or word in _stopwords() or word in _CONNECTORS \
            or (word,) in _titles_by_first_word().get(word, ()):
        return ()
    if not _single_word_is_name(chunk, word, s, e, at_start, end, lower_end) or _plural_abbreviation(word):
        return ()
    return ((word, word, s, e, "other"),)


def _chunk_mentions(text: str, tokens: list[re.Match], gazetteer: Gazetteer, at_start: bool, end: int,
                    after: tuple[bool, bool, bool]) -> list[_Mention]:
    """Mentions among the tokens of one capitalised chunk, positions in ``text``.

    ``text`` is either a chunk cut out of the whole text (then ``at_start``, ``end`` and
    ``after`` are as in ``_chunk_window_mentions``) or the whole text (``at_start`` True, ``end``
    -1, so that ``after`` is never consulted).
    """
    currency_end, lower_end, number_end = after
    matches = _gazetteer_matches(text, tokens, gazetteer)
    mentions: list[_Mention] = []
    currencies = set()
    for i, (j, canonical, kind) in list(matches.items()):
        s, e = tokens[i].start(), tokens[j].end()
        if currency_end if e == end else _CURRENCY_AFTER.match(text, e):
            del matches[i]  # "US$", "US $": a currency, not the country
            currencies.add(i)
            continue
        mentions.append((text[s:e], canonical, s, e, kind))
    units = []
    for unit in _units(text, tokens, matches):
        if unit.first in currencies:
            unit = _Unit(unit.first, unit.last, unit.start, unit.end, "$")
        elif unit.canonical is None and "-" in unit.text:
            parts = _hyphen_parts(tokens[unit.first], gazetteer)
            mentions += parts
            unit = _name_prefix(text, unit) if not parts else _Unit(unit.first, unit.last, unit.start, unit.end, "-")
        units.append(unit)
    for run in _runs(text, units, end, number_end):
        mention = _run_mention(text, run, at_start, end, lower_end)
        if mention is not None:
            mentions.append(mention)
    mentions.sort(key=_position_order)
    return mentions
