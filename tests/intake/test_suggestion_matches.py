""" "Checked before?" on extraction suggestions (issue 16): each pending suggestion carries its
best match among checked claims at or above the suggest threshold, found when suggestions
are created or refreshed (all texts embedded in one model call); drafts are never matched;
the API and the admin changelist show the match with its rating."""

import pytest

from intake import services
from intake.models import Suggestion
from matching import embedding, vectors

from ..api import assert_status
from ..factories import ArticleFactory, ClaimFactory, VerdictFactory, published_verdict, rating

BODY = (
    "Bridge to reopen in May\n\n"
    'Mayor Ana Ruiz said the bridge would reopen in May. "We have fixed every cable," she told reporters.\n\n'
    "The transport board warned that tolls would rise next year.\n"
)
CHECKED = "The city's main bridge will reopen to traffic in May."
UNRELATED = "Vaccines given to children contain tracking microchips."

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(django_capture_on_commit_callbacks):
    """make(text, rating_slug) -> a claim with a published verdict, embedded as after a commit."""

    def make(text, rating_slug="mostly-true"):
        with django_capture_on_commit_callbacks(execute=True):
            claim = ClaimFactory(text=text)
            published_verdict(claim=claim, rating=rating(rating_slug), summary="Checked by the desk.")
        claim.refresh_from_db()
        return claim

    return make


def by_quote(article):
    return {s.quote: s for s in Suggestion.objects.filter(article=article).select_related("similar_claim")}


def test_a_suggestion_carries_its_best_checked_match(checked, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.5
    bridge = checked(CHECKED)
    checked(UNRELATED, "false")
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    found = by_quote(article)
    match = found["the bridge would reopen in May"]
    assert match.similar_claim_id == bridge.pk
    assert match.similarity >= 0.5
    # Nothing checked is about tolls or cables: no match rather than the least bad one.
    assert found["tolls would rise next year"].similar_claim_id is None
    assert found["tolls would rise next year"].similarity is None


def test_the_suggest_threshold_is_respected(checked, settings):
    checked(CHECKED)
    settings.MATCHING_SUGGEST_THRESHOLD = 5.0  # above any score
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    assert {s.similar_claim_id for s in by_quote(article).values()} == {None}


def test_a_claim_with_only_a_draft_verdict_is_never_the_match(django_capture_on_commit_callbacks, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.3
    with django_capture_on_commit_callbacks(execute=True):
        draft = ClaimFactory(text="The bridge would reopen in May, said Mayor Ana Ruiz.")
        VerdictFactory(claim=draft, rating=rating("false"))
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    assert {s.similar_claim_id for s in by_quote(article).values()} == {None}


def test_extracting_again_refreshes_the_match(checked, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.5
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    assert by_quote(article)["the bridge would reopen in May"].similar_claim_id is None
    bridge = checked(CHECKED)  # checked after the article came in
    services.article_extract(article)
    assert by_quote(article)["the bridge would reopen in May"].similar_claim_id == bridge.pk


def test_all_suggestion_texts_go_through_the_model_in_one_call(checked, monkeypatch, settings):
    if not vectors.available():
        pytest.skip("needs pgvector: without it nothing is embedded")
    checked(CHECKED)
    calls = []
    real = embedding.embed

    def counting(texts):
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(embedding, "embed", counting)
    monkeypatch.setattr(embedding, "embed_one", lambda text: pytest.fail("one text embedded on its own"))
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    pending = Suggestion.objects.filter(article=article, state="pending")
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(s.text for s in pending)


def test_the_api_shows_the_match_with_its_rating(editor_api, checked, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.5
    bridge = checked(CHECKED)
    article = ArticleFactory(body=BODY)
    services.article_extract(article)
    response = editor_api.get(f"/api/suggestions/?article={article.pk}")
    assert_status(response, 200)
    rows = {row["quote"]: row for row in response.data["results"]}
    row = rows["the bridge would reopen in May"]
    assert row["similar_claim_id"] == bridge.pk
    assert row["similar_claim"] == {
        "id": bridge.pk,
        "text": CHECKED,
        "rating": {"slug": "mostly-true", "label": "Mostly true"},
        "verdict_url": bridge.current_verdict.url,
        "publisher": "Claim Tracker Demo Desk",
    }
    assert row["similarity"] >= 0.5
    assert row["similar_level"] == "suggest"  # seven words: never strong
    assert rows["tolls would rise next year"]["similar_claim"] is None
    assert rows["tolls would rise next year"]["similar_level"] is None
    # The extract endpoint answers with the same representation.
    extracted = editor_api.post(f"/api/articles/{article.pk}/extract/")
    assert_status(extracted, 200)
    assert {r["quote"]: r["similar_claim_id"] for r in extracted.data}["the bridge would reopen in May"] == bridge.pk


def test_the_schema_documents_the_match(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    suggestion = schema["components"]["schemas"]["Suggestion"]["properties"]
    assert {"similar_claim_id", "similar_claim", "similarity", "similar_level"} <= set(suggestion)
    assert "suggest threshold" in suggestion["similar_claim_id"]["description"]


def test_the_admin_changelist_shows_checked_before(editor_client, checked, settings):
    settings.MATCHING_SUGGEST_THRESHOLD = 0.5
    bridge = checked(CHECKED)
    services.article_extract(ArticleFactory(body=BODY))
    page = editor_client.get("/admin/intake/suggestion/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Checked before?" in html  # the column header
    assert f'href="/admin/claims/claim/{bridge.pk}/change/"' in html
    assert "Mostly true" in html
