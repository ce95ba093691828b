"""Article-like PDF files for the tests and the PDF benchmark, written with fpdf2 (test extra).

Each page is laid out line by line, so the tests know exactly what was drawn: a running header
and a page number on every page, one page in two columns, words broken with a hyphen at line
ends (``hyphen|ation`` marks where a word may be broken), and paragraphs set apart by a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

PAGE_W, PAGE_H, MARGIN, GAP = 595.0, 842.0, 60.0, 24.0
FONT_SIZE, LEADING, INDENT = 10.5, 13.0, 18.0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

# Paragraphs of an imaginary article: each sentence stands alone, with dates and quantities.
PARAGRAPHS = [
    "The regional council approved a budget of $2.4 million for flood defences on 3 March 2021. "
    "The vote passed by nine votes to two after a debate of four hours. Critics said the "
    "appro|priation was too small for the length of the river em|bankment.",
    "Engineers from the national agency surveyed 37 kilometres of levees in the spring of 2020. "
    "They found that 12 sections needed urgent repair before the winter. The agency published "
    "its assess|ment in a report of 140 pages.",
    "Rainfall in the catchment rose by 18 percent between 1990 and 2020, according to the "
    "meteoro|logical office. The wettest month on record was January 2016, when 310 millimetres "
    "fell on the upper valley.",
    "Local insurers paid out $31 million after the flood of 2016. About 1,200 homes were "
    "evacu|ated for more than two weeks. The mayor declared a state of emergency on 7 January "
    "2016.",
    "The new defences will protect an estimated 4,500 properties. Construction is due to begin "
    "in the autumn of 2021 and to last three years. The council expects the federal government "
    "to contribute a further $1.1 million.",
    "Residents of the lower valley formed an association in 2017 to press for better "
    "pro|tection. The association now has 640 members. Its chair said the budget was a well-known "
    "compromise between cost and risk.",
    "Similar schemes elsewhere have cut flood damage by half within a decade. A study of 25 towns "
    "found that maintenance, not construction, was the largest long-term cost. The authors "
    "recom|mended an annual inspection of every embankment.",
    "The council will review the programme in 2024. Any savings will go to a fund for "
    "emer|gency shelters, which currently hold 300 beds across the district.",
]


@dataclass
class Layout:
    """What was drawn: the paragraphs (as words, breaks removed) with their 1-based page."""

    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    hyphenated: list[tuple[str, str]] = field(default_factory=list)  # (line end, next line start)
    header: str = ""
    pages: int = 0


class _Article(FPDF):
    def __init__(self, header: str, title: str):
        super().__init__(unit="pt", format=(PAGE_W, PAGE_H))
        self.running_header = header
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN)
        self.set_title(title)

    def header(self):
        self.set_font("Helvetica", "I", 8)
        self.set_xy(MARGIN, 30)
        self.cell(PAGE_W - 2 * MARGIN, 10, self.running_header, align="L")

    def footer(self):
        self.set_font("Helvetica", "", 9)
        self.set_xy(MARGIN, PAGE_H - 40)
        self.cell(PAGE_W - 2 * MARGIN, 10, str(self.page_no()), align="C")


def _wrap(pdf: FPDF, text: str, width: float, layout: Layout) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; ``a|b`` words may break as ``a-``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        plain = word.replace("|", "")
        candidate = f"{current} {plain}".strip()
        if pdf.get_string_width(candidate) <= width:
            current = candidate
            continue
        pieces = _break_points(word)
        for cut in range(len(pieces) - 1, 0, -1):
            head = "".join(pieces[:cut])
            head = head if head.endswith("-") else head + "-"
            if pdf.get_string_width(f"{current} {head}".strip()) <= width:
                tail = "".join(pieces[cut:])
                lines.append(f"{current} {head}".strip())
                layout.hyphenated.append((head, tail))
                current = tail
                break
        else:
            lines.append(current)
            current = plain
    if current:
        lines.append(current)
    return lines


def _break_points(word: str) -> list[str]:
    """Where a word may break: its ``|`` marks, after a compound's hyphen (kept, as in
    "well-" + "known"), or in the middle of a long lowercase word."""
    if "|" in word:
        return word.split("|")
    if "-" in word.strip("-"):
        head, tail = word.split("-", 1)
        return [head + "-", tail] if head and tail else [word]
    if len(word) >= 9 and word.isalpha() and word.islower():
        return [word[: len(word) // 2], word[len(word) // 2:]]
    return [word]


def article_pdf(path: Path, *, pages: int = 3, two_column_page: int | None = 2,
                title: str = "Flood defences in the valley", author: str | None = "Jane Roe",
                created: datetime | None = datetime(2021, 3, 5, 9, 30, tzinfo=timezone.utc),
                paragraphs: list[str] | None = None, title_in_text: bool = True,
                font: Path | None = None, password: str | None = None,
                interleave_columns: bool = False, indent_paragraphs: bool = False) -> Layout:
    """Write an article of ``pages`` pages to ``path``; return what was drawn where.

    The paragraphs are spread over the pages (one page per ``two_column_page`` is set in two
    columns). ``font`` embeds a TrueType font (for characters beyond Latin-1, e.g. the "ﬁ"
    ligature); ``password`` encrypts the file. ``interleave_columns`` writes the two columns
    row by row (left line, right line, ...), as some producers do: the order of the drawing
    operators is then not the reading order. ``indent_paragraphs`` marks paragraphs by an
    indented first line instead of a gap, as most journals do.
    """
    paragraphs = list(paragraphs or PARAGRAPHS)
    layout = Layout(header=f"Journal of Valley Studies · {title}", pages=pages)
    pdf = _Article(layout.header, title)
    if author:
        pdf.set_author(author)
    if created:
        pdf.set_creation_date(created)
    family = "Times"
    if font:
        pdf.add_font("Body", "", str(font))
        family = "Body"
    size = -(-len(paragraphs) // pages)  # in order, a share of the paragraphs on each page
    per_page = [paragraphs[i * size:(i + 1) * size] for i in range(pages)]
    for number, texts in enumerate(per_page, 1):
        pdf.add_page()
        y = MARGIN + 10
        if number == 1 and title_in_text:
            pdf.set_font("Helvetica", "B", 16)
            pdf.set_xy(MARGIN, y)
            pdf.cell(PAGE_W - 2 * MARGIN, 20, title)
            layout.paragraphs.append((1, title))
            y += 40
        pdf.set_font(family, "", FONT_SIZE)
        columns = 2 if number == two_column_page else 1
        width = (PAGE_W - 2 * MARGIN - GAP * (columns - 1)) / columns
        lines: list[tuple[float, str] | None] = []  # (indent, line); None: paragraph gap
        for text in texts:
            wrapped = _wrap(pdf, text, width - INDENT, layout)
            lines.extend((INDENT if indent_paragraphs and i == 0 else 0.0, line)
                         for i, line in enumerate(wrapped))
            if not indent_paragraphs:
                lines.append(None)
            layout.paragraphs.append((number, " ".join(text.replace("|", "").split())))
        placed = []  # (row, column, x, y, line)
        for col, col_lines in enumerate(_split_columns(lines, columns)):
            x, yy = MARGIN + col * (width + GAP), y
            for row, line in enumerate(col_lines):
                if line is None:
                    yy += LEADING * 0.8
                    continue
                placed.append((row, col, x + line[0], yy, line[1]))
                yy += LEADING
        if interleave_columns:
            placed.sort()
        for _row, _col, x, yy, line in placed:
            pdf.set_xy(x, yy)
            pdf.cell(width, LEADING, line)
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return layout


def _split_columns(lines: list, columns: int) -> list[list]:
    """Lines for each column: the first column takes the first half (a paragraph may continue
    in the next column, as in print)."""
    if columns == 1:
        return [lines]
    half = (len(lines) + 1) // 2
    return [lines[:half], lines[half:]]


def image_only_pdf(path: Path) -> None:
    """A one-page PDF with a drawing and no text layer, like a scan."""
    pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
    pdf.add_page()
    for i in range(20):
        pdf.rect(MARGIN + i * 10, MARGIN + i * 12, 200, 8, style="F")
    pdf.output(str(path))
