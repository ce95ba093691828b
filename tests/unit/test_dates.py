"""Dates: ISO values with precision, inferred years, ranges, decades, relative, citations skipped."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.dates import extract_dates, find_citation_spans

REF = date(2022, 7, 20)


def values(text: str, ref: date | None = REF) -> list[tuple]:
    return [(d.value, d.precision) for d in extract_dates(text, 0, ref)]


@pytest.mark.parametrize("text, expected", [
    ("It happened on March 2, 2022 in the capital.", ("2022-03-02", "day")),
    ("It happened on 2 March 2022 in the capital.", ("2022-03-02", "day")),
    ("It happened on 2022-03-02 in the capital.", ("2022-03-02", "day")),
    ("It happened on 25/03/2022 in the capital.", ("2022-03-25", "day")),
    ("It happened in February 2022 in the capital.", ("2022-02", "month")),
    ("It happened in 2017 in the capital.", ("2017", "year")),
    ("It happened in mid-2021.", ("2021", "year")),
    ("It happened in early 2020.", ("2020", "year")),
    ("It happened in the autumn of 1950.", ("1950", "year")),
    ("It happened on Sept. 9, 2015.", ("2015-09-09", "day")),
])
def test_absolute_dates(text, expected):
    assert values(text) == [expected]


def test_ambiguous_numeric_date_is_skipped_by_default():
    assert values("It happened on 02/03/2022.") == []


def test_year_inferred_from_reference_date():
    found = extract_dates("They cut ties on July 13.", 0, REF)
    assert [(d.value, d.inferred_year) for d in found] == [("2022-07-13", True)]
    assert values("They met on 13 December.") == [("2021-12-13", "day")]
    assert values("It happened in August.") == [("2022-08", "month")]


def test_future_cue_takes_the_next_occurrence():
    assert values("The report will be published in March.") == [("2023-03", "month")]


def test_without_reference_date_partial_date_is_relative():
    found = extract_dates("They cut ties on July 13.", 0, None)
    assert [(d.value, d.relative) for d in found] == [("", True)]


@pytest.mark.parametrize("text, value, end", [
    ("Sanctions came between 2006 and 2017.", "2006", "2017"),
    ("Statements from February to July 2022 were read.", "2022-02", "2022-07"),
    ("Votes in 2018–2021 went one way.", "2018", "2021"),
    ("The trial ran between March 2015 and April 2017.", "2015-03", "2017-04"),
    ("The 1990s were calm.", "1990", "1999"),
    ("Clinics opened on 19–20 June.", "2022-06-19", "2022-06-20"),
])
def test_ranges_and_decades(text, value, end):
    found = extract_dates(text, 0, REF)
    assert [(d.value, d.end_value) for d in found] == [(value, end)]


@pytest.mark.parametrize("text", [
    "Six months after the invasion started, he spoke.",
    "Two weeks later the talks resumed.",
    "Prices fell a few years ago.",
    "It will be decided on Friday.",
])
def test_relative_expressions_are_detected(text):
    found = extract_dates(text, 0, REF)
    assert len(found) == 1 and found[0].relative


def test_last_year_is_resolved_from_the_reference_date():
    found = extract_dates("Exports fell last year.", 0, REF)
    assert [(d.value, d.precision, d.relative) for d in found] == [("2021", "year", True)]


@pytest.mark.parametrize("text, expected", [
    ("Today Burger King is offering a meal.", ("Today", "2022-07-20", "day")),
    ("Yesterday the market fell.", ("Yesterday", "2022-07-19", "day")),
    ("Last year exports fell.", ("Last year", "2021", "year")),
    ("This week the talks resumed.", ("This week", "", "year")),
    ("Tomorrow the polls open.", ("Tomorrow", "2022-07-21", "day")),
])
def test_capitalised_relative_dates_at_sentence_start(text, expected):
    # regression: the capitalised form matched the pattern but was missing from the lookup (KeyError)
    found = extract_dates(text, 0, REF)
    assert [(d.text, d.value, d.precision) for d in found] == [expected]
    assert all(d.relative for d in found)
    assert extract_dates(text, 0, None)[0].value == ""


@pytest.mark.parametrize("text", [
    "The ship carried 369 vessels.",
    "See pp. 920–944 for details.",
    "Journal 62(5-6), pp. 1990–2001.",
    "The doi is 10.1525/as.2022.1799746 here.",
    "Critics disagree (Smith 2020; Jones and Lee 2019a).",
    "Votes were cast (UN Digital Library 2019, 2020, 2021).",
    "As Shen (2019) argued, it was so.",
    "Some 1500 troops arrived.",
])
def test_not_dates(text):
    assert values(text) == []


def test_citation_spans():
    text = "Critics disagree (Smith 2020) but not (in 2014) as Shen (2019) says."
    spans = [text[s:e] for s, e in find_citation_spans(text)]
    assert spans == ["(Smith 2020)", "(2019)"]
    assert values(text) == [("2014", "year")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -–/,.()JulyMarchin ofbetweenandthe1990s2022")), max_size=80),
       st.integers(min_value=0, max_value=10_000))
def test_offsets_are_exact_and_extraction_is_deterministic(text, offset):
    first = extract_dates(text, offset, REF)
    assert first == extract_dates(text, offset, REF)
    for d in first:
        assert text[d.start - offset:d.end - offset] == d.text
        assert d.precision in ("year", "month", "day")


@pytest.mark.parametrize("text", [
    "The order was made under the Civil Contingencies Act 2004.",
    "Fines follow the Data Protection Act 2018 and Directive 2009 rules.",
    "The plan is part of the Agenda 2030 goals.",
])
def test_a_year_naming_a_law_or_programme_is_not_a_date(text):
    # "Act 2004" names a law: read as a date it contradicted every later date of the same page
    assert [d.text for d in extract_dates(text, 0, REF)] == []


def test_a_year_after_the_word_act_elsewhere_is_still_a_date():
    assert [d.value for d in extract_dates("The act was passed in 2007.", 0, REF)] == ["2007"]


def test_a_bare_weekday_on_a_dated_page_is_the_day_just_past():
    from claimcheck.extract.dates import dated_weekdays

    issued = date(2015, 4, 26)  # a Sunday
    text = "The first aircraft touched down on Saturday evening."
    mentions = dated_weekdays(extract_dates(text, 0, issued), issued, text)
    assert [(m.text, m.value, m.precision) for m in mentions] == [("Saturday", "2015-04-25", "day")]
    future = "The teams will meet on Monday."
    assert [m.value for m in dated_weekdays(extract_dates(future, 0, issued), issued, future)] == ["2015-04-27"]
    # a weekday with its date keeps that date; extraction alone leaves a bare weekday open
    assert [m.value for m in extract_dates(text, 0, issued)] == [""]


@pytest.mark.parametrize("text, value, end", [
    ("On 3 and 4 December the offices closed.", "2021-12-03", "2021-12-04"),
    ("On Thursday 5 and Friday 6 December 2019, the offices closed.", "2019-12-05", "2019-12-06"),
])
def test_two_days_of_one_month_are_one_span(text, value, end):
    # "3 and 4 December" was the date 4 December and a count of 3
    mentions = extract_dates(text, 0, REF)
    assert [(m.value, m.end_value) for m in mentions] == [(value, end)]


def test_a_day_and_month_read_without_a_reference_date_is_no_count():
    from claimcheck.extract.slots import extract_slots

    slots = extract_slots("On 3 and 4 December the offices closed.", 0, None)
    assert [d.text for d in slots.dates] == ["3 and 4 December"] and slots.quantities == ()


# issue #12, relative dates missed on the case documents (shapes unlike the case sentences)

@pytest.mark.parametrize("text", [
    "Eight months on, the clinic is still closed.",
    "Ten days on; the search goes on.",
    "Saturday's referendum settled nothing.",
    "Fishing fleets shrank in recent decades.",
    "The following months brought more floods.",
    "Officials resigned on the day of the verdict.",
])
def test_relative_dates_of_real_prose(text):
    assert [(d.value, d.relative) for d in extract_dates(text, 0, REF)] == [("", True)]


@pytest.mark.parametrize("text", [
    "Eight months on the island changed her.",
    "Friday's a public holiday there.",
])
def test_no_relative_date_in_look_alikes(text):
    assert extract_dates(text, 0, REF) == []


# issue #12 remainder: holidays on a fixed day, a month after "for", the past perfect, "the first weeks"

@pytest.mark.parametrize("text, ref, expected", [
    ("Flights were grounded on Christmas Eve.", date(2023, 1, 9), [("2022-12-24", "day")]),  # the latest one
    ("The shops reopen after Boxing Day.", REF, [("2021-12-26", "day")]),
    ("Riots broke out on Valentine’s Day.", REF, [("2022-02-14", "day")]),
    ("A parade will be held on Halloween.", REF, [("2022-10-31", "day")]),              # future: the next one
])
def test_a_holiday_on_a_fixed_day_is_that_day(text, ref, expected):
    assert values(text, ref) == expected


def test_a_holiday_is_a_date_and_no_name():
    from claimcheck.extract.slots import extract_slots
    slots = extract_slots("The levee broke on New Year’s Eve.", 0, date(2019, 1, 4))
    assert [d.value for d in slots.dates] == ["2018-12-31"] and slots.entities == ()


@pytest.mark.parametrize("text, expected", [
    ("Analysts had forecast growth of 2% for June.", [("2022-06", "month")]),   # "had forecast": the past
    ("Analysts had expected a surplus for September.", [("2021-09", "month")]),
    ("Analysts expect a surplus for September.", [("2022-09", "month")]),       # the future: the next one
])
def test_a_month_after_for_and_a_cue_in_the_past_perfect(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("In the first weeks, rescuers dug by hand.", [("", "day")]),
    ("Nausea was common in the first months of therapy.", []),   # a part of something else
])
def test_the_first_days_or_weeks_after_an_event(text, expected):
    assert values(text) == expected


def test_a_four_digit_count_after_a_count_head_is_no_year():
    # "a total of 1795 participants" was the year 1795 and no count
    from claimcheck.extract.slots import extract_slots
    slots = extract_slots("A total of 1795 participants were enrolled.")
    assert not slots.dates and [(q.value, q.unit) for q in slots.quantities] == [(1795, "participant")]
    assert [d.value for d in extract_slots("The floods of 1953 killed many.").dates] == ["1953"]
    assert [d.value for d in extract_slots("The Treaty of 1648 ended the war.").dates] == ["1648"]


@pytest.mark.parametrize("text, value, end", [
    # a quarter or a half of a year is its months: two quarters of one year are two periods
    ("Revenue rose in the third quarter of 2021.", "2021-07", "2021-09"),
    ("Revenue rose in Q1 2021.", "2021-01", "2021-03"),
    ("Revenue rose in the second half of 2021.", "2021-07", "2021-12"),
    ("Revenue rose in H1 2021.", "2021-01", "2021-06"),
])
def test_quarters_and_halves_are_their_months(text, value, end):
    found = extract_dates(text, 0, REF)
    assert [(d.value, d.precision, d.end_value) for d in found] == [(value, "month", end)]
