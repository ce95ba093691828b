"""Synthetic claim corpus for the matching scale benchmark.

Claims are built from pseudo-words (Zipf-distributed content vocabulary, a pool of entity names),
with hand-built ``Slots`` so no extractor is needed. Claims are grouped in topics of about 30
that share words, actors and verbs, so unplanted near-matches exist as in real news. A share of claims get a planted partner in
another document:

- ``paraphrase``: same slots, some words replaced by synonyms, dropped or reordered (agree);
- ``agree``: same words and slots with an extra clause;
- ``conflict_date`` / ``conflict_quantity``: same assertion, another day or figure.

    from synthetic_claims import generate_corpus
    corpus = generate_corpus(10_000, seed=7)
    corpus.claims, corpus.planted  # list[Claim], list[(id_a, id_b, kind)]
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from claimcheck.model import Claim, DateMention, Entity, Quantity, Slots

SYLLABLES = [onset + vowel + coda for onset in ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n",
                                                "p", "qu", "r", "s", "t", "v", "w", "z", "br", "st", "tr"]
             for vowel in ["a", "e", "i", "o", "u", "ai", "ou"] for coda in ["", "n", "r", "l", "st"]]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
VERB_PAIRS = [("severed", "broke off"), ("recognised", "acknowledged"), ("raised", "increased"),
              ("reduced", "lowered"), ("signed", "concluded"), ("approved", "authorised"),
              ("launched", "started"), ("supplied", "delivered"), ("condemned", "denounced"),
              ("banned", "prohibited"), ("won", "clinched"), ("joined", "acceded to")]
UNITS = ["vessel", "case", "vote", "seat", "tonne", "worker", "soldier", "patient"]
CLAIMS_PER_TOPIC = 30  # claims on one topic share its words and actors: natural near-matches
TOPIC_WORDS = 15
TOPIC_SHARE = 0.6


@dataclass
class Corpus:
    """Claims plus the planted pairs ``(id_a, id_b, kind)``."""

    claims: list[Claim]
    planted: list[tuple[int, int, str]]


class _Vocabulary:
    """Pseudo-words with Zipf-like frequencies and a pool of entity names."""

    def __init__(self, rng: random.Random, words: int, names: int):
        self.rng = rng
        self.words = list(dict.fromkeys(self._word(3) for _ in range(words * 2)))[:words]
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(self.words))))
        self.names = list(dict.fromkeys(self._word(2).capitalize() for _ in range(names * 2)))[:names]

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, syllables + 1)))

    def content(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _entity(text: str, name: str, kind: str = "country") -> Entity:
    start = text.find(name)
    return Entity(text=name, canonical=name, start=start, end=start + len(name), kind=kind)


def _render(subject: str, verb: str, words: list[str], obj: str, when: tuple[int, int, int],
            figure: tuple[int, str], extra: str = "") -> tuple[str, Slots]:
    """Text and slots of one claim."""
    year, month, day = when
    date_text = f"{day} {MONTHS[month - 1]} {year}"
    quantity_text = f"{figure[0]:,} {figure[1]}s"
    middle = " ".join(words)
    text = (f"{subject} {verb} the {middle} with {obj} on {date_text}, involving {quantity_text}"
            f"{extra}.")
    start = text.find(date_text)
    slots = Slots(
        entities=(_entity(text, subject), _entity(text, obj)),
        dates=(DateMention(date_text, f"{year:04d}-{month:02d}-{day:02d}", "day", start,
                           start + len(date_text)),),
        quantities=(Quantity(quantity_text, float(figure[0]), figure[1], "count",
                             text.find(quantity_text), text.find(quantity_text) + len(quantity_text)),),
    )
    return text, slots


def _base_fields(vocabulary: _Vocabulary, topic: dict) -> dict:
    """A claim on a topic: mostly the topic's words and actors, some words from everywhere."""
    rng = vocabulary.rng
    count = rng.randint(6, 12)
    on_topic = rng.sample(topic["words"], min(len(topic["words"]), int(count * TOPIC_SHARE)))
    names = topic["names"] if rng.random() < TOPIC_SHARE else vocabulary.names
    return {
        "subject": rng.choice(names), "obj": rng.choice(names),
        "verb_pair": rng.choice(topic["verbs"]),
        "words": on_topic + vocabulary.content(count - len(on_topic)),
        "when": (rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        "figure": (rng.randint(2, 5000), rng.choice(UNITS)),
    }


def _variant(fields: dict, kind: str, rng: random.Random) -> tuple[str, Slots]:
    """The planted partner of a claim."""
    words = list(fields["words"])
    verb = fields["verb_pair"][0]
    when, figure, extra = fields["when"], fields["figure"], ""
    if kind == "paraphrase":
        verb = fields["verb_pair"][1]
        if len(words) > 6:
            words.pop(rng.randrange(len(words)))
        index = rng.randrange(len(words) - 1)
        words[index], words[index + 1] = words[index + 1], words[index]
    elif kind == "agree":
        extra = ", officials confirmed"
    elif kind == "conflict_date":
        when = (when[0], when[1], when[2] % 28 + 1)
    elif kind == "conflict_quantity":
        figure = (figure[0] * 2 + 7, figure[1])
    return _render(fields["subject"], verb, words, fields["obj"], when, figure, extra)


def generate_corpus(size: int, *, seed: int = 7, planted_share: float = 0.05,
                    claims_per_document: int = 25) -> Corpus:
    """Generate ``size`` claims of which about ``planted_share`` are planted partners.

    Args:
        size: Number of claims.
        seed: Random seed (the corpus is deterministic for a seed and size).
        planted_share: Share of claims that are planted partners of another claim.
        claims_per_document: Claims per synthetic document (ids are consecutive).

    Returns:
        A ``Corpus``; claim ids run 1..size.
    """
    rng = random.Random(seed)
    vocabulary = _Vocabulary(rng, words=max(2000, size // 4), names=max(500, size // 50))
    topics = [{"words": vocabulary.content(TOPIC_WORDS), "names": rng.sample(vocabulary.names, 3),
               "verbs": rng.sample(VERB_PAIRS, 2)} for _ in range(max(1, size // CLAIMS_PER_TOPIC))]
    claims, planted = [], []
    kinds = ["paraphrase", "agree", "conflict_date", "conflict_quantity"]
    while len(claims) < size:
        fields = _base_fields(vocabulary, rng.choice(topics))
        text, slots = _render(fields["subject"], fields["verb_pair"][0], fields["words"], fields["obj"],
                              fields["when"], fields["figure"])
        claims.append(_claim(len(claims) + 1, text, slots, claims_per_document))
        if len(claims) < size and rng.random() < planted_share / (1 - planted_share):
            kind = rng.choice(kinds)
            text, slots = _variant(fields, kind, rng)
            partner_id = len(claims) + 1 + rng.randrange(claims_per_document)  # lands in another document
            claims.append(_claim(len(claims) + 1, text, slots, claims_per_document,
                                 document_shift=1 + partner_id % 7))
            planted.append((len(claims) - 1, len(claims), kind))
    return Corpus(claims=claims, planted=planted)


def _claim(claim_id: int, text: str, slots: Slots, per_document: int, document_shift: int = 0) -> Claim:
    document_id = (claim_id - 1) // per_document + 1 + document_shift * 1_000_000
    return Claim(text=text, start=0, end=len(text), paragraph=1, slots=slots, id=claim_id,
                 document_id=document_id)
