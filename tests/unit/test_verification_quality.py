"""Quality gate: verification on the labelled development set must stay above pinned floors.

The floors live in ``tests/floors/verification.json``; the evaluation is
``bench/eval_verification.py`` (run it with ``-v`` to see every error).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "tests" / "floors" / "verification.json").read_text("utf-8"))


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_verification",
                                                  ROOT / "bench" / "eval_verification.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def summary() -> dict:
    return _load_eval().evaluate()


def test_dev_set_is_large_and_labelled_with_every_verdict():
    pairs = _load_eval().load_pairs(ROOT / "fixtures" / "devsets" / "verification" / "pairs.jsonl")
    assert len(pairs) >= FLOORS["min_pairs"]
    assert {p["verdict"] for p in pairs} == {"supported", "contradicted", "not_found"}
    assert len({p["page"] for p in pairs}) >= 6
    for p in pairs:
        assert (p["slot"] is None) == (p["verdict"] != "contradicted"), p["claim"]


def test_overall_accuracy_floor(summary):
    assert summary["accuracy"] >= FLOORS["accuracy"], summary


@pytest.mark.parametrize("verdict", ["supported", "contradicted", "not_found"])
def test_per_class_accuracy_floor(summary, verdict):
    assert summary["per_class"][verdict] >= FLOORS["per_class"][verdict], summary


def test_never_supported_where_the_page_contradicts(summary):
    assert summary["supported_when_contradicted"] <= FLOORS["max_supported_when_contradicted"], summary


def test_contradicted_precision_floor(summary):
    assert summary["contradicted_precision"] >= FLOORS["contradicted_precision"], summary


@pytest.mark.parametrize("name", ["heldout", "heldout_commentary", "demo"])
def test_heldout_and_demo_floors(name):
    module = _load_eval()
    pairs_path = {"heldout": module.HELDOUT, "heldout_commentary": module.HELDOUT_COMMENTARY,
                  "demo": module.DEMO}[name]
    floors = FLOORS[name]
    result = module.evaluate(pairs_path)
    assert result["pairs"] >= floors.get("min_pairs", 1)
    assert result["accuracy"] >= floors["accuracy"], result
    assert result["supported_when_contradicted"] <= floors["max_supported_when_contradicted"], result
    assert result["contradicted_precision"] >= floors.get("contradicted_precision", 0.0), result
