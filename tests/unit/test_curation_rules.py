"""Curation rules that need no database: a cluster member's stance."""

from __future__ import annotations

from claimcheck.curation import stance
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Claim


def _claim(text: str) -> Claim:
    return Claim(text=text, start=0, end=len(text), paragraph=1, slots=extract_slots(text))


def test_each_source_stands_to_the_clusters_assertion():
    head = _claim("The port closed on 3 May.")
    assert stance(_claim("The harbour was shut on 3 May."), head) == "asserts"
    assert stance(_claim("The port did not close on 3 May."), head) == "contradicts"
    assert stance(_claim("The port may have closed on 3 May."), head) == "hedges"
    assert stance(head, head) == "asserts"
