"""Text that is safe to print on a terminal (pure).

Document text, titles, source names, file names and page text come from untrusted inputs: printed
as they are, their control characters would drive the terminal (clear the screen, retitle the
window, plant OSC 8 links, hide text behind bidirectional overrides). :func:`printable` shows each
such character as a visible escape (``\\u001b``, ``\\u202e``) instead, keeping tabs and newlines.
The escape is JSON's own, so JSON output stays valid JSON with the same content.
"""

from __future__ import annotations

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional controls (embeddings,
# overrides, isolates and marks) that reorder what a terminal shows.
_UNSAFE = ([c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
           + [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_ESCAPES = {c: f"\\u{c:04x}" for c in _UNSAFE}


def printable(text: str) -> str:
    """``text`` with every terminal control character written as a visible escape."""
    return text.translate(_ESCAPES)
