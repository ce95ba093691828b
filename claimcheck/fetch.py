"""The safe fetcher: HTTP with limits, robots.txt and politeness, behind one façade with WARC
archives, offline mode and local files.

Use :class:`Fetcher`::

    with Fetcher(archive=WarcArchive.load("refs.warc.gz"), offline=True) as fetcher:
        page = fetcher.fetch_location("https://example.org/a")      # a Page, or FetchError
        results = fetcher.fetch_many(urls, workers=8)               # {url: Page | FetchError}

Every URL is checked before connecting (scheme, DNS resolution to public addresses only), the
connected peer address is checked again (against DNS rebinding), and every redirect hop goes
through the same checks. Failures raise :class:`~claimcheck.errors.FetchError` or
:class:`~claimcheck.errors.PolicyError` with a one-line reason.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from claimcheck.errors import FetchError, PolicyError
from claimcheck.fetch_archive import (
    REDIRECT_STATUSES,
    WarcArchive,
    page_from_bytes,
    page_from_record,
    read_local_file,
    write_warc,
)
from claimcheck.fetch_policy import (
    FetchPolicy,
    address_refusal,
    check_host,
    check_scheme,
    media_type,
    normalize_url,
    split_url,
)
from claimcheck.html import page_metadata
from claimcheck.model import Page

__all__ = [
    "Fetcher",
    "FetchPolicy",
    "HttpFetcher",
    "WarcArchive",
    "fetch_many",
    "normalize_url",
    "page_metadata",
    "write_warc",
]

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512_000
ROBOTS_MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 10.0
CHUNK_SIZE = 16_384  # decoded bytes per read: bounds the memory a compression bomb can claim
_URL_WITH_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")

Progress = Callable[[int, int], None]


# Connections that check the peer address -----------------------------------------------------


def _guarded_pool_classes(policy: FetchPolicy) -> dict[str, type]:
    """Connection pool classes whose connections refuse a peer address the policy forbids."""

    def check_peer(sock, host: str) -> None:
        peer = sock.getpeername()[0]
        reason = address_refusal(peer, policy)
        if reason:
            sock.close()
            raise PolicyError(
                f"refused by policy: {host} connected to {reason} (use --allow-private to allow)"
            )

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self):
            sock = super()._new_conn()
            check_peer(sock, self.host)
            return sock

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self):
            sock = super()._new_conn()
            check_peer(sock, self.host)
            return sock

    http_pool = type(
        "GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": GuardedHTTPConnection}
    )
    https_pool = type(
        "GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": GuardedHTTPSConnection}
    )
    return {"http": http_pool, "https": https_pool}


class _GuardedAdapter(HTTPAdapter):
    """An adapter whose pools use peer-checking connections."""

    def __init__(self, policy: FetchPolicy, **kwargs):
        self._pool_classes = _guarded_pool_classes(policy)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes


def _retry_for(policy: FetchPolicy) -> Retry:
    """urllib3 retries: backoff on connection errors and 429/5xx, ``Retry-After`` capped."""
    cap = policy.max_retry_after

    class CappedRetry(Retry):
        def get_retry_after(self, response):
            value = super().get_retry_after(response)
            return None if value is None else min(value, cap)

    return CappedRetry(
        total=policy.retries,
        connect=policy.retries,
        read=0,
        status=policy.retries,
        other=0,
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=policy.backoff_factor,
        backoff_max=cap,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


# Politeness ---------------------------------------------------------------------------------


@dataclasses.dataclass
class _HostState:
    semaphore: threading.Semaphore
    next_start: float = 0.0


class HostThrottle:
    """Bounded concurrency and a minimum delay between request starts, per host."""

    def __init__(self, delay: float, max_per_host: int):
        self._delay = delay
        self._max_per_host = max(1, max_per_host)
        self._lock = threading.Lock()
        self._hosts: dict[str, _HostState] = {}

    @contextmanager
    def slot(self, host: str, delay: float | None = None) -> Iterator[None]:
        """Hold one of the host's request slots, waiting for its turn."""
        with self._lock:
            state = self._hosts.setdefault(host, _HostState(threading.Semaphore(self._max_per_host)))
        state.semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, state.next_start)
                state.next_start = start + (self._delay if delay is None else delay)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            state.semaphore.release()


class RobotsCache:
    """robots.txt rules per scheme+host, fetched once with ``fetch_text``."""

    def __init__(self, fetch_text: Callable[[str], tuple[int, str]], user_agent: str):
        self._fetch_text = fetch_text
        self._user_agent = user_agent
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``."""
        return self._parser(url).can_fetch(self._user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The host's ``Crawl-delay`` for our user agent, if any."""
        delay = self._parser(url).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    def _parser(self, url: str) -> RobotFileParser:
        """The parsed robots.txt of the URL's host, fetching it on first use."""
        origin = normalize_url(url).split("/", 3)
        key = f"{origin[0]}//{origin[2]}"
        with self._lock:
            host_lock = self._host_locks.setdefault(key, threading.Lock())
        with host_lock:
            if key not in self._parsers:
                self._parsers[key] = self._load(f"{key}/robots.txt")
            return self._parsers[key]

    def _load(self, robots_url: str) -> RobotFileParser:
        """Fetch and parse one robots.txt; 401/403 forbid everything, other failures allow."""
        parser = RobotFileParser(robots_url)
        try:
            status, text = self._fetch_text(robots_url)
        except FetchError as exc:
            logger.info("robots.txt unavailable (%s); allowing", exc)
            status, text = 0, ""
        if status in (401, 403):
            parser.disallow_all = True
        elif 200 <= status < 300:
            parser.parse(text.splitlines())
        else:
            parser.allow_all = True
        return parser


# HTTP ----------------------------------------------------------------------------------------


class HttpFetcher:
    """Fetch web pages over HTTP(S) under a :class:`FetchPolicy`.

    Thread-safe: one ``requests.Session`` with a connection pool, shared by the workers of
    :meth:`fetch_many`. Close it (or use it as a context manager) when done.
    """

    def __init__(self, policy: FetchPolicy | None = None, *, pool_size: int = 16):
        self.policy = policy or FetchPolicy()
        self._session = self._make_session(pool_size)
        self._throttle = HostThrottle(self.policy.per_host_delay, self.policy.max_per_host)
        self._robots = RobotsCache(self._fetch_robots, self.policy.user_agent)

    def _make_session(self, pool_size: int) -> requests.Session:
        """A session with retries, the identifying User-Agent and no environment proxies."""
        session = requests.Session()
        session.trust_env = False
        session.headers["User-Agent"] = self.policy.user_agent
        session.headers["Accept"] = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
        pool = {
            "max_retries": _retry_for(self.policy), "pool_connections": pool_size, "pool_maxsize": pool_size,
        }
        if self.policy.allow_private:
            adapter = HTTPAdapter(**pool)
        else:
            adapter = _GuardedAdapter(self.policy, **pool)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """Fetch one page, following redirects (each hop checked), and extract its text.

        Args:
            url: an http(s) URL.
            etag: a previous snapshot's ``ETag``: sent as ``If-None-Match``.
            last_modified: a previous snapshot's ``Last-Modified``: sent as ``If-Modified-Since``.

        Returns:
            The page; ``status`` 304 (empty text) when the server says it is unchanged.

        Raises:
            PolicyError: refused scheme or address, or robots.txt disallows.
            FetchError: DNS failure, timeout, HTTP error status, too large, wrong content type,
                too many redirects.
        """
        started = time.monotonic()
        headers = _conditional_headers(etag, last_modified)
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self._check(current)
            page, location = self._fetch_once(url, current, headers, started)
            if page is not None:
                return page
            current = location
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects}): {url}", url=url)

    def fetch_many(self, urls: Iterable[str], *, workers: int = 8, progress: Progress | None = None) -> dict:
        """Fetch many URLs concurrently; see :func:`fetch_many`."""
        return fetch_many(self.fetch, urls, workers=workers, progress=progress)

    def _check(self, url: str) -> None:
        """Scheme, address and robots.txt checks for one hop."""
        check_scheme(url)
        check_host(url, self.policy)
        if self.policy.respect_robots and not self._robots.allowed(url):
            raise PolicyError(f"disallowed by robots.txt: {url}", url=url)

    def _fetch_once(self, url: str, current: str, headers: dict, started: float) -> tuple[Page | None, str]:
        """One request: the page, or ``(None, next_url)`` for a redirect."""
        host = urlsplit(current).hostname or ""
        delay = self._host_delay(current)
        with self._throttle.slot(host, delay), self._get(current, headers) as response:
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                return None, urljoin(current, response.headers["Location"])
            if response.status_code == 304:
                return self._not_modified(url, current, response), current
            self._check_response(current, response)
            body = self._read_body(current, response, started, self.policy.max_bytes)
        return page_from_bytes(
            url, body, content_type=response.headers.get("Content-Type"), final_url=current,
            status=response.status_code, headers=tuple(response.headers.items()),
        ), current

    def _host_delay(self, url: str) -> float:
        """The politeness delay for the URL's host: the policy's, or a longer Crawl-delay."""
        crawl_delay = self._robots.crawl_delay(url) if self.policy.respect_robots else None
        return max(self.policy.per_host_delay, min(crawl_delay or 0.0, MAX_CRAWL_DELAY))

    @contextmanager
    def _get(self, url: str, headers: dict) -> Iterator[requests.Response]:
        """A streamed GET without automatic redirects; errors become :class:`FetchError`."""
        timeout = (self.policy.connect_timeout, self.policy.read_timeout)
        try:
            response = self._session.get(
                url, headers=headers, stream=True, timeout=timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise _fetch_error(url, exc, self.policy) from exc
        except PolicyError as exc:
            raise PolicyError(f"{exc}: {url}", url=url) from exc
        try:
            yield response
        finally:
            response.close()

    def _check_response(self, url: str, response: requests.Response) -> None:
        """Refuse error statuses, declared oversize bodies and unaccepted content types."""
        status = response.status_code
        if status >= 400 or status < 200:
            raise FetchError(f"HTTP {status} {response.reason}: {url}", url=url, status=status)
        kind = media_type(response.headers.get("Content-Type"))
        if kind and kind not in self.policy.content_types:
            raise FetchError(f"unsupported content type {kind}: {url}", url=url, status=status)
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.policy.max_bytes:
            limit = self.policy.max_bytes
            message = f"too large: {url} declares {length} bytes (limit {limit})"
            raise FetchError(message, url=url, status=status)

    def _read_body(self, url: str, response: requests.Response, started: float, limit: int) -> bytes:
        """Stream the decoded body, stopping at ``limit`` bytes or the policy deadline."""
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                total += len(chunk)
                if total > limit:
                    raise FetchError(f"too large: {url} exceeds {limit} bytes after decoding", url=url)
                if time.monotonic() - started > self.policy.deadline:
                    raise FetchError(f"timed out: {url} took longer than {self.policy.deadline:g}s", url=url)
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise _fetch_error(url, exc, self.policy) from exc
        return b"".join(chunks)

    def _not_modified(self, url: str, current: str, response: requests.Response) -> Page:
        """The page for a 304 answer: no body, the caller keeps its previous snapshot."""
        return page_from_bytes(
            url, b"", content_type=response.headers.get("Content-Type") or "text/plain",
            final_url=current, status=304, headers=tuple(response.headers.items()),
        )

    def _fetch_robots(self, robots_url: str) -> tuple[int, str]:
        """GET a robots.txt (checked addresses, up to 5 redirects, size-capped): status and text."""
        started = time.monotonic()
        for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
            check_scheme(robots_url)
            check_host(robots_url, self.policy)
            with self._get(robots_url, {}) as response:
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    robots_url = urljoin(robots_url, location)
                    continue
                if not 200 <= response.status_code < 300:
                    return response.status_code, ""
                body = self._read_body(robots_url, response, started, ROBOTS_MAX_BYTES)
            return response.status_code, body.decode("utf-8", errors="replace")
        return 0, ""


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from a previous snapshot's validators."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _fetch_error(url: str, exc: BaseException, policy: FetchPolicy) -> FetchError:
    """A one-line :class:`FetchError` describing a requests/urllib3 failure."""
    chain = _exception_chain(exc)
    names = {type(e).__name__ for e in chain}
    for error in chain:
        if isinstance(error, PolicyError):
            return PolicyError(f"{error}: {url}", url=url)
    if "NameResolutionError" in names:
        return FetchError(f"DNS lookup failed for {urlsplit(url).hostname}: {url}", url=url)
    if names & {"ConnectTimeoutError", "ConnectTimeout"}:
        return FetchError(f"timed out connecting after {policy.connect_timeout:g}s: {url}", url=url)
    if names & {"ReadTimeoutError", "ReadTimeout", "TimeoutError"}:
        return FetchError(f"timed out: no data for {policy.read_timeout:g}s: {url}", url=url)
    if names & {"ContentDecodingError", "DecodeError"}:
        return FetchError(f"could not decode the compressed body: {url}", url=url)
    if names & {"SSLError", "SSLCertVerificationError"}:
        return FetchError(f"TLS error: {url}", url=url)
    if names & {"NewConnectionError", "ConnectionRefusedError"}:
        return FetchError(f"connection refused: {url}", url=url)
    if names & {"ChunkedEncodingError", "ProtocolError", "IncompleteRead", "ConnectionResetError"}:
        return FetchError(f"connection broken while reading: {url}", url=url)
    if "MaxRetryError" in names:
        return FetchError(f"gave up after {policy.retries} retries: {url}", url=url)
    return FetchError(f"{type(exc).__name__}: {url}", url=url)


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """An exception with its causes, contexts, ``reason`` attributes and exception args."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        error = todo.pop()
        if error in seen:
            continue
        seen.append(error)
        related = [error.__cause__, error.__context__, getattr(error, "reason", None), *error.args]
        todo.extend(e for e in related if isinstance(e, BaseException))
    return seen


# Batches -------------------------------------------------------------------------------------


def fetch_many(
    fetch_one: Callable[[str], Page],
    urls: Iterable[str],
    *,
    workers: int = 8,
    progress: Progress | None = None,
) -> dict[str, Page | FetchError]:
    """Fetch URLs on a thread pool, recording each result instead of stopping at a failure.

    Args:
        fetch_one: fetches one URL (e.g. ``Fetcher.fetch_location``).
        urls: the URLs (duplicates fetched once).
        workers: threads.
        progress: called as ``progress(done, total)`` after each URL.

    Returns:
        ``{url: Page or FetchError}`` in the order the URLs were given.
    """
    unique = list(dict.fromkeys(urls))
    results: dict[str, Page | FetchError] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch") as pool:
        futures = {pool.submit(fetch_one, url): url for url in unique}
        for done, future in enumerate(as_completed(futures), start=1):
            url = futures[future]
            try:
                results[url] = future.result()
            except FetchError as exc:
                logger.info("fetch failed: %s", exc)
                results[url] = exc
            if progress is not None:
                progress(done, len(unique))
    return {url: results[url] for url in unique}


# The façade ----------------------------------------------------------------------------------


class Fetcher:
    """One object for the pipeline: archive first, then (unless offline) the network.

    Args:
        archive: WARC records answering fetches before the network.
        archives: WARC files to load into the archive (``--archive``).
        offline: never touch the network; a URL not in the archive raises
            ``PolicyError("not in archive (offline): ...")``.
        allow_private: allow loopback and private addresses (overrides ``policy``).
        timeout: seconds without data before a fetch fails (overrides ``policy``).
        policy: limits for network fetches.

    Raises:
        InputError: an archive file is missing or unreadable.
    """

    def __init__(
        self,
        *,
        archive: WarcArchive | None = None,
        archives: Iterable[str | Path] = (),
        offline: bool = False,
        allow_private: bool = False,
        timeout: float | None = None,
        policy: FetchPolicy | None = None,
    ):
        self.policy = _policy_with(policy or FetchPolicy(), allow_private=allow_private, timeout=timeout)
        self.archive = archive if archive is not None else WarcArchive()
        paths = list(archives)
        if paths:
            for record in WarcArchive.load(paths, content_types=self.policy.content_types).records():
                self.archive.add(record)
        self.offline = offline
        self._http: HttpFetcher | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Release network connections."""
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, url: str, *, previous: Page | None = None) -> Page:
        """Fetch a URL from the archive, else from the network.

        Args:
            url: an http(s) URL.
            previous: an earlier snapshot of the same URL; its ``ETag``/``Last-Modified`` make
                the request conditional, and on "304 Not Modified" it is returned with a new
                ``fetched_at``.

        Raises:
            PolicyError: refused by policy, robots.txt, or not in the archive when offline.
            FetchError: the page could not be fetched (the reason is in the message).
        """
        check_scheme(url)
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            record = self.archive.lookup(current)
            if record is None:
                return self._fetch_live(url, current, previous)
            if record.redirect_location is None:
                return page_from_record(url, record, self.policy.content_types)
            current = record.redirect_location
            check_scheme(current)
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects}): {url}", url=url)

    def fetch_location(self, location: str) -> Page:
        """Fetch a URL, a ``file://`` URL or a local file path (``--reference page.html``).

        Raises:
            PolicyError: a URL scheme other than http, https or file.
            FetchError: as :meth:`fetch`, or the file is missing or too large.
        """
        if not _URL_WITH_SCHEME.match(location) or Path(location).exists():
            return read_local_file(location, Path(location), self.policy.max_bytes)
        parts = split_url(location)
        if parts.scheme.lower() == "file":
            return read_local_file(location, Path(url2pathname(parts.path)), self.policy.max_bytes)
        return self.fetch(location)

    def fetch_many(
        self, locations: Iterable[str], *, workers: int = 8, progress: Progress | None = None
    ) -> dict[str, Page | FetchError]:
        """Fetch URLs or paths concurrently: ``{location: Page or FetchError}``, in order."""
        return fetch_many(self.fetch_location, locations, workers=workers, progress=progress)

    def _fetch_live(self, url: str, current: str, previous: Page | None) -> Page:
        """The network part of :meth:`fetch`."""
        if self.offline:
            raise PolicyError(f"not in archive (offline): {current}", url=url)
        etag, last_modified = _validators(previous)
        page = self._http_fetcher().fetch(current, etag=etag, last_modified=last_modified)
        if page.status == 304 and previous is not None:
            return dataclasses.replace(previous, fetched_at=datetime.now(UTC), from_archive=False)
        return page if page.url == url else dataclasses.replace(page, url=url)

    def _http_fetcher(self) -> HttpFetcher:
        """The HTTP fetcher, created on first network use."""
        with self._lock:
            if self._http is None:
                self._http = HttpFetcher(self.policy)
            return self._http


def _policy_with(policy: FetchPolicy, *, allow_private: bool, timeout: float | None) -> FetchPolicy:
    """The policy with the façade's ``allow_private`` and ``timeout`` applied."""
    if allow_private:
        policy = dataclasses.replace(policy, allow_private=True)
    if timeout is not None:
        policy = dataclasses.replace(
            policy, read_timeout=timeout, connect_timeout=min(policy.connect_timeout, timeout),
            deadline=max(policy.deadline, timeout),
        )
    return policy


def _validators(previous: Page | None) -> tuple[str | None, str | None]:
    """``ETag`` and ``Last-Modified`` of a previous snapshot."""
    if previous is None:
        return None, None
    headers = {k.lower(): v for k, v in previous.headers}
    return headers.get("etag"), headers.get("last-modified")
