"""Unit tests for commentary against news and reference pages: spelling variants, word forms,
anaphora, tables, exclusive claims bounded by a date, and light (manner/appositive) words.

Topics here are invented for the tests (they share nothing with the seed documents).
"""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.passages import split_paragraphs, stem
from claimcheck.verify import (
    PageIndex,
    light_words,
    spelling_variant,
    table_rows,
    verify_text,
)

NEWS = """Vestria recognises breakaway provinces; Oskar cuts ties

By Desk staff · 9 May 2024

Vestria on Thursday recognised the independence of the self-proclaimed Norland Republic and Sudmark Republic, the breakaway provinces of Oskar.

Oskar's foreign ministry announced the same day, 9 May 2024, that it was severing diplomatic relations with Vestria.

Vestria became the third state to recognise the two provinces, after Kalmia, which recognised them on 2 January 2024, and Brenna, which did so on 14 March 2024.

Tellis, a close partner of Kalmia, has not recognised them."""

REFERENCE = """Recognition of the Norland and Sudmark republics

The Norland Republic and the Sudmark Republic are self-proclaimed states that declared independence from Oskar in 2019.

Recognising states

State | Date of recognition | Notes

Kalmia | 2 January 2024 | Recognised both provinces by decree.

Brenna | 14 March 2024 | Oskar recalled its ambassador in response.

Vestria | 9 May 2024 | Oskar severed relations the same day.

Tellis has not formally recognised them."""

PUBLISHED = date(2024, 5, 12)


def _verify(claim: str, page: str, issued: date | None = None):
    return verify_text(claim, None, page, PUBLISHED, issued)


@pytest.mark.parametrize("a, b, same", [
    ("lugansk", "luhansk", True), ("mirziyoev", "mirziyoyev", True), ("tokaev", "tokayev", True),
    ("norland", "sudmark", False), ("kalmia", "kalmar", False), ("oskar", "oslo", False),
])
def test_spelling_variants_of_names(a, b, same):
    assert spelling_variant(a, b) is same


def test_stems_fold_diacritics_and_british_spellings():
    assert stem("Erdoğan") == stem("Erdogan")
    assert stem("recognise") == stem("recognize") == stem("recognised")


def test_manner_adverbs_and_appositive_words_are_light():
    light = light_words("Tellis, Kalmia's staunchest partner, did not publicly recognise them.", {"telli", "kalmia"})
    assert {"staunchest", "partner", "publicly"} <= light
    assert stem("recognise") not in light


def test_table_rows_are_read_with_header_heading_and_title():
    rows = table_rows(REFERENCE, split_paragraphs(REFERENCE), "Recognition of the Norland and Sudmark republics")
    assert [r.cells[0] for r in rows] == ["Kalmia", "Brenna", "Vestria"]
    assert "Date of recognition" in rows[0].context and "Recognising states" in rows[0].context


def test_two_cell_fields_are_not_a_table():
    text = "Confirmed cases | 1,204\n\nDeaths | 37\n\nContacts | 2,950"
    assert table_rows(text, split_paragraphs(text)) == []


def test_paraphrase_with_spelling_variant_and_american_spelling_is_supported():
    result = _verify("On May 9, Vestria recognized the independence of Norlend and Sudmark.", NEWS, date(2024, 5, 9))
    assert result.verdict == "supported", result


def test_anaphora_lets_them_stand_for_the_names_of_the_lead():
    result = _verify("Tellis, Kalmia's staunchest partner, also did not publicly recognize the independence "
                     "of Norland and Sudmark.", REFERENCE)
    assert result.verdict == "supported", result
    assert "Tellis" in result.evidence.text


def test_only_before_a_date_is_contradicted_by_an_earlier_table_row_naming_the_other_actor():
    result = _verify("Before May 9, only Brenna recognized the independence of Norland and Sudmark.", REFERENCE)
    assert result.verdict == "contradicted", result
    assert result.reasons[0].slot == "quantifier" and result.reasons[0].b == "Kalmia"
    assert result.evidence.text.startswith("Kalmia |")


def test_only_before_a_date_is_contradicted_by_a_which_did_so_clause():
    result = _verify("Before May 9, only Kalmia recognized the independence of Norland and Sudmark.", NEWS,
                     date(2024, 5, 9))
    assert result.verdict == "contradicted", result
    assert result.reasons[0].b == "Brenna"


def test_the_claims_own_actor_never_contradicts_its_exclusive_claim():
    result = _verify("Before February 2024, only Kalmia recognized the independence of Norland and Sudmark.",
                     REFERENCE)
    assert result.verdict != "contradicted", result


def test_a_table_row_confirms_an_actor_and_date():
    result = _verify("Brenna recognized Norland and Sudmark on March 14, 2024.", REFERENCE)
    assert result.verdict == "supported", result
    assert result.evidence.text.startswith("Brenna |")


def test_the_date_after_the_actor_in_a_list_is_the_actors_date():
    result = _verify("Brenna recognised the two provinces on March 14.", NEWS, date(2024, 5, 9))
    assert result.verdict == "supported", result


def test_a_sentence_about_another_known_actor_cannot_decide():
    page = ("Bag bans\n\nSeveral states have banned plastic bags.\n\n"
            "Chile introduced a levy on plastic bags in 2003 instead of banning them.")
    result = _verify("Peru banned plastic bags in 2017.", page)
    assert result.verdict == "not_found", result


def test_opposite_verbs_contradict_landing_claims():
    page = "Probe lost\n\nThe Kestrel probe crashed into the Moon on 19 August 2023."
    result = _verify("The Kestrel probe landed safely on the Moon in August 2023.", page)
    assert result.verdict == "contradicted", result


def test_indexing_tables_and_anaphora_never_breaks_offsets():
    index = PageIndex(REFERENCE, PUBLISHED)
    for i, passage in enumerate(index.passages):
        assert REFERENCE[passage.start:passage.end] == passage.text
        assert isinstance(index.inherited(i), frozenset)
