"""The hybrid ranking, thresholds, the short-text rule, the lexical fallback and draft hiding,
through matching.search.similar_claims (the API, the admin and eval_matching all call it)."""

import pytest
from django.core import checks
from django.core.management import call_command

from matching import vectors
from matching.search import Filters, similar_claims
from tests.factories import ClaimFactory, VerdictFactory, published_verdict, rating

CHECKED = "The unemployment rate fell to its lowest level in fifty years last month."
PARAPHRASE = "Joblessness dropped last month to a 50-year low, according to the minister's statement today."
# Decoys written to share words with the paraphrase or the checked claim, about other things.
DECOYS = [
    "The minister said inflation fell to its lowest level in ten years last month.",
    "Crime in the capital fell to its lowest level in fifty years.",
    "Unemployment among young people rose sharply last month in the north.",
    "The minister's statement today said nothing about the 50-year-old bridge.",
    "Petrol prices dropped last month to a five-year low.",
]


@pytest.fixture
def archive(checked_claim):
    target = checked_claim(CHECKED, rating_slug="mostly-true", summary="Unemployment is at a 50-year low.")
    decoys = [checked_claim(text) for text in DECOYS]
    return target, decoys


def test_a_paraphrase_of_a_checked_claim_ranks_first_among_decoys(needs_pgvector, archive):
    target, decoys = archive
    matches = similar_claims(PARAPHRASE, min_score=0)
    assert [m.claim_id for m in matches][:1] == [target.pk]
    assert {m.claim_id for m in matches} == {target.pk, *(d.pk for d in decoys)}
    best = matches[0]
    assert best.verdict["rating"]["slug"] == "mostly-true"
    assert best.verdict["publisher"] == {"id": None, "name": "Claim Tracker Demo Desk"}
    assert best.score > matches[1].score


def test_strong_needs_the_threshold_and_eight_words(needs_pgvector, archive, settings):
    target, _ = archive
    settings.MATCHING_STRONG_THRESHOLD = 0.9
    settings.MATCHING_SUGGEST_THRESHOLD = 0.5
    repeated = similar_claims(CHECKED)[0]
    assert (repeated.claim_id, repeated.level) == (target.pk, "strong")
    # Seven words, close to the same claim: suggested, never strong.
    short = similar_claims("Unemployment fell to its lowest in fifty")[0]
    assert short.claim_id == target.pk and short.score >= 0.9
    assert short.level == "suggest"
    settings.MATCHING_STRONG_THRESHOLD = 2.0  # above any score: nothing is strong
    assert similar_claims(CHECKED)[0].level == "suggest"


def test_below_the_suggest_threshold_nothing_is_returned(needs_pgvector, archive, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.65
    assert similar_claims("The new stadium will seat sixty thousand football fans from next season.") == []
    assert similar_claims(PARAPHRASE)  # the same search does find the paraphrase


def test_filters_and_date_window(needs_pgvector, archive):
    target, _ = archive
    ids = lambda **f: [m.claim_id for m in similar_claims(PARAPHRASE, min_score=0, filters=Filters(**f))]  # noqa: E731
    assert ids(rating=["mostly-true"]) == [target.pk]
    assert target.pk not in ids(rating=["false"])
    assert ids(claimed_after=target.claimed_at.replace(year=2019)) == []
    assert target.pk in ids(claimed_before=target.claimed_at, claimed_after=target.claimed_at)
    assert target.pk not in ids(exclude_claim=target.pk)
    assert ids(publisher=[123456]) == []


def test_drafts_never_leak_through_matches(needs_pgvector, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drafted = ClaimFactory(text=CHECKED)
        VerdictFactory(claim=drafted, summary="SECRET draft summary", rating=rating("false"))
    # Checked claims only (the default): a claim with only a draft is not checked.
    assert similar_claims(PARAPHRASE, min_score=0) == []
    # Every claim: the claim is public, its draft verdict is not (for anyone: matches show
    # the current verdict, which is published by construction).
    matches = similar_claims(PARAPHRASE, min_score=0, checked_only=False)
    assert [(m.claim_id, m.verdict) for m in matches] == [(drafted.pk, None)]


def test_publishing_a_verdict_makes_the_claim_matchable(needs_pgvector, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = ClaimFactory(text=CHECKED)
    assert similar_claims(PARAPHRASE, min_score=0) == []
    with django_capture_on_commit_callbacks(execute=True):
        published_verdict(claim=claim, summary="Unemployment is at a 50-year low.")
    assert [m.claim_id for m in similar_claims(PARAPHRASE, min_score=0)] == [claim.pk]


def test_editing_a_claims_text_re_embeds_it(needs_pgvector, checked_claim, django_capture_on_commit_callbacks):
    claim = checked_claim("The bridge was built with Chinese steel and opened in 2019.")
    assert similar_claims(PARAPHRASE, min_score=-1)[0].similarity < 0.4
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = CHECKED
        claim.save()
    assert similar_claims(PARAPHRASE, min_score=0)[0].similarity > 0.6


def test_without_vectors_matching_ranks_lexically(archive, settings):
    """The path taken on a server without pgvector (PostgreSQL 15 here); forced on PG16."""
    settings.MATCHING_VECTORS = False
    target, _ = archive
    call_command("embed_claims", verbosity=0)  # term statistics; no vectors to store
    matches = similar_claims("unemployment rate lowest level fifty years", min_score=0)
    assert matches[0].claim_id == target.pk
    assert matches[0].similarity is None
    assert 0 < matches[0].score <= 1
    assert similar_claims("zebra xylophone quartz", min_score=0) == []


def test_system_check_warns_without_vectors(db, settings):
    settings.MATCHING_VECTORS = False
    warnings = checks.run_checks(databases=["default"], tags=["database"])
    assert [w.id for w in warnings if w.id.startswith("matching.")] == ["matching.W002"]


def test_system_check_warns_when_pgvector_is_missing(db):
    if vectors.available():
        pytest.skip("pgvector is installed here; runs on PostgreSQL 15")
    warnings = checks.run_checks(databases=["default"], tags=["database"])
    assert [w.id for w in warnings if w.id.startswith("matching.")] == ["matching.W001"]


def test_system_check_is_quiet_with_pgvector(needs_pgvector):
    warnings = checks.run_checks(databases=["default"], tags=["database"])
    assert [w for w in warnings if w.id.startswith("matching.")] == []


def test_search_costs_a_fixed_number_of_queries(needs_pgvector, archive, django_assert_num_queries):
    similar_claims(PARAPHRASE)  # warm: availability is checked once per process
    # term statistics, ef_search (SET LOCAL: a test runs in a transaction), nearest
    # neighbours, candidate documents, the shown rows
    with django_assert_num_queries(5):
        similar_claims(PARAPHRASE, min_score=0)
    # Nothing reaches the threshold: the shown rows are not read.
    with django_assert_num_queries(4):
        similar_claims("The new stadium will seat sixty thousand football fans from next season.")


def test_a_restated_headline_matches_through_the_summary_vector(needs_pgvector, checked_claim):
    """A checked claim has three vectors (text + summary, text, summary) and scores by the
    nearest: a query that says the fact-check's headline again is as close to the claim as
    to that headline alone, which the text + summary vector would dilute."""
    import numpy as np

    from matching import embedding

    headline = "Video shows a shark swimming on a flooded highway after the hurricane."
    claim = checked_claim("A widely shared clip is real footage from the storm in Houston.", summary=headline)
    query = "There is a shark swimming on the flooded highway after the hurricane!"
    match = similar_claims(query, min_score=0)[0]
    assert match.claim_id == claim.pk
    by_headline = float(np.dot(embedding.embed_one(query), embedding.embed_one(headline)))
    both = float(np.dot(embedding.embed_one(query), embedding.embed_one(f"{claim.text} {headline}")))
    assert by_headline > both
    assert match.similarity == pytest.approx(by_headline, abs=1e-3)


def test_a_claim_without_summary_stores_one_vector(needs_pgvector, db, django_capture_on_commit_callbacks):
    from django.db import connection

    with django_capture_on_commit_callbacks(execute=True):
        claim = ClaimFactory(text="The bridge was built in three months by volunteers.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT embedding IS NOT NULL, claim_embedding IS NULL, summary_embedding IS NULL "
            "FROM matching_claimembedding WHERE claim_id = %s",
            [claim.pk],
        )
        assert cursor.fetchone() == (True, True, True)


def test_system_check_is_quiet_before_matching_is_migrated(db):
    """``migrate`` runs the checks before the migrations: a new database has no matching
    table yet and must not be warned about (the bench databases were, every run)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE matching_claimembedding RENAME TO matching_claimembedding_away")
    warnings = checks.run_checks(databases=["default"], tags=["database"])
    assert [w for w in warnings if w.id.startswith("matching.")] == []


def test_camel_case_hashtags_and_handles_are_split_into_words():
    from matching.text import words

    assert words("#AustralianFires via @realDonaldTrump: COVID19 https://t.co/AbCd") == [
        "australian",
        "fires",
        "real",
        "donald",
        "trump",
        "covid",
        "19",
    ]
