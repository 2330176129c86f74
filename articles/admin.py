from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import Article, Publisher, normalize_url


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows (``SELECT count(*) FROM (... LIMIT cap + 1)``): the
    changelist counts the filtered rows on every view, even with ``show_full_result_count
    = False``, and at a million claims that count was much of the page (issue 11). Past the
    cap the page says "more than 10,000" (``templates/admin/<app>/pagination.html``)."""

    cap = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.cap


class ArchiveAdminMixin:
    """For the tables that grow to hundreds of thousands of rows (articles, claims,
    appearances, verdicts, evidence): 50 rows a page (rendering rows, not fetching them, is
    most of a changelist's cost), a capped count, and no second count of the whole table.
    The claim changelist at 1M claims: 369 ms -> 179 ms p50 (bench/README.md)."""

    list_per_page = 50
    paginator = CappedCountPaginator
    show_full_result_count = False


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "article_count")
    search_fields = ("name", "domain")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "domain", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, publisher):
        return publisher.article_count


@admin.register(Article)
class ArticleAdmin(ArchiveAdminMixin, admin.ModelAdmin):
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
    # The claims-quoted inline and the reading view come from intake (intake.admin), which
    # registers its extension of this class: articles knows nothing of claims.

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        # URLs are stored normalised, so a URL pasted with utm_* parameters or a fragment
        # would not match as a substring.
        if term.lower().startswith(("http://", "https://")):
            matched |= queryset.filter(url=normalize_url(term))
        return matched, may_have_duplicates
