"""HTML to clean plain text: the main content of a page, its title and its metadata.

Pure: no I/O beyond reading the packaged cue list ``claimcheck/data/html_boilerplate.json``.
The page is parsed with lxml's HTML parser (the libxml2 parser that BeautifulSoup's ``"lxml"``
backend drives, walked directly because that is about 20 times faster than building a soup);
byte input is decoded from its BOM, declared charset or ``<meta charset>``, else detected by
charset-normalizer. Page chrome (navigation, headers and footers, cookie banners, "most read"
and "related" boxes, share and newsletter blocks, ads) is dropped by tag, ARIA role, aria-label,
class/id and box-heading cues from the data file. Headings, paragraphs, list items, blockquotes
and table rows become paragraphs separated by a blank line. Markup that appears as text in the
page (``&lt;script&gt;``) stays literal text: nothing is ever re-parsed.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from itertools import accumulate, islice
from operator import add

from lxml import etree

from claimcheck.urls import http_url, join_url

logger = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "
MIN_MENU_LINKS = 3  # a box with this many links, at most MAX_MENU_CHARS of text,
MAX_MENU_CHARS = 400  # of which MENU_LINK_SHARE is link text, is a menu (pages without <main>)
MENU_LINK_SHARE = 0.75


class _LineBreak(str):
    """A ``<br>`` among the walk's pieces of text: a space in the text, told apart from text
    by being this one object (see :func:`_ends_with_break`)."""


_LINE_BREAK = _LineBreak(" ")


class _CellSeparator(str):
    """The separator put before a table cell's text among the walk's pieces, told apart from
    text by being this one object: a separator that no text of its block follows (an empty last
    cell) is dropped (:func:`_dangling_separators`), a "|" the page writes never is."""


_CELL_SEPARATOR = _CellSeparator(CELL_SEPARATOR)
_BLOCK_END = "\x00"  # closes a block among the walk's pieces; _parse removes every NUL of the input
# Removed from text: soft hyphen, zero-width space, word joiner, BOM, C0 controls but \t \n \r, DEL.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
# Searched in whole pages: the regex engine finds these literals about twice as fast as `in`
# does on English text (whose frequent spaces defeat str.find's skip table).
_DOUBLE_SPACE = re.compile("  ")
_LAYOUT_INSIDE = ("p", "div", "br", "table", "ul", "ol")  # a table cell holding one is page layout
_FEW_CELLS = 64  # up to this many cells, _layout_cells asks each cell instead of climbing from every block
_HTML_TAGS = (  # the usual HTML elements: the walk's fast path is for these (others take the full check)
    "a abbr address area article aside b bdi bdo blockquote body br caption center cite code col "
    "colgroup data dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 "
    "header hr html i img ins kbd label legend li main mark ol p picture pre q s samp section small "
    "source span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr"
).split()
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
# What the walk does with a tag (bits): opens and closes a block, is a table cell, is a line
# break, is a hyperlink; _CHECK: not a plain tag, so judged by _is_boilerplate even without
# attributes.
_BLOCK, _CELL, _BREAK, _CHECK, _ANCHOR = 1, 2, 4, 8, 16
_INLINE = 0  # a plain tag that is none of these (b, span, font, ...)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"})
# Compiled once (lxml serialises the evaluation of one XPath object, so threads may share them).
# Elements are otherwise found with iter(tag), which filters by tag in C: libxml2's XPath costs
# about as much as parsing the page for each query that visits every element.
_NORMALIZED_LENGTH = etree.XPath("string-length(normalize-space(.))")
# The elements with role="main": five times faster than //*[@role='main'] (the predicate is
# tried on the few role attributes, not on every element) and than //@role with parents.
_MAIN_ROLE = etree.XPath("//*/@role[. = $role]/..")


@dataclass(frozen=True)
class HtmlText:
    """The extracted main text of a page.

    Attributes:
        text: plain text; paragraphs separated by ``"\\n\\n"``.
        title: the page title (citation/OpenGraph title, ``<title>``, or the first ``<h1>``).
        paragraphs: ``(start, end)`` of each paragraph in ``text``.
        metadata: any of ``author``, ``published`` (ISO date), ``modified``, ``doi``,
            ``journal``, ``site_name``, ``description``, ``language``, ``canonical_url``.
        links: ``(start, end, url)`` of each hyperlink of the main text: the anchor text's
            offsets in ``text`` and the absolute target URL (the references a page cites).
    """

    text: str
    title: str | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    metadata: dict = field(default_factory=dict)
    links: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class _Cues:
    """Compiled boilerplate cues from the data file."""

    drop_tags: frozenset[str]
    drop_outside_article: frozenset[str]
    drop_roles: frozenset[str]
    class_id: re.Pattern
    aria_label: re.Pattern
    block_tags: frozenset[str]
    cell_tags: frozenset[str]
    main_tags: tuple[str, ...]
    main_role: str
    heading: re.Pattern
    heading_tags: frozenset[str]
    heading_box_tags: frozenset[str]
    plain_tags: frozenset[str]  # tags only an attribute can make chrome (p, td, span, ...)
    kinds: dict  # tag -> _BLOCK | _CELL | _BREAK | _CHECK bits, for the walk (other tags: _CHECK)
    plain_kinds: dict  # tag -> _INLINE, _BLOCK, _CELL or _BREAK: the plain tags but <a>


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    """Load and compile ``data/html_boilerplate.json`` once."""
    raw = json.loads(resources.files("claimcheck").joinpath("data/html_boilerplate.json").read_text("utf-8"))
    plain_tags = frozenset(_HTML_TAGS) - frozenset(
        raw["drop_tags"] + raw["drop_tags_outside_article"] + raw["heading_box_tags"]
    )
    kinds = {
        tag: (_BLOCK if tag in raw["block_tags"] else 0) | (_CELL if tag in raw["cell_tags"] else 0)
        | (_BREAK if tag == "br" else 0) | (_ANCHOR if tag == "a" else 0) | (0 if tag in plain_tags else _CHECK)
        for tag in {*_HTML_TAGS, *raw["block_tags"], *raw["cell_tags"], *raw["drop_tags"],
                    *raw["drop_tags_outside_article"], *raw["heading_box_tags"]}
    }
    return _Cues(
        drop_tags=frozenset(raw["drop_tags"]),
        drop_outside_article=frozenset(raw["drop_tags_outside_article"]),
        drop_roles=frozenset(raw["drop_roles"]),
        class_id=re.compile("|".join(f"(?:{p})" for p in raw["class_id_patterns"])),
        aria_label=re.compile("|".join(f"(?:{p})" for p in raw["aria_label_patterns"])),
        block_tags=frozenset(raw["block_tags"]),
        cell_tags=frozenset(raw["cell_tags"]),
        main_tags=tuple(raw["main_tags"]),
        main_role=raw["main_role"],
        heading=re.compile("|".join(f"(?:{p})" for p in raw["heading_patterns"])),
        heading_tags=frozenset(raw["heading_tags"]),
        heading_box_tags=frozenset(raw["heading_box_tags"]),
        plain_tags=plain_tags,
        kinds=kinds,
        plain_kinds={tag: kind for tag, kind in kinds.items() if kind in (_INLINE, _BLOCK, _CELL, _BREAK)},
    )


def decode_html_bytes(body: bytes, declared_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML or text body: BOM, declared charset, ``<meta charset>``, UTF-8, detection.

    Args:
        body: the raw bytes.
        declared_charset: the charset from the HTTP ``Content-Type`` header, if any.

    Returns:
        ``(text, encoding)``; undecodable bytes become U+FFFD rather than failing.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace"), encoding
    candidates = [_web_codec(c) for c in (declared_charset, _meta_charset(body)) if c and _known_codec(c)]
    for encoding in [*candidates, "utf-8"]:
        if _ascii_superset(encoding) and body.isascii():
            return body.decode("ascii"), encoding  # the same text: charmap decoding is ten times slower
        try:
            return body.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    encoding = _detect_charset(body) or (candidates[0] if candidates else "utf-8")
    return body.decode(encoding, errors="replace"), encoding


# Single-byte codecs that read every byte below 0x80 as ASCII (not UTF-8, whose own decoder
# already takes ASCII at memory speed).
_ASCII_SUPERSETS = frozenset(
    ["ascii", "koi8-r", "koi8-u"] + [f"cp125{i}" for i in range(9)] + [f"iso8859-{i}" for i in range(1, 17)]
)


@lru_cache(maxsize=64)
def _ascii_superset(name: str) -> bool:
    """Whether the codec called ``name`` decodes ASCII bytes as ASCII, byte for byte."""
    import codecs

    try:
        return codecs.lookup(name).name in _ASCII_SUPERSETS
    except LookupError:
        return False


def _web_codec(name: str) -> str:
    """The codec browsers use for a label: Latin-1 and ASCII labels mean windows-1252."""
    name = name.strip().lower()
    return "cp1252" if name in _WINDOWS_1252_LABELS else name


def _meta_charset(body: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag in the first 4 KB, if any."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def _detect_charset(body: bytes) -> str | None:
    """Guess the charset with charset-normalizer (first 64 KB)."""
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return best.encoding if best else None


def _known_codec(name: str) -> bool:
    """Whether Python knows a codec by this name."""
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def html_to_text(html: str | bytes, base_url: str | None = None) -> HtmlText:
    """Extract the main text, title and metadata of an HTML page.

    Args:
        html: the page, as text or as raw bytes (decoded with :func:`decode_html_bytes`).
        base_url: the page's URL, used to resolve a relative canonical link.

    Returns:
        An :class:`HtmlText`; an empty or unparsable page gives empty text.
    """
    if isinstance(html, bytes):
        html = decode_html_bytes(html)[0]
    root = _parse(html)
    if root is None:
        return HtmlText(text="")
    metadata = _extract_metadata(root, base_url)
    main = _main_root(root)
    blocks, anchors = _extract_blocks(main)
    text, paragraphs = _join_blocks(blocks)
    title = metadata.pop("title", None) or _first_heading(root)
    return HtmlText(text=text, title=title, paragraphs=paragraphs, metadata=metadata,
                    links=_locate_links(anchors, text, base_url))


_SKIPPED_LINK = re.compile(r"^(?:#|mailto:|javascript:|tel:|data:)", re.I)


def _locate_links(anchors: list, text: str, base_url: str | None) -> tuple[tuple[int, int, str], ...]:
    """Find each hyperlink's anchor text in the extracted text, in document order.

    ``anchors`` are the ``<a>`` elements whose text the walk kept: anchors inside dropped
    boilerplate are left out without a search (their text is not the page's; searching for it
    scanned the rest of the text for each menu link, and could tie a menu link to the same
    words in the article).
    """
    found = []
    position = 0
    for a in anchors:
        href = (a.get("href") or "").strip()
        anchor = " ".join(_INVISIBLE.sub("", "".join(a.itertext())).split())
        if not href or _SKIPPED_LINK.match(href) or len(anchor) < 2:
            continue
        at = text.find(anchor, position)
        if at < 0:
            continue
        url = http_url(href, base_url)  # None for a malformed link: that link is dropped
        if url is not None:
            found.append((at, at + len(anchor), url))
            position = at + len(anchor)
    return tuple(found)


def _parse(html: str):
    """Parse text into an lxml element tree (``None`` when there is nothing to parse)."""
    cleaned = _XML_DECLARATION.sub("", html, count=1)
    if "\x00" in cleaned:
        cleaned = cleaned.replace("\x00", "")
    if not cleaned or cleaned.isspace():  # (stops at the first character that is not a space)
        return None
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=True
    )
    try:
        return etree.fromstring(cleaned, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        logger.debug("unparsable HTML: %s", exc)
        return None


def _is_boilerplate(el, cues: _Cues) -> bool:
    """Whether an element is page chrome to drop, judged by tag, role, aria and class/id.

    A class/id/aria cue never drops ``html``, ``body``, ``main`` or ``article``, nor an element
    that holds the page's ``<h1>`` (``<div class="article-header"><h1>...``).
    """
    tag = el.tag
    if not isinstance(tag, str):
        return True
    if tag in cues.drop_tags:
        return True
    if tag in cues.drop_outside_article and not _inside_article(el):
        return True
    if tag in cues.heading_box_tags and _has_chrome_heading(el, cues):
        return True
    attrib = el.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden", "").lower() == "true":
        return True
    if "display:none" in attrib.get("style", "").replace(" ", "").lower():
        return True
    if attrib.get("role", "").lower() in cues.drop_roles:
        return True
    if tag in _CONTENT_TAGS:
        return False  # <article class="post has-share-bar">: a class cue never drops content tags
    return _has_chrome_cue(attrib, cues) and el.find(".//h1") is None


def _has_chrome_heading(el, cues: _Cues) -> bool:
    """Whether a box opens with a heading such as "Most read" or "Related stories"."""
    first = next(el.iterchildren(tag=etree.Element), None)
    if first is None or not isinstance(first.tag, str) or first.tag.lower() not in cues.heading_tags:
        return False
    heading = " ".join(" ".join(first.itertext()).split()).lower().rstrip(":")
    return len(heading) <= 60 and bool(cues.heading.search(heading))


def _has_chrome_cue(attrib, cues: _Cues) -> bool:
    """Whether aria-label, a class name or the id names page chrome (cookie, share, ...)."""
    label = attrib.get("aria-label")
    if label and cues.aria_label.search(label.lower()):
        return True
    names = attrib.get("class", "").lower().split()
    element_id = attrib.get("id")
    if element_id:
        names.append(element_id.lower())
    return any(_names_chrome(name) for name in names)


@lru_cache(maxsize=8192)
def _names_chrome(name: str) -> bool:
    """Whether one lower-cased class name or id matches a chrome cue (pages repeat their class
    names, so each is searched once)."""
    return bool(_cues().class_id.search(name))


def _inside_article(el) -> bool:
    """Whether an element lies inside an ``<article>`` or the page's main content."""
    for ancestor in el.iterancestors():
        if ancestor.tag in ("article", "main") or ancestor.get("role") == "main":
            return True
    return False


def _main_candidates(root, cues: _Cues) -> list:
    """The ``<article>`` and ``<main>`` elements and those with ``role="main"``, in document
    order."""
    by_role = set(_MAIN_ROLE(root, role=cues.main_role))
    if not by_role:
        return list(root.iter(*cues.main_tags))
    if not by_role:
        return list(root.iter(*cues.main_tags))
    tags = {*cues.main_tags, *(el.tag for el in by_role)}
    return [el for el in root.iter(*tags) if el.tag in cues.main_tags or el in by_role]


def _main_root(root):
    """The element holding the main content: the largest article/main not inside chrome."""
    cues = _cues()
    best, best_len = None, 0
    for candidate in _main_candidates(root, cues):
        ancestors = list(candidate.iterancestors())
        if any(a.tag not in _CONTENT_TAGS and _is_boilerplate(a, cues) for a in ancestors):
            continue
        if best is not None and best in ancestors:
            continue  # inside the best so far (<main><article>): its text is part of the best's
        size = _text_length(candidate)
        if size > best_len:
            best, best_len = candidate, size
    if best is not None:
        return best
    body = root.find("body")
    return body if body is not None else root


def _text_length(el) -> int:
    """How many characters ``el``'s text holds, its descendants' included (XPath's
    ``string-length(.)``: libxml2 gathers the same text nodes for both, but the serialiser takes
    half the time of the XPath call)."""
    return len(etree.tostring(el, method="text", encoding=str, with_tail=False))


def _extract_blocks(container) -> tuple[list[str], list]:
    """Walk the tree and return the text of each block, in order, and the ``<a>`` elements
    whose text it kept (in document order).

    lxml's HTML parser lower-cases tag names; comments and processing instructions are already
    gone. The walk keeps its own stack of child iterators (no recursion: libxml2 nests up to
    2,048 deep): an element without children is opened and closed in one step, so most
    elements cost one turn of the loop, where lxml's ``iterwalk`` gives two events each (about
    four times the cost of iterating). Which table cells are layout cells is found once for the
    whole tree (:func:`_layout_cells`), not by a query per cell. The text goes into one list of
    pieces where :data:`_BLOCK_END` closes a block (empty and blank blocks are dropped later), so
    closing a block costs one append; the blocks are cut apart and normalised once at the end
    (:func:`_normalise_blocks`).

    Rules, for each element: a chrome element (:func:`_is_boilerplate`, or on pages without
    article/main a box that is a link list) is skipped with its content, but it still closes
    as below and its tail is kept; a block tag or a layout cell starts and ends a block; any
    other cell adds :data:`CELL_SEPARATOR` after text of the same block; ``<br>`` marks a line
    break, and a second one in a row ends the block. The container's own tail is not its text.
    """
    cues = _cues()
    box_tags = cues.heading_box_tags
    kind_of = cues.kinds.get
    layout_cells = _layout_cells(container, cues)
    pieces: list[str] = []
    append = pieces.append
    separators: list[int] = []  # where the cell separators are among the pieces
    anchors: list = []
    without_main = container.tag in ("body", "html")  # no article/main: prune link lists too
    stack: list = []  # (element whose children are being walked, its kind, its parent's child iterator)
    children = iter((container,))
    plain_kind_of = cues.plain_kinds.get
    while True:
        for el in children:
            tag = el.tag
            kind = plain_kind_of(tag)
            if kind is None or el.attrib:  # else the usual element: a plain tag, never chrome
                kind = kind_of(tag, _CHECK)
                if kind & _CHECK:
                    if tag.__class__ is not str:  # not an element: only its tail is text
                        tail = el.tail
                        if tail:
                            append(tail)
                        continue
                    skip = (
                        _is_boilerplate(el, cues) or (without_main and tag in box_tags and _is_link_list(el))
                    ) and el is not container
                else:
                    skip = el.attrib and _is_boilerplate(el, cues) and el is not container
                if skip:
                    if kind & _BLOCK or (kind & _CELL and el in layout_cells):
                        append(_BLOCK_END)
                    tail = el.tail
                    if tail:
                        append(tail)
                    continue
                if kind & _ANCHOR:
                    anchors.append(el)
                kind &= _BLOCK | _CELL | _BREAK  # now _INLINE, _BLOCK, _CELL or _BREAK
            if kind == _BLOCK:
                append(_BLOCK_END)
            elif kind == _CELL:
                if el in layout_cells:
                    append(_BLOCK_END)
                elif pieces:  # the last piece decides, unless it is blank (then: _has_text)
                    last = pieces[-1]
                    if last is not _BLOCK_END and (
                        last is _LINE_BREAK or not last.isspace() or _has_text(pieces)
                    ):
                        separators.append(len(pieces))
                        append(_CELL_SEPARATOR)
            elif kind == _BREAK:
                last = pieces[-1] if pieces else _BLOCK_END
                if last is _LINE_BREAK or (last is not _BLOCK_END and last.isspace() and _ends_with_break(pieces)):
                    append(_BLOCK_END)  # <br><br>: a paragraph break on pages without <p>
                else:
                    append(_LINE_BREAK)
            text = el.text
            if text:
                append(text)
            if len(el):
                stack.append((el, kind, children))
                children = iter(el)
                break
            if kind == _BLOCK:  # (a cell without children is never a layout cell)
                append(_BLOCK_END)
            tail = el.tail
            if tail:
                append(tail)
        else:
            if not stack:
                break
            el, kind, children = stack.pop()
            if kind == _BLOCK or (kind == _CELL and el in layout_cells):
                append(_BLOCK_END)
            tail = el.tail
            if tail:
                append(tail)
    if container.tail:  # appended last, when the container closed: not the container's text
        pieces.pop()
    if separators:
        dangling = _dangling_separators(pieces, separators)
        if dangling:
            pieces = [piece for k, piece in enumerate(pieces) if k not in dangling]
    return _normalise_blocks("".join(pieces).split(_BLOCK_END)), anchors


def _dangling_separators(pieces: list[str], separators: list[int]) -> set[int]:
    """The indices of the cell separators (at ``separators`` among ``pieces``) that no text of
    their block follows (a row's empty last cells): only whitespace, invisible characters, line
    breaks or other separators between them and the block's end. Most separators are followed
    by their cell's text at once, so each is settled in a step or two."""
    dangling = set()
    end = len(pieces)
    for index in separators:
        k = index + 1
        while k < end:
            piece = pieces[k]
            if piece is _BLOCK_END:
                break
            if piece is not _CELL_SEPARATOR and piece is not _LINE_BREAK and (
                    not piece.isspace() and _INVISIBLE.sub("", piece).strip()):
                break
            k += 1
        else:
            dangling.add(index)
            continue
        if pieces[k] is _BLOCK_END:
            dangling.add(index)
    return dangling


def _has_text(pieces: list[str]) -> bool:
    """Whether the current block (the pieces after the last :data:`_BLOCK_END`) holds anything
    but whitespace; a line break counts as text. Pieces are never empty."""
    for piece in reversed(pieces):
        if piece is _BLOCK_END:
            return False
        if piece is _LINE_BREAK or not piece.isspace():
            return True
    return False


def _is_link_list(el) -> bool:
    """Whether a short box is nearly all link text (a menu or footer links without any cue)."""
    links = list(el.iter("a"))
    if len(links) < MIN_MENU_LINKS or _NORMALIZED_LENGTH(el) > MAX_MENU_CHARS:
        return False
    total = _letters_and_digits(el)
    linked = sum(_letters_and_digits(a) for a in links)
    return total > 0 and linked >= MENU_LINK_SHARE * total and el.find(".//h1") is None


def _letters_and_digits(el) -> int:
    """How many letters and digits an element's text holds (separators like "|" aside)."""
    return sum(ch.isalnum() for text in el.itertext() for ch in text)


def _layout_cells(container, cues: _Cues) -> set:
    """The table cells that hold blocks or line breaks: page layout, not a single value.

    Found from the blocks up, each element visited once (a parent already visited has had its
    own parents marked), instead of a query per cell; a page with fewer than
    :data:`_FEW_CELLS` cells (a layout table around a page of ``<br>``-separated text) asks each
    cell for its first block instead, which does not climb from every block. lxml keeps one
    proxy per element while it is referenced, so the walk meets these very objects.
    """
    cells: set = set()
    cell_tags = cues.cell_tags
    some_cells = list(islice(container.iter(*cell_tags), _FEW_CELLS))
    if not some_cells:
        return cells
    if len(some_cells) < _FEW_CELLS:  # a few cells: ask each for its first block
        return {cell for cell in some_cells if next(cell.iter(*_LAYOUT_INSIDE), None) is not None}
    visited: set = set()
    for element in container.iter(*_LAYOUT_INSIDE):
        parent = element.getparent()
        while parent is not None and parent not in visited:
            visited.add(parent)
            if parent.tag in cell_tags:
                cells.add(parent)
            parent = parent.getparent()
    return cells


def _ends_with_break(pieces: list[str]) -> bool:
    """Whether the current block ends with a ``<br>`` (whitespace aside)."""
    for piece in reversed(pieces):
        if piece is _LINE_BREAK:
            return True
        if piece is _BLOCK_END or not piece.isspace():
            return False
    return False


def _normalise_blocks(raw: list[str]) -> list[str]:
    """Each block with invisible characters removed and whitespace runs made one space; empty
    blocks left out. A block whose trimmed text holds no invisible character, no whitespace but
    the space and no two spaces in a row needs only the trimming (the same text): checked for all
    blocks at once, then block by block. (A row's dangling cell separators are gone already:
    :func:`_dangling_separators`; a "|" the page writes is text.)"""
    raw = list(filter(None, raw))
    trimmed = [text.strip() for text in raw]
    if _is_clean("x".join(trimmed)):  # "x": joining makes no irregular text
        return list(filter(None, trimmed))
    return [text for text in (text if _is_clean(text) else " ".join(_INVISIBLE.sub("", raw_text).split())
                              for text, raw_text in zip(trimmed, raw)) if text]


def _is_clean(text: str) -> bool:
    """Whether ``text`` holds no invisible character, no whitespace but the space and no two
    spaces in a row. Every such character is unprintable (``str.isprintable``); ASCII text is
    checked faster as bytes."""
    if _DOUBLE_SPACE.search(text):
        return False
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def _join_blocks(blocks: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join blocks with blank lines and return the text with each block's offsets (sums taken
    in C: ``accumulate`` and ``map``, no Python step per block)."""
    lengths = list(map(len, blocks))
    before = list(accumulate(lengths, initial=0))  # text before each block, separators aside
    separators = range(0, len(PARAGRAPH_SEPARATOR) * len(blocks), len(PARAGRAPH_SEPARATOR))
    starts = list(map(add, before, separators))
    return PARAGRAPH_SEPARATOR.join(blocks), tuple(zip(starts, map(add, starts, lengths)))


def _first_heading(root) -> str | None:
    """The page ``<title>``, else the first ``<h1>``."""
    for tag in ("title", "h1"):
        for el in root.iter(tag):
            text = " ".join(" ".join(el.itertext()).split())
            if text:
                return text
    return None


# Metadata ------------------------------------------------------------------------------------

_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("citation_title", "og:title", "dc.title"),
    "author": ("citation_author", "author", "article:author", "dc.creator", "parsely-author"),
    "published": (
        "citation_publication_date", "citation_date", "article:published_time", "dc.date",
        "dcterms.issued", "date", "pubdate", "publish-date", "og:published_time",
    ),
    "modified": ("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified"),
    "doi": ("citation_doi", "dc.identifier", "prism.doi"),
    "journal": ("citation_journal_title", "prism.publicationname"),
    "site_name": ("og:site_name", "application-name", "citation_publisher", "dc.publisher"),
    "description": ("description", "og:description", "dc.description", "twitter:description"),
}


def _extract_metadata(root, base_url: str | None) -> dict:
    """Collect metadata from meta tags, citation_* tags, JSON-LD and the ``<html>`` element.

    The ``<meta>``, ``<script>`` and ``<link>`` elements are gathered in one pass over the tree
    (each pass costs about as much as the metadata work itself)."""
    found_tags: dict[str, list] = {"meta": [], "script": [], "link": []}
    for el in root.iter("meta", "script", "link"):
        found_tags[el.tag].append(el)
    meta = _meta_tags(found_tags["meta"])
    found: dict = {}
    for key, names in _META_KEYS.items():
        name = next((n for n in names if meta.get(n)), None)
        if name is None:
            continue
        values = meta[name]
        found[key] = "; ".join(dict.fromkeys(values)) if key == "author" else values[0]
    for key, value in _json_ld_metadata(found_tags["script"]).items():
        found.setdefault(key, value)
    _normalise_metadata(found)
    _add_document_attributes(root, found_tags["link"], base_url, found)
    return {k: v for k, v in found.items() if v}


def _meta_tags(elements: list) -> dict[str, list[str]]:
    """``<meta name|property=... content=...>`` values by lower-cased name."""
    meta: dict[str, list[str]] = {}
    for el in elements:
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if name and content:
            meta.setdefault(name, []).append(content)
    return meta


def _json_ld_metadata(scripts: list) -> dict:
    """Author, dates, publisher, headline and DOI from JSON-LD blocks."""
    found: dict = {}
    for script in scripts:
        if script.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _json_ld_items(data):
            _merge_json_ld_item(item, found)
    return found


def _json_ld_items(data) -> list[dict]:
    """Flatten a JSON-LD document (object, list or ``@graph``) into its objects."""
    if isinstance(data, list):
        return [i for d in data for i in _json_ld_items(d)]
    if not isinstance(data, dict):
        return []
    return [data] + _json_ld_items(data.get("@graph", []))


def _merge_json_ld_item(item: dict, found: dict) -> None:
    """Copy the fields of one JSON-LD object into ``found`` without overwriting."""
    found.setdefault("published", _ld_text(item.get("datePublished")))
    found.setdefault("modified", _ld_text(item.get("dateModified")))
    found.setdefault("title", _ld_text(item.get("headline")))
    found.setdefault("description", _ld_text(item.get("description")))
    found.setdefault("author", _ld_names(item.get("author")))
    found.setdefault("site_name", _ld_names(item.get("publisher")))
    identifier = _ld_text(item.get("identifier")) or _ld_text(item.get("sameAs")) or ""
    if _DOI.search(identifier):
        found.setdefault("doi", identifier)
    for key in [k for k, v in found.items() if not v]:
        del found[key]


def _ld_text(value) -> str | None:
    """A JSON-LD value as text (first of a list, ``@value``/``name``/``@id`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id")
    return " ".join(str(value).split()) if value not in (None, "") else None


def _ld_names(value) -> str | None:
    """Names of JSON-LD persons/organisations joined with ``"; "``."""
    values = value if isinstance(value, list) else [value]
    names = [_ld_text(v) for v in values]
    return "; ".join(n for n in names if n) or None


def _normalise_metadata(found: dict) -> None:
    """ISO dates for ``published``/``modified``; a bare DOI for ``doi``."""
    for key in ("published", "modified"):
        if found.get(key):
            found[key] = normalise_date(found[key])
    if found.get("doi"):
        match = _DOI.search(found["doi"])
        found["doi"] = match.group(0).rstrip(".,;") if match else None


def _add_document_attributes(root, links: list, base_url: str | None, found: dict) -> None:
    """The ``lang`` attribute and the canonical link (of ``links``, the page's ``<link>``
    elements), resolved against ``base_url``."""
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language:
        found["language"] = language.strip()
    for link in links:
        if link.get("rel") != "canonical" or link.get("href") is None:
            continue
        canonical = join_url(base_url, link.get("href").strip())
        if canonical is not None:
            found["canonical_url"] = canonical
            break


def normalise_date(value: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY`` when less is known) from free text.

    Args:
        value: e.g. ``"2022-03-02T10:00:00Z"``, ``"2022/03/02"``, ``"2 March 2022"``.

    Returns:
        The ISO date, or ``None`` when ``value`` holds no recognisable date.
    """
    match = _ISO_DATE.search(value.replace("/", "-"))
    if match:
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return _parse_free_date(value)


def _parse_free_date(value: str) -> str | None:
    """Parse a free-text date with dateutil, keeping only the precision actually present."""
    from dateutil import parser as date_parser

    try:
        first = date_parser.parse(value, default=datetime(1900, 1, 1), fuzzy=True)
        second = date_parser.parse(value, default=datetime(1904, 2, 2), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    if first.year != second.year:
        return None
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()


_HTML_MEDIA = ("text/html", "application/xhtml+xml")
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def sniff_media_type(body: bytes) -> str:
    """``text/html`` when the start of the body looks like HTML, else ``text/plain``."""
    head = body[:1024].lstrip().lower()
    markers = (b"<!doctype html", b"<html", b"<head", b"<body", b"<p", b"<div", b"<meta")
    return "text/html" if head.startswith(markers) else "text/plain"


def page_metadata(page) -> dict:
    """What a fetched HTML page declares about itself (``published``, ``author``, ...).

    Re-reads ``page.body`` with :func:`html_to_text`; e.g. the page's ``published`` date can
    complete claim dates such as "today". Empty for non-HTML pages.
    """
    ctype = (page.content_type or "").split(";", 1)[0].strip().lower()
    kind = ctype or sniff_media_type(page.body)
    if not page.body or not (kind in _HTML_MEDIA or kind.endswith("xml")):
        return {}
    charset = _CHARSET_PARAM.search(page.content_type or "")
    decoded, _encoding = decode_html_bytes(page.body, charset.group(1).lower() if charset else None)
    return html_to_text(decoded, base_url=page.final_url).metadata
