"""What the fetcher may fetch: limits, schemes, content types and network addresses.

No HTTP here: the policy settings, URL normalisation and the address checks that
:mod:`claimcheck.fetch` applies before connecting, after connecting and on every redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from claimcheck import __version__
from claimcheck.errors import FetchError, InputError, PolicyError
# normalize_url and split_url live in claimcheck.urls (pure); imported here for the fetcher modules
from claimcheck.urls import DEFAULT_PORTS, normalize_url, split_url  # noqa: F401

USER_AGENT = f"claimcheck/{__version__} (+https://github.com/claimcheck/claimcheck)"
ALLOWED_SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
DEFAULT_MAX_BYTES = 5_000_000  # largest body, after decoding, live or archived
DEFAULT_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/xml",
    "text/xml",
    "application/json",
    "application/ld+json",
    "application/pdf",  # cited articles; text through claimcheck.pdf
)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and rules for fetching.

    Attributes:
        allow_private: allow loopback, private, link-local and reserved addresses.
        allowed_networks: CIDR networks always allowed (e.g. a trusted intranet), even when
            ``allow_private`` is false.
        max_bytes: largest body accepted, counted after gzip/deflate decoding.
        max_redirects: redirect hops followed; each hop is checked like the first URL.
        connect_timeout: seconds to establish a connection.
        read_timeout: seconds without receiving a byte before giving up.
        deadline: wall-clock seconds for one whole fetch: waiting for the host's turn, robots.txt
            (under a deadline of its own), every redirect hop and retry, the status line, headers
            and body. A server that trickles bytes is cut when it passes.
        run_budget: wall-clock seconds for all the fetches of one fetcher (one run), counted
            from its first fetch; a fetch still running then is cut, and later ones fail at once
            ("not fetched: the run's fetch budget ... was used up"). ``None``: no budget.
        retries: retries on connection errors and on 429/500/502/503/504 responses.
        backoff_factor: exponential backoff base between retries, in seconds.
        max_retry_after: the longest ``Retry-After`` honoured, in seconds.
        content_types: media types accepted.
        respect_robots: obey robots.txt (fetched once per host).
        per_host_delay: seconds between the starts of two requests to one host.
        max_per_host: requests in flight to one host at a time.
        user_agent: the ``User-Agent`` header.
    """

    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    deadline: float = 60.0
    run_budget: float | None = None
    retries: int = 2
    backoff_factor: float = 0.5
    max_retry_after: float = 30.0
    content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES
    respect_robots: bool = True
    per_host_delay: float = 1.0
    max_per_host: int = 2
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        for net in self.allowed_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError as exc:
                raise InputError(f"allowed network {net!r} is not a CIDR network like 10.0.0.0/8") from exc
        for name in ("max_bytes", "connect_timeout", "read_timeout", "deadline", "run_budget"):
            if getattr(self, name) is not None and getattr(self, name) <= 0:
                raise InputError(f"fetch policy {name} must be positive, not {getattr(self, name)!r}")


def check_scheme(url: str) -> None:
    """Refuse URLs that are not absolute http(s) URLs.

    Raises:
        PolicyError: for another scheme, or no host.
        FetchError: for a malformed URL or an invalid port.
    """
    parts = split_url(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        shown = parts.scheme or "(none)"
        raise PolicyError(
            f"refused by policy: scheme {shown!r} not allowed (only http and https): {url}", url=url
        )
    if not parts.hostname:
        raise PolicyError(f"refused by policy: no host in URL: {url}", url=url)
    try:
        parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL ({exc}): {url}", url=url) from exc


def address_refusal(address: str, policy: FetchPolicy) -> str | None:
    """Why an IP address may not be fetched under ``policy``, or ``None`` when it may.

    Args:
        address: an IPv4 or IPv6 address (scope suffix allowed).
        policy: the policy; ``allow_private`` and ``allowed_networks`` open exceptions.

    Returns:
        A short reason such as ``"loopback address 127.0.0.1"``, or ``None``.
    """
    if policy.allow_private:
        return None
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(net, strict=False) for net in policy.allowed_networks):
        return None
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return f"{label} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def check_host(url: str, policy: FetchPolicy) -> None:
    """Resolve the URL's host and refuse it when any address it resolves to is not allowed.

    Raises:
        PolicyError: the host resolves to a refused address.
        FetchError: the DNS lookup failed.
    """
    if policy.allow_private:
        return
    parts = split_url(url)
    host = parts.hostname or ""
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 80)
    for address in resolve(host, port, url):
        reason = address_refusal(address, policy)
        if reason:
            raise PolicyError(
                f"refused by policy: {host} resolves to {reason} (use --allow-private to allow): {url}",
                url=url,
            )


def resolve(host: str, port: int, url: str) -> list[str]:
    """All addresses ``host`` resolves to.

    Raises:
        FetchError: the lookup failed.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"DNS lookup failed for {host}: {exc}", url=url) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def media_type(content_type: str | None) -> str:
    """The lower-case media type of a ``Content-Type`` header, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header, if any."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None
