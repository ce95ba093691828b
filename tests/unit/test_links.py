"""Hyperlinks and written-out URLs become citations of the claims they sit in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.extract import extract_document
from claimcheck.extract.links import cite_links, find_bare_urls
from claimcheck.html import html_to_text

PAGE = """<html><body><nav><a href="/home">Home</a></nav><article>
<p>The ministry <a href="https://gov.example/statement">confirmed on 3 May 2021</a> that 12 ships
were detained, according to <a href="/report">the port report</a>.</p>
<p>Nothing is linked in this second sentence about 4 harbours.</p></article></body></html>"""


def test_html_links_are_located_in_the_text():
    page = html_to_text(PAGE, base_url="https://news.example/a")
    assert [(page.text[a:b], url) for a, b, url in page.links] == [
        ("confirmed on 3 May 2021", "https://gov.example/statement"),
        ("the port report", "https://news.example/report"),
    ]


def test_links_inside_claims_become_citations_and_references():
    page = html_to_text(PAGE, base_url="https://news.example/a")
    extraction = cite_links(extract_document(page.text), page.links)
    first, second = extraction.claims
    assert [m.key for m in first.citations] == ["https://gov.example/statement",
                                               "https://news.example/report"]
    assert all(m.reference_key == m.key for m in first.citations)
    assert second.citations == ()
    assert {r.url for r in extraction.references} == {"https://gov.example/statement",
                                                      "https://news.example/report"}


def test_bare_urls_in_text():
    text = "The figures (https://stats.example/t1.) were revised, see <https://x.example/a>."
    assert [u for _, _, u in find_bare_urls(text)] == ["https://stats.example/t1",
                                                       "https://x.example/a"]


@given(st.text())
def test_bare_url_offsets_are_exact(text):
    for a, b, url in find_bare_urls(text):
        assert text[a:b] == url


def test_links_of_dropped_chrome_are_not_tied_to_the_same_words_in_the_article():
    page = html_to_text(
        '<html><body><main><div class="share-bar"><a href="/press">Press</a></div>'
        '<p>Trade with China grew, says the <a href="/report">report</a>.</p>'
        '<p>Press contact: the information unit.</p>'
        '<aside><a href="/tags/china">China</a></aside></main></body></html>',
        base_url="https://news.example/a")
    assert page.text == "Trade with China grew, says the report.\n\nPress contact: the information unit."
    assert [(page.text[a:b], url) for a, b, url in page.links] == [("report", "https://news.example/report")]
