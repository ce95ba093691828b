"""Citations in one style resolve against a reference list in another: every entry is known by its
number, author-year key, first surname, and an organisation's acronym and expanded name."""

from __future__ import annotations

from claimcheck.extract import extract_document
from claimcheck.extract.citations import scan_citations
from claimcheck.extract.references import entry_handles, find_duplicates, link_citations, parse_references

NUMBERED = """1. Karki, Sabina. 2016. *Remittances and Rural Credit*. Lalitpur: Social Science Baha.
2. DFA (Department of Foreign Affairs, Republic of Kiribati). 2018. "Joint Statement on Fisheries." Retrieved from http://example.org/dfa/fisheries-2018
3. Wahlamt. 2022. "Endgültiges Ergebnis der Landtagswahl." Press release 14/2022 (<http://example.org/wahlamt/pm-14>).
4. SPC (Statistical Planning Council, Government of Tonga). 2019. *Census Atlas 2019*. Nuku'alofa: SPC.
5. Basnyat, Rabin, and Mira Ojha. 2020. "Migration Corridors." *Asian Population Studies* 16(2): 101–19.
6. Lindgren, Ove. 2015. "Old Harbour Surveys." *Nordic Ports* 3: 1–8."""


def parse(text: str):
    return parse_references(text, 0, len(text))


def link(body: str, refs: str):
    entries = parse(refs)
    mentions, issues = link_citations(scan_citations(body), entries)
    return mentions, {(i.kind, i.citation): i for i in issues}


def resolved(mentions):
    return {m.key: m.reference_key for m in mentions if m is not None}


def test_numbered_list_keeps_number_keys_and_has_author_year_labels():
    entries = parse(NUMBERED)
    assert [e.key for e in entries] == ["[1]", "[2]", "[3]", "[4]", "[5]", "[6]"]
    labels = [h.label for h in entry_handles(entries)]
    assert labels[0] == "Karki 2016"
    assert labels[2] == "Wahlamt 2022"
    assert labels[4] == "Basnyat and Ojha 2020"


def test_author_year_citations_resolve_against_numbered_list():
    body = (
        "Credit unions doubled their lending (Karki 2016). The fisheries statement set quotas (DFA 2018). "
        "Turnout reached 61.2 percent (Wahlamt 2022). Households averaged 5.4 members [4]."
    )
    mentions, issues = link(body, NUMBERED)
    assert resolved(mentions) == {"Karki 2016": "[1]", "DFA 2018": "[2]", "Wahlamt 2022": "[3]", "[4]": "[4]"}
    assert not [k for k in issues if k[0] in ("dangling", "near_miss", "ambiguous")]


def test_organisation_keyed_by_acronym_and_expanded_name():
    body = (
        "Quotas were cut (Department of Foreign Affairs 2018). The census counted 100,209 people "
        "(Statistical Planning Council, Government of Tonga 2019)."
    )
    mentions, issues = link(body, NUMBERED)
    assert [m.reference_key for m in mentions] == ["[2]", "[4]"]
    assert not [k for k in issues if k[0] in ("dangling", "near_miss")]


def test_acronym_after_the_name_in_author_year_list():
    refs = (
        "Food and Agriculture Board (FAB). 2021. \"Harvest Outlook.\" Rome: FAB.\n"
        "Osei, Kwame. 2020. \"Cocoa Prices.\" *Commodities* 4: 2–9."
    )
    mentions, issues = link("Harvests fell (FAB 2021), as Osei (2020) predicted.", refs)
    assert [m.reference_key for m in mentions] == ["Food and Agriculture Board (FAB) 2021", "Osei 2020"]
    assert issues == {}


def test_organisation_initials_are_a_weak_handle():
    refs = "International Maritime Bureau. 2020. \"Piracy Report.\" London: IMB.\nTan, Wei. 2020. \"Straits.\" *Sea* 1."
    mentions, _ = link("Attacks rose (IMB 2020; Tan 2020).", refs)
    assert [m.reference_key for m in mentions] == ["International Maritime Bureau 2020", "Tan 2020"]


def test_narrative_citations_mid_sentence_against_numbered_list():
    body = (
        "As Lindgren (2015) observes, the harbour silted up. "
        "Basnyat and Ojha (2020) found that most migrants left after the harvest."
    )
    mentions, issues = link(body, NUMBERED)
    assert resolved(mentions) == {"Lindgren 2015": "[6]", "Basnyat and Ojha 2020": "[5]"}
    assert ("uncited", "Karki 2016") in issues


def test_first_surname_of_two_authors_resolves():
    mentions, issues = link("Corridors shifted (Basnyat 2020).", NUMBERED)
    assert [m.reference_key for m in mentions] == ["[5]"]
    assert not [k for k in issues if k[0] in ("dangling", "near_miss")]


def test_near_miss_in_numbered_list_suggests_the_listed_author_year():
    mentions, issues = link("Lending doubled (Karky 2016). Harbours silted (Lindgrem 2015).", NUMBERED)
    near = issues[("near_miss", "Karky 2016")]
    assert near.suggestion == "Karki 2016" and "[1]" in near.detail
    assert issues[("near_miss", "Lindgrem 2015")].suggestion == "Lindgren 2015"
    assert [m.reference_key for m in mentions] == ["[1]", "[6]"]


def test_near_miss_in_author_year_list():
    refs = "Shrivastava, Anil. 2018. \"Tea Estates.\" *Agrarian Review* 2: 1–9."
    _, issues = link("Wages stagnated (Srivastava 2018).", refs)
    assert issues[("near_miss", "Srivastava 2018")].suggestion == "Shrivastava 2018"


def test_wrong_suffix_near_miss_in_numbered_list():
    refs = (
        "1. Wahlamt. 2022a. \"Vorläufiges Ergebnis.\" Press release (<http://example.org/pm-1>).\n"
        "2. Wahlamt. 2022b. \"Endgültiges Ergebnis.\" Press release (<http://example.org/pm-2>)."
    )
    mentions, issues = link("Turnout fell (Wahlamt 2022b). Seats changed (Wahlamt 2022c).", refs)
    assert mentions[0].reference_key == "[2]"
    assert ("near_miss", "Wahlamt 2022c") in issues


def test_uncited_names_author_and_year():
    _, issues = link("Lending doubled (Karki 2016).", NUMBERED)
    uncited = {citation for kind, citation in issues if kind == "uncited"}
    assert "Lindgren 2015" in uncited and "Wahlamt 2022" in uncited
    assert not any(c.startswith("[") for c in uncited)


def test_two_works_of_one_author_and_year_are_not_duplicates():
    refs = (
        "Achterberg, Lena. 2011a. \"Dune Erosion.\" *Coastal Notes* 2: 1–9.\n"
        "Achterberg, Lena. 2011b. \"Dune Erosion II.\" *Coastal Notes* 3: 1–9."
    )
    assert find_duplicates(parse(refs)) == []


def test_two_releases_of_one_agency_in_a_year_are_not_duplicates():
    refs = (
        "1. Wahlamt. 2022. \"Wahlbeteiligung.\" Press release, May 8 (<http://example.org/pm-31>).\n"
        "2. Wahlamt. 2022. \"Wahlbeteiligung: Korrektur.\" Press release, May 8 (<http://example.org/pm-32>)."
    )
    assert find_duplicates(parse(refs)) == []


def test_same_work_listed_twice_is_a_duplicate():
    refs = (
        "1. Wahlamt. 2022. \"Wahlbeteiligung.\" Press release (<http://example.org/pm-31>).\n"
        "2. Wahlamt. 2022. \"Wahlbeteiligung\". Pressemitteilung (<https://www.example.org/pm-31/>)."
    )
    dups = find_duplicates(parse(refs))
    assert len(dups) == 1 and dups[0].citation == "Wahlamt 2022"


def test_extract_document_links_numbered_list_and_carries_keys():
    text = (
        "# Rural credit\n\n"
        "Credit unions doubled their lending between 2010 and 2015 (Karki 2016). "
        "As Lindgren (2015) observes, the harbour silted up by 1990.\n\n"
        "## References\n\n" + NUMBERED + "\n"
    )
    result = extract_document(text)
    cited = {m.key: m.reference_key for c in result.claims for m in c.citations}
    assert cited == {"Karki 2016": "[1]", "Lindgren 2015": "[6]"}
    refs = {e.key: e for e in result.references}
    assert refs["[1]"].year == 2016
    kinds = {(i.kind, i.citation) for i in result.citation_issues}
    assert ("uncited", "Wahlamt 2022") in kinds
    assert not [k for k in kinds if k[0] in ("dangling", "near_miss")]


def test_narrative_citation_with_swapped_letters_is_a_near_miss():
    refs = "1. Pradhananga, Sunil. 2017. \"Brick Kilns.\" *Environment Nepal* 9: 4–17."
    mentions, issues = link("As Pradhanagna (2017) shows, kilns moved north.", refs)
    assert mentions[0].reference_key == "[1]"
    assert issues[("near_miss", "Pradhanagna 2017")].suggestion == "Pradhananga 2017"


def test_narrative_name_far_from_any_author_is_not_a_citation():
    refs = "1. Pradhananga, Sunil. 2017. \"Brick Kilns.\" *Environment Nepal* 9: 4–17."
    mentions, issues = link("The Kathmandu Valley (2017) census and Pradhananga (2017) agree.", refs)
    assert [m.reference_key for m in mentions if m is not None] == ["[1]"]
    assert not [k for k in issues if k[0] in ("dangling", "near_miss")]


def test_citation_ambiguous_between_two_releases_links_both():
    refs = (
        "1. Wahlamt. 2022. \"Wahlbeteiligung.\" Press release (<http://example.org/pm-31>).\n"
        "2. Wahlamt. 2022. \"Sitzverteilung.\" Press release (<http://example.org/pm-32>)."
    )
    mentions, issues = link("Turnout was 58 percent (Wahlamt 2022).", refs)
    assert [m.reference_key for m in mentions] == ["[1]", "[2]"]
    assert ("ambiguous", "Wahlamt 2022") in issues
    assert not [k for k in issues if k[0] in ("duplicate", "uncited")]


def test_misspelt_author_with_suffix_prefers_the_same_suffix():
    refs = (
        "1. Achterberg, Lena. 2011a. \"Dune Erosion.\" *Coastal Notes* 2: 1–9.\n"
        "2. Achterberg, Lena. 2011b. \"Salt Marshes.\" *Coastal Notes* 3: 1–9."
    )
    mentions, issues = link("Marshes grew (Achterbreg 2011b).", refs)
    assert [m.reference_key for m in mentions] == ["[2]"]
    assert issues[("near_miss", "Achterbreg 2011b")].suggestion == "Achterberg 2011b"
    assert ("ambiguous", "Achterbreg 2011b") not in issues


def test_same_day_releases_of_one_agency_without_urls_are_not_duplicates():
    refs = (
        "Wahlamt. 2022. \"Wahlbeteiligung im Land.\" Press release, May 8.\n"
        "Wahlamt. 2022. \"Wahlbeteiligung in den Städten.\" Press release, May 8."
    )
    assert find_duplicates(parse(refs)) == []


def test_translated_title_same_day_same_paper_is_a_duplicate():
    refs = (
        "Lin, Mei. 2021a. \"Trade Talks Must Resume.\" *Morning Post* (Lianhe Zaobao), June 2.\n"
        "Mei Lin. 2021. \"Lin Mei: Resuming the Trade Dialogue\" (林梅). *Morning Post*, June 2."
    )
    dups = find_duplicates(parse(refs))
    assert len(dups) == 1


def test_firm_narrative_citation_missing_from_list_is_dangling():
    mentions, issues = link(
        "As Fairbanks (2021) observes, the harbour silted up. The Suez Canal (2021) closed for a week.", NUMBERED
    )
    assert ("dangling", "Fairbanks 2021") in issues
    assert ("dangling", "Suez Canal 2021") not in issues
    assert [m.key for m in mentions if m is not None] == ["Fairbanks 2021"]


def test_according_to_narrative_is_firm_but_organisations_are_not():
    _, issues = link("According to Vasquez (2019), exports fell. The Supreme Court (2019) found otherwise.", NUMBERED)
    assert ("dangling", "Vasquez 2019") in issues
    assert ("dangling", "Supreme Court 2019") not in issues


def test_name_written_with_numeric_citation_is_checked_against_the_entry():
    refs = (
        "1. Ferreira L, Okonkwo B, Haas P, et al. Lithium in bipolar disorder. Lancet Psychiatry. 2020;7(2):101-9.\n"
        "2. Nakamura T. Valproate and pregnancy. BMJ. 2019;364:l12."
    )
    mentions, issues = link(
        "Ferriera and colleagues [1] reported fewer relapses. Nakamura et al. [2] found more defects. "
        "In Japan [2] rates were lower.",
        refs,
    )
    assert [m.reference_key for m in mentions] == ["[1]", "[2]", "[2]"]
    near = issues[("near_miss", "Ferriera [1]")]
    assert near.suggestion == "Ferreira 2020"
    assert [k for k in issues if k[0] == "near_miss"] == [("near_miss", "Ferriera [1]")]


def test_lowercase_organisation_links_only_when_listed():
    refs = (
        "1. datalab nord. 2021. \"Wählerwanderung.\" Analysis (<http://example.org/flows>).\n"
        "2. Karki, Sabina. 2021. *Remittances*. Lalitpur: Baha."
    )
    mentions, issues = link("Voters moved (datalab nord 2021). Data (fiscal year 2021) and later (2021) agree (Karki 2021).", refs)
    assert [(m.key, m.reference_key) for m in mentions if m is not None] == [
        ("datalab nord 2021", "[1]"), ("Karki 2021", "[2]")]
    assert not [k for k in issues if k[0] in ("dangling", "near_miss", "uncited")]


def test_lowercase_words_are_not_the_author_of_a_later_bare_year():
    text = (
        "Output grew in the fiscal year (fiscal year 2020). It fell the next year (2021).\n\n"
        "## References\n\n1. Karki, Sabina. 2021. *Remittances*. Lalitpur: Baha.\n"
    )
    issues = {(i.kind, i.citation) for i in extract_document(text).citation_issues}
    assert not [k for k in issues if k[0] == "dangling"]
