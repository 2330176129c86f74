import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Publisher

from ..factories import ArticleFactory, PublisherFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("HTTPS://News.Example.COM/Path/Story", "https://news.example.com/Path/Story"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("http://news.example.com:80/a", "http://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://news.example.com:80/a", "https://news.example.com:80/a"),
        ("https://news.example.com/a#comments", "https://news.example.com/a"),
        (
            "https://news.example.com/a?utm_source=tw&z=1&UTM_Medium=x&a=2&fbclid=abc",
            "https://news.example.com/a?z=1&a=2",
        ),
        ("https://news.example.com/a?utm_campaign=x", "https://news.example.com/a"),
        ("  https://news.example.com/CaseKept?ID=Q  ", "https://news.example.com/CaseKept?ID=Q"),
    ],
)
def test_article_url_is_stored_normalised(raw, stored):
    article = ArticleFactory(url=raw)

    article.refresh_from_db()
    assert article.url == stored


def test_full_clean_normalises_the_url_before_saving():
    article = Article(
        url="HTTPS://News.Example.com:443/Story?b=2&utm_source=x&a=1#top",
        title="A story",
        publisher=PublisherFactory(),
    )

    article.full_clean()

    assert article.url == "https://news.example.com/Story?b=2&a=1"


def test_two_spellings_of_one_url_collide_in_full_clean():
    ArticleFactory(url="https://news.example.com/story?id=7")
    duplicate = Article(
        url="HTTPS://NEWS.example.com:443/story?id=7&utm_source=newsletter#top",
        title="Same story",
        publisher=PublisherFactory(),
    )

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict["url"] == ["An article with this URL (after normalisation) already exists."]


def test_different_query_parameters_are_different_articles():
    ArticleFactory(url="https://news.example.com/story?id=7")
    other = Article(url="https://news.example.com/story?id=8", title="Other", publisher=PublisherFactory())

    other.full_clean()  # no ValidationError


def test_the_database_rejects_a_duplicate_url_written_by_update():
    first = ArticleFactory(url="https://news.example.com/a")
    second = ArticleFactory(url="https://news.example.com/b")

    with transaction.atomic(), pytest.raises(IntegrityError):
        Article.objects.filter(pk=second.pk).update(url=first.url)


def test_the_database_rejects_a_duplicate_url_written_by_bulk_create():
    first = ArticleFactory(url="https://news.example.com/a")

    with transaction.atomic(), pytest.raises(IntegrityError):
        Article.objects.bulk_create([Article(url=first.url, title="Copy", publisher=first.publisher)])


@pytest.mark.parametrize(
    "raw",
    [
        "https://news.example.com/a#frag",
        "https://news.example.com/a?utm_source=x",
        "https://news.example.com/a?id=1&utm_medium=y",
    ],
)
def test_the_database_rejects_an_unnormalised_url(raw):
    article = ArticleFactory(url="https://news.example.com/a")

    with transaction.atomic(), pytest.raises(IntegrityError, match="articles_article_url_normalised"):
        Article.objects.filter(pk=article.pk).update(url=raw)


def test_publisher_slug_is_generated_from_the_name_and_made_unique():
    first = Publisher.objects.create(name="Pakistan Point News")
    second = Publisher.objects.create(name="Pakistan Point News!")
    third = Publisher.objects.create(name="pakistan point  news?")

    assert (first.slug, second.slug, third.slug) == (
        "pakistan-point-news",
        "pakistan-point-news-2",
        "pakistan-point-news-3",
    )


def test_publisher_slug_is_kept_when_given_and_on_later_saves():
    publisher = Publisher.objects.create(name="Sputnik", slug="sputnik-news")
    publisher.name = "Sputnik International"
    publisher.save()

    publisher.refresh_from_db()
    assert publisher.slug == "sputnik-news"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("PakistanPoint.com", "pakistanpoint.com"),
        ("https://www.PakistanPoint.com/en/story/1", "www.pakistanpoint.com"),
        ("pakistanpoint.com.", "pakistanpoint.com"),
        ("  pakistanpoint.com/en  ", "pakistanpoint.com"),
    ],
)
def test_publisher_domain_is_normalised(raw, stored):
    publisher = Publisher.objects.create(name="Pakistan Point", domain=raw)

    publisher.refresh_from_db()
    assert publisher.domain == stored


def test_publisher_domain_is_unique_in_full_clean():
    PublisherFactory(domain="pakistanpoint.com")
    other = Publisher(name="Another outlet", domain="https://PakistanPoint.com/")

    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()

    assert "Another publisher already has this domain." in excinfo.value.messages


def test_publisher_domain_is_unique_in_the_database():
    PublisherFactory(domain="pakistanpoint.com")

    with transaction.atomic(), pytest.raises(IntegrityError, match="unique_domain"):
        Publisher.objects.create(name="Another outlet", domain="PakistanPoint.com")


def test_several_publishers_may_have_no_domain():
    for name in ("A ministry", "A blog", "A newsletter"):
        publisher = Publisher(name=name, domain="")
        publisher.full_clean()
        publisher.save()

    assert Publisher.objects.filter(domain="").count() == 3


def test_publisher_name_is_unique():
    PublisherFactory(name="Sputnik")

    with pytest.raises(ValidationError) as excinfo:
        Publisher(name="Sputnik").full_clean()

    assert "name" in excinfo.value.message_dict
