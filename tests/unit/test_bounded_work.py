"""Work bounded on inputs under the size limit (issue #15 item 5): duplicate reference detection
is blocked instead of comparing every pair, and a "sentence" without an end is cut into pieces
(with a warning) instead of feeding the slot extractors a quadratic amount of work."""

from __future__ import annotations

import logging
import random
import time

from claimcheck.extract import extract_document, split_sentences
from claimcheck.extract.references import _same_work, duplicate_pairs
from claimcheck.extract.sentences import MAX_SENTENCE_CHARS
from claimcheck.model import ReferenceEntry

AUTHORS = [("Smith, J.",), ("Smith, J.", "Jones, A."), ("Jones, A.", "Smith, J."), ("Smyth, J.",),
           ("Ministry of Health",), ("Kim, Yeong Ik",), ("Yeong Ik Kim",)]
TITLES = ["Growth of harbours", "Growth of harbors", "Growth of the harbours", "Harbour growth",
          "Port traffic in 2020", "Port traffic in 2021", None]


def _entry(rng: random.Random, i: int) -> ReferenceEntry:
    return ReferenceEntry(
        key=f"k{i}", text=f"entry {i}", start=i, end=i + 1, authors=rng.choice(AUTHORS),
        year=rng.choice([2020, 2021]), year_suffix=rng.choice(["", "", "a", "b"]),
        title=rng.choice(TITLES), venue=rng.choice([None, "Press release", "Journal"]),
        date=rng.choice([None, "2020-03-04", "2020-03-05"]),
        url=rng.choice([None, None, "https://example.org/a", "http://www.example.org/a/"]),
        doi=rng.choice([None, None, "10.1/x", "10.1/X", "10.1/y"]))


def test_blocked_duplicate_detection_finds_what_comparing_every_pair_finds():
    for seed in range(5):
        rng = random.Random(seed)
        entries = [_entry(rng, i) for i in range(300)]
        every_pair = [(a, b) for a in range(len(entries)) for b in range(a + 1, len(entries))
                      if entries[a].year == entries[b].year
                      and any((entries[a].title, entries[a].url, entries[a].doi))
                      and any((entries[b].title, entries[b].url, entries[b].doi))
                      and _same_work(entries[a], entries[b])]
        assert sorted(duplicate_pairs(entries)) == every_pair


def test_ten_thousand_references_of_one_year_are_checked_for_duplicates_quickly():
    entries = [ReferenceEntry(key=f"Author{i % 50} 2020", text="", start=0, end=0,
                              authors=(f"Author{i % 50}, A.",), year=2020,
                              title=f"A study number {i} of things {i * 7919 % 10007}")
               for i in range(10_000)]
    entries.append(ReferenceEntry(key="Author1 2020", text="", start=0, end=0,
                                  authors=("Author1, A.",), year=2020,
                                  title="A study number 1 of things 7919"))
    started = time.monotonic()
    pairs = duplicate_pairs(entries)
    assert time.monotonic() - started < 60  # comparing every pair took minutes
    assert (1, 10_000) in pairs


def test_a_sentence_without_an_end_is_cut_into_bounded_pieces(caplog):
    lines = "\n".join(f"item {i} cost {i} dollars on 4 March 2024" for i in range(200_000))
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        spans = split_sentences(lines)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert all(lines[s:e].strip() == lines[s:e] for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # in order, non-overlapping
    assert "has no sentence end: cut into pieces" in caplog.text
    assert lines[spans[0][0]:spans[0][1]].endswith("2024")  # cut at a line break


def test_a_megabyte_on_one_line_is_extracted_in_seconds():
    line = " ".join(f"item {i} cost {i} dollars on 4 March 2024" for i in range(25_000))
    started = time.monotonic()
    extraction = extract_document(line + "\n")
    assert time.monotonic() - started < 30  # minutes before the cut
    assert max(len(c.text) for c in extraction.claims) <= MAX_SENTENCE_CHARS
    unbroken = "x" * (3 * MAX_SENTENCE_CHARS)
    assert [e - s for s, e in split_sentences(unbroken)] == [MAX_SENTENCE_CHARS] * 3
