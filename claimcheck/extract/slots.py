"""Slot extraction for one statement (PLACEHOLDER: the real one finds entities, dates, ...)."""

from __future__ import annotations

from datetime import date

from claimcheck.model import Slots


def extract_slots(text: str, offset: int = 0, reference_date: date | None = None) -> Slots:
    """Return the slots of ``text``; mention offsets are ``offset`` + position in ``text``."""
    return Slots()
