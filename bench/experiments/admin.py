"""Prototype: the claim changelist at archive size. Three changes to ``claims.admin``:

- ``list_per_page = 50``: most of the page's cost is rendering rows (and their action
  checkboxes), not fetching them;
- no ``PublisherFilter`` in the sidebar: at 500 publishers it renders 500 links on every
  page view (an autocomplete or text filter scales);
- ``CappedCountPaginator``: the changelist counts the filtered claims on every view even
  with ``show_full_result_count = False``; past 10,000 it stops counting.
"""

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from claims.admin import ClaimAdmin, PublisherFilter
from claims.models import Claim


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows: ``SELECT count(*) FROM (... LIMIT cap + 1)``."""

    cap = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()


class ArchiveClaimAdmin(ClaimAdmin):
    list_per_page = 50
    list_filter = tuple(f for f in ClaimAdmin.list_filter if f is not PublisherFilter)
    paginator = CappedCountPaginator


# The real admin's registrations (autocomplete fields need them), with the claim's replaced.
site = admin.AdminSite(name="bench_admin")
for model, model_admin in admin.site._registry.items():
    site.register(model, ArchiveClaimAdmin if model is Claim else type(model_admin))
