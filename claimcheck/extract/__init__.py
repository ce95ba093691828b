"""Claim extraction (pure): sentences, slots, citations, reference lists, citation issues.

PLACEHOLDER interface (to be replaced by the real extractor): ``extract_document``.
"""

from __future__ import annotations

import re
from datetime import date

from claimcheck.extract.checkworthy import score_checkworthiness
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Claim, Extraction

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def extract_document(text: str, *, published: date | None = None) -> Extraction:
    """Extract claims, references and citation issues from a document's plain text."""
    claims = []
    paragraph = 0
    for block in re.finditer(r"[^\n]+", text):
        paragraph += 1
        for m in _SENTENCE.finditer(block.group()):
            s, e = block.start() + m.start(), block.start() + m.end()
            while s < e and text[s].isspace():
                s += 1
            if e - s < 20:
                continue
            slots = extract_slots(text[s:e], offset=s, reference_date=published)
            score, reason = score_checkworthiness(text[s:e], slots)
            claims.append(Claim(text=text[s:e], start=s, end=e, paragraph=paragraph, slots=slots,
                                checkworthy=score >= 0.5, checkworthiness=score,
                                checkworthy_reason=reason))
    return Extraction(claims=tuple(claims))
