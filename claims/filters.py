import django_filters
from django.db.models import F

from api.filters import (
    ChoiceInFilter,
    IdFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    StrictFilterSet,
    UTCDateTimeFilter,
)
from articles.models import Article, Publisher

from .models import Appearance, Claim, Evidence, Rating, Speaker, Verdict


class ClaimFilterSet(StrictFilterSet):
    speaker = IdFilter(queryset=Speaker.objects.all(), label="Claims by this speaker (id).")
    speaker_slug = IdFilter(
        field_name="speaker",
        to_field_name="slug",
        queryset=Speaker.objects.all(),
        label="Claims by the speaker with this slug.",
    )
    status = ChoiceInFilter(
        choices=Claim.Status.choices,
        label="Claims in this status, or any of several comma-separated: new, in_review, checked, dismissed.",
    )
    rating = IdFilter(
        field_name="current_rating",
        to_field_name="slug",
        queryset=Rating.objects.all(),
        label="Claims whose current verdict has this rating (slug).",
    )
    # field_name documents the type; the method filters with EXISTS instead of a JOIN.
    article = IdFilter(
        field_name="appearances__article",
        queryset=Article.objects.all(),
        method="filter_article",
        label="Claims quoted in this article (id).",
    )
    publisher = IdFilter(
        field_name="appearances__article__publisher",
        queryset=Publisher.objects.all(),
        method="filter_publisher",
        label="Claims quoted in an article by this publisher (id).",
    )
    claimed_after = django_filters.DateFilter(
        field_name="claimed_at", lookup_expr="gte", label="Claimed on or after this ISO date (inclusive)."
    )
    claimed_before = django_filters.DateFilter(
        field_name="claimed_at", lookup_expr="lte", label="Claimed on or before this ISO date (inclusive)."
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label="Full-text search over claim text, quotes and speaker names; best matches first "
        'unless `ordering` is given. Supports "quoted phrases", or, and -exclusion.',
    )
    ordering = StableOrderingFilter(
        fields=("claimed_at", "created_at", "updated_at"),
        label="Sort by claimed_at, created_at or updated_at; prefix - for descending. Default -claimed_at.",
    )

    class Meta:
        model = Claim
        fields = (
            "speaker",
            "speaker_slug",
            "status",
            "rating",
            "article",
            "publisher",
            "claimed_after",
            "claimed_before",
            "q",
            "ordering",
        )

    def filter_article(self, queryset, name, article):
        return queryset.quoted_in([article.pk])

    def filter_publisher(self, queryset, name, publisher):
        return queryset.published_by([publisher.pk])

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.search(value).order_by(F("rank").desc(), F("id").desc())


class SpeakerFilterSet(StrictFilterSet):
    name = django_filters.CharFilter(
        method="filter_name", label="Speakers whose name or one of whose aliases contains this text."
    )
    slug = django_filters.CharFilter(label="The speaker with this slug.")
    kind = ChoiceInFilter(choices=Speaker.Kind.choices, label="person, organization or group (comma-separated).")

    class Meta:
        model = Speaker
        fields = ("name", "slug", "kind")

    def filter_name(self, queryset, name, value):
        return queryset.name_contains(value)


class VerdictFilterSet(StrictFilterSet):
    claim = IdFilter(queryset=Claim.objects.all(), label="Verdicts on this claim (id).")
    rating = IdFilter(to_field_name="slug", queryset=Rating.objects.all(), label="Verdicts with this rating (slug).")
    published = StrictBooleanFilter(
        field_name="published_at",
        lookup_expr="isnull",
        exclude=True,
        label="true: published verdicts only; false: drafts only (staff see drafts).",
    )
    published_after = UTCDateTimeFilter(
        field_name="published_at", lookup_expr="gte", label="Published at or after this ISO date-time."
    )
    published_before = UTCDateTimeFilter(
        field_name="published_at", lookup_expr="lte", label="Published at or before this ISO date-time."
    )

    class Meta:
        model = Verdict
        fields = ("claim", "rating", "published", "published_after", "published_before")


class EvidenceFilterSet(StrictFilterSet):
    verdict = IdFilter(
        queryset=lambda request: Verdict.objects.visible_to(request.user if request else None),
        label="Evidence for this verdict (id).",
    )
    stance = ChoiceInFilter(choices=Evidence.Stance.choices, label="supports, refutes or context (comma-separated).")

    class Meta:
        model = Evidence
        fields = ("verdict", "stance")


class AppearanceFilterSet(StrictFilterSet):
    claim = IdFilter(queryset=Claim.objects.all(), label="Appearances of this claim (id).")
    article = IdFilter(queryset=Article.objects.all(), label="Appearances in this article (id).")

    class Meta:
        model = Appearance
        fields = ("claim", "article")


class RatingFilterSet(StrictFilterSet):
    class Meta:
        model = Rating
        fields = ()
