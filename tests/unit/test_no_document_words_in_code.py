"""Issue #3: no word of the fixture documents appears in the extractor's code.

Vocabularies (countries, organisations, titles, cue words, month names) live in the data files
under ``claimcheck/extract/data/``. The extractor's code may hold only structural strings: this
test reads every string constant of ``claimcheck/extract/*.py`` that is not a docstring (the
docstrings give examples) and fails on any capitalised word outside a short list of general,
structural ones, and on any capitalised word of the seed documents.
"""

import ast
import re
from pathlib import Path

import claimcheck.extract

EXTRACT = Path(claimcheck.extract.__file__).parent
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
STRUCTURAL = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",  # date parsing
    "Mrs", "Prof", "Gen", "Sen", "Rep", "Gov",  # honorific abbreviations before a full stop
    "The", "Anonymous", "Vol", "ISSN", "ISBN", "IVXLC", "NFKD",
}
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]{2,}\b")


def _code_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _capitalised_words_in_code() -> dict[str, str]:
    found = {}
    for path in sorted(EXTRACT.glob("*.py")):
        for text in _code_strings(path):
            for word in _CAPITALISED.findall(text):
                found.setdefault(word, path.name)
    return found


def test_the_extractor_code_holds_only_structural_capitalised_words():
    unexpected = {w: f for w, f in _capitalised_words_in_code().items() if w not in STRUCTURAL}
    assert not unexpected, f"names belong in claimcheck/extract/data/: {unexpected}"


def test_no_name_of_the_seed_documents_is_in_the_extractor_code():
    seed_names = set()
    for path in list(FIXTURES.glob("*.txt")) + list(FIXTURES.glob("*.md")):
        seed_names |= set(_CAPITALISED.findall(path.read_text(encoding="utf-8")))
    in_code = set(_capitalised_words_in_code()) - STRUCTURAL
    assert not in_code & seed_names


def test_the_check_finds_a_name_put_in_code(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""Docstrings may say Pyongyang."""\nALIASES = {"Pyongyang": "North Korea"}\n', encoding="utf-8")
    words = {w for text in _code_strings(planted) for w in _CAPITALISED.findall(text)}
    assert words == {"Pyongyang", "North", "Korea"}
