"""Passages of a page and the surface features verification compares (pure).

A page's text is cut into paragraphs, paragraphs into sentences, and every sentence plus every
window of two or three consecutive sentences of one paragraph becomes a candidate passage
(:class:`claimcheck.model.Evidence` with exact offsets: ``page_text[e.start:e.end] == e.text``).

Besides splitting, this module reads the few surface features that verification needs even when
the slot extractor has nothing to say about a passage: content-word stems, numbers with their
units and hedges, dates with their precision, named-entity-like spans and negation cues. The
vocabulary lives in ``claimcheck/data/verify_lexicon.json``.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from claimcheck.model import Evidence

logger = logging.getLogger(__name__)

MAX_WINDOW = 3
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|vs|Inc|Ltd|Co|Corp|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|e\.g|i\.e|U\.S|U\.K|U\.N)|\b[A-Z])$"
)
_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_NAME = re.compile(
    r"[" + _UPPER + r"][\w'’\-.]*(?:[ \t]+(?:(?:of|the|de|la|for|and)[ \t]+)?[" + _UPPER + r"][\w'’\-.]*)*")
_CONNECTORS = ("of", "the", "de", "la", "for", "and")
_WORD = re.compile(r"[^\W\d_](?:[\w'’]*[^\W_])?|\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class Token:
    """A word or number token of a text, with its offsets relative to that text."""

    text: str
    start: int
    end: int
    stem: str


@dataclass(frozen=True)
class NumberMention:
    """A number read from text: ``kind`` is count | money | percent; ``hedge`` more|less|approx."""

    text: str
    value: float
    kind: str
    unit: str
    start: int
    end: int
    hedge: str | None = None


@dataclass(frozen=True)
class DateSpan:
    """A date read from text; ``bound`` is "before" or "after" when the text says by/before/since."""

    text: str
    value: str
    precision: str
    start: int
    end: int
    bound: str | None = None


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Return the verification vocabulary (stopwords, cues, number words, months...)."""
    raw = resources.files("claimcheck.data").joinpath("verify_lexicon.json").read_text("utf-8")
    data = json.loads(raw)
    data["stopword_all"] = frozenset(data["stopwords"])
    data["stopword_set"] = frozenset(data["stopwords"]) - frozenset(data["keep_for_context"])
    data["negation_set"] = frozenset(data["negation_cues"])
    data["not_entity_set"] = frozenset(data["not_entities"])
    data["numeric_words"] = frozenset(
        list(data["scale_words"]) + list(data["currency_words"]) + list(data["number_words"])
        + [w for p in data["percent_words"] for w in p.split()])
    data["hedge_words"] = frozenset(w for ps in data["number_hedges"].values() for p in ps
                                    for w in p.split())
    return data


# --------------------------------------------------------------------------- splitting


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph: runs of non-blank lines, whitespace trimmed."""
    spans = []
    for m in re.finditer(r"[^\n]+", text) if "\n\n" not in text else _PARAGRAPH.finditer(text):
        start, end = _trim(text, m.start(), m.end())
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of the sentences of ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, max(start, m.start() - 6), m.start()):
            continue
        s, e = _trim(text, cursor, m.end())
        if e > s:
            spans.append((s, e))
        cursor = m.end()
    s, e = _trim(text, cursor, end)
    if e > s:
        spans.append((s, e))
    return spans


def split_passages(page_text: str, max_window: int = MAX_WINDOW) -> list[Evidence]:
    """Cut a page's text into candidate passages with exact offsets.

    Args:
        page_text: the extracted text of a page.
        max_window: the longest run of consecutive sentences (within one paragraph) to emit.

    Returns:
        Sentences and 2..``max_window``-sentence windows, in page order, each an
        :class:`Evidence` with ``page_text[e.start:e.end] == e.text``.
    """
    passages = []
    for p_start, p_end in split_paragraphs(page_text):
        sentences = split_sentences(page_text, p_start, p_end)
        for i in range(len(sentences)):
            for width in range(1, max_window + 1):
                if i + width > len(sentences):
                    break
                s, e = sentences[i][0], sentences[i + width - 1][1]
                passages.append(Evidence(text=page_text[s:e], start=s, end=e))
    return passages


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a light stem: lower case, irregular forms mapped, common suffixes removed."""
    w = _fold(word.lower().replace("’", "'"))
    if w.endswith("'s"):
        w = w[:-2]
    w = lexicon()["irregular_forms"].get(w, w)
    if len(w) >= 8:
        w = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", w)  # organise -> organize
    w = re.sub(r"(?<=ct|pt)ions?$|(?<!s)(?<=[aeiou]n|[aeiou]r|[aeiou]l)sions?$", _derived, w) if len(w) > 6 else w
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("ing", "", 6), ("ed", "", 5),
                                  ("es", "", 6), ("s", "", 4)):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]  # "challenge" and "challenged" both give "challeng"
    return w


def _fold(word: str) -> str:
    """Drop diacritics ("erdoğan" -> "erdogan") so spellings with and without them meet."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _derived(m: re.Match) -> str:
    """Map a nominal ending to its verb: "election" -> "elect", "suspension" -> "suspend"."""
    return "" if m.group().startswith("ion") else "d"


@lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """Return stem -> stems of its opposites ("pass" -> {"reject"}), from the lexicon."""
    pairs: dict[str, set[str]] = {}
    for a, b in lexicon()["antonyms"]:
        pairs.setdefault(stem(a), set()).add(stem(b))
        pairs.setdefault(stem(b), set()).add(stem(a))
    return {k: frozenset(v) for k, v in pairs.items()}


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word and number tokens with their stems."""
    return [Token(m.group(), m.start(), m.end(), stem(m.group())) for m in _WORD.finditer(text)]


def content_stems(text: str) -> set[str]:
    """Return the stems of the content words of ``text`` (no stopwords, no numbers)."""
    lex = lexicon()
    stop, numeric = lex["stopword_all"], lex["numeric_words"]
    return {t.stem for t in tokenize(text) if t.stem not in stop and t.text.lower() not in stop
            and not t.text[0].isdigit()
            and len(t.stem) > 1 and t.stem not in lex["months"] and t.text.lower() not in numeric}


def entity_spans(text: str) -> list[tuple[int, int, str]]:
    """Return capitalised name-like spans ``(start, end, text)``, e.g. "Bank of England"."""
    lex = lexicon()
    spans = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        sentence_start = not text[:m.start()].strip() or text[:m.start()].rstrip()[-1] in ".!?:\"“"
        while words and (words[0].strip(".") in lex["not_entity_set"]
                         or words[0].lower().strip(".") in lex["months"]
                         or (sentence_start and _common_word(words[0]))):
            words = words[1:]
        while words and words[-1] in _CONNECTORS:
            words = words[:-1]
        while words and words[0] in _CONNECTORS:
            words = words[1:]
        if not words:
            continue
        name = re.sub(r"(?:['’]s?|\.)$", "", " ".join(words))
        start = m.start() + m.group().index(words[0])
        spans.append((start, start + len(name), name))
    return spans


def _common_word(word: str) -> bool:
    """Say whether a capitalised word is a common word (stopword, hedge, number word)."""
    low = word.lower().strip(".")
    lex = lexicon()
    return low in lex["stopword_set"] or low in lex["hedge_words"] or low in lex["numeric_words"]


def negation_positions(tokens: list[Token]) -> list[int]:
    """Return the token indexes of negation cues ("not", "never", "n't", ...)."""
    cues = lexicon()["negation_set"]
    found = []
    for i, t in enumerate(tokens):
        low = t.text.lower().replace("’", "'")
        if low in cues or low.endswith("n't"):
            found.append(i)
    return found


# --------------------------------------------------------------------------- numbers


def _number_pattern() -> re.Pattern:
    """Compile the number pattern: currency, digits or number words, scale, percent."""
    lex = lexicon()
    words = sorted(lex["number_words"], key=len, reverse=True)
    scales = sorted(lex["scale_words"], key=len, reverse=True)
    percents = sorted(lex["percent_words"], key=len, reverse=True)
    symbols = sorted(lex["currency_symbols"], key=len, reverse=True)
    return re.compile(
        r"(?P<cur>" + "|".join(re.escape(s) for s in symbols) + r")?\s?"
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:" + "|".join(words) + r")\b)"
        r"(?:(?:\s|-)?(?P<scale>(?:" + "|".join(scales) + r"))\b)?"
        r"(?:\s?(?P<pct>" + "|".join(re.escape(p) for p in percents) + r"))?",
        re.IGNORECASE,
    )


_NUMBER_RE: re.Pattern | None = None


def number_mentions(text: str, exclude: list[tuple[int, int]] = ()) -> list[NumberMention]:
    """Return the numbers of ``text`` (counts, money, percentages), skipping ``exclude`` spans."""
    global _NUMBER_RE
    if _NUMBER_RE is None:
        _NUMBER_RE = _number_pattern()
    found = []
    for m in _NUMBER_RE.finditer(text):
        if any(s < m.end("num") and m.start("num") < e for s, e in exclude):
            continue
        mention = _read_number(text, m)
        if mention is not None:
            found.append(mention)
    return found


def _read_number(text: str, m: re.Match) -> NumberMention | None:
    """Turn one number match into a :class:`NumberMention` (``None`` for years and ordinals)."""
    lex = lexicon()
    raw = m.group("num")
    low = raw.lower()
    if low in lex["number_words"]:
        value = float(lex["number_words"][low])
    else:
        value = float(raw.replace(",", ""))
    if re.match(r"(st|nd|rd|th)\b|-[a-z]", text[m.end("num"):m.end("num") + 3]):
        return None  # ordinals: "21st", "thirty-first"
    if low in lex["number_words"] and re.match(r"\s+of\b", text[m.end():m.end() + 4]):
        return None  # partitive: "one of 24 countries"
    scale = (m.group("scale") or "").lower()
    if scale:
        if scale in ("m", "b", "k") and m.group("cur") is None:
            scale = ""
        value *= lex["scale_words"].get(scale, 1.0)
    kind, unit = "count", _unit_after(text, m.end())
    if m.group("pct"):
        kind, unit = "percent", "%"
    elif m.group("cur"):
        kind, unit = "money", lex["currency_symbols"][m.group("cur")]
    elif unit in lex["currency_words"]:
        kind, unit = "money", lex["currency_words"][unit]
    start = m.start("cur") if m.group("cur") else m.start("num")
    if kind == "count" and not scale and _looks_like_year(raw):
        return None
    return NumberMention(text=text[start:m.end()], value=value, kind=kind, unit=unit, start=start,
                         end=m.end(), hedge=_hedge_before(text, start))


def _looks_like_year(raw: str) -> bool:
    """A bare four-digit number between 1800 and 2100 is read as a year, not a count."""
    return raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100


def _unit_after(text: str, pos: int) -> str:
    """Return the stem of the word right after a number (its counted noun, usually)."""
    m = re.match(r"\s*(?:-\s*)?([A-Za-z]+)", text[pos:pos + 40])
    return stem(m.group(1)) if m else ""


def _hedge_before(text: str, pos: int) -> str | None:
    """Return more|less|approx when a hedge ("more than", "nearly") precedes position ``pos``."""
    before = text[max(0, pos - 24):pos].lower().rstrip(" $€£")
    m = _hedge_pattern().search(before)
    return m.lastgroup if m else None


@lru_cache(maxsize=1)
def _hedge_pattern() -> re.Pattern:
    """Compile one pattern matching any hedge phrase at the end of a string, longest first."""
    alternatives = []
    for hedge, phrases in lexicon()["number_hedges"].items():
        words = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        alternatives.append(f"(?P<{hedge}>\\b(?:{words}))$")
    return re.compile("|".join(alternatives))


# --------------------------------------------------------------------------- dates

_MONTH = (r"(?P<{n}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_RE = re.compile(
    r"(?P<iso>\b(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})\b)"
    r"|(?P<dmy>\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format(n="m1") + r"(?:,?\s+(?P<y1>\d{4}))?\b)"
    r"|(?P<mdy>\b" + _MONTH.format(n="m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{4}))?)"
    r"|(?P<my>\b" + _MONTH.format(n="m3") + r",?\s+(?P<y3>\d{4})\b)"
    r"|(?P<year>(?<![\d,.$€£])\b(?P<y4>1[89]\d\d|20\d\d)\b(?![\d,.]\d|\s?%|-\d))"
)


def date_mentions(text: str, reference_date: date | None = None) -> list[DateSpan]:
    """Return the dates of ``text`` with ISO values and precision (year, month or day).

    A day and month without a year take the year of ``reference_date`` when it is given.
    """
    found = []
    for m in _DATE_RE.finditer(text):
        value = _date_value(m, reference_date)
        if value is None:
            continue
        precision = {1: "year", 2: "month", 3: "day"}[value.count("-") + 1]
        found.append(DateSpan(text=m.group(), value=value, precision=precision, start=m.start(),
                              end=m.end(), bound=_bound_before(text, m.start())))
    return found


def _date_value(m: re.Match, reference_date: date | None) -> str | None:
    """Return the ISO value of one date match, or ``None`` when it is not a valid date."""
    months = lexicon()["months"]
    g = m.groupdict()
    if g["iso"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["dmy"] or g["mdy"]:
        month = months[(g["m1"] or g["m2"]).lower().rstrip(".")]
        day = int(g["d1"] or g["d2"])
        year_text = g["y1"] or g["y2"]
        if not year_text and reference_date is None:
            return f"????-{month:02d}-{day:02d}"
        year = int(year_text) if year_text else reference_date.year
    elif g["my"]:
        return f"{int(g['y3']):04d}-{months[g['m3'].lower().rstrip('.')]:02d}"
    else:
        return g["y4"]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _bound_before(text: str, pos: int) -> str | None:
    """Return before|by|after|since when the words right before a date bound it.

    "before" and "after" exclude the date itself; "by" and "since" include it.
    """
    words = re.findall(r"[a-z]+", text[max(0, pos - 20):pos].lower())[-2:]
    if len(words) == 2 and words[1] in ("to", "than"):
        words = words[:1]  # "prior to", "earlier than", "later than"
    for bound, cues in lexicon()["bound_cues"].items():
        if words and words[-1] in cues:
            return bound
    return None
