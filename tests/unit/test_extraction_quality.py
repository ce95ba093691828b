"""Quality gate: slot extraction must stay above the floors pinned in tests/floors/extraction.json.

The figures come from bench/eval_extraction.py on the hand-labelled development set
fixtures/devsets/extraction.jsonl; run that script to see them and the errors per slot.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.slots import extract_slots

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "tests" / "floors" / "extraction.json").read_text(encoding="utf-8"))


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_extraction", ROOT / "bench" / "eval_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVAL = _load_eval()
ROWS = EVAL.load_devset()


@pytest.fixture(scope="module")
def figures() -> dict:
    return EVAL.evaluate(ROWS)


def test_devset_is_large_and_varied():
    assert len(ROWS) >= 150
    assert len({row["doc"] for row in ROWS}) >= 4
    for row in ROWS:
        doc = (ROOT / "fixtures" / "devsets" / "docs" / row["doc"]).read_text(encoding="utf-8")
        assert row["text"] in doc


@pytest.mark.parametrize("slot", [k for k in FLOORS if not k.startswith("_") and k != "heldout"])
def test_slot_figures_stay_above_floors(figures, slot):
    if slot not in figures:
        pytest.skip(f"no extractor for {slot} yet")
    for measure, floor in FLOORS[slot].items():
        assert figures[slot][measure] >= floor, f"{slot} {measure} {figures[slot][measure]} < floor {floor}"


def test_heldout_figures_stay_above_floors():
    rows = EVAL.load_devset(ROOT / "fixtures" / "devsets" / "extraction-heldout.jsonl")
    figures = EVAL.evaluate(rows)
    for slot, floors in FLOORS["heldout"].items():
        if slot.startswith("_"):
            continue
        for measure, floor in floors.items():
            assert figures[slot][measure] >= floor, f"held-out {slot} {measure} {figures[slot][measure]} < {floor}"


def test_every_devset_mention_has_exact_offsets():
    for row in ROWS:
        published = date.fromisoformat(row["published"]) if row["published"] else None
        slots = extract_slots(row["text"], 1000, published)
        for mention in (*slots.entities, *slots.dates, *slots.quantities):
            assert row["text"][mention.start - 1000:mention.end - 1000] == mention.text


_PIECES = ["North Korea", "DPRK", " the ", "U.S.", "President Jane Roe", " on July 13, 2022", " in 2014",
           " (Smith 2020)", " $9.6bn", " 73%", " six months after", " not only", " may", " 369 vessels",
           "Today", "Yesterday", "This week", "Last year", "two hundred and\tfive", "\t",
           "–", "-", ",", ".", " ", "1", "0", "(", ")", "’", "\"", "é", "Ålesund", "\n"]




def _vocabulary_words() -> list[str]:
    """Every word and phrase of the extractors' JSON vocabularies and of the title list.

    Random text almost never spells a vocabulary word, yet that is where handlers look values
    up ("Today" at a sentence start once raised KeyError), so the property draws them directly.
    """
    data_dir = ROOT / "claimcheck" / "extract" / "data"
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("_"):
                    found.add(key)
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("dates_words.json", "quantities_words.json", "modality_words.json"):
        walk(json.loads((data_dir / name).read_text(encoding="utf-8")))
    found.update(line.strip() for line in (data_dir / "entities_titles.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))
    return sorted(w for w in found if w.strip())


_WORDS = _vocabulary_words()
_NUMBERS = ["1", "12", "2022", "1990s", "3.5", "1,200", "13th", "05/06/2021", "2021-02-30", "$4bn"]
_SEPARATORS = [" ", " ", " ", "\n", "\t", "\u00a0", ", ", ". ", "-", "–", "(", ")", "'", "’", "%", ""]
_CASED_WORD = st.tuples(st.sampled_from(_WORDS + _NUMBERS), st.sampled_from(["as is", "Capitalised", "UPPER"])).map(
    lambda pair: {"Capitalised": pair[0][:1].upper() + pair[0][1:], "UPPER": pair[0].upper()}.get(pair[1], pair[0]))
# Vocabulary words, often capitalised as at a sentence start, joined by spaces, line breaks and punctuation.
_VOCABULARY_TEXT = st.lists(st.tuples(_CASED_WORD, st.sampled_from(_SEPARATORS)), min_size=1, max_size=12).map(
    lambda pairs: "".join(word + sep for word, sep in pairs))


def test_vocabulary_strategy_covers_capitalised_relative_dates():
    assert {"today", "last year", "twenty", "hundred", "dozen"} <= {w.lower() for w in _WORDS}


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=100), st.lists(st.sampled_from(_PIECES), max_size=25).map("".join),
                 _VOCABULARY_TEXT),
       st.integers(min_value=0, max_value=100_000),
       st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))))
def test_extract_slots_never_raises_is_deterministic_and_offsets_are_exact(text, offset, reference):
    slots = extract_slots(text, offset, reference)
    assert slots == extract_slots(text, offset, reference)
    for mention in (*slots.entities, *slots.dates, *slots.quantities):
        assert text[mention.start - offset:mention.end - offset] == mention.text
