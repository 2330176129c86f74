"""Read vocabulary for publishers and articles, and the counting helper every app's
querysets share (articles is the lowest domain app, so claims can use it without articles
depending on claims)."""

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_related(model: type[models.Model], field: str) -> Coalesce:
    """How many ``model`` rows point at the outer row through ``field``, 0 when none.

    A correlated subquery per listed row, not a JOIN + GROUP BY over the whole table, so a
    page of 50 costs 50 index lookups at any size. ``COUNT(*)`` rather than ``COUNT(id)``:
    an index on ``field`` answers it without reading the table."""
    counted = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class PublisherQuerySet(models.QuerySet):
    def with_article_count(self):
        """Annotate ``article_count``."""
        from .models import Article

        return self.annotate(article_count=count_related(Article, "publisher"))
