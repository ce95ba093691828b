"""Bulk ingest's rows, golden (issue #16): every value a worker makes for a document, hashed.

For each document (the fixtures, their pages and dev sets, the case documents beside the clone,
and synthetic documents like ``store_speed.py bulk``'s) the rows ``claimcheck.ingest_pool``'s
workers compute (``extract_rows``: claims, spans, slots as JSON, check-worthiness, citations,
references, issues, the matching state's bytes) are pickled and hashed. Run it on two trees and
compare the output: an optimisation of extraction must change no byte.

    .venv/bin/python bench/ingest_rows_golden.py --out /tmp/rows-after.txt [--synthetic 300]
    diff /tmp/rows-before.txt /tmp/rows-after.txt

Run from the tree to measure (``PYTHONPATH=. python bench/ingest_rows_golden.py`` in another
checkout uses that checkout's claimcheck).
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import hashlib
import os
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract_speed import build_corpus  # noqa: E402

from claimcheck.extract.publication import publication_date, publication_date_at  # noqa: E402
from claimcheck.extract.slots import clear_cache  # noqa: E402
from claimcheck.ingest import RawInput, build_document, load_document  # noqa: E402
from claimcheck.ingest_pool import extract_rows  # noqa: E402

CASES = Path(os.environ.get("CLAIMCHECK_CASES", ROOT.parent / "shared" / "cases"))


def documents(synthetic: int):
    paths = sorted(set(glob.glob(str(ROOT / "fixtures" / "**" / "*.md"), recursive=True)
                       + glob.glob(str(ROOT / "fixtures" / "**" / "*.txt"), recursive=True)
                       + glob.glob(str(ROOT / "fixtures" / "**" / "*.html"), recursive=True)
                       + glob.glob(str(CASES / "**" / "*.md"), recursive=True)
                       + glob.glob(str(CASES / "**" / "*.txt"), recursive=True)
                       + glob.glob(str(CASES / "**" / "*.html"), recursive=True)))
    named = sorted((os.path.relpath(path, ROOT if path.startswith(str(ROOT)) else CASES.parent), path)
                   for path in paths)
    for name, path in named:
        try:
            yield name, load_document(path)
        except Exception as exc:  # noqa: BLE001 - a document the reader refuses: say so, go on
            yield name, exc
    for i in range(synthetic):
        text = f"Report 0-{i}\n\n" + build_corpus(6, seed=i)
        yield f"synthetic-{i}", build_document(RawInput(text.encode(), f"synthetic-{i}.txt", "text/plain"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--synthetic", type=int, default=300)
    args = parser.parse_args()
    lines = []
    total = hashlib.sha256()
    claims = 0
    for name, doc in documents(args.synthetic):
        if isinstance(doc, Exception):
            lines.append(f"{name} refused {type(doc).__name__}")
            continue
        # the document as read (metadata: title, authors, publication date and its precision,
        # kind, paragraphs, links), its location aside (the checkout's path)
        blob = pickle.dumps(dataclasses.replace(doc, location=name), protocol=4)
        # and the publication date read from every paragraph, as if it stood first
        heads = [doc.text[start:] for start, _ in doc.paragraphs]
        blob += pickle.dumps([(publication_date(h), publication_date_at(h)) for h in heads], protocol=4)
        total.update(blob)
        lines.append(f"{name} document {hashlib.sha256(blob).hexdigest()}")
        for cold in (True, False):  # cold: no cached slots; warm: every sentence seen before
            if cold:
                clear_cache()
            rows = extract_rows(doc)
            blob = pickle.dumps((rows.references, rows.claims, rows.citations, rows.states,
                                 rows.issues), protocol=4)
            digest = hashlib.sha256(blob).hexdigest()
            total.update(blob)
            lines.append(f"{name} {'cold' if cold else 'warm'} claims={len(rows.claims)} {digest}")
        claims += len(rows.claims)
    lines.append(f"TOTAL documents={sum(1 for x in lines if ' cold ' in x)} claims={claims} "
                 f"{total.hexdigest()}")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(lines[-1])


if __name__ == "__main__":
    main()
