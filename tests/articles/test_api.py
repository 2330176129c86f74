import pytest

from articles.models import Article

from ..api import APIViewTestCases, assert_status
from ..factories import AppearanceFactory, ArticleFactory, PublisherFactory

pytestmark = pytest.mark.django_db


class TestPublisherAPI(APIViewTestCases):
    basename = "publisher"

    def make_object(self):
        return PublisherFactory()

    def create_payload(self):
        return {"name": "Pakistan Point News", "domain": "pakistanpoint.com"}

    def update_payload(self):
        return {"name": "Pakistan Point"}

    def test_domain_is_normalised_and_unique(self, editor_api):
        response = editor_api.post(
            "/api/publishers/", {"name": "A", "domain": "https://PakistanPoint.com/en/"}, format="json"
        )
        assert_status(response, 201)
        assert response.data["domain"] == "pakistanpoint.com"
        assert response.data["slug"] == "a"
        response = editor_api.post("/api/publishers/", {"name": "B", "domain": "pakistanpoint.com"}, format="json")
        assert_status(response, 400)
        assert "domain" in response.json()["fields"], response.json()

    def test_deleting_a_publisher_with_articles_is_409(self, editor_api):
        article = ArticleFactory()
        response = editor_api.delete(f"/api/publishers/{article.publisher_id}/")
        assert_status(response, 409)
        assert response.json()["code"] == "protected"


class TestArticleAPI(APIViewTestCases):
    basename = "article"

    def make_object(self):
        return ArticleFactory()

    def create_payload(self):
        return {
            "url": "https://www.pakistanpoint.com/en/story/1/x.html",
            "title": "Opposition in Idlib",
            "publisher_id": PublisherFactory().pk,
            "body": "Text",
            "published_at": "2018-09-07T12:00:00Z",
        }

    def update_payload(self):
        return {"title": "A better title"}

    def invalid_payload(self):
        return {"url": "not a url", "title": ""}

    def test_url_is_normalised_and_two_spellings_collide(self, editor_api):
        publisher = PublisherFactory()
        payload = {
            "url": "HTTPS://News.Example/Story?id=3&utm_source=tw#top",
            "title": "T",
            "publisher_id": publisher.pk,
        }
        response = editor_api.post("/api/articles/", payload, format="json")
        assert_status(response, 201)
        assert response.data["url"] == "https://news.example/Story?id=3"
        payload["url"] = "https://news.example/Story?id=3&utm_medium=social"
        response = editor_api.post("/api/articles/", payload, format="json")
        assert_status(response, 400)
        assert "url" in response.json()["fields"]
        assert Article.objects.count() == 1

    def test_publisher_is_nested_on_read(self, api_client):
        article = ArticleFactory()
        data = api_client.get(f"/api/articles/{article.pk}/").data
        assert data["publisher"] == {
            "id": article.publisher.pk,
            "name": article.publisher.name,
            "slug": article.publisher.slug,
            "domain": article.publisher.domain,
        }

    def test_filters(self, api_client):
        first = ArticleFactory(published_at="2018-09-01T00:00:00Z", title="Idlib battle")
        second = ArticleFactory(published_at="2018-09-10T00:00:00Z")

        def ids(**params):
            response = api_client.get("/api/articles/", params)
            assert_status(response, 200)
            return [row["id"] for row in response.data["results"]]

        assert ids(publisher=first.publisher_id) == [first.pk]
        assert ids(url=first.url.upper().replace("/ARTICLES/", "/articles/")) == [first.pk]
        assert ids(published_after="2018-09-05T00:00:00Z") == [second.pk]
        assert ids(published_before="2018-09-05T00:00:00Z") == [first.pk]
        assert ids(q="idlib") == [first.pk]
        assert ids(ordering="published_at") == [first.pk, second.pk]
        assert_status(api_client.get("/api/articles/", {"publisher": "x"}), 400)
        assert_status(api_client.get("/api/articles/", {"published_after": "yesterday"}), 400)

    def test_deleting_a_quoted_article_is_409(self, editor_api):
        appearance = AppearanceFactory()
        assert_status(editor_api.delete(f"/api/articles/{appearance.article_id}/"), 409)
