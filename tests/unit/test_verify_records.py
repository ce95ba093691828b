"""Verification on record pages: page dates, lists of actors, vote counts, membership claims."""

from datetime import date

from claimcheck.extract.slots import extract_slots
from claimcheck.verify import PageIndex, verify_against_index, verify_text
from claimcheck.verify_records import (
    actor_lists,
    membership_claim,
    page_date,
    relative_dates,
    role_counts,
)

RECORD = """Fisheries subsidies : resolution / adopted by the Assembly

Vote date | 14 November 2019

Vote summary | Adopted. Yes: 120 | No: 4 | Abstentions: 30

Voting against (4)

Argentina, Iceland, Islamic Republic of Iran, Peru.

The resolution calls on members to phase out subsidies that contribute to overfishing."""

PRESS = """PR/881

21 November 2019

The Council today adopted a decision on fisheries subsidies.

By a recorded vote of 11 in favour to 2 against (Norway, Iceland), with 2 abstentions, \
the Council adopted the decision."""


def check(claim: str, page: str, published: str = "2020-01-15", issued: date | None = None):
    """Verify a claim with the extractor's slots against a page, as the pipeline does."""
    when = date.fromisoformat(published)
    index = PageIndex(page, when, page_date=issued or page_date(page))
    return verify_against_index(index, claim, extract_slots(claim, reference_date=when))


def test_page_date_prefers_metadata_then_a_dateline_near_the_top():
    assert page_date(PRESS, {"published": "2019-11-22"}) == date(2019, 11, 22)
    assert page_date(PRESS) == date(2019, 11, 21)
    assert page_date("A long opening sentence that mentions 3 May 2019 in passing among many words.") is None


def test_relative_days_count_from_the_page_date():
    issued = date(2019, 11, 21)  # a Thursday
    values = [d.value for d in relative_dates("today, yesterday and on Tuesday", issued)]
    assert values == ["2019-11-21", "2019-11-20", "2019-11-19"]
    assert relative_dates("today", None) == []


def test_vote_count_forms_read_as_roles():
    assert [v for v, _, _ in role_counts("Yes: 141 | No: 5 | Abstentions: 35")["against"]] == [5]
    counts = role_counts("141 in favour to 5 against, with 35 abstentions")
    assert (counts["favour"][0][0], counts["against"][0][0], counts["abstain"][0][0]) == (141, 5, 35)
    counts = role_counts("by a vote of 93-24-58")
    assert (counts["favour"][0][0], counts["against"][0][0], counts["abstain"][0][0]) == (93, 24, 58)
    assert role_counts("by 312 votes to 221")["against"][0][0] == 221


def test_lists_after_a_heading_in_parentheses_and_after_were():
    heading = actor_lists(RECORD)[0]
    assert heading.items == ("Argentina", "Iceland", "Islamic Republic of Iran", "Peru")
    assert heading.count == 4 and heading.complete
    inline = actor_lists(PRESS)[0]
    assert inline.items == ("Norway", "Iceland") and {"vot", "against"} <= inline.role
    among = actor_lists("Among those voting against were Chile, the Netherlands and Peru.")[0]
    assert among.items == ("Chile", "Netherlands", "Peru") and not among.complete


def test_membership_claim_reads_actor_count_and_role():
    text = "Peru was one of only four countries voting against the resolution on fisheries subsidies."
    parts = membership_claim(text, extract_slots(text))
    assert parts.actor == "Peru" and parts.count == 4 and parts.role == {"vot", "against"}
    assert membership_claim("Peru voted against the resolution.", None) is None


def test_membership_supported_by_list_count_and_record_date():
    result = check("On November 14, 2019, Iran was one of four countries voting against the resolution "
                   "on fisheries subsidies.", RECORD)
    assert result.verdict == "supported"
    assert "Islamic Republic of Iran" in result.evidence.text and "No: 4" in result.evidence.text
    assert RECORD[result.evidence.start:result.evidence.end] == result.evidence.text


def test_membership_contradicted_by_count_date_or_complete_list():
    wrong_count = check("Peru was one of six countries voting against the resolution on fisheries subsidies.",
                        RECORD)
    assert wrong_count.verdict == "contradicted" and wrong_count.reasons[0].slot == "quantity"
    wrong_date = check("On November 12, Peru was one of four countries voting against the resolution on "
                       "fisheries subsidies.", RECORD, published="2019-12-01")
    assert wrong_date.verdict == "contradicted"
    assert [(r.slot, r.a, r.b) for r in wrong_date.reasons] == [("date", "2019-11-12", "2019-11-14")]
    absent = check("Chile was one of the countries voting against the resolution on fisheries subsidies.",
                   RECORD)
    assert absent.verdict == "contradicted" and absent.reasons[0].slot == "entity"


def test_an_incomplete_list_never_contradicts_by_absence():
    page = "Among those voting against the fisheries resolution were Chile and Peru."
    result = check("Norway was one of the countries voting against the fisheries resolution.", page)
    assert result.verdict != "contradicted"


def test_today_in_a_press_release_takes_the_dateline():
    result = check("On November 19, Norway was one of two countries voting against the Council decision on "
                   "fisheries subsidies.", PRESS)
    assert result.verdict == "contradicted"
    assert [(r.slot, r.b) for r in result.reasons] == [("date", "2019-11-21")]
    same_day = check("On November 21, Norway was one of two countries voting against the Council decision "
                     "on fisheries subsidies.", PRESS, published="2019-12-01")
    assert same_day.verdict == "supported"


def test_vote_counts_of_a_record_field_support_and_contradict():
    assert check("The fisheries subsidies resolution received 30 abstentions.", RECORD).verdict == "supported"
    wrong = check("The fisheries subsidies resolution was adopted with 102 votes in favour.", RECORD)
    assert wrong.verdict == "contradicted" and (wrong.reasons[0].a, wrong.reasons[0].b) == ("102", "120")


def test_several_tallies_on_one_page_are_left_to_the_passages():
    page = ("The fisheries resolution was adopted by 120 in favour to 4 against.\n\n"
            "Last year a similar text received 118 in favour to 6 against.")
    result = verify_text("The fisheries resolution received 6 votes against.", None, page)
    assert result.verdict != "supported"


def test_figures_in_other_units_of_measure_never_pair():
    page = "Women's 3000 m Final\n\nTen athletes from eight countries started the final."
    claim = "Ten athletes from eight countries started the women's 3000 m final."
    assert verify_text(claim, extract_slots(claim), page).verdict != "contradicted"
