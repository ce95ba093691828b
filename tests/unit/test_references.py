"""Reference lists: entry parsing, keys, and linking citations with issues."""

from __future__ import annotations

from claimcheck.extract.citations import scan_citations
from claimcheck.extract.references import link_citations, parse_references

CHICAGO = """- Okafor, Adaeze, and Lars Lindqvist. 2019. "Container Shipping after the Canal Blockage." *Maritime Policy Review* 12(3): 45–67.
- Okafor, Adaeze. 2020a. "Port Congestion Index" (<https://example.org/ports/index.html>).
- _____. 2020b. “Freight Rates in Winter,” March 4 (<https://example.org/freight>).
- Electoral Commission, UK. 2021 f. "Turnout Statistics," June (https://example.org/turnout, accessed June 23, 2022).
- World Health Agency. 2022. *Global Malaria Report*. Geneva: WHA Press.
- Brandt, Karl, Maria Rossi, and Ana Petit. 2018. "Glacier Mass Balance." *Cryosphere* 4: 1–9. https://doi.org/10.1234/cry.2018.001.
- Mendes, Rui. 2001. “A Very Long Title of a Treaty,” July

- 16 (https://example.org/treaty.pdf).
- Park, Ji-won. 2000–01. "Turnout in Small States." *Electoral Studies* 7(4): 535–53."""


def parse(text: str):
    return parse_references(text, 0, len(text))


def by_key(entries):
    return {e.key: e for e in entries}


def test_chicago_entries_keys_and_fields():
    entries = by_key(parse(CHICAGO))
    assert list(entries) == [
        "Okafor and Lindqvist 2019",
        "Okafor 2020a",
        "Okafor 2020b",
        "Electoral Commission, UK 2021f",
        "World Health Agency 2022",
        "Brandt 2018",
        "Mendes 2001",
        "Park 2000–01",
    ]
    first = entries["Okafor and Lindqvist 2019"]
    assert first.title == "Container Shipping after the Canal Blockage"
    assert first.venue == "Maritime Policy Review"
    assert first.year == 2019 and first.authors == ("Okafor, Adaeze", "Lars Lindqvist")
    assert entries["Okafor 2020a"].url == "https://example.org/ports/index.html"
    repeated = entries["Okafor 2020b"]
    assert repeated.authors == ("Okafor, Adaeze",) and repeated.year_suffix == "b"
    assert repeated.date == "2020-03-04" and repeated.url == "https://example.org/freight"
    commission = entries["Electoral Commission, UK 2021f"]
    assert commission.url == "https://example.org/turnout" and commission.date == "2021-06"
    assert entries["World Health Agency 2022"].title == "Global Malaria Report"
    assert entries["Brandt 2018"].doi == "10.1234/cry.2018.001"
    assert entries["Park 2000–01"].year == 2000


def test_entry_split_by_page_break_is_joined_with_exact_offsets():
    entries = by_key(parse(CHICAGO))
    treaty = entries["Mendes 2001"]
    assert treaty.url == "https://example.org/treaty.pdf"
    assert treaty.date == "2001-07-16"
    assert CHICAGO[treaty.start:treaty.end] == treaty.text
    assert treaty.text.endswith("treaty.pdf).")


def test_apa_entries():
    text = (
        "Nguyen, T. H., & Baker, S. (2021). Heat waves and hospital admissions. "
        "*Journal of Climate Health*, 3(2), 10-20. https://doi.org/10.5555/jch.2021.2\n"
        "Baker, S. (2019a). Urban heat. *City Review*, 1, 1-5."
    )
    entries = parse(text)
    assert [e.key for e in entries] == ["Nguyen and Baker 2021", "Baker 2019a"]
    assert entries[0].doi == "10.5555/jch.2021.2"
    assert entries[0].title == "Heat waves and hospital admissions"


def test_numeric_entries():
    text = "[1] Smith J, Doe A. Statins in the elderly. Lancet. 2019;3:4.\n[2] World Health Agency. Report. 2020."
    entries = parse(text)
    assert [e.key for e in entries] == ["[1]", "[2]"]
    assert entries[0].year == 2019


def test_same_surname_same_year_keys_get_given_names():
    text = "Wu, Lan. 2022. \"Rivers.\" *Hydro* 1.\nWu, Ming. 2022. \"Lakes.\" *Hydro* 2."
    assert [e.key for e in parse(text)] == ["Wu Lan 2022", "Wu Ming 2022"]


def link(body: str, refs: str):
    entries = parse(refs)
    found = scan_citations(body)
    mentions, issues = link_citations(found, entries)
    return mentions, {(i.kind, i.citation): i for i in issues}


def test_linking_exact_and_tolerant():
    refs = "Müller, Jan. 2020. \"Rain.\" *Met* 1.\nOkafor, Ada, and Lars Lindqvist. 2019. \"Ports.\" *Sea* 2."
    mentions, issues = link("Rain fell (Muller 2020; Okafor & Lindqvist 2019).", refs)
    assert [m.reference_key for m in mentions] == ["Müller 2020", "Okafor and Lindqvist 2019"]
    assert issues == {}


def test_dangling_near_miss_and_uncited():
    refs = (
        "Stangeland, Eva. 2022. \"Vaccines.\" *Med* 1.\n"
        "Reuters. 2022a. \"Ships Wait,\" March 2.\n"
        "Reuters. 2022b. \"Ships Leave,\" March 9.\n"
        "Iversen, Tor. 2017. \"Unused.\" *Old* 2."
    )
    body = "Doses arrived (Stangelund 2022). Ships left (Reuters 2022c). Ports reopened (Yilmaz 2021)."
    mentions, issues = link(body, refs)
    near = issues[("near_miss", "Stangelund 2022")]
    assert near.suggestion == "Stangeland 2022"
    assert issues[("near_miss", "Reuters 2022c")].suggestion in ("Reuters 2022a", "Reuters 2022b")
    assert ("dangling", "Yilmaz 2021") in issues
    assert ("uncited", "Iversen 2017") in issues
    assert [m.reference_key for m in mentions if m.key == "Yilmaz 2021"] == [None]
    # a wrong suffix between two works links the citation to both, so both pages are checked
    assert {m.reference_key for m in mentions if m.key == "Reuters 2022c"} == {"Reuters 2022a", "Reuters 2022b"}


def test_duplicate_with_swapped_names():
    refs = (
        "Kim, Yeong Ik. 2021. \"Fisheries Quotas in the Pacific.\" *Ocean Policy* 4.\n"
        "Yeong Ik Kim. 2021. \"Fisheries Quotas in the Pacific.\" *Ocean Policy* 4."
    )
    _, issues = link("Quotas tightened (Kim 2021).", refs)
    kinds = {kind for kind, _ in issues}
    assert "duplicate" in kinds and "ambiguous" not in kinds


def test_ambiguous_same_key_different_works():
    refs = "Smith, John. 2020. \"Malaria.\" *Med* 1.\nSmith, John. 2020. \"Dengue.\" *Med* 2."
    _, issues = link("Cases fell (Smith 2020).", refs)
    assert ("ambiguous", "Smith 2020") in issues


def test_corporate_prefix_resolved_by_recent_author():
    refs = (
        "Ministry of Health, NZ. 2022a. \"Alpha.\" March 1.\n"
        "_____. 2022b. \"Beta.\" March 2.\n"
        "Ministry of Health, AU. 2022a. \"Gamma.\" March 3.\n"
        "_____. 2022c. \"Delta.\" March 4."
    )
    body = "The Ministry of Health (2022c) warned. Later the Ministry of Health (2022a) agreed."
    mentions, issues = link(body, refs)
    assert [m.reference_key for m in mentions] == ["Ministry of Health, AU 2022c", "Ministry of Health, AU 2022a"]
    assert not [k for k in issues if k[0] in ("ambiguous", "dangling")]


def test_narrative_name_that_is_not_an_author_is_dropped():
    refs = "Okafor, Ada. 2019. \"Ports.\" *Sea* 2."
    mentions, issues = link("The Suez Canal (2021) closed; ports jammed (Okafor 2019).", refs)
    assert mentions[0] is None
    assert not [k for k in issues if k[0] == "dangling"]


def test_no_reference_list_means_no_issues():
    found = scan_citations("Rates rose (Smith 2020). The Treaty (1961) held.")
    mentions, issues = link_citations(found, [])
    assert issues == []
    assert [m.key for m in mentions if m] == ["Smith 2020"]


def test_numeric_linking():
    refs = "[1] Smith J. Statins. Lancet. 2019;3:4.\n[2] Doe A. Aspirin. BMJ. 2020;1:2."
    mentions, issues = link("Statins help [1] and [3].", refs)
    assert [m.reference_key for m in mentions] == ["[1]", None]
    assert ("dangling", "[3]") in issues and ("uncited", "Doe 2020") in issues
    assert "[2]" in issues[("uncited", "Doe 2020")].detail


def test_vancouver_numbered_list_with_sequential_numbers():
    text = (
        "1. Smith J, Doe A. Statins in the elderly. Lancet. 2019;393:407-415. doi:10.1016/S0140-6736(18)31942-1\n"
        "2. Garcia M. Statin adherence. JAMA. 2017;318(2):150-158.\n"
        "3. World Health Organization. Cardiovascular diseases fact sheet. 2021. "
        "https://example.org/fact-sheets/cardiovascular-diseases-(cvds)"
    )
    entries = parse(text)
    assert [e.key for e in entries] == ["[1]", "[2]", "[3]"]
    assert entries[0].title == "Statins in the elderly" and entries[0].venue == "Lancet"
    assert entries[0].doi == "10.1016/S0140-6736(18)31942-1"
    assert entries[1].title == "Statin adherence" and entries[1].year == 2017
    assert entries[2].url == "https://example.org/fact-sheets/cardiovascular-diseases-(cvds)"
