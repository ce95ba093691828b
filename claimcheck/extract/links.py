"""Hyperlinks as citations (pure): a link inside a claim cites the page it points to.

Commentary rarely has a reference list; its links are its references. Each linked URL becomes a
``ReferenceEntry`` (key = the URL) and each link inside a claim's span a ``CitationMention``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claimcheck.model import CitationMention, Extraction, ReferenceEntry

_BARE_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.I)
_TRAILING = ".,;:!?’”"

Link = tuple[int, int, str]


def find_bare_urls(text: str) -> tuple[Link, ...]:
    """``(start, end, url)`` of every http(s) URL written out in plain text."""
    links = []
    for m in _BARE_URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        links.append((m.start(), m.start() + len(url), url))
    return tuple(links)


def cite_links(extraction: Extraction, links: Sequence[Link]) -> Extraction:
    """Add the links that fall inside claims as citations and reference entries."""
    if not links:
        return extraction
    listed = {r.url for r in extraction.references if r.url}
    refs: dict[str, ReferenceEntry] = {}
    claims = []
    ordered = sorted(links)
    for claim in extraction.claims:
        inside = [(a, b, url) for a, b, url in ordered if claim.start <= a and b <= claim.end]
        if not inside:
            claims.append(claim)
            continue
        mentions = []
        for a, b, url in inside:
            if url not in listed:
                refs.setdefault(url, ReferenceEntry(key=url, text=claim.text[a - claim.start:
                                                                           b - claim.start],
                                                    start=a, end=b, url=url))
            key = url if url in refs else _listed_key(extraction, url)
            mentions.append(CitationMention(key=url, text=claim.text[a - claim.start:b - claim.start],
                                            start=a, end=b, reference_key=key))
        claims.append(replace(claim, citations=claim.citations + tuple(mentions)))
    return replace(extraction, claims=tuple(claims),
                   references=extraction.references + tuple(refs.values()))


def _listed_key(extraction: Extraction, url: str) -> str | None:
    return next((r.key for r in extraction.references if r.url == url), None)
