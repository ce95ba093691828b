"""Labelled sentence pairs for the alignment engine, from the external sets in ../shared/data.

"Aligned" means: the two statements make the same assertion, up to a figure, a date or a
negation (which the slots compare afterwards). Labels per set:

- MSRP (news paraphrase): the corpus label.
- SICK: 1 for ENTAILMENT or CONTRADICTION with relatedness >= 4 (the same scene, possibly
  negated), 0 for relatedness < 3; the pairs between are left out as ambiguous.
- STS headlines: 1 for similarity >= 4, 0 for <= 2; between left out (2013-2015 train, 2016 dev).
- CheckThat! 2020 T2 (tweet <-> fact-checked claim): 1 for each qrel, 0 for the three most
  similar fact-checked claims that are not relevant (hard negatives: same topic, another claim).

Features are cached under bench/.cache (keyed by the pair texts and the feature code's version).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.align.features import pair_features, prepare  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402

DATA = Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))
CACHE = ROOT / "bench" / ".cache"


def _rows(path: Path, delimiter: str = "\t") -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))


def msrp(split: str) -> list[tuple[str, str, int]]:
    name = {"train": "msr-para-train.tsv", "val": "msr-para-val.tsv"}[split]
    return [(r[3], r[4], int(r[0])) for r in _rows(DATA / "msrp" / name)[1:] if len(r) >= 5]


def sick(split: str) -> list[tuple[str, str, int, str]]:
    """(a, b, aligned label or -1 when ambiguous, entailment judgement)."""
    name = {"train": "SICK_train.txt", "trial": "SICK_trial.txt"}[split]
    out = []
    for r in _rows(DATA / "sick" / name)[1:]:
        if len(r) < 5:
            continue
        rel, judgement = float(r[3]), r[4]
        label = 1 if judgement != "NEUTRAL" and rel >= 4 else 0 if rel < 3 else -1
        out.append((r[1], r[2], label, judgement))
    return out


def sts(years: tuple[str, ...]) -> list[tuple[str, str, int]]:
    out = []
    for year in years:
        for r in _rows(DATA / "sts-headlines" / f"{year}.headlines.tsv"):
            if len(r) < 3 or not r[0].strip():
                continue
            score = float(r[0])
            if score >= 4 or score <= 2:
                out.append((r[1], r[2], int(score >= 4)))
    return out


def checkthat_claims() -> dict[str, str]:
    with open(DATA / "checkthat2020-t2" / "verified_claims.docs.tsv", encoding="utf-8", newline="") as h:
        rows = list(csv.reader(h, delimiter="\t"))
    return {r[0].strip(): r[1] for r in rows[1:] if len(r) >= 2}


def checkthat_queries(split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    base = DATA / "checkthat2020-t2" / split
    with open(base / "tweets.queries.tsv", encoding="utf-8", newline="") as h:
        rows = list(csv.reader(h, delimiter="\t"))
    queries = {r[0].strip(): r[1] for r in rows[1:] if len(r) >= 2}
    qrels: dict[str, set[str]] = {}
    for line in (base / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and int(parts[3]) > 0:
            qrels.setdefault(parts[0], set()).add(parts[2])
    return queries, qrels


def encoder():
    """The verified sentence encoder (``claimcheck model install``), or None (lexical mode)."""
    from claimcheck.embed.install import get_encoder

    return get_encoder()


def embed(texts: list[str]) -> np.ndarray | None:
    """Sentence vectors for ``texts`` (cached on disk), or None without the model."""
    enc = encoder()
    if enc is None:
        return None
    key = hashlib.sha256(("\x00".join(texts) + enc.digest).encode()).hexdigest()[:20]
    path = CACHE / f"emb-{key}.npy"
    if path.exists():
        return np.load(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    vectors = enc.encode(texts)
    np.save(path, vectors)
    return vectors


def checkthat_pairs(split: str, negatives: int = 3) -> list[tuple[str, str, int]]:
    """Qrel pairs and hard negatives (most similar non-relevant claims by the sentence model,
    or by token overlap without it)."""
    claims = checkthat_claims()
    queries, qrels = checkthat_queries(split)
    ids = sorted(claims)
    qids = [q for q in sorted(qrels) if q in queries]
    cv, qv = embed([claims[i] for i in ids]), embed([queries[q] for q in qids])
    out = []
    for n, q in enumerate(qids):
        out += [(queries[q], claims[c], 1) for c in sorted(qrels[q]) if c in claims]
        if cv is not None:
            order = np.argsort(-(cv @ qv[n]))[:negatives + len(qrels[q])]
            hard = [ids[i] for i in order if ids[i] not in qrels[q]][:negatives]
        else:
            from rapidfuzz import fuzz, process
            got = process.extract(queries[q], {i: claims[i] for i in ids}, scorer=fuzz.token_set_ratio,
                                  limit=negatives + len(qrels[q]))
            hard = [key for _, _, key in got if key not in qrels[q]][:negatives]
        out += [(queries[q], claims[c], 0) for c in hard]
    return out


_FEATURE_VERSION = hashlib.sha256((ROOT / "claimcheck" / "align" / "features.py").read_bytes()).hexdigest()[:12]


def features(pairs: list[tuple[str, str, int]], semantic: bool) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) for labelled pairs; X in ``FEATURES`` order (cached)."""
    key = hashlib.sha256(json.dumps([p[:3] for p in pairs]).encode()
                         + f"{_FEATURE_VERSION}{semantic}".encode()).hexdigest()[:20]
    path = CACHE / f"feat-{key}.npz"
    if path.exists():
        got = np.load(path)
        return got["X"], got["y"]
    texts = sorted({t for p in pairs for t in p[:2]})
    index = {t: i for i, t in enumerate(texts)}
    vectors = embed(texts) if semantic else None
    prepared = {t: prepare(t, extract_slots(t)) for t in texts}
    X = np.array([pair_features(prepared[a], prepared[b],
                                None if vectors is None else float(vectors[index[a]] @ vectors[index[b]]))
                  for a, b, *_ in pairs], dtype=np.float64)
    y = np.array([p[2] for p in pairs], dtype=np.int64)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, X=X, y=y)
    return X, y


def training_sets() -> dict[str, list[tuple[str, str, int]]]:
    return {
        "msrp": msrp("train"),
        "sick": [p[:3] for p in sick("train") if p[2] >= 0],
        "sts": sts(("2013", "2014", "2015")),
        "checkthat": checkthat_pairs("train"),
    }


def validation_sets() -> dict[str, list[tuple[str, str, int]]]:
    return {
        "msrp": msrp("val"),
        "sick": [p[:3] for p in sick("trial") if p[2] >= 0],
        "sts": sts(("2016",)),
        "checkthat": checkthat_pairs("dev"),
    }


