"""Clause windows: the parts of a statement that can carry an assertion of their own (pure).

Real authors wrap one fact in asides ("Of course Google went in appeal in August 2018, and the
case stayed in Luxembourg for four years"; "It was the second anti-amyloid antibody to receive
accelerated approval, after aducanumab in June 2021"). Whole-sentence features then compare the
fact *and* its asides with the other statement, and two tellings of one fact with different
asides look like two assertions. A window is a run of the statement's comma-, semicolon-, colon-
or dash-separated segments (or a parenthesis' outside) long enough to assert something on its
own (``clause_windows``); the alignment engine scores the windows of two statements against each
other with the same model as whole statements (``AlignmentEngine.clause_probabilities``).

Best windows are evidence for a conflict only, never for an agreement: on external pairs the
best-window probability separates whole-sentence paraphrases worse than the whole sentences do
(MSRP validation ROC-AUC 0.760 -> 0.711) while it finds claims inside longer texts better
(CheckThat! 2020 T2 dev 0.802 -> 0.811). Matching therefore lifts a pair to its windows'
alignment only when those windows differ in a typed slot (``claimcheck.match``), the way a pair
that differs only in a figure is aligned as if the figure agreed (``AlignmentEngine.lifted``).

A window holds at least ``WINDOW_MIN_WORDS`` words and ``WINDOW_MIN_SHARE`` of the statement's
words (a short phrase such as "In the main trial" asserts nothing), and no web address (a
citation is not an assertion).
"""

from __future__ import annotations

import dataclasses
import re

from claimcheck.model import Slots

# segment boundaries: a comma, semicolon or colon before a space, a spaced dash, a parenthesis
_BOUNDARY = re.compile(r"[,;:]\s+|\s[\u2013\u2014-]\s|\s?\(|\)\s*")
_ADDRESS = re.compile(r"://|\bwww\.")

WINDOW_MIN_WORDS = 5
WINDOW_MIN_SHARE = 0.4
WINDOW_MAX_SEGMENTS = 2  # a window joins at most this many adjacent segments
MAX_WINDOWS = 6  # per statement, longest first: bounds the pairs scored (36 at most)


def clause_windows(text: str, *, min_words: int = WINDOW_MIN_WORDS,
                   min_share: float = WINDOW_MIN_SHARE) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` character spans of ``text``'s clause windows, the whole text excluded.

    Example:
        >>> t = "Of course Google went in appeal in August 2018, and the case stayed there for years."
        >>> [t[s:e] for s, e in clause_windows(t)]
        ['Of course Google went in appeal in August 2018', 'and the case stayed there for years.']
    """
    segments, last = [], 0
    for match in _BOUNDARY.finditer(text):
        if match.start() > last:
            segments.append((last, match.start()))
        last = match.end()
    if last < len(text):
        segments.append((last, len(text)))
    if len(segments) < 2:
        return ()
    words = len(text.split())
    found = set()
    for first in range(len(segments)):
        for final in range(first, min(first + WINDOW_MAX_SEGMENTS, len(segments))):
            start, end = segments[first][0], segments[final][1]
            part = text[start:end]
            size = len(part.split())
            if (size >= min_words and size >= min_share * words and (start, end) != (0, len(text))
                    and not _ADDRESS.search(part)):
                found.add((start, end))
    return tuple(sorted(sorted(found, key=lambda span: (span[0] - span[1], span))[:MAX_WINDOWS]))


def window_slots(slots: Slots, start: int, end: int) -> Slots:
    """The slots of a window: the mentions inside ``[start, end)`` (slot coordinates); the
    statement's negation, quantifier and hedge stay (they qualify its main clause)."""
    def inside(mention) -> bool:
        return start <= mention.start and mention.end <= end
    return dataclasses.replace(slots, entities=tuple(m for m in slots.entities if inside(m)),
                               dates=tuple(m for m in slots.dates if inside(m)),
                               quantities=tuple(m for m in slots.quantities if inside(m)),
                               times=tuple(m for m in slots.times if inside(m)))
