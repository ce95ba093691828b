"""Clause windows (``claimcheck.align.clauses``) and the conflict evidence they give matching."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from claimcheck.align.clauses import WINDOW_MIN_WORDS, clause_windows, window_slots
from claimcheck.align.engine import AlignmentEngine
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Claim

REF = date(2024, 1, 1)
WRAPPED = ("By my own count the old ferry crossed the bay in {n} trips that week, fewer than any of the "
           "boats around it, even though it was the slowest vessel in the harbour by some distance.")
LOGGED = "The old ferry made 11 trips (Harbour Log 2019), whereas most of the other boats needed between 14 and 16."


def _texts(text: str) -> list[str]:
    return [text[start:end] for start, end in clause_windows(text)]


def test_windows_are_the_clauses_that_can_assert_something():
    text = "Of course Google went in appeal in August 2018, and the case stayed in Luxembourg for four years."
    assert _texts(text) == ["Of course Google went in appeal in August 2018",
                            "and the case stayed in Luxembourg for four years."]
    # one clause: no window besides the whole statement
    assert clause_windows("The council approved the harbour budget on 9 October 2018.") == ()


def test_short_phrases_and_web_addresses_are_no_windows():
    text = ("In the main trial, called CLARITY AD, nearly 1,800 people with early Alzheimer's took part, "
            "half of them receiving the drug and half a dummy infusion.")
    windows = _texts(text)
    assert windows and all(len(w.split()) >= WINDOW_MIN_WORDS for w in windows)
    assert "In the main trial" not in windows and "called CLARITY AD" not in windows
    cited = "The figures come from the ministry, see https://example.org/report/2020 for the tables, and they are final."
    assert all("://" not in w for w in _texts(cited))


def test_a_window_keeps_only_its_own_mentions():
    text = "The ferry made 11 trips in May, and the bridge opened on 4 March 2019."
    slots = extract_slots(text, 100, REF)
    start = text.index("and the bridge")
    inner = window_slots(slots, 100 + start, 100 + len(text))
    assert [d.text for d in inner.dates] == [d.text for d in slots.dates if d.start >= 100 + start]
    assert all(q.start >= 100 + start for q in inner.quantities)
    assert inner.negated == slots.negated


def test_clause_probabilities_never_lower_a_pair_and_raise_a_wrapped_one():
    engine = AlignmentEngine()  # lexical: the same model scores the windows
    wrapped, logged = WRAPPED.format(n=14), LOGGED
    single = "Hail damaged the vineyards of the northern valley last spring."
    items = [(t, extract_slots(t, 0, REF), 0) for t in (wrapped, logged, single)]
    statements = engine.statements([t for t, _, _ in items], [s for _, s, _ in items])
    whole = [engine.probability(statements[0], statements[1]), engine.probability(statements[1], statements[2])]
    raised = engine.clause_probabilities(items, [(0, 1), (1, 2)], whole)
    assert raised[0] > whole[0]
    assert raised[1] >= whole[1]


def _pair(n: int) -> tuple[list[Claim], list[Claim]]:
    a = WRAPPED.format(n=n)
    return ([Claim(a, 0, len(a), 1, slots=extract_slots(a, 0, REF), id=1, document_id=1)],
            [Claim(LOGGED, 0, len(LOGGED), 1, slots=extract_slots(LOGGED, 0, REF), id=2, document_id=2)])


def _semantic_engine() -> AlignmentEngine:
    from claimcheck.embed.install import get_encoder

    encoder = get_encoder()
    if encoder is None:
        pytest.skip("the sentence model is not installed")
    return AlignmentEngine(encoder)


def _between(engine: AlignmentEngine, new, old) -> AlignmentEngine:
    """The engine with its thresholds set between the pair's whole and best-window alignment."""
    import claimcheck.match as match_module

    def best(without_windows: bool) -> float:
        if without_windows:
            original = AlignmentEngine.clause_probabilities
            AlignmentEngine.clause_probabilities = lambda self, s, pairs, p, vectors=None, prepared=None, **k: list(p)
        try:
            return max(m.score for m in match_module.find_matches(new, old, engine=engine, min_score=0.0)) / 100
        finally:
            if without_windows:
                AlignmentEngine.clause_probabilities = original
    whole, windowed = best(True), best(False)
    assert windowed > whole + 0.01, "the windows must align the pair better than the whole statements"
    middle = (whole + windowed) / 2
    engine.thresholds = dataclasses.replace(engine.thresholds, related=middle, agree=middle, conflict=middle)
    return engine


def test_windows_lift_a_pair_whose_figure_differs_into_a_conflict(monkeypatch):
    import claimcheck.match as match_module

    new, old = _pair(14)
    engine = _between(_semantic_engine(), new, old)
    found = match_module.find_matches(new, old, engine=engine)
    assert [(m.relation, m.reasons[0].slot) for m in found] == [("conflict", "quantity")]
    monkeypatch.setattr(AlignmentEngine, "clause_probabilities",
                        lambda self, s, pairs, p, vectors=None, prepared=None, **k: list(p))
    assert [m.relation for m in match_module.find_matches(new, old, engine=engine)] in ([], ["related"])


def test_windows_never_make_an_agreement(monkeypatch):
    """The same pair giving the same figure: the windows align it better, but only a differing
    slot may use that evidence, so what is listed does not change."""
    import claimcheck.match as match_module

    new, old = _pair(11)
    engine = _semantic_engine()
    with_windows = [(m.relation, m.score) for m in match_module.find_matches(new, old, engine=engine)]
    monkeypatch.setattr(AlignmentEngine, "clause_probabilities",
                        lambda self, s, pairs, p, vectors=None, prepared=None, **k: list(p))
    without = [(m.relation, m.score) for m in match_module.find_matches(new, old, engine=engine)]
    assert with_windows == without


def test_windows_let_a_cited_page_refute_a_wrapped_claim(monkeypatch):
    """Verification reads a claim told with asides on its clauses too: the page's one sentence
    on the figure refutes it once the windows align it, and not without them."""
    from claimcheck.verify.page import PageEvidence
    from claimcheck.verify.verdict import verdict_for

    engine = _semantic_engine()
    claim_text = WRAPPED.format(n=14)
    claim = Claim(claim_text, 0, len(claim_text), 1, slots=extract_slots(claim_text, 0, REF))
    page = PageEvidence(f"Harbour log\n\n{LOGGED}\n", engine, REF, REF)
    vector = engine.vectors([claim_text])[0]

    def verdict():
        return verdict_for(claim, page, engine, vector)

    original = AlignmentEngine.clause_probabilities
    monkeypatch.setattr(AlignmentEngine, "clause_probabilities",
                        lambda self, s, pairs, p, vectors=None, prepared=None, **k: list(p))
    whole = verdict().score
    monkeypatch.setattr(AlignmentEngine, "clause_probabilities", original)
    windowed = verdict().score
    assert windowed > whole + 0.01, "the windows must align the pair better than the whole statements"
    middle = (whole + windowed) / 2
    engine.thresholds = dataclasses.replace(engine.thresholds, related=middle, agree=middle, conflict=middle)
    result = verdict()
    assert (result.verdict, result.reasons[0].slot) == ("contradicted", "quantity"), result
    monkeypatch.setattr(AlignmentEngine, "clause_probabilities",
                        lambda self, s, pairs, p, vectors=None, prepared=None, **k: list(p))
    assert verdict().verdict != "contradicted"
