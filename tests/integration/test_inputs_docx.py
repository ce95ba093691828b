"""Word documents: a .docx written by python-docx is read as text in reading order (headings,
list items, table rows; no page header or footer), and its cited URLs are fetched."""

from __future__ import annotations

import json

import docx
import pytest
from click.testing import CliRunner
from local_http import LocalServer, send

from claimcheck.cli import cli
from claimcheck.docx import docx_to_text, is_docx
from claimcheck.errors import InputError

PAGE = (b"<html><head><title>Harbour statistics</title></head><body><main><p>The port of "
        b"Halden handled 4.2 million containers in 2021.</p></main></body></html>")


def write_docx(path, reference_url: str) -> None:
    d = docx.Document()
    d.core_properties.title = "Harbour review 2022"
    d.core_properties.author = "Ann Writer"
    d.sections[0].header.paragraphs[0].text = "HARBOUR REVIEW - CONFIDENTIAL DRAFT"
    d.sections[0].footer.paragraphs[0].text = "Page 1 of 1"
    d.add_heading("Harbour review 2022", level=1)
    d.add_paragraph("The port of Halden handled 4.2 million containers in 2021 (Statistics "
                    "Norway 2022).")
    d.add_paragraph("The harbour employed 1,200\nworkers at the end of 2021.")
    d.add_paragraph("Container traffic rose in every quarter", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Containers"
    table.cell(1, 0).text, table.cell(1, 1).text = "2021", "4.2 million"
    d.add_heading("References", level=2)
    d.add_paragraph(f"Statistics Norway. 2022. Port statistics 2021. {reference_url}")
    d.save(path)


@pytest.fixture
def server():
    srv = LocalServer().start()
    srv.routes["/ports"] = lambda h: send(h, 200, PAGE)
    yield srv
    srv.stop()


def test_docx_text_in_reading_order_without_header_or_footer(tmp_path):
    path = tmp_path / "review.docx"
    write_docx(path, "https://stats.example/ports")
    data = path.read_bytes()
    assert is_docx(data) and not is_docx(b"PK\x03\x04not a zip")
    word = docx_to_text(data, "review.docx")
    assert word.text.split("\n\n") == [
        "Harbour review 2022",
        "The port of Halden handled 4.2 million containers in 2021 (Statistics Norway 2022).",
        "The harbour employed 1,200 workers at the end of 2021.",
        "- Container traffic rose in every quarter",
        "Year | Containers",
        "2021 | 4.2 million",
        "References",
        "Statistics Norway. 2022. Port statistics 2021. https://stats.example/ports",
    ]
    assert word.metadata == {"title": "Harbour review 2022", "author": "Ann Writer"}
    assert "CONFIDENTIAL" not in word.text and "Page 1" not in word.text


def test_check_on_a_docx_fetches_what_it_cites(tmp_path, server, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    path = tmp_path / "review.docx"
    write_docx(path, server.url("/ports"))
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "-q", "check", str(path),
                                 "--allow-private", "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    (doc,) = report["documents"]
    assert doc["title"] == "Harbour review 2022" and doc["authors"] == ["Ann Writer"]
    assert any(c["text"].startswith("The port of Halden handled 4.2 million") for c in report["claims"])
    assert "/ports" in server.hits
    assert {v["url"] for v in report["verifications"]} == {server.url("/ports")}


def test_a_damaged_docx_is_refused_with_one_line(tmp_path):
    path = tmp_path / "broken.docx"
    write_docx(path, "https://stats.example/ports")
    data = path.read_bytes()
    with pytest.raises(InputError, match="broken.docx: not a readable Word document"):
        docx_to_text(data.replace(b"word/document.xml", b"word/documenX.xml"), "broken.docx")
    path.write_bytes(data[: len(data) // 2])
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "ingest", str(path)])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.output
