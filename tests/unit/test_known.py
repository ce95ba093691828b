"""Previously checked claims: file formats, bad files, tweet cleaning, BM25 and re-ranking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from claimcheck.errors import ClaimcheckError, SchemaVersionError
from claimcheck.known import (DEFAULT_RANKER_PATH, Bm25, KnownClaim, KnownClaimIndex,
                              KnownClaimsError, RankerModelError, clean_query, load_known_claims,
                              load_ranker, stem, tokenize, tweet_signature)

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "claimreview-sample.jsonld"

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/r/1",
    "datePublished": "2021-03-04T10:00:00+00:00",
    "author": {"@type": "Organization", "name": "Checks Example"},
    "claimReviewed": "Drinking seawater cures the common cold.",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A blogger"}},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                     "alternateName": "False"},
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ formats


def test_claimreview_sample_datafeed_is_read_in_order_with_all_fields():
    claims = load_known_claims(SAMPLE)
    assert [c.rating for c in claims] == ["False", "Mostly false", "4 (1-5)"]
    first = claims[0]
    assert first.claim.startswith("The Great Wall is the only human-made structure")
    assert first.id.endswith("#claimreview")
    assert first.url == "https://factcheck.example.org/reviews/2023/great-wall-visible-from-moon"
    assert first.date == "2023-04-18"
    assert first.source == "Example Fact Check"
    assert first.title.startswith("No, the Great Wall")
    assert claims[1].date == "2023-04-25"  # datetime cut to its date
    assert claims[2].source == "Example Fact Check"  # author given as a list


@pytest.mark.parametrize("shape", ["single", "list", "graph"])
def test_claimreview_shapes(tmp_path, shape):
    other = dict(REVIEW, url="https://checks.example.org/r/2", claimReviewed="Bats are blind.")
    data = {"single": REVIEW, "list": [REVIEW, other],
            "graph": {"@context": "https://schema.org", "@graph": [REVIEW, other]}}[shape]
    claims = load_known_claims(write(tmp_path, "reviews.json", json.dumps(data)))
    assert claims[0] == KnownClaim(id="https://checks.example.org/r/1",
                                   claim="Drinking seawater cures the common cold.", title="",
                                   rating="False", url="https://checks.example.org/r/1",
                                   date="2021-03-04", source="Checks Example")
    assert len(claims) == (1 if shape == "single" else 2)


def test_claimreview_rating_without_name_uses_value_and_scale(tmp_path):
    review = dict(REVIEW, reviewRating={"@type": "Rating", "ratingValue": "2", "bestRating": "7"})
    assert load_known_claims(write(tmp_path, "r.jsonld", json.dumps(review)))[0].rating == "2/7"


def test_claimreview_type_given_as_url_list(tmp_path):
    review = dict(REVIEW, **{"@type": ["https://schema.org/ClaimReview"]})
    assert len(load_known_claims(write(tmp_path, "r.jsonld", json.dumps(review)))) == 1


def test_jsonl_with_metadata(tmp_path):
    lines = [{"id": "a1", "claim": "Cats have nine lives.", "rating": "False", "source": "X"},
             {"claim": "Water boils at 100 C at sea level.", "title": "Boiling point"}]
    path = write(tmp_path, "claims.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    claims = load_known_claims(path)
    assert claims[0].id == "a1" and claims[0].rating == "False" and claims[0].source == "X"
    assert claims[1].id == "1" and claims[1].title == "Boiling point"


@pytest.mark.parametrize("name", ["claims", "claims.json"])
def test_jsonl_detected_by_content(tmp_path, name):
    path = write(tmp_path, name, '{"claim": "One."}\n{"claim": "Two."}\n')
    assert [c.claim for c in load_known_claims(path)] == ["One.", "Two."]


def test_tsv_with_header_and_quoted_fields(tmp_path):
    content = ('\tvclaim\ttitle\n'
               '0\tA plain claim about tides.\tDo Tides Work Like This?\n'
               '7\t"A ""quoted"" claim, with a comma."\t"Is the ""Quote"" Real?"\n')
    claims = load_known_claims(write(tmp_path, "verified.tsv", content))
    assert [c.id for c in claims] == ["0", "7"]
    assert claims[1].claim == 'A "quoted" claim, with a comma.'
    assert claims[1].title == 'Is the "Quote" Real?'


def test_tsv_named_columns_in_any_order(tmp_path):
    content = "title\tclaim\tid\nT1\tThe claim.\tx9\n"
    assert load_known_claims(write(tmp_path, "c.tsv", content)) == [
        KnownClaim(id="x9", claim="The claim.", title="T1")]


# ---------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize("name, content, message", [
    ("empty.json", "  \n", "file is empty"),
    ("bin.tsv", b"\x00\x01\x02claim", "binary file"),
    ("latin.tsv", "id\tclaim\n1\tcaf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("broken.json", '{"@type": "ClaimReview", ', "not valid JSON (line 1"),
    ("other.json", '{"@type": "NewsArticle", "headline": "x"}', "no ClaimReview object"),
    ("bad.jsonl", '{"claim": "ok"}\n{"claim": \n', "line 2: not valid JSON"),
    ("noclaim.jsonl", '{"claim": "ok"}\n{"text": "no claim key"}\n', "line 2: object has no 'claim'"),
    ("nocol.tsv", "id\tstatement\n1\tx\n", "has no 'claim' column"),
    ("header-only.tsv", "id\tclaim\ttitle\n", "no claims found"),
])
def test_bad_files_give_one_line_errors(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(KnownClaimsError) as info:
        load_known_claims(path)
    assert message in str(info.value)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ClaimcheckError, match="no such file"):
        load_known_claims(tmp_path / "absent.jsonld")


# ----------------------------------------------------------------------------------- cleaning

TWEET = ("Huge news!! #BreakingNews @SomeReporter says the bridge &amp; tunnel close "
         "https://t.co/AbC123 pic.twitter.com/xYz987 \u2014 Jane Q. Public (@janeqpublic) "
         "January 6, 2020")


def test_clean_query_removes_tweet_furniture():
    assert clean_query(TWEET) == "Huge news!! Breaking News says the bridge & tunnel close"


def test_clean_query_splits_hashtag_glued_to_link():
    assert clean_query("Storm season #StormWatchpic.twitter.com/Q1w2E3") == "Storm season Storm Watch"
    assert clean_query("see #NASAReport2020") == "see NASA Report 2020"


def test_clean_query_keeps_ordinary_text():
    text = "Unemployment fell to 3.5% in 2019, the lowest rate in 50 years."
    assert clean_query(text) == text


def test_tweet_signature():
    signature = tweet_signature(TWEET)
    assert (signature.name, signature.handle, signature.year) == (
        "Jane Q. Public", "@janeqpublic", "2020")
    assert tweet_signature("No signature here.") is None


PIECES = st.sampled_from(list("ab #@_.:/-\u2014()&;1A \u00e9\U0001F600") + [
    "http://", "&amp;", "pic.twitter.com/", " \u2014 N (@h) May 1, 2020", "&#38;amp;", "Ab", "www."])


@given(st.lists(PIECES, max_size=25).map("".join))
@example("&#38;amp;#\U0001F6001")  # found by hypothesis: cleaning uncovered an entity ("&#1")
def test_clean_query_is_idempotent(text):
    once = clean_query(text)
    assert clean_query(once) == once


# ----------------------------------------------------------------------------------- ranking


def test_stem_and_tokenize():
    assert [stem(w) for w in ("cities", "running", "claimed", "bus", "is", "votes")] == [
        "city", "runn", "claim", "bus", "is", "vote"]
    assert tokenize("The Café's TABLES", frozenset({"the"})) == ["cafe", "table"]


def test_bm25_prefers_rare_matching_term():
    bm25 = Bm25([["bridge", "river"], ["river", "river"], ["road"]])
    scores = bm25.scores(["bridge", "river"])
    assert scores[0] > scores[1] > scores[2] == 0


DISTRACTORS = [
    KnownClaim(id=f"d{i}", claim=text, title=title) for i, (text, title) in enumerate([
        ("A photo shows a shark swimming on a flooded highway.", "Shark on the Highway?"),
        ("The city council voted to ban bicycles downtown.", "Did the Council Ban Bicycles?"),
        ("Drinking coffee stunts children's growth.", "Does Coffee Stunt Growth?"),
        ("A senator said the bridge would close for ten years.", "Bridge Closure Quote"),
        ("Eating carrots improves night vision dramatically.", "Carrots and Night Vision"),
    ])
]
PLANTED = KnownClaim(id="planted", claim="The harbour bridge and tunnel will close for two years "
                     "starting in January 2020.", title="Will the Harbour Bridge Close?")


def test_planted_match_ranks_first():
    index = KnownClaimIndex(DISTRACTORS + [PLANTED])
    results = index.search(TWEET.replace("the bridge", "the harbour bridge") + " for two years", top=3)
    assert results[0][0].id == "planted"
    assert len(results) <= 3
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_search_without_overlap_returns_nothing():
    index = KnownClaimIndex(DISTRACTORS)
    assert index.search("zzz qqq", top=5) == []
    assert index.search("", top=5) == []


def test_shipped_ranker_loads_and_unknown_schema_is_rejected(tmp_path):
    ranker = load_ranker()
    assert len(ranker.weights) == len(ranker.features) and ranker.candidates > 0
    data = json.loads(DEFAULT_RANKER_PATH.read_text(encoding="utf-8"))
    data["schema"] = "claimcheck.known_ranker/2"
    with pytest.raises(SchemaVersionError, match="known_ranker/2"):
        load_ranker(write(tmp_path, "r.json", json.dumps(data)))


def test_malformed_ranker_is_rejected(tmp_path):
    data = json.loads(DEFAULT_RANKER_PATH.read_text(encoding="utf-8"))
    data["weights"] = data["weights"][:-1]
    with pytest.raises(RankerModelError, match="lengths differ"):
        load_ranker(write(tmp_path, "r.json", json.dumps(data)))
    with pytest.raises(RankerModelError):
        load_ranker(tmp_path / "missing.json")


def test_empty_index_and_stopword_only_claims_return_nothing():
    assert KnownClaimIndex([]).search("anything at all") == []
    assert KnownClaimIndex([KnownClaim(id="1", claim="the")]).search("the") == []


def test_min_score_and_search_many():
    index = KnownClaimIndex(DISTRACTORS + [PLANTED])
    query = "the harbour bridge and tunnel will close for two years"
    assert index.search(query, top=5, min_score=1.01) == []
    [first], [second] = index.search_many([query, query], top=1)
    assert first == second and first[0].id == "planted"


WORDS = st.sampled_from(["bridge", "close", "shark", "highway", "council", "coffee", "the",
                         "years", "2020", "#NightVision", "@Reporter", "not", "Carrots"])


@given(st.lists(WORDS, max_size=12).map(" ".join), st.integers(min_value=1, max_value=8))
def test_search_results_are_ranked_distinct_known_claims(query, top):
    results = SMALL_INDEX.search(query, top=top)
    assert len(results) <= top
    assert len({claim.id for claim, _ in results}) == len(results)
    assert all(claim in SMALL_INDEX.claims for claim, _ in results)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)


SMALL_INDEX = KnownClaimIndex(DISTRACTORS + [PLANTED])
