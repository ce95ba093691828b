"""A digest of the segmentation (``segment`` and ``split_sentences``) over a large varied corpus.

Speed work on the sentence splitter must not move a single boundary. Run it in the tree before a
change and in the tree after it; the two digests must be equal:

    (cd /path/to/base && .venv/bin/python bench/segment_golden.py)
    .venv/bin/python bench/segment_golden.py

The corpus: the texts of ``bench/slots_golden.py`` (every fixture document and JSON string, the
ClaimBuster and CheckThat! texts when the shared data is there, both speed benches' sentences),
the synthetic document of ``bench/slots_speed.py``, and 3,000 short texts glued together with
varied separators (spaces, line breaks, blank lines, tabs), so that paragraph, line and sentence
boundaries meet in many ways. Each unit's start, end, paragraph, kind and list-item flag, and
each sentence span, goes into the digest.
"""

from __future__ import annotations

import hashlib
import logging
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import slots_golden  # noqa: E402
import slots_speed  # noqa: E402

from claimcheck.extract.sentences import segment, split_sentences  # noqa: E402


def corpus() -> list[str]:
    """The texts, in a fixed order."""
    texts = slots_golden._document_texts() + slots_golden._shared_texts() + slots_golden._bench_texts()
    texts.append(slots_speed.as_document(slots_speed.vary_numbers(slots_speed.corpus(20000))))
    rng = random.Random(3)
    pool = [t for t in texts if len(t) < 400]
    for _ in range(3000):
        parts = rng.sample(pool, rng.randint(1, 8))
        texts.append(rng.choice([" ", "  ", "\n", "\n\n", " \n ", "\t"]).join(parts))
    return texts


def main() -> None:
    logging.disable(logging.WARNING)  # over-long "sentences" are cut with a warning each
    texts = corpus()
    digest = hashlib.sha256()
    units = 0
    for text in texts:
        for unit in segment(text):
            digest.update(f"{unit.start},{unit.end},{unit.paragraph},{unit.kind},{unit.list_item};".encode())
            units += 1
        digest.update(b"|")
        for start, end in split_sentences(text):
            digest.update(f"{start},{end};".encode())
        digest.update(b"#")
    print(f"{len(texts):,} texts, {units:,} segments; digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
