"""Plain text from the formats claimcheck ingests (pure).

Every converter returns the plain text that is stored and that every offset points into, with
paragraphs separated by blank lines and their ``(start, end)`` spans.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from claimcheck.extract.sentences import paragraph_spans as extract_paragraph_spans

_MD = MarkdownIt("commonmark")


def normalise_newlines(text: str) -> str:
    """CRLF/CR to LF and no byte-order mark: the only changes made to plain-text input."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_SAMPLE = 8192  # characters looked at for control characters
# The C0 controls but tab, line feed, form feed and carriage return; counted in C (a character
# by character count in Python cost 0.4 ms per page, half the time of reading its HTML).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20)])


def not_text_reason(text: str) -> str | None:
    """Why decoded ``text`` is not text (a NUL anywhere, or more than 5% control characters at
    its start: an image or other binary body), or None. No database takes a NUL in text, and no
    person wrote one."""
    nul = text.find("\x00")
    if nul >= 0:
        return f"NUL character at offset {nul}: binary data, not text"
    sample = text[:_SAMPLE]
    if sample.isascii():
        ascii_sample = sample.encode("ascii")
        controls = len(ascii_sample) - len(ascii_sample.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROLS.findall(sample))
    if controls > len(sample) * 0.05:
        return f"{controls} control characters in its first {len(sample)}: binary data, not text"
    return None


def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the blank-line separated blocks of ``text``, trimmed of surrounding whitespace.

    The extractor's own definition, so the stored passages and every claim's ``paragraph``
    number always agree.
    """
    return tuple(extract_paragraph_spans(text))


def markdown_to_text(source: str) -> str:
    """Markdown to plain text: one block per paragraph, heading or list item.

    Link targets are kept after their text (``text <url>``) because reference lists carry URLs in
    links; list markers are kept so numbered notes stay recognisable.
    """
    tokens = _MD.parse(normalise_newlines(source))
    blocks: list[str] = []
    prefix_stack: list[list] = []  # per open list: [ordered, next number]
    prefix = ""
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1)
            prefix_stack.append([tok.type.startswith("ordered"), start])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            prefix_stack.pop()
        elif tok.type == "list_item_open" and prefix_stack:
            ordered, number = prefix_stack[-1]
            prefix = f"{number}. " if ordered else "- "
            prefix_stack[-1][1] += 1
        elif tok.type == "inline":
            text = _inline_text(tok.children or [])
            if text.strip():
                blocks.append(prefix + text.strip())
            prefix = ""
        elif tok.type in ("code_block", "fence", "html_block") and tok.content.strip():
            blocks.append(tok.content.strip("\n"))
    return "\n\n".join(blocks)


def _inline_text(children) -> str:
    parts: list[str] = []
    links: list[tuple[str, int]] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "link_open":
            links.append((child.attrGet("href") or "", len(parts)))
        elif child.type == "link_close" and links:
            href, at = links.pop()
            label = "".join(parts[at:])
            if href and not href.startswith("#") and href.rstrip("/") != label.rstrip("/"):
                parts.append(f" <{href}>")
    return "".join(parts)
