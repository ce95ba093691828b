"""Slot comparison shared by matching and verification (PLACEHOLDER)."""

from __future__ import annotations

from claimcheck.model import Comparison, Slots


def compare_statements(text_a: str, slots_a: Slots, text_b: str, slots_b: Slots) -> Comparison:
    """Say whether two statements agree, conflict (with reasons) or are merely related."""
    return Comparison(relation="related")
