"""Publication dates from bylines, publisher lines and news datelines."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.publication import publication_date, strip_trailing_date
from claimcheck.ingest import RawInput, build_document


@pytest.mark.parametrize("text, expected", [
    ("The Fire Was a Warning\n\nBy Jane Roe, September 3, 2025\n\nWhen the fire jumped the ridge...", date(2025, 9, 3)),
    ("# Final incident update\n\nCounty Fire Authority, 28 August 2025\n\nThe fire is contained.", date(2025, 8, 28)),
    ("Drivers return to work\n\nBrennick, 12 March 2024 - Bus services resumed on Tuesday.", date(2024, 3, 12)),
    ("Storm hits coast\n\nWASHINGTON, Jan. 5, 2021 (Reuters) - A storm hit the coast on Monday.", date(2021, 1, 5)),
    ("Update\n\nTuesday 12 March 2024\n\nThe council met.", date(2024, 3, 12)),
    ("Report\n\n2024-03-12\n\nText.", date(2024, 3, 12)),
])
def test_dates_where_documents_put_them(text, expected):
    assert publication_date(text) == expected


@pytest.mark.parametrize("text", [
    "The 2 March 2022 vote and its aftermath\n\nCountries voted on a resolution.",  # a title's event date
    "Talks resumed\n\nNegotiators met on 12 March 2024 in Geneva and agreed to meet again in a month.",
    "Prices rose in March 2024\n\nBy Jane Roe\n\nPrices rose.",  # no day: not a publication date
    "",
])
def test_event_dates_in_titles_and_sentences_are_no_publication_date(text):
    assert publication_date(text) is None


def test_a_date_far_below_the_head_is_ignored():
    text = "Title\n\n" + "\n\n".join(f"Paragraph {i} says nothing dated." for i in range(10)) + "\n\nBy Jane Roe, 3 May 2020"
    assert publication_date(text) is None


@pytest.mark.parametrize("byline, name", [
    ("Jane Roe, September 3, 2025", "Jane Roe"),
    ("Dr. Helen Pryce, 10 February 2026", "Dr. Helen Pryce"),
    ("Jane Roe", "Jane Roe"),
])
def test_a_byline_date_is_not_part_of_the_name(byline, name):
    assert strip_trailing_date(byline) == name


def test_ingest_reads_byline_date_and_author():
    raw = RawInput(b"The Fire Was a Warning\n\nBy Jane Roe, September 3, 2025\n\nWhen the fire jumped the ridge on August 19, "
                   b"4,000 residents left.\n", "oped.txt", "text/plain")
    document = build_document(raw)
    assert document.published == date(2025, 9, 3)
    assert document.source == "Jane Roe" or "Jane Roe" in document.authors


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_fails_and_gives_a_date_or_none(text):
    found = publication_date(text)
    assert found is None or isinstance(found, date)


def test_a_published_label_in_a_journal_line_is_the_date():
    text = ("An Avoidable Outbreak\n\nA. Author (University of Somewhere)\n\n"
            "*Journal of Things*, Vol. 9, No. 1 (2021), pp. 3-21. Received 12 June 2020; "
            "accepted 19 November 2020; published 2 March 2021.\n\nBody text begins here.")
    assert publication_date(text) == date(2021, 3, 2)


@pytest.mark.parametrize("line, expected", [
    ("Pacific Desk · 6 January 2020, 2:12pm", date(2020, 1, 6)),
    ("By Harbour Times staff · 19 February 2021, 17:40", date(2021, 2, 19)),
])
def test_a_byline_may_end_with_the_time_it_was_posted(line, expected):
    assert publication_date(f"A title\n\n{line}\n\nThe body starts here.") == expected
