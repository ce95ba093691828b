"""Reference lists given beside a document: BibTeX, CSL-JSON and RIS files.

``claimcheck check paper.pdf --references paper.bib`` attaches the file's entries to the
document: they are linked to its citations like the entries of its own reference list ("(Lee
2021)" finds the BibTeX entry of Lee's 2021 article), and the URLs (or DOIs) of the cited ones
are fetched and checked. Read with bibtexparser (LaTeX accents decoded by pylatexenc), rispy, and
the standard library for CSL-JSON (the format Zotero and citeproc use).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.extract.references import structured_entry
from claimcheck.model import ReferenceEntry

FORMATS = ("bibtex", "csl-json", "ris")
_BIBTEX = re.compile(r"^\s*(?:%[^\n]*\n\s*)*@\w+\s*[{(]")
_RIS = re.compile(r"^\s*TY  - ", re.M)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def reference_list_format(data: bytes, name: str = "") -> str | None:
    """``bibtex``, ``csl-json`` or ``ris`` when ``data`` is such a reference list, else None."""
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    if _BIBTEX.match(head):
        return "bibtex"
    if _RIS.search(head) and re.search(r"^ER  -", data.decode("utf-8", "replace"), re.M):
        return "ris"
    if head.lstrip().startswith(("[", "{")) and name.lower().endswith(".json") or \
            head.lstrip().startswith("[{"):
        try:
            items = _csl_items(json.loads(data.decode("utf-8-sig")))
        except (ValueError, UnicodeDecodeError):
            return None
        return "csl-json" if items else None
    return None


def read_reference_list(path: str) -> list[ReferenceEntry]:
    """The entries of a BibTeX, CSL-JSON or RIS file, in the file's order.

    Raises:
        InputError: missing or unreadable file, not one of these formats, a damaged entry, or no
            entries, with one line naming ``path``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    fmt = reference_list_format(data, p.name)
    if fmt is None:
        raise InputError(f"{path}: not a BibTeX, CSL-JSON or RIS reference list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text") from e
    entries = {"bibtex": _bibtex, "csl-json": _csl_json, "ris": _ris}[fmt](text, path)
    if not entries:
        raise InputError(f"{path}: no entries in the {fmt} file")
    return entries


# -- BibTeX -----------------------------------------------------------------------------------

def _bibtex(text: str, path: str) -> list[ReferenceEntry]:
    import logging

    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    quiet = logging.getLogger("bibtexparser")
    level, quiet.level = quiet.level, logging.CRITICAL  # its failures are reported below
    try:
        library = bibtexparser.parse_string(
            text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    finally:
        quiet.setLevel(level)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise InputError(f"{path}: line {block.start_line + 1}: cannot read the BibTeX entry "
                         f"({type(block).__name__.replace('Block', '')})")
    entries = []
    for item in library.entries:
        f = {k.lower(): v.value for k, v in item.fields_dict.items()}
        names = f.get("author") or f.get("editor") or []
        authors = [(_latex(" ".join(n.von + n.last)), _latex(" ".join(n.first)))
                   for n in names if hasattr(n, "last")]
        year = _year(str(f.get("year") or f.get("date") or ""))
        url = _latex_url(f.get("url")) or _latex_url(f.get("howpublished"))
        entries.append(structured_entry(
            authors, year, title=_latex(f.get("title")),
            venue=_latex(f.get("journal") or f.get("booktitle") or f.get("publisher")
                         or f.get("institution")),
            url=url, doi=_doi(f.get("doi")), date=str(f.get("date") or "") or None))
    return entries


def _latex(value) -> str | None:
    if not value:
        return None
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(str(value)).split()) or None


def _latex_url(value) -> str | None:
    """A URL field (``\\url{...}`` in howpublished too); only http(s) URLs are kept."""
    if not value:
        return None
    m = re.search(r"https?://[^\s{}]+", str(value))
    return m.group(0) if m else None


# -- CSL-JSON ---------------------------------------------------------------------------------

def _csl_items(data) -> list[dict]:
    """The items of CSL-JSON: a list of objects (or one object) with a ``type``."""
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    items = [i for i in items if isinstance(i, dict)]
    return items if items and all("type" in i and ("title" in i or "author" in i) for i in items) \
        else []


def _csl_json(text: str, path: str) -> list[ReferenceEntry]:
    try:
        items = _csl_items(json.loads(text))
    except ValueError as e:
        raise InputError(f"{path}: not valid JSON ({e})") from e
    entries = []
    for item in items:
        authors = [(a.get("literal") or a.get("family") or "", a.get("given") or "")
                   for a in item.get("author") or item.get("editor") or [] if isinstance(a, dict)]
        parts = ((item.get("issued") or {}).get("date-parts") or [[None]])[0] or [None]
        year = parts[0] if isinstance(parts[0], int) else _year(str(parts[0] or ""))
        date = "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts)
                        if str(p).isdigit()) or None
        number = item.get("citation-number")
        entries.append(structured_entry(
            [(str(f), str(g)) for f, g in authors], year, title=item.get("title"),
            venue=item.get("container-title") or item.get("publisher"),
            url=item.get("URL"), doi=_doi(item.get("DOI")), date=date,
            number=int(number) if str(number or "").isdigit() else None))
    return entries


# -- RIS --------------------------------------------------------------------------------------

def _ris(text: str, path: str) -> list[ReferenceEntry]:
    import rispy

    try:
        items = rispy.loads(text)
    except (IOError, ValueError, KeyError) as e:
        raise InputError(f"{path}: cannot read the RIS file ({e})") from e
    entries = []
    for item in items:
        authors = []
        for name in item.get("authors") or item.get("first_authors") or []:
            family, _, given = str(name).partition(",")
            authors.append((family.strip(), given.strip()))
        year = _year(str(item.get("year") or item.get("publication_year") or item.get("date") or ""))
        urls = item.get("urls") or ([item["url"]] if item.get("url") else [])
        entries.append(structured_entry(
            authors, year, title=item.get("title") or item.get("primary_title"),
            venue=item.get("secondary_title") or item.get("journal_name")
            or item.get("alternate_title3") or item.get("publisher"),
            url=next((u for u in urls if str(u).startswith(("http://", "https://"))), None),
            doi=_doi(item.get("doi"))))
    return entries


def _year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _doi(value) -> str | None:
    """A bare DOI (``10.1525/as.2022.1``) from a DOI field, a doi: or https://doi.org/ form."""
    if not value:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", str(value))
    return m.group(0).rstrip(".,;") if m else None
