"""Reference lists given beside a document (--references FILE): BibTeX, CSL-JSON and RIS entries
are linked to the document's citations, and the URLs of the cited ones are fetched from a real
HTTP server on 127.0.0.1; a reference list given as a document is refused with a hint."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from local_http import LocalServer, send

from claimcheck.cli import cli
from claimcheck.errors import InputError
from claimcheck.reflists import read_reference_list

DOC = """# Harbour note

The port of Halden handled 4.2 million containers in 2021 (Lee 2021).

The statistics office counted 1,200 harbour workers in 2021 (World Bank 2020).

Halden is a town on the Iddefjord.
"""

LEE = (b"<html><head><title>Ports</title></head><body><main><p>The port of Halden handled 4.2 "
       b"million containers in 2021.</p></main></body></html>")
WB = (b"<html><head><title>Workers</title></head><body><main><p>The statistics office counted "
      b"1,200 harbour workers in 2021.</p></main></body></html>")


def bibtex(base: str) -> str:
    return f"""% exported by a reference manager
@article{{lee2021,
  author = {{Lee, Jae-hyun and M{{\\"u}}ller, Anna}},
  title = {{Ports of the {{North Sea}}}},
  journal = {{Maritime Policy}},
  year = {{2021}},
  url = {{{base}/lee}},
  doi = {{10.1234/mp.2021.7}}
}}
@techreport{{wb2020,
  author = {{{{World Bank}}}},
  title = {{Harbour labour}},
  institution = {{World Bank}},
  year = 2020,
  howpublished = {{\\url{{{base}/wb}}}}
}}
@book{{uncited,
  author = {{Nobody, Ned}},
  title = {{Uncited}},
  year = {{1999}},
  url = {{{base}/uncited}}
}}
"""


def csl_json(base: str) -> str:
    return json.dumps([
        {"id": "lee2021", "type": "article-journal", "title": "Ports of the North Sea",
         "author": [{"family": "Lee", "given": "Jae-hyun"}, {"family": "Müller", "given": "Anna"}],
         "container-title": "Maritime Policy", "issued": {"date-parts": [[2021, 3]]},
         "URL": f"{base}/lee", "DOI": "10.1234/mp.2021.7"},
        {"id": "wb", "type": "report", "title": "Harbour labour",
         "author": [{"literal": "World Bank"}], "issued": {"date-parts": [[2020]]},
         "URL": f"{base}/wb"},
    ])


def ris(base: str) -> str:
    return (f"TY  - JOUR\nAU  - Lee, Jae-hyun\nAU  - Müller, Anna\nPY  - 2021\n"
            f"TI  - Ports of the North Sea\nT2  - Maritime Policy\nUR  - {base}/lee\n"
            f"DO  - 10.1234/mp.2021.7\nER  - \n\nTY  - RPRT\nAU  - World Bank\nPY  - 2020\n"
            f"TI  - Harbour labour\nUR  - {base}/wb\nER  - \n")


@pytest.fixture
def server():
    srv = LocalServer().start()
    srv.routes["/lee"] = lambda h: send(h, 200, LEE)
    srv.routes["/wb"] = lambda h: send(h, 200, WB)
    srv.routes["/uncited"] = lambda h: send(h, 200, WB)
    yield srv
    srv.stop()


def test_bibtex_entries_are_read_with_keys_like_citations(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(bibtex("https://refs.example"))
    lee, wb, uncited = read_reference_list(str(path))
    assert lee.key == "Lee and Müller 2021"  # as "(Lee and Müller 2021)" would cite it
    assert lee.authors == ("Lee, Jae-hyun", "Müller, Anna") and lee.year == 2021
    assert lee.title == "Ports of the North Sea" and lee.venue == "Maritime Policy"
    assert lee.url == "https://refs.example/lee" and lee.doi == "10.1234/mp.2021.7"
    assert wb.key == "World Bank 2020" and wb.url == "https://refs.example/wb"
    assert uncited.key == "Nobody 1999"


@pytest.mark.parametrize("name,content", [("refs.bib", bibtex), ("refs.json", csl_json),
                                          ("refs.ris", ris)])
def test_check_fetches_the_urls_of_cited_entries(tmp_path, server, monkeypatch, name, content):
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    (tmp_path / "note.md").write_text(DOC)
    (tmp_path / name).write_text(content(server.base))
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), "-q", "check",
                                 str(tmp_path / "note.md"), "--references", str(tmp_path / name),
                                 "--allow-private", "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    refs = {ref["key"]: ref for ref in report["references"]}
    assert {"Lee and Müller 2021", "World Bank 2020"} <= set(refs)
    assert refs["Lee and Müller 2021"]["doi"] == "10.1234/mp.2021.7"
    port = next(c for c in report["claims"] if c["text"].startswith("The port of Halden"))
    assert [(m["key"], m["reference_key"]) for m in port["citations"]] == [
        ("Lee 2021", "Lee and Müller 2021")]
    verdicts = {(v["url"].rsplit("/", 1)[1], v["verdict"]) for v in report["verifications"]}
    assert ("lee", "supported") in verdicts and ("wb", "supported") in verdicts
    assert "/lee" in server.hits and "/wb" in server.hits and "/uncited" not in server.hits


def test_a_reference_list_given_as_a_document_or_page_is_refused_with_a_hint(tmp_path):
    (tmp_path / "refs.bib").write_text(bibtex("https://refs.example"))
    (tmp_path / "note.md").write_text(DOC)
    db = str(tmp_path / "r.db")
    r = CliRunner().invoke(cli, ["--db", db, "ingest", str(tmp_path / "refs.bib")])
    assert r.exit_code == 2
    assert "a bibtex reference list, not a document: attach it" in r.stderr
    r = CliRunner().invoke(cli, ["--db", db, "check", str(tmp_path / "note.md"), "--offline",
                                 "--reference", str(tmp_path / "refs.bib")])
    assert r.exit_code == 2 and "give it with --references" in r.stderr


def test_broken_reference_lists_fail_with_one_line(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{x, title = {ok}, year = 2020}\n@article{broken title = }\n")
    with pytest.raises(InputError, match=r"bad.bib: line \d+: cannot read the BibTeX entry"):
        read_reference_list(str(bad))
    prose = tmp_path / "prose.txt"
    prose.write_text("Just some words.")
    with pytest.raises(InputError, match="not a BibTeX, CSL-JSON or RIS reference list"):
        read_reference_list(str(prose))
    (tmp_path / "note.md").write_text(DOC)
    r = CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), "check",
                                 str(tmp_path / "note.md"), "--offline", "--references", str(bad)])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
