"""Pages without the network: WARC archives (read and write), local files, and building a
:class:`~claimcheck.model.Page` from raw bytes.

``WarcArchive`` indexes the ``response`` records of one or more WARC files by normalised
``WARC-Target-URI``; :func:`write_warc` writes request+response records (gzip for ``.warc.gz``)
with record ids derived from the content, so the same pages give the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from claimcheck.errors import FetchError, InputError
from claimcheck.fetch_policy import (
    DEFAULT_CONTENT_TYPES,
    HTML_TYPES,
    USER_AGENT,
    header_charset,
    media_type,
    normalize_url,
)
from claimcheck.html import decode_html_bytes, html_to_text, sniff_media_type
from claimcheck.model import Page
from claimcheck.pdf import PDF_MEDIA_TYPE, is_pdf, pdf_to_text

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
_SUFFIX_TYPES = {".md": "text/markdown", ".markdown": "text/markdown", ".txt": "text/plain"}


def page_from_bytes(
    url: str,
    body: bytes,
    *,
    content_type: str | None,
    final_url: str | None = None,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (),
    fetched_at: datetime | None = None,
    from_archive: bool = False,
) -> Page:
    """Build a :class:`Page` from a raw body: decode it and extract its main text.

    Args:
        url: the location as requested.
        body: the raw (transfer-decoded) body.
        content_type: the ``Content-Type`` header value, kept whole in ``Page.content_type``
            (charset included); sniffed from the body when empty.
        final_url: the URL after redirects (defaults to ``url``).
        status: the HTTP status.
        headers: the response headers.
        fetched_at: when it was fetched or archived (defaults to now, UTC).
        from_archive: whether a WARC archive answered.

    Returns:
        The page; HTML and XML give their extracted main text, PDF (by type or by its
        ``%PDF-`` signature) its text layer, other text types their text.

    Raises:
        FetchError: a PDF without a readable text layer (scanned, encrypted, damaged).
    """
    kind = media_type(content_type) or sniff_media_type(body)
    if body and (kind == PDF_MEDIA_TYPE or is_pdf(body)):
        kind = PDF_MEDIA_TYPE
    stored_type = content_type.strip() if content_type and content_type.strip() else kind
    if kind == PDF_MEDIA_TYPE:
        text, title = _pdf_text(url, final_url, body)
    else:
        decoded, _encoding = decode_html_bytes(body, header_charset(content_type))
        title = None
        if kind in HTML_TYPES or kind.endswith("xml"):
            extracted = html_to_text(decoded, base_url=final_url or url)
            text, title = extracted.text, extracted.title
        else:
            text = decoded.replace("\r\n", "\n").replace("\r", "\n")
    return Page(
        url=url,
        final_url=final_url or url,
        status=status,
        fetched_at=fetched_at or datetime.now(UTC),
        sha256=hashlib.sha256(body).hexdigest(),
        content_type=stored_type,
        text=text,
        title=title,
        headers=headers,
        body=body,
        from_archive=from_archive,
    )


def _pdf_text(url: str, final_url: str | None, body: bytes) -> tuple[str, str | None]:
    """A PDF body's text and metadata title; an unreadable PDF is a failed fetch."""
    if not body:  # e.g. a 304 answer: the caller keeps its previous snapshot
        return "", None
    try:
        pdf = pdf_to_text(body, final_url or url)
    except InputError as exc:
        raise FetchError(str(exc), url=url) from exc
    return pdf.text, pdf.metadata.get("title")


def read_local_file(location: str, path: Path, max_bytes: int) -> Page:
    """A local file as a page (``--reference page.html``).

    Raises:
        FetchError: the file is missing, a directory, unreadable or larger than ``max_bytes``.
    """
    if not path.is_file():
        raise FetchError(f"reference file not found: {location}", url=location)
    size = path.stat().st_size
    if size > max_bytes:
        raise FetchError(f"too large: {location} has {size} bytes (limit {max_bytes})", url=location)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read reference file {location}: {exc.strerror}", url=location) from exc
    kind = _SUFFIX_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or ""
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return page_from_bytes(
        location, body, content_type=kind, final_url=path.resolve().as_uri(), fetched_at=modified
    )


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedResponse:
    """One ``response`` record of a WARC file."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    date: datetime
    body_skipped: bool = False  # a media type outside the accepted ones: body not kept in memory

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    @property
    def redirect_location(self) -> str | None:
        """The absolute redirect target when this is a redirect with a ``Location``."""
        location = self.header("Location")
        if self.status in REDIRECT_STATUSES and location:
            return urljoin(self.url, location)
        return None


class WarcArchive:
    """Response records of WARC files, looked up by normalised target URI."""

    def __init__(self, records: Iterable[ArchivedResponse] = ()):
        self._records: dict[str, ArchivedResponse] = {}
        for record in records:
            self.add(record)

    @classmethod
    def load(
        cls, paths: str | Path | Iterable[str | Path], *, content_types: Iterable[str] = DEFAULT_CONTENT_TYPES
    ) -> WarcArchive:
        """Index the captures of one or more ``.warc``/``.warc.gz`` files.

        ``response`` records, ``revisit`` records (their body taken from the capture with the same
        payload digest) and ``resource`` records (status 200) are indexed by ``WARC-Target-URI``.
        When a URL was captured more than once, the latest capture wins. Bodies of other media
        types (images, scripts, PDFs in a crawl) are not kept in memory; fetching them fails
        with "unsupported content type", as a live fetch would.

        Args:
            paths: a path or several.
            content_types: the media types whose bodies are kept.

        Raises:
            InputError: a file is missing or is not a readable WARC file.
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        archive = cls()
        bodies: dict[str, bytes] = {}
        accepted = frozenset(content_types)
        for path in paths:
            for record in _read_warc(Path(path), bodies, accepted):
                archive.add(record)
        logger.info("archive holds %d URLs", len(archive))
        return archive

    def add(self, record: ArchivedResponse) -> None:
        """Index one record, keeping the latest capture of a URL."""
        key = normalize_url(record.url)
        known = self._records.get(key)
        if known is None or record.date >= known.date:
            self._records[key] = record

    def lookup(self, url: str) -> ArchivedResponse | None:
        """The archived response for ``url`` (normalised), if any."""
        return self._records.get(normalize_url(url))

    def records(self) -> list[ArchivedResponse]:
        """The indexed records."""
        return list(self._records.values())

    def urls(self) -> list[str]:
        """The archived target URIs, as recorded."""
        return [record.url for record in self._records.values()]

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self.lookup(url) is not None

    def __len__(self) -> int:
        return len(self._records)


def page_from_record(
    url: str, record: ArchivedResponse, content_types: Iterable[str] = DEFAULT_CONTENT_TYPES
) -> Page:
    """A page from an archived response; HTTP errors and other media types raise like a live fetch.

    Raises:
        FetchError: the archived status is not 2xx (``status`` carries it), or the media type is
            not one of ``content_types``.
    """
    if not 200 <= record.status < 300:
        reason = _reason(record.status)
        raise FetchError(f"HTTP {record.status} {reason} (archived): {url}", url=url, status=record.status)
    kind = media_type(record.header("Content-Type"))
    if record.body_skipped or (kind and kind not in content_types):
        raise FetchError(f"unsupported content type {kind} (archived): {url}", url=url, status=record.status)
    return page_from_bytes(
        url,
        record.body,
        content_type=record.header("Content-Type"),
        final_url=record.url,
        status=record.status,
        headers=record.headers,
        fetched_at=record.date,
        from_archive=True,
    )


def _read_warc(path: Path, bodies: dict[str, bytes], accepted: frozenset[str]) -> list[ArchivedResponse]:
    """All usable records of one WARC file: ``response``, ``revisit`` and ``resource``.

    ``bodies`` maps payload digests to bodies already read, so that a ``revisit`` record (a
    capture whose payload repeats an earlier one) gets the earlier body, even from another file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not path.is_file():
        raise InputError(f"archive not found: {path}")
    if not _starts_like_warc(path):
        raise InputError(f"not a readable WARC file: {path} (no WARC/1.x header at the start)")
    records = []
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                archived = _archived_record(record, bodies, accepted)
                if archived is not None:
                    records.append(archived)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable WARC file: {path} ({exc})") from exc
    return records


def _starts_like_warc(path: Path) -> bool:
    """Whether the file starts with a WARC version line, plain or gzip-compressed."""
    import zlib

    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _archived_record(record, bodies: dict[str, bytes], accepted: frozenset[str]) -> ArchivedResponse | None:
    """Convert one warcio record; ``None`` for records that cannot answer a fetch."""
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if not url.lower().startswith(("http://", "https://")):
        return None
    date = _parse_warc_date(record.rec_headers.get_header("WARC-Date"))
    if record.rec_type == "resource":
        headers = (("Content-Type", record.rec_headers.get_header("Content-Type") or ""),)
        status = 200
    elif record.rec_type in ("response", "revisit") and record.http_headers is not None:
        headers = tuple(record.http_headers.headers)
        status = _status(record)
    else:
        return None
    if status is None:
        return None
    kind = media_type(dict((k.lower(), v) for k, v in headers).get("content-type"))
    if kind and kind not in accepted:
        return ArchivedResponse(url, status, headers, b"", date, body_skipped=True)
    body = _record_body(record, bodies)
    return None if body is None else ArchivedResponse(url, status, headers, body, date)


def _status(record) -> int | None:
    """The HTTP status of a response or revisit record, if readable."""
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _record_body(record, bodies: dict[str, bytes]) -> bytes | None:
    """The payload; a revisit borrows the earlier capture's (``None`` when it is unknown)."""
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
    if record.rec_type == "revisit":
        return bodies.get(digest)
    body = record.content_stream().read()
    if digest:
        bodies[digest] = body
    return body


def _parse_warc_date(value: str | None) -> datetime:
    """A ``WARC-Date`` as an aware UTC datetime (the epoch when missing or malformed)."""
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# Writing ---------------------------------------------------------------------------------------


def write_warc(path: str | Path, pages: Iterable[Page]) -> int:
    """Write pages as WARC request+response records; gzip when the name ends in ``.gz``.

    Record dates are the pages' ``fetched_at`` and record ids are derived from URL, date and
    body, so writing the same pages twice gives identical bytes. A page whose ``final_url``
    differs from its ``url`` is written under both.

    Args:
        path: the output file.
        pages: the pages (pages carrying an ``error`` are skipped).

    Returns:
        The number of response records written.
    """
    from warcio.warcwriter import WARCWriter

    path = Path(path)
    count = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for page in pages:
            if page.error:
                continue
            for target in dict.fromkeys((page.url, page.final_url)):
                if urlsplit(target).scheme in ("http", "https"):
                    _write_exchange(writer, target, page)
                    count += 1
    return count


def _write_exchange(writer, target: str, page: Page) -> None:
    """Write the request and response records of one page under ``target``."""
    from warcio.statusandheaders import StatusAndHeaders

    date = page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = urlsplit(target)
    request_line = f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1"
    request_headers = StatusAndHeaders(
        request_line, [("Host", parts.netloc), ("User-Agent", USER_AGENT)], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            target, "request", http_headers=request_headers,
            warc_headers_dict=_warc_ids("request", target, date, page.sha256),
        )
    )
    response_headers = StatusAndHeaders(
        f"{page.status} {_reason(page.status)}", _response_headers(page), protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            target, "response", payload=BytesIO(page.body), length=len(page.body),
            http_headers=response_headers,
            warc_headers_dict=_warc_ids("response", target, date, page.sha256),
        )
    )


def _response_headers(page: Page) -> list[tuple[str, str]]:
    """The page's headers minus transfer-level ones, with a correct length and content type."""
    headers = [(k, v) for k, v in page.headers if k.lower() not in _HOP_HEADERS]
    if not any(k.lower() == "content-type" for k, _ in headers) and page.content_type:
        headers.append(("Content-Type", page.content_type))
    headers.append(("Content-Length", str(len(page.body))))
    return headers


def _warc_ids(record_type: str, target: str, date: str, digest: str) -> dict[str, str]:
    """Deterministic ``WARC-Record-ID`` and ``WARC-Date`` headers."""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{record_type} {target} {date} {digest}")
    return {"WARC-Record-ID": f"<urn:uuid:{record_id}>", "WARC-Date": date}


def _reason(status: int) -> str:
    """The standard reason phrase of an HTTP status."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
