"""render_markdown: GitHub-pasteable, escaped, conflicts side by side."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from claimcheck.report import render_markdown
from claimcheck.report.markdown import md_escape
from test_report_helpers import assert_golden, minimal_report, sample_report


def _with_injected_claim_in_a_conflict() -> dict:
    report = sample_report()
    report["matches"].append({"claims": [3, 8], "score": 99, "relation": "conflict",
                              "reasons": [{"slot": "other", "a": "<b>x</b>", "b": None, "note": "@someone #12 <i>"}]})
    return report


def test_golden_markdown():
    assert_golden("sample_report.md", render_markdown(sample_report()))


def test_sections_in_order():
    text = render_markdown(sample_report())
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == ["Summary", "Conflicts", "Verifications", "Citation problems",
                        "Agreements and related claims", "Sources"]


def test_conflict_is_side_by_side_with_values_in_bold_and_provenance():
    text = render_markdown(sample_report())
    assert "| “The container ship Ever Given was refloated on **29 March 2021**, ending" in text
    assert ("| “The Ever Given was only refloated on **28 March 2021**, after a week of dredging.” "
            "| What a stuck ship taught the world about supply chains (commentary, 2021-04-02), paragraph 1 "
            "(claim 5) |") in text
    # claims 2 and 12 say the same and both conflict with claim 6: one section, two versions
    assert ("| Stranded container ship freed after six days in canal (news, 2021-03-29), paragraph 2 (claim 2); "
            "Chokepoints and the resilience of maritime supply chains (academic, 2022-01-15), paragraph 4 "
            "(claim 12) |") in text
    assert "(score 84, 3 claims in 2 versions, 2 conflicting pairs)" in text


def test_verifications_and_citations_and_sources():
    text = render_markdown(sample_report())
    assert "| **Contradicted** | “Around 12% of global trade" in text
    assert "sha256 9b2e4d6f8a0c, 2024\\-05\\-02T10:15:00\\+00:00, HTTP 200" in text
    assert "| near\\_miss | Lee 2012 | cited key closely resembles the listed 'Lee 2021' | use “Lee 2021” |" in text
    assert "| Global Trade Review | commentary | 0.37 | 0 / 2 | 0 / 4 | 0 |" in text


def test_document_html_cannot_become_markup():
    text = render_markdown(_with_injected_claim_in_a_conflict())
    assert "<script>" not in text and "<img" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text
    assert "&#64;someone" in text and "\\#12" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    html_tokens = [t for t in tokens if t.type in ("html_block", "html_inline")]
    children = [c for t in tokens for c in (t.children or []) if c.type == "html_inline"]
    assert html_tokens == [] and children == []


def test_rendered_markdown_shows_the_injected_text_literally():
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(_with_injected_claim_in_a_conflict()))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*stars*, _underscores_ and a | pipe." in html
    assert "<script>" not in html


def test_minimal_report_renders():
    text = render_markdown(minimal_report())
    assert "Beta fell &lt;b&gt;sharply&lt;/b&gt; &amp; quickly." in text
    assert "## Sources" in text


@given(st.text(max_size=80))
def test_md_escape_leaves_one_line_with_nothing_active(text):
    escaped = md_escape(text)
    assert "\n" not in escaped and "<" not in escaped and ">" not in escaped and "@" not in escaped
    assert re.search(r"(?<!\\)[*_`\[\]|]", escaped) is None or "\\" in text


def test_a_claim_checked_against_several_pages_is_one_row():
    report = sample_report()
    first = report["verifications"][0]
    report["verifications"].append(dict(first, url="https://second.example.org/page", verdict="contradicted",
                                        reasons=[{"slot": "date", "a": "x", "b": "y", "note": "date differs"}]))
    section = render_markdown(report).split("## Verifications")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines()
            if line.startswith("| **") and "six\\-days" in line and "second.example.org" in line]
    assert len(rows) == 1, section  # one card: both pages, one per line, in the claim's row
    assert "**Contradicted**<br>**Supported**" in rows[0]
