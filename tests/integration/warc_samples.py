"""WARC files for tests, written with warcio: one response record per URL."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_archive(path: Path, records: dict[str, tuple[bytes, list[tuple[str, str]]]]) -> Path:
    """``{url: (payload, headers)}`` as response records, the payload stored as given (gzip-framed
    when ``path`` ends with .gz)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, (payload, headers) in records.items():
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(payload), length=len(payload), http_headers=http))
    return path
