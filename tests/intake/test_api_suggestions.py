"""The suggestions API: editors only, strict filters, fixed queries per page, accept (201
with the claim) and reject, 409 once decided, and the extract endpoint."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from intake import services
from intake.models import Suggestion

from ..api import assert_status
from ..factories import ArticleFactory, SpeakerFactory

BODY = (
    "Bridge to reopen in May\n\n"
    'Mayor Ana Ruiz said the bridge would reopen in May. "We have fixed every cable," she told reporters.\n\n'
    "The transport board warned that tolls would rise next year.\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestions():
    return services.article_extract(ArticleFactory(body=BODY))


def test_anonymous_and_plain_users_are_refused(api_client, plain_user, suggestions):
    assert_status(api_client.get("/api/suggestions/"), 401)
    client = APIClient()
    client.force_authenticate(plain_user)
    assert_status(client.get("/api/suggestions/"), 403)
    assert_status(client.post(f"/api/suggestions/{suggestions[0].pk}/accept/", {}, format="json"), 403)
    assert_status(client.post(f"/api/articles/{suggestions[0].article_id}/extract/"), 403)
    assert not Claim.objects.exists()


def test_list_filters_by_article_and_state(editor_api, suggestions):
    other = services.article_extract(ArticleFactory(body=BODY))
    services.suggestion_reject(suggestion=suggestions[0])
    response = editor_api.get(f"/api/suggestions/?article={suggestions[0].article_id}&state=pending")
    assert_status(response, 200)
    assert [row["id"] for row in response.data["results"]] == [s.pk for s in suggestions[1:]]
    assert response.data["count"] == 2
    both = editor_api.get("/api/suggestions/?state=pending,rejected")
    assert both.data["count"] == len(suggestions) + len(other)
    row = response.data["results"][0]
    assert set(row) >= {"start", "end", "quote", "text", "speaker_mention", "speaker", "confidence", "state", "cue"}


def test_unknown_or_bad_filters_are_400_with_the_field(editor_api, suggestions):
    response = editor_api.get("/api/suggestions/?stat=pending")
    assert_status(response, 400)
    assert "stat" in response.json()["fields"]
    response = editor_api.get("/api/suggestions/?state=maybe")
    assert_status(response, 400)
    assert "state" in response.json()["fields"]


def test_list_costs_a_fixed_number_of_queries(editor_api, suggestions):
    speaker = SpeakerFactory(name="Ana Ruiz")
    for _ in range(5):
        services.article_extract(ArticleFactory(body=BODY))
    Suggestion.objects.update(speaker=speaker)
    from ..api import count_queries

    assert_status(editor_api.get("/api/suggestions/?page_size=1"), 200)  # the editor's permissions, cached
    few = count_queries(lambda: assert_status(editor_api.get("/api/suggestions/?page_size=2"), 200))
    many = count_queries(lambda: assert_status(editor_api.get("/api/suggestions/?page_size=50"), 200))
    assert few == many == 2  # the page and its count


def test_accept_answers_201_with_the_claim(editor_api, suggestions):
    quote = next(s for s in suggestions if s.is_direct_quote)
    response = editor_api.post(f"/api/suggestions/{quote.pk}/accept/", {}, format="json")
    assert_status(response, 201)
    body = response.json()
    assert body["text"] == "We have fixed every cable,"
    assert body["speaker"]["name"] == "Ana Ruiz"
    (appearance,) = body["appearances"]
    assert (appearance["start"], appearance["end"], appearance["quote"]) == (quote.start, quote.end, quote.quote)
    assert Suggestion.objects.get(pk=quote.pk).claim_id == body["id"]


def test_accept_with_overrides(editor_api, suggestions):
    mayor = SpeakerFactory(name="Ana María Ruiz")
    response = editor_api.post(
        f"/api/suggestions/{suggestions[0].pk}/accept/",
        {
            "text": "The bridge reopens in May.",
            "speaker_id": mayor.pk,
            "claimed_at": "2026-11-30",
            "context": "Briefing",
        },
        format="json",
    )
    assert_status(response, 201)
    claim = Claim.objects.get(pk=response.json()["id"])
    assert (claim.text, claim.speaker, str(claim.claimed_at), claim.context) == (
        "The bridge reopens in May.",
        mayor,
        "2026-11-30",
        "Briefing",
    )


def test_bad_overrides_are_400_per_field_and_write_nothing(editor_api, suggestions):
    response = editor_api.post(
        f"/api/suggestions/{suggestions[0].pk}/accept/",
        {"speaker_id": 999999, "claimed_at": "yesterday", "text": "x" * 3000},
        format="json",
    )
    assert_status(response, 400)
    assert set(response.json()["fields"]) == {"speaker_id", "claimed_at", "text"}
    assert not Claim.objects.exists()
    assert Suggestion.objects.get(pk=suggestions[0].pk).state == "pending"


def test_accepting_or_rejecting_twice_is_409(editor_api, suggestions):
    first, second = suggestions[0], suggestions[1]
    assert_status(editor_api.post(f"/api/suggestions/{first.pk}/accept/", {}, format="json"), 201)
    assert_status(editor_api.post(f"/api/suggestions/{first.pk}/accept/", {}, format="json"), 409)
    rejected = editor_api.post(f"/api/suggestions/{second.pk}/reject/")
    assert_status(rejected, 200)
    assert rejected.json()["state"] == "rejected"
    again = editor_api.post(f"/api/suggestions/{second.pk}/reject/")
    assert_status(again, 409)
    assert again.json()["code"] == "conflict"
    assert Claim.objects.count() == 1


def test_extract_endpoint_is_idempotent(editor_api):
    article = ArticleFactory(body=BODY)
    first = editor_api.post(f"/api/articles/{article.pk}/extract/")
    assert_status(first, 200)
    assert len(first.json()) == 3
    second = editor_api.post(f"/api/articles/{article.pk}/extract/")
    assert [row["id"] for row in second.json()] == [row["id"] for row in first.json()]
    assert_status(editor_api.post("/api/articles/999999/extract/"), 404)


def test_documented_in_the_schema(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    assert "/api/suggestions/" in schema["paths"]
    assert "post" in schema["paths"]["/api/suggestions/{id}/accept/"]
    assert "post" in schema["paths"]["/api/suggestions/{id}/reject/"]
    assert "post" in schema["paths"]["/api/articles/{id}/extract/"]
