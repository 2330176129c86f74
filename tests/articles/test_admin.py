"""The publisher and article admin as an Editors user. Query counts and the forms every
admin opens are covered once for all models in tests/claims/test_admin.py."""

import pytest
from django.urls import reverse

from articles.admin import PublisherAdmin
from articles.models import Article, Publisher

from ..factories import ArticleFactory, ClaimFactory, PublisherFactory

pytestmark = pytest.mark.django_db


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return list(response.context["cl"].result_list)


def article_form_data(article, **overrides):
    data = {
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher_id,
        "published_at_0": article.published_at.date().isoformat() if article.published_at else "",
        "published_at_1": article.published_at.time().isoformat() if article.published_at else "",
        "body": article.body,
        "byline": article.byline,
        "language": article.language,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_editor_logs_a_quoted_claim_while_reading_the_article(editor_client):
    article = ArticleFactory()
    claim = ClaimFactory()
    quote = "unemployment fell by half last year"

    response = editor_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(
            article,
            **{
                "appearances-TOTAL_FORMS": "1",
                "appearances-0-claim": claim.pk,
                "appearances-0-quote": quote,
                "appearances-0-is_direct_quote": "on",
            },
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    appearance = article.appearances.get()
    assert appearance.claim == claim
    assert article.body[appearance.start : appearance.end] == quote


def test_claim_autocomplete_on_the_article_page_finds_claims_by_text(editor_client):
    wanted = ClaimFactory(text="Unemployment fell by half")
    ClaimFactory(text="Exports doubled")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "appearance", "field_name": "claim", "term": "half"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


def test_article_search_matches_title_and_a_pasted_url_with_tracking(editor_client):
    article = ArticleFactory(url="https://pakistanpoint.com/en/story/1", title="Envoy warns on Aleppo")
    ArticleFactory(title="Something else")

    def search(term):
        return listed(editor_client.get(admin_url(Article), {"q": term}))

    assert search("aleppo") == [article]
    assert search("https://PakistanPoint.com/en/story/1?utm_source=twitter#top") == [article]


def test_publisher_changelist_counts_articles_and_sorts_by_them(editor_client):
    quiet = PublisherFactory(name="A quiet outlet")
    busy = PublisherFactory(name="Z busy outlet")
    ArticleFactory.create_batch(3, publisher=busy)

    # Column 0 is the action checkbox.
    article_count_column = PublisherAdmin.list_display.index("article_count") + 1
    rows = listed(editor_client.get(admin_url(Publisher), {"o": f"-{article_count_column}"}))

    assert rows == [busy, quiet]
    assert [row.article_count for row in rows] == [3, 0]


def test_publisher_search_matches_name_and_domain(editor_client):
    point = PublisherFactory(name="Pakistan Point", domain="pakistanpoint.com")
    PublisherFactory(name="Sputnik", domain="sputniknews.com")

    assert listed(editor_client.get(admin_url(Publisher), {"q": "pakistan"})) == [point]
    assert listed(editor_client.get(admin_url(Publisher), {"q": "pointcom"})) == []
    assert listed(editor_client.get(admin_url(Publisher), {"q": "point.com"})) == [point]


def test_publisher_added_without_a_slug_gets_one(editor_client):
    response = editor_client.post(
        admin_url(Publisher, "add"), {"name": "Pakistan Point", "domain": "https://PakistanPoint.com/", "slug": ""}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    publisher = Publisher.objects.get()
    assert publisher.slug == "pakistan-point"
    assert publisher.domain == "pakistanpoint.com"


def test_an_article_pasted_without_a_scheme_is_stored_as_https(editor_client):
    publisher = PublisherFactory()

    response = editor_client.post(
        admin_url(Article, "add"),
        article_form_data(
            Article(url="PakistanPoint.com/en/story/2?utm_source=x", title="Envoy warns", publisher=publisher),
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().url == "https://pakistanpoint.com/en/story/2"
