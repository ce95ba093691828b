"""URL parsing of untrusted text never raises (issue #15, item 4): one bad link costs that link."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import FetchError
from claimcheck.html import html_to_text
from claimcheck.urls import http_url, join_url, normalize_url, parse_url, split_url, url_host

BAD = [
    "http://[::1",                      # unclosed IPv6 bracket
    "http://[::1/a",
    "//[x",
    "http://example\uff0forg/a",        # fullwidth solidus: NFKC gives '/' inside the netloc
    "http://example.org\uff1a80x/",     # fullwidth colon
    "http://example.org:99999999/",     # port out of range
    "http://example.org:port/",         # port not a number
]


@pytest.mark.parametrize("href", BAD)
def test_malformed_links_are_none_not_errors(href):
    assert http_url(href, "https://example.org/page") is None
    assert http_url(href) is None
    assert url_host(href) is None
    assert parse_url(href) is None or parse_url(href).hostname is None
    assert isinstance(normalize_url(href), str)


@pytest.mark.parametrize("href", ["http://[::1", "http://example\uff0forg/a"])
def test_split_url_raises_a_fetch_error_naming_the_url(href):
    with pytest.raises(FetchError, match=r"^invalid URL \(.+\): " + href.replace("[", r"\[")):
        split_url(href)


def test_good_links_resolve():
    base = "https://example.org/a/b.html"
    assert http_url("../c?x=1#f", base) == "https://example.org/c?x=1#f"
    assert http_url("//other.org/x", base) == "https://other.org/x"
    assert http_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert http_url("mailto:a@b.org", base) is None and http_url("/relative") is None
    assert url_host("HTTPS://Example.ORG/x") == "example.org"
    assert join_url(None, "/relative") == "/relative"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(), st.just("https://example.org/a/")))
def test_no_text_makes_the_helpers_raise(href, base):
    for value in (http_url(href, base), join_url(base, href), url_host(href)):
        assert value is None or isinstance(value, str)
    assert isinstance(normalize_url(href), str)


def test_a_page_with_malformed_links_keeps_its_text_and_good_links():
    html = ('<html><head><link rel="canonical" href="http://[::1"></head><body><main>'
            '<p>First <a href="http://[::1">bad bracket</a> and <a href="http://x\uff0fy/z">fullwidth</a>.</p>'
            '<p>Then <a href="/ok">a good link</a> and <a href="http://h:99999/">bad port</a>.</p>'
            '</main></body></html>')
    page = html_to_text(html, base_url="https://example.org/p")
    assert "bad bracket" in page.text and "a good link" in page.text
    assert [url for _, _, url in page.links] == ["https://example.org/ok"]
    assert "canonical_url" not in (page.metadata or {})
