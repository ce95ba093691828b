"""Compare PDF text libraries (pypdf, pdfminer.six, pypdfium2) on speed and text quality.

Usage: .venv/bin/python bench/pdf_libraries.py [EXTRA.pdf ...]

Needs the test extra (fpdf2 writes the article-like PDFs, see tests/pdf_samples.py) and the three
libraries (``pip install pypdf pypdfium2``; pdfminer.six comes with claimcheck). Quality is
measured on generated articles whose drawn text is known: the share of paragraphs found whole and
in order (whitespace normalised, line-end hyphens joined), for a two-column page written column
by column, one written row by row (drawing order not reading order), and one whose paragraphs
start at the same heights in both columns, and whether "ﬁ"-style
ligature characters come out as such. Speed: seconds per page, best of 3, on the generated
articles and on any PDF given on the command line (e.g. /usr/share/doc/*/*.pdf).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pdf_samples import DEJAVU, PARAGRAPHS, article_pdf  # noqa: E402


def pypdf_text(path: Path) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]


def pdfminer_text(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")[:-1]


def pdfium_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def claimcheck_text(path: Path) -> list[str]:
    from claimcheck.pdf import pdf_to_text

    got = pdf_to_text(path.read_bytes(), str(path))
    ends = [*got.pages[1:], len(got.text)]
    return [got.text[a:b] for a, b in zip(got.pages, ends)]


LIBRARIES = {"pypdf": pypdf_text, "pdfminer.six": pdfminer_text, "pypdfium2": pdfium_text,
             "claimcheck.pdf (pdfminer.six + reading order, headers, hyphens)": claimcheck_text}


def normalise(text: str) -> str:
    text = text.replace("\ufffe", "").replace("\x02", "")  # pdfium's line-end hyphen marks
    text = re.sub(r"(\w)-\s*\n\s*(?=[a-z])", r"\1", text)
    return " ".join(text.split())


def in_order(text: str, paragraphs: list[str]) -> float:
    at, found = 0, 0
    for para in paragraphs:
        i = text.find(para, at)
        if i >= 0:
            found, at = found + 1, i + len(para)
    return found / len(paragraphs)


def timed(fn, path: Path) -> tuple[float, list[str]]:
    best, out = float("inf"), []
    for _ in range(3):
        t = time.perf_counter()
        out = fn(path)
        best = min(best, time.perf_counter() - t)
    return best, out


def main(extra: list[str]) -> None:
    tmp = Path(tempfile.mkdtemp())
    cases = {}
    for name, kwargs in {"columns in drawing order": {},
                         "columns drawn row by row": {"interleave_columns": True},
                         "columns, paragraphs side by side": {"pages": 2, "two_column_page": 1}
                         }.items():
        path = tmp / f"{len(cases)}.pdf"
        layout = article_pdf(path, **kwargs)
        cases[name] = (path, [" ".join(p.split()) for _page, p in layout.paragraphs])
    lig = tmp / "ligatures.pdf"
    article_pdf(lig, font=DEJAVU, paragraphs=["The ﬁrst ﬂood ofﬁcers ﬁled reports. " + p
                                              for p in PARAGRAPHS])
    print("| library | " + " | ".join(f"paragraphs in order ({n})" for n in cases)
          + " | ligature chars left | s/page (article) | "
          + " | ".join(f"s/page ({Path(e).name})" for e in extra) + " |")
    print("|" + "---|" * (4 + len(cases) + len(extra)))
    for lib, fn in LIBRARIES.items():
        cells = []
        for path, paragraphs in cases.values():
            cells.append(f"{in_order(normalise(''.join(fn(path))), paragraphs):.0%}")
        lig_text = "".join(fn(lig))
        cells.append(str(sum(lig_text.count(c) for c in "ﬀﬁﬂﬃﬄ")))
        seconds, pages = timed(fn, cases["columns in drawing order"][0])
        cells.append(f"{seconds / len(pages):.4f}")
        for e in extra:
            seconds, pages = timed(fn, Path(e))
            cells.append(f"{seconds / max(1, len(pages)):.4f} ({len(pages)} p.)")
        print(f"| {lib} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
