"""find_matches: planted pairs found, never a claim with itself, each pair once, incremental."""

from __future__ import annotations

import dataclasses
import random

import pytest

from claimcheck.match import MatchInputError, find_matches, normalise_text
from claimcheck.model import Claim, DateMention, Entity, Slots

TOPICS = ["harbour", "vaccine", "tariff", "ballot", "stadium", "pipeline", "glacier", "refinery",
          "orchard", "satellite", "railway", "hospital", "vineyard", "reactor", "museum", "bridge"]
VERBS = ["inspected", "financed", "blockaded", "audited", "renovated", "insured", "surveyed",
         "licensed", "evacuated", "sponsored"]
ACTORS = ["Utopia", "Freedonia", "Sylvania", "Ruritania", "Genovia", "Latveria", "Zamunda", "Wakanda"]


def make_claim(claim_id: int, document_id: int, text: str, *, actor: str | None = None,
               when: str | None = None, start: int = 0) -> Claim:
    entities = (Entity(actor, actor, text.find(actor), text.find(actor) + len(actor), "country"),) if actor else ()
    dates = (DateMention(when, when, "month", 0, 0),) if when else ()
    return Claim(text=text, start=start, end=start + len(text), paragraph=1,
                 slots=Slots(entities=entities, dates=dates), id=claim_id, document_id=document_id)


def background(count: int, first_id: int, seed: int) -> list[Claim]:
    rng = random.Random(seed)
    claims = []
    for offset in range(count):
        actor, topic, verb = rng.choice(ACTORS), rng.choice(TOPICS), rng.choice(VERBS)
        extra = " ".join(rng.sample(TOPICS, 3))
        text = f"{actor} {verb} the {topic} near the {extra} in {2000 + offset % 20}."
        claims.append(make_claim(first_id + offset, 100 + offset // 10, text, actor=actor))
    return claims


PLANTED_A = make_claim(1, 1, "Utopia severed diplomatic relations with Freedonia in July 2022.",
                       actor="Utopia", when="2022-07")
PLANTED_B = make_claim(2, 2, "In July 2022 Utopia broke off diplomatic ties with Freedonia.",
                       actor="Utopia", when="2022-07")
PLANTED_C = make_claim(3, 3, "Utopia severed diplomatic relations with Freedonia in March 2021.",
                       actor="Utopia", when="2021-03")


def test_finds_planted_pairs_among_background():
    existing = [PLANTED_B, PLANTED_C, *background(400, 1000, seed=1)]
    matches = find_matches([PLANTED_A], existing)
    found = {(m.claim_a, m.claim_b): m for m in matches}
    assert found[(1, 2)].relation == "agree"
    assert found[(1, 3)].relation == "conflict"
    assert found[(1, 3)].reasons[0].slot == "date"


def test_never_pairs_a_claim_with_itself_and_each_pair_once():
    claims = [PLANTED_A, PLANTED_B, PLANTED_C, *background(200, 1000, seed=2)]
    matches = find_matches(claims, claims)
    pairs = [(m.claim_a, m.claim_b) for m in matches]
    assert all(a < b for a, b in pairs)
    assert len(pairs) == len(set(pairs))
    # (2, 3) says "broke off ties" where 3 says "severed relations": a paraphrase that only the
    # sentence model aligns (test_align.py covers it in semantic mode)
    assert {(1, 2), (1, 3)} <= set(pairs)


def test_incremental_does_not_rematch_existing_claims():
    existing = [PLANTED_B, PLANTED_C, *background(100, 1000, seed=3)]
    matches = find_matches([PLANTED_A], existing)
    assert matches
    assert all(1 in (m.claim_a, m.claim_b) for m in matches)


def test_new_claims_are_compared_with_each_other():
    matches = find_matches([PLANTED_A, PLANTED_B], [])
    assert [(m.claim_a, m.claim_b, m.relation) for m in matches] == [(1, 2, "agree")]


def test_same_document_pairs_only_between_different_places():
    twin = make_claim(4, 1, PLANTED_A.text, actor="Utopia", when="2022-07", start=500)
    same_place = make_claim(5, 1, PLANTED_A.text, actor="Utopia", when="2022-07")
    pairs = {(m.claim_a, m.claim_b) for m in find_matches([PLANTED_A, twin, same_place], [])}
    assert (1, 4) in pairs and (4, 5) in pairs
    assert (1, 5) not in pairs
    pairs = {(m.claim_a, m.claim_b) for m in find_matches([PLANTED_A, twin], [PLANTED_B],
                                                          include_same_document=False)}
    assert pairs == {(1, 2), (2, 4)}


def test_scores_are_bounded_and_respect_min_score():
    matches = find_matches([PLANTED_A], [PLANTED_B, PLANTED_C, *background(100, 1000, seed=4)],
                           min_score=75)
    assert matches and all(75 <= m.score <= 100 for m in matches)


def test_claims_without_ids_are_refused():
    with pytest.raises(MatchInputError, match="store the claims first"):
        find_matches([Claim("Prices rose in May 2022.", 0, 24, 1)], [])


def test_no_new_claims_means_no_work():
    assert find_matches([], [PLANTED_A, PLANTED_B]) == []


def test_normalised_text_ignores_order_and_synonyms():
    assert normalise_text("Utopia severed ties with Freedonia") == \
        normalise_text("Freedonia ties were cut off by Utopia")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ["harbour", "tariff", "ballot", "pipeline", "glacier", "severed", "approved", "vessels",
         "relations", "budget", "rose", "fell", "recognised", "treaty"]


@st.composite
def claim_sets(draw):
    count = draw(st.integers(min_value=2, max_value=14))
    claims = []
    for index in range(count):
        actor = draw(st.sampled_from(ACTORS[:4]))
        words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=7))
        month = draw(st.sampled_from(["2021-03", "2022-07", None]))
        text = f"{actor} {' '.join(words)}" + (f" in {month}." if month else ".")
        claims.append(make_claim(index + 1, draw(st.integers(1, 4)), text, actor=actor, when=month,
                                 start=draw(st.sampled_from([0, 100]))))
    split = draw(st.integers(min_value=1, max_value=count))
    # documents are ingested whole: the existing claims belong to other documents than the new
    # ones (the one-to-one assignment of matching compares a claim with each other document)
    existing = [dataclasses.replace(c, document_id=c.document_id + 10) for c in claims[split:]]
    return claims[:split], existing


@settings(max_examples=60, deadline=None)
@given(claim_sets())
def test_incremental_equals_full_run_restricted_to_new_claims(sets):
    new, existing = sets
    new_ids = {c.id for c in new}
    incremental = find_matches(new, existing)
    full = [m for m in find_matches(new + existing, []) if {m.claim_a, m.claim_b} & new_ids]
    assert incremental == full
    pairs = [(m.claim_a, m.claim_b) for m in incremental]
    assert all(a < b for a, b in pairs) and len(pairs) == len(set(pairs))
    assert all(0 <= m.score <= 100 for m in incremental)


def test_rarity_counts_every_claim_of_a_document_not_only_those_of_candidate_pairs():
    # found by the property above: a third claim of document 11 giving March 2021 ("Freedonia
    # ...") paired only with another stored claim, so it counted for the date's rarity in a full
    # run and not when document 2 was matched into the store; claim 3's agreements differed
    rows = [(1, 2, "Utopia harbour harbour harbour.", None, 0),
            (2, 1, "Utopia harbour harbour harbour in 2021-03.", "2021-03", 0),
            (3, 2, "Utopia harbour harbour tariff in 2021-03.", "2021-03", 100),
            (4, 1, "Utopia harbour harbour harbour in 2021-03.", "2021-03", 0),
            (5, 11, "Utopia harbour harbour harbour in 2021-03.", "2021-03", 0),
            (6, 12, "Utopia harbour harbour ballot in 2021-03.", "2021-03", 0),
            (7, 11, "Freedonia harbour harbour ballot in 2021-03.", "2021-03", 0),
            (8, 11, "Utopia harbour harbour harbour in 2021-03.", "2021-03", 0)]
    claims = [make_claim(i, d, t, actor=t.split()[0], when=w, start=s) for i, d, t, w, s in rows]
    new, existing = claims[:4], claims[4:]
    full = [m for m in find_matches(new + existing, []) if {m.claim_a, m.claim_b} & {1, 2, 3, 4}]
    assert find_matches(new, existing) == full


def test_small_chunks_find_the_same_matches(monkeypatch):
    import claimcheck.match as match_module

    claims = [PLANTED_A, PLANTED_B, PLANTED_C, *background(150, 1000, seed=5)]
    expected = find_matches(claims[:40], claims[40:])
    monkeypatch.setattr(match_module, "PAIR_CHUNK", 7)
    assert find_matches(claims[:40], claims[40:]) == expected


def test_match_stats_count_the_funnel():
    from claimcheck.match import match_claims

    matches, stats = match_claims([PLANTED_A], [PLANTED_B, PLANTED_C, *background(100, 1000, seed=6)])
    assert stats.claims == 103 and stats.new_claims == 1
    assert stats.candidate_pairs >= stats.cheap_survivors >= stats.scored_pairs == len(matches)
    assert sum(stats.relations.values()) == len(matches)


# --- the alignment policy on real extractions ----------------------------------------------------

from datetime import date  # noqa: E402

from claimcheck.align.decide import decide  # noqa: E402
from claimcheck.align.engine import AlignmentEngine  # noqa: E402
from claimcheck.align.features import FEATURES, prepare  # noqa: E402
from claimcheck.align.model import Thresholds  # noqa: E402
from claimcheck.compare import build_view  # noqa: E402
from claimcheck.extract import extract_document  # noqa: E402
from claimcheck.extract.slots import extract_slots  # noqa: E402
from claimcheck.pipeline import alignment_engine  # noqa: E402

REF = date(2024, 6, 1)


def _extracted(*texts: str) -> list[Claim]:
    claims = []
    for document, text in enumerate(texts):
        for claim in extract_document(text, published=REF).claims:
            claims.append(dataclasses.replace(claim, id=len(claims) + 1, document_id=document))
    return claims


def _matches(claims: list[Claim], engine=None) -> dict[tuple[str, str], object]:
    """Each match, keyed by the first 20 characters of its two claims."""
    by_id = {c.id: c for c in claims}
    return {(by_id[m.claim_a].text[:20], by_id[m.claim_b].text[:20]): m
            for m in find_matches(claims, [], engine=engine or alignment_engine())}


def _relations(claims: list[Claim]) -> dict[tuple[str, str], str]:
    return {key: m.relation for key, m in _matches(claims).items()}


def test_counterfactual_alignment_reads_a_differing_figure_as_shared():
    engine = AlignmentEngine()
    one, other = "The bridge reopened on 4 March 2019.", "The bridge reopened on 9 March 2019."
    a, b = (prepare(t, extract_slots(t, 0, REF)) for t in (one, other))
    features = engine.features(a, b)
    lifted = engine.counterfactual(a, b, features)
    assert features[FEATURES.index("figure_shared")] == 0.0
    assert lifted[FEATURES.index("figure_shared")] == 1.0
    assert engine.probabilities([lifted])[0] > engine.probabilities([features])[0]
    # nothing to lift when the figures are shared, or when one statement gives none
    assert engine.counterfactual(a, a, engine.features(a, a)) is None
    plain = prepare("The bridge reopened.", extract_slots("The bridge reopened.", 0, REF))
    assert engine.counterfactual(a, plain, engine.features(a, plain)) is None


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_sentence_of_two_assertions_agrees_on_one_and_conflicts_on_the_other():
    # the figure both give (3.4 million) finds one counterpart; the date another, which differs
    claims = _extracted(
        "The harbour authority of Velmora reopened the northern pier on 12 May, after repairs that "
        "cost about 3.4 million euros. Local fishermen say the catch has been poor all spring. "
        "The ferry to Ostrand now runs twice a day, and tickets cost 14 euros.",
        "The Velmora Harbour Authority reopened the northern pier on 19 May 2024. "
        "Repair works on the pier cost €3.4 million and were funded by the regional government. "
        "Ferry services to Ostrand operate twice daily; a single ticket costs €14.")
    relations = _relations(claims)
    assert relations[("The harbour authorit", "The Velmora Harbour ")] == "conflict"
    assert relations[("The harbour authorit", "Repair works on the ")] == "agree"
    assert relations[("The ferry to Ostrand", "Ferry services to Os")] == "agree"


def test_a_figure_conflict_needs_one_event_not_two_named_participants():
    sure = Thresholds(related=0.2, agree=0.3, conflict=0.8)

    def view(text):
        return build_view(text, extract_slots(text, 0, REF))

    # each names a party the other does not: two fines, not one fine told twice
    two = decide(view("The Halvorsen fine was annulled by the court in March 2021."),
                 view("The court annulled the fine on Brekke Shipping in May 2021."), 0.9, sure)
    assert two.relation == "related" and two.reasons[0].slot == "entity"
    # a name written in other words ("the Tallinn games" / "in Tallinn") is one event
    one = decide(view("The record was set at the Tallinn Games on 14 August 2008."),
                 view("The record had been set in the final in Tallinn on 16 August 2008 (Rask 2010)."),
                 0.9, sure)
    assert one.relation == "conflict" and one.reasons[0].slot == "date"


def test_a_sentence_of_several_assertions_has_a_counterpart_per_rare_figure():
    from claimcheck.extract.slots import extract_slots

    def claim(claim_id, document_id, text):
        return Claim(text=text, start=0, end=len(text), paragraph=claim_id, slots=extract_slots(text),
                     id=claim_id, document_id=document_id)

    commentary = claim(1, 1, "On Wednesday 395 members of the Korvan assembly voted to make Adela Moro "
                             "premier, and Ivo Brandt left office after 16 years.")
    vote = claim(2, 2, "Adela Moro was elected premier of Korvan with 395 votes.")
    tenure = claim(3, 2, "Ivo Brandt had governed Korvan for 16 years before he stepped down.")
    filler = [claim(4, 2, "The Korvan assembly has 640 seats in its chamber."),
              claim(5, 2, "Turnout in the Korvan election was 76 per cent.")]
    found = {(m.claim_a, m.claim_b): m.relation for m in find_matches([commentary], [vote, tenure, *filler])}
    assert found.get((1, 2)) == "agree" and found.get((1, 3)) == "agree", found


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model: lexical "
                    "candidates need closer wording than this pair has")
def test_the_only_statements_of_a_rare_measure_in_two_documents_are_one_assertion():
    # "44 strides" / "needed 41 strides": another figure, and the only statements of strides in
    # either document, though a sentence without the figure is worded closer; the slot says what
    # differs
    fillers_a = "The crowd in the Velmora stadium was the largest of the season. "
    fillers_b = "Sixty thousand spectators filled the Velmora stands on a warm evening. "
    told = "In the final, her coach said, Adela Moro covered the distance in 44 strides."
    closer = "In the final, her coach said, Adela Moro covered the distance superbly."

    def relations(a_text, b_text):
        return _relations(_extracted(fillers_a + a_text, fillers_b + b_text))

    found = relations(told, f"{closer} Moro needed 41 strides to win.")
    assert found.get(("In the final, her co", "Moro needed 41 strid")) == "conflict", found
    # a measure each document gives often backs no pair (a telling aligned as a mutual best must
    # be may still be the strides' counterpart among the statements that count them: ``slot_kinds``)
    assert _backed_measures(told, f"{closer} Moro needed 41 strides to win.") == {"count:strid"}
    assert _backed_measures(f"{told} Her rival Ines Varga averaged 46 strides per race. "
                            "Junior sprinters take 49 strides.",
                            f"{closer} Moro needed 41 strides to win. In the heats Varga used 43 strides. "
                            "Youth athletes commonly need 47 strides.") == set()


def _backed_measures(a_text: str, b_text: str) -> set[str]:
    """The measures ``_measure_backing`` finds rare enough to pair "Adela Moro covered the distance
    in 44 strides" with the other document's statements."""
    from claimcheck.match import _measure_backing, _views, prepare_claims

    fillers_a = "The crowd in the Velmora stadium was the largest of the season. "
    fillers_b = "Sixty thousand spectators filled the Velmora stands on a warm evening. "
    claims = _extracted(fillers_a + a_text, fillers_b + b_text)
    prepared = prepare_claims(claims, [])
    told = next(k for k, c in enumerate(prepared.claims) if "44 strides" in c.text)
    pairs = [(told, k) for k, c in enumerate(prepared.claims)
             if prepared.document[k] != prepared.document[told]]
    backed = _measure_backing(prepared, pairs, range(len(prepared.claims)), _views(prepared, alignment_engine()))
    return {key for keys in backed.values() for key in keys if key.startswith("count:")}


def test_a_figure_is_rare_by_what_it_measures_not_by_its_digits():
    # "90 days" is a rare figure though "90 per cent" is written three times more in each
    # document (and durations are not rare either): the sentence giving the deadline agrees
    # with its counterpart, as well as with the sentence on the penalty it also speaks of
    claims = _extracted(
        "Velmora had 90 days to end the conduct, or else it risked penalty payments of up to 5% of "
        "its daily turnover. The Velmora store handled more than 90 per cent of app downloads. "
        "Its search engine is still above 90 per cent in Italy. Ads reached 90 per cent of users. "
        "The appeal stayed in court for four years. The probe had lasted three years.",
        "Velmora was given 90 days to end the conduct. Failure to comply would expose Velmora to "
        "penalty payments of up to 5% of its average daily turnover. The store carried 90 per cent "
        "of downloads. Velmora held search shares above 90% in most countries. Its ads reached 90% "
        "of users. The appeal took four years. The investigation ran for three years.")
    relations = _relations(claims)
    assert relations.get(("Velmora had 90 days ", "Velmora was given 90")) == "agree", relations


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_date_given_at_another_precision_is_shared_for_the_alignment():
    # "September 2022" / "14 September 2022" is one date: the pair aligns as one sharing it,
    # and the score reported is the probability the decision used
    claims = _extracted(
        "In September 2022 the General Court of Velmora confirmed almost all of the ministry's "
        "decision. The ruling was welcomed by rivals.",
        "The Velmora General Court largely upheld the decision on 14 September 2022 (Curia 2022). "
        "Rivals welcomed it.")
    match = _matches(claims)[("In September 2022 th", "The Velmora General ")]
    assert match.relation == "agree", match
    assert f"{match.score / 100:.2f}" in match.reasons[0].note


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_an_exclusive_claim_meets_the_one_statement_naming_its_actor():
    # "only UNICEF was delivering vaccines" against the other document's one statement of what
    # UNICEF did, with other organisations: a conflict on the quantifier, though worded apart
    claims = _extracted(
        "The epidemic hit Velmora in the autumn. Only UNICEF was delivering vaccines to the villages, "
        "the ministry did nothing. Many schools closed for weeks.",
        "The epidemic reached Velmora in October. UNICEF delivered vaccines with the World Health "
        "Organization and the Red Cross. Schools were closed for several weeks.")
    relations = _relations(claims)
    assert relations.get(("Only UNICEF was deli", "UNICEF delivered vac")) == "conflict", relations


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_pair_enters_on_the_alignment_its_decision_uses():
    # worded apart and differing in its figure: the pair's own probability is under the listing
    # threshold, its alignment with the figures taken as agreed is not; the decision uses the
    # latter, so the pair must not be dropped before it
    claims = _extracted(
        "The storm reached Velmora at night. The damages and losses together, as it was calculated, "
        "were about ten billion dollars, more than half of the whole economy of Velmora. Schools "
        "stayed shut.",
        "The storm struck Velmora after midnight. The assessment valued total damages and losses at "
        "about US$7 billion, and put reconstruction needs at US$6.7 billion. Schools were closed.")
    relations = _relations(claims)
    assert relations.get(("The damages and loss", "The assessment value")) == "conflict", relations


def test_matching_reports_its_progress_over_the_aligned_pairs(monkeypatch):
    import claimcheck.match as match_module

    monkeypatch.setattr(match_module, "PROGRESS_EVERY", 5)
    claims = [PLANTED_A, PLANTED_B, PLANTED_C, *background(60, 1000, seed=7)]
    seen = []
    quiet = find_matches(claims[:30], claims[30:])
    shown = find_matches(claims[:30], claims[30:], progress=lambda done, total: seen.append((done, total)))
    assert shown == quiet  # progress changes nothing found
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_rank_is_keyed_by_what_it_ranks():
    from claimcheck.compare import build_view, ranked_terms
    from claimcheck.extract.slots import extract_slots
    from claimcheck.match import measure_keys

    def view(text):
        return build_view(text, extract_slots(text))
    worst = view("It was surely the costliest grain silo fire the province ever had.")
    fifth = view("By insured losses the Harlow blaze ranks fifth among grain silo fires in the province.")
    assert {"grain", "silo"} <= ranked_terms(worst) & ranked_terms(fifth)
    assert "ordinal:rank:silo" in measure_keys(worst) & measure_keys(fifth)
    # a rank's window ends with its clause
    assert "cheer" not in ranked_terms(view("Velmora was the wettest town, and crowds cheered."))


def test_a_denial_is_keyed_by_what_it_denies():
    from claimcheck.compare import build_view, denied_terms
    from claimcheck.extract.slots import extract_slots

    def view(text):
        return build_view(text, extract_slots(text))
    assert {"ferry", "harbour"} <= denied_terms(view("The coastguard never closed the ferry harbour that week."))
    assert denied_terms(view("The coastguard closed the ferry harbour that week.")) == frozenset()


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_ranks_of_one_ranked_thing_conflict_among_other_ranks():
    # each document ranks several things, so "a rank" is no rare measure, and a sentence without
    # the rank is worded closer; the two statements ranking grain silo fires are one assertion
    # told twice, at another place
    claims = _extracted(
        "The Harlow silo fire started on a Sunday. Surely the Harlow silo fire was the costliest grain "
        "silo fire the province ever had, whatever the insurers now claim. Harlow is the oldest town in "
        "the valley. Its mill was the first in the region to run on steam.",
        "Insurers said the Harlow silo fire was a grain silo fire of a kind the province had rarely had. "
        "By insured losses it ranks fifth among grain silo fires recorded in the province. Harlow, "
        "founded in 1702, is the second-oldest town of the valley. The mill was the third in the region "
        "to use steam.")
    match = _matches(claims)[("Surely the Harlow si", "By insured losses it")]
    assert match.relation == "conflict" and match.reasons[0].slot == "quantity", match


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_denial_meets_the_one_statement_affirming_it():
    # worded apart, with asides: the pair is under the listing probability, but the sentence
    # vectors put it on one topic and each is its document's only statement about the ferry
    # harbour; a statement about another ferry harbour does not conflict with the denial
    denial = ("The storm hit Velmora on a Tuesday. Say what you like about the mayor, but the coastguard "
              "did not close the ferry harbour that week; it was the skippers who stayed home, as my "
              "cousin will gladly tell anyone. Schools stayed open.")
    matches = _matches(_extracted(denial, (
        "The storm reached Velmora on 4 November 2021. Following the warnings the port authority "
        "closed the ferry harbour pending an inspection (Coastguard 2021). Schools remained open.")))
    match = matches[("Say what you like ab", "Following the warnin")]
    assert match.relation == "conflict" and match.reasons[0].slot == "negation", match
    relations = _relations(_extracted(denial, (
        "The storm reached Velmora on 4 November 2021. A second ferry harbour is planned for the north "
        "of Velmora by 2030 (Council 2021). Schools remained open.")))
    assert "conflict" not in relations.values(), relations


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_rare_full_date_makes_two_tellings_candidates():
    # worded apart (no shared word but the date, cosine under the vector floor), the two
    # documents' only statements of 9 May 2011 are one dating told twice; the date scores like a
    # rare figure, so the pair is aligned at all
    claims = _extracted(
        "Mara ran it on the evening of Sunday 9 May 2011, and I watched it in a cafe in Turin with "
        "friends who did not care about athletics. The crowd was small. She had trained in Velmora "
        "since 2008.",
        "The final was contested on 9 May 2011 in the Velmora stadium (Athletics 2012). Mara had "
        "moved to Velmora in 2008. Attendance was low.")
    relations = _relations(claims)
    assert relations.get(("Mara ran it on the e", "The final was contes")) == "agree", relations


def test_a_full_date_only_one_claim_gives_does_not_dilute_the_overlap():
    # "on 10 August" (year not written) and "on 10 August 2020": the year-month key counts the
    # date both give; the full-date key of one side must not make them overlap less
    from claimcheck.extract.slots import extract_slots
    from claimcheck.match import _slot_matrix, slot_keys, slot_overlap, slot_overlaps

    one = slot_keys(extract_slots("The cabinet stepped down on 10 August.", 0, date(2020, 9, 1)))
    assert "d:2020-08" in one
    other = slot_keys(extract_slots("The government resigned on 10 August 2020.", 0, REF))
    assert any(k.startswith("f:date:") for k in other) and not any(k.startswith("f:date:") for k in one)
    assert slot_overlap(one, other) == slot_overlap(one, frozenset(k for k in other if not k.startswith("f:date:")))
    matrix = _slot_matrix([tuple(sorted(one)), tuple(sorted(other))])
    overlap, _, _ = slot_overlaps(matrix[:1], matrix[1:])
    assert overlap[0] == pytest.approx(slot_overlap(one, other))


def test_two_counts_of_one_rare_thing_are_candidates_whatever_their_wording():
    # "hurt" and "injured" count one thing (injuries) in each document, once: the two claims are
    # a candidate pair though they share no figure and little wording; distances in kilometres
    # are a unit, not a thing counted, and do not pair so
    from claimcheck.match import _measure_pairs, _views, prepare_claims

    claims = _extracted(
        "Around three hundred villagers were hurt, most of them by falling debris in their own homes. "
        "I lived in Tarvos then, some four kilometres away.",
        "The dam failure killed 41 people and injured more than 900 (Ministry report). "
        "The flood wave reached Orlan, roughly 30 kilometres downstream.")
    prepared = prepare_claims(claims, [])
    low, high = _measure_pairs(prepared, _views(prepared, AlignmentEngine()))
    pairs = {(prepared.claims[i].text[:20], prepared.claims[j].text[:20]) for i, j in zip(low, high)}
    assert pairs == {("Around three hundred", "The dam failure kill")}, pairs


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_two_counts_of_one_thing_told_apart_conflict():
    claims = _extracted(
        "The dam gave way in the spring. Around three hundred villagers were hurt, most of them by "
        "falling debris in their own homes. The valley was evacuated.",
        "The dam failed in April. The dam failure killed 41 people and injured more than 900 "
        "(Ministry report). The valley was evacuated within hours.")
    relations = _relations(claims)
    assert relations.get(("Around three hundred", "The dam failure kill")) == "conflict", relations


def test_a_month_is_shared_with_a_day_of_it_but_two_days_are_two_dates():
    from claimcheck.match import month_values, shared_months

    def months(text):
        return month_values(extract_slots(text, 0, REF))

    month = months("The regulator granted full approval in July 2023.")
    day = months("Full approval followed on 6 July 2023.")
    other_day = months("The review began on 28 July 2023.")
    assert shared_months(month, day) == {"mo:2023-07"} == shared_months(day, month)
    assert shared_months(day, other_day) == frozenset()  # two days: ``shared_values`` compares them
    assert shared_months(month, months("It was approved in June 2023.")) == frozenset()


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_a_month_agrees_with_the_day_of_it_not_with_another_months_day():
    # the commentary gives the month of the second approval; the article gives the first
    # approval's day in January and the second's in July: the July pair is the counterpart, and
    # the January one speaks of something else, though its wording is closer
    claims = _extracted(
        "The regulator granted full approval in July 2023, six months after a provisional nod at "
        "the start of the year. Prices stayed high.",
        "The regulator granted accelerated approval on 6 January 2023, on the strength of the "
        "first trial. Traditional approval followed on 6 July 2023, after the agency had reviewed "
        "the data. Prices were set at launch.")
    # keyed by claim id: two claims here begin "The regulator grante"
    relations = {(m.claim_a, m.claim_b): m.relation
                 for m in find_matches(claims, [], engine=alignment_engine())}
    full, _, accelerated, traditional, _ = (c.id for c in claims)
    assert relations.get((full, traditional)) == "agree", relations
    assert relations.get((full, accelerated)) != "conflict", relations
    # the article's two approvals are two acts it dates, not one it contradicts itself on
    assert relations.get((accelerated, traditional)) != "conflict", relations



@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_an_exclusive_claim_conflicts_with_its_own_document():
    # inside one document only an exclusive claim against another actor doing the same (or two
    # actions on one object) is an inconsistency at the one-to-one probability; dates, figures
    # and negations need the surer one (the month test above)
    claims = _extracted(
        "The war began in February. Before sending troops, Norway quickly recognized the "
        "independence of the two islands. Trade talks stalled over the summer. Before July 13, "
        "only Iceland publicly recognized the independence of the two islands.")
    found = {(m.claim_a, m.claim_b): m for m in find_matches(claims, [], engine=alignment_engine())}
    norway, iceland = claims[1].id, claims[3].id
    assert found[norway, iceland].relation == "conflict", found
    assert found[norway, iceland].reasons[0].slot == "quantifier"

@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_what_one_claim_denies_in_words_the_other_affirms_conflicts():
    # the cue governs "fit", which the other does not use; the words after it ("speed
    # cameras", "bridge") are affirmed there, and nothing else differs
    claims = _extracted(
        "The bridge opened in May. Even so, the council did not fit speed cameras on the bridge, "
        "which still puzzles me. Traffic fell in June.",
        "The bridge opened in May 2024. The bridge carries speed cameras at both ends. "
        "Traffic dropped in June.")
    relations = _relations(claims)
    assert relations.get(("Even so, the council", "The bridge carries s")) == "conflict", relations


def test_a_superlative_alone_ranks_a_thing_for_the_measure_candidates():
    # "the deadliest flood" gives no quantity slot, only a place in a ranking (compare's view)
    from claimcheck.match import _measure_pairs, _views, prepare_claims

    claims = _extracted(
        "It was the deadliest flood the valley has known, and nobody was ready for it.",
        "By loss of life the 2021 flood ranks second among recorded floods in the valley.")
    prepared = prepare_claims(claims, [])
    low, high = _measure_pairs(prepared, _views(prepared, AlignmentEngine()))
    assert len(low) == 1, (low, high)


def test_a_dated_claim_conflicts_with_the_statement_that_dates_the_same_act(monkeypatch):
    """One counterpart per kind of slot: the claim's best counterpart tells another of its
    assertions without a date, so the date's counterpart is the statement that dates the act."""
    from datetime import date

    import claimcheck.match as match_module
    from claimcheck.align.engine import AlignmentEngine
    from claimcheck.extract.slots import extract_slots

    ref = date(2024, 1, 1)
    commentary = ["Of course the Velmora council went in appeal in August 2018, and the case stayed in the "
                  "regional court for four years."]
    article = ["The Velmora council appealed further to the supreme court.",
               "The Velmora council lodged its appeal with the regional court on 9 October 2018 (Gazette 2018).",
               "Hail damaged the vineyards of the northern valley last spring."]
    new = [Claim(t, 0, len(t), 1, slots=extract_slots(t, 0, ref), id=1 + n, document_id=1)
           for n, t in enumerate(commentary)]
    old = [Claim(t, 0, len(t), 1, slots=extract_slots(t, 0, ref), id=10 + n, document_id=2)
           for n, t in enumerate(article)]
    engine = AlignmentEngine()  # lexical: no model needed

    def found():
        return {(m.claim_a, m.claim_b): (m.relation, m.reasons[0].slot)
                for m in match_module.find_matches(new, old, engine=engine) if m.relation != "related"}
    assert found() == {(1, 10): ("agree", "other"), (1, 11): ("conflict", "date")}
    monkeypatch.setattr(match_module, "slot_kinds", lambda a, b: frozenset())
    assert (1, 11) not in found()  # without it: the undated rival alone


def test_an_agreement_needs_two_check_worthy_claims_a_conflict_one():
    from claimcheck.model import Match
    from claimcheck.pipeline import listed

    agree, conflict = Match(1, 2, 60.0, "agree"), Match(1, 2, 60.0, "conflict")
    # claim 2 is an opinion, a pointer to a page or a heading: it confirms nothing
    assert not listed(agree, {1})
    assert listed(agree, {1, 2})
    # an exclusive check-worthy claim contradicted by a plain sentence elsewhere is a finding
    assert listed(conflict, {1})
    assert not listed(conflict, set())
    # every claim kept (``match --all-claims``), and related pairs only when close
    assert listed(agree, None)
    assert not listed(Match(1, 2, 60.0, "related"), None)
    assert listed(Match(1, 2, 90.0, "related"), None)


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model: lexical "
                    "candidates need closer wording than these pairs have")
def test_a_measures_counterpart_is_chosen_by_its_wording_not_by_a_shared_value():
    # two statements of the other document give a place in a ranking of antibodies: the one that
    # shares the place ("first") aligns better only for sharing it and speaks of another ranking;
    # the one about approval, worded closer, gives another place: that is the conflict
    told = "As far as I can tell, it was the first migraine antibody the agency ever approved."
    claims = _extracted(
        f"The crowd in the Velmora stadium was the largest of the season. {told}",
        "Sixty thousand spectators filled the Velmora stands on a warm evening. "
        "It is the first antibody of its class whose clinical benefit was confirmed in a trial. "
        "It was the second antibody to receive full approval from the agency.")
    relations = _relations(claims)
    assert relations.get(("As far as I can tell", "It was the second an")) == "conflict", relations


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model")
def test_an_exclusive_claim_meets_the_statement_of_who_did_it_though_that_one_says_more():
    # the statement naming a further actor also tells of changed terms, which another sentence of
    # the first document tells closer; and the singled-out actor is named too often in each
    # document to make the pair rare: the exclusive claim's actor still has one counterpart
    claims = _extracted(
        "Only the Velmora Bank backed the rescue plan, which is why the other lenders lost so much. "
        "The Velmora Bank changed its loan terms, it is true, but in its own way: from then on the "
        "fees charged to small firms rose. The Velmora Bank is the oldest lender in the region.",
        "From 2011 both the Velmora Bank and the Ostrand Fund backed the rescue plan, and both changed "
        "their loan terms to raise the fees charged to small firms. The Velmora Bank was founded in "
        "1871. The chief executive of the Velmora Bank resigned in 2015.")
    relations = _relations(claims)
    assert relations.get(("Only the Velmora Ban", "From 2011 both the V")) == "conflict", relations


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="needs the sentence model: the "
                    "moment is a candidate source of the search over every claim")
def test_an_events_moment_told_in_other_words_backs_the_pair():
    # the day is on every other line of both documents, so it identifies nothing; the day and
    # the time of day together ("a little after six in the evening" / "at 18:08") do
    claims = _extracted(
        "A little after six in the evening of 4 May 2021, the grain silo at the port of Velmora went "
        "up in a column of brown dust, and half the town lost its windows. The dock workers had "
        "warned about the silo for years before 4 May 2021. By the night of 4 May 2021 the "
        "hospitals of Velmora were full.",
        "The main blast came at 18:08 local time on 4 May 2021, as the silo at the port exploded "
        "(Port Authority 2021). The port authority had been told of the risk "
        "before 4 May 2021. Hospitals admitted hundreds of injured people on 4 May 2021.")
    relations = _relations(claims)
    assert relations.get(("A little after six i", "The main blast came ")) == "agree", relations
    # another time of day that day is another moment: nothing backs the pair
    morning = [dataclasses.replace(c, text=c.text.replace("A little after six in the evening",
                                                          "A little after ten in the morning"),
                                   slots=extract_slots(c.text.replace("A little after six in the evening",
                                                                      "A little after ten in the morning"),
                                                       0, REF))
               if c.text.startswith("A little after six") else c for c in claims]
    assert _relations(morning).get(("A little after ten ", "The main blast came ")) != "agree"


def test_a_moment_backs_a_pair_only_when_each_main_clause_gives_its_time():
    from claimcheck.match import _moment_backing, _views, prepare_claims

    def backed(a_text: str, b_text: str) -> dict:
        claims = _extracted(a_text, b_text)
        prepared = prepare_claims(claims, [])
        return _moment_backing(prepared, [(0, 1)], range(len(prepared.claims)),
                               _views(prepared, alignment_engine()))

    told = "The dam gave way at 09:12 local time on 3 March 2019."
    assert backed("Shortly after nine in the morning of 3 March 2019 the dam gave way.", told)
    # a time of a relative clause ("the warning that came at 06:00") is not the moment of the event
    assert not backed("The dam gave way on 3 March 2019, which residents had feared since the "
                      "warning that came at 06:00.", told)
    assert not backed("The dam gave way at 18:40 on 3 March 2019.", told)


@pytest.mark.skipif(alignment_engine().mode != "semantic", reason="a denial's counterpart is found by sentence vectors")
def test_a_denial_reason_names_what_is_denied_in_the_claims_words():
    # the note listed stems ("cigarett, health, warn")
    denial = ("The storm hit Velmora on a Tuesday. Say what you like about the ministry, but it did not put a "
              "health warning on the cigarette packets; the shops did that themselves. Schools stayed open.")
    matches = _matches(_extracted(denial, (
        "The storm reached Velmora on 4 November 2021. Since 2019 the cigarette packets carry a health "
        "warning about heart disease (Ministry 2021). Schools remained open.")))
    match = matches[("Say what you like ab", "Since 2019 the cigar")]
    assert match.relation == "conflict", match
    assert match.reasons[0].note.startswith("one denies what the other affirms (cigarette, health, warning;")
