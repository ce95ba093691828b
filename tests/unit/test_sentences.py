"""Sentence segmentation: exact offsets, abbreviations, numbers, quotes, headings and list items."""

from __future__ import annotations

import pytest

from claimcheck.extract.sentences import paragraph_spans, segment, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def units(text: str) -> list[tuple[str, str]]:
    return [(seg.kind, text[seg.start:seg.end]) for seg in segment(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The U.S. Food and Drug Administration approved the drug. Sales rose.",
            ["The U.S. Food and Drug Administration approved the drug.", "Sales rose."],
        ),
        (
            "Dr. Alvarez of St. Mary's hospital treated 40 patients. Mr. Chen agreed.",
            ["Dr. Alvarez of St. Mary's hospital treated 40 patients.", "Mr. Chen agreed."],
        ),
        (
            "See Vol. 3, No. 2, pp. 14-19 for details, e.g. the tables. It is long.",
            ["See Vol. 3, No. 2, pp. 14-19 for details, e.g. the tables.", "It is long."],
        ),
        (
            "The port handled $2.4 million in fees, up 3.5% on the year. Tankers waited.",
            ["The port handled $2.4 million in fees, up 3.5% on the year.", "Tankers waited."],
        ),
        (
            "Turnout was analysed by Stephen M. Walt and J. K. Rowling. Both agreed.",
            ["Turnout was analysed by Stephen M. Walt and J. K. Rowling.", "Both agreed."],
        ),
        (
            'The minister said "the dam is safe." Engineers disagreed.',
            ['The minister said "the dam is safe."', "Engineers disagreed."],
        ),
        (
            "Glaciers retreated (see the survey.) Ice cover fell by a third.",
            ["Glaciers retreated (see the survey.)", "Ice cover fell by a third."],
        ),
        (
            "Relations stayed cordial.¹ Trade then grew.",
            ["Relations stayed cordial.¹", "Trade then grew."],
        ),
        (
            "The vote was held on Jan. 5 in the capital. Results came later.",
            ["The vote was held on Jan. 5 in the capital.", "Results came later."],
        ),
        (
            "Funding came from the U.N. The money arrived in May.",
            ["Funding came from the U.N.", "The money arrived in May."],
        ),
        (
            "Is the vaccine safe? Yes! Trials say so.",
            ["Is the vaccine safe?", "Yes!", "Trials say so."],
        ),
        (
            "Read [the report. It is long](https://example.org/a.b.html) today. Next.",
            ["Read [the report. It is long](https://example.org/a.b.html) today.", "Next."],
        ),
        (
            "Data: <https://example.org/v2.pdf> and https://example.org/data.csv. Done.",
            ["Data: <https://example.org/v2.pdf> and https://example.org/data.csv.", "Done."],
        ),
        (
            "Take vitamin C. The dose matters.",
            ["Take vitamin C.", "The dose matters."],
        ),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_offsets_are_exact_and_stripped():
    text = "  First one here.   Second one here.\n"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one here.", "Second one here."]
    assert spans[0][0] == 2


def test_paragraphs_are_blocks_between_blank_lines():
    text = "One line.\nstill one.\n\n  \nTwo.\n\n\nThree."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One line.\nstill one.", "Two.", "Three."]


def test_wrapped_lines_join_into_one_sentence():
    text = "Shipping rates rose\nsharply in March. Ports were congested."
    assert units(text) == [
        ("sentence", "Shipping rates rose\nsharply in March."),
        ("sentence", "Ports were congested."),
    ]


def test_headings_are_separate_units():
    text = "1. INTRODUCTION\n\nABSTRACT\n\n# Results\n\nMethods\n\nTurnout rose to 61%. It fell later."
    assert units(text) == [
        ("heading", "1. INTRODUCTION"),
        ("heading", "ABSTRACT"),
        ("heading", "# Results"),
        ("heading", "Methods"),
        ("sentence", "Turnout rose to 61%."),
        ("sentence", "It fell later."),
    ]


def test_markdown_heading_inside_paragraph():
    text = "## Emissions\nCarbon output fell by 4% in 2020."
    assert units(text) == [("heading", "## Emissions"), ("sentence", "Carbon output fell by 4% in 2020.")]


def test_list_items_are_separate_units_without_marker():
    text = "Findings:\n- rates rose in ports\n* freight costs doubled\n1. insurers raised premiums"
    segs = segment(text)
    assert [text[s.start:s.end] for s in segs][1:] == [
        "rates rose in ports",
        "freight costs doubled",
        "insurers raised premiums",
    ]
    assert all(s.list_item for s in segs[1:])


def test_footnote_paragraph_is_prose_not_heading():
    text = "1. The treaty was signed in 1961. It still stands."
    assert units(text) == [
        ("sentence", "The treaty was signed in 1961."),
        ("sentence", "It still stands."),
    ]


def test_sentence_ending_with_closing_quote_and_footnote():
    text = "They call it “a crisis.”³ Others disagree."
    assert sentences(text) == ["They call it “a crisis.”³", "Others disagree."]


def test_question_inside_quote_continuing_lowercase_is_one_sentence():
    assert sentences('"Why now?" she asked the panel.') == ['"Why now?" she asked the panel.']


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert segment("   \n\n  ") == []


@pytest.mark.parametrize("text, pieces", [
    # issue #12: a capital letter before a period after a capitalised word is an initial only
    # when no word that opens sentences follows it
    ("Divers chose Gate D. The water was lower there.", ["Divers chose Gate D.", "The water was lower there."]),
    ("They took Exit B. However, it was shut.", ["They took Exit B.", "However, it was shut."]),
    ("Maria T. Okafor signed it.", ["Maria T. Okafor signed it."]),
])
def test_a_single_capital_before_a_sentence_opener_ends_the_sentence(text, pieces):
    assert [text[s:e] for s, e in split_sentences(text)] == pieces


def test_subsection_numbered_title_is_a_heading_but_a_numbered_item_is_not():
    # a Markdown "### 3.2 The coalition agreement" read as text keeps its number, not its '#'
    text = ("3.2 The coalition agreement\n\nThe agreement was presented in November.\n\n"
            "2.1.4 Votes by region\n\n1. Preheat the oven\n\n3.2 The agreement was presented in November.")
    assert units(text) == [
        ("heading", "3.2 The coalition agreement"),
        ("sentence", "The agreement was presented in November."),
        ("heading", "2.1.4 Votes by region"),
        ("sentence", "Preheat the oven"),
        ("sentence", "3.2 The agreement was presented in November."),
    ]
