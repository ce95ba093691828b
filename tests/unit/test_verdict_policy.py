"""Verdict policy: headings, dated pages, bounds."""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.extract.slots import extract_slots
from claimcheck.pipeline import alignment_engine
from claimcheck.verify import verify_text

REF = date(2024, 6, 1)


def _verdict(claim: str, page: str):
    return verify_text(claim, extract_slots(claim, 0, REF), page, alignment_engine(), REF)


def test_a_heading_with_another_figure_does_not_contradict():
    page = ("Ferry terminal now handles 44 sailings a day\n\n"
            "The harbour board met on Tuesday to discuss the winter timetable and the cost of fuel.")
    result = _verdict("The ferry terminal handles 41 sailings a day.", page)
    assert result.verdict != "contradicted"


def test_the_same_figure_in_prose_still_contradicts():
    page = ("Ferry terminal traffic\n\n"
            "The ferry terminal now handles 44 sailings a day, the harbour board said on Tuesday.")
    result = _verdict("The ferry terminal handles 41 sailings a day.", page)
    assert result.verdict == "contradicted" and "44" in result.evidence.text


def test_a_weekday_on_a_dated_page_gives_the_claims_date():
    from claimcheck.model import Claim
    from claimcheck.verify.page import PageEvidence
    from claimcheck.verify.verdict import verdict_for

    engine = alignment_engine()
    issued = date(2015, 4, 26)
    page = ("Relief flights to the capital\n\nApril 26, 2015\n\n"
            "The first relief aircraft landed at the capital's airport on Saturday evening, carrying a "
            "rescue team and tents.")
    text = "The first relief aircraft landed at the capital's airport on the evening of 25 April 2015."
    claim = Claim(text=text, start=0, end=len(text), paragraph=1, slots=extract_slots(text, 0, issued))
    evidence = PageEvidence(page, engine, issued, issued)
    vector = engine.vectors([text])
    result = verdict_for(claim, evidence, engine, None if vector is None else vector[0])
    assert result.verdict == "supported" and "Saturday" in result.evidence.text


def test_a_lower_bound_is_supported_by_a_larger_figure():
    page = "The national emergency centre said the floods had killed 8,790 people by the end of May."
    assert _verdict("More than 5,000 people died in the floods.", page).verdict == "supported"
    smaller = "The national emergency centre said the floods had killed 4,358 people by the end of May."
    assert _verdict("More than 5,000 people died in the floods.", smaller).verdict == "contradicted"


def test_the_pages_title_line_is_a_heading_however_it_ends():
    from claimcheck.verify.page import PageEvidence

    page = ("Ferry record: 44 sailings a day!\n\n"
            "The terminal now handles 44 sailings a day. It handled 41 a day last winter, the board said.")
    evidence = PageEvidence(page, alignment_engine(), REF)
    assert [p.heading for p in evidence.passages if p.start == 0] == [True]
    # a short exclamation inside the text stays a statement
    body = PageEvidence("Ferry news\n\nTraffic rose again.\n\nIt was a record! The board was pleased.",
                        alignment_engine(), REF)
    assert not any(p.heading for p in body.passages if p.text.startswith("It was a record!"))
    # a first line that is a sentence, or a page of one line, is no title
    for page in ("The vote was 141 in favour and 5 against.\n\nThe record shows it.",
                 "The vote was 141 in favour and 5 against!"):
        assert not PageEvidence(page, alignment_engine(), REF).passages[0].heading


_PLAN = ("Coalition unveils its programme\n\n"
         "Among the key points, the statutory minimum wage is to rise to 12 euros an hour.\n\n"
         "{length}\n\n"
         "The parties also want to build new homes every year and to expand rail services.")
_CLAIM = ("Running to 144 pages, the agreement commits the coalition to raising the statutory minimum "
          "wage to twelve euros.")


def test_a_figure_the_supporting_passage_lacks_is_refuted_by_the_pages_one_value_of_that_measure():
    # the wage part was confirmed and the page's only length, 177 pages, was never compared:
    # the claim was 'supported'
    result = _verdict(_CLAIM, _PLAN.format(length='The 177-page document is titled "Dare more progress".'))
    assert result.verdict == "contradicted" and "177-page" in result.evidence.text
    assert any(r.slot == "quantity" and r.a == "144 pages" for r in result.reasons)


def test_the_page_giving_the_figure_anywhere_is_no_refutation():
    page = _PLAN.format(length="The 144-page document is titled \"Dare more progress\", unlike the 177-page draft.")
    assert _verdict(_CLAIM, page).verdict == "supported"


def test_a_measure_the_page_gives_often_refutes_nothing():
    # three page counts: which one is the agreement's is not known
    page = _PLAN.format(length="The 177-page document is titled \"Dare more progress\". A 40-page annex "
                               "lists the costings, and a 12-page summary was published.")
    assert _verdict(_CLAIM, page).verdict == "supported"


def test_a_small_count_or_a_bare_figure_is_not_refuted_by_the_page():
    page = ("The two countries broke off diplomatic relations on July 13, the ministry said.\n\n"
            "In March, it was one of five countries that voted against the resolution.")
    assert _verdict("These two countries broke off diplomatic relations on July 13.", page).verdict == "supported"


def test_a_passage_differing_only_in_a_figure_is_aligned_as_if_it_agreed():
    # worded apart ("lay near" / "struck"), the passage's own alignment is under the floor; judged
    # as if its distance agreed it is the claim's telling, and the distance differs
    page = ("Report on the Tarsa earthquake\n\n"
            "Shortly after dawn on 3 March, an earthquake measured at magnitude 6.4 by the national "
            "observatory struck Velno in Ardek district, about 63 km south-east of Morrow. Aftershocks "
            "continued for weeks.\n\nThe government appealed for tents and blankets.")
    result = _verdict("The earthquake's epicentre lay near Velno in Ardek district, about 28 km south-east of Morrow.",
                      page)
    assert result.verdict == "contradicted", result
    assert result.reasons[0].slot == "quantity" and "63 km" in result.evidence.text


def test_a_passage_aligned_only_as_if_its_figures_agreed_supports_nothing():
    # the passage nearest the claim is about something else, and its month ("in June", of the
    # page's year) is compatible with the claim's year: that lifts it for a comparison, it cannot
    # make it the claim's confirmation
    page = ("Cholera outbreak in Velno province: situation report 12\n\n"
            "No cases have been confirmed in neighbouring provinces. Water testing found contamination "
            "in 14 of the 60 wells sampled in June.\n\nThe provincial health office will report again "
            "next week.")
    result = _verdict("Velno province opened 42 new schools in 2024.", page)
    assert result.verdict == "not_found", result


def test_a_figure_of_a_measure_the_page_states_often_is_not_refuted_by_a_lift():
    # the page gives percentages of other things (vote shares, turnout): one of them, aligned only
    # as if it agreed with the claim's, is not the claim's value
    page = ("Velno election: final results\n\n"
            "Tamsin Orr was elected mayor of Velno on Sunday with 52.4% of the vote against 47.6% for her "
            "rival, the electoral office said.\n\nTurnout was 68.1%, up from 61.5% in the first round, "
            "when Orr received 38.9%.\n\nOrr will take office in July.")
    result = _verdict("Orr promised to raise the minimum wage in Velno by 20%.", page)
    assert result.verdict != "contradicted", result


def test_a_count_of_deaths_is_given_by_people_who_died():
    # "three deaths" on the claim's side, "at least three people ... have died" on the page's:
    # one count of events, as matching reads both (compare.counted_quantities)
    page = ("Regulators cleared the antibody on Friday. At least three people taking the antibody in the "
            "open-label extension of the trial have died, and in each case experts have asked whether "
            "bleeding in the brain played a part. The company disputes that reading.")
    result = _verdict("Three deaths in the open-label extension of the trial were reported.", page)
    assert result.verdict == "supported", result


# a company's release: its dateline is a day of 2024, its one passage is about quarterly results
RELEASE = ("SAN JOSE, Calif., October 24, 2024 - Velmora Systems Inc. today reported revenue of "
           "$4.82 billion for the third quarter of 2024, up 9% from $4.42 billion a year earlier.\n\n"
           "The board declared a quarterly dividend.")


def test_a_year_any_date_of_that_year_gives_backs_no_loose_alignment():
    # the release's dateline (a day of 2024) lies in the claim's year, but the passage, loosely
    # aligned on the company's name, says nothing of a sale: a year is no evidence of the act
    result = _verdict("Velmora Systems sold its hardware division to a rival in 2024.", RELEASE)
    assert result.verdict != "supported", result


def test_a_day_the_page_gives_still_backs_a_loose_alignment():
    result = _verdict("Velmora Systems published its quarterly results on 24 October 2024.", RELEASE)
    assert result.verdict == "supported", result


def test_a_bare_figure_the_claim_gives_refutes_none_of_its_other_figures():
    from claimcheck.verify.verdict import bare_conflict

    record = extract_slots("Station: Velmora North. Rainfall: 12.4. Wind: 35 km/h.", 0, REF)
    # the claim's 12.4 mm is the record's bare 12.4: the warning level of 20.5 mm is not refuted by it
    both = extract_slots("The gauge recorded 12.4 mm of rain, below the warning level of 20.5 mm.", 0, REF)
    assert bare_conflict(both, record) is None
    # a bare figure of the claim's precision that no figure of the claim gives still refutes
    other = extract_slots("The gauge recorded 13.7 mm of rain.", 0, REF)
    reason = bare_conflict(other, record)
    assert reason is not None and reason.a == "13.7 mm" and reason.b == "12.4"


def test_every_row_of_a_record_table_is_read_however_short():
    from claimcheck.verify.page import PageEvidence

    evidence = PageEvidence(RECORD_PAGE, alignment_engine(), REF)
    records = [p.text for p in evidence.passages if "Station: Velmora North." in p.text]
    assert records and all("Rain: 41.2." in text for text in records), records


RECORD_PAGE = ("Velmora wettest day on record\n\nStation | Velmora North\n\nRain | 41.2\n\n"
               "Temperature | 20.9\n\nWind | 35 km/h\n\nObserver | Ada Moro\n\n"
               "Date | 16 AUG 2009\n\nNetwork | Velmora Regional Weather Service\n\n"
               "Monthly totals\n\nMonth | Rain | Station | Date\n\n"
               "May | 12.4 | Velmora North | 31 MAY 2009\n\n"
               "June | 18.7 | Velmora North | 30 JUN 2009\n\n"
               "July | 22.9 | Ostrand | 31 JUL 2009\n\n"
               "August | 41.2 | Velmora North | 31 AUG 2009")


def test_a_claim_of_one_field_of_a_record_is_supported_by_that_field():
    # the record is a long text of seven fields; the claim states one of them. Its bare 20.9 has
    # the claim's precision but is a temperature, by its header: no rival to the warning level
    result = _verdict("The gauge recorded 41.2 mm of rain, far above the warning level of 20.5 mm.",
                      RECORD_PAGE)
    # the record or the month's row: both give the rainfall (lexical mode quotes the row)
    assert result.verdict == "supported" and "41.2" in result.evidence.text, result


def test_a_field_giving_another_value_neither_supports_nor_refutes_by_itself():
    # every row of the table has a rainfall: a field of another value is no counterpart
    result = _verdict("The gauge recorded 33.6 mm of rain, far above the warning level of 20.5 mm.",
                      RECORD_PAGE)
    assert result.verdict == "not_found", result


def _dated_verdict(claim_text: str, page: str, issued: date | None):
    from claimcheck.model import Claim
    from claimcheck.verify.page import PageEvidence
    from claimcheck.verify.verdict import verdict_for

    engine = alignment_engine()
    claim = Claim(text=claim_text, start=0, end=len(claim_text), paragraph=1,
                  slots=extract_slots(claim_text, 0, date(2022, 12, 1)))
    evidence = PageEvidence(page, engine, issued or date(2022, 12, 1), issued)
    vector = engine.vectors([claim_text])
    return verdict_for(claim, evidence, engine, None if vector is None else vector[0])


# a dated release tells its day as "today" or "yesterday"
DATED_RELEASE = ("Harbour authority fines dredging firm\n\nPort Ellis, 14 November 2022\n\n"
           "The harbour authority yesterday fined Calder Dredging for dumping silt in the outer basin.")


def test_yesterday_on_a_dated_page_refutes_another_day():
    # "yesterday" was resolved to 13 November and used to confirm a claim, but never compared:
    # a claim dating the fine to 10 November was "not found"
    result = _dated_verdict("On 10 November 2022 the harbour authority fined Calder Dredging for dumping silt.",
                            DATED_RELEASE, date(2022, 11, 14))
    assert result.verdict == "contradicted"
    assert [r.slot for r in result.reasons] == ["date"] and "yesterday" in result.evidence.text


def test_yesterday_on_a_dated_page_still_confirms_its_day():
    result = _dated_verdict("On 13 November 2022 the harbour authority fined Calder Dredging for dumping silt.",
                            DATED_RELEASE, date(2022, 11, 14))
    assert result.verdict == "supported"


def test_yesterday_on_a_page_without_its_own_date_refutes_nothing():
    # without the page's date, "yesterday" is read against the claim's document: no day to compare
    undated = DATED_RELEASE.replace("Port Ellis, 14 November 2022\n\n", "")
    result = _dated_verdict("On 10 November 2022 the harbour authority fined Calder Dredging for dumping silt.",
                            undated, None)
    assert result.verdict != "contradicted"


# one sentence telling several actors' acts, each in its own clause
ROLL = ("Three ferry lines already serve the island\n\n"
        "Norland Ferries became the third operator to open a route to Skarra, after Baltic Link, which "
        "started sailing there on 4 May 2019, and Vesta Lines, which launched its night crossing on "
        "12 September 2021.")


def test_a_clause_of_a_long_sentence_that_tells_the_claim_supports_it():
    # the sentence as a whole speaks of another operator first (and dates two other acts), so
    # it aligned under the bar and its dates belonged to subordinate clauses: "not found"
    result = _verdict("Vesta Lines launched its night crossing to Skarra in September 2021.", ROLL)
    assert result.verdict == "supported"
    assert result.evidence.text == "and Vesta Lines, which launched its night crossing on 12 September 2021."


def test_a_clause_without_its_subject_supports_no_other_actor():
    # "which launched its night crossing on 12 September 2021" names no operator
    result = _verdict("Baltic Link launched its night crossing to Skarra in September 2021.", ROLL)
    assert result.verdict != "supported"


def test_a_clause_that_gives_none_of_the_claims_dates_supports_nothing():
    result = _verdict("Vesta Lines launched its night crossing to Skarra in 2018.", ROLL)
    assert result.verdict != "supported"


# a vote record: the page's title names the text, a heading the side, a paragraph the voters
VOTE_RECORD = ("Fishing quotas in the northern basin : resolution / adopted by the Council\n\n"
               "Vote date | 3 May 2023\n\n"
               "Voting against (4)\n\n"
               "Freedonia, Ruritania, Sylvania, Utopia.\n\n"
               "The Council asked the basin commission to report within a year.")


def test_a_name_in_a_list_under_a_heading_supports_a_claim_that_it_did_what_the_heading_says():
    # the list paragraph is no sentence about any one of its names: it aligned with nothing
    result = _verdict("Ruritania voted against the resolution on fishing quotas in the northern basin.",
                      VOTE_RECORD)
    assert result.verdict == "supported", result
    assert "Ruritania" in result.evidence.text


def test_a_name_missing_from_the_list_is_not_supported_by_it():
    result = _verdict("Osterlich voted against the resolution on fishing quotas in the northern basin.",
                      VOTE_RECORD)
    assert result.verdict != "supported", result


@pytest.mark.skipif(alignment_engine().mode != "semantic",
                    reason="lexical mode aligns the whole sentence with 'voted in favour' (no antonym of 'against')")
def test_a_list_told_in_a_sentence_supports_each_of_its_names():
    page = ("Council adopts basin text\n\n"
            "The Council yesterday adopted a resolution on fishing quotas in the northern basin by a "
            "recorded vote of 31-4-2. Voting against were Freedonia, Ruritania, Sylvania and Utopia.")
    assert _verdict("Sylvania voted against the resolution on fishing quotas in the northern basin.",
                    page).verdict == "supported"
    # another side of the vote is no support
    assert _verdict("Sylvania voted in favour of the resolution on fishing quotas in the northern basin.",
                    page).verdict != "supported"


def test_the_size_of_the_group_a_claim_puts_a_name_in_is_checked_against_the_list():
    same = _verdict("Ruritania was one of four states voting against the resolution on fishing quotas in "
                    "the northern basin.", VOTE_RECORD)
    assert same.verdict == "supported", same
    other = _verdict("Ruritania was one of six states voting against the resolution on fishing quotas in "
                     "the northern basin.", VOTE_RECORD)
    assert other.verdict == "contradicted", other
    assert other.reasons[0].slot == "quantity" and other.reasons[0].a == "six states"


def test_a_partial_list_confirms_no_group_size():
    page = VOTE_RECORD.replace("Voting against (4)", "Among those voting against")
    result = _verdict("Ruritania was one of six states voting against the resolution on fishing quotas in "
                      "the northern basin.", page)
    assert result.verdict != "contradicted", result


def test_a_claim_that_only_mentions_a_listed_name_is_not_told_by_the_list():
    # the page's title aligns with the claim and Ruritania is listed, but the claim says nothing
    # of voting against: the list is no evidence for it
    result = _verdict("The resolution on fishing quotas in the northern basin criticised Ruritania for "
                      "overfishing.", VOTE_RECORD)
    assert result.verdict != "supported" or "Voting against" not in result.evidence.text, result


def test_a_round_figure_of_another_counted_thing_does_not_give_the_claims_figure():
    # "50,000 schools" was confirmed by "50,000 homes": the same value, so the same figure
    page = ("The storm damaged or destroyed about 50,000 homes across the coastal districts, the "
            "civil protection agency said on Tuesday.")
    result = _verdict("The storm destroyed 50,000 schools across the coastal districts.", page)
    assert result.verdict != "supported", result


def test_a_specific_figure_of_another_counted_noun_still_gives_the_claims_figure():
    # "1,795 participants" and "1795 persons": a figure of four significant digits is one count
    page = "The trial enrolled 1795 persons across 235 sites in North America, Europe and Asia."
    result = _verdict("The trial enrolled 1,795 participants across 235 sites.", page)
    assert result.verdict == "supported", result


def test_a_year_with_none_of_the_claims_act_supports_nothing():
    # the release's passage shares the company's name and the year, and aligned at the agree
    # probability on its wording: but it says nothing of a sale
    page = ("SAN DIEGO, Calif., October 24, 2024 - Altavia Systems Inc. today reported revenue of "
            "$4.82 billion for the third quarter of 2024, up 9% from $4.42 billion in the same quarter "
            "a year earlier.")
    result = _verdict("Altavia Systems sold its hardware division to a rival in 2024.", page)
    assert result.verdict != "supported", result


FILING = ("CURRENT REPORT\n\nDate of Report: February 7, 2024\n\nDUNMORE FOODS, INC.\n\n"
          "On February 7, 2024, Dunmore Foods, Inc. (the \"Company\") issued a press release announcing "
          "its financial results for the fiscal year ended December 30, 2023.\n\n"
          "Net sales for the fiscal year were $7.1 billion.\n\n"
          "Net income for the fiscal year was $287.4 million, or $2.11 per diluted share.")


def test_a_passage_giving_the_claims_specific_figure_supports_it_though_it_names_no_subject():
    # "Net income for the fiscal year was $287.4 million" names no company (the filing's is
    # implied) and aligned under the bar; the release passage confirmed only the year
    result = _verdict("Dunmore Foods earned net income of $287.4 million in fiscal 2023.", FILING)
    assert result.verdict == "supported", result
    assert "$287.4 million" in result.evidence.text


@pytest.mark.skipif(alignment_engine().mode != "semantic",
                    reason="lexical mode lifts the passage over its lower listing bar by the shared figure")
def test_a_specific_figure_backs_only_a_passage_that_tells_the_claims_act():
    # (a passage that a shared figure lifts over the listing bar is read as any other: "paid a
    # special dividend of $287.4 million" is still confirmed by that net income; see bench/README)
    result = _verdict("Dunmore Foods spent $287.4 million on new factories in 2023.", FILING)
    assert result.verdict != "supported" or "$287.4 million" not in result.evidence.text, result


COUNTRY_VOTE = VOTE_RECORD.replace("Freedonia, Ruritania, Sylvania, Utopia.", "Belgium, Chile, Norway, Tonga.")


def test_a_name_missing_from_a_complete_list_refutes_a_claim_that_puts_it_there():
    result = _verdict("Portugal was one of the countries voting against the resolution on fishing quotas "
                      "in the northern basin.", COUNTRY_VOTE)
    assert result.verdict == "contradicted", result
    assert result.reasons[0].slot == "entity" and "Portugal" in result.reasons[0].note
    assert "Belgium, Chile, Norway, Tonga" in result.evidence.text


@pytest.mark.parametrize("heading", ["Among those voting against",  # a partial list
                                     "Voting in favour (4)"])  # another side of the vote
def test_a_list_refutes_no_name_it_leaves_out_unless_complete_and_of_the_claims_group(heading):
    page = COUNTRY_VOTE.replace("Voting against (4)", heading)
    result = _verdict("Portugal was one of the countries voting against the resolution on fishing quotas "
                      "in the northern basin.", page)
    assert result.verdict != "contradicted", result


def test_a_records_field_of_names_is_a_list():
    page = ("Cholera in the lake region: situation report 4\n\nData as of 2 June 2024\n\n"
            "Confirmed cases | 1,204\n\nCountries reporting confirmed cases (3) | Kenya, Uganda, Malawi")
    assert _verdict("Uganda was one of the countries reporting confirmed cases of cholera in the lake region.",
                    page).verdict == "supported"
    refuted = _verdict("Rwanda was one of the countries reporting confirmed cases of cholera in the lake region.",
                       page)
    assert refuted.verdict == "contradicted" and refuted.reasons[0].slot == "entity", refuted


def test_a_list_of_authors_and_initials_is_no_list_of_names():
    # "J" would be named by any claim with a "j" in it
    from claimcheck.verify.page import _names

    assert _names("Smith, J., Jones, K., Brown, L.") is None
    assert _names("Belgium, Chile, Norway and Tonga") == ["Belgium", "Chile", "Norway", "Tonga"]


def test_a_list_of_one_name_per_line_is_a_list():
    # an HTML list renders as one name per line: no sentence and no comma list told the names
    from claimcheck.html import html_to_text

    page = html_to_text("<html><body><h1>Fishing quotas in the northern basin : resolution</h1>"
                        "<p>Vote date: 3 May 2023</p><p>Countries voting against</p>"
                        "<ul><li>Belgium</li><li>Chile</li><li>Norway</li><li>Tonga</li></ul>"
                        "<p>The Council asked the basin commission to report within a year.</p>"
                        "</body></html>").text
    claim = "Chile voted against the resolution on fishing quotas in the northern basin."
    assert _verdict(claim, page).verdict == "supported"
    other = "Portugal was one of the countries voting against the resolution on fishing quotas in the northern basin."
    assert _verdict(other, page).verdict == "contradicted"
