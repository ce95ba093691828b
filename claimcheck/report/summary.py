"""One-screen terminal summary of a report (plain text unless the CLI asks for colour)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from claimcheck.report.common import (
    VERDICT_LABELS,
    ReportIndex,
    claim_source_name,
    conflicts,
    summary_counts,
)

WIDTH = 78
TOP_CONFLICTS = 3
_ANSI = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "dim": "2"}
_VERDICT_COLOURS = {"supported": "green", "contradicted": "red", "not_found": "yellow", "unreachable": "dim"}


def _paint(text: str, style: str, color: bool) -> str:
    """Wraps text in an ANSI style when colour is on."""
    return f"\033[{_ANSI[style]}m{text}\033[0m" if color and text else text


def _clip(text: Any, width: int) -> str:
    """One line of at most ``width`` characters, control characters removed, with an ellipsis."""
    flat = " ".join(str(text if text is not None else "").split())
    flat = "".join(ch for ch in flat if unicodedata.category(ch)[0] != "C")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _row(label: str, value: str) -> str:
    """A label column of fixed width followed by the value."""
    return f"  {label:<22}{value}"


def _verdict_line(verdicts: Mapping[str, int], color: bool) -> str:
    """Verdict counts, coloured by verdict when colour is on."""
    return "  ".join(
        _paint(f"{VERDICT_LABELS[verdict]} {count}", _VERDICT_COLOURS[verdict], color and count > 0)
        for verdict, count in verdicts.items()
    )


def _conflict_lines(index: ReportIndex, color: bool) -> list[str]:
    """The highest-scoring conflicts, two short lines each."""
    lines = []
    for match in conflicts(index.report)[:TOP_CONFLICTS]:
        ids = (list(match.get("claims") or []) + [None, None])[:2]
        claim_a, claim_b = index.claim(ids[0]), index.claim(ids[1])
        slots = ",".join(sorted({str(r.get("slot")) for r in match.get("reasons") or []})) or "other"
        lines.append(_paint(f"  ! {slots}", "red", color))
        for claim in (claim_a, claim_b):
            source = _clip(claim_source_name(index, claim), 20)
            lines.append(f"    {source:<20} {_clip(claim.get('text'), WIDTH - 26)}")
    return lines


def render_summary(report: Mapping[str, Any], color: bool = False) -> str:
    """A short table for the terminal.

    Args:
        report: A contract report dict.
        color: Use ANSI colours (the CLI passes True only when standard output is a TTY).

    Returns:
        At most about 20 lines: documents, claims, check-worthy claims, matches by relation,
        verdict counts, citation issues and the top conflicts. Without colour it is plain ASCII
        layout with no escape sequences.
    """
    index = ReportIndex.build(report)
    counts = summary_counts(report)
    relations = counts["relations"]
    lines = [
        _paint("claimcheck summary", "bold", color),
        "-" * WIDTH,
        _row("Documents", str(counts["documents"])),
        _row("Claims", f"{counts['claims']} ({counts['checkworthy']} check-worthy)"),
        _row(
            "Matches",
            f"{_paint(str(relations['conflict']) + ' conflict', 'red', color and relations['conflict'] > 0)}"
            f", {relations['agree']} agree, {relations['related']} related",
        ),
        _row("Verdicts", _verdict_line(counts["verdicts"], color)),
        _row("Contradicted claims", str(counts["contradicted_claims"])),
        _row("Citation issues", str(counts["citation_issues"])),
    ]
    conflict_lines = _conflict_lines(index, color)
    if conflict_lines:
        lines += ["-" * WIDTH, "Top conflicts:", *conflict_lines]
    return "\n".join(lines) + "\n"
