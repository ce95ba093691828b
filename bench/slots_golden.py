"""Golden snapshot of ``extract_slots`` and ``score_checkworthiness`` over a large varied corpus.

Speed work on the slot extractors must not change a single result. Write the snapshot once
before a change and compare after it:

    .venv/bin/python bench/slots_golden.py --write            # -> /tmp/claimcheck-slots-golden.txt
    .venv/bin/python bench/slots_golden.py --compare          # exit 1 and show the first differences

The corpus: every fixture and dev-set document under ``fixtures/`` (split into sentences, HTML
tags stripped, every string of the JSONL sets), the ClaimBuster training sentences, the CheckThat!
2020 tweets and verified claims, the sentences of ``bench/slots_speed.py`` and
``bench/extract_speed.py``, and for every sentence a copy with its numbers changed (so number,
date and quantity parsing sees many values). Each text is run with a reference date and without
one; every tenth also at a non-zero offset. ``--write`` also stores the corpus beside the
snapshot (``.corpus.json``) and ``--compare`` reruns that same corpus, so fixtures added since do
not count as differences.

The script runs itself with ``PYTHONHASHSEED=0``: the check-worthiness score sums the weights of a
set of n-grams, whose order (and so the last bit of the float) follows the string hash seed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claimcheck.extract.checkworthy import score_checkworthiness  # noqa: E402
from claimcheck.extract.sentences import split_sentences  # noqa: E402
from claimcheck.extract.slots import clear_cache, extract_slots  # noqa: E402

DEFAULT_OUTPUT = Path("/tmp/claimcheck-slots-golden.txt")
SHARED_DATA = Path("/work/shared/data")
REFERENCE = date(2022, 7, 20)
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_ENTITY = re.compile(r"&(amp|lt|gt|quot|nbsp|#39);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": " ", "#39": "'"}


def _strings(value) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _document_texts() -> list[str]:
    """Texts of every fixture document and every string of the JSON(L) fixtures."""
    texts = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if not path.is_file() or path.suffix in {".gz", ".py"}:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".jsonl":
            texts += [s for line in raw.splitlines() if line.strip() for s in _strings(json.loads(line))]
        elif path.suffix in {".json", ".jsonld"}:
            texts += _strings(json.loads(raw))
        elif path.suffix in {".html", ".htm"}:
            stripped = _TAG.sub("\n", raw)
            texts.append(_ENTITY.sub(lambda m: _ENTITIES[m.group(1)], stripped))
        else:
            texts.append(raw)
    return texts


def _shared_texts() -> list[str]:
    """ClaimBuster sentences, CheckThat! tweets and verified claims (when the shared data exists)."""
    texts = []
    claimbuster = SHARED_DATA / "claimbuster" / "train.json"
    if claimbuster.exists():
        texts += [row["text"] for row in json.loads(claimbuster.read_text(encoding="utf-8"))]
    checkthat = SHARED_DATA / "checkthat2020-t2"
    for split in ("train", "dev"):
        path = checkthat / split / "tweets.queries.tsv"
        if path.exists():
            rows = csv.reader(path.open(encoding="utf-8"), delimiter="\t")
            texts += [row[1] for row in rows if len(row) > 1][1:]
    claims = checkthat / "verified_claims.docs.tsv"
    if claims.exists():
        rows = list(csv.reader(claims.open(encoding="utf-8"), delimiter="\t"))[1:]
        texts += [cell for row in rows for cell in row[1:3]]
    return texts


def _bench_texts() -> list[str]:
    """The sentences of both speed benches (their templates and generated corpora)."""
    import extract_speed
    import slots_speed

    texts = slots_speed.corpus(3000)
    texts.append(extract_speed.build_corpus(300))
    texts += extract_speed.SENTENCES + extract_speed.REFERENCES + extract_speed.HEADINGS
    return texts


def _vary_numbers(text: str, rng: random.Random) -> str:
    """``text`` with every digit run replaced by another of the same length."""
    return re.sub(r"\d+", lambda m: str(rng.randint(0, 10 ** len(m.group()) - 1)).zfill(len(m.group())), text)


def build_corpus() -> list[str]:
    """Distinct statements (sentences and short texts), in a fixed order."""
    statements = []
    for text in _document_texts() + _shared_texts() + _bench_texts():
        if len(text) > 400:
            statements += [text[s:e] for s, e in split_sentences(text)]
        else:
            statements.append(text)
    rng = random.Random(11)
    statements += [_vary_numbers(s, rng) for s in statements if any(c.isdigit() for c in s)]
    return list(dict.fromkeys(s for s in statements if s.strip()))


def _record(text: str, reference: date | None, offset: int) -> str:
    """One line: the text's hash, the call's arguments and its full results."""
    slots = extract_slots(text, offset, reference)
    score = score_checkworthiness(text, slots)
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return f"{key}\t{reference}\t{offset}\t{slots!r}\t{score!r}"


def snapshot(statements: list[str]) -> list[str]:
    """Result lines for every statement, with and without a reference date."""
    clear_cache()
    lines = []
    for i, text in enumerate(statements):
        lines.append(_record(text, REFERENCE, 0))
        lines.append(_record(text, None, 0))
        if i % 10 == 0:
            lines.append(_record(text, REFERENCE, 1000 + i))
    return lines


def main() -> int:
    """Write or compare the snapshot; return the process exit code."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--compare", action="store_true")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    corpus_file = args.output.with_suffix(".corpus.json")
    if args.compare and corpus_file.exists():
        statements = json.loads(corpus_file.read_text(encoding="utf-8"))  # the corpus the snapshot was made on
    else:
        statements = build_corpus()
    started = time.process_time()
    lines = snapshot(statements)
    seconds = time.process_time() - started
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    print(f"{len(statements):,} statements, {len(lines):,} calls in {seconds:.1f} s CPU; digest {digest[:16]}")
    if args.write:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        corpus_file.write_text(json.dumps(statements), encoding="utf-8")
        print(f"written to {args.output}")
        return 0
    golden = args.output.read_text(encoding="utf-8").splitlines()
    if golden == lines:
        print("identical to the golden snapshot")
        return 0
    differences = [(i, g, n) for i, (g, n) in enumerate(zip(golden, lines)) if g != n]
    print(f"DIFFERENT: {len(differences)} of {len(lines)} lines differ (golden has {len(golden)} lines)")
    by_key = {hashlib.sha1(s.encode("utf-8")).hexdigest()[:12]: s for s in statements}
    for _, old, new in differences[:5]:
        print("text:", repr(by_key.get(old.split("\t")[0], "?")))
        print("  golden:", old.split("\t", 3)[3][:1500])
        print("  now:   ", new.split("\t", 3)[3][:1500])
    return 1


if __name__ == "__main__":
    sys.exit(main())
