"""Quality gate: claim-pair classification on the labelled dev set stays above pinned floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "tests" / "floors" / "matching.json").read_text(encoding="utf-8"))


def _load_eval_module():
    spec = importlib.util.spec_from_file_location("eval_matching", ROOT / "bench" / "eval_matching.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> dict:
    return _load_eval_module().evaluate()


def test_devset_is_large_and_varied(figures):
    pairs = _load_eval_module().load_pairs()
    assert len(pairs) >= 60
    assert len({p["topic"] for p in pairs}) >= 6
    assert {p["relation"] for p in pairs} == {"agree", "conflict", "related"}
    assert all(p["slot"] for p in pairs if p["relation"] == "conflict")


def test_overall_accuracy_above_floor(figures):
    assert figures["accuracy"] >= FLOORS["accuracy"], figures["errors"]


@pytest.mark.parametrize("relation", ["conflict", "agree", "related"])
@pytest.mark.parametrize("measure", ["precision", "recall"])
def test_relation_above_floor(figures, relation, measure):
    floor = FLOORS["per_relation"][relation][measure]
    value = figures["per_relation"][relation][measure]
    assert value >= floor, f"{relation} {measure} {value:.3f} < floor {floor}: {figures['errors']}"


def test_conflicts_name_the_labelled_slot(figures):
    assert figures["conflict_slot_accuracy"] >= FLOORS["conflict_slot_accuracy"]


@pytest.mark.parametrize("split", ["base", "fresh", "fresh2"])
def test_no_split_reports_false_conflicts_above_floor(split):
    """A different event must not be reported as a conflict on any split (fresh2: subordinate
    clauses, successive votes, periodic figures, repeated fixtures)."""
    module = _load_eval_module()
    figures = module.evaluate(split=split)
    assert figures["pairs"] >= 30
    precision = figures["per_relation"]["conflict"]["precision"]
    assert precision >= FLOORS["split_conflict_precision"], figures["errors"]
