"""URL parsing that never raises on untrusted text (pure: no network).

``urllib.parse`` raises ``ValueError`` for links such as ``http://[::1`` (an unclosed IPv6
bracket), a netloc with a fullwidth character that NFKC-normalises into a delimiter
(``http://example／org``), or a port out of range. Every URL that comes from a document, a
fetched page, an HTTP header or an archive goes through these helpers, so one bad link costs that
link (``None``, or a :class:`~claimcheck.errors.FetchError` for the fetcher), never the run.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from claimcheck.errors import FetchError

HTTP_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_url(url: str) -> SplitResult | None:
    """``urlsplit`` of ``url`` with its port checked, or ``None`` when it is malformed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return None
    return parts


def split_url(url: str) -> SplitResult:
    """``urlsplit`` that raises :class:`FetchError` (not ``ValueError``) for a malformed URL."""
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"invalid URL ({exc}): {url}", url=url) from exc


def join_url(base: str | None, href: str) -> str | None:
    """``href`` resolved against ``base`` (when given), or ``None`` when either is malformed."""
    if not base:
        return href if parse_url(href) is not None else None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if parse_url(joined) is not None else None


def http_url(href: str, base: str | None = None) -> str | None:
    """The absolute http(s) URL a link points to, or ``None`` (another scheme, no host, malformed).

    Args:
        href: the link as written (relative or absolute).
        base: the page's URL, to resolve relative links against.
    """
    joined = join_url(base, href)
    parts = parse_url(joined) if joined is not None else None
    if parts is None or parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        return None
    return joined


def url_host(url: str | None) -> str | None:
    """The lower-case host of a URL, or ``None`` (no URL, no host, or malformed)."""
    parts = parse_url(url) if url else None
    return parts.hostname if parts is not None and parts.hostname else None


def normalize_url(url: str) -> str:
    """The canonical form used as an archive key.

    Lower-case scheme and host, default port dropped, fragment dropped, empty path -> ``/``;
    path and query are kept as given.

    Args:
        url: an absolute http(s) URL.

    Returns:
        The normalised URL (``HTTP://Example.org:80/a#x`` -> ``http://example.org/a``); a
        malformed URL is returned stripped but otherwise unchanged.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
