"""Reproduce the pick of the sentences of ``fixtures/devsets/extraction-cases.jsonl`` (issue #12).

Usage::

    .venv/bin/python bench/pick_case_sentences.py [--cases ../shared/cases] [--per-document 12]

Prints, for each of the fourteen case documents (article and commentary of seven cases), the
sentences taken at an even stride: index, document, publication date, text. This is how the
candidates were chosen before labelling (see ``fixtures/devsets/extraction-cases.md``): no
claimcheck code is used, so the choice does not depend on what the extractor does. Of the 168
printed, five were dropped by hand as not prose (a headline, two cookie banners, a byline block, a
fragment cut at "Robert F.") and one pair the naive split left together was split in two.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT.parent / "shared" / "cases"
# each document's own publication date (the quake paper says only "October 2017")
PUBLISHED = {
    ("antitrust", "article"): "2025-07-28", ("antitrust", "commentary"): "2024-10-15",
    ("chemplant", "article"): "2023-06-14", ("chemplant", "commentary"): "2024-08-04",
    ("drugtrial", "article"): "2024-10-15", ("drugtrial", "commentary"): "2024-02-14",
    ("election", "article"): "2022-04-14", ("election", "commentary"): "2021-12-10",
    ("measles", "article"): "2021-03-02", ("measles", "commentary"): "2020-01-14",
    ("quake", "article"): "2017-10-01", ("quake", "commentary"): "2025-04-25",
    ("sprint", "article"): "2019-12-10", ("sprint", "commentary"): "2024-08-16",
}
_SKIP_START = ("#", "|", "*", "-", "[", "¹", "²", "(")


def paragraphs(path: Path) -> list[str]:
    """The prose paragraphs of a case document, each on one line."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        bodies = re.findall(r"<p[^>]*>(.*?)</p>", text, re.S)
        return [html.unescape(re.sub(r"<[^>]+>", "", b)).replace("\n", " ") for b in bodies]
    if path.suffix == ".md" and "\n## " in text:
        text = text[text.index("\n## "):]  # the title and author block come before the first section
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if re.match(r"#+ *(References|Notes|Sources|Bibliography)", para):
            break
        if not para or para.startswith(_SKIP_START) or para.isupper():
            continue
        if "References" in para[:12]:
            break
        out.append(" ".join(para.split()))
    return out


def sentences(paragraph: str) -> list[str]:
    """A naive split at '. ', '! ', '? ' before a capital or a quote."""
    return [s.strip() for s in re.split(r'(?<=[.!?])\s+(?=[A-Z"“])', paragraph) if s.strip()]


def kept(sentence: str) -> bool:
    """6 to 60 words, no Markdown bold or link, no reference entry, byline or banner."""
    return (6 <= len(sentence.split()) <= 60 and "**" not in sentence and "](" not in sentence
            and not re.match(r"^\[?\d+\]", sentence)
            and not re.match(r"(By |Written by|We and our|Published )", sentence) and "·" not in sentence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--per-document", type=int, default=12)
    args = parser.parse_args()
    index = 0
    for case in sorted(p.name for p in args.cases.iterdir() if p.is_dir()):
        for kind in ("commentary", "article"):
            path = next((args.cases / case).glob(kind + ".*"))
            found = [s for para in paragraphs(path) for s in sentences(para) if kept(s)]
            step = len(found) / args.per_document
            for i in range(args.per_document):
                print(index, f"{case}/{path.name}", PUBLISHED[(case, kind)], "|", found[int(i * step)])
                index += 1


if __name__ == "__main__":
    main()
