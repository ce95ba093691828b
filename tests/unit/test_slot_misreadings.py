"""Slot misreadings that became false conflicts downstream: times of day, tallies and ranges,
units of length, decimal commas, fractions and rates, citation markers and addresses, "without",
and yearless dates after an explicit one. Examples use other numbers and words than the issue."""

from datetime import date

import pytest

from claimcheck.extract.modality import detect_modality
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Slots

REF = date(2023, 5, 4)


def _slots(text: str) -> Slots:
    return extract_slots(text, 0, REF)


def _q(text: str):
    return [(q.text, q.value, q.unit, q.kind, q.high) for q in _slots(text).quantities]


# 1. times of day ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, values", [
    ("The polls opened at 07:45 and closed at 22:10.", ["07:45", "22:10"]),
    ("Trading resumed at 11 a.m. and stopped at 3.15pm.", ["11:00", "15:15"]),
    ("The ferry left at 8PM, the train at 6 p.m. and the bus at midnight.", ["20:00", "18:00", "00:00"]),
    ("The quake struck at 16.40 local time and 0515 GMT the next day.", ["16:40", "05:15"]),
    # an hour before a part of the day, after a preposition, in words or digits
    ("A little after six in the evening the depot caught fire.", ["18:00"]),
    ("The ferry left at 7 o'clock in the morning and docked around two in the afternoon.", ["07:00", "14:00"]),
])
def test_times_of_day_are_times_not_quantities(text, values):
    slots = _slots(text)
    assert [t.value for t in slots.times] == values
    assert not slots.quantities
    for t in slots.times:
        assert text[t.start:t.end] == t.text


def test_race_times_decimals_and_durations_are_no_times():
    for text in ["She won in 2:14:33, a record.", "The rate rose by 0.45 points.", "It took 3.25 hours.",
                 # a count before a part of the day, with no preposition: no time
                 "He scored two in the afternoon session.", "She had six in the morning and five in the evening."]:
        assert _slots(text).times == ()


def test_times_keep_document_offsets_and_move_with_the_cache():
    text = "Doors open at 19:30."
    first = extract_slots(text, 100, REF)
    again = extract_slots(text, 7, REF)
    assert first.times[0].start == 114 and again.times[0].start == 21


# 2. tallies, ranges, date ranges ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The board voted 6 to 2 to approve it.", ("6 to 2", 6.0, "", "tally", 2.0)),
    ("The court issued a 5–4 ruling.", ("5–4", 5.0, "", "tally", 4.0)),
    ("The visitors lost 2-0 away.", ("2-0", 2.0, "", "tally", 0.0)),
    ("The amendment was carried by 212 votes to 9.", ("212 votes to 9", 212.0, "vote", "tally", 9.0)),
])
def test_tallies_are_one_quantity(text, expected):
    assert _q(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Between 25 and 35 workers were hurt.", ("25 and 35 workers", 25.0, "worker", "count", 35.0)),
    ("The plan costs €2.1–2.7 billion.", ("€2.1–2.7 billion", 2.1e9, "EUR", "money", 2.7e9)),
    ("Turnout was between 58 and 64 per cent.", ("58 and 64 per cent", 58.0, "%", "percent", 64.0)),
    ("Repairs take 3 to 6 weeks.", ("3 to 6 weeks", 3.0, "week", "duration", 6.0)),
    ("Yields rose 20-30% this season.", ("20-30%", 20.0, "%", "percent", 30.0)),
])
def test_ranges_are_one_quantity_with_high(text, expected):
    assert _q(text) == [expected]


def test_page_ranges_and_year_months_are_no_tallies():
    assert all(q.kind != "tally" for q in _slots("Journal 8(2): 415–38.").quantities)
    assert all(q.kind != "tally" for q in _slots("2021-06").quantities)


@pytest.mark.parametrize("text, value, end_value", [
    ("The fair ran from 12 to 15 October 2019.", "2019-10-12", "2019-10-15"),
    ("Talks were held from 9 to 11 April.", "2023-04-09", "2023-04-11"),
    ("The census covered 2004 to 2009.", "2004", "2009"),
])
def test_date_ranges_are_one_date_and_the_first_day_no_count(text, value, end_value):
    slots = _slots(text)
    assert [(d.value, d.end_value) for d in slots.dates] == [(value, end_value)]
    assert not slots.quantities


# 3. units -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("He won the 200 m in record time.", [("200 m", 200.0, "m", "measure", None)]),
    ("The 800m final starts soon.", [("800m", 800.0, "m", "measure", None)]),
    ("The trail is 12 km long.", [("12 km", 12.0, "km", "measure", None)]),
    ("The glacier moves at 0.4 m/s.", [("0.4 m/s", 0.4, "m/s", "measure", None)]),
    ("The club paid £7m for him.", [("£7m", 7e6, "GBP", "money", None)]),
    ("About 3.1m viewers watched.", [("3.1m viewers", 3.1e6, "viewer", "count", None)]),
])
def test_m_is_metres_unless_a_currency_or_a_plural_noun_says_million(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sales reached 7,28 billion euros.", [("7,28 billion euros", 7.28e9, "EUR", "money", None)]),
    ("Inflation was 2,4 % in March.", [("2,4 %", 2.4, "%", "percent", None)]),
    ("The hall seats 1,250 people.", [("1,250 people", 1250.0, "person", "count", None)]),
])
def test_decimal_commas(text, expected):
    assert _q(text) == expected


# 4. number words, fractions, rates --------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, approximate", [
    ("They raised a quarter of a million dollars.", 2.5e5, "USD", False),
    ("Half a billion people use it.", 5e8, "person", False),
    ("Roughly three thousand fans came.", 3000.0, "fan", True),
    ("Seven in ten adults agree.", 70.0, "%", False),
    ("One in eight children was ill.", 12.5, "%", False),
    ("Two out of three firms replied.", 66.67, "%", False),
])
def test_number_words_fractions_and_rates(text, value, unit, approximate):
    [q] = _slots(text).quantities
    assert (q.value, q.unit, q.approximate) == (value, unit, approximate)


# 5. not figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Costs rose sharply [7].",
    "Costs rose sharply [4, 9] and then fell [11–13].",
    "Costs rose sharply (ref. 6).",
    "Data: https://stats.example.net/2020/table-44?page=3 and doi:10.1016/j.x.2019.05.012 here.",
])
def test_citation_markers_and_addresses_give_no_figures(text):
    slots = _slots(text)
    assert slots.quantities == () and slots.dates == () and slots.times == ()


# 6. negation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, negated", [
    ("The team travelled without its coach.", False),
    ("The firm is no longer listed.", True),
    ("The firm has never been listed.", True),
    ("The firm is not listed.", True),
    ("The firm wasn't listed.", True),
    ("None of the firms were listed.", True),
    ("Neither firm nor fund was listed.", True),
])
def test_negation(text, negated):
    assert detect_modality(text).negated is negated


def test_no_longer_is_no_none_quantifier():
    assert detect_modality("The firm is no longer listed.").quantifier is None


# 7. yearless dates take the sentence's explicit year ------------------------------------------

def test_yearless_date_takes_the_year_of_an_earlier_full_date():
    slots = _slots("The mine flooded on 2 April 2011 and reopened on 19 September.")
    assert [(d.value, d.inferred_year) for d in slots.dates] == [("2011-04-02", False), ("2011-09-19", True)]


def test_yearless_date_without_an_earlier_one_uses_the_publication_date():
    slots = _slots("The mine reopened on 19 September, after flooding on 2 April 2011.")
    assert slots.dates[0].value == "2022-09-19"


def test_yearless_date_takes_an_earlier_year_even_without_a_reference_date():
    slots = extract_slots("In 2016 the mine flooded, and on 19 September it reopened.", 0, None)
    assert [d.value for d in slots.dates] == ["2016", "2016-09-19"]
