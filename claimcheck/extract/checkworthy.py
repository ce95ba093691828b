"""Check-worthiness scoring (PLACEHOLDER until the measured model lands)."""

from __future__ import annotations

from claimcheck.model import Slots


def score_checkworthiness(text: str, slots: Slots) -> tuple[float, str]:
    """Return (probability the sentence is a check-worthy factual claim, short reason)."""
    factual = bool(slots.dates or slots.quantities or slots.entities)
    return (0.7, "has facts") if factual else (0.4, "no facts found")
