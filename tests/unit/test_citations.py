"""In-text citations: author-year, narrative, corporate, numeric forms and key normalisation."""

from __future__ import annotations

import pytest

from claimcheck.extract.citations import author_key, find_citations, normalize_key


def keys(text: str, **kwargs) -> list[str]:
    return [m.key for m in find_citations(text, **kwargs)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mortality fell (Smith 2020).", ["Smith 2020"]),
        ("Mortality fell (Smith 2020a, 2021).", ["Smith 2020a", "Smith 2021"]),
        ("Freight rates doubled (Okafor and Lindqvist 2019).", ["Okafor and Lindqvist 2019"]),
        ("Freight rates doubled (Okafor & Lindqvist, 2019).", ["Okafor and Lindqvist 2019"]),
        ("Turnout rose (Haddad et al. 2019).", ["Haddad 2019"]),
        ("Turnout rose (Haddad, Moreno, and Petit 2019).", ["Haddad 2019"]),
        ("Sea ice shrank (Ministry of Environment, NZ, 2022c).", ["Ministry of Environment, NZ 2022c"]),
        ("Sea ice shrank (Ahmed 2022; Brandt 2021).", ["Ahmed 2022", "Brandt 2021"]),
        ("as the Electoral Commission (2021a, 2022f) reported", ["Electoral Commission 2021a", "Electoral Commission 2022f"]),
        ("For the history, see Okafor (2019).", ["Okafor 2019"]),
        ("Costs rose (Park 2000–01).", ["Park 2000–01"]),
        ("Costs rose (Smith 2020, 45).", ["Smith 2020"]),
        ("Costs rose (Smith 2020, p. 45).", ["Smith 2020"]),
        ("Costs rose (Smith 2020: 45–47).", ["Smith 2020"]),
        ("Costs rose (quoted in Lee 2022).", ["Lee 2022"]),
        ("Costs rose (see, e.g., Lee 2022).", ["Lee 2022"]),
        ("the *Lancet Editors* (2021) wrote", ["Lancet Editors 2021"]),
        ("Trials [3] and reviews [2-4] and [2, 5] agree.", ["[3]", "[2]", "[3]", "[4]", "[2]", "[5]"]),
    ],
)
def test_citation_forms(text, expected):
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices peaked (March 2022) and fell.",
        "The (in)adequacy of dams (ca. US $2.4 million) worried voters.",
        "Cases rose (COVID-19 2020).",
        "In 2014 (the year of the flood) rainfall doubled.",
        "See the [report](https://example.org/2020) for details.",
        "the 2016 election (Brexit) changed things",
    ],
)
def test_non_citations(text):
    assert keys(text) == []


def test_stray_space_before_year_suffix():
    assert keys("The agency (Port Authority 2022 g) said so.") == ["Port Authority 2022g"]


def test_bare_year_takes_previous_author():
    text = "The Electoral Commission (2021a) warned, and repeated it later (2021b, 2022 h)."
    assert keys(text) == ["Electoral Commission 2021a", "Electoral Commission 2021b", "Electoral Commission 2022h"]


def test_bare_year_uses_last_author_from_context():
    assert keys("It also denounced the plan (2022a).", last_author="Health Agency") == ["Health Agency 2022a"]
    assert keys("It also denounced the plan (2022a).") == []


def test_offsets_are_exact_with_offset():
    text = "Malaria declined (Okafor 2019; Brandt 2021a, 2021b)."
    for m in find_citations(text, offset=100):
        assert text[m.start - 100:m.end - 100] == m.text
    texts = [m.text for m in find_citations(text)]
    assert texts == ["Okafor 2019", "Brandt 2021a", "2021b"]


def test_possessive_owner_is_not_part_of_narrative_name():
    assert keys("Norway's Ministry of Fisheries (2020) reported it.") == ["Ministry of Fisheries 2020"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Smith et al.", "Smith"),
        ("Smith & Jones", "Smith and Jones"),
        ("Ministry of Health, UK,", "Ministry of Health, UK"),
        ("*World Bank*", "World Bank"),
        ("Pereira Lima and Costa", "Pereira Lima and Costa"),
    ],
)
def test_author_key(raw, expected):
    assert author_key(raw) == expected


def test_normalize_key_is_tolerant_and_idempotent():
    assert normalize_key("Müller & Søren 2020 a") == normalize_key("muller and soren 2020a")
    assert normalize_key("Smith et al. 2019") == normalize_key("SMITH 2019")
    key = normalize_key("Park 2000–01")
    assert normalize_key(key) == key == "park 2000-01"


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["(", ")", "; ", ", ", " ", "Smith", "Lee", "and", "&", "et al.", "2020", "2021a", "2022 g", "[2-4]",
     "[3]", "Ministry of Health", "p. 45", "see ", "Müller", "March", "\n", "*"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(min_value=0, max_value=1000))
def test_property_citation_offsets_exact(text, offset):
    for mention in find_citations(text, offset=offset):
        assert text[mention.start - offset:mention.end - offset] == mention.text
        assert mention.key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
@example("Ǣ")  # Æ with a macron: decomposed after the letters were folded
@example("İ")  # lowercases to i with a combining dot
@example("𝕊")  # no lower case; NFKD gives a capital S
def test_property_normalize_key_idempotent(key):
    once = normalize_key(key)
    assert normalize_key(once) == once


@pytest.mark.parametrize(
    "text, firm",
    [
        ("As Lindqvist (2018) observes, ports jammed.", True),
        ("Haddad and Petit (2017) found that turnout fell.", True),
        ("Okafor (2019) has convincingly argued that rates rose.", True),
        ("according to Brandt (2020), glaciers shrank", True),
        ("Okafor (2019) is a long book.", False),
        ("The Electoral Commission (2021) reported a record.", False),
    ],
)
def test_firm_narrative_citations(text, firm):
    from claimcheck.extract.citations import scan_citations

    found = scan_citations(text)
    assert len(found) == 1 and found[0].style == "narrative" and found[0].firm is firm


def test_numeric_citation_keeps_name_written_before_it():
    from claimcheck.extract.citations import scan_citations

    found = scan_citations("Ortega et al. [4, 5] and Weiss and colleagues [7] agree; in 2019 [8] too.")
    assert [(f.key, f.name) for f in found] == [("[4]", "Ortega"), ("[5]", None), ("[7]", "Weiss"), ("[8]", None)]
