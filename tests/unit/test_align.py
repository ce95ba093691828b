"""The alignment engine: features, calibrated probability, decisions from slots, and the silent
wrong answers of the old rules (issue #11), each with statements unlike any fixture."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.align.decide import decide
from claimcheck.align.engine import AlignmentEngine
from claimcheck.align.features import FEATURES, mask_slots, pair_features, prepare
from claimcheck.align.model import MODEL_PATH, Thresholds, load_model
from claimcheck.compare import build_view
from claimcheck.errors import SchemaVersionError
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Claim
from claimcheck.verify import verify_text
from claimcheck.verify.verdict import verdict_for

REF = date(2024, 6, 1)
SURE = Thresholds(related=0.2, agree=0.3, conflict=0.8)


def _statement(text: str):
    return prepare(text, extract_slots(text, 0, REF))


def _view(text: str):
    return build_view(text, extract_slots(text, 0, REF))


@pytest.fixture(scope="module")
def lexical() -> AlignmentEngine:
    return AlignmentEngine()


# --- features and model ------------------------------------------------------------------------

WORDS = ["council", "approved", "the", "budget", "of", "12 million", "euros", "on", "3 May 2021",
         "not", "harbour", "Velmora", "closed", "ferries", "only", "first"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=9),
       st.lists(st.sampled_from(WORDS), min_size=2, max_size=9))
def test_features_are_symmetric(a, b):
    sa, sb = _statement(" ".join(a) + "."), _statement(" ".join(b) + ".")
    assert pair_features(sa, sb, 0.4) == pair_features(sb, sa, 0.4)
    assert len(pair_features(sa, sb, None)) == len(FEATURES)


def test_masking_lets_a_differing_figure_align():
    a, b = "The mill employed 412 workers in 2019.", "The mill employed 389 workers in 2019."
    masked = mask_slots(a, extract_slots(a, 0, REF))
    assert "412" not in masked and "number" in masked
    sa, sb = _statement(a), _statement(b)
    assert pair_features(sa, sb, None)[FEATURES.index("jaccard")] == 1.0


def test_probability_is_calibrated_in_range_and_ranks_sameness(lexical):
    same = lexical.probability(_statement("The regional council approved the harbour budget."),
                               _statement("The harbour budget was approved by the regional council."))
    other = lexical.probability(_statement("The regional council approved the harbour budget."),
                                _statement("Ferries to the northern islands were cancelled by fog."))
    assert 0.0 <= other < same <= 1.0
    assert same >= lexical.thresholds.agree > other


def test_shipped_weights_are_versioned_and_record_their_data():
    raw = json.loads(MODEL_PATH.read_text("utf-8"))
    assert raw["schema"] == "claimcheck.alignment/2" and raw["features"] == list(FEATURES)
    assert "MSRP" in raw["data"] and "bench/train_alignment.py" in raw["recipe"]
    for mode in ("semantic", "lexical"):
        t = load_model(mode).thresholds
        assert 0 < t.related <= t.agree <= t.conflict < 1


def test_an_unknown_weights_schema_is_refused(tmp_path):
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps({"schema": "claimcheck.alignment/9", "features": []}))
    with pytest.raises(SchemaVersionError, match="reinstall"):
        load_model("lexical", str(bad))


# --- decisions ---------------------------------------------------------------------------------

def test_conflict_needs_sure_alignment_and_a_differing_slot():
    a = _view("The Velmora ferry terminal opened on 4 March 2019.")
    b = _view("The Velmora ferry terminal opened on 9 March 2019.")
    assert decide(a, b, 0.9, SURE).relation == "conflict"
    assert decide(a, b, 0.5, SURE).relation == "related"  # aligned, but not surely
    assert decide(a, b, 0.1, SURE).relation == "related"  # not the same assertion


def test_agreement_has_no_differing_slot_and_says_the_alignment():
    a = _view("The Velmora ferry terminal opened on 4 March 2019.")
    b = _view("On 4 March 2019 the ferry terminal in Velmora opened.")
    result = decide(a, b, 0.6, SURE)
    assert result.relation == "agree" and "0.60" in result.reasons[0].note


def test_other_participants_make_another_event_not_a_conflict():
    a = _view("Kenya reported 41 new cholera cases on Monday.")
    b = _view("Uganda reported 17 new cholera cases on Monday.")
    result = decide(a, b, 0.95, SURE)
    assert result.relation == "related" and result.reasons[0].slot == "entity"


def test_dates_in_since_clauses_are_compared():
    # silent wrong answer of the old rules: "since 1978" was supported by "since 1987"
    a = _view("The observatory has operated since 1978.")
    b = _view("The observatory has operated since 1987.")
    result = decide(a, b, 0.9, SURE)
    assert result.relation == "conflict" and result.reasons[0].slot == "date"


def test_times_of_day_are_not_quantities():
    # "9 a.m." vs "10 a.m." was a quantity conflict
    a = _view("The polls in Arvane closed at 9 a.m. after the storm warning.")
    b = _view("The polls in Arvane closed at 10 a.m. after the storm warning.")
    assert not [r for r in decide(a, b, 0.9, SURE).reasons if r.slot == "quantity"]


def test_without_is_not_a_negation():
    a = _view("The bridge reopened without tolls in June 2020.")
    b = _view("The bridge reopened in June 2020.")
    assert decide(a, b, 0.9, SURE).relation == "agree"


def test_a_vote_tally_in_words_is_the_same_tally():
    # "8 to 3" was contradicted by "eight Justices to three"
    a = _view("The court ruled 6 to 3 that the levy was lawful.")
    b = _view("By six votes to three the court ruled the levy lawful.")
    assert decide(a, b, 0.9, SURE).relation != "conflict"


def test_only_is_contradicted_by_another_actor_not_by_any_capitalised_word():
    exclusive = _view("Only Norway sent icebreakers to the strait in 2023.")
    assert decide(exclusive, _view("Norway and Finland sent icebreakers to the strait in 2023."),
                  0.9, SURE).relation == "conflict"
    # a capitalised word that names no actor of the same kind is no further actor
    assert decide(exclusive, _view("Norway sent icebreakers to the strait in 2023, the Ministry said."),
                  0.9, SURE).relation == "agree"
    # "only" about something else than an actor is no exclusive claim on actors
    loose = _view("Norway survived only thanks to two icebreakers sent in 2023.")
    assert decide(loose, _view("Norway and Finland sent two icebreakers in 2023."), 0.9, SURE).relation \
        != "conflict"



def test_what_another_actor_does_not_do_denies_nothing():
    # opposite polarity of two named subjects tells two actors apart: neither a conflict nor,
    # once the negation is set aside, an agreement (on a cited page too)
    exclusive = _view("Only Norway sent icebreakers to the strait in 2023.")
    other = _view("Finland did not send icebreakers to the strait in 2023.")
    for cited in (False, True):
        result = decide(exclusive, other, 0.9, SURE, cited=cited)
        assert result.relation == "related", result
        assert result.reasons[0].slot == "entity" and {result.reasons[0].a, result.reasons[0].b} == {"Norway", "Finland"}
    # the same subject denying it is still a conflict
    assert decide(_view("Norway sent icebreakers to the strait in 2023."),
                  _view("Norway did not send icebreakers to the strait in 2023."), 0.9, SURE).relation == "conflict"


def test_a_state_seen_as_of_a_date_held_by_then():
    # "as of 2022" dates when a state was seen, not when it began: a statement of the same state
    # a year earlier does not contradict it (like "by", "before": ``DateSpan.until``)
    state = _view("Norway is the only member of the treaty outside the union as of 2022.")
    earlier = _view("Norway was the only member of the treaty outside the union in 2021.")
    assert decide(state, earlier, 0.9, SURE).relation != "conflict"
    assert decide(_view("Norway joined the treaty in 2022."), _view("Norway joined the treaty in 2021."),
                  0.9, SURE).relation == "conflict"

# --- verification ------------------------------------------------------------------------------

PAGE = ("Velmora harbour report\n\n"
        "The Velmora ferry terminal opened on 4 March 2019 after two years of works. "
        "It handled 1.2 million passengers in its first year.\n\n"
        "Vessel | Length | Built\n\nAster | 88 m | 2011\n\nBrisa | 64 m | 2015\n")


def _verdict(claim: str, engine: AlignmentEngine):
    return verify_text(claim, extract_slots(claim, 0, REF), PAGE, engine, reference_date=REF)


def test_supported_with_quoted_evidence_that_gives_the_figure(lexical):
    result = _verdict("The ferry terminal in Velmora opened on 4 March 2019.", lexical)
    assert result.verdict == "supported"
    assert PAGE[result.evidence.start:result.evidence.end] == result.evidence.text
    assert "4 March 2019" in result.evidence.text


def test_contradicted_when_the_page_gives_another_value(lexical):
    result = _verdict("The Velmora ferry terminal opened on 11 March 2019.", lexical)
    assert result.verdict == "contradicted"
    assert result.reasons[0].slot == "date"


def test_never_supported_by_a_page_that_gives_a_different_value(lexical):
    result = _verdict("The Velmora terminal handled 2.4 million passengers in its first year.", lexical)
    assert result.verdict != "supported"


def test_not_found_when_the_page_is_silent(lexical):
    assert _verdict("Velmora's mayor resigned over the cost of the dredging contract.",
                    lexical).verdict == "not_found"


def test_a_table_row_is_read_with_its_header(lexical):
    claim = "The Brisa was built in 2015."
    result = _verdict(claim, lexical)
    assert result.verdict == "supported" and "Brisa" in result.evidence.text


def test_citation_markers_are_not_part_of_what_a_claim_says(lexical):
    text = "The Velmora ferry terminal opened on 4 March 2019 [3]."
    claim = Claim(text, 100, 100 + len(text), 1, slots=extract_slots(text, 100, REF))
    from claimcheck.extract.citations import find_citations
    cites = tuple(c for c in find_citations(text, 100))
    claim = Claim(text, 100, 100 + len(text), 1, slots=claim.slots, citations=cites)
    from claimcheck.verify import PageEvidence
    result = verdict_for(claim, PageEvidence(PAGE, lexical, REF), lexical, None)
    assert result.verdict == "supported"


def test_a_table_with_year_columns_keeps_its_figures(lexical):
    page = ("Results\n\nParty | 2024 | 2019\n\nGreens | 18.4 % | 12.1 %\n\nLiberals | 9.2 % | 11.0 %\n")
    claim = "The Greens won 18.4% in 2024."
    result = verify_text(claim, extract_slots(claim, 0, REF), page, lexical, reference_date=REF)
    assert result.verdict == "supported" and "Greens" in result.evidence.text


def test_months_in_capitals_are_dates():
    slots = extract_slots("Opened | 03 FEB 2011", 0, REF)
    assert [d.value for d in slots.dates] == ["2011-02-03"] and not slots.quantities


def test_a_passage_giving_the_claims_distinctive_figure_is_a_candidate(lexical):
    from claimcheck.verify import PageEvidence

    filler = " ".join(f"The harbour board met on day {n} to discuss dredging and moorings." for n in range(40))
    page = filler + "\n\nIn all, 7,318 tonnes of silt were removed from the basin."
    evidence = PageEvidence(page, lexical, REF)
    statement = _statement("Contractors hauled away 7,318 tonnes of sludge.")
    candidates, _ = evidence.candidates(frozenset(), None, statement.distinctive)
    assert any("7,318" in evidence.passages[i].text for i in candidates)


def test_a_long_page_embeds_only_what_the_lexical_stage_points_to(monkeypatch):
    from claimcheck.embed.install import get_encoder
    from claimcheck.verify import page as page_module

    encoder = get_encoder()
    if encoder is None:
        pytest.skip("the sentence model is not installed")
    semantic = AlignmentEngine(encoder)
    claim = "The ferry terminal in Velmora opened on 4 March 2019."
    eager = verify_text(claim, extract_slots(claim, 0, REF), PAGE, semantic, reference_date=REF)
    monkeypatch.setattr(page_module, "EMBED_ALL", 2)
    evidence = page_module.PageEvidence(PAGE, semantic, REF)
    assert evidence._lazy and not evidence._have.any()
    lazy = verify_text(claim, extract_slots(claim, 0, REF), PAGE, semantic, reference_date=REF)
    assert (lazy.verdict, lazy.evidence) == (eager.verdict, eager.evidence) == ("supported", eager.evidence)


def test_a_large_store_embeds_only_the_claims_of_candidate_pairs(monkeypatch, caplog):
    import claimcheck.match as match_module
    from claimcheck.embed.install import get_encoder

    encoder = get_encoder()
    if encoder is None:
        pytest.skip("the sentence model is not installed")
    texts = ["The Velmora ferry terminal opened on 4 March 2019.",
             "On 4 March 2019 the ferry terminal in Velmora opened to passengers.",
             "Hail damaged the vineyards of the northern valley last spring."]
    claims = [Claim(t, 0, len(t), 1, slots=extract_slots(t, 0, REF), id=n + 1, document_id=n + 1)
              for n, t in enumerate(texts)]
    engine = AlignmentEngine(encoder)
    everything = match_module.find_matches(claims, [], engine=engine)
    monkeypatch.setattr(match_module, "SEMANTIC_ALL", 2)
    with caplog.at_level("WARNING", logger="claimcheck.match"):
        lazily = match_module.find_matches(claims, [], engine=engine)
    assert "not stored yet" in caplog.text
    # the paraphrase shares enough words to be a lexical candidate: found either way
    assert (1, 2, "agree") in [(m.claim_a, m.claim_b, m.relation) for m in everything]
    assert (1, 2, "agree") in [(m.claim_a, m.claim_b, m.relation) for m in lazily]


def test_a_day_without_its_year_shares_the_same_day_of_the_other_statement():
    from claimcheck.align.features import distinctive_values, shared_values
    from claimcheck.extract.slots import extract_slots

    guessed = distinctive_values(extract_slots("The cabinet stepped down on 10 August.",
                                               reference_date=date(2021, 3, 1)))
    written = distinctive_values(extract_slots("The government resigned on 10 August 2020."))
    other_year = distinctive_values(extract_slots("The government resigned on 10 August 2019."))
    other_day = distinctive_values(extract_slots("The government resigned on 11 August 2020."))
    assert shared_values(guessed, written) == {"md:08-10"}
    assert shared_values(written, guessed) == {"md:08-10"}
    assert not shared_values(written, other_year)  # both years written: two days
    assert not shared_values(guessed, other_day)
    assert shared_values(written, written) >= {"2020-08-10"}
    # and the alignment features read it as a shared date
    a = prepare("The cabinet stepped down on 10 August.",
                extract_slots("The cabinet stepped down on 10 August.", reference_date=date(2021, 3, 1)))
    b = prepare("The government resigned on 10 August 2020.",
                extract_slots("The government resigned on 10 August 2020."))
    features = pair_features(a, b, None)
    assert features[FEATURES.index("figure_shared")] == 1.0
    assert features[FEATURES.index("distinctive_shared")] == 1.0


def test_a_place_on_one_side_and_an_actor_on_the_other_do_not_make_two_events():
    # "each names something the other does not" doubted every figure or date conflict whose
    # sides named a place and an organisation: one says where, the other who
    where = _view("Velmora lodged its appeal in August 2018, and the case stayed in Luxembourg for years.")
    who = _view("Velmora filed its appeal with the Tribunal on 9 October 2018.")
    result = decide(where, who, 0.9, SURE)
    assert result.relation == "conflict" and result.reasons[0].slot == "date"
    # two actors, each named on one side only, still make two events
    a = _view("The fine on Arvanco was set at 1.06 billion euros in May 2009.")
    b = _view("The fine on Quelltek was set at 242 million euros in May 2009.")
    assert decide(a, b, 0.9, SURE).relation == "related"


def test_the_event_a_ranking_is_measured_against_is_not_the_ranked_event():
    # "exceeded only by the quake of January 1934" dates the quake it is ranked against; the
    # two statements disagree on the rank, not on which event they speak of
    a = _view("It was the strongest earthquake ever recorded in Velmora, stronger than the one of 1934.")
    b = _view("It was the second-largest earthquake in Velmora, exceeded only by the earthquake of January 1934.")
    result = decide(a, b, 0.9, SURE)
    assert result.relation == "conflict" and result.reasons[0].slot == "quantity"


def test_a_dated_earlier_state_is_another_time_than_an_undated_statement():
    # "in 2017 turnout had been 76.2 per cent" (pluperfect: before the text's own time) against
    # "turnout reached 76.6 per cent" (the other document's own election): two times
    before = _view("In 2017 turnout in Velmora had been 76.2 per cent, so this was no awakening.")
    now = _view("Turnout in Velmora reached 76.6 per cent, marginally higher than before.")
    assert decide(before, now, 0.9, SURE).relation == "related"
    # a page the claim cites speaks of the claim's time
    assert decide(before, now, 0.9, SURE, cited=True).relation == "conflict"
    # the simple past, or "had" of possession, is no earlier state
    assert decide(_view("In 2017 turnout in Velmora was 76.2 per cent, so this was no awakening."),
                  now, 0.9, SURE).relation == "conflict"
    assert not _view("Velmora had 90 days in 2018 to end the conduct.").anterior


def test_a_period_since_a_date_runs_on_to_the_texts_time():
    def view(text):
        return build_view(text, extract_slots(text, 0, date(2020, 1, 6)))

    # a cumulative count "since October" measured "by 6 January": one count, no date conflict
    by = view("By 6 January 2020, 5,707 cases of measles had been recorded in Velmora.")
    since = view("The Velmora government said 5707 measles cases had now been notified since October.")
    assert decide(by, since, 0.9, SURE).relation == "agree"
    # a start after the other date, or two starts, still differ
    assert decide(view("The Velmora ferry has operated since March 2004."),
                  view("The Velmora ferry operated in January 2004."), 0.9, SURE).relation == "conflict"
    assert decide(view("The Velmora ferry operated in May 2004."),
                  view("The Velmora ferry has operated since March 2004."), 0.9, SURE).relation == "agree"


def test_a_figure_that_marks_off_a_part_of_the_event_is_not_its_figure():
    # "over the last 40 metres" / "over the final 20 metres": two parts of one race, no conflict;
    # the figure the statements assert still compares
    a = _view("Over the last 40 metres of the Velmora final, Moro pulled away from the field.")
    b = _view("Over the final 20 metres of the Velmora final, Moro slowed down visibly.")
    assert not [r for r in decide(a, b, 0.9, SURE).reasons if r.slot == "quantity"]
    c = _view("Moro ran the last 100 metres of the Velmora final in 9.2 seconds.")
    d = _view("Moro ran the last 100 metres of the Velmora final in 9.5 seconds.")
    assert [r.a for r in decide(c, d, 0.9, SURE).reasons if r.slot == "quantity"] == ["9.2 second"]


def test_a_place_where_it_happens_is_no_further_actor_of_an_exclusive_claim():
    exclusive = _view("Only Norwegians had ever held the Velmora sprint record.")
    # "in Berlin" says where the record was set, not who held it
    assert decide(exclusive, _view("In Berlin he took the Velmora sprint record from the Norwegians."),
                  0.9, SURE).relation != "conflict"
    # another country that holds it is another actor
    assert decide(_view("Only Norway sent icebreakers to the strait in 2023."),
                  _view("Norway and Finland sent icebreakers to the strait in 2023."), 0.9, SURE).relation \
        == "conflict"


def test_a_count_of_people_that_died_is_a_count_of_deaths():
    # "two volunteers ... died" and "three deaths" give one measure, as do "killed 40 people" and
    # "left 42 dead"; the injured are another measure
    deaths = _view("Three deaths were reported in the Velmora extension study.")
    died = _view("Two volunteers in the Velmora extension study died.")
    result = decide(died, deaths, 0.9, SURE)
    assert result.relation == "conflict" and result.reasons[0].slot == "quantity"
    killed = _view("The Velmora blast killed 40 people and injured more than 300.")
    dead = _view("The Velmora blast left 42 dead.")
    assert [r.slot for r in decide(killed, dead, 0.9, SURE).reasons] == ["quantity"]
    assert decide(killed, _view("The Velmora blast left 40 dead and 350 injured."), 0.9, SURE).relation == "agree"


def test_an_age_is_not_how_long_something_lasted():
    # "participants aged 50 to 90 years" against "for a year and a half": two measures
    a = _view("The Velmora trial enrolled 1,795 participants aged 50 to 90 years.")
    b = _view("After a year and a half, the Velmora trial had followed nearly 1,800 people.")
    assert decide(a, b, 0.9, SURE).relation == "agree"
    older = _view("The Velmora trial enrolled 1,795 participants aged 60 to 90 years.")
    assert [r.slot for r in decide(a, older, 0.9, SURE).reasons] == ["quantity"]


def test_an_age_written_as_a_compound_or_a_bare_number_after_aged_is_an_age():
    # "a 12-year-old boy" was a count of "year-old" and "aged 14" a bare count: never compared
    boy = _view("A 12-year-old Velmora boy was rescued from the rubble on Sunday.")
    assert [r.slot for r in decide(boy, _view("The Velmora boy, aged 14, was rescued from the rubble on Sunday."),
                                   0.9, SURE).reasons] == ["quantity"]
    assert decide(boy, _view("The Velmora boy, aged 12, was rescued from the rubble on Sunday."),
                  0.9, SURE).relation == "agree"
    # an age is not how long something lasted
    assert decide(boy, _view("The rescue of the Velmora boy from the rubble took 12 days."),
                  0.9, SURE).relation == "agree"


def test_a_time_of_day_that_differs_is_a_conflict_on_the_date():
    # times of day were read and then never compared: "at 11:56" agreed with "at 2 p.m."
    struck = _view("The Velmora earthquake struck at 11:56 local time on 25 April 2015.")
    later = decide(struck, _view("The Velmora earthquake struck at 2 p.m. on 25 April 2015."), 0.9, SURE)
    assert later.relation == "conflict" and later.reasons[0].slot == "date" and "11:56" in later.reasons[0].a
    # one moment told approximately, or in another zone, is no difference
    assert decide(struck, _view("The Velmora earthquake struck just before noon on 25 April 2015."),
                  0.9, SURE).relation == "agree"
    assert decide(struck, _view("The Velmora earthquake struck at 06:11 GMT on 25 April 2015."),
                  0.9, SURE).relation == "agree"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=len(FEATURES), max_size=len(FEATURES)), st.booleans())
def test_a_shared_figure_never_lowers_the_probability(values, semantic):
    # evidence of one assertion is never evidence against it, whatever the regression's
    # pairwise products make of it (a sentence and a long passage sharing "15 November 2019":
    # 0.21 with the shared date, 0.44 without, before the guard)
    engine = AlignmentEngine(model=load_model("semantic" if semantic else "lexical"))
    unshared = list(values)
    unshared[FEATURES.index("figure_shared")] = unshared[FEATURES.index("distinctive_shared")] = 0.0
    shared = list(unshared)
    shared[FEATURES.index("figure_shared")] = shared[FEATURES.index("distinctive_shared")] = 1.0
    with_figure, without = engine.probabilities([shared, unshared])
    assert with_figure >= without - 1e-12


def test_two_places_of_other_kinds_in_one_frame_are_two_places():
    # "London" is read as its country, "Manchester" as a name of another kind: the engine's
    # participant rule compares names of one kind only, so the frame tells the two apart
    from claimcheck.compare import build_view, load_lexicon
    from claimcheck.extract.slots import extract_slots
    lexicon = load_lexicon()
    a, b = ("Average rent rose 8% in London.", "Average rent rose 3% in Manchester.")
    views = [build_view(t, extract_slots(t), lexicon) for t in (a, b)]
    assert decide(views[0], views[1], 0.95, SURE).relation == "related"
