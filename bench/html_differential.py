"""Differential check of ``html_to_text``: this checkout against an earlier commit, on every page.

Usage:
    .venv/bin/python bench/html_differential.py [--base e1dbe47] [--extra DIR ...]

The earlier ``claimcheck/html.py`` is read with ``git show BASE:claimcheck/html.py`` and loaded as
a separate module reading that revision's cue file (it shares the rest of the package, e.g.
``claimcheck.urls``), so no second implementation lives in the package. Every HTML file under
``fixtures/``, ``tests/`` and ``../shared/cases`` (read-only), every HTML record of the WARC files
there, the pages the benchmarks generate and 3,000 random tag-soup pages (fixed seed) are
extracted by both, from bytes and from text; text, title, paragraph offsets, metadata and links
must be identical. Exit status 1 on any difference, with the first differing paragraph of each
page.

One change is expected and checked on its own (``--strict`` counts it as a difference): the
links of anchors that lie inside dropped chrome (menus, tag lists, "related" boxes) are left out.
The earlier code searched the text for their anchor words too and tied a menu link to the same
words in the article ("Press" of a menu to "Press contact: ..."). Where only the links differ,
the page is counted as this fix when the new links equal what the earlier revision's own
``_locate_links`` gives over the anchors that its own rules (``_is_boilerplate`` on the anchor
and its ancestors, link-list boxes on pages without article/main) leave in the main content.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claimcheck.html import html_to_text  # noqa: E402

DEFAULT_BASE = "e1dbe47"  # the last commit before issue #16's page-reading work
CORPUS_DIRS = (ROOT / "fixtures", ROOT / "tests", ROOT.parent / "shared" / "cases")


def _git_show(revision: str, path: str) -> str:
    """A file's text at ``revision``."""
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], check=True, capture_output=True, text=True,
    ).stdout


class _PackageDataAt:
    """Stands in for ``importlib.resources`` in the loaded module: the package's data files as
    they were at the revision."""

    def __init__(self, revision: str):
        self.revision = revision

    def files(self, _package: str) -> "_PackageDataAt":
        return self

    def joinpath(self, path: str) -> "_DataFile":
        return _DataFile(self.revision, f"claimcheck/{path}")


class _DataFile:
    def __init__(self, revision: str, path: str):
        self.revision, self.path = revision, path

    def read_text(self, _encoding: str = "utf-8") -> str:
        return _git_show(self.revision, self.path)


def load_base(revision: str):
    """The ``claimcheck.html`` module as it was at ``revision``, reading the data files of that
    revision."""
    with tempfile.NamedTemporaryFile("w", suffix="_html_base.py", delete=False) as handle:
        handle.write(_git_show(revision, "claimcheck/html.py"))
    spec = importlib.util.spec_from_file_location("claimcheck_html_base", handle.name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    Path(handle.name).unlink()
    module.resources = _PackageDataAt(revision)
    return module


def corpus(extra: list[Path]) -> list[tuple[str, bytes, str | None]]:
    """``(name, body, base_url)`` of every HTML page to compare."""
    pages = []
    for directory in (*CORPUS_DIRS, *extra):
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix.lower() in (".html", ".htm") and path.is_file():
                pages.append((str(path.relative_to(directory.parent)), path.read_bytes(), f"https://example.org/{path.name}"))
            elif path.name.endswith((".warc", ".warc.gz")):
                pages.extend(_warc_pages(path))
    pages.extend(_bench_pages())
    pages.extend(random_pages(3000))
    return pages


def _warc_pages(path: Path) -> list[tuple[str, bytes, str | None]]:
    """The HTML response bodies of one WARC file."""
    from warcio.archiveiterator import ArchiveIterator

    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            kind = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" in kind or "xml" in kind:
                url = record.rec_headers.get_header("WARC-Target-URI")
                found.append((f"{path.name}:{url}", record.content_stream().read(), url))
    return found


def _bench_pages() -> list[tuple[str, bytes, str | None]]:
    """The generated pages of the speed benchmarks."""
    from fetch_speed import bench_pages

    return [(f"bench:{name}", body, None) for name, body in bench_pages(50)]


_TAGS = ("p", "div", "span", "a", "td", "th", "tr", "table", "br", "li", "ul", "h1", "h2", "section",
         "aside", "header", "footer", "nav", "article", "main", "b", "script", "button", "font", "blockquote")
_ATTRIBUTES = ('', '', '', ' class="share-bar"', ' class="content"', ' id="footer"', ' role="main"',
               ' role="navigation"', ' hidden', ' aria-hidden="true"', ' style="display: none"',
               ' aria-label="Related stories"', ' href="/x"', ' href="https://example.org/y"', ' class="sidebar"')
_TEXTS = ("", " ", "\n  ", "Most read", "Related stories", "The port handled 4.2 million containers.", "\u00ad",
          "a\u00a0b", "x  y", "\t", " | ", "\u200bword", "caf\u00e9", "&amp; &lt;script&gt;", "\x07", "2022")


def random_pages(count: int, seed: int = 16) -> list[tuple[str, bytes, str | None]]:
    """Random tag soup (nesting, chrome cues, cells, line breaks, odd whitespace and invisible
    characters), the same pages on every run."""
    import random

    rng = random.Random(seed)

    def element(depth: int) -> str:
        tag = rng.choice(_TAGS)
        inner = rng.choice(_TEXTS)
        if depth < 5:
            inner += "".join(element(depth + 1) + rng.choice(_TEXTS) for _ in range(rng.randint(0, 4)))
        closing = "" if tag == "br" or rng.random() < 0.05 else f"</{tag}>"
        return f"<{tag}{rng.choice(_ATTRIBUTES)}>{inner}{closing}"

    pages = []
    for i in range(count):
        body = "".join(element(0) for _ in range(rng.randint(1, 6)))
        pages.append((f"random:{i}", f"<html><head><title>t{i}</title></head><body>{body}</body></html>".encode(), None))
    return pages


class _Anchors:
    """Stands in for the container given to the earlier ``_locate_links``: its ``<a>`` elements."""

    def __init__(self, anchors: list):
        self.anchors = anchors

    def iter(self, _tag: str) -> list:
        return self.anchors


def links_without_chrome_anchors(base, data, url):
    """The earlier revision's links over only the anchors its own rules keep (none of the anchor
    and its ancestors up to the main container is dropped chrome)."""
    html = base.decode_html_bytes(data)[0] if isinstance(data, bytes) else data
    root = base._parse(html)
    if root is None:
        return ()
    cues = base._cues()
    main = base._main_root(root)
    without_main = main.tag in ("body", "html")

    def dropped(el) -> bool:
        return base._is_boilerplate(el, cues) or (
            without_main and el.tag in cues.heading_box_tags and base._is_link_list(el))

    def inside_chrome(anchor) -> bool:
        """Whether the anchor or an ancestor below the main container is dropped."""
        for el in (anchor, *anchor.iterancestors()):
            if el is main:
                return False
            if dropped(el):
                return True
        return False

    kept = [a for a in main.iter("a") if not inside_chrome(a)]
    return base._locate_links(_Anchors(kept), base.html_to_text(data, base_url=url).text, url)


def differences(old, new) -> list[str]:
    """The fields in which two ``HtmlText`` results differ, with the first differing paragraph."""
    found = []
    if old.text != new.text:
        a, b = old.text.split("\n\n"), new.text.split("\n\n")
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        first_old = a[at][:160] if at < len(a) else "(none)"
        first_new = b[at][:160] if at < len(b) else "(none)"
        found.append(f"text, paragraph {at}: {first_old!r} -> {first_new!r}")
    for name in ("title", "paragraphs", "metadata", "links"):
        if getattr(old, name) != getattr(new, name):
            found.append(f"{name}: {str(getattr(old, name))[:160]} -> {str(getattr(new, name))[:160]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="git revision to compare with")
    parser.add_argument("--extra", type=Path, nargs="*", default=[], help="more folders of pages")
    parser.add_argument("--strict", action="store_true",
                        help="count the left-out links of chrome anchors as differences too")
    parser.add_argument("--show-fixes", action="store_true", help="print each link left out")
    args = parser.parse_args()
    base = load_base(args.base)
    pages = corpus(args.extra)
    differing = fixed = 0
    for name, body, url in pages:
        text = base.decode_html_bytes(body)[0]
        for label, data in (("bytes", body), ("text", text)):
            old, new = base.html_to_text(data, base_url=url), html_to_text(data, base_url=url)
            found = differences(old, new)
            if (found and not args.strict and all(line.startswith("links:") for line in found)
                    and new.links == links_without_chrome_anchors(base, data, url)):
                fixed += 1
                if args.show_fixes:
                    print(f"links of chrome anchors left out, {name} ({label}): "
                          f"{sorted(set(old.links) - set(new.links))[:4]}")
                continue
            if found:
                differing += 1
                print(f"DIFFERENT {name} ({label}):")
                for line in found:
                    print(f"    {line}")
    print(f"{len(pages)} pages, each from bytes and from text: {differing} differences against {args.base}"
          + ("" if args.strict else f"; {fixed} with only the links of chrome anchors left out (the expected fix)"))
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
