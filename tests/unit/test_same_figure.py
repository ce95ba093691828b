"""Paraphrases that share a distinctive figure: found by the matcher, agreed by the comparison."""

from datetime import date

import numpy as np
import pytest

from claimcheck.compare import compare_statements, head_terms
from claimcheck.extract.slots import extract_slots
from claimcheck.match import combined_score, combined_scores, find_matches, is_figure_key, slot_keys
from claimcheck.model import Claim

REFERENCE = date(2025, 9, 1)


def _compare(a: str, b: str):
    return compare_statements(a, extract_slots(a, 0, REFERENCE), b, extract_slots(b, 0, REFERENCE))


@pytest.mark.parametrize("a, b", [
    ("The authority says the strike cost it $3.2 million in lost fares.",
     "The transit authority estimated lost fare revenue at $3.2 million."),
    ("In the end the fire destroyed 212 homes and burned acres before crews contained it.",
     "Damage inspection teams confirmed that 212 homes and 37 outbuildings were destroyed."),
    ("Around 120,000 riders depend on the network on a normal weekday.",
     "The network carries about 118,000 passengers on an average weekday."),
])
def test_paraphrases_sharing_a_distinctive_figure_agree(a, b):
    assert _compare(a, b).relation == "agree"


@pytest.mark.parametrize("a, b", [
    # a small whole number identifies nothing
    ("The authority says the strike cost it $3 in lost fares.",
     "The transit authority estimated lost fare revenue at $3."),
    # the same figure of different subjects in the same voice
    ("Exports rose 12.5% in the first quarter, the ministry said.",
     "Imports rose 12.5% in the first quarter of the year."),
])
def test_a_shared_figure_alone_does_not_make_one_assertion(a, b):
    assert _compare(a, b).relation == "related"


def test_a_different_distinctive_figure_of_one_thing_is_still_a_conflict():
    result = _compare("The fire destroyed 212 homes in the valley, officials said.",
                      "The fire destroyed 240 homes in the valley, officials said.")
    assert result.relation == "conflict"
    assert result.reasons[0].slot == "quantity"


@pytest.mark.parametrize("text, heads", [
    ("About residents of the town and the surrounding hamlets were ordered to leave.", "residents"),
    ("The homes and outbuildings were destroyed.", "homes outbuildings"),
    ("Inspection teams confirmed that the homes were destroyed.", "homes"),
    ("The number of cases declined sharply.", "cases"),
])
def test_head_terms(text, heads):
    expected = set()
    for word in heads.split():
        expected |= head_terms(f"The {word} declined.")
    assert head_terms(text) == expected


def test_figure_keys_ignore_the_counted_noun_and_small_numbers():
    keys = slot_keys(extract_slots("About 2.3 million patients took 12 pills costing $3.2 million."))
    figures = {k for k in keys if is_figure_key(k)}
    assert figures == {"f:count:patient:2.3e+06", "g:count:2.3e+06", "f:money:usd:3.2e+06"}
    other = slot_keys(extract_slots("Around 2.3 million people take the pill."))
    assert "g:count:2.3e+06" in other and "f:count:patient:2.3e+06" not in other


def test_a_shared_figure_lifts_the_score_and_vectorised_scores_agree():
    keys_a = slot_keys(extract_slots("The strike cost $3.2 million in lost fares."))
    keys_b = slot_keys(extract_slots("Lost fare revenue was estimated at $3.2 million by the authority."))
    keys_c = slot_keys(extract_slots("Lost fare revenue was estimated at $4.9 million by the authority."))
    lifted, plain = combined_score(50, keys_a, keys_b), combined_score(50, keys_a, keys_c)
    assert lifted == pytest.approx(75.0) and plain == pytest.approx(0.75 * 50 + 25 / 3)  # m:money:usd shared
    from claimcheck.match import _slot_matrix, rare_figure_keys
    keys = [keys_a, keys_b, keys_c]
    matrix = _slot_matrix(keys, rare_figure_keys(keys))
    vectorised = combined_scores(np.array([50.0, 50.0]), matrix[[0, 0]], matrix[[1, 2]])
    assert vectorised.tolist() == pytest.approx([lifted, plain])


def test_find_matches_reports_a_paraphrase_that_shares_a_figure():
    a = "The authority says the strike cost it $3.2 million in lost fares."
    b = "The transit authority estimated lost fare revenue at $3.2 million."
    claims = [Claim(a, 0, len(a), 1, id=1, document_id=1, slots=extract_slots(a)),
              Claim(b, 0, len(b), 1, id=2, document_id=2, slots=extract_slots(b))]
    matches = find_matches(claims, [])
    assert [(m.claim_a, m.claim_b, m.relation) for m in matches] == [(1, 2, "agree")]


def test_injury_words_are_one_predicate():
    result = _compare("Two firefighters were hurt in the blaze on Monday.",
                      "Three firefighters were injured in the blaze on Monday.")
    assert result.relation == "conflict" and result.reasons[0].slot == "quantity"


def test_a_contract_is_no_infection_and_no_fall():
    from claimcheck.compare import load_lexicon, predicate_terms
    terms, _ = predicate_terms("The contract runs until December.", load_lexicon())
    assert not terms & {"infect", "fall"}


@pytest.mark.parametrize("a, b", [
    ("The hospital treated 40 patients on Monday.", "The hospital discharged 25 patients on Monday."),
    ("The carmaker recalled 1.2 million vehicles in 2023.", "The carmaker sold 9.4 million vehicles in 2023."),
    ("The army killed 12 rebels and captured 30 in March.", "The army killed 12 rebels and released 40 in March."),
])
def test_figures_of_different_predicates_are_no_conflict(a, b):
    assert _compare(a, b).relation == "related"


def test_unknown_verbs_of_the_circumstances_do_not_hide_a_conflict():
    result = _compare("Two firefighters were hurt when a water tender overturned on the ridge road.",
                      "Three firefighters suffered minor injuries when a water tender rolled over on Ridge Road.")
    assert result.relation == "conflict"
    # hurt / injuries: both count injuries (the lexicon's predicate_counts), shown with the noun
    assert result.reasons[0].note == "quantity differs: Two firefighters (2 injuries) vs Three firefighters (3 injuries)"


def test_slot_overlap_counts_what_a_figure_measures_not_its_value():
    from claimcheck.match import slot_overlap
    keys_a = slot_keys(extract_slots("Two firefighters were hurt."))
    keys_b = slot_keys(extract_slots("Three firefighters were hurt."))
    keys_c = slot_keys(extract_slots("Three bridges were closed."))
    assert slot_overlap(keys_a, keys_b) == 1.0
    assert slot_overlap(keys_a, keys_c) == 0.0


def test_a_figure_many_claims_give_lifts_no_score():
    from claimcheck.match import FIGURE_MAX_CLAIMS, rare_figure_keys
    common = [slot_keys(extract_slots(f"Claim {i} says the fund holds $3.2 million."))
              for i in range(FIGURE_MAX_CLAIMS + 1)]
    assert "f:money:usd:3.2e+06" not in rare_figure_keys(common)
    assert "f:money:usd:3.2e+06" in rare_figure_keys(common[:FIGURE_MAX_CLAIMS])
    assert combined_score(50, common[0], common[1], rare_figure_keys(common)) < 75


def test_small_counts_of_different_things_are_different_figures():
    seats = slot_keys(extract_slots("The party won 69 seats."))
    soldiers = slot_keys(extract_slots("The army lost 69 soldiers."))
    assert not {k for k in seats & soldiers if is_figure_key(k)}
