"""Build claimcheck/extract/data/entities_known_names.txt from the public corpora in ../shared/data.

A word is a known name when ordinary prose writes it capitalised in mid-sentence (after a
lower-case word, a digit or a comma) at least MIN_CAPITALISED times and at least RATIO times as
often as in lower case. Such a word opening a sentence is read as a name ("Powell was...",
"Google said..."); a word prose also writes in lower case ("Water", "Contact", "Following") is
not. The corpora: ClaimBuster sentences, MSRP sentence pairs, the CheckThat! 2020 task 2 verified
claims (claim text, not the title-case titles), the CheckThat! 2020 task 1 training tweets and the
STS headlines (sentence case). Only training/development splits; no labels are read.

    .venv/bin/python bench/build_known_names.py ../shared/data > claimcheck/extract/data/entities_known_names.txt
"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys
from pathlib import Path

MIN_CAPITALISED = 3
RATIO = 4
_MID = re.compile(r"(?<=[a-z0-9,] )([A-Za-z][a-z]+)\b")
_ANY = re.compile(r"\b([a-z]+)\b")


def _texts(root: Path):
    """The prose of every corpus, one string at a time."""
    for item in json.loads((root / "claimbuster/train.json").read_text(encoding="utf-8")):
        yield item["text"]
    for name in ("msr-para-train.tsv", "msr-para-val.tsv"):
        with open(root / "msrp" / name, encoding="utf-8-sig") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield from row[3:5]
    with open(root / "checkthat2020-t2/verified_claims.docs.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            yield row["vclaim"] or ""
    with open(root / "checkthat2020-t1/training_v2.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield row["tweet_text"] or ""
    for path in sorted((root / "sts-headlines").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield from line.split("\t")[1:3]


def known_names(root: Path) -> list[str]:
    """Words written capitalised in mid-sentence far more often than in lower case."""
    lower: collections.Counter[str] = collections.Counter()
    capital: collections.Counter[str] = collections.Counter()
    for text in _texts(root):
        lower.update(_ANY.findall(text))
        capital.update(w for w in _MID.findall(text) if w[0].isupper())
    return sorted(w for w, n in capital.items()
                  if n >= MIN_CAPITALISED and n >= RATIO * lower[w.lower()])


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    print("# Capitalised words that ordinary prose writes capitalised in mid-sentence far more often than")
    print("# in lower case: opening a sentence, such a word is still a name ('Powell was...'). Built by")
    print("# bench/build_known_names.py from the public corpora in ../shared/data; do not edit by hand.")
    for word in known_names(root):
        print(word)


if __name__ == "__main__":
    main()
