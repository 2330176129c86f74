"""Articles newest first with undated ones last (issue 11): the default ordering and
``?ordering=-published_at`` agree, and an index serves both, with and without the
publisher filter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import ArticleFactory, PublisherFactory

pytestmark = pytest.mark.django_db


def at(year):
    return datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)


def ids(api_client, **params):
    response = api_client.get("/api/articles/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def three_articles():
    undated = ArticleFactory(published_at=None)
    old = ArticleFactory(published_at=at(2017), publisher=undated.publisher)
    new = ArticleFactory(published_at=at(2019), publisher=undated.publisher)
    ArticleFactory(published_at=at(2018))  # another publisher
    return new, old, undated


def test_newest_first_puts_undated_articles_last(api_client, three_articles):
    new, old, undated = three_articles
    assert ids(api_client, publisher=new.publisher_id) == [new.pk, old.pk, undated.pk]
    assert ids(api_client, publisher=new.publisher_id, ordering="-published_at") == [new.pk, old.pk, undated.pk]
    everything = ids(api_client)
    assert everything == ids(api_client, ordering="-published_at")
    assert everything[-1] == undated.pk


def page_plan(api_client, **params) -> str:
    """The plan of the list's page query, with sequential scans and sorts priced out, so a
    small test table still shows whether an index can deliver the rows in order (with no
    such index the plan keeps its Sort)."""
    with CaptureQueriesContext(connection) as queries:
        ids(api_client, **params)
    (sql,) = [q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
    return plan


@pytest.mark.parametrize("ordering", ({}, {"ordering": "-published_at"}), ids=("default", "explicit"))
def test_newest_first_is_read_from_an_index_without_sorting(api_client, three_articles, ordering):
    plan = page_plan(api_client, **ordering)
    assert "articles_article_published_idx" in plan and "Sort" not in plan, plan

    publisher = PublisherFactory()
    plan = page_plan(api_client, publisher=publisher.pk, **ordering)
    assert "articles_article_publisher_idx" in plan and "Sort" not in plan, plan
