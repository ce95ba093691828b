"""Spans of a statement whose digits are no figures: web addresses, DOIs and numeric citation
markers ("[2]", "[12, 14]", "[3–5]") (pure).

The slot extractor skips them for times, dates and quantities. Each kind needs a character
most statements lack ("/" or "www." or "doi" for addresses, "[" for markers), tested first.
"""

from __future__ import annotations

import re

_ADDRESS = re.compile(
    r"(?:https?://|ftp://|www\.|(?i:doi):\s?|\b10\.\d{4,9}/|\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,}/)"
    r"[^\s<>\"'“”‘’\]]*")
_MARKER = re.compile(r"\[\s?\d{1,3}(?:\s?[,;–—-]\s?\d{1,3})*\s?\]")


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every address and numeric citation marker in ``text``, in order.

    An address ends at whitespace, a quote or a closing bracket; a closing parenthesis or a
    final full stop, comma or semicolon that ends the sentence is left out of it.
    """
    spans = []
    if "/" in text or "www." in text or "oi:" in text or "OI:" in text:  # "doi:" in either case
        for m in _ADDRESS.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:)>":
                end -= 1
            spans.append((m.start(), end))
    if "[" in text:
        spans += [m.span() for m in _MARKER.finditer(text)]
        spans.sort()
    return spans
