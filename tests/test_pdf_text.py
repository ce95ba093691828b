"""PDF -> text on real PDF files written in the test (fpdf2): reading order, running headers and
page numbers, hyphenation, paragraphs, page starts, metadata, and the files it must refuse."""

from __future__ import annotations

import pytest
from pdf_samples import DEJAVU, PARAGRAPHS, article_pdf, image_only_pdf

from claimcheck.errors import InputError
from claimcheck.pdf import is_pdf, page_number, pdf_to_text

LAYOUTS = {
    "gaps": {},
    "gaps, columns drawn row by row": {"interleave_columns": True},
    "indented first lines": {"indent_paragraphs": True},
    "indented, columns drawn row by row": {"indent_paragraphs": True, "interleave_columns": True},
    "two pages": {"pages": 2, "two_column_page": 1},
    "four pages, columns on page 3": {"pages": 4, "two_column_page": 3},
}


def _read(path):
    return pdf_to_text(path.read_bytes(), str(path))


@pytest.mark.parametrize("kwargs", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_paragraphs_come_out_whole_and_in_reading_order(tmp_path, kwargs):
    layout = article_pdf(tmp_path / "a.pdf", **kwargs)
    got = _read(tmp_path / "a.pdf")
    assert got.text.split("\n\n") == [text for _page, text in layout.paragraphs]


@pytest.mark.parametrize("kwargs", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_each_page_starts_where_its_first_paragraph_does(tmp_path, kwargs):
    layout = article_pdf(tmp_path / "a.pdf", **kwargs)
    got = _read(tmp_path / "a.pdf")
    assert len(got.pages) == layout.pages and got.pages[0] == 0
    for page, text in layout.paragraphs:
        start = got.text.index(text)
        assert page_number(got.pages, start) == page
        assert page_number(got.pages, start + len(text) - 1) == page


def test_running_header_and_page_numbers_are_removed(tmp_path):
    layout = article_pdf(tmp_path / "a.pdf", pages=3)
    got = _read(tmp_path / "a.pdf")
    assert "Journal of Valley Studies" not in got.text
    assert layout.header.startswith("Journal of Valley Studies")
    assert not any(p.strip().isdigit() for p in got.text.split("\n\n"))


def test_a_single_page_keeps_its_header_line(tmp_path):
    """Nothing repeats on one page, so nothing tells a header from the first line of text."""
    article_pdf(tmp_path / "a.pdf", pages=1)
    got = _read(tmp_path / "a.pdf")
    assert got.text.startswith("Journal of Valley Studies")
    assert "\n\n1\n\n" not in got.text + "\n\n" and not got.text.endswith("\n\n1")


def test_line_end_hyphens_are_joined_but_real_hyphens_kept(tmp_path):
    layout = article_pdf(tmp_path / "a.pdf", indent_paragraphs=True)
    assert layout.hyphenated, "the sample must break some words at line ends"
    got = _read(tmp_path / "a.pdf")
    for head, tail in layout.hyphenated:
        assert head[:-1] + tail in got.text
        assert f"{head}\n{tail}" not in got.text and f"{head} {tail}" not in got.text


def test_hyphenated_compound_written_elsewhere_keeps_its_hyphen(tmp_path):
    for n in range(40):  # pad until "long-term" is broken at a line end
        paragraphs = ["The long-term plan was a success in 2020 for everyone in the valley, "
                      + "and very " * n + "long-term funding of $2 million followed."]
        layout = article_pdf(tmp_path / "a.pdf", pages=1, paragraphs=paragraphs)
        if ("long-", "term") in layout.hyphenated:
            break
    else:
        pytest.fail("no padding broke 'long-term' at a line end")
    got = _read(tmp_path / "a.pdf")
    assert "longterm" not in got.text and got.text.count("long-term") == 2


@pytest.mark.skipif(not DEJAVU.is_file(), reason=f"no TrueType font with ligatures at {DEJAVU}")
def test_ligature_characters_become_letters(tmp_path):
    article_pdf(tmp_path / "a.pdf", font=DEJAVU, pages=1,
                paragraphs=["The ﬁrst ﬂood ofﬁcers ﬁled 3 reports in 2019."])
    got = _read(tmp_path / "a.pdf")
    assert "The first flood officers filed 3 reports in 2019." in got.text
    assert not any(c in got.text for c in "ﬀﬁﬂﬃﬄ")


def test_metadata_title_author_and_creation_date(tmp_path):
    article_pdf(tmp_path / "a.pdf", title="Levees and rain", author="Jane Roe")
    assert _read(tmp_path / "a.pdf").metadata == {
        "title": "Levees and rain", "author": "Jane Roe", "published": "2021-03-05"}
    article_pdf(tmp_path / "b.pdf", title="draft.docx", author=None)
    assert _read(tmp_path / "b.pdf").metadata == {"published": "2021-03-05"}


def test_owner_password_only_is_still_readable(tmp_path):
    """Encryption with an empty user password (permissions only) opens without a password."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, PARAGRAPHS[0].replace("|", "")[:80])
    pdf.set_encryption(owner_password="owner", user_password="")
    pdf.output(str(tmp_path / "p.pdf"))
    assert _read(tmp_path / "p.pdf").text.startswith("The regional council approved")


def test_refusals_name_the_file(tmp_path):
    image_only_pdf(tmp_path / "scan.pdf")
    article_pdf(tmp_path / "locked.pdf", password="secret")
    good = tmp_path / "good.pdf"
    article_pdf(good)
    (tmp_path / "cut.pdf").write_bytes(good.read_bytes()[:900])
    (tmp_path / "fake.pdf").write_bytes(b"plain text, not a PDF")
    expected = {"scan.pdf": "the PDF has no text layer (scanned pages?)",
                "locked.pdf": "the PDF is encrypted and needs a password",
                "cut.pdf": "damaged PDF, cannot read it",
                "fake.pdf": "not a PDF file"}
    for name, message in expected.items():
        with pytest.raises(InputError) as err:
            _read(tmp_path / name)
        line = str(err.value)
        assert line.startswith(f"{tmp_path / name}: {message}") and "\n" not in line


def test_signature_and_page_lookup():
    assert is_pdf(b"%PDF-1.7\n...") and is_pdf(b"\n %PDF-1.4")
    assert not is_pdf(b"Notes on %PDF-1.4 files") and not is_pdf(b"")
    assert page_number((), 5) is None
    assert [page_number((0, 10, 10, 30), i) for i in (0, 9, 10, 29, 30)] == [1, 1, 3, 3, 4]


def test_a_sentence_carried_over_a_page_break_is_one_paragraph_on_two_pages(tmp_path):
    article_pdf(tmp_path / "a.pdf", pages=2, two_column_page=None, title_in_text=False,
                paragraphs=["In 2019 the council voted to rebuild the river",
                            "embankment at a cost of $4 million over three years."])
    got = _read(tmp_path / "a.pdf")
    assert got.text == ("In 2019 the council voted to rebuild the river embankment at a cost of "
                        "$4 million over three years.")
    assert got.text[got.pages[1]:].startswith("embankment")
    assert page_number(got.pages, got.text.index("river")) == 1
    assert page_number(got.pages, got.text.index("embankment")) == 2


def test_a_page_without_text_starts_where_the_next_text_would(tmp_path):
    article_pdf(tmp_path / "a.pdf", pages=3, two_column_page=None, title_in_text=False,
                paragraphs=PARAGRAPHS[:2])  # the third page has only its header and number
    got = _read(tmp_path / "a.pdf")
    assert got.text.split("\n\n") == [" ".join(p.replace("|", "").split()) for p in PARAGRAPHS[:2]]
    assert got.pages == (0, got.text.index("Engineers"), len(got.text))
