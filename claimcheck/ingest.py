"""Ingest: turn a path, URL or standard input into a ``SourceDocument``.

Reads bytes (files, stdin, or a URL through the fetcher), refuses bad input with one clear line
(empty, binary, undecodable, too large, missing, unsupported scheme), decodes, converts to plain
text (PDF, recognised by its ``%PDF-`` signature, through :mod:`claimcheck.pdf`; Word .docx,
recognised by its package, through :mod:`claimcheck.docx`), and collects
metadata from the document, a ``<file>.meta.json`` sidecar and user overrides.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes
from dateutil import parser as dateparser

from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.extract.links import find_bare_urls
from claimcheck.extract.dates import extract_dates
from claimcheck.extract.publication import publication_date_at, strip_trailing_date
from claimcheck.fetch_policy import header_charset
from claimcheck.html import html_to_text, sniff_media_type
from claimcheck.model import DOCUMENT_KINDS, SourceDocument, date_text, parse_date_text
from claimcheck.docx import DOCX_MEDIA_TYPE, docx_to_text, is_docx
from claimcheck.pdf import PDF_MEDIA_TYPE, is_pdf, pdf_to_text
from claimcheck.reflists import reference_list_format
from claimcheck.textformats import (
    markdown_to_text,
    normalise_newlines,
    not_text_reason,
    paragraph_spans,
)
from claimcheck.urls import split_url, url_host

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MEDIA_BY_SUFFIX = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown",
                   ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html",
                   ".pdf": PDF_MEDIA_TYPE, ".docx": DOCX_MEDIA_TYPE}


@dataclass(frozen=True)
class RawInput:
    """Bytes as read, before decoding."""

    data: bytes
    location: str
    media_type: str
    charset: str | None = None
    url: str | None = None


def max_bytes_default() -> int:
    """The size limit: ``CLAIMCHECK_MAX_BYTES`` or 20 MB."""
    value = os.environ.get("CLAIMCHECK_MAX_BYTES")
    return int(value) if value and value.isdigit() else DEFAULT_MAX_BYTES


def read_input(spec: str, *, max_bytes: int, fetcher=None, stdin: BinaryIO | None = None) -> RawInput:
    """Read a document's bytes from a path, an http(s) URL or ``-`` (standard input)."""
    if spec == "-":
        if stdin is None:
            raise InputError("-: no standard input available")
        data = stdin.read(max_bytes + 1)
        _check_size(spec, len(data), max_bytes)
        return RawInput(data, "-", _sniff(data))
    scheme = split_url(spec).scheme.lower()  # a malformed URL: InputError, not ValueError
    if scheme in ("http", "https"):
        return _read_url(spec, max_bytes=max_bytes, fetcher=fetcher)
    if scheme and len(scheme) > 1:  # "c:" style drive letters are paths
        raise InputError(f"{spec}: unsupported scheme {scheme!r}: give a file path or an "
                         "http(s) URL")
    return _read_file(spec, max_bytes=max_bytes)


def _read_file(spec: str, *, max_bytes: int) -> RawInput:
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file")
    if not path.is_file():
        raise InputError(f"{spec}: not a regular file")
    size = path.stat().st_size
    _check_size(spec, size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{spec}: cannot read: {e.strerror}") from e
    fmt = reference_list_format(data, path.name)
    if fmt is not None:
        raise InputError(f"{spec}: a {fmt} reference list, not a document: attach it to the "
                         f"document it belongs to with --references {spec}")
    media = _sniff(data) if is_pdf(data) or is_docx(data) \
        else MEDIA_BY_SUFFIX.get(path.suffix.lower()) or _sniff(data)
    return RawInput(data, spec, media)


def _sniff(data: bytes) -> str:
    """The media type by content: PDF by its ``%PDF-`` signature, Word by its package (a ZIP
    holding ``word/document.xml``), else HTML or plain text."""
    if is_pdf(data):
        return PDF_MEDIA_TYPE
    return DOCX_MEDIA_TYPE if is_docx(data) else sniff_media_type(data)


def _read_url(url: str, *, max_bytes: int, fetcher) -> RawInput:
    if fetcher is None:
        raise InputError(f"{url}: fetching URLs needs a fetcher")
    try:
        page = fetcher.fetch(url)
    except ClaimcheckError as e:
        raise InputError(f"{url}: {e}") from e
    if page.error or not 200 <= page.status < 300:
        raise InputError(f"{url}: {page.error or f'HTTP {page.status}'}")
    _check_size(url, len(page.body), max_bytes)
    ctype = page.content_type.split(";")[0].strip().lower()
    media = PDF_MEDIA_TYPE if ctype == PDF_MEDIA_TYPE or is_pdf(page.body) \
        else DOCX_MEDIA_TYPE if is_docx(page.body) \
        else "text/html" if "html" in ctype else "text/markdown" if "markdown" in ctype \
        else "text/plain"
    charset = header_charset(page.content_type)
    return RawInput(page.body, url, media, charset=charset, url=page.final_url or url)


def _check_size(spec: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise InputError(f"{spec}: empty file")
    if size > max_bytes:
        raise InputError(f"{spec}: larger than the limit of {max_bytes:,} bytes "
                         "(raise it with --max-bytes)")


def decode_bytes(data: bytes, location: str, charset: str | None = None) -> str:
    """Decode text bytes; binary (a NUL anywhere) or undecodable input raises ``InputError``.
    A byte-order mark decides the encoding (UTF-8, UTF-16 or UTF-32)."""
    text = _decode(data, location, charset)
    reason = not_text_reason(text)
    if reason:
        raise InputError(f"{location}: {reason}")
    return text


# UTF-32 first: its little-endian mark starts with UTF-16's
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes, location: str, charset: str | None) -> str:
    if not data.strip():
        raise InputError(f"{location}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(f"{location}: starts with a {encoding.upper()} byte-order mark "
                                 f"but is not {encoding.upper()} (byte {e.start})") from e
    if _looks_binary(data):
        raise InputError(f"{location}: binary file, not text")
    for enc in filter(None, (charset, "utf-8")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    matches = from_bytes(data)
    best = matches.best()
    if best is not None:  # ties among single-byte code pages: prefer the most common, cp1252
        best = next((m for m in matches if m.encoding in _PREFERRED_LEGACY
                     and m.chaos <= best.chaos + 0.01), best)
    if best is None or best.chaos > 0.2:
        raise InputError(f"{location}: cannot decode the text (unknown or mixed encoding)")
    log.info("%s: decoded as %s", location, best.encoding)
    return str(best)


_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


# -- metadata ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _kind_rules() -> dict:
    return json.loads(resources.files("claimcheck.data").joinpath("document_kinds.json").read_text())


_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s<>\"'\])]+[^\s<>\"'\]).,;])")
_AUTHOR_LINE = re.compile(r"^(?:by|author|authors|written by)\s*[:\-]?\s+([^\n]{2,120})$",
                          re.I | re.M)
_DATE_LINE = re.compile(r"^(?:published|date|posted|updated)(?: on)?\s*[:\-]?\s+([^\n]{6,40})$",
                        re.I | re.M)


def build_document(raw: RawInput, overrides: dict | None = None) -> SourceDocument:
    """Decode and convert ``raw`` into a document, with metadata found or overridden.

    Metadata found in the text (a byline, a date line) wins over what a PDF's information
    dictionary says; the PDF's title wins over the first line.
    """
    if raw.media_type == PDF_MEDIA_TYPE:
        pdf = pdf_to_text(raw.data, raw.location)
        meta = {**pdf.metadata, **_metadata_from_text(pdf.text)}
        meta.update({k: v for k, v in (overrides or {}).items() if v not in (None, "", ())})
        return replace(_document(raw, pdf.text, meta, find_bare_urls(pdf.text)), pages=pdf.pages)
    if raw.media_type == DOCX_MEDIA_TYPE:
        word = docx_to_text(raw.data, raw.location)
        meta = {**word.metadata, **_metadata_from_text(word.text)}
        meta.update({k: v for k, v in (overrides or {}).items() if v not in (None, "", ())})
        return _document(raw, word.text, meta, find_bare_urls(word.text))
    decoded = normalise_newlines(decode_bytes(raw.data, raw.location, raw.charset))
    meta: dict = {}
    links: tuple = ()
    if raw.media_type == "text/html":
        page = html_to_text(decoded, base_url=raw.url)
        text, meta, links = page.text, dict(page.metadata or {}), page.links
        if page.title:
            meta.setdefault("title", page.title)
    elif raw.media_type == "text/markdown":
        text = markdown_to_text(decoded)
    else:
        text = decoded
    if not text.strip():
        raise InputError(f"{raw.location}: no text found in the document")
    meta = {**_metadata_from_text(text), **{k: v for k, v in meta.items() if v}}
    meta.update({k: v for k, v in (overrides or {}).items() if v not in (None, "", ())})
    return _document(raw, text, meta, links or find_bare_urls(text))


def _refuse_nul(location: str, text: str, meta: dict) -> None:
    """No NUL reaches the database (PostgreSQL refuses it in text): name the input and field."""
    if (at := text.find("\x00")) >= 0:
        raise InputError(f"{location}: NUL character at offset {at} of its text: not a text "
                         "document")
    for key, value in meta.items():
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            raise InputError(f"{location}: metadata {key!r} contains a NUL character")


def _document(raw: RawInput, text: str, meta: dict, links: tuple = ()) -> SourceDocument:
    _refuse_nul(raw.location, text, meta)
    authors = meta.get("authors") or meta.get("author") or ()
    if isinstance(authors, str):
        authors = tuple(a.strip() for a in re.split(r"\s*(?:;|\band\b|&)\s*", authors) if a.strip())
    kind = meta.get("kind") or detect_kind(text, meta, raw.url)
    if kind not in DOCUMENT_KINDS:
        raise InputError(f"{raw.location}: unknown kind {kind!r} (one of {', '.join(DOCUMENT_KINDS)})")
    host = url_host(raw.url)
    source = (meta.get("source") or meta.get("journal") or meta.get("site_name")
              or ", ".join(authors) or host or None)
    published, precision = _as_date(meta.get("published"), raw.location)
    return SourceDocument(
        text=text, sha256=hashlib.sha256(raw.data).hexdigest(), location=raw.location,
        media_type=raw.media_type, title=meta.get("title") or _first_line(text),
        authors=tuple(authors), published=published, published_precision=precision,
        kind=kind, source=source, doi=meta.get("doi"), journal=meta.get("journal"),
        paragraphs=paragraph_spans(text), cited_urls=_cited_urls(meta, raw.location),
        links=tuple(links),
    )


def _cited_urls(meta: dict, location: str) -> tuple[str, ...]:
    refs = meta.get("references") or ()
    if isinstance(refs, str) or not all(isinstance(r, str) for r in refs):
        raise InputError(f"{location}: metadata 'references' must be a list of URLs or paths")
    return tuple(dict.fromkeys(refs))


def _metadata_from_text(text: str) -> dict:
    head = text[:3000]
    meta: dict = {}
    if m := _DOI.search(text[:20000]):
        meta["doi"] = m.group(1)
    if m := _AUTHOR_LINE.search(head):
        name = re.split(r"\s+(?:source|published|date)\s*:", m.group(1), flags=re.I)[0]
        meta["author"] = strip_trailing_date(name).strip(" .,;")
    if m := _DATE_LINE.search(head):
        meta["published"] = m.group(1).strip()
    elif found := publication_date_at(head):
        meta["published"] = date_text(*found)  # a byline, publisher line, dateline or cue
    return meta


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip(" #*\t")
        if line:
            return line[:200]
    return None


def _as_date(value, location: str) -> tuple[date | None, str]:
    """A stated publication date and its precision: ``(date, "day")``, or its first day with
    "month" or "year" when only those are given ("2017-10", "October 2017", "2017"), so that no
    day is invented. ISO forms (as metadata and exports write them) first, then the first date
    the date reader finds in the text ("Tue, 5 March 2024", "March 2024 issue"), then any other
    form of a full date dateutil reads."""
    if value is None:
        return None, "day"
    if isinstance(value, date):
        return (value.date() if hasattr(value, "date") else value), "day"
    text = str(value).strip()
    for iso in (text, text[:10] if text[10:11] in ("T", " ") else None):
        if iso:
            try:
                return parse_date_text(iso)
            except ValueError:
                pass
    for mention in extract_dates(text[:200]):
        if mention.value and not mention.relative and mention.end_value is None:
            try:
                return parse_date_text(mention.value)
            except ValueError:
                break
    try:
        return dateparser.parse(text, default=None, fuzzy=True).date(), "day"
    except (ValueError, OverflowError, AttributeError, TypeError):
        log.warning("%s: cannot read the date %r; leaving it empty", location, value)
        return None, "day"


def detect_kind(text: str, meta: dict, url: str | None) -> str:
    """Guess the document kind from cues listed in ``data/document_kinds.json``."""
    rules = _kind_rules()
    host = url_host(url) or ""
    for kind in ("official", "news"):
        if host and any(host == h or host.endswith("." + h) or host.endswith(h)
                        for h in rules["hosts"][kind]):
            return kind
    if meta.get("journal") or meta.get("doi"):
        return "academic"
    if re.search(rules["academic_heading"], text, re.I | re.M):
        return "academic"
    head = "\n".join([line for line in text[:4000].splitlines() if line.strip()][:rules.get("head_lines", 12)])
    if rules.get("news_dateline") and re.search(rules["news_dateline"], head, re.M):
        return "news"  # a dateline opening a paragraph: "BEIRUT (Reuters) - ..."
    return rules.get("default", "commentary")


def load_sidecar(spec: str) -> dict:
    """Metadata from ``<file>.meta.json`` beside a document, if there is one."""
    if spec == "-" or "://" in spec:
        return {}
    side = Path(spec + ".meta.json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{side}: not valid JSON metadata: {e}") from e
    if not isinstance(data, dict):
        raise InputError(f"{side}: metadata must be a JSON object")
    return data


def load_document(spec: str, *, max_bytes: int | None = None, fetcher=None,
                  overrides: dict | None = None, stdin: BinaryIO | None = None,
                  reference_list: tuple = ()) -> SourceDocument:
    """Read, decode, convert and describe one document (nothing is stored); ``reference_list``:
    entries of a reference list given beside it (``claimcheck.reflists``)."""
    raw = read_input(spec, max_bytes=max_bytes or max_bytes_default(), fetcher=fetcher,
                     stdin=stdin)
    given = {k: v for k, v in (overrides or {}).items() if v not in (None, "", (), [])}
    meta = {**load_sidecar(spec), **given}
    doc = build_document(raw, meta)
    return replace(doc, location=spec if spec != "-" else "-",
                   reference_list=tuple(reference_list))
