"""render_html: self-contained, escaped, anchored, filterable."""

from __future__ import annotations

import base64
import hashlib
import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.report import render_html
from claimcheck.report.html import template_environment
from test_report_helpers import assert_golden, minimal_report, sample_report


def _soup(html: str) -> BeautifulSoup:
    """Parses keeping whitespace-only strings (BeautifulSoup collapses them outside <pre>)."""
    return BeautifulSoup(html, "html.parser", preserve_whitespace_tags={"pre", "textarea", "div"})


def test_environment_autoescapes():
    assert template_environment().autoescape is True


def test_golden_html():
    assert_golden("sample_report.html", render_html(sample_report()))


def test_injected_markup_is_text_not_elements():
    html = render_html(sample_report())
    soup = _soup(html)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert len(soup.find_all("script")) == 1
    assert soup.find("img") is None
    handlers = [(tag.name, attr) for tag in soup.find_all(True) for attr in tag.attrs if attr.startswith("on")]
    assert handlers == []
    doc_text = soup.select_one("#doc-1 .doc-text").get_text()
    assert "<img src=x onerror=alert(2)>" in doc_text


def test_page_is_self_contained():
    soup = _soup(render_html(sample_report()))
    assert soup.find("link") is None and soup.find("img") is None and soup.find("iframe") is None
    assert all(not tag.get("src") for tag in soup.find_all(True))
    assert soup.find("style") is not None


def test_csp_allows_exactly_the_inline_script():
    soup = _soup(render_html(sample_report()))
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    script = soup.find("script").string
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_every_claim_is_anchored_and_every_claim_link_resolves():
    report = sample_report()
    soup = _soup(render_html(report))
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert {f"claim-{c['id']}" for c in report["claims"]} <= ids
    links = [a["href"][1:] for a in soup.find_all("a", href=re.compile("^#"))]
    assert links and set(links) <= ids


def test_claim_marks_hold_exactly_the_claim_text():
    report = sample_report()
    soup = _soup(render_html(report))
    for claim in report["claims"]:
        assert soup.find("mark", id=f"claim-{claim['id']}").get_text() == claim["text"]


def test_document_text_is_rendered_verbatim():
    report = sample_report()
    soup = _soup(render_html(report))
    for document in report["documents"]:
        rendered = soup.select_one(f"#doc-{document['id']} .doc-text")
        for tag in rendered.select("a.claim-tag"):
            tag.decompose()
        assert rendered.get_text() == document["text"]


def test_conflicts_show_both_quotes_with_differing_values_marked():
    soup = _soup(render_html(sample_report()))
    pairs = soup.select("article.pair")
    assert len(pairs) == 3  # claims 2, 6 and 12 conflict in one group: one card, two versions
    first = pairs[0]
    assert [m.get_text() for m in first.select("mark.diff")] == ["29 March 2021", "28 March 2021"]
    assert [a["href"] for a in first.select("p.where a")] == ["#claim-1", "#claim-5"]
    negation = [p for p in pairs if "negation" in p.h3.get_text()][0]
    assert [m.get_text() for m in negation.select("mark.diff")] == ["not"]
    queue = [p for p in pairs if "quantity" in p.h3.get_text()][0]
    assert "3 claims, 2 versions, 2 conflicting pairs" in queue.header.get_text()
    assert [len(v.select("blockquote")) for v in queue.select(":scope > div")] == [1, 1]
    assert [a["href"] for a in queue.select("p.where a")] == ["#claim-2", "#claim-12", "#claim-6"]


def test_verifications_show_verdict_evidence_and_snapshot():
    soup = _soup(render_html(sample_report()))
    cards = soup.select("article.verification")
    assert {c["data-verdicts"] for c in cards} == {"supported", "contradicted", "not_found", "unreachable"}
    contradicted = soup.select_one("#verification-0")
    assert "Roughly 10% of world seaborne trade" in contradicted.blockquote.get_text()
    text = contradicted.get_text(" ")
    assert "9b2e4d6f8a0c" in text and "2024-05-02T10:15:00+00:00" in text and "HTTP 200" in text
    assert "https://trade.example.com/chokepoints/" in text


def test_filter_attributes_and_options():
    soup = _soup(render_html(sample_report()))
    assert [o["value"] for o in soup.select("#filter-doc option")] == ["", "1", "2", "3"]
    assert [o["value"] for o in soup.select("#filter-verdict option")] == ["", "supported", "contradicted", "not_found", "unreachable"]
    assert [o["value"] for o in soup.select("#filter-relation option")] == ["", "conflict", "agree", "related"]
    for select in soup.find_all("select"):
        assert soup.find("label", attrs={"for": select["id"]}) is not None
    conflict = soup.select_one("article.pair")
    assert conflict["data-docs"] == "1 2" and "conflict" in conflict["data-relations"].split()


def test_svg_charts_are_inline_and_labelled():
    soup = _soup(render_html(sample_report()))
    svgs = soup.find_all("svg")
    assert len(svgs) == 2
    for svg in svgs:
        assert svg["role"] == "img" and svg.find("title") is not None
    matrix_desc = svgs[0].find("desc").get_text()
    assert "Harbour Daily with Global Trade Review: 0 agree, 2 conflict, 0 related." in matrix_desc
    bars_desc = svgs[1].find("desc").get_text()
    assert "Journal of Maritime Policy: 1 Supported, 1 Contradicted, 1 Not found, 1 Unreachable." in bars_desc


def test_minimal_report_without_extras_renders():
    soup = _soup(render_html(minimal_report()))
    assert soup.select_one("#claim-2").get_text() == "Beta fell <b>sharply</b> & quickly."
    assert soup.find("b") is None
    assert len(soup.select("tbody tr")) >= 1


def test_empty_report_renders_empty_states():
    report = {"schema": "claimcheck.report/1", "generated_at": None}
    text = _soup(render_html(report)).get_text()
    assert "No conflicting claims were found." in text
    assert "No claim was checked against a reference." in text


def test_offsets_that_do_not_match_leave_text_unmarked():
    report = sample_report()
    report["claims"][0]["start"] += 3
    soup = _soup(render_html(report))
    assert soup.find("mark", id="claim-1") is None
    rendered = soup.select_one("#doc-1 .doc-text")
    for tag in rendered.select("a.claim-tag"):
        tag.decompose()
    assert rendered.get_text() == report["documents"][0]["text"]


@settings(max_examples=40, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\x0c"), min_size=2, max_size=80), data=st.data())
def test_any_document_text_survives_escaping(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    report = minimal_report()
    report["documents"][0]["text"] = text
    report["documents"][0]["title"] = text
    report["claims"] = [dict(report["claims"][0], text=text[start:end], start=start, end=end)]
    report["matches"], report["verifications"] = [], []
    soup = _soup(render_html(report))
    rendered = soup.select_one("#doc-7 .doc-text")
    assert rendered.find("mark", id="claim-1").get_text() == text[start:end]
    for tag in rendered.select("a.claim-tag"):
        tag.decompose()
    assert rendered.get_text() == text
    assert len(soup.find_all("script")) == 1


def test_agreement_matrix_keeps_the_busiest_sources_only():
    report = minimal_report()
    template = report["claims"][0]
    report["documents"], report["claims"], report["matches"] = [], [], []
    for number in range(1, 21):
        report["documents"].append({"id": number, "kind": "news", "source": f"S{number:02d}", "text": template["text"]})
        report["claims"].append(dict(template, id=number, document_id=number))
    report["matches"] = [{"claims": [1, n], "score": 50, "relation": "agree", "reasons": []} for n in range(2, 16)]
    soup = _soup(render_html(report))
    names = [li.get_text() for li in soup.select("figure ol li")]
    assert names == [f"S{n:02d}" for n in range(1, 16)]
    assert "The 5 sources with the fewest matches are left out." in soup.get_text()


def test_one_card_per_claim_with_each_page_it_was_checked_against():
    report = sample_report()
    extra = dict(report["verifications"][1], url="https://second.example/page", verdict="not_found",
                 evidence=None)
    report["verifications"].append(extra)
    soup = _soup(render_html(report))
    claim_id = report["verifications"][1]["claim_id"]
    cards = [c for c in soup.select("article.verification")
             if c.select_one(f'a[href="#claim-{claim_id}"]')]
    assert len(cards) == 1
    card = cards[0]
    assert "checked against 2 pages" in card.get_text()
    assert len(card.select("div.check")) == 2 and card["data-verdicts"] == "contradicted not_found"
    assert "v-contradicted" in card["class"]  # the most decisive verdict leads
    assert not card.find_parent("details")  # it is a finding: not folded away
