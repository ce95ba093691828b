"""A fetched page as evidence: its passages, their slots and sentence vectors (pure).

Passages are the page's sentences (``claimcheck.extract.sentences.segment``, the one sentence
splitter) and each sentence joined with the next one of its paragraph, so a fact told over two
sentences can be quoted whole. Each passage's slots come from ``claimcheck.extract`` (the one
slot extractor); retrieval keeps the passages nearest the claim by BM25 over content stems and by
sentence-vector cosine, and the alignment engine scores only those.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from claimcheck.align.clauses import clause_windows, window_slots
from claimcheck.align.features import Statement, content_stems, shared_values
from claimcheck.compare import counted_quantities
from claimcheck.extract.dates import dated_weekdays
from claimcheck.extract.sentences import segment
from claimcheck.extract.slots import extract_slots
from claimcheck.known import Bm25
from claimcheck.model import Evidence, Slots

MAX_PASSAGE_CHARS = 1200  # a two-sentence window longer than this is not formed
HEAD_PARAGRAPHS = 3  # title, byline, dateline: what they date applies to the whole page
RETRIEVE = 12
EMBED_ALL = 1000  # pages with more sentences than this embed only what the lexical stage points to
LAZY_POOL = 8 * RETRIEVE  # ... the passages a claim's BM25 ranks first  # passages kept from each of the lexical and the semantic ranking


CELL = " | "  # how the HTML reader writes table cells

# a clause that opens with a relative word ("which landed on 14 December") tells of an actor
# named before it: no window of its own
_RELATIVE_START = re.compile(r"(?:which|who|whom|whose|where|when)\b", re.IGNORECASE)
# ... and in a window that opens with a name phrase of at most five words and such a clause ("and Vesta
# Lines, which launched ..."), the clause is what the window asserts of the name
_NAMED_RELATIVE = re.compile(r"^(?P<name>(?:\S+\s){0,4}\S+)(?P<join>,\s(?:which|who)\s)")


def _asserted(text: str) -> str:
    """A window's text as it asserts: "and Vesta Lines, which launched ..." read as "and Vesta
    Lines launched ..." (the relative word blanked, so offsets hold); other windows as they are."""
    m = _NAMED_RELATIVE.match(text)
    if m is None:
        return text
    return text[:m.start("join")] + " " * (m.end("join") - m.start("join")) + text[m.end("join"):]


@dataclass(frozen=True)
class Passage:
    """One quotable span of the page (``start``/``end`` into the page text) with the text that
    is compared (the span itself, or a table row told with its header) and that text's slots."""

    start: int
    end: int
    text: str
    slots: Slots
    offset: int = 0  # where ``text`` starts in its slots' coordinates
    paragraph: int = 0  # the page paragraph it stands in (0: a table passage)
    heading: bool = False  # a title or heading: names a topic, asserts little
    fields: tuple[tuple[int, int], ...] = ()  # a table passage's "Header: value" spans in ``text``
    item: str = ""  # a list passage's name ("Ruritania"): what the passage is about
    listed: int = 0  # how many names its list gives in all, when it gives them all (0: unknown)
    lead: str = ""  # what a list passage's list is ("Voting against (24)")


def _table_blocks(text: str, units: list) -> list[list]:
    """Runs of consecutive table-row segments ("a | b | c")."""
    blocks, run = [], []
    for s in units:
        if CELL in text[s.start:s.end]:
            run.append(s)
            continue
        if len(run) >= 2:
            blocks.append(run)
        run = []
    if len(run) >= 2:
        blocks.append(run)
    return blocks


def table_passages(text: str, units: list, reference_date: date | None) -> list[Passage]:
    """Table rows as statements: a run of two-cell rows is one record ("Date | 16 AUG 2009",
    "Wind | +0.9"), told as "Date: 16 AUG 2009. Wind: +0.9."; in a wider table each data row is
    told with its header ("Mark: 9.58; Wind: +0.9; Athlete: ...", so a year heading a column
    is not read into the cell's figure) and quoted as the row."""
    out = []
    for block in _table_blocks(text, units):
        rows = [[c.strip() for c in text[s.start:s.end].split(CELL.strip())] for s in block]
        if all(len(r) == 2 for r in rows):
            told, fields = _joined([f"{k}: {v}." for k, v in rows], " ")
            out.append(Passage(block[0].start, block[-1].end, told, extract_slots(told, 0, reference_date),
                               fields=fields))
            continue
        header = rows[0]
        for s, row in zip(block[1:], rows[1:]):
            if len(row) != len(header):
                continue
            told, fields = _joined([f"{h}: {c}" for h, c in zip(header, row)], "; ")
            out.append(Passage(s.start, s.end, told + ".", extract_slots(told + ".", 0, reference_date),
                               fields=fields))
    return out


LIST_MIN_ITEMS = 3  # names a list gives at least ("Freedonia, Ruritania and Utopia")
ITEM_MAX_WORDS = 6  # a list item is a name: "Iran (Islamic Republic of)", "the Russian Federation"
LIST_MAX_ITEMS = 60  # a list of more names is read as its first ones (bounds the passages)
LEAD_MAX_WORDS = 8  # a lead this short ("Voting against were") is told with the sentence before

# a sentence that lists after a copula ("Voting against were A, B and C", "Among those voting
# against were ...", "Members: A, B, C")
_LIST_LEAD = re.compile(r"^(?P<lead>.*?\b(?:were|are|included|include|includes)|[^:]{3,80}:)\s+(?P<items>.+?)\.?$")
_LIST_SIZE = re.compile(r"\((\d{1,4})\)")  # the size a heading states: "Voting against (24)"
# a lead that gives some of the names, not all: "Among those voting against were", "including"
_PARTIAL_LIST = re.compile(r"\b(?:among|including|include[sd]?|such as|selection|for example|e\.g\.)\b",
                           re.IGNORECASE)
_ITEM_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
# a name's words are capitalised but for these ("Republic of Korea", "Iran (Islamic Republic of)")
_NAME_JOINERS = frozenset({"of", "the", "and", "de", "du", "des", "la", "le", "del", "da", "van", "von",
                           "der", "al", "for", "on", "in", "&"})


def _names(items: str) -> list[str] | None:
    """The names of a comma list ("Belarus, the Russian Federation and Syria"), or None when it
    is not one (fewer than ``LIST_MIN_ITEMS``, or a part that is no short capitalised name)."""
    parts = [part.strip().rstrip(".") for part in _ITEM_SPLIT.split(items.strip())]
    if len(parts) < LIST_MIN_ITEMS or not all(_is_name(part) for part in parts):
        return None
    return parts[:LIST_MAX_ITEMS]


def _is_name(part: str) -> bool:
    """A short run of capitalised words ("the Russian Federation", "Viet Nam")."""
    words = part.replace("(", " ").replace(")", " ").split()
    if not words or len(words) > ITEM_MAX_WORDS or words[0].lower() == "and" or len(part) < 3:
        return False  # "J" of "Smith, J., Jones, K." is an initial, not a name
    return all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words) and any(w[0].isupper() for w in words)


def list_passages(text: str, units: list, reference_date: date | None) -> list[Passage]:
    """Lists of names as one passage per name, told with what the list is and what the page is
    about: "Fishing quotas ... : resolution. Voting against (4): Ruritania." for a paragraph of
    names under a heading or a record's field of names ("Countries reporting confirmed cases (3)
    | Kenya, Uganda, ..."), "The Council adopted ... Voting against were: Sylvania." for a
    sentence that lists them after a copula (a list in a parenthesis after a whole clause, "by
    140 in favour to 5 against (A, B, C)", is not read: no claim restates that clause). A list
    is no sentence about any one of its names, so a claim about one ("Ruritania voted against
    the resolution") aligned with nothing; each name told with the list's heading is a record of
    one field, as a table row is (``table_passages``). A list of one name per line (an HTML
    list) under the line that says what it lists is read the same way. The quote is the heading
    and the list."""
    out: list[Passage] = []
    # the page's first line when it is no sentence, however long: what the page is about
    first = text[units[0].start:units[0].end] if units else ""
    title = first if first and not first.rstrip().endswith((".", "!", "?")) else ""
    for k, unit in enumerate(units):
        body = text[unit.start:unit.end]
        if body.count(",") < LIST_MIN_ITEMS - 2:
            continue
        previous = units[k - 1] if k else None
        start = unit.start
        cells = body.split(CELL)
        if len(cells) == 2:  # a record's field whose value is a list ("Countries reporting | A, B, C")
            names = _names(cells[1])
            if names is None:
                continue
            lead, topic = cells[0].strip(), title
        elif len(cells) > 2:
            continue
        elif (names := _names(body)) is not None:  # a paragraph of names: its lead is the heading above it
            if previous is None or previous.paragraph == unit.paragraph or CELL in text[previous.start:previous.end]:
                continue
            lead, start = text[previous.start:previous.end], previous.start
            topic = title if previous is not units[0] else ""
        else:
            match = _LIST_LEAD.match(body)
            names = _names(match.group("items")) if match else None
            if names is None:
                continue
            lead = match.group("lead").strip().rstrip(":")
            # a short lead ("Voting against were") tells the list of what the sentence before
            # it reports ("The Assembly adopted a resolution ..."), in its paragraph or the last
            before = previous if previous is not None and previous.kind != "heading" \
                and CELL not in text[previous.start:previous.end] else None
            topic = (text[before.start:before.end] if before is not None
                     and len(lead.split()) <= LEAD_MAX_WORDS else title)
        out += _entries(topic, lead, names, start, unit.end, reference_date)
    # a list of one name per line (an HTML list: "Countries voting against:" / "Belgium" /
    # "Chile" / ...), under the line that says what it lists
    k = 1
    while k < len(units):
        run = k
        while run < len(units) and _is_name(text[units[run].start:units[run].end].rstrip(".;,")):
            run += 1
        if run - k >= LIST_MIN_ITEMS and not _is_name(text[units[k - 1].start:units[k - 1].end]):
            head = units[k - 1]
            lead = text[head.start:head.end].strip().rstrip(":")
            if len(lead.split()) <= TITLE_WORDS and not lead.endswith((".", "!", "?")):
                names = [text[u.start:u.end].rstrip(".;,") for u in units[k:run]][:LIST_MAX_ITEMS]
                out += _entries(title if head is not units[0] else "", lead, names, head.start,
                                units[run - 1].end, reference_date,
                                complete=run - k <= LIST_MAX_ITEMS)
        k = max(run, k + 1)
    return out


def _entries(topic: str, lead: str, names: list[str], start: int, end: int,
             reference_date: date | None, complete: bool = True) -> list[Passage]:
    """One passage per name of a list: "<topic>. <lead>: <name>." (``list_passages``)."""
    topic = topic.strip()
    if topic and not topic.endswith((".", "!", "?")):
        topic += "."
    stated = _LIST_SIZE.search(lead)  # "Voting against (24)"
    listed = int(stated.group(1)) if stated else (
        len(names) if complete and len(names) < LIST_MAX_ITEMS and not _PARTIAL_LIST.search(lead) else 0)
    out = []
    for name in names:
        told = f"{topic} {lead}: {name}.".strip()
        out.append(Passage(start, end, told, extract_slots(told, 0, reference_date),
                           item=name, listed=listed, lead=lead))
    return out


def _joined(parts: list[str], separator: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``parts`` joined by ``separator``, and the span of each part in the joined text."""
    spans, at = [], 0
    for part in parts:
        spans.append((at, at + len(part)))
        at += len(part) + len(separator)
    return separator.join(parts), tuple(spans)


TITLE_WORDS = 14  # a title, heading or label is a line of at most this many words


def _title_like(text: str) -> bool:
    """A line without closing punctuation and of few words: a title, a heading, a label."""
    return not text.rstrip().endswith((".", "!", "?", "\"", "\u201d")) and len(text.split()) <= TITLE_WORDS


def merge_slots(a: Slots, b: Slots) -> Slots:
    """The slots of two neighbouring texts as one (a two-sentence window, a paragraph)."""
    return Slots(entities=a.entities + b.entities, dates=a.dates + b.dates,
                 quantities=a.quantities + b.quantities, negated=a.negated or b.negated,
                 quantifier=a.quantifier or b.quantifier, hedged=a.hedged or b.hedged,
                 times=a.times + b.times)


def _loose(stems: frozenset[str]) -> frozenset[str]:
    """Stems with a final "e" dropped: the stemmer gives "vote" for "vote" and "vot" for "votes",
    "voted" and "voting" (its index is stored, so it is not changed here)."""
    return frozenset(s[:-1] if s.endswith("e") and len(s) > 3 else s for s in stems)


@functools.lru_cache(maxsize=1024)
def _lead_stems(lead: str) -> frozenset[str]:
    """What a list's lead ("Voting against (24)") records, as loose stems (``_speaks_of``)."""
    return _loose(content_stems(lead))


@functools.lru_cache(maxsize=4096)
def item_entities(item: str) -> tuple:
    """The entities of a list's entry ("the Russian Federation"), read once for every claim."""
    return extract_slots(item).entities


@functools.lru_cache(maxsize=64)
def _claim_stems(text: str) -> frozenset[str]:
    return _loose(content_stems(text))


def _speaks_of(lead: frozenset[str], text: str) -> bool:
    """Whether a statement speaks of what a list records: it has the words of the list's lead
    ("Voting against"), but one of three or more, which may name what the names are ("Countries
    voting against" for "Chile voted against")."""
    return bool(lead) and len(lead - _claim_stems(text)) <= max(0, len(lead) - 2)


class PageEvidence:
    """The page's passages, indexed for retrieval.

    Args:
        text: The page's extracted text (evidence offsets point into it).
        engine: The ``AlignmentEngine`` (its encoder, if any, embeds the passages).
        reference_date: Completes dates without a year (the page's own date when known).
        page_date: The date the page was issued: it gives the date of what the page reports.
    """

    def __init__(self, text: str, engine, reference_date: date | None = None,
                 page_date: date | None = None):
        self.text = text
        self.page_date = page_date
        self.engine = engine
        segments = segment(text)
        units = [s for s in segments if s.end - s.start >= 12]
        singles = [Passage(s.start, s.end, text[s.start:s.end],
                           self._slots(text[s.start:s.end], s.start, reference_date)) for s in units]
        pairs = [Passage(a.start, b.end, text[a.start:b.end], merge_slots(sa.slots, sb.slots))
                 for (a, sa), (b, sb) in zip(zip(units, singles), zip(units[1:], singles[1:]))
                 if a.paragraph == b.paragraph and b.end - a.start <= MAX_PASSAGE_CHARS]
        first = units[0].paragraph if units else None
        # the page's title line, however it ends ("Men's 200m Final: Bolt 19.19!"): a short first
        # paragraph of one line, not a sentence ending with a full stop, with more text after it
        titled = (first is not None and sum(u.paragraph == first for u in units) == 1
                  and len(units) > 1 and not singles[0].text.rstrip().endswith(".")
                  and len(singles[0].text.split()) <= TITLE_WORDS)
        singles = [Passage(p.start, p.end, p.text, p.slots, p.start, u.paragraph,
                           u.kind == "heading" or _title_like(p.text) or (titled and k == 0))
                   for k, (p, u) in enumerate(zip(singles, units))]
        pairs = [Passage(p.start, p.end, p.text, p.slots, p.start,
                         next(u.paragraph for u in units if u.start == p.start)) for p in pairs]
        self._paragraph_slots: dict[int, Slots] = {}
        for p in singles:
            got = self._paragraph_slots.get(p.paragraph, Slots())
            self._paragraph_slots[p.paragraph] = merge_slots(got, p.slots)
        head = [p for p in singles if p.paragraph <= HEAD_PARAGRAPHS]
        self.head_dates = tuple(d for p in head for d in p.slots.dates)
        # every row of a table, however short ("Rain | 12.4": a record's field is no sentence)
        tables = table_passages(text, segments, reference_date) + list_passages(text, segments, reference_date)
        # embedded one by one: singles, then table and list passages; windows reuse their sentences'
        self.passages: list[Passage] = singles + tables + pairs
        self.statements: list[Statement] = engine.statements(
            [p.text for p in self.passages], [p.slots for p in self.passages],
            [p.offset for p in self.passages])
        embedded = singles + tables
        self._embedded_texts = [p.text for p in embedded]
        self._lazy = engine.encoder is not None and len(embedded) > EMBED_ALL
        if self._lazy:  # a long page: embed passages when a claim's lexical stage needs them
            self.vectors = np.zeros((len(embedded), engine.encoder.dim), dtype=np.float32)
            self._have = np.zeros(len(embedded), dtype=bool)
        else:
            self.vectors = engine.vectors(self._embedded_texts) if embedded else None
        self._single_count = len(embedded)
        self._pair_of = [(i, i + 1) for i, (a, b) in enumerate(zip(units, units[1:]))
                         if a.paragraph == b.paragraph and b.end - a.start <= MAX_PASSAGE_CHARS]
        self._bm25 = Bm25([sorted(content_stems(p.text)) for p in self.passages])
        self._views: dict[int, object] = {}
        self._fields: dict[int, list[tuple[Statement, np.ndarray | None]]] = {}
        self._windows: dict[int, list[tuple[Passage, Statement, np.ndarray | None]]] = {}

    def _slots(self, text: str, start: int, reference_date: date | None) -> Slots:
        """A sentence's slots; on a dated page, "on Saturday" is the Saturday before the page.
        A count of people that a predicate makes a count of events is read as one ("at least
        three people ... have died" gives three deaths, ``compare.counted_quantities``), as the
        claim's are: a page gives the figure a claim counts in other words."""
        slots = extract_slots(text, start, reference_date)
        if slots.quantities:
            counted = counted_quantities(text, slots.quantities)
            if counted != slots.quantities:
                slots = dataclasses.replace(slots, quantities=counted)
        if self.page_date is None or not any(d.relative for d in slots.dates):
            return slots
        dates = slots.dates
        if any(d.relative and not d.value for d in dates):
            dates = dated_weekdays(dates, self.page_date, text)
        # on a page that gives its own date, "today", "yesterday" and "on Saturday" name one day
        # as surely as a written date: compared like one (a claim giving another day is refuted),
        # not only read as confirming the day they resolve to
        dates = tuple(dataclasses.replace(d, relative=False)
                      if d.relative and d.value and d.precision == "day" and not d.end_value else d
                      for d in dates)
        return dataclasses.replace(slots, dates=dates)

    def bm25(self, stems: frozenset[str]) -> np.ndarray:
        """BM25 of every passage for a claim's content stems (``claimcheck.known.Bm25``)."""
        return self._bm25.scores(stems)

    def _embed(self, indices: list[int]) -> None:
        """Embed the embeddable passages among ``indices`` (a window: its two sentences)."""
        wanted = set()
        for i in indices:
            if i < self._single_count:
                wanted.add(i)
            else:
                wanted.update(self._pair_of[i - self._single_count])
        todo = sorted(i for i in wanted if not self._have[i])
        if todo:
            self.vectors[todo] = self.engine.vectors([self._embedded_texts[i] for i in todo])
            self._have[todo] = True

    def cosines(self, vector: np.ndarray | None) -> np.ndarray | None:
        """Cosine of every passage with a claim (a two-sentence window takes the better of its
        sentences' cosines; on a long page, passages not embedded yet get -1)."""
        if vector is None or self.vectors is None:
            return None
        single = self.vectors @ vector
        if self._lazy:
            single = np.where(self._have, single, -1.0)
        pairs = np.array([max(single[i], single[j]) for i, j in self._pair_of]) if self._pair_of \
            else np.zeros(0)
        return np.concatenate([single, pairs])

    def candidates(self, stems: frozenset[str], vector: np.ndarray | None,
                   figures: frozenset[str] = frozenset(), admit=None) -> tuple[list[int], np.ndarray | None]:
        """Indices of the passages worth aligning with a claim, and all passages' cosines: the
        best by BM25, the best by sentence vector, and every passage giving one of the claim's
        distinctive figures or full dates (``figures``, ``Statement.distinctive``).

        ``admit(i)``: whether passage ``i`` may be one (``names_item``: a list's entries for
        names the claim does not name would crowd out the page's sentences, being one topic
        told many times)."""
        def kept(indices) -> list[int]:
            return list(itertools.islice((int(i) for i in indices if admit is None or admit(int(i))), RETRIEVE))
        lexical = self.bm25(stems)
        ranked = np.argsort(-lexical, kind="stable")
        order = kept(i for i in ranked if lexical[i] > 0)
        if figures:
            order += kept(i for i, st in enumerate(self.statements) if shared_values(st.distinctive, figures))
        if vector is not None and self._lazy:
            self._embed(order + [int(i) for i in ranked[:LAZY_POOL] if lexical[i] > 0])
        cos = self.cosines(vector)
        if cos is not None:
            order += kept(i for i in np.argsort(-cos, kind="stable") if cos[i] > -1.0)
        return list(dict.fromkeys(order)), cos

    def confirming_fields(self, index: int, values: frozenset[str]) -> list[tuple[Statement, np.ndarray | None]]:
        """The fields of a table passage ("Rainfall: 12.4") that give one of ``values`` (a claim's
        ``Statement.distinctive``), each as ``(statement, sentence vector or None)``, read and
        embedded once per page; none for other passages."""
        passage = self.passages[index]
        if not passage.fields or not values:
            return []
        found = self._fields.get(index)
        if found is None:
            texts = [passage.text[s:e] for s, e in passage.fields]
            statements = self.engine.statements(
                texts, [window_slots(passage.slots, s, e) for s, e in passage.fields],
                [s for s, _ in passage.fields])
            vectors = self.engine.vectors(texts)
            found = self._fields[index] = [(st, None if vectors is None else vectors[n])
                                           for n, st in enumerate(statements)]
        return [(st, v) for st, v in found if shared_values(st.distinctive, values)]

    def windows(self, index: int) -> list[tuple[Passage, Statement, np.ndarray | None]]:
        """The clause windows of a sentence (``claimcheck.align.clauses``), however short a part
        of it, each as ``(passage, statement, sentence vector or None)``, read and embedded once
        per page: one sentence may tell several actors' acts ("after Baltic Link, which started
        sailing there on 4 May 2019, and Vesta Lines, which launched ..."), each in a clause.
        A clause opening with a relative word names no actor of its own and is no window (its
        name and it are: ``_asserted``); a heading, a table record or a two-sentence passage has
        none."""
        found = self._windows.get(index)
        if found is not None:
            return found
        passage = self.passages[index]
        found = []
        if index < self._single_count and not passage.fields and not passage.heading:
            spans = [(s, e) for s, e in clause_windows(passage.text, min_share=0.0)
                     if not _RELATIVE_START.match(passage.text[s:e])]
            parts = [Passage(passage.start + s, passage.start + e, _asserted(passage.text[s:e]),
                             window_slots(passage.slots, passage.offset + s, passage.offset + e),
                             passage.offset + s, passage.paragraph) for s, e in spans]
            if parts:
                statements = self.engine.statements([w.text for w in parts], [w.slots for w in parts],
                                                    [w.offset for w in parts])
                vectors = self.engine.vectors([w.text for w in parts])
                found = [(w, st, None if vectors is None else vectors[n])
                         for n, (w, st) in enumerate(zip(parts, statements))]
        self._windows[index] = found
        return found

    def field_names(self, index: int, position: int, stems: frozenset[str]) -> bool:
        """Whether the figure at ``position`` of passage ``index`` may measure what a statement
        of content ``stems`` speaks of: outside a table record, always; inside one, when the
        header of its field ("Temperature" of "Temperature: 21.0") shares a content word."""
        passage = self.passages[index]
        for start, end in passage.fields:
            if start <= position < end:
                header = passage.text[start:end].split(":", 1)[0]
                return bool(content_stems(header) & stems)
        return True

    def complete_lists(self, text: str) -> list[list[int]]:
        """The page's lists that give all their names (``Passage.listed``) and record what a
        statement speaks of (their heading's words are among its words): each as the indices of
        its entries, in order."""
        lists: dict[tuple[int, int], list[int]] = {}
        for i, passage in enumerate(self.passages):
            if passage.item and passage.listed:
                lists.setdefault((passage.start, passage.end), []).append(i)
        return [entries for entries in lists.values()
                if _speaks_of(_lead_stems(self.passages[entries[0]].lead), text)]

    def names_item(self, index: int, text: str, slots: Slots) -> bool:
        """Whether a statement names the name a list passage is about and speaks of what the list
        is (always true of other passages): a list's heading and the page's topic align with a
        claim about any name, and only the claim's own name in the list says anything of it; a
        claim that only mentions a listed name ("condemned Russia for ...") and not what the list
        records ("Voting against") is about something else."""
        passage = self.passages[index]
        item = passage.item
        if not item:
            return True
        if not _speaks_of(_lead_stems(passage.lead), text):
            return False
        if re.search(rf"(?<!\w){re.escape(item.lower().removeprefix('the '))}(?!\w)", text.lower()):
            return True
        return bool({e.canonical for e in item_entities(item)} & {e.canonical for e in slots.entities})

    def view(self, index: int):
        """The comparison view of a passage (``claimcheck.compare.StatementView``), built once
        per page and shared by every claim checked against it."""
        found = self._views.get(index)
        if found is None:
            passage = self.passages[index]
            found = self._views[index] = self.engine.view(passage.text, passage.slots)
        return found

    def single_indices(self) -> range:
        """The passages that are one sentence or one table record each (not two-sentence windows)."""
        return range(self._single_count)

    def context_slots(self, index: int) -> Slots:
        """Slots a passage's surroundings give: its paragraph, and the dates of the page's head
        (a dateline dates what the page reports)."""
        p = self.passages[index]
        got = self._paragraph_slots.get(p.paragraph, Slots())
        return merge_slots(got, Slots(dates=self.head_dates))

    def evidence(self, index: int) -> Evidence:
        p = self.passages[index]
        return Evidence(text=self.text[p.start:p.end], start=p.start, end=p.end)
