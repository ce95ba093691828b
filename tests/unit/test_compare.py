"""compare_statements: each conflict type, related-not-conflict cases, symmetry (hand-made Slots)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.compare import compare_statements, quantities_compatible, secondary_clauses, stem
from claimcheck.model import DateMention, Entity, Quantity, Slots


def ent(text: str, canonical: str | None = None, kind: str = "country") -> Entity:
    return Entity(text=text, canonical=canonical or text, start=0, end=len(text), kind=kind)


def day(text: str, value: str, end_value: str | None = None) -> DateMention:
    precision = {4: "year", 7: "month"}.get(len(value), "day")
    return DateMention(text=text, value=value, precision=precision, start=0, end=len(text),
                       end_value=end_value)


def qty(text: str, value: float, unit: str, kind: str = "count", approximate: bool = False) -> Quantity:
    return Quantity(text=text, value=value, unit=unit, kind=kind, start=0, end=len(text),
                    approximate=approximate)


def slots(*items, negated: bool = False, quantifier: str | None = None) -> Slots:
    return Slots(entities=tuple(i for i in items if isinstance(i, Entity)),
                 dates=tuple(i for i in items if isinstance(i, DateMention)),
                 quantities=tuple(i for i in items if isinstance(i, Quantity)),
                 negated=negated, quantifier=quantifier)


def compare(a: tuple[str, Slots], b: tuple[str, Slots]):
    return compare_statements(a[0], a[1], b[0], b[1])


SEVER_JULY = ("Utopia severed diplomatic relations with Freedonia on 13 July 2022.",
              slots(ent("Utopia"), ent("Freedonia"), day("13 July 2022", "2022-07-13")))


# --- date ------------------------------------------------------------------------------------


def test_date_conflict_between_two_days():
    other = ("Utopia broke off diplomatic ties with Freedonia on 14 July 2022.",
             slots(ent("Utopia"), ent("Freedonia"), day("14 July 2022", "2022-07-14")))
    result = compare(SEVER_JULY, other)
    assert result.relation == "conflict"
    assert [(r.slot, r.a, r.b) for r in result.reasons] == [("date", "2022-07-13", "2022-07-14")]
    assert result.reasons[0].note == "date differs: 13 July 2022 vs 14 July 2022"


def test_month_conflicts_with_a_day_in_another_month():
    a = ("The council adopted the resolution in August.",
         slots(ent("council", "Security Council", "organization"), day("August", "2022-08")))
    b = ("The council adopted the resolution on 7 July 2021.",
         slots(ent("council", "Security Council", "organization"), day("7 July 2021", "2021-07-07")))
    assert compare(a, b).relation == "conflict"
    assert compare(a, b).reasons[0].slot == "date"


def test_month_contains_its_days():
    a = ("Utopia severed relations with Freedonia in July 2022.",
         slots(ent("Utopia"), ent("Freedonia"), day("July 2022", "2022-07")))
    assert compare(a, SEVER_JULY).relation == "agree"


def test_range_contains_a_date():
    a = ("Utopia severed relations with Freedonia between 10 and 15 July 2022.",
         slots(ent("Utopia"), ent("Freedonia"), day("between 10 and 15 July 2022", "2022-07-10", "2022-07-15")))
    assert compare(a, SEVER_JULY).relation == "agree"


# --- quantity --------------------------------------------------------------------------------


def test_quantity_conflict_same_unit():
    a = ("The storm sank 150 vessels in the harbour.", slots(qty("150 vessels", 150, "vessel")))
    b = ("The storm sank 120 ships in the harbour.", slots(qty("120 ships", 120, "ship")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert [(r.slot, r.a, r.b) for r in result.reasons] == [("quantity", "150 vessel", "120 ship")]


def test_scaled_money_is_equal():
    a = ("The fund raised $9.6bn for the project.", slots(qty("$9.6bn", 9.6e9, "USD", "money")))
    b = ("The fund raised 9.6 billion dollars for the project.",
         slots(qty("9.6 billion dollars", 9.6e9, "USD", "money")))
    assert compare(a, b).relation == "agree"


def test_rounding_and_approximation_tolerated():
    assert quantities_compatible(qty("9.6bn", 9.6e9, "USD", "money"), qty("9.63bn", 9.63e9, "USD", "money"))
    assert quantities_compatible(qty("about 100", 100, "case", approximate=True), qty("110", 110, "case"))
    assert not quantities_compatible(qty("100", 100, "case"), qty("120", 120, "case"))
    assert not quantities_compatible(qty("about 100", 100, "case", approximate=True), qty("130", 130, "case"))


def test_durations_compare_across_units():
    a = ("The blockade lasted two weeks.", slots(qty("two weeks", 2, "week", "duration")))
    b = ("The blockade lasted 14 days.", slots(qty("14 days", 14, "day", "duration")))
    c = ("The blockade lasted three months.", slots(qty("three months", 3, "month", "duration")))
    assert compare(a, b).relation == "agree"
    assert compare(a, c).relation == "conflict"


def test_different_units_are_not_compared():
    a = ("Inflation rose 5% in May.", slots(qty("5%", 5, "%", "percent"), day("May", "2022-05")))
    b = ("Inflation rose by 3 points in May.", slots(qty("3 points", 3, "point"), day("May", "2022-05")))
    assert compare(a, b).relation == "agree"


# --- negation --------------------------------------------------------------------------------


def test_negation_with_synonym_predicate():
    a = ("The central bank did not lower interest rates in March.",
         slots(ent("central bank", "Central Bank", "organization"), day("March", "2023-03"), negated=True))
    b = ("The central bank reduced rates in March.",
         slots(ent("central bank", "Central Bank", "organization"), day("March", "2023-03")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert [r.slot for r in result.reasons] == ["negation"]


def test_negated_mismatch_without_antonyms():
    a = ("Utopia recognised the independence of the two regions.", slots(ent("Utopia")))
    b = ("Utopia did not recognise the independence of the two regions.", slots(ent("Utopia")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert result.reasons[0].slot == "negation"


def test_antonyms_conflict():
    a = ("Unemployment rose in the third quarter.", slots())
    b = ("Unemployment fell in the third quarter.", slots())
    assert compare(a, b).relation == "conflict"


def test_both_negated_agree():
    a = ("Utopia did not recognise the breakaway regions.", slots(ent("Utopia"), negated=True))
    b = ("Utopia never recognized the breakaway regions.", slots(ent("Utopia"), negated=True))
    assert compare(a, b).relation == "agree"


# --- quantifier ------------------------------------------------------------------------------


def test_only_versus_further_actor():
    a = ("Only Dutch salvors lifted the wreck.",
         slots(ent("Dutch", "Netherlands"), quantifier="only"))
    b = ("Dutch and Japanese salvors lifted the wreck.",
         slots(ent("Dutch", "Netherlands"), ent("Japanese", "Japan")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert [r.slot for r in result.reasons] == ["quantifier"]


def test_only_with_same_actor_agrees():
    a = ("Only Dutch salvors lifted the wreck.", slots(ent("Dutch", "Netherlands"), quantifier="only"))
    b = ("Dutch salvors lifted the wreck.", slots(ent("Dutch", "Netherlands")))
    assert compare(a, b).relation == "agree"


def test_two_firsts_conflict():
    a = ("Utopia was the first country to recognise the republic.",
         slots(ent("Utopia"), quantifier="first"))
    b = ("Freedonia was the first country to recognise the republic.",
         slots(ent("Freedonia"), quantifier="first"))
    assert compare(a, b).relation == "conflict"
    assert compare(a, b).reasons[0].slot == "quantifier"


# --- related, never conflict -----------------------------------------------------------------


def test_another_subject_is_related():
    a = ("Utopia recognised the independence of the regions in February 2022.",
         slots(ent("Utopia"), day("February 2022", "2022-02")))
    b = ("Freedonia recognised the independence of the regions in July 2022.",
         slots(ent("Freedonia"), day("July 2022", "2022-07")))
    result = compare(a, b)
    assert result.relation == "related"
    assert result.reasons[0].slot == "entity"


def test_another_event_with_shared_entities_is_related():
    a = ("Utopia severed diplomatic relations with Freedonia on 13 July 2022.", SEVER_JULY[1])
    b = ("Utopia's foreign minister met the Freedonia ambassador on 20 July 2022.",
         slots(ent("Utopia"), ent("Freedonia"), day("20 July 2022", "2022-07-20")))
    assert compare(a, b).relation == "related"


def test_other_participants_far_apart_is_related():
    a = ("Utopia severed relations with Freedonia in 2016.",
         slots(ent("Utopia"), ent("Freedonia"), day("2016", "2016")))
    b = ("Utopia severed relations with Sylvania in 2022.",
         slots(ent("Utopia"), ent("Sylvania"), day("2022", "2022")))
    assert compare(a, b).relation == "related"


def test_recurring_event_in_another_year_is_related():
    a = ("Smith won the presidential election in 2017.", slots(ent("Smith", "Smith", "person"), day("2017", "2017")))
    b = ("Smith won the presidential election in 2022.", slots(ent("Smith", "Smith", "person"), day("2022", "2022")))
    assert compare(a, b).relation == "related"


def test_unrelated_predicates_are_related():
    a = ("The port handled a record tonnage last year.", slots())
    b = ("The vaccine was approved by the regulator.", slots())
    assert compare(a, b).relation == "related"


def test_paraphrase_agrees():
    a = ("Utopia cut diplomatic ties with Freedonia on 13 July 2022.",
         slots(ent("Utopia"), ent("Freedonia"), day("13 July 2022", "2022-07-13")))
    assert compare(a, SEVER_JULY).relation == "agree"


def test_stemmer_meets_spelling_variants():
    assert stem("recognised") == stem("recognized") == stem("recognise")
    assert stem("salvors") == stem("salvor")


# --- symmetry --------------------------------------------------------------------------------

STATEMENTS = [
    SEVER_JULY,
    ("Utopia broke off diplomatic ties with Freedonia on 14 July 2022.",
     slots(ent("Utopia"), ent("Freedonia"), day("14 July 2022", "2022-07-14"))),
    ("Utopia did not sever relations with Freedonia in 2022.",
     slots(ent("Utopia"), ent("Freedonia"), day("2022", "2022"), negated=True)),
    ("Only Utopia severed relations with Freedonia.", slots(ent("Utopia"), ent("Freedonia"), quantifier="only")),
    ("Utopia and Sylvania severed relations with Freedonia.",
     slots(ent("Utopia"), ent("Sylvania"), ent("Freedonia"))),
    ("The storm sank 150 vessels.", slots(qty("150 vessels", 150, "vessel"))),
    ("The storm sank about 140 vessels.", slots(qty("about 140 vessels", 140, "vessel", approximate=True))),
    ("Unemployment rose in May.", slots(day("May", "2022-05"))),
    ("Unemployment fell in June.", slots(day("June", "2022-06"))),
    ("Freedonia was the first to recognise the republic.", slots(ent("Freedonia"), quantifier="first")),
    ("Utopia was the first to recognise the republic.", slots(ent("Utopia"), quantifier="first")),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(STATEMENTS), st.sampled_from(STATEMENTS))
def test_comparison_is_symmetric(a, b):
    forward, backward = compare(a, b), compare(b, a)
    assert forward.relation == backward.relation
    assert [(r.slot, r.a, r.b) for r in forward.reasons] == [(r.slot, r.b, r.a) for r in backward.reasons]


@given(st.sampled_from(STATEMENTS))
def test_a_statement_agrees_with_itself(a):
    assert compare(a, a).relation == "agree"


# --- sameness gates added from the dev set ---------------------------------------------------


def test_coordinated_subjects_in_another_order_agree():
    a = ("India, China and Utopia abstained in the vote on 25 February 2022.",
         slots(ent("India"), ent("China"), ent("Utopia"), day("25 February 2022", "2022-02-25")))
    b = ("In the vote of 25 February 2022, China, India and Utopia abstained.",
         slots(ent("China"), ent("India"), ent("Utopia"), day("25 February 2022", "2022-02-25")))
    assert compare(a, b).relation == "agree"


def test_mutually_exclusive_acts_conflict():
    a = ("China abstained in the council vote on the draft resolution.", slots(ent("China")))
    b = ("China vetoed the draft resolution in the council.", slots(ent("China")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert [(r.slot, r.a, r.b) for r in result.reasons] == [("other", "abstain", "veto")]


def test_other_head_noun_is_another_subject():
    a = ("The former minister was sentenced to six years in prison.",
         slots(qty("six years", 6, "year", "duration")))
    b = ("The former minister's aide was sentenced to two years in prison.",
         slots(qty("two years", 2, "year", "duration")))
    assert compare(a, b).relation == "related"


def test_other_verb_with_other_figure_is_related():
    a = ("The carmaker recalled 1.2 million vehicles in 2023.",
         slots(qty("1.2 million vehicles", 1.2e6, "vehicle"), day("2023", "2023")))
    b = ("The carmaker sold 9.4 million vehicles in 2023.",
         slots(qty("9.4 million vehicles", 9.4e6, "vehicle"), day("2023", "2023")))
    assert compare(a, b).relation == "related"


def test_other_day_and_other_figure_is_another_report():
    a = ("The ministry reported 1,250 new cases on 3 May 2021.",
         slots(qty("1,250 new cases", 1250, "case"), day("3 May 2021", "2021-05-03")))
    b = ("The ministry reported 1,520 new cases on 10 May 2021.",
         slots(qty("1,520 new cases", 1520, "case"), day("10 May 2021", "2021-05-10")))
    assert compare(a, b).relation == "related"


def test_sentence_initial_common_word_is_not_a_subject():
    a = ("More than 6.9 million deaths had been reported to the agency by March 2023.",
         slots(ent("More", "More", "other"), ent("agency", "Health Agency", "organization"),
               qty("6.9 million deaths", 6.9e6, "death", approximate=True), day("March 2023", "2023-03")))
    b = ("By March 2023 the agency had recorded over 6.9 million deaths.",
         slots(ent("agency", "Health Agency", "organization"),
               qty("6.9 million deaths", 6.9e6, "death", approximate=True), day("March 2023", "2023-03")))
    assert compare(a, b).relation == "agree"


def test_round_figures_and_exact_percentages():
    assert not quantities_compatible(qty("95%", 95, "%", "percent"), qty("90%", 90, "%", "percent"))
    assert quantities_compatible(qty("12,000", 12000, "case"), qty("12,400", 12400, "case"))


def test_negation_of_another_predicate_is_not_a_conflict():
    a = ("The invasion of Utopia did not happen in a vacuum.", slots(ent("Utopia"), negated=True))
    b = ("The invasion of Utopia.", slots(ent("Utopia")))
    assert compare(a, b).relation != "conflict"


def test_one_occurrence_of_several_on_another_date_is_related():
    a = ("On 2 March 2022, Utopia was one of five countries voting against a resolution.",
         slots(ent("Utopia"), day("2 March 2022", "2022-03-02")))
    b = ("On 22 March 2022, Utopia was again one of five countries voting against a new resolution.",
         slots(ent("Utopia"), day("22 March 2022", "2022-03-22")))
    assert compare(a, b).relation == "related"


def test_contracted_negation_is_found_in_the_text():
    a = ("The bank didn\u2019t lower its rates in May.", slots(day("May", "2023-05")))
    b = ("The bank lowered its rates in May.", slots(day("May", "2023-05")))
    assert [r.slot for r in compare(a, b).reasons] == ["negation"]


# ---------------------------------------------------------------------------------------------
# Dates and figures of subordinate clauses belong to another event


def test_date_of_a_subordinate_clause_is_not_the_main_clause_date():
    a = ("Utopia abstained in the vote, as it had when the council adopted its resolution on "
         "2 March 2022.", slots(ent("Utopia"), day("2 March 2022", "2022-03-02")))
    b = ("The resolution was adopted on 24 March 2022; Utopia abstained.",
         slots(ent("Utopia"), day("24 March 2022", "2022-03-24")))
    result = compare(a, b)
    assert result.relation == "related"
    assert "subordinate clause" in result.reasons[0].note
    assert compare(b, a).relation == "related"


def test_main_clause_date_still_conflicts_beside_a_subordinate_date():
    a = ("The court convicted the mayor on 5 May 2022, as it had convicted his deputy in 2020.",
         slots(day("5 May 2022", "2022-05-05"), day("2020", "2020")))
    b = ("The court convicted the mayor on 15 May 2022.", slots(day("15 May 2022", "2022-05-15")))
    result = compare(a, b)
    assert result.relation == "conflict"
    assert result.reasons[0].note == "date differs: 5 May 2022 vs 15 May 2022"


def test_date_of_a_relative_clause_describes_a_participant():
    a = ("The bridge, which opened in 1998, was closed on 2 August 2021.",
         slots(day("1998", "1998"), day("2 August 2021", "2021-08-02")))
    later = ("The bridge was closed on 12 August 2021.", slots(day("12 August 2021", "2021-08-12")))
    opening = ("The bridge was closed in 1998.", slots(day("1998", "1998")))
    assert [r.slot for r in compare(a, later).reasons] == ["date"]
    assert compare(a, opening).relation == "related"


def test_affirming_comparison_agrees_with_the_other_occurrence():
    a = ("Utopia exported 41 million tonnes of grain in 2019, compared with 28 million in 2021.",
         slots(ent("Utopia"), qty("41 million tonnes", 41e6, "tonne"), day("2019", "2019"),
               qty("28 million", 28e6, ""), day("2021", "2021")))
    same_other = ("Utopia exported 28 million tonnes of grain in 2021.",
                  slots(ent("Utopia"), qty("28 million tonnes", 28e6, "tonne"), day("2021", "2021")))
    wrong_main = ("Utopia exported 38 million tonnes of grain in 2019.",
                  slots(ent("Utopia"), qty("38 million tonnes", 38e6, "tonne"), day("2019", "2019")))
    assert compare(a, same_other).relation == "agree"
    assert [r.slot for r in compare(a, wrong_main).reasons] == ["quantity"]


def test_contrasting_clause_does_not_affirm_the_other_occurrence():
    a = ("Unlike in 2019, the regulator approved the merger.", slots(day("2019", "2019")))
    b = ("The regulator approved the merger in 2019.", slots(day("2019", "2019")))
    assert compare(a, b).relation == "related"


def test_figure_of_a_comparison_clause_is_not_the_main_figure():
    a = ("The festival drew 210,000 visitors in 2023, up from 180,000 the year before.",
         slots(qty("210,000 visitors", 210000, "visitor"), day("2023", "2023"), qty("180,000", 180000, "")))
    b = ("The festival drew 180,000 visitors in 2023.",
         slots(qty("180,000 visitors", 180000, "visitor"), day("2023", "2023")))
    assert [r.slot for r in compare(a, b).reasons] == ["quantity"]


def test_secondary_clauses_need_a_cue_and_pluperfect_cues_need_had():
    assert secondary_clauses("The minister resigned after the audit on 4 March 2021.") == ()
    text = "After the club had won the title in 2016, it finished fifth in the league."
    (clause,) = secondary_clauses(text)
    assert text[clause.start:clause.end] == "After the club had won the title in 2016"
    assert not clause.affirming
    text = "Sales fell 8% in May 2023 compared with May 2022."
    (clause,) = secondary_clauses(text)
    assert text[clause.start:clause.end] == "compared with May 2022" and clause.affirming


# ---------------------------------------------------------------------------------------------
# Recurring events and periods


def test_figures_for_different_periods_are_related():
    march = ("The unemployment rate was 5.2% in March 2023.", slots(qty("5.2%", 5.2, "%", "percent"),
                                                                     day("March 2023", "2023-03")))
    april = ("The unemployment rate was 5.2% in April 2023.", slots(qty("5.2%", 5.2, "%", "percent"),
                                                                     day("April 2023", "2023-04")))
    other_figure = ("The unemployment rate stood at 5.4% in March 2023.",
                    slots(qty("5.4%", 5.4, "%", "percent"), day("March 2023", "2023-03")))
    assert compare(march, april).relation == "related"
    assert [r.slot for r in compare(march, other_figure).reasons] == ["quantity"]


def test_repeated_fixture_between_the_same_sides_is_another_occurrence():
    a = ("Utopia beat Freedonia on 13 February 2023.",
         slots(ent("Utopia"), ent("Freedonia"), day("13 February 2023", "2023-02-13")))
    earlier = ("Utopia beat Freedonia on 1 December 2021.",
               slots(ent("Utopia"), ent("Freedonia"), day("1 December 2021", "2021-12-01")))
    next_day = ("Utopia beat Freedonia on 14 February 2023.",
                slots(ent("Utopia"), ent("Freedonia"), day("14 February 2023", "2023-02-14")))
    assert compare(a, earlier).relation == "related"
    assert compare(a, next_day).relation == "conflict"


def test_repetition_cue_without_a_shared_date_is_another_occurrence():
    a = ("Last year's harvest yielded 2.3 million tonnes of wheat.",
         slots(qty("2.3 million tonnes", 2.3e6, "tonne")))
    b = ("The harvest yielded 2.1 million tonnes of wheat in 2023.",
         slots(qty("2.1 million tonnes", 2.1e6, "tonne"), day("2023", "2023")))
    assert compare(a, b).relation == "related"


def test_same_dated_event_with_a_trailing_clause_is_still_one_assertion():
    from claimcheck.extract.slots import extract_slots

    def relation(a, b):
        return compare_statements(a, extract_slots(a), b, extract_slots(b))

    a = "The Korvan Dam overflowed on 3 May 2019, and residents still await compensation."
    result = relation(a, "The Korvan Dam overflowed on 4 May 2019 after days of heavy rain.")
    assert result.relation == "conflict" and [r.slot for r in result.reasons] == ["date"]
    # another verb, or no date on one side: not the same assertion
    assert relation(a, "The Korvan Dam was inspected on 4 May 2019 after heavy rain.").relation \
        == "related"
    assert relation("The Korvan Dam overflowed, and residents still await compensation.",
                    "The Korvan Dam overflowed on 4 May 2019 after days of heavy rain.").relation \
        != "conflict"


# --- bounds ("more than", "under") --------------------------------------------------------------

from datetime import date as _date  # noqa: E402

import pytest  # noqa: E402

from claimcheck.compare import build_view, quantity_reasons  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402


def _bview(text: str):
    return build_view(text, extract_slots(text, 0, _date(2024, 1, 1)))


@pytest.mark.parametrize("a, b, differs", [
    ("More than 5,000 people died in the flood.", "The flood killed 8,790 people.", False),
    ("More than 5,000 people died in the flood.", "The flood killed 4,358 people.", True),
    ("The party fell short of the five per cent threshold.", "The party won 4.9 per cent.", False),
    ("Turnout was under 70 per cent.", "Turnout was 76.6 per cent.", True),
    ("Operators must offer at least 100 megabits per second.",
     "Operators must offer at least 30 megabits per second.", True),
    ("At least 40 ships were damaged.", "At most 60 ships were damaged.", False),
    ("At least 80 ships were damaged.", "At most 60 ships were damaged.", True),
    # "up to", "nearly" put the figure near its value: approximators, not bounds
    ("The storm caused damage of up to 15 billion dollars.", "The storm caused damage of 4.6 billion dollars.", True),
    ("Nearly 6,000 ships were damaged.", "3,000 ships were damaged.", True),
])
def test_a_bound_is_met_by_any_figure_on_its_side(a, b, differs):
    assert bool(quantity_reasons(_bview(a), _bview(b))) is differs
    assert bool(quantity_reasons(_bview(b), _bview(a))) is differs


# --- dates whose year is not written; fractions that look like repetition cues -----------------

def test_a_fraction_is_no_repetition_cue():
    from claimcheck.compare import has_repetition_cue

    assert has_repetition_cue("The storm hit the coast for a third time this year.")
    assert not has_repetition_cue("Repairs will cost about a third of the country's budget.")


def test_a_day_without_its_year_is_compared_on_day_and_month():
    from claimcheck.extract.slots import extract_slots

    def relation(a, b, reference):
        return compare_statements(a, extract_slots(a, reference_date=reference), b, extract_slots(b)).relation

    claim = "The largest aftershock struck on 21 May."
    # the year guessed from a later publication date does not make the same day another event
    assert relation(claim, "The largest aftershock struck on 21 May 2015.", _date(2025, 4, 25)) == "agree"
    # while another day still conflicts, whatever year was guessed
    result = compare_statements(claim, extract_slots(claim, reference_date=_date(2025, 4, 25)),
                                "The largest aftershock struck on 12 May 2015.",
                                extract_slots("The largest aftershock struck on 12 May 2015."))
    assert result.relation == "conflict" and [r.slot for r in result.reasons] == ["date"]
    assert "year not written" in result.reasons[0].a


# --- ranks given without a figure --------------------------------------------------------------

def test_a_superlative_is_first_place_in_its_ranking():
    from claimcheck.extract.quantities import implied_ranks

    def ranks(text):
        return [(q.text, q.value, q.unit) for q in implied_ranks(text)]

    assert ranks("It was the deadliest disaster on record.") == [("deadliest", 1.0, "deadliest")]
    assert ranks("It was the most powerful storm.") == [("most powerful", 1.0, "most powerful")]
    assert ranks("The explosion ranks third among such disasters.") == [("third", 3.0, "")]
    assert ranks("It was one of the deadliest disasters.") == []  # among several
    assert ranks("The rest of the team won the contest.") == []  # nouns in -est
    assert ranks("These are the latest figures.") == []  # dates, does not rank


def test_rank_conflict_between_a_superlative_and_an_ordinal():
    from claimcheck.extract.slots import extract_slots

    a = "The Korvan flood was the deadliest flood in the region's history."
    b = "The Korvan flood was the second-deadliest flood in the region's history."
    result = compare_statements(a, extract_slots(a), b, extract_slots(b))
    assert result.relation == "conflict"
    assert [r.slot for r in result.reasons] == ["quantity"]
    assert "rank 1" in result.reasons[0].note and "rank 2" in result.reasons[0].note
    same = "The Korvan flood was the deadliest flood in the history of the region."
    assert compare_statements(a, extract_slots(a), same, extract_slots(same)).relation == "agree"


def test_two_days_without_their_years_are_compared_on_day_and_month():
    from claimcheck.extract.slots import extract_slots

    a = "The shipment reached Apia on 3 October."
    b = "The shipment reached Apia on 3 October."
    # two documents of different years guessed different years for the same written day
    result = compare_statements(a, extract_slots(a, reference_date=_date(2021, 3, 2)),
                                b, extract_slots(b, reference_date=_date(2019, 12, 9)))
    assert result.relation == "agree"
    c = "The shipment reached Apia on 9 October."
    result = compare_statements(a, extract_slots(a, reference_date=_date(2021, 3, 2)),
                                c, extract_slots(c, reference_date=_date(2019, 12, 9)))
    assert result.relation == "conflict" and [r.slot for r in result.reasons] == ["date"]


def test_a_weekday_dated_from_its_page_is_no_day_without_a_year():
    from claimcheck.compare import date_confirms
    from claimcheck.model import DateMention

    year = DateMention(text="2017", value="2017", precision="year", start=0, end=4)
    friday = DateMention(text="Friday", value="2022-09-16", precision="day", start=0, end=6, inferred_year=True)
    may = DateMention(text="21 May", value="2022-05-21", precision="day", start=0, end=6, inferred_year=True)
    may_2015 = DateMention(text="21 May 2015", value="2015-05-21", precision="day", start=0, end=11)
    assert not date_confirms(year, friday)  # "Friday" was dated whole from a 2022 page
    assert date_confirms(may, may_2015) and date_confirms(may_2015, may)
    assert not date_confirms(may_2015, DateMention(text="2 May", value="2022-05-02", precision="day",
                                                   start=0, end=5, inferred_year=True))


def test_a_day_without_its_year_against_a_span_across_years_keeps_its_guessed_year():
    from claimcheck.extract.slots import extract_slots

    a = "On January 21 the regulator recalled Lormax."
    b = "The regulator recalled Lormax batches made between March 2024 and August 2025 on 22 January 2026."
    result = compare_statements(a, extract_slots(a, reference_date=_date(2026, 2, 10)), b, extract_slots(b))
    # some year of the manufacturing span would hold any 21 January: that says nothing
    assert result.relation == "conflict" and [r.slot for r in result.reasons] == ["date"]


def test_against_before_a_figure_compares_figures_and_opposes_nothing():
    from claimcheck.compare import load_lexicon

    lexicon = load_lexicon()
    beside = "Rashes occurred in 12.6% of treated patients, against 1.7% on placebo."
    assert build_view(beside, extract_slots(beside), lexicon).polarity == {}
    opposed = "The senators voted against the bill."
    assert build_view(opposed, extract_slots(opposed), lexicon).polarity


def test_a_date_after_before_or_by_ends_a_period_that_holds_earlier_dates():
    from claimcheck.compare import date_reasons

    def view(text):
        return build_view(text, extract_slots(text, 0, _date(2022, 8, 1)))

    bound = view("Before July 13, only one state had recognized the two republics.")
    assert date_reasons(bound, view("Velmora recognized them on 5 May 2022.")) == ()
    assert date_reasons(bound, view("Velmora recognized them on 20 July 2022."))  # after the end
    assert date_reasons(view("By 6 January 2020, 5,707 cases had been recorded."),
                        view("The count passed 5,000 on 2 January 2020.")) == ()
    # "until" dates the event itself: "it took until 2 December to agree"
    assert date_reasons(view("It took the parties until 2 December 2021 to agree."),
                        view("The agreement was presented on 24 November 2021."))


def test_an_exclusive_claim_is_contradicted_only_by_another_actor_doing_it():
    from claimcheck.compare import exclusive_reasons, quantifier_reasons

    def view(text):
        return build_view(text, extract_slots(text, 0, _date(2022, 8, 1)))

    exclusive = view("Only Norway publicly recognized the new republic.")
    doing = view("Chile recognized the new republic in March.")
    not_doing = view("Chile does not recognise the new republic.")
    other_act = view("Chile joined a cyber defence centre in Tallinn.")
    assert quantifier_reasons(exclusive, doing) or exclusive_reasons(exclusive, doing)
    for other in (not_doing, other_act):
        assert not quantifier_reasons(exclusive, other) and not exclusive_reasons(exclusive, other)


def test_two_periods_told_by_their_ends_are_one_only_if_both_ends_meet():
    from claimcheck.align.features import prepare, shared_values
    from claimcheck.compare import date_reasons

    def view(text):
        return build_view(text, extract_slots(text, 0, _date(2022, 8, 1)))

    told = "The payments ran from 2011 to 2016."
    differing = date_reasons(view(told), view("The payments were made between 2011 and 2014."))
    assert differing and differing[0].slot == "date"
    assert date_reasons(view("The fair ran from 5 to 7 December 2021."),
                        view("The fair ran from 5 to 8 December 2021."))
    # the same ends at another precision, or one date within the period: no difference
    assert date_reasons(view(told), view("The payments ran from January 2011 to December 2016.")) == ()
    assert date_reasons(view(told), view("The payments were made in 2012.")) == ()
    assert date_reasons(view("The fair ran from 5 to 7 December 2021."),
                        view("The fair opened on 6 December 2021.")) == ()
    # and for the alignment features a period is one value: a shared start is no shared date
    def figures(text):
        return prepare(text, extract_slots(text, 0, _date(2022, 8, 1))).figures
    assert not shared_values(figures(told), figures("The payments were made between 2011 and 2014."))
    assert shared_values(figures(told), figures("Payments were made from 2011 to 2016."))


def _read(text: str) -> tuple[str, Slots]:
    return text, extract_slots(text)


def test_a_repetition_cue_does_not_part_two_statements_that_share_a_distinctive_figure():
    # "the previous record" is one of several records, but the two give the same one: its time,
    # 2:08:44, says which, so the years it was set in differ (it had been "one occurrence of
    # several, on another date", and so related)
    claim = _read("The previous course record, 2:08:44, was set on 6 April 2014.")
    page = _read("Kiptoo lowered the previous course record of 2:08:44, set on 10 April 2011.")
    result = compare_statements(*claim, *page)
    assert result.relation == "conflict"
    assert [r.slot for r in result.reasons] == ["date"]


def test_a_repetition_cue_without_a_shared_figure_still_parts_two_dates():
    claim = _read("The previous course record was set on 6 April 2014.")
    page = _read("Kiptoo lowered the previous course record of 2:08:44, set on 10 April 2011.")
    assert compare_statements(*claim, *page).relation == "related"


@pytest.mark.parametrize("a, b, note", [
    ("They reduced the fine to 3,9 billions euro.", "The court reduced the fine to €4.125 billion.",
     "quantity differs: 3,9 billions euro (3.9 billion EUR) vs €4.125 billion (4.125 billion EUR)"),
    ("He covered the distance in 44 strides.", "He covered the distance in 41 strides.",
     "quantity differs: 44 strides vs 41 strides"),
    ("Nineteen people died at the camp.", "The avalanche killed 22 people at the camp.",
     "quantity differs: Nineteen people (19 deaths) vs 22 people (22 deaths)"),
])
def test_a_quantity_reason_quotes_the_figures_as_written_and_says_how_they_were_read(a, b, note):
    # the note read "quantity differs: 3.9e+09 EUR vs 4.125e+09 EUR" and "19 person (death)"
    result = compare_statements(*_read(a), *_read(b))
    assert [r.note for r in result.reasons] == [note]


def test_a_date_reason_quotes_the_dates_as_written():
    result = compare_statements(*_read("Google appealed in August 2018."),
                                *_read("Google lodged its appeal on 9 October 2018."))
    assert [r.note for r in result.reasons] == ["date differs: August 2018 vs 9 October 2018"]
    # the labels (what reports mark in the quotes) stay the values read
    assert [(r.a, r.b) for r in result.reasons] == [("2018-08", "2018-10-09")]


def test_a_figure_said_of_many_does_not_tie_two_occurrences_together():
    # "9.9 seconds" (like "a tenth of a second") is said of many: the repetition cue still parts
    # the two
    claim = _read("The previous course record, 9.9 seconds, was set on 6 April 2014.")
    page = _read("Kiptoo lowered the previous course record of 9.9 seconds, set on 10 April 2011.")
    assert compare_statements(*claim, *page).relation == "related"


@pytest.mark.parametrize("a, b", [
    ("The United Nations adopted the resolution on 3 March 2022.",
     "The UN General Assembly adopted the resolution on 5 March 2022."),
    ("The European Union fined the bank on 3 March 2022.",
     "The EU Commission fined the bank on 5 March 2022."),
])
def test_a_body_of_an_organisation_is_no_other_participant_than_the_organisation(a, b):
    # "UN General Assembly" and "United Nations" were disjoint participants: two events, so
    # the dates that differ were no conflict
    result = compare_statements(*_read(a), *_read(b))
    assert result.relation == "conflict" and [r.slot for r in result.reasons] == ["date"], result


def test_two_organisations_stay_two_participants():
    result = compare_statements(*_read("The United Nations adopted the resolution on 3 March 2022."),
                                *_read("The African Union adopted the resolution on 5 March 2022."))
    assert result.relation == "related"


def compare_texts(a: str, b: str):
    """``compare_statements`` of two texts with the slots the extractor reads in them."""
    from claimcheck.extract.slots import extract_slots
    return compare_statements(a, extract_slots(a), b, extract_slots(b))


def test_not_a_single_denies_what_the_count_affirms():
    # "a single" after the cue emphasises the noun it counts: the denial governs "official"
    # (and the verb), not "single", as "no official" would
    a = ("Not a single official of Utopia has been indicted over the flood.",
         slots(ent("Utopia"), negated=True, quantifier="none"))
    b = ("The prosecutor indicted four officials of Utopia over the flood.",
         slots(ent("Utopia"), qty("four officials", 4, "official")))
    assert compare(a, b).relation == "conflict"
    assert compare(b, a).relation == "conflict"


def test_negation_scope_skips_the_emphatic_single():
    from claimcheck.compare import negation_scope
    assert negation_scope("Not a single official was indicted.") == negation_scope("No official was indicted.")
    assert negation_scope("There was not one solitary case of fraud.") == negation_scope("There was no case of fraud.")


def test_figures_of_two_quarters_of_one_year_do_not_conflict():
    a = "Aldmoor reported revenue of $2.1 billion in the third quarter of 2021."
    b = "Aldmoor reported revenue of $1.8 billion in the second quarter of 2021."
    c = "Aldmoor reported revenue of $1.8 billion in the third quarter of 2021."
    assert compare_texts(a, b).relation != "conflict"
    assert compare_texts(a, c).relation == "conflict"


def test_a_word_on_two_antonym_axes_reads_both():
    # "reject" is a synonym of "oppose" (support|oppose) and the antonym of "approve"
    # (approve|reject): it must oppose "approved" as it opposes "supported"
    a = "The agency approved the drug in 2019."
    b = "The agency rejected the drug in 2019."
    c = "The agency supported the plan in 2019."
    d = "The agency rejected the plan in 2019."
    for x, y in ((a, b), (b, a), (c, d)):
        result = compare_texts(x, y)
        assert result.relation == "conflict", (x, y, result)
        assert result.reasons[0].slot == "negation"


@pytest.mark.parametrize("a, b", [
    ("Exports of wheat fell 4% in 2020.", "Exports of barley fell 9% in 2020."),
    ("Women's turnout was 64 per cent.", "Men's turnout was 59 per cent."),
    ("The second phase cost $40 million.", "The first phase cost $25 million."),
    ("The north tower is 320 metres tall.", "The south tower is 290 metres tall."),
])
def test_one_frame_told_of_two_things_is_no_conflict(a, b):
    result = compare_texts(a, b)
    assert result.relation == "related"
    assert "two different things" in result.reasons[0].note


@pytest.mark.parametrize("a, b", [
    ("Exports of wheat fell 4% in 2020.", "Exports of wheat fell 9% in 2020."),
    ("The eruption killed 57 people.", "The eruption left 61 people dead."),
    ("Turnout was 67 per cent.", "Turnout reached 71 per cent."),
])
def test_one_thing_told_with_two_figures_still_conflicts(a, b):
    assert compare_texts(a, b).relation == "conflict"


def test_a_tally_with_its_noun_compares_with_one_without():
    a = "The bill passed the Senate 68 to 32."
    b = "The bill passed the Senate by 70 votes to 30."
    c = "The bill passed the Senate by 68 votes to 32."
    assert compare_texts(a, b).relation == "conflict"
    assert compare_texts(a, c).relation == "agree"


def test_figures_of_two_measures_that_both_differ_tell_another_occurrence():
    a = "The lake rose 2 metres in 36 hours."
    b = "The lake rose 4 metres in 72 hours."
    c = "The lake rose 4 metres in 36 hours."
    result = compare_texts(a, b)
    assert result.relation == "related" and "two measures" in result.reasons[0].note
    assert compare_texts(a, c).relation == "conflict"


def test_all_before_a_count_of_the_dead():
    # "killing all 88 people" counts deaths as "88 people ... died" does
    a = "The ferry capsized at dawn, killing all 88 people on board."
    b = "All 81 people aboard the ferry died when it capsized."
    assert compare_texts(a, b).relation == "conflict"


def test_one_place_name_written_in_both_is_one_participant_however_resolved():
    # "San Rafael" resolves to another country where a sentence names none; the other sentence,
    # naming the country, writes the same name: one mine, not two participants
    from claimcheck.compare import build_view, load_lexicon, participant_reason
    from claimcheck.model import Entity
    a_text = "Forty men were trapped when the San Rafael mine collapsed in May 2012."
    b_text = "In May 2012 the San Rafael mine near Oruro, Bolivia, collapsed, trapping 40 men."
    a = slots(Entity(text="San Rafael", canonical="Costa Rica", start=32, end=42, kind="place"),
              day("May 2012", "2012-05"), qty("Forty men", 40, "man"))
    b = slots(Entity(text="San Rafael", canonical="Bolivia", start=15, end=25, kind="place"),
              Entity(text="Bolivia", canonical="Bolivia", start=47, end=54, kind="country"),
              day("May 2012", "2012-05"), qty("40 men", 40, "man"))
    lexicon = load_lexicon()
    assert participant_reason(build_view(a_text, a, lexicon), build_view(b_text, b, lexicon)) is None
    assert compare_statements(a_text, a, b_text, b).relation == "agree"


def test_a_fraction_that_is_the_subject_is_no_repetition_cue():
    from claimcheck.compare import has_repetition_cue
    assert not has_repetition_cue("The bridge cost $40 million, of which a third was paid by the city.")
    assert not has_repetition_cue("A third of the budget went to schools.")
    assert has_repetition_cue("The city held a third referendum on the bridge in 2019.")


@pytest.mark.parametrize("a, b", [
    ("Plan A reached the trapped men on 9 October 2010.", "Plan B reached the trapped men on 9 October 2010."),
    ("Orion 3 landed on the Moon in 1971.", "Orion 4 landed on the Moon in 1971."),
])
def test_two_things_named_with_other_numbers_or_letters_are_two_things(a, b):
    from claimcheck.extract.slots import extract_slots
    from claimcheck.compare import build_view, identifier_reason, load_lexicon
    result = compare_texts(a, b)
    assert result.relation == "related"
    lexicon = load_lexicon()
    reason = identifier_reason(build_view(a, extract_slots(a), lexicon), build_view(b, extract_slots(b), lexicon))
    assert reason is not None and "different named things" in reason.note


def test_one_thing_named_alike_is_one_thing():
    a = "Plan B reached the trapped men on 9 October 2010."
    b = "The trapped men were reached by Plan B on 9 October 2010, before Plan A."
    assert compare_texts(a, b).relation == "agree"


def test_a_roman_numeral_names_what_its_digit_names():
    from claimcheck.compare import named_identifiers
    assert named_identifiers("a Category I storm") == named_identifiers("a Category 1 storm")


def test_a_currency_code_before_a_figure_names_no_series():
    a = "The court upheld a fine of EUR 84 million imposed on the firm."
    b = "The court upheld the fine of EUR 48 million imposed on the firm."
    assert compare_texts(a, b).relation == "conflict"


@pytest.mark.parametrize("a, b", [
    ("Analysts said the tariff would raise prices by 12%.", "The tariff raised prices by 5%."),
    ("The firm plans to hire 800 workers.", "The firm hired 350 workers."),
    ("The bridge is expected to cost $90 million.", "The bridge cost $130 million."),
])
def test_a_forecast_or_plan_does_not_conflict_with_an_outcome(a, b):
    from claimcheck.compare import is_forecast
    assert is_forecast(a) and not is_forecast(b)
    assert compare_texts(a, b).relation == "related"


def test_two_forecasts_still_conflict():
    a, b = "The firm plans to hire 800 workers.", "The firm plans to hire 350 workers."
    assert compare_texts(a, b).relation == "conflict"


def test_a_promise_is_a_plan_as_a_would_is():
    a = "The new owner has promised to invest $40 million in the mill."
    b = "The new owner said it would invest $55 million in the mill."
    assert compare_texts(a, b).relation == "conflict"


def test_opposite_acts_on_different_dates_can_both_have_happened():
    a = "The ferry terminal opened on 14 June 1988."
    b = "The ferry terminal was closed for repairs on 2 March 2011."
    c = "The ferry terminal did not open on 14 June 1988."
    d = "The ferry terminal opened on 14 June 1988."
    assert compare_texts(a, b).relation != "conflict"
    assert compare_texts(c, d).relation == "conflict"
