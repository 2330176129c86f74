from django.contrib import admin
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from claims.models import Appearance

from .models import Article, Publisher, normalize_url


class ClaimsQuotedInline(admin.TabularInline):
    """The claims this article quotes, so an editor logs them while reading it."""

    model = Appearance
    verbose_name = "claim quoted"
    verbose_name_plural = "claims quoted"
    fields = ("claim", "quote", "is_direct_quote", "start", "end")
    autocomplete_fields = ("claim",)
    extra = 1


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "article_count")
    search_fields = ("name", "domain")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "domain", "slug")

    def get_queryset(self, request):
        # A correlated subquery per listed publisher, not a JOIN + GROUP BY over all articles.
        articles = (
            Article.objects.filter(publisher=OuterRef("pk"))
            .order_by()
            .values("publisher")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Coalesce(Subquery(articles, output_field=IntegerField()), 0))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, publisher):
        return publisher.article_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "published_at")
    list_filter = ("published_at", "publisher")
    list_select_related = ("publisher",)
    search_fields = ("title", "url")
    search_help_text = "Matches titles and URLs; a pasted URL also finds its normalised form."
    autocomplete_fields = ("publisher",)
    fieldsets = (
        (None, {"fields": ("url", "title", "publisher", "published_at")}),
        ("Text", {"fields": ("body",)}),
        ("More", {"classes": ("collapse",), "fields": ("byline", "language")}),
    )
    inlines = (ClaimsQuotedInline,)
    # Editors paste links without a scheme too; assume https (Django 6's default) already.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        # URLs are stored normalised, so a URL pasted with utm_* parameters or a fragment
        # would not match as a substring.
        if term.lower().startswith(("http://", "https://")):
            matched |= queryset.filter(url=normalize_url(term))
        return matched, may_have_duplicates
