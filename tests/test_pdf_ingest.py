"""PDF documents and references end to end: the ingest API and the command line on files,
standard input and URLs (a real HTTP server on 127.0.0.1), refusals, and cited PDF pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from pdf_samples import article_pdf, image_only_pdf

from claimcheck.cli import cli
from claimcheck.extract import extract_document
from claimcheck.ingest import load_document
from claimcheck.pdf import PDF_MEDIA_TYPE, page_number
from claimcheck.store import SqlStore


def _invoke(db, *args, input=None):
    return CliRunner().invoke(cli, ["--db", db, *args], input=input)


def _counts(db) -> dict:
    store = SqlStore(db)
    try:
        return store.table_counts()
    finally:
        store.close()


def test_ingest_api_reads_a_pdf_by_its_signature(tmp_path):
    article_pdf(tmp_path / "paper.pdf", pages=2)
    misnamed = tmp_path / "notes.txt"
    misnamed.write_bytes((tmp_path / "paper.pdf").read_bytes())
    for path in (tmp_path / "paper.pdf", misnamed):
        doc = load_document(str(path))
        assert doc.media_type == PDF_MEDIA_TYPE and len(doc.pages) == 2
        assert doc.text.startswith("Flood defences in the valley\n\nThe regional council")
        assert [doc.text[a:b] for a, b in doc.paragraphs] == doc.text.split("\n\n")
        claims = extract_document(doc.text, published=doc.published).claims
        assert claims and all(doc.text[c.start:c.end] == c.text for c in claims)
        assert page_number(doc.pages, claims[-1].start) == 2


def test_text_overrides_and_pdf_metadata_fill_the_gaps(tmp_path):
    article_pdf(tmp_path / "a.pdf", title="Levee report", author="Jane Roe", title_in_text=False,
                paragraphs=["By Sam Writer", "The council approved $2.4 million in 2021."])
    doc = load_document(str(tmp_path / "a.pdf"))
    assert doc.title == "Levee report"  # the information dictionary, not the first line
    assert doc.authors == ("Sam Writer",)  # the byline in the text wins over the metadata
    assert doc.published.isoformat() == "2021-03-05"  # only the metadata has a date
    doc = load_document(str(tmp_path / "a.pdf"), overrides={"title": "Given", "author": "Ann"})
    assert (doc.title, doc.authors) == ("Given", ("Ann",))


def test_pdf_on_standard_input(tmp_path):
    db = str(tmp_path / "s.db")
    article_pdf(tmp_path / "a.pdf", pages=2)
    r = _invoke(db, "ingest", "-", "--format", "json", input=(tmp_path / "a.pdf").read_bytes())
    assert r.exit_code == 0, r.output
    store = SqlStore(db)
    try:
        (doc,) = store.documents()
        assert doc.media_type == PDF_MEDIA_TYPE and len(doc.pages) == 2
        assert doc.title == "Flood defences in the valley"
    finally:
        store.close()


def test_ingesting_the_same_pdf_again_is_the_same_document(tmp_path):
    db = str(tmp_path / "r.db")
    article_pdf(tmp_path / "a.pdf")
    assert _invoke(db, "ingest", str(tmp_path / "a.pdf")).exit_code == 0
    before = _counts(db)
    r = _invoke(db, "ingest", str(tmp_path / "a.pdf"))
    assert r.exit_code == 0 and _counts(db) == before and before["documents"] == 1


def _bad_pdfs(tmp_path) -> dict:
    image_only_pdf(tmp_path / "scan.pdf")
    article_pdf(tmp_path / "locked.pdf", password="secret")
    article_pdf(tmp_path / "good.pdf")
    (tmp_path / "cut.pdf").write_bytes((tmp_path / "good.pdf").read_bytes()[:900])
    (tmp_path / "fake.pdf").write_bytes(b"This is plain text in a file named .pdf\n")
    return {"scan.pdf": "the PDF has no text layer (scanned pages?)",
            "locked.pdf": "the PDF is encrypted and needs a password",
            "cut.pdf": "damaged PDF, cannot read it",
            "fake.pdf": "not a PDF file"}


@pytest.mark.parametrize("command_name", ["ingest", "check"])
def test_unreadable_pdfs_exit_2_with_one_line_and_store_nothing(tmp_path, command_name):
    db = str(tmp_path / "bad.db")
    for name, message in _bad_pdfs(tmp_path).items():
        path = str(tmp_path / name)
        r = _invoke(db, command_name, str(tmp_path / "good.pdf"), path, "--offline")
        assert r.exit_code == 2, (name, r.output)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: {message}"), lines
        assert "Traceback" not in r.output
        assert _counts(db)["documents"] == 0, "nothing stored, not even the good file"


def _serve_pdfs(httpserver, tmp_path):
    article_pdf(tmp_path / "paper.pdf", pages=2)
    image_only_pdf(tmp_path / "scan.pdf")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/paper").respond_with_data(
        (tmp_path / "paper.pdf").read_bytes(), content_type="application/pdf")
    httpserver.expect_request("/scan").respond_with_data(
        (tmp_path / "scan.pdf").read_bytes(), content_type="application/pdf")
    return httpserver.url_for("/paper"), httpserver.url_for("/scan")


def test_a_pdf_url_is_ingested(httpserver, tmp_path):
    paper, scan = _serve_pdfs(httpserver, tmp_path)
    db = str(tmp_path / "u.db")
    r = _invoke(db, "ingest", paper, "--allow-private", "--format", "json")
    assert r.exit_code == 0, r.output
    store = SqlStore(db)
    try:
        (doc,) = store.documents()
        assert doc.media_type == PDF_MEDIA_TYPE and doc.location == paper
        assert len(doc.pages) == 2 and "The regional council approved" in doc.text
    finally:
        store.close()
    r = _invoke(db, "ingest", scan, "--allow-private")
    assert r.exit_code == 2 and "no text layer" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and scan in r.stderr


def test_claims_are_verified_against_a_cited_pdf(httpserver, tmp_path, db_url):
    paper, scan = _serve_pdfs(httpserver, tmp_path)
    doc = tmp_path / "note.txt"
    doc.write_text("Local insurers paid out $31 million after the flood of 2016.\n", "utf-8")
    r = _invoke(db_url, "check", str(doc), "--reference", paper, "--reference", scan,
                "--allow-private", "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    by_url = {v["url"]: v for v in report["verifications"]}
    good = by_url[paper]
    assert good["verdict"] == "supported" and good["snapshot"]["status"] == 200
    assert "$31 million" in good["evidence"]["text"]
    bad = by_url[scan]
    assert bad["verdict"] == "unreachable" and "no text layer" in bad["snapshot"]["error"]


def test_the_fetcher_reads_pdf_responses_within_its_size_cap(httpserver, tmp_path):
    from claimcheck.errors import FetchError
    from claimcheck.fetch import FetchPolicy, HttpFetcher

    paper, _scan = _serve_pdfs(httpserver, tmp_path)
    size = (tmp_path / "paper.pdf").stat().st_size
    policy = FetchPolicy(allow_private=True, per_host_delay=0.0, retries=0)
    with HttpFetcher(policy) as fetcher:
        page = fetcher.fetch(paper)
    assert page.content_type == "application/pdf" and page.title == "Flood defences in the valley"
    assert page.text == load_document(str(tmp_path / "paper.pdf")).text
    with HttpFetcher(replace(policy, max_bytes=size - 1)) as fetcher, \
            pytest.raises(FetchError, match="too large"):
        fetcher.fetch(paper)
