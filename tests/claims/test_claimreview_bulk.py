"""The ClaimReview import in bulk (issue 12, finding 7): a fixed number of queries however
many reviews, with the outcome of importing one record after another — later records find
what earlier ones created, a refused record leaves nothing, slugs by the single-create rule,
the same audit trail — and the claims embedded after commit."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.claimreview_document import claimreview_document
from claims.claimreview.parsing import parse
from claims.claimreview.services import claimreview_import
from claims.models import Appearance, Claim, Speaker, Verdict

from ..api import assert_status
from ..factories import ClaimFactory, SpeakerFactory, published_verdict

pytestmark = pytest.mark.django_db


def a_review(n: int, **changes) -> dict:
    review = {
        "@type": "ClaimReview",
        "url": f"https://checker.example/reviews/{n}",
        "datePublished": "2024-03-01",
        "claimReviewed": f"Claim number {n} about unemployment",
        "author": {"@type": "Organization", "name": "Checker", "url": "https://checker.example/"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": f"Speaker {n}"}},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    review.update(changes)
    return review


def claimant(name: str, **more) -> dict:
    return {"@type": "Claim", "author": {"@type": "Person", "name": name, **more}}


def post_counting_queries(editor_api, document) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = editor_api.post("/api/claimreview/import/", document, format="json")
    assert_status(response, 200)
    return response.json(), len(queries.captured_queries)


def test_queries_do_not_grow_with_the_number_of_reviews(editor_api):
    # Some lookups only run when there is something to look up (known claims of known
    # speakers, say): a first import makes the archive non-empty, then 100 and 300 compare.
    post_counting_queries(editor_api, claimreview_document(50, seed=1))
    small, small_queries = post_counting_queries(editor_api, claimreview_document(100, seed=2))
    large, large_queries = post_counting_queries(editor_api, claimreview_document(300, seed=3))

    assert (small["created"], large["created"]) == (100, 300)
    assert small["errors"] == large["errors"] == []
    assert large_queries == small_queries
    assert small_queries <= 45
    assert Verdict.objects.filter(publisher__isnull=False).count() == 450
    # Importing the same document again: everything skipped, in as few queries.
    again, again_queries = post_counting_queries(editor_api, claimreview_document(300, seed=3))
    assert (again["created"], again["skipped"]) == (0, 300)
    assert again_queries <= small_queries


def test_the_benchmark_document_is_the_documented_size(settings):
    """2,000 reviews in about 1 MiB, under the API's limit as the bench row sends it (compact)."""
    import json

    size = len(json.dumps(claimreview_document(2000, seed=1), separators=(",", ":")).encode())
    assert 1_000_000 < size <= settings.API_MAX_BODY_BYTES


def test_later_records_find_what_earlier_ones_created():
    document = [
        a_review(1, itemReviewed=claimant("Amina Haddad")),
        a_review(2, itemReviewed=claimant("amina haddad")),  # iexact: the same speaker
        a_review(3, itemReviewed=claimant("Amina Haddad"), claimReviewed="Claim number 1 about unemployment"),
    ]
    report = claimreview_import(parsed=parse(document))

    assert (report.created, report.errors) == (3, [])
    speaker = Speaker.objects.get()
    assert speaker.name == "Amina Haddad"
    # review 3 is another page on the claim of review 1: one claim, two verdicts
    assert sorted(speaker.claims.values_list("text", flat=True)) == [
        "Claim number 1 about unemployment",
        "Claim number 2 about unemployment",
    ]
    assert Claim.objects.get(text="Claim number 1 about unemployment").verdicts.count() == 2


def test_a_refused_record_leaves_nothing_and_a_later_one_creates_it_once():
    document = [
        a_review(1, itemReviewed=claimant("New Speaker"), claimReviewed="x" * 2001),  # too long: refused
        a_review(2, itemReviewed=claimant("New Speaker")),
    ]
    report = claimreview_import(parsed=parse(document))

    assert report.created == 1
    assert report.errors == [
        {"position": "$[0]", "reason": "claim: text: Ensure this value has at most 2000 characters (it has 2001)."}
    ]
    assert list(Speaker.objects.values_list("name", "slug")) == [("New Speaker", "new-speaker")]
    assert Claim.objects.count() == Verdict.objects.count() == 1


def test_names_that_slugify_alike_get_slugs_of_their_own():
    SpeakerFactory(name="Dup Speaker", slug="dup-speaker")
    document = [
        a_review(1, itemReviewed=claimant("Dup  Speaker!")),
        a_review(2, itemReviewed=claimant("Dup-Speaker")),
        a_review(3, itemReviewed=claimant("Dup Speaker")),  # the existing one
    ]
    assert claimreview_import(parsed=parse(document)).created == 3

    assert sorted(Speaker.objects.values_list("slug", flat=True)) == ["dup-speaker", "dup-speaker-2", "dup-speaker-3"]
    assert Speaker.objects.get(slug="dup-speaker").claims.count() == 1


def test_the_audit_trail_is_what_one_save_at_a_time_writes(editor_api, editor):
    document = [
        a_review(1, datePublished="2024-03-01"),
        a_review(
            2,
            datePublished="2024-05-01",
            claimReviewed="Claim number 1 about unemployment",
            itemReviewed=claimant("Speaker 1"),
        ),
    ]
    assert_status(editor_api.post("/api/claimreview/import/", document, format="json"), 200)

    claim = Claim.objects.get()
    first, second = Verdict.objects.order_by("pk")
    assert (claim.status, claim.current_verdict, claim.current_rating) == ("checked", second, second.rating)
    assert claim.created_by == editor
    trail = list(claim.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.status, h.current_verdict_id) for h in trail] == [
        ("+", "new", None),
        ("~", "in_review", None),
        ("~", "checked", first.pk),  # the first review published
        ("~", "checked", second.pk),  # then the newer one
    ]
    assert {h.history_user for h in trail} == {editor}
    for verdict in (first, second):
        steps = list(verdict.history.order_by("history_date", "history_id"))
        assert [(h.history_type, h.published_at) for h in steps] == [("+", None), ("~", verdict.published_at)]
        assert {h.history_user for h in steps} == {editor}
    assert Appearance.history.count() == Appearance.objects.count()
    # the API's trail reads it in words
    response = editor_api.get(f"/api/claims/{claim.pk}/history/")
    assert_status(response, 200)
    claim_entries = [e for e in response.json()["results"] if e["object_type"] == "claim"]
    assert [e["action"] for e in claim_entries] == ["changed", "changed", "changed", "created"]


def test_an_older_review_of_a_checked_claim_leaves_its_newer_verdict_current():
    speaker = SpeakerFactory(name="Known Speaker")
    claim = ClaimFactory(speaker=speaker, text="Claim number 9 about unemployment")
    newer = published_verdict(claim=claim)
    document = [a_review(9, datePublished="2015-01-01", itemReviewed=claimant("Known Speaker"))]
    assert claimreview_import(parsed=parse(document)).created == 1

    claim.refresh_from_db()
    assert (claim.status, claim.current_verdict, claim.verdicts.count()) == ("checked", newer, 2)


@pytest.mark.django_db(transaction=True)
def test_imported_claims_are_embedded_after_commit_in_batches(monkeypatch):
    from matching import services as matching
    from matching import vectors
    from matching.models import ClaimEmbedding

    if not vectors.available():
        pytest.skip("needs pgvector (the embedded PostgreSQL 16 has it)")
    monkeypatch.setattr(matching, "INLINE_EMBED_MAX", 2)  # 5 claims: the background embedder
    monkeypatch.setattr(matching, "EMBED_BATCH", 2)
    with transaction.atomic():
        report = claimreview_import(parsed=parse([a_review(n) for n in range(5)]))
        assert ClaimEmbedding.objects.count() == 0  # not before commit
    matching.drain_backlog_now()

    assert report.created == 5
    assert set(ClaimEmbedding.objects.values_list("claim_id", flat=True)) == set(
        Claim.objects.values_list("pk", flat=True)
    )
    assert set(ClaimEmbedding.objects.values_list("checked", flat=True)) == {True}
