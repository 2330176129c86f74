import django_filters
from django import forms

from api.filters import IdFilter, StableOrderingFilter, StrictFilterSet, UTCDateTimeFilter

from .models import Article, Publisher, normalize_url


class NormalizedURLField(forms.CharField):
    """An article URL in its stored (normalised) form; one that does not parse is a 400."""

    def clean(self, value):
        value = super().clean(value)
        return normalize_url(value) if value else value


class URLFilter(django_filters.CharFilter):
    field_class = NormalizedURLField


class PublisherFilterSet(StrictFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Publishers whose name contains this text.")
    domain = django_filters.CharFilter(
        lookup_expr="iexact", label="Publisher with this domain (e.g. pakistanpoint.com)."
    )

    class Meta:
        model = Publisher
        fields = ("name", "domain")


class ArticleFilterSet(StrictFilterSet):
    publisher = IdFilter(queryset=Publisher.objects.all(), label="Articles by this publisher (id).")
    url = URLFilter(label="The article at this URL (normalised before comparing).")
    published_after = UTCDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="Published at or after this ISO date-time.",
    )
    published_before = UTCDateTimeFilter(
        field_name="published_at",
        lookup_expr="lte",
        label="Published at or before this ISO date-time.",
    )
    language = django_filters.CharFilter(label="Articles in this language (BCP 47 tag).")
    q = django_filters.CharFilter(
        field_name="title",
        lookup_expr="icontains",
        label="Articles whose title contains this text.",
    )
    ordering = StableOrderingFilter(
        fields=("published_at", "created_at"),
        label="Sort by published_at or created_at; prefix - for descending.",
    )

    class Meta:
        model = Article
        fields = (
            "publisher",
            "url",
            "published_after",
            "published_before",
            "language",
            "q",
            "ordering",
        )
