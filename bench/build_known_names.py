"""Build claimcheck/extract/data/entities_known_names.txt (and, with --common,
entities_common_words.txt) from the public corpora in ../shared/data.

A word is a known name when ordinary prose writes it capitalised in mid-sentence (after a
lower-case word, a digit or a comma) at least MIN_CAPITALISED times and at least RATIO times as
often as in lower case. Such a word opening a sentence is read as a name ("Powell was...",
"Google said..."); a word prose also writes in lower case ("Water", "Contact", "Following") is
not. The corpora: ClaimBuster sentences, MSRP sentence pairs, the CheckThat! 2020 task 2 verified
claims (claim text, not the title-case titles), the CheckThat! 2020 task 1 training tweets and the
STS headlines (sentence case). Only training/development splits; no labels are read.

A word is a common word when prose writes it in lower case at least MIN_LOWER times and at least
as often as capitalised in mid-sentence ("boy", "future", "grace"): a capitalised run made of
such words is a name of a thing, not a person's ("Boy Scouts of America", not a scout "of
America").

    .venv/bin/python bench/build_known_names.py ../shared/data > claimcheck/extract/data/entities_known_names.txt
    .venv/bin/python bench/build_known_names.py ../shared/data --common > claimcheck/extract/data/entities_common_words.txt
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
MIN_LOWER = 2
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


def _counts(root: Path) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(lower-case occurrences, capitalised mid-sentence occurrences) of every word."""
    lower: collections.Counter[str] = collections.Counter()
    capital: collections.Counter[str] = collections.Counter()
    for text in _texts(root):
        lower.update(_ANY.findall(text))
        capital.update(w for w in _MID.findall(text) if w[0].isupper())
    return lower, capital


def known_names(root: Path) -> list[str]:
    """Words written capitalised in mid-sentence far more often than in lower case."""
    lower, capital = _counts(root)
    return sorted(w for w, n in capital.items()
                  if n >= MIN_CAPITALISED and n >= RATIO * lower[w.lower()])


def common_words(root: Path) -> list[str]:
    """Lower-case words written in lower case at least as often as capitalised in mid-sentence."""
    lower, capital = _counts(root)
    return sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= capital[w.capitalize()])


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = Path(args[0] if args else "../shared/data")
    if "--common" in sys.argv:
        print("# Words that ordinary prose writes in lower case at least as often as capitalised in")
        print("# mid-sentence. Built by bench/build_known_names.py --common from the public corpora in")
        print("# ../shared/data; do not edit by hand.")
        words = common_words(root)
    else:
        print("# Capitalised words that ordinary prose writes capitalised in mid-sentence far more often than")
        print("# in lower case: opening a sentence, such a word is still a name ('Powell was...'). Built by")
        print("# bench/build_known_names.py from the public corpora in ../shared/data; do not edit by hand.")
        words = known_names(root)
    for word in words:
        print(word)


if __name__ == "__main__":
    main()
