"""Plain-text conversion and ingest helpers (pure, no I/O)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.ingest import RawInput, build_document, decode_bytes, detect_kind
from claimcheck.textformats import markdown_to_text, normalise_newlines, paragraph_spans


def test_markdown_keeps_paragraphs_list_markers_and_link_targets():
    md = ("# Title\n\nA *bold* claim with a [link](https://example.org/a).\n"
          "It continues here.\n\n- First item\n- Second <https://x.org/b>\n\n"
          "3. Third note\n4. Fourth note\n")
    text = markdown_to_text(md)
    assert text.split("\n\n") == [
        "Title",
        "A bold claim with a link <https://example.org/a>. It continues here.",
        "- First item", "- Second https://x.org/b", "3. Third note", "4. Fourth note",
    ]


def test_markdown_inline_html_stays_text():
    assert markdown_to_text("Say <script>alert(1)</script> now.") == \
        "Say <script>alert(1)</script> now."


@given(st.text())
def test_paragraph_spans_are_exact_trimmed_and_ordered(text):
    spans = paragraph_spans(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        chunk = text[a:b]
        assert chunk == chunk.strip() and "\n\n" not in chunk.replace("\r", "")
        last = b


@given(st.text())
def test_markdown_to_text_never_raises_and_is_deterministic(text):
    assert markdown_to_text(text) == markdown_to_text(text)


@given(st.text())
def test_newline_normalisation_is_idempotent(text):
    once = normalise_newlines(text)
    assert normalise_newlines(once) == once and "\r" not in once


def test_decode_prefers_declared_charset_then_utf8():
    assert decode_bytes("Kyiv — Київ".encode("utf-8"), "x") == "Kyiv — Київ"
    assert decode_bytes("Київ та Харків".encode("cp1251"), "x", "windows-1251") == "Київ та Харків"


def test_kind_detection_uses_data_cues():
    assert detect_kind("Text.\n\nReferences\n\nSmith 2020.", {}, None) == "academic"
    assert detect_kind("Text.", {"doi": "10.1/x"}, None) == "academic"
    assert detect_kind("Text.", {}, "https://www.state.gov/x") == "official"
    assert detect_kind("Text.", {}, "https://www.reuters.com/world/x") == "news"
    assert detect_kind("I think so.", {}, None) == "commentary"


def test_text_metadata_and_overrides():
    raw = RawInput(b"A headline\n\nBy Jane Doe\n\nPublished: 14 July 2022\n\nBody text here.",
                   "n.txt", "text/plain")
    doc = build_document(raw)
    assert doc.title == "A headline" and doc.authors == ("Jane Doe",)
    assert doc.published.isoformat() == "2022-07-14" and doc.source == "Jane Doe"
    doc = build_document(raw, {"title": "T", "kind": "news", "published": "2020-01-02"})
    assert (doc.title, doc.kind, doc.published.isoformat()) == ("T", "news", "2020-01-02")


def test_sentences_broken_by_a_page_break_are_joined():
    from claimcheck.extract import extract_document

    text = ("The court fined the company $3 million in 2019 for what it called\n\n"
            "repeated breaches of the safety code (Smith 2020).\n\nA new paragraph starts here.")
    claims = extract_document(text).claims
    first = claims[0]
    assert first.text.startswith("The court fined") and first.text.endswith("(Smith 2020).")
    assert text[first.start:first.end] == first.text
    assert [m.key for m in first.citations] == ["Smith 2020"]


def test_table_rows_are_not_claims():
    from claimcheck.extract import extract_document

    text = ("Vote summary | Yes: 141 | No: 5 | Abstentions: 35\n\n"
            "The motion passed with 141 votes | a record.")
    assert [c.text for c in extract_document(text).claims] == [
        "The motion passed with 141 votes | a record."]


from hypothesis import settings  # noqa: E402

from claimcheck.errors import InputError  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["text/plain", "text/markdown", "text/html"]))
def test_any_bytes_give_a_document_or_one_clear_input_error(data, media):
    try:
        doc = build_document(RawInput(data, "x", media))
    except InputError as e:
        assert str(e).startswith("x: ") and "\n" not in str(e)
        return
    for a, b in doc.paragraphs:
        assert 0 <= a < b <= len(doc.text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=1500))
def test_any_text_extracts_with_exact_offsets(text):
    from claimcheck.extract import extract_document
    from claimcheck.extract.links import cite_links, find_bare_urls

    extraction = cite_links(extract_document(text), find_bare_urls(text))
    for c in extraction.claims:
        assert text[c.start:c.end] == c.text
        for m in c.citations:
            assert c.start <= m.start <= m.end <= c.end


def test_a_news_dateline_makes_a_text_without_other_cues_news():
    # a wire report saved as text was stored as commentary (issue #12)
    assert detect_kind("Harbour blast\nBy Jane Roe\n\nVELMORA (Reuters) - A blast shook the port on "
                       "Tuesday.", {}, None) == "news"
    assert detect_kind("Results\n\nSAN ESTEBAN, Calif., October 24, 2024 — Norvale Systems Inc. today "
                       "reported revenue of $4.8 billion.", {}, None) == "news"
    # a dash inside prose, a short capitalised word or a heading is no dateline
    assert detect_kind("Why I was wrong\n\nIn 2019 I argued - wrongly - that it was safe.", {}, None) == "commentary"
    assert detect_kind("OK - Here we go. The numbers are bad.", {}, None) == "commentary"
    assert detect_kind("# VELMORA - A City Rebuilds\n\nI walked the port again.", {}, None) == "commentary"
