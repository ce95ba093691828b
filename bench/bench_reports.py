"""Times every report renderer and the credibility scorer on synthetic reports of growing size.

Usage: .venv/bin/python bench/bench_reports.py [--sizes 10,100,400] [--repeat 3]

Prints one row per (size, renderer): documents, claims, output size and the best wall time of
``--repeat`` runs. The synthetic report follows the contract (offsets are exact) and is built
from generic filler text, so the figures measure the renderers, not any topic.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimcheck.credibility import score_sources  # noqa: E402
from claimcheck.report import (  # noqa: E402
    render_claimreview,
    render_html,
    render_json,
    render_markdown,
    render_summary,
    validate_report,
)

WORDS = ("the agency reported that output rose by percent in year while officials said costs "
         "fell sharply after talks <b>&</b> partners agreed").split()
VERDICTS = ("supported", "contradicted", "not_found", "unreachable")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24))).capitalize() + "."


def synthetic_report(documents: int, claims_per_doc: int = 25, seed: int = 7) -> dict:
    """A contract report with ``documents`` documents of ``claims_per_doc`` claims each."""
    rng = random.Random(seed)
    docs, claims = [], []
    for doc_id in range(1, documents + 1):
        paragraphs = [_sentence(rng) for _ in range(claims_per_doc)]
        text = "\n\n".join(paragraphs)
        docs.append({"id": doc_id, "title": f"Document {doc_id}", "kind": rng.choice(["news", "academic", "commentary"]),
                     "location": f"https://example.org/{doc_id}", "sha256": f"{doc_id:064x}", "published": "2024-01-01",
                     "source": f"Source {doc_id % 12}", "text": text})
        cursor = 0
        for number, sentence in enumerate(paragraphs):
            start = text.index(sentence, cursor)
            cursor = start + len(sentence)
            claims.append({"id": len(claims) + 1, "document_id": doc_id, "text": sentence, "start": start,
                           "end": cursor, "paragraph": number, "checkworthy": rng.random() < 0.7, "entities": [],
                           "dates": [], "quantities": [], "negated": False, "quantifier": None,
                           "hedged": rng.random() < 0.2, "citations": []})
    ids = [c["id"] for c in claims]
    matches = [{"claims": rng.sample(ids, 2), "score": rng.uniform(40, 100),
                "relation": rng.choice(["agree", "conflict", "related"]),
                "reasons": [{"slot": "other", "a": None, "b": None, "note": ""}]} for _ in range(len(ids) // 2)]
    verifications = [{"claim_id": rng.choice(ids), "url": "https://ref.example.org/page", "verdict": rng.choice(VERDICTS),
                      "evidence": {"text": "passage", "start": 0, "end": 7}, "reasons": [],
                      "snapshot": {"sha256": "ab" * 32, "fetched_at": "2024-01-02T00:00:00Z", "status": 200}}
                     for _ in range(len(ids) // 2)]
    report = {"schema": "claimcheck.report/1", "generated_at": "2024-01-03T00:00:00Z", "documents": docs,
              "claims": claims, "references": [], "matches": matches, "verifications": verifications,
              "citation_issues": []}
    report["sources"] = score_sources(report)
    return report


def _best_time(function, report: dict, repeat: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        output = function(report)
        best = min(best, time.perf_counter() - started)
        size = len(output) if isinstance(output, str) else len(str(output))
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,400", help="comma-separated document counts")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    renderers = {
        "validate_report": validate_report,
        "score_sources": score_sources,
        "render_json": render_json,
        "render_markdown": render_markdown,
        "render_html": render_html,
        "render_claimreview": render_claimreview,
        "render_summary": render_summary,
    }
    print(f"{'docs':>5} {'claims':>7} {'renderer':<20} {'seconds':>8} {'output chars':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        report = synthetic_report(size)
        for name, function in renderers.items():
            seconds, chars = _best_time(function, report, args.repeat)
            print(f"{size:>5} {len(report['claims']):>7} {name:<20} {seconds:>8.3f} {chars:>13,}")


if __name__ == "__main__":
    main()
