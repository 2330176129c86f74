"""What the internet may send the public API: every case is a clear 4xx, never a 500,
and nothing is written."""

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from api.throttling import AnonRateThrottle
from claims.models import Claim, Speaker, Verdict

from .api import assert_status
from .factories import ArticleFactory, ClaimFactory, PublisherFactory, SpeakerFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def post_raw(client, path, body: bytes, content_type="application/json"):
    return client.generic("POST", path, body, content_type=content_type)


def test_oversized_body_is_413(editor_api, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    body = b'{"name": "' + b"x" * 20_000 + b'"}'
    response = post_raw(editor_api, "/api/speakers/", body)
    assert_status(response, 413)
    assert response.json()["code"] == "too_large"
    assert not Speaker.objects.exists()


def test_oversized_field_is_400_naming_it(editor_api):
    response = editor_api.post("/api/speakers/", {"name": "x" * 201}, format="json")
    assert_status(response, 400)
    assert "name" in response.json()["fields"]


def test_deeply_nested_json_is_400(editor_api):
    body = b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = post_raw(editor_api, "/api/speakers/", body)
    assert_status(response, 400)
    assert response.json()["code"] == "parse_error"


def test_nested_value_where_a_string_belongs_is_400(editor_api):
    response = editor_api.post("/api/speakers/", {"name": {"a": [{"b": 1}]}}, format="json")
    assert_status(response, 400)
    assert "name" in response.json()["fields"]


def test_invalid_utf8_is_400(editor_api):
    response = post_raw(editor_api, "/api/speakers/", b'{"name": "\xff\xfe"}')
    assert_status(response, 400)


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_constants_are_400(editor_api, constant):
    response = post_raw(editor_api, "/api/appearances/", b'{"start": ' + constant + b"}")
    assert_status(response, 400)


def test_nul_bytes_in_fields_are_400(editor_api):
    response = editor_api.post("/api/speakers/", {"name": "Jane\x00Doe"}, format="json")
    assert_status(response, 400)
    assert "name" in response.json()["fields"]
    response = editor_api.post("/api/speakers/", {"name": "Jane", "aliases": ["J\x00"]}, format="json")
    assert_status(response, 400)
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("parameter", ["q", "speaker_slug", "status"])
def test_nul_bytes_in_query_parameters_are_400(api_client, parameter):
    assert_status(api_client.get("/api/claims/", {parameter: "a\x00b"}), 400)


@pytest.mark.parametrize(
    "body, content_type, expected",
    [
        (b"name=Jane", "application/x-www-form-urlencoded", 415),
        (b"<speaker>Jane</speaker>", "application/xml", 415),
        (b"Jane", "text/plain", 415),
        (b"{not json", "application/json", 400),
        (b"", "application/json", 400),
        (b'["a list"]', "application/json", 400),
    ],
)
def test_non_json_bodies(editor_api, body, content_type, expected):
    response = post_raw(editor_api, "/api/speakers/", body, content_type)
    assert_status(response, expected)
    assert set(response.json()) == {"detail", "code", "fields"}


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"claimed_at": "2018-02-30"}, "claimed_at"),
        ({"claimed_at": "yesterday"}, "claimed_at"),
        ({"claimed_at": "99999-01-01"}, "claimed_at"),
        ({"claimed_at": 20180907}, "claimed_at"),
    ],
)
def test_bad_dates_are_400(editor_api, payload, field):
    response = editor_api.post(
        "/api/claims/", {"text": "x", "speaker_id": SpeakerFactory().pk, **payload}, format="json"
    )
    assert_status(response, 400)
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    "offsets",
    [
        {"start": -1, "end": 3},
        {"start": 5, "end": 5},
        {"start": 2**40, "end": 2**41},
        {"start": 0, "end": 10**6},
        {"start": 3},
        {"start": "a", "end": "b"},
        {"start": 0, "end": 3},  # valid numbers, but not where the quote is
    ],
)
def test_bad_offsets_are_400(editor_api, offsets):
    claim, article = ClaimFactory(), ArticleFactory()
    response = editor_api.post(
        "/api/appearances/",
        {"claim_id": claim.pk, "article_id": article.pk, "quote": "Critics disagreed.", **offsets},
        format="json",
    )
    assert_status(response, 400)
    assert set(response.json()["fields"]) & {"start", "end"}


@pytest.mark.parametrize("value", [{"id": 1}, [1], "1; DROP TABLE claims_claim", 1.5, True, -1, 2**70])
def test_ids_of_the_wrong_shape_are_400(editor_api, value):
    response = editor_api.post("/api/claims/", {"text": "x", "speaker_id": value}, format="json")
    assert_status(response, 400)
    assert "speaker_id" in response.json()["fields"]
    assert not Claim.objects.exists()


def test_ids_of_other_objects_types_are_400(editor_api):
    publisher = PublisherFactory()
    Speaker.objects.filter(pk=publisher.pk).delete()
    response = editor_api.post("/api/claims/", {"text": "x", "speaker_id": publisher.pk}, format="json")
    assert_status(response, 400)
    response = editor_api.post(
        "/api/verdicts/", {"claim_id": ClaimFactory().pk, "rating": 2, "summary": "x"}, format="json"
    )
    assert_status(response, 400)
    assert "rating" in response.json()["fields"]


def test_mass_assignment_on_verdicts_is_ignored(editor_api):
    claim = ClaimFactory()
    response = editor_api.post(
        "/api/verdicts/",
        {
            "claim_id": claim.pk,
            "rating": "false",
            "summary": "x",
            "published_at": "2020-01-01T00:00:00Z",
            "is_published": True,
            "id": 99999,
            "updated_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )
    assert_status(response, 201)
    verdict = Verdict.objects.get(pk=response.data["id"])
    assert verdict.published_at is None and verdict.pk != 99999
    claim.refresh_from_db()
    # Drafting moved the new claim to in_review (issue 14); nothing published it.
    assert claim.status == "in_review" and claim.current_verdict is None
    # created_by is not part of the representation: refused, not ignored (issue 13)
    response = editor_api.post(
        "/api/verdicts/", {"claim_id": claim.pk, "rating": "false", "summary": "x", "created_by": 1}, format="json"
    )
    assert_status(response, 400)
    assert "created_by" in response.json()["fields"]


def test_status_checked_cannot_be_assigned_even_after_a_verdict_was_withdrawn(editor_api):
    """The claim was checked once; withdrawing its only verdict took it out of checked, and
    a client cannot put it back by hand."""
    from claims import services

    verdict = VerdictFactory()
    services.verdict_publish(verdict=verdict)
    services.verdict_withdraw(verdict=verdict)
    assert Claim.objects.get(pk=verdict.claim_id).status == "in_review"
    response = editor_api.patch(f"/api/claims/{verdict.claim_id}/", {"status": "checked"}, format="json")
    assert_status(response, 400)
    assert "status" in response.json()["fields"]
    assert Claim.objects.get(pk=verdict.claim_id).status == "in_review"


class TinyAnonThrottle(AnonRateThrottle):
    rate = "3/minute"


def test_anonymous_clients_are_throttled_with_retry_after(api_client, monkeypatch):
    monkeypatch.setattr(api_settings, "DEFAULT_THROTTLE_CLASSES", [TinyAnonThrottle])
    from rest_framework.views import APIView

    monkeypatch.setattr(APIView, "throttle_classes", [TinyAnonThrottle])
    statuses = [api_client.get("/api/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api_client.get("/api/claims/")
    assert_status(response, 429)
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_default_throttle_rates_are_configured():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["anon"] and rates["user"]
    assert {"api.throttling.AnonRateThrottle", "api.throttling.UserRateThrottle"} <= set(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    )


@override_settings(API_MAX_BODY_BYTES=100)
def test_body_limit_applies_to_every_write_endpoint(editor_api):
    claim = ClaimFactory()
    body = b'{"context": "' + b"y" * 500 + b'"}'
    response = editor_api.generic("PATCH", f"/api/claims/{claim.pk}/", body, content_type="application/json")
    assert_status(response, 413)


@pytest.mark.parametrize("path", ["/api/verdicts/", "/api/articles/", "/api/claimreview/"])
def test_date_times_with_offsets_postgresql_rejects_are_compared_in_utc(api_client, path):
    response = api_client.get(path, {"published_after": "0016-01-03T05:59:25+17:37"})
    assert_status(response, 200)


def test_huge_claim_text_and_quotes_are_400_not_500(editor_api):
    words = " ".join(f"w{n}" for n in range(120_000))[:900_000]
    response = editor_api.post("/api/claims/", {"text": words, "speaker_id": SpeakerFactory().pk}, format="json")
    assert_status(response, 400)
    assert "text" in response.json()["fields"]
    response = editor_api.post(
        "/api/appearances/",
        {"claim_id": ClaimFactory().pk, "article_id": ArticleFactory().pk, "quote": words},
        format="json",
    )
    assert_status(response, 400)
    assert "quote" in response.json()["fields"]


def test_search_document_is_capped_whatever_writes_the_rows():
    """Even rows written around the API (imports, scripts) cannot overflow the tsvector."""
    from claims.models import Appearance

    claim = ClaimFactory(text=" ".join(f"t{n}" for n in range(200_000)))
    article = ArticleFactory()
    for n in range(3):
        Appearance.objects.create(claim=claim, article=article, quote=" ".join(f"q{n}x{m}" for m in range(80_000)))
    assert Claim.objects.search("t5").filter(pk=claim.pk).exists()


def test_a_spoofed_x_forwarded_for_does_not_escape_the_throttle(api_client, monkeypatch):
    monkeypatch.setattr(api_settings, "DEFAULT_THROTTLE_CLASSES", [TinyAnonThrottle])
    from rest_framework.views import APIView

    monkeypatch.setattr(APIView, "throttle_classes", [TinyAnonThrottle])
    statuses = [api_client.get("/api/claims/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
