"""A quote is the words as printed, or it is refused (issue 13): through the API, the admin,
the ClaimReview import and the demo loader, all by the rule in articles.quotes."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from api.concurrency import row_version
from claims.claimreview.parsing import parse
from claims.claimreview.services import claimreview_import
from claims.demo import idlib
from claims.models import Appearance, Claim, Verdict

from ..api import assert_status
from ..factories import AppearanceFactory, ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BODY = 'The mayor said the city\'s budget was balanced. Critics called it "a fiction" \u2014 loudly.'


def post_appearance(client, **payload):
    return client.post("/api/appearances/", payload, format="json")


# --- API -------------------------------------------------------------------------------------------


def test_a_quote_with_typographic_marks_gets_exact_offsets(editor_api):
    article = ArticleFactory(body=BODY)

    response = post_appearance(
        editor_api,
        claim_id=ClaimFactory().pk,
        article_id=article.pk,
        quote="the city\u2019s budget was balanced. Critics called it \u201ca fiction\u201d - loudly",
    )

    assert_status(response, 201)
    data = response.json()
    assert data["quote"] == 'the city\'s budget was balanced. Critics called it "a fiction" \u2014 loudly'
    assert BODY[data["start"] : data["end"]] == data["quote"]
    assert Appearance.objects.get().quote == data["quote"]


def test_a_quote_not_in_the_body_is_400_with_the_near_match(editor_api):
    article = ArticleFactory(body=BODY)

    response = post_appearance(
        editor_api, claim_id=ClaimFactory().pk, article_id=article.pk, quote="the city's budget is balanced"
    )

    assert_status(response, 400)
    [message] = response.json()["fields"]["quote"]
    assert "not in the article body" in message
    assert "the city's budget was balanced" in message
    assert not Appearance.objects.exists()


def test_a_quote_of_other_words_is_400_without_a_near_match(editor_api):
    article = ArticleFactory(body=BODY)

    response = post_appearance(
        editor_api, claim_id=ClaimFactory().pk, article_id=article.pk, quote="Quantum chromodynamics rules"
    )

    assert_status(response, 400)
    [message] = response.json()["fields"]["quote"]
    assert "not in the article body" in message and "closest" not in message


def test_an_article_without_a_body_takes_quotes_without_offsets(editor_api):
    article = ArticleFactory(body="")

    response = post_appearance(editor_api, claim_id=ClaimFactory().pk, article_id=article.pk, quote="Anything at all")

    assert_status(response, 201)
    assert (response.json()["start"], response.json()["end"]) == (None, None)


def test_claim_create_locates_a_typographic_quote(editor_api):
    article = ArticleFactory(body=BODY)

    response = editor_api.post(
        "/api/claims/",
        {
            "text": "The budget is balanced",
            "speaker_id": SpeakerFactory().pk,
            "article_id": article.pk,
            "quote": "the city\u2019s budget",
        },
        format="json",
    )

    assert_status(response, 201)
    [appearance] = Claim.objects.get().appearances.all()
    assert (appearance.quote, appearance.start) == ("the city's budget", BODY.index("the city's"))


def test_claim_create_with_a_quote_not_in_the_body_writes_nothing(editor_api):
    article = ArticleFactory(body=BODY)

    response = editor_api.post(
        "/api/claims/",
        {"text": "x", "speaker_id": SpeakerFactory().pk, "article_id": article.pk, "quote": "never said this"},
        format="json",
    )

    assert_status(response, 400)
    assert "quote" in response.json()["fields"]
    assert not Claim.objects.exists()


def test_changing_the_quote_finds_its_offsets_again(editor_api):
    appearance = AppearanceFactory(article=ArticleFactory(body=BODY), quote="The mayor said", start=0, end=14)
    assert (appearance.start, appearance.end) == (0, 14)

    response = editor_api.patch(f"/api/appearances/{appearance.pk}/", {"quote": "Critics called it"}, format="json")

    assert_status(response, 200)
    appearance.refresh_from_db()
    assert (appearance.start, appearance.end) == (BODY.index("Critics"), BODY.index("Critics") + 17)


def test_explicit_offsets_are_still_checked_on_change(editor_api):
    appearance = AppearanceFactory(article=ArticleFactory(body=BODY), quote="The mayor said", start=0, end=14)

    response = editor_api.patch(
        f"/api/appearances/{appearance.pk}/", {"quote": "Critics called it", "start": 0, "end": 17}, format="json"
    )

    assert_status(response, 400)
    assert "do not point at the quote" in response.json()["fields"]["start"][0]


def test_explicit_offsets_with_a_typographic_quote_store_the_body_text(editor_api):
    article = ArticleFactory(body=BODY)
    start = BODY.index("city's")

    response = post_appearance(
        editor_api, claim_id=ClaimFactory().pk, article_id=article.pk, quote="city\u2019s", start=start, end=start + 6
    )

    assert_status(response, 201)
    assert response.json()["quote"] == "city's"


# --- admin -----------------------------------------------------------------------------------------


def inline_data(claim, appearances, **fields):
    data = {
        "text": claim.text,
        "speaker": claim.speaker_id,
        "claimed_at": claim.claimed_at.isoformat() if claim.claimed_at else "",
        "context": claim.context,
        "status": claim.status,
        "language": claim.language,
        "loaded_version": row_version(claim.updated_at),
        "appearances-TOTAL_FORMS": str(len(appearances)),
        "appearances-INITIAL_FORMS": str(sum(1 for a in appearances if a.get("id"))),
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for n, appearance in enumerate(appearances):
        for name, value in appearance.items():
            data[f"appearances-{n}-{name}"] = value
    data.update(fields)
    return data


def change_claim(client, claim, appearances):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    return client.post(url, inline_data(claim, appearances))


def test_admin_a_curly_apostrophe_is_saved_with_exact_offsets(editor_client):
    claim = ClaimFactory()
    article = ArticleFactory(body=BODY)

    response = change_claim(
        editor_client,
        claim,
        [{"article": article.pk, "quote": "the city\u2019s budget", "is_direct_quote": "on", "claim": claim.pk}],
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    appearance = claim.appearances.get()
    assert (appearance.quote, appearance.start, appearance.end) == (
        "the city's budget",
        BODY.index("the city's"),
        BODY.index("the city's") + 17,
    )


def test_admin_a_quote_not_in_the_body_is_a_form_error_showing_the_near_match(editor_client):
    claim = ClaimFactory()
    article = ArticleFactory(body=BODY)

    response = change_claim(
        editor_client, claim, [{"article": article.pk, "quote": "the citys budget was balanced", "claim": claim.pk}]
    )

    assert response.status_code == 200
    [errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert "not in the article body" in errors["quote"][0]
    assert "the city's budget was balanced" in errors["quote"][0]
    assert not claim.appearances.exists()


def test_admin_editing_an_existing_quote_finds_its_offsets_again(editor_client):
    appearance = AppearanceFactory(article=ArticleFactory(body=BODY), quote="The mayor said", start=0, end=14)
    claim = appearance.claim

    response = change_claim(
        editor_client,
        claim,
        [
            {
                "id": appearance.pk,
                "claim": claim.pk,
                "article": appearance.article_id,
                "quote": "Critics called it \u201ca fiction\u201d",
                "is_direct_quote": "on",
                "start": appearance.start,
                "end": appearance.end,
            }
        ],
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    appearance.refresh_from_db()
    assert appearance.quote == 'Critics called it "a fiction"'
    assert BODY[appearance.start : appearance.end] == appearance.quote


def test_admin_appearance_form_relocates_a_changed_quote(editor_client):
    appearance = AppearanceFactory(article=ArticleFactory(body=BODY), quote="The mayor said", start=0, end=14)
    url = reverse("admin:claims_appearance_change", args=[appearance.pk])

    response = editor_client.post(
        url,
        {
            "claim": appearance.claim_id,
            "article": appearance.article_id,
            "quote": "budget was balanced",
            "is_direct_quote": "on",
            "start": "0",
            "end": "14",
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    appearance.refresh_from_db()
    assert (appearance.start, appearance.quote) == (BODY.index("budget"), "budget was balanced")


# --- ClaimReview import and the demo loader ----------------------------------------------------------


def import_document(document):
    return claimreview_import(parsed=parse(document))


def review(claim_text: str, article_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checkers.example/reviews/budget",
        "datePublished": "2024-03-02",
        "claimReviewed": claim_text,
        "author": {"@type": "Organization", "name": "Checkers", "url": "https://checkers.example/"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "The Mayor"},
            "appearance": [{"@type": "CreativeWork", "url": article_url}],
        },
    }


def test_import_locates_the_claim_in_a_known_article_body():
    article = ArticleFactory(body=BODY)

    report = import_document(review("the city\u2019s budget was balanced.", article.url))

    assert (report.created, report.errors, report.warnings) == (1, [], [])
    [appearance] = Appearance.objects.filter(article=article)
    assert (appearance.quote, appearance.start) == ("the city's budget was balanced.", BODY.index("the city's"))


def test_import_records_no_appearance_where_the_body_does_not_print_the_claim():
    article = ArticleFactory(body=BODY)

    report = import_document(review("Budgets were cut by half.", article.url))

    assert (report.created, report.errors) == (1, [])
    [warning] = report.warnings
    assert "does not print the claim" in warning["reason"] and article.url in warning["reason"]
    assert not Appearance.objects.filter(article=article).exists()
    assert Verdict.objects.filter(url="https://checkers.example/reviews/budget").exists()


def test_import_report_warnings_are_in_the_api_answer(editor):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    editor.user_permissions.add(*Permission.objects.filter(codename__in=["add_verdict", "change_verdict"]))
    client = APIClient()
    client.force_authenticate(editor)
    article = ArticleFactory(body=BODY)

    response = client.post("/api/claimreview/import/", review("Budgets were cut by half.", article.url), format="json")

    assert_status(response, 200)
    assert [w["position"] for w in response.json()["warnings"]] == ["$"]


def test_demo_loader_locates_quotes_pasted_with_typographic_marks(monkeypatch):
    demo = next(claim for claim in idlib.CLAIMS if any("'" in a.quote for a in claim.appearances))
    printed = next(a.quote for a in demo.appearances if "'" in a.quote)
    # The shipped quotes as someone might retype them: curly apostrophes, a doubled space.
    retyped = tuple(
        dataclasses.replace(a, quote=a.quote.replace("'", "\u2019").replace(" ", "  ", 1)) for a in demo.appearances
    )
    assert printed not in [a.quote for a in retyped]
    claims = [dataclasses.replace(c, appearances=retyped) if c is demo else c for c in idlib.CLAIMS]
    monkeypatch.setattr(idlib, "CLAIMS", claims)

    call_command("load_demo", stdout=StringIO())

    appearance = Appearance.objects.get(claim__text=demo.text, quote=printed)
    assert idlib.ARTICLE["body"][appearance.start : appearance.end] == printed
    call_command("load_demo", stdout=StringIO())  # idempotent: the stored body text is recognised
    assert Appearance.objects.filter(claim__text=demo.text).count() == len(demo.appearances)
