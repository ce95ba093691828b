"""Locating the values a match reason names inside a claim's text (what the reports highlight)."""

from __future__ import annotations

import pytest

from claimcheck.report.common import document_segments, reason_spans, split_segments


def _marked(claim: dict, slot: str, value) -> list[str]:
    return [claim["text"][start:end] for start, end in reason_spans(claim, slot, value)]


CLAIM = {
    "text": "The port handled 1,250 ships and $9.6bn of cargo in March 2021, not in May, said the PRC.",
    "dates": [{"text": "March 2021", "value": "2021-03", "precision": "month"}],
    "quantities": [{"text": "1,250 ships", "value": 1250, "unit": "ship"},
                   {"text": "$9.6bn", "value": 9.6e9, "unit": "USD"}],
    "entities": [{"text": "PRC", "canonical": "China"}],
    "negated": True,
    "quantifier": None,
}


@pytest.mark.parametrize(("slot", "value", "expected"), [
    ("date", "2021-03", ["March 2021"]),
    ("date", "2021-03-14", ["March 2021"]),
    ("date", "2021-02/2021-03", ["March 2021"]),
    ("quantity", "1250 ship", ["1,250 ships"]),
    ("quantity", "~1250 ship", ["1,250 ships"]),
    ("quantity", "9.6e+09 USD", ["$9.6bn"]),
    ("entity", "China", ["PRC"]),
    ("entity", "China, Japan", ["PRC"]),
    ("negation", "negated (not)", ["not"]),
    ("negation", "affirmed", ["not"]),
    ("other", "handled", ["handled"]),
    ("quantity", "7 ship", []),
    ("date", None, []),
])
def test_reason_values_are_found_in_the_claim(slot, value, expected):
    assert _marked(CLAIM, slot, value) == expected


def test_affirmed_side_of_a_negation_has_nothing_to_mark():
    claim = dict(CLAIM, negated=False, text="The port handled ships.")
    assert reason_spans(claim, "negation", "affirmed") == []


def test_quantifier_label_parts_are_marked():
    claim = {"text": "It was the first state to recognise them, along with Syria.", "quantifier": "first"}
    assert _marked(claim, "quantifier", "first: Syria") == ["first", "Syria"]


def test_matching_is_whole_word_and_case_insensitive():
    claim = {"text": "Another note: NOTE the notary."}
    assert _marked(claim, "other", "note") == ["note", "NOTE"]


def test_split_segments_round_trips():
    text = "abcdef"
    segments = split_segments(text, [(1, 2), (4, 6)])
    assert "".join(s.text for s in segments) == text
    assert [s.text for s in segments if s.marked] == ["b", "ef"]


def test_document_segments_clip_overlapping_claims():
    document = {"text": "One two three. Four five."}
    claims = [{"id": 1, "text": "One two three.", "start": 0, "end": 14},
              {"id": 2, "text": "three. Four", "start": 8, "end": 19}]
    segments = document_segments(document, claims)
    assert "".join(s.text for s in segments) == document["text"]
    assert [(s.claim_id, s.text) for s in segments if s.marked] == [(1, "One two three."), (2, " Four")]


def test_reason_line():
    from claimcheck.report.common import reason_line

    assert reason_line({"slot": "date", "a": "2021-03-29", "b": "2021-03-28", "note": "off by one"}) == \
        "date: 2021-03-29 vs 2021-03-28 (off by one)"
    assert reason_line({"slot": "other", "a": None, "b": None, "note": "connection refused"}) == "connection refused"
    assert reason_line({"slot": "quantity", "a": "5 ship", "b": None}) == "quantity: 5 ship vs —"
    assert reason_line({}) == "other"
