"""PDF -> plain text with page starts and metadata (pure: bytes in, text out; pdfminer.six).

pdfminer.six's layout analysis groups characters into lines and lines into text boxes, with
their coordinates, whatever order the producer drew them in (pypdf and pypdfium2 follow the
drawing order; see ``bench/pdf_libraries.py``). On top of that, this module:

- puts the boxes in reading order: full-width boxes cut the page into bands, and a band whose
  boxes stand side by side reads column by column (pdfminer's own ordering interleaves two
  columns whose paragraphs start at the same heights);

- removes running headers and footers (a box on the top or bottom line of a page whose text,
  digits aside, recurs on the top or bottom line of another page) and bare page numbers there
  ("7", "Page 7 of 9", "iv");
- joins words broken with a hyphen at a line end ("emer-" + "gency") unless the document itself
  writes the hyphenated form ("well-known"), and other lines with a space;
- makes paragraphs from text boxes: a box is split at indented first lines, and joined to the
  box above it when it follows with no gap and no indent (pdfminer puts an indented first line
  of ragged-right text in a box of its own), or when it carries on a sentence across a column
  or page break (no sentence end before, a lowercase word after);
- expands typographic ligatures ("ﬁ" -> "fi") so words match other documents.

The text is what is stored and what every claim offset points into; ``pages[i]`` is the offset
where page ``i + 1`` begins, so a claim's page is ``bisect(pages, claim.start)``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO

from claimcheck.errors import InputError

log = logging.getLogger(__name__)

PDF_MEDIA_TYPE = "application/pdf"
_MAGIC = b"%PDF-"
_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "ﬀﬁﬂﬃﬄﬅﬆ"}
_LIGATURE_TABLE = str.maketrans(_LIGATURES)
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page|p\.|seite|pág\.?|página)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?[\W_]*$", re.I)
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft \w+ - |document\d*$|slide \d+)|"
                         r"\.(?:docx?|pdf|tex|dvi|odt|rtf|indd|qxd)$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…)\]\"”’]$")
_WORD = re.compile(r"\w+(?:-\w+)+|\w+")
_MAX_EDGE_CHARS = 200


@dataclass(frozen=True)
class PdfText:
    """A PDF's text: paragraphs separated by blank lines; ``pages[i]`` starts page ``i + 1``."""

    text: str
    pages: tuple[int, ...]
    metadata: dict = field(default_factory=dict)  # title, author, published (YYYY-MM-DD)


@dataclass
class _Box:
    lines: list[str]
    x0: float
    y0: float
    x1: float
    y1: float
    indents: list[float]  # each line's x0 minus the box's x0
    height: float  # a typical line height

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF file: ``%PDF-`` at the start (after whitespace)."""
    return data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(_MAGIC)


def page_number(pages: Sequence[int], offset: int) -> int | None:
    """The 1-based page an offset falls on, or None when the document has no pages."""
    return bisect_right(pages, offset) or None if pages else None


def pdf_to_text(data: bytes, location: str) -> PdfText:
    """Extract the text of a text-based PDF.

    Raises:
        InputError: not a PDF, encrypted with a password, damaged, or without a text layer
            (scanned pages), each with one line naming ``location``.
    """
    if not is_pdf(data):
        raise InputError(f"{location}: not a PDF file (it does not start with %PDF-)")
    info, pages = _read(data, location)
    text, starts = _assemble(pages)
    if not text.strip():
        raise InputError(f"{location}: the PDF has no text layer (scanned pages?); "
                         "run OCR first (e.g. ocrmypdf) and ingest its output")
    return PdfText(text=text, pages=starts, metadata=_metadata(info))


# -- reading with pdfminer.six ----------------------------------------------------------------

def _read(data: bytes, location: str) -> tuple[dict, list[list[_Box]]]:
    """The document information dictionary and each page's text boxes."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(BytesIO(data)), password="")
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise InputError(f"{location}: the PDF is encrypted and needs a password to read its "
                         "text; save an unencrypted copy and ingest that") from e
    except Exception as e:  # a parser of untrusted bytes: any failure means a damaged file
        raise InputError(f"{location}: damaged PDF, cannot read it ({_reason(e)})") from e
    resources = PDFResourceManager(caching=True)
    # boxes_flow=None: pdfminer groups lines into boxes but leaves their order to
    # _reading_order (its own ordering interleaves columns whose paragraphs line up).
    device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True, boxes_flow=None))
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[list[_Box]] = []
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append(_boxes(device.get_result()))
        info = _info(document)
    except Exception as e:  # as above: pdfminer raises many kinds on damaged content streams
        raise InputError(f"{location}: damaged PDF, cannot read it ({_reason(e)})") from e
    if not pages:
        raise InputError(f"{location}: damaged PDF, it has no pages")
    return info, pages


def _reason(e: Exception) -> str:
    message = " ".join(str(e).split())[:120]
    return f"{type(e).__name__}: {message}" if message else type(e).__name__


def _boxes(layout) -> list[_Box]:
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    boxes: list[_Box] = []

    def walk(container) -> None:
        for item in container:
            if isinstance(item, LTTextBox):
                lines = [ln for ln in item if isinstance(ln, LTTextLine) and ln.get_text().strip()]
                if not lines:
                    continue
                heights = sorted(ln.height for ln in lines)
                boxes.append(_Box(
                    lines=[_clean_line(ln.get_text()) for ln in lines],
                    x0=item.x0, y0=item.y0, x1=item.x1, y1=item.y1,
                    indents=[ln.x0 - item.x0 for ln in lines], height=heights[len(heights) // 2]))
            elif isinstance(item, LTFigure):
                walk(item)

    walk(layout)
    return boxes


def _reading_order(boxes: list[_Box]) -> list[_Box]:
    """Boxes in reading order: bands between full-width boxes top to bottom; in a band whose
    boxes stand in side-by-side columns, each column top to bottom, left to right."""
    if len(boxes) < 2:
        return boxes
    left, right = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    wide = (right - left) * 0.6
    out: list[_Box] = []
    band: list[_Box] = []
    for box in sorted(boxes, key=lambda b: -b.y1):
        if box.x1 - box.x0 > wide:
            out += _columns(band)
            out.append(box)
            band = []
        else:
            band.append(box)
    return out + _columns(band)


def _columns(band: list[_Box]) -> list[_Box]:
    """A band's boxes column by column when they form columns side by side, else top down."""
    columns: list[list[_Box]] = []
    for box in sorted(band, key=lambda b: b.x0):
        if columns and box.x0 < max(b.x1 for b in columns[-1]):
            columns[-1].append(box)
        else:
            columns.append([box])
    spans = [(min(b.y0 for b in c), max(b.y1 for b in c)) for c in columns]
    side_by_side = any(a0 < c1 and c0 < a1 for i, (a0, a1) in enumerate(spans)
                       for c0, c1 in spans[i + 1:])
    if not side_by_side:
        return sorted(band, key=lambda b: -b.y1)
    return [box for column in columns for box in sorted(column, key=lambda b: -b.y1)]


def _clean_line(line: str) -> str:
    line = line.translate(_LIGATURE_TABLE).replace("\u00ad", "")
    return " ".join(line.split())


def _info(document) -> dict:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    out: dict = {}
    for info in document.info or ():
        for key, value in (resolve1(info) or {}).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip():
                out.setdefault(key, " ".join(value.replace("\x00", "").split()))
    return out


def _metadata(info: dict) -> dict:
    """Title, author and creation date from the document information dictionary."""
    meta: dict = {}
    title = info.get("Title", "")
    if title and not _JUNK_TITLE.search(title):
        meta["title"] = title
    author = info.get("Author", "")
    if author and not _JUNK_TITLE.search(author):
        meta["author"] = author
    if m := re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", info.get("CreationDate", "")):
        year, month, day = m.groups()
        if "1900" < year and "01" <= month <= "12" and "01" <= day <= "31":
            meta["published"] = f"{year}-{month}-{day}"
    return meta


# -- from boxes to text -----------------------------------------------------------------------

def _assemble(pages: list[list[_Box]]) -> tuple[str, tuple[int, ...]]:
    """Join the pages' boxes into paragraphs; return the text and each page's start offset."""
    pages = [_reading_order(page) for page in _drop_running_lines(pages)]
    vocabulary = Counter(w.lower() for page in pages for box in page for line in box.lines
                         for w in _WORD.findall(line))
    paragraphs: list[str] = []
    starts: list[int] = []
    length = 0  # of "\n\n".join(paragraphs)
    for page in pages:
        page_start: int | None = None
        previous: _Box | None = None
        for box in page:
            flows_on = previous is not None and _same_paragraph(previous, box)
            previous = box
            for i, para in enumerate(_paragraphs(box, vocabulary)):
                if i == 0 and paragraphs and (flows_on or _continues(paragraphs[-1], para)):
                    joined = _join(paragraphs[-1], para, vocabulary)
                    if page_start is None:  # the page starts inside the continued paragraph
                        page_start = length - len(paragraphs[-1]) + len(joined) - len(para)
                    length += len(joined) - len(paragraphs[-1])
                    paragraphs[-1] = joined
                    continue
                if page_start is None:
                    page_start = length + (2 if paragraphs else 0)
                length += len(para) + (2 if paragraphs else 0)
                paragraphs.append(para)
        starts.append(length if page_start is None else page_start)
    return "\n\n".join(paragraphs), tuple(starts)


def _drop_running_lines(pages: list[list[_Box]]) -> list[list[_Box]]:
    """Remove bare page numbers and headers/footers repeated at the page edges."""
    def edges(page: list[_Box]) -> list[int]:
        """The boxes on the page's top line and on its bottom line (a header may have its
        page number beside it)."""
        if not page:
            return []
        top, bottom = max(b.y1 for b in page), min(b.y0 for b in page)
        return [i for i, b in enumerate(page) if len(b.text) <= _MAX_EDGE_CHARS
                and (b.y1 >= top - b.height or b.y0 <= bottom + b.height)]

    def key(box: _Box) -> str:
        return re.sub(r"\d+", "#", box.text.lower())

    seen = Counter(k for page in pages for k in {key(page[i]) for i in edges(page)})
    out = []
    for page in pages:
        drop = {i for i in edges(page)
                if _PAGE_NUMBER.match(page[i].text) or seen[key(page[i])] >= 2}
        out.append([b for i, b in enumerate(page) if i not in drop])
    return out


def _paragraphs(box: _Box, vocabulary: Counter) -> list[str]:
    """A box's paragraphs: a new one starts at an indented line after a line that ends a
    sentence short of the right edge (or is itself indented), as in print without gaps."""
    indent = max(box.height * 0.8, 4.0)
    groups: list[list[str]] = [[]]
    for i, line in enumerate(box.lines):
        if i > 0 and box.indents[i] > indent and box.indents[i - 1] <= indent \
                and _SENTENCE_END.search(box.lines[i - 1]):
            groups.append([])
        groups[-1].append(line)
    out = []
    for lines in groups:
        text = lines[0]
        for line in lines[1:]:
            text = _join(text, line, vocabulary)
        out.append(text)
    return out


def _same_paragraph(above: _Box, box: _Box) -> bool:
    """Whether ``box`` carries on the paragraph of the box just before it on the page: in the
    same column, right below it (no paragraph gap), and not indented (a first line)."""
    same_column = box.x0 < above.x1 and above.x0 < box.x1
    gap = above.y0 - box.y1
    line = max(above.height, box.height)
    indent = box.x0 + box.indents[0] - above.x0  # of the box's first line
    return same_column and -line * 0.2 <= gap < line * 0.5 and indent < line * 0.8


def _continues(previous: str, following: str) -> bool:
    """Whether ``following`` carries on the sentence ``previous`` breaks off (column or page
    break in mid-sentence): no sentence end before, a lowercase start after."""
    return (not _SENTENCE_END.search(previous) and bool(following)
            and following[0].islower())


def _join(left: str, right: str, vocabulary: Counter) -> str:
    """Join two lines: a hyphen at the end of ``left`` before a lowercase word is a line-end
    hyphenation unless the document writes the hyphenated word elsewhere."""
    m = re.search(r"(\w+)-$", left)
    if m and right[:1].islower():
        head = m.group(1)
        tail = _WORD.match(right)
        tail_word = tail.group(0).split("-")[0] if tail else ""
        hyphenated = f"{head}-{tail_word}".lower()
        if vocabulary[hyphenated] and not vocabulary[(head + tail_word).lower()]:
            return left + right
        return left[:-1] + right
    return f"{left} {right}"
