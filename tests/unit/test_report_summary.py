"""render_summary: one screen, plain without colour, no terminal escapes from document text."""

from __future__ import annotations

from claimcheck.report import render_summary
from test_report_helpers import assert_golden, minimal_report, sample_report


def test_golden_summary():
    assert_golden("sample_report.summary.txt", render_summary(sample_report(), color=False))


def test_plain_summary_fits_one_screen_without_escapes():
    text = render_summary(sample_report(), color=False)
    lines = text.splitlines()
    assert len(lines) <= 24 and max(len(line) for line in lines) <= 80
    assert "\x1b" not in text
    assert "  Matches               4 conflict, 2 agree, 1 related" in lines
    assert "  Verdicts              Supported 2  Contradicted 3  Not found 1  Unreachable 1" in lines
    assert "  Citation issues       3" in lines


def test_colour_summary_uses_ansi_and_same_words():
    coloured = render_summary(sample_report(), color=True)
    assert "\x1b[31m4 conflict\x1b[0m" in coloured
    stripped = coloured
    for code in ("\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m", "\x1b[0m"):
        stripped = stripped.replace(code, "")
    assert stripped == render_summary(sample_report(), color=False)


def test_terminal_escape_sequences_in_documents_are_removed():
    report = sample_report()
    hostile = "The Ever Given was only refloated \x1b[2J\x1b]0;pwned\x07 on 28 March 2021, after a week of dredging."
    doc = report["documents"][1]
    claim = report["claims"][4]
    doc["text"] = doc["text"].replace(claim["text"], hostile)
    claim["text"] = hostile
    text = render_summary(report, color=False)
    assert "\x1b" not in text and "\x07" not in text


def test_top_conflicts_are_listed_highest_score_first():
    lines = render_summary(sample_report()).splitlines()
    start = lines.index("Top conflicts:")
    assert lines[start + 1] == "  ! date"
    assert lines[start + 2].startswith("    Harbour Daily        The container ship Ever Given")


def test_minimal_and_empty_reports():
    assert "Documents             1" in render_summary(minimal_report())
    empty = render_summary({"schema": "claimcheck.report/1"})
    assert "Claims                0 (0 check-worthy)" in empty and "Top conflicts" not in empty
