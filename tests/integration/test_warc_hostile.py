"""Archive bombs (issue #15, item 2): archived bodies are read lazily, one at a time, and capped
at the fetcher's size limit after decoding, like network fetches. Real WARC files written with
warcio in tmp_path."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from warc_samples import write_archive

from claimcheck.errors import FetchError
from claimcheck.fetch import Fetcher, FetchPolicy, WarcArchive

PAGE = b"<html><body><main><p>The vote was 141 in favour and 5 against.</p></main></body></html>"
LIMIT = 1_000_000
POLICY = FetchPolicy(max_bytes=LIMIT)
BOMB_MB = 100  # decoded size of the bombs; each is about 100 KB in the file


def zeros_compressed(megabytes: int, wbits: int) -> bytes:
    """``megabytes`` MB of NUL bytes, compressed (gzip: 16 + MAX_WBITS; zlib; raw deflate)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1 << 20)
    return b"".join([packer.compress(block) for _ in range(megabytes)] + [packer.flush()])


def chunked(data: bytes, size: int) -> bytes:
    """``data`` in HTTP/1.1 chunked transfer encoding, ``size`` bytes a chunk."""
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


HTML = [("Content-Type", "text/html")]
GZIP = [*HTML, ("Content-Encoding", "gzip")]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> Path:
    """A plain .warc of encoded bombs beside good pages in the same encodings."""
    gzip_bomb = zeros_compressed(BOMB_MB, 16 + zlib.MAX_WBITS)
    path = tmp_path_factory.mktemp("bombs") / "bombs.warc"
    return write_archive(path, {
        "https://bomb.example/gzip": (gzip_bomb, GZIP),
        "https://bomb.example/deflate": (zeros_compressed(BOMB_MB, -zlib.MAX_WBITS),
                                         [*HTML, ("Content-Encoding", "deflate")]),
        "https://bomb.example/chunked": (chunked(gzip_bomb, len(gzip_bomb)),  # one chunk
                                         [*GZIP, ("Transfer-Encoding", "chunked")]),
        "https://ok.example/gzip": (zlib.compress(PAGE, wbits=16 + zlib.MAX_WBITS), GZIP),
        "https://ok.example/two-members": (
            zlib.compress(PAGE[:40], wbits=16 + zlib.MAX_WBITS) + zlib.compress(PAGE[40:], wbits=16 + zlib.MAX_WBITS),
            GZIP),
        "https://ok.example/zlib": (zlib.compress(PAGE), [*HTML, ("Content-Encoding", "deflate")]),
        "https://ok.example/chunked": (chunked(zlib.compress(PAGE, wbits=16 + zlib.MAX_WBITS), 7),
                                       [*GZIP, ("Transfer-Encoding", "chunked")]),
        "https://ok.example/plain": (PAGE, HTML),
    })


@pytest.mark.parametrize("kind", ["gzip", "deflate", "chunked"])
def test_an_encoded_bomb_is_cut_at_the_size_limit(bombs, kind):
    fetcher = Fetcher(archives=[bombs], offline=True, policy=POLICY)
    url = f"https://bomb.example/{kind}"
    with pytest.raises(FetchError, match=rf"^too large: {url} exceeds {LIMIT} bytes after decoding \(archived\)$"):
        fetcher.fetch(url)


@pytest.mark.parametrize("kind", ["gzip", "two-members", "zlib", "chunked", "plain"])
def test_encoded_pages_are_decoded(bombs, kind):
    page = Fetcher(archives=[bombs], offline=True, policy=POLICY).fetch(f"https://ok.example/{kind}")
    assert page.body == PAGE and page.text == "The vote was 141 in favour and 5 against."


def test_a_record_that_inflates_inside_a_warc_gz_is_capped(tmp_path):
    """The WARC's own gzip member inflates (no Content-Encoding): still capped when read."""
    path = write_archive(tmp_path / "member.warc.gz", {
        "https://bomb.example/member": (b"<p>" + bytes(20 * LIMIT), [("Content-Type", "text/plain")]),
        "https://ok.example/after": (PAGE, HTML),
    })
    assert path.stat().st_size < LIMIT // 10
    fetcher = Fetcher(archives=[path], offline=True, policy=POLICY)
    with pytest.raises(FetchError, match="too large"):
        fetcher.fetch("https://bomb.example/member")
    assert fetcher.fetch("https://ok.example/after").body == PAGE


def test_loading_reads_no_bodies(bombs):
    archive = WarcArchive.load(bombs)
    record = archive.lookup("https://ok.example/plain")
    assert not hasattr(record, "body") and record.payload.path == bombs
    assert record.read_body(LIMIT) == PAGE
    with pytest.raises(FetchError, match="too large"):
        record.read_body(len(PAGE) - 1)


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) of a fresh Python process running ``code``."""
    wrapper = ("import resource, subprocess, sys\n"
               f"subprocess.run([sys.executable, '-c', {code!r}], check=True)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def test_an_archive_bomb_stays_within_bounded_memory(bombs):
    code = ("from claimcheck.fetch import Fetcher, FetchPolicy\n"
            f"f = Fetcher(archives=[{str(bombs)!r}], offline=True, policy=FetchPolicy(max_bytes={LIMIT}))\n"
            "for kind in ('gzip', 'deflate', 'chunked'):\n"
            "    try: f.fetch('https://bomb.example/' + kind)\n"
            "    except Exception as e: assert 'too large' in str(e), e\n"
            "    else: raise SystemExit('not capped')\n")
    baseline = peak_rss_mb("import claimcheck.fetch")
    assert peak_rss_mb(code) - baseline < 60  # the bombs decode to 100 MB each


def test_check_with_a_bomb_in_the_archive_costs_one_verdict(bombs, tmp_path, db_url):
    from click.testing import CliRunner

    from claimcheck.cli import cli

    doc = tmp_path / "note.md"
    doc.write_text("The vote was 141 in favour and 5 against, as the record shows "
                   "(https://ok.example/gzip; https://bomb.example/gzip).\n", encoding="utf-8")
    out = tmp_path / "report.json"
    r = CliRunner().invoke(cli, ["--db", db_url, "check", str(doc), "--archive", str(bombs), "--offline",
                                 "--format", "json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    verdicts = {v["url"]: v for v in json.loads(out.read_text())["verifications"]}
    assert set(verdicts) == {"https://ok.example/gzip", "https://bomb.example/gzip"}
    assert verdicts["https://ok.example/gzip"]["verdict"] == "supported"
    bomb = verdicts["https://bomb.example/gzip"]
    assert bomb["verdict"] == "unreachable"
    assert any("exceeds 5000000 bytes after decoding (archived)" in (r["note"] or "") for r in bomb["reasons"])
