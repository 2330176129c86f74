"""ClaimReview as the ecosystem really sends it (issue 13 §4): real-shaped documents of both
input formats (tests/fixtures/claimreview/*-no-review-dates.json, *-string-appearances.jsonld),
and an export that carries what Google and fact-checkers expect."""

import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from claims.claimreview.parsing import parse
from claims.claimreview.services import claimreview_import
from claims.models import Appearance, Claim, Verdict

from ..api import assert_status
from ..factories import AppearanceFactory, ArticleFactory, ClaimFactory, published_verdict

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claimreview"
UTC = datetime.UTC


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def import_document(document):
    return claimreview_import(parsed=parse(document))


def test_fact_check_tools_reviews_without_review_date_are_imported_and_dated_as_reported():
    report = import_document(load("factchecktools-no-review-dates.json"))

    assert (report.created, report.errors) == (3, [])
    bridge = Verdict.objects.get(url="https://verifica.example/checks/bridge-budget")
    assert bridge.published_at == datetime.datetime(2024, 2, 10, tzinfo=UTC)  # the claim's date
    water = Verdict.objects.get(url="https://checkers.example/2024/tap-water")
    assert (datetime.datetime.now(UTC) - water.published_at).total_seconds() < 600  # the import time
    assert {(w["position"], w["reason"]) for w in report.warnings} == {
        ("$.claims[0].claimReview[0]", "no review date: dated by the claim's date"),
        ("$.claims[1].claimReview[0]", "no review date: dated by the import time"),
    }


def test_every_record_with_an_unmapped_rating_is_reported_once_per_wording():
    report = import_document(load("factchecktools-no-review-dates.json"))
    assert report.unmapped_ratings == ["Cherry-picks"]  # two records, one wording

    again = import_document(load("factchecktools-no-review-dates.json"))  # skipped, still unmapped
    assert (again.skipped, again.unmapped_ratings) == (3, ["Cherry-picks"])


def test_plain_url_appearances_are_accepted():
    report = import_document(load("claimreview-string-appearances.jsonld"))

    assert (report.created, report.errors) == (2, [])
    ferry = Claim.objects.get(text="The ferry service was cancelled for good.")
    urls = sorted(a.article.url for a in ferry.appearances.select_related("article"))
    assert urls == ["https://harbour.example/news/ferry", "https://wire.example/2024/ferry-cancelled"]
    assert ferry.appearances.get(article__url="https://harbour.example/news/ferry").article.publisher.domain == (
        "harbour.example"
    )


def test_first_appearance_survives_a_round_trip(api_client):
    import_document(load("claimreview-string-appearances.jsonld"))
    trains = Claim.objects.get(text="Trains will be free from June.")

    exported = api_client.get(f"/api/claims/{trains.pk}/claimreview/").json()

    # the later-dated article was the first appearance, and stays it
    assert exported["itemReviewed"]["firstAppearance"]["url"] == "https://late.example/trains"
    assert {a["url"] for a in exported["itemReviewed"]["appearance"]} == {
        "https://early.example/trains",
        "https://late.example/trains",
    }


def test_the_import_enforces_the_apis_length_caps_per_record():
    document = load("claimreview-string-appearances.jsonld")
    document[0]["claimReviewed"] = "x" * 5000

    report = import_document(document)

    assert report.created == 1
    [error] = report.errors
    assert error["position"] == "$[0]" and "2000" in error["reason"]
    assert not Claim.objects.filter(text__startswith="xxxx").exists()


def test_claim_text_cap_holds_for_every_writer():
    from django.core.exceptions import ValidationError

    claim = ClaimFactory.build(text="x" * 2001, speaker=ClaimFactory().speaker)
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "text" in excinfo.value.message_dict


def test_the_export_is_safe_inside_a_script_element(api_client):
    verdict = published_verdict(claim=ClaimFactory(text="</script><script>alert(1)</script> & more"))

    for accept in ("application/ld+json", "application/json"):
        response = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/", HTTP_ACCEPT=accept)
        body = response.content.decode()
        assert "<" not in body and ">" not in body and "&" not in body, accept
        assert "\\u003c/script\\u003e" in body
        assert json.loads(body)["claimReviewed"] == "</script><script>alert(1)</script> & more"


def test_the_export_carries_reviewer_explanation_and_appearances(api_client, settings):
    settings.FACTCHECK_ORGANIZATION = {"name": "Our Desk", "url": "https://desk.example/"}
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, article=ArticleFactory(url="https://news.example/one"))
    verdict = published_verdict(claim=claim, reviewer="Jane Checker", summary="The figure was 12%, not 40%.")

    review = api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/").json()

    assert review["author"] == {
        "@type": "Organization",
        "name": "Our Desk",
        "url": "https://desk.example/",
        "member": {"@type": "Person", "name": "Jane Checker"},
    }
    assert review["reviewRating"]["ratingExplanation"] == "The figure was 12%, not 40%."
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == ["https://news.example/one"]


def test_the_export_url_is_the_verdicts_own_page_when_set(api_client):
    verdict = published_verdict(url="https://desk.example/checks/12")
    assert api_client.get(f"/api/claims/{verdict.claim_id}/claimreview/").json()["url"] == (
        "https://desk.example/checks/12"
    )


def test_the_import_endpoint_reports_the_dating(editor):
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["add_verdict", "change_verdict"]))
    client = APIClient()
    client.force_authenticate(editor)

    response = client.post("/api/claimreview/import/", load("factchecktools-no-review-dates.json"), format="json")

    assert_status(response, 200)
    assert response.json()["created"] == 3
    assert len(response.json()["warnings"]) == 2
    assert Appearance.objects.count() == 0  # Fact Check Tools names no appearances
