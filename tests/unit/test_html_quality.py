"""Quality gate: paragraph-level precision/recall of html_to_text on hand-labelled pages."""

from __future__ import annotations

import json
from pathlib import Path

from claimcheck.html import html_to_text

GOLD = Path(__file__).resolve().parents[1] / "data" / "html_gold"


def score_pages() -> tuple[float, float, dict[str, tuple[list[str], list[str]]]]:
    """Micro-averaged precision and recall over all gold pages, and each page's errors."""
    expected = {k: v for k, v in json.loads((GOLD / "expected.json").read_text("utf-8")).items()
                if not k.startswith("_")}
    hits = extra_total = missing_total = 0
    errors = {}
    for name, wanted in expected.items():
        got = html_to_text((GOLD / name).read_bytes()).text.split("\n\n")
        extra = [p for p in got if p not in wanted]
        missing = [p for p in wanted if p not in got]
        hits += len(got) - len(extra)
        extra_total += len(extra)
        missing_total += len(missing)
        if extra or missing:
            errors[name] = (extra, missing)
    return hits / (hits + extra_total), hits / (hits + missing_total), errors


def test_extraction_quality_meets_pinned_floors():
    floors = json.loads((GOLD / "floors.json").read_text("utf-8"))
    precision, recall, errors = score_pages()
    assert precision >= floors["precision"], (precision, errors)
    assert recall >= floors["recall"], (recall, errors)


def test_paragraph_order_is_kept():
    wanted = json.loads((GOLD / "expected.json").read_text("utf-8"))["government-release.html"]
    got = html_to_text((GOLD / "government-release.html").read_bytes()).text.split("\n\n")
    assert got == wanted
