"""Word documents (.docx) as plain text, through python-docx.

The body's paragraphs and tables in reading order, one block each: headings and list items stay
blocks of their own (a list item keeps a "- " marker, so reference lists stay recognisable), a
table row becomes one block with its cells separated by " | ", and a hyperlink keeps its target
after its text (``text <url>``) as Markdown links do, so cited URLs survive. Page headers and
footers, comments and tracked deletions are not part of the body and are left out. Title and
author come from the document's core properties.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from claimcheck.errors import InputError

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DocxText:
    text: str
    metadata: dict = field(default_factory=dict)  # title, author


def is_docx(data: bytes) -> bool:
    """A ZIP package holding ``word/document.xml`` (what every .docx is)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def docx_to_text(data: bytes, location: str) -> DocxText:
    """The text of a .docx.

    Raises:
        InputError: not a Word document, damaged, or without text, with one line naming
            ``location``.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(f"{location}: not a readable Word document ({e})") from e
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(_flat(c.text) for c in row.cells))  # merged cells repeat
                line = " | ".join(c for c in cells if c)
                if line:
                    blocks.append(line)
            continue
        text = _paragraph_text(item)
        if text:
            style = (item.style.name if item.style is not None else "") or ""
            blocks.append(f"- {text}" if style.startswith("List") and not text.startswith("- ")
                          else text)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{location}: no text found in the Word document")
    props = document.core_properties
    meta = {k: v.strip() for k, v in (("title", props.title), ("author", props.author))
            if isinstance(v, str) and v.strip()}
    return DocxText(text, meta)


def _paragraph_text(paragraph) -> str:
    """A paragraph's text with each hyperlink's target after its text."""
    from docx.text.hyperlink import Hyperlink

    parts: list[str] = []
    for piece in paragraph.iter_inner_content():
        if isinstance(piece, Hyperlink):
            label, url = piece.text, piece.url
            parts.append(label)
            if url and url.rstrip("/") != label.strip().rstrip("/") and not url.startswith("#"):
                parts.append(f" <{url}>")
        else:
            parts.append(piece.text)
    return _flat("".join(parts))


def _flat(text: str) -> str:
    """One line: line breaks and tabs inside a paragraph become spaces."""
    return " ".join(text.split())
