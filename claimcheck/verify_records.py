"""Evidence spread over a page's structure: its date, record fields and lists of actors (pure).

Official pages state facts in fields and lists rather than sentences: "Vote date | 2 March 2022",
"Yes: 141 | No: 5 | Abstentions: 35", a heading "Voting against" followed by a list of names, or
"140 in favour to 5 against (A, B, C)". This module reads those shapes:

- :func:`page_date`: the date a page was issued (its metadata, else a date standing alone near
  the top), which anchors "today", "yesterday" and "on Tuesday" (:func:`relative_dates`);
- :func:`actor_lists`: the lists of actors the page gives for a role ("voting against",
  "reporting cases"), with the count the page gives for that role;
- :func:`check_membership`: a verdict for claims such as "X was one of N countries that did Y" or
  "X was among those voting against Y", from a list for Y containing X and the count for Y.

The vocabulary (membership cues, vote roles, partial-list cues, weekdays) is in
``claimcheck/data/verify_lexicon.json``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from claimcheck.extract.slots import extract_slots
from claimcheck.model import Evidence, Reason, VerificationResult
from claimcheck.passages import (
    DateSpan,
    content_stems,
    date_mentions,
    entity_spans,
    lexicon,
    number_mentions,
    split_paragraphs,
    stem,
    tokenize,
)

logger = logging.getLogger(__name__)

LEAD_CHARS = 400  # a date standing alone this near the top is the page's dateline
SHORT_LABEL_WORDS = 8  # a paragraph this short ending without a full stop is a heading or label
NEAR_CHARS = 400  # a count or date field this close to a list is shown with it as evidence
TOPIC_COVERAGE = 0.5  # share of a membership claim's topic words the page must use
VOTE_TOPIC = 0.6  # share of a vote-count claim's topic words the page must use
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|;\s*|\s+and\s+")


@dataclass(frozen=True)
class ActorList:
    """A list of actors the page gives for a role, with the role's count when the page has one."""

    role: frozenset[str]  # normalised role stems of the label ("vot", "against")
    items: tuple[str, ...]
    canonicals: frozenset[str]
    count: int | None
    complete: bool
    start: int  # evidence span in the page text: label through list
    end: int


@dataclass(frozen=True)
class MembershipClaim:
    """A claim that an actor belongs to the group that did something."""

    actor: str
    names: frozenset[str]  # the actor's surface name and canonical name
    count: int | None
    role: frozenset[str]
    topic: frozenset[str]


# --------------------------------------------------------------------------- page dates


def page_date(page_text: str, metadata: dict | None = None) -> date | None:
    """Return the date a page was issued: its metadata's ``published``, else a dateline near the top.

    Args:
        page_text: the page's extracted text.
        metadata: what the page declares about itself (``page_metadata(page)``), or ``None``.

    Returns:
        The date, or ``None`` when the page gives none.
    """
    published = (metadata or {}).get("published")
    if published:
        try:
            return date.fromisoformat(str(published)[:10])
        except ValueError:
            logger.debug("unreadable published date %r", published)
    for start, end in split_paragraphs(page_text[:LEAD_CHARS]):
        line = page_text[start:end]
        found = [d for d in date_mentions(line) if d.precision == "day" and "?" not in d.value]
        if found and len(content_stems(line) - _date_words(line)) <= 3:
            return date.fromisoformat(found[0].value)
    return None


def _date_words(text: str) -> set[str]:
    """Return the stems of a line's date words (months, weekdays) so they do not count as content."""
    lex = lexicon()
    return {t.stem for t in tokenize(text) if t.text.lower() in lex["months"]
            or t.text.lower() in lex["weekdays"]}


def relative_dates(text: str, issued: date | None) -> list[DateSpan]:
    """Return "today", "yesterday" and "on Tuesday" in ``text`` as dates counted from ``issued``.

    A weekday is the latest such day on or before the issue date.
    """
    if issued is None:
        return []
    lex = lexicon()
    found = []
    for m in re.finditer(r"\b[A-Za-z]+\b", text):
        word = m.group().lower()
        if word in lex["relative_days"]:
            when = issued + timedelta(days=lex["relative_days"][word])
        elif word in lex["weekdays"] and re.search(r"\bon\s+$", text[max(0, m.start() - 4):m.start()]):
            when = issued - timedelta(days=(issued.weekday() - lex["weekdays"][word]) % 7)
        else:
            continue
        found.append(DateSpan(m.group(), when.isoformat(), "day", m.start(), m.end()))
    return found


def event_date(page_text: str, issued: date | None) -> DateSpan | None:
    """Return the date of the event a record page is about: a "... date | value" field, else ``issued``."""
    for m in re.finditer(r"(?im)^[^\n|:]{0,40}\bdate\b[^\n|:]{0,60}[|:]\s*([^\n|]+)", page_text):
        found = [d for d in date_mentions(m.group(1)) if d.precision == "day" and "?" not in d.value]
        if found:
            return found[0]
    return DateSpan("", issued.isoformat(), "day", 0, 0) if issued else None


# --------------------------------------------------------------------------- roles and counts


def _role_key(word: str) -> str:
    """Map a vote word to its role ("noes" -> "against", "ayes" -> "favour"); else its stem."""
    for key, words in lexicon()["vote_roles"].items():
        if word.lower() in words:
            return key
    return stem(word)


def role_stems(text: str) -> frozenset[str]:
    """Return the normalised role words of a label ("Members voting No" -> vot, against, member)."""
    lex = lexicon()
    roles = {_role_key(t.text) for t in tokenize(text)
             if not t.text[0].isdigit() and (t.text.lower() not in lex["stopword_all"]
                                             or any(t.text.lower() in w for w in lex["vote_roles"].values()))}
    return frozenset(roles)


def role_counts(text: str) -> dict[str, list[tuple[int, int, int]]]:
    """Return the vote counts a text gives per role, as (value, start, end) of each mention.

    Reads "141 in favour to 5 against, with 35 abstentions", "Yes: 141 | No: 5" and
    "by a vote of 93-24-58" (in favour, against, abstentions).
    """
    counts: dict[str, list[tuple[int, int, int]]] = {}
    words = "|".join(re.escape(w) for ws in lexicon()["vote_roles"].values() for w in ws)
    for m in re.finditer(rf"\b(\d[\d,]*)\s+(?:votes?\s+)?(?:in\s+)?({words})\b", text, re.I):
        counts.setdefault(_role_key(m.group(2)), []).append((_int(m.group(1)), m.start(), m.end()))
    for m in re.finditer(rf"\b({words})\s*[:|]\s*(\d[\d,]*)\b", text, re.I):
        counts.setdefault(_role_key(m.group(1)), []).append((_int(m.group(2)), m.start(), m.end()))
    for m in re.finditer(r"\b(\d[\d,]*)\s+votes?\s+to\s+(\d[\d,]*)\b", text, re.I):
        for key, value in zip(("favour", "against"), m.groups()):
            counts.setdefault(key, []).append((_int(value), m.start(), m.end()))
    for m in re.finditer(r"\bvote\s+of\s+(\d+)\s*[-–]\s*(\d+)(?:\s*[-–]\s*(\d+))?\b", text, re.I):
        for key, value in zip(("favour", "against", "abstain"), m.groups()):
            if value:
                counts.setdefault(key, []).append((int(value), m.start(), m.end()))
    return counts


@lru_cache(maxsize=16)
def _page_counts(page_text: str) -> dict[str, list[tuple[int, int, int]]]:
    """Return :func:`role_counts` of a whole page (cached: every claim checked against it asks)."""
    return role_counts(page_text)


def _int(text: str) -> int:
    """Read an integer written with thousands separators."""
    return int(text.replace(",", ""))


# --------------------------------------------------------------------------- lists of actors


@lru_cache(maxsize=16)
def actor_lists(page_text: str) -> tuple[ActorList, ...]:
    """Find the lists of actors a page gives for a role.

    Shapes read: a short label paragraph followed by a list ("Voting against (24)" / "A, B, C"),
    a label with "|" or ":" ("Countries reporting cases (3) | A, B, C"), a parenthesised list
    after a role word ("5 against (A, B, C)"), and "Voting against were A, B and C".
    """
    paragraphs = split_paragraphs(page_text)
    found: list[ActorList] = []
    for k, (start, end) in enumerate(paragraphs):
        text = page_text[start:end]
        for label_end, list_start, list_end in _inline_lists(text):
            found.append(_actor_list(page_text, start, start + label_end, start + list_start,
                                     start + list_end))
        if _is_label(text) and k + 1 < len(paragraphs):
            list_start, list_end = _following_list(page_text, paragraphs[k + 1:])
            if list_end > list_start:
                found.append(_actor_list(page_text, start, end, list_start, list_end))
    return tuple(f for f in found if f.role and f.items and all(_is_name(i) for i in f.items))


def _is_name(item: str) -> bool:
    """Say whether a list item reads as a name: capitalised, and not a date or a figure."""
    return item[:1].isupper() and not date_mentions(item) and not re.search(r"\d", item[:4])


def _is_label(text: str) -> bool:
    """Say whether a paragraph is a heading or label (short, no full stop, no field separator)."""
    plain = re.sub(r"\(\d+\)", "", text)
    return len(plain.split()) <= SHORT_LABEL_WORDS and not re.search(r"[.|:]\s*$|\|", plain)


def _following_list(page_text: str, paragraphs: list[tuple[int, int]]) -> tuple[int, int]:
    """Return the span of the list after a label: one comma list, or a run of short lines."""
    start, end = paragraphs[0]
    first = page_text[start:end]
    if "," in first or ";" in first:
        return start, end
    last = None
    for s, e in paragraphs:
        line = page_text[s:e]
        if "," in line or len(line.split()) > SHORT_LABEL_WORDS or line.rstrip().endswith("."):
            break
        last = e
    return (start, last) if last is not None else (start, start)


def _inline_lists(text: str) -> list[tuple[int, int, int]]:
    """Return (label end, list start, list end) of lists inside one paragraph."""
    spans = []
    for m in re.finditer(r"\(", text):
        close = _closing_paren(text, m.start())
        inside = text[m.start() + 1:close]
        if close > 0 and _looks_like_list(inside):
            spans.append((m.start(), m.start() + 1, close))
    for m in re.finditer(r"\s(?:were|was|are|is|:|\|)\s+", text):
        tail_end = _sentence_end(text, m.end())
        if _looks_like_list(text[m.end():tail_end]) and _label_start(text, m.start()) < m.start():
            spans.append((m.start(), m.end(), tail_end))
    return spans


def _closing_paren(text: str, opening: int) -> int:
    """Return the index of the parenthesis closing the one at ``opening`` (-1 if none)."""
    depth = 0
    for i in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def _sentence_end(text: str, start: int) -> int:
    """Return where the sentence starting before ``start`` ends (a full stop outside parentheses)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if text[i] == "." and depth == 0 and (i + 1 == len(text) or text[i + 1].isspace()):
            return i
    return len(text)


def _label_start(text: str, end: int) -> int:
    """Return where the label before ``end`` starts: after the previous sentence end."""
    cut = max(text.rfind(". ", 0, end), text.rfind("|", 0, end))
    return cut + 1 if cut >= 0 else 0


def _looks_like_list(text: str) -> bool:
    """Say whether a text is a list of names: two or more items, most of them capitalised."""
    items = _split_items(text)
    if len(items) < 2:
        return False
    named = sum(1 for item in items if item[:1].isupper() or item.lower().startswith("the "))
    return named >= 0.8 * len(items)


def _split_items(text: str) -> list[str]:
    """Split a list into items at commas, semicolons and "and", not inside parentheses."""
    masked = re.sub(r"\([^()]*\)", lambda m: "\0" * len(m.group()), text)
    items, cursor = [], 0
    for m in _LIST_SPLIT.finditer(masked):
        items.append(text[cursor:m.start()])
        cursor = m.end()
    items.append(text[cursor:])
    return [i.strip().rstrip(".").strip() for i in items if i.strip().rstrip(".").strip()]


def _actor_list(page_text: str, label_start: int, label_end: int, list_start: int,
                list_end: int) -> ActorList:
    """Build an :class:`ActorList` from the spans of its label and its list."""
    label_from = label_start + _label_start(page_text[label_start:label_end], label_end - label_start)
    label = page_text[label_from:label_end]
    raw = page_text[list_start:list_end]
    items = tuple(re.sub(r"^the\s+", "", i, flags=re.I) for i in _split_items(raw.replace("\n", ", ")))
    declared = re.search(r"\((\d+)\)", label)
    role = role_stems(re.sub(r"\(\d+\)|\d[\d,]*", " ", label))
    partial = bool(set(label.lower().split()) & set(lexicon()["partial_list_cues"]))
    count = int(declared.group(1)) if declared else None
    return ActorList(role=role, items=items, canonicals=_canonicals(raw), count=count,
                     complete=not partial and count is not None and count == len(items),
                     start=label_from, end=list_end)


def _canonicals(text: str) -> frozenset[str]:
    """Return the canonical names the extractor's gazetteer gives the list's entities."""
    try:
        slots = extract_slots(text)
    except (KeyError, ValueError, IndexError, AttributeError, TypeError) as error:
        logger.warning("slot extraction failed on a list: %r", error)
        return frozenset()
    return frozenset(e.canonical for e in slots.entities)


# --------------------------------------------------------------------------- membership claims


def membership_claim(claim_text: str, slots) -> MembershipClaim | None:
    """Read "X was one of (only) N <group> <role> ..." or "X was among (those) <role> ...".

    Returns:
        The actor, its names, the claimed count, the role words and the topic words, or ``None``
        when the claim has no membership cue after a named actor.
    """
    cue = re.search(lexicon()["membership_pattern"], claim_text, re.I)
    if cue is None:
        return None
    named = [s for s in entity_spans(claim_text[:cue.start()])]
    if not named:
        return None
    actor = named[-1][2]
    names = {actor} | {e.canonical for e in (slots.entities if slots else ())
                       if e.text == actor or actor in e.text or e.text in actor}
    rest = claim_text[cue.end():]
    numbers = number_mentions(rest[:40])
    count = int(numbers[0].value) if numbers and numbers[0].value == int(numbers[0].value) else None
    role_text = _role_phrase(rest)
    role = role_stems(role_text) - {stem(w) for w in lexicon()["group_nouns"]}
    topic = content_stems(rest) - role - {stem(w) for w in lexicon()["group_nouns"]}
    if not role:
        return None
    return MembershipClaim(actor, frozenset(names), count, frozenset(role), frozenset(topic))


def _role_phrase(rest: str) -> str:
    """Return the words naming the group's act: after the group noun, up to its object."""
    lex = lexicon()
    vote_words = {w for ws in lex["vote_roles"].values() for w in ws}
    words: list[str] = []
    for t in tokenize(rest):
        low = t.text.lower()
        if low in lex["membership_skip"]:
            continue
        leading = t.text[0].isdigit() or low in lex["number_words"] or low in lex["membership_lead_skip"]
        stop = (low in lex["stopword_all"] and low not in vote_words) or t.text[0].isupper()
        if leading or stop:
            if words:
                break
            continue
        words.append(t.text)
    return " ".join(words)


def check_membership(claim: MembershipClaim, page_text: str, claim_dates: list[DateSpan],
                     issued: date | None, page_stems: set[str]) -> VerificationResult | None:
    """Verify a membership claim against the page's lists and counts for its role.

    Returns:
        ``supported`` when a list for the role names the actor and the count and date agree;
        ``contradicted`` when the count or date differs for the list naming the actor, or a
        complete list lacks the actor; ``None`` when the page has no list for the role.
    """
    if claim.topic and _topic_share(claim.topic, page_stems) < TOPIC_COVERAGE:
        return None
    lists = [a for a in actor_lists(page_text) if claim.role <= a.role]
    if not lists:
        return None
    counts = _page_counts(page_text)
    when = event_date(page_text, issued)
    outcomes = []
    for actors in lists:
        count = _count_for(actors, claim.role, counts)
        verdict, reasons = _judge(claim, actors, count[0] if count else None, claim_dates, when)
        outcomes.append((verdict, reasons, _evidence(page_text, actors, count, when)))
    for wanted in ("supported", "contradicted"):
        chosen = [(reasons, evidence) for verdict, reasons, evidence in outcomes if verdict == wanted]
        if chosen:
            return VerificationResult(wanted, chosen[0][1], tuple(chosen[0][0]), 100.0)
    return None


def _topic_share(topic: frozenset[str], page_stems: set[str]) -> float:
    """Return the share of topic stems the page uses (a shared 5-letter start counts: "canadian")."""
    prefixes = {s[:5] for s in page_stems if len(s) >= 5}
    found = sum(1 for s in topic if s in page_stems or (len(s) >= 5 and s[:5] in prefixes))
    return found / len(topic)


def _count_for(actors: ActorList, role: frozenset[str], counts: dict) -> tuple[int, int, int] | None:
    """Return the page's count for the list's role as (value, start, end): declared on the label,
    else the vote count nearest the list, else the page's only count for the role."""
    if actors.count is not None:
        return actors.count, actors.start, actors.start
    keys = [k for k in counts if k in role]
    if len(keys) != 1:
        return None
    values = counts[keys[0]]
    near = [v for v in values if abs(v[1] - actors.start) <= NEAR_CHARS or actors.start <= v[1] <= actors.end]
    if near:
        return min(near, key=lambda v: abs(v[1] - actors.start))
    return values[0] if len({v[0] for v in values}) == 1 else None


def _evidence(page_text: str, actors: ActorList, count: tuple[int, int, int] | None,
              when: DateSpan | None) -> Evidence:
    """Return one span covering the list and, when they are near it, its count and its date field."""
    start, end = actors.start, actors.end
    for part in (count, (None, when.start, when.end) if when is not None and when.end else None):
        if part is not None and abs(part[1] - start) <= NEAR_CHARS:
            start, end = min(start, part[1]), max(end, part[2])
    start = page_text.rfind("\n", 0, start) + 1  # whole lines: "By a recorded vote of 93 in favour ..."
    line_end = page_text.find("\n", end)
    end = line_end if line_end >= 0 else len(page_text)
    return Evidence(page_text[start:end], start, end)


def _judge(claim: MembershipClaim, actors: ActorList, count: int | None, claim_dates: list[DateSpan],
           when: DateSpan | None) -> tuple[str | None, list[Reason]]:
    """Compare a membership claim with one list: (verdict or None, reasons)."""
    from claimcheck.verify import (
        dates_compatible,  # shared date rule; imported late (cycle)
    )
    member = _is_member(claim, actors)
    complete = actors.complete or (count is not None and count == len(actors.items))
    reasons = []
    if claim.count is not None and count is not None and claim.count != count:
        reasons.append(Reason("quantity", str(claim.count), str(count),
                              note=f"the page counts {count} where the claim has {claim.count}"))
    if not member and complete:
        reasons.append(Reason("entity", claim.actor, ", ".join(actors.items),
                              note=f"the page's complete list does not name {claim.actor}"))
    dated = [d for d in claim_dates if when is not None]
    if any(not dates_compatible(d, when) for d in dated):
        d = dated[0]
        reasons.append(Reason("date", d.value, when.value,
                              note=f"the page gives {when.value} where the claim has {d.value}"))
    if reasons and (member or (count is not None and claim.count == count) or complete):
        return "contradicted", reasons
    if member and not reasons and (not claim_dates or when is not None):
        return "supported", []
    return None, []


def _is_member(claim: MembershipClaim, actors: ActorList) -> bool:
    """Say whether the list names the claim's actor (by surface or canonical name)."""
    if claim.names & actors.canonicals:
        return True
    return any(n.lower() == i.lower() or re.match(re.escape(n) + r"\b", i) for n in claim.names
               for i in actors.items)


# --------------------------------------------------------------------------- vote counts


def check_vote_counts(claim_text: str, claim_topic: set[str], page_text: str, claim_dates: list[DateSpan],
                      issued: date | None, page_stems: set[str]) -> VerificationResult | None:
    """Verify the vote counts of a claim ("adopted by 141 votes to 5", "with 35 abstentions").

    The page's count for each role must be its only one ("Yes: 141", "141 in favour", "a vote of
    141-5-35"): a page giving several tallies (this year's and last year's) is left to the
    passage-level checks.

    Returns:
        ``supported`` when every count agrees (and the date, if the claim has one),
        ``contradicted`` when a count or the date differs while another count agrees or every
        count differs on a page about the claim's topic; ``None`` otherwise.
    """
    from claimcheck.verify import (
        dates_compatible,  # shared date rule; imported late (cycle)
    )
    wanted = {role: values[0][0] for role, values in role_counts(claim_text).items()}
    if not wanted or (claim_topic and _topic_share(frozenset(claim_topic), page_stems) < VOTE_TOPIC):
        return None
    page = _page_counts(page_text)
    found = {role: page[role] for role in wanted if role in page and len({v[0] for v in page[role]}) == 1}
    if len(found) < len(wanted):
        return None
    reasons = [Reason("quantity", str(wanted[r]), str(v[0][0]),
                      note=f"the page counts {v[0][0]} where the claim has {wanted[r]}")
               for r, v in found.items() if v[0][0] != wanted[r]]
    when = event_date(page_text, issued)
    for d in claim_dates:
        if when is not None and not dates_compatible(d, when):
            reasons.append(Reason("date", d.value, when.value,
                                  note=f"the page gives {when.value} where the claim has {d.value}"))
    if claim_dates and when is None:
        return None
    first = min(v[0][1] for v in found.values())
    last = max(v[0][2] for v in found.values())
    start = page_text.rfind("\n", 0, first) + 1
    end = page_text.find("\n", last)
    evidence = Evidence(page_text[start:end if end >= 0 else len(page_text)], start,
                        end if end >= 0 else len(page_text))
    verdict = "contradicted" if reasons else "supported"
    return VerificationResult(verdict, evidence, tuple(reasons), 100.0)
