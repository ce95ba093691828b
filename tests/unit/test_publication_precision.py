"""A publication date known only to its month or year keeps that precision (issue #12): it is
read from the head of a document, fills the years a claim leaves out, and no output shows a day
the document never gave."""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.extract import extract_document
from claimcheck.extract.dates import extract_dates
from claimcheck.extract.publication import publication_date, publication_date_at
from claimcheck.extract.slots import extract_slots
from claimcheck.ingest import RawInput, build_document
from claimcheck.model import date_text, latest_day, parse_date_text
from claimcheck.report.claimreview import render_claimreview
from claimcheck.report.common import published_label
from claimcheck.report.html import render_html
from claimcheck.report.markdown import render_markdown
from tests.unit.test_report_helpers import sample_report


@pytest.mark.parametrize("text, expected", [
    # a label starting its line, in other words and spellings than "Published October 2017"
    ("Harbour dues revised\n\nPosted: Feb. 2011\n\nThe harbour board met.", (date(2011, 2, 1), "month")),
    ("Tidal atlas\n\nDate of publication - 1998\n\nTables follow.", (date(1998, 1, 1), "year")),
    ("Working paper 7\n\nFirst published in 2006 by the Fen Institute\n\nAbstract.", (date(2006, 1, 1), "year")),
    # after a separator in a journal line
    ("A note on eels\n\nReceived 2 May 2019; accepted 9 July 2019; published online September 2019.\n\nBody.",
     (date(2019, 9, 1), "month")),
    # before an issue word, in capitals and in lower case
    ("THE MILLWRIGHT · SEPTEMBER 2013 ISSUE\n\nGears and more gears.", (date(2013, 9, 1), "month")),
    ("Notes for members, the autumn 2016 edition\n\nOur walks resume.", (date(2016, 1, 1), "year")),
    # a full date still wins with its day
    ("Storm notes\n\nPosted 30 Nov 2018\n\nThe storm passed.", (date(2018, 11, 30), "day")),
])
def test_a_month_or_year_labelled_as_the_publications_keeps_its_precision(text, expected):
    assert publication_date_at(text) == expected


def test_the_full_date_reader_gives_no_month_or_year_alone():
    """A page's issue date (verification dates weekdays with it) needs its day."""
    assert publication_date("Harbour dues revised\n\nPosted: Feb. 2011\n\nThe board met.") is None
    assert publication_date("Storm notes\n\nPosted 30 Nov 2018\n\nThe storm passed.") == date(2018, 11, 30)


@pytest.mark.parametrize("text", [
    "Flood defences\n\nA survey published in 2012 found gaps in three of the dykes.",  # a verb mid-sentence
    "The June 2019 floods in the valley\n\nWater rose fast.",  # a title's event month
    "Voting in 1848 and after\n\nThe franchise widened.",
    "Dredging plan\n\nWork ran from May 2020 to July 2021, the board said.",
])
def test_a_month_or_year_without_a_label_is_no_publication_date(text):
    assert publication_date_at(text) is None


@pytest.mark.parametrize("value, precision, text", [
    (date(1999, 12, 1), "month", "1999-12"),
    (date(1999, 1, 1), "year", "1999"),
    (date(1999, 2, 28), "day", "1999-02-28"),
])
def test_date_text_and_its_inverse(value, precision, text):
    assert date_text(value, precision) == text
    assert parse_date_text(text) == (value, precision)


@pytest.mark.parametrize("bad", ["1999-2", "99-12", "1999-13", "1999-02-30", "December 1999", ""])
def test_parse_date_text_refuses_other_forms(bad):
    with pytest.raises(ValueError):
        parse_date_text(bad)


def test_latest_day_of_a_month_and_a_year():
    assert latest_day(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert latest_day(date(2023, 12, 1), "month") == date(2023, 12, 31)
    assert latest_day(date(2023, 1, 1), "year") == date(2023, 12, 31)
    assert latest_day(date(2023, 5, 6), "day") == date(2023, 5, 6)


@pytest.mark.parametrize("raw, published, precision", [
    (b"Mill accounts\n\nUpdated: Aug 2003\n\nThe mill ground 40 tonnes.\n", date(2003, 8, 1), "month"),
    (b"Mill accounts\n\nPosted: 1987\n\nThe mill ground 40 tonnes.\n", date(1987, 1, 1), "year"),
])
def test_ingest_stores_the_first_day_and_the_precision(raw, published, precision):
    document = build_document(RawInput(raw, "mill.txt", "text/plain"))
    assert (document.published, document.published_precision) == (published, precision)


@pytest.mark.parametrize("stated, expected", [
    ("2009-04", (date(2009, 4, 1), "month")),
    ("2009", (date(2009, 1, 1), "year")),
    ("April 2009", (date(2009, 4, 1), "month")),
    ("2009-04-17T08:00:00Z", (date(2009, 4, 17), "day")),
    ("Fri, 17 Apr 2009 08:00:00 GMT", (date(2009, 4, 17), "day")),
])
def test_a_stated_date_keeps_its_precision(stated, expected):
    raw = RawInput(b"Ferry timetable changes for the spring season.\n", "ferry.txt", "text/plain")
    document = build_document(raw, {"published": stated})
    assert (document.published, document.published_precision) == expected


def test_a_month_only_date_still_fills_the_year_a_claim_leaves_out():
    text = "The ferry resumed service on 28 November after the refit, the operator said."
    extraction = extract_document(text, published=date(2015, 10, 1), published_precision="month")
    (mention,) = extraction.claims[0].slots.dates
    assert (mention.value, mention.inferred_year) == ("2015-11-28", True)
    # read against the month's last day (31 October), not its invented first, which would put
    # 28 November over the month's margin and into the year before
    day_read = extract_document(text, published=date(2015, 10, 1)).claims[0].slots.dates[0]
    assert day_read.value == "2014-11-28"


def test_a_year_only_date_fills_the_year_of_a_month_in_it():
    (mention,) = extract_dates("Tolls rose in December, the trust said.", reference_date=date(2004, 1, 1),
                               reference_precision="year")
    assert mention.value == "2004-12"


def test_relative_days_get_no_day_from_a_month_only_date():
    found = extract_slots("The pumps failed yesterday and again last month.", 0, date(2012, 6, 1), "month")
    by_text = {d.text: d for d in found.dates}
    assert by_text["yesterday"].value == ""  # no day of June 2012 is known
    assert by_text["last month"].value == "2012-05"
    dayless = extract_slots("The pumps failed last month.", 0, date(2012, 1, 1), "year")
    assert dayless.dates[0].value == ""
    assert extract_slots("The pumps failed last year.", 0, date(2012, 1, 1), "year").dates[0].value == "2011"


def test_the_slot_cache_keeps_precisions_apart():
    sentence = "The lock gates failed yesterday, the canal trust reported."
    assert extract_slots(sentence, 0, date(2020, 3, 1), "day").dates[0].value == "2020-02-29"
    assert extract_slots(sentence, 0, date(2020, 3, 1), "month").dates[0].value == ""


def _report(published, precision=None):
    """The sample report with its first document dated ``published`` (``precision`` given or not)."""
    report = sample_report()
    document = report["documents"][0]
    document["published"] = published
    if precision:
        document["published_precision"] = precision
    return report


@pytest.mark.parametrize("published, precision, shown", [
    ("2020-03", "month", "2020-03"),
    ("2020", "year", "2020"),
    ("2020-03-01", "month", "2020-03"),  # a full date with a coarser precision is cut to it
    ("2020-03-17", None, "2020-03-17"),  # reports written before the precision field
])
def test_reports_show_the_date_to_its_precision(published, precision, shown):
    report = _report(published, precision)
    assert published_label(report["documents"][0]) == shown
    title = report["documents"][0]["title"]
    html = render_html(report)
    assert f" · {shown} · " in html
    assert precision != "month" or "2020-03-01" not in html
    assert f"{title} ({report['documents'][0]['kind']}, {shown})" in render_markdown(report)
    dated = [r for r in render_claimreview(report) if r["itemReviewed"]["appearance"]["name"] == title]
    assert dated
    for review in dated:
        assert review["itemReviewed"]["datePublished"] == shown
        assert review["itemReviewed"]["appearance"]["datePublished"] == shown
