"""HTML to clean text (PLACEHOLDER until the BeautifulSoup extractor lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    metadata: dict = field(default_factory=dict)  # author, published (ISO), doi, journal, ...


def html_to_text(html: str | bytes, base_url: str | None = None) -> HtmlText:
    """Extract the main text of an HTML page; paragraphs separated by blank lines."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    blocks = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "h1", "h2", "h3", "li"])]
    return HtmlText(text="\n\n".join(b for b in blocks if b), title=title)
