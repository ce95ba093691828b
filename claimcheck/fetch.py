"""The safe fetcher: HTTP with limits, robots.txt and politeness, behind one façade with WARC
archives, offline mode and local files.

Use :class:`Fetcher`::

    with Fetcher(archive=WarcArchive.load("refs.warc.gz"), offline=True) as fetcher:
        page = fetcher.fetch_location("https://example.org/a")      # a Page, or FetchError
        results = fetcher.fetch_many(urls, workers=8)               # {url: Page | FetchError}

Every URL is checked before connecting (scheme, DNS resolution to public addresses only), the
connected peer address is checked again (against DNS rebinding), and every redirect hop goes
through the same checks. Each fetch runs under a wall-clock :class:`Deadline` (a server that
trickles bytes is cut), and ``FetchPolicy.run_budget`` bounds all the fetches of one fetcher.
Failures raise :class:`~claimcheck.errors.FetchError` or :class:`~claimcheck.errors.PolicyError`
with a one-line reason.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import url2pathname

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse
from urllib3.util.retry import Retry

from claimcheck.errors import FetchError, PolicyError
from claimcheck.fetch_archive import (
    REDIRECT_STATUSES,
    Runner,
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
from claimcheck.fetch_pool import MIN_PAGES, ReaderPool
from claimcheck.html import page_metadata
from claimcheck.model import Page
from claimcheck.urls import join_url, url_host

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


# Deadlines ------------------------------------------------------------------------------------


_active = threading.local()  # .deadline: the Deadline of the request this thread is making


class Deadline:
    """A wall-clock limit on one fetch, enforced by shutting down the sockets it is using.

    Socket timeouts bound each read, not the whole exchange: a server that sends one byte a
    second (in the status line, the headers, the body or robots.txt) never trips them. While
    :meth:`watch` is active, every socket this thread opens or reuses is registered, and a timer
    shuts them down when the deadline passes, so a blocked read returns at once and the fetch
    fails as timed out. Retry waits (``Retry-After``, backoff) are capped by the time left.

    Args:
        ends: the ``time.monotonic()`` value at which the fetch is cut.
        reason: why, for the error message (e.g. ``"took longer than 60s"``).
    """

    def __init__(self, ends: float, reason: str):
        self.ends = ends
        self.reason = reason
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.ends - time.monotonic()

    def error(self, url: str) -> FetchError:
        """The one-line error for a fetch cut by this deadline."""
        return FetchError(f"timed out: {url} {self.reason}", url=url)

    def check(self, url: str) -> None:
        """Raise the timed-out error when the deadline has passed."""
        if self.expired or self.remaining() <= 0:
            raise self.error(url)

    @contextmanager
    def watch(self) -> Iterator[None]:
        """Cut the sockets this thread uses inside the block when the deadline passes."""
        previous = getattr(_active, "deadline", None)
        _active.deadline = self
        timer = threading.Timer(max(self.remaining(), 0.0), self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            self.forget()
            _active.deadline = previous

    def register(self, sock: socket.socket) -> None:
        """Watch one socket (shut down at once when the deadline has already passed)."""
        with self._lock:
            if self.expired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def forget(self) -> None:
        """Stop watching the sockets registered so far (before they return to the pool)."""
        with self._lock:
            self._sockets.clear()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)
            self._sockets.clear()


def _shutdown(sock: socket.socket) -> None:
    """Shut a socket down both ways, so a read blocked on it returns (errors ignored)."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watch_socket(sock) -> None:
    """Register ``sock`` with the deadline of the request this thread is making, if any."""
    deadline = getattr(_active, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.register(sock)


def _time_left() -> float:
    """Seconds left before this thread's request deadline (infinite outside a request)."""
    deadline = getattr(_active, "deadline", None)
    return float("inf") if deadline is None else max(deadline.remaining(), 0.0)


# Connections that check the peer address and obey the deadline -------------------------------


def _pool_classes(policy: FetchPolicy) -> dict[str, type]:
    """Connection pool classes whose connections register their sockets with the request's
    :class:`Deadline` and (unless ``allow_private``) refuse a peer address the policy forbids."""

    def check_peer(sock, host: str) -> None:
        if policy.allow_private:
            return
        peer = sock.getpeername()[0]
        reason = address_refusal(peer, policy)
        if reason:
            sock.close()
            raise PolicyError(
                f"refused by policy: {host} connected to {reason} (use --allow-private to allow)"
            )

    class Watched:
        def _new_conn(self):
            sock = super()._new_conn()
            check_peer(sock, self.host)
            _watch_socket(sock)
            return sock

        def connect(self):
            super().connect()
            _watch_socket(self.sock)  # HTTPS: the TLS socket that replaced the raw one

        def request(self, *args, **kwargs):
            _watch_socket(self.sock)  # a pooled connection reused by this request
            return super().request(*args, **kwargs)

    http_conn = type("WatchedHTTPConnection", (Watched, HTTPConnection), {})
    https_conn = type("WatchedHTTPSConnection", (Watched, HTTPSConnection), {})
    http_pool = type("WatchedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn})
    https_pool = type("WatchedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})
    return {"http": http_pool, "https": https_pool}


class _WatchedAdapter(HTTPAdapter):
    """An adapter whose pools use deadline-watched, peer-checking connections."""

    def __init__(self, policy: FetchPolicy, **kwargs):
        self._pool_classes = _pool_classes(policy)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes


def _retry_for(policy: FetchPolicy) -> Retry:
    """urllib3 retries: backoff on connection errors and 429/5xx, ``Retry-After`` capped, and
    no wait longer than the time left before the request's deadline."""
    cap = policy.max_retry_after

    class CappedRetry(Retry):
        def get_retry_after(self, response):
            value = super().get_retry_after(response)
            return None if value is None else min(value, cap, _time_left())

        def get_backoff_time(self):
            return min(super().get_backoff_time(), _time_left())

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
    def slot(self, host: str, delay: float | None = None, deadline: Deadline | None = None,
             url: str = "") -> Iterator[None]:
        """Hold one of the host's request slots, waiting for its turn (at most until
        ``deadline``, which then raises its timed-out error for ``url``)."""
        with self._lock:
            state = self._hosts.setdefault(host, _HostState(threading.Semaphore(self._max_per_host)))
        wait = None if deadline is None else max(deadline.remaining(), 0.0)
        if not state.semaphore.acquire(timeout=wait):
            raise deadline.error(url)
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, state.next_start)
                state.next_start = start + (self._delay if delay is None else delay)
            if start > now:
                time.sleep(start - now if wait is None else min(start - now, max(deadline.remaining(), 0.0)))
            if deadline is not None:
                deadline.check(url)
            yield
        finally:
            state.semaphore.release()


class RobotsCache:
    """robots.txt rules per scheme+host, fetched once with ``fetch_text``, read by Protego (the
    stdlib parser ignores ``*`` and ``$`` in paths, so ``Disallow: /*.pdf$`` allowed PDFs)."""

    def __init__(self, fetch_text: Callable[[str], tuple[int, str]], user_agent: str):
        self._fetch_text = fetch_text
        self._user_agent = user_agent
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._parsers: dict[str, Protego] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``."""
        return self._parser(url).can_fetch(url, self._user_agent)

    def crawl_delay(self, url: str) -> float | None:
        """The host's ``Crawl-delay`` for our user agent, if any."""
        delay = self._parser(url).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    def _parser(self, url: str) -> Protego:
        """The parsed robots.txt of the URL's host, fetching it on first use."""
        origin = normalize_url(url).split("/", 3)
        key = f"{origin[0]}//{origin[2]}"
        with self._lock:
            host_lock = self._host_locks.setdefault(key, threading.Lock())
        with host_lock:
            if key not in self._parsers:
                self._parsers[key] = self._load(f"{key}/robots.txt")
            return self._parsers[key]

    def _load(self, robots_url: str) -> Protego:
        """Fetch and parse one robots.txt; 401/403 forbid everything, other failures allow."""
        try:
            status, text = self._fetch_text(robots_url)
        except FetchError as exc:
            logger.info("robots.txt unavailable (%s); allowing", exc)
            status, text = 0, ""
        if status in (401, 403):
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if 200 <= status < 300:
            return Protego.parse(text)
        return Protego.parse("")


# HTTP ----------------------------------------------------------------------------------------


class _OwnRedirectsSession(requests.Session):
    """A session that leaves redirects to :class:`HttpFetcher` (each hop checked).

    With ``allow_redirects=False`` requests still resolves the next hop eagerly, parsing the
    untrusted ``Location`` header and raising ``ValueError`` for a malformed one.
    """

    def resolve_redirects(self, *args, **kwargs):
        return iter(())


class HttpFetcher:
    """Fetch web pages over HTTP(S) under a :class:`FetchPolicy`.

    Thread-safe: one ``requests.Session`` with a connection pool, shared by the workers of
    :meth:`fetch_many`. Close it (or use it as a context manager) when done.
    """

    def __init__(self, policy: FetchPolicy | None = None, *, pool_size: int = 16):
        self.policy = policy or FetchPolicy()
        # Connections kept per host: as many as may be in flight to one host, so none is
        # discarded after use and opened again.
        self._session = self._make_session(max(pool_size, self.policy.max_per_host))
        self._throttle = HostThrottle(self.policy.per_host_delay, self.policy.max_per_host)
        self._robots = RobotsCache(self._fetch_robots, self.policy.user_agent)
        self._budget_lock = threading.Lock()
        self._run_ends: float | None = None  # when the run's fetch budget ends (set on first use)

    def _make_session(self, pool_size: int) -> requests.Session:
        """A session with retries, the identifying User-Agent and no environment proxies."""
        session = _OwnRedirectsSession()
        session.trust_env = False
        session.headers["User-Agent"] = self.policy.user_agent
        session.headers["Accept"] = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
        pool = {
            "max_retries": _retry_for(self.policy), "pool_connections": pool_size, "pool_maxsize": pool_size,
        }
        adapter = _WatchedAdapter(self.policy, **pool)
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

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              runner: Runner | None = None) -> Page:
        """Fetch one page, following redirects (each hop checked), and extract its text.

        Args:
            url: an http(s) URL.
            etag: a previous snapshot's ``ETag``: sent as ``If-None-Match``.
            last_modified: a previous snapshot's ``Last-Modified``: sent as ``If-Modified-Since``.
            runner: where the page is read (default: this thread; see :func:`fetch_many`).

        Returns:
            The page; ``status`` 304 (empty text) when the server says it is unchanged.

        Raises:
            PolicyError: refused scheme or address, or robots.txt disallows.
            FetchError: DNS failure, timeout (the policy's ``deadline`` for this fetch, or the
                end of its ``run_budget``), HTTP error status, too large, wrong content type,
                too many redirects.
        """
        deadline = self._deadline(url)
        headers = _conditional_headers(etag, last_modified)
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self._check(current)
            deadline.check(current)
            page, location = self._fetch_once(url, current, headers, deadline, runner)
            if page is not None:
                return page
            current = location
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects}): {url}", url=url)

    def fetch_many(self, urls: Iterable[str], *, workers: int = 8, progress: Progress | None = None) -> dict:
        """Fetch many URLs concurrently, reading their text in worker processes; see
        :func:`fetch_many`."""
        return fetch_many(self.fetch, urls, workers=workers, progress=progress, read_in_processes=True)

    def _deadline(self, url: str) -> Deadline:
        """The deadline of a fetch starting now: the policy's ``deadline``, or the end of the
        run's ``run_budget`` when that comes first (its clock starts at the first fetch).

        Raises:
            FetchError: the run's budget is already used up (the URL is not fetched at all).
        """
        now = time.monotonic()
        budget = self.policy.run_budget
        with self._budget_lock:
            if budget and self._run_ends is None:
                self._run_ends = now + budget
        own = now + self.policy.deadline
        if self._run_ends is None or own <= self._run_ends:
            return Deadline(own, f"took longer than {self.policy.deadline:g}s")
        if self._run_ends <= now:
            raise FetchError(f"not fetched: the run's fetch budget of {budget:g}s was used up: {url}", url=url)
        return Deadline(self._run_ends, f"was cut when the run's fetch budget of {budget:g}s ran out")

    def _check(self, url: str) -> None:
        """Scheme, address and robots.txt checks for one hop."""
        check_scheme(url)
        check_host(url, self.policy)
        if self.policy.respect_robots and not self._robots_allow(url):
            raise PolicyError(f"disallowed by robots.txt: {url}", url=url)

    def _robots_allow(self, url: str) -> bool:
        """robots.txt's answer (a URL the parser cannot take, e.g. ``%5B`` in the host read as an
        unclosed IPv6 bracket, is a fetch error)."""
        try:
            return self._robots.allowed(url)
        except ValueError as exc:
            raise FetchError(f"invalid URL ({exc}): {url}", url=url) from exc

    def _fetch_once(self, url: str, current: str, headers: dict, deadline: Deadline,
                    runner: Runner | None) -> tuple[Page | None, str]:
        """One request: the page, or ``(None, next_url)`` for a redirect."""
        host = url_host(current) or ""
        delay = self._host_delay(current)
        with self._throttle.slot(host, delay, deadline, current), \
                self._get(current, headers, deadline) as response:
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                return None, _redirect_target(current, response.headers["Location"])
            if response.status_code == 304:
                return self._not_modified(url, current, response), current
            self._check_response(current, response)
            body = self._read_body(current, response, deadline, self.policy.max_bytes)
        return page_from_bytes(
            url, body, content_type=response.headers.get("Content-Type"), final_url=current,
            status=response.status_code, headers=tuple(response.headers.items()), runner=runner,
        ), current

    def _host_delay(self, url: str) -> float:
        """The politeness delay for the URL's host: the policy's, or a longer Crawl-delay."""
        crawl_delay = self._robots.crawl_delay(url) if self.policy.respect_robots else None
        return max(self.policy.per_host_delay, min(crawl_delay or 0.0, MAX_CRAWL_DELAY))

    @contextmanager
    def _get(self, url: str, headers: dict, deadline: Deadline) -> Iterator[requests.Response]:
        """A streamed GET without automatic redirects, cut at ``deadline`` (connecting, status
        line, headers and body); errors become :class:`FetchError`."""
        deadline.check(url)
        left = deadline.remaining()
        timeout = (min(self.policy.connect_timeout, left), min(self.policy.read_timeout, left))
        with deadline.watch():
            try:
                response = self._session.get(
                    url, headers=headers, stream=True, timeout=timeout, allow_redirects=False
                )
            except requests.RequestException as exc:
                deadline.check(url)
                raise _fetch_error(url, exc, self.policy) from exc
            except PolicyError as exc:
                raise PolicyError(f"{exc}: {url}", url=url) from exc
            except ValueError as exc:  # urllib3/requests parsing something untrusted
                raise FetchError(f"invalid URL or response ({exc}): {url}", url=url) from exc
            try:
                yield response
            finally:
                deadline.forget()  # before the connection goes back to the pool
                response.close()

    def _check_response(self, url: str, response: requests.Response) -> None:
        """Refuse error statuses, declared oversize bodies and unaccepted content types."""
        status = response.status_code
        if status >= 400 or status < 200:
            raise FetchError(f"HTTP {status} {response.reason}: {url}", url=url, status=status)
        kind = media_type(response.headers.get("Content-Type"))
        if kind and kind not in self.policy.content_types:
            raise FetchError(f"unsupported content type {kind}: {url}", url=url, status=status)
        for coding in (response.headers.get("Content-Encoding") or "").lower().split(","):
            if coding.strip() not in _DECODABLE:  # br or zstd without their decoder: refused,
                # never stored as page text still encoded
                message = f"unsupported content encoding {coding.strip()!r}: {url}"
                raise FetchError(message, url=url, status=status)
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.policy.max_bytes:
            limit = self.policy.max_bytes
            message = f"too large: {url} declares {length} bytes (limit {limit})"
            raise FetchError(message, url=url, status=status)

    def _read_body(self, url: str, response: requests.Response, deadline: Deadline, limit: int) -> bytes:
        """Stream the decoded body, stopping at ``limit`` bytes or at ``deadline`` (whose timer
        cuts a read that is still waiting for data)."""
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                total += len(chunk)
                if total > limit:
                    raise FetchError(f"too large: {url} exceeds {limit} bytes after decoding", url=url)
                deadline.check(url)
                chunks.append(chunk)
        except requests.RequestException as exc:
            deadline.check(url)
            raise _fetch_error(url, exc, self.policy) from exc
        deadline.check(url)  # a cut connection without a declared length ends like a whole body
        return b"".join(chunks)

    def _not_modified(self, url: str, current: str, response: requests.Response) -> Page:
        """The page for a 304 answer: no body, the caller keeps its previous snapshot."""
        return page_from_bytes(
            url, b"", content_type=response.headers.get("Content-Type") or "text/plain",
            final_url=current, status=304, headers=tuple(response.headers.items()),
        )

    def _fetch_robots(self, robots_url: str) -> tuple[int, str]:
        """GET a robots.txt (checked addresses, up to 5 redirects, size-capped, under its own
        deadline): status and text."""
        deadline = self._deadline(robots_url)
        for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
            check_scheme(robots_url)
            check_host(robots_url, self.policy)
            with self._get(robots_url, {}, deadline) as response:
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    robots_url = _redirect_target(robots_url, location)
                    continue
                if not 200 <= response.status_code < 300:
                    return response.status_code, ""
                body = self._read_body(robots_url, response, deadline, ROBOTS_MAX_BYTES)
            return response.status_code, body.decode("utf-8", errors="replace")
        return 0, ""


# Content-Encodings urllib3 decodes here (br and zstd only with their optional decoders)
_DECODABLE = frozenset({"", "identity", *HTTPResponse.CONTENT_DECODERS})


def _redirect_target(url: str, location: str) -> str:
    """The absolute target of a redirect.

    Raises:
        FetchError: the ``Location`` header is not a valid URL.
    """
    target = join_url(url, location.strip())
    if target is None:
        raise FetchError(f"invalid redirect Location {location[:200]!r}: {url}", url=url)
    return target


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
        return FetchError(f"DNS lookup failed for {url_host(url)}: {url}", url=url)
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
    fetch_one: Callable[..., Page],
    urls: Iterable[str],
    *,
    workers: int = 8,
    progress: Progress | None = None,
    read_in_processes: bool = False,
) -> dict[str, Page | FetchError]:
    """Fetch URLs on a thread pool, recording each result instead of stopping at a failure.

    Args:
        fetch_one: fetches one URL (e.g. ``Fetcher.fetch_location``).
        urls: the URLs (duplicates fetched once).
        workers: threads.
        progress: called as ``progress(done, total)`` after each URL.
        read_in_processes: read the pages' text in a :class:`~claimcheck.fetch_pool.ReaderPool`
            (``fetch_one`` is then called with ``runner=``), when there are at least
            :data:`~claimcheck.fetch_pool.MIN_PAGES` URLs and more than one worker: parsing then
            never holds the GIL against the threads waiting on the network. The workers start
            at the first page that comes from the network; archived pages and local files are
            read in the threads until then (a batch served by an archive starts none).

    Returns:
        ``{url: Page or FetchError}`` in the order the URLs were given.
    """
    unique = list(dict.fromkeys(urls))
    if read_in_processes and workers > 1 and len(unique) >= MIN_PAGES:
        with ReaderPool() as runner:
            return _fetch_all(functools.partial(fetch_one, runner=runner), unique, workers, progress)
    return _fetch_all(fetch_one, unique, workers, progress)


def _fetch_all(
    fetch_one: Callable[[str], Page], unique: list[str], workers: int, progress: Progress | None
) -> dict[str, Page | FetchError]:
    """The thread pool of :func:`fetch_many`."""
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
            except ValueError as exc:  # a malformed URL or page the guards missed: costs this URL only
                logger.warning("fetch failed: %s: %s: %s", url, type(exc).__name__, exc)
                logger.debug("traceback of the failed fetch of %s", url, exc_info=exc)
                results[url] = FetchError(f"invalid URL or page ({exc}): {url}", url=url)
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

    def fetch(self, url: str, *, previous: Page | None = None, runner: Runner | None = None) -> Page:
        """Fetch a URL from the archive, else from the network.

        Args:
            url: an http(s) URL.
            previous: an earlier snapshot of the same URL; its ``ETag``/``Last-Modified`` make
                the request conditional, and on "304 Not Modified" it is returned with a new
                ``fetched_at``.
            runner: where the page is read (default: this thread; see :func:`fetch_many`).

        Raises:
            PolicyError: refused by policy, robots.txt, or not in the archive when offline.
            FetchError: the page could not be fetched (the reason is in the message).
        """
        check_scheme(url)
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            record = self.archive.lookup(current)
            if record is None:
                return self._fetch_live(url, current, previous, runner)
            if record.redirect_location is None:
                return page_from_record(url, record, self.policy.content_types, self.policy.max_bytes,
                                        _local_runner(runner))
            current = record.redirect_location
            check_scheme(current)
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects}): {url}", url=url)

    def fetch_location(self, location: str, *, runner: Runner | None = None) -> Page:
        """Fetch a URL, a ``file://`` URL or a local file path (``--reference page.html``);
        ``runner`` as in :meth:`fetch`.

        Raises:
            PolicyError: a URL scheme other than http, https or file.
            FetchError: as :meth:`fetch`, or the file is missing or too large.
        """
        if not _URL_WITH_SCHEME.match(location) or _is_existing_path(location):
            return read_local_file(location, Path(location), self.policy.max_bytes, _local_runner(runner))
        parts = split_url(location)
        if parts.scheme.lower() == "file":
            return read_local_file(location, Path(url2pathname(parts.path)), self.policy.max_bytes, _local_runner(runner))
        return self.fetch(location, runner=runner)

    def fetch_many(
        self, locations: Iterable[str], *, workers: int = 8, progress: Progress | None = None,
        local: Collection[str] = (),
    ) -> dict[str, Page | FetchError]:
        """Fetch URLs concurrently: ``{location: Page or FetchError}``, in order; a batch reads
        its pages' text in worker processes (see :func:`fetch_many`).

        Only the locations in ``local`` (those the user typed on the command line) may be local
        paths or ``file://`` URLs; any other location (a document's links, its sidecar's
        ``references``) must be an http(s) URL, so a document cannot make claimcheck read and
        store local files.
        """
        allowed = frozenset(local)

        def fetch_one(location: str, *, runner: Runner | None = None) -> Page:
            if location in allowed:
                return self.fetch_location(location, runner=runner)
            return self.fetch(location, runner=runner)

        return fetch_many(fetch_one, locations, workers=workers, progress=progress, read_in_processes=True)

    def _fetch_live(self, url: str, current: str, previous: Page | None, runner: Runner | None) -> Page:
        """The network part of :meth:`fetch`."""
        if self.offline:
            raise PolicyError(f"not in archive (offline): {current}", url=url)
        etag, last_modified = _validators(previous)
        page = self._http_fetcher().fetch(current, etag=etag, last_modified=last_modified, runner=runner)
        if page.status == 304 and previous is not None:
            return dataclasses.replace(previous, fetched_at=datetime.now(UTC), from_archive=False)
        return page if page.url == url else dataclasses.replace(page, url=url)

    def _http_fetcher(self) -> HttpFetcher:
        """The HTTP fetcher, created on first network use."""
        with self._lock:
            if self._http is None:
                self._http = HttpFetcher(self.policy)
            return self._http


def _local_runner(runner: Runner | None) -> Runner | None:
    """Where a page that waits on no network is read: a reader pool's workers only once they
    run (:meth:`~claimcheck.fetch_pool.ReaderPool.if_started`), else as ``runner`` says."""
    return getattr(runner, "if_started", runner)


def _is_existing_path(location: str) -> bool:
    """Whether ``location`` names an existing file or folder (``False`` for a name the OS
    refuses, e.g. one with a NUL byte or too long)."""
    try:
        return Path(location).exists()
    except (OSError, ValueError):
        return False


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
