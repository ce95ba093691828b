"""render_json, validate_report and check_schema."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import ClaimcheckError, SchemaVersionError
from claimcheck.report import check_schema, render_json, validate_report
from test_report_helpers import assert_golden, minimal_report, sample_report


def test_sample_report_is_valid():
    assert validate_report(sample_report()) == []


def test_minimal_report_is_valid():
    assert validate_report(minimal_report()) == []


def test_render_json_round_trips_and_keeps_non_ascii():
    report = sample_report()
    report["documents"][0]["title"] = "Zürich — Übersicht"
    text = render_json(report)
    assert json.loads(text) == report
    assert "Zürich — Übersicht" in text
    assert text.endswith("\n")


def test_render_json_puts_contract_keys_first_then_extras_sorted():
    report = sample_report()
    shuffled = {"zeta": 1, "alpha": 2, **{k: report[k] for k in reversed(list(report))}}
    keys = list(json.loads(render_json(shuffled)))
    assert keys[:9] == ["schema", "generated_at", "documents", "claims", "references", "matches",
                        "verifications", "citation_issues", "sources"]
    assert keys[9:] == ["alpha", "zeta"]


def test_render_json_is_stable():
    assert render_json(sample_report()) == render_json(sample_report())
    assert_golden("sample_report.json", render_json(sample_report()))


def test_validate_report_finds_missing_keys_and_bad_schema():
    report = sample_report()
    del report["citation_issues"]
    report["schema"] = "claimcheck.report/2"
    problems = validate_report(report)
    assert "missing top-level key 'citation_issues'" in problems
    assert any("schema is 'claimcheck.report/2'" in p for p in problems)


def test_validate_report_finds_shifted_offsets():
    report = sample_report()
    report["claims"][0]["start"] += 1
    assert validate_report(report) == ["claim 1: text != document.text[%d:%d]" % (
        report["claims"][0]["start"], report["claims"][0]["end"])]


def test_validate_report_finds_unknown_verdict_relation_slot_and_kind():
    report = sample_report()
    report["verifications"][0]["verdict"] = "maybe"
    report["matches"][0]["relation"] = "contradicts"
    report["matches"][1]["reasons"][0]["slot"] = "colour"
    report["citation_issues"][0]["kind"] = "typo"
    problems = validate_report(report)
    assert "verification 0: unknown verdict 'maybe'" in problems
    assert "match 0: unknown relation 'contradicts'" in problems
    assert "match 1: unknown reason slot 'colour'" in problems
    assert "citation issue 0: unknown kind 'typo'" in problems


def test_validate_report_finds_dangling_ids_and_bad_credibility():
    report = sample_report()
    report["matches"][0]["claims"] = [1, 999]
    report["verifications"][0]["claim_id"] = 998
    report["claims"][0]["document_id"] = 55
    report["sources"][0]["credibility"] = 1.5
    problems = validate_report(report)
    assert "match 0: claims [1, 999] are not two known claim ids" in problems
    assert "verification 0: unknown claim_id 998" in problems
    assert "claim 1: unknown document_id 55" in problems
    assert any("not in [0, 1]" in p for p in problems)


def test_check_schema_accepts_v1_and_rejects_other_majors():
    check_schema({"schema": "claimcheck.report/1"})
    with pytest.raises(SchemaVersionError, match="claimcheck.report/2"):
        check_schema({"schema": "claimcheck.report/2"})
    with pytest.raises(ClaimcheckError, match="missing"):
        check_schema({})


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=60), data=st.data())
def test_validate_report_accepts_exact_offsets_only(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    shift = data.draw(st.sampled_from([0, 1]))
    report = minimal_report()
    report["documents"][0]["text"] = text
    report["claims"] = [dict(report["claims"][0], text=text[start:end], start=start + shift, end=end + shift)]
    report["matches"], report["verifications"] = [], []
    exact = text[start + shift:end + shift] == text[start:end]
    assert (validate_report(report) == []) == exact


def test_render_report_dispatches_every_format():
    from claimcheck.report import FORMATS, ReportFormatError, render_report

    report = sample_report()
    outputs = {fmt: render_report(report, fmt) for fmt in FORMATS}
    assert json.loads(outputs["json"]) == report
    assert outputs["md"].startswith("# claimcheck report")
    assert outputs["html"].startswith("<!DOCTYPE html>")
    assert json.loads(outputs["claimreview"])[0]["@type"] == "ClaimReview"
    assert all(text.endswith("\n") for text in outputs.values())
    with pytest.raises(ReportFormatError, match="unknown report format 'pdf'"):
        render_report(report, "pdf")
