"""A claim with a time of day, ranges and a tally (``Slots.times``, ``Quantity.high``): shared by
the store and the export/import round-trip tests."""

from __future__ import annotations

from claimcheck.model import Claim, Extraction, Quantity, Slots, TimeMention

TIMED = ("At 14:00 between 40 and 60 people came, 12 spoke and the board voted 6 to 3 for "
         "US$3.8-4.6 billion.")


def timed_extraction() -> Extraction:
    """One claim: a time of day, two ranges, a tally and a single number (``high`` None)."""
    slots = Slots(
        quantities=(
            Quantity("between 40 and 60 people", 40.0, "person", "count", 9, 33, False, 60.0),
            Quantity("12", 12.0, "", "count", 40, 42),
            Quantity("6 to 3", 6.0, "", "tally", 69, 75, False, 3.0),
            Quantity("US$3.8-4.6 billion", 3.8e9, "USD", "money", 80, 98, True, 4.6e9),
        ),
        times=(TimeMention("14:00", "14:00", 3, 8),),
        hedged=True,
    )
    claim = Claim(text=TIMED, start=0, end=len(TIMED), paragraph=1, slots=slots)
    return Extraction(claims=(claim,))
