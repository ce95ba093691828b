"""extract_document: zones, claims with exact offsets, citations linked, seeds, and properties."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract_document
from claimcheck.extract.sections import classify_paragraphs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

PAPER = """Heat Waves and Hospital Admissions

Jane Roe, Department of Public Health, Example University. Email: jane.roe@example.edu

ABSTRACT

Hospital admissions rose by 12% during the 2019 heat wave (Nguyen and Baker 2021).

KEYWORDS: heat, hospitals, climate

1. INTRODUCTION

Admissions rose sharply in July 2019 (Baker 2019a). The effect was strongest among people over 75 [sic]. Cooling centres opened in 14 cities (Health Agency 2020).

Journal of Climate Health, Vol. 3, No. 2, pp. 10-20. ISSN 1234-5678. © 2021 Example Press. All rights reserved.

1. The earlier wave of 2003 killed thousands (Baker 2019b).

REFERENCES

- Baker, Sam. 2019a. "Urban Heat." *City Review* 1: 1-5.
- _____. 2019b. "The 2003 Heat Wave." *City Review* 2: 5-9.
- Health Agency. 2020. "Cooling Centres Report," June 3 (<https://example.org/cooling>).
- Nguyen, Tam, and Sam Baker. 2021. "Heat and Hospitals." *Journal of Climate Health* 3(2): 10-20.
- Unused, Ann. 2015. "Never Cited." *Nowhere* 1.
"""


def test_paper_zones_claims_references_and_issues():
    result = extract_document(PAPER)
    texts = [c.text for c in result.claims]
    assert "Admissions rose sharply in July 2019 (Baker 2019a)." in texts
    assert "The earlier wave of 2003 killed thousands (Baker 2019b)." in texts
    assert not any("Email" in t or "ISSN" in t or "KEYWORDS" in t or "Never Cited" in t for t in texts)
    assert [r.key for r in result.references] == [
        "Baker 2019a", "Baker 2019b", "Health Agency 2020", "Nguyen and Baker 2021", "Unused 2015",
    ]
    cooling = next(r for r in result.references if r.key == "Health Agency 2020")
    assert cooling.url == "https://example.org/cooling"
    linked = {m.key: m.reference_key for c in result.claims for m in c.citations}
    assert linked == {
        "Nguyen and Baker 2021": "Nguyen and Baker 2021",
        "Baker 2019a": "Baker 2019a",
        "Health Agency 2020": "Health Agency 2020",
        "Baker 2019b": "Baker 2019b",
    }
    assert [(i.kind, i.citation) for i in result.citation_issues] == [("uncited", "Unused 2015")]


def test_claims_have_exact_offsets_and_paragraph_numbers():
    result = extract_document(PAPER)
    for claim in result.claims:
        assert PAPER[claim.start:claim.end] == claim.text == claim.text.strip()
        for mention in claim.citations:
            assert PAPER[mention.start:mention.end] == mention.text
            assert claim.start <= mention.start < claim.end
    first = next(c for c in result.claims if c.text.startswith("Hospital admissions"))
    assert first.paragraph == 4


def test_front_and_back_matter_zones():
    text = (
        "Citing this paper\n\nPlease check the published version before citing.\n\n"
        "Take down policy\n\nContact us and we will remove access to the work.\n\n"
        "By Maria Lopez\n\n"
        "Page 3 of 12\n\n"
        "Copyright 2021 Example Media. This article is licensed under a Creative Commons licence.\n\n"
        "MARIA LOPEZ is a Senior Lecturer in Geography at Example University.\n\n"
        "Rainfall fell by a third in 2022 across the basin."
    )
    zones = classify_paragraphs(text)
    assert [z.kind for z in zones] == [
        "heading", "boilerplate", "heading", "boilerplate", "metadata", "metadata", "metadata",
        "affiliation", "body",
    ]
    assert [c.text for c in extract_document(text).claims] == ["Rainfall fell by a third in 2022 across the basin."]


def test_unheaded_bibliography_run_yields_references_not_claims():
    text = (
        "Turnout in the 2020 election reached 66% (Haddad 2021).\n\n"
        'Haddad, Omar. 2021. "Turnout Trends." *Electoral Studies* 8(1): 1-9.\n'
        'Moreno, Luis. 2019. "Postal Votes." *Electoral Studies* 6(2): 3-7.\n'
        'Petit, Ana. 2018. "Polling Errors." *Survey Methods* 2(4): 11-20.'
    )
    result = extract_document(text)
    assert [c.text for c in result.claims] == ["Turnout in the 2020 election reached 66% (Haddad 2021)."]
    assert [r.key for r in result.references] == ["Haddad 2021", "Moreno 2019", "Petit 2018"]


def test_questions_opinion_and_hedges_still_come_through():
    text = "Will the dam hold? I think the levee is too weak. The river might flood by June."
    texts = [c.text for c in extract_document(text).claims]
    assert texts == ["Will the dam hold?", "I think the levee is too weak.", "The river might flood by June."]


def test_commentary_seed_has_claims_but_no_references():
    text = (FIXTURES / "commentary-xusheng-2022.txt").read_text(encoding="utf-8")
    result = extract_document(text)
    assert len(result.claims) > 30
    assert result.references == () and result.citation_issues == ()
    assert not any(c.text.startswith("Author:") for c in result.claims)


def test_article_seed_references_citations_and_issues():
    text = (FIXTURES / "article-pacheco-pardo-kim-2022.md").read_text(encoding="utf-8")
    result = extract_document(text)
    assert len(result.references) > 80
    assert sum(1 for r in result.references if r.url) > 40
    mentions = [m for c in result.claims for m in c.citations]
    assert len(mentions) > 100
    assert sum(1 for m in mentions if m.reference_key) / len(mentions) > 0.95
    kinds = {(i.kind, i.suggestion is not None) for i in result.citation_issues}
    assert ("dangling", False) in kinds and ("near_miss", True) in kinds and ("duplicate", True) in kinds
    claim_texts = " ".join(c.text for c in result.claims)
    assert "All rights reserved" not in claim_texts and "@" not in claim_texts
    for claim in result.claims:
        assert text[claim.start:claim.end] == claim.text


_ALPHABET = st.sampled_from(
    list("abcdefgh ABCDE.,;:!?()[]\"'“”’-—*#_<>/\n\n0123456789¹$%&") + ["U.S. ", "Dr. ", "(Smith 2020)", "[2-4]",
    "\n- ", "\n1. ", "REFERENCES\n", "https://x.org/a.b ", "_____. 2020a. ", "Smith, Jo. 2020. \"T.\" *V* 1.\n"]
)
_TEXT = st.lists(_ALPHABET, max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_property_offsets_exact_in_bounds_non_overlapping(text):
    result = extract_document(text)
    previous_end = 0
    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert claim.start >= previous_end
        previous_end = claim.end
    for entry in result.references:
        assert text[entry.start:entry.end] == entry.text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_property_never_raises_and_is_deterministic(text):
    assert extract_document(text) == extract_document(text)


def test_news_byline_and_agency_footer_yield_no_claims():
    text = (
        "Ship backlog eases\n\nBy Maria Lopez and Tom Reed\n\n"
        "LOS ANGELES, March 3 (Reuters) - Ships waiting to dock fell to 40 on Thursday.\n\n"
        "Reporting by Maria Lopez; Editing by Tom Reed\n\n"
        "Our Standards: The Trust Principles."
    )
    result = extract_document(text)
    assert [c.text for c in result.claims] == [
        "LOS ANGELES, March 3 (Reuters) - Ships waiting to dock fell to 40 on Thursday."
    ]
    assert result.citation_issues == ()


def test_a_date_without_a_year_takes_the_year_its_paragraph_named():
    text = ("The earthquake struck on 25 April 2015 near the town. Relief teams landed in the capital "
            "on the evening of 25 April, hours later.\n\n"
            "On 12 May a second quake struck the same district.")
    claims = extract_document(text, published=date(2017, 3, 1)).claims
    assert [[d.value for d in c.slots.dates] for c in claims] == [
        ["2015-04-25"], ["2015-04-25"],
        ["2016-05-12"],  # another paragraph: no year named there, the publication date decides
    ]


def test_a_bare_year_in_passing_does_not_date_the_next_sentences():
    from datetime import date

    text = ("It was stronger even than the famous quake of 1934. The biggest aftershock came on "
            "21 May. The main shock had struck on 25 April 2015. Teams landed on 26 April.\n")
    claims = extract_document(text, published=date(2025, 4, 25)).claims
    dates = {d.text: d.value for c in claims for d in c.slots.dates}
    assert dates["21 May"] == "2025-05-21"  # the publication's year, not 1934
    assert dates["26 April"] == "2015-04-26"  # a full date before it carries its year


def test_a_place_name_takes_the_country_its_paragraph_names():
    # issue #12: "San José" was always Costa Rica, even in a paragraph about a mine in Chile
    text = ("Floods\n\nThe river rose near Temuco in southern Chile. Later the road to San José was cut"
            " off for 3 days.\n\nMinisters met in San José on Monday. They signed nothing.\n")
    places = {(c.paragraph, e.text): e.canonical for c in extract_document(text).claims for e in c.slots.entities}
    assert places[(2, "San José")] == "Chile"  # paragraph 1 is the heading
    assert places[(3, "San José")] == "Costa Rica"
