"""Unit tests for claim verification: passages, ranking, figure/date rules and verdicts."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.model import Claim, Page, Slots
from claimcheck.passages import date_mentions, number_mentions, split_passages
from claimcheck.verify import (
    PageIndex,
    dates_compatible,
    numbers_compatible,
    rank_passages,
    strip_citations,
    verify_against_index,
    verify_claim,
    verify_claims,
    verify_text,
)

VOTE_PAGE = """Home | World | Politics

Assembly backs call to lift trade embargo

The General Assembly on 2 November 2023 adopted a resolution calling for an end to the trade embargo on Cuba. The resolution was adopted by 187 votes in favour to 2 against, with 1 abstention.

Last year's resolution, adopted on 3 November 2022, received 185 votes in favour. General Assembly resolutions are not legally binding.

(c) World Desk 2023"""

SHIP_PAGE = """Salvors finish work on the sunken cargo ship Heron Star

The cargo ship Heron Star sank in the Bay of Corvel on 14 February 2019 while carrying 9,800 tonnes of steel coils.

The wreck lies at a depth of 64 metres. The port authority said the wreck would not be raised.

An earlier attempt by another contractor, Deepline Salvage, was abandoned in November 2020."""

EXCLUSIVE_PAGE = """Enlargement history

Sweden joined the European Union on 1 January 1995. Finland joined the European Union on 1 January 1995. Austria joined the European Union on the same day."""


def _page(text: str, error: str | None = None) -> Page:
    return Page(url="https://example.org/p", final_url="https://example.org/p", status=200,
                fetched_at=datetime(2024, 1, 1, tzinfo=timezone.utc), sha256="0" * 64,
                content_type="text/plain", text=text, error=error)


def _claim(text: str) -> Claim:
    return Claim(text=text, start=0, end=len(text), paragraph=1)


# --------------------------------------------------------------------------- passages


def test_passages_are_sentences_and_windows_with_exact_offsets():
    passages = split_passages(VOTE_PAGE)
    texts = [p.text for p in passages]
    assert "The resolution was adopted by 187 votes in favour to 2 against, with 1 abstention." in texts
    assert any(t.startswith("The General Assembly on 2 November") and t.endswith("1 abstention.")
               for t in texts)  # a two-sentence window within one paragraph
    assert not any("embargo\n\nThe General" in t for t in texts)  # never across paragraphs
    for p in passages:
        assert VOTE_PAGE[p.start:p.end] == p.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abc XYZ.,!?\n19%$", min_size=0, max_size=60), max_size=8))
def test_passage_offsets_are_exact_for_any_text(chunks):
    text = "\n\n".join(chunks)
    for p in split_passages(text):
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and p.text


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Smith met Dr. Jones on Jan. 5. They talked."
    singles = [p.text for p in split_passages(text, max_window=1)]
    assert singles == ["Mr. Smith met Dr. Jones on Jan. 5.", "They talked."]


# --------------------------------------------------------------------------- figures and dates


def test_numbers_are_read_with_scale_currency_percent_and_hedge():
    found = {n.text: n for n in number_mentions("It earned $9.6bn, up 12% from more than 1,500 sites.")}
    assert found["$9.6bn"].value == pytest.approx(9.6e9) and found["$9.6bn"].unit == "USD"
    assert found["12%"].kind == "percent"
    assert found["1,500"].hedge == "more"


def test_years_and_ordinals_are_not_counts():
    assert number_mentions("In 2019 it was adopted for the thirty-first time, the 21st vote.") == []


def test_dates_have_precision_and_bounds():
    spans = {d.text: d for d in date_mentions("on 2 March 2022, by June 2021, in 1995, March 4")}
    assert spans["2 March 2022"].value == "2022-03-02" and spans["2 March 2022"].precision == "day"
    assert spans["June 2021"].bound == "by"
    assert spans["1995"].precision == "year"
    with_year = date_mentions("on March 4", reference_date=date(2020, 6, 1))
    assert with_year[0].value == "2020-03-04"


@pytest.mark.parametrize("claim, page, expected", [
    ("141 countries", "141 votes", True),
    ("140 countries", "141 votes", False),
    ("more than 1,500 people", "1,517 people", True),
    ("more than 1,500 people", "1,400 people", False),
    ("1.5 million people", "1,517,000 people", True),
    ("about 2,000 homes", "2,150 homes", True),
    ("12% growth", "12.3% growth", True),
    ("9.4 billion dollars", "$9.6bn", False),
])
def test_numbers_compatible(claim, page, expected):
    (a,), (b,) = number_mentions(claim), number_mentions(page)
    assert numbers_compatible(a, b) is expected


@pytest.mark.parametrize("claim, page, expected", [
    ("in March 2022", "on 2 March 2022", True),
    ("on 3 March 2022", "on 2 March 2022", False),
    ("in 2022", "on 2 March 2022", True),
    ("in 2021", "on 2 March 2022", False),
    ("by April 2022", "on 2 March 2022", True),
    ("before 2022", "on 2 March 2022", False),
])
def test_dates_compatible_by_precision(claim, page, expected):
    (a,), (b,) = date_mentions(claim), date_mentions(page)
    assert dates_compatible(a, b) is expected


# --------------------------------------------------------------------------- ranking


def test_rank_passages_puts_the_relevant_sentence_first():
    passages = split_passages(VOTE_PAGE)
    ranked = rank_passages("The embargo resolution was adopted by 187 votes to 2.", None, passages, top_k=3)
    assert len(ranked) == 3
    assert "187 votes" in ranked[0].evidence.text
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


# --------------------------------------------------------------------------- verdicts


def test_supported_quotes_the_passage_with_exact_offsets():
    result = verify_text("The embargo resolution was adopted by 187 votes in favour.", None, VOTE_PAGE)
    assert result.verdict == "supported"
    assert "187 votes" in result.evidence.text
    assert VOTE_PAGE[result.evidence.start:result.evidence.end] == result.evidence.text
    assert result.reasons == ()


def test_contradicted_quantity():
    result = verify_text("The embargo resolution was adopted by 189 votes in favour.", None, VOTE_PAGE)
    assert result.verdict == "contradicted"
    assert [(r.slot, r.a, r.b) for r in result.reasons] == [("quantity", "189", "187")]


def test_list_of_figures_pairs_each_with_its_own_role():
    supported = verify_text("The resolution was adopted by 187 votes in favour to 2 against.", None,
                            VOTE_PAGE)
    contradicted = verify_text("The resolution was adopted by 187 votes in favour to 5 against.", None,
                               VOTE_PAGE)
    assert supported.verdict == "supported"
    assert contradicted.verdict == "contradicted"
    assert contradicted.reasons[0].b == "2"


def test_contradicted_date_and_supported_coarser_date():
    wrong = verify_text("The cargo ship Heron Star sank in the Bay of Corvel in March 2019.", None, SHIP_PAGE)
    coarse = verify_text("The cargo ship Heron Star sank in the Bay of Corvel in February 2019.", None,
                         SHIP_PAGE)
    assert wrong.verdict == "contradicted" and wrong.reasons[0].slot == "date"
    assert (wrong.reasons[0].a, wrong.reasons[0].b) == ("2019-03", "2019-02-14")
    assert coarse.verdict == "supported"


def test_contradicted_negation():
    result = verify_text("The wreck of the Heron Star will be raised.", None, SHIP_PAGE)
    assert result.verdict == "contradicted"
    assert result.reasons[0].slot == "negation"
    assert "would not be raised" in result.evidence.text


def test_not_found_has_no_evidence():
    result = verify_text("The captain of the Heron Star was charged with negligence.", None, SHIP_PAGE)
    assert result.verdict == "not_found"
    assert result.evidence is None and result.reasons == ()


def test_another_event_with_the_same_actors_is_not_a_contradiction():
    # Last year's vote has other figures and another date: it neither supports nor contradicts.
    result = verify_text("The General Assembly adopted the embargo resolution on 2 November 2021 "
                         "by 184 votes in favour.", None, VOTE_PAGE)
    assert result.verdict != "supported"
    assert not (result.verdict == "contradicted"
                and result.evidence.text.startswith("Last year's resolution"))


def test_exclusive_claim_is_contradicted_by_another_actor_before_the_date():
    result = verify_text("Sweden was the only country to join the European Union before 1996.", None,
                         EXCLUSIVE_PAGE)
    assert result.verdict == "contradicted"
    assert result.reasons[0].slot == "quantifier"
    assert result.reasons[0].b in ("Finland", "Austria")
    assert EXCLUSIVE_PAGE[result.evidence.start:result.evidence.end] == result.evidence.text


def test_exclusive_claim_is_not_supported_by_a_mere_instance():
    result = verify_text("Sweden was the only country to join the European Union in 1995.", None,
                         "Sweden joined the European Union on 1 January 1995.")
    assert result.verdict == "not_found"


def test_only_before_a_figure_is_not_exclusivity():
    result = verify_text("The resolution received only 2 votes against.", None, VOTE_PAGE)
    assert result.verdict == "supported"


def test_another_contractor_contradicts_only_claim():
    result = verify_text("Brightwater Marine was the only contractor to attempt salvage of the Heron Star.",
                         None, SHIP_PAGE)
    assert result.verdict != "supported"


def test_unreachable_when_page_is_missing_or_failed():
    missing = verify_claim(_claim("Anything at all."), None, error="connection refused")
    failed = verify_claim(_claim("Anything at all."), _page("", error="HTTP 404"))
    assert missing.verdict == "unreachable" and failed.verdict == "unreachable"
    assert missing.evidence is None
    assert [(r.slot, r.note) for r in missing.reasons] == [("other", "connection refused")]
    assert failed.reasons[0].note == "HTTP 404"


def test_verify_claim_uses_the_page_text():
    result = verify_claim(_claim("The wreck of the Heron Star lies at a depth of 64 metres."),
                          _page(SHIP_PAGE))
    assert result.verdict == "supported"
    assert SHIP_PAGE[result.evidence.start:result.evidence.end] == result.evidence.text


def test_batch_equals_one_by_one():
    claims = [_claim("The wreck of the Heron Star lies at a depth of 64 metres."),
              _claim("The wreck of the Heron Star lies at a depth of 46 metres."),
              _claim("The Heron Star was built in a shipyard on the moon.")]
    batch = verify_claims(claims, _page(SHIP_PAGE))
    single = [verify_text(c.text, c.slots, SHIP_PAGE) for c in claims]
    assert batch == single
    assert [r.verdict for r in batch] == ["supported", "contradicted", "not_found"]


def test_empty_page_and_empty_claim_are_not_found():
    assert verify_text("A claim about nothing in particular.", Slots(), "").verdict == "not_found"
    assert verify_against_index(PageIndex(SHIP_PAGE), "", None).verdict == "not_found"


RESULTS_PAGE = """Quarterly results

Acme Widgets reported revenue of $4.8 billion for the third quarter, up 9% from a year earlier.

A total of 87 workers were injured at its plants during the year. A safety campaign reached 1.2 million people. In the previous campaign, in 2017, 41 workers were injured."""


def test_up_and_rose_are_the_same_direction():
    assert verify_text("Acme Widgets' third-quarter revenue rose 9%.", None, RESULTS_PAGE).verdict == "supported"
    wrong = verify_text("Acme Widgets' third-quarter revenue rose 12%.", None, RESULTS_PAGE)
    assert wrong.verdict == "contradicted" and (wrong.reasons[0].a, wrong.reasons[0].b) == ("12%", "9%")


def test_a_generic_unit_alone_does_not_pair_figures():
    result = verify_text("Acme Widgets vaccinated 87 people.", None, RESULTS_PAGE)
    assert result.verdict != "contradicted"


def test_figures_of_another_year_are_another_event():
    result = verify_text("In 2024, 87 workers were injured at Acme Widgets plants.", None, RESULTS_PAGE)
    assert result.verdict != "contradicted"


@pytest.mark.parametrize("text, expected", [
    ("It was adopted (Library of Records 2022d).", "It was adopted."),
    ("It rose (see Smith 2020; Jones 2019a) sharply [3].", "It rose sharply."),
    ("The vote (2 March 2022) passed.", "The vote (2 March 2022) passed."),
])
def test_strip_citations_keeps_what_the_claim_says(text, expected):
    assert strip_citations(text) == expected


def test_citation_and_partitive_do_not_hide_a_supported_figure():
    page = "Among those voting against were Chile and Peru. By a recorded vote of 93 in favour to 24 " \
           "against, the Assembly adopted the resolution on fisheries."
    claim = "Peru was one of 24 countries voting against the fisheries resolution (Library of Records 2022d)."
    result = verify_text(claim, None, page)
    assert result.verdict == "supported"
    assert "24" in result.evidence.text
