import django_filters

from api.filters import StableOrderingFilter, StrictFilterSet, UTCDateTimeFilter

from .models import Article, Publisher, normalize_url


class PublisherFilterSet(StrictFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Publishers whose name contains this text.")
    domain = django_filters.CharFilter(
        lookup_expr="iexact", label="Publisher with this domain (e.g. pakistanpoint.com)."
    )

    class Meta:
        model = Publisher
        fields = ("name", "domain")


class ArticleFilterSet(StrictFilterSet):
    publisher = django_filters.ModelChoiceFilter(
        queryset=Publisher.objects.all(), label="Articles by this publisher (id)."
    )
    url = django_filters.CharFilter(method="filter_url", label="The article at this URL (normalised before comparing).")
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

    def filter_url(self, queryset, name, value):
        return queryset.filter(url=normalize_url(value))
