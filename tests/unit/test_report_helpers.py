"""Shared helpers for the report tests: the sample report and golden-file comparison."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE_GOLDEN = os.environ.get("CLAIMCHECK_UPDATE_GOLDEN") == "1"


def sample_report() -> dict:
    """A fresh, deep copy of tests/data/sample_report.json (safe to mutate)."""
    return copy.deepcopy(json.loads((DATA / "sample_report.json").read_text(encoding="utf-8")))


def assert_golden(name: str, actual: str) -> None:
    """Compares with tests/golden/<name>; CLAIMCHECK_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run with CLAIMCHECK_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file; if intended, refresh with CLAIMCHECK_UPDATE_GOLDEN=1"


def minimal_report() -> dict:
    """A report with only the contract's required fields (no extras, no sources)."""
    text = "Alpha rose 5% in 2020. Beta fell <b>sharply</b> & quickly."
    return {
        "schema": "claimcheck.report/1",
        "generated_at": "2024-01-01T00:00:00Z",
        "documents": [
            {"id": 7, "title": None, "kind": "other", "location": "-", "sha256": "ab" * 32,
             "published": None, "source": None, "text": text},
        ],
        "claims": [
            {"id": 1, "document_id": 7, "text": "Alpha rose 5% in 2020.", "start": 0, "end": 22,
             "paragraph": 0, "checkworthy": True, "entities": [], "dates": [], "quantities": [],
             "negated": False, "quantifier": None, "hedged": False, "citations": []},
            {"id": 2, "document_id": 7, "text": "Beta fell <b>sharply</b> & quickly.", "start": 23,
             "end": len(text), "paragraph": 0, "checkworthy": True, "entities": [], "dates": [],
             "quantities": [], "negated": False, "quantifier": None, "hedged": False, "citations": []},
        ],
        "references": [],
        "matches": [{"claims": [1, 2], "score": 40, "relation": "conflict", "reasons": [{"slot": "other", "a": None, "b": None}]}],
        "verifications": [
            {"claim_id": 2, "url": "file:///tmp/x.html", "verdict": "not_found", "evidence": None,
             "reasons": [], "snapshot": {"sha256": None, "fetched_at": None, "status": None}},
        ],
        "citation_issues": [],
        "sources": [],
    }
