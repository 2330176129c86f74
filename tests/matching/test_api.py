"""GET /api/claims/similar/, GET /api/claims/{id}/similar/, and checked_before on create."""

import pytest

from tests.api import assert_status
from tests.factories import ArticleFactory, ClaimFactory, PublisherFactory, SpeakerFactory

from .test_search import CHECKED, DECOYS, PARAPHRASE

pytestmark = pytest.mark.usefixtures("needs_pgvector")


@pytest.fixture
def archive(checked_claim):
    fact_checker = PublisherFactory(name="Other Fact-Checker")
    target = checked_claim(CHECKED, rating_slug="mostly-true", summary="Unemployment is at a 50-year low.")
    imported = checked_claim(DECOYS[0], rating_slug="false", publisher=fact_checker)
    return target, imported, fact_checker


def test_similar_to_text_lists_matches_with_verdict_rating_and_publisher(api_client, archive):
    target, _, _ = archive
    response = api_client.get("/api/claims/similar/", {"text": PARAPHRASE})
    assert_status(response, 200)
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    best = body["results"][0]
    assert best["claim"]["id"] == target.pk
    assert best["claim"]["text"] == CHECKED
    assert best["verdict"]["rating"] == {"slug": "mostly-true", "label": "Mostly true", "value": 5}
    assert best["verdict"]["publisher"] == {"id": None, "name": "Claim Tracker Demo Desk"}
    assert best["level"] in ("strong", "suggest")
    assert best["score"] >= best["similarity"]


def test_similar_filters_by_rating_and_publisher(api_client, archive):
    target, imported, fact_checker = archive
    every = {"text": PARAPHRASE, "min_score": 0}
    by_rating = api_client.get("/api/claims/similar/", {**every, "rating": "false"}).json()["results"]
    assert [m["claim"]["id"] for m in by_rating] == [imported.pk]
    by_publisher = api_client.get("/api/claims/similar/", {**every, "publisher": fact_checker.pk}).json()["results"]
    assert [m["claim"]["id"] for m in by_publisher] == [imported.pk]
    assert by_publisher[0]["verdict"]["publisher"] == {"id": fact_checker.pk, "name": "Other Fact-Checker"}
    desk = api_client.get("/api/claims/similar/", {**every, "publisher": "desk"}).json()["results"]
    assert [m["claim"]["id"] for m in desk] == [target.pk]


def test_similar_is_paginated(api_client, archive):
    first = api_client.get("/api/claims/similar/", {"text": PARAPHRASE, "min_score": 0, "page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"] is not None
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["results"][0]["claim"]["id"] != first["results"][0]["claim"]["id"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "text"),
        ({"text": "x", "rating": "nope"}, "rating"),
        ({"text": "x", "publisher": "abc"}, "publisher"),
        ({"text": "x", "claimed_after": "yesterday"}, "claimed_after"),
        ({"text": "x", "scope": "everything"}, "scope"),
        ({"text": "x", "txt": "x"}, "txt"),
        ({"text": "x" * 2001}, "text"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(api_client, db, params, field):
    response = api_client.get("/api/claims/similar/", params)
    assert_status(response, 400)
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [("text=a&text=b", "text", "give it once"), ("text=x&rating=", "rating", "Empty value")],
)
def test_repeated_or_empty_parameters_are_a_400_as_on_every_list(api_client, db, query, field, message):
    response = api_client.get(f"/api/claims/similar/?{query}")
    assert_status(response, 400)
    assert message in response.json()["fields"][field][0]


def test_similar_to_a_claim_leaves_the_claim_out(api_client, archive):
    target, _, _ = archive
    logged = ClaimFactory(text=PARAPHRASE)
    response = api_client.get(f"/api/claims/{logged.pk}/similar/")
    assert_status(response, 200)
    assert response.json()["results"][0]["claim"]["id"] == target.pk
    own = api_client.get(f"/api/claims/{target.pk}/similar/", {"min_score": 0}).json()["results"]
    assert target.pk not in [m["claim"]["id"] for m in own]
    assert_status(api_client.get("/api/claims/999999/similar/"), 404)


def test_claims_similar_is_not_taken_for_a_claim_id(api_client, db):
    assert_status(api_client.get("/api/claims/similar/", {"text": "anything at all"}), 200)


def test_a_created_claim_that_strongly_matches_says_so(editor_api, archive):
    target, _, _ = archive
    article = ArticleFactory(body=f"He said: {CHECKED}")
    payload = {"text": CHECKED, "speaker_id": SpeakerFactory().pk, "article_id": article.pk, "quote": CHECKED}
    response = editor_api.post("/api/claims/", payload, format="json")
    assert_status(response, 201)
    claim_id, rating, score = response["Checked-Before"].split("; ")
    assert (int(claim_id), rating) == (target.pk, "rating=mostly-true")
    assert float(score.removeprefix("score=")) >= 0.9
    assert response["Link"] == f'<http://testserver/api/claims/{target.pk}/>; rel="checked-before"'
    assert "checked_before" not in response.json()  # the body is the claim's one read shape


def test_a_created_claim_with_no_strong_match_says_null(editor_api, archive):
    payload = {"text": "The new stadium will seat sixty thousand fans.", "speaker_id": SpeakerFactory().pk}
    response = editor_api.post("/api/claims/", payload, format="json")
    assert_status(response, 201)
    assert "Checked-Before" not in response
    assert "Link" not in response


def test_similar_routes_are_in_the_schema(api_client, db):
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/claims/similar/" in paths
    assert "/api/claims/{claim_pk}/similar/" in paths
    names = {p["name"] for p in paths["/api/claims/similar/"]["get"]["parameters"]}
    assert {"text", "rating", "publisher", "claimed_after", "claimed_before", "page", "page_size"} <= names
