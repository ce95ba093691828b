"""Pure fetch policy: URL normalisation, scheme and address checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError, PolicyError
from claimcheck.fetch_policy import FetchPolicy, address_refusal, check_scheme, header_charset, normalize_url

DEFAULT = FetchPolicy()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.ORG", "http://example.org/"),
        ("https://example.org:443/a/b?x=1#frag", "https://example.org/a/b?x=1"),
        ("http://example.org:8080/A", "http://example.org:8080/A"),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@settings(deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP"]),
    st.from_regex(r"[a-zA-Z][a-zA-Z0-9-]{0,10}(\.[a-zA-Z]{2,5}){1,2}", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.from_regex(r"(/[a-zA-Z0-9._~-]{0,8}){0,3}", fullmatch=True),
    st.sampled_from(["", "?q=1", "#top", "?a=b#c"]),
)
def test_normalize_url_is_idempotent(scheme, host, port, path, tail):
    once = normalize_url(f"{scheme}://{host}{port}{path}{tail}")
    assert normalize_url(once) == once
    assert "#" not in once and once.split("://")[0].islower()


@pytest.mark.parametrize(
    ("address", "label"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
        ("192.168.0.10", "private"), ("172.16.5.4", "private"), ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"), ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-public"),
    ],
)
def test_non_public_addresses_are_refused(address, label):
    assert address_refusal(address, DEFAULT).startswith(label)


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "93.184.216.34"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(address, DEFAULT) is None


def test_allow_private_and_allowed_networks():
    assert address_refusal("10.0.0.1", FetchPolicy(allow_private=True)) is None
    intranet = FetchPolicy(allowed_networks=("10.0.0.0/8",))
    assert address_refusal("10.0.0.1", intranet) is None
    assert address_refusal("192.168.1.1", intranet) is not None


@pytest.mark.parametrize("url", ["ftp://x.org/", "file:///etc/passwd", "data:text/html,hi", "//x.org/a", "http://"])
def test_check_scheme_refuses(url):
    with pytest.raises(PolicyError):
        check_scheme(url)


def test_policy_rejects_bad_settings():
    with pytest.raises(InputError, match="not a CIDR network"):
        FetchPolicy(allowed_networks=("intranet",))
    with pytest.raises(InputError, match="read_timeout must be positive"):
        FetchPolicy(read_timeout=0)


def test_header_charset():
    assert header_charset('text/html; charset="Windows-1251"') == "windows-1251"
    assert header_charset("text/html") is None
