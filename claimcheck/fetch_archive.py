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
import os
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

from claimcheck.errors import FetchError, InputError
from claimcheck.fetch_policy import (
    DEFAULT_CONTENT_TYPES,
    DEFAULT_MAX_BYTES,
    HTML_TYPES,
    USER_AGENT,
    header_charset,
    media_type,
    normalize_url,
)
from claimcheck.html import decode_html_bytes, html_to_text, sniff_media_type
from claimcheck.model import Page
from claimcheck.pdf import PDF_MEDIA_TYPE, is_pdf, pdf_to_text
from claimcheck.textformats import not_text_reason
from claimcheck.urls import join_url, parse_url

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
_SUFFIX_TYPES = {".md": "text/markdown", ".markdown": "text/markdown", ".txt": "text/plain"}

# Where a page is read: runner(function, *args) returns function(*args), computed in this thread
# (run_here) or in a worker process (claimcheck.fetch_pool.ReaderPool); the functions it is
# given (page_text, read_archived) are pure and module-level, so a worker can import them.
Runner = Callable[..., Any]


def run_here(function: Callable[..., Any], *args: Any) -> Any:
    """The default :data:`Runner`: ``function(*args)`` in the calling thread."""
    return function(*args)


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
    runner: Runner | None = None,
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
        runner: where the text is read (default :func:`run_here`); a
            :class:`~claimcheck.fetch_pool.ReaderPool` reads it in a worker process.

    Returns:
        The page; HTML and XML give their extracted main text, PDF (by type or by its
        ``%PDF-`` signature) its text layer, other text types their text.

    Raises:
        FetchError: a PDF without a readable text layer (scanned, encrypted, damaged).
    """
    text, title = (runner or run_here)(page_text, url, body, content_type, final_url)
    return _page(url, body, content_type, final_url, status, headers, fetched_at, from_archive, text, title)


def _page(url, body, content_type, final_url, status, headers, fetched_at, from_archive, text, title,
          digest: str | None = None) -> Page:
    """The :class:`Page` of a body whose text has been read."""
    return Page(
        url=url,
        final_url=final_url or url,
        status=status,
        fetched_at=fetched_at or datetime.now(UTC),
        sha256=digest or hashlib.sha256(body).hexdigest(),
        content_type=_stored_type(body, content_type),
        text=text,
        title=title,
        headers=headers,
        body=body,
        from_archive=from_archive,
    )


def _media_kind(body: bytes, content_type: str | None) -> str:
    """The body's media type: declared, else sniffed; PDF by its signature whatever declared."""
    kind = media_type(content_type) or sniff_media_type(body)
    return PDF_MEDIA_TYPE if body and (kind == PDF_MEDIA_TYPE or is_pdf(body)) else kind


def _stored_type(body: bytes, content_type: str | None) -> str:
    """``Page.content_type``: the header whole, else the media type found."""
    if content_type and content_type.strip():
        return content_type.strip()
    return _media_kind(body, content_type)


def page_text(url: str, body: bytes, content_type: str | None, final_url: str | None) -> tuple[str, str | None]:
    """A body's text and title: HTML and XML their main text, PDF its text layer, other text
    types their text (pure, so a worker process can run it).

    Raises:
        FetchError: a PDF without a readable text layer (scanned, encrypted, damaged), or a body
            that is not text whatever its declared type (a NUL, many control characters).
    """
    kind = _media_kind(body, content_type)
    if kind == PDF_MEDIA_TYPE:
        text, title = _pdf_text(url, final_url, body)
        if "\x00" in text:
            raise FetchError(f"not a text page (NUL character in its PDF text): {url}", url=url)
        return text, title
    decoded, _encoding = decode_html_bytes(body, header_charset(content_type))
    reason = not_text_reason(decoded)
    if reason:  # an image served as text/html, a text page with a NUL in it
        raise FetchError(f"not a text page ({reason}): {url}", url=url)
    if kind in HTML_TYPES or kind.endswith("xml"):
        extracted = html_to_text(decoded, base_url=final_url or url)
        return extracted.text, extracted.title
    return decoded.replace("\r\n", "\n").replace("\r", "\n"), None


def _pdf_text(url: str, final_url: str | None, body: bytes) -> tuple[str, str | None]:
    """A PDF body's text and metadata title; an unreadable PDF is a failed fetch."""
    if not body:  # e.g. a 304 answer: the caller keeps its previous snapshot
        return "", None
    try:
        pdf = pdf_to_text(body, final_url or url)
    except InputError as exc:
        raise FetchError(str(exc), url=url) from exc
    return pdf.text, pdf.metadata.get("title")


def read_local_file(location: str, path: Path, max_bytes: int, runner: Runner | None = None) -> Page:
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
        # the location as the user gave it: an absolute path they did not type must not reach
        # a report that may be shared
        location, body, content_type=kind, final_url=location, fetched_at=modified,
        runner=runner,
    )


# Reading ---------------------------------------------------------------------------------------

READ_SIZE = 16_384  # raw bytes per read of an archived body
_INFLATE_STEP = 65_536  # decoded bytes per decompression step: bounds what a bomb can claim at once


@dataclass(frozen=True)
class PayloadLocation:
    """Where an archived body is: the WARC file and the offset of the record that holds it."""

    path: Path
    offset: int


@dataclass(frozen=True)
class ArchivedResponse:
    """One ``response`` record of a WARC file; its body stays in the file until it is read."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    date: datetime
    payload: PayloadLocation | None = None  # None: a media type outside the accepted ones

    @property
    def body_skipped(self) -> bool:
        """Whether the body was left out (a media type outside the accepted ones)."""
        return self.payload is None

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    @property
    def redirect_location(self) -> str | None:
        """The absolute redirect target when this is a redirect with a valid ``Location``."""
        location = self.header("Location")
        if self.status in REDIRECT_STATUSES and location:
            return join_url(self.url, location.strip())
        return None

    def read_body(self, limit: int) -> bytes:
        """The body, transfer- and content-decoded, streamed from the WARC file.

        Args:
            limit: the most bytes accepted after decoding (the fetcher's ``max_bytes``).

        Raises:
            FetchError: the body is larger than ``limit`` once decoded, cannot be decoded, or
                the archive can no longer be read.
        """
        if self.payload is None:
            return b""
        return _read_payload(self.url, self.payload, limit)


class WarcArchive:
    """Response records of WARC files, looked up by normalised target URI.

    Loading indexes headers and file offsets only; a body is read (and decoded, up to a size
    limit) when its page is fetched.
    """

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
        When a URL was captured more than once, the latest capture wins. Bodies are not read
        here: :meth:`ArchivedResponse.read_body` streams one from its file, with a size limit.
        Bodies of other media types (images, scripts, PDFs in a crawl) are never read; fetching
        them fails with "unsupported content type", as a live fetch would.

        Args:
            paths: a path or several.
            content_types: the media types whose bodies are kept.

        Raises:
            InputError: a file is missing or is not a readable WARC file.
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        archive = cls()
        payloads: dict[str, PayloadLocation] = {}
        accepted = frozenset(content_types)
        for path in paths:
            for record in _read_warc(Path(path), payloads, accepted):
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
    url: str,
    record: ArchivedResponse,
    content_types: Iterable[str] = DEFAULT_CONTENT_TYPES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    runner: Runner | None = None,
) -> Page:
    """A page from an archived response; HTTP errors, other media types and bodies over
    ``max_bytes`` (after decoding) raise like a live fetch.

    Raises:
        FetchError: the archived status is not 2xx (``status`` carries it), the media type is
            not one of ``content_types``, or the body is too large or cannot be decoded.
    """
    if not 200 <= record.status < 300:
        reason = _reason(record.status)
        raise FetchError(f"HTTP {record.status} {reason} (archived): {url}", url=url, status=record.status)
    kind = media_type(record.header("Content-Type"))
    if record.body_skipped or (kind and kind not in content_types):
        raise FetchError(f"unsupported content type {kind} (archived): {url}", url=url, status=record.status)
    body, digest, (text, title) = (runner or run_here)(read_archived, url, record, max_bytes)
    return _page(url, body, record.header("Content-Type"), record.url, record.status, record.headers,
                 record.date, True, text, title, digest)


def read_archived(url: str, record: ArchivedResponse, max_bytes: int) -> tuple[bytes, str, tuple[str, str | None]]:
    """An archived page's body (read from its file, decoded, at most ``max_bytes``), its sha256
    and its text and title: everything but building the page, so that a worker process can do it.

    Raises:
        FetchError: the body is too large, cannot be decoded, or its PDF cannot be read.
    """
    body = record.read_body(max_bytes)
    digest = hashlib.sha256(body).hexdigest()
    return body, digest, page_text(url, body, record.header("Content-Type"), record.url)


def _read_warc(path: Path, payloads: dict[str, PayloadLocation], accepted: frozenset[str]) -> list[ArchivedResponse]:
    """All usable records of one WARC file: ``response``, ``revisit`` and ``resource``.

    ``payloads`` maps payload digests to where their bodies are, so that a ``revisit`` record (a
    capture whose payload repeats an earlier one) gets the earlier body, even from another file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not path.is_file():
        raise InputError(f"archive not found: {path}")
    if not _starts_like_warc(path):
        raise InputError(f"not a readable WARC file: {path} (no WARC/1.x header at the start)")
    records = []
    last = None
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                offset = iterator.offset
                archived = _archived_record(record, path, iterator, payloads, accepted)
                if archived is not None:
                    records.append(archived)
                last = (record, offset, archived)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable WARC file: {path} ({exc})") from exc
    if last is not None and getattr(last[0].raw_stream, "limit", 0) > 0:
        # the file ends inside its last record (a download or copy cut short): warcio reads
        # what there is without a word; a page cut anywhere would be checked as if whole
        record, offset, archived = last
        missing = last[0].raw_stream.limit
        logger.warning("%s: truncated: the record at offset %d (%s) lacks its last %d bytes and "
                       "is left out", path, offset,
                       record.rec_headers.get_header("WARC-Target-URI") or "no URL", missing)
        if archived is not None:
            records.remove(archived)
    return records


def _starts_like_warc(path: Path) -> bool:
    """Whether the file starts with a WARC version line, plain or gzip-compressed."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _archived_record(
    record, path: Path, iterator, payloads: dict[str, PayloadLocation], accepted: frozenset[str]
) -> ArchivedResponse | None:
    """Convert one warcio record (headers and where its body is); ``None`` for records that
    cannot answer a fetch."""
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
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
    if record.rec_type == "revisit":
        payload = payloads.get(digest)
        if payload is None:
            return None
    else:
        payload = PayloadLocation(path, iterator.get_record_offset())  # reads past the record
        if digest:
            payloads[digest] = payload
    kind = media_type(dict((k.lower(), v) for k, v in headers).get("content-type"))
    if kind and kind not in accepted:
        return ArchivedResponse(url, status, headers, date)
    return ArchivedResponse(url, status, headers, date, payload)


def _status(record) -> int | None:
    """The HTTP status of a response or revisit record, if readable."""
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _read_payload(url: str, where: PayloadLocation, limit: int) -> bytes:
    """Read the body of the record at ``where``: de-chunked and decompressed while streaming,
    stopping as soon as the decoded size passes ``limit``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    chunks: list[bytes] = []
    total = 0
    try:
        with where.path.open("rb") as stream:
            stream.seek(where.offset)
            record = next(iter(ArchiveIterator(stream)))
            encoding = _content_encoding(record)
            if encoding not in DECODED_ENCODINGS:  # br, zstd...: refused, never stored encoded
                raise FetchError(f"unsupported content encoding {encoding!r} (archived): {url}", url=url)
            for piece in _decoded(_transfer_decoded(record), _content_encoding(record)):
                total += len(piece)
                if total > limit:
                    raise FetchError(f"too large: {url} exceeds {limit} bytes after decoding (archived)", url=url)
                chunks.append(piece)
    except zlib.error as exc:
        raise FetchError(f"could not decode the compressed body (archived): {url}", url=url) from exc
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, StopIteration) as exc:
        raise FetchError(f"archive record unreadable ({where.path}): {url}", url=url) from exc
    return b"".join(chunks)


def _content_encoding(record) -> str:
    """The record's HTTP ``Content-Encoding`` (lower case; empty for none or a resource record)."""
    if record.http_headers is None:
        return ""
    return (record.http_headers.get_header("Content-Encoding") or "").strip().lower()


def _transfer_decoded(record) -> Iterator[bytes]:
    """The record's payload in pieces of at most :data:`READ_SIZE` bytes, de-chunked when its
    ``Transfer-Encoding`` is chunked (a payload that turns out not to be chunked is passed on)."""
    stream = record.raw_stream
    chunked = record.http_headers is not None and \
        (record.http_headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked"
    if not chunked:
        yield from iter(lambda: stream.read(READ_SIZE), b"")
        return
    line = stream.readline(64)
    while True:
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:  # not chunked after all (as warcio does): the rest as it is
            yield line
            yield from iter(lambda: stream.read(READ_SIZE), b"")
            return
        if size == 0:
            return
        while size > 0:
            piece = stream.read(min(size, READ_SIZE))
            if not piece:
                return  # truncated: keep what there is
            size -= len(piece)
            yield piece
        stream.readline(64)  # the CRLF after the chunk
        line = stream.readline(64)


# Content-Encodings an archived body is decoded from (others are refused)
DECODED_ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def _decoded(pieces: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """Decompress ``gzip``/``deflate`` pieces in steps of at most :data:`_INFLATE_STEP` bytes
    of output; an identity body passes through."""
    if encoding not in ("gzip", "x-gzip", "deflate"):
        yield from pieces
        return
    gzip = encoding != "deflate"
    inflater, members = None, 0
    for piece in pieces:
        data = piece
        while data:
            if inflater is None:
                if members and gzip and not data.strip(b"\0"):
                    return  # zero padding after the last gzip member
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else _deflate_wbits(data))
                members += 1
            out = inflater.decompress(data, _INFLATE_STEP)
            if out:
                yield out
            data = inflater.unconsumed_tail
            if inflater.eof:
                if not gzip:
                    return
                data, inflater = inflater.unused_data, None  # another gzip member may follow
    if inflater is not None:
        yield inflater.flush()


def _deflate_wbits(head: bytes) -> int:
    """``deflate`` bodies come zlib-wrapped (RFC 1950) or raw (RFC 1951): tell from the header."""
    if len(head) >= 2 and head[0] & 0x0F == 8 and ((head[0] << 8) | head[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


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
    # a temporary file renamed into place: a write that fails (full disk) leaves no half WARC;
    # a target that is not a regular file (/dev/null, a pipe) is written in place
    special = path.exists() and not path.is_file()
    target_path = path if special else path.with_name(f".{path.name}.tmp")
    try:
        with target_path.open("wb") as out:
            writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
            for page in pages:
                if page.error:
                    continue
                for target in dict.fromkeys((page.url, page.final_url)):
                    parts = parse_url(target)
                    if parts is not None and parts.scheme in ("http", "https"):
                        _write_exchange(writer, target, page)
                        count += 1
        if not special:
            os.replace(target_path, path)
    except BaseException:
        if not special:
            target_path.unlink(missing_ok=True)
        raise
    return count


def _write_exchange(writer, target: str, page: Page) -> None:
    """Write the request and response records of one page under ``target``."""
    from warcio.statusandheaders import StatusAndHeaders

    date = page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = parse_url(target)
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
